//! The typed view of a Dockerfile that rules consume: instructions with their keyword, flags,
//! arguments and heredocs, each with a [`Span`]. The lossless token layer beneath it is in
//! [`super::token`].

use super::diagnostic::SyntaxDiagnostic;
use super::token::Token;
use crate::report::Span;
use crate::text::LineIndex;
use serde::Serialize;
use std::borrow::Cow;
use std::ops::Range;

/// The instruction keywords BuildKit knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Kind {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
    /// Anything else: BuildKit's parser keeps it, its instruction layer rejects it (LL001).
    Unknown,
}

impl Kind {
    /// Every known instruction.
    pub const ALL: [Kind; 18] = [
        Kind::Add,
        Kind::Arg,
        Kind::Cmd,
        Kind::Copy,
        Kind::Entrypoint,
        Kind::Env,
        Kind::Expose,
        Kind::From,
        Kind::Healthcheck,
        Kind::Label,
        Kind::Maintainer,
        Kind::Onbuild,
        Kind::Run,
        Kind::Shell,
        Kind::Stopsignal,
        Kind::User,
        Kind::Volume,
        Kind::Workdir,
    ];

    /// The keyword as BuildKit documents it, e.g. `RUN`; `""` for [`Kind::Unknown`].
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Add => "ADD",
            Kind::Arg => "ARG",
            Kind::Cmd => "CMD",
            Kind::Copy => "COPY",
            Kind::Entrypoint => "ENTRYPOINT",
            Kind::Env => "ENV",
            Kind::Expose => "EXPOSE",
            Kind::From => "FROM",
            Kind::Healthcheck => "HEALTHCHECK",
            Kind::Label => "LABEL",
            Kind::Maintainer => "MAINTAINER",
            Kind::Onbuild => "ONBUILD",
            Kind::Run => "RUN",
            Kind::Shell => "SHELL",
            Kind::Stopsignal => "STOPSIGNAL",
            Kind::User => "USER",
            Kind::Volume => "VOLUME",
            Kind::Workdir => "WORKDIR",
            Kind::Unknown => "",
        }
    }

    /// The instruction for a keyword in any case (Unicode lower-casing, as Go's).
    pub fn from_keyword(keyword: &str) -> Kind {
        if keyword.is_ascii() {
            let b = keyword.as_bytes();
            if !(3..=11).contains(&b.len()) {
                return Kind::Unknown;
            }
            let mut up = [0u8; 11];
            for (u, c) in up.iter_mut().zip(b) {
                *u = c.to_ascii_uppercase();
            }
            return match &up[..b.len()] {
                b"ADD" => Kind::Add,
                b"ARG" => Kind::Arg,
                b"CMD" => Kind::Cmd,
                b"COPY" => Kind::Copy,
                b"ENTRYPOINT" => Kind::Entrypoint,
                b"ENV" => Kind::Env,
                b"EXPOSE" => Kind::Expose,
                b"FROM" => Kind::From,
                b"HEALTHCHECK" => Kind::Healthcheck,
                b"LABEL" => Kind::Label,
                b"MAINTAINER" => Kind::Maintainer,
                b"ONBUILD" => Kind::Onbuild,
                b"RUN" => Kind::Run,
                b"SHELL" => Kind::Shell,
                b"STOPSIGNAL" => Kind::Stopsignal,
                b"USER" => Kind::User,
                b"VOLUME" => Kind::Volume,
                b"WORKDIR" => Kind::Workdir,
                _ => Kind::Unknown,
            };
        }
        // Go lower-cases Unicode too; the only non-ASCII letter that lower-cases into a
        // keyword is the Kelvin sign (U+212A → `k`, as in WOR\u{212A}DIR).
        if keyword.contains('\u{212a}') {
            Kind::from_keyword(&keyword.replace('\u{212a}', "k"))
        } else {
            Kind::Unknown
        }
    }

    /// RUN, COPY and ADD may carry heredocs.
    pub fn takes_heredocs(self) -> bool {
        matches!(self, Kind::Run | Kind::Copy | Kind::Add)
    }
}

/// A value with the place it was written. `value` is what BuildKit's parser makes of the
/// text: JSON strings decoded, shell words as written (quotes kept; see
/// [`super::expand`] for what BuildKit later does with them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Arg {
    pub value: String,
    pub span: Span,
}

impl Arg {
    /// Byte range in the file.
    pub fn range(&self) -> Range<usize> {
        self.span.start.offset..self.span.end.offset
    }
}

/// `--name=value` or `--name` before an instruction's arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    /// Name without the dashes, e.g. `mount`.
    pub name: String,
    /// The value after `=`, quotes and `\` escapes processed; `None` for `--name`.
    pub value: Option<String>,
    /// The whole flag as BuildKit sees it, e.g. `--mount=type=cache,target=/x`.
    pub word: String,
    pub span: Span,
    /// Where the name is (after `--`).
    pub name_span: Span,
    /// Where the value is (after `=`), if any.
    pub value_span: Option<Span>,
}

impl Flag {
    /// A boolean flag's value: `--link` and `--link=true` are true (case-insensitive, as
    /// BuildKit), `--link=false` false; `None` for anything else.
    pub fn as_bool(&self) -> Option<bool> {
        match self
            .value
            .as_deref()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            None => Some(true),
            Some("true") => Some(true),
            Some("false") => Some(false),
            _ => None,
        }
    }
}

/// `key=value` (or the legacy `key value`) of ENV and LABEL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pair {
    /// The key as written (quotes kept).
    pub key: Arg,
    /// The value as written (quotes and escapes kept; see [`super::expand::expand`]).
    pub value: Arg,
    /// `true` for `key=value`, `false` for the legacy `ENV key value`.
    pub equals: bool,
    pub span: Span,
}

/// The arguments of an instruction, in the shape BuildKit's parser gives them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "form", content = "values", rename_all = "snake_case")]
pub enum Args {
    /// No arguments.
    Empty,
    /// JSON (exec) form, `["a", "b"]`: the decoded strings.
    Json(Vec<Arg>),
    /// One string: the shell-form command of RUN/CMD/ENTRYPOINT/SHELL (continuations
    /// removed, see [`Instruction::shell_command`]), or the argument of USER, WORKDIR,
    /// STOPSIGNAL, MAINTAINER.
    Text(Arg),
    /// Whitespace-separated words: FROM, EXPOSE, ARG, and COPY/ADD/VOLUME not in JSON form.
    Words(Vec<Arg>),
    /// ENV and LABEL.
    Pairs(Vec<Pair>),
    /// HEALTHCHECK: the type (`CMD`, `NONE`, …) and the command after it.
    Health { kind: Arg, command: Box<Args> },
    /// ONBUILD: the instruction it wraps.
    Onbuild(Box<Instruction>),
    /// An unknown instruction: BuildKit ignores the arguments; here is their text.
    Unknown(Option<Arg>),
}

/// A heredoc attached to RUN, COPY or ADD.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heredoc {
    /// The delimiter word with quotes removed, e.g. `EOF`.
    pub name: String,
    /// The `<<EOF` word in the instruction line.
    pub marker_span: Span,
    /// Some part of the delimiter was quoted (`<<'EOF'`): the body is not expanded.
    pub quoted: bool,
    /// `<<-`: leading tabs are stripped from the body (and the terminator).
    pub strip_tabs: bool,
    /// A file-descriptor prefix such as the `3` of `3<<EOF`.
    pub fd: Option<u64>,
    /// The body exactly as written, line ends included, tabs not yet stripped.
    pub body: String,
    /// Where the body is (from the line after the instruction to the terminator line).
    pub body_span: Span,
    /// The terminator line, `None` when the heredoc is not terminated (LL003).
    pub terminator_span: Option<Span>,
}

impl Heredoc {
    /// The body as the build sees it: with `<<-`, leading tabs removed from every line.
    pub fn content(&self) -> std::borrow::Cow<'_, str> {
        if !self.strip_tabs {
            return self.body.as_str().into();
        }
        let mut out = String::with_capacity(self.body.len());
        for line in self.body.split_inclusive('\n') {
            out.push_str(line.trim_start_matches('\t'));
        }
        out.into()
    }
}

/// The map of an instruction's text as BuildKit reads it — its lines joined with the
/// continuations (escape + newline), comment lines and empty lines removed — back to the
/// file. The text itself is [`LogicalLine::text`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LogicalLine {
    /// Length of the joined text in bytes.
    pub(crate) len: usize,
    /// `(offset in text, offset in file)` of each joined piece, in order.
    pub(crate) pieces: Pieces,
}

impl LogicalLine {
    /// Length of the joined text in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The joined text, from the file's text (borrowed when the instruction is one line).
    pub fn text<'a>(&self, source: &'a str) -> std::borrow::Cow<'a, str> {
        let piece = |k: usize| {
            let (l, s) = self.pieces[k];
            let end = self.pieces.get(k + 1).map_or(self.len, |p| p.0);
            source.get(s..s + (end - l)).unwrap_or("")
        };
        if self.pieces.len() == 1 {
            return piece(0).into();
        }
        (0..self.pieces.len()).map(piece).collect::<String>().into()
    }

    /// File offset of the character at `i` of the text (the start of the next piece when
    /// `i` is where two pieces meet; the end of the text maps to the end of the last piece).
    pub fn to_source(&self, i: usize) -> usize {
        let k = self.pieces.partition_point(|p| p.0 <= i);
        match k.checked_sub(1).and_then(|k| self.pieces.get(k)) {
            Some(&(l, s)) => s + (i - l),
            None => self.pieces.first().map_or(0, |p| p.1),
        }
    }

    /// File offset just after the character before `i` (for the end of a range).
    pub fn to_source_end(&self, i: usize) -> usize {
        if i == 0 {
            return self.to_source(0);
        }
        self.to_source(i - 1) + 1
    }

    /// File byte range of `range` of the text. Continuations inside it are included.
    pub fn source_range(&self, range: Range<usize>) -> Range<usize> {
        if range.is_empty() {
            let s = self.to_source(range.start);
            return s..s;
        }
        self.to_source(range.start)..self.to_source_end(range.end)
    }
}

/// The pieces of a logical line; most instructions have one, kept without allocating.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Pieces {
    One((usize, usize)),
    Many(Vec<(usize, usize)>),
}

impl Default for Pieces {
    fn default() -> Self {
        Pieces::One((0, 0))
    }
}

impl std::ops::Deref for Pieces {
    type Target = [(usize, usize)];
    fn deref(&self) -> &[(usize, usize)] {
        match self {
            Pieces::One(p) => std::slice::from_ref(p),
            Pieces::Many(v) => v,
        }
    }
}

impl Pieces {
    pub(crate) fn push(&mut self, p: (usize, usize)) {
        match self {
            Pieces::One(first) => *self = Pieces::Many(vec![*first, p]),
            Pieces::Many(v) => v.push(p),
        }
    }
}

/// One instruction, from its first line to its last continuation line or heredoc terminator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Instruction {
    pub kind: Kind,
    /// The keyword as written, e.g. `run` (see [`Kind::as_str`] for the canonical form;
    /// borrowed from it when written that way).
    pub keyword: Cow<'static, str>,
    pub keyword_span: Span,
    /// The whole instruction without the final newline, heredoc bodies included.
    pub span: Span,
    pub flags: Vec<Flag>,
    pub args: Args,
    pub heredocs: Vec<Heredoc>,
    /// BuildKit's 1-based StartLine and EndLine.
    pub start_line: u32,
    pub end_line: u32,
    /// Where the instruction's text with continuations removed comes from in the file
    /// (`inst.line.text(&file.text)` gives the text).
    #[serde(skip)]
    pub line: LogicalLine,
    /// Where the arguments (after keyword and flags) are in [`Instruction::line`].
    #[serde(skip)]
    pub args_range: Range<usize>,
    /// End of the keyword in [`Instruction::line`].
    #[serde(skip)]
    pub(crate) keyword_range_end: usize,
}

/// A `#` comment line (not a parser directive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comment {
    /// The text after `#`, trimmed.
    pub text: String,
    /// From `#` to the end of the line (without the newline).
    pub span: Span,
    /// The comment is inside an instruction's continuation lines (BuildKit drops it there).
    pub in_continuation: bool,
}

/// A parser directive at the top of the file: `# syntax=…`, `# escape=…`, `# check=…`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Directive {
    /// Lower-cased name: `syntax`, `escape` or `check`.
    pub name: String,
    pub value: String,
    pub span: Span,
    pub name_span: Span,
    pub value_span: Span,
}

/// A parsed Dockerfile: never fails; problems are in `diagnostics`.
#[derive(Debug, Clone, Serialize)]
pub struct Dockerfile {
    /// The input. When [`super::parse_bytes`] got invalid UTF-8, each invalid byte is
    /// U+001A SUBSTITUTE here, so every span indexes the original bytes and this text alike.
    #[serde(skip)]
    pub text: String,
    /// The original bytes when they were not UTF-8 (see [`Dockerfile::print`]).
    #[serde(skip)]
    pub(crate) raw: Option<Vec<u8>>,
    #[serde(skip)]
    pub lines: LineIndex,
    /// The escape character: `\` or the one set by `# escape=`.
    pub escape: char,
    pub directives: Vec<Directive>,
    pub instructions: Vec<Instruction>,
    pub comments: Vec<Comment>,
    pub diagnostics: Vec<SyntaxDiagnostic>,
    /// The lossless token layer: every byte of the input in exactly one token, in order.
    #[serde(skip)]
    pub tokens: Vec<Token>,
}
