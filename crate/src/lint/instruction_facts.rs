//! What the instruction rules read off an instruction and its stage: values as BuildKit
//! expands them, the stages that are images of their own, Windows stages, absolute paths,
//! spans inside an argument.

use crate::lint::context::is_windows_image;
use crate::lint::Context;
use crate::report::Span;
use crate::syntax::scope::Scope;
use crate::syntax::stages::{Stage, StageRef};
use crate::syntax::{Arg, Flag};

/// `word` as BuildKit expands it at instruction `i` (quotes removed, ARGs and ENVs of the
/// stage substituted); `None` when it uses a variable whose value is not known here (an ARG
/// without default, an ENV of the base image) or is malformed. A malformed word without
/// variables (an unterminated quote: LL011) is taken as written.
pub(crate) fn expand(ctx: &Context, i: usize, word: &str) -> Option<String> {
    if word.contains('$') {
        ctx.scopes().at(i).expand(word, ctx.file.escape)
    } else {
        Some(
            Scope::default()
                .expand(word, ctx.file.escape)
                .unwrap_or_else(|| word.to_string()),
        )
    }
}

/// The instructions before the first FROM (BuildKit rejects them, LL010, but they are still
/// read), then each stage's: the ranges rules about repeats within a stage walk.
pub(crate) fn segments(ctx: &Context) -> Vec<std::ops::Range<usize>> {
    let first = ctx
        .stages()
        .first()
        .map_or(ctx.file.instructions.len(), |s| s.from);
    let mut out: Vec<_> = (first > 0).then_some(0..first).into_iter().collect();
    out.extend(ctx.stages().iter().map(|s| s.instructions.clone()));
    out
}

/// The stages that are images of their own: no other stage builds FROM them, copies or
/// mounts from them. The last stage (the default target) is one; the others are what
/// `--target` builds. Builder stages are not.
pub(crate) fn image_stages<'c>(ctx: &'c Context) -> Vec<&'c Stage> {
    let stages = ctx.stages();
    let mut used = vec![false; stages.len()];
    for s in stages {
        for d in &s.dependencies {
            if let StageRef::Stage(t) = d.target {
                if t != s.index && t < used.len() {
                    used[t] = true;
                }
            }
        }
    }
    stages
        .iter()
        .filter(|s| !used[s.index] || Some(s.index) == stages.len().checked_sub(1))
        .collect()
}

/// Whether the stage runs Windows: its first ancestor that is an image is a Windows image.
pub(crate) fn is_windows(ctx: &Context, stage: &Stage) -> bool {
    let chain = ctx.graph.ancestry(stage.index);
    let root = chain.last().and_then(|&s| ctx.stages().get(s));
    match root.and_then(|s| s.parent()) {
        Some(StageRef::Image(name)) => is_windows_image(name),
        _ => false,
    }
}

/// The span of bytes `range` (relative to the start of `arg`) when the argument is written
/// in the file exactly as its value (no quotes, escapes or continuations); else the whole
/// argument.
pub(crate) fn sub_span(ctx: &Context, arg: &Arg, range: std::ops::Range<usize>) -> Span {
    let written = ctx.file.slice(arg.span);
    if written == arg.value && range.end <= written.len() {
        let start = arg.span.start.offset + range.start;
        ctx.span_of(start..arg.span.start.offset + range.end)
    } else {
        arg.span
    }
}

/// Where the `from=` value of a `RUN --mount=…` flag is written: the value itself when the
/// flag is written plainly, else the whole flag.
pub(crate) fn mount_from_span(ctx: &Context, flag: &Flag) -> Span {
    let found = flag.value_span.and_then(|vs| {
        let written = ctx.file.slice(vs);
        let start = written
            .split(',')
            .scan(0, |at, field| {
                let here = *at;
                *at += field.len() + 1;
                Some((here, field))
            })
            .find_map(|(at, field)| {
                let (k, v) = field.split_once('=')?;
                k.trim()
                    .eq_ignore_ascii_case("from")
                    .then(|| (at + k.len() + 1, v.len()))
            })?;
        let begin = vs.start.offset + start.0;
        (!written.contains('"')).then(|| ctx.span_of(begin..begin + start.1))
    });
    found.unwrap_or(flag.span)
}

/// Whether a path is absolute on Linux (`/x`) or Windows (`C:\x`, `C:/x`, `\x`).
pub(crate) fn is_absolute(path: &str) -> bool {
    let b = path.as_bytes();
    path.starts_with('/')
        || path.starts_with('\\')
        || (b.len() >= 3
            && b[0].is_ascii_alphabetic()
            && b[1] == b':'
            && matches!(b[2], b'\\' | b'/'))
}

/// Whether a path is absolute as written, quotes aside: `c:\app` and `"C:\"` are Windows
/// paths, although the word expansion takes their backslashes for escapes (Windows builds
/// usually switch the escape to a backtick; hadolint reads them as paths).
pub(crate) fn is_absolute_as_written(word: &str) -> bool {
    let unquoted = word.trim_matches(|c| c == '"' || c == '\'');
    is_absolute(unquoted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::Config;
    use crate::syntax::parse;

    #[test]
    fn image_stages_are_the_ones_nothing_else_uses() {
        let df = parse(
            "FROM alpine:3.20 AS base\nFROM base AS build\nRUN make\n\
             FROM base AS dev\nFROM scratch\nCOPY --from=build /app /app\n",
        );
        let config = Config::default();
        let ctx = Context::new(&df, &config);
        let names: Vec<usize> = image_stages(&ctx).iter().map(|s| s.index).collect();
        assert_eq!(
            names,
            [2, 3],
            "dev and the final stage; base and build are used"
        );
    }

    #[test]
    fn windows_follows_the_stage_ancestry() {
        let df = parse(
            "FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS win\nFROM win\n\
             FROM debian:12\n",
        );
        let config = Config::default();
        let ctx = Context::new(&df, &config);
        let w: Vec<bool> = ctx.stages().iter().map(|s| is_windows(&ctx, s)).collect();
        assert_eq!(w, [true, true, false]);
    }

    #[test]
    fn mount_from_values_have_their_own_span() {
        let text = "FROM a:1\nRUN --mount=type=bind,FROM=builder,target=/b true\n";
        let df = parse(text);
        let config = Config::default();
        let ctx = Context::new(&df, &config);
        let flag = &df.instructions[1].flags[0];
        let span = mount_from_span(&ctx, flag);
        assert_eq!(&text[span.start.offset..span.end.offset], "builder");
    }

    #[test]
    fn expansion_uses_the_scope_of_the_instruction() {
        let df = parse("FROM alpine:3.20\nARG D=/app\nWORKDIR \"$D/x\"\nWORKDIR $UNSET\n");
        let config = Config::default();
        let ctx = Context::new(&df, &config);
        assert_eq!(expand(&ctx, 2, "\"$D/x\"").as_deref(), Some("/app/x"));
        assert_eq!(expand(&ctx, 3, "$UNSET"), None);
        assert_eq!(expand(&ctx, 3, "'a b'").as_deref(), Some("a b"));
        assert!(is_absolute("C:\\app") && is_absolute("/x") && !is_absolute("app"));
        // hadolint's DL3000Spec/DL3045Spec: Windows paths as written, in quotes too.
        assert!(is_absolute_as_written("\"C:\\\"") && is_absolute_as_written("c:\\system32\\x"));
        assert!(!is_absolute_as_written("\"app\""));
    }
}
