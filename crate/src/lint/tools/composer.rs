//! composer (PHP): its cache.

use super::{first_operand, Cache, Write};
use crate::shell::{Command, Word};

/// composer's cache, written by installs and updates unless `--no-cache` or
/// `COMPOSER_CACHE_DIR=/dev/null`.
pub(super) fn writes(
    command: &Command,
    args: &[Word],
    env: &dyn Fn(&str) -> Option<String>,
    out: &mut Vec<Write>,
) {
    let subs = ["install", "update", "require", "create-project", "upgrade"];
    let off = command.has_flag(&["--no-cache"])
        || env("COMPOSER_CACHE_DIR").is_some_and(|v| v == "/dev/null");
    if let Some(word) = first_operand(args).filter(|w| subs.contains(&w.value.as_str())) {
        if !off {
            out.push(Write::new(Cache::Composer, word, None, None));
        }
    }
}

/// `composer clear-cache` (`clearcache`, `cc`).
pub(super) fn cleans(args: &[Word]) -> Vec<Cache> {
    match first_operand(args).map(|w| w.value.as_str()) {
        Some("clear-cache" | "clearcache" | "cc") => vec![Cache::Composer],
        _ => Vec::new(),
    }
}
