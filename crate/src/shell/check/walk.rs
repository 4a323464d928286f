//! The walk over brush-parser's tree, in execution order: each word goes to the word checks
//! with its role (command name, argument, assignment, or a place not reported), each
//! simple command and pipeline to the command checks. Command substitutions are parsed and
//! walked in turn, so `"$(dirname $0)"` is checked inside too.

use super::parts::{self, Kind, Lexed};
use super::vars::Vars;
use super::{commands, pipes, posix, quoting, vars, Diagnostic, Options};
use crate::shell::flatten::{locate, Offsets};
use crate::shell::Word;
use brush_parser::ast::{self, SourceLocation};
use std::ops::Range;

/// How deep command substitutions are followed (each level is a new parse).
const MAX_DEPTH: usize = 8;

/// What a word is to the shell: only arguments are split and globbed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// The command name (`$CC -o x`): not split by design.
    Name,
    /// An argument or redirection target: split and globbed when unquoted.
    Argument,
    /// An assignment (`A=$x`; `export A=$x` in bash): never split.
    Assignment,
    /// A `for` list (split on purpose) or `case` subject (never split).
    Other,
}

/// A simple command as the checks see it.
pub(super) struct Cmd<'a> {
    /// Name and arguments, ranges in the whole script.
    pub words: &'a [Word],
    /// The command name without directory (`/bin/echo` → `echo`); empty for assignments only.
    pub name: &'a str,
    /// Its exit status is tested (left of `&&`/`||`, an `if`/`while` condition).
    pub condition: bool,
    pub range: Range<usize>,
}

impl Cmd<'_> {
    pub fn args(&self) -> &[Word] {
        self.words.get(1..).unwrap_or(&[])
    }
}

/// Which commands of a list a `!` is useless on (SC2251), after ShellCheck's wiki: all but
/// the last where the last gives the list's status, all in loop and `if` bodies, none in
/// `case` branches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum List {
    /// A script, subshell or function body.
    Returning,
    /// An `if`/`while` condition: its last command is tested.
    Condition,
    Plain,
    Unchecked,
}

pub(super) struct Checker<'o> {
    pub options: &'o Options<'o>,
    pub vars: Vars,
    pub out: Vec<Diagnostic>,
    /// Findings ShellCheck drops when the script runs under `set -e` (SC2164)…
    pub unless_errexit: Vec<Diagnostic>,
    /// …and those it makes only then (SC2251).
    pub if_errexit: Vec<Diagnostic>,
    pub errexit: bool,
    depth: usize,
    /// How many branches or loop bodies deep the walk is (their assignments may not run).
    branches: usize,
}

/// The text being walked: the script or a command substitution's body inside it.
struct Src<'t> {
    text: &'t str,
    base: usize,
    offsets: Offsets,
}

impl Src<'_> {
    fn word(&self, w: &ast::Word) -> Option<Word> {
        let mut word = locate(self.text, &self.offsets, w)?;
        word.range = self.base + word.range.start..self.base + word.range.end;
        Some(word)
    }

    fn span(&self, loc: Option<brush_parser::SourceSpan>) -> Option<Range<usize>> {
        let loc = loc?;
        Some(
            self.base + self.offsets.byte(loc.start.index)
                ..self.base + self.offsets.byte(loc.end.index),
        )
    }
}

impl<'o> Checker<'o> {
    pub fn new(options: &'o Options<'o>) -> Self {
        Checker {
            options,
            vars: Vars::new(options.exported),
            out: Vec::new(),
            unless_errexit: Vec::new(),
            if_errexit: Vec::new(),
            errexit: false,
            depth: 0,
            branches: 0,
        }
    }

    pub fn report(&mut self, code: u16, range: Range<usize>, message: impl Into<String>) {
        self.report_fix(code, range, message, None);
    }

    pub fn report_fix(
        &mut self,
        code: u16,
        range: Range<usize>,
        message: impl Into<String>,
        fix: Option<Vec<(Range<usize>, String)>>,
    ) {
        self.out.push(Diagnostic {
            code,
            range,
            message: message.into(),
            fix,
        });
    }

    /// All findings, in script order.
    pub fn finish(mut self) -> Vec<Diagnostic> {
        let unread = self.vars.unassigned();
        self.out.extend(unread);
        if self.errexit {
            self.out.append(&mut self.if_errexit);
        } else {
            self.out.append(&mut self.unless_errexit);
        }
        self.out.sort_by_key(|d| (d.range.start, d.code));
        self.out
    }

    /// Parse and walk `text`, which starts at byte `base` of the whole script.
    pub fn script(&mut self, text: &str, base: usize) {
        if self.depth >= MAX_DEPTH {
            return;
        }
        // ShellCheck's parse errors (SC1xxx) are not reported.
        if let Some(program) = crate::shell::grammar(text) {
            self.program(text, base, &program);
        }
    }

    /// Walk a parsed `text`, which starts at byte `base` of the whole script.
    pub fn program(&mut self, text: &str, base: usize, program: &ast::Program) {
        let src = Src {
            text,
            base,
            offsets: Offsets::new(text),
        };
        self.depth += 1;
        let items: Vec<&ast::CompoundListItem> = program
            .complete_commands
            .iter()
            .flat_map(|l| &l.0)
            .collect();
        self.items(&src, &items, List::Returning, false);
        self.depth -= 1;
    }

    /// A list of commands; `inherited`: the construct it is in is itself tested.
    fn items(&mut self, src: &Src, items: &[&ast::CompoundListItem], kind: List, inherited: bool) {
        for (i, ast::CompoundListItem(and_or, _)) in items.iter().enumerate() {
            let last = i + 1 == items.len();
            let bang_matters = match kind {
                List::Returning | List::Condition => !last,
                List::Plain => true,
                List::Unchecked => false,
            };
            if and_or.additional.is_empty() && and_or.first.bang && bang_matters && !inherited {
                self.useless_bang(src, &and_or.first);
            }
            self.and_or(src, and_or, inherited || (kind == List::Condition && last));
        }
    }

    fn list(&mut self, src: &Src, list: &ast::CompoundList, kind: List, inherited: bool) {
        let items: Vec<&ast::CompoundListItem> = list.0.iter().collect();
        self.items(src, &items, kind, inherited);
    }

    /// SC2251: under `set -e`, `! cmd` as a statement of its own never stops the script:
    /// errexit ignores negated commands, and nothing reads the inverted status.
    fn useless_bang(&mut self, src: &Src, pipeline: &ast::Pipeline) {
        let Some(start) = src.span(pipeline.location()).map(|r| r.start) else {
            return;
        };
        let before = &src.text[..start - src.base];
        let Some(bang) = before.rfind('!') else {
            return;
        };
        let at = src.base + bang;
        self.if_errexit.push(Diagnostic {
            code: 2251,
            range: at..at + 1,
            message: "This ! is not on a condition and skips errexit. Use `&& exit 1` instead, \
                      or make sure $? is checked."
                .into(),
            fix: None,
        });
    }

    fn and_or(&mut self, src: &Src, list: &ast::AndOrList, condition: bool) {
        let pipelines: Vec<&ast::Pipeline> = std::iter::once(&list.first)
            .chain(list.additional.iter().map(|a| match a {
                ast::AndOr::And(p) | ast::AndOr::Or(p) => p,
            }))
            .collect();
        let last = pipelines.len() - 1;
        for (i, p) in pipelines.into_iter().enumerate() {
            // Every pipeline but the last is the left side of a `&&`/`||`: tested.
            let or = i > 0 && matches!(list.additional[i - 1], ast::AndOr::Or(_));
            self.branches += usize::from(or);
            self.pipeline(src, p, condition || i < last);
            self.branches -= usize::from(or);
        }
    }

    fn pipeline(&mut self, src: &Src, pipeline: &ast::Pipeline, condition: bool) {
        let mut names = Vec::new();
        for command in &pipeline.seq {
            names.push(self.command(src, command, condition));
        }
        pipes::check(self, &names);
    }

    /// Walk one command; returns its name and words when it is a simple command (for the
    /// pipeline checks).
    fn command(
        &mut self,
        src: &Src,
        command: &ast::Command,
        condition: bool,
    ) -> Option<(String, Vec<Word>)> {
        match command {
            ast::Command::Simple(simple) => return self.simple(src, simple, condition),
            ast::Command::Compound(compound, redirects) => {
                self.compound(src, compound, condition, false);
                for r in redirects.iter().flat_map(|r| &r.0) {
                    self.redirect(src, r, "");
                }
            }
            ast::Command::Function(f) => self.compound(src, &f.body.0, false, true),
            ast::Command::ExtendedTest(test, _) => {
                if let Some(range) = src.span(Some(test.loc.clone())) {
                    let text = src.text.get(range.start - src.base..range.end - src.base);
                    posix::double_bracket(self, range, text.unwrap_or(""));
                }
            }
        }
        None
    }

    fn compound(
        &mut self,
        src: &Src,
        compound: &ast::CompoundCommand,
        condition: bool,
        function_body: bool,
    ) {
        match compound {
            ast::CompoundCommand::BraceGroup(g) => {
                let kind = if function_body {
                    List::Returning
                } else {
                    List::Plain
                };
                self.list(src, &g.list, kind, condition)
            }
            ast::CompoundCommand::Subshell(s) => {
                self.list(src, &s.list, List::Returning, condition)
            }
            ast::CompoundCommand::ForClause(f) => {
                let words: Vec<Word> = f
                    .values
                    .iter()
                    .flatten()
                    .filter_map(|w| src.word(w))
                    .collect();
                for w in &words {
                    self.word(w, Role::Other, "");
                }
                // ShellCheck takes a loop variable's values as unknown.
                self.vars.assign(&f.variable_name, true, false);
                self.branch(|c| c.list(src, &f.body.list, List::Plain, condition));
            }
            ast::CompoundCommand::ArithmeticForClause(f) => {
                self.branch(|c| c.list(src, &f.body.list, List::Plain, condition))
            }
            ast::CompoundCommand::CaseClause(c) => {
                if let Some(w) = src.word(&c.value) {
                    self.word(&w, Role::Other, "");
                }
                for item in &c.cases {
                    if let Some(list) = &item.cmd {
                        self.branch(|c| c.list(src, list, List::Unchecked, condition));
                    }
                }
            }
            ast::CompoundCommand::IfClause(i) => {
                self.list(src, &i.condition, List::Condition, condition);
                self.branch(|c| c.list(src, &i.then, List::Plain, condition));
                for e in i.elses.iter().flatten() {
                    self.branch(|c| {
                        if let Some(cond) = &e.condition {
                            c.list(src, cond, List::Condition, condition);
                        }
                        c.list(src, &e.body, List::Plain, condition)
                    });
                }
            }
            ast::CompoundCommand::WhileClause(w) | ast::CompoundCommand::UntilClause(w) => {
                self.list(src, &w.0, List::Condition, condition);
                self.branch(|c| c.list(src, &w.1.list, List::Plain, condition));
            }
            ast::CompoundCommand::Coprocess(_) | ast::CompoundCommand::Arithmetic(_) => {}
        }
    }

    /// Walk a branch or loop body.
    fn branch(&mut self, walk: impl FnOnce(&mut Self)) {
        self.branches += 1;
        walk(self);
        self.branches -= 1;
    }

    fn simple(
        &mut self,
        src: &Src,
        simple: &ast::SimpleCommand,
        condition: bool,
    ) -> Option<(String, Vec<Word>)> {
        let mut assignments = Vec::new();
        let mut words = Vec::new();
        let mut redirects = Vec::new();
        for item in simple.prefix.iter().flat_map(|p| &p.0) {
            match item {
                ast::CommandPrefixOrSuffixItem::AssignmentWord(_, w) => {
                    assignments.extend(src.word(w))
                }
                ast::CommandPrefixOrSuffixItem::IoRedirect(r) => redirects.push(r),
                _ => {}
            }
        }
        words.extend(simple.word_or_name.as_ref().and_then(|w| src.word(w)));
        for item in simple.suffix.iter().flat_map(|s| &s.0) {
            match item {
                ast::CommandPrefixOrSuffixItem::Word(w)
                | ast::CommandPrefixOrSuffixItem::AssignmentWord(_, w) => words.extend(src.word(w)),
                ast::CommandPrefixOrSuffixItem::IoRedirect(r) => redirects.push(r),
                ast::CommandPrefixOrSuffixItem::ProcessSubstitution(_, sub) => {
                    self.list(src, &sub.list, List::Returning, false)
                }
            }
        }
        let name = words
            .first()
            .map(|w| w.value.rsplit('/').next().unwrap_or(&w.value).to_string())
            .unwrap_or_default();
        let declares = commands::DECLARATIONS.contains(&name.as_str());
        // What reads single-quoted arguments (SC2016): for `find -exec sh -c '…'`, the shell.
        let reader = match name.as_str() {
            "find" => words
                .iter()
                .skip_while(|w| w.value != "-exec" && w.value != "-execdir")
                .nth(1)
                .map_or("find", |w| w.value.as_str()),
            _ => name.as_str(),
        }
        .to_string();
        // Reads first (the words), then the writes the command makes.
        let mut writes: Vec<(String, bool)> = Vec::new();
        for w in &assignments {
            let lexed = self.word(w, Role::Assignment, &name);
            writes.extend(self.assignment_write(w, &lexed));
        }
        // `export A=$x`: an assignment that bash does not split, but POSIX sh does.
        let declaration_role = match self.options.dialect {
            super::Dialect::Bash => Role::Assignment,
            super::Dialect::Sh => Role::Argument,
        };
        for (i, w) in words.iter().enumerate() {
            let assigns = i > 0 && declares && vars::assigned_name(&w.raw).is_some();
            let role = match i {
                0 => Role::Name,
                _ if assigns => declaration_role,
                _ => Role::Argument,
            };
            let lexed = self.word(w, role, &reader);
            if assigns {
                writes.extend(self.assignment_write(w, &lexed));
            }
        }
        for r in redirects {
            self.redirect(src, r, &name);
        }
        let range = match (assignments.first().or(words.first()), words.last()) {
            (Some(first), Some(last)) => first.range.start..last.range.end,
            _ => 0..0,
        };
        let cmd = Cmd {
            words: &words,
            name: &name,
            condition,
            range,
        };
        if !words.is_empty() {
            commands::check(self, &cmd);
            posix::command(self, &cmd);
            let external = matches!(
                cmd.name,
                "read" | "mapfile" | "readarray" | "getopts" | "printf"
            );
            for var in vars::command_declares(&cmd) {
                if external {
                    self.vars.assign(var, true, false); // read from input: anything
                } else {
                    self.vars.declare(var);
                }
            }
        }
        for (var, spaceful) in writes {
            self.vars.assign(&var, spaceful, self.branches > 0);
        }
        (!words.is_empty()).then_some((name, words))
    }

    /// The variable an assignment word sets, and whether its value may hold blanks.
    fn assignment_write(&self, w: &Word, lexed: &Lexed) -> Option<(String, bool)> {
        let name = vars::assigned_name(&w.raw)?;
        let value_at = w.raw.find('=')? + 1;
        let value: Vec<_> = lexed
            .parts
            .iter()
            .filter(|p| p.range.start >= value_at)
            .cloned()
            .collect();
        let value = Lexed {
            parts: value,
            literal_globspace: lexed.literal_globspace,
        };
        Some((name.to_string(), self.vars.is_spaceful_value(&value)))
    }

    fn redirect(&mut self, src: &Src, redirect: &ast::IoRedirect, name: &str) {
        match redirect {
            ast::IoRedirect::File(_, _, ast::IoFileRedirectTarget::Filename(w))
            | ast::IoRedirect::HereString(_, w) => {
                if let Some(w) = src.word(w) {
                    self.word(&w, Role::Argument, name);
                }
            }
            ast::IoRedirect::OutputAndError(w, _) => {
                if let Some(w) = src.word(w) {
                    posix::output_and_error(self, &w);
                    self.word(&w, Role::Argument, name);
                }
            }
            ast::IoRedirect::File(_, _, ast::IoFileRedirectTarget::ProcessSubstitution(_, s)) => {
                self.list(src, &s.list, List::Returning, false)
            }
            _ => {}
        }
    }

    /// Check one word and walk the command substitutions in it; returns its parts.
    fn word(&mut self, word: &Word, role: Role, command: &str) -> Lexed {
        let lexed = parts::lex(&word.raw);
        for part in &lexed.parts {
            let at = word.range.start;
            let range = at + part.range.start..at + part.range.end;
            match &part.kind {
                Kind::Param { name, braced } => {
                    self.vars.read(name, braced.as_deref(), range.clone());
                    posix::parameter(self, name, braced.as_deref(), range.clone());
                    quoting::parameter(self, name, braced.as_deref(), part, role, range);
                }
                Kind::Substitution { body, backtick } => {
                    let body_text = word.raw.get(body.clone()).unwrap_or("");
                    quoting::substitution(self, body_text, *backtick, part, role, range);
                    self.script(body_text, at + body.start);
                }
                Kind::SingleQuoted { ansi: false } => {
                    let text = word.raw.get(part.range.clone()).unwrap_or("");
                    quoting::single_quoted(self, text, command, word, range);
                }
                Kind::SingleQuoted { ansi: true } | Kind::Arithmetic => {}
            }
        }
        lexed
    }
}
