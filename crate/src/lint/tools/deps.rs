//! Commands that install a project's dependencies from its manifest (LL106).

use super::tool;
use crate::shell::{option_value, Command};

/// A command that installs dependencies from a manifest (LL106).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DependencyInstall {
    /// The tool, to recognise a second install by the same tool.
    pub tool: &'static str,
    /// The command as users write it, for the message (`npm ci`).
    pub command: String,
    /// The files to copy before it.
    pub manifests: String,
}

/// `npm ci`, `yarn install`, `pip install -r requirements.txt`, `go mod download`, ….
pub fn dependency_install(command: &Command) -> Option<DependencyInstall> {
    let (tool, args) = tool(command)?;
    let ops: Vec<&str> = args
        .iter()
        .map(|w| w.value.as_str())
        .filter(|v| !v.starts_with('-'))
        .collect();
    let d = |command: &str, manifests: &str| {
        Some(DependencyInstall {
            tool,
            command: command.to_string(),
            manifests: manifests.to_string(),
        })
    };
    match (tool, ops.as_slice()) {
        ("npm", ["ci" | "clean-install" | "ci-install"]) => d("npm ci", "`package.json` and `package-lock.json`"),
        ("npm", ["install" | "i"]) => d("npm install", "`package.json` and `package-lock.json`"),
        ("yarn", [] | ["install"]) => d("yarn install", "`package.json` and `yarn.lock`"),
        ("pnpm", ["install" | "i"]) => d("pnpm install", "`package.json` and `pnpm-lock.yaml`"),
        ("pip", ["install", ..]) => {
            let requirement = option_value(args, "-r", "--requirement")?.to_string();
            Some(DependencyInstall {
                tool,
                command: format!("pip install -r {requirement}"),
                manifests: format!("`{requirement}`"),
            })
        }
        ("poetry", ["install", ..]) => d("poetry install", "`pyproject.toml` and `poetry.lock`"),
        ("pipenv", ["install" | "sync", ..]) => d("pipenv install", "`Pipfile` and `Pipfile.lock`"),
        ("uv", ["sync", ..]) => d("uv sync", "`pyproject.toml` and `uv.lock`"),
        ("bundle", [] | ["install", ..]) => d("bundle install", "`Gemfile` and `Gemfile.lock`"),
        ("go", ["mod", "download", ..]) => d("go mod download", "`go.mod` and `go.sum`"),
        ("cargo", ["fetch", ..]) => d("cargo fetch", "`Cargo.toml` and `Cargo.lock`"),
        ("cargo", ["build", ..]) => d("cargo build", "`Cargo.toml` and `Cargo.lock` (and build the dependencies alone, e.g. with cargo-chef)"),
        ("composer", ["install", ..]) => d("composer install", "`composer.json` and `composer.lock`"),
        ("mvn", ops) if ops.iter().any(|o| o.starts_with("dependency:")) => {
            d("mvn dependency:…", "`pom.xml`")
        }
        _ => None,
    }
}
