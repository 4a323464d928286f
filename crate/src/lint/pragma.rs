//! In-file pragmas, layerlint's and the ones users bring from hadolint and BuildKit:
//! - `# layerlint ignore=LL101,DL3007` / `# hadolint ignore=…`: the next instruction;
//! - `# layerlint global ignore=…` / `# hadolint global ignore=…`: the whole file;
//! - `# layerlint stage ignore=…` / `# hadolint stage ignore=…`: the rest of the stage;
//! - the `# check=skip=A,B;error=true;experimental=C` parser directive: BuildKit check names
//!   (or `all`) for the whole file ([`CheckOptions`]);
//! - a `# check=skip=…` comment right above an instruction: that instruction only, as BuildKit.
//!
//! Ids may be layerlint's ids or names (`latest-tag`) or any alias (`DL3007`, `FromAsCasing`).

use crate::report::Finding;
use crate::syntax::check::CheckOptions;
use crate::syntax::{Dockerfile, Kind};
use std::ops::Range;

pub struct Suppressions {
    /// (byte range, ids ignored in it): next-instruction, stage and global pragmas alike.
    ranges: Vec<(Range<usize>, Vec<String>)>,
    /// The `# check=` directive: BuildKit checks skipped, experimental ones switched on,
    /// `error=true` (checks become errors).
    pub checks: CheckOptions,
    /// `# check=…` comments before single instructions: (the instruction's byte range, options).
    instruction_checks: Vec<(Range<usize>, CheckOptions)>,
}

enum Scope {
    Next,
    Stage,
    Global,
}

impl Suppressions {
    pub fn read(file: &Dockerfile) -> Self {
        let mut ranges = Vec::new();
        // Comments inside an instruction's continuation lines belong to that instruction.
        for comment in file.comments.iter().filter(|c| !c.in_continuation) {
            let Some((scope, ids)) = parse(&comment.text) else {
                continue;
            };
            let after = comment.span.end.offset;
            let next = file
                .instructions
                .iter()
                .position(|i| i.span.start.offset >= after);
            let range = match (scope, next) {
                (Scope::Global, _) => 0..usize::MAX,
                (Scope::Next, Some(n)) => {
                    let inst = &file.instructions[n];
                    inst.span.start.offset..inst.span.end.offset.max(inst.span.start.offset + 1)
                }
                (Scope::Stage, Some(n)) => {
                    let end = file.instructions[n + 1..]
                        .iter()
                        .find(|i| i.kind == Kind::From)
                        .map_or(usize::MAX, |i| i.span.start.offset);
                    after..end
                }
                (_, None) => continue,
            };
            ranges.push((range, ids));
        }
        Suppressions {
            ranges,
            checks: check_directive(file),
            instruction_checks: instruction_checks(file),
        }
    }

    /// Whether a pragma or the check directive silences `f`. `honour_ignore_pragmas` is false
    /// with the config's `disableIgnorePragma` (which, as in hadolint, leaves BuildKit's
    /// `# check=skip=` in force).
    pub fn suppresses(&self, f: &Finding, honour_ignore_pragmas: bool) -> bool {
        let named = |id: &String| f.is_named(id);
        let by_pragma = honour_ignore_pragmas
            && self
                .ranges
                .iter()
                .any(|(range, ids)| range.contains(&f.span.start.offset) && ids.iter().any(named));
        let at = f.span.start.offset;
        let ids = || std::iter::once(&f.rule).chain(&f.aliases);
        // As in BuildKit, `skip=` does not apply to an experimental check switched on.
        let experimental_on = ids().any(|id| self.checks.enables(id));
        let skipped = |o: &CheckOptions| !experimental_on && ids().any(|id| o.skips(id));
        let by_check = f.aliases.iter().any(|a| is_buildkit_check(a))
            && (skipped(&self.checks)
                || self
                    .instruction_checks
                    .iter()
                    .any(|(range, o)| range.contains(&at) && skipped(o)));
        by_pragma || by_check
    }
}

/// Whether a comment is an ignore pragma for the next instruction only
/// (`# hadolint ignore=DL3008`, `# layerlint ignore=LL101`), not a global or stage one.
pub fn is_inline_ignore(comment: &str) -> bool {
    matches!(parse(comment), Some((Scope::Next, _)))
}

/// BuildKit's check names are CamelCase words (`FromAsCasing`); hadolint's ids are `DL` + digits.
pub fn is_buildkit_check(alias: &str) -> bool {
    alias.starts_with(|c: char| c.is_ascii_uppercase())
        && alias.chars().all(|c| c.is_ascii_alphabetic())
}

/// `layerlint ignore=A,B`, `hadolint global ignore=A`, `layerlint stage ignore=A` → scope, ids.
/// A `# …` after the list is a remark. A `hadolint` pragma naming something that is no rule
/// (`ignore=crazy,DL3002`) is void, as in hadolint.
fn parse(comment: &str) -> Option<(Scope, Vec<String>)> {
    let rest = comment.trim();
    let (hadolint, rest) = match rest.strip_prefix("layerlint") {
        Some(r) => (false, r),
        None => (true, rest.strip_prefix("hadolint")?),
    };
    let rest = rest.trim_start();
    let (scope, rest) = if let Some(r) = rest.strip_prefix("global") {
        (Scope::Global, r.trim_start())
    } else if let Some(r) = rest.strip_prefix("stage") {
        (Scope::Stage, r.trim_start())
    } else {
        (Scope::Next, rest)
    };
    let list = rest
        .strip_prefix("ignore")?
        .trim_start()
        .strip_prefix('=')?;
    let list = list.split('#').next().unwrap_or(list);
    let ids: Vec<String> = list
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if hadolint && !ids.iter().all(|id| is_rule_name(id)) {
        return None;
    }
    Some((scope, ids))
}

/// A layerlint rule id, name or alias, or anything shaped like a hadolint code (`DL3002`, `SC2086`).
fn is_rule_name(id: &str) -> bool {
    let code = |prefix: &str| {
        id.strip_prefix(prefix)
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    code("DL") || code("SC") || crate::lint::rule(id).is_some()
}

/// The file's `# check=` directive (invalid options are LL007 and count as none).
fn check_directive(file: &Dockerfile) -> CheckOptions {
    file.directive("check")
        .and_then(|d| CheckOptions::parse(&d.value).ok())
        .unwrap_or_default()
}

/// BuildKit's per-instruction `# check=…` comments: the first `check=` among the comments
/// just before an instruction ([`Dockerfile::prev_comments`]) applies to it alone.
fn instruction_checks(file: &Dockerfile) -> Vec<(Range<usize>, CheckOptions)> {
    (0..file.instructions.len())
        .filter_map(|i| {
            let options = file
                .prev_comments(i)
                .iter()
                .find_map(|c| CheckOptions::from_comment(&c.text))?;
            let span = file.instructions[i].span;
            Some((
                span.start.offset..span.end.offset.max(span.start.offset + 1),
                options,
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::{lint, lint_with};

    const TWO: &str = "FROM ubuntu:latest AS a\nRUN x\nRUN y\nFROM debian:latest\nRUN x\nRUN y\n";

    #[test]
    fn next_instruction_pragmas() {
        let text = "# hadolint ignore=DL3007\nFROM ubuntu:latest\nFROM debian:latest\n";
        lint("LL302", text).on_lines(&[3]);
        // The pragma reaches past comments.
        let text = "FROM a:1\nRUN x\n# layerlint ignore=LL101 , LL999\n# another comment\nRUN y\n";
        lint("LL101", text).passes();
    }

    /// hadolint's PragmaSpec: a remark after the list is allowed, a name that is no rule
    /// voids a hadolint pragma.
    #[test]
    fn pragma_remarks_and_invalid_names() {
        let remark = "FROM ubuntu\n# hadolint ignore=DL3002 # foobar\nUSER root\n";
        lint("LL502", remark).passes();
        let invalid = "FROM scratch\n# hadolint ignore=crazy,DL3002\nUSER root\n";
        lint("LL502", invalid).on_lines(&[3]);
        let named = "FROM scratch\n# hadolint ignore=FromAsCasing,LL502\nUSER root\n";
        lint("LL502", named).passes();
    }

    /// A rule's readable name works in pragmas as its id does (and keeps a hadolint pragma
    /// valid).
    #[test]
    fn pragmas_take_rule_names() {
        let text = "FROM scratch\n# layerlint ignore=runs-as-root\nUSER root\n";
        lint("LL502", text).passes();
        let text = "FROM scratch\n# hadolint ignore=runs-as-root,DL3007\nUSER root\n";
        lint("LL502", text).passes();
        // Another rule's name.
        let other = "FROM scratch\n# layerlint ignore=latest-tag\nUSER root\n";
        lint("LL502", other).on_lines(&[3]);
    }

    #[test]
    fn global_and_stage_pragmas() {
        let global = format!("FROM x:1\n# hadolint global ignore=DL3007\n{TWO}");
        lint("LL302", &global).passes();
        let stage = TWO.replace(
            "RUN x\nRUN y\nFROM",
            "# layerlint stage ignore=LL101\nRUN x\nRUN y\nFROM",
        );
        // Only the second stage's.
        lint("LL101", &stage).on_lines(&[7]);
    }

    /// BuildKit's per-instruction `# check=…` comment (testSecretsUsedInArgOrEnv): it skips
    /// the checks on the next instruction only, text after a space is a remark, and a bare `#`
    /// in between cuts it off.
    #[test]
    fn check_comments_before_an_instruction_skip_its_checks() {
        let text = "FROM scratch\n# check=skip=SecretsUsedInArgOrEnv // allowed here\n\
                    ENV password=bar\nENV secret=baz\n# check=skip=all\n#\nARG token\n\
                    # check=skip=all // only this one\nARG api_token\n";
        lint("LL714", text).on_lines(&[4, 7]);
    }

    #[test]
    fn pragmas_are_ignored_when_the_config_says_so() {
        let text = "# hadolint ignore=DL3007\nFROM ubuntu:latest\n";
        let config = crate::lint::Config {
            disable_ignore_pragma: true,
            ..Default::default()
        };
        lint_with("LL302", text, &config).on_lines(&[2]);
    }
}
