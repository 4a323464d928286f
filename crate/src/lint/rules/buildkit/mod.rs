//! BuildKit's build checks (`docker build --check`; `moby/buildkit`,
//! `frontend/dockerfile/linter` and `dockerfile2llb`) that need no build context, one family
//! per file. Each rule's aliases hold the check's name, so `# check=skip=Name`, `skip=all` and
//! `error=true` apply to it (see [`crate::lint::pragma`]); NoEmptyContinuation is the parser's
//! LL002.
//!
//! BuildKit evaluates its checks while converting the Dockerfile, with the base images' configs
//! at hand. layerlint reads only the Dockerfile: where BuildKit would look into a base image
//! (its ENV, its SHELL), the doc of the rule says what layerlint assumes.

mod casing;
mod descriptions;
mod expose;
mod hadolint;
mod instructions;
mod platform;
mod secrets;
mod stages;
mod vars;

pub(super) use casing::{LL701, LL702, LL703};
pub(super) use descriptions::LL720;
pub(super) use expose::{LL717, LL718};
pub(super) use hadolint::{LL563, LL564};
pub(super) use instructions::{LL706, LL707, LL709, LL711, LL712};
pub(super) use platform::{LL713, LL716};
pub(super) use secrets::LL714;
pub(super) use stages::{LL704, LL705};
pub(super) use vars::{LL708, LL710, LL715};

use crate::report::Span;
use crate::syntax::{Arg, Instruction};
use crate::text::levenshtein;

/// BuildKit's `suggest.Search`: the first option within Levenshtein distance 2 (each closer
/// one replacing it), case-sensitive as on Linux; `None` when nothing is that close.
pub(super) fn suggest<'a>(
    name: &str,
    options: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best = None;
    let mut min = 3;
    for option in options {
        if option == name {
            return Some(option);
        }
        let d = levenshtein(name, option, min);
        if d < min {
            min = d;
            best = Some(option);
        }
    }
    best
}

/// Go's `%q` (`strconv.Quote`) for the strings BuildKit quotes in its messages.
pub(super) use crate::syntax::gocompat::quote as go_quote;

/// The file offset of byte `i` of an argument's value, when the value is the argument's text
/// in the file with only continuations removed (shell words, not decoded JSON strings).
pub(super) fn value_offset(
    file_text: &str,
    inst: &Instruction,
    arg: &Arg,
    i: usize,
) -> Option<usize> {
    let start = inst.line.to_logical(arg.span.start.offset)?;
    let logical = inst.line.text(file_text);
    (logical.get(start..start + arg.value.len())? == arg.value)
        .then(|| inst.line.to_source(start + i))
}

/// The span of bytes `range` of an argument's value, or the whole argument when the value
/// does not map back to the file byte for byte.
pub(super) fn value_span(
    ctx: &crate::lint::Context,
    inst: &Instruction,
    arg: &Arg,
    range: std::ops::Range<usize>,
) -> Span {
    let text = &ctx.file.text;
    // The end is just after the range's last character, which may be several bytes long.
    let last = arg
        .value
        .get(range.clone())
        .and_then(|s| s.chars().next_back());
    let start = value_offset(text, inst, arg, range.start);
    let end = last.and_then(|c| {
        value_offset(text, inst, arg, range.end - c.len_utf8()).map(|o| o + c.len_utf8())
    });
    match (start, end) {
        (Some(s), Some(e)) => ctx.span_of(s..e),
        _ => arg.span,
    }
}

/// Whether the file has an instruction of this kind (rules that walk the stages skip files
/// without one).
pub(super) fn has(ctx: &crate::lint::Context, kind: crate::syntax::Kind) -> bool {
    ctx.file.instructions.iter().any(|i| i.kind == kind)
}

/// Whether the keyword is all lower-case or all upper-case. ASCII case mapping, where BuildKit
/// uses Go's Unicode one: the same for instruction keywords, which are ASCII, and it keeps
/// Unicode's case tables (~16 KB of gzip) out of the page's lint wasm.
pub(super) fn self_consistent(word: &str) -> bool {
    word == word.to_ascii_lowercase() || word == word.to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::rules::test_util::lint;

    #[test]
    fn suggestions_follow_buildkit() {
        let opts = ["DIR_BINARIES", "DIR_ASSETS", "DIR_CONFIG"];
        assert_eq!(suggest("DIR_ASSET", opts), Some("DIR_ASSETS"));
        assert_eq!(suggest("PAHT", ["PATH"]), Some("PATH"));
        assert_eq!(
            suggest("BULIDPLATFORM", ["BUILDPLATFORM"]),
            Some("BUILDPLATFORM")
        );
        assert_eq!(suggest("version", ["tag", "TARGETARCH"]), None);
        assert_eq!(levenshtein("kitten", "sitting", 10), 3);
        assert_eq!(levenshtein("", "ab", 10), 2);
    }

    #[test]
    fn go_quoting() {
        assert_eq!(go_quote("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
    }

    /// `# check=skip=…` and `error=true` reach every BuildKit check through its alias.
    #[test]
    fn check_directive_applies_to_the_buildkit_checks() {
        let text = "FROM scratch as Base\ncopy a b\nMAINTAINER me\n";
        let ids = |t: &str| -> Vec<String> {
            crate::lint::lint(t, &Default::default())
                .into_iter()
                .filter(|f| f.rule.starts_with("LL7"))
                .map(|f| format!("{}:{:?}", f.rule, f.severity))
                .collect()
        };
        assert_eq!(
            ids(text),
            [
                "LL702:Warning",
                "LL701:Warning",
                "LL703:Warning",
                "LL707:Warning"
            ]
        );
        let skip = format!("# check=skip=FromAsCasing,StageNameCasing\n{text}");
        assert_eq!(ids(&skip), ["LL703:Warning", "LL707:Warning"]);
        let all = format!("# check=skip=all\n{text}");
        assert!(ids(&all).is_empty());
        let errors = format!("# check=skip=ConsistentInstructionCasing;error=true\n{text}");
        assert_eq!(ids(&errors), ["LL702:Error", "LL701:Error", "LL707:Error"]);
        // NoEmptyContinuation is the parser's LL002 (testNoEmptyContinuation).
        let nec = "\nFROM scratch\n# warning: empty continuation line\nCOPY Dockerfile \\\n\n.\n\
                   COPY Dockerfile \\\n.\n";
        let case = lint("LL002", nec);
        case.on_lines(&[5]);
        assert_eq!(case.findings[0].aliases, ["NoEmptyContinuation"]);
        lint("LL002", &format!("# check=skip=NoEmptyContinuation\n{nec}")).passes();
        // hadolint's pragma names the DL alias of a merged rule.
        lint(
            "LL707",
            "FROM scratch\n# hadolint ignore=DL4000\nMAINTAINER me\n",
        )
        .passes();
    }
}
