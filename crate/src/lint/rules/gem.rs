//! gem (RubyGems) inside RUN: version pins.

use super::invocations::after_subcommand;
use super::pinning::{report_unpinned, Syntax};
use crate::lint::{FixSafety, Rule};
use crate::report::Severity;
use crate::shell::{Command, Word};

/// gem options that take the next word as their value.
const WITH_VALUE: &[&str] = &[
    "-v",
    "--version",
    "-i",
    "--install-dir",
    "-n",
    "--bindir",
    "--source",
    "-P",
    "--trust-policy",
    "--platform",
    "-g",
    "--file",
    "--build-root",
    "--document",
    "--config-file",
];

/// The gems of `gem install` (or `gem i`), unless `-v`/`--version` gives the version. What
/// follows `--` is for the gem's native build (`-- --with-pg-config=…`), and a `true`/`false`
/// after an option is its value, not a gem.
fn packages(cmd: &Command) -> Vec<&Word> {
    if cmd.program() != Some("gem") || cmd.has_flag(&["-v", "--version"]) {
        return Vec::new();
    }
    let args = cmd.args();
    let args = &args[..args
        .iter()
        .position(|w| w.value == "--")
        .unwrap_or(args.len())];
    let option_value = |w: &Word| {
        let at = args.iter().position(|a| std::ptr::eq(a, w));
        matches!(w.value.as_str(), "true" | "false")
            && at.is_some_and(|k| k > 0 && args[k - 1].value.starts_with('-'))
    };
    after_subcommand(args, &["install", "i"], WITH_VALUE)
        .unwrap_or_default()
        .into_iter()
        .filter(|w| !option_value(w))
        .collect()
}

pub static LL528: Rule = Rule {
    id: "LL528",
    name: "gem-unpinned-package",
    aliases: &["DL3028"],
    related: &[],
    severity: Severity::Warning,
    title: "gem install without a version",
    why: "`gem install name` installs the newest release at build time: builds stop being \
          reproducible and an unchanged Dockerfile can produce a different image.",
    bad: "FROM ruby:3.3-slim\nRUN gem install bundler\n",
    good: "FROM ruby:3.3-slim\nRUN gem install bundler:2.5.22\n",
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: |ctx, out| {
        report_unpinned(
            ctx,
            out,
            &LL528,
            Syntax::Gem,
            packages,
            "install `name:version` or add `-v version`",
        );
    },
};

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::findings;

    #[test]
    fn unpinned_gems_are_found_and_versions_pass() {
        let bad = "FROM ruby:3.3\nRUN gem install --no-document -i /gems rails bundler:2.5\n";
        let f = findings(bad, "LL528");
        assert_eq!(f.len(), 1);
        assert_eq!(&bad[f[0].span.start.offset..f[0].span.end.offset], "rails");
        for run in [
            "gem install rails -v 7.1.0",
            "gem install rails --version=7.1.0",
            "gem i rails:7.1.0",
            "gem install ./pkg/x-1.0.gem",
            "gem update --system",
            // hadolint's DL3028Spec: build flags after `--`, an option's boolean value
            "gem install bundler:2.0.1 -- --use-system-libraries=true",
            "gem install bundler:2.0.1 -- --use-system-libraries true",
            "gem install bundler:2.0.1 --use-system-libraries true",
        ] {
            let text = format!("FROM ruby:3.3\nRUN {run}\n");
            assert!(findings(&text, "LL528").is_empty(), "{run}");
        }
    }
}
