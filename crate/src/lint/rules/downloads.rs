//! Downloads in RUN that the build trusts blindly: a script fetched and run with nothing
//! checking it, and curl that turns an HTTP error page into the file or the pipe's input.

use super::ship_severity;
use crate::lint::invocations::{self, Invocation};
use crate::lint::scripts::{RunScript, SHELLS};
use crate::lint::tools::saved_file;
use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::{Fix, Severity, Span, TextEdit};
use crate::shell::{Command, Word};
use std::ops::Range;

const DOWNLOADERS: &[&str] = &["curl", "wget"];
/// Interpreters that run a script read from standard input when given no script (or `-`).
const INTERPRETERS: &[&str] = &[
    "python", "python2", "python3", "perl", "ruby", "node", "php",
];
/// Programs whose run between a download and its execution counts as checking it: a
/// checksum (`sha256sum -c`, `echo "$SUM  f" | sha256sum -c`) or a signature.
const VERIFIERS: &[&str] = &[
    "sha1sum",
    "sha224sum",
    "sha256sum",
    "sha384sum",
    "sha512sum",
    "shasum",
    "md5sum",
    "b2sum",
    "cksum",
    "gpg",
    "gpg2",
    "gpgv",
    "cosign",
    "minisign",
    "signify",
    "openssl",
];

pub static LL607: Rule = Rule {
    id: "LL607",
    name: "unverified-script-download",
    aliases: &[],
    related: &[],
    severity: Severity::Warning,
    title: doc!("A downloaded script runs without a checksum or signature check"),
    why: doc!("`curl … | sh` runs whatever the server (or anyone between it and the build) sends \
          today, as root, with nothing recording what it was: a compromised or changed \
          installer goes straight into the image, and two builds of one Dockerfile can differ. \
          Download to a file, check it against a pinned SHA-256 (`sha256sum -c`) or a \
          signature, then run it. In a stage that ships, the result runs in production."),
    bad: doc!("FROM debian:bookworm-slim\nRUN curl -fsSL https://example.com/install.sh | sh\n"),
    good: doc!("FROM debian:bookworm-slim\nRUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \\\n \
           && echo \"3f5a…  /tmp/install.sh\" | sha256sum -c - \\\n && sh /tmp/install.sh\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: download_and_execute,
};

pub static LL609: Rule = Rule {
    id: "LL609",
    name: "curl-without-fail",
    aliases: &[],
    related: &[],
    severity: Severity::Warning,
    title: doc!("curl saves or pipes a download without `--fail`"),
    why: doc!("Without `-f`/`--fail` curl exits 0 on an HTTP error and writes the server's error \
          page: a 404 or 503 HTML page becomes the file the image installs or the input of the \
          next command (a shell, `tar`, `apt-key`), and the build goes on as if all was well. \
          `-f` makes the RUN fail at the bad response. `-fsSL` is the usual spelling."),
    bad: doc!("FROM debian:bookworm-slim\nRUN curl -sSL -o /usr/local/bin/tini https://example.com/tini\n"),
    good: doc!("FROM debian:bookworm-slim\nRUN curl -fsSL -o /usr/local/bin/tini https://example.com/tini\n"),
    fix: Some(doc!("Add `-f` to curl's options")),
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: curl_without_fail,
};

fn download_and_execute(ctx: &Context, out: &mut Findings) {
    for script in ctx.scripts() {
        piped_to_interpreter(ctx, script, out);
    }
    for inv in invocations::all(ctx) {
        let range = command_range(inv.script.text(), &inv.written);
        let text = inv.script.text().get(range.clone()).unwrap_or_default();
        if runs_substituted_download(&inv.cmd, text) {
            let what = inv.program().to_string();
            report_execution(
                ctx,
                out,
                inv.instruction,
                ctx.span_of(inv.script.source_range(range)),
                format!("`{what}` runs a script fetched by a command substitution"),
            );
        }
    }
    saved_then_executed(ctx, out);
}

/// `curl … | sh`, `wget -O- … | sudo bash -s --`, `curl … | python3 -`.
fn piped_to_interpreter(ctx: &Context, script: &RunScript, out: &mut Findings) {
    let commands = &script.script.commands;
    for pair in commands.windows(2) {
        let (fetch, next) = (pair[0].unwrapped(), pair[1].unwrapped());
        let Some(downloader) = fetch.program().filter(|p| DOWNLOADERS.contains(p)) else {
            continue;
        };
        if !fetch.position.piped || !reads_script_from_stdin(&next) {
            continue;
        }
        let range = script.source_range(pair[0].range.start..pair[1].range.end);
        let runner = next.program().unwrap_or_default();
        report_execution(
            ctx,
            out,
            script.instruction,
            ctx.span_of(range),
            format!("`{downloader} … | {runner}` runs a downloaded script unchecked"),
        );
    }
}

/// Whether the command runs a script read from its standard input: a shell without `-c` and
/// without a script operand (or with `-s` or `-`), or an interpreter given none or `-`.
fn reads_script_from_stdin(cmd: &Command) -> bool {
    let Some(program) = cmd.program() else {
        return false;
    };
    let first_operand = cmd.operands().next().map(|w| w.value.as_str());
    if SHELLS.contains(&program) {
        !cmd.has_flag(&["-c"]) && (first_operand.is_none_or(|o| o == "-") || cmd.has_flag(&["-s"]))
    } else if INTERPRETERS.contains(&program) {
        !cmd.has_flag(&["-c", "-e", "-m", "-r", "-E"]) && first_operand.is_none_or(|o| o == "-")
    } else {
        false
    }
}

/// The command's range, with what follows it up to the next operator: the grammar leaves a
/// process substitution (`bash <(curl …)`) out of the command's words and range.
fn command_range(script: &str, cmd: &Command) -> Range<usize> {
    let rest = script.get(cmd.range.end..).unwrap_or_default();
    // The first of `\n`, `&&`, `||`, `;`, `|`, found in one pass (`|` also starts `||`).
    let bytes = rest.as_bytes();
    let extra = (0..bytes.len())
        .find(|&k| match bytes[k] {
            b'\n' | b';' | b'|' => true,
            b'&' => bytes.get(k + 1) == Some(&b'&'),
            _ => false,
        })
        .unwrap_or(rest.len());
    cmd.range.start..cmd.range.end + rest[..extra].trim_end().len()
}

/// `sh -c "$(curl -fsSL …)"`, `bash <(wget -qO- …)`, `eval "$(curl …)"`: a shell given a
/// download's output (`text` is the command as written; process substitutions are not words).
fn runs_substituted_download(cmd: &Command, text: &str) -> bool {
    let Some(program) = cmd.program() else {
        return false;
    };
    if !SHELLS.contains(&program) && !matches!(program, "eval" | "source" | ".") {
        return false;
    }
    ["$(", "<(", "`"].iter().any(|open| {
        text.match_indices(open).any(|(at, _)| {
            let inner = text[at + open.len()..].trim_start();
            DOWNLOADERS.iter().any(|d| {
                inner
                    .strip_prefix(d)
                    .is_some_and(|rest| rest.starts_with([' ', '\t']))
            })
        })
    })
}

/// A file downloaded by one command and run by a later one of the same stage (`sh f`,
/// `./f`, `. f`) with no checksum or signature program run in between.
fn saved_then_executed(ctx: &Context, out: &mut Findings) {
    // (stage, file name, the download's line) of downloads not yet checked.
    let mut pending: Vec<(usize, String, u32)> = Vec::new();
    for inv in invocations::all(ctx) {
        let Some(stage) = ctx.stage_of(inv.instruction).map(|s| s.index) else {
            continue;
        };
        let program = inv.program();
        if VERIFIERS.contains(&program) {
            pending.retain(|(s, _, _)| *s != stage);
            continue;
        }
        if let Some(file) = saved_file(&inv.cmd) {
            let line = inv.span(ctx).start.line;
            pending.push((stage, basename(&file).to_string(), line));
            continue;
        }
        let Some(run) = executed_file(&inv.cmd) else {
            continue;
        };
        let run = basename(&run.value);
        if let Some(at) = pending.iter().position(|(s, f, _)| *s == stage && f == run) {
            let (_, file, line) = pending.remove(at);
            report_execution(
                ctx,
                out,
                inv.instruction,
                inv.written_span(ctx),
                format!("`{file}`, downloaded on line {line}, runs here unchecked"),
            );
        }
    }
}

/// The script a command runs: `sh f`/`bash -e f`, `. f`/`source f`, or `./f`/`/path/f`.
fn executed_file(cmd: &Command) -> Option<&Word> {
    let program = cmd.program()?;
    if SHELLS.contains(&program) && !cmd.has_flag(&["-c", "-s"]) {
        return cmd.operands().next().filter(|w| w.value != "-");
    }
    if matches!(program, "." | "source") {
        return cmd.args().first();
    }
    // A program run by path counts when it is a script by name: running a downloaded binary
    // is a different, and often checked elsewhere, matter.
    cmd.words
        .first()
        .filter(|w| w.value.contains('/') && [".sh", ".bash"].iter().any(|e| w.value.ends_with(e)))
}

fn basename(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn report_execution(
    ctx: &Context,
    out: &mut Findings,
    instruction: usize,
    span: Span,
    what: String,
) {
    let Some(stage) = ctx.stage_of(instruction) else {
        return;
    };
    let msg = format!(
        "{what}: check it against a pinned SHA-256 (`sha256sum -c`) or a signature before \
         running it"
    );
    out.add_with_severity(&LL607, ship_severity(ctx, stage), span, msg, None);
}

fn curl_without_fail(ctx: &Context, out: &mut Findings) {
    let commands: Vec<_> = invocations::all(ctx).collect();
    for (k, inv) in commands.iter().enumerate() {
        let cmd = &inv.cmd;
        if inv.program() != "curl" {
            continue;
        }
        let file = saved_file(cmd);
        let saves = file.is_some() || cmd.has_flag(&["-O", "--remote-name", "--remote-name-all"]);
        if !saves && !cmd.position.piped {
            continue;
        }
        // Told to fail, checking the status itself, asking for headers only, or reading
        // options from a file we cannot see.
        if cmd.has_flag(&[
            "-f",
            "--fail",
            "--fail-with-body",
            "-w",
            "--write-out",
            "-I",
            "--head",
            "-K",
            "--config",
        ]) {
            continue;
        }
        let Some(stage) = ctx.stage_of(inv.instruction) else {
            continue;
        };
        // A saved file checked later (checksum, signature) fails the build if it is an
        // error page: a check in the same RUN, or a later one naming the file.
        let checked_later = || {
            commands[k + 1..].iter().any(|later| {
                let names_file = || {
                    file.as_deref().is_some_and(|f| {
                        later
                            .cmd
                            .args()
                            .iter()
                            .any(|w| basename(&w.value) == basename(f))
                    })
                };
                VERIFIERS.contains(&later.program())
                    && ctx.stage_of(later.instruction).map(|s| s.index) == Some(stage.index)
                    && (later.instruction == inv.instruction || names_file())
            })
        };
        if saves && !cmd.position.piped && checked_later() {
            continue;
        }
        let how = if cmd.position.piped {
            "pipes the response on"
        } else {
            "saves the response"
        };
        let msg = format!(
            "curl {how} without `-f`: on an HTTP error (404, 503) the server's error page \
             takes the download's place and curl still succeeds"
        );
        let fix = add_fail_flag(ctx, inv);
        out.add_with_severity(&LL609, ship_severity(ctx, stage), inv.span(ctx), msg, fix);
    }
}

/// `-sSL` → `-fsSL` when a plain group of short options is written in place; otherwise `-f`
/// right after `curl`.
fn add_fail_flag(ctx: &Context, inv: &Invocation) -> Option<Fix> {
    let group = inv.cmd.args().iter().find(|w| {
        w.raw == w.value
            && w.value.len() > 1
            && w.value.starts_with('-')
            && w.value[1..].chars().all(|c| c.is_ascii_alphabetic())
    });
    let (at, text) = match group {
        Some(g) => (inv.exact_range(ctx, g)?.start + 1, "f"),
        None => (inv.exact_range(ctx, inv.cmd.words.first()?)?.end, " -f"),
    };
    Some(Fix {
        title: "Add `-f` to curl's options".into(),
        edits: vec![TextEdit::insertion(at, text)],
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::lint;
    use crate::report::Severity;

    fn run(lines: &str) -> String {
        format!("FROM debian:12\nRUN {lines}\n")
    }

    #[test]
    fn pipes_into_a_shell_or_interpreter_are_reported_on_the_whole_pipeline() {
        for (script, span) in [
            (
                "curl -fsSL https://x.io/i.sh | sh",
                "curl -fsSL https://x.io/i.sh | sh",
            ),
            (
                "set -e && wget -qO- https://x.io/i.sh | sudo bash -s -- --yes",
                "wget -qO- https://x.io/i.sh | sudo bash -s -- --yes",
            ),
            (
                "curl -sSL https://install.python-poetry.org | python3 -",
                "curl -sSL https://install.python-poetry.org | python3 -",
            ),
            (
                "sh -c \"$(curl -fsSL https://x.io/i.sh)\"",
                "sh -c \"$(curl -fsSL https://x.io/i.sh)\"",
            ),
            (
                "bash <(curl -fsSL https://x.io/i.sh)",
                "bash <(curl -fsSL https://x.io/i.sh)",
            ),
        ] {
            lint("LL607", &run(script)).fails_at(&[span]);
        }
    }

    #[test]
    fn pipes_into_data_tools_and_checked_downloads_are_not() {
        for script in [
            "curl -fsSL https://x.io/a.tgz | tar -xz -C /opt",
            "curl -fsSL https://x.io/key.gpg | gpg --dearmor -o /k.gpg",
            "curl -fsSL https://x.io/v.json | python3 -c 'import json,sys; print(1)'",
            "curl -fsSL https://x.io/i.sh | sh -c 'cat > /i.sh'",
            "curl -fsSLo /tmp/i.sh https://x.io/i.sh && echo \"abc  /tmp/i.sh\" | sha256sum -c - && sh /tmp/i.sh",
            "wget https://x.io/i.sh && gpg --verify i.sh.asc i.sh && bash i.sh",
            "curl -fsSLo /tmp/i.sh https://x.io/i.sh && sh /tmp/other.sh",
            "echo 'curl https://x.io/i.sh | sh' > /notes.txt",
            "# curl https://x.io/i.sh | sh\ntrue",
        ] {
            lint("LL607", &run(script)).passes();
        }
        let data = "FROM debian:12\nRUN cat <<EOF > /usr/local/bin/setup\ncurl https://x.io/i.sh | sh\nEOF\n";
        lint("LL607", data).passes();
    }

    #[test]
    fn saved_then_run_is_reported_at_the_run_even_in_a_later_instruction() {
        let text = "FROM debian:12\nRUN curl -fsSLo /tmp/get.sh https://x.io/get.sh\nRUN chmod +x /tmp/get.sh && /tmp/get.sh --yes\n";
        lint("LL607", text).fails_at(&["/tmp/get.sh --yes"]);
        let wget = run("wget -q https://x.io/rustup-init.sh && sh ./rustup-init.sh -y");
        lint("LL607", &wget)
            .fails_at(&["sh ./rustup-init.sh -y"])
            .messages_contain(&["`rustup-init.sh`, downloaded on line 2"]);
    }

    #[test]
    fn heredoc_scripts_count_and_builder_stages_are_info() {
        let text = "FROM debian:12 AS build\nRUN <<EOF\ncurl -fsSL https://x.io/i.sh | bash\nEOF\nFROM debian:12\nCOPY --from=build /x /x\nRUN curl -fsSL https://x.io/i.sh | sh\n";
        let case = lint("LL607", text);
        case.fails_at(&[
            "curl -fsSL https://x.io/i.sh | bash",
            "curl -fsSL https://x.io/i.sh | sh",
        ]);
        let severities: Vec<Severity> = case.findings.iter().map(|f| f.severity).collect();
        assert_eq!(severities, [Severity::Info, Severity::Warning]);
    }

    #[test]
    fn curl_saving_or_piping_without_fail_is_reported_with_a_fix() {
        let text = run("curl -sSL https://x.io/a.tgz | tar -xz");
        lint("LL609", &text)
            .fails_at(&["curl -sSL https://x.io/a.tgz"])
            .fixes_to(&run("curl -fsSL https://x.io/a.tgz | tar -xz"));
        let long = run("sudo curl --location --output /a https://x.io/a");
        lint("LL609", &long)
            .fails_at(&["curl --location --output /a https://x.io/a"])
            .fixes_to(&run("sudo curl -f --location --output /a https://x.io/a"));
        let quoted = run("curl \"-sSL\" -o /a https://x.io/a");
        lint("LL609", &quoted)
            .fails_at(&["curl \"-sSL\" -o /a https://x.io/a"])
            .fixes_to(&run("curl \"-sSL\" -fo /a https://x.io/a"));
        for ok in [
            "curl -fsSL https://x.io/a | tar -xz",
            "curl --fail -o /a https://x.io/a",
            "curl -sSLfo /a https://x.io/a",
            "curl -s https://x.io/health",
            "curl -sSL -o- https://x.io/a",
            "curl -sSLo /a https://x.io/a && echo \"$SUM  /a\" | sha256sum -c -",
            "curl -s -w '%{http_code}' -o /dev/null https://x.io/a | grep 200",
            "v=$(curl -s https://x.io/v)",
        ] {
            lint("LL609", &run(ok)).passes();
        }
    }
}

#[cfg(test)]
mod odd_input {
    /// Truncated and odd download commands reach both rules without a panic.
    #[test]
    fn odd_commands_do_not_panic() {
        for run in [
            "curl",
            "curl -o",
            "curl -o-",
            "curl -",
            "curl -O",
            "wget -O",
            "wget -qO",
            "curl |",
            "| sh",
            "curl x | sh -s",
            "sh <(",
            "sh -c \"$(curl",
            "bash <(curl",
            "eval `wget",
            "curl -é x | sh",
            "wget https://x.io/é.sh && sh é.sh",
            "curl -o a -o b x",
            "chmod",
            "chmod -R",
            "chmod 0",
            "chmod ,",
            "chmod a+,o+w x",
            "mkdir -m",
            "install -m",
            "chmod 7777777777 x",
            "chmod ====w x",
        ] {
            let text = format!(
                "FROM debian:12\nRUN {run}\nRUN <<EOF\n{run}\nEOF\nCOPY --chmod={run} a b\n"
            );
            let _ = crate::lint::lint(&text, &Default::default());
            let _ = crate::lint::fix_all(&text, &Default::default(), true);
        }
    }
}
