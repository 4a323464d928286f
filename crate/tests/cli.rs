//! The `layerlint` binary as CI uses it: exit codes, formats, standard input, the corpus.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../../tests/src/shared.rs"]
#[allow(dead_code)] // this test uses only part of the helpers
mod shared;
use shared::*;

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn layerlint(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_layerlint"))
        .args(args)
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

const BAD: &str = "FROM ubuntu:latest\nRUN apt-get update\nRUN apt-get install -y curl\n";

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
    assert!(latest["fix"].is_null());
    let join = file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "LL101")
        .unwrap();
    assert_eq!(join["fix"]["edits"][0]["start"], 37);
}

#[test]
fn text_format_names_file_line_column_and_rule() {
    let dir = std::env::temp_dir().join(format!("layerlint-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("Dockerfile");
    std::fs::write(&path, BAD).unwrap();
    let out = layerlint(&["lint", path.to_str().unwrap()], None);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!("{}:3:1: warning LL101", path.display())),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
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
