//! Dockerfile syntax: a lossless, error-tolerant parser with BuildKit's semantics.
//!
//! [`parse`] never fails and never panics: it returns every instruction it could read plus
//! syntax diagnostics (`LL0xx`, see [`diagnostic`]). The result has two layers:
//!
//! - **tokens** ([`token`]): every byte of the input in exactly one token, so
//!   [`Dockerfile::print`] gives the input back byte for byte;
//! - **typed views** ([`tree`], [`views`]): [`Instruction`]s with a [`Kind`], keyword,
//!   [`Flag`]s, [`Args`] and [`Heredoc`]s, each with a [`Span`] (byte offsets, 1-based line,
//!   UTF-16 column), and typed accessors such as [`Instruction::as_from`] or
//!   [`Instruction::as_copy`].
//!
//! Helpers with one job each: [`expand`] (BuildKit's variable substitution), [`scope`]
//! (ARG/ENV visible at an instruction), [`image_ref`] (image references and their normal
//! form), [`stages`] (the stage graph and the final stage) and [`dump`] (BuildKit's parse
//! dump, used by the conformance tests and `layerlint parse --format buildkit`).
//!
//! BuildKit (`moby/buildkit`, `frontend/dockerfile/parser` and `instructions`) is the
//! reference; where layerlint differs on purpose, the doc of the item says so.

pub mod check;
pub mod diagnostic;
pub mod dump;
pub mod expand;
pub(crate) mod gocompat;
mod heredoc;
pub mod image_ref;
mod json;
mod parser;
pub mod scope;
pub mod stages;
pub mod token;
pub mod tree;
mod validate;
pub mod views;
mod words;

pub use diagnostic::{DiagnosticKind, SyntaxDiagnostic};
pub use token::{Token, TokenKind};
pub use tree::{
    Arg, Args, Comment, Directive, Dockerfile, Flag, Heredoc, Instruction, Kind, LogicalLine, Pair,
};

use crate::report::{Position, Span};

use crate::text::LineIndex;
use std::borrow::Cow;
use std::ops::Range;

/// Parse a Dockerfile. Never panics, never fails; linear in the size of the input.
pub fn parse(text: &str) -> Dockerfile {
    let lines = LineIndex::new(text);
    let mut p = parser::Parser::new(text, lines.starts());
    p.run();
    let parsed = p.finish();
    let mut df = Dockerfile {
        text: text.to_string(),
        raw: None,
        lines,
        escape: parsed.escape,
        directives: parsed.directives,
        instructions: parsed.instructions,
        comments: parsed.comments,
        diagnostics: parsed.diagnostics,
        tokens: parsed.tokens,
    };
    let mut more = Vec::new();
    validate::validate(&df, &mut more);
    df.diagnostics.extend(more);
    df.diagnostics
        .sort_by_key(|d| (d.span.start.offset, d.span.end.offset));
    df
}

/// Parse raw bytes. Valid UTF-8 is parsed as is. Otherwise each byte of an invalid sequence
/// is read as U+001A SUBSTITUTE (one byte for one byte), so spans still count the original
/// bytes and [`Dockerfile::print`] still returns them; only values show the substitute.
pub fn parse_bytes(bytes: &[u8]) -> Dockerfile {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(text),
        Err(_) => {
            let mut text = String::with_capacity(bytes.len());
            for chunk in bytes.utf8_chunks() {
                text.push_str(chunk.valid());
                for _ in chunk.invalid() {
                    text.push('\u{1a}');
                }
            }
            let mut df = parse(&text);
            df.raw = Some(bytes.to_vec());
            df
        }
    }
}

impl Dockerfile {
    /// The span of bytes `[start, end)` (offsets clamp to the text).
    pub fn span(&self, start: usize, end: usize) -> Span {
        Span {
            start: self.position(start),
            end: self.position(end.max(start)),
        }
    }

    /// The span of a byte range.
    pub fn span_of(&self, range: Range<usize>) -> Span {
        self.span(range.start, range.end)
    }

    /// Line and UTF-16 column of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(&self.text, offset)
    }

    /// The text of a span (empty when the span does not fit the text).
    pub fn slice(&self, span: Span) -> &str {
        self.text
            .get(span.start.offset..span.end.offset)
            .unwrap_or("")
    }

    /// The tokens printed back: the input, byte for byte.
    pub fn print(&self) -> Vec<u8> {
        let src: &[u8] = match &self.raw {
            Some(raw) => raw,
            None => self.text.as_bytes(),
        };
        let mut out = Vec::with_capacity(src.len());
        for t in &self.tokens {
            out.extend_from_slice(&src[t.start..t.end]);
        }
        out
    }

    /// [`Dockerfile::print`] as text (lossy only if the input was not UTF-8).
    pub fn print_text(&self) -> Cow<'_, str> {
        match &self.raw {
            None => {
                let mut out = String::with_capacity(self.text.len());
                for t in &self.tokens {
                    out.push_str(&self.text[t.start..t.end]);
                }
                Cow::Owned(out)
            }
            Some(_) => Cow::Owned(String::from_utf8_lossy(&self.print()).into_owned()),
        }
    }

    /// Whether any diagnostic is an error (BuildKit would reject the file).
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == crate::report::Severity::Error)
    }

    /// The directive named `name` (`syntax`, `escape`, `check`), if present.
    pub fn directive(&self, name: &str) -> Option<&Directive> {
        self.directives.iter().find(|d| d.name == name)
    }

    /// The index of the instruction containing byte `offset`.
    pub fn instruction_at(&self, offset: usize) -> Option<usize> {
        let i = self
            .instructions
            .partition_point(|i| i.span.start.offset <= offset);
        let i = i.checked_sub(1)?;
        (offset <= self.instructions[i].span.end.offset).then_some(i)
    }

    /// BuildKit's `PrevComment` of instruction `i`: the comment lines between the previous
    /// instruction and this one, from after the last bare `#` on (directives are not
    /// comments). BuildKit reads per-instruction `# check=` options and definition
    /// descriptions from them.
    pub fn prev_comments(&self, i: usize) -> &[Comment] {
        let Some(inst) = self.instructions.get(i) else {
            return &[];
        };
        let after = i
            .checked_sub(1)
            .map_or(0, |p| self.instructions[p].span.end.offset);
        let before = inst.span.start.offset;
        let first = self
            .comments
            .partition_point(|c| c.span.start.offset < after);
        let last = self
            .comments
            .partition_point(|c| c.span.start.offset < before);
        let between = &self.comments[first..last.max(first)];
        match between.iter().rposition(|c| c.text.is_empty()) {
            Some(bare) => &between[bare + 1..],
            None => between,
        }
    }

    /// The stage graph of this file.
    pub fn stages(&self) -> stages::StageGraph {
        stages::StageGraph::new(self)
    }
}

#[cfg(test)]
mod tests;
