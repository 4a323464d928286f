//! Fragments: a few lines with no FROM (pasted into the page, or hadolint's own spec cases,
//! `RUN dnf install -y mariadb-10.4`). BuildKit rejects them (LL010), but the lines are still
//! worth checking, so the rules see them as if they followed a FROM: an assumed FROM with no
//! image is put before the first instruction. It has no text (zero-width spans at the start of
//! the file, so the comments above the first instruction stay that instruction's), and
//! nothing found on it is reported.

use crate::report::{Finding, Span};
use crate::syntax::{Args, Dockerfile, Instruction, Kind};
use std::borrow::Cow;

/// The file the rules see: `file` itself, or, when it has instructions but no FROM, a copy
/// with the assumed FROM first.
pub(crate) fn as_if_after_from(file: &Dockerfile) -> Cow<'_, Dockerfile> {
    if file.instructions.is_empty() || file.instructions.iter().any(|i| i.kind == Kind::From) {
        return Cow::Borrowed(file);
    }
    let start = file.position(0);
    let at = Span { start, end: start };
    let assumed = Instruction {
        kind: Kind::From,
        keyword: Cow::Borrowed(""),
        keyword_span: at,
        span: at,
        flags: Vec::new(),
        args: Args::Empty,
        heredocs: Vec::new(),
        start_line: start.line,
        end_line: start.line,
        line: Default::default(),
        args_range: 0..0,
        keyword_range_end: 0,
    };
    let mut with_from = file.clone();
    with_from.instructions.insert(0, assumed);
    Cow::Owned(with_from)
}

/// Whether the instruction is the assumed FROM of a fragment.
pub(crate) fn is_assumed_from(inst: &Instruction) -> bool {
    inst.kind == Kind::From && inst.keyword.is_empty()
}

/// The findings that are not about the assumed FROM (an assumed FROM has no image to tag,
/// pin or trust).
pub(crate) fn without_assumed(findings: Vec<Finding>, seen: &Dockerfile) -> Vec<Finding> {
    let Some(assumed) = seen.instructions.first().filter(|i| is_assumed_from(i)) else {
        return findings;
    };
    findings
        .into_iter()
        .filter(|f| f.span != assumed.span)
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::lint::{lint, Config};

    fn rules(text: &str) -> Vec<(String, u32)> {
        lint(text, &Config::default())
            .into_iter()
            .map(|f| (f.rule, f.span.start.line))
            .collect()
    }

    /// hadolint's specs lint fragments as they are (`RUN dnf install -y mariadb-10.4`): the
    /// lines are checked as in a stage, and LL010 still says BuildKit rejects the file.
    #[test]
    fn fragments_are_linted_as_if_they_followed_a_from() {
        let found = rules("RUN dnf install -y mariadb\n");
        assert!(found.contains(&("LL010".into(), 1)), "{found:?}");
        assert!(found.contains(&("LL541".into(), 1)), "DL3041: {found:?}");
        let with_from = rules("FROM fedora:40\nRUN dnf install -y mariadb\n");
        assert!(with_from.contains(&("LL541".into(), 2)), "{with_from:?}");
    }

    /// Nothing is reported on the assumed FROM itself (no image, so no tag, digest or
    /// registry to check), and comments and directives before the lines keep working.
    #[test]
    fn nothing_is_reported_on_the_assumed_from() {
        let text = "# hadolint ignore=DL3041\nRUN dnf install -y mariadb\n";
        let found = rules(text);
        assert!(!found.iter().any(|(r, _)| r == "LL541"), "{found:?}");
        for f in lint("USER root\n", &Config::default()) {
            assert!(
                f.span.end.offset > f.span.start.offset || f.rule == "LL010",
                "{f:?}"
            );
        }
    }

    /// The comments above a fragment's first instruction are still its own (BuildKit's
    /// description comments, per-instruction `# check=` options).
    #[test]
    fn comments_above_the_first_line_stay_with_it() {
        let config = Config {
            enable: vec!["LL720".into()],
            ..Default::default()
        };
        let found: Vec<String> = lint("# the version\nARG VERSION=1\n", &config)
            .into_iter()
            .map(|f| f.rule)
            .collect();
        assert!(found.contains(&"LL720".to_string()), "{found:?}");
    }

    #[test]
    fn empty_files_and_files_with_a_from_are_left_alone() {
        let df = crate::syntax::parse("# just a comment\n");
        assert!(matches!(
            super::as_if_after_from(&df),
            std::borrow::Cow::Borrowed(_)
        ));
        let df = crate::syntax::parse("LABEL a=b\nFROM alpine:3.20\n");
        assert!(matches!(
            super::as_if_after_from(&df),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
