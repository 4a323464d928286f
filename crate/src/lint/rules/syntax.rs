//! Syntax diagnostics from the parser, surfaced as findings so pragmas and config apply. One
//! rule per kind of problem ([`crate::syntax::DiagnosticKind`]); the severity of each finding
//! is the diagnostic's: `error` where BuildKit rejects the Dockerfile, `warning` where it
//! only warns.

use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::{Severity, Span};
use crate::syntax::Kind;

fn report_parser_code(rule: &Rule, ctx: &Context, out: &mut Findings) {
    for d in ctx.file.diagnostics.iter().filter(|d| d.code == rule.id) {
        out.add_with_severity(rule, d.severity, d.span, d.message.clone(), None);
    }
}

/// The parser's findings of `rule`; those `aliased` says are the other tool's case carry
/// the rule's aliases, the others none.
fn report_with_alias(
    rule: &Rule,
    ctx: &Context,
    out: &mut Findings,
    mut aliased: impl FnMut(&Span) -> bool,
) {
    for d in ctx.file.diagnostics.iter().filter(|d| d.code == rule.id) {
        let aliases = if aliased(&d.span) { rule.aliases } else { &[] };
        out.add_as(
            rule,
            d.severity,
            aliases,
            rule.related,
            d.span,
            d.message.clone(),
            None,
        );
    }
}

const REJECTED: &str = "BuildKit rejects the whole Dockerfile, so nothing is built or shipped \
    until it is fixed.";

pub static LL001: Rule = Rule {
    id: "LL001",
    name: "unknown-instruction",
    aliases: &[],
    related: &[],
    severity: Severity::Error,
    title: doc!("Unknown instruction"),
    why: doc!(
        "BuildKit rejects the whole Dockerfile when a line starts with a word that is not an \
          instruction, usually a typo or a continuation line that lost its `\\`."
    ),
    bad: doc!("FROM alpine:3.20\nRUNN echo hi\n"),
    good: doc!("FROM alpine:3.20\nRUN echo hi\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: unknown_instruction,
};

fn unknown_instruction(ctx: &Context, out: &mut Findings) {
    report_parser_code(&LL001, ctx, out);
}

pub static LL002: Rule = Rule {
    id: "LL002",
    name: "empty-continuation-line",
    aliases: &["NoEmptyContinuation"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("Empty line inside a continuation"),
    why: doc!(
        "An empty line after a line ending in `\\` is skipped today, but BuildKit warns that \
          empty continuation lines will become errors in a future release; it also often hides \
          a `\\` that was meant to end the instruction. layerlint points at the empty line \
          itself, where the fix is; BuildKit's warning names the instruction's last line."
    ),
    bad: doc!("FROM alpine:3.20\nRUN apk add \\\n\n    curl\n"),
    good: doc!("FROM alpine:3.20\nRUN apk add \\\n    curl\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: empty_continuation_line,
};

fn empty_continuation_line(ctx: &Context, out: &mut Findings) {
    report_parser_code(&LL002, ctx, out);
}

pub static LL003: Rule = Rule {
    id: "LL003",
    name: "unterminated-heredoc",
    aliases: &[],
    related: &[],
    severity: Severity::Error,
    title: doc!("Unterminated heredoc"),
    why: doc!(
        "A heredoc (`<<EOF`) must end with a line that is exactly its delimiter (`<<-` also \
          allows leading tabs; trailing spaces do not match). Without it BuildKit rejects the \
          Dockerfile."
    ),
    bad: doc!("FROM alpine:3.20\nRUN <<EOF\necho hi\n"),
    good: doc!("FROM alpine:3.20\nRUN <<EOF\necho hi\nEOF\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: unterminated_heredoc,
};

fn unterminated_heredoc(ctx: &Context, out: &mut Findings) {
    report_parser_code(&LL003, ctx, out);
}

pub static LL004: Rule = Rule {
    id: "LL004",
    name: "invalid-flag",
    aliases: &[],
    related: &[],
    severity: Severity::Error,
    title: doc!("Invalid flag"),
    why: doc!(
        "BuildKit rejects an unknown `--flag` (often a typo such as `--chwon`), a flag without \
          its value, a repeated flag, or a value it cannot read (durations, booleans, network \
          modes)."
    ),
    bad: doc!("FROM alpine:3.20\nCOPY --chwon=app app.py /app/\n"),
    good: doc!("FROM alpine:3.20\nCOPY --chown=app app.py /app/\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: invalid_flag,
};

fn invalid_flag(ctx: &Context, out: &mut Findings) {
    report_parser_code(&LL004, ctx, out);
}

pub static LL005: Rule = Rule {
    id: "LL005",
    name: "wrong-argument-count",
    aliases: &[],
    related: &[],
    severity: Severity::Error,
    title: doc!("Wrong number of arguments"),
    why: doc!(REJECTED),
    bad: doc!("FROM alpine:3.20\nCOPY app.py\n"),
    good: doc!("FROM alpine:3.20\nCOPY app.py /app/\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: wrong_argument_count,
};

fn wrong_argument_count(ctx: &Context, out: &mut Findings) {
    report_parser_code(&LL005, ctx, out);
}

pub static LL006: Rule = Rule {
    id: "LL006",
    name: "json-array-non-string",
    aliases: &[],
    related: &[],
    severity: Severity::Error,
    title: doc!("JSON array with an element that is not a string"),
    why: doc!(
        "In the exec (JSON) form every element must be a string: BuildKit rejects \
          `[\"sleep\", 10]` instead of running it."
    ),
    bad: doc!("FROM alpine:3.20\nCMD [\"sleep\", 10]\n"),
    good: doc!("FROM alpine:3.20\nCMD [\"sleep\", \"10\"]\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: json_array_non_string,
};

fn json_array_non_string(ctx: &Context, out: &mut Findings) {
    report_parser_code(&LL006, ctx, out);
}

pub static LL007: Rule = Rule {
    id: "LL007",
    name: "invalid-parser-directive",
    aliases: &[],
    related: &[],
    severity: Severity::Error,
    title: doc!("Invalid parser directive"),
    why: doc!(
        "`# escape=` accepts only `\\` or a backtick, each directive may appear once, and \
          `# check=` takes `skip=…` and `error=true|false`; BuildKit rejects anything else."
    ),
    bad: doc!("# escape=/\nFROM alpine:3.20\n"),
    good: doc!("# escape=`\nFROM alpine:3.20\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: invalid_parser_directive,
};

fn invalid_parser_directive(ctx: &Context, out: &mut Findings) {
    report_parser_code(&LL007, ctx, out);
}

pub static LL008: Rule = Rule {
    id: "LL008",
    name: "no-instructions",
    aliases: &[],
    related: &[],
    severity: Severity::Error,
    title: doc!("No instructions"),
    why: doc!(
        "A Dockerfile with only comments or blank lines is rejected by BuildKit (`file with \
          no instructions`)."
    ),
    bad: doc!("# TODO: write the Dockerfile\n"),
    good: doc!("FROM alpine:3.20\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: no_instructions,
};

fn no_instructions(ctx: &Context, out: &mut Findings) {
    report_parser_code(&LL008, ctx, out);
}

pub static LL009: Rule = Rule {
    id: "LL009",
    name: "invalid-instruction-arguments",
    aliases: &["DL3043"],
    related: &[],
    severity: Severity::Error,
    title: doc!("Invalid instruction arguments"),
    why: doc!(
        "BuildKit rejects arguments it cannot use: a stage name that does not match \
          `[a-z][a-z0-9-_.]*`, ENV/LABEL words without `=`, blank names, an ONBUILD trigger of \
          FROM, MAINTAINER or ONBUILD, a HEALTHCHECK type other than CMD/NONE, SHELL not in \
          JSON form, a heredoc as a COPY destination."
    ),
    bad: doc!("FROM alpine:3.20 AS 1st\n"),
    good: doc!("FROM alpine:3.20 AS first\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: invalid_instruction_arguments,
};

fn invalid_instruction_arguments(ctx: &Context, out: &mut Findings) {
    // hadolint's DL3043 is the ONBUILD-trigger case of this rule.
    let triggers: Vec<Span> = ctx
        .file
        .instructions
        .iter()
        .filter_map(|i| i.as_onbuild())
        .filter(|t| matches!(t.kind, Kind::Onbuild | Kind::From | Kind::Maintainer))
        .map(|t| t.keyword_span)
        .collect();
    report_with_alias(&LL009, ctx, out, |span| triggers.contains(span));
}

pub static LL010: Rule = Rule {
    id: "LL010",
    name: "no-build-stage",
    aliases: &["DL3061"],
    related: &[],
    severity: Severity::Error,
    title: doc!("No build stage"),
    why: doc!(
        "Only ARG may come before the first FROM, and a Dockerfile needs at least one FROM: \
          BuildKit rejects `no build stage in current context`."
    ),
    bad: doc!("RUN echo hi\nFROM alpine:3.20\n"),
    good: doc!("FROM alpine:3.20\nRUN echo hi\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: no_build_stage,
};

fn no_build_stage(ctx: &Context, out: &mut Findings) {
    // hadolint's DL3061 is the "before the first FROM" case, one per instruction; the
    // "no FROM at all" diagnostic (on the first instruction too) is not.
    let mut before_from: Vec<Span> = ctx
        .file
        .instructions
        .iter()
        .filter(|i| !crate::lint::fragment::is_assumed_from(i))
        .take_while(|i| i.kind != Kind::From)
        .filter(|i| !matches!(i.kind, Kind::Arg | Kind::Unknown))
        .map(|i| i.keyword_span)
        .collect();
    report_with_alias(&LL010, ctx, out, |span| {
        let found = before_from.iter().position(|s| s == span);
        found.map(|k| before_from.remove(k)).is_some()
    });
}

pub static LL011: Rule = Rule {
    id: "LL011",
    name: "bad-quote-or-substitution",
    aliases: &[],
    related: &[],
    severity: Severity::Error,
    title: doc!("Unterminated quote or bad substitution"),
    why: doc!(
        "BuildKit expands the arguments of ENV, LABEL, ARG, FROM, COPY/ADD, WORKDIR, USER, \
          EXPOSE, VOLUME and STOPSIGNAL like a shell word; an unterminated quote or a malformed \
          `${…}` fails the build."
    ),
    bad: doc!("FROM alpine:3.20\nENV GREETING=\"hello\n"),
    good: doc!("FROM alpine:3.20\nENV GREETING=\"hello\"\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: bad_quote_or_substitution,
};

fn bad_quote_or_substitution(ctx: &Context, out: &mut Findings) {
    report_parser_code(&LL011, ctx, out);
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::{lint, Case};
    use crate::syntax::DiagnosticKind;

    /// Every diagnostic kind has its rule, with the same default severity.
    #[test]
    fn every_diagnostic_kind_is_a_registered_rule() {
        for kind in DiagnosticKind::ALL {
            let rule = crate::lint::rule(kind.code()).expect("registered");
            assert_eq!(rule.severity, kind.severity(), "{}", kind.code());
        }
    }

    /// The aliases each finding of a [`Case`] carries, in order.
    fn aliases(case: &Case) -> Vec<Vec<String>> {
        case.findings.iter().map(|f| f.aliases.clone()).collect()
    }

    /// DL3061 is hadolint's name for an instruction before the first FROM; a file without
    /// any FROM also gets LL010's "no FROM" finding, which is not DL3061 (hadolint says
    /// nothing about a file of ARGs only).
    #[test]
    fn instructions_before_from_are_dl3061() {
        let dl = || vec!["DL3061".to_string()];
        let case = lint("LL010", "ARG A\nLABEL x=1\nFROM a:1\nRUN y\n");
        case.on_lines(&[2]);
        assert_eq!(aliases(&case), [dl()]);
        let case = lint("LL010", "RUN x\nCMD y\n");
        case.on_lines(&[1, 1, 2]);
        assert_eq!(aliases(&case), [dl(), vec![], dl()]);
        let case = lint("LL010", "ARG A\n");
        case.on_lines(&[1]);
        assert_eq!(aliases(&case), [Vec::<String>::new()]);
        lint("LL010", "# hadolint ignore=DL3061\nRUN x\n").messages_contain(&["no FROM"]);
    }

    /// BuildKit's testNoEmptyContinuation: BuildKit warns on line 6 (the COPY's last line);
    /// layerlint points at the empty line 5, once per instruction.
    #[test]
    fn empty_continuation_lines_are_reported_where_they_are() {
        let text = "\nFROM scratch\n# warning: empty continuation line\nCOPY Dockerfile \\\n\n.\n\
                    COPY Dockerfile \\\n.\n";
        let case = lint("LL002", text);
        case.on_lines(&[5]);
        assert_eq!(aliases(&case), [vec!["NoEmptyContinuation".to_string()]]);
    }

    /// DL3043 is the ONBUILD-trigger case of LL009.
    #[test]
    fn forbidden_onbuild_triggers_are_dl3043() {
        let text = "FROM a:1 AS 1st\nONBUILD ONBUILD RUN x\nONBUILD FROM b\nONBUILD MAINTAINER m\n\
                    ONBUILD RUN ok\n";
        let dl = || vec!["DL3043".to_string()];
        let case = lint("LL009", text);
        case.on_lines(&[1, 2, 3, 4]);
        assert_eq!(aliases(&case), [vec![], dl(), dl(), dl()]);
    }
}
