//! Where images come from: Docker Hub without a pull-through cache (LL401, opt-in).

use super::tags::image_uses;
use crate::lint::{Context, Findings, Rule};
use crate::report::{Fix, Severity, TextEdit};

/// Docker's copies of its official images on Amazon ECR Public.
const ECR_PUBLIC_LIBRARY: &str = "public.ecr.aws/docker/library/";

pub static LL401: Rule = Rule {
    id: "LL401",
    aliases: &[],
    related: &[],
    severity: Severity::Info,
    title: "Docker Hub image without a pull-through cache (opt-in)",
    why: "Docker Hub rate-limits pulls, per IP address for anonymous ones: tasks in a VPC \
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
          Opt-in: enable `LL401`.",
    bad: "FROM python:3.12-slim\n",
    good: "FROM public.ecr.aws/docker/library/python:3.12-slim\n",
    fix: Some(
        "For official images: pull Docker's mirror on ECR Public \
         (`public.ecr.aws/docker/library/…`, same tags)",
    ),
    opt_in: true,
    check: |ctx: &Context, out: &mut Findings| {
        let mirror = ctx.config.trusted_registries.iter().any(|r| {
            !matches!(
                r.trim_end_matches('/'),
                "docker.io" | "index.docker.io" | "registry-1.docker.io" | "hub.docker.com"
            )
        });
        if mirror {
            return;
        }
        for u in image_uses(ctx) {
            let Some(r) = &u.image else { continue };
            if r.domain() != "docker.io" {
                continue;
            }
            let repository = r.repository();
            let official = repository.strip_prefix("library/");
            let fix = match official {
                Some(name) if u.literal && r.digest.is_none() => {
                    let tag = r.tag.as_ref().map(|t| format!(":{t}")).unwrap_or_default();
                    Some(Fix {
                        title: format!("Pull `{ECR_PUBLIC_LIBRARY}{name}{tag}` (Docker's mirror on ECR Public)"),
                        edits: vec![TextEdit {
                            start: u.span.start.offset,
                            end: u.span.end.offset,
                            text: format!("{ECR_PUBLIC_LIBRARY}{name}{tag}"),
                        }],
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
    },
};

#[cfg(test)]
mod tests {
    use crate::lint::Config;

    fn ll401(text: &str, config: &Config) -> Vec<crate::report::Finding> {
        crate::lint::lint(text, config)
            .into_iter()
            .filter(|f| f.rule == "LL401")
            .collect()
    }

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
        assert!(ll401(text, &Config::default()).is_empty(), "opt-in");
        let f = ll401(text, &enabled());
        assert_eq!(f.len(), 3);
        let fixed = crate::fix::apply(text, &f[0].fix.as_ref().unwrap().edits);
        assert!(fixed.starts_with("FROM public.ecr.aws/docker/library/python:3.12-slim AS a\n"));
        let fixed = crate::fix::apply(text, &f[1].fix.as_ref().unwrap().edits);
        assert!(fixed.contains("FROM public.ecr.aws/docker/library/redis:7\n"));
        assert!(f[2].fix.is_none(), "not an official image");
        assert!(f[2].message.contains("Docker Hub"), "{}", f[2].message);
    }

    #[test]
    fn a_trusted_mirror_silences_it() {
        let mut config = enabled();
        config.trusted_registries = vec!["123456789012.dkr.ecr.eu-west-1.amazonaws.com".into()];
        assert!(ll401("FROM python:3.12-slim\n", &config).is_empty());
        config.trusted_registries = vec!["docker.io".into()];
        assert_eq!(ll401("FROM python:3.12-slim\n", &config).len(), 1);
    }
}
