//! Finding and reading the config file: `--config FILE`, else the nearest `.layerlint.yaml`
//! (or `.yml`) from the current directory upwards, else the nearest `.hadolint.yaml`.

use layerlint::lint::Config;
use std::path::{Path, PathBuf};

const LAYERLINT_NAMES: &[&str] = &[".layerlint.yaml", ".layerlint.yml"];
const HADOLINT_NAMES: &[&str] = &[".hadolint.yaml", ".hadolint.yml"];

/// The config to use and the file it came from (`None`: defaults).
pub fn load(explicit: Option<&Path>) -> Result<(Config, Option<PathBuf>), String> {
    let found = match explicit {
        Some(path) => Some(path.to_path_buf()),
        None => discover(&std::env::current_dir().map_err(|e| e.to_string())?),
    };
    let Some(path) = found else {
        return Ok((Config::default(), None));
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read config {}: {e}", path.display()))?;
    let value: serde_json::Value = serde_yaml_ng::from_str(&text)
        .map_err(|e| format!("{}: not valid YAML: {e}", path.display()))?;
    let is_hadolint = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.contains("hadolint"));
    let config = if is_hadolint {
        Config::from_hadolint(value)
    } else {
        Config::from_value(value)
    };
    config
        .map(|c| (c, Some(path.clone())))
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// The nearest layerlint config from `dir` upwards; failing that, the nearest hadolint one.
fn discover(dir: &Path) -> Option<PathBuf> {
    [LAYERLINT_NAMES, HADOLINT_NAMES].iter().find_map(|names| {
        dir.ancestors()
            .flat_map(|d| names.iter().map(move |n| d.join(n)))
            .find(|p| p.is_file())
    })
}
