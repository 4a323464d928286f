//! BuildKit's build checks (LL7xx) on the 300 real Dockerfiles: how often each fires (printed),
//! and hand-verified findings — each with the reason BuildKit reports it there.

use layerlint::lint::{self, Config};
use layerlint_tests::{read_text, real_dockerfiles, shared_or_skip};
use std::collections::BTreeMap;

/// (file, line, rule, check name, why BuildKit reports it).
const VERIFIED: &[(&str, u32, &str, &str)] = &[
    ("containers__buildah__tests__bud__cache-stages__Dockerfile.3", 5, "LL701",
     "`FROM common AS buildA`: the stage name has upper-case letters"),
    ("docker__awesome-compose__react-java-mysql__backend__Dockerfile", 11, "LL702",
     "`FROM builder as dev-envs`: FROM is upper case, `as` lower case"),
    ("containers__buildah__tests__bud__copy-exclude__Containerfile.missing", 3, "LL703",
     "`run ls /testdir` among upper-case keywords"),
    ("microsoft__mssql-docker__linux__preview__RHEL__Dockerfile", 51, "LL706",
     "`CMD sqlservr` in shell form, no SHELL in the stage"),
    ("GoogleContainerTools__kaniko__integration__dockerfiles__Dockerfile_registry_mirror", 20, "LL707",
     "`MAINTAINER kaniko`"),
    ("containers__buildah__tests__conformance__testdata__builtins__Dockerfile", 9, "LL708",
     "`FROM ${SECONDBASE:-…}`: no `ARG SECONDBASE` before the first FROM"),
    ("replicatedhq__dockerfilelint__test__examples__Dockerfile.misc", 32, "LL709",
     "`WORKDIR in valid`: the stage's first WORKDIR, relative"),
    ("containers__buildah__tests__conformance__testdata__builtins__Dockerfile", 11, "LL710",
     "`COPY --chown=${OWNERID:-1}…`: `ARG OWNERID=1` only comes on the next line"),
    ("wagoodman__dive__Dockerfile", 3, "LL710",
     "`ARG DOCKER_CLI_VERSION=${DOCKER_CLI_VERSION}`: the default is expanded before the ARG \
      exists, and no global ARG of that name exists"),
    ("containers__buildah__tests__conformance__testdata__Dockerfile.heredoc-quoting", 80, "LL710",
     "`$varB` in an unquoted COPY heredoc: expanded with the stage's ENV, where varB is not set \
      (the heredoc's own `varB=valueB` is text)"),
    ("containers__buildah__tests__conformance__testdata__Dockerfile.edgecases", 29, "LL711",
     "the first of several CMDs in one stage: only the last counts"),
    ("nginxinc__docker-nginx__mainline__debian__Dockerfile", 10, "LL712",
     "`ENV NGINX_VERSION   1.27.4`: key and value separated by spaces"),
    ("docker-library__python__3.12__slim-bookworm__Dockerfile", 27, "LL714",
     "`ENV GPG_KEY …`: KEY is one of BuildKit's secret words"),
    ("getsentry__self-hosted__cron__Dockerfile", 2, "LL715",
     "`FROM ${BASE_IMAGE}` with `ARG BASE_IMAGE` lacking a default: an empty image name"),
    ("ollama__ollama__Dockerfile", 156, "LL716",
     "`FROM --platform=linux/arm64 … AS jetpack-5`: a constant platform, and the stage name \
      names neither linux nor arm64"),
    ("replicatedhq__dockerfilelint__test__examples__Dockerfile.misc", 25, "LL718",
     "`EXPOSE 80:80`: a host-port mapping"),
];

/// Places where BuildKit does not report, with the reason.
const NOT_REPORTED: &[(&str, u32, &str, &str)] = &[
    (
        "containerd__containerd__integration__images__volume-copy-up__Dockerfile_windows",
        23,
        "LL709",
        "`WORKDIR C:/bin` is absolute in the Windows build this file is for",
    ),
    (
        "jupyter__docker-stacks__images__base-notebook__Dockerfile",
        34,
        "LL710",
        "`USER ${NB_UID}`: set by the base image's ENV (docker-stacks-foundation)",
    ),
    (
        "moby__buildkit__Dockerfile",
        53,
        "LL710",
        "`WORKDIR $GOPATH/…`: GOPATH is set by the golang base image",
    ),
];

#[test]
fn buildkit_checks_on_the_real_corpus() {
    let shared = shared_or_skip!();
    let config = Config::default();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut found: Vec<(String, u32, String)> = Vec::new();
    for (key, path) in real_dockerfiles(&shared) {
        let text = read_text(&path);
        for f in lint::lint(&text, &config) {
            // By check name: a BuildKit check's finding may be merged into its hadolint
            // neighbour's (LL706 into LL525), which then carries the check's name.
            for check in f
                .aliases
                .iter()
                .filter(|a| lint::pragma::is_buildkit_check(a))
            {
                *counts.entry(check.clone()).or_default() += 1;
                let file = key.trim_start_matches("real/").to_string();
                found.push((file, f.span.start.line, check.clone()));
            }
        }
    }
    eprintln!(
        "BuildKit checks on {} real Dockerfiles:",
        real_dockerfiles(&shared).len()
    );
    for (check, n) in &counts {
        eprintln!("  {check}: {n}");
    }
    let has = |file: &str, line: u32, rule: &str| {
        let rule = lint::rule(rule).expect("registered");
        let check = rule
            .aliases
            .iter()
            .find(|a| lint::pragma::is_buildkit_check(a));
        found
            .iter()
            .any(|(f, l, c)| f == file && *l == line && Some(&c.as_str()) == check)
    };
    for (file, line, rule, why) in VERIFIED {
        assert!(
            has(file, *line, rule),
            "{rule} missing at {file}:{line} ({why})"
        );
    }
    for (file, line, rule, why) in NOT_REPORTED {
        assert!(
            !has(file, *line, rule),
            "{rule} at {file}:{line}, but {why}"
        );
    }
    // Every check that the corpus triggers at all is among the verified ones above.
    for check in counts.keys() {
        let verified = |v: &(&str, u32, &str, &str)| {
            lint::rule(v.2).is_some_and(|r| r.aliases.contains(&check.as_str()))
        };
        assert!(
            VERIFIED.iter().any(verified) || check == "NoEmptyContinuation",
            "{check} fires on the corpus but has no hand-verified case"
        );
    }
}
