//! LL607 (download and execute), LL608 (world-writable) and LL609 (curl without `--fail`)
//! over the 300 real Dockerfiles. Every finding was judged by hand (`security_judged.tsv`:
//! rule, file, line, verdict, why): the findings must be exactly the judged ones, and each
//! rule's precision over them at least 0.95. Then a scan written apart from the rules — plain
//! text over continuation-joined lines, no shell grammar — picks the lines a reviewer would
//! look at; each of its picks must be a finding or be listed in `NOT_FOUND` with the reason.

use layerlint_tests::{read_text, real_dockerfiles, repo_root, shared_or_skip};
use std::collections::BTreeSet;

const RULES: &[&str] = &["LL607", "LL608", "LL609"];

/// Picks of the independent scan the rules rightly do not report: (rule, file, line, why).
const NOT_FOUND: &[(&str, &str, u32, &str)] = &[
    (
        "LL608",
        "real/GoogleContainerTools__kaniko__deploy__Dockerfile",
        67,
        "`chmod 777` inside an exec-form RUN's `sh -c` string: layerlint parses shell-form \
         scripts only (a known gap)",
    ),
    (
        "LL608",
        "real/nginxinc__docker-nginx__mainline__debian__Dockerfile",
        58,
        "`chmod 777 \"$tempDir\"` on a scratch directory the same RUN deletes: never in the image",
    ),
    (
        "LL608",
        "real/nginxinc__docker-nginx__stable__debian__Dockerfile",
        58,
        "the same scratch directory as in mainline",
    ),
    (
        "LL609",
        "real/minio__minio__Dockerfile.hotfix",
        15,
        "the binary and its .minisig are checked by a later `minisign -V` naming them",
    ),
    (
        "LL609",
        "real/minio__minio__Dockerfile.release",
        18,
        "checked by a later `minisign -V` naming them",
    ),
    (
        "LL609",
        "real/minio__minio__Dockerfile.release.old_cpu",
        15,
        "checked by a later `minisign -V` naming them",
    ),
    (
        "LL609",
        "real/replicatedhq__dockerfilelint__test__examples__Dockerfile.mongo",
        14,
        "gosu is checked by `gpg --verify` in the same RUN: an error page fails the build",
    ),
    (
        "LL609",
        "real/replicatedhq__dockerfilelint__test__examples__Dockerfile.node",
        21,
        "checked by `gpg --verify` and `sha256sum -c` in the same RUN",
    ),
    (
        "LL609",
        "real/replicatedhq__dockerfilelint__test__examples__Dockerfile.redis",
        24,
        "checked by `sha1sum -c` in the same RUN",
    ),
];

type Key = (String, String, u32);

/// (rule, file, line) of each finding of the three rules, with the line moved to the start of
/// its continuation-joined line, which the scan sees.
fn findings(files: &[(String, String)]) -> BTreeSet<Key> {
    let mut out = BTreeSet::new();
    for (key, text) in files {
        let starts = logical_lines(text);
        for f in layerlint::lint::lint(text, &Default::default()) {
            if RULES.contains(&f.rule.as_str()) {
                let line = starts
                    .iter()
                    .rev()
                    .find(|(start, _)| *start <= f.span.start.line)
                    .map_or(f.span.start.line, |(start, _)| *start);
                out.insert((f.rule, key.clone(), line));
            }
        }
    }
    out
}

/// Each line with its continuation lines (ending in `\`) joined on: (first line, text).
fn logical_lines(text: &str) -> Vec<(u32, String)> {
    let mut out: Vec<(u32, String)> = Vec::new();
    let mut open = false;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_end();
        let body = trimmed.strip_suffix('\\').unwrap_or(trimmed);
        if open {
            if let Some(last) = out.last_mut() {
                if !line.trim_start().starts_with('#') {
                    last.1.push(' ');
                    last.1.push_str(body);
                }
            }
        } else {
            out.push((i as u32 + 1, body.to_string()));
        }
        open = trimmed.ends_with('\\');
    }
    out
}

/// The scan: what each rule is about, spotted in the text of a line's commands (split on
/// `&&`, `;`, `||`; comments and `echo`ed text skipped).
fn scan(files: &[(String, String)]) -> BTreeSet<Key> {
    let mut out = BTreeSet::new();
    for (key, text) in files {
        for (line, logical) in logical_lines(text) {
            let code = logical.trim_start();
            if code.starts_with('#') {
                continue;
            }
            let commands: Vec<&str> = code
                .split("&&")
                .flat_map(|c| c.split(';'))
                .flat_map(|c| c.split("||"))
                .collect();
            for (i, command) in commands.iter().enumerate() {
                let mut words: Vec<&str> = command.split_whitespace().collect();
                if words.first().is_some_and(|w| w.eq_ignore_ascii_case("RUN")) {
                    words.remove(0);
                }
                if words.first() == Some(&"echo") {
                    continue;
                }
                let mut add = |rule: &str| {
                    out.insert((rule.to_string(), key.clone(), line));
                };
                if piped_to_interpreter(command) || runs_a_saved_script(&commands[..i], command) {
                    add("LL607");
                }
                if world_writable(&words) {
                    add("LL608");
                }
                if curl_without_fail(command) {
                    add("LL609");
                }
            }
        }
    }
    out
}

fn piped_to_interpreter(command: &str) -> bool {
    let Some((left, right)) = command.split_once('|') else {
        return false;
    };
    let downloads = left.split_whitespace().any(|w| w == "curl" || w == "wget");
    let mut runner = right
        .split_whitespace()
        .filter(|w| *w != "sudo" && *w != "-E");
    let runner = runner.next().unwrap_or("");
    let runs = ["sh", "bash", "php", "python", "python3"].contains(&runner);
    downloads && runs && !right.contains(" -c")
}

/// `./x.sh` or `sh x.sh` run after an earlier command of the line fetched `x.sh`.
fn runs_a_saved_script(before: &[&str], command: &str) -> bool {
    let words: Vec<&str> = command.split_whitespace().collect();
    let script = match words.as_slice() {
        [sh, file, ..] if ["sh", "bash"].contains(sh) => *file,
        [file, ..] if file.starts_with("./") || file.starts_with('/') => *file,
        _ => return false,
    };
    let name = script.rsplit('/').next().unwrap_or(script);
    let fetched = before.iter().any(|c| {
        (c.contains("curl") || c.contains("wget")) && c.contains(name) && name.ends_with(".sh")
    });
    let checked = before
        .iter()
        .any(|c| c.contains("sum") || c.contains("gpg"));
    fetched && !checked
}

fn world_writable(words: &[&str]) -> bool {
    const MODES: &[&str] = &[
        "777", "0777", "666", "0666", "a+w", "o+w", "a+rwx", "a+rwX", "o+rwx",
    ];
    let chmod = words
        .first()
        .is_some_and(|w| *w == "chmod" || w.ends_with("/chmod"));
    let flag = words.iter().any(|w| {
        w.strip_prefix("--chmod=")
            .is_some_and(|m| MODES.contains(&m))
    });
    flag || (chmod && words.iter().any(|w| MODES.contains(w)))
}

fn curl_without_fail(command: &str) -> bool {
    let words: Vec<&str> = command.split_whitespace().collect();
    let Some(at) = words
        .iter()
        .position(|w| *w == "curl" || w.ends_with("(curl"))
    else {
        return false;
    };
    let args = &words[at + 1..];
    let short = |c: char| {
        args.iter().any(|w| {
            w.starts_with('-')
                && !w.starts_with("--")
                && w[1..].chars().all(|x| x.is_ascii_alphabetic())
                && w.contains(c)
        })
    };
    let long = |name: &str| args.iter().any(|w| w.starts_with(name));
    let fails = short('f') || long("--fail") || short('w') || long("--write-out") || short('I');
    let saves = (short('o') && !args.contains(&"-o-") && !args.contains(&"-"))
        || short('O')
        || long("--output");
    let piped = command.contains('|');
    !fails && (saves || piped)
}

#[test]
fn findings_on_the_corpus_are_the_judged_ones_and_agree_with_an_independent_scan() {
    let shared = shared_or_skip!();
    let files: Vec<(String, String)> = real_dockerfiles(&shared)
        .into_iter()
        .map(|(key, path)| (key, read_text(&path)))
        .collect();
    assert_eq!(files.len(), 300);
    let found = findings(&files);

    let judged_text = std::fs::read_to_string(repo_root().join("tests/corpus/security_judged.tsv"))
        .expect("the judged list is in the repository");
    let mut judged = BTreeSet::new();
    let mut true_positives = std::collections::BTreeMap::<String, (usize, usize)>::new();
    for line in judged_text.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [rule, file, line_no, verdict, _why] = cols[..] else {
            panic!("bad judged line: {line}");
        };
        let line_no: u32 = line_no.parse().expect("a line number");
        let starts = logical_lines(
            &files
                .iter()
                .find(|(k, _)| k == file)
                .expect("file in corpus")
                .1,
        );
        let line_no = starts
            .iter()
            .rev()
            .find(|(s, _)| *s <= line_no)
            .map_or(line_no, |(s, _)| *s);
        judged.insert((rule.to_string(), file.to_string(), line_no));
        let entry = true_positives.entry(rule.to_string()).or_default();
        entry.1 += 1;
        if verdict == "true" {
            entry.0 += 1;
        }
    }
    let unjudged: Vec<&Key> = found.difference(&judged).collect();
    let gone: Vec<&Key> = judged.difference(&found).collect();
    assert!(
        unjudged.is_empty() && gone.is_empty(),
        "new findings to judge: {unjudged:#?}\njudged findings no longer made: {gone:#?}"
    );
    for (rule, (yes, all)) in &true_positives {
        let precision = *yes as f64 / *all as f64;
        eprintln!("{rule}: {yes} of {all} findings true, precision {precision:.3}");
        assert!(precision >= 0.95, "{rule}: precision {precision:.3}");
    }

    let expected_misses: BTreeSet<Key> = NOT_FOUND
        .iter()
        .map(|(r, f, l, _)| (r.to_string(), f.to_string(), *l))
        .collect();
    let picked = scan(&files);
    let missed: Vec<&Key> = picked
        .difference(&found)
        .filter(|k| !expected_misses.contains(*k))
        .collect();
    assert!(
        missed.is_empty(),
        "the scan picks lines the rules do not report: {missed:#?}"
    );
    let extra: Vec<&Key> = found.difference(&picked).collect();
    eprintln!("findings the plain-text scan does not see: {extra:#?}");
}
