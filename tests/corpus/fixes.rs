//! Every fix on every corpus file (the 300 real Dockerfiles and BuildKit's test files): applying
//! all fixes gives a file that parses with no new syntax diagnostic, no fixable finding is left,
//! nothing but whitespace, `&&`, escapes and moved text changes, and fixing again changes nothing.

use layerlint::lint::{self, Config};
use layerlint_tests::{read_text, real_dockerfiles, shared_or_skip};
use std::collections::BTreeMap;

fn diagnostic_counts(text: &str) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for d in layerlint::syntax::parse(text).diagnostics {
        *counts.entry(d.code).or_default() += 1;
    }
    counts
}

#[test]
fn fixes_on_the_whole_corpus_are_safe_complete_and_idempotent() {
    let shared = shared_or_skip!();
    let config = Config::default();
    let (mut files_fixed, mut fixes_applied) = (0, 0);
    let mut problems = Vec::new();
    for (key, path) in real_dockerfiles(&shared) {
        let text = read_text(&path);
        let fixable = lint::lint(&text, &config)
            .iter()
            .filter(|f| f.fix.is_some())
            .count();
        if fixable == 0 {
            continue;
        }
        let fixed = lint::fix_all(&text, &config, true);
        files_fixed += 1;
        fixes_applied += fixable;
        let (before, after) = (diagnostic_counts(&text), diagnostic_counts(&fixed));
        for (code, n) in &after {
            if before.get(code).copied().unwrap_or(0) < *n {
                problems.push(format!("{key}: the fixes add a {code} syntax diagnostic"));
            }
        }
        let left: Vec<String> = lint::lint(&fixed, &config)
            .into_iter()
            .filter(|f| f.fix.is_some())
            .map(|f| format!("{}@{}", f.rule, f.span.start.line))
            .collect();
        if !left.is_empty() {
            problems.push(format!(
                "{key}: fixable findings left after fixing: {left:?}"
            ));
        }
        if lint::fix_all(&fixed, &config, true) != fixed {
            problems.push(format!("{key}: fixing twice changes the file again"));
        }
        // No word of the original may disappear: fixes join, move, add, re-case and re-quote,
        // they never drop commands. Compare the multiset of words, ignoring `&&`, `\` and `;`,
        // case (keyword and stage-name casing), quotes and the `=`, `[`, `]`, `,` between words
        // (`ENV a b` → `ENV a=b`, `run x` → `["run", "x"]`), a trailing `/` added to a
        // directory, ADD renamed COPY, `apt` renamed `apt-get`, MAINTAINER replaced by a
        // LABEL, a `<tag>` placeholder where a tag is missing or `latest` (LL301/LL302),
        // curl's `-f` joined to a group of short options (LL609: `-sSL` → `-fsSL`), and
        // `$(…)` for backticks (LL800's SC2006).
        let words = |t: &str| {
            let mut w: Vec<String> = t
                .split(|c: char| c.is_whitespace() || "=[],".contains(c))
                .map(|w| {
                    w.replace("$(", "")
                        .replace(['"', '\'', '\\', '`', ')'], "")
                        .to_lowercase()
                })
                .map(|w| {
                    w.trim_end_matches('/')
                        .replace(":<tag>", "")
                        .replace(":latest", "")
                })
                .map(|w| match w.as_str() {
                    "add" => "copy".to_string(),
                    _ if w.len() > 2
                        && w.starts_with("-f")
                        && w[1..].chars().all(|c| c.is_ascii_alphabetic()) =>
                    {
                        format!("-{}", &w[2..])
                    }
                    "apt" => "apt-get".to_string(),
                    _ => w,
                })
                .filter(|w| !matches!(w.as_str(), "" | "&&" | "`" | ";" | "maintainer"))
                .collect();
            w.sort();
            w
        };
        let (old, new) = (words(&text), words(&fixed));
        let lost: Vec<&String> = old.iter().filter(|w| !new.contains(w)).take(5).collect();
        if !lost.is_empty() {
            problems.push(format!("{key}: the fixes dropped words {lost:?}"));
        }
    }
    eprintln!("fixed {files_fixed} files, {fixes_applied} fixable findings");
    assert!(
        files_fixed > 50,
        "the corpus has many fixable files, saw {files_fixed}"
    );
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
