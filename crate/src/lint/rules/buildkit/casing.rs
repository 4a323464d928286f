//! Casing: stage names (StageNameCasing), `AS` against `FROM` (FromAsCasing) and instruction
//! keywords against the file's majority (ConsistentInstructionCasing).

use super::self_consistent;
use crate::lint::fragment::is_assumed_from;
use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::{Fix, Severity, TextEdit};
use crate::syntax::{Args, Instruction, Kind};

const WHY_STYLE: &str = "BuildKit warns about it (`docker build --check`). Keywords and stage \
    names are case-insensitive, so mixed casing changes nothing at build time; one casing makes \
    the file easier to read and to search, and keeps the build's check output clean.";

pub static LL701: Rule = Rule {
    id: "LL701",
    name: "stage-name-not-lowercase",
    aliases: &["StageNameCasing"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("Stage name not in lower case"),
    why: doc!("BuildKit lower-cases stage names (`AS Builder` defines `builder`) and warns when one \
          is written otherwise: a reference written in another case than the definition reads \
          as a different stage, or as an image to pull. Stage names should be lower case."),
    bad: doc!("FROM golang:1.23 AS Builder\nRUN go build -o /app\nFROM scratch\nCOPY --from=Builder /app /app\n"),
    good: doc!("FROM golang:1.23 AS builder\nRUN go build -o /app\nFROM scratch\nCOPY --from=builder /app /app\n"),
    fix: Some(doc!("Lower-case the stage name and every reference to it")),
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: stage_name_not_lowercase,
};

fn stage_name_not_lowercase(ctx: &Context, out: &mut Findings) {
    for (i, inst) in ctx.file.instructions.iter().enumerate() {
        let Some(name) = stage_name_word(inst) else {
            continue;
        };
        // ASCII, as `self_consistent`: a stage name with other letters is invalid anyway
        // (BuildKit accepts only `[a-z][a-z0-9-_.]*`).
        let lower = name.value.to_ascii_lowercase();
        if lower == name.value {
            continue;
        }
        let msg = format!("Stage name '{}' should be lowercase", name.value);
        out.add(
            &LL701,
            name.span,
            msg,
            rename_fix(ctx, i, &name.value, &lower),
        );
    }
}

pub static LL702: Rule = Rule {
    id: "LL702",
    name: "as-casing-mismatch",
    aliases: &["FromAsCasing"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("`AS` not in the case of `FROM`"),
    why: doc!(WHY_STYLE),
    bad: doc!("FROM node:22 as build\n"),
    good: doc!("FROM node:22 AS build\n"),
    fix: Some(doc!("Write `AS` in the case of `FROM`")),
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: as_casing_mismatch,
};

fn as_casing_mismatch(ctx: &Context, out: &mut Findings) {
    for inst in &ctx.file.instructions {
        let (Kind::From, Args::Words(w)) = (inst.kind, &inst.args) else {
            continue;
        };
        // BuildKit checks the second of three (or more) words, whatever it is.
        let Some(as_kw) = w.get(1).filter(|_| w.len() >= 3) else {
            continue;
        };
        let from = inst.keyword.as_ref();
        let wanted = if from == from.to_ascii_lowercase() {
            as_kw.value.to_ascii_lowercase()
        } else if from == from.to_ascii_uppercase() {
            as_kw.value.to_ascii_uppercase()
        } else {
            continue; // ConsistentInstructionCasing reports a mixed-case FROM
        };
        if wanted == as_kw.value {
            continue;
        }
        let msg = format!(
            "'{}' and '{}' keywords' casing do not match",
            as_kw.value, from
        );
        let fix = (ctx.file.slice(as_kw.span) == as_kw.value).then(|| Fix {
            title: format!("Write `{wanted}`"),
            edits: vec![edit(as_kw.span, wanted)],
            ..Default::default()
        });
        out.add(&LL702, as_kw.span, msg, fix);
    }
}

pub static LL703: Rule = Rule {
    id: "LL703",
    name: "inconsistent-keyword-casing",
    aliases: &["ConsistentInstructionCasing"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("Instruction keyword not in the file's majority casing"),
    why: doc!(WHY_STYLE),
    bad: doc!("FROM alpine:3.20\nrun apk add curl\nCOPY app /app\n"),
    good: doc!("FROM alpine:3.20\nRUN apk add curl\nCOPY app /app\n"),
    fix: Some(doc!("Write the keyword in the majority's case")),
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: inconsistent_keyword_casing,
};

fn inconsistent_keyword_casing(ctx: &Context, out: &mut Findings) {
    // BuildKit counts the keywords of the stages (FROM and what follows, not the ARGs
    // before the first FROM) that are all lower or all upper case; a tie is upper case.
    let Some(first) = ctx.stages().first().map(|s| s.from) else {
        return;
    };
    let keywords = || {
        ctx.file.instructions[first..]
            .iter()
            // a fragment's assumed FROM was not written, so it has no casing
            .filter(|i| i.kind != Kind::Unknown && !is_assumed_from(i))
    };
    let (mut lower, mut upper) = (0, 0);
    for inst in keywords().filter(|i| self_consistent(&i.keyword)) {
        if inst.keyword == inst.keyword.to_ascii_lowercase() {
            lower += 1;
        } else {
            upper += 1;
        }
    }
    let majority_lower = lower > upper;
    for inst in keywords() {
        let wanted = if majority_lower {
            inst.keyword.to_ascii_lowercase()
        } else {
            inst.keyword.to_ascii_uppercase()
        };
        if wanted == inst.keyword {
            continue;
        }
        let case = if majority_lower {
            "lowercase"
        } else {
            "uppercase"
        };
        let msg = format!(
            "Command '{}' should match the case of the command majority ({case})",
            inst.keyword
        );
        let fix = Fix {
            title: format!("Write `{wanted}`"),
            edits: vec![edit(inst.keyword_span, wanted)],
            ..Default::default()
        };
        out.add(&LL703, inst.keyword_span, msg, Some(fix));
    }
}

fn edit(span: crate::report::Span, text: String) -> TextEdit {
    TextEdit::replacement(span.start.offset..span.end.offset, text)
}

/// The third word of a FROM with three words (BuildKit checks it before it validates `AS`).
fn stage_name_word(inst: &Instruction) -> Option<&crate::syntax::Arg> {
    match (inst.kind, &inst.args) {
        (Kind::From, Args::Words(w)) if w.len() == 3 => Some(&w[2]),
        _ => None,
    }
}

/// Lower-case the stage name at instruction `at` and every reference to it: `FROM name`,
/// `COPY --from=name` and `RUN --mount=…,from=name` written in another case.
fn rename_fix(ctx: &Context, at: usize, name: &str, lower: &str) -> Option<Fix> {
    let text = &ctx.file.text;
    // The definition itself (written as the parser read it, so no quotes to keep).
    let def = stage_name_word(&ctx.file.instructions[at])?;
    if ctx.file.slice(def.span) != def.value {
        return None;
    }
    let mut edits = vec![edit(def.span, lower.to_string())];
    let mut rename = |span: crate::report::Span| {
        let written = text.get(span.start.offset..span.end.offset)?;
        if written.eq_ignore_ascii_case(name) && written != lower {
            edits.push(edit(span, lower.to_string()));
        }
        Some(())
    };
    for inst in &ctx.file.instructions {
        if let Some(from) = inst.as_from() {
            rename(from.image.span);
        }
        if let Some(f) = inst.flag("from").filter(|_| inst.as_copy().is_some()) {
            if let Some(v) = f.value_span {
                rename(v);
            }
        }
        for m in inst.flags_named("mount") {
            rename(crate::lint::instruction_facts::mount_from_span(ctx, m));
        }
    }
    edits.sort_by_key(|e| e.start);
    edits.dedup_by_key(|e| e.start);
    Some(Fix {
        title: format!("Rename the stage to `{lower}`"),
        edits,
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::lint;

    // Cases from BuildKit's dockerfile_lint_test.go (testStageName).
    #[test]
    fn stage_name_and_as_casing() {
        let text =
            "\n# warning: stage name should be lowercase\n#\nFROM scratch AS BadStageName\n\n\
                    # warning: 'as' should match 'FROM' cmd casing.\n#\nFROM scratch as base2\n\n\
                    FROM scratch AS base3\n";
        lint("LL701", text)
            .on_lines(&[4])
            .messages_contain(&["Stage name 'BadStageName' should be lowercase"]);
        lint("LL702", text)
            .on_lines(&[8])
            .messages_contain(&["'as' and 'FROM' keywords' casing do not match"]);
        lint("LL702", "\nfrom scratch AS base\n\nfrom scratch as base2\n")
            .on_lines(&[2])
            .messages_contain(&["'AS' and 'from' keywords' casing do not match"]);
        // A mixed-case FROM is ConsistentInstructionCasing's, not FromAsCasing's.
        lint("LL702", "From scratch as base\n").passes();
    }

    #[test]
    fn stage_rename_fix_follows_references() {
        let text = "FROM alpine AS Build\nRUN make\nFROM Build AS test\n\
                    FROM scratch\nCOPY --from=Build /a /a\n\
                    RUN --mount=type=cache,from=BUILD,target=/x true\nCOPY --from=other /b /b\n";
        let fixed = "FROM alpine AS build\nRUN make\nFROM build AS test\n\
                     FROM scratch\nCOPY --from=build /a /a\n\
                     RUN --mount=type=cache,from=build,target=/x true\nCOPY --from=other /b /b\n";
        // Reported on the name, renamed everywhere.
        lint("LL701", text).fails_at(&["Build"]).fixes_to(fixed);
        lint("LL701", fixed).passes();
    }

    // testConsistentInstructionCasing.
    #[test]
    fn consistent_instruction_casing() {
        let cases: &[(&str, &[(u32, &str)])] = &[
            (
                "\n#\n#\nFrom scratch as base\nFROM scratch AS base2\n",
                &[(4, "Command 'From' should match the case of the command majority (uppercase)")],
            ),
            (
                "\nFROM scratch\n#\ncopy Dockerfile /foo\nCOPY Dockerfile /bar\n",
                &[(4, "Command 'copy' should match the case of the command majority (uppercase)")],
            ),
            (
                "\n#\n#\nfrOM scratch as base\nfrom scratch as base2\n",
                &[(4, "Command 'frOM' should match the case of the command majority (lowercase)")],
            ),
            (
                "\nfrom scratch\n#\nCOPY Dockerfile /foo\ncopy Dockerfile /bar\n",
                &[(4, "Command 'COPY' should match the case of the command majority (lowercase)")],
            ),
            (
                "\n#\n#\nfrom scratch\nCOPY Dockerfile /foo\nCOPY Dockerfile /bar\nCOPY Dockerfile /baz\n",
                &[(4, "Command 'from' should match the case of the command majority (uppercase)")],
            ),
            (
                "\n#\n#\nFROM scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar\ncopy Dockerfile /baz\n",
                &[(4, "Command 'FROM' should match the case of the command majority (lowercase)")],
            ),
            ("\nfrom scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar\n", &[]),
            ("\nFROM scratch\nCOPY Dockerfile /foo\nCOPY Dockerfile /bar\n", &[]),
            ("\nFROM alpine\nRUN <<'EOT'\nenv\nEOT\n", &[]),
        ];
        for (text, want) in cases {
            let lines: Vec<u32> = want.iter().map(|(line, _)| *line).collect();
            let messages: Vec<&str> = want.iter().map(|(_, message)| *message).collect();
            lint("LL703", text)
                .on_lines(&lines)
                .messages_contain(&messages);
        }
    }

    #[test]
    fn casing_fixes_converge_and_global_args_do_not_count() {
        // ARGs before the first FROM are neither counted nor checked, as in BuildKit.
        let text = "arg V=1\narg W=2\nFROM alpine:$V as base\nrun true\nCOPY a b\n";
        lint("LL703", text).on_lines(&[4]);
        let fixed = crate::lint::fix_all(text, &Default::default(), true);
        assert_eq!(
            fixed,
            "arg V=1\narg W=2\nFROM alpine:$V AS base\nRUN true\nCOPY a b\n"
        );
    }
}
