//! Where images come from: registries the user trusts (`trustedRegistries`, LL526), Docker Hub
//! without a pull-through cache (LL401, opt-in), and pinned platforms (LL529).

use super::tags::image_uses;
use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::{Fix, Severity, TextEdit};
use crate::syntax::image_ref::names_docker_hub;
use crate::syntax::scope::PREDEFINED_ARGS;

pub static LL526: Rule = Rule {
    id: "LL526",
    name: "untrusted-registry",
    aliases: &["DL3026"],
    related: &[],
    severity: Severity::Error,
    title: doc!("Image from a registry that is not trusted"),
    why: doc!(
        "With `trustedRegistries` set (hadolint's setting, or layerlint's `trustedRegistries`), \
          every image the build pulls — FROM, `COPY --from` and `RUN --mount=from=` — must come \
          from one of them: images from elsewhere skip your mirror, its scanning and its \
          cache. `docker.io` (or `hub.docker.com`) trusts Docker Hub, `*.example.com` every \
          subdomain. Without the setting the rule does nothing."
    ),
    bad: doc!("FROM quay.io/prometheus/busybox:latest\n"),
    good: doc!("FROM registry.example.com/library/busybox:1.36\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: untrusted_registry,
};

fn untrusted_registry(ctx: &Context, out: &mut Findings) {
    let trusted = &ctx.config.trusted_registries;
    if trusted.is_empty() {
        return;
    }
    for image in image_uses(ctx) {
        let Some(r) = &image.image else {
            continue; // depends on a value layerlint cannot know
        };
        let domain = r.domain();
        if !trusted.iter().any(|t| registry_matches(t, domain)) {
            let msg = format!(
                "{} comes from `{domain}`, which is not a trusted registry ({})",
                image.shown(r),
                trusted.join(", ")
            );
            out.add(&LL526, image.span, msg, None);
        }
    }
}

/// Every name of Docker Hub matches the others; `*.example.com` matches its subdomains.
fn registry_matches(trusted: &str, domain: &str) -> bool {
    let trusted = trusted.trim().to_ascii_lowercase();
    let domain = domain.to_ascii_lowercase();
    if let Some(suffix) = trusted.strip_prefix("*.") {
        return domain
            .strip_suffix(suffix)
            .is_some_and(|rest| rest.ends_with('.'));
    }
    trusted == domain || (names_docker_hub(&trusted) && names_docker_hub(&domain))
}

pub static LL529: Rule = Rule {
    id: "LL529",
    name: "from-platform-pinned",
    aliases: &["DL3029"],
    related: &["FromPlatformFlagConstDisallowed"],
    severity: Severity::Warning,
    title: doc!("FROM pinned to one platform"),
    why: doc!(
        "`FROM --platform=linux/amd64` builds that stage for one platform whatever the build \
          asks for: on arm64 hosts (Graviton, Apple silicon) the image runs under emulation, \
          several times slower to start and to run, or fails. Use the build's platform \
          (`$BUILDPLATFORM` for builder stages, `$TARGETPLATFORM` or nothing for the image)."
    ),
    bad: doc!("FROM --platform=linux/amd64 node:22-slim\n"),
    good: doc!("FROM --platform=$BUILDPLATFORM node:22-slim AS build\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: from_platform_pinned,
};

fn from_platform_pinned(ctx: &Context, out: &mut Findings) {
    for stage in ctx.stages() {
        let inst = &ctx.file.instructions[stage.from];
        let Some(flag) = inst.as_from().and_then(|f| f.platform) else {
            continue;
        };
        let value = flag.value.as_deref().unwrap_or_default();
        if value.is_empty() || follows_build_platform(ctx, value) {
            continue;
        }
        let shown = ctx
            .scopes()
            .global()
            .expand(value, ctx.file.escape)
            .unwrap_or_else(|| value.to_string());
        let msg =
            format!("the stage is always built for `{shown}`, whatever platform the build targets");
        out.add(&LL529, flag.span, msg, None);
    }
}

/// Whether a `--platform` value refers to the build's platforms (`$BUILDPLATFORM`,
/// `linux/$TARGETARCH`, …), directly or through a global ARG whose default does.
fn follows_build_platform(ctx: &Context, value: &str) -> bool {
    let mentions = |v: &str| PREDEFINED_ARGS.iter().any(|(a, _)| v.contains(a));
    if mentions(value) {
        return true;
    }
    ctx.graph.global_args.iter().any(|&i| {
        ctx.file.instructions[i].as_arg().is_some_and(|decls| {
            decls.iter().any(|d| {
                d.default.is_some_and(mentions)
                    && (value.contains(&format!("${}", d.name))
                        || value.contains(&format!("${{{}", d.name)))
            })
        })
    })
}

/// Docker's copies of its official images on Amazon ECR Public.
const ECR_PUBLIC_LIBRARY: &str = "public.ecr.aws/docker/library/";

pub static LL401: Rule = Rule {
    id: "LL401",
    name: "docker-hub-without-cache",
    aliases: &[],
    related: &[],
    severity: Severity::Info,
    title: doc!("Docker Hub image without a pull-through cache (opt-in)"),
    why: doc!(
        "Docker Hub rate-limits pulls, per IP address for anonymous ones: tasks in a VPC \
          share their NAT gateway's address, and a scale-out or a deployment that starts many \
          tasks at once can hit the limit and fail to start (`toomanyrequests`). Pulling from \
          AWS is also faster than crossing the internet. The usual remedy is an ECR \
          pull-through cache rule: Docker's official images are mirrored on ECR Public \
          (`public.ecr.aws/docker/library/<name>`), which a cache rule with upstream \
          `public.ecr.aws` serves from your own registry \
          (`<account>.dkr.ecr.<region>.amazonaws.com/<prefix>/docker/library/<name>`); other \
          Docker Hub images need a cache rule with Docker Hub credentials. A configured \
          trusted registry that is not Docker Hub (`trustedRegistries`, hadolint's setting) \
          is taken to mean that images come through such a mirror, and the rule is silent. \
          Opt-in: enable `LL401`."
    ),
    bad: doc!("FROM python:3.12-slim\n"),
    good: doc!("FROM public.ecr.aws/docker/library/python:3.12-slim\n"),
    fix: Some(doc!(
        "For official images: pull Docker's mirror on ECR Public \
         (`public.ecr.aws/docker/library/…`, same tags)",
    )),
    fix_safety: FixSafety::Unsafe,
    opt_in: true,
    check: docker_hub_without_cache,
};

fn docker_hub_without_cache(ctx: &Context, out: &mut Findings) {
    let mirror = ctx
        .config
        .trusted_registries
        .iter()
        .any(|r| !names_docker_hub(r.trim().trim_end_matches('/')));
    if mirror {
        return;
    }
    for u in image_uses(ctx) {
        let Some(r) = &u.image else { continue };
        if !r.is_docker_hub() {
            continue;
        }
        let repository = r.repository();
        let official = repository.strip_prefix("library/");
        let fix = match official {
            Some(name) if u.literal && r.digest.is_none() => {
                let tag = r.tag.as_ref().map(|t| format!(":{t}")).unwrap_or_default();
                Some(Fix {
                    title: format!(
                        "Pull `{ECR_PUBLIC_LIBRARY}{name}{tag}` (Docker's mirror on ECR Public)"
                    ),
                    edits: vec![TextEdit::replacement(
                        u.span.start.offset..u.span.end.offset,
                        format!("{ECR_PUBLIC_LIBRARY}{name}{tag}"),
                    )],
                    ..Default::default()
                })
            }
            _ => None,
        };
        let remedy = match official {
            Some(name) => format!(
                "pull `{ECR_PUBLIC_LIBRARY}{name}` or, better, through an ECR pull-through \
                 cache rule for ECR Public"
            ),
            None => "pull it through an ECR pull-through cache rule for Docker Hub".into(),
        };
        let msg = format!(
            "`{}` comes from Docker Hub, which rate-limits pulls (per NAT address for \
             anonymous ones): {remedy}",
            u.written
        );
        out.add(&LL401, u.span, msg, fix);
    }
}

#[cfg(test)]
pub(super) fn example_config(id: &str) -> Option<crate::lint::Config> {
    (id == "LL526").then(|| crate::lint::Config {
        trusted_registries: vec!["registry.example.com".into()],
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::registry_matches;
    use crate::lint::rules::test_util::{lint, lint_with};
    use crate::lint::Config;

    fn trusting(list: &[&str]) -> Config {
        Config {
            trusted_registries: list.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn untrusted_images_are_found_in_from_copy_and_mounts() {
        let text = "ARG REG=quay.io\nFROM ${REG}/a/b:1 AS one\nFROM ghcr.io/x/y:1\n\
                    COPY --from=one /a /a\nCOPY --from=evil.io/i:1 /a /a\n\
                    RUN --mount=type=bind,from=nginx:1.27,target=/n true\nFROM scratch\nFROM one\n";
        // Stages and scratch are not images.
        let case = lint_with("LL526", text, &trusting(&["ghcr.io"]));
        case.fails_at(&["${REG}/a/b:1", "evil.io/i:1", "nginx:1.27"]);
        assert!(case.findings[0].message.contains("`quay.io`"));
        // No list, no rule.
        lint("LL526", text).passes();
    }

    #[test]
    fn docker_hub_names_and_wildcards() {
        let hub = "FROM ubuntu:24.04\nFROM docker.io/library/debian:12\n";
        lint_with("LL526", hub, &trusting(&["hub.docker.com"])).passes();
        lint_with("LL526", hub, &trusting(&["ghcr.io"]))
            .fails_at(&["ubuntu:24.04", "docker.io/library/debian:12"]);
        assert!(registry_matches("*.example.com", "eu.registry.example.com"));
        assert!(!registry_matches("*.example.com", "example.com"));
        assert!(!registry_matches("*.example.com", "badexample.com"));
        assert!(registry_matches("localhost:5000", "localhost:5000"));
    }

    #[test]
    fn the_config_file_mapping_drives_the_rule() {
        let config =
            Config::from_hadolint(serde_json::json!({"trustedRegistries": ["docker.io"]})).unwrap();
        lint_with("LL526", "FROM gcr.io/distroless/static:nonroot\n", &config)
            .fails_at(&["gcr.io/distroless/static:nonroot"]);
    }

    /// hadolint accepts only `BUILDPLATFORM`/`TARGETPLATFORM`: `linux/$TARGETARCH` follows
    /// the target platform too, yet hadolint reports it.
    #[test]
    fn platform_parts_of_the_target_follow_it_unlike_hadolint() {
        let text =
            "FROM --platform=linux/$TARGETARCH a:1\nFROM --platform=$BUILDOS/$BUILDARCH b:1\n";
        lint("LL529", text).passes();
    }

    #[test]
    fn pinned_platforms() {
        let text = "ARG P=linux/arm64\nARG B=$BUILDPLATFORM\nFROM --platform=linux/amd64 a:1\n\
                    FROM --platform=$BUILDPLATFORM a:1\nFROM --platform=\"${TARGETPLATFORM}\" a:1\n\
                    FROM --platform=linux/$TARGETARCH a:1\nFROM --platform=$P a:1\n\
                    FROM --platform=$B a:1\nFROM --platform=linux/$OTHER a:1\n";
        let case = lint("LL529", text);
        case.fails_at(&[
            "--platform=linux/amd64",
            "--platform=$P",
            "--platform=linux/$OTHER",
        ]);
        assert!(case.findings[1].message.contains("linux/arm64"));
    }
}

#[cfg(test)]
mod docker_hub_tests {
    use crate::lint::rules::test_util::{lint, lint_with};
    use crate::lint::Config;

    fn enabled() -> Config {
        Config {
            enable: vec!["LL401".into()],
            ..Default::default()
        }
    }

    #[test]
    fn docker_hub_images_are_found_when_enabled() {
        let text =
            "FROM python:3.12-slim AS a\nFROM docker.io/library/redis:7\nFROM bitnami/nginx:1\n\
                    FROM ghcr.io/acme/app:1\nFROM public.ecr.aws/docker/library/node:22\n";
        lint("LL401", text).passes(); // opt-in
        let mirror = "public.ecr.aws/docker/library/";
        let case = lint_with("LL401", text, &enabled());
        case.fails_at(&[
            "python:3.12-slim",
            "docker.io/library/redis:7",
            "bitnami/nginx:1",
        ])
        .fixes_to(&text.replacen("python", &format!("{mirror}python"), 1));
        let f = &case.findings;
        let redis = &f[1].fix.as_ref().expect("a fix").edits;
        let fixed = crate::fix::apply(text, redis);
        assert!(fixed.contains("FROM public.ecr.aws/docker/library/redis:7\n"));
        assert!(f[2].fix.is_none(), "not an official image");
        assert!(f[2].message.contains("Docker Hub"), "{}", f[2].message);
    }

    /// Every name of Docker Hub is Docker Hub, as for the other rules that ask `is_docker_hub`.
    #[test]
    fn docker_hub_by_any_of_its_names() {
        for image in [
            "registry-1.docker.io/library/redis:7",
            "Docker.io/bitnami/nginx:1",
        ] {
            lint_with("LL401", &format!("FROM {image}\n"), &enabled()).fails_at(&[image]);
        }
    }

    #[test]
    fn a_trusted_mirror_silences_it() {
        let mut config = enabled();
        config.trusted_registries = vec!["123456789012.dkr.ecr.eu-west-1.amazonaws.com".into()];
        lint_with("LL401", "FROM python:3.12-slim\n", &config).passes();
        config.trusted_registries = vec!["docker.io".into()];
        lint_with("LL401", "FROM python:3.12-slim\n", &config).fails_at(&["python:3.12-slim"]);
    }
}
