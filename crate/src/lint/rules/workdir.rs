//! Working directories: relative WORKDIRs, and COPY to a relative destination before any
//! WORKDIR.

use crate::lint::instruction_facts::{expand, is_absolute, is_absolute_as_written};
use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::Severity;
use crate::syntax::Kind;

pub static LL500: Rule = Rule {
    id: "LL500",
    name: "relative-workdir",
    aliases: &["DL3000"],
    related: &["WorkdirRelativePath"],
    severity: Severity::Error,
    title: doc!("Relative WORKDIR"),
    why: doc!(
        "A relative WORKDIR is resolved against the previous one, which may come from the base \
          image: when the base image changes its WORKDIR, every later path moves with it. An \
          absolute path says where files go whatever the base image does."
    ),
    bad: doc!("FROM node:22-slim\nWORKDIR app\nCOPY . .\n"),
    good: doc!("FROM node:22-slim\nWORKDIR /app\nCOPY . .\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: relative_workdir,
};

fn relative_workdir(ctx: &Context, out: &mut Findings) {
    for (i, inst) in ctx.file.instructions.iter().enumerate() {
        let (Kind::Workdir, Some(arg)) = (inst.kind, inst.single()) else {
            continue;
        };
        // Unknown variables (`$HOME/app`) may well be absolute: say nothing.
        let Some(path) = expand(ctx, i, &arg.value) else {
            continue;
        };
        if !path.is_empty() && !is_absolute(&path) && !is_absolute_as_written(&arg.value) {
            let msg = format!(
                "WORKDIR `{path}` is relative: it depends on the WORKDIR before it, possibly \
                 the base image's; use an absolute path"
            );
            out.add(&LL500, arg.span, msg, None);
        }
    }
}

pub static LL545: Rule = Rule {
    id: "LL545",
    name: "relative-dest-without-workdir",
    aliases: &["DL3045"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("COPY or ADD to a relative destination without WORKDIR"),
    why: doc!(
        "A relative COPY or ADD destination is resolved against the working directory. Without a \
          WORKDIR in the stage (or a stage it is built FROM), that is whatever the base image \
          set, often `/`: files land somewhere else when the base image changes."
    ),
    bad: doc!("FROM python:3.12-slim\nCOPY app.py app/\n"),
    good: doc!("FROM python:3.12-slim\nWORKDIR /srv\nCOPY app.py app/\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: relative_dest_without_workdir,
};

fn relative_dest_without_workdir(ctx: &Context, out: &mut Findings) {
    for stage in ctx.stages() {
        // A WORKDIR in a stage this one is built FROM counts: its filesystem and config
        // carry over.
        let mut workdir_set = ctx.graph.ancestry(stage.index)[1..].iter().any(|&s| {
            ctx.instructions(&ctx.stages()[s])
                .iter()
                .any(|i| i.kind == Kind::Workdir)
        });
        for i in stage.instructions.clone() {
            let inst = &ctx.file.instructions[i];
            if inst.kind == Kind::Workdir {
                workdir_set = true;
            }
            let Some(copy) = inst.as_copy() else {
                continue;
            };
            if workdir_set {
                continue;
            }
            let Some(dest) = expand(ctx, i, &copy.destination.value) else {
                continue;
            };
            if !is_absolute(&dest) && !is_absolute_as_written(&copy.destination.value) {
                let msg = format!(
                    "{} to `{dest}`, relative while no WORKDIR is set in this stage: it \
                     lands wherever the base image's working directory is; set WORKDIR or \
                     use an absolute path",
                    inst.kind.as_str()
                );
                out.add(&LL545, copy.destination.span, msg, None);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::lint;

    #[test]
    fn relative_workdirs_are_found_with_the_span_of_the_path() {
        let text = "FROM alpine:3.20\nWORKDIR /app\nWORKDIR src\nWORKDIR \"build dir\"\n";
        let case = lint("LL500", text);
        case.fails_at(&["src", "\"build dir\""]).has_no_fix();
        assert_eq!(case.findings[0].aliases, ["DL3000"]);
    }

    #[test]
    fn variables_are_expanded_and_unknown_ones_trusted() {
        let text = "FROM alpine:3.20\nARG DIR=/opt\nWORKDIR $DIR/app\nWORKDIR $HOME/x\n\
                    ENV REL=rel\nWORKDIR ${REL}\n";
        lint("LL500", text).fails_at(&["${REL}"]);
    }

    /// hadolint's DL3000 reads `C:\app` as relative; on Windows it is absolute.
    #[test]
    fn windows_absolute_paths_are_absolute_unlike_hadolint() {
        let text = "# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\n\
                    WORKDIR C:\\app\nWORKDIR c:/tools\n";
        lint("LL500", text).passes();
    }

    #[test]
    fn copy_to_a_relative_destination_needs_a_workdir() {
        let text = "FROM alpine:3.20 AS a\nCOPY x rel/\nCOPY y /abs/\nADD z rel/\n\
                    WORKDIR /w\nCOPY x rel/\nFROM a\nCOPY x rel/\nFROM alpine:3.20\nCOPY . .\n";
        // The stage FROM `a` has its WORKDIR.
        let case = lint("LL545", text);
        case.fails_at(&["rel/", "rel/", "."]);
        let lines: Vec<u32> = case.findings.iter().map(|f| f.span.start.line).collect();
        assert_eq!(lines, [2, 4, 10]);
    }

    /// hadolint's DL3045 only looks at COPY; ADD to a relative path lands in the same place.
    #[test]
    fn add_counts_like_copy_unlike_hadolint() {
        let text = "FROM debian:12\nADD context/foo foo\nADD . newdir\n";
        let case = lint("LL545", text);
        case.fails_at(&["foo", "newdir"]);
        assert!(case.findings[0].message.starts_with("ADD to `foo`"));
    }

    /// hadolint keys unnamed stages by their image, so a WORKDIR in one `FROM alpine` stage
    /// also counts for a later, unrelated `FROM alpine` stage.
    #[test]
    fn unrelated_stages_of_the_same_image_do_not_share_workdir_unlike_hadolint() {
        let text = "FROM alpine:3.20\nWORKDIR /app\nFROM alpine:3.20\nCOPY a b\n";
        lint("LL545", text).fails_at(&["b"]);
    }

    #[test]
    fn variable_destinations_are_expanded() {
        let text =
            "FROM alpine:3.20\nARG D=/opt\nCOPY a $D/\nCOPY b $UNKNOWN\nENV R=rel\nCOPY c $R\n";
        lint("LL545", text).fails_at(&["$R"]);
    }
}
