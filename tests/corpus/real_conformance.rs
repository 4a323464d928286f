//! The parser over the 300 real Dockerfiles and every corpus file:
//! - printing the tokens gives every file back byte for byte, and the tokens tile the file;
//! - syntax diagnostics appear only in the files named here, for the reason given (what
//!   BuildKit itself rejects or warns about);
//! - instruction keywords, start/end lines and heredoc counts agree with
//!   `oracle/dockerfile-ast.json`, except in the files named here, where BuildKit's
//!   semantics differ from that oracle (each with the instructions BuildKit produces).

use layerlint::syntax::{self, Dockerfile};
use layerlint_tests::{real_dockerfiles, shared_or_skip, INVALID_REAL_DOCKERFILES};
use std::collections::BTreeMap;
use std::path::Path;

/// (code, line) of each diagnostic.
type Diags = &'static [(&'static str, u32)];
/// Files BuildKit rejects or warns about: (file, diagnostics, why).
const WITH_DIAGNOSTICS: &[(&str, Diags, &str)] = &[
    (
        "real/replicatedhq__dockerfilelint__test__examples__Dockerfile.misc",
        &[("LL010", 4), ("LL001", 7), ("LL005", 11), ("LL009", 27)],
        "a fixture of dockerfilelint's error paths: CMD before FROM (`no build stage in \
         current context`), `this is not a command` (unknown instruction THIS), `ADD` alone \
         (needs two arguments), `ENV A=b value` (`can't find = in \"value\"`)",
    ),
    (
        "real/containers__buildah__tests__conformance__testdata__Dockerfile.env",
        &[("LL011", 12)],
        "`ENV name='a\\'b'`: in single quotes `\\` escapes nothing, so the last `'` opens a \
         quote that never closes; BuildKit's ENV expansion fails (`unexpected end of statement \
         while looking for matching single-quote`). BuildKit's own parser test has the same \
         line, but it only parses, it does not build",
    ),
];

/// Files where BuildKit disagrees with the oracle: (file, why, BuildKit's instructions as
/// (keyword, start line, end line, heredocs)).
type Expected = &'static [(&'static str, u32, u32, usize)];
const ORACLE_DIFFERS: &[(&str, &str, Expected)] = &[
    (
        "real/containers__buildah__tests__bud__heredoc__Containerfile",
        "fd-prefixed heredocs (`5<<FILE1`, `6<<FILE2`): BuildKit matches each word against \
         `^(\\d*)<<(-?)\\s*([^<]*)$`, so they are heredocs and their bodies are not \
         instructions; dockerfile-ast reads the bodies as THIS/FILE instructions",
        &[
            ("FROM", 1, 1, 0),
            ("USER", 3, 3, 0),
            ("WORKDIR", 4, 4, 0),
            ("RUN", 6, 9, 1),
            ("RUN", 11, 14, 1),
            ("RUN", 16, 16, 0),
            ("RUN", 18, 22, 1),
            ("ADD", 24, 26, 1),
            ("RUN", 28, 28, 0),
            ("COPY", 30, 34, 2),
            ("RUN", 36, 40, 2),
            ("RUN", 42, 48, 3),
            ("RUN", 50, 54, 2),
            ("RUN", 56, 56, 0),
            ("RUN", 57, 57, 0),
            ("RUN", 58, 58, 0),
            ("RUN", 59, 59, 0),
            ("RUN", 60, 60, 0),
            ("RUN", 61, 61, 0),
        ],
    ),
    (
        "real/docker-library__mongo__7.0__windows__nanoserver-ltsc2022__Dockerfile",
        "line 22 ends in `\\\\`, an escaped escape: BuildKit's continuation regex \
         `([^\\\\])\\\\[ \\t]*$` needs a character other than the escape before the final `\\`, \
         so the COPY ends on line 22 and `ENV MONGO_VERSION` (line 25) is its own \
         instruction; dockerfile-ast continues the COPY to line 25",
        &[
            ("FROM", 7, 7, 0),
            ("SHELL", 9, 9, 0),
            ("USER", 12, 12, 0),
            ("RUN", 13, 13, 0),
            ("USER", 14, 14, 0),
            ("COPY", 17, 22, 0),
            ("ENV", 25, 25, 0),
            ("COPY", 28, 28, 0),
            ("RUN", 29, 29, 0),
            ("VOLUME", 31, 31, 0),
            ("EXPOSE", 33, 33, 0),
            ("CMD", 34, 34, 0),
        ],
    ),
];

fn summary(df: &Dockerfile) -> Vec<(String, u32, u32, usize)> {
    df.instructions
        .iter()
        .map(|i| {
            (
                i.keyword.to_uppercase(),
                i.start_line,
                i.end_line,
                i.heredocs.len(),
            )
        })
        .collect()
}

fn all_corpus_files(shared: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![shared.join("corpus")];
    while let Some(dir) = todo.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else if !p
                .extension()
                .is_some_and(|x| x == "json" || x == "tsv" || x == "md")
                && p.file_name().is_some_and(|n| n != "result")
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Tokens are contiguous, cover the file, and print it back.
fn check_lossless(name: &str, bytes: &[u8], df: &Dockerfile) {
    assert_eq!(df.print(), bytes, "{name}: print != input");
    let mut at = 0;
    for t in &df.tokens {
        assert_eq!(t.start, at, "{name}: gap or overlap before {t:?}");
        assert!(t.end > t.start, "{name}: empty token");
        at = t.end;
    }
    assert_eq!(at, bytes.len(), "{name}: tokens end early");
}

/// Every span lies in the file, in its instruction, and names what it should.
fn check_spans(name: &str, df: &Dockerfile) {
    for inst in &df.instructions {
        let s = inst.span;
        assert!(
            s.start.offset <= s.end.offset && s.end.offset <= df.text.len(),
            "{name}"
        );
        assert_eq!(
            df.slice(inst.keyword_span),
            inst.keyword,
            "{name}: keyword span"
        );
        assert_eq!(
            inst.keyword_span.start.line,
            inst.start_line.max(inst.keyword_span.start.line)
        );
        for f in &inst.flags {
            assert!(
                df.slice(f.span).starts_with("--"),
                "{name}: flag span {:?}",
                f
            );
            assert!(s.start.offset <= f.span.start.offset && f.span.end.offset <= s.end.offset);
        }
        if let Some(a) = inst.args_span() {
            assert!(
                s.start.offset <= a.start.offset && a.end.offset <= s.end.offset,
                "{name}"
            );
        }
        for h in &inst.heredocs {
            assert_eq!(df.slice(h.body_span), h.body, "{name}: heredoc body span");
            let t = h.terminator_span.expect("terminated");
            assert_eq!(
                df.slice(t).trim_start_matches('\t'),
                h.name,
                "{name}: terminator"
            );
        }
        // The position of each span agrees with an independent count.
        for p in [s.start, s.end, inst.keyword_span.start] {
            assert_eq!(df.lines.position(&df.text, p.offset), p, "{name}: position");
        }
    }
    for c in &df.comments {
        assert!(df.slice(c.span).starts_with('#'), "{name}: comment span");
    }
}

#[test]
fn every_corpus_file_round_trips_with_tokens_tiling_it() {
    let shared = shared_or_skip!();
    let files = all_corpus_files(&shared);
    assert!(files.len() >= 338, "{} corpus files", files.len());
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let df = syntax::parse_bytes(&bytes);
        let name = path.display().to_string();
        check_lossless(&name, &bytes, &df);
        check_spans(&name, &df);
    }
}

#[test]
fn the_invalid_files_are_the_ones_with_error_diagnostics() {
    let shared = shared_or_skip!();
    let mut with_errors: Vec<String> = Vec::new();
    for (key, path) in real_dockerfiles(&shared) {
        if syntax::parse_bytes(&std::fs::read(&path).unwrap()).has_errors() {
            with_errors.push(key);
        }
    }
    assert_eq!(with_errors, INVALID_REAL_DOCKERFILES);
    let named: Vec<&str> = WITH_DIAGNOSTICS.iter().map(|(f, _, _)| *f).collect();
    for f in INVALID_REAL_DOCKERFILES {
        assert!(named.contains(f), "{f} has its reason in WITH_DIAGNOSTICS");
    }
}

#[test]
fn syntax_diagnostics_only_where_buildkit_rejects_or_warns() {
    let shared = shared_or_skip!();
    let expected: BTreeMap<&str, Diags> =
        WITH_DIAGNOSTICS.iter().map(|(f, d, _)| (*f, *d)).collect();
    for (key, path) in real_dockerfiles(&shared) {
        let df = syntax::parse_bytes(&std::fs::read(&path).unwrap());
        let got: Vec<(&str, u32)> = df
            .diagnostics
            .iter()
            .map(|d| (d.code, d.span.start.line))
            .collect();
        let want = expected.get(key.as_str()).copied().unwrap_or(&[]);
        assert_eq!(got, want, "{key}: {:#?}", df.diagnostics);
    }
}

#[test]
fn instructions_agree_with_the_oracle_except_where_buildkit_differs() {
    let shared = shared_or_skip!();
    let oracle: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(shared.join("corpus/oracle/dockerfile-ast.json")).unwrap(),
    )
    .unwrap();
    let differs: BTreeMap<&str, Expected> =
        ORACLE_DIFFERS.iter().map(|(f, _, e)| (*f, *e)).collect();
    let mut compared = 0;
    let mut heredoc_files = 0;
    for (key, path) in real_dockerfiles(&shared) {
        let df = syntax::parse_bytes(&std::fs::read(&path).unwrap());
        let o = &oracle["results"][&key];
        let theirs: Vec<(String, u32, u32, usize)> = o["instrs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["kw"].as_str().unwrap().to_uppercase(),
                    i["start"].as_u64().unwrap() as u32,
                    i["end"].as_u64().unwrap() as u32,
                    i["heredocs"].as_u64().unwrap() as usize,
                )
            })
            .collect();
        let ours = summary(&df);
        if let Some(expected) = differs.get(key.as_str()) {
            let expected: Vec<_> = expected
                .iter()
                .map(|(k, s, e, h)| (k.to_string(), *s, *e, *h))
                .collect();
            assert_eq!(ours, expected, "{key}: BuildKit's reading");
            assert_ne!(
                ours, theirs,
                "{key}: the oracle now agrees; drop the exception"
            );
        } else {
            assert_eq!(ours, theirs, "{key}");
        }
        if ours.iter().any(|i| i.3 > 0) {
            heredoc_files += 1;
        }
        assert_eq!(
            o["escape"].as_str().unwrap().chars().next(),
            Some(df.escape),
            "{key}: escape"
        );
        let directives: Vec<(String, String)> = o["directives"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d[0].as_str().unwrap().to_lowercase(),
                    d[1].as_str().unwrap().to_string(),
                )
            })
            // dockerfile-ast also lists any `# key=value` comment at the top (e.g. hadolint's
            // `# hadolint shell=powershell`); BuildKit knows only these three and stops there.
            .filter(|(k, _)| matches!(k.as_str(), "syntax" | "escape" | "check"))
            .collect();
        let ours_d: Vec<(String, String)> = df
            .directives
            .iter()
            .map(|d| (d.name.clone(), d.value.clone()))
            .collect();
        assert_eq!(ours_d, directives, "{key}: directives");
        compared += 1;
    }
    assert_eq!(compared, 300);
    assert_eq!(heredoc_files, 38, "the corpus has 38 real heredoc files");
}
