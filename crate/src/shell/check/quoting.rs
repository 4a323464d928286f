//! Quoting: unquoted expansions that split and glob (SC2086 for variables, SC2046 for command
//! substitutions), expressions in single quotes that will not expand (SC2016), and legacy
//! backticks (SC2006).

use super::parts::Part;
use super::walk::{Checker, Role};
use crate::shell::Word;
use std::ops::Range;

/// Programs whose single-quoted arguments are scripts or patterns of their own, where a `$`
/// is meant literally (ShellCheck's SC2016 exceptions).
const OWN_LANGUAGE: &[&str] = &[
    "trap",
    "sh",
    "bash",
    "ksh",
    "zsh",
    "ssh",
    "eval",
    "xprop",
    "alias",
    "sudo",
    "docker",
    "podman",
    "oc",
    "dpkg-query",
    "jq",
    "rename",
    "rg",
    "unset",
];

/// Shell variables commonly assigned single-quoted on purpose (expanded later).
const EXPANDED_LATER: &[&str] = &["PS1", "PS2", "PS3", "PS4", "PROMPT_COMMAND"];

/// Quotes around an expansion: the fix of SC2086 and SC2046.
fn quote(range: &Range<usize>) -> Option<Vec<(Range<usize>, String)>> {
    Some(vec![
        (range.start..range.start, "\"".into()),
        (range.end..range.end, "\"".into()),
    ])
}

/// SC2086 on `$x` / `${x}` used unquoted as an argument, when `x` may hold blanks or globs.
pub(super) fn parameter(
    chk: &mut Checker,
    name: &str,
    braced: Option<&str>,
    part: &Part,
    role: Role,
    range: Range<usize>,
) {
    if role != Role::Argument || part.quoted || name == "@" || name == "*" {
        return; // `$@`/`$*` have codes of their own
    }
    if let Some(b) = braced {
        let counting = b.starts_with('#') && b.len() > 1;
        let array = b.contains("[@]") || b.contains("[*]");
        let after = b.trim_start_matches(['!', '#']);
        let op = after.strip_prefix(name).unwrap_or("");
        // `${x:+"$x"}`: the author quoted the alternative.
        let quoted_alternative = (op.starts_with(":+") || op.starts_with('+')) && op.contains('"');
        if counting || array || quoted_alternative {
            return;
        }
    }
    if !chk.vars.is_spaceful(name) {
        return;
    }
    chk.report_fix(
        2086,
        range.clone(),
        "Double quote to prevent globbing and word splitting.",
        quote(&range),
    );
}

/// SC2006 on backticks, SC2046 on unquoted command substitutions as arguments, SC2116 on
/// `$(echo …)`.
pub(super) fn substitution(
    chk: &mut Checker,
    body: &str,
    backtick: bool,
    part: &Part,
    role: Role,
    range: Range<usize>,
) {
    if backtick {
        // Escaped characters inside backticks read differently inside `$(…)`.
        let closed = range.len() == body.len() + 2;
        let fix = (closed && !body.contains('\\')).then(|| {
            vec![
                (range.start..range.start + 1, "$(".to_string()),
                (range.end - 1..range.end, ")".to_string()),
            ]
        });
        chk.report_fix(
            2006,
            range.clone(),
            "Use $(...) notation instead of legacy backticks `...`.",
            fix,
        );
    }
    let first = body.split_whitespace().next().unwrap_or("");
    let split_on_purpose = matches!(first, "seq" | "pgrep");
    if role == Role::Argument && !part.quoted && !first.is_empty() && !split_on_purpose {
        chk.report_fix(
            2046,
            range.clone(),
            "Quote this to prevent word splitting.",
            quote(&range),
        );
    }
    if is_plain_echo(body) {
        chk.report(
            2116,
            range,
            "Useless echo? Instead of 'cmd $(echo foo)', just use 'cmd foo'.",
        );
    }
}

/// `echo words…` alone, without options, pipes or lists.
fn is_plain_echo(body: &str) -> bool {
    let mut words = body.split_whitespace();
    words.next() == Some("echo")
        && words.all(|w| !w.starts_with('-'))
        && !body.contains(['|', ';', '&', '<', '>', '\n', '`'])
        && !body.contains("$(")
}

/// SC2016 on `'…$x…'`, unless the command reads its own language there (awk, perl, sed, …).
pub(super) fn single_quoted(
    chk: &mut Checker,
    text: &str,
    command: &str,
    word: &Word,
    range: Range<usize>,
) {
    let inside = text.strip_prefix('\'').unwrap_or(text);
    let inside = inside.strip_suffix('\'').unwrap_or(inside);
    if !looks_expanded(inside) {
        return;
    }
    let own_language = if command == "sed" {
        sed_dollar(inside)
    } else {
        OWN_LANGUAGE.contains(&command) || command.ends_with("awk") || command.starts_with("perl")
    };
    let expanded_later = EXPANDED_LATER
        .iter()
        .any(|v| word.raw.strip_prefix(v).is_some_and(|r| r.starts_with('=')));
    if own_language || expanded_later {
        return;
    }
    chk.report(
        2016,
        range,
        "Expressions don't expand in single quotes, use double quotes for that.",
    );
}

/// `$x`, `${`, `$(`, `$1` or a backticked command: what the author may expect to expand.
fn looks_expanded(text: &str) -> bool {
    let b = text.as_bytes();
    let dollar = b.windows(2).any(|w| {
        w[0] == b'$'
            && (w[1] == b'{' || w[1] == b'(' || w[1] == b'_' || w[1].is_ascii_alphanumeric())
    });
    let backticks = text
        .split('`')
        .nth(1)
        .is_some_and(|inner| !inner.is_empty() && text.matches('`').count() >= 2);
    dollar || backticks
}

/// A sed script's `$` addresses and commands (`$d`, `$p`, `${`): sed syntax, not the shell's.
fn sed_dollar(text: &str) -> bool {
    let b = text.as_bytes();
    (0..b.len()).any(|i| {
        b[i] == b'$'
            && b.get(i + 1).is_some_and(|c| b"{dpsaic".contains(c))
            && b.get(i + 2).is_none_or(|c| !c.is_ascii_alphabetic())
    })
}
