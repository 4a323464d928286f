//! The report: the one data shape every face (CLI, wasm, VS Code) renders. Its JSON form is a
//! public interface documented in the README; change it only by adding fields.

use serde::{Deserialize, Serialize};

#[cfg(feature = "image")]
pub mod image;

/// A place in a text. `line` and `column` are 1-based; `column` counts UTF-16 code units (what
/// editors count); `offset` counts bytes from the start of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
    pub offset: usize,
}

/// A half-open range `[start, end)` of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    pub start: Position,
    pub end: Position,
}

/// Replace the bytes `[start, end)` with `text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextEdit {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// A one-click fix: non-overlapping edits applied together.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    /// What applying the fix does, e.g. "Join with the previous RUN".
    pub title: String,
    pub edits: Vec<TextEdit>,
    /// Its rule's [`FixSafety`], filled in when the finding is reported (rules leave the
    /// default).
    #[serde(default)]
    pub safety: FixSafety,
}

/// Whether a rule's fix may be applied without reading it. `layerlint lint --fix` and the page's
/// "Fix all" apply safe fixes only; an unsafe fix changes what the build does (another shell,
/// fewer packages, a command moved to another layer, quoting that stops word splitting) or leaves
/// a placeholder to fill in, so it is offered one finding at a time (`--unsafe-fixes` applies it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FixSafety {
    #[default]
    Safe,
    Unsafe,
}

/// How bad a finding is; ordered so that `Style < Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Style,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Style => "style",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "style" => Some(Severity::Style),
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// One problem found in one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable public id, e.g. `LL302`.
    pub rule: String,
    /// The rule's readable name (`latest-tag`).
    #[serde(default)]
    pub name: String,
    /// Ids of other tools' rules that mean the same (`DL3007`, BuildKit's `FromAsCasing`, …);
    /// their pragmas and config entries apply to this rule too.
    pub aliases: Vec<String>,
    /// Ids of other tools' rules that are close but deliberately different (e.g. `DL3059`).
    pub related: Vec<String>,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    pub fix: Option<Fix>,
    /// Identifies the finding across edits elsewhere in the file (rule, the instruction's
    /// text, which occurrence): what baselines and SARIF's `partialFingerprints` match on.
    #[serde(default)]
    pub fingerprint: String,
}

impl Finding {
    /// Whether `id` — a rule id, a rule name or an alias, as config entries and pragmas give
    /// them — names this finding.
    pub fn is_named(&self, id: &str) -> bool {
        self.rule == id || self.name == id || self.aliases.iter().any(|a| a == id)
    }
}

/// The findings of one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    pub path: String,
    pub findings: Vec<Finding>,
}

/// What `layerlint lint` prints with `--format json` and what the wasm `lint` returns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LintReport {
    pub version: String,
    pub files: Vec<FileReport>,
}

impl LintReport {
    pub fn new(files: Vec<FileReport>) -> Self {
        LintReport {
            version: crate::VERSION.to_string(),
            files,
        }
    }

    /// The highest severity among all findings, if any.
    pub fn max_severity(&self) -> Option<Severity> {
        self.files
            .iter()
            .flat_map(|f| &f.findings)
            .map(|f| f.severity)
            .max()
    }
}
