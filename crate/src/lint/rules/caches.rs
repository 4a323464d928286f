//! What package managers leave in a layer: cleanup in a later layer (LL102), caches left in
//! the layer (LL103), and apt's recommended packages (LL104). The knowledge of each tool is in
//! [`crate::lint::tools`]; what each layer leaves is tracked by [`crate::lint::cleanup`].

use super::ship_severity;
use crate::fix::insert_at_each;
use crate::lint::cleanup::{self, commands_of, move_fix, Analysis, Left, Target};
use crate::lint::context::Context;
use crate::lint::join;
use crate::lint::tools::{self, apt, Cache, Write};
use crate::lint::{Findings, FixSafety, Rule};
use crate::report::{Fix, Severity, Span};
use crate::syntax::stages::StageRef;
use crate::syntax::Kind;
use std::ops::Range;

pub static LL102: Rule = Rule {
    id: "LL102",
    name: "cleanup-in-later-layer",
    aliases: &[],
    related: &[],
    severity: Severity::Warning,
    title: doc!("Cleanup in a later layer than what it cleans"),
    why: doc!(concat!(
        "Layers only add: a RUN that deletes files an earlier layer created (package lists and \
         caches, downloaded archives, cloned sources, packages it purges) adds whiteout entries \
         that hide them, and the earlier layer still ships every byte. Every task start still \
         downloads and extracts them. The cleanup only counts in the RUN that created the files. ",
        "Tracked per stage (and from the stages it is built FROM): caches and lists of apt, apk, \
         yum/dnf, zypper, pip, uv, npm, yarn and composer; packages installed with apt, apk, \
         yum/dnf; files made by `curl -o`, `wget`, `git clone`, `mkdir`, COPY and ADD. ",
        "Severity: warning in a stage that ships, info elsewhere."
    )),
    bad: doc!(
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n\
          RUN rm -rf /var/lib/apt/lists/*\n"
    ),
    good: doc!(
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && \\\n    \
           rm -rf /var/lib/apt/lists/*\n"
    ),
    fix: Some(doc!(
        "Move the cleanup into the RUN that created the files (joined with `&&`), when the RUN \
         holds nothing but cleanup and nothing in between uses the files",
    )),
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: cleanup_in_a_later_layer,
};

fn cleanup_in_a_later_layer(ctx: &Context, out: &mut Findings) {
    let a = cleanup::analysis(ctx);
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
            short(&c.text),
            describe(&c.targets[0], c.targets.len()),
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
}

pub static LL103: Rule = Rule {
    id: "LL103",
    name: "package-cache-in-layer",
    aliases: &[
        "DL3009", "DL3019", "DL3032", "DL3036", "DL3040", "DL3042", "DL3060",
    ],
    related: &["DL3009", "DL3060"],
    severity: Severity::Warning,
    title: doc!("Package manager cache left in the layer"),
    why: doc!(concat!(
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
    )),
    bad: doc!("FROM python:3.12-slim\nRUN pip install flask\n"),
    good: doc!("FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\n"),
    fix: Some(doc!(
        "Insert `--no-cache` (apk add) or `--no-cache-dir` (pip install); otherwise append the \
         cleanup to the RUN (`rm -rf /var/lib/apt/lists/*`, `dnf clean all`, `npm cache clean \
         --force`, …) — not when a later RUN still needs apt's lists",
    )),
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: cache_left_in_the_layer,
};

fn cache_left_in_the_layer(ctx: &Context, out: &mut Findings) {
    let a = cleanup::analysis(ctx);
    for left in &a.left {
        report_left(ctx, &a, left, out);
    }
}

pub static LL104: Rule = Rule {
    id: "LL104",
    name: "apt-no-install-recommends",
    aliases: &["DL3015"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("`apt-get install` without `--no-install-recommends`"),
    why: doc!(
        "apt installs the packages a package *recommends* by default: documentation, helpers, \
          often a second toolchain. They commonly double the bytes of an install, and every \
          task start downloads and extracts them. `--no-install-recommends` installs what was \
          asked for and its real dependencies. Severity: warning in a stage that ships, info \
          elsewhere. hadolint: DL3015 (same check, also `-o APT::Install-Recommends=false`)."
    ),
    bad: doc!(
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && \
          rm -rf /var/lib/apt/lists/*\n"
    ),
    good: doc!(
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y \
           --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n"
    ),
    fix: Some(doc!("Insert `--no-install-recommends` after `install`")),
    fix_safety: FixSafety::Unsafe,
    opt_in: false,
    check: apt_install_without_no_install_recommends,
};

fn apt_install_without_no_install_recommends(ctx: &Context, out: &mut Findings) {
    for i in runs(ctx) {
        let Some(stage) = ctx.stage_of(i) else {
            continue;
        };
        let mut offending: Vec<(String, Span, Range<usize>)> = Vec::new();
        for (script, command) in commands_of(ctx, i) {
            let c = command.unwrapped();
            let program = c.program().unwrap_or("");
            if !apt::PROGRAMS.contains(&program) {
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
        let text = &ctx.file.text;
        let fix = insert_at_each(
            "Insert `--no-install-recommends` (check that nothing needed a recommended \
                 package)",
            " --no-install-recommends",
            offending
                .iter()
                .map(|(_, _, r)| (text.get(r.clone()) == Some("install")).then_some(r.end)),
        );
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
}

/// Every RUN and `ONBUILD RUN`, in order.
fn runs<'c>(ctx: &'c Context) -> impl Iterator<Item = usize> + 'c {
    (0..ctx.file.instructions.len()).filter(|&i| ctx.run(i).is_some())
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

fn report_left(ctx: &Context, a: &Analysis, left: &Left, out: &mut Findings) {
    let Some(stage) = ctx.stage_of(left.instruction) else {
        return;
    };
    let (first, _, span, program) = &left.writes[0];
    let cleaned_later = a
        .cleanups
        .iter()
        .find(|c| c.creator == left.instruction && c.targets.contains(&Target::Cache(left.cache)));
    // `--no-cache` after every word that wrote the cache, when each can be edited in place.
    let text = &ctx.file.text;
    let insertion = first.insert_flag.and_then(|flag| {
        let places = left.writes.iter().map(|(w, r, _, _)| {
            let verbatim = text.get(r.clone()) == Some(w.word.value.as_str());
            (w.insert_flag.is_some() && verbatim).then_some(r.end)
        });
        Some((
            flag,
            insert_at_each(format!("Insert `{flag}`"), &format!(" {flag}"), places)?,
        ))
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
    } else if let Some((flag, fix)) = insertion {
        (format!("add `{flag}`"), Ok(fix))
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
            if apt::uses_lists(&c) {
                return Some(ctx.file.instructions[i].start_line);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::lint;
    use crate::report::Severity;

    fn fix_all(text: &str) -> String {
        crate::lint::fix_all(text, &Default::default(), true)
    }

    #[test]
    fn apt_lists_left_and_removed() {
        let text = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n";
        let case = lint("LL103", text);
        case.fails_at(&["update"]).fixes_to(
            "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
        );
        assert_eq!(case.findings[0].aliases, ["DL3009"]);
        assert!(case.findings[0].related.is_empty());
        let clean = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\n";
        lint("LL103", clean).passes();
        // A cache mount keeps the lists out of the layer (hadolint flags this: DL3009).
        let mount = "FROM debian:bookworm-slim\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y x\n";
        lint("LL103", mount).passes();
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
        lint("LL103", text)
            .fails_at(&["update"])
            .has_no_fix()
            .messages_contain(&["line 4 still needs the lists"]);
        let child = "FROM debian:bookworm-slim AS base\nRUN apt-get update\nFROM base\nRUN apt-get install -y --no-install-recommends x\n";
        lint("LL103", child).fails_at(&["update"]).has_no_fix();
    }

    #[test]
    fn apk_pip_and_friends() {
        let apk = "FROM alpine:3.20\nRUN apk add curl\n";
        let case = lint("LL103", apk);
        case.fixes_to("FROM alpine:3.20\nRUN apk add --no-cache curl\n");
        assert_eq!(case.findings[0].aliases, ["DL3019"]);
        lint(
            "LL103",
            "FROM alpine:3.20\nRUN apk add curl && rm -rf /var/cache/apk/*\n",
        )
        .passes();
        let update = "FROM alpine:3.20\nRUN apk update && apk add --no-cache curl\n";
        let case = lint("LL103", update);
        case.fixes_to("FROM alpine:3.20\nRUN apk update && apk add --no-cache curl && rm -rf /var/cache/apk/*\n");
        // hadolint's DL3019 is about `apk add` only.
        assert!(case.findings[0].aliases.is_empty());

        // One finding per cache and RUN.
        let pip = "FROM python:3.12-slim\nRUN pip install -r req.txt && python -m pip install x\n";
        let case = lint("LL103", pip);
        case.on_lines(&[2]).fixes_to(
            "FROM python:3.12-slim\nRUN pip install --no-cache-dir -r req.txt && python -m pip install --no-cache-dir x\n",
        );
        assert_eq!(case.findings[0].aliases, ["DL3042"]);
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
            lint("LL103", quiet).passes();
        }
        lint("LL103", "FROM node:22-slim\nRUN npm ci\n")
            .fixes_to("FROM node:22-slim\nRUN npm ci && npm cache clean --force\n");
    }

    #[test]
    fn rpm_zypper_and_yarn_cases_are_hadolint_aliases() {
        let case = lint("LL103", "FROM centos:7\nRUN yum install -y x\n");
        case.fixes_to("FROM centos:7\nRUN yum install -y x && yum clean all\n");
        assert_eq!(case.findings[0].aliases, ["DL3032"]);
        let case = lint("LL103", "FROM ubi9-minimal\nRUN microdnf install -y x\n");
        case.fixes_to("FROM ubi9-minimal\nRUN microdnf install -y x && microdnf clean all\n");
        assert_eq!(case.findings[0].aliases, ["DL3040"]);
        // Cleaned before the install: the cache is still there.
        lint(
            "LL103",
            "FROM fedora:40\nRUN dnf clean all && dnf install -y x\n",
        )
        .on_lines(&[2]);
        lint(
            "LL103",
            "FROM fedora:40\nRUN dnf install -y x && dnf clean all\n",
        )
        .passes();
        let zypper = lint("LL103", "FROM opensuse/leap\nRUN zypper in -y x\n");
        assert_eq!(zypper.findings[0].aliases, ["DL3036"]);
        let yarn = lint(
            "LL103",
            "FROM node:22\nRUN yarn install --frozen-lockfile\n",
        );
        assert_eq!(yarn.findings[0].aliases, ["DL3060"]);
        // hadolint only knows `yarn install`.
        let bare = lint("LL103", "FROM node:22\nRUN yarn\n");
        assert!(bare.findings[0].aliases.is_empty());
        lint("LL103", "FROM node:22\nRUN yarn && yarn cache clean\n").passes();
    }

    /// hadolint's DL3009 and DL3060 skip stages that are neither the last one nor the base of
    /// another (hadolint's DL3009Spec/DL3060Spec); there the finding names them as related.
    #[test]
    fn apt_lists_and_yarn_in_a_builder_stage_are_related_to_dl3009_and_dl3060() {
        let text = "FROM node:22 AS build\nRUN apt-get update && apt-get install -y x\n\
                    RUN yarn install\nFROM scratch\nCOPY --from=build /app /app\n";
        let case = lint("LL103", text);
        case.on_lines(&[2, 3]);
        assert!(case.findings.iter().all(|f| f.aliases.is_empty()));
        let related: Vec<&[String]> = case.findings.iter().map(|f| &f.related[..]).collect();
        assert_eq!(related, [["DL3009"], ["DL3060"]]);
        let shipped = text.replace(
            "FROM scratch\nCOPY --from=build /app /app\n",
            "FROM build\n",
        );
        let case = lint("LL103", &shipped);
        let aliases: Vec<&[String]> = case.findings.iter().map(|f| &f.aliases[..]).collect();
        assert_eq!(aliases, [["DL3009"], ["DL3060"]]);
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
                lint("LL103", &text).passes();
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
        assert!(lint("LL103", text)
            .findings
            .iter()
            .all(|f| !f.aliases.contains(&"DL3009".to_string())));
    }

    /// hadolint's DL3040Spec: `microdnf clean all` does not clean what dnf downloaded.
    #[test]
    fn microdnf_clean_leaves_dnf_cache() {
        let text = "FROM fedora:40\nRUN dnf install -y x-1 && microdnf clean all\n";
        assert_eq!(lint("LL103", text).findings[0].aliases, ["DL3040"]);
        for clean in ["dnf clean all", "rm -rf /var/cache/dnf"] {
            lint(
                "LL103",
                &format!("FROM fedora:40\nRUN dnf install -y x-1 && {clean}\n"),
            )
            .passes();
        }
        let micro = "FROM ubi9-minimal\nRUN microdnf install -y x-1 && microdnf clean all\n";
        lint("LL103", micro).passes();
    }

    /// `apt-get dist-clean` (apt ≥ 2.7) removes the lists; hadolint's DL3009 does not know it.
    #[test]
    fn apt_get_dist_clean_removes_the_lists_hadolint_misses_it() {
        let text = "FROM debian:trixie\nRUN apt-get update && apt-get install -y x && apt-get dist-clean\n";
        lint("LL103", text).passes();
    }

    /// `apk add --no-network` installs from what is already there: nothing is fetched or
    /// cached; hadolint's DL3019 wants `--no-cache` anyway.
    #[test]
    fn apk_add_no_network_fetches_nothing_hadolint_flags_it() {
        lint(
            "LL103",
            "FROM alpine:3.20\nRUN apk add --no-network /tmp/x.apk\n",
        )
        .passes();
    }

    #[test]
    fn builder_stages_get_info() {
        let text = "FROM python:3.12-slim AS build\nRUN pip install x\nFROM scratch\nCOPY --from=build / /\n";
        assert_eq!(lint("LL103", text).findings[0].severity, Severity::Info);
    }

    #[test]
    fn cleanup_in_a_later_layer() {
        let text = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nLABEL a=b\nRUN rm -rf /var/lib/apt/lists/*\n";
        lint("LL102", text)
            .fails_at(&["rm -rf /var/lib/apt/lists/*"])
            .messages_contain(&["RUN on line 2"]);
        // LL103 leaves the fix to LL102's move.
        lint("LL103", text)
            .has_no_fix()
            .messages_contain(&["LL102"]);
        let fixed = fix_all(text);
        assert_eq!(
            fixed,
            "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && \\\n    rm -rf /var/lib/apt/lists/*\nLABEL a=b\n"
        );
        lint("LL102", &fixed).passes();
        lint("LL103", &fixed).passes();
    }

    #[test]
    fn purging_packages_of_an_earlier_layer() {
        let text = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc && rm -rf /var/lib/apt/lists/*\nRUN make\nRUN apt-get purge -y gcc && apt-get autoremove -y\n";
        let case = lint("LL102", text);
        assert_eq!(case.findings.len(), 2);
        let first = &case.findings[0];
        assert!(
            first.message.contains("the package `gcc`"),
            "{}",
            first.message
        );
        assert!(
            first.message.contains("line 3 may use them"),
            "{}",
            first.message
        );
        // `make` may need gcc.
        case.has_no_fix();
        // Installed and purged in one RUN: fine.
        let same = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc && make && apt-get purge -y --auto-remove gcc && rm -rf /var/lib/apt/lists/*\n";
        lint("LL102", same).passes();
        let apk =
            "FROM alpine:3.20\nRUN apk add --no-cache --virtual .deps gcc\nRUN apk del .deps\n";
        lint("LL102", apk).on_lines(&[3]);
    }

    #[test]
    fn downloads_and_copies_removed_later() {
        let text = "FROM debian:bookworm-slim\nWORKDIR /src\nRUN curl -fsSLO https://e.org/app.tar.gz && tar xzf app.tar.gz\nRUN rm app.tar.gz\n";
        // `curl -O` with a known WORKDIR: the file is /src/app.tar.gz.
        let case = lint("LL102", text);
        case.messages_contain(&["/src/app.tar.gz"]);
        assert!(case.findings[0].fix.is_some());
        let copy = "FROM debian:bookworm-slim\nCOPY big.tar /tmp/\nRUN tar xf /tmp/big.tar -C /opt\nRUN rm -rf /tmp/*\n";
        lint("LL102", copy).has_no_fix().messages_contain(&["COPY"]);
        // Nothing known under /tmp.
        lint("LL102", "FROM alpine:3.20\nRUN rm -rf /tmp/*\n").passes();
    }

    #[test]
    fn recommends_like_hadolint_dl3015() {
        let text = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get -y install curl && apt-get install -y git && rm -rf /var/lib/apt/lists/*\n";
        // One per RUN, like hadolint.
        let case = lint("LL104", text);
        case.fails_at(&["install"]).fixes_to(
            "FROM debian:bookworm-slim\nRUN apt-get update && apt-get -y install --no-install-recommends curl && apt-get install --no-install-recommends -y git && rm -rf /var/lib/apt/lists/*\n",
        );
        assert_eq!(case.findings[0].aliases, ["DL3015"]);
        for ok in [
            "FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends x\n",
            "FROM debian:bookworm-slim\nRUN apt-get install -y -o APT::Install-Recommends=false x\n",
            "FROM debian:bookworm-slim\nRUN apt-get upgrade -y\n",
        ] {
            lint("LL104", ok).passes();
        }
        // hadolint's DL3015 is about apt-get only.
        let apt = lint("LL104", "FROM debian:bookworm-slim\nRUN apt install -y x\n");
        assert!(apt.findings[0].aliases.is_empty());
    }

    /// `python -u -m pip install x` is one pip install for every rule: it used to get LL513's
    /// pin finding but not LL103's cache finding.
    #[test]
    fn python_options_before_m_pip_get_the_cache_and_the_pin_finding() {
        let text = "FROM python:3.12-slim\nRUN python -u -m pip install flask\n";
        let case = lint("LL103", text);
        case.messages_contain(&["`python -m pip install`"])
            .fixes_to("FROM python:3.12-slim\nRUN python -u -m pip install --no-cache-dir flask\n");
        assert!(case.findings[0]
            .message
            .starts_with("`python -m pip install`"));
        assert_eq!(case.findings[0].aliases, ["DL3042"]);
        lint("LL513", text).fails_at(&["flask"]);
    }

    /// The package operands come from each family's one list of options that take a value:
    /// packages installed behind apt's `--default-release`, yum's `--disableplugin` or apk's
    /// `--virtual=` and removed in a later layer are found (they were missed), and dnf's short
    /// subcommands (`in`, `rm`) are read as the other rpm rules read them.
    #[test]
    fn packages_behind_options_with_values_are_tracked_to_their_removal() {
        for text in [
            "FROM debian:12\nRUN apt-get --default-release bookworm install -y --no-install-recommends gcc=12\nRUN apt-get purge -y gcc\n",
            "FROM debian:12\nRUN apt-get -S 20240301T000000Z install -y --no-install-recommends gcc=12\nRUN apt-get purge -y gcc\n",
            "FROM centos:7\nRUN yum --disableplugin fastestmirror install -y gcc && yum clean all\nRUN yum remove -y gcc\n",
            "FROM alpine:3.20\nRUN apk add --no-cache --virtual=.deps gcc=13\nRUN apk del .deps\n",
            "FROM fedora:40\nRUN dnf in -y gcc && dnf clean all\nRUN dnf rm -y gcc\n",
        ] {
            lint("LL102", text).messages_contain(&["the package"]);
        }
    }

    /// Download targets are read once (`tools::saved_file`): `wget -qO file` and `curl
    /// -o/path` name the file LL102 tracks, as LL607 and LL609 read them.
    #[test]
    fn downloads_named_with_grouped_options_are_tracked() {
        for fetch in [
            "wget -qO /tmp/app.tgz https://e.org/app.tgz",
            "curl -fsSo/tmp/app.tgz https://e.org/app.tgz",
        ] {
            let text = format!(
                "FROM debian:12\nRUN {fetch} && tar xzf /tmp/app.tgz -C /opt\nRUN rm /tmp/app.tgz\n"
            );
            lint("LL102", &text).messages_contain(&["`/tmp/app.tgz`"]);
        }
    }

    /// npm's subcommand is read past options with values (`--prefix /app`) for the cache as
    /// for the version rule: `npm --prefix /app install express` got LL516 but not LL103.
    #[test]
    fn npm_with_a_prefix_gets_the_cache_and_the_pin_finding() {
        let text = "FROM node:22-slim\nRUN npm --prefix /app install express\n";
        lint("LL103", text).fails_at(&["install"]);
        lint("LL516", text).fails_at(&["express"]);
    }
}
