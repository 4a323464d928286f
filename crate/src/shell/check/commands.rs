//! Checks on one simple command: `set -e` (which silences SC2164 and SC2251), masked return
//! values (SC2155), escapes `echo` will not expand (SC2028), unchecked `cd` (SC2164),
//! deprecated `egrep`/`fgrep` (SC2196, SC2197), globs read as options (SC2035) and
//! `rm -r "$dir/"*` with a possibly empty `$dir` (SC2115).

use super::parts::{self, Kind};
use super::walk::{Checker, Cmd};
use super::{vars, Diagnostic};

/// Builtins whose `name=value` arguments are assignments.
pub(super) const DECLARATIONS: &[&str] = &["declare", "export", "local", "readonly", "typeset"];

pub(super) fn check(chk: &mut Checker, cmd: &Cmd) {
    globs_as_options(chk, cmd);
    match cmd.name {
        "rm" => rm_root(chk, cmd),
        "set" => errexit(chk, cmd),
        "echo" => echo_escapes(chk, cmd),
        "cd" | "pushd" | "popd" => unchecked_cd(chk, cmd),
        "egrep" => chk.report(
            2196,
            cmd.words[0].range.clone(),
            "egrep is non-standard and deprecated. Use grep -E instead.",
        ),
        "fgrep" => chk.report(
            2197,
            cmd.words[0].range.clone(),
            "fgrep is non-standard and deprecated. Use grep -F instead.",
        ),
        name if DECLARATIONS.contains(&name) => masked_return(chk, cmd),
        _ => {}
    }
}

/// `set -e`, `set -eux`, `set -o errexit`.
fn errexit(chk: &mut Checker, cmd: &Cmd) {
    let args = cmd.args();
    let short = args.iter().any(|w| {
        let v = w.value.as_str();
        v.starts_with('-') && !v.starts_with("--") && v.contains('e')
    });
    let long = args
        .windows(2)
        .any(|w| w[0].value == "-o" && w[1].value == "errexit");
    chk.errexit |= short || long;
}

/// SC2155: `export X=$(cmd)` returns `export`'s status, not `cmd`'s.
fn masked_return(chk: &mut Checker, cmd: &Cmd) {
    for arg in cmd.args() {
        let Some(eq) = vars::assigned_name(&arg.raw).and_then(|_| arg.raw.find('=')) else {
            continue;
        };
        let substitutes = parts::lex(&arg.raw)
            .parts
            .iter()
            .any(|p| p.range.start > eq && matches!(p.kind, Kind::Substitution { .. }));
        if substitutes {
            chk.report(
                2155,
                arg.range.clone(),
                "Declare and assign separately to avoid masking return values.",
            );
        }
    }
}

/// SC2028: `echo '\n'` prints a backslash and an `n` in bash; printf means the same everywhere.
fn echo_escapes(chk: &mut Checker, cmd: &Cmd) {
    let args = cmd.args();
    let interprets = args
        .iter()
        .take_while(|w| w.value.starts_with('-'))
        .any(|w| w.value.contains('e'));
    if interprets {
        return;
    }
    for arg in args {
        if has_quoted_escape(&arg.raw) {
            chk.report(
                2028,
                arg.range.clone(),
                "echo may not expand escape sequences. Use printf.",
            );
        }
    }
}

/// A `\n`, `\t` or `\r` inside single or double quotes (not `$'…'`, where the shell expands it).
fn has_quoted_escape(raw: &str) -> bool {
    let b = raw.as_bytes();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) if c == b'\\' => {
                if b.get(i + 1).is_some_and(|n| b"ntr".contains(n)) {
                    return true;
                }
                i += 1;
            }
            Some(_) => {}
            None if c == b'\\' => i += 1,
            None if c == b'$' && b.get(i + 1) == Some(&b'\'') => {
                // `$'…'`: skip to its end
                i += 2;
                while i < b.len() && b[i] != b'\'' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            None if c == b'\'' || c == b'"' => quote = Some(c),
            None => {}
        }
        i += 1;
    }
    false
}

/// SC2164: a `cd` whose failure nothing checks runs the rest in the wrong directory.
fn unchecked_cd(chk: &mut Checker, cmd: &Cmd) {
    let args = cmd.args();
    let parent = args.len() == 1 && args[0].value == "..";
    let no_change = cmd.name != "cd" && args.iter().any(|w| w.value == "-n");
    if cmd.condition || parent || no_change {
        return;
    }
    let name = cmd.name;
    chk.unless_errexit.push(Diagnostic {
        code: 2164,
        range: cmd.range.clone(),
        message: format!(
            "Use '{name} ... || exit' or '{name} ... || return' in case {name} fails."
        ),
        fix: Some(vec![(cmd.range.end..cmd.range.end, " || exit".into())]),
    });
}

/// SC2035: `rm *.txt` — a file named `-rf` becomes an option. `--` ends the options.
fn globs_as_options(chk: &mut Checker, cmd: &Cmd) {
    if matches!(cmd.name, "echo" | "printf" | "") {
        return;
    }
    for arg in cmd.args().iter().take_while(|w| w.value != "--") {
        if arg.raw.starts_with(['*', '?']) {
            chk.report(
                2035,
                arg.range.clone(),
                "Use ./*glob* or -- *glob* so names with dashes won't become options.",
            );
        }
    }
}

/// SC2115: `rm -r "$dir/"*` deletes `/*` when `$dir` is empty or unset.
fn rm_root(chk: &mut Checker, cmd: &Cmd) {
    let recursive = cmd.args().iter().any(|w| {
        w.value == "--recursive"
            || (w.value.starts_with('-')
                && !w.value.starts_with("--")
                && w.value.contains(['r', 'R']))
    });
    if !recursive {
        return;
    }
    for arg in cmd.args() {
        let lexed = parts::lex(&arg.raw);
        let Some(first) = lexed.parts.first() else {
            continue;
        };
        let Kind::Param { braced, .. } = &first.kind else {
            continue;
        };
        let leads = first.range.start == usize::from(arg.raw.starts_with('"'));
        let guarded = braced.as_deref().is_some_and(|b| b.contains('?'));
        let rest = crate::shell::words::unquote(&arg.raw[first.range.end..]);
        if leads && !guarded && (rest == "/" || rest == "/*") {
            chk.report(
                2115,
                arg.range.clone(),
                "Use \"${var:?}\" to ensure this never expands to / .",
            );
        }
    }
}
