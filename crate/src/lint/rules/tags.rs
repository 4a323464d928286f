//! Image references: without a tag (LL301), with `latest` (LL302), without a digest (LL303,
//! opt-in). Every image a build pulls is looked at — `FROM`, `COPY --from=<image>`,
//! `RUN --mount=from=<image>` — with build arguments resolved as BuildKit would (stage names,
//! stage indexes and `scratch` are not images).

use super::ship_severity;
use crate::lint::base_images;
use crate::lint::instruction_facts::mount_from_span;
use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::{Fix, Severity, Span, TextEdit};
use crate::syntax::expand::{Env, Lexer};
use crate::syntax::image_ref::ImageRef;
use crate::syntax::scope::{Origin, Scope};
use crate::syntax::stages::{Stage, StageRef};

const WHY_MUTABLE: &str = "A tag-less or `latest` reference means a different image whenever \
    upstream publishes one: builds stop being reproducible, and every new base version is a new \
    set of layers that no node has cached, so task start-up pays the full pull again. Checked \
    on FROM, `COPY --from=<image>` and `RUN --mount=from=<image>`, with build arguments \
    resolved: `FROM python:${PY}` is fine when `ARG PY=3.12`, not when the ARG has no default \
    or defaults to `latest`.";

/// The placeholder the fixes insert: not a valid tag, so the build stops with "invalid
/// reference format" until someone writes the version they mean.
pub const PLACEHOLDER: &str = "<tag>";

pub static LL301: Rule = Rule {
    id: "LL301",
    name: "untagged-image",
    aliases: &["DL3006"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("Image without a tag"),
    why: doc!(WHY_MUTABLE),
    bad: doc!("FROM debian\n"),
    good: doc!("FROM debian:bookworm-slim\n"),
    fix: Some(doc!(
        "Insert a `:<tag>` placeholder: the build fails (\"invalid reference format\") until \
         you write the version you mean — layerlint does not guess one",
    )),
    fix_safety: FixSafety::Unsafe,
    opt_in: false,
    check: untagged_image,
};

fn untagged_image(ctx: &Context, out: &mut Findings) {
    for u in image_uses(ctx) {
        let Some(r) = &u.image else { continue };
        if r.digest.is_some() {
            continue;
        }
        let (msg, fix) = match r.tag.as_deref() {
            Some(PLACEHOLDER) => (
                format!(
                    "`{}` still has the tag placeholder: write the version you mean",
                    u.written
                ),
                None,
            ),
            Some("") | None => match &u.via {
                Some(arg) if u.tag_from_variable() => (
                    format!(
                        "`{}` takes its tag from `ARG {}` (line {}), which has no default: \
                         pin a version there",
                        u.written, arg.name, arg.line
                    ),
                    None,
                ),
                _ => (
                    format!(
                        "{} has no tag, so it means `:latest`: pin a version tag{}",
                        u.shown(r),
                        known_tags(r)
                    ),
                    u.literal.then(|| placeholder_fix(ctx, &u, r)).flatten(),
                ),
            },
            Some(_) => continue,
        };
        u.add(ctx, &LL301, out, msg, fix);
    }
}

pub static LL302: Rule = Rule {
    id: "LL302",
    name: "latest-tag",
    aliases: &["DL3007"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("Image with the `latest` tag"),
    why: doc!(WHY_MUTABLE),
    bad: doc!("FROM node:latest\n"),
    good: doc!("FROM node:22-slim\n"),
    fix: Some(doc!(
        "Replace `latest` with a `<tag>` placeholder: the build fails until you write the \
         version you mean",
    )),
    fix_safety: FixSafety::Unsafe,
    opt_in: false,
    check: latest_tag,
};

fn latest_tag(ctx: &Context, out: &mut Findings) {
    for u in image_uses(ctx) {
        let Some(r) = &u.image else { continue };
        if r.tag.as_deref() != Some("latest") || r.digest.is_some() {
            continue;
        }
        let (msg, fix) = match (&u.via, u.literal) {
            (Some(arg), false) => (
                format!(
                    "`{}` resolves to `{}` through `ARG {}` (line {}): pin a version \
                     there",
                    u.written,
                    r.familiar(),
                    arg.name,
                    arg.line
                ),
                None,
            ),
            _ => (
                format!(
                    "`{}` changes whenever upstream publishes: pin a version tag{}",
                    r.familiar(),
                    known_tags(r)
                ),
                latest_fix(ctx, &u, r),
            ),
        };
        u.add(ctx, &LL302, out, msg, fix);
    }
}

pub static LL303: Rule = Rule {
    id: "LL303",
    name: "image-not-pinned-by-digest",
    aliases: &[],
    related: &[],
    severity: Severity::Warning,
    title: doc!("Image not pinned by digest (opt-in)"),
    why: doc!("A tag can be moved to other bytes at any time; only a digest (`@sha256:…`) names one \
          image for good. Pinned, every build and every task pulls exactly the layers you \
          tested, and a registry or a mirror cannot serve something else. Keep the tag for \
          readers: `python:3.12-slim@sha256:…` (`docker buildx imagetools inspect \
          python:3.12-slim` prints the digest), and let a bot (Renovate, Dependabot) update \
          both. Opt-in: enable `LL303`."),
    bad: doc!("FROM python:3.12-slim\n"),
    good: doc!("FROM python:3.12-slim@sha256:47b0e7e2c1b5e1ba4f31a2d8b3ed0d2c4d1e1e8ff7b1d44b1a53c85ba7bd7e69\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: true,
    check: image_not_pinned_by_digest,
};

fn image_not_pinned_by_digest(ctx: &Context, out: &mut Findings) {
    for u in image_uses(ctx) {
        let Some(r) = &u.image else { continue };
        if r.digest.is_some() {
            continue;
        }
        let name = r.familiar();
        let msg = format!(
            "`{name}` is not pinned by digest: add `@sha256:…` (`docker buildx imagetools \
             inspect {name}`) so every build pulls the same bytes"
        );
        u.add(ctx, &LL303, out, msg, None);
    }
}

/// Where an image is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum UseKind {
    From,
    CopyFrom,
    MountFrom,
}

/// The build argument an image reference takes its value from.
#[derive(Debug, Clone)]
pub(super) struct ArgSource {
    pub name: String,
    pub line: u32,
}

/// One image the build pulls.
pub(super) struct ImageUse<'c> {
    pub stage: &'c Stage,
    pub kind: UseKind,
    /// The reference as written.
    pub written: String,
    /// Where it is written.
    pub span: Span,
    /// Written without variables (its text in the file is the reference).
    pub literal: bool,
    /// The reference after resolving build arguments; `None` when it depends on a value
    /// layerlint cannot know.
    pub image: Option<ImageRef>,
    /// The ARG that supplies a missing or `latest` tag, if any.
    pub via: Option<ArgSource>,
}

impl ImageUse<'_> {
    /// `` `python` `` or, when build arguments were resolved, `` `${BASE}` (`python`) ``.
    pub fn shown(&self, r: &ImageRef) -> String {
        if self.literal {
            format!("`{}`", self.written)
        } else {
            format!("`{}` (`{}`)", self.written, r.familiar())
        }
    }

    /// Whether the tag is written with a variable (`node:${TAG}`).
    fn tag_from_variable(&self) -> bool {
        let after_slash = self.written.rfind('/').map_or(0, |p| p + 1);
        self.written[after_slash..]
            .split_once(':')
            .is_some_and(|(_, tag)| tag.contains('$'))
    }

    /// Report with the stage's severity; only FROM findings name hadolint's id (hadolint
    /// looks at FROM only).
    fn add(&self, ctx: &Context, rule: &Rule, out: &mut Findings, msg: String, fix: Option<Fix>) {
        let aliases: &[&str] = if self.kind == UseKind::From {
            rule.aliases
        } else {
            &[]
        };
        let severity = match rule.severity {
            Severity::Warning => ship_severity(ctx, self.stage),
            s => s,
        };
        out.add_as(rule, severity, aliases, &[], self.span, msg, fix);
    }
}

/// Every image the build pulls, in file order.
pub(super) fn image_uses<'c>(ctx: &'c Context) -> Vec<ImageUse<'c>> {
    let mut out = Vec::new();
    let file = ctx.file;
    let scopes = ctx.scopes();
    let global = scopes.global();
    for stage in ctx.stages() {
        let from = file.instructions[stage.from].as_from();
        if let (Some(f), Some(StageRef::Image(_))) = (from, stage.parent()) {
            out.extend(resolve(
                ctx,
                stage,
                UseKind::From,
                &f.image.value,
                f.image.span,
                global,
            ));
        }
        for dep in &stage.dependencies {
            let kind = match dep.kind {
                crate::syntax::stages::DependencyKind::CopyFrom => UseKind::CopyFrom,
                crate::syntax::stages::DependencyKind::MountFrom => UseKind::MountFrom,
                crate::syntax::stages::DependencyKind::From => continue,
            };
            let StageRef::Image(name) = &dep.target else {
                continue;
            };
            let scope = scopes.at(dep.instruction);
            let span = match kind {
                UseKind::MountFrom => file.instructions[dep.instruction]
                    .flags_named("mount")
                    .find(|f| f.span == dep.span)
                    .map_or(dep.span, |f| mount_from_span(ctx, f)),
                _ => dep.span,
            };
            out.extend(resolve(ctx, stage, kind, name, span, scope));
        }
    }
    out
}

fn resolve<'c>(
    ctx: &Context,
    stage: &'c Stage,
    kind: UseKind,
    written: &str,
    span: Span,
    scope: &Scope,
) -> Option<ImageUse<'c>> {
    let literal = !ImageRef::has_variable(written);
    let (text, via) = if literal {
        // BuildKit removes quotes from the reference (`FROM "ubuntu"` is `ubuntu`).
        let unquoted = Lexer::new(ctx.file.escape)
            .process_word(written, &scope.at_build_time())
            .ok()?;
        (unquoted, None)
    } else {
        let e = Lexer::new(ctx.file.escape)
            .process(written, &scope.at_build_time())
            .ok()?;
        // The ARG behind a missing or `latest` tag: the last variable used whose value is
        // empty or `latest`.
        let via = e.matched.iter().rev().find_map(|name| {
            let var = scope.var(name)?;
            let env = scope.at_build_time();
            let value = env.get(name).unwrap_or("");
            let arg = matches!(var.origin, Origin::GlobalArg | Origin::Arg);
            (arg && (value.is_empty() || value.ends_with("latest"))).then(|| ArgSource {
                name: name.clone(),
                line: var
                    .instruction
                    .map_or(0, |i| ctx.file.instructions[i].start_line),
            })
        });
        (e.result, via)
    };
    if text.is_empty() || text.eq_ignore_ascii_case("scratch") || is_stage(ctx, written, &text) {
        return None;
    }
    if text.parse::<usize>().is_ok() {
        return None; // a stage index (buildah reads `FROM 0` as one too)
    }
    Some(ImageUse {
        stage,
        kind,
        written: written.to_string(),
        span,
        literal,
        image: ImageRef::parse(&text),
        via,
    })
}

/// A reference that names a stage: its value is a stage name, or it is a stage name with a
/// variable part (`binary-${TARGETOS}` with stages `binary-linux`, `binary-darwin`).
fn is_stage(ctx: &Context, written: &str, resolved: &str) -> bool {
    if ctx.graph.stage_named(resolved).is_some() {
        return true;
    }
    let Some(prefix) = written
        .split('$')
        .next()
        .filter(|p| p.len() < written.len())
    else {
        return false;
    };
    let prefix = prefix.to_ascii_lowercase();
    !prefix.is_empty()
        && !written.contains([':', '@', '/'])
        && ctx
            .stages()
            .iter()
            .filter_map(|s| s.name.as_deref())
            .any(|n| n.starts_with(&prefix))
}

/// " (tags with published sizes: bookworm, trixie, …)" for images in layerlint's data.
fn known_tags(r: &ImageRef) -> String {
    if !r.is_docker_hub() {
        return String::new();
    }
    let tags: Vec<&str> = base_images::table()
        .iter()
        .filter(|b| b.image == r.short_name() && b.tag != "latest" && !b.tag.is_empty())
        .map(|b| b.tag.as_str())
        .collect();
    if tags.is_empty() {
        String::new()
    } else {
        format!(" (published tags include {})", tags.join(", "))
    }
}

/// Where the reference itself starts in the file: after the opening quote of `"ubuntu"`.
fn reference_start(ctx: &Context, u: &ImageUse) -> usize {
    let written = ctx.file.slice(u.span);
    u.span.start.offset + usize::from(written.starts_with(['"', '\'']))
}

fn placeholder_fix(ctx: &Context, u: &ImageUse, r: &ImageRef) -> Option<Fix> {
    let at = reference_start(ctx, u) + r.name_len;
    Some(Fix {
        title: "Insert a `:<tag>` placeholder (the build fails until you write the version)".into(),
        edits: vec![TextEdit::insertion(at, format!(":{PLACEHOLDER}"))],
        ..Default::default()
    })
}

fn latest_fix(ctx: &Context, u: &ImageUse, r: &ImageRef) -> Option<Fix> {
    if !u.literal {
        return None;
    }
    let start = reference_start(ctx, u) + r.tag_offset?;
    Some(Fix {
        title: "Replace `latest` with a `<tag>` placeholder (the build fails until you write \
                the version)"
            .into(),
        edits: vec![TextEdit::replacement(
            start..start + "latest".len(),
            PLACEHOLDER,
        )],
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::{lint, lint_with};
    use crate::report::Severity;

    #[test]
    fn untagged_and_latest_are_found_with_exact_spans() {
        let text = "FROM ubuntu AS base\nFROM base\nFROM python:latest\nFROM scratch\n";
        // `FROM base` names a stage, not an image.
        let untagged = lint("LL301", text);
        untagged.fails_at(&["ubuntu"]);
        assert_eq!(untagged.findings[0].aliases, ["DL3006"]);
        lint("LL302", text).fails_at(&["python:latest"]);
    }

    #[test]
    fn fixes_insert_a_placeholder_that_stops_the_build() {
        let text = "FROM ubuntu AS base\nFROM python:latest\n";
        let fixed = "FROM ubuntu:<tag> AS base\nFROM python:latest\n";
        let case = lint("LL301", text);
        let f = &case.fails_at(&["ubuntu"]).fixes_to(fixed).findings;
        assert!(
            f[0].message.contains("include 22.04, 24.04"),
            "{}",
            f[0].message
        );
        let again = lint("LL301", fixed);
        assert!(again.has_no_fix().findings[0]
            .message
            .contains("placeholder"));
        assert!(crate::syntax::image_ref::ImageRef::validate("ubuntu:<tag>").is_err());
        lint("LL302", text).fixes_to("FROM ubuntu AS base\nFROM python:<tag>\n");
        lint("LL301", "FROM localhost:5000/app\n").fixes_to("FROM localhost:5000/app:<tag>\n");
        // A quoted reference gets its tag inside the quotes.
        let quoted = "FROM \"gcr.io/distroless/static\"\nFROM 'python:latest'\n";
        lint("LL301", quoted)
            .fixes_to("FROM \"gcr.io/distroless/static:<tag>\"\nFROM 'python:latest'\n");
        lint("LL302", quoted).fixes_to("FROM \"gcr.io/distroless/static\"\nFROM 'python:<tag>'\n");
    }

    #[test]
    fn digests_variables_and_ports_are_not_mistaken_for_missing_tags() {
        let text = "FROM ubuntu@sha256:abcd\nARG BASE\nFROM $BASE\nFROM localhost:5000/app:1\n";
        lint("LL301", text).passes();
        lint("LL302", text).passes();
    }

    #[test]
    fn build_arguments_are_resolved() {
        let pinned = "ARG PY=3.12\nFROM python:${PY}-slim\n";
        lint("LL301", pinned).passes();
        lint("LL302", pinned).passes();
        let latest = "ARG TAG=latest\nFROM node:$TAG\n";
        lint("LL302", latest)
            .on_lines(&[2])
            .messages_contain(&["`ARG TAG` (line 1)"])
            .has_no_fix();
        let empty = "ARG TAG\nFROM node:${TAG}\n";
        lint("LL301", empty).messages_contain(&["no default"]);
        // hadolint reads `$BASE` as an image without a tag (DL3006) even when its default
        // has one.
        lint("LL301", "ARG BASE=ubuntu:24.04\nFROM $BASE\n").passes();
        // Defaults inside the reference, and ARG defaults built from other ARGs: hadolint
        // does not resolve them (no DL3006).
        let default = "ARG ALPINE\nFROM ${ALPINE:-mirror.gcr.io/busybox}\nFROM ${UNSET:-alpine}\n";
        lint("LL301", default)
            .on_lines(&[2, 3])
            .messages_contain(&["(`mirror.gcr.io/busybox`) has no tag", "(`alpine`)"]);
        let nested = "ARG REGISTRY=quay.io\nARG BASE=$REGISTRY/jupyter/base-notebook\nFROM $BASE\n";
        lint("LL301", nested).messages_contain(&["(`quay.io/jupyter/base-notebook`)"]);
        // The ARG is the place to fix.
        lint("LL301", "ARG BASE=ubuntu\nFROM ${BASE}\n")
            .on_lines(&[2])
            .has_no_fix();
    }

    #[test]
    fn stage_names_with_variables_and_platform_args_are_not_images() {
        // hadolint reports these as untagged images (DL3006).
        let stages = "FROM alpine:3.20 AS binary-linux\nFROM alpine:3.20 AS binary-darwin\n\
                      FROM binary-$TARGETOS AS binary\n";
        lint("LL301", stages).passes();
        let defaulted = "ARG FROM_SOURCE=true\nFROM alpine:3.20 AS b-true\nFROM b-${FROM_SOURCE}\n";
        lint("LL301", defaulted).passes();
        // buildah reads `FROM 0` as stage 0; no image is called `0` (hadolint: DL3006).
        lint("LL301", "FROM alpine:3.20\nFROM 0\n").passes();
        // A digest that BuildKit adds for every platform.
        let digest = "FROM quay.io/libpod/busybox${TARGETARCH:+@sha256:32968e717e29f79e5b889721908b3be6d1573992e1f3ba4c9a41718e2728458c}\n";
        lint("LL301", digest).passes();
        // With defaults, a `:latest` that hadolint cannot see.
        let prom = "ARG ARCH=\"amd64\"\nARG OS=\"linux\"\nFROM quay.io/prometheus/busybox-${OS}-${ARCH}:latest\n";
        lint("LL302", prom).fails_at(&["quay.io/prometheus/busybox-${OS}-${ARCH}:latest"]);
    }

    #[test]
    fn copy_from_and_mount_from_images() {
        let text = "FROM alpine:3.20 AS build\nFROM debian:bookworm-slim\n\
                    COPY --from=build /a /a\nCOPY --from=nginx:latest /etc/nginx /etc/nginx\n\
                    COPY --from=0 /b /b\nRUN --mount=type=bind,from=busybox,target=/bb ls /bb\n";
        let latest = lint("LL302", text);
        latest.fails_at(&["nginx:latest"]).on_lines(&[4]);
        // hadolint's DL3007 looks at FROM only.
        assert!(latest.findings[0].aliases.is_empty());
        let untagged = lint("LL301", text);
        untagged.fails_at(&["busybox"]);
        let fixed = crate::fix::apply(text, &untagged.findings[0].fix.as_ref().unwrap().edits);
        assert_eq!(
            fixed.lines().last().unwrap(),
            "RUN --mount=type=bind,from=busybox:<tag>,target=/bb ls /bb"
        );
    }

    #[test]
    fn builder_stages_get_info() {
        let text = "FROM golang AS build\nFROM alpine:3.20\nCOPY --from=build /a /a\n";
        assert_eq!(lint("LL301", text).findings[0].severity, Severity::Info);
    }

    #[test]
    fn digest_pinning_is_opt_in() {
        let config = crate::lint::Config {
            enable: vec!["LL303".into()],
            ..Default::default()
        };
        lint("LL303", "FROM python:3.12-slim\n").passes();
        lint_with(
            "LL303",
            "FROM python:3.12-slim\nCOPY --from=nginx:1.27 /a /a\n",
            &config,
        )
        .fails_at(&["python:3.12-slim", "nginx:1.27"]);
        lint_with("LL303", "FROM python:3.12-slim@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n", &config).passes();
    }
}
