//! zypper (openSUSE, SLES): its options, subcommands, packages and cache.

use super::paths::is_path_or_url;
use super::{first_operand, operands, sub, Cache, Write};
use crate::shell::{Command, Word};

/// zypper options (global and of the subcommands) that take the next word as their value.
pub const WITH_VALUE: &[&str] = &[
    "-R",
    "--root",
    "-c",
    "--config",
    "-D",
    "--reposd-dir",
    "-C",
    "--cache-dir",
    "--raw-cache-dir",
    "--solv-cache-dir",
    "--pkg-cache-dir",
    "-p",
    "--plus-repo",
    "-t",
    "--type",
    "-r",
    "--repo",
    "--from",
    "--download",
];

/// Subcommands (and their short forms) that change packages and so ask for confirmation.
pub const PROMPTING: &[&str] = &[
    "install",
    "in",
    "remove",
    "rm",
    "source-install",
    "si",
    "patch",
    "update",
    "up",
    "dist-upgrade",
    "dup",
    "install-new-recommends",
    "inr",
];

/// The options that answer every prompt.
pub const NON_INTERACTIVE: &[&str] = &["-n", "--non-interactive", "-y", "--no-confirm"];

/// The subcommand word of a zypper command, options and their values skipped.
pub fn subcommand(cmd: &Command) -> Option<&Word> {
    if cmd.program() != Some("zypper") {
        return None;
    }
    operands(cmd.args(), WITH_VALUE).first().copied()
}

/// The packages of `zypper install` (`in`).
pub fn packages(cmd: &Command) -> Vec<&Word> {
    match subcommand(cmd) {
        Some(s) if s.value == "install" || s.value == "in" => {
            operands(cmd.args(), WITH_VALUE)[1..].to_vec()
        }
        _ => Vec::new(),
    }
}

/// The metadata and package cache, written by installs, updates and refreshes.
pub(super) fn writes(args: &[Word], out: &mut Vec<Write>) {
    let subs = [
        "install",
        "in",
        "update",
        "up",
        "dist-upgrade",
        "dup",
        "refresh",
        "ref",
        "patch",
    ];
    if let Some(word) = sub(args, &subs) {
        let hadolint = matches!(word.value.as_str(), "install" | "in").then_some("DL3036");
        out.push(Write::new(Cache::Zypper, word, hadolint, None));
    }
}

/// `zypper clean` (`cc`).
pub(super) fn cleans(args: &[Word]) -> Vec<Cache> {
    match first_operand(args).map(|w| w.value.as_str()) {
        Some("clean" | "cc") => vec![Cache::Zypper],
        _ => Vec::new(),
    }
}

/// Whether a package word pins a version: `curl=8.0`, `curl>=8`, or a `.rpm` file.
pub fn is_pinned(p: &str) -> bool {
    p.contains(['=', '<', '>']) || p.ends_with(".rpm") || is_path_or_url(p)
}
