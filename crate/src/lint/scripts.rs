//! The shell scripts of RUN instructions, parsed once for every rule: the shell-form command
//! and the heredoc bodies the shell runs, each with the way back to the file, so findings on a
//! command point at the command.

use crate::shell::{self, Script};
use crate::syntax::views::ShellCommand;
use crate::syntax::{Heredoc, Instruction};
use std::ops::Range;

/// Programs that run a heredoc on their standard input as a script.
pub(crate) const SHELLS: &[&str] = &["sh", "bash", "dash", "ash", "zsh", "ksh"];

/// One script of one RUN.
pub struct RunScript<'a> {
    /// Index of the RUN in `Dockerfile::instructions`.
    pub instruction: usize,
    pub script: Script,
    /// The grammar's tree of the text (`None` when the grammar rejected it).
    tree: Option<brush_parser::ast::Program>,
    /// The text the script was parsed from (heredoc markers blanked out, same length).
    text: String,
    origin: Origin<'a>,
}

enum Origin<'a> {
    /// The shell-form command (continuations removed; heredoc markers blanked out).
    Command(ShellCommand<'a>),
    /// A heredoc body, verbatim in the file from this offset.
    Heredoc(usize),
}

impl RunScript<'_> {
    /// File byte range of a byte range of the script.
    pub fn source_range(&self, range: Range<usize>) -> Range<usize> {
        match &self.origin {
            Origin::Command(c) => c.source_range(range),
            Origin::Heredoc(start) => start + range.start..start + range.end,
        }
    }

    /// The script's text; [`source_range`](Self::source_range) maps its ranges to the file.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The grammar's tree of [`text`](Self::text), when the grammar read it.
    pub fn tree(&self) -> Option<&brush_parser::ast::Program> {
        self.tree.as_ref()
    }

    /// Whether the script is a heredoc body rather than the instruction line.
    pub fn is_heredoc(&self) -> bool {
        matches!(self.origin, Origin::Heredoc(_))
    }
}

/// The scripts of a RUN run by a POSIX shell: its shell-form command, then every heredoc
/// body that the shell reads as a script (`RUN <<EOF`, `RUN bash <<EOF`; not `cat <<EOF`).
pub fn of_run<'a>(index: usize, run: &'a Instruction, text: &str) -> Vec<RunScript<'a>> {
    let mut out = Vec::new();
    let Some(command) = run.shell_command() else {
        return out; // exec form: no shell
    };
    let masked = mask_heredoc_markers(command.text, &run.heredocs, text);
    let (script, tree) = shell::parse_with_tree(&masked);
    let runs_heredocs = script.commands.is_empty()
        || script.commands.iter().all(|c| {
            let c = c.unwrapped();
            c.program().is_some_and(|p| SHELLS.contains(&p)) && !c.has_flag(&["-c"])
        });
    out.push(RunScript {
        instruction: index,
        script,
        tree,
        text: masked,
        origin: Origin::Command(command),
    });
    if runs_heredocs {
        for heredoc in run
            .heredocs
            .iter()
            .filter(|h| matches!(h.fd, None | Some(0)))
        {
            let (script, tree) = shell::parse_with_tree(&heredoc.body);
            out.push(RunScript {
                instruction: index,
                script,
                tree,
                text: heredoc.body.clone(),
                origin: Origin::Heredoc(heredoc.body_span.start.offset),
            });
        }
    }
    out
}

/// The command text with each `<<EOF` marker replaced by spaces (same length, so offsets keep
/// mapping): the shell grammar would otherwise look for bodies the text does not contain.
fn mask_heredoc_markers(command: &str, heredocs: &[Heredoc], text: &str) -> String {
    let mut masked = command.to_string();
    let mut from = 0;
    for h in heredocs {
        let Some(marker) = text.get(h.marker_span.start.offset..h.marker_span.end.offset) else {
            continue;
        };
        if let Some(at) = masked[from..].find(marker).map(|p| p + from) {
            masked.replace_range(at..at + marker.len(), &" ".repeat(marker.len()));
            from = at + marker.len();
        }
    }
    masked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    fn scripts(text: &str) -> Vec<(bool, Vec<String>)> {
        let df = parse(text);
        let (i, run) = df
            .instructions
            .iter()
            .enumerate()
            .find(|(_, i)| i.keyword.eq_ignore_ascii_case("RUN"))
            .unwrap();
        of_run(i, run, &df.text)
            .iter()
            .map(|s| {
                let programs = s
                    .script
                    .commands
                    .iter()
                    .map(|c| c.program().unwrap_or("").to_string())
                    .collect();
                (s.is_heredoc(), programs)
            })
            .collect()
    }

    #[test]
    fn heredocs_run_by_the_shell_are_scripts_and_data_heredocs_are_not() {
        let run = "FROM a\nRUN <<EOF\napt-get update\napt-get install -y x\nEOF\n";
        assert_eq!(
            scripts(run),
            [
                (false, vec![]),
                (true, vec!["apt-get".into(), "apt-get".into()])
            ]
        );
        let bash = "FROM a\nRUN bash -e <<EOF\napk add x\nEOF\n";
        assert_eq!(scripts(bash)[1], (true, vec!["apk".to_string()]));
        let data = "FROM a\nRUN cat <<EOF > /etc/x.conf\napt-get purge\nEOF\n";
        assert_eq!(scripts(data), [(false, vec!["cat".to_string()])]);
        let python = "FROM a\nRUN python3 <<EOF\nimport os\nEOF\n";
        assert_eq!(scripts(python).len(), 1);
    }

    #[test]
    fn ranges_map_back_to_the_file_across_continuations_and_heredocs() {
        let text = "FROM a\nRUN set -e; \\\n    apk add --no-cache curl\nRUN <<EOF\n  pip install x\nEOF\n";
        let df = parse(text);
        let run = &df.instructions[1];
        let s = &of_run(1, run, &df.text)[0];
        let apk = &s.script.commands[1];
        assert_eq!(
            &text[s.source_range(apk.range.clone())],
            "apk add --no-cache curl"
        );
        assert_eq!(&s.text()[apk.range.clone()], "apk add --no-cache curl");
        let body = &of_run(2, &df.instructions[2], &df.text)[1];
        let pip = &body.script.commands[0];
        assert_eq!(body.text(), "  pip install x\n");
        assert_eq!(&text[body.source_range(pip.range.clone())], "pip install x");
    }
}
