//! pip (and pipx) and uv: how they are invoked, pip's options and packages, their caches.

use super::{after_subcommand, first_operand, leading_operands, sub, Cache, Write};
use crate::shell::{Command, Word};

/// pip options that take the next word as their value (pipx's own at the end).
pub const WITH_VALUE: &[&str] = &[
    "-r",
    "--requirement",
    "-c",
    "--constraint",
    "-e",
    "--editable",
    "-i",
    "--index-url",
    "--extra-index-url",
    "-f",
    "--find-links",
    "-t",
    "--target",
    "--prefix",
    "--root",
    "--src",
    "-b",
    "--build",
    "--platform",
    "--python-version",
    "--implementation",
    "--abi",
    "--no-binary",
    "--only-binary",
    "--progress-bar",
    "--proxy",
    "--trusted-host",
    "--upgrade-strategy",
    "--log",
    "--cache-dir",
    "--timeout",
    "--retries",
    "--exists-action",
    "--cert",
    "--client-cert",
    "--global-option",
    "--install-option",
    "-C",
    "--config-settings",
    "--report",
    "--python",
    "--root-user-action",
    // pipx install
    "--pip-args",
    "--suffix",
    "--preinstall",
];

/// Which of the two a command runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pip {
    /// pip itself: `pip3 …`, `pip3.12 …`, `python3 -m pip …`, `python -u -m pip …`.
    Pip,
    /// pipx, which installs one application per package with pip (and pip's cache is not
    /// left in the layer by it).
    Pipx,
}

/// pip or pipx and the arguments it reads: the program (`pip3.12`), or the module Python runs
/// (`python3 -m pip`, options before `-m` included: `python -u -m pip`).
pub fn invocation(cmd: &Command) -> Option<(Pip, &[Word])> {
    let program = cmd.program()?;
    let (name, args) = if is_versioned(program, "python") {
        module(cmd.args())?
    } else {
        (program, cmd.args())
    };
    if is_versioned(name, "pip") {
        Some((Pip::Pip, args))
    } else {
        (name == "pipx").then_some((Pip::Pipx, args))
    }
}

/// The module of `python [options] -m module args…` and its arguments.
fn module(args: &[Word]) -> Option<(&str, &[Word])> {
    let mut i = 0;
    while let Some(w) = args.get(i) {
        match w.value.as_str() {
            "-m" => return Some((args.get(i + 1)?.value.as_str(), args.get(i + 2..)?)),
            // Options whose value is the next word.
            "-W" | "-X" => i += 2,
            // A command string or a script: no module.
            "-c" => return None,
            v if v.starts_with('-') => i += 1,
            _ => return None,
        }
    }
    None
}

/// `pip`, `pip3`, `pip3.12` (for `base` = `pip`).
fn is_versioned(name: &str, base: &str) -> bool {
    name.strip_prefix(base)
        .is_some_and(|v| v.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

/// The packages of a `pip install` (or `pipx install`), unless a requirements or constraints
/// file decides the versions (`-r`, `-c`).
pub fn packages(cmd: &Command) -> Vec<&Word> {
    match invocation(cmd) {
        Some((_, args)) if !cmd.has_flag(&["-r", "--requirement", "-c", "--constraint"]) => {
            after_subcommand(args, &["install"], WITH_VALUE).unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

/// pip's cache, written by `pip install` unless `--no-cache-dir` or `PIP_NO_CACHE_DIR`.
pub(super) fn pip_writes(
    command: &Command,
    args: &[Word],
    env: &dyn Fn(&str) -> Option<String>,
    out: &mut Vec<Write>,
) {
    if let Some(word) = sub(args, &["install"]) {
        let flag = command.has_flag(&["--no-cache-dir", "--no-cache"]);
        let env_off = env("PIP_NO_CACHE_DIR").is_some_and(|v| pip_no_cache_dir(&v));
        if !flag && !env_off {
            out.push(Write::new(
                Cache::Pip,
                word,
                Some("DL3042"),
                Some("--no-cache-dir"),
            ));
        }
    }
}

/// `PIP_NO_CACHE_DIR` disables the cache for every boolean value pip understands — `1`,
/// `true`, `yes`, `on`, and, for backward compatibility, `0`, `false`, `no`, `off` too (pip's
/// `_handle_no_cache_dir`). hadolint accepts only the first group.
pub fn pip_no_cache_dir(value: &str) -> bool {
    let v = value
        .trim_matches(|c| c == '"' || c == '\'')
        .to_ascii_lowercase();
    matches!(
        v.as_str(),
        "1" | "true" | "yes" | "y" | "on" | "t" | "0" | "false" | "no" | "n" | "off" | "f"
    )
}

/// uv's cache, written by `uv pip install`, `uv sync`, … unless `--no-cache` or `UV_NO_CACHE`.
pub(super) fn uv_writes(
    command: &Command,
    args: &[Word],
    env: &dyn Fn(&str) -> Option<String>,
    out: &mut Vec<Write>,
) {
    let word = match first_operand(args).map(|w| w.value.as_str()) {
        Some("pip") => sub(args, &["install", "sync"]),
        Some("sync" | "add" | "tool" | "run") => first_operand(args),
        _ => None,
    };
    let off = command.has_flag(&["--no-cache", "-n"])
        || env("UV_NO_CACHE").is_some_and(|v| super::truthy(&v));
    if let Some(word) = word.filter(|_| !off) {
        out.push(Write::new(Cache::Uv, word, None, Some("--no-cache")));
    }
}

/// `pip cache purge` and `uv cache clean`.
pub(super) fn cleans(tool: &str, args: &[Word]) -> Vec<Cache> {
    match (tool, leading_operands(args)) {
        ("pip", (Some("cache"), Some("purge" | "remove" | "rm"))) => vec![Cache::Pip],
        ("uv", (Some("cache"), Some("clean" | "prune"))) => vec![Cache::Uv],
        _ => Vec::new(),
    }
}

/// The version-control schemes pip installs from (`git+https://…@rev`).
const PIP_VCS: &[&str] = &["git+", "hg+", "svn+", "bzr+", "git://", "svn://"];

/// Whether a package word pins a version: `flask==3.0.0`, `flask>=3,<4`, `git+https://…@v1`,
/// wheels, sdists, paths.
pub fn is_pinned(p: &str) -> bool {
    if PIP_VCS.iter().any(|s| p.starts_with(s)) {
        // `git+https://host/repo.git@v1.2`: the revision follows the path (an `@` before the
        // host is a user name).
        let after_scheme = p.split_once("://").map_or(p, |(_, rest)| rest);
        let path = after_scheme.split_once('/').map_or("", |(_, path)| path);
        return path.contains('@');
    }
    const OPERATORS: &[&str] = &["==", ">=", "<=", "!=", "~=", ">", "<"];
    OPERATORS.iter().any(|o| p.contains(o))
        || [".whl", ".tar.gz", ".zip", ".tgz", ".tar.bz2"]
            .iter()
            .any(|s| p.ends_with(s))
        || p.starts_with('.') // `.`, `.[dev]`, `./lib`: the project in the build context
        || p.contains('/') // a path or a URL
}
