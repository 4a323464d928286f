//! The `layerlint` binary as CI uses it: exit codes, formats, standard input, the corpus.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../../tests/src/shared.rs"]
#[allow(dead_code)] // this test uses only part of the helpers
mod shared;
use shared::*;

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn layerlint(args: &[&str], stdin: Option<&str>) -> Output {
    // Run outside the repository so that no config file above it is picked up.
    let mut child = Command::new(env!("CARGO_BIN_EXE_layerlint"))
        .args(args)
        .current_dir(std::env::temp_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut input = child.stdin.take().unwrap();
    // The process may exit before reading (usage errors): a broken pipe here is expected.
    let _ = input.write_all(stdin.unwrap_or("").as_bytes());
    drop(input);
    child.wait_with_output().unwrap()
}

const BAD: &str = "FROM ubuntu:latest\nRUN apt-get update\nRUN apt-get install -y curl=7.88.1-10\n";

#[test]
fn rules_prints_every_rules_documentation() {
    let out = layerlint(&["rules"], None);
    assert_eq!(out.status.code(), Some(0));
    let rules: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rules.len(), layerlint::lint::rules::ALL.len());
    let ll302 = rules.iter().find(|r| r["id"] == "LL302").unwrap();
    assert_eq!(ll302["title"], "Image with the `latest` tag");
    assert_eq!(ll302["fixSafety"], "unsafe");
    assert!(ll302["url"].as_str().unwrap().ends_with("#rule-LL302"));
    assert!(!ll302["bad"].as_str().unwrap().is_empty());
}

#[test]
fn exit_code_follows_fail_on() {
    assert_eq!(layerlint(&["lint", "-"], Some(BAD)).status.code(), Some(1));
    assert_eq!(
        layerlint(&["lint", "--fail-on", "error", "-"], Some(BAD))
            .status
            .code(),
        Some(0)
    );
    let clean = "FROM alpine:3.20\nCMD [\"true\"]\n";
    assert_eq!(layerlint(&["lint"], Some(clean)).status.code(), Some(0));
}

#[test]
fn usage_and_io_errors_exit_2_with_a_message() {
    let out = layerlint(&["lint", "/no/such/Dockerfile"], None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot read /no/such/Dockerfile"), "{err}");
    assert_eq!(
        layerlint(&["lint", "--format", "xml", "-"], Some(BAD))
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        layerlint(&["lint", "--fail-on", "fatal"], Some(BAD))
            .status
            .code(),
        Some(2)
    );
    assert_eq!(layerlint(&["frobnicate"], None).status.code(), Some(2));
}

#[test]
fn json_report_has_the_documented_shape() {
    let out = layerlint(&["lint", "--format", "json", "-"], Some(BAD));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_eq!(report["version"], env!("CARGO_PKG_VERSION"));
    let file = &report["files"][0];
    assert_eq!(file["path"], "-");
    let latest = file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "LL302")
        .expect("LL302 reported");
    assert_eq!(latest["aliases"], serde_json::json!(["DL3007"]));
    assert_eq!(latest["severity"], "warning");
    assert_eq!(
        latest["span"]["start"],
        serde_json::json!({"line": 1, "column": 6, "offset": 5})
    );
    assert_eq!(
        latest["span"]["end"],
        serde_json::json!({"line": 1, "column": 19, "offset": 18})
    );
    assert_eq!(
        latest["fix"]["edits"],
        serde_json::json!([{"start": 12, "end": 18, "text": "<tag>"}]),
        "the tag becomes a placeholder the build rejects until a version is written"
    );
    let join = file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "LL101")
        .unwrap();
    assert_eq!(join["fix"]["edits"][0]["start"], 37);
}

/// A scratch directory for one test, removed on drop.
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("layerlint-cli-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
    fn write(&self, name: &str, text: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    }
    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_layerlint"))
            .args(args)
            .current_dir(&self.0)
            .output()
            .unwrap()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn text_format_groups_by_file_with_source_and_caret() {
    let dir = Scratch::new("text");
    let path = dir.write("Dockerfile", BAD);
    let out = dir.run(&["lint", "--no-color", &path]);
    let text = String::from_utf8_lossy(&out.stdout);
    let expected = "  1:6  warning  LL302  `ubuntu:latest` changes whenever upstream publishes: pin a version tag (published tags include 22.04, 24.04)\n    1 | FROM ubuntu:latest\n      |      ^^^^^^^^^^^^^\n";
    assert!(text.starts_with(&format!("{path}\n")), "{text}");
    assert!(text.contains(expected), "{text}");
    assert!(text.contains("  3:1  warning  LL101"), "{text}");
    assert!(
        text.trim_end()
            .ends_with("5 problems (5 warnings); 1 fixable with --fix; 2 more with --unsafe-fixes"),
        "{text}"
    );
    assert!(!text.contains('\x1b'), "no colour when not a terminal");
}

#[test]
fn fix_rewrites_files_and_a_second_fix_changes_nothing() {
    let dir = Scratch::new("fix");
    let path = dir.write("Dockerfile", BAD);
    // `--fix` alone takes the safe fixes (the join, the cleanup), not the unsafe ones (a tag
    // placeholder that fails the build until filled in, fewer packages installed).
    dir.run(&["lint", "--fix", &path]);
    let safe = std::fs::read_to_string(&path).unwrap();
    assert!(safe.contains("ubuntu:latest") && !safe.contains("--no-install-recommends"));
    assert!(safe.contains("apt-get update && \\"), "{safe}");
    let out = dir.run(&["lint", "--fix", "--unsafe-fixes", "--format", "json", &path]);
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        fixed,
        "FROM ubuntu:<tag>\nRUN apt-get update && \\\n    apt-get install --no-install-recommends -y curl=7.88.1-10 && \\\n    rm -rf /var/lib/apt/lists/*\n"
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules: Vec<&str> = report["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(
        !rules.contains(&"LL101"),
        "the fixed finding is gone: {rules:?}"
    );
    dir.run(&["lint", "--fix", "--unsafe-fixes", &path]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), fixed);

    let stdin = layerlint(&["lint", "--fix", "--unsafe-fixes", "-"], Some(BAD));
    assert_eq!(String::from_utf8_lossy(&stdin.stdout), fixed);
}

#[test]
fn fix_applies_safe_fixes_only_unless_unsafe_fixes_is_given() {
    // LL520's ADD → COPY is safe; LL606's SHELL line changes every later RUN's shell: unsafe.
    let text = "FROM debian:12.5\nADD a.txt /a.txt\nRUN curl -f https://x | tar x\n";
    let safe = layerlint(&["lint", "--fix", "-"], Some(text));
    let safe = String::from_utf8_lossy(&safe.stdout).into_owned();
    assert!(safe.contains("COPY a.txt /a.txt"), "{safe}");
    assert!(!safe.contains("SHELL"), "{safe}");
    let all = layerlint(&["lint", "--fix", "--unsafe-fixes", "-"], Some(text));
    let all = String::from_utf8_lossy(&all.stdout).into_owned();
    assert!(
        all.contains("COPY a.txt /a.txt") && all.contains("SHELL ["),
        "{all}"
    );
    let summary = layerlint(&["lint", "-"], Some(text));
    assert!(
        String::from_utf8_lossy(&summary.stdout)
            .contains("1 fixable with --fix; 1 more with --unsafe-fixes"),
        "{}",
        String::from_utf8_lossy(&summary.stdout)
    );
}

#[test]
fn config_files_are_found_and_hadolint_keys_honoured() {
    let dir = Scratch::new("config");
    let path = dir.write("Dockerfile", BAD);
    dir.write(
        ".hadolint.yaml",
        "ignored: [DL3007]\noverride:\n  info: [LL201]\nfailure-threshold: error\n",
    );
    let out = dir.run(&["lint", "--format", "json", &path]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "only warnings and infos, threshold error"
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = report["files"][0]["findings"].as_array().unwrap();
    assert!(
        findings.iter().all(|f| f["rule"] != "LL302"),
        "DL3007 is LL302's alias"
    );
    let heavy = findings.iter().find(|f| f["rule"] == "LL201").unwrap();
    assert_eq!(heavy["severity"], "info");

    // A .layerlint.yaml beside it wins over the hadolint file.
    dir.write(".layerlint.yaml", "ignore: [LL101]\nfailOn: warning\n");
    let out = dir.run(&["lint", "--format", "json", &path]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules: Vec<&str> = report["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["LL201", "LL302", "LL103", "LL104"]);

    dir.write("broken.yaml", "ignore: [LL101\n");
    let out = dir.run(&["lint", "--config", "broken.yaml", &path]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken.yaml: not valid YAML"));
    dir.write("typo.yaml", "ignroe: [LL101]\n");
    let out = dir.run(&["lint", "--config", "typo.yaml", &path]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown field `ignroe`"));
}

#[test]
fn command_line_ignore_and_fail_on_none() {
    let out = layerlint(
        &[
            "lint",
            "--ignore",
            "consecutive-run",
            "--ignore",
            "DL3007",
            "--format",
            "json",
            "-",
        ],
        Some(BAD),
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules: Vec<&str> = report["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["LL201", "LL103", "LL104"]);
    assert_eq!(
        layerlint(&["lint", "--fail-on", "none", "-"], Some(BAD))
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn lints_all_300_real_dockerfiles_in_one_run_without_a_crash() {
    let shared = shared_or_skip!();
    let files = real_dockerfiles(&shared);
    let paths: Vec<&str> = files.iter().map(|(_, p)| p.to_str().unwrap()).collect();
    let mut args = vec!["lint", "--format", "json"];
    args.extend(&paths);
    let out = layerlint(&args, None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "exit {:?}: {stderr}",
        out.status
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["files"].as_array().unwrap().len(), 300);
}

#[test]
fn parse_prints_buildkits_dump_and_the_tree() {
    let text =
        "FROM alpine AS b\nRUN --mount=type=cache,target=/c <<EOF\necho hi\nEOF\nCMD [\"a\"]\n";
    let out = layerlint(&["parse", "--format", "buildkit", "-"], Some(text));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "(from \"alpine\" \"AS\" \"b\")\n(run [\"--mount=type=cache,target=/c\"] \"<<EOF\")\n(cmd \"a\")\n"
    );
    let out = layerlint(&["parse", "-"], Some(text));
    assert_eq!(out.status.code(), Some(0));
    let tree: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let run = &tree["instructions"][1];
    assert_eq!(run["kind"], "RUN");
    assert_eq!(run["keyword_span"]["start"]["line"], 2);
    assert_eq!(run["flags"][0]["name"], "mount");
    assert_eq!(run["args"]["form"], "text");
    assert_eq!(run["heredocs"][0]["name"], "EOF");
    assert_eq!(run["heredocs"][0]["body"], "echo hi\n");
    assert_eq!(tree["instructions"][2]["args"]["form"], "json");
    assert_eq!(tree["escape"], "\\");
}

#[test]
fn parse_exits_1_on_what_buildkit_rejects() {
    let out = layerlint(
        &["parse", "--format", "buildkit", "-"],
        Some("FROM a\nRUNN x\nRUN <<EOF\n"),
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("-:2:1: error LL001 unknown instruction: RUNN"),
        "{err}"
    );
    assert!(err.contains("error LL003"), "{err}");
    let warn_only = layerlint(&["parse", "-"], Some("FROM a\nRUN a \\\n\n b\n"));
    assert_eq!(
        warn_only.status.code(),
        Some(0),
        "an LL002 warning is not an error"
    );
}

#[test]
fn syntax_errors_only_on_the_real_files_buildkit_rejects() {
    let shared = shared_or_skip!();
    let files = real_dockerfiles(&shared);
    let paths: Vec<&str> = files.iter().map(|(_, p)| p.to_str().unwrap()).collect();
    let mut args = vec!["lint", "--format", "json"];
    args.extend(&paths);
    let out = layerlint(&args, None);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut with_syntax_errors = Vec::new();
    for (file, (key, _)) in report["files"].as_array().unwrap().iter().zip(&files) {
        let syntax_error =
            file["findings"].as_array().unwrap().iter().any(|f| {
                f["rule"].as_str().unwrap().starts_with("LL0") && f["severity"] == "error"
            });
        if syntax_error {
            with_syntax_errors.push(key.as_str());
        }
    }
    assert_eq!(with_syntax_errors, INVALID_REAL_DOCKERFILES);
    for key in INVALID_REAL_DOCKERFILES {
        let path = shared.join("corpus").join(key);
        let out = layerlint(&["parse", path.to_str().unwrap()], None);
        assert_eq!(out.status.code(), Some(1), "{key}");
    }
}

/// Findings of a JSON report as (rule, line).
fn rule_lines(out: &Output) -> Vec<(String, u64)> {
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["findings"].as_array().unwrap())
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["span"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn baseline_reports_only_what_is_new_after_edits_above_old_findings() {
    let dir = Scratch::new("baseline");
    let old = "FROM debian:12\nRUN curl -sSL https://x.io/i.sh | sh\nRUN chmod -R 777 /app\n";
    let path = dir.write("Dockerfile", old);
    let written = dir.run(&[
        "lint",
        "--write-baseline",
        "base.json",
        "--format",
        "json",
        &path,
    ]);
    assert_eq!(
        written.status.code(),
        Some(1),
        "the report is still printed and fails"
    );
    let recorded = rule_lines(&written);
    assert!(recorded.len() >= 3, "{recorded:?}");

    // Lines inserted above the old findings, one of them re-wrapped, and one new problem.
    let edited = "# syntax=docker/dockerfile:1\n# the app\nFROM debian:12\nRUN curl -sSL \\\n      https://x.io/i.sh | sh\nRUN chmod -R 777 /app\nCOPY --chmod=666 app.conf /etc/app.conf\n";
    std::fs::write(&path, edited).unwrap();
    let out = dir.run(&["lint", "--baseline", "base.json", "--format", "json", &path]);
    assert_eq!(rule_lines(&out), [("LL608".to_string(), 7)]);
    assert_eq!(out.status.code(), Some(1));

    // Without the new problem nothing is left, and the run passes.
    std::fs::write(&path, &edited[..edited.rfind("COPY --chmod").unwrap()]).unwrap();
    let clean = dir.run(&["lint", "--baseline", "base.json", "--format", "json", &path]);
    assert_eq!(rule_lines(&clean), []);
    assert_eq!(clean.status.code(), Some(0));

    dir.write("bad.json", "{\"findings\": 1}");
    let bad = dir.run(&["lint", "--baseline", "bad.json", &path]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn sarif_fingerprints_survive_edits_above() {
    let dir = Scratch::new("sarif-fp");
    let path = dir.write("Dockerfile", "FROM debian:12\nRUN chmod 777 /app\n");
    let fingerprints = |dir: &Scratch| -> Vec<String> {
        let out = dir.run(&["lint", "--format", "sarif", "Dockerfile"]);
        let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["partialFingerprints"]["layerlint/v1"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    let before = fingerprints(&dir);
    std::fs::write(&path, "FROM debian:12\nLABEL x=y\n\nRUN chmod 777 /app\n").unwrap();
    let after = fingerprints(&dir);
    assert!(
        !before.is_empty() && before.iter().all(|f| after.contains(f)),
        "{before:?} {after:?}"
    );
}

#[test]
fn the_dockerfiles_directory_is_the_build_context() {
    let dir = Scratch::new("context");
    std::fs::create_dir_all(dir.0.join("app")).unwrap();
    let path = dir.write(
        "app/Dockerfile",
        "FROM debian:12\nCOPY . /src\nCOPY .env /src/\n",
    );
    let lint =
        |args: &[&str]| rule_lines(&dir.run(&[&["lint", "--format", "json"], args].concat()));
    let ours = |found: Vec<(String, u64)>| -> Vec<(String, u64)> {
        found
            .into_iter()
            .filter(|(r, _)| r == "LL719" || r == "LL107")
            .collect()
    };
    // No .dockerignore beside the Dockerfile: the whole context is copied.
    assert_eq!(ours(lint(&[&path])), [("LL107".to_string(), 2)]);
    // Standard input has no context unless given one.
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        ours(rule_lines(&layerlint(
            &["lint", "--format", "json", "-"],
            Some(&text)
        ))),
        []
    );
    dir.write("app/.dockerignore", ".env\n");
    assert_eq!(ours(lint(&[&path])), [("LL719".to_string(), 3)]);
    // `<Dockerfile>.dockerignore` takes precedence, and --context points elsewhere.
    dir.write("app/Dockerfile.dockerignore", "*.md\n");
    assert_eq!(ours(lint(&[&path])), []);
    dir.write(".dockerignore", "**\n!src\n");
    std::fs::remove_file(dir.0.join("app/Dockerfile.dockerignore")).unwrap();
    assert_eq!(
        ours(lint(&["--context", ".", &path])),
        [("LL719".to_string(), 3)]
    );
}
