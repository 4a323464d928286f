//! The scanner: BuildKit's `parser.Parse` line loop (directives, comments, continuation
//! lines, empty continuation lines, heredoc bodies) and its `newNodeFromLine` /
//! line parsers, producing the typed tree and the lossless tokens in one linear pass.

use super::diagnostic::{DiagnosticKind, SyntaxDiagnostic};
use super::gocompat::{is_ascii_space, is_token_ws, skip_space};
use super::heredoc::{self, Marker};
use super::json::{parse_array, JsonArray};
use super::token::{Token, TokenKind};
use super::tree::*;
use super::words::{parse_words, split_command, split_ws, split_ws2};
use crate::report::{Position, Span};
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

/// ONBUILD inside ONBUILD is an error anyway; deeper nesting is kept as text.
const MAX_ONBUILD_NESTING: usize = 8;

/// One physical line.
#[derive(Debug, Clone, Copy)]
struct PLine {
    start: usize,
    /// End of the text without the trailing `\r`s and `\n` (Go's `TrimRight("\r\n")`).
    content_end: usize,
    /// End of the line without its `\n`.
    end: usize,
    /// Start of the next line.
    next: usize,
}

/// A physical line of an instruction, kept to emit its tokens once the instruction is parsed.
enum Row {
    /// Text joined into the logical line: `piece`, then the continuation marker if any.
    Content {
        line: PLine,
        /// Blanks before the piece that are not part of the logical line (first line only).
        lead: usize,
        piece: Range<usize>,
        /// Offset of the piece in the logical line.
        logical: usize,
        marker: Option<usize>,
    },
    /// A comment line inside the continuation.
    Comment { line: PLine, lead: usize },
    /// An empty continuation line.
    Empty { line: PLine },
}

struct Cursor {
    line0: usize,
    offset: usize,
    col: u32,
}

pub(crate) struct Parsed {
    pub escape: char,
    pub directives: Vec<Directive>,
    pub instructions: Vec<Instruction>,
    pub comments: Vec<Comment>,
    pub diagnostics: Vec<SyntaxDiagnostic>,
    pub tokens: Vec<Token>,
}

pub(crate) struct Parser<'a> {
    text: &'a str,
    b: &'a [u8],
    starts: &'a [usize],
    ascii: bool,
    cursor: Cursor,
    escape: u8,
    line_no: u32,
    directives_done: bool,
    directives: Vec<Directive>,
    instructions: Vec<Instruction>,
    comments: Vec<Comment>,
    diagnostics: Vec<SyntaxDiagnostic>,
    tokens: Vec<Token>,
    /// Built on the first unterminated heredoc: line text → line starts, to keep the search
    /// for later terminators linear.
    /// (exact line → starts, line without leading tabs → starts)
    #[allow(clippy::type_complexity)]
    terminator_index: Option<(HashMap<&'a str, Vec<usize>>, HashMap<&'a str, Vec<usize>>)>,
    /// Reused between instructions.
    rows: Vec<Row>,
    /// Index in `starts` of the line after the last one read.
    line_hint: std::cell::Cell<usize>,
}

impl<'a> Parser<'a> {
    pub(crate) fn new(text: &'a str, starts: &'a [usize]) -> Self {
        Parser {
            text,
            b: text.as_bytes(),
            starts,
            ascii: text.is_ascii(),
            cursor: Cursor {
                line0: 0,
                offset: 0,
                col: 0,
            },
            escape: b'\\',
            line_no: 0,
            directives_done: false,
            directives: Vec::new(),
            instructions: Vec::with_capacity(text.len() / 128 + 4),
            comments: Vec::with_capacity(text.len() / 256 + 4),
            diagnostics: Vec::new(),
            tokens: Vec::with_capacity(text.len() / 8 + 16),
            terminator_index: None,
            rows: Vec::new(),
            line_hint: std::cell::Cell::new(0),
        }
    }

    pub(crate) fn finish(self) -> Parsed {
        Parsed {
            escape: self.escape as char,
            directives: self.directives,
            instructions: self.instructions,
            comments: self.comments,
            diagnostics: self.diagnostics,
            tokens: self.tokens,
        }
    }

    // ----- positions -------------------------------------------------------------------

    fn position(&mut self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let next_start = |l: usize| self.starts.get(l + 1).copied().unwrap_or(usize::MAX);
        let c = &self.cursor;
        let same_line = offset >= self.starts[c.line0] && offset < next_start(c.line0);
        let line0 = if same_line {
            c.line0
        } else if offset >= next_start(c.line0) && offset < next_start(c.line0 + 1) {
            c.line0 + 1
        } else {
            self.starts.partition_point(|&s| s <= offset) - 1
        };
        let line_start = self.starts[line0];
        let col = if self.ascii {
            (offset - line_start) as u32
        } else if same_line && offset >= c.offset {
            c.col + utf16_len(&self.text[c.offset..offset])
        } else {
            utf16_len(&self.text[line_start..offset])
        };
        self.cursor = Cursor { line0, offset, col };
        Position {
            line: line0 as u32 + 1,
            column: col + 1,
            offset,
        }
    }

    fn span(&mut self, start: usize, end: usize) -> Span {
        let start = self.position(start);
        let end = self.position(end.max(start.offset));
        Span { start, end }
    }

    fn span_of(&mut self, ll: &Joined<'_>, r: Range<usize>) -> Span {
        let s = ll.map.source_range(r);
        self.span(s.start, s.end)
    }

    fn diag(&mut self, kind: DiagnosticKind, message: impl Into<String>, span: Span) {
        self.diagnostics
            .push(SyntaxDiagnostic::new(kind, message, span));
    }

    // ----- lines and tokens --------------------------------------------------------------

    fn line_at(&self, start: usize) -> PLine {
        // Lines are indexed once by `LineIndex`; `start` is always a line start, and lines
        // are mostly read in order.
        let hint = self.line_hint.get();
        let k = if self.starts.get(hint) == Some(&start) {
            hint + 1
        } else {
            self.starts.partition_point(|&s| s <= start)
        };
        self.line_hint.set(k);
        let (end, next) = match self.starts.get(k) {
            Some(&n) => (n - 1, n),
            None => (self.b.len(), self.b.len()),
        };
        let mut content_end = end;
        while content_end > start && self.b[content_end - 1] == b'\r' {
            content_end -= 1;
        }
        PLine {
            start,
            content_end,
            end,
            next,
        }
    }

    fn token(&mut self, kind: TokenKind, start: usize, end: usize) {
        if end > start {
            self.tokens.push(Token { kind, start, end });
        }
    }

    /// The `\r`s and the newline after a line's content.
    fn tail(&mut self, l: PLine) {
        if l.next > l.end {
            if l.end > l.content_end {
                self.token(TokenKind::Whitespace, l.content_end, l.end - 1);
                self.token(TokenKind::Newline, l.end - 1, l.next);
            } else {
                self.token(TokenKind::Newline, l.end, l.next);
            }
        } else {
            self.token(TokenKind::Whitespace, l.content_end, l.end);
        }
    }

    /// BuildKit's continuation regex `([^E])E[ \t]*$|^E[ \t]*$` on `[start, end)`: the offset
    /// of the escape character when the line continues. A line ending in an escaped escape
    /// (`\\`) does not continue.
    fn continuation(&self, start: usize, end: usize) -> Option<usize> {
        let mut e = end;
        while e > start && matches!(self.b[e - 1], b' ' | b'\t') {
            e -= 1;
        }
        if e == start || self.b[e - 1] != self.escape {
            return None;
        }
        let esc = e - 1;
        (esc == start || self.b[esc - 1] != self.escape).then_some(esc)
    }

    fn is_comment_at(&self, lead: usize, l: PLine) -> bool {
        lead < l.content_end && self.b[lead] == b'#'
    }

    // ----- the main loop -----------------------------------------------------------------

    pub(crate) fn run(&mut self) {
        let mut pos = 0;
        let mut bom_end = 0;
        if self.text.starts_with('\u{feff}') {
            self.token(TokenKind::Bom, 0, 3);
            bom_end = 3;
        }
        while pos < self.b.len() {
            let l = self.line_at(pos);
            self.line_no += 1;
            let cstart = if l.start == 0 { bom_end } else { l.start };
            let lead = skip_space(self.text, cstart, l.content_end);
            if !self.directives_done && self.directive(l, cstart, lead) {
                pos = l.next;
                continue;
            }
            self.directives_done = true;
            if self.is_comment_at(lead, l) {
                self.token(TokenKind::Whitespace, cstart, lead);
                self.comment_line(l, lead, false);
                pos = l.next;
                continue;
            }
            let cont = self.continuation(lead, l.content_end);
            if cont.is_none() && lead == l.content_end {
                self.token(TokenKind::Whitespace, cstart, l.content_end);
                self.tail(l);
                pos = l.next;
                continue;
            }
            pos = self.instruction(l, cstart, lead, cont);
        }
        if self.instructions.is_empty() {
            let end = self.text.len();
            let span = self.span(end, end);
            self.diag(
                DiagnosticKind::NoInstructions,
                "the Dockerfile has no instructions",
                span,
            );
        }
    }

    fn comment_line(&mut self, l: PLine, lead: usize, in_continuation: bool) {
        self.token(TokenKind::Comment, lead, l.content_end);
        self.tail(l);
        let text = self.text[lead + 1..l.content_end].trim().to_string();
        let span = self.span(lead, l.content_end);
        self.comments.push(Comment {
            text,
            span,
            in_continuation,
        });
    }

    /// A parser directive line (`# name=value` with a known name) at the top of the file.
    fn directive(&mut self, l: PLine, cstart: usize, lead: usize) -> bool {
        let t = &self.text[lead..l.content_end];
        if !t.starts_with('#') {
            return false;
        }
        let after = skip_space(self.text, lead + 1, l.content_end);
        let Some((name, value)) = match_directive(self.b, after, l.content_end) else {
            return false;
        };
        let key = self.text[name.clone()].to_ascii_lowercase();
        if !matches!(key.as_str(), "syntax" | "escape" | "check") {
            return false;
        }
        self.token(TokenKind::Whitespace, cstart, lead);
        self.token(TokenKind::Directive, lead, l.content_end);
        self.tail(l);
        let val = self.text[value.clone()].to_string();
        let span = self.span(lead, l.content_end);
        let name_span = self.span(name.start, name.end);
        let value_span = self.span(value.start, value.end);
        if self.directives.iter().any(|d| d.name == key) {
            self.diag(
                DiagnosticKind::InvalidDirective,
                format!("only one {key} parser directive can be used"),
                span,
            );
            return true;
        }
        match key.as_str() {
            "escape" if val == "`" || val == "\\" => self.escape = val.as_bytes()[0],
            "escape" => self.diag(
                DiagnosticKind::InvalidDirective,
                format!("invalid escape token '{val}' does not match ` or \\"),
                value_span,
            ),
            "check" => {
                if let Err(e) = super::check::CheckOptions::parse(&val) {
                    self.diag(DiagnosticKind::InvalidDirective, e, value_span);
                }
            }
            _ => {}
        }
        self.directives.push(Directive {
            name: key,
            value: val,
            span,
            name_span,
            value_span,
        });
        true
    }

    /// An instruction starting on line `l`; returns where the next line starts.
    fn instruction(&mut self, l: PLine, cstart: usize, lead: usize, cont: Option<usize>) -> usize {
        let start_line = self.line_no;
        let mut pieces = Pieces::One((0, lead));
        let mut rows = std::mem::take(&mut self.rows);
        rows.clear();
        let first_end = cont.unwrap_or(l.content_end);
        let mut len = first_end - lead;
        rows.push(Row::Content {
            line: l,
            lead: cstart,
            piece: lead..first_end,
            logical: 0,
            marker: cont,
        });
        let mut continuing = cont.is_some();
        let mut pos = l.next;
        let mut last = l;
        let mut first_empty: Option<PLine> = None;
        while continuing && pos < self.b.len() {
            let l2 = self.line_at(pos);
            self.line_no += 1;
            pos = l2.next;
            last = l2;
            let lead2 = skip_space(self.text, l2.start, l2.content_end);
            if self.is_comment_at(lead2, l2) {
                rows.push(Row::Comment {
                    line: l2,
                    lead: lead2,
                });
                continue;
            }
            if lead2 == l2.content_end {
                first_empty.get_or_insert(l2);
                rows.push(Row::Empty { line: l2 });
                continue;
            }
            let c2 = self.continuation(l2.start, l2.content_end);
            let end2 = c2.unwrap_or(l2.content_end);
            let logical = len;
            if end2 > l2.start {
                pieces.push((logical, l2.start));
                len += end2 - l2.start;
            }
            rows.push(Row::Content {
                line: l2,
                lead: l2.start,
                piece: l2.start..end2,
                logical,
                marker: c2,
            });
            continuing = c2.is_some();
        }
        let src: &'a str = self.text;
        let text: Cow<'a, str> = if pieces.len() == 1 {
            Cow::Borrowed(&src[lead..first_end])
        } else {
            let mut text = String::with_capacity(len);
            for row in &rows {
                if let Row::Content { piece, .. } = row {
                    text.push_str(&src[piece.clone()]);
                }
            }
            Cow::Owned(text)
        };
        let ll = Joined {
            text,
            map: LogicalLine { len, pieces },
        };
        let (mut inst, markers) = self.build(&ll, 0);
        inst.line = ll.map;
        inst.start_line = start_line;
        inst.end_line = self.line_no;
        self.emit_rows(&rows, &inst);
        self.rows = rows;
        if let Some(e) = first_empty {
            let span = self.span(e.start, e.content_end);
            self.diag(
                DiagnosticKind::EmptyContinuationLine,
                format!(
                    "empty continuation line in this {}: BuildKit warns, and will reject it in a future release",
                    display_keyword(&inst)
                ),
                span,
            );
        }
        if !markers.is_empty() {
            pos = self.heredoc_bodies(pos, &mut last, &markers, &mut inst);
        }
        inst.end_line = self.line_no;
        inst.span = self.span(lead, last.content_end);
        if let Args::Onbuild(inner) = &mut inst.args {
            inner.start_line = inst.start_line;
            inner.end_line = inst.end_line;
            inner.heredocs = inst.heredocs.clone();
        }
        self.instructions.push(inst);
        pos
    }

    fn emit_rows(&mut self, rows: &[Row], inst: &Instruction) {
        let kw_end = inst.keyword_range_end;
        let args_start = inst.args_range.start;
        for row in rows {
            match *row {
                Row::Content {
                    line,
                    lead,
                    ref piece,
                    logical,
                    marker,
                } => {
                    self.token(TokenKind::Whitespace, lead, piece.start);
                    let mut i = piece.start;
                    while i < piece.end {
                        let ws = is_token_ws(self.b[i]);
                        let at = logical + (i - piece.start);
                        if !ws && at >= args_start {
                            // The arguments on this line: one Text token from the first to
                            // the last non-blank byte.
                            let mut e = piece.end;
                            while e > i && is_token_ws(self.b[e - 1]) {
                                e -= 1;
                            }
                            self.token(TokenKind::Text, i, e);
                            self.token(TokenKind::Whitespace, e, piece.end);
                            break;
                        }
                        let mut j = i + 1;
                        while j < piece.end && is_token_ws(self.b[j]) == ws {
                            j += 1;
                        }
                        let kind = if ws {
                            TokenKind::Whitespace
                        } else if at < kw_end {
                            TokenKind::Keyword
                        } else {
                            TokenKind::Flag
                        };
                        self.token(kind, i, j);
                        i = j;
                    }
                    if let Some(m) = marker {
                        self.token(TokenKind::LineContinuation, m, line.content_end);
                    }
                    self.tail(line);
                }
                Row::Comment { line, lead } => {
                    self.token(TokenKind::Whitespace, line.start, lead);
                    self.comment_line(line, lead, true);
                }
                Row::Empty { line } => {
                    self.token(TokenKind::Whitespace, line.start, line.content_end);
                    self.tail(line);
                }
            }
        }
    }

    // ----- heredocs ----------------------------------------------------------------------

    fn heredoc_bodies(
        &mut self,
        mut pos: usize,
        last: &mut PLine,
        markers: &[(Marker, Span)],
        inst: &mut Instruction,
    ) -> usize {
        for (m, marker_span) in markers {
            let body_start = pos;
            let found = self.find_terminator(pos, m);
            let (body_end, terminator) = match found {
                Some(t) => (t.start, Some(t)),
                None => (self.recovery_point(pos), None),
            };
            let mut lines_in_body = 0;
            let mut p = body_start;
            while p < body_end {
                let l = self.line_at(p);
                lines_in_body += 1;
                *last = l;
                p = l.next;
            }
            self.line_no += lines_in_body;
            self.token(TokenKind::HeredocBody, body_start, body_end);
            let body_span = self.span(body_start, body_end);
            let terminator_span = match terminator {
                Some(t) => {
                    self.line_no += 1;
                    self.token(TokenKind::HeredocTerminator, t.start, t.content_end);
                    self.tail(t);
                    *last = t;
                    pos = t.next;
                    Some(self.span(t.start, t.content_end))
                }
                None => {
                    pos = body_end;
                    self.diag(
                        DiagnosticKind::UnterminatedHeredoc,
                        format!("unterminated heredoc: no line `{}` ends it", m.name),
                        *marker_span,
                    );
                    None
                }
            };
            inst.heredocs.push(Heredoc {
                name: m.name.clone(),
                marker_span: *marker_span,
                quoted: !m.expand,
                strip_tabs: m.chomp,
                fd: m.fd,
                body: self.text[body_start..body_end].to_string(),
                body_span,
                terminator_span,
            });
        }
        pos
    }

    /// The first line from `pos` that ends heredoc `m` (its text without the line end, and
    /// without leading tabs for `<<-`, equals the delimiter).
    fn find_terminator(&mut self, pos: usize, m: &Marker) -> Option<PLine> {
        if let Some(index) = &self.terminator_index {
            let map = if m.chomp { &index.1 } else { &index.0 };
            let starts = map.get(m.name.as_str())?;
            let i = starts.partition_point(|&s| s < pos);
            return starts.get(i).map(|&s| self.line_at(s));
        }
        let mut p = pos;
        while p < self.b.len() {
            let l = self.line_at(p);
            let mut s = l.start;
            if m.chomp {
                while s < l.content_end && self.b[s] == b'\t' {
                    s += 1;
                }
            }
            if &self.text[s..l.content_end] == m.name.as_str() {
                return Some(l);
            }
            p = l.next;
        }
        // Not found: index every line once so later searches do not rescan the file.
        let mut exact: HashMap<&'a str, Vec<usize>> = HashMap::new();
        let mut untabbed: HashMap<&'a str, Vec<usize>> = HashMap::new();
        let mut p = pos;
        let text: &'a str = self.text;
        while p < self.b.len() {
            let l = self.line_at(p);
            let line = &text[l.start..l.content_end];
            exact.entry(line).or_default().push(l.start);
            untabbed
                .entry(line.trim_start_matches('\t'))
                .or_default()
                .push(l.start);
            p = l.next;
        }
        self.terminator_index = Some((exact, untabbed));
        None
    }

    /// Where an unterminated heredoc's body is taken to end: before the first line that
    /// starts with an instruction keyword, else at the end of the file. (BuildKit rejects the
    /// file; this keeps the rest of it linted.)
    fn recovery_point(&self, pos: usize) -> usize {
        let mut p = pos;
        while p < self.b.len() {
            let l = self.line_at(p);
            let lead = skip_space(self.text, l.start, l.content_end);
            let mut e = lead;
            while e < l.content_end && !is_ascii_space(self.b[e]) {
                e += 1;
            }
            if e > lead && Kind::from_keyword(&self.text[lead..e]) != Kind::Unknown {
                return l.start;
            }
            p = l.next;
        }
        self.b.len()
    }

    // ----- one logical line → instruction --------------------------------------------------

    /// BuildKit's `newNodeFromLine` plus the heredoc markers (with their spans) when the
    /// instruction can have heredocs.
    fn build(&mut self, ll: &Joined<'_>, depth: usize) -> (Instruction, Vec<(Marker, Span)>) {
        let line: &str = &ll.text;
        let split = split_command(line);
        let written = &line[split.cmd.clone()];
        let kind = Kind::from_keyword(written);
        let keyword: std::borrow::Cow<'static, str> = if kind.as_str() == written {
            kind.as_str().into()
        } else {
            written.to_string().into()
        };
        let keyword_span = self.span_of(ll, split.cmd.clone());
        let mut flags = Vec::with_capacity(split.flags.len());
        for w in split.flags {
            flags.push(self.flag(ll, w.range, w.text));
        }
        let args_range = split.args.clone();
        let args = self.args(ll, kind, args_range.clone(), depth);
        // The whole span of a top-level instruction is set by the caller (it includes the
        // heredoc bodies); an ONBUILD trigger spans its own text.
        let whole = if depth > 0 {
            self.span_of(ll, split.cmd.start..line.len().max(split.cmd.start))
        } else {
            keyword_span
        };
        let inst = Instruction {
            kind,
            keyword,
            keyword_span,
            span: whole,
            flags,
            args,
            heredocs: Vec::new(),
            start_line: 0,
            end_line: 0,
            line: LogicalLine::default(),
            args_range,
            keyword_range_end: split.cmd.end,
        };
        let mut markers = Vec::new();
        let inner = match &inst.args {
            Args::Onbuild(i) => Some(&**i),
            _ => None,
        };
        let target = inner.unwrap_or(&inst);
        let json = matches!(target.args, Args::Json(_));
        if target.kind.takes_heredocs() && !json && line.contains("<<") {
            match heredoc::markers(line) {
                Ok(ms) => {
                    for m in ms {
                        let span = self.span_of(ll, m.range.clone());
                        markers.push((m, span));
                    }
                }
                Err((message, range)) => {
                    let span = self.span_of(ll, range);
                    self.diag(DiagnosticKind::InvalidArguments, message, span);
                }
            }
        }
        (inst, markers)
    }

    fn flag(&mut self, ll: &Joined<'_>, range: Range<usize>, word: String) -> Flag {
        let raw = &ll.text[range.clone()];
        let span = self.span_of(ll, range.clone());
        let body = word.strip_prefix("--").unwrap_or(&word);
        let (name, value) = match body.split_once('=') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (body.to_string(), None),
        };
        let name_start = range.start + 2.min(raw.len());
        let (name_span, value_span) = match raw.find('=') {
            Some(eq) if value.is_some() => (
                self.span_of(ll, name_start..range.start + eq),
                Some(self.span_of(ll, range.start + eq + 1..range.end)),
            ),
            _ => (self.span_of(ll, name_start..range.end), None),
        };
        Flag {
            name,
            value,
            word,
            span,
            name_span,
            value_span,
        }
    }

    fn arg(&mut self, ll: &Joined<'_>, value: String, r: Range<usize>) -> Arg {
        Arg {
            value,
            span: self.span_of(ll, r),
        }
    }

    fn text_arg(&mut self, ll: &Joined<'_>, r: Range<usize>) -> Arg {
        let v = ll.text[r.clone()].to_string();
        self.arg(ll, v, r)
    }

    /// The per-instruction line parsers of BuildKit's `parser/line_parsers.go`.
    fn args(&mut self, ll: &Joined<'_>, kind: Kind, r: Range<usize>, depth: usize) -> Args {
        match kind {
            Kind::Add | Kind::Copy | Kind::Volume => self.maybe_json(ll, r, true),
            Kind::Cmd | Kind::Entrypoint | Kind::Run | Kind::Shell => self.maybe_json(ll, r, false),
            Kind::Arg => {
                let words = parse_words(&ll.text[r.clone()], self.escape as char);
                if words.is_empty() {
                    return Args::Empty;
                }
                let base = r.start;
                Args::Words(
                    words
                        .into_iter()
                        .map(|w| self.arg(ll, w.text, base + w.range.start..base + w.range.end))
                        .collect(),
                )
            }
            Kind::Env | Kind::Label => self.name_val(ll, kind, r),
            Kind::Expose | Kind::From => self.whitespace_list(ll, r),
            Kind::Maintainer | Kind::Stopsignal | Kind::User | Kind::Workdir => {
                if r.is_empty() {
                    Args::Empty
                } else {
                    Args::Text(self.text_arg(ll, r))
                }
            }
            Kind::Healthcheck => {
                let b = ll.text.as_bytes();
                let mut sep = r.start;
                while sep < r.end && !is_ascii_space(b[sep]) {
                    sep += 1;
                }
                if sep == r.start {
                    return Args::Empty;
                }
                let mut next = sep;
                while next < r.end && is_ascii_space(b[next]) {
                    next += 1;
                }
                let kind = self.text_arg(ll, r.start..sep);
                let command = self.maybe_json(ll, next..r.end, false);
                Args::Health {
                    kind,
                    command: Box::new(command),
                }
            }
            Kind::Onbuild => {
                if r.is_empty() {
                    return Args::Empty;
                }
                if depth >= MAX_ONBUILD_NESTING {
                    return Args::Unknown(Some(self.text_arg(ll, r)));
                }
                let sub = ll.slice(r.start);
                let (mut inner, _) = self.build(&sub, depth + 1);
                inner.line = sub.map;
                Args::Onbuild(Box::new(inner))
            }
            Kind::Unknown => Args::Unknown((!r.is_empty()).then(|| self.text_arg(ll, r))),
        }
    }

    /// `parseMaybeJSON` (`to_list == false`) and `parseMaybeJSONToList`.
    fn maybe_json(&mut self, ll: &Joined<'_>, r: Range<usize>, to_list: bool) -> Args {
        if r.is_empty() {
            return Args::Empty;
        }
        let rest = &ll.text[r.clone()];
        match parse_array(rest) {
            JsonArray::Strings(items) => Args::Json(
                items
                    .into_iter()
                    .map(|(v, ir)| self.arg(ll, v, r.start + ir.start..r.start + ir.end))
                    .collect(),
            ),
            JsonArray::NotStrings => {
                let span = self.span_of(ll, r.clone());
                self.diag(
                    DiagnosticKind::NonStringJsonArray,
                    "when using JSON array syntax, arrays must be comprised of strings only",
                    span,
                );
                self.not_json(ll, r, to_list)
            }
            JsonArray::NotJson => self.not_json(ll, r, to_list),
        }
    }

    fn not_json(&mut self, ll: &Joined<'_>, r: Range<usize>, to_list: bool) -> Args {
        if to_list {
            self.whitespace_list(ll, r)
        } else {
            Args::Text(self.text_arg(ll, r))
        }
    }

    /// `parseStringsWhitespaceDelimited`.
    fn whitespace_list(&mut self, ll: &Joined<'_>, r: Range<usize>) -> Args {
        if r.is_empty() {
            return Args::Empty;
        }
        let parts = split_ws(&ll.text, r.start, r.end);
        Args::Words(parts.into_iter().map(|p| self.text_arg(ll, p)).collect())
    }

    /// `parseNameVal` for ENV and LABEL: `key=value …`, or the legacy `key value`.
    fn name_val(&mut self, ll: &Joined<'_>, kind: Kind, r: Range<usize>) -> Args {
        let base = r.start;
        let words = parse_words(&ll.text[r.clone()], self.escape as char);
        if words.is_empty() {
            return Args::Empty;
        }
        if !words[0].text.contains('=') {
            let (first, second) = split_ws2(&ll.text, r.start, r.end);
            let key = self.text_arg(ll, first.clone());
            let value = match second {
                Some(s) => self.text_arg(ll, s..r.end),
                None => {
                    let span = self.span_of(ll, r.clone());
                    self.diag(
                        DiagnosticKind::WrongArgumentCount,
                        format!("{} must have two arguments", kind.as_str()),
                        span,
                    );
                    self.arg(ll, String::new(), r.end..r.end)
                }
            };
            let span = self.span_of(ll, r);
            return Args::Pairs(vec![Pair {
                key,
                value,
                equals: false,
                span,
            }]);
        }
        let mut pairs = Vec::with_capacity(words.len());
        for w in words {
            let wr = base + w.range.start..base + w.range.end;
            let Some(eq) = w.text.find('=') else {
                let span = self.span_of(ll, wr);
                self.diag(
                    DiagnosticKind::InvalidArguments,
                    format!(
                        "Syntax error - can't find = in `{}`. Must be of the form: name=value",
                        w.text
                    ),
                    span,
                );
                continue;
            };
            let mut key_text = w.text;
            let value_text = key_text.split_off(eq + 1);
            key_text.truncate(eq);
            let key = self.arg(ll, key_text, wr.start..wr.start + eq);
            let value = self.arg(ll, value_text, (wr.start + eq + 1).min(wr.end)..wr.end);
            let span = Span {
                start: key.span.start,
                end: value.span.end,
            };
            pairs.push(Pair {
                key,
                value,
                equals: true,
                span,
            });
        }
        Args::Pairs(pairs)
    }
}

/// An instruction's joined text (borrowed from the file when it is one line) and its map.
struct Joined<'a> {
    text: Cow<'a, str>,
    map: LogicalLine,
}

impl Joined<'_> {
    /// The text from `from` on, with its map.
    fn slice(&self, from: usize) -> Joined<'static> {
        let k = self
            .map
            .pieces
            .partition_point(|p| p.0 <= from)
            .saturating_sub(1);
        let mut pieces: Option<Pieces> = None;
        for (i, &(l, s)) in self.map.pieces.iter().enumerate().skip(k) {
            let p = if i == k {
                (0, s + from.saturating_sub(l))
            } else {
                (l - from, s)
            };
            match &mut pieces {
                None => pieces = Some(Pieces::One(p)),
                Some(ps) => ps.push(p),
            }
        }
        let text = self.text.get(from..).unwrap_or("").to_string();
        Joined {
            map: LogicalLine {
                len: text.len(),
                pieces: pieces.unwrap_or_default(),
            },
            text: Cow::Owned(text),
        }
    }
}

/// `KEYWORD` for messages.
fn display_keyword(inst: &Instruction) -> String {
    match inst.kind {
        Kind::Unknown => inst.keyword.to_ascii_uppercase(),
        k => k.as_str().to_string(),
    }
}

fn utf16_len(s: &str) -> u32 {
    s.chars().map(|c| c.len_utf16() as u32).sum()
}

/// Go's `^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$` on `b[from..to]` (`\s` is `[\t\n\f\r ]`).
fn match_directive(b: &[u8], from: usize, to: usize) -> Option<(Range<usize>, Range<usize>)> {
    let re_s = |c: u8| matches!(c, b'\t' | b'\n' | 0x0c | b'\r' | b' ');
    let mut i = from;
    if i >= to || !b[i].is_ascii_alphabetic() {
        return None;
    }
    while i < to && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    let name = from..i;
    while i < to && re_s(b[i]) {
        i += 1;
    }
    if i >= to || b[i] != b'=' {
        return None;
    }
    i += 1;
    let after_eq = i;
    while i < to && re_s(b[i]) {
        i += 1;
    }
    let mut end = to;
    while end > i && re_s(b[end - 1]) {
        end -= 1;
    }
    if end > i {
        return Some((name, i..end));
    }
    // Only blanks after `=`: the lazy `.+?` takes the last of them.
    (to > after_eq).then(|| (name, to - 1..to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directive_regex_like_go() {
        fn m(s: &str) -> Option<(String, String)> {
            match_directive(s.as_bytes(), 0, s.len())
                .map(|(n, v)| (s[n].to_string(), s[v].to_string()))
        }
        let p = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        assert_eq!(m("escape=`"), p("escape", "`"));
        assert_eq!(
            m("syntax = docker/dockerfile:1  "),
            p("syntax", "docker/dockerfile:1")
        );
        assert_eq!(m("escape= "), p("escape", " "));
        assert_eq!(m("escape="), None);
        assert_eq!(m("1x=y"), None);
        assert_eq!(m("not a directive"), None);
    }
}
