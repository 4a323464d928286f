//! Layer structure: RUNs that could be one layer (LL101), too many layers in the image that
//! ships (LL105), and the whole build context copied before the dependency install (LL106).

use super::ship_severity;
use crate::lint::base_images;
use crate::lint::context::ShellKind;
use crate::lint::invocations;
use crate::lint::join;
use crate::lint::tools::dependency_install;
use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::{Fix, Severity};
use crate::syntax::image_ref::ImageRef;
use crate::syntax::stages::StageRef;
use crate::syntax::{Instruction, Kind};

pub static LL101: Rule = Rule {
    id: "LL101",
    name: "consecutive-run",
    aliases: &["DL3059"],
    related: &["DL3059"],
    severity: Severity::Warning,
    title: doc!("Consecutive RUNs that could be one layer"),
    why: doc!(concat!(
        "Each RUN adds a layer. Every layer is a separate download, decompression and \
         extraction at task start, with its own request and per-layer overhead; files written by \
         one RUN and changed or deleted by the next ship twice. Joining the commands makes one \
         layer. Instructions that make no layer (ENV, ARG, LABEL, EXPOSE, CMD, …) do not \
         separate two RUNs; COPY, ADD, WORKDIR, USER and SHELL do, and so do different \
         `--mount`, `--network` or `--security` flags. ",
        "Severity: warning in a stage that ships, info elsewhere. ",
        "hadolint's DL3059 is the plain case, and the finding names it there: two RUNs with \
         only comments between them and a single command each. Otherwise DL3059 is related: \
         hadolint stops at any other instruction and takes RUNs of several commands for \
         deliberate.",
    )),
    bad: doc!("FROM debian:bookworm-slim\nRUN apt-get update\nRUN apt-get install -y curl\n"),
    good: doc!(
        "FROM debian:bookworm-slim\nRUN apt-get update && \\\n    apt-get install -y curl\n"
    ),
    fix: Some(doc!(
        "Join with the previous RUN using `&&` (the second RUN moves up past LABEL, EXPOSE, CMD \
         and similar; comments before it come along as comment lines; a second RUN with `;` or \
         `||` is wrapped in `( … )` so a failure of the first still stops the build). No fix \
         for exec form, heredocs, a first RUN that changes the shell (`cd`, `export`, `set -u`) \
         or an ENV/ARG/VOLUME in between.",
    )),
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: consecutive_runs,
};

fn consecutive_runs(ctx: &Context, out: &mut Findings) {
    for stage in ctx.stages() {
        let mut previous: Option<usize> = None;
        let mut between: Vec<usize> = Vec::new();
        for i in stage.instructions.clone().skip(1) {
            let inst = &ctx.file.instructions[i];
            match inst.kind {
                Kind::Run => {
                    if let Some(p) =
                        previous.filter(|&p| same_flags(&ctx.file.instructions[p], inst))
                    {
                        report_join(ctx, p, i, &between, out);
                    }
                    previous = Some(i);
                    between.clear();
                }
                k if makes_no_layer(k) => between.push(i),
                _ => {
                    previous = None;
                    between.clear();
                }
            }
        }
    }
}

/// Instructions that make no layer and do not change how a later RUN runs.
fn makes_no_layer(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Arg
            | Kind::Env
            | Kind::Label
            | Kind::Expose
            | Kind::Cmd
            | Kind::Entrypoint
            | Kind::Healthcheck
            | Kind::Stopsignal
            | Kind::Maintainer
            | Kind::Volume
            | Kind::Onbuild
    )
}

/// Of those, the ones a RUN can move above: they do not affect any RUN (ENV and ARG are in its
/// environment; after VOLUME, the classic builder discards changes to the volume).
fn inert(kind: Kind) -> bool {
    makes_no_layer(kind) && !matches!(kind, Kind::Arg | Kind::Env | Kind::Volume)
}

fn report_join(ctx: &Context, a: usize, b: usize, between: &[usize], out: &mut Findings) {
    let file = ctx.file;
    let (run_a, run_b) = (&file.instructions[a], &file.instructions[b]);
    let Some(stage) = ctx.stage_of(b) else { return };
    let blocker = between
        .iter()
        .map(|&i| &file.instructions[i])
        .find(|i| !inert(i.kind));
    let fix = match blocker {
        Some(i) => Err(match i.kind {
            Kind::Volume => format!(
                "changes under the VOLUME on line {} would count differently",
                i.start_line
            ),
            _ => format!(
                "the {} on line {} between them is in the second RUN's environment",
                i.kind.as_str(),
                i.start_line
            ),
        }),
        None => join::join(ctx, a, b),
    };
    let mut msg = format!(
        "this RUN could join the RUN on line {}: one layer instead of two",
        run_a.start_line
    );
    let fix = match fix {
        Ok(edits) => {
            let title = if between.is_empty() {
                "Join with the previous RUN".to_string()
            } else {
                let kinds: Vec<&str> = between
                    .iter()
                    .map(|&i| file.instructions[i].kind.as_str())
                    .collect();
                format!(
                    "Move into the RUN on line {}, above the {}",
                    run_a.start_line,
                    kinds.join(", ")
                )
            };
            Some(Fix {
                title,
                edits,
                ..Default::default()
            })
        }
        Err(why) => {
            msg.push_str(&format!(" (no automatic join: {why})"));
            None
        }
    };
    // hadolint's DL3059 is the plain case, named as an alias there: only comments between the
    // two RUNs and a single command in each (it takes more for deliberate).
    let single = |i| simple_commands(ctx, i).is_some_and(|n| n <= 1);
    let plain = between.is_empty() && single(a) && single(b);
    let (aliases, related): (&[&str], &[&str]) = if plain {
        (&["DL3059"], &[])
    } else {
        (&[], &["DL3059"])
    };
    let severity = ship_severity(ctx, stage);
    out.add_as(&LL101, severity, aliases, related, run_b.span, msg, fix);
}

/// The commands of a RUN as hadolint counts them for DL3059: those inside `$(…)` too, not
/// the `[ … ]` tests nor the commands of an `sh -c` string (one string to hadolint). A RUN
/// that is not sh (cmd, PowerShell) has no such count (`None`): hadolint reads it as sh all
/// the same, which says nothing about it.
fn simple_commands(ctx: &Context, i: usize) -> Option<usize> {
    if ctx.shell(i) != ShellKind::Posix {
        return None;
    }
    let counts = ctx.memo(|ctx| {
        let all: Vec<_> = invocations::all(ctx).collect();
        let mut counts = CommandCounts(vec![0; ctx.file.instructions.len()]);
        for run in all.chunk_by(|x, y| x.instruction == y.instruction) {
            let counted = run
                .iter()
                .filter(|v| !matches!(v.written.program(), Some("[" | "[[")))
                .filter(|v| !run.iter().any(|o| holds_as_shell_c(o, v)))
                .count();
            counts.0[run[0].instruction] = counted;
        }
        counts
    });
    counts.0.get(i).copied()
}

/// Per instruction, its commands as hadolint counts them for DL3059 (worked out once).
struct CommandCounts(Vec<usize>);

/// Whether `outer` is an `sh -c '…'` whose string holds `inner`.
fn holds_as_shell_c(outer: &invocations::Invocation, inner: &invocations::Invocation) -> bool {
    let shell_c = outer
        .written
        .program()
        .is_some_and(|p| crate::lint::scripts::SHELLS.contains(&p))
        && outer.written.has_flag(&["-c"]);
    shell_c
        && std::ptr::eq(outer.script, inner.script)
        && !std::rc::Rc::ptr_eq(&outer.written, &inner.written)
        && outer.written.range.start <= inner.written.range.start
        && inner.written.range.end <= outer.written.range.end
}

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

pub static LL105: Rule = Rule {
    id: "LL105",
    name: "too-many-layers",
    aliases: &[],
    related: &[],
    severity: Severity::Warning,
    title: doc!("Too many layers in the image that ships"),
    why: doc!(concat!(
        "Every layer of the final image is fetched and extracted at task start: a request, a \
         decompression stream and an overlay mount each, and layers are unpacked one after \
         another. Counted: the layers of the base image when layerlint knows them (published \
         layer counts from ",
        "docker-library/repo-info",
        ", as for LL201), plus every RUN, COPY and ADD of the final stage and the stages it is \
         built FROM. The threshold is the `maxLayers` setting (default 20)."
    )),
    bad: doc!(
        "FROM python:3.12-slim\nCOPY a /a\nCOPY b /b\nCOPY c /c\nCOPY d /d\nCOPY e /e\nCOPY f /f\n\
          COPY g /g\nCOPY h /h\nCOPY i /i\nCOPY j /j\nCOPY k /k\nCOPY l /l\nCOPY m /m\nCOPY n /n\n\
          COPY o /o\nCOPY p /p\nCOPY q /q\n"
    ),
    good: doc!("FROM python:3.12-slim\nCOPY src/ /\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: too_many_layers,
};

fn too_many_layers(ctx: &Context, out: &mut Findings) {
    let Some(last) = ctx.graph.final_stage() else {
        return;
    };
    let chain: Vec<usize> = ctx.graph.ancestry(last.index).into_iter().rev().collect();
    let root = &ctx.stages()[chain[0]];
    // The base's layers: `None` when layerlint does not know them.
    let (base_layers, base_name) = match root.parent() {
        Some(StageRef::Image(r)) => {
            match ImageRef::parse(r).and_then(|r| published_layers(&r).map(|n| (n, r))) {
                Some((n, r)) => (n, Some(Some(format!("`{}`", r.familiar())))),
                None => (0, None),
            }
        }
        Some(StageRef::Scratch) => (0, Some(None)),
        _ => (0, None),
    };
    let max = ctx.config.max_layers;
    let mut count = base_layers;
    let mut crossing: Option<&Instruction> =
        (count > max).then(|| &ctx.file.instructions[root.from]);
    for &s in &chain {
        for i in ctx.stages()[s].instructions.clone() {
            let inst = &ctx.file.instructions[i];
            if matches!(inst.kind, Kind::Run | Kind::Copy | Kind::Add) {
                count += 1;
                if count == max + 1 {
                    crossing = Some(inst);
                }
            }
        }
    }
    let Some(at) = crossing.filter(|_| count > max) else {
        return;
    };
    let made = count - base_layers;
    let base = match &base_name {
        Some(Some(name)) => {
            format!("{base_layers} in {name} as published, {made} from this file")
        }
        Some(None) => "all from this file".to_string(),
        None => format!("{made} from this file, plus those of the base image"),
    };
    let msg = format!(
        "the image that ships has {count} layers ({base}), more than {max}; this is number \
         {}: every layer is one more download and extraction at task start — join RUNs \
         (LL101) and COPY whole directories",
        max + 1
    );
    let span = match at.kind {
        Kind::From => at.as_from().map_or(at.span, |f| f.image.span),
        _ => at.keyword_span,
    };
    out.add(&LL105, span, msg, None);
}

/// The published layer count of a base image in layerlint's data (exact tag; no tag = latest).
fn published_layers(r: &ImageRef) -> Option<usize> {
    base_images::lookup(r).and_then(|b| b.layers)
}

pub static LL106: Rule = Rule {
    id: "LL106",
    name: "context-copied-before-install",
    aliases: &[],
    related: &[],
    severity: Severity::Warning,
    title: doc!("The whole build context copied before the dependency install"),
    why: doc!(concat!(
        "`COPY . .` before `npm ci`, `pip install -r …`, `go mod download` and the like makes \
         the install depend on every file of the build context: any code change invalidates \
         the cache, so the install runs again on every build and its layer — usually the \
         largest one — is new every time, so no node can reuse it and every task start pulls \
         it again. Copy the dependency manifests first, install, then copy the rest. ",
        "Severity: warning in a stage that ships, info elsewhere (there it costs build time)."
    )),
    bad: doc!(
        "FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD [\"node\", \"index.js\"]\n"
    ),
    good: doc!(
        "FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\n\
           COPY . .\nCMD [\"node\", \"index.js\"]\n"
    ),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: context_copied_before_dependency_install,
};

fn context_copied_before_dependency_install(ctx: &Context, out: &mut Findings) {
    for stage in ctx.stages() {
        // The source word of a whole-context copy not yet followed by an install.
        let mut context_copy: Option<&crate::syntax::Arg> = None;
        let mut installed_before: Vec<&'static str> = Vec::new();
        for i in stage.instructions.clone() {
            let inst = &ctx.file.instructions[i];
            if let Some(copy) = inst.as_copy() {
                if context_copy.is_none() && copy.from.is_none() {
                    if let Some(src) = copy.paths().find(|s| is_whole_context(&s.value)) {
                        context_copy = Some(src);
                    }
                }
                continue;
            }
            if inst.kind != Kind::Run {
                continue;
            }
            for script in ctx.scripts_of(i) {
                for command in &script.script.commands {
                    let Some(install) = dependency_install(&command.unwrapped()) else {
                        continue;
                    };
                    let Some(src) = context_copy else {
                        installed_before.push(install.tool);
                        continue;
                    };
                    if installed_before.contains(&install.tool) {
                        continue;
                    }
                    let msg = format!(
                        "the whole build context is copied here, before `{}` on line {}: \
                         every code change re-runs the install and re-ships its layer — \
                         copy {} first, install, then copy the rest",
                        install.command, inst.start_line, install.manifests,
                    );
                    out.add_with_severity(&LL106, ship_severity(ctx, stage), src.span, msg, None);
                    context_copy = None; // one finding per copy
                    installed_before.push(install.tool);
                }
            }
        }
    }
}

/// `.`, `./`, `./.`, `*`: the whole build context.
fn is_whole_context(source: &str) -> bool {
    matches!(source, "." | "./" | "./." | "*" | "./*")
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::{lint, lint_with, Case};
    use crate::report::Severity;

    /// Whether each finding names DL3059 as an alias.
    fn dl3059(case: &Case) -> Vec<bool> {
        case.findings
            .iter()
            .map(|f| f.aliases == ["DL3059"])
            .collect()
    }

    /// hadolint's DL3059Spec: single-command RUNs with only comments between them are its
    /// case; `&&`, `;`, other instructions, or RUNs with other mounts are not.
    #[test]
    fn dl3059_is_the_plain_case_of_ll101() {
        let f = "FROM a:1\n";
        for (runs, lines, plain) in [
            (
                "RUN /foo.sh\n# c\n# d\nRUN /bar.sh\n",
                &[5][..],
                &[true][..],
            ),
            ("RUN foo && bar\nRUN foobar\n", &[3], &[false]),
            ("RUN foo; bar\nRUN foo\nRUN bar\n", &[3, 4], &[false, true]),
            ("RUN a\nENV X=1\nRUN b\n", &[4], &[false]),
            (
                "RUN --mount=type=secret,id=foo /foo.sh\nRUN --mount=type=secret,id=foo /foo.sh\n",
                &[3],
                &[true],
            ),
            // `[ … ]` is a test, not a command; `$(…)` and `sh -c` count as hadolint counts them.
            (
                "RUN [ -d /tmp ] && echo a\nRUN [ -d /x ] && echo b\n",
                &[3],
                &[true],
            ),
            ("RUN test \"$(stat /a)\" = 1\nRUN test x\n", &[3], &[false]),
            ("RUN sh -c 'a > /b'\nRUN mkdir /c\n", &[3], &[true]),
        ] {
            let text = format!("{f}{runs}");
            let case = lint("LL101", &text);
            case.on_lines(lines);
            assert_eq!(dl3059(&case), plain, "{runs}");
        }
    }

    /// Parity exception: hadolint reads a PowerShell RUN as sh and counts what its parser makes
    /// of it; layerlint does not count commands in a shell it does not read.
    #[test]
    fn hadolint_counts_powershell_runs_as_sh_for_dl3059() {
        let text = "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n\
                    SHELL [\"powershell\", \"-Command\"]\n\
                    RUN Invoke-WebRequest -Uri $env:URL -OutFile 'x.zip'\n\
                    RUN Write-Host ('Verifying ({0})' -f $env:SHA)\n";
        let case = lint("LL101", text);
        case.on_lines(&[4]);
        assert_eq!(dl3059(&case), [false]);
    }

    #[test]
    fn adjacent_runs_are_joined() {
        let text = "FROM alpine:3.20\nRUN apk add curl\nRUN echo hi\n";
        let fixed = "FROM alpine:3.20\nRUN apk add curl && \\\n    echo hi\n";
        let case = lint("LL101", text);
        case.fails_at(&["RUN echo hi"]).fixes_to(fixed);
        // Two single commands: hadolint's case.
        assert_eq!(dl3059(&case), [true]);
        lint("LL101", fixed).passes();
    }

    #[test]
    fn comments_between_and_trailing_comments_become_comment_lines() {
        let text = "FROM alpine:3.20\nRUN apk add curl # tools\n\n# greet\nRUN echo hi\nCMD x\n";
        let fixed =
            "FROM alpine:3.20\nRUN apk add curl && \\\n    # tools\n    # greet\n    echo hi\nCMD x\n";
        lint("LL101", text)
            .fails_at(&["RUN echo hi"])
            .fixes_to(fixed);
        let df = crate::syntax::parse(fixed);
        let run = df.instructions[1].shell_command().unwrap();
        assert_eq!(run.text, "apk add curl &&     echo hi");
        assert!(df.diagnostics.is_empty());
    }

    #[test]
    fn a_pragma_before_the_second_run_blocks_the_join() {
        let text = "FROM alpine:3.20\nRUN a\n# hadolint ignore=DL3018\nRUN apk add b\n";
        lint("LL101", text)
            .has_no_fix()
            .messages_contain(&["meant for it"]);
    }

    #[test]
    fn metadata_does_not_separate_runs_and_the_run_moves_above_inert_ones() {
        let text = "FROM alpine:3.20\nRUN a\nLABEL x=1\nEXPOSE 80\nRUN b\n";
        let case = lint("LL101", text);
        case.fails_at(&["RUN b"])
            .fixes_to("FROM alpine:3.20\nRUN a && \\\n    b\nLABEL x=1\nEXPOSE 80\n");
        let fix = case.findings[0].fix.as_ref().unwrap();
        assert!(
            fix.title.contains("above the LABEL, EXPOSE"),
            "{}",
            fix.title
        );
        // ENV between: the second RUN sees it; moving it up would change that.
        let env = "FROM alpine:3.20\nRUN apk add curl\nENV A=1\nRUN echo $A\n";
        lint("LL101", env)
            .has_no_fix()
            .messages_contain(&["ENV on line 3"]);
    }

    #[test]
    fn layer_making_and_shell_changing_instructions_and_flags_break_the_sequence() {
        for text in [
            "FROM alpine:3.20\nRUN a\nCOPY x /\nRUN b\n",
            "FROM alpine:3.20\nRUN a\nWORKDIR /x\nRUN b\n",
            "FROM alpine:3.20\nRUN a\nUSER app\nRUN b\n",
            "FROM alpine:3.20\nRUN a\nRUN --network=none b\n",
            "FROM alpine:3.20\nRUN --mount=type=cache,target=/a a\nRUN --mount=type=cache,target=/b b\n",
        ] {
            lint("LL101", text).passes();
        }
        // The same flags: joinable, and the second RUN's copy of them goes.
        let same = "FROM alpine:3.20\nRUN --network=none a\nRUN --network=none b\n";
        lint("LL101", same)
            .fails_at(&["RUN --network=none b"])
            .fixes_to("FROM alpine:3.20\nRUN --network=none a && \\\n    b\n");
    }

    #[test]
    fn failure_semantics_are_kept() {
        // `a && b || true` would swallow a failure of `a`: the second RUN is wrapped.
        lint("LL101", "FROM alpine:3.20\nRUN a\nRUN b || true\n")
            .fails_at(&["RUN b || true"])
            .fixes_to("FROM alpine:3.20\nRUN a && \\\n    ( b || true )\n");
        lint(
            "LL101",
            "FROM alpine:3.20\nRUN a\nRUN set -e; b; \\\n    c\n",
        )
        .fails_at(&["RUN set -e; b; \\\n    c"])
        .fixes_to("FROM alpine:3.20\nRUN a && \\\n    ( set -e; b; \\\n    c )\n");
        // A first RUN that changes the shell would change the second one's commands.
        for (text, reason) in [
            (
                "FROM alpine:3.20\nRUN cd /src\nRUN make\n",
                "`cd` would carry over",
            ),
            ("FROM alpine:3.20\nRUN set -eux; a\nRUN b\n", "`set -eux`"),
            ("FROM alpine:3.20\nRUN a &\nRUN b\n", "background"),
            ("FROM alpine:3.20\nRUN a;\nRUN b\n", "operator"),
        ] {
            lint("LL101", text).has_no_fix().messages_contain(&[reason]);
        }
        // `set -ex` does not: a failing `&&` list fails either way.
        lint("LL101", "FROM alpine:3.20\nRUN set -ex; a\nRUN b\n")
            .fixes_to("FROM alpine:3.20\nRUN set -ex; a && \\\n    b\n");
    }

    #[test]
    fn exec_form_heredocs_and_other_shells_get_no_fix() {
        for (text, reason) in [
            ("FROM alpine:3.20\nRUN [\"a\"]\nRUN b\n", "exec form"),
            ("FROM alpine:3.20\nRUN a\nRUN <<EOF\nb\nEOF\n", "heredoc"),
            (
                "FROM alpine:3.20\nSHELL [\"pwsh\", \"-c\"]\nRUN a\nRUN b\n",
                "POSIX",
            ),
        ] {
            lint("LL101", text).has_no_fix().messages_contain(&[reason]);
        }
    }

    #[test]
    fn the_escape_directive_and_line_breaks_are_respected() {
        let text = "# escape=`\nFROM alpine:3.20\nRUN a `\n    && b\nRUN c\n";
        lint("LL101", text)
            .fails_at(&["RUN c"])
            .fixes_to("# escape=`\nFROM alpine:3.20\nRUN a `\n    && b && `\n    c\n");
        lint("LL101", "FROM alpine:3.20\r\nRUN a\r\nRUN b\r\n")
            .fails_at(&["RUN b"])
            .fixes_to("FROM alpine:3.20\r\nRUN a && \\\r\n    b\r\n");
        lint("LL101", "FROM alpine:3.20\nRUN a\nRUN b")
            .fails_at(&["RUN b"])
            .fixes_to("FROM alpine:3.20\nRUN a && \\\n    b");
    }

    #[test]
    fn builder_stages_get_info_not_warning() {
        let text = "FROM alpine:3.20 AS b\nRUN a\nRUN b\nFROM alpine:3.20\nCOPY --from=b / /\n";
        let case = lint("LL101", text);
        case.fails_at(&["RUN b"]);
        assert_eq!(case.findings[0].severity, Severity::Info);
        let shipped = lint(
            "LL101",
            "FROM alpine:3.20 AS base\nRUN a\nRUN b\nFROM base\n",
        );
        shipped.fails_at(&["RUN b"]);
        assert_eq!(shipped.findings[0].severity, Severity::Warning);
    }

    #[test]
    fn chains_of_runs_are_joined_whole_by_fix_all() {
        let text = "FROM alpine:3.20\nRUN a\nRUN b\nRUN c\nRUN d\nRUN e\n";
        let fixed = crate::lint::fix_all(text, &Default::default(), true);
        assert_eq!(
            fixed,
            "FROM alpine:3.20\nRUN a && \\\n    b && \\\n    c && \\\n    d && \\\n    e\n"
        );
    }

    #[test]
    fn layer_count_of_the_shipped_image() {
        let many: String = std::iter::once("FROM python:3.12\n".to_string())
            .chain((0..14).map(|i| format!("COPY f{i} /\n")))
            .collect();
        // The 21st layer.
        lint("LL105", &many)
            .on_lines(&[15])
            .messages_contain(&["21 layers (7 in `python:3.12` as published, 14 from this file)"]);
        // Fewer base layers: under the threshold.
        lint("LL105", &many.replace("python:3.12", "alpine:latest")).passes();
        // Builder stages do not count; the chain of FROM stages does.
        lint(
            "LL105",
            &format!("{many}FROM alpine:latest\nCOPY --from=0 / /\n"),
        )
        .passes();
        let config = crate::lint::Config {
            max_layers: 3,
            ..Default::default()
        };
        let small = "FROM debian:12\nCOPY a /\nCOPY b /\nRUN c\nRUN d\n";
        lint_with("LL105", small, &config).messages_contain(&["4 layers (4 from this file, plus"]);
    }

    #[test]
    fn whole_context_before_the_install() {
        let text = "FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\n";
        let case = lint("LL106", text);
        case.fails_at(&["."])
            .messages_contain(&["`npm ci` on line 4"])
            .messages_contain(&["package.json"]);
        let start = case.findings[0].span.start;
        assert_eq!((start.line, start.column), (3, 6));
        for good in [
            "FROM node:22-slim\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n",
            "FROM node:22-slim\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm ci\n",
            "FROM python:3.12-slim\nCOPY . .\nRUN pip install .\n",
            "FROM golang:1.23 AS b\nCOPY --from=src . .\nRUN go mod download\n",
        ] {
            lint("LL106", good).passes();
        }
        let pip = "FROM python:3.12-slim AS build\nCOPY ./ /src\nRUN pip install -r /src/requirements.txt\nFROM scratch\n";
        let case = lint("LL106", pip);
        case.fails_at(&["./"])
            .messages_contain(&["/src/requirements.txt"]);
        assert_eq!(case.findings[0].severity, Severity::Info);
    }
}
