//! From the grammar's tree (or, when it rejects a script, from a quote-aware token scan) to the
//! flat list of simple commands.

use super::words::Word;
use super::{parse, Command, Position};
use brush_parser::ast;
use std::borrow::Cow;
use std::ops::Range;

/// Maps the grammar's character indices to byte offsets.
pub(super) struct Offsets {
    /// Byte offset of each char index; `None` when the script is ASCII (index == offset).
    of_char: Option<Vec<usize>>,
    len: usize,
}

impl Offsets {
    pub(super) fn new(script: &str) -> Offsets {
        let of_char = (!script.is_ascii()).then(|| {
            let mut v: Vec<usize> = script.char_indices().map(|(i, _)| i).collect();
            v.push(script.len());
            v
        });
        Offsets {
            of_char,
            len: script.len(),
        }
    }

    pub(super) fn byte(&self, char_index: usize) -> usize {
        match &self.of_char {
            Some(v) => v.get(char_index).copied().unwrap_or(self.len),
            None => char_index.min(self.len),
        }
    }
}

struct Walker<'a> {
    script: &'a str,
    offsets: Offsets,
    out: Vec<Command>,
}

/// The grammar's tree of `script`, or `None` when it rejects it.
pub(super) fn grammar(script: &str) -> Option<ast::Program> {
    let options = brush_parser::ParserOptions::default();
    let mut parser = brush_parser::Parser::new(script.as_bytes(), &options);
    parser.parse_program().ok()
}

/// The simple commands of a parsed script.
pub(super) fn from_grammar(script: &str, program: &ast::Program) -> Vec<Command> {
    let mut w = Walker {
        script,
        offsets: Offsets::new(script),
        out: Vec::new(),
    };
    for list in &program.complete_commands {
        w.compound_list(list, Position::default());
    }
    w.out
}

impl Walker<'_> {
    fn compound_list(&mut self, list: &ast::CompoundList, pos: Position) {
        for ast::CompoundListItem(and_or, separator) in &list.0 {
            let pos = Position {
                background: pos.background || matches!(separator, ast::SeparatorOperator::Async),
                ..pos
            };
            self.and_or(and_or, pos);
        }
    }

    fn and_or(&mut self, list: &ast::AndOrList, pos: Position) {
        self.pipeline(&list.first, pos);
        for next in &list.additional {
            match next {
                ast::AndOr::And(p) => self.pipeline(p, pos),
                ast::AndOr::Or(p) => self.pipeline(
                    p,
                    Position {
                        conditional: true,
                        ..pos
                    },
                ),
            }
        }
    }

    fn pipeline(&mut self, pipeline: &ast::Pipeline, pos: Position) {
        let last = pipeline.seq.len().saturating_sub(1);
        for (i, command) in pipeline.seq.iter().enumerate() {
            let pos = Position {
                piped: pos.piped || i < last,
                conditional: pos.conditional || pipeline.bang,
                ..pos
            };
            self.command(command, pos);
        }
    }

    fn command(&mut self, command: &ast::Command, pos: Position) {
        let nested = Position {
            nested: true,
            ..pos
        };
        match command {
            ast::Command::Simple(simple) => self.simple(simple, pos),
            ast::Command::Compound(compound, _) => self.compound(compound, pos),
            ast::Command::Function(f) => self.compound(&f.body.0, nested),
            ast::Command::ExtendedTest(..) => {}
        }
    }

    fn compound(&mut self, compound: &ast::CompoundCommand, pos: Position) {
        let condition = Position {
            conditional: true,
            ..pos
        };
        match compound {
            ast::CompoundCommand::BraceGroup(g) => self.compound_list(&g.list, pos),
            ast::CompoundCommand::Subshell(s) => self.compound_list(
                &s.list,
                Position {
                    nested: true,
                    ..pos
                },
            ),
            ast::CompoundCommand::ForClause(f) => self.compound_list(&f.body.list, pos),
            ast::CompoundCommand::ArithmeticForClause(f) => self.compound_list(&f.body.list, pos),
            ast::CompoundCommand::CaseClause(c) => {
                for item in &c.cases {
                    if let Some(list) = &item.cmd {
                        self.compound_list(list, pos);
                    }
                }
            }
            ast::CompoundCommand::IfClause(i) => {
                self.compound_list(&i.condition, condition);
                self.compound_list(&i.then, pos);
                for e in i.elses.iter().flatten() {
                    if let Some(c) = &e.condition {
                        self.compound_list(c, condition);
                    }
                    self.compound_list(&e.body, pos);
                }
            }
            ast::CompoundCommand::WhileClause(w) | ast::CompoundCommand::UntilClause(w) => {
                self.compound_list(&w.0, condition);
                self.compound_list(&w.1.list, pos);
            }
            ast::CompoundCommand::Coprocess(c) => self.command(&c.body, pos),
            ast::CompoundCommand::Arithmetic(_) => {}
        }
    }

    fn simple(&mut self, simple: &ast::SimpleCommand, pos: Position) {
        let mut assignments = Vec::new();
        let mut words = Vec::new();
        let items = simple.prefix.iter().flat_map(|p| &p.0);
        for item in items {
            if let ast::CommandPrefixOrSuffixItem::AssignmentWord(_, w) = item {
                assignments.extend(self.word(w));
            }
        }
        words.extend(simple.word_or_name.as_ref().and_then(|w| self.word(w)));
        for item in simple.suffix.iter().flat_map(|s| &s.0) {
            match item {
                // After the command name `a=b` is an ordinary argument (`--setopt a=b`,
                // `curl=7.88`), though the grammar marks it as an assignment.
                ast::CommandPrefixOrSuffixItem::Word(w)
                | ast::CommandPrefixOrSuffixItem::AssignmentWord(_, w) => {
                    words.extend(self.word(w))
                }
                ast::CommandPrefixOrSuffixItem::ProcessSubstitution(_, sub) => self.compound_list(
                    &sub.list,
                    Position {
                        nested: true,
                        ..pos
                    },
                ),
                _ => {}
            }
        }
        if words.is_empty() {
            return; // only assignments or redirections: nothing runs
        }
        let start = assignments.first().unwrap_or(&words[0]).range.start;
        let end = words.last().map_or(start, |w| w.range.end);
        let command = Command {
            assignments,
            words,
            range: start..end,
            position: pos,
        };
        self.out.push(command.clone());
        self.out.extend(shell_c(&command));
    }

    fn word(&self, word: &ast::Word) -> Option<Word> {
        locate(self.script, &self.offsets, word)
    }
}

/// A grammar word with its exact byte range in `script`.
pub(super) fn locate(script: &str, offsets: &Offsets, word: &ast::Word) -> Option<Word> {
    let loc = word.loc.as_ref()?;
    let mut range = offsets.byte(loc.start.index)..offsets.byte(loc.end.index);
    // A word after a line continuation is located from the continuation: skip to the word.
    let raw = script.get(range.clone())?;
    // Only blanks and `\`+newline pairs: a backslash before anything else escapes it.
    let mut rest = raw;
    while let Some(r) = rest
        .strip_prefix([' ', '\t', '\n'])
        .or_else(|| rest.strip_prefix("\\\n"))
        .or_else(|| rest.strip_prefix("\\\r\n"))
    {
        rest = r;
    }
    range.start += raw.len() - rest.len();
    let raw = script.get(range.clone())?;
    Some(Word::new(raw, range))
}

/// `sh -c 'a && b'`: the commands of the string, with ranges inside the string when it is one
/// plainly quoted word (otherwise the whole word's range).
fn shell_c(command: &Command) -> Vec<Command> {
    const SHELLS: &[&str] = &["sh", "bash", "dash", "ash", "zsh", "ksh"];
    let unwrapped = command.unwrapped();
    if !unwrapped.program().is_some_and(|p| SHELLS.contains(&p)) {
        return Vec::new();
    }
    let args = unwrapped.args();
    let Some(i) = args.iter().position(|w| {
        w.value.starts_with('-') && !w.value.starts_with("--") && w.value.contains('c')
    }) else {
        return Vec::new();
    };
    let Some(body) = args.get(i + 1) else {
        return Vec::new();
    };
    let plain = body.raw.len() >= 2
        && (body.raw.starts_with('\'') || body.raw.starts_with('"'))
        && body.raw.ends_with(&body.raw[..1])
        && body.raw[1..body.raw.len() - 1] == body.value;
    let inner = parse(&body.value);
    inner
        .commands
        .into_iter()
        .map(|mut c| {
            let shift = |r: Range<usize>| {
                if plain {
                    body.range.start + 1 + r.start..body.range.start + 1 + r.end
                } else {
                    body.range.clone()
                }
            };
            c.range = shift(c.range.clone());
            for w in c.words.iter_mut().chain(c.assignments.iter_mut()) {
                w.range = shift(w.range.clone());
            }
            c.position = Position {
                nested: true,
                piped: c.position.piped || command.position.piped,
                conditional: c.position.conditional || command.position.conditional,
                background: c.position.background || command.position.background,
            };
            c
        })
        .collect()
}

/// Options of wrapper commands that take a value (`sudo -u root`).
fn option_takes_value(wrapper: &str, option: &str) -> bool {
    let with_value: &[&str] = match wrapper {
        "sudo" => &["-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T"],
        "env" => &["-u", "-C", "-S"],
        "nice" => &["-n"],
        "xargs" => &["-I", "-n", "-P", "-L", "-s", "-d", "-E", "-a"],
        "stdbuf" => &["-i", "-o", "-e"],
        "timeout" => &["-s", "-k"],
        _ => &[],
    };
    with_value.contains(&option)
}

/// `sudo -u x apt-get install y` → `apt-get install y` (and `env A=1 …`, `nohup`, `time`, …).
pub(super) fn unwrap_wrappers(command: &Command) -> Cow<'_, Command> {
    const WRAPPERS: &[&str] = &[
        "sudo", "env", "nohup", "time", "exec", "xargs", "nice", "stdbuf", "timeout", "command",
        "builtin", "doas",
    ];
    if !command.program().is_some_and(|p| WRAPPERS.contains(&p)) {
        return Cow::Borrowed(command);
    }
    let mut c = command.clone();
    // Each pass strips one wrapper; bounded by the word count.
    while let Some(wrapper) = c
        .program()
        .filter(|p| WRAPPERS.contains(p))
        .map(str::to_string)
    {
        let mut i = 1;
        while let Some(w) = c.words.get(i) {
            let v = w.value.as_str();
            if v == "--" {
                i += 1;
                break;
            } else if v.starts_with('-') && v.len() > 1 {
                i += if option_takes_value(&wrapper, v) {
                    2
                } else {
                    1
                };
            } else if wrapper == "env" && v.contains('=') {
                i += 1;
            } else if wrapper == "timeout" {
                i += 1; // the duration
                break;
            } else {
                break;
            }
        }
        if i >= c.words.len() {
            break; // a bare wrapper: it is the command
        }
        c.words.drain(..i);
        c.range.start = c.words[0].range.start;
    }
    Cow::Owned(c)
}

/// The fallback for scripts the grammar rejects: split on `&&`, `||`, `;`, `|`, `&` and
/// newlines outside quotes, words on unquoted whitespace. Always succeeds, linear time.
pub(super) fn from_tokens(script: &str) -> Vec<Command> {
    let bytes = script.as_bytes();
    let mut commands = Vec::new();
    let mut words: Vec<Word> = Vec::new();
    let mut pos = Position::default();
    let mut word_start: Option<usize> = None;
    let mut quote: Option<u8> = None;
    let mut i = 0;
    let flush_word = |words: &mut Vec<Word>, start: &mut Option<usize>, end: usize| {
        if let Some(s) = start.take() {
            words.push(Word::new(&script[s..end], s..end));
        }
    };
    let flush_command = |commands: &mut Vec<Command>, words: &mut Vec<Word>, pos: Position| {
        let split = words
            .iter()
            .position(|w| !is_assignment(&w.value))
            .unwrap_or(words.len());
        let rest = words.split_off(split);
        let assignments = std::mem::take(words);
        if let (Some(first), Some(last)) = (assignments.first().or(rest.first()), rest.last()) {
            commands.push(Command {
                range: first.range.start..last.range.end,
                assignments,
                words: rest,
                position: pos,
            });
        }
    };
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) => {
                if b == b'\\' && q == b'"' {
                    i += 1;
                } else if b == q {
                    quote = None;
                }
            }
            None => match b {
                b'\'' | b'"' => {
                    quote = Some(b);
                    word_start.get_or_insert(i);
                }
                b'\\' => {
                    word_start.get_or_insert(i);
                    i += 1;
                }
                b' ' | b'\t' | b'\r' => flush_word(&mut words, &mut word_start, i),
                b'\n' | b';' | b'&' | b'|' => {
                    flush_word(&mut words, &mut word_start, i);
                    flush_command(&mut commands, &mut words, pos);
                    let double = bytes.get(i + 1) == Some(&b);
                    pos = Position {
                        conditional: b == b'|' && double,
                        piped: false,
                        ..Position::default()
                    };
                    if b == b'|' && !double {
                        if let Some(last) = commands.last_mut() {
                            last.position.piped = true;
                        }
                    }
                    if b == b'&' && !double {
                        if let Some(last) = commands.last_mut() {
                            last.position.background = true;
                        }
                    }
                    if double {
                        i += 1;
                    }
                }
                _ => {
                    word_start.get_or_insert(i);
                }
            },
        }
        i += 1;
    }
    flush_word(&mut words, &mut word_start, script.len().min(i));
    flush_command(&mut commands, &mut words, pos);
    commands
}

fn is_assignment(word: &str) -> bool {
    match word.split_once('=') {
        Some((name, _)) => {
            !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !name.starts_with(|c: char| c.is_ascii_digit())
        }
        None => false,
    }
}
