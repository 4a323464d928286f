//! gem and bundler (Ruby): gem's options and packages, and the `.gem` files they keep.

use super::paths::is_path_or_url;
use super::{after_subcommand, first_operand, operands, Cache, Write};
use crate::shell::{Command, Word};

/// gem options that take the next word as their value.
pub const WITH_VALUE: &[&str] = &[
    "-v",
    "--version",
    "-i",
    "--install-dir",
    "-n",
    "--bindir",
    "--source",
    "-P",
    "--trust-policy",
    "--platform",
    "-g",
    "--file",
    "--build-root",
    "--document",
    "--config-file",
];

/// The gems of `gem install` (or `gem i`), unless `-v`/`--version` gives the version. What
/// follows `--` is for the gem's native build (`-- --with-pg-config=…`), and a `true`/`false`
/// after an option is its value, not a gem.
pub fn packages(cmd: &Command) -> Vec<&Word> {
    if cmd.program() != Some("gem") || cmd.has_flag(&["-v", "--version"]) {
        return Vec::new();
    }
    let args = cmd.args();
    let args = &args[..args
        .iter()
        .position(|w| w.value == "--")
        .unwrap_or(args.len())];
    let option_value = |w: &Word| {
        let at = args.iter().position(|a| std::ptr::eq(a, w));
        matches!(w.value.as_str(), "true" | "false")
            && at.is_some_and(|k| k > 0 && args[k - 1].value.starts_with('-'))
    };
    after_subcommand(args, &["install", "i"], WITH_VALUE)
        .unwrap_or_default()
        .into_iter()
        .filter(|w| !option_value(w))
        .collect()
}

/// The `.gem` files of `gem install` and `bundle install` (gem's read past its options with
/// values, as the version rule reads them).
pub(super) fn writes(tool: &str, args: &[Word], out: &mut Vec<Write>) {
    let subcommand = match tool {
        "gem" => operands(args, WITH_VALUE).first().copied(),
        _ => first_operand(args),
    };
    if let Some(word) = subcommand.filter(|w| w.value == "install") {
        out.push(Write::new(Cache::Gem, word, None, None));
    }
}

/// Whether a gem word pins a version: `rails:7.1.0`, or a local `.gem` file.
pub fn is_pinned(p: &str) -> bool {
    p.contains(':') || p.ends_with(".gem") || is_path_or_url(p)
}
