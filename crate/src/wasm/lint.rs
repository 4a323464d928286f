//! The lint module's bindings (feature `lint`): lint, fixes, config. The rules' documentation is
//! not here: `layerlint rules` writes it to `pkg/rules.json`.

use crate::lint::{self, Config};
use crate::report::{LintReport, TextEdit};
use wasm_bindgen::prelude::*;

/// Lint a Dockerfile's text. `config` is optional (`undefined`/`null` or an object like
/// `{ignore: ["LL101"], severity: {"LL302": "error"}}`). Returns the JSON report as a JS object
/// with one file whose path is `path` (default `Dockerfile`).
#[wasm_bindgen]
pub fn lint(text: &str, config: JsValue, path: Option<String>) -> Result<JsValue, JsError> {
    lint_report(text, config, path, None)
}

/// Lint a Dockerfile whose build context is known (as `lint` otherwise): `dockerignore` is the
/// text of the context's `.dockerignore`, `null`/`undefined` when it has none — which the
/// `.dockerignore` rules (LL719, LL107) need to tell apart from "context unknown".
#[wasm_bindgen(js_name = lintInContext)]
pub fn lint_in_context(
    text: &str,
    config: JsValue,
    path: Option<String>,
    dockerignore: Option<String>,
) -> Result<JsValue, JsError> {
    let build = lint::BuildContext {
        dockerignore: dockerignore
            .as_deref()
            .map(crate::dockerignore::Dockerignore::parse),
    };
    lint_report(text, config, path, Some(&build))
}

/// The JSON report of one file (`path` default `Dockerfile`), as a JS object.
fn lint_report(
    text: &str,
    config: JsValue,
    path: Option<String>,
    build: Option<&lint::BuildContext>,
) -> Result<JsValue, JsError> {
    let config = config_from_js(config)?;
    let path = path.unwrap_or_else(|| "Dockerfile".to_string());
    to_js(&LintReport::new(vec![lint::lint_file_in(
        &path, text, &config, build,
    )]))
}

/// Apply fix edits (as found in a report's `fix.edits`) to `text`; offsets are bytes, which JS
/// strings cannot index directly, so the page calls this instead of splicing itself.
#[wasm_bindgen(js_name = applyEdits)]
pub fn apply_edits(text: &str, edits: JsValue) -> Result<String, JsError> {
    let edits = edits_from_js(&edits)?;
    Ok(crate::fix::apply(text, &edits))
}

/// `[{start, end, text}]` read from a JSON value by hand: `TextEdit`'s derived deserializer would
/// add ~4 KB to the page's wasm, which has `Value`'s anyway (for `configFromHadolint`).
fn edits_from_js(edits: &JsValue) -> Result<Vec<TextEdit>, JsError> {
    use serde_json::Value;
    let value: Value = from_js(edits, "edits")?;
    let bad = || JsError::new("invalid edits: expected [{start, end, text}] with byte offsets");
    let list = value.as_array().ok_or_else(bad)?;
    list.iter()
        .map(|edit| {
            let offset = |key: &str| {
                let n = edit.get(key).and_then(Value::as_u64).ok_or_else(bad)?;
                usize::try_from(n).map_err(|_| bad())
            };
            let text = edit.get("text").and_then(Value::as_str).ok_or_else(bad)?;
            Ok(TextEdit {
                start: offset("start")?,
                end: offset("end")?,
                text: text.to_string(),
            })
        })
        .collect()
}

/// Apply every safe fix (as `layerlint lint --fix` does) and return the fixed text; unsafe
/// fixes are offered one finding at a time (`applyEdits`).
#[wasm_bindgen(js_name = fixAll)]
pub fn fix_all(text: &str, config: JsValue) -> Result<String, JsError> {
    Ok(lint::fix_all(text, &config_from_js(config)?, false))
}

/// A layerlint config object from a parsed `.hadolint.yaml` document (`ignored`, `override`,
/// `trustedRegistries`, `label-schema`, …), so every face maps hadolint's keys the same way.
#[wasm_bindgen(js_name = configFromHadolint)]
pub fn config_from_hadolint(document: JsValue) -> Result<JsValue, JsError> {
    let value = if document.is_undefined() || document.is_null() {
        serde_json::Value::Null
    } else {
        from_js(&document, "hadolint config")?
    };
    to_js(&Config::from_hadolint(value).map_err(|e| JsError::new(&e))?)
}

/// `undefined`/`null` → the default config; an object → its fields. Read through JSON (not
/// serde-wasm-bindgen, which skips unknown keys) so a misspelt key is an error, as in the CLI.
fn config_from_js(config: JsValue) -> Result<Config, JsError> {
    if config.is_undefined() || config.is_null() {
        return Ok(Config::default());
    }
    Config::from_json(&json_text(&config, "layerlint config")?).map_err(|e| JsError::new(&e))
}

// This module passes values through JSON text (serde_json, which the config needs anyway, and
// the browser's JSON) rather than serde-wasm-bindgen: one serializer in the wasm, not two.

/// Serialize as plain JS objects, as `JSON.parse` gives them.
fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsError> {
    let json = serde_json::to_string(value).map_err(|e| JsError::new(&e.to_string()))?;
    js_sys::JSON::parse(&json).map_err(|_| JsError::new("unparsable JSON from the linter"))
}

/// A value read from a JS value's JSON text; `what` names it in the error.
fn from_js<T: serde::de::DeserializeOwned>(value: &JsValue, what: &str) -> Result<T, JsError> {
    serde_json::from_str(&json_text(value, what)?)
        .map_err(|e| JsError::new(&format!("invalid {what}: {e}")))
}

fn json_text(value: &JsValue, what: &str) -> Result<String, JsError> {
    let json = js_sys::JSON::stringify(value)
        .map_err(|_| JsError::new(&format!("invalid {what}: not JSON-serializable")))?;
    Ok(String::from(json))
}
