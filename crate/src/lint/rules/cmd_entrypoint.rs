//! CMD and ENTRYPOINT: the shell form, and repeats that override each other.

use crate::lint::exec_form::exec_form_fix;
use crate::lint::instruction_facts::segments;
use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::Severity;
use crate::syntax::{Args, Instruction, Kind};

pub static LL525: Rule = Rule {
    id: "LL525",
    name: "shell-form-command",
    aliases: &["DL3025"],
    related: &["JSONArgsRecommended"],
    severity: Severity::Warning,
    title: doc!("CMD or ENTRYPOINT in shell form"),
    why: doc!(
        "In shell form the container's PID 1 is `/bin/sh -c`, not your program. The shell does \
          not forward SIGTERM, so `docker stop` and every ECS/Kubernetes task stop wait the \
          full grace period (10–30 s) before killing it, and the program never shuts down \
          cleanly. The JSON (exec) form runs the program as PID 1."
    ),
    bad: doc!("FROM node:22-slim\nCMD node server.js\n"),
    good: doc!("FROM node:22-slim\nCMD [\"node\", \"server.js\"]\n"),
    fix: Some(doc!("Rewrite in JSON (exec) form")),
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: shell_form_command,
};

fn shell_form_command(ctx: &Context, out: &mut Findings) {
    for segment in segments(ctx) {
        for i in segment {
            let inst = &ctx.file.instructions[i];
            let arg = match (inst.kind, &inst.args) {
                (Kind::Cmd | Kind::Entrypoint, Args::Text(arg)) => arg,
                (Kind::Healthcheck, Args::Health { command, .. }) => match &**command {
                    Args::Text(arg) if inst.shell_command().is_some() => arg,
                    _ => continue,
                },
                _ => continue,
            };
            let kw = match inst.kind {
                Kind::Healthcheck => "HEALTHCHECK CMD",
                k => k.as_str(),
            };
            if inst.json_fallback() {
                let msg = format!(
                    "{kw} is not a valid JSON array (strings need double quotes), so it runs \
                     as a shell command: write it as [\"program\", \"arg\"]"
                );
                out.add(&LL525, arg.span, msg, None);
                continue;
            }
            let msg = if inst.kind == Kind::Healthcheck {
                format!(
                    "{kw} in shell form starts `/bin/sh -c` for every check and needs a shell \
                     in the image: use the JSON form unless the check needs the shell"
                )
            } else {
                format!(
                    "{kw} in shell form runs under `/bin/sh -c`, which does not pass SIGTERM \
                     on: use the JSON form so stops are clean and quick"
                )
            };
            out.add(&LL525, arg.span, msg, exec_form_fix(ctx, i, inst, arg));
        }
    }
}

/// Every repeat of `kind` in a stage after the first: only the last one takes effect.
fn repeats(ctx: &Context, kind: Kind, rule: &'static Rule, out: &mut Findings) {
    for segment in segments(ctx) {
        let mut previous: Option<&Instruction> = None;
        for inst in ctx.file.instructions[segment]
            .iter()
            .filter(|i| i.kind == kind)
        {
            if let Some(p) = previous {
                let msg = format!(
                    "another {k} in this stage: only the last {k} takes effect, the one on line \
                     {} never runs",
                    p.start_line,
                    k = kind.as_str()
                );
                out.add(rule, inst.keyword_span, msg, None);
            }
            previous = Some(inst);
        }
    }
}

pub static LL603: Rule = Rule {
    id: "LL603",
    name: "multiple-cmd",
    aliases: &["DL4003"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("Several CMDs in one stage"),
    why: doc!("Only the last CMD of a stage takes effect; the earlier ones are dead code that \
          misleads whoever reads the Dockerfile about what the container runs."),
    bad: doc!("FROM python:3.12-slim\nCMD [\"python\", \"-m\", \"http.server\"]\nCMD [\"python\", \"app.py\"]\n"),
    good: doc!("FROM python:3.12-slim\nCMD [\"python\", \"app.py\"]\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: multiple_cmd,
};

fn multiple_cmd(ctx: &Context, out: &mut Findings) {
    repeats(ctx, Kind::Cmd, &LL603, out);
}

pub static LL604: Rule = Rule {
    id: "LL604",
    name: "multiple-entrypoint",
    aliases: &["DL4004"],
    related: &[],
    severity: Severity::Error,
    title: doc!("Several ENTRYPOINTs in one stage"),
    why: doc!(
        "Only the last ENTRYPOINT of a stage takes effect; the earlier ones never run, which is \
          rarely what was meant."
    ),
    bad: doc!("FROM alpine:3.20\nENTRYPOINT [\"/init\"]\nENTRYPOINT [\"/app\"]\n"),
    good: doc!("FROM alpine:3.20\nENTRYPOINT [\"/app\"]\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: multiple_entrypoint,
};

fn multiple_entrypoint(ctx: &Context, out: &mut Findings) {
    repeats(ctx, Kind::Entrypoint, &LL604, out);
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::lint;

    #[test]
    fn shell_form_is_found_and_plain_commands_are_fixed() {
        let text = "FROM node:22-slim\nCMD node server.js --port=8080\n";
        let fixed = "FROM node:22-slim\nCMD [\"node\", \"server.js\", \"--port=8080\"]\n";
        lint("LL525", text)
            .fails_at(&["node server.js --port=8080"])
            .fixes_to(fixed);
        lint("LL525", fixed).passes();
        let quoted = "FROM alpine:3.20\nENTRYPOINT echo 'a \"b\"' \"c d\"\n";
        lint("LL525", quoted)
            .fixes_to("FROM alpine:3.20\nENTRYPOINT [\"echo\", \"a \\\"b\\\"\", \"c d\"]\n");
    }

    #[test]
    fn no_fix_when_arguments_would_change() {
        for text in [
            // Exec-form ENTRYPOINT would receive the CMD; shell form ignores it.
            "FROM alpine:3.20\nENTRYPOINT /app\nCMD [\"--help\"]\n",
            // CMD is passed to the ENTRYPOINT: today as `sh -c …`.
            "FROM alpine:3.20 AS b\nENTRYPOINT [\"/init\"]\nFROM b\nCMD run\n",
            "FROM alpine:3.20\nSHELL [\"pwsh\", \"-c\"]\nCMD run\n",
            "FROM alpine:3.20\nCMD run \\\n  --fast\n",
        ] {
            lint("LL525", text).has_no_fix();
        }
    }

    #[test]
    fn invalid_json_is_shell_form_in_disguise() {
        let text = "FROM alpine:3.20\nCMD ['sh', '-c', 'x']\n";
        lint("LL525", text)
            .has_no_fix()
            .messages_contain(&["not a valid JSON"]);
        lint("LL525", "FROM alpine:3.20\nCMD [\"a\"]\nRUN x\n").passes();
    }

    /// hadolint's JSON reader rejects the `\/` escape and calls this shell form; it is valid
    /// JSON and BuildKit runs it in exec form.
    #[test]
    fn escaped_json_is_exec_form_unlike_hadolint() {
        let text = "FROM alpine:3.20\nCMD [ \"\\/usr\\\\\\\"/bin/znc\", \"-f\" ]\n";
        assert!(text.contains(r#"CMD [ "\/usr\\\"/bin/znc", "-f" ]"#));
        lint("LL525", text).passes();
    }

    #[test]
    fn shell_form_healthchecks_and_files_without_from() {
        let text = "FROM alpine:3.20\nHEALTHCHECK --interval=5s CMD wget -q localhost\n\
                    HEALTHCHECK CMD [\"wget\", \"-q\", \"localhost\"]\n";
        lint("LL525", text)
            .messages_contain(&["every check"])
            .fixes_to(
            "FROM alpine:3.20\nHEALTHCHECK --interval=5s CMD [\"wget\", \"-q\", \"localhost\"]\n\
                 HEALTHCHECK CMD [\"wget\", \"-q\", \"localhost\"]\n",
        );
        let no_from = "CMD a\nCMD b\n";
        // A fragment is linted as if it followed a FROM: the same fix as in a stage.
        lint("LL525", no_from)
            .on_lines(&[1, 2])
            .fixes_to("CMD [\"a\"]\nCMD b\n");
        lint("LL603", no_from).on_lines(&[2]);
    }

    #[test]
    fn repeated_cmd_and_entrypoint_per_stage() {
        let text = "FROM alpine:3.20\nCMD a\nENTRYPOINT [\"x\"]\nCMD b\nENTRYPOINT [\"y\"]\n\
                    FROM alpine:3.20\nCMD c\nONBUILD CMD d\n";
        let cmd = lint("LL603", text);
        cmd.fails_at(&["CMD"])
            .on_lines(&[4])
            .messages_contain(&["line 2"]);
        lint("LL604", text).on_lines(&[5]);
    }
}
