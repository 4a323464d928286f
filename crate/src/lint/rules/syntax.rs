//! Syntax diagnostics from the parser, surfaced as findings so pragmas and config apply.

use crate::lint::{Context, Findings, Rule};
use crate::report::Severity;

fn report_parser_code(rule: &Rule, ctx: &Context, out: &mut Findings) {
    for d in ctx.file.diagnostics.iter().filter(|d| d.code == rule.id) {
        out.add_with_severity(rule, d.severity, d.span, d.message.clone(), None);
    }
}

pub static LL001: Rule = Rule {
    id: "LL001",
    aliases: &[],
    related: &[],
    severity: Severity::Error,
    title: "Unknown instruction",
    why: "BuildKit rejects the whole Dockerfile when a line starts with a word that is not an \
          instruction, usually a typo or a continuation line that lost its `\\`.",
    bad: "FROM alpine:3.20\nRUNN echo hi\n",
    good: "FROM alpine:3.20\nRUN echo hi\n",
    fix: None,
    opt_in: false,
    check: |ctx, out| report_parser_code(&LL001, ctx, out),
};
