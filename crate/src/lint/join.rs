//! Text edits that add commands to the end of a shell-form RUN — a whole later RUN (LL101's
//! join, LL102's move) or one cleanup command (LL103) — without changing what the build does.
//!
//! What is checked, and why:
//! - both RUNs are shell form run by a POSIX shell, without heredocs (a heredoc body is a
//!   script whose failures do not stop it; joining would change that);
//! - the first RUN can be followed by ` && …`: it parses, does not end in `&` or `;`, has no
//!   `exit`/`exec` at the top, and its last line is code (not a comment line, not a
//!   continuation into the next line); a trailing `# comment` on that last line is kept as a
//!   comment line inside the continuation, which BuildKit drops like any comment there;
//! - joining a whole RUN: the first one leaves no shell state behind (`cd`, `export`, bare
//!   assignments, `set -u`/`-o pipefail`, functions, …), which the second would otherwise
//!   inherit; and the second is a plain `&&` chain, else it is wrapped in `( … )` so that
//!   its `;`/`||` cannot swallow a failure of the first (`a && b || true` would);
//! - `&&` keeps failure semantics: the joined RUN fails when either part would have failed, and
//!   the second part does not run after the first failed (the build stopped there anyway).

use super::context::{Context, ShellKind};
use crate::report::TextEdit;
use crate::shell::{self, Shape};
use crate::syntax::{Instruction, Kind};

/// Where and how a RUN can take more commands at its end.
pub(crate) struct Tail {
    /// File offset just after the last character of code.
    pub code_end: usize,
    /// File offset of the end of the instruction (after a trailing comment, if any).
    pub end: usize,
    /// A trailing `# comment` on the last line, as written.
    pub comment: Option<String>,
    /// The RUN is on one line (and has no trailing comment): append inline.
    pub one_line: bool,
    /// Continuation lines begin with `&&` (`\` at line ends, operators in front).
    pub leading_operators: bool,
    /// Indentation for new continuation lines.
    pub indent: String,
    pub shape: Shape,
    /// The file's line break (`\n` or `\r\n`).
    pub newline: &'static str,
}

/// Why commands cannot be added to instruction `i`, or where they go.
pub(crate) fn tail(ctx: &Context, i: usize) -> Result<Tail, &'static str> {
    let inst = &ctx.file.instructions[i];
    let text = &ctx.file.text;
    let (command, shape) = script_of(ctx, i)?;
    if shape.ends_in_background {
        return Err("it ends with a background `&`");
    }
    if shape.may_exit {
        return Err("it may `exit` before commands added at its end");
    }
    let (code, comment_at) = match comment_start(command.text) {
        Some(p) => (command.text[..p].trim_end(), Some(p)),
        None => (command.text.trim_end(), None),
    };
    if code.ends_with([';', '&', '|']) || code.ends_with(ctx.file.escape) {
        return Err("its last command ends with an operator");
    }
    if code.is_empty() {
        return Err("it has no command");
    }
    let code_end = command.source_range(0..code.len()).end;
    let end = inst.span.end.offset;
    let last_line_start = text[..end].rfind('\n').map_or(0, |p| p + 1);
    let last_line = text[last_line_start..end].trim();
    if last_line.starts_with('#') || last_line.ends_with(ctx.file.escape) {
        return Err("its last line is a comment or a continuation");
    }
    let comment = match comment_at {
        Some(p) => {
            let start = command.source_offset(p);
            if start < last_line_start || text[start..end].contains('\n') {
                return Err("a comment inside it hides the rest of its line");
            }
            Some(text[start..end].trim_end().to_string())
        }
        None => None,
    };
    let body = &text[inst.span.start.offset..end];
    let leading_operators = body
        .lines()
        .skip(1)
        .any(|l| l.trim_start().starts_with("&&"));
    let indent: String = text[last_line_start..end]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let indent = if last_line_start <= inst.span.start.offset || indent.is_empty() {
        "    ".to_string()
    } else {
        indent
    };
    Ok(Tail {
        code_end,
        end,
        one_line: !body.contains('\n') && comment.is_none(),
        comment,
        leading_operators,
        indent,
        shape,
        newline: if text[end..].starts_with("\r\n") {
            "\r\n"
        } else {
            "\n"
        },
    })
}

/// The edit that appends `command` (one shell command) to RUN `i` with `&&`.
pub(crate) fn append(ctx: &Context, i: usize, command: &str) -> Result<TextEdit, &'static str> {
    let t = tail(ctx, i)?;
    let esc = ctx.file.escape;
    let text = if t.one_line {
        format!(" && {command}")
    } else {
        let mut s = String::new();
        let op = if t.leading_operators { "" } else { " &&" };
        s.push_str(&format!("{op} {esc}"));
        if let Some(c) = &t.comment {
            s.push_str(&format!("{}{}{c}", t.newline, t.indent));
        }
        let lead = if t.leading_operators { "&& " } else { "" };
        s.push_str(&format!("{}{}{lead}{command}", t.newline, t.indent));
        s
    };
    Ok(TextEdit::replacement(t.code_end..t.end, text))
}

/// The edits that move RUN `b` to the end of RUN `a` (an earlier RUN of the same stage) with
/// `&&`: `b`'s text, and the comment lines right before it, go into `a`; `b` is deleted. The
/// caller checks that running `b` earlier (before what stands between them) is right, and that
/// `b`'s flags may be dropped.
pub(crate) fn join(ctx: &Context, a: usize, b: usize) -> Result<Vec<TextEdit>, String> {
    let t = tail(ctx, a)?;
    if let Some(what) = &t.shape.changes_state {
        return Err(format!(
            "the first RUN's `{what}` would carry over to the second"
        ));
    }
    let text = &ctx.file.text;
    let inst_b = &ctx.file.instructions[b];
    let (command_b, shape_b) = script_of(ctx, b)?;
    let b_start = inst_b
        .args_span()
        .ok_or("the second RUN has no command")?
        .start
        .offset;
    let b_end = inst_b.span.end.offset;
    let b_last_line = text[text[..b_end].rfind('\n').map_or(0, |p| p + 1)..b_end].trim();
    if b_last_line.starts_with('#') || b_last_line.ends_with(ctx.file.escape) {
        return Err("the second RUN's last line is a comment or a continuation".into());
    }
    let wrap = !shape_b.and_chain;
    if wrap && comment_start(command_b.text).is_some() {
        return Err("the second RUN would need `( … )` but ends in a comment".into());
    }
    // Comment lines between the last instruction before `b` and `b` move with it.
    let previous_end = ctx.file.instructions[..b]
        .last()
        .map_or(0, |p: &Instruction| p.span.end.offset);
    let moved: Vec<_> = ctx
        .file
        .comments
        .iter()
        .filter(|c| {
            !c.in_continuation
                && c.span.start.offset >= previous_end
                && c.span.end.offset <= inst_b.span.start.offset
        })
        .collect();
    if moved.iter().any(|c| is_pragma(&c.text)) {
        return Err(
            "a `# hadolint`/`# layerlint` comment before the second RUN is meant for it".into(),
        );
    }
    let esc = ctx.file.escape;
    let nl = t.newline;
    let mut insert = String::new();
    insert.push_str(&format!(" && {esc}"));
    for c in t
        .comment
        .iter()
        .map(String::as_str)
        .chain(moved.iter().map(|c| ctx.file.slice(c.span).trim_end()))
    {
        insert.push_str(&format!("{nl}{}{c}", t.indent));
    }
    insert.push_str(nl);
    insert.push_str(&t.indent);
    let b_text = &text[b_start..b_end];
    if wrap {
        insert.push_str(&format!("( {b_text} )"));
    } else {
        insert.push_str(b_text);
    }
    // Delete from the start of the first moved line to the end of `b`'s line.
    let first = moved
        .first()
        .map_or(inst_b.span.start.offset, |c| c.span.start.offset);
    let mut del_start = text[..first].rfind('\n').map_or(0, |p| p + 1);
    let mut del_end = b_end;
    if del_start >= t.end && text[t.end..del_start].trim().is_empty() {
        // Only blank lines between: they go too, and the second RUN's line break stays.
        del_start = t.end;
    } else if text[b_end..].starts_with("\r\n") {
        del_end += 2;
    } else if text[b_end..].starts_with('\n') {
        del_end += 1;
    } else {
        // `b` ends the file without a newline: remove the line break before it instead.
        del_start = text[..del_start]
            .strip_suffix("\r\n")
            .or_else(|| text[..del_start].strip_suffix('\n'))
            .map_or(del_start, str::len);
    }
    if del_start < t.end {
        return Err("the RUNs overlap".into());
    }
    if del_start == t.end {
        // Nothing to keep in between: one edit.
        return Ok(vec![TextEdit::replacement(t.code_end..del_end, insert)]);
    }
    Ok(vec![
        TextEdit::replacement(t.code_end..t.end, insert),
        TextEdit::deletion(del_start..del_end),
    ])
}

/// The shell-form command of a RUN run by a POSIX shell, with its shape.
fn script_of<'a>(
    ctx: &Context<'a>,
    i: usize,
) -> Result<(crate::syntax::views::ShellCommand<'a>, Shape), &'static str> {
    let file: &'a crate::syntax::Dockerfile = ctx.file;
    let inst = &file.instructions[i];
    if inst.kind != Kind::Run {
        return Err("it is not a RUN");
    }
    let command = inst
        .shell_command()
        .ok_or("exec form (`RUN [\"…\"]`) has no shell to join commands")?;
    if !inst.heredocs.is_empty() {
        return Err("a heredoc body is a script of its own (its failures do not stop it)");
    }
    if ctx.shell(i) != ShellKind::Posix {
        return Err("it is not run by a POSIX shell");
    }
    // The tree the context parsed once (without heredocs, the script is the command's text).
    let shape = ctx
        .scripts_of(i)
        .find(|s| !s.is_heredoc())
        .and_then(|s| s.tree())
        .map(shell::shape_of)
        .ok_or("its script does not parse")?;
    Ok((command, shape))
}

/// `# hadolint ignore=…`, `# layerlint ignore=…`, `# hadolint shell=…`: comments that mean
/// something for the next instruction.
pub(crate) fn is_pragma(comment: &str) -> bool {
    let t = comment.trim_start().to_ascii_lowercase();
    t.starts_with("hadolint") || t.starts_with("layerlint")
}

/// Where a shell comment starts in `script`: an unquoted `#` at the start of a word.
pub(crate) fn comment_start(script: &str) -> Option<usize> {
    let bytes = script.as_bytes();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) => {
                if b == b'\\' && q != b'\'' {
                    i += 1;
                } else if b == q {
                    quote = None;
                }
            }
            None => match b {
                b'\'' | b'"' | b'`' => quote = Some(b),
                b'\\' => i += 1,
                b'#' if i == 0
                    || matches!(
                        bytes[i - 1],
                        b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b'(' | b')'
                    ) =>
                {
                    return Some(i)
                }
                _ => {}
            },
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_start_at_unquoted_word_starts() {
        assert_eq!(comment_start("make # build"), Some(5));
        assert_eq!(comment_start("echo '#' \"a # b\" a#b $# ${#x}"), None);
        assert_eq!(comment_start("echo \\# x"), None);
        assert_eq!(comment_start("a;# x"), Some(2));
    }
}
