//! Parser behaviour on small inputs: BuildKit's line rules, heredoc forms from its
//! documentation and tests, tolerance, spans, and pathological inputs (linear time).

use super::*;
use crate::report::Severity;

fn codes(df: &Dockerfile) -> Vec<(&'static str, u32)> {
    df.diagnostics
        .iter()
        .map(|d| (d.code, d.span.start.line))
        .collect()
}

fn kw(df: &Dockerfile) -> Vec<String> {
    df.instructions
        .iter()
        .map(|i| i.keyword.to_string())
        .collect()
}

fn roundtrip(text: &str) -> Dockerfile {
    let df = parse(text);
    assert_eq!(df.print(), text.as_bytes(), "print != input for {text:?}");
    let mut at = 0;
    for t in &df.tokens {
        assert_eq!(t.start, at, "tokens must tile the input: {text:?}");
        at = t.end;
    }
    assert_eq!(at, text.len());
    df
}

// ----- lines, continuations, comments ---------------------------------------------------

#[test]
fn crlf_bom_tabs_and_no_final_newline_round_trip() {
    let text = "\u{feff}FROM\talpine:3.20\r\nRUN echo a \\\r\n\tb\r\nCMD [\"sh\"]";
    let df = roundtrip(text);
    assert_eq!(kw(&df), ["FROM", "RUN", "CMD"]);
    assert_eq!(
        df.instructions[0].span.start.offset, 3,
        "the BOM is not the keyword"
    );
    assert_eq!(
        df.instructions[0].keyword_span.start.column, 2,
        "U+FEFF is one column"
    );
    let run = &df.instructions[1];
    assert_eq!(run.shell_command().unwrap().text, "echo a \tb");
    assert_eq!(run.line.text(&df.text), "RUN echo a \tb");
    assert_eq!(df.instructions[0].line.text(&df.text), "FROM\talpine:3.20");
    assert_eq!((run.start_line, run.end_line), (2, 3));
    assert_eq!(df.slice(run.span), "RUN echo a \\\r\n\tb");
    assert!(df.tokens.iter().any(|t| t.kind == TokenKind::Bom));
    assert_eq!(df.instructions[2].values(), ["sh"]);
}

#[test]
fn comment_lines_and_empty_lines_inside_continuations() {
    let text = "FROM a\nRUN echo hello \\\n# a comment\n\n  # another\n\nworld\nRUN x\n";
    let df = roundtrip(text);
    assert_eq!(df.instructions[1].values(), ["echo hello world"]);
    assert_eq!(
        (df.instructions[1].start_line, df.instructions[1].end_line),
        (2, 7)
    );
    // One warning per instruction (BuildKit's NoEmptyContinuation), on the first empty line.
    assert_eq!(codes(&df), [("LL002", 4)]);
    assert_eq!(df.diagnostics[0].severity, Severity::Warning);
    assert_eq!(df.comments.len(), 2);
    assert!(df.comments.iter().all(|c| c.in_continuation));
}

#[test]
fn trailing_escaped_escape_does_not_continue() {
    let df = roundtrip("FROM a\nENV C trailing\\\\\nENV D next\nRUN a \\\\\\\nRUN b\n");
    assert_eq!(kw(&df), ["FROM", "ENV", "ENV", "RUN", "RUN"]);
    assert_eq!(df.instructions[1].values(), ["C", "trailing\\\\"]);
    // `\\\` also ends with an escaped escape as far as BuildKit's regex is concerned.
    assert_eq!(df.instructions[3].values(), ["a \\\\\\"]);
}

#[test]
fn continuation_with_trailing_blanks_and_at_end_of_file() {
    let df = roundtrip("FROM a\nRUN echo hello  \\  \nworld\nRUN something \\");
    assert_eq!(df.instructions[1].values(), ["echo hello  world"]);
    assert_eq!(df.instructions[2].values(), ["something"]);
    assert_eq!(df.instructions[2].end_line, 4);
}

#[test]
fn a_line_of_only_the_escape_starts_an_instruction() {
    // BuildKit: the `\` line is a continuation with nothing before it.
    let df = roundtrip("FROM a\n\\\nRUN x\n");
    assert_eq!(kw(&df), ["FROM", "RUN"]);
    assert_eq!(df.instructions[1].start_line, 2);
    assert_eq!(df.instructions[1].keyword_span.start.line, 3);
}

#[test]
fn keywords_are_case_insensitive_and_unknown_ones_do_not_stop_parsing() {
    let df = roundtrip("from alpine\nRuN echo\nRUNN typo\nworkdir /app\n");
    let kinds: Vec<Kind> = df.instructions.iter().map(|i| i.kind).collect();
    assert_eq!(kinds, [Kind::From, Kind::Run, Kind::Unknown, Kind::Workdir]);
    assert_eq!(codes(&df), [("LL001", 3)]);
    assert_eq!(df.diagnostics[0].message, "unknown instruction: RUNN");
    assert_eq!(df.slice(df.diagnostics[0].span), "RUNN");
}

// ----- directives ------------------------------------------------------------------------

#[test]
fn escape_directive_and_where_directives_stop() {
    let text = "# syntax=docker/dockerfile:1\n# escape=`\n\nFROM mcr.microsoft.com/windows\nRUN dir C:\\ `\n  /s\n";
    let df = roundtrip(text);
    assert_eq!(df.escape, '`');
    assert_eq!(df.directives.len(), 2);
    assert_eq!(df.directive("syntax").unwrap().value, "docker/dockerfile:1");
    assert_eq!(df.instructions[1].values(), ["dir C:\\   /s"]);
    assert!(df.comments.is_empty());
    // A blank line, a comment or an instruction ends the directives.
    for text in [
        "# syntax=x\n\n# escape=`\nFROM a\n",
        "# comment\n# escape=`\nFROM a\n",
        "FROM a\n# escape=`\n",
    ] {
        let df = roundtrip(text);
        assert_eq!(df.escape, '\\', "{text:?}");
        assert!(df.directive("escape").is_none());
        assert!(df.comments.iter().any(|c| c.text.starts_with("escape")));
    }
    let df = roundtrip("  #  ESCAPE  =  `  \nFROM a\n");
    assert_eq!((df.escape, df.directives[0].name.as_str()), ('`', "escape"));
}

#[test]
fn invalid_and_repeated_directives() {
    let df = roundtrip("# escape=x\n# escape=`\n# check=skip=all;error=maybe\nFROM a\n");
    assert_eq!(codes(&df), [("LL007", 1), ("LL007", 2), ("LL007", 3)]);
    assert_eq!(df.escape, '\\');
    let df = roundtrip("# check=skip=JSONArgsRecommended;error=true\nFROM a\n");
    assert!(df.diagnostics.is_empty());
    assert_eq!(
        df.directive("check").unwrap().value,
        "skip=JSONArgsRecommended;error=true"
    );
}

// ----- forms and flags --------------------------------------------------------------------

#[test]
fn json_form_and_fallback_to_shell_form() {
    let df = roundtrip(
        "FROM a\nCMD [\"echo\", \"hi\"]\nCMD ['echo']\nCMD [\"unterminated]\nENTRYPOINT []\nCMD [\"a\", 1]\n",
    );
    let i = &df.instructions;
    assert!(i[1].is_json());
    assert_eq!(i[1].values(), ["echo", "hi"]);
    assert_eq!(
        df.slice(match &i[1].args {
            Args::Json(v) => v[1].span,
            _ => panic!(),
        }),
        "\"hi\""
    );
    assert!(!i[2].is_json());
    assert_eq!(i[2].shell_command().unwrap().text, "['echo']");
    assert!(i[2].json_fallback() && i[3].json_fallback() && !i[1].json_fallback());
    assert!(!i[3].is_json());
    assert!(i[4].is_json() && i[4].values().is_empty());
    assert_eq!(codes(&df), [("LL006", 6)]);
}

#[test]
fn flags_with_values_booleans_and_errors() {
    let df = roundtrip(
        "FROM --platform=linux/amd64 a\n\
         COPY --link --chown=\"app:app\" --from=b s /d\n\
         RUN --mount=type=cache,target=/a --mount=type=secret,id=x --network=none true\n\
         COPY --chwon=app a /b\nCOPY --chown app a /b\nCOPY --link=maybe a /b\n\
         RUN --network=wifi x\nENV --x=1 A=1\nCOPY --from=a --from=b a /b\n",
    );
    let copy = &df.instructions[1];
    assert_eq!(
        copy.flag("chown").unwrap().value.as_deref(),
        Some("app:app")
    );
    assert_eq!(
        df.slice(copy.flag("chown").unwrap().span),
        "--chown=\"app:app\""
    );
    assert_eq!(
        df.slice(copy.flag("chown").unwrap().value_span.unwrap()),
        "\"app:app\""
    );
    assert_eq!(copy.flag("link").unwrap().as_bool(), Some(true));
    assert_eq!(df.instructions[2].flags_named("mount").count(), 2);
    let lines: Vec<_> = codes(&df);
    assert_eq!(
        lines,
        [
            ("LL004", 4),
            ("LL004", 5),
            ("LL004", 6),
            ("LL004", 7),
            ("LL004", 8),
            ("LL004", 9)
        ]
    );
    assert_eq!(
        df.instructions[4].as_copy().unwrap().sources[0].value,
        "app"
    );
}

#[test]
fn copy_link_keeps_later_flags() {
    // dockerfile-parser 0.9 loses every flag after --link; BuildKit does not.
    let df = roundtrip("FROM a\nCOPY --link --chmod=755 --parents a/ /b/\n");
    let c = df.instructions[1].as_copy().unwrap();
    assert!(c.link && c.parents);
    assert_eq!(c.chmod.unwrap().value.as_deref(), Some("755"));
    assert!(df.diagnostics.is_empty());
}

#[test]
fn from_arg_env_label_expose_user_healthcheck_shell() {
    let df = roundtrip(
        "ARG VERSION=3.20 OTHER\nFROM alpine:$VERSION AS Base\nENV A=1 B=\"x y\" \\\n  C=3\n\
         ENV LEGACY a b c\nLABEL org.opencontainers.image.title=\"t\"\nEXPOSE 80/tcp 53/udp $P\n\
         USER 1000:1000\nHEALTHCHECK NONE\nHEALTHCHECK --interval=30s --retries=3 CMD curl -f x\n\
         SHELL [\"powershell\", \"-Command\"]\nSTOPSIGNAL SIGTERM\nWORKDIR /app\nVOLUME /data /cache\n",
    );
    assert!(df.diagnostics.is_empty(), "{:?}", df.diagnostics);
    let i = &df.instructions;
    let args = i[0].as_arg().unwrap();
    assert_eq!(
        (args[0].name, args[0].default, args[1].default),
        ("VERSION", Some("3.20"), None)
    );
    assert_eq!(i[1].as_from().unwrap().stage_name.unwrap().value, "Base");
    let env = i[2].as_env().unwrap();
    assert_eq!(env.len(), 3);
    assert_eq!(
        (env[2].key.value.as_str(), env[2].value.value.as_str()),
        ("C", "3")
    );
    assert_eq!(env[2].key.span.start.line, 4);
    assert_eq!(i[3].as_env().unwrap()[0].value.value, "a b c");
    assert_eq!(i[5].as_expose().unwrap()[2].port, "$P");
    assert_eq!(i[6].as_user().unwrap().user, "1000");
    assert!(matches!(
        i[7].as_healthcheck(),
        Some(views::Healthcheck::None)
    ));
    match i[8].as_healthcheck() {
        Some(views::Healthcheck::Cmd {
            command, interval, ..
        }) => {
            assert_eq!(interval.unwrap().value.as_deref(), Some("30s"));
            assert!(matches!(command, Some(views::Command::Shell(s)) if s.text == "curl -f x"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(i[9].as_shell().unwrap().len(), 2);
    assert_eq!(i[12].as_volume().unwrap().len(), 2);
}

#[test]
fn instruction_level_errors() {
    let df = roundtrip(
        "RUN early\nFROM a b\nFROM a AS 1st\nFROM a\nENV ONLYKEY\nENV A=1 B\nCOPY one\n\
         ONBUILD ONBUILD RUN x\nONBUILD FROM x\nHEALTHCHECK CONNECT x\nHEALTHCHECK CMD\n\
         HEALTHCHECK --interval=1us CMD x\nSHELL sh -c\nWORKDIR\nCOPY a <<EOF\nEOF\nARG =x\n",
    );
    assert_eq!(
        codes(&df),
        [
            ("LL010", 1),
            ("LL005", 2),
            ("LL009", 3),
            ("LL005", 5),
            ("LL009", 6),
            ("LL005", 7),
            ("LL009", 8),
            ("LL009", 9),
            ("LL009", 10),
            ("LL005", 11),
            ("LL004", 12),
            ("LL009", 13),
            ("LL005", 14),
            ("LL009", 15),
            ("LL009", 17),
        ]
    );
    assert!(df.diagnostics.iter().all(|d| d.severity == Severity::Error));
    let df = roundtrip("ARG A\n# only args\n");
    assert_eq!(codes(&df), [("LL010", 1)]);
}

#[test]
fn quoting_errors_in_expanded_arguments() {
    let df = roundtrip(
        "FROM a\nENV A=\"x\nLABEL b='y\nWORKDIR ${HOME\nCOPY \"a b /c\nRUN echo \"not expanded by BuildKit\nCMD echo 'shell form'\n",
    );
    assert_eq!(
        codes(&df),
        [("LL011", 2), ("LL011", 3), ("LL011", 4), ("LL011", 5)]
    );
}

#[test]
fn onbuild_wraps_an_instruction() {
    let df = roundtrip("FROM a\nONBUILD COPY --chown=1 . /app\nONBUILD\n");
    let inner = df.instructions[1].as_onbuild().unwrap();
    assert_eq!(inner.kind, Kind::Copy);
    assert_eq!(df.slice(inner.keyword_span), "COPY");
    assert_eq!(df.slice(inner.flags[0].span), "--chown=1");
    assert_eq!(
        dump::instruction(&df.instructions[1]),
        "onbuild (copy [\"--chown=1\"] \".\" \"/app\")"
    );
    assert_eq!(codes(&df), [("LL005", 3)]);
}

// ----- heredocs -----------------------------------------------------------------------------

#[test]
fn heredoc_forms_from_the_dockerfile_reference() {
    let text = "\
# syntax=docker/dockerfile:1
FROM debian
RUN <<EOF
apt-get update
apt-get install -y curl
EOF
RUN <<EOT bash
  set -ex
  apt-get update
EOT
RUN <<EOT
#!/usr/bin/env python
print(\"hello world\")
EOT
RUN python3 <<EOF
with open(\"/hello\", \"w\") as f:
    print(\"Hello\", file=f)
EOF
COPY <<EOF greeting.txt
hello world
EOF
ARG FOO=bar
COPY <<-EOT /script.sh
\techo \"hello ${FOO}\"
\tEOT
COPY <<-\"EOT\" /script2.sh
\techo \"hello ${FOO}\"
EOT
RUN <<FILE1 cat > file1 && <<FILE2 cat > file2
I am
first
FILE1
I am
second
FILE2
COPY <<robots.txt <<humans.txt /usr/share/nginx/html/
(robots content)
robots.txt
(humans content)
humans.txt
RUN 3<<EOF cat /proc/self/fd/3
fd three
EOF
ONBUILD RUN <<EOF
echo later
EOF
CMD [\"done\"]
";
    let df = roundtrip(text);
    assert!(df.diagnostics.is_empty(), "{:?}", df.diagnostics);
    let h: Vec<Vec<(&str, &str)>> = df
        .instructions
        .iter()
        .map(|i| {
            i.heredocs
                .iter()
                .map(|h| (h.name.as_str(), h.body.as_str()))
                .collect()
        })
        .collect();
    assert_eq!(h[1], [("EOF", "apt-get update\napt-get install -y curl\n")]);
    assert_eq!(
        df.instructions[2].shell_command().unwrap().text,
        "<<EOT bash"
    );
    assert!(h[3][0].1.starts_with("#!/usr/bin/env python"));
    assert_eq!(h[5], [("EOF", "hello world\n")]);
    let copy = df.instructions[5].as_copy().unwrap();
    assert_eq!(copy.heredoc(&copy.sources[0]).unwrap().name, "EOF");
    assert_eq!(copy.paths().count(), 0);
    let chomp = &df.instructions[7].heredocs[0];
    assert!(chomp.strip_tabs && !chomp.quoted);
    assert_eq!(chomp.content(), "echo \"hello ${FOO}\"\n");
    assert_eq!(df.slice(chomp.terminator_span.unwrap()), "\tEOT");
    assert!(df.instructions[8].heredocs[0].quoted);
    assert_eq!(
        h[9],
        [("FILE1", "I am\nfirst\n"), ("FILE2", "I am\nsecond\n")]
    );
    assert_eq!(h[10].len(), 2);
    assert_eq!(df.instructions[11].heredocs[0].fd, Some(3));
    assert_eq!(df.instructions[12].heredocs[0].body, "echo later\n");
    assert_eq!(df.instructions[12].as_onbuild().unwrap().heredocs.len(), 1);
    // The line right after a terminator is an instruction.
    assert_eq!(df.instructions[13].kind, Kind::Cmd);
    let marker = df.instructions[9].heredocs[1].marker_span;
    assert_eq!(df.slice(marker), "<<FILE2");
    assert_eq!(
        df.slice(df.instructions[1].heredocs[0].body_span),
        "apt-get update\napt-get install -y curl\n"
    );
    assert_eq!(
        (df.instructions[9].start_line, df.instructions[9].end_line),
        (29, 35)
    );
}

#[test]
fn buildkit_parse_extracts_heredoc_cases() {
    // parser_heredoc_test.go TestParseExtractsHeredoc, names and bodies.
    let text = "\nFROM alpine:3.6\n\nENV NAME=me\n\nRUN ls\n\nUSER <<INVALID\nINVALID\n\nRUN <<EMPTY\nEMPTY\n\n\
RUN 3<<EMPTY2\nEMPTY2\n\nRUN \"<<NOHEREDOC\"\n\nRUN <<INDENT\n\tfoo\n\tbar\nINDENT\n\n\
RUN <<-UNINDENT\n\tbaz\n\tquux\nUNINDENT\n\nRUN <<-UNINDENT2\n\tbaz\n\tquux\n\tUNINDENT2\n\n\
RUN <<COMMENT\n# internal comment\necho hello world\necho foo bar # trailing comment\nCOMMENT\n\n\
COPY <<X <<Y /dest\nY\nX\nX\nY\n\nRUN <<eo'f'\necho foo\neof\n\nRUN <<'one two'\necho bar\none two\n\n\
RUN <<$EOF\n$EOF\n\nRUN <<  EOF\nEOF\n\nRUN <<  EOF  > foo\nEOF\n\t";
    let df = roundtrip(text);
    let got: Vec<Vec<(String, String, bool, bool)>> = df.instructions[1..]
        .iter()
        .map(|i| {
            i.heredocs
                .iter()
                .map(|h| (h.name.clone(), h.body.clone(), !h.quoted, h.strip_tabs))
                .collect()
        })
        .collect();
    let e = |n: &str, b: &str, x: bool, c: bool| vec![(n.to_string(), b.to_string(), x, c)];
    assert_eq!(got[0], vec![]); // ENV
    assert_eq!(got[1], vec![]); // RUN ls
    assert_eq!(got[2], vec![]); // USER <<INVALID: not a heredoc instruction
    assert_eq!(df.instructions[4].keyword, "INVALID");
    assert_eq!(got[4], e("EMPTY", "", true, false));
    assert_eq!(got[5], e("EMPTY2", "", true, false));
    assert_eq!(got[6], vec![]);
    assert_eq!(got[7], e("INDENT", "\tfoo\n\tbar\n", true, false));
    assert_eq!(got[8], e("UNINDENT", "\tbaz\n\tquux\n", true, true));
    assert_eq!(got[9], e("UNINDENT2", "\tbaz\n\tquux\n", true, true));
    assert_eq!(
        got[10],
        e(
            "COMMENT",
            "# internal comment\necho hello world\necho foo bar # trailing comment\n",
            true,
            false
        )
    );
    assert_eq!(
        got[11],
        vec![
            ("X".to_string(), "Y\n".to_string(), true, false),
            ("Y".to_string(), "X\n".to_string(), true, false)
        ]
    );
    assert_eq!(got[12], e("eof", "echo foo\n", false, false));
    assert_eq!(got[13], e("one two", "echo bar\n", false, false));
    assert_eq!(got[14], e("$EOF", "", true, false));
    assert_eq!(got[15], e("EOF", "", true, false));
    assert_eq!(got[16], e("EOF", "", true, false));
    // Only USER's `INVALID` line is an unknown instruction.
    assert_eq!(codes(&df), [("LL001", 9)]);
}

#[test]
fn heredocs_are_not_read_in_json_form_or_quotes() {
    let df = roundtrip("FROM a\nRUN [\"<<EOF\"]\nRUN '<<EOF'\nRUN cat<<EOF\nRUN x\n");
    assert!(df.instructions.iter().all(|i| i.heredocs.is_empty()));
    assert_eq!(kw(&df), ["FROM", "RUN", "RUN", "RUN", "RUN"]);
}

#[test]
fn unterminated_heredoc_is_reported_and_parsing_goes_on() {
    // `EOF ` (trailing space) does not end the heredoc.
    let text = "FROM a\nRUN <<EOF\necho hi\nEOF \nCOPY x /y\nRUN <<NEVER\nno end\n";
    let df = roundtrip(text);
    assert_eq!(kw(&df), ["FROM", "RUN", "COPY", "RUN"]);
    assert_eq!(codes(&df), [("LL003", 2), ("LL003", 6)]);
    assert_eq!(df.slice(df.diagnostics[0].span), "<<EOF");
    assert_eq!(df.instructions[1].heredocs[0].body, "echo hi\nEOF \n");
    assert!(df.instructions[1].heredocs[0].terminator_span.is_none());
    assert_eq!(df.instructions[3].heredocs[0].body, "no end\n");
}

#[test]
fn heredoc_with_crlf_and_escape_directive() {
    let text = "# escape=`\r\nFROM a\r\nRUN <<EOF\r\necho `hi`\r\nEOF\r\nRUN b\r\n";
    let df = roundtrip(text);
    assert_eq!(df.instructions[1].heredocs[0].body, "echo `hi`\r\n");
    assert_eq!(kw(&df), ["FROM", "RUN", "RUN"]);
}

// ----- spans ------------------------------------------------------------------------------

#[test]
fn columns_count_utf16_units_and_lines_are_one_based() {
    let text = "FROM a\nLABEL a=\"é𝄞\" b=c\n";
    let df = roundtrip(text);
    let pairs = df.instructions[1].as_label().unwrap();
    let b = &pairs[1].key;
    assert_eq!(b.value, "b");
    // `LABEL a="é𝄞" ` is 14 UTF-16 units (𝄞 counts 2), so `b` starts at column 15.
    assert_eq!((b.span.start.line, b.span.start.column), (2, 15));
    assert_eq!(df.slice(b.span), "b");
}

#[test]
fn non_utf8_bytes_are_replaced_in_values_only() {
    let mut bytes = b"FROM a\nLABEL x=\"".to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe]);
    bytes.extend_from_slice(b"\" y=z\n");
    let df = parse_bytes(&bytes);
    assert_eq!(df.print(), bytes);
    let pairs = df.instructions[1].as_label().unwrap();
    assert_eq!(pairs[0].value.value, "\"\u{1a}\u{1a}\"");
    // Spans count the original bytes: `y` is at byte 20.
    assert_eq!(pairs[1].key.span.start.offset, 20);
}

#[test]
fn instruction_at_finds_the_instruction_of_an_offset() {
    let df = roundtrip("FROM a\n\nRUN x \\\n  y\n");
    assert_eq!(df.instruction_at(0), Some(0));
    assert_eq!(df.instruction_at(7), None);
    assert_eq!(df.instruction_at(12), Some(1));
}

// ----- pathological inputs: no panic, no hang ---------------------------------------------

fn timed(text: &str) -> (Dockerfile, std::time::Duration) {
    let t = std::time::Instant::now();
    let df = roundtrip(text);
    (df, t.elapsed())
}

#[test]
fn pathological_inputs_parse_in_linear_time() {
    let limit = std::time::Duration::from_secs(20);
    let mut cases: Vec<(&str, String)> = vec![
        (
            "1 MB line",
            format!("FROM a\nRUN {}\n", "x ".repeat(500_000)),
        ),
        (
            "100k continuation lines",
            format!("FROM a\nRUN a{}\n", " \\\n b".repeat(100_000)),
        ),
        (
            "deep ${",
            format!("FROM a\nENV A={}\n", "${A:-".repeat(100_000)),
        ),
        (
            "unterminated quotes",
            format!("FROM a\nENV A=\"{}\n", "'".repeat(10_001)),
        ),
        ("unterminated heredocs", "RUN <<A\n".repeat(50_000)),
        (
            "distinct unterminated heredocs",
            (0..20_000)
                .map(|i| format!("COPY <<H{i} /x\nbody\n"))
                .collect(),
        ),
        (
            "nested ONBUILD",
            format!("FROM a\n{}RUN x\n", "ONBUILD ".repeat(100_000)),
        ),
        (
            "deep JSON",
            format!("FROM a\nCMD {}\n", "[".repeat(200_000)),
        ),
        (
            "many markers",
            format!("FROM a\nRUN {}\n", "<<A ".repeat(50_000)),
        ),
        (
            "many flags",
            format!("FROM a\nCOPY {} a /b\n", "--link ".repeat(100_000)),
        ),
        ("NULs and CRs", "\0\r\r\n\r".repeat(100_000)),
        ("only escapes", "\\\n".repeat(100_000)),
        ("directives", "# escape=`\n".repeat(100_000)),
    ];
    cases.push((
        "1 MB of empty continuation",
        format!("FROM a\nRUN a \\\n{}b\n", "\n".repeat(1_000_000)),
    ));
    for (name, text) in &cases {
        let (df, took) = timed(text);
        eprintln!("{name}: {took:?}");
        assert!(took < limit, "{name}: {took:?}");
        let _ = df.stages();
        let _ = dump::dump(&df);
    }
}

#[test]
fn long_lines_parse_without_diagnostics() {
    // BuildKit rejects lines over 65535 bytes (its 64 KiB line buffer); layerlint does not
    // report that (an example would have to be 64 KiB long) but parses such lines whole.
    let long = format!("FROM a\nRUN {}\n", "x".repeat(70_000));
    let df = roundtrip(&long);
    assert!(df.diagnostics.is_empty());
    assert_eq!(
        df.instructions[1].shell_command().unwrap().text.len(),
        70_000
    );
}
