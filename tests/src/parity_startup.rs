//! The start-up rules' side of the hadolint comparison: their aliases with the places where
//! hadolint is wrong (each shown by a named unit test of the rule), and the related rules they
//! are deliberately different from, with the kinds of differences.

use crate::parity::{self, Exception};
use std::path::Path;

/// hadolint rules that start-up rules implement as aliases.
pub const ALIASES: &[&str] = &[
    "DL3006", "DL3007", "DL3009", "DL3015", "DL3019", "DL3032", "DL3036", "DL3040", "DL3042",
    "DL3059", "DL3060",
];

const STAGE_NAME: &str = "a stage name with a build argument in it (`binary-$TARGETOS` with stages \
    `binary-linux`, …) is a stage, not an untagged image (tags::stage_names_with_variables_and_platform_args_are_not_images)";
const PLATFORM_DIGEST: &str = "`busybox${TARGETARCH:+@sha256:…}`: BuildKit always sets TARGETARCH, \
    so the image is pinned by digest (tags::stage_names_with_variables_and_platform_args_are_not_images)";
const DEFAULT: &str = "the reference resolves through ARG defaults to an image without a tag; \
    hadolint does not resolve them (tags::build_arguments_are_resolved)";

const DIST_CLEAN: &str = "`apt-get dist-clean` (apt ≥ 2.7) removes the lists; hadolint does not \
    know it (caches::apt_get_dist_clean_removes_the_lists_hadolint_misses_it)";
const NO_NETWORK: &str = "`apk add --no-network` fetches nothing, so nothing is cached; hadolint \
    wants --no-cache anyway (caches::apk_add_no_network_fetches_nothing_hadolint_flags_it)";
const PIP_NO_CACHE_DIR: &str = "pip disables its cache for `PIP_NO_CACHE_DIR=0/false/off` too; \
    hadolint reads them as \"cache on\" \
    (caches::pip_no_cache_dir_of_any_value_disables_the_cache_hadolint_misreads_it)";

const WINDOWS_SH: &str = "two single-command RUNs to hadolint, which reads a Windows RUN \
    (PowerShell, cmd) as sh; layerlint does not count commands in a shell it does not read \
    (layers::hadolint_counts_powershell_runs_as_sh_for_dl3059)";

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
    Exception::theirs(
        "real/Tecnativa__doodba__16.0.Dockerfile",
        "DL3042",
        109,
        PIP_NO_CACHE_DIR,
    ),
    Exception::theirs(
        "real/Tecnativa__doodba__16.0.Dockerfile",
        "DL3042",
        122,
        PIP_NO_CACHE_DIR,
    ),
    Exception::theirs(
        "real/Tecnativa__doodba__17.0.Dockerfile",
        "DL3042",
        108,
        PIP_NO_CACHE_DIR,
    ),
    Exception::theirs(
        "real/Tecnativa__doodba__17.0.Dockerfile",
        "DL3042",
        121,
        PIP_NO_CACHE_DIR,
    ),
    Exception::theirs(
        "real/Tecnativa__doodba__18.0.Dockerfile",
        "DL3042",
        108,
        PIP_NO_CACHE_DIR,
    ),
    Exception::theirs(
        "real/Tecnativa__doodba__18.0.Dockerfile",
        "DL3042",
        121,
        PIP_NO_CACHE_DIR,
    ),
    Exception::theirs(
        "real/docker-library__buildpack-deps__ubuntu__questing__Dockerfile",
        "DL3009",
        9,
        DIST_CLEAN,
    ),
    Exception::theirs(
        "real/docker-library__haproxy__3.2__alpine__Dockerfile",
        "DL3019",
        38,
        NO_NETWORK,
    ),
    Exception::theirs(
        "real/docker-library__httpd__2.4__alpine__Dockerfile",
        "DL3019",
        36,
        NO_NETWORK,
    ),
    Exception::theirs(
        "real/docker-library__memcached__1__alpine__Dockerfile",
        "DL3019",
        21,
        NO_NETWORK,
    ),
    Exception::theirs(
        "real/docker-library__php__8.3__trixie__apache__Dockerfile",
        "DL3009",
        32,
        DIST_CLEAN,
    ),
    Exception::theirs(
        "real/docker-library__php__8.3__trixie__apache__Dockerfile",
        "DL3009",
        54,
        DIST_CLEAN,
    ),
    Exception::theirs(
        "real/docker-library__php__8.5__trixie__fpm__Dockerfile",
        "DL3009",
        32,
        DIST_CLEAN,
    ),
    Exception::theirs(
        "real/docker-library__python__3.13__slim-trixie__Dockerfile",
        "DL3009",
        13,
        DIST_CLEAN,
    ),
    Exception::theirs(
        "real/docker-library__rabbitmq__4.0__ubuntu__management__Dockerfile",
        "DL3009",
        18,
        DIST_CLEAN,
    ),
    Exception::theirs(
        "real/docker-library__redis__6.2__alpine__Dockerfile",
        "DL3019",
        56,
        NO_NETWORK,
    ),
    Exception::theirs(
        "real/docker-library__redis__7.4-rc__alpine__Dockerfile",
        "DL3019",
        56,
        NO_NETWORK,
    ),
    Exception::theirs(
        "real/docker-library__wordpress__beta__php8.2__fpm-alpine__Dockerfile",
        "DL3019",
        21,
        NO_NETWORK,
    ),
    Exception::theirs(
        "real/docker-library__wordpress__cli__php8.2__alpine__Dockerfile",
        "DL3019",
        22,
        NO_NETWORK,
    ),
    Exception::theirs(
        "real/nextcloud__docker__32__apache__Dockerfile",
        "DL3009",
        5,
        DIST_CLEAN,
    ),
    Exception::theirs(
        "real/nextcloud__docker__32__apache__Dockerfile",
        "DL3009",
        25,
        DIST_CLEAN,
    ),
    Exception::theirs(
        "real/nextcloud__docker__32__fpm-alpine__Dockerfile",
        "DL3019",
        24,
        NO_NETWORK,
    ),
    Exception::theirs(
        "real/nextcloud__docker__33__fpm__Dockerfile",
        "DL3009",
        5,
        DIST_CLEAN,
    ),
    Exception::theirs(
        "real/nextcloud__docker__33__fpm__Dockerfile",
        "DL3009",
        25,
        DIST_CLEAN,
    ),
    Exception::theirs(
        "real/StefanScherer__dockerfiles-windows__chown__Dockerfile",
        "DL3059",
        7,
        WINDOWS_SH,
    ),
    Exception::theirs(
        "real/StefanScherer__dockerfiles-windows__chown__Dockerfile",
        "DL3059",
        8,
        WINDOWS_SH,
    ),
    Exception::theirs(
        "real/StefanScherer__dockerfiles-windows__longpath__Dockerfile",
        "DL3059",
        11,
        WINDOWS_SH,
    ),
    Exception::theirs(
        "real/StefanScherer__dockerfiles-windows__longpath__Dockerfile",
        "DL3059",
        14,
        WINDOWS_SH,
    ),
    Exception::theirs(
        "real/StefanScherer__dockerfiles-windows__mongo__3.6__Dockerfile",
        "DL3059",
        11,
        WINDOWS_SH,
    ),
    Exception::theirs(
        "real/StefanScherer__dockerfiles-windows__mongo__3.6__Dockerfile",
        "DL3059",
        12,
        WINDOWS_SH,
    ),
    Exception::theirs(
        "real/StefanScherer__dockerfiles-windows__mongo__3.6__Dockerfile",
        "DL3059",
        13,
        WINDOWS_SH,
    ),
    Exception::theirs(
        "real/StefanScherer__dockerfiles-windows__mongo__3.6__Dockerfile",
        "DL3059",
        18,
        WINDOWS_SH,
    ),
    Exception::theirs(
        "real/StefanScherer__dockerfiles-windows__mongo__3.6__Dockerfile",
        "DL3059",
        19,
        WINDOWS_SH,
    ),
    Exception::theirs(
        "real/StefanScherer__dockerfiles-windows__mongo__3.6__Dockerfile",
        "DL3059",
        20,
        WINDOWS_SH,
    ),
    Exception::theirs(
        "real/StefanScherer__dockerfiles-windows__mongo__3.6__Dockerfile",
        "DL3059",
        21,
        WINDOWS_SH,
    ),
    Exception::theirs(
        "real/StefanScherer__dockerfiles-windows__mongo__3.6__Dockerfile",
        "DL3059",
        23,
        WINDOWS_SH,
    ),
    Exception::theirs(
        "real/StefanScherer__dockerfiles-windows__node__12__Dockerfile",
        "DL3059",
        76,
        WINDOWS_SH,
    ),
    Exception::theirs(
        "real/StefanScherer__dockerfiles-windows__prometheus__Dockerfile",
        "DL3059",
        17,
        WINDOWS_SH,
    ),
    Exception::theirs(
        "real/caddyserver__caddy-docker__2.11__windows-nanoserver__ltsc2022__Dockerfile",
        "DL3059",
        9,
        WINDOWS_SH,
    ),
    Exception::theirs(
        "real/dotnet__dotnet-docker__src__sdk__8.0__nanoserver-1809__amd64__Dockerfile",
        "DL3059",
        23,
        WINDOWS_SH,
    ),
    Exception::theirs(
        "real/dotnet__dotnet-docker__src__sdk__8.0__nanoserver-ltsc2022__amd64__Dockerfile",
        "DL3059",
        23,
        WINDOWS_SH,
    ),
    Exception::theirs(
        "real/microsoft__dotnet-framework-docker__src__aspnet__4.8__windowsservercore-ltsc2016__Dockerfile",
        "DL3059",
        18,
        WINDOWS_SH,
    ),
    Exception::theirs(
        "real/microsoft__dotnet-framework-docker__src__aspnet__4.8__windowsservercore-ltsc2016__Dockerfile",
        "DL3059",
        30,
        WINDOWS_SH,
    ),
    Exception::theirs(
        "real/microsoft__dotnet-framework-docker__src__sdk__4.8__windowsservercore-ltsc2016__Dockerfile",
        "DL3059",
        87,
        WINDOWS_SH,
    ),
    Exception::theirs(
        "real/moby__moby__Dockerfile.windows",
        "DL3059",
        276,
        WINDOWS_SH,
    ),
    Exception::theirs(
        "real/moby__moby__Dockerfile.windows",
        "DL3059",
        290,
        WINDOWS_SH,
    ),
    Exception::theirs(
        "real/moby__moby__contrib__busybox__Dockerfile",
        "DL3059",
        28,
        WINDOWS_SH,
    ),
    Exception::theirs(
        "real/moby__moby__contrib__busybox__Dockerfile",
        "DL3059",
        29,
        WINDOWS_SH,
    ),
];

/// (layerlint rule, related hadolint rule): deliberately different.
pub const RELATED: &[(&str, &str)] = &[("LL101", "DL3059")];

/// Why the tools disagree at one place, from the instruction before it.
fn kind(code: &str, d: &parity::Difference) -> &'static str {
    match (code, d.ours_only) {
        ("DL3059", true) if d.previous != "RUN" => {
            "separated only by instructions that make no layer (hadolint stops at any)"
        }
        ("DL3059", true) => "a RUN with more than two commands (hadolint skips those)",
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
            *kinds.entry((d.ours_only, kind(code, d))).or_default() += 1;
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
