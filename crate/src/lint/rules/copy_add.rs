//! COPY and ADD: ADD where COPY does, archives copied then extracted, destinations of several
//! sources, `--from` references, copying a whole filesystem.

use crate::lint::instruction_facts::{expand, mount_from_span};
use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::{Fix, Severity, Span, TextEdit};
use crate::syntax::stages::Stage;
use crate::syntax::{Arg, Kind};

/// Extensions ADD treats as (possibly compressed) archives — hadolint's list plus zstd, which
/// BuildKit also decompresses. ADD unpacks a local tar archive by its content; a compressed
/// file may be one.
const COMPRESSED: &[&str] = &[
    ".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz",
    ".tpz", ".txz", ".xz", ".zst", ".tzst",
];

/// Tar archives (what ADD would unpack): `.tar`, `.tar.gz`, `.tgz`, …
fn is_tar_archive(name: &str) -> bool {
    let tar_short = [
        ".tZ", ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz", ".tpz", ".txz", ".tzst",
    ];
    name.ends_with(".tar")
        || tar_short.iter().any(|e| name.ends_with(e))
        || name
            .rsplit_once('.')
            .is_some_and(|(stem, _)| stem.ends_with(".tar"))
}

fn is_compressed(name: &str) -> bool {
    COMPRESSED.iter().any(|e| name.ends_with(e))
}

/// Remote sources ADD downloads (or clones) rather than copies.
fn is_remote(source: &str) -> bool {
    ["http://", "https://", "git://", "git@", "ssh://"]
        .iter()
        .any(|p| source.starts_with(p))
}

fn basename(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

pub static LL510: Rule = Rule {
    id: "LL510",
    name: "archive-copied-then-extracted",
    aliases: &["DL3010"],
    related: &[],
    severity: Severity::Info,
    title: doc!("Archive copied, then extracted in a RUN"),
    why: doc!(
        "COPY puts the archive in a layer and the RUN that extracts it puts its contents in \
          another: the image ships the archive (unless the same RUN deletes it) and the build \
          does the work twice. ADD unpacks a local tar archive straight into its destination, \
          in one layer."
    ),
    bad: doc!("FROM alpine:3.20\nCOPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt\n"),
    good: doc!("FROM alpine:3.20\nADD app.tar.gz /opt/\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: archive_copied_then_extracted,
};

fn archive_copied_then_extracted(ctx: &Context, out: &mut Findings) {
    for stage in ctx.stages() {
        // (the argument naming the archive, its file name in the image)
        let mut archives: Vec<(&Arg, String)> = Vec::new();
        for i in stage.instructions.clone() {
            let inst = &ctx.file.instructions[i];
            if let Some(copy) = inst.as_copy().filter(|c| !c.is_add && c.from.is_none()) {
                let dest = expand(ctx, i, &copy.destination.value);
                match dest.as_deref().map(basename).filter(|d| is_tar_archive(d)) {
                    // Copied to an archive name: that is the name RUN uses.
                    Some(name) => archives.push((copy.destination, name.to_string())),
                    None => {
                        for src in copy.paths() {
                            let Some(s) = expand(ctx, i, &src.value) else {
                                continue;
                            };
                            if is_tar_archive(basename(&s)) {
                                archives.push((src, basename(&s).to_string()));
                            }
                        }
                    }
                }
            }
            if inst.kind != Kind::Run || archives.is_empty() {
                continue;
            }
            for script in ctx.scripts_of(i) {
                for cmd in &script.script.commands {
                    let cmd = cmd.unwrapped();
                    if !extracts(&cmd) {
                        continue;
                    }
                    let names: Vec<&str> = cmd
                        .args()
                        .iter()
                        .filter(|w| !w.value.starts_with('-'))
                        .map(|w| basename(&w.value))
                        .collect();
                    archives.retain(|(arg, name)| {
                        if !names.contains(&name.as_str()) {
                            return true;
                        }
                        let line = ctx.file.instructions[i].start_line;
                        let msg = format!(
                            "`{name}` is copied here and extracted by the RUN on line {line}: \
                             `ADD {name} <dir>/` unpacks it in one layer"
                        );
                        out.add(&LL510, arg.span, msg, None);
                        false
                    });
                }
            }
        }
    }
}

/// `tar -x…`, `tar x…`, `tar --extract`, or a decompressor.
fn extracts(cmd: &crate::shell::Command) -> bool {
    const DECOMPRESSORS: &[&str] = &[
        "unzip",
        "gunzip",
        "bunzip2",
        "unlzma",
        "unxz",
        "zgz",
        "uncompress",
        "zcat",
        "gzcat",
    ];
    match cmd.program() {
        Some("tar" | "bsdtar") => {
            let args = cmd.args();
            let old_style = args.first().is_some_and(|a| {
                let v = a.value.as_str();
                !v.starts_with('-') && v.contains('x') && v.bytes().all(|b| b.is_ascii_alphabetic())
            });
            old_style
                || args.iter().any(|a| {
                    let v = a.value.as_str();
                    v == "--extract"
                        || v == "--get"
                        || (v.starts_with('-') && !v.starts_with("--") && v.contains('x'))
                })
        }
        Some(p) => DECOMPRESSORS.contains(&p),
        None => false,
    }
}

pub static LL520: Rule = Rule {
    id: "LL520",
    name: "add-instead-of-copy",
    aliases: &["DL3020"],
    related: &[],
    severity: Severity::Error,
    title: doc!("ADD where COPY does the job"),
    why: doc!(
        "ADD also downloads URLs and unpacks tar archives: for plain local files it does what \
          COPY does, but a reader (and a reviewer) has to check that no archive gets unpacked \
          by surprise. COPY says exactly what happens."
    ),
    bad: doc!("FROM python:3.12-slim\nADD requirements.txt /app/\n"),
    good: doc!("FROM python:3.12-slim\nCOPY requirements.txt /app/\n"),
    fix: Some(doc!("Replace ADD with COPY")),
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: add_instead_of_copy,
};

fn add_instead_of_copy(ctx: &Context, out: &mut Findings) {
    for (i, inst) in ctx.file.instructions.iter().enumerate() {
        let Some(copy) = inst.as_copy().filter(|c| c.is_add) else {
            continue;
        };
        // Flags only ADD has: it is used for what only ADD does.
        if ["checksum", "keep-git-dir", "unpack"]
            .iter()
            .any(|f| inst.flag(f).is_some())
        {
            continue;
        }
        // Sources only ADD can handle: a remote one, an archive, or a variable that may
        // hold either.
        let (mut local, mut other) = (Vec::new(), 0);
        for src in copy.paths() {
            match expand(ctx, i, &src.value) {
                Some(s) if !is_remote(&s) && !is_compressed(&s) => local.push(s),
                _ => other += 1,
            }
        }
        if local.is_empty() && other > 0 {
            continue;
        }
        if other > 0 {
            // ADD is needed for the rest; the local ones could be a COPY of their own.
            let msg = format!(
                "ADD of local files (`{}`) next to sources only ADD handles: copy the local \
                 ones with COPY",
                local.join("`, `")
            );
            out.add(&LL520, inst.keyword_span, msg, None);
            continue;
        }
        let copy_kw = if inst.keyword.chars().all(|c| c.is_ascii_lowercase()) {
            "copy"
        } else {
            "COPY"
        };
        let fix = Fix {
            title: "Replace ADD with COPY".into(),
            edits: vec![TextEdit::replacement(
                inst.keyword_span.start.offset..inst.keyword_span.end.offset,
                copy_kw,
            )],
            ..Default::default()
        };
        let msg = "ADD of local files and folders: use COPY (ADD is for URLs and tar \
                   archives to unpack)"
            .to_string();
        out.add(&LL520, inst.keyword_span, msg, Some(fix));
    }
}

pub static LL521: Rule = Rule {
    id: "LL521",
    name: "multiple-sources-dest-not-dir",
    aliases: &["DL3021"],
    related: &[],
    severity: Severity::Error,
    title: doc!("Several sources, destination without a trailing `/`"),
    why: doc!(
        "With more than one source, COPY and ADD need a directory as destination, written \
          with a trailing `/`. Without it the intent is unclear and the classic builder \
          rejects the instruction."
    ),
    bad: doc!("FROM node:22-slim\nCOPY package.json package-lock.json /app\n"),
    good: doc!("FROM node:22-slim\nCOPY package.json package-lock.json /app/\n"),
    fix: Some(doc!("Add a trailing `/` to the destination")),
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: multiple_sources_dest_not_dir,
};

fn multiple_sources_dest_not_dir(ctx: &Context, out: &mut Findings) {
    for (i, inst) in ctx.file.instructions.iter().enumerate() {
        let Some(copy) = inst.as_copy() else { continue };
        if copy.sources.len() < 2 {
            continue;
        }
        let Some(dest) = expand(ctx, i, &copy.destination.value) else {
            continue;
        };
        if dest.ends_with('/') || dest.ends_with('\\') {
            continue;
        }
        let msg = format!(
            "{} sources need a directory: write the destination as `{dest}/`",
            copy.sources.len()
        );
        let fix = slash_fix(ctx, copy.destination);
        out.add(&LL521, copy.destination.span, msg, fix);
    }
}

/// Insert `/` at the end of the destination, inside its closing quote if it has one.
fn slash_fix(ctx: &Context, dest: &Arg) -> Option<Fix> {
    let written = ctx.file.slice(dest.span);
    let end = dest.span.end.offset;
    let at = match written.chars().last()? {
        '"' | '\'' if written.len() > 1 => end - 1,
        c if c == ctx.file.escape => return None,
        _ => end,
    };
    Some(Fix {
        title: "Add a trailing `/` to the destination".into(),
        edits: vec![TextEdit::insertion(at, "/")],
        ..Default::default()
    })
}

/// Every `--from` of a COPY or `RUN --mount=…,from=`: the instruction, the name as expanded
/// (`None` when it uses an unknown variable) and where it is written.
fn from_references<'c>(
    ctx: &'c Context,
    stage: &'c Stage,
) -> impl Iterator<Item = (usize, Option<String>, Span)> + 'c {
    stage.instructions.clone().flat_map(move |i| {
        let inst = &ctx.file.instructions[i];
        let mut refs = Vec::new();
        if let Some(f) = inst.as_copy().filter(|c| !c.is_add).and_then(|c| c.from) {
            let value = f.value.as_deref().unwrap_or_default();
            refs.push((i, expand(ctx, i, value), f.value_span.unwrap_or(f.span)));
        }
        if let Some(run) = inst.as_run() {
            for m in &run.mounts {
                if let Some(from) = m.from() {
                    refs.push((i, expand(ctx, i, from), mount_from_span(ctx, m.flag)));
                }
            }
        }
        refs
    })
}

pub static LL522: Rule = Rule {
    id: "LL522",
    name: "from-unknown-stage",
    aliases: &["DL3022"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("`--from` names no earlier stage"),
    why: doc!("`COPY --from=name` and `RUN --mount=from=name` read from the stage called `name`; when \
          no earlier stage has that name, BuildKit pulls an image called `name` instead — \
          usually a typo that fails the build or, worse, copies from a public image. Images \
          are fine when they are written as images (`--from=nginx:1.27`, `--from=ghcr.io/x/y`)."),
    bad: doc!("FROM golang:1.23 AS build\nRUN go build -o /app\nFROM alpine:3.20\nCOPY --from=biuld /app /app\n"),
    good: doc!("FROM golang:1.23 AS build\nRUN go build -o /app\nFROM alpine:3.20\nCOPY --from=build /app /app\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: from_unknown_stage,
};

fn from_unknown_stage(ctx: &Context, out: &mut Findings) {
    for stage in ctx.stages() {
        for (_, name, span) in from_references(ctx, stage) {
            let Some(name) = name.map(|n| n.to_ascii_lowercase()) else {
                continue;
            };
            if Some(&name) == stage.name.as_ref() {
                continue; // LL523
            }
            let before = &ctx.stages()[..stage.index];
            if before.iter().any(|s| s.name.as_ref() == Some(&name)) {
                continue;
            }
            let msg = if let Ok(n) = name.parse::<usize>() {
                if n < stage.index {
                    continue;
                }
                format!("stage index {n} is not a stage before this one")
            } else if name.contains([':', '/', '@']) {
                continue; // an image reference: a stage name has none of these
            } else if ctx.stages().iter().any(|s| s.name.as_ref() == Some(&name)) {
                format!("stage `{name}` is defined after this instruction: move it before")
            } else {
                format!(
                    "no stage is named `{name}`: BuildKit will pull an image `{name}` (a typo, \
                     or a --build-context?)"
                )
            };
            out.add(&LL522, span, msg, None);
        }
    }
}

pub static LL523: Rule = Rule {
    id: "LL523",
    name: "from-own-stage",
    aliases: &["DL3023"],
    related: &[],
    severity: Severity::Error,
    title: doc!("`--from` names its own stage"),
    why: doc!(
        "A stage cannot copy or mount from itself: it does not exist yet while it is being \
          built. BuildKit fails (or, when another stage has the same name, silently reads that \
          one)."
    ),
    bad: doc!("FROM golang:1.23 AS build\nCOPY --from=build /src /src\n"),
    good: doc!("FROM golang:1.23 AS src\nFROM golang:1.23 AS build\nCOPY --from=src /src /src\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: from_own_stage,
};

fn from_own_stage(ctx: &Context, out: &mut Findings) {
    for stage in ctx.stages() {
        let Some(own) = &stage.name else { continue };
        for (_, name, span) in from_references(ctx, stage) {
            if name.is_some_and(|n| n.eq_ignore_ascii_case(own)) {
                let msg = format!("stage `{own}` copies from itself");
                out.add(&LL523, span, msg, None);
            }
        }
    }
}

pub static LL567: Rule = Rule {
    id: "LL567",
    name: "whole-filesystem-copied",
    aliases: &["DL3067"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("Whole filesystem copied from another stage"),
    why: doc!("`COPY --from=stage / /` copies every file of that stage — its package manager caches, \
          build tools and sources — over this one: the image is as large as the builder, and \
          the layer duplicates everything the base already had. Copy the directories you need."),
    bad: doc!("FROM golang:1.23 AS build\nRUN go build -o /out/app\nFROM alpine:3.20\nCOPY --from=build / /\n"),
    good: doc!("FROM golang:1.23 AS build\nRUN go build -o /out/app\nFROM alpine:3.20\nCOPY --from=build /out/app /usr/local/bin/app\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: whole_filesystem_copied,
};

fn whole_filesystem_copied(ctx: &Context, out: &mut Findings) {
    for (i, inst) in ctx.file.instructions.iter().enumerate() {
        let Some(copy) = inst.as_copy().filter(|c| c.from.is_some()) else {
            continue;
        };
        let is_root = |a: &Arg| expand(ctx, i, &a.value).as_deref() == Some("/");
        if !is_root(copy.destination) {
            continue;
        }
        let root_source = copy.paths().find(|s| is_root(s));
        if let Some(src) = root_source {
            let msg = "copies the whole filesystem of another stage: copy only what the \
                       image needs"
                .to_string();
            out.add(&LL567, src.span, msg, None);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::{lint, Case};

    /// `text` with every finding's fix applied at once.
    fn all_fixed(text: &str, case: &Case) -> String {
        let edits: Vec<_> = case
            .findings
            .iter()
            .flat_map(|f| f.fix.as_ref().expect("a fix").edits.clone())
            .collect();
        crate::fix::apply(text, &edits)
    }

    /// Parity exception (hadolint's DL3010Spec): BuildKit splits COPY's arguments at spaces
    /// before it removes quotes, so `"C:\Program Files\x"` is two broken words and the build
    /// fails (LL011); hadolint reads one quoted path and an archive copied to it.
    #[test]
    fn quoted_paths_with_spaces_are_split_as_buildkit_splits_them() {
        let text = "FROM a:1\nCOPY build\\foo\\bar.tar.gz \"C:\\Program Files\\foo.tar.gz\"\n\
                    RUN tar -xf foo.tar.gz\n";
        lint("LL510", text).passes();
        lint("LL011", text).fails_at(&["\"C:\\Program", "Files\\foo.tar.gz\""]);
        let plain = text.replace("Program Files", "Programs");
        lint("LL510", &plain).fails_at(&["\"C:\\Programs\\foo.tar.gz\""]);
    }

    #[test]
    fn archives_copied_then_extracted() {
        let text = "FROM alpine:3.20\nCOPY build/app.tar.gz /tmp/\nCOPY notes.txt /tmp/\n\
                    RUN tar -xzf /tmp/app.tar.gz -C /opt\n";
        let case = lint("LL510", text);
        case.fails_at(&["build/app.tar.gz"]);
        let span = case.findings[0].span;
        assert_eq!(
            (span.start.line, span.start.column, span.end.column),
            (2, 6, 22)
        );
        // Old-style `tar xf`.
        let renamed = "FROM alpine:3.20\nCOPY x/y.tgz /pkg.tar\nRUN cd / && tar xf pkg.tar\n";
        lint("LL510", renamed).fails_at(&["/pkg.tar"]);
        lint(
            "LL510",
            "FROM alpine:3.20\nCOPY app.tar /srv/\nRUN ls /srv\n",
        )
        .passes();
        let from =
            "FROM alpine:3.20 AS a\nFROM alpine:3.20\nCOPY --from=a /x.tar /\nRUN tar -xf /x.tar\n";
        lint("LL510", from).passes();
    }

    /// ADD only unpacks tar archives: hadolint's DL3010 also suggests it for any compressed
    /// file, and only reports archives in the last stage.
    #[test]
    fn only_tar_archives_and_every_stage_unlike_hadolint() {
        let gz = "FROM alpine:3.20\nCOPY data.gz /tmp/\nRUN gunzip /tmp/data.gz\n";
        lint("LL510", gz).passes();
        let early = "FROM alpine:3.20 AS a\nCOPY a.tar /\nRUN tar -xf /a.tar\nFROM alpine:3.20\n";
        lint("LL510", early).fails_at(&["a.tar"]);
    }

    #[test]
    fn add_of_local_files_becomes_copy() {
        let text = "FROM alpine:3.20\nADD --chown=1:1 app.py /app/\nadd conf /etc/x\n\
                    ADD https://example.com/x.tgz /tmp/\nADD rootfs.tar.xz /\n\
                    ADD --checksum=sha256:abc app.py /x\nADD git@github.com:a/b.git /src\n";
        let case = lint("LL520", text);
        case.fails_at(&["ADD", "add"]).on_lines(&[2, 3]);
        let fixed = all_fixed(text, &case);
        assert!(fixed.contains("COPY --chown=1:1 app.py /app/\ncopy conf /etc/x\n"));
        lint("LL520", &fixed).passes();
    }

    /// hadolint reads `ADD $URL` literally; `ENV URL=https://…` makes it a download.
    #[test]
    fn urls_behind_variables_are_urls_unlike_hadolint() {
        let text = "FROM alpine:3.20\nENV URL=https://example.com/x.tgz\nADD $URL /tmp/\n\
                    ARG SCRIPT=https://example.com/strap.sh\nADD ${SCRIPT} /tmp/strap.sh\n";
        lint("LL520", text).passes();
    }

    #[test]
    fn local_files_next_to_urls_get_no_fix() {
        let text = "FROM alpine:3.20\nADD https://example.com/a.tgz conf/x /dst/\n";
        lint("LL520", text)
            .fails_at(&["ADD"])
            .has_no_fix()
            .messages_contain(&["`conf/x`"]);
    }

    #[test]
    fn add_heredocs_and_variables() {
        // hadolint fails on this file.
        let heredoc = "FROM alpine:3.20\nADD <<EOF /etc/motd\nhello\nEOF\n";
        lint("LL520", heredoc).fails_at(&["ADD"]);
        // An unknown $URL may be a URL.
        let var = "FROM alpine:3.20\nARG URL\nADD $URL /tmp/\nARG F=a.txt\nADD $F /tmp/\n";
        lint("LL520", var).fails_at(&["ADD"]).on_lines(&[5]);
    }

    #[test]
    fn several_sources_need_a_directory() {
        let text = "FROM alpine:3.20\nCOPY a b /dst\nCOPY a b /dst/\nCOPY a /dst\n\
                    COPY [\"a\", \"b\", \"/d\"]\nADD a b \"/q\"\nCOPY a b .\n";
        let case = lint("LL521", text);
        case.on_lines(&[2, 5, 6, 7]);
        let fixed = all_fixed(text, &case);
        assert!(fixed.contains("COPY a b /dst/\n"));
        assert!(fixed.contains("[\"a\", \"b\", \"/d/\"]"));
        assert!(fixed.contains("ADD a b \"/q/\""));
        assert!(fixed.contains("COPY a b ./\n"));
        lint("LL521", &fixed).passes();
    }

    #[test]
    fn from_must_name_an_earlier_stage() {
        let text = "FROM alpine:3.20 AS base\nFROM alpine:3.20\nCOPY --from=Base /a /a\n\
                    COPY --from=0 /a /a\nCOPY --from=bsae /a /a\nCOPY --from=later /a /a\n\
                    COPY --from=nginx:1.27 /a /a\nCOPY --from=5 /a /a\n\
                    RUN --mount=type=bind,from=typo,target=/t true\nFROM alpine:3.20 AS later\n";
        let case = lint("LL522", text);
        case.fails_at(&["bsae", "later", "5", "typo"])
            .on_lines(&[5, 6, 8, 9]);
        let span = case.findings[0].span;
        assert_eq!((span.start.column, span.end.column), (13, 17));
        assert!(case.findings[1].message.contains("after"));
    }

    /// hadolint treats anything without `:` as a stage name; `owner/image` cannot be one.
    #[test]
    fn untagged_images_with_a_path_are_images_unlike_hadolint() {
        lint("LL522", "FROM alpine:3.20\nCOPY --from=crazymax/yasu / /\n").passes();
    }

    #[test]
    fn from_with_variables() {
        let text = "ARG B=builder\nFROM alpine:3.20 AS builder\nFROM alpine:3.20\nARG B\n\
                    COPY --from=${B} /a /a\nARG C\nCOPY --from=$C /a /a\n";
        lint("LL522", text).passes();
    }

    #[test]
    fn a_stage_cannot_copy_from_itself() {
        let text = "FROM alpine:3.20 AS app\nCOPY --from=APP /a /b\nFROM alpine:3.20\nCOPY --from=app /a /b\n";
        lint("LL523", text).fails_at(&["APP"]).on_lines(&[2]);
        lint("LL522", text).passes();
    }

    #[test]
    fn whole_filesystem_copies() {
        let text =
            "FROM alpine:3.20 AS a\nFROM scratch\nCOPY --from=a / /\nCOPY --from=a \"/\" /\n\
                    COPY --from=a /usr /\nCOPY / /\n";
        let case = lint("LL567", text);
        case.fails_at(&["/", "\"/\""]);
        let start = case.findings[0].span.start;
        assert_eq!((start.line, start.column), (3, 15));
    }
}
