//! Bash features in a POSIX `sh` script (SC3xxx): `[[ ]]`, `&>`, `source`, `echo` flags,
//! `==` and `-v` in `[`, bash-only variables and `${…}` forms. Nothing is reported for bash.

use super::walk::{Checker, Cmd};
use super::Dialect;
use crate::shell::Word;
use std::ops::Range;

/// Variables only bash sets (SC3028).
const BASH_VARIABLES: &[&str] = &[
    "RANDOM",
    "SECONDS",
    "BASH_SOURCE",
    "BASH_VERSION",
    "PIPESTATUS",
    "FUNCNAME",
    "BASH_REMATCH",
    "EPOCHSECONDS",
    "SRANDOM",
];

fn is_sh(chk: &Checker) -> bool {
    chk.options.dialect == Dialect::Sh
}

fn undefined(chk: &mut Checker, code: u16, range: Range<usize>, what: &str) {
    if is_sh(chk) {
        chk.report(code, range, format!("In POSIX sh, {what} undefined."));
    }
}

/// `[[ … ]]`, given its text.
pub(super) fn double_bracket(chk: &mut Checker, range: Range<usize>, text: &str) {
    undefined(chk, 3010, range.clone(), "[[ ]] is");
    let mut at = 0;
    for word in text.split([' ', '\t', '\n']) {
        if word == "-v" {
            test_v(chk, range.start + at..range.start + at + 2);
        }
        at += word.len() + 1;
    }
}

fn test_v(chk: &mut Checker, range: Range<usize>) {
    undefined(
        chk,
        3016,
        range,
        "test -v (in place of [ -n \"${var+x}\" ]) is",
    );
}

pub(super) fn output_and_error(chk: &mut Checker, target: &Word) {
    undefined(chk, 3020, target.range.clone(), "&> is");
}

pub(super) fn command(chk: &mut Checker, cmd: &Cmd) {
    if !is_sh(chk) {
        return;
    }
    let args = cmd.args();
    match cmd.name {
        "source" => undefined(
            chk,
            3046,
            cmd.words[0].range.clone(),
            "'source' in place of '.' is",
        ),
        "echo" => {
            if let Some(flag) = args.first().filter(|w| {
                w.value.len() > 1
                    && w.value.starts_with('-')
                    && w.value[1..].bytes().all(|c| b"eEsn".contains(&c))
            }) {
                undefined(chk, 3037, flag.range.clone(), "echo flags are");
            }
        }
        "[" | "test" => {
            for w in args {
                match w.value.as_str() {
                    "==" => undefined(chk, 3014, w.range.clone(), "== in place of = is"),
                    "-v" => test_v(chk, w.range.clone()),
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

/// `$RANDOM`, `${x/a/b}`, `${x:1:2}`, `${x^^}`, `${!x}`.
pub(super) fn parameter(chk: &mut Checker, name: &str, braced: Option<&str>, range: Range<usize>) {
    if !is_sh(chk) {
        return;
    }
    if BASH_VARIABLES.contains(&name) {
        undefined(chk, 3028, range.clone(), &format!("{name} is"));
    }
    let Some(b) = braced else {
        return;
    };
    if b.starts_with('!') && b.len() > 1 {
        undefined(chk, 3053, range.clone(), "indirect expansion is");
    }
    let op = b
        .trim_start_matches(['!', '#'])
        .strip_prefix(name)
        .unwrap_or("");
    let op = match op.strip_prefix('[') {
        Some(index) => index.split_once(']').map_or("", |(_, rest)| rest), // after `[i]`
        None => op,
    };
    match op.as_bytes() {
        [b'/', ..] => undefined(chk, 3060, range, "string replacement is"),
        [b':', c, ..] if !b"-=?+".contains(c) => undefined(chk, 3057, range, "string indexing is"),
        [b'^' | b',', ..] => undefined(chk, 3059, range, "case modification is"),
        _ => {}
    }
}
