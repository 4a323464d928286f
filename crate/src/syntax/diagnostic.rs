//! Syntax diagnostics. Each kind of problem has one public `LL0xx` id, registered as a rule in
//! `lint/rules/syntax.rs`; the severity is `error` where BuildKit rejects the Dockerfile and
//! `warning` where it only warns.

use crate::report::{Severity, Span};
use serde::Serialize;

/// The kinds of syntax problems, one public id each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum DiagnosticKind {
    /// LL001: a keyword that is not an instruction.
    UnknownInstruction,
    /// LL002: an empty line inside a continuation (BuildKit warns: NoEmptyContinuation).
    EmptyContinuationLine,
    /// LL003: a heredoc without its terminator line.
    UnterminatedHeredoc,
    /// LL004: an unknown flag, a flag without its value, a bad value, a repeated flag.
    InvalidFlag,
    /// LL005: too few or too many arguments.
    WrongArgumentCount,
    /// LL006: a JSON array with an element that is not a string.
    NonStringJsonArray,
    /// LL007: a repeated or invalid parser directive.
    InvalidDirective,
    /// LL008: a file without any instruction.
    NoInstructions,
    /// LL009: arguments BuildKit rejects (stage name, `key=value` form, HEALTHCHECK type, …).
    InvalidArguments,
    /// LL010: an instruction before the first FROM, or no FROM at all.
    NoBuildStage,
    /// LL011: an unterminated quote or a bad `${…}` in an argument BuildKit expands.
    InvalidQuoting,
}

impl DiagnosticKind {
    pub const ALL: [DiagnosticKind; 11] = [
        DiagnosticKind::UnknownInstruction,
        DiagnosticKind::EmptyContinuationLine,
        DiagnosticKind::UnterminatedHeredoc,
        DiagnosticKind::InvalidFlag,
        DiagnosticKind::WrongArgumentCount,
        DiagnosticKind::NonStringJsonArray,
        DiagnosticKind::InvalidDirective,
        DiagnosticKind::NoInstructions,
        DiagnosticKind::InvalidArguments,
        DiagnosticKind::NoBuildStage,
        DiagnosticKind::InvalidQuoting,
    ];

    /// The public id, e.g. `LL003`.
    pub fn code(self) -> &'static str {
        match self {
            DiagnosticKind::UnknownInstruction => "LL001",
            DiagnosticKind::EmptyContinuationLine => "LL002",
            DiagnosticKind::UnterminatedHeredoc => "LL003",
            DiagnosticKind::InvalidFlag => "LL004",
            DiagnosticKind::WrongArgumentCount => "LL005",
            DiagnosticKind::NonStringJsonArray => "LL006",
            DiagnosticKind::InvalidDirective => "LL007",
            DiagnosticKind::NoInstructions => "LL008",
            DiagnosticKind::InvalidArguments => "LL009",
            DiagnosticKind::NoBuildStage => "LL010",
            DiagnosticKind::InvalidQuoting => "LL011",
        }
    }

    /// `Warning` for what BuildKit only warns about, `Error` for what it rejects.
    pub fn severity(self) -> Severity {
        match self {
            DiagnosticKind::EmptyContinuationLine => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

/// A problem in the Dockerfile's syntax, reported as a finding with an `LL0xx` id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyntaxDiagnostic {
    pub kind: DiagnosticKind,
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
}

impl SyntaxDiagnostic {
    pub fn new(kind: DiagnosticKind, message: impl Into<String>, span: Span) -> Self {
        SyntaxDiagnostic {
            kind,
            code: kind.code(),
            severity: kind.severity(),
            message: message.into(),
            span,
        }
    }
}
