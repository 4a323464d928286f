//! Pipes in RUN without `pipefail`, and the SHELL that sets it where the image's shell is
//! known and nothing else changes.

use crate::lint::image_family::{family, Family};
use crate::lint::invocations::{self, per_instruction};
use crate::lint::scripts::RunScript;
use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::{Fix, Severity, TextEdit};
use crate::shell::Command;
use crate::syntax::stages::{Stage, StageRef};
use crate::syntax::{Instruction, Kind};
use std::ops::Range;

/// Shells that take `-o pipefail`.
const SHELLS: &[&str] = &["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh"];

/// Shells that know `-o pipefail`. Not `sh`: it is dash on Debian and Ubuntu, which rejects
/// it (hadolint's DL4006 asks for bash, zsh or ash too).
const PIPEFAIL_SHELLS: &[&str] = &["bash", "ash", "zsh", "ksh", "mksh"];

/// Whether a SHELL instruction's program is a shell that knows pipefail, given `-o pipefail`
/// (also in a group: `-euxo pipefail`).
fn sets_pipefail(shell: &[crate::syntax::Arg]) -> bool {
    let Some(program) = shell.first() else {
        return false;
    };
    let name = program.value.rsplit('/').next().unwrap_or(&program.value);
    PIPEFAIL_SHELLS.contains(&name)
        && shell.windows(2).any(|w| {
            let opt = w[0].value.as_str();
            w[1].value == "pipefail"
                && opt.starts_with('-')
                && !opt.starts_with("--")
                && opt.ends_with('o')
        })
}

/// The byte ranges of `sh -c '…'` strings in a script: their commands run in another shell,
/// which SHELL's options do not reach.
fn shell_c_bodies(script: &RunScript) -> Vec<Range<usize>> {
    script
        .script
        .commands
        .iter()
        .map(Command::unwrapped)
        .filter(|c| c.program().is_some_and(|p| SHELLS.contains(&p)))
        .filter_map(|c| {
            let args = c.args();
            let i = args.iter().position(|w| {
                w.value.starts_with('-') && !w.value.starts_with("--") && w.value.contains('c')
            })?;
            args.get(i + 1).map(|w| w.range.clone())
        })
        .collect()
}

/// The range of the first pipeline among `commands` (skipping those `skip` says), from its
/// first command to the end of its last.
fn first_pipeline(
    commands: &[Command],
    skip: impl Fn(&Range<usize>) -> bool,
) -> Option<Range<usize>> {
    let (i, c) = commands
        .iter()
        .enumerate()
        .find(|(_, c)| c.position.piped && !skip(&c.range))?;
    // The pipeline ends at the next command of the same level that is not piped.
    let end = commands[i + 1..]
        .iter()
        .find(|n| !n.position.piped && !skip(&n.range) && n.range.start >= c.range.end)
        .map_or(c.range.end, |n| n.range.end);
    Some(c.range.start..end)
}

/// The first pipeline of a script whose failure would go unnoticed: a pipe run by the
/// script's own shell (also inside `$(…)`, whose status an assignment or `set -e` sees),
/// before any `set -o pipefail`. Pipes inside `sh -c '…'` strings run in another shell and
/// are left out. Returns the pipeline's range in the script.
fn unguarded_pipe(script: &RunScript) -> Option<Range<usize>> {
    let nested = shell_c_bodies(script);
    let inside = |r: &Range<usize>| nested.iter().any(|n| n.start <= r.start && r.end <= n.end);
    let commands = &script.script.commands;
    let guard = commands
        .iter()
        .filter(|c| !inside(&c.range))
        .map(Command::unwrapped)
        .find(|c| {
            c.program() == Some("set")
                && c.has_flag(&["-o"])
                && c.args().iter().any(|w| w.value == "pipefail")
        })
        .map_or(usize::MAX, |c| c.range.start);
    let text = script.text();
    let in_substitutions = invocations::substitutions(text)
        .into_iter()
        .filter_map(|r| {
            let inner = crate::shell::parse(text.get(r.clone())?);
            first_pipeline(&inner.commands, |_| false).map(|p| r.start + p.start..r.start + p.end)
        });
    first_pipeline(commands, inside)
        .into_iter()
        .chain(in_substitutions)
        .filter(|p| p.start < guard)
        .min_by_key(|p| p.start)
}

/// Per instruction: whether the shell of its stage has `pipefail` set by a SHELL, in this
/// stage or the stages it is built FROM (a stage inherits its parent's SHELL).
fn pipefail_per_instruction(ctx: &Context) -> Vec<bool> {
    let mut out = vec![false; ctx.file.instructions.len()];
    let mut at_end: Vec<bool> = Vec::with_capacity(ctx.stages().len());
    for stage in ctx.stages() {
        let mut on = match stage.parent() {
            Some(StageRef::Stage(p)) => at_end.get(*p).copied().unwrap_or(false),
            _ => false,
        };
        for i in stage.instructions.clone() {
            if let Some(shell) = ctx.file.instructions[i].as_shell() {
                on = sets_pipefail(shell);
            }
            out[i] = on;
        }
        at_end.push(on);
    }
    out
}

pub static LL606: Rule = Rule {
    id: "LL606",
    name: "pipe-without-pipefail",
    aliases: &["DL4006"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("A pipe in RUN without `pipefail`"),
    why: doc!("A pipeline's exit status is that of its last command: in `curl … | tar -xz`, a \
          failed download still gives tar's success, and the build goes on with a broken or \
          empty layer. `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` (or `/bin/ash` on \
          Alpine) makes any failing command of a pipe fail the RUN."),
    bad: doc!("FROM debian:bookworm-slim\nRUN curl -fsSL https://example.com/x.tgz | tar -xz\n"),
    good: doc!("FROM debian:bookworm-slim\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n\
           RUN curl -fsSL https://example.com/x.tgz | tar -xz\n"),
    fix: Some(doc!("Insert `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` before the RUN (`/bin/ash` on Alpine)")),
    fix_safety: FixSafety::Unsafe,
    opt_in: false,
    check: pipe_without_pipefail,
};

fn pipe_without_pipefail(ctx: &Context, out: &mut Findings) {
    let pipefail = pipefail_per_instruction(ctx);
    let mut fixed_stages: Vec<usize> = Vec::new();
    let pipes = ctx.scripts().iter().filter_map(|s| {
        let range = unguarded_pipe(s)?;
        (!pipefail[s.instruction]).then(|| (s.instruction, ctx.span_of(s.source_range(range))))
    });
    for (instruction, spans) in per_instruction(pipes) {
        let stage = ctx.stage_of(instruction);
        // The fix goes before the first such RUN of a stage; it covers the later ones.
        let fix = stage
            .filter(|s| !fixed_stages.contains(&s.index))
            .and_then(|s| {
                fixed_stages.push(s.index);
                shell_fix(ctx, s, instruction)
            });
        let msg = "a pipe's status is its last command's, so a failure before the `|` goes \
                   unnoticed: set `pipefail` with SHELL"
            .to_string();
        out.add(&LL606, spans[0], msg, fix);
    }
}

/// `SHELL [… "-o", "pipefail", "-c"]` inserted before the RUN, when the image's shell is known
/// and nothing it would change breaks: every RUN and shell-form command from there on (in this
/// stage and the stages built FROM it) is checked for what bash or pipefail would run
/// differently.
fn shell_fix(ctx: &Context, stage: &Stage, run: usize) -> Option<Fix> {
    let shell = match family(ctx, stage) {
        Family::Debian | Family::Rhel => "/bin/bash",
        Family::Alpine => "/bin/ash",
        Family::Unknown => return None,
    };
    let switches_shell = family(ctx, stage) == Family::Debian; // dash → bash
    if !affected(ctx, stage, run)
        .iter()
        .all(|&i| safe_under_pipefail(ctx, i, switches_shell))
    {
        return None;
    }
    let inst = &ctx.file.instructions[run];
    let text = &ctx.file.text;
    let start = inst.span.start.offset;
    let line_start = text[..start].rfind('\n').map_or(0, |p| p + 1);
    let indent = &text[line_start..start];
    if !indent.chars().all(|c| c == ' ' || c == '\t') {
        return None;
    }
    // Above the comments right before the RUN: they describe it, and an ignore pragma there
    // must stay on the RUN.
    let mut at = line_start;
    while at > 0 {
        let above = text[..at - 1].rfind('\n').map_or(0, |p| p + 1);
        if !text[above..at].trim_start().starts_with('#') {
            break;
        }
        at = above;
    }
    let keyword = if inst.keyword.chars().all(|c| c.is_ascii_lowercase()) {
        "shell"
    } else {
        "SHELL"
    };
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    Some(Fix {
        title: format!("Insert `SHELL [\"{shell}\", \"-o\", \"pipefail\", \"-c\"]` before the RUN"),
        edits: vec![TextEdit::insertion(
            at,
            format!("{indent}{keyword} [\"{shell}\", \"-o\", \"pipefail\", \"-c\"]{newline}"),
        )],
        ..Default::default()
    })
}

/// The instructions a SHELL inserted before `from` would apply to: the rest of the stage up to
/// its next SHELL, and the same in every stage built FROM it.
fn affected(ctx: &Context, stage: &Stage, from: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut todo = vec![(stage.index, from)];
    while let Some((s, start)) = todo.pop() {
        let Some(st) = ctx.stages().get(s) else {
            continue;
        };
        let mut reaches_end = true;
        for i in start..st.instructions.end {
            if ctx.file.instructions[i].kind == Kind::Shell {
                reaches_end = false;
                break;
            }
            out.push(i);
        }
        if reaches_end {
            for child in ctx.stages() {
                if child.parent() == Some(&StageRef::Stage(s)) && out.len() < 100_000 {
                    todo.push((child.index, child.instructions.start));
                }
            }
        }
    }
    out
}

/// Whether an instruction's shell code runs the same under `pipefail` (and under bash instead
/// of dash when `switches_shell`): no `yes | …` or early-exiting reader (`| head`,
/// `| grep -q`) that would turn SIGPIPE into a failure, and no `echo` with backslashes (dash
/// interprets them, bash does not).
fn safe_under_pipefail(ctx: &Context, instruction: usize, switches_shell: bool) -> bool {
    let inst: &Instruction = &ctx.file.instructions[instruction];
    let scripts: Vec<crate::shell::Script> = match inst.kind {
        _ if ctx.run(instruction).is_some() => ctx
            .scripts_of(instruction)
            .map(|s| s.script.clone())
            .collect(),
        Kind::Cmd | Kind::Entrypoint | Kind::Healthcheck => inst
            .shell_command()
            .map(|c| crate::shell::parse(c.text))
            .into_iter()
            .collect(),
        _ => return true,
    };
    scripts.iter().all(|script| {
        script.commands.iter().enumerate().all(|(i, c)| {
            let c = c.unwrapped();
            let program = c.program().unwrap_or("");
            let reads_pipe = i > 0 && script.commands[i - 1].position.piped;
            let early_exit = match program {
                "head" => true,
                "grep" | "egrep" | "fgrep" => {
                    c.has_flag(&["-q", "--quiet", "--silent", "-m", "--max-count", "-l"])
                }
                "sed" | "awk" => c
                    .args()
                    .iter()
                    .any(|w| w.value.contains('q') || w.value.contains("exit")),
                "read" => true,
                _ => false,
            };
            let sigpipe = (c.position.piped && program == "yes") || (reads_pipe && early_exit);
            let echo_escapes = switches_shell
                && program == "echo"
                && c.args().iter().any(|w| w.value.contains('\\'));
            !sigpipe && !echo_escapes
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::lint;

    #[test]
    fn pipes_without_pipefail_get_a_shell_for_the_image() {
        let text = "FROM debian:12\nRUN apt-get update\n  RUN curl -fsSL x | tar -xz && echo ok\nRUN a | b\n";
        let fixed = "FROM debian:12\nRUN apt-get update\n  SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n  RUN curl -fsSL x | tar -xz && echo ok\nRUN a | b\n";
        let case = lint("LL606", text);
        case.fails_at(&["curl -fsSL x | tar -xz", "a | b"])
            .fixes_to(fixed);
        assert!(case.findings[1].fix.is_none(), "one SHELL per stage");
        lint("LL606", fixed).passes();
        let pragma =
            "FROM debian:12\n# download\n# hadolint ignore=DL3047\nRUN wget -O- x | tar -x\n";
        lint("LL606", pragma).fixes_to(
            "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n# download\n# hadolint ignore=DL3047\nRUN wget -O- x | tar -x\n",
        );
        lint("LL606", "FROM alpine:3.20\nrun a | b\n").fixes_to(
            "FROM alpine:3.20\nshell [\"/bin/ash\", \"-o\", \"pipefail\", \"-c\"]\nrun a | b\n",
        );
    }

    #[test]
    fn no_shell_fix_where_it_would_change_behaviour() {
        for text in [
            "FROM debian:12\nRUN a | b\nRUN yes | apt-get install x\n",
            "FROM debian:12\nRUN a | head -1\n",
            "FROM debian:12\nRUN a | b\nCMD echo 'a\\nb' > /tmp/x\n",
            "FROM debian:12 AS base\nRUN a | b\nFROM base\nRUN c | grep -q d\n",
            "FROM ${BASE}\nRUN a | b\n",
        ] {
            lint("LL606", text).has_no_fix();
        }
    }

    #[test]
    fn pipes_inside_command_substitutions() {
        let text = "FROM debian:12\nRUN set -eux; arch=\"$(dpkg --print-architecture | awk -F- '{ print $NF }')\"; echo ok\n";
        lint("LL606", text).fails_at(&["dpkg --print-architecture | awk -F- '{ print $NF }'"]);
        let backticks = "FROM alpine:3.20\nRUN echo x > f=`echo $A | sed s,/,_,g`\n";
        lint("LL606", backticks).fails_at(&["echo $A | sed s,/,_,g"]);
        for ok in [
            "RUN echo '$(a | b)' # $(c | d)",
            "RUN x=$(a || b) && y=`c`",
            "RUN set -o pipefail; x=$(a | b)",
        ] {
            lint("LL606", &format!("FROM debian:12\n{ok}\n")).passes();
        }
    }

    #[test]
    fn pipefail_from_shell_set_or_parent_stage() {
        for text in [
            "FROM debian:12\nSHELL [\"/bin/bash\", \"-euxo\", \"pipefail\", \"-c\"]\nRUN a | b\n",
            "FROM debian:12\nRUN set -o pipefail && a | b\n",
            "FROM debian:12\nRUN <<EOF\nset -euo pipefail\na | b\nEOF\n",
            "FROM debian:12\nRUN bash -o pipefail -c 'a | b'\n",
            "FROM debian:12\nSHELL [\"pwsh\", \"-c\"]\nRUN a | b\n",
        ] {
            lint("LL606", text).passes();
        }
    }

    /// hadolint's DL4006Spec: `SHELL ["/bin/sh", "-o", "pipefail", "-c"]` does not count,
    /// `sh` being dash on Debian, which rejects the option.
    #[test]
    fn sh_with_pipefail_is_not_enough() {
        let text = "FROM alpine:3.6\nSHELL [\"/bin/sh\", \"-o\", \"pipefail\", \"-c\"]\n\
                    RUN echo kaka | sed 's/a/o/g' >> /root/afile\n";
        lint("LL606", text).fails_at(&["echo kaka | sed 's/a/o/g'"]);
        lint("LL606", &text.replace("/bin/sh", "/bin/ash")).passes();
    }

    /// Parity exception: hadolint reads every RUN as `/bin/sh`; a Windows image runs it with
    /// `cmd`, where `^|` is an escaped `|` handed to PowerShell, not a pipe of the shell.
    #[test]
    fn hadolint_reads_windows_cmd_runs_as_sh() {
        let text = "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN powershell busybox.exe --list ^|%{$nul = cmd /c mklink C:\\bin\\$_.exe busybox.exe}\n";
        lint("LL606", text).passes();
    }

    #[test]
    fn hadolint_resets_pipefail_at_every_from() {
        // A stage built FROM another inherits its SHELL: hadolint reports this pipe, the
        // image runs it with pipefail.
        let text = "FROM debian:12 AS base\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nFROM base\nRUN a | b\n";
        lint("LL606", text).passes();
    }
}
