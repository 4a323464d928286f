//! The top-level shape of a script: what decides whether two RUN scripts can be joined with
//! `&&`, or a command appended, without changing what the build does.

use super::words::unquote;
use brush_parser::ast;

/// How a script is put together at its top level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    /// One `&&` list of pipelines (`a && b | c`): no `;`, `||`, `&` or newline at the top
    /// level. Such a script can follow `x && ` and still fail exactly when it failed alone.
    pub and_chain: bool,
    /// The last top-level command runs in the background (`a &`): `a & && b` is not a script.
    pub ends_in_background: bool,
    /// The first thing that changes the shell for the commands after it, as written: `cd`,
    /// `export`, a bare assignment `A=…`, `set` with anything but `-e`/`-x`/`-v`, `source`,
    /// `umask`, `exit`, a function definition, … (outside subshells and pipelines, which cannot
    /// leak).
    pub changes_state: Option<String>,
    /// A top-level `exit` or `exec`: commands appended after it may never run.
    pub may_exit: bool,
}

/// Builtins whose effect outlives the command (`set` is judged by its options).
const STATEFUL: &[&str] = &[
    "cd",
    "pushd",
    "popd",
    "export",
    "unset",
    "source",
    ".",
    "alias",
    "unalias",
    "shopt",
    "umask",
    "ulimit",
    "trap",
    "eval",
    "declare",
    "typeset",
    "local",
    "readonly",
    "hash",
    "enable",
    "read",
    "mapfile",
    "readarray",
    "let",
    "shift",
    "getopts",
    "exit",
    "return",
    "exec",
];

/// The shape of a script the grammar has read (a RUN's tree, parsed once per lint).
pub fn shape_of(program: &ast::Program) -> Shape {
    let items: Vec<&ast::CompoundListItem> = program
        .complete_commands
        .iter()
        .flat_map(|list| &list.0)
        .collect();
    let and_chain = items.len() == 1
        && items.iter().all(|ast::CompoundListItem(list, sep)| {
            matches!(sep, ast::SeparatorOperator::Sequence)
                && list
                    .additional
                    .iter()
                    .all(|a| matches!(a, ast::AndOr::And(_)))
        });
    let ends_in_background = items
        .last()
        .is_some_and(|ast::CompoundListItem(_, sep)| matches!(sep, ast::SeparatorOperator::Async));
    let mut state = State::default();
    for list in &program.complete_commands {
        state.list(list);
    }
    Shape {
        and_chain,
        ends_in_background,
        changes_state: state.changes,
        may_exit: state.exits,
    }
}

#[derive(Default)]
struct State {
    changes: Option<String>,
    exits: bool,
}

impl State {
    fn list(&mut self, list: &ast::CompoundList) {
        for ast::CompoundListItem(and_or, sep) in &list.0 {
            if matches!(sep, ast::SeparatorOperator::Async) {
                continue; // a background job runs in a subshell
            }
            for pipeline in
                std::iter::once(&and_or.first).chain(and_or.additional.iter().map(|a| match a {
                    ast::AndOr::And(p) | ast::AndOr::Or(p) => p,
                }))
            {
                // The commands of a multi-command pipeline run in subshells.
                if let [command] = pipeline.seq.as_slice() {
                    self.command(command);
                }
            }
        }
    }

    fn command(&mut self, command: &ast::Command) {
        match command {
            ast::Command::Simple(simple) => self.simple(simple),
            ast::Command::Function(f) => self.change(format!("{}()", f.fname.value)),
            ast::Command::Compound(compound, _) => match compound {
                ast::CompoundCommand::BraceGroup(g) => self.list(&g.list),
                ast::CompoundCommand::ForClause(f) => self.list(&f.body.list),
                ast::CompoundCommand::ArithmeticForClause(f) => {
                    self.change("for ((…))".into()); // its variable
                    self.list(&f.body.list);
                }
                ast::CompoundCommand::IfClause(i) => {
                    self.list(&i.condition);
                    self.list(&i.then);
                    for e in i.elses.iter().flatten() {
                        if let Some(c) = &e.condition {
                            self.list(c);
                        }
                        self.list(&e.body);
                    }
                }
                ast::CompoundCommand::WhileClause(w) | ast::CompoundCommand::UntilClause(w) => {
                    self.list(&w.0);
                    self.list(&w.1.list);
                }
                ast::CompoundCommand::CaseClause(c) => {
                    for item in &c.cases {
                        if let Some(list) = &item.cmd {
                            self.list(list);
                        }
                    }
                }
                // `(( x = 1 ))` can assign.
                ast::CompoundCommand::Arithmetic(_) => self.change("((…))".into()),
                ast::CompoundCommand::Subshell(_) | ast::CompoundCommand::Coprocess(_) => {}
            },
            ast::Command::ExtendedTest(..) => {}
        }
    }

    fn simple(&mut self, simple: &ast::SimpleCommand) {
        let mut words = simple
            .word_or_name
            .iter()
            .chain(
                simple
                    .suffix
                    .iter()
                    .flat_map(|s| &s.0)
                    .filter_map(|i| match i {
                        ast::CommandPrefixOrSuffixItem::Word(w)
                        | ast::CommandPrefixOrSuffixItem::AssignmentWord(_, w) => Some(w),
                        _ => None,
                    }),
            )
            .map(|w| unquote(&w.value));
        let Some(mut program) = words.next() else {
            // Only assignments (or redirections): `A=1` sets a shell variable.
            let assignment = simple
                .prefix
                .iter()
                .flat_map(|p| &p.0)
                .find_map(|i| match i {
                    ast::CommandPrefixOrSuffixItem::AssignmentWord(_, w) => Some(w.value.clone()),
                    _ => None,
                });
            if let Some(a) = assignment {
                let name = a.split('=').next().unwrap_or(&a);
                self.change(format!("{name}=…"));
            }
            return;
        };
        let rest: Vec<String> = words.collect();
        let mut args = rest.as_slice();
        while matches!(program.as_str(), "builtin" | "command") {
            let Some((next, tail)) = args.split_first() else {
                return;
            };
            program = next.clone();
            args = tail;
        }
        let name = program.rsplit('/').next().unwrap_or(&program);
        if name == "set" {
            if !harmless_set(args) {
                self.change(format!("set {}", args.join(" ")).trim_end().to_string());
            }
        } else if STATEFUL.contains(&name) {
            self.change(name.to_string());
            self.exits |= matches!(name, "exit" | "exec");
        }
    }

    fn change(&mut self, what: String) {
        self.changes.get_or_insert(what);
    }
}

/// `set -e`, `set -eux`, `set -o errexit`, `set +x`: options that do not change what later
/// commands of a `&&` list do (a failure still fails the list; tracing only prints).
fn harmless_set(args: &[String]) -> bool {
    let mut args = args.iter();
    while let Some(a) = args.next() {
        if a == "-o" || a == "+o" {
            match args.next().map(String::as_str) {
                Some("errexit" | "xtrace" | "verbose") => continue,
                _ => return false,
            }
        }
        let letters = a.strip_prefix('-').or_else(|| a.strip_prefix('+'));
        match letters {
            Some(l) if !l.is_empty() && l.chars().all(|c| matches!(c, 'e' | 'x' | 'v')) => {}
            _ => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shape of `script`, or `None` when the grammar cannot read it.
    fn shape(script: &str) -> Option<Shape> {
        super::super::grammar(script).map(|program| shape_of(&program))
    }

    fn s(script: &str) -> Shape {
        shape(script).expect("parses")
    }

    #[test]
    fn and_chains_are_told_from_lists() {
        assert!(s("apt-get update && apt-get install -y x | tee log").and_chain);
        assert!(!s("a; b").and_chain);
        assert!(!s("a || true").and_chain);
        assert!(!s("a && b &").and_chain);
        assert!(s("a && b &").ends_in_background);
        assert!(!s("a & b").ends_in_background);
        assert!(s("if a; then b; fi").and_chain);
        assert!(shape("if a; then").is_none());
    }

    #[test]
    fn state_changes_outside_subshells_are_found() {
        for leaks in [
            "cd /tmp && make",
            "export A=1",
            "A=1",
            "set -u; x",
            "set -eux",
            "set -o pipefail",
            "{ cd /x; }",
            "if true; then cd /x; fi",
            "f() { :; }",
            "builtin cd /x",
            ". /etc/profile",
        ] {
            assert!(s(leaks).changes_state.is_some(), "{leaks}");
        }
        for keeps in [
            "set -ex; make",
            "set -o errexit -o xtrace",
            "(cd /tmp && make)",
            "cd /x | cat",
            "A=1 make",
            "sh -c 'cd /x'",
            "echo $(cd /x)",
        ] {
            assert_eq!(s(keeps).changes_state, None, "{keeps}");
        }
        assert_eq!(s("make && cd /x").changes_state.as_deref(), Some("cd"));
        assert_eq!(
            s("set -eux; make").changes_state.as_deref(),
            Some("set -eux")
        );
        assert_eq!(s("V=1; make").changes_state.as_deref(), Some("V=…"));
        assert!(s("make; exit 0").may_exit);
        assert!(!s("make").may_exit);
    }
}
