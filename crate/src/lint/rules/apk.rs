//! apk (Alpine) inside RUN: version pins.

use crate::lint::pinning::report_unpinned;
use crate::lint::tools::apk;
use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::Severity;

pub static LL518: Rule = Rule {
    id: "LL518",
    name: "apk-unpinned-package",
    aliases: &["DL3018"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("apk add without package versions"),
    why: doc!(
        "Without `name=version`, each build installs whatever the Alpine mirror has that day: \
          builds stop being reproducible and a rebuild of an unchanged Dockerfile makes new \
          layers for every node to pull."
    ),
    bad: doc!("FROM alpine:3.20\nRUN apk add --no-cache curl\n"),
    good: doc!("FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r1\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: apk_add_without_versions,
};

fn apk_add_without_versions(ctx: &Context, out: &mut Findings) {
    report_unpinned(
        ctx,
        out,
        &LL518,
        apk::packages,
        apk::is_pinned,
        "install `name=version` (or `name~major.minor` to follow patch releases)",
    );
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::lint;

    #[test]
    fn unpinned_packages_skip_virtual_names_and_repositories() {
        let text = "FROM alpine:3.20\nRUN apk add --no-cache --virtual .build-deps \\\n    -X https://dl-cdn.alpinelinux.org/alpine/edge/testing gcc=13.2 musl-dev\n";
        let case = lint("LL518", text);
        case.fails_at(&["musl-dev"]);
        let start = case.findings[0].span.start;
        assert_eq!((start.line, start.column), (3, 68));
    }

    #[test]
    fn pins_and_files_pass() {
        for run in [
            "apk add curl=8.9.1-r1 'git~2.45' /tmp/x.apk",
            "apk add --no-cache",
            "apk del curl",
            "apk update",
        ] {
            lint("LL518", &format!("FROM alpine:3.20\nRUN {run}\n")).passes();
        }
    }
}
