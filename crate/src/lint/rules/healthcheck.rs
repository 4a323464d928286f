//! HEALTHCHECK: repeated in a stage, or missing from an image.

use crate::lint::instruction_facts::{image_stages, segments};
use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::Severity;
use crate::syntax::{Instruction, Kind};

pub static LL512: Rule = Rule {
    id: "LL512",
    name: "multiple-healthchecks",
    aliases: &["DL3012"],
    related: &[],
    severity: Severity::Error,
    title: doc!("Several HEALTHCHECKs in one stage"),
    why: doc!("Only the last HEALTHCHECK of a stage takes effect; the earlier ones never run, and the \
          reader cannot tell which check the container really gets."),
    bad: doc!("FROM nginx:1.27\nHEALTHCHECK CMD curl -f http://localhost/\nHEALTHCHECK CMD wget -q -O- http://localhost/\n"),
    good: doc!("FROM nginx:1.27\nHEALTHCHECK CMD curl -f http://localhost/\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: multiple_healthchecks,
};

fn multiple_healthchecks(ctx: &Context, out: &mut Findings) {
    for segment in segments(ctx) {
        let mut previous: Option<&Instruction> = None;
        for inst in &ctx.file.instructions[segment] {
            if inst.kind != Kind::Healthcheck {
                continue;
            }
            if let Some(p) = previous {
                let msg = format!(
                    "another HEALTHCHECK in this stage: the one on line {} never runs",
                    p.start_line
                );
                out.add(&LL512, inst.keyword_span, msg, None);
            }
            previous = Some(inst);
        }
    }
}

pub static LL557: Rule = Rule {
    id: "LL557",
    name: "no-healthcheck",
    aliases: &["DL3057"],
    related: &[],
    severity: Severity::Info,
    title: doc!("Image without a HEALTHCHECK"),
    why: doc!("Without a HEALTHCHECK (in the image or a stage it is built FROM) Docker cannot tell a \
          hung container from a healthy one. Orchestrators that define their own checks (ECS \
          task definitions, Kubernetes probes) do not need it, so the rule is opt-in, as in \
          hadolint. `HEALTHCHECK NONE` counts as a decision."),
    bad: doc!("FROM nginx:1.27\nCOPY site /usr/share/nginx/html\n"),
    good: doc!("FROM nginx:1.27\nCOPY site /usr/share/nginx/html\nHEALTHCHECK CMD curl -fs http://localhost/ || exit 1\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: true,
    check: no_healthcheck,
};

fn no_healthcheck(ctx: &Context, out: &mut Findings) {
    for stage in image_stages(ctx) {
        let has_check = ctx.graph.ancestry(stage.index).iter().any(|&s| {
            ctx.instructions(&ctx.stages()[s])
                .iter()
                .any(|i| i.kind == Kind::Healthcheck)
        });
        if !has_check {
            let from = &ctx.file.instructions[stage.from];
            let msg = "this image has no HEALTHCHECK".to_string();
            out.add(&LL557, from.span, msg, None);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::{lint, lint_with};
    use crate::lint::Config;

    #[test]
    fn repeated_healthchecks() {
        let text = "FROM a:1\nHEALTHCHECK NONE\nHEALTHCHECK CMD x\nFROM b:1\nHEALTHCHECK CMD y\n";
        lint("LL512", text).fails_at(&["HEALTHCHECK"]);
        let case = lint("LL512", text);
        assert_eq!(case.findings[0].span.start.line, 3);
    }

    #[test]
    fn missing_healthcheck_is_opt_in_and_inherited() {
        let text = "FROM a:1 AS base\nHEALTHCHECK CMD x\nFROM base AS app\n\
                    FROM b:1 AS build\nFROM c:1\nCOPY --from=build /x /x\n";
        lint("LL557", text).passes();
        let on = Config {
            enable: vec!["DL3057".into()],
            ..Default::default()
        };
        // `app` inherits; `build` is a builder.
        let case = lint_with("LL557", text, &on);
        assert_eq!(case.findings.len(), 1);
        assert_eq!(case.findings[0].span.start.line, 5);
    }
}
