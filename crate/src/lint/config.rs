//! User configuration: which rules run and how severe they are. Read from JSON (the page,
//! VS Code) or YAML files (the CLI).

use crate::report::Severity;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Config {
    /// Rule ids (or their aliases, e.g. `DL3007`) that never report.
    pub ignore: Vec<String>,
    /// Severity per rule id or alias, replacing the rule's default.
    pub severity: BTreeMap<String, Severity>,
}

impl Config {
    pub fn from_json(text: &str) -> Result<Config, String> {
        serde_json::from_str(text).map_err(|e| format!("invalid layerlint config: {e}"))
    }
}
