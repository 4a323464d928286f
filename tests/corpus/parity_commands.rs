//! hadolint parity for the rules about the commands inside RUN (package managers and shell
//! usage): precision and recall ≥ 0.95 per code hadolint reports on the corpus, and none of
//! ours where it reports none. Each exception is a place where hadolint is wrong; the named
//! unit test beside the rule shows the same mistake on a small file.

use layerlint_tests::parity::{measure, Exception};
use layerlint_tests::shared_or_skip;

/// The hadolint codes of this family.
const CODES: &[&str] = &[
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

const fn ours(file: &'static str, code: &'static str, line: u32, why: &'static str) -> Exception {
    Exception {
        file,
        code,
        line,
        ours_only: true,
        why,
    }
}

const fn theirs(file: &'static str, code: &'static str, line: u32, why: &'static str) -> Exception {
    Exception {
        file,
        code,
        line,
        ours_only: false,
        why,
    }
}

const EXCEPTIONS: &[Exception] = &[
    ours(
        "real/GoogleContainerTools__kaniko__deploy__Dockerfile",
        "DL3008",
        59,
        APT,
    ),
    ours(
        "real/astral-sh__uv__crates__uv-trampoline__Dockerfile",
        "DL3008",
        28,
        APT,
    ),
    ours(
        "real/discourse__discourse_docker__image__discourse_test__Dockerfile",
        "DL3008",
        36,
        APT,
    ),
    ours(
        "real/kubernetes-sigs__kind__images__local-path-helper__Dockerfile",
        "DL3008",
        27,
        APT,
    ),
    ours(
        "real/louislam__uptime-kuma__docker__builder-go.dockerfile",
        "DL3008",
        17,
        APT,
    ),
    ours(
        "real/louislam__uptime-kuma__docker__debian-base.dockerfile",
        "DL3008",
        5,
        APT,
    ),
    ours(
        "real/louislam__uptime-kuma__docker__debian-base.dockerfile",
        "DL3008",
        24,
        APT,
    ),
    ours(
        "real/louislam__uptime-kuma__docker__debian-base.dockerfile",
        "DL3008",
        42,
        APT,
    ),
    ours(
        "real/louislam__uptime-kuma__docker__debian-base.dockerfile",
        "DL3008",
        49,
        APT,
    ),
    ours(
        "real/louislam__uptime-kuma__docker__debian-base.dockerfile",
        "DL3008",
        73,
        APT,
    ),
    theirs("real/ollama__ollama__Dockerfile", "DL3041", 50, CUDA),
    theirs("real/ollama__ollama__Dockerfile", "DL3041", 55, CUDA),
    theirs("real/Tecnativa__doodba__16.0.Dockerfile", "DL3046", 45, UID),
    theirs("real/Tecnativa__doodba__17.0.Dockerfile", "DL3046", 43, UID),
    theirs("real/Tecnativa__doodba__18.0.Dockerfile", "DL3046", 43, UID),
    theirs(
        "real/moby__moby__contrib__busybox__Dockerfile",
        "DL4006",
        29,
        CMD,
    ),
];

#[test]
fn commands_inside_run_agree_with_hadolint() {
    let shared = shared_or_skip!();
    let parity = measure(&shared, EXCEPTIONS);
    let mut problems = Vec::new();
    for code in CODES {
        let Some(r) = parity.rules.get(*code) else {
            problems.push(format!("{code}: no rule carries this alias"));
            continue;
        };
        match (r.hadolint, r.precision(), r.recall()) {
            (0, _, _) if r.ours > 0 => problems.push(format!(
                "{code}: hadolint reports none, layerlint {} (not excepted)",
                r.ours
            )),
            (0, _, _) => {}
            (_, p, Some(rc)) => {
                let p = p.unwrap_or(0.0);
                if p < 0.95 || rc < 0.95 {
                    problems.push(format!("{code}: precision {p:.2}, recall {rc:.2}"));
                }
            }
            _ => {}
        }
    }
    let mine: Vec<String> = parity
        .disagreements
        .iter()
        .filter(|(k, _)| CODES.contains(&k.code.as_str()))
        .map(|(k, ours)| {
            let who = if *ours {
                "only layerlint"
            } else {
                "only hadolint"
            };
            format!("{who}: {} {}:{}", k.code, k.file, k.line)
        })
        .collect();
    // Every exception must still be a disagreement: a stale one would hide nothing and
    // mislead.
    let excepted: usize = CODES
        .iter()
        .filter_map(|c| parity.rules.get(*c))
        .map(|r| r.excepted)
        .sum();
    if excepted != EXCEPTIONS.len() {
        problems.push(format!(
            "{} exceptions listed, {excepted} used: remove the stale ones",
            EXCEPTIONS.len()
        ));
    }
    eprintln!("{}", layerlint_tests::parity::table(&parity));
    assert!(
        problems.is_empty(),
        "{}\n\ndisagreements:\n{}",
        problems.join("\n"),
        mine.join("\n")
    );
}
