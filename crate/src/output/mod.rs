//! Report renderers for CI and terminals: for lint reports text, json, sarif, checkstyle,
//! gitlab; for inspect reports text. Pure functions from a report to a string; the CLI only
//! chooses one and prints it.

mod checkstyle;
mod gitlab;
#[cfg(feature = "image")]
mod inspect_text;
mod sarif;
mod text;

pub use checkstyle::checkstyle;
pub use gitlab::gitlab;
#[cfg(feature = "image")]
pub use inspect_text::inspect_text;
pub use sarif::sarif;
pub use text::{text, TextOptions};

use crate::report::LintReport;

/// Where each rule's documentation lives: the page's rule reference.
pub const DOCS_URL: &str = "https://layerlint.netlify.app/#rules";

/// The documentation address of one rule.
pub fn rule_url(id: &str) -> String {
    format!("https://layerlint.netlify.app/#rule-{id}")
}

pub fn json(report: &LintReport) -> String {
    serde_json::to_string_pretty(report).expect("a report always serializes")
}

/// A stable 64-bit FNV-1a hash, for fingerprints that must not change between runs or
/// versions (std's hasher makes no such promise).
pub(crate) fn fingerprint(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain([0]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}
