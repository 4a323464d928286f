//! The wasm face, called as the page calls it, in headless Chromium (wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect, JSON};
use layerlint::wasm;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).expect("property is readable")
}

fn findings(report: &JsValue) -> Array {
    let files: Array = get(report, "files").dyn_into().expect("files is an array");
    get(&files.get(0), "findings")
        .dyn_into()
        .expect("findings is an array")
}

fn rules_of(list: &Array) -> Vec<String> {
    list.iter()
        .map(|f| get(&f, "rule").as_string().unwrap())
        .collect()
}

const TEXT: &str = "FROM ubuntu:latest\nRUN mkdir -p /app\nRUN useradd --create-home a\n";

#[wasm_bindgen_test]
fn lint_returns_a_plain_js_report() {
    let report = wasm::lint(TEXT, JsValue::UNDEFINED, None).unwrap();
    assert_eq!(
        get(&report, "version").as_string().unwrap(),
        wasm::version()
    );
    let files: Array = get(&report, "files").dyn_into().unwrap();
    assert_eq!(
        get(&files.get(0), "path").as_string().unwrap(),
        "Dockerfile"
    );

    let list = findings(&report);
    assert_eq!(rules_of(&list), ["LL201", "LL302", "LL101"]);

    // Plain objects (not Maps), so the page can JSON.stringify them as they are.
    let first = list.get(0);
    assert_eq!(
        Object::get_prototype_of(&first),
        Object::get_prototype_of(&Object::new())
    );
    let start = get(&get(&first, "span"), "start");
    assert_eq!(get(&start, "line").as_f64(), Some(1.0));
    assert_eq!(get(&start, "column").as_f64(), Some(6.0));
    assert_eq!(get(&start, "offset").as_f64(), Some(5.0));
    let aliases: Array = get(&list.get(1), "aliases").dyn_into().unwrap();
    assert_eq!(aliases.get(0).as_string().unwrap(), "DL3007");
    assert!(get(&first, "fix").is_null());
    let fix = get(&list.get(2), "fix");
    let edits: Array = get(&fix, "edits").dyn_into().unwrap();
    assert_eq!(edits.length(), 1);
}

#[wasm_bindgen_test]
fn the_js_report_is_the_native_report() {
    let report = wasm::lint(TEXT, JsValue::NULL, Some("a/Dockerfile".into())).unwrap();
    let json = JSON::stringify(&report).unwrap().as_string().unwrap();
    let from_js: serde_json::Value = serde_json::from_str(&json).unwrap();
    let native = layerlint::report::LintReport::new(vec![layerlint::lint::lint_file(
        "a/Dockerfile",
        TEXT,
        &Default::default(),
    )]);
    assert_eq!(from_js, serde_json::to_value(native).unwrap());
}

#[wasm_bindgen_test]
fn config_from_js_applies_and_a_bad_config_is_an_error() {
    let config = JSON::parse(r#"{"ignore": ["DL3007"], "severity": {"LL101": "error"}}"#).unwrap();
    let list = findings(&wasm::lint(TEXT, config, None).unwrap());
    assert_eq!(rules_of(&list), ["LL201", "LL101"]);
    assert_eq!(get(&list.get(1), "severity").as_string().unwrap(), "error");

    let misspelt = JSON::parse(r#"{"ignroe": ["LL101"]}"#).unwrap();
    assert!(wasm::lint(TEXT, misspelt, None).is_err());
}

#[wasm_bindgen_test]
fn fixes_apply_through_the_wasm_face() {
    let report = wasm::lint(TEXT, JsValue::NULL, None).unwrap();
    let fix = get(&findings(&report).get(2), "fix");
    let fixed = wasm::apply_edits(TEXT, get(&fix, "edits")).unwrap();
    for bad in [
        r#"[{"start": -1, "end": 2, "text": "x"}]"#,
        r#"[{"start": 0}]"#,
        "{}",
    ] {
        assert!(
            wasm::apply_edits(TEXT, JSON::parse(bad).unwrap()).is_err(),
            "{bad}"
        );
    }
    assert_eq!(
        fixed,
        "FROM ubuntu:latest\nRUN mkdir -p /app && \\\n    useradd --create-home a\n"
    );
    // Fix all takes the safe fixes only: LL302's `<tag>` placeholder is unsafe (the build fails
    // until it is filled in), so `latest` stays.
    assert_eq!(wasm::fix_all(TEXT, JsValue::NULL).unwrap(), fixed);
}

#[wasm_bindgen_test]
fn hadolint_config_is_exposed() {
    // The rules' documentation is not in the lint module: `layerlint rules` writes it (tests/cli.rs).
    let doc = JSON::parse(r#"{"ignored": ["DL3007"], "override": {"error": ["LL101"]}}"#).unwrap();
    let config = wasm::config_from_hadolint(doc).unwrap();
    let list = findings(&wasm::lint(TEXT, config, None).unwrap());
    assert_eq!(rules_of(&list), ["LL201", "LL101"]);
    assert_eq!(get(&list.get(1), "severity").as_string().unwrap(), "error");
    let bad = JSON::parse(r#"{"ignore": ["DL3007"]}"#).unwrap();
    assert!(wasm::config_from_hadolint(bad).is_err());
}

#[wasm_bindgen_test]
fn lint_in_context_runs_the_dockerignore_rules() {
    let text = "FROM node:22-slim\nCOPY .env /app/\nCOPY . /app\n";
    let none = wasm::lint_in_context(text, JsValue::NULL, None, None).unwrap();
    assert!(rules_of(&findings(&none)).contains(&"LL107".to_string()));
    let ignoring = wasm::lint_in_context(text, JsValue::NULL, None, Some(".env\n".into())).unwrap();
    let rules = rules_of(&findings(&ignoring));
    assert!(rules.contains(&"LL719".to_string()) && !rules.contains(&"LL107".to_string()));
    let unknown = wasm::lint(text, JsValue::NULL, None).unwrap();
    assert!(!rules_of(&findings(&unknown))
        .iter()
        .any(|r| r == "LL719" || r == "LL107"));
}
