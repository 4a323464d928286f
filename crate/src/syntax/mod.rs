//! Dockerfile syntax. `parse` never fails: it returns every instruction it could read plus
//! syntax diagnostics. PROVISIONAL: a line scanner good enough for the first rules; the
//! lossless, BuildKit-exact parser replaces it behind the same `parse` entry point.

pub mod image_ref;

use crate::report::{Severity, Span};
use crate::text::LineIndex;

/// A parsed Dockerfile.
#[derive(Debug, Clone)]
pub struct Dockerfile {
    pub text: String,
    pub lines: LineIndex,
    /// The escape character: `\\` or the one set by `# escape=`.
    pub escape: char,
    pub instructions: Vec<Instruction>,
    pub comments: Vec<Comment>,
    pub diagnostics: Vec<SyntaxDiagnostic>,
}

/// One instruction, from its keyword to the end of its last continuation line.
#[derive(Debug, Clone)]
pub struct Instruction {
    /// Upper-cased keyword, e.g. `RUN`.
    pub keyword: String,
    pub keyword_span: Span,
    /// The whole instruction, without the final newline.
    pub span: Span,
    pub flags: Vec<Flag>,
    /// The arguments after the flags with line continuations removed.
    pub args: String,
    /// Where the arguments start and end in the source.
    pub args_span: Span,
}

/// `--name=value` or `--name` before an instruction's arguments.
#[derive(Debug, Clone)]
pub struct Flag {
    pub name: String,
    pub value: Option<String>,
    pub span: Span,
}

/// A `#` comment line (not a parser directive).
#[derive(Debug, Clone)]
pub struct Comment {
    /// The text after `#`, trimmed.
    pub text: String,
    pub span: Span,
}

/// A problem in the Dockerfile's syntax, reported as a finding with an `LL0xx` id.
#[derive(Debug, Clone)]
pub struct SyntaxDiagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
}

impl Dockerfile {
    pub fn span(&self, start: usize, end: usize) -> Span {
        Span {
            start: self.lines.position(&self.text, start),
            end: self.lines.position(&self.text, end),
        }
    }
}

const KEYWORDS: &[&str] = &[
    "ADD",
    "ARG",
    "CMD",
    "COPY",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "FROM",
    "HEALTHCHECK",
    "LABEL",
    "MAINTAINER",
    "ONBUILD",
    "RUN",
    "SHELL",
    "STOPSIGNAL",
    "USER",
    "VOLUME",
    "WORKDIR",
];

/// Parse a Dockerfile. Never panics, never fails.
pub fn parse(text: &str) -> Dockerfile {
    let escape = escape_char(text);
    let mut df = Dockerfile {
        text: text.to_string(),
        lines: LineIndex::new(text),
        escape,
        instructions: Vec::new(),
        comments: Vec::new(),
        diagnostics: Vec::new(),
    };
    let lines: Vec<(usize, &str)> = split_lines(text);
    let mut i = 0;
    while i < lines.len() {
        let (start, raw) = lines[i];
        let line = raw.trim_end_matches('\r');
        let trimmed = line.trim_start();
        i += 1;
        if trimmed.is_empty() {
            continue;
        }
        if let Some(c) = trimmed.strip_prefix('#') {
            let at = start + (line.len() - trimmed.len());
            df.comments.push(Comment {
                text: c.trim().to_string(),
                span: df.span(at, start + line.len()),
            });
            continue;
        }
        // Gather continuation lines: a line ending in the escape char continues, comment
        // lines inside a continuation are dropped.
        let first = start + (line.len() - trimmed.len());
        let mut end = start + line.len();
        let mut joined = String::new();
        let mut cur = trimmed;
        loop {
            let body = cur.trim_end();
            match body.strip_suffix(escape) {
                Some(rest) if i < lines.len() => {
                    joined.push_str(rest);
                    // Skip comment and blank lines inside the continuation.
                    while i < lines.len() {
                        let next = lines[i].1.trim_end_matches('\r');
                        let t = next.trim_start();
                        if t.starts_with('#') || t.is_empty() {
                            i += 1;
                        } else {
                            break;
                        }
                    }
                    if i >= lines.len() {
                        break;
                    }
                    let (s, raw) = lines[i];
                    cur = raw.trim_end_matches('\r');
                    end = s + cur.len();
                    i += 1;
                }
                _ => {
                    joined.push_str(body);
                    break;
                }
            }
        }
        // Heredocs: skip bodies up to their terminator so they are not read as instructions.
        for delim in heredoc_delimiters(&joined) {
            while i < lines.len() {
                let (s, raw) = lines[i];
                let l = raw.trim_end_matches('\r');
                i += 1;
                end = s + l.len();
                if l.trim_start_matches('\t') == delim {
                    break;
                }
            }
        }
        df.instructions.push(instruction(&df, first, end, &joined));
    }
    for inst in &df.instructions {
        if !KEYWORDS.contains(&inst.keyword.as_str()) {
            df.diagnostics.push(SyntaxDiagnostic {
                code: "LL001",
                severity: Severity::Error,
                message: format!("unknown instruction: {}", inst.keyword),
                span: inst.keyword_span,
            });
        }
    }
    df
}

fn split_lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for part in text.split_inclusive('\n') {
        out.push((start, part.strip_suffix('\n').unwrap_or(part)));
        start += part.len();
    }
    out
}

/// The `# escape=` directive if it leads the file, else `\`.
fn escape_char(text: &str) -> char {
    for line in text.lines() {
        let Some(rest) = line.trim().strip_prefix('#') else {
            break;
        };
        let Some((key, value)) = rest.split_once('=') else {
            break;
        };
        if key.trim().eq_ignore_ascii_case("escape") && value.trim() == "`" {
            return '`';
        }
    }
    '\\'
}

fn heredoc_delimiters(args: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = args;
    while let Some(p) = rest.find("<<") {
        rest = &rest[p + 2..];
        let r = rest.strip_prefix('-').unwrap_or(rest);
        let word: String = r
            .chars()
            .take_while(|c| !c.is_whitespace())
            .filter(|c| *c != '"' && *c != '\'')
            .collect();
        if !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            out.push(word);
        }
    }
    out
}

fn instruction(df: &Dockerfile, start: usize, end: usize, joined: &str) -> Instruction {
    let kw_len = joined
        .find(|c: char| c.is_whitespace())
        .unwrap_or(joined.len());
    let keyword = joined[..kw_len].to_ascii_uppercase();
    let mut rest = joined[kw_len..].trim_start();
    let mut flags = Vec::new();
    while let Some(f) = rest.strip_prefix("--") {
        let len = f.find(|c: char| c.is_whitespace()).unwrap_or(f.len());
        let (name, value) = match f[..len].split_once('=') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (f[..len].to_string(), None),
        };
        let at = locate(&df.text, start, end, &f[..len]).unwrap_or(start);
        flags.push(Flag {
            name,
            value,
            span: df.span(at.saturating_sub(2), at + len),
        });
        rest = f[len..].trim_start();
    }
    let args_start = locate(&df.text, start, end, rest.lines().next().unwrap_or("")).unwrap_or(end);
    Instruction {
        keyword,
        keyword_span: df.span(start, start + kw_len.min(end - start)),
        span: df.span(start, end),
        flags,
        args: rest.to_string(),
        args_span: df.span(args_start, end),
    }
}

/// Byte offset of `needle` within `text[start..end]`, if present.
fn locate(text: &str, start: usize, end: usize, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    text.get(start..end)?.find(needle).map(|p| start + p)
}
