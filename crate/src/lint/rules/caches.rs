//! What package managers leave in a layer: cleanup in a later layer (LL102), caches left in
//! the layer (LL103), and apt's recommended packages (LL104). The knowledge of each tool is in
//! [`crate::lint::tools`].

use super::ship_severity;
use crate::lint::context::Context;
use crate::lint::join;
use crate::lint::scripts::RunScript;
use crate::lint::tools::{self, Cache, Write};
use crate::lint::{Findings, FixSafety, Rule};
use crate::report::{Fix, Severity, Span, TextEdit};
use crate::shell;
use crate::syntax::scope::Scope;
use crate::syntax::stages::StageRef;
use crate::syntax::Kind;
use std::collections::BTreeSet;
use std::ops::Range;

pub static LL102: Rule = Rule {
    id: "LL102",
    name: "cleanup-in-later-layer",
    aliases: &[],
    related: &[],
    severity: Severity::Warning,
    title: "Cleanup in a later layer than what it cleans",
    why: concat!(
        "Layers only add: a RUN that deletes files an earlier layer created (package lists and \
         caches, downloaded archives, cloned sources, packages it purges) adds whiteout entries \
         that hide them, and the earlier layer still ships every byte. Every task start still \
         downloads and extracts them. The cleanup only counts in the RUN that created the files. ",
        "Tracked per stage (and from the stages it is built FROM): caches and lists of apt, apk, \
         yum/dnf, zypper, pip, uv, npm, yarn and composer; packages installed with apt, apk, \
         yum/dnf; files made by `curl -o`, `wget`, `git clone`, `mkdir`, COPY and ADD. ",
        "Severity: warning in a stage that ships, info elsewhere."
    ),
    bad: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n\
          RUN rm -rf /var/lib/apt/lists/*\n",
    good: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && \\\n    \
           rm -rf /var/lib/apt/lists/*\n",
    fix: Some(
        "Move the cleanup into the RUN that created the files (joined with `&&`), when the RUN \
         holds nothing but cleanup and nothing in between uses the files",
    ),
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: |ctx: &Context, out: &mut Findings| {
        let a = analyze(ctx);
        for c in &a.cleanups {
            let Some(stage) = ctx.stage_of(c.instruction) else {
                continue;
            };
            let creator = &ctx.file.instructions[c.creator];
            let cost = if ctx.ships(stage) {
                "those bytes still ship (a later layer only hides them)"
            } else {
                "those bytes stay in that layer (a later layer only hides them)"
            };
            let mut msg = format!(
                "`{}` removes {} that the {} on line {} left in its layer: {cost}",
                c.text,
                c.what,
                creator.kind.as_str(),
                creator.start_line
            );
            let fix = match move_fix(ctx, &a, c) {
                Ok(edits) => Some(Fix {
                    title: format!(
                        "Move the cleanup into the RUN on line {}",
                        creator.start_line
                    ),
                    edits,
                    ..Default::default()
                }),
                Err(why) => {
                    msg.push_str(&format!(" — do it in that RUN (no automatic move: {why})"));
                    None
                }
            };
            out.add_with_severity(&LL102, ship_severity(ctx, stage), c.span, msg, fix);
        }
    },
};

pub static LL103: Rule = Rule {
    id: "LL103",
    name: "package-cache-in-layer",
    aliases: &[
        "DL3009", "DL3019", "DL3032", "DL3036", "DL3040", "DL3042", "DL3060",
    ],
    related: &["DL3009", "DL3060"],
    severity: Severity::Warning,
    title: "Package manager cache left in the layer",
    why: concat!(
        "Package managers keep what they downloaded: apt's package lists (`apt-get update`, \
         tens of MB), apk's index, yum/dnf/zypper metadata (often 100 MB and more), pip's and \
         uv's wheels, npm's, yarn's and composer's caches, .gem files. Left in a layer they are \
         downloaded and extracted at every task start and never used. Remove them in the same \
         RUN (a later RUN cannot: LL102), don't write them (`apk add --no-cache`, \
         `pip install --no-cache-dir`, `ENV PIP_NO_CACHE_DIR=1`), or keep them out of the image \
         with `RUN --mount=type=cache,target=…` (then this rule is silent). ",
        "Each finding names the hadolint rule of its case: the apt lists (DL3009), apk \
         (DL3019), yum (DL3032), zypper (DL3036), dnf/microdnf (DL3040), pip (DL3042), \
         `yarn install` (DL3060). Where hadolint reports and layerlint does not, hadolint is \
         wrong: a cache mount, `apt-get dist-clean`, `apk add --no-network`, \
         `PIP_NO_CACHE_DIR=off` (pip reads any boolean as \"no cache\"). hadolint's DL3009 and \
         DL3060 skip stages that are neither the last one nor the base of another; there the \
         finding lists them as related. ",
        "Severity: warning in a stage that ships, info elsewhere."
    ),
    bad: "FROM python:3.12-slim\nRUN pip install flask\n",
    good: "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\n",
    fix: Some(
        "Insert `--no-cache` (apk add) or `--no-cache-dir` (pip install); otherwise append the \
         cleanup to the RUN (`rm -rf /var/lib/apt/lists/*`, `dnf clean all`, `npm cache clean \
         --force`, …) — not when a later RUN still needs apt's lists",
    ),
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: |ctx: &Context, out: &mut Findings| {
        let a = analyze(ctx);
        for left in &a.left {
            report_left(ctx, &a, left, out);
        }
    },
};

pub static LL104: Rule = Rule {
    id: "LL104",
    name: "apt-no-install-recommends",
    aliases: &["DL3015"],
    related: &[],
    severity: Severity::Warning,
    title: "`apt-get install` without `--no-install-recommends`",
    why: "apt installs the packages a package *recommends* by default: documentation, helpers, \
          often a second toolchain. They commonly double the bytes of an install, and every \
          task start downloads and extracts them. `--no-install-recommends` installs what was \
          asked for and its real dependencies. Severity: warning in a stage that ships, info \
          elsewhere. hadolint: DL3015 (same check, also `-o APT::Install-Recommends=false`).",
    bad: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && \
          rm -rf /var/lib/apt/lists/*\n",
    good: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y \
           --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
    fix: Some("Insert `--no-install-recommends` after `install`"),
    fix_safety: FixSafety::Unsafe,
    opt_in: false,
    check: |ctx: &Context, out: &mut Findings| {
        for i in runs(ctx) {
            let Some(stage) = ctx.stage_of(i) else {
                continue;
            };
            let mut offending: Vec<(String, Span, Range<usize>)> = Vec::new();
            for (script, command) in commands_of(ctx, i) {
                let c = command.unwrapped();
                let program = c.program().unwrap_or("");
                if !matches!(program, "apt-get" | "apt") {
                    continue;
                }
                let Some(install) = c.args().iter().find(|w| w.value == "install") else {
                    continue;
                };
                let off = c.has_flag(&["--no-install-recommends"])
                    || c.args()
                        .iter()
                        .any(|w| w.value == "APT::Install-Recommends=false");
                if !off {
                    let range = script.source_range(install.range.clone());
                    offending.push((program.to_string(), ctx.span_of(range.clone()), range));
                }
            }
            let Some((_, span, _)) = offending.first() else {
                continue;
            };
            let text = &ctx.file.text;
            let edits: Option<Vec<TextEdit>> = offending
                .iter()
                .map(|(_, _, r)| {
                    (text.get(r.clone()) == Some("install")).then(|| TextEdit {
                        start: r.end,
                        end: r.end,
                        text: " --no-install-recommends".into(),
                    })
                })
                .collect();
            let n = offending.len();
            let cost = if ctx.ships(stage) {
                "bytes every task start pulls"
            } else {
                "bytes the build makes (this stage does not ship)"
            };
            let msg = if n == 1 {
                format!(
                    "`{} install` without `--no-install-recommends` also installs the packages \
                     these recommend: {cost}",
                    offending[0].0
                )
            } else {
                format!(
                    "{n} `apt-get install` commands without `--no-install-recommends` also install \
                     recommended packages: {cost}"
                )
            };
            // hadolint's DL3015 looks at `apt-get` only.
            let aliases: &[&str] = if offending.iter().any(|(p, _, _)| p == "apt-get") {
                &["DL3015"]
            } else {
                &[]
            };
            let fix = edits.map(|edits| Fix {
                title: "Insert `--no-install-recommends` (check that nothing needed a \
                        recommended package)"
                    .into(),
                edits,
                ..Default::default()
            });
            out.add_as(
                &LL104,
                ship_severity(ctx, stage),
                aliases,
                &[],
                *span,
                msg,
                fix,
            );
        }
    },
};

/// Every RUN and `ONBUILD RUN`, in order.
fn runs<'c>(ctx: &'c Context) -> impl Iterator<Item = usize> + 'c {
    (0..ctx.file.instructions.len()).filter(|&i| ctx.run(i).is_some())
}

/// The commands of a RUN's scripts, in order, with the script each belongs to.
fn commands_of<'c, 'a>(
    ctx: &'c Context<'a>,
    i: usize,
) -> impl Iterator<Item = (&'c RunScript<'a>, &'c shell::Command)> + 'c {
    ctx.scripts_of(i)
        .flat_map(|s| s.script.commands.iter().map(move |c| (s, c)))
}

/// What the cleanup of an earlier layer removes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Target {
    Cache(Cache),
    Package(&'static str, String),
    Path(String),
}

#[derive(Debug, Clone)]
struct Present {
    target: Target,
    /// The instruction that left it.
    creator: usize,
}

/// A cache a RUN leaves in its layer.
struct Left {
    instruction: usize,
    cache: Cache,
    /// The commands that wrote it (after the last cleanup in the RUN): the write, the file
    /// range and span of its word, its program.
    writes: Vec<(Write, Range<usize>, Span, String)>,
}

/// A cleanup command in a later layer.
struct Cleanup {
    instruction: usize,
    span: Span,
    text: String,
    what: String,
    creator: usize,
    targets: Vec<Target>,
}

#[derive(Default)]
struct Analysis {
    left: Vec<Left>,
    cleanups: Vec<Cleanup>,
    /// RUNs made only of flagged cleanup commands (and harmless ones such as `set -e`).
    cleanup_only: BTreeSet<usize>,
}

/// Per stage state carried into the stages built FROM it.
#[derive(Default, Clone)]
struct StageState {
    present: Vec<Present>,
    cwd: Option<String>,
}

fn analyze(ctx: &Context) -> Analysis {
    let mut a = Analysis::default();
    let mut states: Vec<Option<StageState>> = vec![None; ctx.stages().len()];
    for stage in ctx.stages() {
        let mut st = match stage.parent() {
            Some(StageRef::Stage(p)) => states.get(*p).cloned().flatten().unwrap_or_default(),
            _ => StageState {
                present: Vec::new(),
                cwd: Some("/".into()),
            },
        };
        // ONBUILD triggers run in the builds FROM this image, after its last layer: what
        // they leave and clean is theirs, apart from this stage's RUNs.
        let mut triggers: Option<StageState> = None;
        for i in stage.instructions.clone().skip(1) {
            let inst = &ctx.file.instructions[i];
            match inst.kind {
                Kind::Onbuild if ctx.run(i).is_some() => {
                    let t = triggers.get_or_insert_with(|| StageState {
                        present: Vec::new(),
                        cwd: st.cwd.clone(),
                    });
                    run(ctx, i, t, &mut a);
                }
                Kind::Workdir => {
                    st.cwd = inst
                        .single()
                        .and_then(|a| tools::resolve(&a.value, st.cwd.as_deref()));
                }
                Kind::Copy | Kind::Add => {
                    for p in copied_paths(inst, st.cwd.as_deref()) {
                        st.present.push(Present {
                            target: Target::Path(p),
                            creator: i,
                        });
                    }
                }
                Kind::Run => run(ctx, i, &mut st, &mut a),
                _ => {}
            }
        }
        states[stage.index] = Some(st);
    }
    a
}

/// The paths a COPY or ADD writes (when the destination is known).
fn copied_paths(inst: &crate::syntax::Instruction, cwd: Option<&str>) -> Vec<String> {
    let Some(copy) = inst.as_copy() else {
        return Vec::new();
    };
    let Some(dest) = tools::resolve(&copy.destination.value, cwd) else {
        return Vec::new();
    };
    let sources: Vec<&str> = copy.sources.iter().map(|s| s.value.as_str()).collect();
    let into_dir = copy.destination.value.ends_with('/') || sources.len() > 1;
    if !into_dir {
        return vec![dest];
    }
    sources
        .iter()
        .filter_map(|s| {
            let s = s
                .split(['?', '#'])
                .next()
                .unwrap_or(s)
                .trim_end_matches('/');
            let name = s.rsplit('/').next()?;
            (!name.is_empty() && !name.contains(['*', '?', '$']) && name != ".")
                .then(|| format!("{}/{name}", dest.trim_end_matches('/')))
        })
        .collect()
}

/// One command of a RUN with what it does.
struct Step {
    span: Span,
    text: String,
    command: shell::Command,
    writes: Vec<(Write, Range<usize>, Span)>,
    cleans: Vec<Cache>,
    rm: Vec<String>,
    packages: Option<tools::PackageChange>,
    creates: Vec<String>,
}

fn run(ctx: &Context, i: usize, st: &mut StageState, a: &mut Analysis) {
    let mounts: Vec<String> = ctx
        .run(i)
        .and_then(|r| r.as_run())
        .map(|r| {
            r.mounts
                .iter()
                .filter(|m| matches!(m.kind(), "cache" | "tmpfs"))
                .filter_map(|m| m.target().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let scope = Scope::at(ctx.file, &ctx.graph, i);
    let mut exports: Vec<(String, String)> = Vec::new();
    let mut cwd = st.cwd.clone();
    let mut steps: Vec<Step> = Vec::new();
    for (script, raw) in commands_of(ctx, i) {
        let c = raw.unwrapped();
        let range = script.source_range(raw.range.clone());
        let env = |name: &str| -> Option<String> {
            raw.assignments
                .iter()
                .chain(c.assignments.iter())
                .find_map(|w| {
                    w.value
                        .strip_prefix(name)?
                        .strip_prefix('=')
                        .map(str::to_string)
                })
                .or_else(|| {
                    exports
                        .iter()
                        .rev()
                        .find(|(n, _)| n == name)
                        .map(|(_, v)| v.clone())
                })
                .or_else(|| scope.var(name).and_then(|v| v.value.clone()))
        };
        let writes = tools::writes(&c, &env)
            .into_iter()
            .filter(|w| !mounts.iter().any(|t| w.cache.covered_by_mount(t)))
            .map(|w| {
                let r = script.source_range(w.word.range.clone());
                let span = ctx.span_of(r.clone());
                (w, r, span)
            })
            .collect();
        steps.push(Step {
            span: ctx.span_of(range.clone()),
            text: ctx.file.text.get(range).unwrap_or("").to_string(),
            cleans: tools::cleans(&c, cwd.as_deref()),
            rm: tools::rm_operands(&c, cwd.as_deref()),
            packages: tools::package_change(&c),
            creates: tools::created_paths(&c, cwd.as_deref()),
            writes,
            command: c.clone(),
        });
        // The state of the shell for the next commands.
        if !raw.position.nested {
            match c.program() {
                Some("cd") => {
                    cwd = c
                        .operands()
                        .next()
                        .and_then(|d| tools::resolve(&d.value, cwd.as_deref()));
                }
                Some("export") => {
                    for w in c.args() {
                        if let Some((n, v)) = w.value.split_once('=') {
                            exports.push((n.to_string(), v.to_string()));
                        }
                    }
                }
                _ => {}
            }
        }
    }

    // LL102: cleanup of what earlier instructions left.
    let mut flagged = 0;
    let mut harmless = 0;
    for (k, step) in steps.iter().enumerate() {
        let before = &steps[..k];
        let mut targets: Vec<(Target, usize)> = Vec::new();
        for cache in &step.cleans {
            let written_here = before
                .iter()
                .any(|s| s.writes.iter().any(|(w, _, _)| w.cache == *cache));
            if written_here {
                continue;
            }
            if let Some(p) = st
                .present
                .iter()
                .rfind(|p| p.target == Target::Cache(*cache))
            {
                targets.push((p.target.clone(), p.creator));
            }
        }
        for op in &step.rm {
            for p in &st.present {
                if let Target::Path(path) = &p.target {
                    let here = before.iter().any(|s| s.creates.contains(path));
                    if !here && tools::removes_path(op, path) {
                        targets.push((p.target.clone(), p.creator));
                    }
                }
            }
        }
        if let Some(change) = step.packages.as_ref().filter(|c| c.remove) {
            // An autoremove after an install in this RUN removes what this RUN pulled in.
            let touched_here = before
                .iter()
                .filter_map(|s| s.packages.as_ref())
                .any(|c| !c.remove && c.manager == change.manager);
            for p in &st.present {
                if let Target::Package(m, name) = &p.target {
                    let named = change.names.contains(name);
                    let auto = change.autoremove && !touched_here;
                    let installed_here = before
                        .iter()
                        .filter_map(|s| s.packages.as_ref())
                        .any(|c| !c.remove && c.manager == *m && c.names.contains(name));
                    if *m == change.manager && (named || auto) && !installed_here {
                        targets.push((p.target.clone(), p.creator));
                    }
                }
            }
        }
        if targets.is_empty() {
            if is_harmless(&step.command) {
                harmless += 1;
            }
            continue;
        }
        flagged += 1;
        // The latest creator first (the one a move would go to).
        targets.sort_by(|(ta, ca), (tb, cb)| cb.cmp(ca).then_with(|| ta.cmp(tb)));
        targets.dedup();
        let (first, creator) = targets[0].clone();
        a.cleanups.push(Cleanup {
            instruction: i,
            span: step.span,
            text: short(&step.text),
            what: describe(&first, targets.len()),
            creator,
            targets: targets.into_iter().map(|(t, _)| t).collect(),
        });
    }
    if flagged > 0 && flagged + harmless == steps.len() {
        a.cleanup_only.insert(i);
    }

    // What this RUN removes is gone for later instructions.
    for step in &steps {
        st.present.retain(|p| match &p.target {
            Target::Cache(c) => !step.cleans.contains(c),
            Target::Path(path) => !step.rm.iter().any(|op| tools::removes_path(op, path)),
            Target::Package(m, name) => !step
                .packages
                .as_ref()
                .is_some_and(|c| c.remove && c.manager == *m && c.names.contains(name)),
        });
    }

    // LL103: caches written after their last cleanup in this RUN.
    let mut caches: Vec<Cache> = steps
        .iter()
        .flat_map(|s| s.writes.iter().map(|(w, _, _)| w.cache))
        .collect();
    caches.sort();
    caches.dedup();
    for cache in caches {
        // A write is gone when this step or a later one cleans its cache.
        let cleaned = |k: usize, writer: &Step| {
            steps[k..].iter().any(|s| {
                s.cleans.contains(&cache)
                    && same_cache(cache, writer.command.program(), s.command.program())
            })
        };
        let writes: Vec<_> = steps
            .iter()
            .enumerate()
            .filter(|(k, s)| !cleaned(*k, s))
            .flat_map(|(_, s)| {
                s.writes
                    .iter()
                    .filter(|(w, _, _)| w.cache == cache)
                    .map(|(w, r, span)| {
                        (
                            w.clone(),
                            r.clone(),
                            *span,
                            s.command.program().unwrap_or("").to_string(),
                        )
                    })
            })
            .collect();
        if writes.is_empty() {
            continue;
        }
        st.present.push(Present {
            target: Target::Cache(cache),
            creator: i,
        });
        a.left.push(Left {
            instruction: i,
            cache,
            writes,
        });
    }
    // Packages and files this RUN leaves.
    for (k, step) in steps.iter().enumerate() {
        let after = &steps[k + 1..];
        if let Some(change) = step.packages.as_ref().filter(|c| !c.remove) {
            for name in &change.names {
                let removed = after.iter().filter_map(|s| s.packages.as_ref()).any(|c| {
                    c.remove
                        && c.manager == change.manager
                        && (c.names.contains(name) || c.autoremove)
                });
                if !removed {
                    st.present.push(Present {
                        target: Target::Package(change.manager, name.clone()),
                        creator: i,
                    });
                }
            }
        }
        for path in &step.creates {
            if !after
                .iter()
                .any(|s| s.rm.iter().any(|op| tools::removes_path(op, path)))
            {
                st.present.push(Present {
                    target: Target::Path(path.clone()),
                    creator: i,
                });
            }
        }
    }
}

/// Whether `cleaner` cleans the cache `writer` wrote: microdnf keeps its cache apart from
/// dnf's (hadolint's DL3040Spec: `dnf install … && microdnf clean all` leaves dnf's).
fn same_cache(cache: Cache, writer: Option<&str>, cleaner: Option<&str>) -> bool {
    cache != Cache::Dnf
        || cleaner == Some("rm")
        || (writer == Some("microdnf")) == (cleaner == Some("microdnf"))
}

/// Commands that may stand in a cleanup-only RUN without making it more than cleanup.
fn is_harmless(command: &shell::Command) -> bool {
    matches!(
        command.program(),
        Some("set" | "true" | ":" | "echo" | "printf")
    )
}

fn describe(target: &Target, n: usize) -> String {
    let one = match target {
        Target::Cache(c) => c.name().to_string(),
        Target::Package(_, name) => format!("the package `{name}`"),
        Target::Path(p) => format!("`{p}`"),
    };
    if n > 1 {
        format!("{one} (and {} more)", n - 1)
    } else {
        one
    }
}

/// A command for a message: its first line, at most 60 characters.
fn short(text: &str) -> String {
    let line = text
        .lines()
        .next()
        .unwrap_or("")
        .trim_end_matches(['\\', ' ']);
    if line.chars().count() > 60 {
        format!("{}…", line.chars().take(59).collect::<String>())
    } else {
        line.to_string()
    }
}

/// LL102's fix: move a cleanup-only RUN into the RUN that created what it removes.
fn move_fix(ctx: &Context, a: &Analysis, c: &Cleanup) -> Result<Vec<TextEdit>, String> {
    let (creator, b) = (c.creator, c.instruction);
    if !a.cleanup_only.contains(&b) {
        return Err("this RUN does more than clean up".into());
    }
    let all_same = a
        .cleanups
        .iter()
        .filter(|x| x.instruction == b)
        .all(|x| x.creator == creator);
    if !all_same {
        return Err("it cleans up after several RUNs".into());
    }
    let file = ctx.file;
    if file.instructions[creator].kind != Kind::Run {
        return Err(format!(
            "the files come from a {}",
            file.instructions[creator].kind.as_str()
        ));
    }
    if ctx.stage_of(creator).map(|s| s.index) != ctx.stage_of(b).map(|s| s.index) {
        return Err("the files come from another stage".into());
    }
    if !file.instructions[b].flags.is_empty() {
        return Err("this RUN has flags of its own".into());
    }
    let targets: Vec<&Target> = a
        .cleanups
        .iter()
        .filter(|x| x.instruction == b)
        .flat_map(|x| &x.targets)
        .collect();
    for between in creator + 1..b {
        let inst = &file.instructions[between];
        match inst.kind {
            Kind::Env | Kind::Arg | Kind::Workdir | Kind::User | Kind::Shell | Kind::Volume => {
                return Err(format!(
                    "the {} on line {} stands between them",
                    inst.kind.as_str(),
                    inst.start_line
                ))
            }
            Kind::Copy | Kind::Add if targets.iter().any(|t| !matches!(t, Target::Cache(_))) => {
                return Err(format!(
                    "the {} on line {} may use them",
                    inst.kind.as_str(),
                    inst.start_line
                ))
            }
            Kind::Run => {
                let text = inst.shell_command().map_or("", |s| s.text);
                let programs: Vec<String> = commands_of(ctx, between)
                    .filter_map(|(_, c)| c.unwrapped().program().map(str::to_string))
                    .collect();
                let uses = targets.iter().any(|t| match t {
                    Target::Cache(cache) => programs
                        .iter()
                        .any(|p| tools::family(*cache).contains(&p.as_str())),
                    Target::Package(..) => true,
                    Target::Path(p) => {
                        let name = p.rsplit('/').next().unwrap_or(p);
                        text.contains(name) || inst.heredocs.iter().any(|h| h.body.contains(name))
                    }
                });
                if uses {
                    return Err(format!("the RUN on line {} may use them", inst.start_line));
                }
            }
            _ => {}
        }
    }
    join::join(ctx, creator, b)
}

fn report_left(ctx: &Context, a: &Analysis, left: &Left, out: &mut Findings) {
    let Some(stage) = ctx.stage_of(left.instruction) else {
        return;
    };
    let (first, _, span, program) = &left.writes[0];
    let cleaned_later = a
        .cleanups
        .iter()
        .find(|c| c.creator == left.instruction && c.targets.contains(&Target::Cache(left.cache)));
    let text = &ctx.file.text;
    let insertable = left.writes.iter().all(|(w, r, _, _)| {
        w.insert_flag.is_some() && text.get(r.clone()) == Some(w.word.value.as_str())
    });
    let cleanup = tools::cleanup_command(left.cache, program);
    let (advice, fix): (String, Result<Fix, String>) = if let Some(c) = cleaned_later {
        (
            format!(
                "line {} removes it, one layer too late (LL102)",
                ctx.file.instructions[c.instruction].start_line
            ),
            Err(String::new()),
        )
    } else if insertable {
        let flag = first.insert_flag.unwrap_or_default();
        let edits = left
            .writes
            .iter()
            .map(|(_, r, _, _)| TextEdit {
                start: r.end,
                end: r.end,
                text: format!(" {flag}"),
            })
            .collect();
        (
            format!("add `{flag}`"),
            Ok(Fix {
                title: format!("Insert `{flag}`"),
                edits,
                ..Default::default()
            }),
        )
    } else if let Some(cmd) = cleanup {
        let fix = apt_lists_needed_later(ctx, left)
            .map_or_else(
                || join::append(ctx, left.instruction, &cmd).map_err(str::to_string),
                |line| Err(format!("the RUN on line {line} still needs the lists")),
            )
            .map(|edit| Fix {
                title: format!("Append `&& {cmd}` to this RUN"),
                edits: vec![edit],
                ..Default::default()
            });
        (format!("end this RUN with `&& {cmd}`"), fix)
    } else {
        (
            "remove it at the end of this RUN".to_string(),
            Err(String::new()),
        )
    };
    let command = if first.word.value == *program {
        program.clone() // a bare `yarn`
    } else {
        format!("{} {}", program_name(program, first), first.word.value)
    };
    let cost = if ctx.ships(stage) {
        "every task start downloads it"
    } else {
        "it weighs on the build (this stage does not ship)"
    };
    let mut msg = format!(
        "`{command}` leaves {} in this layer: {cost} — {advice}",
        left.cache.name()
    );
    if let Some(mount) = left
        .cache
        .dirs()
        .first()
        .filter(|_| cleaned_later.is_none())
    {
        let mount = mount.replace('~', "/root");
        msg.push_str(&format!(", or use `RUN --mount=type=cache,target={mount}`"));
    }
    let fix = match fix {
        Ok(f) => Some(f),
        Err(why) if !why.is_empty() => {
            msg.push_str(&format!(" (no automatic fix: {why})"));
            None
        }
        Err(_) => None,
    };
    // The hadolint rules of every write the finding stands for. hadolint's DL3009 and DL3060
    // skip the stages that are neither the last one nor a base of another stage (not in
    // ONBUILD triggers, which it checks apart from any stage).
    let (mut aliases, mut related): (Vec<&str>, Vec<&str>) = (vec![], vec![]);
    let trigger = ctx.file.instructions[left.instruction].kind == Kind::Onbuild;
    let skipped_by_hadolint = |id: &str| {
        matches!(id, "DL3009" | "DL3060")
            && !trigger
            && Some(stage.index) != ctx.stages().len().checked_sub(1)
            && !ctx
                .stages()
                .iter()
                .any(|s| s.parent() == Some(&StageRef::Stage(stage.index)))
    };
    for (w, ..) in &left.writes {
        let Some(id) = w.hadolint else { continue };
        let list = if skipped_by_hadolint(id) {
            &mut related
        } else {
            &mut aliases
        };
        if !list.contains(&id) {
            list.push(id);
        }
    }
    out.add_as(
        &LL103,
        ship_severity(ctx, stage),
        &aliases,
        &related,
        *span,
        msg,
        fix,
    );
}

/// `python3 -m pip` is written as such; other programs as they are.
fn program_name(program: &str, write: &Write) -> String {
    if write.cache == Cache::Pip && program.starts_with("python") {
        format!("{program} -m pip")
    } else {
        program.to_string()
    }
}

/// When the lists are removed at the end of `left`'s RUN, the first later RUN (in this stage or
/// a stage built FROM it) that installs without updating first would fail: its line.
fn apt_lists_needed_later(ctx: &Context, left: &Left) -> Option<u32> {
    if left.cache != Cache::AptLists {
        return None;
    }
    let stage = ctx.stage_of(left.instruction)?.index;
    for i in left.instruction + 1..ctx.file.instructions.len() {
        let Some(s) = ctx.stage_of(i) else { continue };
        if !ctx.graph.ancestry(s.index).contains(&stage) {
            continue;
        }
        for (_, c) in commands_of(ctx, i) {
            let c = c.unwrapped();
            if tools::writes(&c, &|_| None)
                .iter()
                .any(|w| w.cache == Cache::AptLists)
            {
                return None; // updated again before anything needs the old lists
            }
            if tools::uses_apt_lists(&c) {
                return Some(ctx.file.instructions[i].start_line);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::{apply, findings};
    use crate::report::Severity;

    fn fix_all(text: &str) -> String {
        crate::lint::fix_all(text, &Default::default(), true)
    }

    #[test]
    fn apt_lists_left_and_removed() {
        let text = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n";
        let f = findings(text, "LL103");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].aliases, ["DL3009"]);
        assert!(f[0].related.is_empty());
        assert_eq!(crate::syntax::parse(text).slice(f[0].span), "update");
        assert_eq!(
            apply(text, &f[0]),
            "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n"
        );
        let clean = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\n";
        assert!(findings(clean, "LL103").is_empty());
        // A cache mount keeps the lists out of the layer (hadolint flags this: DL3009).
        let mount = "FROM debian:bookworm-slim\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y x\n";
        assert!(findings(mount, "LL103").is_empty());
    }

    #[test]
    fn multi_line_runs_get_the_cleanup_in_their_style() {
        let trailing = "FROM debian:bookworm-slim\nRUN apt-get update && \\\n    apt-get install -y --no-install-recommends curl\n";
        assert_eq!(
            fix_all(trailing),
            "FROM debian:bookworm-slim\nRUN apt-get update && \\\n    apt-get install -y --no-install-recommends curl && \\\n    rm -rf /var/lib/apt/lists/*\n"
        );
        let leading = "FROM debian:bookworm-slim\nRUN apt-get update \\\n  && apt-get install -y --no-install-recommends curl # tools\n";
        assert_eq!(
            fix_all(leading),
            "FROM debian:bookworm-slim\nRUN apt-get update \\\n  && apt-get install -y --no-install-recommends curl \\\n  # tools\n  && rm -rf /var/lib/apt/lists/*\n"
        );
    }

    #[test]
    fn no_list_removal_when_a_later_run_still_installs() {
        let text = "FROM debian:bookworm-slim\nRUN apt-get update\nCOPY x /\nRUN apt-get install -y --no-install-recommends curl\n";
        let f = findings(text, "LL103");
        assert!(f[0].fix.is_none());
        assert!(
            f[0].message.contains("line 4 still needs the lists"),
            "{}",
            f[0].message
        );
        let child = "FROM debian:bookworm-slim AS base\nRUN apt-get update\nFROM base\nRUN apt-get install -y --no-install-recommends x\n";
        assert!(findings(child, "LL103")[0].fix.is_none());
    }

    #[test]
    fn apk_pip_and_friends() {
        let apk = "FROM alpine:3.20\nRUN apk add curl\n";
        let f = findings(apk, "LL103");
        assert_eq!(f[0].aliases, ["DL3019"]);
        assert_eq!(
            apply(apk, &f[0]),
            "FROM alpine:3.20\nRUN apk add --no-cache curl\n"
        );
        assert!(findings(
            "FROM alpine:3.20\nRUN apk add curl && rm -rf /var/cache/apk/*\n",
            "LL103"
        )
        .is_empty());
        let update = "FROM alpine:3.20\nRUN apk update && apk add --no-cache curl\n";
        let f = findings(update, "LL103");
        assert!(
            f[0].aliases.is_empty(),
            "hadolint's DL3019 is about `apk add` only"
        );
        assert_eq!(apply(update, &f[0]), "FROM alpine:3.20\nRUN apk update && apk add --no-cache curl && rm -rf /var/cache/apk/*\n");

        let pip = "FROM python:3.12-slim\nRUN pip install -r req.txt && python -m pip install x\n";
        let f = findings(pip, "LL103");
        assert_eq!(f.len(), 1, "one finding per cache and RUN");
        assert_eq!(f[0].aliases, ["DL3042"]);
        assert_eq!(
            apply(pip, &f[0]),
            "FROM python:3.12-slim\nRUN pip install --no-cache-dir -r req.txt && python -m pip install --no-cache-dir x\n"
        );
        for quiet in [
            "FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1\nRUN pip install x\n",
            // pip reads any boolean as "no cache" (hadolint flags this one: DL3042).
            "FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=off\nRUN pip install x\n",
            "FROM python:3.12-slim\nRUN PIP_NO_CACHE_DIR=1 pip install x\n",
            "FROM python:3.12-slim AS a\nENV PIP_NO_CACHE_DIR=1\nFROM a\nRUN pip install x\n",
            "FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install x\n",
            "FROM node:22-slim\nRUN --mount=type=cache,target=/root/.npm npm ci\n",
            "FROM node:22-slim\nRUN npm ci && npm cache clean --force\n",
        ] {
            assert!(findings(quiet, "LL103").is_empty(), "{quiet}");
        }
        let npm = "FROM node:22-slim\nRUN npm ci\n";
        assert_eq!(
            apply(npm, &findings(npm, "LL103")[0]),
            "FROM node:22-slim\nRUN npm ci && npm cache clean --force\n"
        );
    }

    #[test]
    fn rpm_zypper_and_yarn_cases_are_hadolint_aliases() {
        let yum = "FROM centos:7\nRUN yum install -y x\n";
        let f = findings(yum, "LL103");
        assert_eq!(f[0].aliases, ["DL3032"]);
        assert_eq!(
            apply(yum, &f[0]),
            "FROM centos:7\nRUN yum install -y x && yum clean all\n"
        );
        let micro = "FROM ubi9-minimal\nRUN microdnf install -y x\n";
        let f = findings(micro, "LL103");
        assert_eq!(f[0].aliases, ["DL3040"]);
        assert_eq!(
            apply(micro, &f[0]),
            "FROM ubi9-minimal\nRUN microdnf install -y x && microdnf clean all\n"
        );
        // Cleaned before the install: the cache is still there.
        assert_eq!(
            findings(
                "FROM fedora:40\nRUN dnf clean all && dnf install -y x\n",
                "LL103"
            )
            .len(),
            1
        );
        assert!(findings(
            "FROM fedora:40\nRUN dnf install -y x && dnf clean all\n",
            "LL103"
        )
        .is_empty());
        let zypper = "FROM opensuse/leap\nRUN zypper in -y x\n";
        assert_eq!(findings(zypper, "LL103")[0].aliases, ["DL3036"]);
        let yarn = "FROM node:22\nRUN yarn install --frozen-lockfile\n";
        assert_eq!(findings(yarn, "LL103")[0].aliases, ["DL3060"]);
        let bare = "FROM node:22\nRUN yarn\n";
        assert!(
            findings(bare, "LL103")[0].aliases.is_empty(),
            "hadolint only knows `yarn install`"
        );
        assert!(findings("FROM node:22\nRUN yarn && yarn cache clean\n", "LL103").is_empty());
    }

    /// hadolint's DL3009 and DL3060 skip stages that are neither the last one nor the base of
    /// another (hadolint's DL3009Spec/DL3060Spec); there the finding names them as related.
    #[test]
    fn apt_lists_and_yarn_in_a_builder_stage_are_related_to_dl3009_and_dl3060() {
        let text = "FROM node:22 AS build\nRUN apt-get update && apt-get install -y x\n\
                    RUN yarn install\nFROM scratch\nCOPY --from=build /app /app\n";
        let f = findings(text, "LL103");
        assert_eq!(f.len(), 2);
        assert!(f.iter().all(|f| f.aliases.is_empty()));
        assert_eq!(
            (&f[0].related[..], &f[1].related[..]),
            (&["DL3009".to_string()][..], &["DL3060".to_string()][..])
        );
        let shipped = text.replace(
            "FROM scratch\nCOPY --from=build /app /app\n",
            "FROM build\n",
        );
        let f = findings(&shipped, "LL103");
        assert_eq!(
            (&f[0].aliases[..], &f[1].aliases[..]),
            (&["DL3009".to_string()][..], &["DL3060".to_string()][..])
        );
    }

    /// pip disables its cache for `PIP_NO_CACHE_DIR=0/off/no/false` too (its
    /// `_handle_no_cache_dir`); hadolint's DL3042 reads those as "cache on".
    #[test]
    fn pip_no_cache_dir_of_any_value_disables_the_cache_hadolint_misreads_it() {
        for value in ["0", "off", "no", "false", "1"] {
            for text in [
                format!("FROM python:3.12\nENV PIP_NO_CACHE_DIR={value}\nRUN pip install x\n"),
                format!("FROM python:3.12\nRUN PIP_NO_CACHE_DIR={value} pip install x\n"),
                format!("FROM python:3.12\nRUN export PIP_NO_CACHE_DIR={value} && pip install x\n"),
            ] {
                assert!(findings(&text, "LL103").is_empty(), "{text}");
            }
        }
    }

    /// Parity exception (hadolint's DL3009Spec): a cache mount of /var/lib/apt holds the
    /// lists, so none reach the layer; hadolint wants /var/cache/apt mounted as well once
    /// docker-clean is removed.
    #[test]
    fn a_cache_mount_of_var_lib_apt_keeps_the_lists_out_hadolint_wants_two() {
        let text = "FROM debian:12\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\n\
                    RUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y x\n";
        assert!(findings(text, "LL103")
            .iter()
            .all(|f| !f.aliases.contains(&"DL3009".to_string())));
    }

    /// hadolint's DL3040Spec: `microdnf clean all` does not clean what dnf downloaded.
    #[test]
    fn microdnf_clean_leaves_dnf_cache() {
        let text = "FROM fedora:40\nRUN dnf install -y x-1 && microdnf clean all\n";
        assert_eq!(findings(text, "LL103")[0].aliases, ["DL3040"]);
        for clean in ["dnf clean all", "rm -rf /var/cache/dnf"] {
            let text = format!("FROM fedora:40\nRUN dnf install -y x-1 && {clean}\n");
            assert!(findings(&text, "LL103").is_empty(), "{clean}");
        }
        let micro = "FROM ubi9-minimal\nRUN microdnf install -y x-1 && microdnf clean all\n";
        assert!(findings(micro, "LL103").is_empty());
    }

    /// `apt-get dist-clean` (apt ≥ 2.7) removes the lists; hadolint's DL3009 does not know it.
    #[test]
    fn apt_get_dist_clean_removes_the_lists_hadolint_misses_it() {
        let text = "FROM debian:trixie\nRUN apt-get update && apt-get install -y x && apt-get dist-clean\n";
        assert!(findings(text, "LL103").is_empty());
    }

    /// `apk add --no-network` installs from what is already there: nothing is fetched or
    /// cached; hadolint's DL3019 wants `--no-cache` anyway.
    #[test]
    fn apk_add_no_network_fetches_nothing_hadolint_flags_it() {
        let text = "FROM alpine:3.20\nRUN apk add --no-network /tmp/x.apk\n";
        assert!(findings(text, "LL103").is_empty());
    }

    #[test]
    fn builder_stages_get_info() {
        let text = "FROM python:3.12-slim AS build\nRUN pip install x\nFROM scratch\nCOPY --from=build / /\n";
        assert_eq!(findings(text, "LL103")[0].severity, Severity::Info);
    }

    #[test]
    fn cleanup_in_a_later_layer() {
        let text = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nLABEL a=b\nRUN rm -rf /var/lib/apt/lists/*\n";
        let f = findings(text, "LL102");
        assert_eq!(f.len(), 1);
        assert_eq!(
            crate::syntax::parse(text).slice(f[0].span),
            "rm -rf /var/lib/apt/lists/*"
        );
        assert!(f[0].message.contains("RUN on line 2"), "{}", f[0].message);
        // LL103 leaves the fix to LL102's move.
        let left = findings(text, "LL103");
        assert!(
            left[0].fix.is_none() && left[0].message.contains("LL102"),
            "{}",
            left[0].message
        );
        let fixed = fix_all(text);
        assert_eq!(
            fixed,
            "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && \\\n    rm -rf /var/lib/apt/lists/*\nLABEL a=b\n"
        );
        assert!(findings(&fixed, "LL102").is_empty() && findings(&fixed, "LL103").is_empty());
    }

    #[test]
    fn purging_packages_of_an_earlier_layer() {
        let text = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc && rm -rf /var/lib/apt/lists/*\nRUN make\nRUN apt-get purge -y gcc && apt-get autoremove -y\n";
        let f = findings(text, "LL102");
        assert_eq!(f.len(), 2);
        assert!(
            f[0].message.contains("the package `gcc`"),
            "{}",
            f[0].message
        );
        assert!(f[0].fix.is_none(), "`make` may need gcc");
        assert!(
            f[0].message.contains("line 3 may use them"),
            "{}",
            f[0].message
        );
        // Installed and purged in one RUN: fine.
        let same = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc && make && apt-get purge -y --auto-remove gcc && rm -rf /var/lib/apt/lists/*\n";
        assert!(findings(same, "LL102").is_empty());
        let apk =
            "FROM alpine:3.20\nRUN apk add --no-cache --virtual .deps gcc\nRUN apk del .deps\n";
        assert_eq!(findings(apk, "LL102").len(), 1);
    }

    #[test]
    fn downloads_and_copies_removed_later() {
        let text = "FROM debian:bookworm-slim\nWORKDIR /src\nRUN curl -fsSLO https://e.org/app.tar.gz && tar xzf app.tar.gz\nRUN rm app.tar.gz\n";
        // `curl -O` with a known WORKDIR: the file is /src/app.tar.gz.
        let f = findings(text, "LL102");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("/src/app.tar.gz"), "{}", f[0].message);
        assert!(f[0].fix.is_some());
        let copy = "FROM debian:bookworm-slim\nCOPY big.tar /tmp/\nRUN tar xf /tmp/big.tar -C /opt\nRUN rm -rf /tmp/*\n";
        let f = findings(copy, "LL102");
        assert_eq!(f.len(), 1);
        assert!(
            f[0].fix.is_none() && f[0].message.contains("COPY"),
            "{}",
            f[0].message
        );
        assert!(
            findings("FROM alpine:3.20\nRUN rm -rf /tmp/*\n", "LL102").is_empty(),
            "nothing known under /tmp"
        );
    }

    #[test]
    fn recommends_like_hadolint_dl3015() {
        let text = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get -y install curl && apt-get install -y git && rm -rf /var/lib/apt/lists/*\n";
        let f = findings(text, "LL104");
        assert_eq!(f.len(), 1, "one per RUN, like hadolint");
        assert_eq!(f[0].aliases, ["DL3015"]);
        assert_eq!(crate::syntax::parse(text).slice(f[0].span), "install");
        assert_eq!(
            apply(text, &f[0]),
            "FROM debian:bookworm-slim\nRUN apt-get update && apt-get -y install --no-install-recommends curl && apt-get install --no-install-recommends -y git && rm -rf /var/lib/apt/lists/*\n"
        );
        for ok in [
            "FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends x\n",
            "FROM debian:bookworm-slim\nRUN apt-get install -y -o APT::Install-Recommends=false x\n",
            "FROM debian:bookworm-slim\nRUN apt-get upgrade -y\n",
        ] {
            assert!(findings(ok, "LL104").is_empty(), "{ok}");
        }
        let apt = findings("FROM debian:bookworm-slim\nRUN apt install -y x\n", "LL104");
        assert!(
            apt[0].aliases.is_empty(),
            "hadolint's DL3015 is about apt-get only"
        );
    }
}
