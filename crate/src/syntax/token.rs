//! The lossless layer: the input cut into tokens, every byte in exactly one, in order, so that
//! printing the tokens gives the input back byte for byte (CRLF, BOM, tabs, trailing spaces,
//! a missing final newline, comments and continuation lines included). Fixes are edits on
//! token ranges.

use serde::Serialize;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// The UTF-8 byte-order mark at the very start.
    Bom,
    /// Spaces and tabs (and other blanks) that carry no meaning of their own.
    Whitespace,
    /// `\n` or `\r\n`.
    Newline,
    /// A whole `# …` comment line, without its newline.
    Comment,
    /// A parser directive line such as `# escape=\``, without its newline.
    Directive,
    /// The escape character ending a line, with any blanks after it.
    LineContinuation,
    /// The instruction keyword.
    Keyword,
    /// A `--flag[=value]` word (or the `--` that ends the flags).
    Flag,
    /// The arguments on one line, from their first to their last non-blank byte.
    Text,
    /// A heredoc body: all its lines, line ends included.
    HeredocBody,
    /// The line that ends a heredoc, without its newline.
    HeredocTerminator,
}

/// A token: its kind and byte range in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Token {
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
}

impl Token {
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// Trivia: whitespace, newlines, comments, continuations, the BOM.
    pub fn is_trivia(&self) -> bool {
        matches!(
            self.kind,
            TokenKind::Bom
                | TokenKind::Whitespace
                | TokenKind::Newline
                | TokenKind::Comment
                | TokenKind::LineContinuation
        )
    }
}
