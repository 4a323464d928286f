//! Stage names: each used once (DuplicateStageName, hadolint's DL3024) and none of the names
//! BuildKit reserves (ReservedStageName).

use super::go_quote;
use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::Severity;

pub static LL704: Rule = Rule {
    id: "LL704",
    name: "duplicate-stage-name",
    aliases: &["DuplicateStageName", "DL3024"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("Stage name used twice"),
    why: doc!("`COPY --from=name`, `FROM name` and `--target name` pick one of the stages with that \
          name (names are case-insensitive), so the other one is dead code or, worse, the one \
          that was meant. Stage names should be unique."),
    bad: doc!("FROM golang:1.23 AS build\nRUN go build ./cmd/api\nFROM node:22 AS build\nRUN npm run build\n"),
    good: doc!("FROM golang:1.23 AS build-api\nRUN go build ./cmd/api\nFROM node:22 AS build-web\nRUN npm run build\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: duplicate_stage_name,
};

fn duplicate_stage_name(ctx: &Context, out: &mut Findings) {
    let mut seen: Vec<&str> = Vec::new();
    for stage in ctx.stages() {
        let (Some(name), Some(span)) = (stage.name.as_deref(), stage.name_span) else {
            continue;
        };
        if seen.contains(&name) {
            let msg = format!(
                "Duplicate stage name {}, stage names should be unique",
                go_quote(name)
            );
            out.add(&LL704, span, msg, None);
        } else {
            seen.push(name);
        }
    }
}

pub static LL705: Rule = Rule {
    id: "LL705",
    name: "reserved-stage-name",
    aliases: &["ReservedStageName", "DL3063"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("Reserved word as a stage name"),
    why: doc!(
        "`scratch` (the empty image) and `context` (the build context) already mean something \
          in `FROM` and `COPY --from`: a stage with one of these names makes every reference \
          to it ambiguous."
    ),
    bad: doc!("FROM alpine:3.20 AS context\nRUN make\nFROM scratch\nCOPY --from=context /out /\n"),
    good: doc!("FROM alpine:3.20 AS build\nRUN make\nFROM scratch\nCOPY --from=build /out /\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: reserved_stage_name,
};

fn reserved_stage_name(ctx: &Context, out: &mut Findings) {
    for stage in ctx.stages() {
        let (Some(name), Some(span)) = (stage.name.as_deref(), stage.name_span) else {
            continue;
        };
        if matches!(name, "context" | "scratch") {
            let msg = format!(
                "Stage name should not use the same name as reserved stage {}",
                go_quote(name)
            );
            out.add(&LL705, span, msg, None);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::lint;

    // testDuplicateStageName and testReservedStageName.
    #[test]
    fn duplicate_and_reserved_names() {
        let case = lint("LL704", "\nFROM scratch AS b\nFROM scratch AS b\n");
        let f = &case.findings;
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].span.start.line, 3);
        assert_eq!(
            f[0].message,
            "Duplicate stage name \"b\", stage names should be unique"
        );
        assert_eq!(f[0].aliases, ["DuplicateStageName", "DL3024"]);
        lint("LL704", "\nFROM scratch AS b1\nFROM scratch AS b2\n").passes();

        let case = lint(
            "LL705",
            "\nFROM scratch AS scratch\nFROM scratch AS context\n",
        );
        let got: Vec<_> = case
            .findings
            .iter()
            .map(|f| (f.span.start.line, f.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    2,
                    "Stage name should not use the same name as reserved stage \"scratch\""
                ),
                (
                    3,
                    "Stage name should not use the same name as reserved stage \"context\""
                ),
            ]
        );
        lint("LL705", "\nFROM scratch\nFROM scratch AS a\n").passes();
    }

    /// hadolint's DL3024 compares names as written, so it misses `AS build` / `AS Build`; both
    /// define the stage `build` (BuildKit lower-cases stage names), so they are duplicates.
    #[test]
    fn names_differing_only_in_case_are_duplicates_hadolint_misses_them() {
        let case = lint("LL704", "FROM alpine AS build\nFROM alpine AS Build\n");
        assert_eq!(case.findings.len(), 1);
        assert_eq!(case.findings[0].span.start.line, 2);
    }
}
