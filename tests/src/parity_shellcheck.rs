//! The ShellCheck family's side of the hadolint comparison (LL800, `crate::shell::check`): its
//! codes and the places where hadolint's ShellCheck run is wrong, each shown by a named test.

use crate::parity::Exception;

/// Every SC code LL800 checks (those hadolint reports on the corpus and those it reports none
/// of there, where layerlint must report none either).
pub const CODES: &[&str] = &[
    "SC2006", "SC2010", "SC2012", "SC2016", "SC2028", "SC2035", "SC2038", "SC2046", "SC2086",
    "SC2115", "SC2116", "SC2153", "SC2154", "SC2155", "SC2164", "SC2196", "SC2197", "SC2251",
    "SC3010", "SC3014", "SC3016", "SC3020", "SC3028", "SC3037", "SC3046", "SC3053", "SC3057",
    "SC3059", "SC3060",
];

const WINDOWS: &str =
    "a PowerShell or cmd RUN (SHELL [\"powershell\", …] or a Windows base image); \
    hadolint gives every shell but `pwsh` to ShellCheck as sh \
    (shellcheck::tests::powershell_and_cmd_runs_are_not_shell_scripts)";
const ONBUILD: &str = "an ONBUILD trigger using an ENV of the stage: the ENV is set in the child \
    build the trigger runs in, so the value is known; hadolint exports no name to a trigger \
    (shellcheck::tests::onbuild_triggers_are_checked_with_the_envs_only)";
const CASE: &str = "brush-parser rejects `case` inside `$(…)` in a word, and a script the grammar \
    rejects gets no findings \
    (shell::check::tests::grammar_rejects_case_inside_a_substitution_so_nothing_is_reported)";

pub const EXCEPTIONS: &[Exception] = &[
    Exception::theirs(
        "real/GoogleContainerTools__kaniko__integration__dockerfiles__Dockerfile_test_onbuild",
        "SC2086",
        6,
        ONBUILD,
    ),
    Exception::theirs(
        "real/PowerShell__PowerShell-Docker__release__7-2__nanoserver2022__docker__Dockerfile",
        "SC2016",
        76,
        WINDOWS,
    ),
    Exception::theirs(
        "real/StefanScherer__dockerfiles-windows__mongo__3.6__Dockerfile",
        "SC2086",
        11,
        WINDOWS,
    ),
    Exception::theirs(
        "real/StefanScherer__dockerfiles-windows__node__12__Dockerfile",
        "SC2086",
        30,
        WINDOWS,
    ),
    Exception::theirs(
        "real/StefanScherer__dockerfiles-windows__prometheus__Dockerfile",
        "SC2086",
        18,
        WINDOWS,
    ),
    Exception::theirs(
        "real/dotnet__dotnet-docker__src__sdk__8.0__nanoserver-1809__amd64__Dockerfile",
        "SC2154",
        9,
        WINDOWS,
    ),
    Exception::theirs(
        "real/dotnet__dotnet-docker__src__sdk__8.0__nanoserver-ltsc2022__amd64__Dockerfile",
        "SC2154",
        9,
        WINDOWS,
    ),
    Exception::theirs(
        "real/jenkinsci__docker__windows__windowsservercore__hotspot__Dockerfile",
        "SC2086",
        65,
        WINDOWS,
    ),
    Exception::theirs(
        "real/jenkinsci__docker__windows__windowsservercore__hotspot__Dockerfile",
        "SC2086",
        108,
        WINDOWS,
    ),
    Exception::theirs(
        "real/microsoft__dotnet-framework-docker__src__sdk__4.8__windowsservercore-ltsc2016__Dockerfile",
        "SC3057",
        87,
        WINDOWS,
    ),
    Exception::theirs("real/ollama__ollama__Dockerfile", "SC2046", 220, CASE),
    Exception::theirs("real/ollama__ollama__Dockerfile", "SC2046", 245, CASE),
];
