//! The commands inside a `RUN`: parsed with a real shell grammar (brush-parser, bash syntax) and
//! flattened into the simple commands rules look at — behind `&&`, `||`, `;`, pipes, subshells,
//! groups, `if`/`for`/`while`/`case` bodies, functions and `sh -c '…'` strings — each with byte
//! ranges into the script so findings point at the exact command.

pub mod check;
mod flatten;
mod shape;
mod words;

pub use shape::{shape_of, Shape};
use std::borrow::Cow;
pub use words::{option_value, Word};

use std::ops::Range;

/// Scripts larger or more deeply nested than this are not given to the grammar (its recursion
/// could exhaust the wasm stack); the token-level fallback reads them instead.
const MAX_SCRIPT_BYTES: usize = 256 * 1024;
const MAX_NESTING: usize = 64;

/// How a command is reached: rules about cleanup or failure handling need to know.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Position {
    /// Inside a pipeline and not its last command (its exit status is ignored).
    pub piped: bool,
    /// After `||`, in an `if`/`while` condition, or negated with `!`: failure is expected.
    pub conditional: bool,
    /// Run in the background with `&`.
    pub background: bool,
    /// Inside a subshell, command substitution, function or `sh -c` string.
    pub nested: bool,
}

/// One simple command: `A=1 apt-get install -y curl`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// Prefix assignments (`A=1`), as written.
    pub assignments: Vec<Word>,
    /// The command name followed by its arguments.
    pub words: Vec<Word>,
    /// Byte range of the whole command in the script.
    pub range: Range<usize>,
    pub position: Position,
}

impl Command {
    /// The program name without quotes or directory: `/usr/bin/apt-get` → `apt-get`.
    pub fn program(&self) -> Option<&str> {
        let name = self.words.first()?.value.as_str();
        // Every rule asks every command for its program: a byte search, not a split iterator.
        Some(name.rfind('/').map_or(name, |slash| &name[slash + 1..]))
    }

    pub fn args(&self) -> &[Word] {
        self.words.get(1..).unwrap_or(&[])
    }

    /// The command that actually runs when this one is a wrapper (`sudo`, `env`, `nohup`,
    /// `time`, `exec`, `xargs`, …): the same command with the wrapper and its options removed.
    /// Borrowed when there is no wrapper (most commands): rules ask for it often.
    pub fn unwrapped(&self) -> Cow<'_, Command> {
        flatten::unwrap_wrappers(self)
    }

    /// Whether any argument equals one of `flags` (`-y`, `--yes`), also inside combined short
    /// options (`-qy` contains `-y`), and `--opt=value` forms of long options.
    pub fn has_flag(&self, flags: &[&str]) -> bool {
        self.args()
            .iter()
            .any(|w| words::matches_flag(&w.value, flags))
    }

    /// Arguments that are not options (do not start with `-`), in order.
    pub fn operands(&self) -> impl Iterator<Item = &Word> {
        self.args().iter().filter(|w| !w.value.starts_with('-'))
    }

    /// The first operand (the subcommand of `apt-get install`, `npm ci`, …).
    pub fn subcommand(&self) -> Option<&str> {
        self.operands().next().map(|w| w.value.as_str())
    }
}

/// A parsed script: every simple command in execution order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Script {
    pub commands: Vec<Command>,
    /// False when the grammar rejected the script and the token-level fallback was used (the
    /// commands are then split on `&&`, `||`, `;`, `|`, `&` only).
    pub parsed: bool,
}

impl Script {
    /// Commands whose program (after unwrapping `sudo` and friends) is `program`.
    pub fn invocations<'a>(
        &'a self,
        program: &'a str,
    ) -> impl Iterator<Item = Cow<'a, Command>> + 'a {
        self.commands
            .iter()
            .map(Command::unwrapped)
            .filter(move |c| c.program() == Some(program))
    }
}

/// Parse a shell script. Never fails: what the grammar cannot read is split on operators.
pub fn parse(script: &str) -> Script {
    parse_with_tree(script).0
}

/// [`parse`], also returning the grammar's tree (`None` when the token-level fallback read
/// the script), for the analyses that need more than the commands ([`check`]).
pub fn parse_with_tree(script: &str) -> (Script, Option<brush_parser::ast::Program>) {
    if let Some(program) = grammar(script) {
        let commands = flatten::from_grammar(script, &program);
        let script = Script {
            commands,
            parsed: true,
        };
        return (script, Some(program));
    }
    let script = Script {
        commands: flatten::from_tokens(script),
        parsed: false,
    };
    (script, None)
}

/// The grammar's tree, for scripts small and shallow enough to give it.
fn grammar(script: &str) -> Option<brush_parser::ast::Program> {
    (script.len() <= MAX_SCRIPT_BYTES && nesting(script) <= MAX_NESTING)
        .then(|| flatten::grammar(script))
        .flatten()
}

/// The deepest bracket nesting in `script` — a cheap upper bound on what the grammar recurses.
fn nesting(script: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for b in script.bytes() {
        match b {
            b'(' | b'{' | b'[' => {
                depth += 1;
                max = max.max(depth);
            }
            b')' | b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

#[cfg(test)]
mod tests;
