//! BuildKit's own CopyIgnoredFile cases (`shared/conformance/buildkit-checks/cases.json`, the
//! cases that come with a `.dockerignore`; the named group "CopyIgnoredFile: issue 15"): linted
//! with that `.dockerignore` as the build context's, layerlint's LL719 gives exactly BuildKit's
//! warnings — line and text — and nothing where BuildKit gives none.

use layerlint::dockerignore::Dockerignore;
use layerlint::lint::{lint_with_context, BuildContext, Config};
use layerlint_tests::shared_or_skip;
use serde_json::Value;

#[test]
fn buildkit_copy_ignored_file_cases_pass() {
    let shared = shared_or_skip!();
    let path = shared.join("conformance/buildkit-checks/cases.json");
    let cases: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(path).expect("cases.json is readable"))
            .expect("cases.json is JSON");
    let with_ignore: Vec<&Value> = cases
        .iter()
        .filter(|c| c["dockerignore"].is_string())
        .collect();
    assert_eq!(
        with_ignore.len(),
        8,
        "BuildKit has 8 cases with a .dockerignore"
    );
    let mut failures = Vec::new();
    for case in with_ignore {
        let id = case["id"].as_str().unwrap_or("?");
        let dockerfile = case["dockerfile"].as_str().expect("a Dockerfile");
        let build = BuildContext {
            dockerignore: case["dockerignore"].as_str().map(Dockerignore::parse),
        };
        let got: Vec<(u64, String)> =
            lint_with_context(dockerfile, &Config::default(), Some(&build))
                .into_iter()
                .filter(|f| f.aliases.iter().any(|a| a == "CopyIgnoredFile"))
                .map(|f| (u64::from(f.span.start.line), f.message))
                .collect();
        let want: Vec<(u64, String)> = case["warnings"]
            .as_array()
            .expect("warnings")
            .iter()
            .filter(|w| w["rule"] == "CopyIgnoredFile")
            .map(|w| {
                (
                    w["line"].as_u64().expect("a line"),
                    w["detail"].as_str().expect("a detail").to_string(),
                )
            })
            .collect();
        if got != want {
            failures.push(format!("{id}: want {want:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
