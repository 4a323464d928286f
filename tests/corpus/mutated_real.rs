//! The 300 real Dockerfiles, damaged the way text is while someone types or pastes: cut off,
//! a range deleted, a piece of Dockerfile or shell syntax inserted, a line doubled. On every
//! damaged text the parser, every rule (opt-in ones included) and every fix must return: spans
//! inside the text on character boundaries, fix edits that apply, and a fixed text that lints
//! again. The page lints on each keystroke, and a panic in wasm kills it.
//!
//! The damage is pseudo-random from a fixed seed per file, so a failure names a case that
//! reproduces (`MUTATION_SEED=<file>:<n>` runs that one case alone).

use layerlint::lint::{self, rules, Config};
use layerlint::report::Finding;
use layerlint_tests::damage::{catch_quietly, Rng};
use layerlint_tests::{read_text, real_dockerfiles, shared_or_skip};

/// Damaged variants per file: 300 files × 6 = 1,800 texts, each linted twice (before and
/// after its fixes): about 20 s in the test suite's debug build.
const MUTATIONS_PER_FILE: u64 = 6;

/// What gets inserted: the syntax that opens something (quotes, heredocs, substitutions,
/// continuations, JSON arrays), directives, flags, and characters that are not plain text.
const FRAGMENTS: &[&str] = &[
    "\\\n",
    "\\",
    "<<EOF\n",
    "<<-'END' cat\nbody\n",
    "${",
    "${A:-",
    "${A:?x}",
    "$(",
    "$((1+",
    "`",
    "\"",
    "'",
    "[\"",
    "[\"a\", 1]",
    "{",
    "# escape=`\n",
    "# syntax=docker/dockerfile:1\n",
    "# check=skip=all\n",
    "# hadolint ignore=DL3008\n",
    "\r",
    "\r\n",
    "\0",
    "\u{feff}",
    "é",
    "\u{1F600}",
    "\t",
    "FROM ",
    "FROM a AS b\n",
    "RUN ",
    "RUN apt-get install -y x && rm -rf /var/lib/apt/lists/*\n",
    "ONBUILD ",
    "ONBUILD RUN ",
    "HEALTHCHECK CMD ",
    "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n",
    " --mount=type=cache,target=",
    " --from=",
    " --chmod=",
    " && \\\n",
    " | sh",
    " ; ",
    " AS ",
    "ARG ",
    "ENV A=",
    "COPY . .\n",
    "=",
    "#",
    "\n",
    "\n\n",
];

/// A character boundary of `text` at or before a random offset.
fn boundary(text: &str, rng: &mut Rng) -> usize {
    let mut at = rng.below(text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// One damaged copy of `text`, and what was done to it (for the failure message).
fn mutate(text: &str, rng: &mut Rng) -> (String, String) {
    match rng.below(5) {
        0 => {
            let at = boundary(text, rng);
            (text[..at].to_string(), format!("cut at byte {at}"))
        }
        1 => {
            let (a, b) = (boundary(text, rng), boundary(text, rng));
            let (a, b) = (a.min(b), a.max(b).min(a.min(b) + 200));
            let b = (b..=text.len())
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(text.len());
            (
                format!("{}{}", &text[..a], &text[b..]),
                format!("bytes {a}..{b} deleted"),
            )
        }
        2 | 3 => {
            let at = boundary(text, rng);
            let fragment = FRAGMENTS[rng.below(FRAGMENTS.len())];
            (
                format!("{}{fragment}{}", &text[..at], &text[at..]),
                format!("{fragment:?} inserted at byte {at}"),
            )
        }
        _ => {
            let lines: Vec<&str> = text.split_inclusive('\n').collect();
            let i = rng.below(lines.len());
            let mut out = String::with_capacity(text.len() * 2);
            for (j, line) in lines.iter().enumerate() {
                out.push_str(line);
                if j == i {
                    if !line.ends_with('\n') {
                        out.push('\n');
                    }
                    out.push_str(line);
                }
            }
            (out, format!("line {} doubled", i + 1))
        }
    }
}

/// Every opt-in rule switched on, so that no rule escapes the damage.
fn everything_on() -> Config {
    Config {
        enable: rules::ALL
            .iter()
            .filter(|r| r.opt_in)
            .map(|r| r.id.to_string())
            .collect(),
        ..Config::default()
    }
}

/// What is wrong with these findings on `text` (empty: nothing).
fn span_problems(text: &str, findings: &[Finding]) -> Vec<String> {
    let mut problems = Vec::new();
    for f in findings {
        let (start, end) = (f.span.start.offset, f.span.end.offset);
        if start > end || end > text.len() {
            problems.push(format!("{} span {start}..{end} outside the text", f.rule));
        } else if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            problems.push(format!("{} span {start}..{end} splits a character", f.rule));
        }
        for edit in f.fix.iter().flat_map(|fix| &fix.edits) {
            if edit.start > edit.end
                || edit.end > text.len()
                || !text.is_char_boundary(edit.start)
                || !text.is_char_boundary(edit.end)
            {
                problems.push(format!(
                    "{} fix edit {}..{} is not a range of the text",
                    f.rule, edit.start, edit.end
                ));
            }
        }
    }
    problems
}

/// Lint, dump and fix one damaged text; the problems found (a panic is one).
fn check(text: &str, config: &Config) -> Vec<String> {
    let run = catch_quietly(|| {
        let _ = layerlint::syntax::dump::dump(&layerlint::syntax::parse(text));
        let findings = lint::lint(text, config);
        let mut problems = span_problems(text, &findings);
        if problems.is_empty() && findings.iter().any(|f| f.fix.is_some()) {
            // Every fix, the unsafe ones included (the safe ones are a subset).
            let fixed = lint::fix_all(text, config, true);
            problems.extend(span_problems(&fixed, &lint::lint(&fixed, config)));
        }
        problems
    });
    run.unwrap_or_else(|panic| vec![format!("panicked: {panic}")])
}

#[test]
fn damaged_real_dockerfiles_lint_and_fix_without_panicking() {
    let shared = shared_or_skip!();
    let config = everything_on();
    // `MUTATION_SEED=<file index>:<mutation>` checks one case (and prints its text).
    let only: Option<(usize, u64)> = std::env::var("MUTATION_SEED").ok().map(|s| {
        let (f, m) = s.split_once(':').expect("MUTATION_SEED=<file>:<n>");
        (f.parse().unwrap(), m.parse().unwrap())
    });
    let mut failures = Vec::new();
    let mut checked = 0;
    for (index, (key, path)) in real_dockerfiles(&shared).into_iter().enumerate() {
        let text = read_text(&path);
        for n in 0..MUTATIONS_PER_FILE {
            if only.is_some_and(|(f, m)| (f, m) != (index, n)) {
                continue;
            }
            let mut rng = Rng::new(((index as u64) << 16) | n);
            let (damaged, how) = mutate(&text, &mut rng);
            if only.is_some() {
                eprintln!("{key}, {how}:\n{damaged}");
            }
            checked += 1;
            for problem in check(&damaged, &config) {
                failures.push(format!(
                    "{key} ({how}; MUTATION_SEED={index}:{n}): {problem}"
                ));
            }
        }
    }
    assert!(
        only.is_some() || checked >= 1_500,
        "only {checked} texts checked"
    );
    assert!(
        failures.is_empty(),
        "{} of {checked} damaged texts failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
