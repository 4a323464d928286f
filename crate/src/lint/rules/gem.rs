//! gem (RubyGems) inside RUN: version pins.

use crate::lint::pinning::report_unpinned;
use crate::lint::tools::gem;
use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::Severity;

pub static LL528: Rule = Rule {
    id: "LL528",
    name: "gem-unpinned-package",
    aliases: &["DL3028"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("gem install without a version"),
    why: doc!(
        "`gem install name` installs the newest release at build time: builds stop being \
          reproducible and an unchanged Dockerfile can produce a different image."
    ),
    bad: doc!("FROM ruby:3.3-slim\nRUN gem install bundler\n"),
    good: doc!("FROM ruby:3.3-slim\nRUN gem install bundler:2.5.22\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: gem_install_without_versions,
};

fn gem_install_without_versions(ctx: &Context, out: &mut Findings) {
    report_unpinned(
        ctx,
        out,
        &LL528,
        gem::packages,
        gem::is_pinned,
        "install `name:version` or add `-v version`",
    );
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::lint;

    #[test]
    fn unpinned_gems_are_found() {
        let bad = "FROM ruby:3.3\nRUN gem install --no-document -i /gems rails bundler:2.5\n";
        lint("LL528", bad).fails_at(&["rails"]);
    }

    #[test]
    fn versions_pass() {
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
            lint("LL528", &format!("FROM ruby:3.3\nRUN {run}\n")).passes();
        }
    }
}
