//! BuildKit's own parser test data (`shared/corpus/buildkit-parser`): every `testfiles` case
//! dumps to exactly its `result`, the `testfiles-negative` cases are rejected with
//! diagnostics, and `testfile-line` has BuildKit's start/end lines.

use layerlint::syntax::{self, dump::dump};
use layerlint_tests::shared_or_skip;
use std::path::Path;

fn cases(dir: &Path) -> Vec<(String, std::path::PathBuf)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .expect("readable")
        .filter_map(|e| e.ok())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .collect();
    v.sort();
    v
}

#[test]
fn every_testfiles_case_dumps_to_its_result() {
    let shared = shared_or_skip!();
    let dir = shared.join("corpus/buildkit-parser/testfiles");
    let mut failures = Vec::new();
    let all = cases(&dir);
    assert_eq!(all.len(), 33, "BuildKit has 33 parse cases");
    for (name, path) in &all {
        let bytes = std::fs::read(path.join("Dockerfile")).unwrap();
        let expected = std::fs::read_to_string(path.join("result")).unwrap();
        let df = syntax::parse_bytes(&bytes);
        let got = dump(&df);
        if got != expected {
            failures.push(format!("{name}:\n--- expected\n{expected}--- got\n{got}"));
        }
        assert_eq!(df.print(), bytes, "{name}: round trip");
    }
    assert!(
        failures.is_empty(),
        "{} of 33 cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn negative_cases_are_rejected_with_diagnostics() {
    let shared = shared_or_skip!();
    let dir = shared.join("corpus/buildkit-parser/testfiles-negative");
    let expected = [
        ("empty_dockerfile", "LL008"),
        ("env_no_value", "LL005"),
        ("only_comments", "LL008"),
        ("shykes-nested-json", "LL006"),
    ];
    let all = cases(&dir);
    assert_eq!(all.len(), expected.len());
    for ((name, path), (want_name, code)) in all.iter().zip(expected) {
        assert_eq!(name, want_name);
        let bytes = std::fs::read(path.join("Dockerfile")).unwrap();
        let df = syntax::parse_bytes(&bytes);
        assert!(df.has_errors(), "{name}: not rejected");
        let codes: Vec<_> = df.diagnostics.iter().map(|d| d.code).collect();
        assert!(codes.contains(&code), "{name}: {codes:?}");
        assert_eq!(df.print(), bytes, "{name}: round trip");
    }
}

#[test]
fn testfile_line_has_buildkits_start_and_end_lines() {
    let shared = shared_or_skip!();
    let text =
        std::fs::read_to_string(shared.join("corpus/buildkit-parser/testfile-line/Dockerfile"))
            .unwrap();
    let df = syntax::parse(&text);
    let lines: Vec<(u32, u32)> = df
        .instructions
        .iter()
        .map(|i| (i.start_line, i.end_line))
        .collect();
    // parser_test.go TestParseIncludesLineNumbers
    assert_eq!(lines, [(5, 5), (11, 12), (17, 31)]);
    assert_eq!(df.instructions[0].span.start.line, 5);
    assert_eq!(df.instructions[2].span.end.line, 31);
    // The two empty lines inside the RUN continuation are BuildKit's one warning.
    let warnings: Vec<_> = df
        .diagnostics
        .iter()
        .map(|d| (d.code, d.span.start.line))
        .collect();
    assert_eq!(warnings, [("LL002", 19)]);
}
