//! USER: the user an image runs as.

use crate::lint::instruction_facts::{expand, image_stages, is_windows, sub_span};
use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::Severity;
use std::collections::BTreeSet;

pub static LL502: Rule = Rule {
    id: "LL502",
    name: "runs-as-root",
    aliases: &["DL3002"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("Image runs as root"),
    why: doc!(
        "The last USER of an image is the user its containers run as. Root in the container is \
          root on the host's kernel: a process that escapes, or a volume mounted from the host, \
          gives that power away. Switch to an unprivileged user at the end; builder stages that \
          only produce files may stay root."
    ),
    bad: doc!("FROM debian:bookworm-slim\nUSER root\nRUN apt-get update\n"),
    good: doc!("FROM debian:bookworm-slim\nUSER root\nRUN apt-get update\nUSER 10001\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: runs_as_root,
};

fn runs_as_root(ctx: &Context, out: &mut Findings) {
    let mut reported = BTreeSet::new();
    for stage in image_stages(ctx) {
        if is_windows(ctx, stage) {
            continue;
        }
        // The last USER of the stage, else of the stages it is built FROM.
        let last_user = ctx.graph.ancestry(stage.index).into_iter().find_map(|s| {
            ctx.stages()[s]
                .instructions
                .clone()
                .rev()
                .find(|&i| ctx.file.instructions[i].as_user().is_some())
        });
        let Some(i) = last_user else { continue };
        let arg = ctx.file.instructions[i].as_user().expect("a USER").arg;
        let Some(value) = expand(ctx, i, &arg.value) else {
            continue;
        };
        let user = value.split(':').next().unwrap_or_default();
        if (user == "root" || user == "0") && reported.insert(i) {
            let msg = format!(
                "the image runs as `{value}`: end the stage with USER set to an \
                 unprivileged user"
            );
            out.add(&LL502, arg.span, msg, None);
        }
    }
}

pub static LL566: Rule = Rule {
    id: "LL566",
    name: "user-by-name",
    aliases: &["DL3066"],
    related: &[],
    severity: Severity::Info,
    title: doc!("USER by name instead of numeric id"),
    why: doc!(
        "A user name is looked up in the image's `/etc/passwd` when the container starts; the \
          host and orchestrators cannot. Kubernetes' `runAsNonRoot` refuses to start a container \
          whose user is a name it cannot check. A numeric id (`USER 10001:10001`) works \
          everywhere. Windows images have no numeric ids and are not reported."
    ),
    bad: doc!("FROM alpine:3.20\nRUN adduser -D -u 10001 app\nUSER app\n"),
    good: doc!("FROM alpine:3.20\nRUN adduser -D -u 10001 app\nUSER 10001\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: user_by_name,
};

fn user_by_name(ctx: &Context, out: &mut Findings) {
    for stage in ctx.stages() {
        if is_windows(ctx, stage) {
            continue;
        }
        for i in stage.instructions.clone() {
            let Some(user) = ctx.file.instructions[i].as_user() else {
                continue;
            };
            // A variable without a known value may hold a number: say nothing.
            let Some(value) = expand(ctx, i, &user.arg.value) else {
                continue;
            };
            let name = value.split(':').next().unwrap_or_default();
            if name.is_empty() || name.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let span = sub_span(ctx, user.arg, 0..user.user.len());
            let msg = format!(
                "USER `{name}` is a name: the host and Kubernetes' runAsNonRoot cannot \
                 resolve it; use its numeric id"
            );
            out.add(&LL566, span, msg, None);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::lint;

    #[test]
    fn the_last_user_of_the_image_counts() {
        let text = "FROM alpine:3.20\nUSER root\nRUN x\nUSER app\nUSER 0:0\n";
        lint("LL502", text).fails_at(&["0:0"]);
        lint("LL502", "FROM alpine:3.20\nUSER root\nUSER app\n").passes();
        lint("LL502", "FROM alpine:3.20\nRUN x\n").passes();
    }

    /// hadolint reports every stage whose last USER is root, builder stages included; only
    /// the images that are built are what runs.
    #[test]
    fn builder_stages_may_stay_root_unlike_hadolint() {
        let text = "FROM golang:1.23 AS build\nUSER root\nRUN go build\n\
                    FROM alpine:3.20\nCOPY --from=build /app /app\nUSER 10001\n";
        lint("LL502", text).passes();
    }

    #[test]
    fn user_inherited_from_a_parent_stage_and_set_by_arg() {
        let inherited = "FROM alpine:3.20 AS base\nUSER root\nFROM base\nRUN x\n";
        lint("LL502", inherited).fails_at(&["root"]);
        let overridden = "FROM alpine:3.20 AS base\nUSER root\nFROM base\nUSER app\n";
        lint("LL502", overridden).passes();
        let by_arg = "FROM alpine:3.20\nARG RUNAS=root\nUSER ${RUNAS}\n";
        lint("LL502", by_arg).fails_at(&["${RUNAS}"]);
        let unknown = "FROM alpine:3.20\nARG RUNAS\nUSER ${RUNAS}\n";
        lint("LL502", unknown).passes();
    }

    /// `dev` can be built with --target.
    #[test]
    fn every_target_stage_is_an_image() {
        let text = "FROM alpine:3.20 AS dev\nUSER root\nFROM alpine:3.20 AS prod\nUSER 1000\n";
        lint("LL502", text).fails_at(&["root"]);
    }

    #[test]
    fn user_names_are_reported_on_the_name() {
        let text = "FROM alpine:3.20\nUSER app:staff\nUSER 1000:staff\nUSER 1000\n";
        let case = lint("LL566", text);
        case.fails_at(&["app"]).has_no_fix();
        assert_eq!(case.findings[0].aliases, ["DL3066"]);
    }

    /// hadolint reads `USER $APP_UID` literally and reports it even when `ENV APP_UID=1654`
    /// sets it; and it keeps quiet about `ARG user=jenkins` / `USER ${user}`, which is a name.
    #[test]
    fn variables_are_resolved_unlike_hadolint() {
        lint(
            "LL566",
            "FROM alpine:3.20\nENV APP_UID=1654\nUSER $APP_UID\n",
        )
        .passes();
        let arg = "FROM alpine:3.20\nARG user=jenkins\nUSER ${user}\n";
        lint("LL566", arg).fails_at(&["${user}"]);
        // A value from the base image.
        lint("LL566", "FROM jupyter/base-notebook\nUSER ${NB_UID}\n").passes();
    }

    /// Windows containers have no numeric user ids: hadolint reports `USER ContainerUser`.
    #[test]
    fn windows_users_are_names_unlike_hadolint() {
        let text = "FROM mcr.microsoft.com/windows/nanoserver:ltsc2022 AS w\nUSER ContainerUser\n\
                    FROM w\nUSER ContainerAdministrator\n";
        lint("LL566", text).passes();
        lint("LL502", text).passes();
    }
}
