//! The peers' own test suites (`shared/conformance`): hadolint's rule specs and BuildKit's
//! build-check tests, compared the way their runners (`hadolint-spec/run.py`,
//! `buildkit-checks/run.py`) compare them, with the layerlint library linting in-process. Every
//! disagreement must be a named exception here, with the reason; where the peer is wrong, the
//! reason names the unit test that shows it.

use layerlint::lint::{lint, Config};
use layerlint::report::{Finding, Severity};
use std::collections::BTreeMap;
use std::path::Path;

/// A hadolint spec case where layerlint disagrees on purpose.
#[derive(Debug, Clone, Copy)]
pub struct SpecException {
    /// The case id in `hadolint-spec/cases.json` (`hs0650`).
    pub id: &'static str,
    pub rule: &'static str,
    pub why: &'static str,
}

const fn spec(id: &'static str, rule: &'static str, why: &'static str) -> SpecException {
    SpecException { id, rule, why }
}

const PIP_NO_CACHE_DIR: &str = "pip disables its cache for any value of PIP_NO_CACHE_DIR, \
    `0`/`off`/`no`/`false` included (pip's `_handle_no_cache_dir`: \"always set it to False if \
    the option is provided in some (valid) form\"); hadolint reads these as \"cache on\" \
    (caches::tests::pip_no_cache_dir_of_any_value_disables_the_cache_hadolint_misreads_it)";

const APT_MOUNT: &str = "a cache mount of /var/lib/apt holds the lists, so none reach the \
    layer; hadolint wants /var/cache/apt mounted too once docker-clean is removed \
    (caches::tests::a_cache_mount_of_var_lib_apt_keeps_the_lists_out_hadolint_wants_two)";

const COPY_SPLIT: &str = "BuildKit splits COPY's arguments at spaces before removing quotes: \
    `\"C:\\Program Files\\…\"` is two broken words and the build fails (LL011); hadolint \
    reads one quoted path (copy_add::tests::quoted_paths_with_spaces_are_split_as_buildkit_splits_them)";

const UNRESOLVED_VERSION: &str = "deliberate: `${version}` has no value layerlint knows here (the \
    ENV is in a stage this one is not built FROM; the base image may set it), and a version in a \
    variable counts as one \
    (dnf::tests::a_version_variable_layerlint_cannot_resolve_counts_as_a_version)";

/// The hadolint spec cases layerlint answers differently, each with the reason.
pub const HADOLINT_SPEC_EXCEPTIONS: &[SpecException] = &[
    spec("hs0107", "DL3009", APT_MOUNT),
    spec("hs0108", "DL3009", APT_MOUNT),
    spec("hs0128", "DL3010", COPY_SPLIT),
    spec("hs0129", "DL3010", COPY_SPLIT),
    spec("hs0469", "DL3033", UNRESOLVED_VERSION),
    spec("hs0621", "DL3041", UNRESOLVED_VERSION),
    spec("hs0650", "DL3042", PIP_NO_CACHE_DIR),
    spec("hs0651", "DL3042", PIP_NO_CACHE_DIR),
    spec("hs0652", "DL3042", PIP_NO_CACHE_DIR),
    spec("hs0653", "DL3042", PIP_NO_CACHE_DIR),
    spec("hs0654", "DL3042", PIP_NO_CACHE_DIR),
    spec("hs0655", "DL3042", PIP_NO_CACHE_DIR),
    spec("hs0656", "DL3042", PIP_NO_CACHE_DIR),
    spec("hs0657", "DL3042", PIP_NO_CACHE_DIR),
    spec("hs0658", "DL3042", PIP_NO_CACHE_DIR),
    spec("hs0659", "DL3042", PIP_NO_CACHE_DIR),
    spec("hs0660", "DL3042", PIP_NO_CACHE_DIR),
    spec("hs0661", "DL3042", PIP_NO_CACHE_DIR),
];

/// A BuildKit check expectation layerlint does not meet on purpose: (case id, check, line,
/// `true` when only layerlint reports it).
#[derive(Debug, Clone, Copy)]
pub struct CheckException {
    pub case: &'static str,
    pub check: &'static str,
    pub line: u32,
    pub ours_only: bool,
    pub why: &'static str,
}

const fn check(
    case: &'static str,
    check: &'static str,
    line: u32,
    ours_only: bool,
    why: &'static str,
) -> CheckException {
    CheckException {
        case,
        check,
        line,
        ours_only,
        why,
    }
}

const EMPTY_LINE: &str = "NoEmptyContinuation (LL002) points at the empty line itself, where the \
    fix is; BuildKit reports the instruction's last line (LL002's documentation says so; \
    rules::syntax::tests::empty_continuation_lines_are_reported_where_they_are)";

/// The BuildKit check expectations layerlint does not meet, each with the reason.
pub const BUILDKIT_CHECK_EXCEPTIONS: &[CheckException] = &[
    check(
        "testNoEmptyContinuation#1",
        "NoEmptyContinuation",
        6,
        false,
        EMPTY_LINE,
    ),
    check(
        "testNoEmptyContinuation#1",
        "NoEmptyContinuation",
        5,
        true,
        EMPTY_LINE,
    ),
    check(
        "TestParseWarnsOnEmptyContinutationLine#1",
        "NoEmptyContinuation",
        11,
        false,
        EMPTY_LINE,
    ),
    check(
        "TestParseWarnsOnEmptyContinutationLine#1",
        "NoEmptyContinuation",
        15,
        false,
        EMPTY_LINE,
    ),
    check(
        "TestParseWarnsOnEmptyContinutationLine#1",
        "NoEmptyContinuation",
        8,
        true,
        EMPTY_LINE,
    ),
    check(
        "TestParseWarnsOnEmptyContinutationLine#1",
        "NoEmptyContinuation",
        14,
        true,
        EMPTY_LINE,
    ),
];

/// Exception group "CopyIgnoredFile: issue 15" — the BuildKit cases that need the build
/// context's `.dockerignore`, which the Dockerfile-only `lint` does not read: run anyway
/// (their runner skips them) and allowed to disagree until CopyIgnoredFile (issue 15) lands;
/// then this group goes and they must agree.
pub const COPY_IGNORED_FILE_ISSUE_15: &[&str] = &[
    "testCopyIgnoredFiles#1",
    "testCopyIgnoredFiles#2",
    "testCopyIgnoredFileContextRoot/wildcard#1",
];

fn load(path: &Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("valid JSON")
}

/// The ids a finding answers to: its rule and its aliases.
fn ids(f: &Finding) -> impl Iterator<Item = &str> {
    std::iter::once(f.rule.as_str()).chain(f.aliases.iter().map(String::as_str))
}

/// How one hadolint spec case went.
#[derive(Debug, Clone)]
pub struct SpecResult {
    pub id: String,
    pub rule: String,
    pub catch: bool,
    /// How many findings answer to the rule.
    pub reported: usize,
    pub dockerfile: String,
}

impl SpecResult {
    pub fn agrees(&self) -> bool {
        self.catch == (self.reported > 0)
    }
}

/// The config hadolint's runner lints with: the defaults, plus DL1001 and DL3057, which
/// hadolint ships switched off but its specs see (the runner re-levels them to `info`).
fn spec_config() -> Config {
    Config {
        enable: vec!["DL1001".into(), "DL3057".into()],
        ..Default::default()
    }
}

/// Every default-config case of `hadolint-spec/cases.json` (those needing a custom hadolint
/// config are left out, as the runner does), `SC*` ones included.
pub fn hadolint_specs(shared: &Path) -> Vec<SpecResult> {
    let config = spec_config();
    load(&shared.join("conformance/hadolint-spec/cases.json"))
        .into_iter()
        .filter(|c| c["config"].is_null())
        .map(|c| {
            let rule = c["rule"].as_str().unwrap().to_string();
            let dockerfile = c["dockerfile"].as_str().unwrap().to_string();
            let findings = lint(&dockerfile, &config);
            let reported = findings
                .iter()
                .filter(|f| match rule.as_str() {
                    "SC*" => ids(f).any(|i| i.starts_with("SC")),
                    "*" => ids(f).any(|i| i.starts_with("DL") || i.starts_with("SC")),
                    r => ids(f).any(|i| i == r),
                })
                .count();
            SpecResult {
                id: c["id"].as_str().unwrap().to_string(),
                rule,
                catch: c["expect"] == "catch",
                reported,
                dockerfile,
            }
        })
        .collect()
}

/// One BuildKit expectation not met: the case, the check, the line and who reports it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CheckDisagreement {
    pub case: String,
    pub check: String,
    pub line: u32,
    pub ours_only: bool,
}

/// What the BuildKit suite gave.
#[derive(Debug, Default)]
pub struct CheckReport {
    pub cases: usize,
    pub expected: usize,
    pub matched: usize,
    pub disagreements: Vec<CheckDisagreement>,
    /// Cases BuildKit builds where layerlint reports an error-severity syntax finding
    /// (`LL0xx`), or cases BuildKit rejects when parsing where it reports none.
    pub syntax: Vec<String>,
}

/// Every case of `buildkit-checks/cases.json` with a Dockerfile that its runner runs, plus the
/// `.dockerignore` cases (see [`COPY_IGNORED_FILE_ISSUE_15`]); findings count for a check when
/// its name is the rule or an alias, compared as multisets of (check, line).
pub fn buildkit_checks(shared: &Path) -> CheckReport {
    let dir = shared.join("conformance/buildkit-checks");
    let names: Vec<String> = load(&dir.join("checks.json"))
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect();
    let mut report = CheckReport::default();
    let config = Config::default();
    for case in load(&dir.join("cases.json")) {
        let id = case["id"].as_str().unwrap();
        let Some(dockerfile) = case["dockerfile"].as_str() else {
            continue;
        };
        if !case["skip"].is_null() && !COPY_IGNORED_FILE_ISSUE_15.contains(&id) {
            continue;
        }
        report.cases += 1;
        let scope: Option<Vec<&str>> = case["scope"]
            .as_array()
            .map(|s| s.iter().filter_map(|n| n.as_str()).collect());
        let in_scope = |check: &str| scope.as_ref().is_none_or(|s| s.contains(&check));
        let mut expected: BTreeMap<(String, u32), usize> = BTreeMap::new();
        for w in case["warnings"].as_array().unwrap() {
            let check = w["rule"].as_str().unwrap();
            if in_scope(check) {
                let line = w["line"].as_u64().unwrap() as u32;
                *expected.entry((check.to_string(), line)).or_default() += 1;
            }
        }
        let findings = lint(dockerfile, &config);
        let mut found: BTreeMap<(String, u32), usize> = BTreeMap::new();
        for f in &findings {
            for name in ids(f).filter(|i| names.iter().any(|n| n == i) && in_scope(i)) {
                *found
                    .entry((name.to_string(), f.span.start.line))
                    .or_default() += 1;
            }
        }
        report.expected += expected.values().sum::<usize>();
        for (key, &n) in &expected {
            let got = found.get(key).copied().unwrap_or(0);
            report.matched += n.min(got);
            for _ in got..n {
                report.disagreements.push(CheckDisagreement {
                    case: id.to_string(),
                    check: key.0.clone(),
                    line: key.1,
                    ours_only: false,
                });
            }
        }
        for (key, &n) in &found {
            let want = expected.get(key).copied().unwrap_or(0);
            for _ in want..n {
                report.disagreements.push(CheckDisagreement {
                    case: id.to_string(),
                    check: key.0.clone(),
                    line: key.1,
                    ours_only: true,
                });
            }
        }
        let syntax_error = findings.iter().any(|f| {
            f.severity == Severity::Error
                && f.rule.starts_with("LL0")
                && f.rule[2..].chars().all(|c| c.is_ascii_digit())
        });
        match case["build_error_kind"].as_str() {
            None if syntax_error => report.syntax.push(format!("{id}: false syntax error")),
            Some("parse") if !syntax_error => {
                report.syntax.push(format!("{id}: missed parse error"))
            }
            _ => {}
        }
    }
    report
}
