//! User configuration: which rules run and how severe they are. The faces read it from JSON (the
//! page, VS Code) or YAML (`.layerlint.yaml` for the CLI); `.hadolint.yaml` files are mapped onto
//! it by `Config::from_hadolint`.

use crate::report::Severity;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Config {
    /// Rule ids (or their aliases, e.g. `DL3007`, `FromAsCasing`) that never report.
    pub ignore: Vec<String>,
    /// Severity per rule id or alias, replacing the rule's default.
    pub severity: BTreeMap<String, Severity>,
    /// Opt-in rules to run (e.g. `LL303` pin by digest, `LL401` Docker Hub without a cache).
    pub enable: Vec<String>,
    /// Registries images may come from (hadolint's DL3026); empty allows any.
    pub trusted_registries: Vec<String>,
    /// Label names and the type their value must have (hadolint's label schema, DL3049–DL3058):
    /// `text`, `url`, `spdx`, `rfc3339`, `semver`, `hash`, `email`.
    pub label_schema: BTreeMap<String, String>,
    /// With a label schema, labels not in it are reported too (DL3050).
    pub strict_labels: bool,
    /// Ignore `# layerlint ignore=` / `# hadolint ignore=` pragmas.
    pub disable_ignore_pragma: bool,
    /// Layer count above which the shipped stage is reported (LL105).
    pub max_layers: usize,
    /// The CLI exits with 1 when a finding at or above this severity exists; `None` never fails.
    pub fail_on: Option<Severity>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            ignore: Vec::new(),
            severity: BTreeMap::new(),
            enable: Vec::new(),
            trusted_registries: Vec::new(),
            label_schema: BTreeMap::new(),
            strict_labels: false,
            disable_ignore_pragma: false,
            max_layers: 20,
            fail_on: Some(Severity::Warning),
        }
    }
}

impl Config {
    pub fn from_json(text: &str) -> Result<Config, String> {
        serde_json::from_str(text).map_err(|e| format!("invalid layerlint config: {e}"))
    }

    /// A config from an already-parsed document (YAML or JSON) in layerlint's own shape.
    pub fn from_value(value: Value) -> Result<Config, String> {
        if value.is_null() {
            return Ok(Config::default());
        }
        serde_json::from_value(value).map_err(|e| format!("invalid layerlint config: {e}"))
    }

    /// Map a `.hadolint.yaml` document (already parsed) onto a config. hadolint's keys:
    /// `ignored`, `override` (`error`/`warning`/`info`/`style` lists), `trustedRegistries`,
    /// `label-schema`, `strict-labels`, `disable-ignore-pragma`, `failure-threshold`, `no-fail`.
    /// Keys hadolint has but layerlint does not use (`format`, `no-color`, `verbose`) are
    /// accepted and ignored; unknown keys are an error, as hadolint makes them.
    pub fn from_hadolint(value: Value) -> Result<Config, String> {
        let err = |msg: String| format!("invalid hadolint config: {msg}");
        let mut config = Config::default();
        let Value::Object(map) = value else {
            return if value.is_null() {
                Ok(config)
            } else {
                Err(err("expected a mapping".into()))
            };
        };
        let strings = |v: &Value, key: &str| -> Result<Vec<String>, String> {
            match v {
                Value::Null => Ok(Vec::new()),
                Value::Array(items) => items
                    .iter()
                    .map(|i| match i {
                        Value::String(s) => Ok(s.clone()),
                        other => Err(err(format!("`{key}` lists strings, not {other}"))),
                    })
                    .collect(),
                other => Err(err(format!("`{key}` must be a list, not {other}"))),
            }
        };
        let boolean = |v: &Value, key: &str| {
            v.as_bool()
                .ok_or_else(|| err(format!("`{key}` must be true or false")))
        };
        for (key, v) in &map {
            match key.as_str() {
                "ignored" => config.ignore = strings(v, key)?,
                "override" => {
                    let Some(levels) = v.as_object() else {
                        return Err(err("`override` must be a mapping".into()));
                    };
                    for (level, ids) in levels {
                        let severity = Severity::parse(level)
                            .ok_or_else(|| err(format!("unknown override level `{level}`")))?;
                        for id in strings(ids, level)? {
                            config.severity.insert(id, severity);
                        }
                    }
                }
                "trustedRegistries" => config.trusted_registries = strings(v, key)?,
                "label-schema" => {
                    let Some(labels) = v.as_object() else {
                        return Err(err("`label-schema` must be a mapping".into()));
                    };
                    for (label, kind) in labels {
                        let kind = kind
                            .as_str()
                            .ok_or_else(|| err(format!("label `{label}` needs a type name")))?;
                        config.label_schema.insert(label.clone(), kind.to_string());
                    }
                }
                "strict-labels" => config.strict_labels = boolean(v, key)?,
                "disable-ignore-pragma" => config.disable_ignore_pragma = boolean(v, key)?,
                "no-fail" => {
                    if boolean(v, key)? {
                        config.fail_on = None;
                    }
                }
                "failure-threshold" => {
                    let level = v.as_str().unwrap_or_default();
                    config.fail_on =
                        match level {
                            "none" => None,
                            _ => Some(Severity::parse(level).ok_or_else(|| {
                                err(format!("unknown failure-threshold `{level}`"))
                            })?),
                        };
                }
                "format" | "no-color" | "verbose" => {}
                other => return Err(err(format!("unknown key `{other}`"))),
            }
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn misspelt_keys_are_errors() {
        assert!(Config::from_json(r#"{"ignroe": ["LL101"]}"#).is_err());
        let c = Config::from_json(r#"{"ignore": ["LL101"], "maxLayers": 5}"#).unwrap();
        assert_eq!(c.ignore, ["LL101"]);
        assert_eq!(c.max_layers, 5);
        assert_eq!(c.fail_on, Some(Severity::Warning));
    }

    #[test]
    fn hadolint_keys_map_onto_the_config() {
        let c = Config::from_hadolint(json!({
            "ignored": ["DL3008", "SC2086"],
            "override": {"error": ["DL3007"], "info": ["DL3059"]},
            "trustedRegistries": ["docker.io", "ghcr.io"],
            "label-schema": {"maintainer": "text", "org.opencontainers.image.url": "url"},
            "strict-labels": true,
            "failure-threshold": "error",
            "format": "tty",
        }))
        .unwrap();
        assert_eq!(c.ignore, ["DL3008", "SC2086"]);
        assert_eq!(c.severity["DL3007"], Severity::Error);
        assert_eq!(c.severity["DL3059"], Severity::Info);
        assert_eq!(c.trusted_registries, ["docker.io", "ghcr.io"]);
        assert_eq!(c.label_schema["org.opencontainers.image.url"], "url");
        assert!(c.strict_labels);
        assert_eq!(c.fail_on, Some(Severity::Error));
        assert_eq!(
            Config::from_hadolint(json!({"no-fail": true}))
                .unwrap()
                .fail_on,
            None
        );
    }

    #[test]
    fn bad_hadolint_documents_say_what_is_wrong() {
        let e = Config::from_hadolint(json!({"ignore": ["DL3008"]})).unwrap_err();
        assert!(e.contains("unknown key `ignore`"), "{e}");
        let e = Config::from_hadolint(json!({"override": {"fatal": ["DL3008"]}})).unwrap_err();
        assert!(e.contains("fatal"), "{e}");
        assert!(Config::from_hadolint(json!(["DL3008"])).is_err());
        assert!(Config::from_hadolint(Value::Null).is_ok());
    }

    /// A rule's readable name works wherever its id does: ignore, severity, enable.
    #[test]
    fn rule_names_stand_for_ids() {
        let text = "FROM ubuntu:latest\nRUN apt-get update\nRUN apt-get install -y curl\n";
        let rules = |config: &Config| -> Vec<(String, Severity)> {
            crate::lint::lint(text, config)
                .into_iter()
                .map(|f| (f.rule, f.severity))
                .collect()
        };
        let all = rules(&Config::default());
        assert!(all.iter().any(|(r, _)| r == "LL302"), "{all:?}");
        assert!(!all.iter().any(|(r, _)| r == "LL303"), "LL303 is opt-in");
        let config = Config::from_json(
            r#"{"ignore": ["latest-tag"], "severity": {"consecutive-run": "error"},
                "enable": ["image-not-pinned-by-digest"]}"#,
        )
        .unwrap();
        let named = rules(&config);
        assert!(!named.iter().any(|(r, _)| r == "LL302"), "{named:?}");
        assert!(named.contains(&("LL101".to_string(), Severity::Error)));
        assert!(named.iter().any(|(r, _)| r == "LL303"));
    }
}
