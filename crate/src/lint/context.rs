//! What rules see: the parsed file plus facts derived once — the stage graph
//! ([`crate::syntax::stages`]), which stages ship, the shell each RUN runs in, and the parsed
//! shell scripts of the RUNs ([`scripts`](super::scripts)).

use super::scripts::{self, RunScript};
use super::Config;
use crate::report::Span;
use crate::shell::{self, check::Dialect};
use crate::syntax::scope::Scopes;
use crate::syntax::stages::{Stage, StageGraph, StageRef};
use crate::syntax::{Dockerfile, Instruction, Kind};
use std::any::{Any, TypeId};
use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

/// The shell a RUN's shell form runs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShellKind {
    /// `/bin/sh -c` (the default on Linux) or bash, dash, …: read with the shell grammar.
    Posix,
    /// `SHELL ["powershell", …]`, `pwsh`, or `# hadolint shell=powershell`.
    PowerShell,
    /// `cmd /S /C`: the default of Windows base images.
    Cmd,
    /// Any other program given to SHELL.
    Other,
}

pub struct Context<'a> {
    pub file: &'a Dockerfile,
    /// The user's configuration (thresholds, trusted registries, label schema, …).
    pub config: &'a Config,
    pub graph: StageGraph,
    /// Per stage: whether its layers end up in the final image (the last stage and the
    /// stages it is built `FROM`). Builder stages that are only copied from do not ship.
    ships: Vec<bool>,
    /// Per instruction: the shell its shell form runs in, and the dialect ShellCheck reads its
    /// scripts as — both classified once from SHELL's first word or the `shell=` pragma.
    shells: Vec<(ShellKind, Dialect)>,
    /// The scripts of every RUN (and `ONBUILD RUN` trigger) run by a POSIX shell, in
    /// instruction order.
    scripts: Vec<RunScript<'a>>,
    /// The build context, when the caller knows it (the `.dockerignore` rules need it).
    pub build: Option<&'a super::BuildContext>,
    /// What rules derived once for all of them (see [`Context::memo`]).
    memos: RefCell<Vec<(TypeId, Rc<dyn Any>)>>,
}

impl<'a> Context<'a> {
    pub fn new(file: &'a Dockerfile, config: &'a Config) -> Self {
        let graph = StageGraph::new(file);
        let mut ships = vec![false; graph.stages.len()];
        if let Some(last) = graph.final_stage() {
            for s in graph.ancestry(last.index) {
                ships[s] = true;
            }
        }
        let shells = shells(file, &graph);
        let scripts = file
            .instructions
            .iter()
            .enumerate()
            .filter(|(i, _)| shells[*i].0 == ShellKind::Posix)
            .filter_map(|(i, inst)| Some((i, run_of(inst)?)))
            .flat_map(|(i, run)| scripts::of_run(i, run, &file.text))
            .collect();
        Context {
            file,
            config,
            graph,
            ships,
            shells,
            scripts,
            build: None,
            memos: RefCell::default(),
        }
    }

    /// Data derived from the file that several rules need (the commands of every RUN, …):
    /// computed by the first rule that asks, then shared by all. One value per type.
    pub fn memo<T: 'static>(&self, init: impl FnOnce(&Self) -> T) -> Rc<T> {
        let id = TypeId::of::<T>();
        let found = self.memos.borrow().iter().find(|(t, _)| *t == id).cloned();
        if let Some(value) = found.and_then(|(_, v)| v.downcast::<T>().ok()) {
            return value;
        }
        let value = Rc::new(init(self));
        self.memos.borrow_mut().push((id, value.clone()));
        value
    }

    /// The ARGs and ENVs every instruction sees ([`Scopes`]), computed once per lint.
    pub fn scopes(&self) -> Rc<Scopes> {
        self.memo(|cx| Scopes::new(cx.file, &cx.graph))
    }

    /// Every stage, in order.
    pub fn stages(&self) -> &[Stage] {
        &self.graph.stages
    }

    /// Whether the stage's layers end up in the final image.
    pub fn ships(&self, stage: &Stage) -> bool {
        self.ships.get(stage.index).copied().unwrap_or(false)
    }

    /// The stage an instruction belongs to (`None` for global ARGs before the first FROM).
    pub fn stage_of(&self, instruction: usize) -> Option<&Stage> {
        self.graph.stage_of(instruction)
    }

    /// Whether the stage is built FROM another stage of this file.
    pub fn parent_stage(&self, stage: &Stage) -> Option<&Stage> {
        match stage.parent()? {
            StageRef::Stage(i) => self.graph.stages.get(*i),
            _ => None,
        }
    }

    pub fn instructions(&self, stage: &Stage) -> &'a [Instruction] {
        let file: &'a Dockerfile = self.file;
        &file.instructions[stage.instructions.clone()]
    }

    /// The RUN at instruction `i`, or the RUN an `ONBUILD` there holds (its trigger runs in
    /// the builds FROM this image, and is checked like any RUN).
    pub fn run(&self, i: usize) -> Option<&'a Instruction> {
        let file: &'a Dockerfile = self.file;
        file.instructions.get(i).and_then(run_of)
    }

    /// The shell the instruction's shell form runs in.
    pub fn shell(&self, instruction: usize) -> ShellKind {
        self.shells
            .get(instruction)
            .map_or(ShellKind::Posix, |(kind, _)| *kind)
    }

    /// The dialect of the program the instruction's shell form runs in, as SHELL or the
    /// `# hadolint shell=` pragma names it (`/bin/bash` → bash); sh for the default `/bin/sh`.
    pub fn shell_dialect(&self, instruction: usize) -> Dialect {
        self.shells
            .get(instruction)
            .map_or(Dialect::Sh, |(_, dialect)| *dialect)
    }

    /// Every parsed RUN script (POSIX shells only; ONBUILD triggers included), in
    /// instruction order.
    pub fn scripts(&self) -> &[RunScript<'a>] {
        &self.scripts
    }

    /// The scripts of one RUN.
    pub fn scripts_of(&self, instruction: usize) -> impl Iterator<Item = &RunScript<'a>> {
        // In instruction order: the RUN's scripts are one run of the list.
        let first = self
            .scripts
            .partition_point(|s| s.instruction < instruction);
        self.scripts[first..]
            .iter()
            .take_while(move |s| s.instruction == instruction)
    }

    /// Every command of every RUN script with its instruction index and file span.
    pub fn commands(&self) -> impl Iterator<Item = (usize, &shell::Command, Span)> + '_ {
        self.scripts.iter().flat_map(move |s| {
            s.script.commands.iter().map(move |c| {
                (
                    s.instruction,
                    c,
                    self.span_of(s.source_range(c.range.clone())),
                )
            })
        })
    }

    /// A span from a byte range of the file.
    pub fn span_of(&self, range: Range<usize>) -> Span {
        self.file.span(range.start, range.end)
    }
}

/// The instruction itself when it is a RUN, the trigger when it is `ONBUILD RUN`.
fn run_of(inst: &Instruction) -> Option<&Instruction> {
    match inst.kind {
        Kind::Run => Some(inst),
        Kind::Onbuild => inst.as_onbuild().filter(|t| t.kind == Kind::Run),
        _ => None,
    }
}

/// Per instruction, the shell its shell form runs in: the stage's SHELL, else the parent
/// stage's, else `cmd` for Windows base images and `/bin/sh` otherwise; a
/// `# hadolint shell=powershell` comment switches every later instruction.
fn shells(file: &Dockerfile, graph: &StageGraph) -> Vec<(ShellKind, Dialect)> {
    const DEFAULT: (ShellKind, Dialect) = (ShellKind::Posix, Dialect::Sh);
    let mut out = vec![DEFAULT; file.instructions.len()];
    let mut stage_shell: Vec<(ShellKind, Dialect)> = Vec::with_capacity(graph.stages.len());
    let pragma_from = file.comments.iter().find_map(|c| {
        let program = pragma_shell(&c.text)?;
        Some((c.span.end.offset, classify(program)))
    });
    let with_pragma = |at: usize, current| match pragma_from {
        Some((from, shell)) if at > from => shell,
        _ => current,
    };
    for stage in &graph.stages {
        let mut current = match stage.parent() {
            Some(StageRef::Stage(p)) => stage_shell.get(*p).copied().unwrap_or(DEFAULT),
            _ if is_windows_image(stage.base_expanded.as_deref().unwrap_or(&stage.base)) => {
                (ShellKind::Cmd, Dialect::Sh)
            }
            _ => DEFAULT,
        };
        for i in stage.instructions.clone() {
            let inst = &file.instructions[i];
            if let Some(args) = inst.as_shell() {
                current = args.first().map_or(current, |a| classify(&a.value));
            }
            out[i] = with_pragma(inst.span.start.offset, current);
        }
        stage_shell.push(current);
    }
    out
}

/// A shell program, classified once: the kind of shell and ShellCheck's dialect for it.
fn classify(program: &str) -> (ShellKind, Dialect) {
    (shell_kind(program), Dialect::of_program(program))
}

fn shell_kind(program: &str) -> ShellKind {
    let name = program.rsplit(['/', '\\']).next().unwrap_or(program);
    let name = name
        .strip_suffix(".exe")
        .unwrap_or(name)
        .to_ascii_lowercase();
    match name.as_str() {
        "sh" | "bash" | "dash" | "ash" | "zsh" | "ksh" | "busybox" => ShellKind::Posix,
        "powershell" | "pwsh" => ShellKind::PowerShell,
        "cmd" => ShellKind::Cmd,
        _ => ShellKind::Other,
    }
}

/// `hadolint shell=powershell` → `powershell` (any other value names a shell the same way).
fn pragma_shell(comment: &str) -> Option<&str> {
    let rest = comment.trim().strip_prefix("hadolint")?.trim_start();
    let value = rest.strip_prefix("shell")?.trim_start().strip_prefix('=')?;
    Some(value.trim())
}

/// Windows base images run RUN with `cmd /S /C` unless SHELL says otherwise.
pub(crate) fn is_windows_image(reference: &str) -> bool {
    let r = reference.to_ascii_lowercase();
    [
        "mcr.microsoft.com/windows",
        "servercore",
        "nanoserver",
        "windowsservercore",
    ]
    .iter()
    .any(|w| r.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    fn shells_of(text: &str) -> Vec<ShellKind> {
        let df = parse(text);
        let config = Config::default();
        let ctx = Context::new(&df, &config);
        (0..df.instructions.len())
            .filter(|i| df.instructions[*i].kind == Kind::Run)
            .map(|i| ctx.shell(i))
            .collect()
    }

    #[test]
    fn shell_follows_shell_instructions_stages_and_windows_bases() {
        use ShellKind::*;
        let text = "FROM alpine AS a\nRUN x\nSHELL [\"pwsh\", \"-c\"]\nRUN y\nFROM a\nRUN z\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir\n";
        assert_eq!(shells_of(text), [Posix, PowerShell, PowerShell, Cmd]);
        let pragma = "FROM alpine\nRUN a\n# hadolint shell=powershell\nRUN b\n";
        assert_eq!(shells_of(pragma), [Posix, PowerShell]);
    }

    /// hadolint's `onBuildRuleCatches`: a trigger's command is checked like a RUN's, with
    /// spans inside the trigger, its flags (cache mounts) included.
    #[test]
    fn onbuild_triggers_are_run_scripts() {
        let text = "FROM alpine:3.20\nONBUILD RUN --mount=type=cache,target=/x apk add curl\n\
                    ONBUILD COPY . /app\n";
        let df = parse(text);
        let config = Config::default();
        let ctx = Context::new(&df, &config);
        let spans: Vec<&str> = ctx.commands().map(|(_, _, s)| df.slice(s)).collect();
        assert_eq!(spans, ["apk add curl"]);
        let trigger = ctx.run(1).expect("ONBUILD RUN holds a RUN");
        assert_eq!(trigger.as_run().unwrap().mounts.len(), 1);
        assert!(ctx.run(2).is_none() && ctx.run(0).is_none());
        // DL3018 inside the trigger.
        crate::lint::rules::test_util::lint("LL518", text).fails_at(&["curl"]);
    }

    #[test]
    fn memos_are_computed_once_per_type() {
        let df = parse("FROM alpine\n");
        let config = Config::default();
        let ctx = Context::new(&df, &config);
        let calls = std::cell::Cell::new(0);
        let count = |c: &Context| {
            calls.set(calls.get() + 1);
            c.stages().len()
        };
        assert_eq!(*ctx.memo(count), 1);
        assert_eq!(*ctx.memo(count), 1);
        assert_eq!(*ctx.memo(|_| "other type"), "other type");
        assert_eq!(calls.get(), 1);
    }

    #[test]
    fn commands_carry_exact_file_spans() {
        let text = "FROM alpine\nRUN apk update && \\\n    apk add curl\n";
        let df = parse(text);
        let config = Config::default();
        let ctx = Context::new(&df, &config);
        let spans: Vec<&str> = ctx.commands().map(|(_, _, s)| df.slice(s)).collect();
        assert_eq!(spans, ["apk update", "apk add curl"]);
        let windows = parse("FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nRUN apt-get x\n");
        assert_eq!(
            Context::new(&windows, &config).commands().count(),
            0,
            "cmd is not sh"
        );
    }
}
