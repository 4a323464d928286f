//! Layer structure: RUNs that could be one layer.

use crate::lint::{Context, Findings, Rule};
use crate::report::{Fix, Severity, TextEdit};
use crate::syntax::{Instruction, Kind};

pub static LL101: Rule = Rule {
    id: "LL101",
    aliases: &[],
    related: &["DL3059"],
    severity: Severity::Warning,
    title: "Consecutive RUNs that could be one layer",
    why: "Each RUN adds a layer. Every layer is a separate download, decompression and \
          extraction at task start, with its own per-layer overhead; files written by one RUN \
          and changed or deleted by the next ship twice. Joining the commands makes one layer.",
    bad: "FROM debian:bookworm-slim\nRUN apt-get update\nRUN apt-get install -y curl\n",
    good: "FROM debian:bookworm-slim\nRUN apt-get update && \\\n    apt-get install -y curl\n",
    fix: Some("Join with the previous RUN using `&&`"),
    opt_in: false,
    check: |ctx: &Context, out: &mut Findings| {
        for stage in ctx.stages() {
            let mut previous: Option<&Instruction> = None;
            for inst in ctx.instructions(stage) {
                match inst.kind {
                    Kind::Run => {
                        if let Some(prev) = previous.filter(|p| same_flags(p, inst)) {
                            let severity = if ctx.ships(stage) {
                                Severity::Warning
                            } else {
                                Severity::Info
                            };
                            let msg = format!(
                                "this RUN could join the RUN on line {}: one layer instead of two",
                                prev.span.start.line
                            );
                            out.add_with_severity(
                                &LL101,
                                severity,
                                inst.span,
                                msg,
                                join_fix(ctx, prev, inst),
                            );
                        }
                        previous = Some(inst);
                    }
                    // Metadata only: no layer, and no effect on how the next RUN runs.
                    Kind::Arg
                    | Kind::Env
                    | Kind::Label
                    | Kind::Expose
                    | Kind::Cmd
                    | Kind::Entrypoint
                    | Kind::Healthcheck
                    | Kind::Stopsignal
                    | Kind::Maintainer
                    | Kind::Volume => {}
                    _ => previous = None,
                }
            }
        }
    },
};

/// RUNs with different `--mount`, `--network` or `--security` flags cannot simply be joined.
fn same_flags(a: &Instruction, b: &Instruction) -> bool {
    let flags = |i: &Instruction| {
        let mut f: Vec<(String, Option<String>)> = i
            .flags
            .iter()
            .map(|f| (f.name.clone(), f.value.clone()))
            .collect();
        f.sort();
        f
    };
    flags(a) == flags(b)
}

/// When the two RUNs are adjacent shell-form commands, replace the gap between them with
/// ` && \` and a new line.
fn join_fix(ctx: &Context, prev: &Instruction, inst: &Instruction) -> Option<Fix> {
    let text = &ctx.file.text;
    let gap = text.get(prev.span.end.offset..inst.span.start.offset)?;
    let shell_form = |i: &Instruction| i.shell_command().is_some() && i.heredocs.is_empty();
    let last_line = text[prev.span.start.offset..prev.span.end.offset]
        .lines()
        .last()?;
    if !gap.trim().is_empty() || !shell_form(prev) || !shell_form(inst) || last_line.contains('#') {
        return None;
    }
    Some(Fix {
        title: "Join with the previous RUN".into(),
        edits: vec![TextEdit {
            start: prev.span.end.offset,
            end: inst.args_span()?.start.offset,
            text: format!(" && {}\n    ", ctx.file.escape),
        }],
    })
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::{apply, findings};

    #[test]
    fn consecutive_runs_are_found_and_joined() {
        let text = "FROM alpine:3.20\nRUN apk add curl\nENV A=1\nRUN echo $A\n";
        let f = findings(text, "LL101");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].span.start.line, 4);
        assert_eq!(f[0].related, ["DL3059"]);
        // ENV between them: no automatic join (the ENV would have to move).
        assert!(f[0].fix.is_none());

        let adjacent = "FROM alpine:3.20\nRUN apk add curl\nRUN echo hi\n";
        let f = findings(adjacent, "LL101");
        let fixed = apply(adjacent, &f[0]);
        assert_eq!(
            fixed,
            "FROM alpine:3.20\nRUN apk add curl && \\\n    echo hi\n"
        );
        assert!(findings(&fixed, "LL101").is_empty());
    }

    #[test]
    fn layer_making_instructions_and_flags_break_the_sequence() {
        let text = "FROM alpine:3.20\nRUN a\nCOPY x /\nRUN b\nRUN --network=none c\n";
        assert!(findings(text, "LL101").is_empty());
    }

    #[test]
    fn builder_stages_get_info_not_warning() {
        let text = "FROM alpine:3.20 AS b\nRUN a\nRUN b\nFROM alpine:3.20\nCOPY --from=b / /\n";
        let f = findings(text, "LL101");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, crate::report::Severity::Info);
    }
}
