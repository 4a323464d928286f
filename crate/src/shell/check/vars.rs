//! Variables: which may hold blanks or globs when expanded (ShellCheck warns SC2086 only for
//! those), and references to variables the script never assigns (SC2154, SC2153).
//!
//! As in ShellCheck, a variable may hold blanks unless every assignment that may reach the
//! reference gives it a value without any (a literal like `1.2.3`, or other such variables);
//! one never assigned may hold anything, except the shell's own numeric ones (`$?`, `$#`,
//! `$RANDOM`, …). An assignment in a branch or loop body may not run: the variable keeps what
//! it could hold before too.

use super::parts::{Kind, Lexed};
use super::walk::Cmd;
use super::Diagnostic;
use crate::text::levenshtein;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// Variables the shell sets to values without blanks.
const WITHOUT_BLANKS: &[&str] = &[
    "$",
    "-",
    "?",
    "!",
    "#",
    "BASHPID",
    "BASH_ARGC",
    "BASH_LINENO",
    "BASH_SUBSHELL",
    "EUID",
    "LINENO",
    "OPTIND",
    "PPID",
    "RANDOM",
    "SECONDS",
    "SHELLOPTS",
    "SHLVL",
    "UID",
    "COLUMNS",
    "HISTFILESIZE",
    "HISTSIZE",
    "LINES",
    "EPOCHSECONDS",
    "EPOCHREALTIME",
    "SRANDOM",
];

/// Variables the shell or the environment provides: never "unassigned".
const PROVIDED: &[&str] = &[
    "HOME",
    "PATH",
    "PWD",
    "OLDPWD",
    "USER",
    "SHELL",
    "TERM",
    "LANG",
    "LC_ALL",
    "LANGUAGE",
    "HOSTNAME",
    "IFS",
    "PS1",
    "PS2",
    "PS4",
    "UID",
    "EUID",
    "PPID",
    "RANDOM",
    "SECONDS",
    "LINENO",
    "BASH",
    "BASH_VERSION",
    "BASH_SOURCE",
    "FUNCNAME",
    "PIPESTATUS",
    "OPTARG",
    "OPTIND",
    "TMPDIR",
    "REPLY",
    "COLUMNS",
    "LINES",
    "SHLVL",
    "HOSTTYPE",
    "OSTYPE",
    "MACHTYPE",
    "BASH_REMATCH",
    "DEBIAN_FRONTEND",
];

pub(super) struct Vars {
    /// Per variable assigned so far: whether its value may hold blanks or globs.
    spaceful: HashMap<String, bool>,
    /// Every variable assigned anywhere in the script.
    assigned: HashSet<String>,
    /// References not guarded by a default (`${x:-…}`), first one per variable.
    reads: Vec<(String, Range<usize>)>,
}

impl Vars {
    pub fn new(exported: &[&str]) -> Vars {
        Vars {
            spaceful: exported.iter().map(|v| (v.to_string(), false)).collect(),
            assigned: exported.iter().map(|v| v.to_string()).collect(),
            reads: Vec::new(),
        }
    }

    /// An assignment; `maybe`: it may not run (in a branch or loop), so the variable may keep
    /// its earlier value (or none, which may hold anything).
    pub fn assign(&mut self, name: &str, spaceful: bool, maybe: bool) {
        let spaceful = spaceful || (maybe && self.is_spaceful(name));
        self.spaceful.insert(name.to_string(), spaceful);
        self.assigned.insert(name.to_string());
    }

    /// Mark a variable as set without knowing its value (`export X`, `read X`).
    pub fn declare(&mut self, name: &str) {
        self.assigned.insert(name.to_string());
    }

    /// Whether `$name` may expand to blanks or globs.
    pub fn is_spaceful(&self, name: &str) -> bool {
        match self.spaceful.get(name) {
            Some(s) => *s,
            None => !WITHOUT_BLANKS.contains(&name),
        }
    }

    /// Whether a value assigned from these parts may hold blanks or globs.
    pub fn is_spaceful_value(&self, value: &Lexed) -> bool {
        value.literal_globspace
            || value.parts.iter().any(|p| match &p.kind {
                Kind::Substitution { .. } => true,
                Kind::Param { name, braced } => {
                    let counting = braced
                        .as_deref()
                        .is_some_and(|b| b.starts_with('#') && b.len() > 1);
                    !counting && self.is_spaceful(name)
                }
                Kind::Arithmetic | Kind::SingleQuoted { .. } => false,
            })
    }

    /// A reference to `name` (`braced`: the text inside `${…}`).
    pub fn read(&mut self, name: &str, braced: Option<&str>, range: Range<usize>) {
        let is_name = name
            .bytes()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == b'_');
        let guarded = braced.is_some_and(|b| {
            let rest = b.strip_prefix(name).unwrap_or("");
            let rest = rest.strip_prefix(':').unwrap_or(rest);
            rest.starts_with(['-', '=', '?', '+']) || b.starts_with(['!', '#'])
        });
        if is_name && !guarded && !self.reads.iter().any(|(n, _)| n == name) {
            self.reads.push((name.to_string(), range));
        }
    }

    /// SC2154 for referenced lower-case variables never assigned; SC2153 for upper-case ones
    /// (probably from the environment) only when they look like a misspelt assigned one.
    pub fn unassigned(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (name, range) in &self.reads {
            if self.assigned.contains(name) || PROVIDED.contains(&name.as_str()) {
                continue;
            }
            if name.bytes().any(|c| c.is_ascii_lowercase()) {
                out.push(Diagnostic {
                    code: 2154,
                    range: range.clone(),
                    message: format!("{name} is referenced but not assigned."),
                    fix: None,
                });
            } else if let Some(similar) = self.misspelt(name) {
                out.push(Diagnostic {
                    code: 2153,
                    range: range.clone(),
                    message: format!(
                        "Possible misspelling: {name} may not be assigned. Did you mean {similar}?"
                    ),
                    fix: None,
                });
            }
        }
        out
    }

    /// An assigned variable one or two edits away from `name` (two only for long names).
    fn misspelt(&self, name: &str) -> Option<&str> {
        let mut best: Option<(&str, usize)> = None;
        let name = name.to_ascii_lowercase();
        for candidate in &self.assigned {
            // Case-insensitive; distances of 3 and more all fail the test below.
            let d = levenshtein(&name, &candidate.to_ascii_lowercase(), 3);
            let len = candidate.len();
            let close = (len > 3 && d <= 1) || (len > 7 && d <= 2);
            if close && best.is_none_or(|(_, b)| d < b) {
                best = Some((candidate, d));
            }
        }
        best.map(|(c, _)| c)
    }
}

/// The variable an assignment word sets: `A=1`, `A+=x`, `A[0]=x` → `A`.
pub(super) fn assigned_name(raw: &str) -> Option<&str> {
    let (left, _) = raw.split_once('=')?;
    let left = left.strip_suffix('+').unwrap_or(left);
    let name = left.split_once('[').map_or(left, |(n, _)| n);
    is_name(name).then_some(name)
}

/// A shell variable name: a letter or `_`, then letters, digits and `_`.
fn is_name(name: &str) -> bool {
    name.bytes()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == b'_')
        && name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')
}

/// Variables a command sets by name (`read x`, `export x`, `getopts o x`, `printf -v x`):
/// their values are unknown.
pub(super) fn command_declares<'a>(cmd: &'a Cmd) -> Vec<&'a str> {
    let args = cmd.args();
    let names = |words: &'a [crate::shell::Word]| {
        words
            .iter()
            .map(|w| w.value.as_str())
            .filter(|v| is_name(v))
            .collect::<Vec<_>>()
    };
    match cmd.name {
        "read" | "mapfile" | "readarray" | "export" | "local" | "declare" | "readonly"
        | "typeset" => names(args),
        "getopts" => names(args.get(1..2).unwrap_or(&[])),
        "printf" => match args.iter().position(|w| w.value == "-v") {
            Some(i) => names(args.get(i + 1..i + 2).unwrap_or(&[])),
            None => Vec::new(),
        },
        _ => Vec::new(),
    }
}
