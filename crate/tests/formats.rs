//! The CLI's machine formats: SARIF validated against the SARIF 2.1.0 JSON schema (shipped by
//! the serde-sarif dev-dependency) and its typed model; checkstyle and GitLab shapes.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

// Five findings; the last (LL001) quotes user text with XML's special characters.
const BAD: &str = "FROM ubuntu:latest\nRUN apt-get update\nRUN echo hi\n<X>&'\" y\n";

fn lint(format: &str) -> String {
    let dir = std::env::temp_dir().join(format!("layerlint-fmt-{}-{format}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("my Dockerfile");
    std::fs::write(&path, BAD).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_layerlint"))
        .args(["lint", "--format", format, "my Dockerfile"])
        .current_dir(&dir)
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The SARIF 2.1.0 schema file inside the serde-sarif package, located with `cargo metadata`.
fn sarif_schema() -> serde_json::Value {
    let out = Command::new(env!("CARGO"))
        // The host platform only: other platforms' crates are not downloaded.
        .args([
            "metadata",
            "--format-version",
            "1",
            "--offline",
            "--filter-platform",
        ])
        .arg(host_triple())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let manifest = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "serde-sarif")
        .expect("serde-sarif is a dev-dependency")["manifest_path"]
        .as_str()
        .unwrap()
        .to_string();
    let schema = std::path::Path::new(&manifest).with_file_name("src/schema.json");
    let mut schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema).unwrap()).unwrap();
    // The published 2.1.0 schema has an unbalanced regex for `language` (`…{2}]?$`, in `run`
    // and `toolComponent`), which strict validators refuse to compile; the OASIS errata has
    // the pattern below.
    for definition in ["run", "toolComponent"] {
        let language = &mut schema["definitions"][definition]["properties"]["language"]["pattern"];
        assert_eq!(language, "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$");
        *language = serde_json::json!("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$");
    }
    schema
}

fn host_triple() -> String {
    let out = Command::new("rustc")
        .arg("-vV")
        .output()
        .expect("rustc runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .expect("rustc -vV names the host")
        .to_string()
}

#[test]
fn sarif_is_valid_against_the_2_1_0_schema() {
    let text = lint("sarif");
    let log: serde_json::Value = serde_json::from_str(&text).unwrap();
    let schema = sarif_schema();
    assert!(schema["title"].as_str().unwrap().contains("2.1.0"));
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // And the typed model reads it back.
    let typed: serde_sarif::sarif::Sarif = serde_json::from_str(&text).unwrap();
    assert_eq!(typed.runs.len(), 1);

    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules
        .iter()
        .all(|r| r["helpUri"].as_str().unwrap().starts_with("https://")));
    assert!(rules
        .iter()
        .all(|r| !r["help"]["text"].as_str().unwrap().is_empty()));
    let results = run["results"].as_array().unwrap();
    let latest = results.iter().find(|r| r["ruleId"] == "LL302").unwrap();
    assert_eq!(latest["level"], "warning");
    let location = &latest["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "my%20Dockerfile");
    assert!(location["region"]["byteLength"].as_u64().unwrap() > 0);
    assert_eq!(location["region"]["startColumn"], 6);
    assert_eq!(
        rules[latest["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "LL302"
    );
    let join = results.iter().find(|r| r["ruleId"] == "LL101").unwrap();
    assert_eq!(
        join["fixes"][0]["artifactChanges"][0]["replacements"][0]["deletedRegion"]["byteOffset"],
        37
    );
}

#[test]
fn checkstyle_escapes_and_names_each_finding() {
    let xml = lint("checkstyle");
    assert!(
        xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">")
    );
    assert!(xml.contains("<file name=\""));
    assert!(xml.contains("my Dockerfile\">"));
    assert!(xml.contains("source=\"layerlint.LL302\""));
    assert!(xml.contains("line=\"3\" column=\"1\" severity=\"warning\""));
    assert!(
        xml.contains("message=\"unknown instruction: &lt;X&gt;&amp;&apos;&quot;\""),
        "{xml}"
    );
    assert_eq!(xml.matches("<error ").count(), 5);
    assert!(xml.trim_end().ends_with("</checkstyle>"));
}

#[test]
fn gitlab_issues_have_unique_stable_fingerprints() {
    let first: serde_json::Value = serde_json::from_str(&lint("gitlab")).unwrap();
    let second: serde_json::Value = serde_json::from_str(&lint("gitlab")).unwrap();
    let issues = first.as_array().unwrap();
    assert_eq!(issues.len(), 5);
    let mut prints: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    prints.sort();
    prints.dedup();
    assert_eq!(prints.len(), 5, "fingerprints are unique");
    assert_eq!(first, second, "and stable");
    let latest = issues.iter().find(|i| i["check_name"] == "LL302").unwrap();
    assert_eq!(latest["severity"], "major");
    assert_eq!(latest["location"]["lines"]["begin"], 1);
}
