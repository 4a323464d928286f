//! Instructions BuildKit warns about as written: shell-form CMD/ENTRYPOINT
//! (JSONArgsRecommended), MAINTAINER (MaintainerDeprecated, hadolint's DL4000), a first
//! relative WORKDIR (WorkdirRelativePath), repeated CMD/ENTRYPOINT/HEALTHCHECK
//! (MultipleInstructionsDisallowed) and `ENV key value` (LegacyKeyValueFormat).

use super::go_quote;
use super::vars::walk;
use crate::lint::exec_form::exec_form_fix;
use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::{Fix, Severity, Span, TextEdit};
use crate::syntax::expand::Lexer;
use crate::syntax::stages::StageRef;
use crate::syntax::{Args, Instruction, Kind, Pair};

pub static LL706: Rule = Rule {
    id: "LL706",
    name: "json-args-recommended",
    aliases: &["JSONArgsRecommended"],
    related: &["DL3025"],
    severity: Severity::Warning,
    title: doc!("CMD or ENTRYPOINT in shell form"),
    why: doc!(
        "In shell form the container's main process is `/bin/sh -c`, not your program: \
          `docker stop` and the orchestrator's SIGTERM go to the shell, which does not pass \
          them on, so the program is killed after the grace period instead of shutting down \
          cleanly (slow deploys, cut connections). The JSON (exec) form runs the program \
          directly. BuildKit does not warn when the stage (or a stage it is built FROM) sets \
          SHELL first; unlike hadolint's DL3025 it checks CMD and ENTRYPOINT only in stages."
    ),
    bad: doc!("FROM node:22-slim\nCMD node server.js\n"),
    good: doc!("FROM node:22-slim\nCMD [\"node\", \"server.js\"]\n"),
    fix: Some(doc!(
        "Rewrite as a JSON array (only when the command is plain words)"
    )),
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: json_args_recommended,
};

fn json_args_recommended(ctx: &Context, out: &mut Findings) {
    let mut shell_set: Vec<bool> = Vec::with_capacity(ctx.stages().len());
    for stage in ctx.stages() {
        let mut set = match stage.parent() {
            Some(StageRef::Stage(p)) => shell_set.get(*p).copied().unwrap_or(false),
            _ => false,
        };
        for i in stage.instructions.clone().skip(1) {
            let inst = &ctx.file.instructions[i];
            match (inst.kind, &inst.args) {
                (Kind::Shell, _) if inst.as_shell().is_some() => set = true,
                (Kind::Cmd | Kind::Entrypoint, Args::Text(a)) if !set => {
                    let msg = format!(
                        "JSON arguments recommended for {} to prevent unintended behavior \
                         related to OS signals",
                        inst.keyword
                    );
                    out.add(&LL706, a.span, msg, exec_form_fix(ctx, i, inst, a));
                }
                _ => {}
            }
        }
        shell_set.push(set);
    }
}

pub static LL707: Rule = Rule {
    id: "LL707",
    name: "maintainer-deprecated",
    aliases: &["MaintainerDeprecated", "DL4000"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("MAINTAINER is deprecated"),
    why: doc!(
        "MAINTAINER sets a field of the image config that the OCI image format dropped; tools \
          read the author from the `org.opencontainers.image.authors` label instead."
    ),
    bad: doc!("FROM alpine:3.20\nMAINTAINER Jane Doe <jane@example.com>\n"),
    good:
        doc!("FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"Jane Doe <jane@example.com>\"\n"),
    fix: Some(doc!(
        "Replace with `LABEL org.opencontainers.image.authors=\"…\"`"
    )),
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: maintainer_deprecated,
};

fn maintainer_deprecated(ctx: &Context, out: &mut Findings) {
    for inst in ctx
        .file
        .instructions
        .iter()
        .filter(|i| i.kind == Kind::Maintainer)
    {
        let msg = "Maintainer instruction is deprecated in favor of using label".to_string();
        out.add(&LL707, inst.span, msg, label_fix(ctx, inst));
    }
}

/// MAINTAINER → LABEL with the same text, quoted so that BuildKit's expansion gives it back.
fn label_fix(ctx: &Context, inst: &Instruction) -> Option<Fix> {
    let author = inst.single()?;
    let inside =
        |s: Span| s.start.offset >= inst.span.start.offset && s.end.offset <= inst.span.end.offset;
    if ctx
        .file
        .comments
        .iter()
        .any(|c| c.in_continuation && inside(c.span))
    {
        return None; // the comment would be lost
    }
    let escape = ctx.file.escape;
    let mut value = String::with_capacity(author.value.len() + 2);
    for c in author.value.chars() {
        if c == '"' || c == '$' || c == escape {
            value.push(escape);
        }
        value.push(c);
    }
    let label = if inst.keyword.chars().any(|c| c.is_ascii_lowercase()) {
        "label"
    } else {
        "LABEL"
    };
    Some(Fix {
        title: "Replace with an authors label".into(),
        edits: vec![TextEdit::replacement(
            inst.span.start.offset..inst.span.end.offset,
            format!("{label} org.opencontainers.image.authors=\"{value}\""),
        )],
        ..Default::default()
    })
}

pub static LL709: Rule = Rule {
    id: "LL709",
    name: "relative-first-workdir",
    aliases: &["WorkdirRelativePath"],
    related: &["DL3000"],
    severity: Severity::Warning,
    title: doc!("First WORKDIR of a stage is relative"),
    why: doc!(
        "A relative WORKDIR is resolved against the base image's working directory, which the \
          image's next release may change: the files land elsewhere and the build or the \
          container breaks. BuildKit warns on the first WORKDIR of a stage (and of the stages \
          it is built FROM) when it is relative; later ones build on it. hadolint's DL3000 \
          flags every relative WORKDIR."
    ),
    bad: doc!("FROM node:22-slim\nWORKDIR app\n"),
    good: doc!("FROM node:22-slim\nWORKDIR /app\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: relative_first_workdir,
};

fn relative_first_workdir(ctx: &Context, out: &mut Findings) {
    if !super::has(ctx, Kind::Workdir) {
        return;
    }
    let lexer = Lexer::new(ctx.file.escape);
    let mut set: Vec<bool> = vec![false; ctx.stages().len()];
    let mut current = usize::MAX;
    walk(ctx, |s, _, inst, env| {
        if s != current {
            current = s;
            set[s] = match ctx.stages()[s].parent() {
                Some(StageRef::Stage(p)) if *p < s => set[*p],
                _ => false,
            };
        }
        let Some(path) = inst.single().filter(|_| inst.kind == Kind::Workdir) else {
            return;
        };
        let was_set = std::mem::replace(&mut set[s], true);
        let Some(e) = env.expand_certain(&lexer, &path.value) else {
            return; // depends on a value layerlint cannot know
        };
        let windows = crate::lint::instruction_facts::is_windows(ctx, &ctx.stages()[s]);
        if !was_set && !is_absolute(&e.result, windows) {
            let msg = format!(
                "Relative workdir {} can have unexpected results if the base image changes",
                go_quote(&e.result)
            );
            out.add(&LL709, path.span, msg, None);
        }
    });
}

/// Go's `system.IsAbs` for the stage's OS (unlike `instruction_facts::is_absolute`, `\app` is
/// relative on Linux). A drive-letter path (`C:/app`) counts as absolute whatever the stage:
/// only a Windows build has drives, and layerlint cannot always tell a Windows stage
/// (`FROM $BASE`).
fn is_absolute(path: &str, windows: bool) -> bool {
    let b = path.as_bytes();
    let drive =
        b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && matches!(b[2], b'\\' | b'/');
    path.starts_with('/') || (windows && path.starts_with('\\')) || drive
}

pub static LL711: Rule = Rule {
    id: "LL711",
    name: "repeated-cmd-entrypoint-healthcheck",
    aliases: &["MultipleInstructionsDisallowed"],
    related: &["DL4003", "DL4004", "DL3012"],
    severity: Severity::Warning,
    title: doc!("CMD, ENTRYPOINT or HEALTHCHECK repeated in a stage"),
    why: doc!(
        "Only the last CMD, ENTRYPOINT and HEALTHCHECK of a stage take effect; an earlier one \
          is dead code that misleads whoever reads the Dockerfile. BuildKit reports the \
          earlier one, per stage (a stage may override what the stage it is built FROM set)."
    ),
    bad: doc!(
        "FROM python:3.12-slim\nCMD [\"python\", \"app.py\"]\nCMD [\"gunicorn\", \"app:app\"]\n"
    ),
    good: doc!("FROM python:3.12-slim\nCMD [\"gunicorn\", \"app:app\"]\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: repeated_cmd_entrypoint_healthcheck,
};

fn repeated_cmd_entrypoint_healthcheck(ctx: &Context, out: &mut Findings) {
    for stage in ctx.stages() {
        let mut last: [Option<&Instruction>; 3] = [None; 3];
        for inst in &ctx.instructions(stage)[1..] {
            let (slot, related) = match inst.kind {
                Kind::Cmd => (0, "DL4003"),
                Kind::Entrypoint => (1, "DL4004"),
                Kind::Healthcheck => (2, "DL3012"),
                _ => continue,
            };
            if let Some(previous) = last[slot] {
                let msg = format!(
                    "Multiple {} instructions should not be used in the same stage because \
                     only the last one will be used",
                    inst.keyword
                );
                out.add_as(
                    &LL711,
                    LL711.severity,
                    LL711.aliases,
                    &[related],
                    previous.span,
                    msg,
                    None,
                );
            }
            last[slot] = Some(inst);
        }
    }
}

pub static LL712: Rule = Rule {
    id: "LL712",
    name: "legacy-env-format",
    aliases: &["LegacyKeyValueFormat"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("`ENV key value` instead of `ENV key=value`"),
    why: doc!(
        "The legacy form takes everything after the first space as the value, so a second \
          variable on the same line silently becomes part of the first one's value \
          (`ENV A 1 B 2` sets A to `1 B 2`). Docker documents it as deprecated; `key=value` \
          says where each value ends and allows several pairs per instruction."
    ),
    bad: doc!("FROM alpine:3.20\nENV APP_HOME /srv/app\nLABEL version 1.2\n"),
    good: doc!("FROM alpine:3.20\nENV APP_HOME=/srv/app\nLABEL version=1.2\n"),
    fix: Some(doc!(
        "Rewrite as `key=value`, quoting the value when it has spaces"
    )),
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: legacy_env_format,
};

fn legacy_env_format(ctx: &Context, out: &mut Findings) {
    for stage in ctx.stages() {
        for inst in &ctx.instructions(stage)[1..] {
            let pairs = inst
                .as_env()
                .or_else(|| inst.as_label())
                .unwrap_or_default();
            for p in pairs.iter().filter(|p| !p.equals) {
                let kw = &inst.keyword;
                let msg = format!(
                    "\"{kw} key=value\" should be used instead of legacy \"{kw} key value\" format"
                );
                out.add(&LL712, p.span, msg, key_value_fix(ctx, p));
            }
        }
    }
}

/// `key value` → `key=value`, or `key="value"` when the value has unquoted spaces and no
/// quotes or escapes of its own; otherwise no fix (the rewrite would not be exact).
fn key_value_fix(ctx: &Context, p: &Pair) -> Option<Fix> {
    let escape = ctx.file.escape;
    let key = &p.key;
    let plain_key =
        ctx.file.slice(key.span) == key.value && !key.value.contains(['"', '\'', '=', escape]);
    if !plain_key || p.value.value.is_empty() {
        return None;
    }
    let value = &p.value.value;
    let (end, text) = if single_word(value, escape) {
        (p.value.span.start.offset, "=".to_string())
    } else if ctx.file.slice(p.value.span) == value.as_str()
        && !value.contains(['"', '\'', escape])
        && !value.contains("<<")
    {
        (p.value.span.end.offset, format!("=\"{value}\""))
    } else {
        return None;
    };
    Some(Fix {
        title: "Rewrite as key=value".into(),
        edits: vec![TextEdit::replacement(key.span.end.offset..end, text)],
        ..Default::default()
    })
}

/// Whether BuildKit's `parseWords` reads `s` as one word: no whitespace outside quotes (the
/// escape character takes the next one literally, inside quotes too).
fn single_word(s: &str, escape: char) -> bool {
    let mut quote = None;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == escape {
            if chars.next().is_none() {
                return false;
            }
            continue;
        }
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, c) if c.is_whitespace() => return false,
            _ => {}
        }
    }
    quote.is_none()
}

#[cfg(test)]
mod tests {
    use super::single_word;
    use crate::lint::rules::test_util::{lint, Case};

    /// The `related` ids of each finding, in order.
    fn related(case: &Case) -> Vec<Vec<String>> {
        case.findings.iter().map(|f| f.related.clone()).collect()
    }

    // testJSONArgsRecommended.
    #[test]
    fn json_args_recommended() {
        lint("LL706", "\nFROM scratch\nCMD mycommand\n")
            .on_lines(&[3])
            .messages_contain(&[
                "JSON arguments recommended for CMD to prevent unintended behavior related to OS signals",
            ]);
        lint("LL706", "\nFROM scratch\nENTRYPOINT mycommand\n")
            .messages_contain(&["for ENTRYPOINT to prevent"]);
        for ok in [
            "\nFROM scratch\nSHELL [\"/usr/bin/customshell\"]\nCMD mycommand\n",
            "\nFROM scratch\nSHELL [\"/usr/bin/customshell\"]\nENTRYPOINT mycommand\n",
            "\nFROM scratch AS base\nSHELL [\"/usr/bin/customshell\"]\n\nFROM base\nCMD mycommand\n",
            "\nFROM scratch AS base\nSHELL [\"/usr/bin/customshell\"]\n\nFROM base\nENTRYPOINT mycommand\n",
        ] {
            lint("LL706", ok).passes();
        }
        // SHELL after the CMD does not count.
        lint("LL706", "FROM a\nCMD x\nSHELL [\"sh\"]\n").on_lines(&[2]);
    }

    #[test]
    fn exec_form_fix_only_when_exact() {
        let text = "FROM node:22\nCMD node server.js --port=8080\n";
        let fixed = "FROM node:22\nCMD [\"node\", \"server.js\", \"--port=8080\"]\n";
        lint("LL706", text).on_lines(&[2]).fixes_to(fixed);
        lint("LL706", fixed).passes();
        for no_fix in [
            "FROM a\nCMD node $APP\n",
            "FROM a\nCMD exec node app.js\n",
            "FROM a\nCMD cd /app && make\n",
            // The same exactness as LL525's fix (the findings merge): an ENTRYPOINT would get
            // the CMD's words instead of `sh -c …`, and cmd.exe is not a POSIX shell.
            "FROM a\nENTRYPOINT [\"/entry\"]\nCMD serve --port 80\n",
            "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD dir\n",
            "FROM a\nCMD FOO=1 run\n",
            "FROM a\nCMD run \\\n  --flag\n",
            "FROM a\nCMD ['sh']\n",
        ] {
            lint("LL706", no_fix).has_no_fix();
        }
    }

    // testMaintainerDeprecated.
    #[test]
    fn maintainer_deprecated() {
        let text = "\nFROM scratch\nMAINTAINER me@example.org\n";
        let case = lint("LL707", text);
        case.on_lines(&[3]).fixes_to(
            "\nFROM scratch\nLABEL org.opencontainers.image.authors=\"me@example.org\"\n",
        );
        assert_eq!(case.findings[0].aliases, ["MaintainerDeprecated", "DL4000"]);
        let ok = "\nFROM scratch\nLABEL org.opencontainers.image.authors=\"me@example.org\"\n";
        lint("LL707", ok).passes();
        // Quotes, `$` and the escape character survive BuildKit's expansion of the label.
        let text = "FROM a\nmaintainer \"Jo\" $x \\ <j@x>\n";
        let fixed =
            "FROM a\nlabel org.opencontainers.image.authors=\"\\\"Jo\\\" \\$x \\\\ <j@x>\"\n";
        lint("LL707", text).fixes_to(fixed);
        let df = crate::syntax::parse(fixed);
        let pair = &df.instructions[1].as_label().unwrap()[0];
        assert_eq!(
            crate::syntax::expand::expand(&pair.value.value, '\\', &crate::syntax::expand::NoEnv)
                .unwrap(),
            "\"Jo\" $x \\ <j@x>"
        );
    }

    // testWorkdirRelativePath.
    #[test]
    fn workdir_relative_path() {
        let case = lint("LL709", "\nFROM scratch\nWORKDIR app/\n");
        case.on_lines(&[3]).messages_contain(&[
            "Relative workdir \"app/\" can have unexpected results if the base image changes",
        ]);
        assert_eq!(related(&case), [["DL3000"]]);
        for ok in [
            "\nFROM scratch AS a\nWORKDIR /app\n\nFROM a AS b\nWORKDIR subdir/\n",
            "FROM scratch\nWORKDIR /app\nWORKDIR sub\n",
            "FROM scratch\nARG D=/srv\nWORKDIR $D/app\n",
            "FROM alpine\nWORKDIR $HOME/app\n",
            "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR C:\\\\app\n",
        ] {
            lint("LL709", ok).passes();
        }
        // Only the first WORKDIR; an ARG that makes it relative.
        let text = "FROM scratch\nARG D=srv\nWORKDIR $D\nWORKDIR rel\n";
        lint("LL709", text).messages_contain(&["\"srv\""]);
    }

    // testMultipleInstructionsDisallowed.
    #[test]
    fn multiple_instructions() {
        let text = "\nFROM scratch\nENTRYPOINT [\"/myapp\"]\nENTRYPOINT [\"/myotherapp\"]\n\
                    CMD [\"/myapp\"]\nCMD [\"/myotherapp\"]\nHEALTHCHECK CMD [\"/myapp\"]\n\
                    HEALTHCHECK CMD [\"/myotherapp\"]\n";
        let case = lint("LL711", text);
        case.on_lines(&[3, 5, 7]).messages_contain(&[
            "Multiple ENTRYPOINT instructions should not be used in the same stage because only the last one will be used",
            "Multiple CMD instructions",
            "Multiple HEALTHCHECK instructions",
        ]);
        assert_eq!(related(&case), [["DL4004"], ["DL4003"], ["DL3012"]]);
        let text = "\nFROM scratch\nENTRYPOINT [\"/myapp\"]\nCMD [\"/myapp\"]\nHEALTHCHECK CMD [\"/myapp\"]\n\
                    COPY <<EOF /a.txt\nHello, World!\nEOF\nENTRYPOINT [\"/myotherapp\"]\n\
                    CMD [\"/myotherapp\"]\nHEALTHCHECK CMD [\"/myotherapp\"]\n";
        let case = lint("LL711", text);
        case.on_lines(&[3, 4, 5]);
        assert_eq!(related(&case), [["DL4004"], ["DL4003"], ["DL3012"]]);
        let text = "\nFROM scratch AS a\nENTRYPOINT [\"/myapp\"]\nCMD [\"/myapp\"]\nHEALTHCHECK CMD [\"/myapp\"]\n\n\
                    FROM a AS b\nENTRYPOINT [\"/myotherapp\"]\nCMD [\"/myotherapp\"]\nHEALTHCHECK CMD [\"/myotherapp\"]\n";
        lint("LL711", text).passes();
    }

    // testLegacyKeyValueFormat.
    #[test]
    fn legacy_key_value_format() {
        let text = "\nFROM scratch\nENV testkey value\nLABEL key value\n";
        lint("LL712", text).on_lines(&[3, 4]).messages_contain(&[
            "\"ENV key=value\" should be used instead of legacy \"ENV key value\" format",
            "\"LABEL key=value\" should be used instead of legacy \"LABEL key value\" format",
        ]);
        lint(
            "LL712",
            "\nFROM scratch\nENV testkey=value\nLABEL key=value\n",
        )
        .passes();
        // Unreachable stages are linted too.
        let text = "\nFROM scratch AS a\n\nFROM a AS b\nENV testkey value\nLABEL key value\n\nFROM a AS c\n";
        lint("LL712", text).on_lines(&[5, 6]);
    }

    #[test]
    fn key_value_fix_is_exact() {
        let cases = [
            ("FROM a\nENV A b\n", Some("FROM a\nENV A=b\n")),
            (
                "FROM a\nENV A   b c  d\n",
                Some("FROM a\nENV A=\"b c  d\"\n"),
            ),
            (
                "FROM a\nLABEL a \"x y\"\n",
                Some("FROM a\nLABEL a=\"x y\"\n"),
            ),
            (
                "FROM a\nENV OPTS -Dx=1 $B\n",
                Some("FROM a\nENV OPTS=\"-Dx=1 $B\"\n"),
            ),
            ("FROM a\nENV A \\\n  b\n", Some("FROM a\nENV A=b\n")),
            ("FROM a\nENV A it's x\n", None),
            ("FROM a\nENV A b\\ c d\n", None),
        ];
        for (text, want) in cases {
            let case = lint("LL712", text);
            case.on_lines(&[2]);
            match want {
                Some(fixed) => {
                    case.fixes_to(fixed);
                    let (a, b) = (crate::syntax::parse(text), crate::syntax::parse(fixed));
                    let value = |df: &crate::syntax::Dockerfile| {
                        let p = &df.instructions[1].args;
                        let crate::syntax::Args::Pairs(p) = p else {
                            panic!()
                        };
                        let env = [("B", "v")];
                        crate::syntax::expand::expand(&p[0].value.value, '\\', &env).unwrap()
                    };
                    assert_eq!(value(&a), value(&b), "{text}");
                }
                None => {
                    case.has_no_fix();
                }
            }
        }
        assert!(single_word("a\"b c\"d", '\\'));
        assert!(!single_word("a b", '\\'));
        assert!(single_word("a\\ b", '\\'));
    }
}
