//! apt-get, apt and aptitude (Debian, Ubuntu): their options, subcommands, packages, the
//! package lists and archives they keep, and how those are cleaned.

use super::{after_subcommand, first_operand, operands, sub, Cache, PackageSubcommands, Write};
use crate::shell::{Command, Word};

/// The programs whose command line this is. `apt` is read like apt-get: `apt install curl` is
/// as unpinned and as interactive (hadolint reads only `apt-get` and reports `apt` under DL3027).
pub const PROGRAMS: &[&str] = &["apt-get", "apt"];

/// Options of apt-get and apt that take the next word as their value.
pub const WITH_VALUE: &[&str] = &[
    "--snapshot",
    "-S",
    "-o",
    "--option",
    "-c",
    "--config-file",
    "-t",
    "--target-release",
    "--default-release",
];

/// The subcommands that change packages.
pub(super) const PACKAGE_SUBCOMMANDS: PackageSubcommands = PackageSubcommands {
    install: &["install"],
    remove: &["remove", "purge"],
    autoremove: &["autoremove", "auto-remove", "autopurge"],
};

/// Subcommands that read the package lists (and fail once they are gone).
const READ_LISTS: &[&str] = &[
    "install",
    "upgrade",
    "dist-upgrade",
    "full-upgrade",
    "source",
    "build-dep",
    "download",
    "satisfy",
];

/// The command that removes the package lists at the end of a RUN.
pub const CLEAN_LISTS: &str = "rm -rf /var/lib/apt/lists/*";

fn is_apt(cmd: &Command) -> bool {
    cmd.program().is_some_and(|p| PROGRAMS.contains(&p))
}

/// The subcommand word (`install` of `apt-get -y install x`), options and their values skipped.
pub fn subcommand(cmd: &Command) -> Option<&Word> {
    if !is_apt(cmd) {
        return None;
    }
    operands(cmd.args(), WITH_VALUE).first().copied()
}

/// The packages of `apt-get install` and `apt install`.
pub fn packages(cmd: &Command) -> Vec<&Word> {
    if !is_apt(cmd) {
        return Vec::new();
    }
    after_subcommand(cmd.args(), PACKAGE_SUBCOMMANDS.install, WITH_VALUE).unwrap_or_default()
}

/// `apt-get update` writes the package lists.
pub(super) fn writes(args: &[Word], out: &mut Vec<Write>) {
    if let Some(word) = sub(args, &["update"]) {
        out.push(Write::new(Cache::AptLists, word, Some("DL3009"), None));
    }
}

/// `apt-get clean` removes the downloaded packages, `apt-get dist-clean` (apt ≥ 2.7) the
/// lists too.
pub(super) fn cleans(program: &str, args: &[Word]) -> Vec<Cache> {
    match first_operand(args).map(|w| w.value.as_str()) {
        Some("clean" | "autoclean" | "auto-clean") => vec![Cache::AptArchives],
        Some("distclean" | "dist-clean") if program != "aptitude" => {
            vec![Cache::AptArchives, Cache::AptLists]
        }
        _ => Vec::new(),
    }
}

/// Whether `command` needs apt's package lists (an install without an update before it fails
/// once they are gone).
pub fn uses_lists(command: &Command) -> bool {
    match super::tool(command) {
        Some(("apt-get" | "apt", args)) => sub(args, READ_LISTS).is_some(),
        _ => command.program() == Some("apt-cache"),
    }
}

/// Whether a package word pins a version: `curl=7.88.1-10`, a release (`curl/bookworm-backports`,
/// which hadolint accepts too) or a local `.deb`.
pub fn is_pinned(p: &str) -> bool {
    p.contains('=') || p.contains('/') || p.ends_with(".deb")
}
