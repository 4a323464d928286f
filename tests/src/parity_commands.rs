//! The package-manager and shell-usage rules' side of the hadolint comparison: their codes and
//! the places where hadolint is wrong, each shown by a named unit test of the rule.

use crate::parity::Exception;

/// The hadolint codes of this family.
pub const CODES: &[&str] = &[
    "DL3001", "DL3003", "DL3004", "DL3008", "DL3013", "DL3014", "DL3016", "DL3018", "DL3027",
    "DL3028", "DL3030", "DL3033", "DL3034", "DL3035", "DL3037", "DL3038", "DL3041", "DL3046",
    "DL3047", "DL3062", "DL4001", "DL4005", "DL4006",
];

const APT: &str = "`apt install` installs unpinned packages too; hadolint's DL3008 reads only \
    apt-get (apt::tests::hadolint_reads_only_apt_get_for_versions)";
const CUDA: &str = "the version is a build argument (`cuda-toolkit-${CUDA12VERSION//./-}`); \
    hadolint accepts only literal versions (dnf::tests::hadolint_takes_a_version_in_a_variable_for_none)";
const UID: &str = "the UID is `$LAST_SYSTEM_UID`, which the ARG sets to 499; hadolint counts the \
    characters of `${VAR}` (shell_usage::tests::hadolint_counts_the_characters_of_a_uid_variable)";
const CMD: &str = "a Windows image runs RUN with cmd, where `^|` is no pipe; hadolint reads every \
    RUN as sh (shell_usage::tests::hadolint_reads_windows_cmd_runs_as_sh)";

pub const EXCEPTIONS: &[Exception] = &[
    Exception::ours(
        "real/GoogleContainerTools__kaniko__deploy__Dockerfile",
        "DL3008",
        59,
        APT,
    ),
    Exception::ours(
        "real/astral-sh__uv__crates__uv-trampoline__Dockerfile",
        "DL3008",
        28,
        APT,
    ),
    Exception::ours(
        "real/discourse__discourse_docker__image__discourse_test__Dockerfile",
        "DL3008",
        36,
        APT,
    ),
    Exception::ours(
        "real/kubernetes-sigs__kind__images__local-path-helper__Dockerfile",
        "DL3008",
        27,
        APT,
    ),
    Exception::ours(
        "real/louislam__uptime-kuma__docker__builder-go.dockerfile",
        "DL3008",
        17,
        APT,
    ),
    Exception::ours(
        "real/louislam__uptime-kuma__docker__debian-base.dockerfile",
        "DL3008",
        5,
        APT,
    ),
    Exception::ours(
        "real/louislam__uptime-kuma__docker__debian-base.dockerfile",
        "DL3008",
        24,
        APT,
    ),
    Exception::ours(
        "real/louislam__uptime-kuma__docker__debian-base.dockerfile",
        "DL3008",
        42,
        APT,
    ),
    Exception::ours(
        "real/louislam__uptime-kuma__docker__debian-base.dockerfile",
        "DL3008",
        49,
        APT,
    ),
    Exception::ours(
        "real/louislam__uptime-kuma__docker__debian-base.dockerfile",
        "DL3008",
        73,
        APT,
    ),
    Exception::theirs("real/ollama__ollama__Dockerfile", "DL3041", 50, CUDA),
    Exception::theirs("real/ollama__ollama__Dockerfile", "DL3041", 55, CUDA),
    Exception::theirs("real/Tecnativa__doodba__16.0.Dockerfile", "DL3046", 45, UID),
    Exception::theirs("real/Tecnativa__doodba__17.0.Dockerfile", "DL3046", 43, UID),
    Exception::theirs("real/Tecnativa__doodba__18.0.Dockerfile", "DL3046", 43, UID),
    Exception::theirs(
        "real/moby__moby__contrib__busybox__Dockerfile",
        "DL4006",
        29,
        CMD,
    ),
];
