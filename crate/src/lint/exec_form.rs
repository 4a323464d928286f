//! The exec (JSON) form of a shell-form CMD, ENTRYPOINT or HEALTHCHECK command, offered as a
//! fix only when it means exactly the same: one home for LL525 (hadolint's DL3025) and LL706
//! (BuildKit's JSONArgsRecommended), whose findings merge into one that keeps either fix.

use crate::lint::context::ShellKind;
use crate::lint::Context;
use crate::report::{Fix, TextEdit};
use crate::syntax::{Arg, Instruction, Kind};

/// `CMD a b` → `CMD ["a", "b"]` at instruction `i`, whose shell-form argument is `arg`, when
/// [`exact_exec_form`] finds the rewrite exact.
pub(crate) fn exec_form_fix(ctx: &Context, i: usize, inst: &Instruction, arg: &Arg) -> Option<Fix> {
    let json = exact_exec_form(ctx, i, inst, arg)?;
    Some(Fix {
        title: "Rewrite in JSON (exec) form".into(),
        edits: vec![TextEdit::replacement(
            arg.span.start.offset..arg.span.end.offset,
            json,
        )],
        ..Default::default()
    })
}

/// The JSON form of a shell-form command when it means exactly the same: in a stage, a POSIX
/// shell, one line as written, plain words (see [`plain_words`]), and nothing that would
/// receive the arguments differently — for ENTRYPOINT no CMD in the stage (exec form appends
/// CMD, shell form ignores it); for CMD no ENTRYPOINT in the stage or its parents (it would
/// get `sh -c …` as arguments today).
fn exact_exec_form(ctx: &Context, i: usize, inst: &Instruction, arg: &Arg) -> Option<String> {
    let stage = ctx.stage_of(i)?;
    if ctx.shell(i) != ShellKind::Posix || ctx.file.slice(arg.span) != arg.value {
        return None;
    }
    let (chain, other) = match inst.kind {
        Kind::Cmd => (ctx.graph.ancestry(stage.index), Some(Kind::Entrypoint)),
        Kind::Entrypoint => (vec![stage.index], Some(Kind::Cmd)),
        _ => (Vec::new(), None),
    };
    let conflicts = chain.iter().any(|&s| {
        ctx.instructions(&ctx.stages()[s])
            .iter()
            .any(|x| Some(x.kind) == other)
    });
    if conflicts {
        return None;
    }
    let words = plain_words(&arg.value)?;
    let items: Vec<String> = words
        .iter()
        .map(|w| serde_json::to_string(w).expect("a string serialises"))
        .collect();
    Some(format!("[{}]", items.join(", ")))
}

/// Shell builtins and keywords: as the first word they only exist inside a shell.
const SHELL_ONLY: &[&str] = &[
    ".", ":", "alias", "bg", "break", "case", "cd", "command", "continue", "do", "done", "elif",
    "else", "esac", "eval", "exec", "exit", "export", "fc", "fg", "fi", "for", "function",
    "getopts", "hash", "if", "jobs", "read", "readonly", "return", "select", "set", "shift",
    "source", "then", "time", "times", "trap", "type", "ulimit", "umask", "unalias", "unset",
    "until", "wait", "while", "[[", "{", "}", "!",
];

/// The words of `text` when the shell would pass them on unchanged: words of letters, digits
/// and `_-./:,@%+=` (no `=` in the program name), `'…'` quoted anything, `"…"` quoted
/// anything but `$`, `` ` `` and `\`. No variables, globs, operators, redirections, escapes,
/// comments or `~`.
fn plain_words(text: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.next_if(|c| *c == ' ' || *c == '\t').is_some() {}
        if chars.peek().is_none() {
            break;
        }
        let mut word = String::new();
        while let Some(&c) = chars.peek() {
            match c {
                ' ' | '\t' => break,
                '\'' => {
                    chars.next();
                    loop {
                        match chars.next()? {
                            '\'' => break,
                            c => word.push(c),
                        }
                    }
                }
                '"' => {
                    chars.next();
                    loop {
                        match chars.next()? {
                            '"' => break,
                            '$' | '`' | '\\' => return None,
                            c => word.push(c),
                        }
                    }
                }
                c if c.is_alphanumeric() || "_-./:,@%+=".contains(c) => {
                    if c == '=' && words.is_empty() {
                        return None; // `A=1 cmd` is an assignment
                    }
                    word.push(c);
                    chars.next();
                }
                _ => return None,
            }
        }
        words.push(word);
    }
    let first = words.first()?;
    (!first.is_empty() && !SHELL_ONLY.contains(&first.as_str())).then_some(words)
}

#[cfg(test)]
mod tests {
    use super::plain_words;

    #[test]
    fn no_fix_when_the_shell_does_something() {
        for cmd in [
            "node $APP",
            "a && b",
            "a | b",
            "a > log",
            "exec node x",
            "A=1 node",
            "node *.js",
            "echo ~",
            "cd /app; ./run",
            "echo \"$HOME\"",
            "x # comment",
            "a\\ b",
        ] {
            assert_eq!(plain_words(cmd), None, "{cmd}");
        }
        assert_eq!(
            plain_words("  run  -x 'a b'  \"\" ").unwrap(),
            ["run", "-x", "a b", ""]
        );
    }
}
