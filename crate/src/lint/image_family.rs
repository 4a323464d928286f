//! What a stage's base image is known to be, for fixes that depend on its tools (GNU wget,
//! bash, BusyBox ash).

use crate::lint::Context;
use crate::syntax::image_ref::ImageRef;
use crate::syntax::stages::{Stage, StageRef};

/// What the base image of a stage is known to be, for fixes that need its tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    /// Debian, Ubuntu and the official images built on them: bash, GNU wget, dash as sh.
    Debian,
    /// RHEL, Fedora, CentOS, Amazon Linux and kin: bash is `/bin/sh`, GNU tools.
    Rhel,
    /// Alpine: BusyBox ash and wget.
    Alpine,
    Unknown,
}

impl Family {
    pub(crate) fn has_gnu_tools(self) -> bool {
        matches!(self, Family::Debian | Family::Rhel)
    }
}

/// Official images whose default tags are Debian or Ubuntu based.
const DEBIAN_IMAGES: &[&str] = &[
    "debian",
    "ubuntu",
    "buildpack-deps",
    "python",
    "node",
    "golang",
    "ruby",
    "php",
    "perl",
    "rust",
    "gcc",
    "eclipse-temurin",
];
/// RHEL-family images (Red Hat's UBI images are recognised by their `ubi…` path).
const RHEL_IMAGES: &[&str] = &[
    "centos",
    "fedora",
    "rockylinux",
    "almalinux",
    "oraclelinux",
    "amazonlinux",
];

pub(crate) fn family(ctx: &Context, stage: &Stage) -> Family {
    // Follow FROM through the stages of this file to an image (bounded by the stage count).
    let mut s = stage;
    for _ in 0..ctx.stages().len() {
        match s.parent() {
            Some(StageRef::Stage(p)) => match ctx.stages().get(*p) {
                Some(parent) => s = parent,
                None => return Family::Unknown,
            },
            Some(StageRef::Image(_)) => return family_of_image(s),
            _ => return Family::Unknown,
        }
    }
    Family::Unknown
}

fn family_of_image(stage: &Stage) -> Family {
    let Some(r) = stage.base_expanded.as_deref().and_then(ImageRef::parse) else {
        return Family::Unknown;
    };
    let known_registry = r.is_docker_hub()
        || r.registry.as_deref().is_some_and(|reg| {
            [
                "registry.access.redhat.com",
                "registry.redhat.io",
                "mirror.gcr.io",
                "public.ecr.aws",
            ]
            .contains(&reg)
        });
    let tag = r.tag.as_deref().unwrap_or("").to_ascii_lowercase();
    if !known_registry
        || ["windows", "nanoserver", "servercore"]
            .iter()
            .any(|w| tag.contains(w))
    {
        return Family::Unknown;
    }
    let path = r.path.to_ascii_lowercase();
    // Docker Hub's official images, also through the usual mirrors.
    let name = ["library/", "docker/library/"]
        .iter()
        .find_map(|p| path.strip_prefix(p))
        .unwrap_or(&path);
    if name == "alpine" || tag.contains("alpine") {
        Family::Alpine
    } else if name.split('/').any(|p| p.starts_with("ubi")) {
        // ubi-micro has no bash and no package manager.
        if name.contains("micro") || tag.contains("micro") {
            Family::Unknown
        } else {
            Family::Rhel
        }
    } else if RHEL_IMAGES.contains(&name) {
        Family::Rhel
    } else if DEBIAN_IMAGES.contains(&name) {
        Family::Debian
    } else {
        Family::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::Config;

    fn of(text: &str) -> Family {
        let df = crate::syntax::parse(text);
        let config = Config::default();
        let ctx = Context::new(&df, &config);
        family(&ctx, ctx.stages().last().unwrap())
    }

    #[test]
    fn families_of_common_bases() {
        use Family::*;
        for (from, f) in [
            ("debian:bookworm-slim", Debian),
            ("python:3.12-slim", Debian),
            ("docker.io/library/node:22", Debian),
            ("golang:1.23-alpine", Alpine),
            ("alpine:3.20", Alpine),
            ("fedora:40", Rhel),
            ("registry.access.redhat.com/ubi9/ubi-minimal:9.4", Rhel),
            ("registry.access.redhat.com/ubi9/ubi-micro:9.4", Unknown),
            ("python:3.12-windowsservercore", Unknown),
            ("ghcr.io/some/image:1", Unknown),
            ("mirror.gcr.io/alpine", Alpine),
            ("public.ecr.aws/docker/library/ubuntu:24.04", Debian),
            ("redhat/ubi9", Rhel),
            ("scratch", Unknown),
        ] {
            assert_eq!(of(&format!("FROM {from}\n")), f, "{from}");
        }
        assert_eq!(of("FROM alpine:3.20 AS a\nFROM a AS b\nFROM b\n"), Alpine);
        assert_eq!(of("ARG V=3.20\nFROM alpine:${V}\n"), Alpine);
        assert_eq!(of("FROM ${UNSET}\n"), Unknown);
    }
}
