//! apk (Alpine) inside RUN: version pins.

use super::invocations::after_subcommand;
use super::pinning::{report_unpinned, Syntax};
use crate::lint::{FixSafety, Rule};
use crate::report::Severity;
use crate::shell::{Command, Word};

/// apk options that take the next word as their value.
const WITH_VALUE: &[&str] = &[
    "-t",
    "--virtual",
    "-X",
    "--repository",
    "-p",
    "--root",
    "--arch",
    "--cache-dir",
    "--keys-dir",
    "--repositories-file",
];

fn packages(cmd: &Command) -> Vec<&Word> {
    if cmd.program() != Some("apk") {
        return Vec::new();
    }
    after_subcommand(cmd.args(), &["add"], WITH_VALUE).unwrap_or_default()
}

pub static LL518: Rule = Rule {
    id: "LL518",
    name: "apk-unpinned-package",
    aliases: &["DL3018"],
    related: &[],
    severity: Severity::Warning,
    title: "apk add without package versions",
    why: "Without `name=version`, each build installs whatever the Alpine mirror has that day: \
          builds stop being reproducible and a rebuild of an unchanged Dockerfile makes new \
          layers for every node to pull.",
    bad: "FROM alpine:3.20\nRUN apk add --no-cache curl\n",
    good: "FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r1\n",
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: |ctx, out| {
        report_unpinned(
            ctx,
            out,
            &LL518,
            Syntax::Apk,
            packages,
            "install `name=version` (or `name~major.minor` to follow patch releases)",
        );
    },
};

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::findings;

    fn spans(text: &str) -> Vec<String> {
        findings(text, "LL518")
            .iter()
            .map(|f| text[f.span.start.offset..f.span.end.offset].to_string())
            .collect()
    }

    #[test]
    fn unpinned_packages_skip_virtual_names_and_repositories() {
        let text = "FROM alpine:3.20\nRUN apk add --no-cache --virtual .build-deps \\\n    -X https://dl-cdn.alpinelinux.org/alpine/edge/testing gcc=13.2 musl-dev\n";
        assert_eq!(spans(text), ["musl-dev"]);
        let f = &findings(text, "LL518")[0];
        assert_eq!((f.span.start.line, f.span.start.column), (3, 68));
    }

    #[test]
    fn pins_and_files_pass() {
        for run in [
            "apk add curl=8.9.1-r1 'git~2.45' /tmp/x.apk",
            "apk add --no-cache",
            "apk del curl",
            "apk update",
        ] {
            let text = format!("FROM alpine:3.20\nRUN {run}\n");
            assert!(spans(&text).is_empty(), "{run}");
        }
    }
}
