//! apk (Alpine): its options, packages, virtual packages, and its index cache.

use super::paths::is_path_or_url;
use super::{after_subcommand, leading_operands, sub, Cache, PackageSubcommands, Write};
use crate::shell::{option_value, Command, Word};

/// apk options that take the next word as their value.
pub const WITH_VALUE: &[&str] = &[
    "-t",
    "--virtual",
    "-X",
    "--repository",
    "-p",
    "--root",
    "--arch",
    "--cache-dir",
    "--keys-dir",
    "--repositories-file",
];

/// The command that removes the index at the end of a RUN.
pub const CLEAN: &str = "rm -rf /var/cache/apk/*";

/// The packages of `apk add` (the name given to `--virtual` is not one: it names the group).
pub fn packages(cmd: &Command) -> Vec<&Word> {
    if cmd.program() != Some("apk") {
        return Vec::new();
    }
    after_subcommand(cmd.args(), PACKAGE_SUBCOMMANDS.install, WITH_VALUE).unwrap_or_default()
}

/// The virtual package `apk add --virtual .deps …` records, which `apk del .deps` removes.
pub(super) fn virtual_name(args: &[Word]) -> Option<&str> {
    option_value(args, "-t", "--virtual")
}

/// The subcommands that change packages.
pub(super) const PACKAGE_SUBCOMMANDS: PackageSubcommands = PackageSubcommands {
    install: &["add"],
    remove: &["del"],
    autoremove: &[],
};

/// The index, written by `add`, `upgrade`, `update` and `fix` unless `--no-cache`.
pub(super) fn writes(command: &Command, args: &[Word], out: &mut Vec<Write>) {
    if let Some(word) = sub(args, &["add", "upgrade", "update", "fix"]) {
        // `--no-network` installs from what is already there: nothing is fetched.
        let no_cache = command.has_flag(&["--no-cache", "--no-network"]);
        let update = word.value == "update";
        if update || !no_cache {
            let hadolint = (word.value == "add").then_some("DL3019");
            let insert = (!update).then_some("--no-cache");
            out.push(Write::new(Cache::Apk, word, hadolint, insert));
        }
    }
}

/// `apk cache clean` and `apk cache purge`.
pub(super) fn cleans(args: &[Word]) -> Vec<Cache> {
    match leading_operands(args) {
        (Some("cache"), Some("clean" | "purge")) => vec![Cache::Apk],
        _ => Vec::new(),
    }
}

/// Whether a package word pins a version: `curl=8.5.0-r0`, `curl~8.5`, `curl>8`, or a file.
pub fn is_pinned(p: &str) -> bool {
    p.contains(['=', '~', '<', '>']) || p.ends_with(".apk") || is_path_or_url(p)
}
