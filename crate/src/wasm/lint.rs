//! The lint module's bindings (feature `lint`): lint, fixes, rules, config.

use super::to_js;
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
    let edits: Vec<TextEdit> = serde_wasm_bindgen::from_value(edits)
        .map_err(|e| JsError::new(&format!("invalid edits: {e}")))?;
    Ok(crate::fix::apply(text, &edits))
}

/// Apply every safe fix (as `layerlint lint --fix` does) and return the fixed text; unsafe
/// fixes are offered one finding at a time (`applyEdits`).
#[wasm_bindgen(js_name = fixAll)]
pub fn fix_all(text: &str, config: JsValue) -> Result<String, JsError> {
    Ok(lint::fix_all(text, &config_from_js(config)?, false))
}

/// Every rule's documentation: `[{id, name, aliases, related, severity, title, why, bad, good, fix,
/// fixSafety, optIn, url}]`, in registry order.
#[wasm_bindgen]
pub fn rules() -> Result<JsValue, JsError> {
    to_js(&crate::lint::rules::ALL)
}

/// A layerlint config object from a parsed `.hadolint.yaml` document (`ignored`, `override`,
/// `trustedRegistries`, `label-schema`, …), so every face maps hadolint's keys the same way.
#[wasm_bindgen(js_name = configFromHadolint)]
pub fn config_from_hadolint(document: JsValue) -> Result<JsValue, JsError> {
    let value = if document.is_undefined() || document.is_null() {
        serde_json::Value::Null
    } else {
        let json = js_sys::JSON::stringify(&document)
            .map_err(|_| JsError::new("invalid hadolint config: not JSON-serializable"))?;
        serde_json::from_str(&String::from(json)).map_err(|e| JsError::new(&e.to_string()))?
    };
    to_js(&Config::from_hadolint(value).map_err(|e| JsError::new(&e))?)
}

/// `undefined`/`null` → the default config; an object → its fields. Read through JSON (not
/// serde-wasm-bindgen, which skips unknown keys) so a misspelt key is an error, as in the CLI.
fn config_from_js(config: JsValue) -> Result<Config, JsError> {
    if config.is_undefined() || config.is_null() {
        return Ok(Config::default());
    }
    let json = js_sys::JSON::stringify(&config)
        .map_err(|_| JsError::new("invalid layerlint config: not JSON-serializable"))?;
    Config::from_json(&String::from(json)).map_err(|e| JsError::new(&e))
}
