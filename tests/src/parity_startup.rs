//! The start-up rules' side of the hadolint comparison: their aliases with the places where
//! hadolint is wrong (each shown by a named unit test of the rule), and the related rules they
//! are deliberately different from, with the kinds of differences.

use crate::parity::{self, Exception};
use std::path::Path;

/// hadolint rules that start-up rules implement as aliases.
pub const ALIASES: &[&str] = &[
    "DL3006", "DL3007", "DL3015", "DL3032", "DL3036", "DL3040", "DL3060",
];

const STAGE_NAME: &str = "a stage name with a build argument in it (`binary-$TARGETOS` with stages \
    `binary-linux`, …) is a stage, not an untagged image (tags::stage_names_with_variables_and_platform_args_are_not_images)";
const PLATFORM_DIGEST: &str = "`busybox${TARGETARCH:+@sha256:…}`: BuildKit always sets TARGETARCH, \
    so the image is pinned by digest (tags::stage_names_with_variables_and_platform_args_are_not_images)";
const DEFAULT: &str = "the reference resolves through ARG defaults to an image without a tag; \
    hadolint does not resolve them (tags::build_arguments_are_resolved)";

pub const EXCEPTIONS: &[Exception] = &[
    Exception::theirs(
        "real/containers__buildah__tests__bud__env__Dockerfile.env-precedence",
        "DL3006",
        10,
        "`FROM 0` is buildah's reference to stage 0; no image is called `0` \
              (tags::stage_names_with_variables_and_platform_args_are_not_images)",
    ),
    Exception::theirs(
        "real/containers__buildah__tests__conformance__testdata__header-builtin__Dockerfile",
        "DL3006",
        2,
        PLATFORM_DIGEST,
    ),
    Exception::theirs(
        "real/containers__buildah__tests__conformance__testdata__header-builtin__Dockerfile",
        "DL3006",
        4,
        PLATFORM_DIGEST,
    ),
    Exception::theirs("real/crazy-max__diun__Dockerfile", "DL3006", 60, STAGE_NAME),
    Exception::theirs(
        "real/docker__buildx__hack__dockerfiles__lint.Dockerfile",
        "DL3006",
        28,
        STAGE_NAME,
    ),
    Exception::theirs(
        "real/moby__buildkit__hack__dockerfiles__archutil.Dockerfile",
        "DL3006",
        74,
        STAGE_NAME,
    ),
    Exception::theirs(
        "real/moby__buildkit__hack__dockerfiles__lint.Dockerfile",
        "DL3006",
        29,
        STAGE_NAME,
    ),
    Exception::theirs(
        "real/moby__buildkit__hack__dockerfiles__lint.Dockerfile",
        "DL3006",
        62,
        STAGE_NAME,
    ),
    Exception::theirs("real/ollama__ollama__Dockerfile", "DL3006", 29, STAGE_NAME),
    Exception::theirs(
        "real/tonistiigi__xx__src__sdk-extras__Dockerfile",
        "DL3006",
        23,
        STAGE_NAME,
    ),
    Exception::ours(
        "real/containers__buildah__tests__conformance__testdata__builtins__Dockerfile",
        "DL3006",
        9,
        DEFAULT,
    ),
    Exception::ours(
        "real/containers__buildah__tests__conformance__testdata__builtins__Dockerfile",
        "DL3006",
        16,
        DEFAULT,
    ),
    Exception::ours(
        "real/containers__buildah__tests__conformance__testdata__builtins__Dockerfile",
        "DL3006",
        21,
        DEFAULT,
    ),
    Exception::ours(
        "real/jupyter__docker-stacks__docs__using__recipe_code__oracledb.dockerfile",
        "DL3006",
        2,
        DEFAULT,
    ),
    Exception::ours(
        "real/jupyter__docker-stacks__images__base-notebook__Dockerfile",
        "DL3006",
        6,
        DEFAULT,
    ),
];

/// (layerlint rule, related hadolint rule): deliberately different.
pub const RELATED: &[(&str, &str)] = &[
    ("LL101", "DL3059"),
    ("LL103", "DL3009"),
    ("LL103", "DL3019"),
    ("LL103", "DL3042"),
];

/// Why the tools disagree at one place, from the instruction and layerlint's message there.
fn kind(code: &str, d: &parity::Difference, file: &str) -> &'static str {
    let (ours_only, instruction, message) = (d.ours_only, &d.instruction, &d.message);
    let has = |s: &str| instruction.contains(s);
    match (code, ours_only) {
        ("DL3059", true) if d.previous != "RUN" => {
            "separated only by instructions that make no layer (hadolint stops at any)"
        }
        ("DL3059", true) => "a RUN with more than two commands (hadolint skips those)",
        (_, true) if message.contains("does not ship") => {
            "in a stage that does not ship (info; hadolint's DL3009 skips builder stages)"
        }
        ("DL3009", false) if has("dist-clean") || has("distclean") => {
            "`apt-get dist-clean` removes the lists (apt ≥ 2.7; hadolint does not know it)"
        }
        ("DL3019", false) if has("--no-network") => {
            "`apk add --no-network` fetches nothing (hadolint wants --no-cache anyway)"
        }
        (_, false) if has("--mount=type=cache") => "a cache mount keeps the cache out of the layer",
        ("DL3042", false)
            if [
                "PIP_NO_CACHE_DIR=0",
                "PIP_NO_CACHE_DIR=false",
                "PIP_NO_CACHE_DIR=off",
            ]
            .iter()
            .any(|v| file.contains(v)) =>
        {
            "`PIP_NO_CACHE_DIR=0/false/off` disables pip's cache too (pip reads any boolean)"
        }
        _ => "other",
    }
}

/// The related comparison as text: per pair, the counts and the kinds of differences.
pub fn related_report(shared: &Path) -> String {
    let mut out = String::from(
        "| layerlint | hadolint | hadolint findings | layerlint findings | at the same lines | kinds of differences |\n|---|---|---|---|---|---|\n",
    );
    for (rule, code) in RELATED {
        let r = parity::related(shared, rule, code);
        let mut kinds: std::collections::BTreeMap<(bool, &str), usize> = Default::default();
        for d in &r.differences {
            let file = crate::read_text(&shared.join("corpus").join(&d.key.file));
            *kinds
                .entry((d.ours_only, kind(code, d, &file)))
                .or_default() += 1;
        }
        let kinds: Vec<String> = kinds
            .iter()
            .map(|((ours, k), n)| {
                format!(
                    "{n} only {}: {k}",
                    if *ours { "layerlint" } else { "hadolint" }
                )
            })
            .collect();
        out.push_str(&format!(
            "| {rule} | {code} | {} | {} | {} | {} |\n",
            r.hadolint,
            r.ours,
            r.matched,
            kinds.join("; ")
        ));
    }
    out
}
