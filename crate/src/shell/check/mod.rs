//! ShellCheck's findings on a RUN script, implemented from ShellCheck's documented behaviour
//! (its wiki page per code), on brush-parser's tree — not a port of ShellCheck.
//!
//! The script is read the way hadolint hands it to ShellCheck: with the shell of the stage as
//! the dialect (POSIX `sh` unless SHELL says otherwise) and the stage's ARG and ENV names
//! exported with a value without blanks (so they are assigned, and not split).
//!
//! [`walk`] visits the tree in execution order and feeds each word and command to the checks:
//! [`quoting`] (SC2086, SC2046, SC2016, SC2006), [`commands`] (SC2155, SC2028, SC2164, …),
//! SC2035, SC2115, [`pipes`] (SC2038, SC2012, SC2010), [`posix`] (SC3xxx in `sh`) and [`vars`] (SC2154,
//! SC2153 and which variables may hold blanks).

mod commands;
mod parts;
mod pipes;
mod posix;
mod quoting;
mod vars;
mod walk;

use crate::report::Severity;
use std::ops::Range;

/// The shell language a script is checked as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// POSIX sh (`/bin/sh`, dash, ash, busybox): bash features are SC3xxx findings.
    Sh,
    /// bash, zsh, ksh: no SC3xxx.
    Bash,
}

impl Dialect {
    /// The dialect of a shell program (`/bin/bash` → bash), as ShellCheck reads a shebang.
    pub fn of_program(program: &str) -> Dialect {
        let name = program.rsplit('/').next().unwrap_or(program);
        match name {
            "bash" | "zsh" | "ksh" | "mksh" => Dialect::Bash,
            _ => Dialect::Sh,
        }
    }

    /// The dialect a script's own `#!` line names, if it has one.
    pub fn of_shebang(script: &str) -> Option<Dialect> {
        let line = script.trim_start().strip_prefix("#!")?.lines().next()?;
        let mut words = line.split_whitespace();
        let mut program = words.next()?;
        if program.ends_with("/env") {
            program = words.find(|w| !w.starts_with('-'))?;
        }
        Some(Dialect::of_program(program))
    }
}

/// How to read the script.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    pub dialect: Dialect,
    /// Variables set before the script runs (hadolint exports the stage's ARG and ENV names).
    pub exported: &'a [&'a str],
}

/// One ShellCheck finding in the script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The ShellCheck code without its `SC` (2086).
    pub code: u16,
    /// Byte range in the script.
    pub range: Range<usize>,
    pub message: String,
    /// Edits (byte range in the script, replacement) that fix it, where ShellCheck has one.
    pub fix: Option<Vec<(Range<usize>, String)>>,
}

/// Every code checked, with ShellCheck's severity (hadolint keeps it: error, warning, info,
/// style).
pub const CODES: &[(u16, Severity)] = &[
    (2006, Severity::Style),
    (2010, Severity::Warning),
    (2012, Severity::Info),
    (2016, Severity::Info),
    (2028, Severity::Info),
    (2035, Severity::Info),
    (2038, Severity::Warning),
    (2046, Severity::Warning),
    (2086, Severity::Info),
    (2115, Severity::Warning),
    (2116, Severity::Style),
    (2153, Severity::Info),
    (2154, Severity::Warning),
    (2155, Severity::Warning),
    (2164, Severity::Warning),
    (2196, Severity::Info),
    (2197, Severity::Info),
    (2251, Severity::Info),
    (3010, Severity::Warning),
    (3014, Severity::Warning),
    (3016, Severity::Warning),
    (3020, Severity::Warning),
    (3028, Severity::Warning),
    (3037, Severity::Warning),
    (3046, Severity::Warning),
    (3053, Severity::Warning),
    (3057, Severity::Warning),
    (3059, Severity::Warning),
    (3060, Severity::Warning),
];

/// ShellCheck's severity of a code.
pub fn severity(code: u16) -> Severity {
    CODES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(Severity::Warning, |(_, s)| *s)
}

/// Check one script. Never fails: what the grammar rejects yields no findings.
pub fn check(script: &str, options: &Options) -> Vec<Diagnostic> {
    let mut checker = walk::Checker::new(options);
    checker.script(script, 0);
    checker.finish()
}

/// [`check`] a script already parsed ([`crate::shell::parse_with_tree`]).
pub fn check_parsed(
    script: &str,
    program: &brush_parser::ast::Program,
    options: &Options,
) -> Vec<Diagnostic> {
    let mut checker = walk::Checker::new(options);
    checker.program(script, 0, program);
    checker.finish()
}

#[cfg(test)]
mod tests;
