//! Shared by the rules about the commands inside RUN: the commands a rule is about (as they run,
//! after `sudo`, `env`, `xargs` and other wrappers), their operands, and the way back from a
//! word to the file for spans and fixes.

use crate::fix::insert_at_each;
use crate::lint::scripts::RunScript;
use crate::lint::{Context, Findings, Rule};
use crate::report::Span;
use crate::shell::{Command, Word};
use std::ops::Range;
use std::rc::Rc;

/// One command of one RUN script.
pub(crate) struct Invocation<'c> {
    /// Index of the RUN in the file's instructions.
    pub instruction: usize,
    pub script: &'c RunScript<'c>,
    /// The command as written: `sudo -E apt-get install curl`.
    pub written: Rc<Command>,
    /// The command that runs: `apt-get install curl`.
    pub cmd: Rc<Command>,
}

/// The commands of every script, found once per file (see [`all`]): (index of the script in
/// `Context::scripts`, the command as written, the command that runs).
struct Commands(Vec<(usize, Rc<Command>, Rc<Command>)>);

impl Invocation<'_> {
    /// The program that runs (`apt-get`), without its directory.
    pub fn program(&self) -> &str {
        self.cmd.program().unwrap_or("")
    }

    /// The span of the command that runs (wrappers left out).
    pub fn span(&self, ctx: &Context) -> Span {
        ctx.span_of(self.script.source_range(self.cmd.range.clone()))
    }

    /// The span of the command as written, wrappers included (`sudo -E apt-get update`).
    pub fn written_span(&self, ctx: &Context) -> Span {
        ctx.span_of(self.script.source_range(self.written.range.clone()))
    }

    pub fn word_span(&self, ctx: &Context, word: &Word) -> Span {
        ctx.span_of(self.script.source_range(word.range.clone()))
    }

    /// The file range of a word when the file holds it verbatim there (not inside an escaped
    /// `sh -c` string or across a continuation): the only places a fix may edit.
    pub fn exact_range(&self, ctx: &Context, word: &Word) -> Option<Range<usize>> {
        let range = self.script.source_range(word.range.clone());
        (ctx.file.text.get(range.clone())? == word.raw).then_some(range)
    }
}

/// Every command of every RUN (POSIX shells), in file order. Worked out once per file (a
/// few dozen rules ask), then shared.
pub(crate) fn all<'c>(ctx: &'c Context) -> impl Iterator<Item = Invocation<'c>> + 'c {
    let commands = ctx.memo(|ctx| {
        let mut out = Vec::new();
        for (k, script) in ctx.scripts().iter().enumerate() {
            for written in of_script(script) {
                let cmd = Rc::new(runs(&written));
                out.push((k, Rc::new(written), cmd));
            }
        }
        Commands(out)
    });
    let scripts = ctx.scripts();
    (0..commands.0.len()).filter_map(move |i| {
        let (k, written, cmd) = &commands.0[i];
        let script = scripts.get(*k)?;
        Some(Invocation {
            instruction: script.instruction,
            script,
            written: written.clone(),
            cmd: cmd.clone(),
        })
    })
}

/// The commands of one script in text order: those of the grammar and those inside `$(…)`
/// and backticks, which it leaves inside their words (hadolint reads both).
fn of_script(script: &RunScript) -> Vec<Command> {
    let mut written = script.script.commands.clone();
    let text = script.text();
    if text.contains("$(") || text.contains('`') {
        for r in substitutions(text) {
            let Some(inner) = text.get(r.clone()) else {
                continue;
            };
            for mut c in crate::shell::parse(inner).commands {
                let shift = |x: &mut Range<usize>| *x = x.start + r.start..x.end + r.start;
                shift(&mut c.range);
                c.words
                    .iter_mut()
                    .chain(c.assignments.iter_mut())
                    .for_each(|w| shift(&mut w.range));
                c.position.nested = true;
                written.push(c);
            }
        }
        written.sort_by_key(|c| c.range.start);
    }
    written
}

/// The inner text of every command substitution of a script, `$(…)` and `` `…` ``, nested
/// ones included; single-quoted text and comments are skipped.
pub(crate) fn substitutions(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut double = false;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'\'' if !double => {
                i = text[i + 1..].find('\'').map_or(b.len(), |p| i + 1 + p);
            }
            b'"' => double = !double,
            b'#' if !double && (i == 0 || b" \t\n;&|(".contains(&b[i - 1])) => {
                i = text[i..].find('\n').map_or(b.len(), |p| i + p);
            }
            b'$' if b.get(i + 1) == Some(&b'(') && b.get(i + 2) != Some(&b'(') => {
                let start = i + 2;
                out.push(start..closing_paren(b, start));
                i = start;
                continue; // scan inside for nested substitutions
            }
            b'`' => {
                let start = i + 1;
                let end = (start..b.len())
                    .find(|&j| b[j] == b'`' && b[j - 1] != b'\\')
                    .unwrap_or(b.len());
                out.push(start..end);
                i = end;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// The offset of the `)` closing a `$(` whose text starts at `start` (quotes and escapes
/// respected), or the end of the text.
fn closing_paren(b: &[u8], start: usize) -> usize {
    let (mut depth, mut quote, mut i) = (1usize, None, start);
    while i < b.len() {
        match (quote, b[i]) {
            (_, b'\\') if quote != Some(b'\'') => i += 1,
            (None, q @ (b'\'' | b'"')) => quote = Some(q),
            (Some(q), c) if c == q => quote = None,
            (None, b'(') => depth += 1,
            (None, b')') => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
        i += 1;
    }
    b.len()
}

/// The command that runs: wrappers removed, except that `command -v x` only looks `x` up.
fn runs(written: &Command) -> Command {
    let lookup = written.program() == Some("command")
        && written
            .args()
            .first()
            .is_some_and(|w| w.value == "-v" || w.value == "-V");
    if lookup {
        written.clone()
    } else {
        written.unwrapped().into_owned()
    }
}

/// The commands that run one of `programs`.
pub(crate) fn of<'c>(
    ctx: &'c Context,
    programs: &'c [&'c str],
) -> impl Iterator<Item = Invocation<'c>> + 'c {
    all(ctx).filter(move |i| programs.contains(&i.program()))
}

pub(crate) use crate::lint::tools::operands;

/// The shared check of the "answer the prompt" rules (apt-get, yum, dnf, zypper): `prompts`
/// gives the subcommand word of a command that would ask for confirmation; each RUN with such
/// commands is reported once, at the first, with one fix adding ` -y` after every subcommand.
pub(crate) fn report_missing_yes(
    ctx: &Context,
    out: &mut Findings,
    rule: &Rule,
    prompts: fn(&Command) -> Option<&Word>,
    message: &str,
) {
    let missing = all(ctx).filter_map(|inv| {
        let sub = prompts(&inv.cmd)?;
        let at = inv.exact_range(ctx, sub).map(|r| r.end);
        Some((inv.instruction, (inv.span(ctx), at)))
    });
    report_inserting(
        out,
        rule,
        missing,
        message,
        ("Add `-y` after the subcommand", " -y"),
    );
}

/// Reports each RUN once, at the span of its first place, with one fix inserting `text` at
/// every place of the RUN ([`insert_at_each`]: none unless each can be edited in place).
/// `places` are `(instruction, (span, offset to insert at))` in file order.
pub(crate) fn report_inserting(
    out: &mut Findings,
    rule: &Rule,
    places: impl IntoIterator<Item = (usize, (Span, Option<usize>))>,
    message: &str,
    (title, text): (&str, &str),
) {
    for (_, group) in per_instruction(places) {
        let fix = insert_at_each(title, text, group.iter().map(|(_, at)| *at));
        out.add(rule, group[0].0, message.to_string(), fix);
    }
}

/// Group per RUN: `(instruction, items)` in file order, for rules that report once per RUN
/// (as hadolint does, so that ignore pragmas and parity line up).
pub(crate) fn per_instruction<T>(
    items: impl IntoIterator<Item = (usize, T)>,
) -> Vec<(usize, Vec<T>)> {
    let mut out: Vec<(usize, Vec<T>)> = Vec::new();
    for (i, item) in items {
        match out.last_mut() {
            Some((last, group)) if *last == i => group.push(item),
            _ => out.push((i, vec![item])),
        }
    }
    out
}

/// `a`, `a` and `b`, `a`, `b` and 3 more: names for a message, quoted.
pub(crate) fn list(names: &[&str]) -> String {
    const SHOWN: usize = 4;
    let quoted: Vec<String> = names.iter().take(SHOWN).map(|n| format!("`{n}`")).collect();
    match names.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        n if n <= SHOWN => format!("{} and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
        n => format!("{} and {} more", quoted.join(", "), n - SHOWN),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substitution_scanner_survives_odd_text() {
        for text in [
            "$(",
            "`",
            "$((1+2))",
            "\"$(a \"$(b | c)\")\"",
            "'",
            "\\",
            "$(a ')' | b)",
            "é$(x)",
        ] {
            for r in substitutions(text) {
                assert!(text.get(r).is_some(), "{text}");
            }
        }
        assert_eq!(substitutions("a $(b $(c) d) `e`"), [4..12, 8..9, 15..16]);
        assert!(substitutions("echo '$(a)' # $(b)\n\\$(c)").is_empty());
    }

    #[test]
    fn commands_inside_substitutions_are_read_in_text_order() {
        let text = "FROM debian:12\nRUN v=\"$(curl -s x | jq -r .v)\" && cd `dirname $v` && make\n";
        let df = crate::syntax::parse(text);
        let config = crate::lint::Config::default();
        let ctx = Context::new(&df, &config);
        let found: Vec<String> = all(&ctx)
            .map(|i| {
                format!(
                    "{}{}",
                    i.program(),
                    if i.cmd.position.nested { "*" } else { "" }
                )
            })
            .collect();
        assert_eq!(found, ["curl*", "jq*", "cd", "dirname*", "make"]);
        let curl = all(&ctx).next().unwrap();
        assert_eq!(df.slice(curl.span(&ctx)), "curl -s x");
    }

    /// Truncated and odd commands reach every rule of this family without a panic.
    #[test]
    fn odd_commands_do_not_panic() {
        let runs = [
            "apt-get install",
            "apt-get -o",
            "apt",
            "apk add -t",
            "pip install -r",
            "python -m",
            "python -m pip",
            "npm i",
            "gem install -v",
            "yum module",
            "dnf group",
            "zypper",
            "zypper -n",
            "go run",
            "go install -ldflags",
            "useradd -u",
            "useradd -u$",
            "wget -",
            "wget -O",
            "ln",
            "ln -t",
            "cd",
            "sudo",
            "command -v",
            "set -o",
            "a |",
            "| b",
            "x=$(",
            "x=`",
            "echo $((1|2))",
            "$(a | $(b | c",
            "'$(a|b)",
            "\\$(a|b)",
            "useradd -u 99999999999999999999999 x",
            "dnf install -y x-$",
            "pip install 'x[=]'",
        ];
        for run in runs {
            for from in ["debian:12", "alpine:3.20", "${X}"] {
                let text = format!("FROM {from}\nRUN {run}\nRUN <<EOF\n{run}\nEOF\n");
                let _ = crate::lint::lint(&text, &Default::default());
                let _ = crate::lint::fix_all(&text, &Default::default(), true);
            }
        }
    }

    #[test]
    fn lists_for_messages() {
        assert_eq!(list(&["a"]), "`a`");
        assert_eq!(list(&["a", "b", "c"]), "`a`, `b` and `c`");
        assert_eq!(
            list(&["a", "b", "c", "d", "e", "f"]),
            "`a`, `b`, `c`, `d` and 2 more"
        );
    }

    #[test]
    fn grouping_keeps_file_order() {
        let g = per_instruction([(1, 'a'), (1, 'b'), (3, 'c')]);
        assert_eq!(g, [(1, vec!['a', 'b']), (3, vec!['c'])]);
    }
}
