//! npm, yarn and pnpm: npm's options and packages, and the caches of npm and yarn.

use super::{after_subcommand, first_operand, leading_operands, operands, Cache, Write};
use crate::shell::{Command, Word};

/// npm options that take the next word as their value.
pub const WITH_VALUE: &[&str] = &[
    "--prefix",
    "--registry",
    "--cache",
    "--loglevel",
    "--userconfig",
    "--globalconfig",
    "-w",
    "--workspace",
    "--omit",
    "--include",
    "--tag",
    "--install-strategy",
];

/// The packages named by `npm install` (and its aliases `i`, `in`, `add`); `npm install` with
/// no package installs what `package.json` and the lock file say, and `npm ci` names none.
pub fn npm_packages(cmd: &Command) -> Vec<&Word> {
    if cmd.program() != Some("npm") {
        return Vec::new();
    }
    after_subcommand(cmd.args(), &["install", "i", "in", "add"], WITH_VALUE).unwrap_or_default()
}

/// npm's cache, written by the installing subcommands (read past options with values, as
/// the version rule reads them: `npm --prefix /app install`).
pub(super) fn npm_writes(args: &[Word], out: &mut Vec<Write>) {
    let subs = [
        "install",
        "i",
        "ci",
        "add",
        "update",
        "up",
        "clean-install",
        "install-clean",
        "ic",
    ];
    let subcommand = operands(args, WITH_VALUE).first().copied();
    if let Some(word) = subcommand.filter(|w| subs.contains(&w.value.as_str())) {
        out.push(Write::new(Cache::Npm, word, None, None));
    }
}

/// yarn's cache, written by `install` (also a bare `yarn`), `add` and `global`.
pub(super) fn yarn_writes(command: &Command, args: &[Word], out: &mut Vec<Write>) {
    let op = first_operand(args);
    match op.map(|w| w.value.as_str()) {
        Some("install") => out.extend(op.map(|w| Write::new(Cache::Yarn, w, Some("DL3060"), None))),
        Some("add" | "global") => out.extend(op.map(|w| Write::new(Cache::Yarn, w, None, None))),
        // A bare `yarn` (options only) is `yarn install`.
        None if !command.has_flag(&["--version", "-v", "--help", "-h"]) => out.extend(
            command
                .words
                .first()
                .map(|w| Write::new(Cache::Yarn, w, None, None)),
        ),
        _ => {}
    }
}

/// `npm cache clean` and `yarn cache clean`.
pub(super) fn cleans(tool: &str, args: &[Word]) -> Vec<Cache> {
    match (tool, leading_operands(args)) {
        ("npm", (Some("cache"), Some("clean" | "rm" | "clear"))) => vec![Cache::Npm],
        ("yarn", (Some("cache"), Some("clean"))) => vec![Cache::Yarn],
        _ => Vec::new(),
    }
}

/// Whether a package word pins a version: `express@4.18.2`, `@scope/pkg@1`, `git+https://…#v1`,
/// tarballs, folders.
pub fn is_pinned(p: &str) -> bool {
    const GIT: &[&str] = &["git://", "git+ssh://", "git+http://", "git+https://"];
    if GIT.iter().any(|g| p.starts_with(g)) {
        return p.contains('#');
    }
    if [".tar", ".tar.gz", ".tgz"].iter().any(|s| p.ends_with(s))
        || ["/", "./", "../", "~/", "file:"]
            .iter()
            .any(|s| p.starts_with(s))
    {
        return true;
    }
    // `@scope/name@1.2`: the version's `@` comes after the scope.
    let name = match p.strip_prefix('@') {
        Some(scoped) => scoped.split_once('/').map_or("", |(_, n)| n),
        None => p,
    };
    name.contains('@')
}
