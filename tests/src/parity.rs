//! Agreement with hadolint 2.15.1 on the shared corpus (`corpus/oracle/hadolint.json`), per rule:
//! a finding is (file, hadolint code, line). layerlint findings count under every `DL` alias of
//! their rule, at the first line of the instruction they are in (hadolint reports instruction
//! lines; layerlint's spans are often more precise). Files where hadolint itself failed
//! (DL1000) are left out. ShellCheck codes (`SC…`) count once per instruction on both sides:
//! hadolint reports each ShellCheck message once per RUN, layerlint at every place.

use crate::read_text;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// One (file, code, line) both tools are compared on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Key {
    pub file: String,
    pub code: String,
    pub line: u32,
}

/// A disagreement the parity test accepts because hadolint is wrong there; each one is shown
/// by a named test of the rule.
#[derive(Debug, Clone, Copy)]
pub struct Exception {
    pub file: &'static str,
    pub code: &'static str,
    pub line: u32,
    /// `true`: layerlint reports it and hadolint does not; `false`: the other way round.
    pub ours_only: bool,
    pub why: &'static str,
}

impl Exception {
    /// layerlint reports it, hadolint does not.
    pub const fn ours(
        file: &'static str,
        code: &'static str,
        line: u32,
        why: &'static str,
    ) -> Self {
        Exception {
            file,
            code,
            line,
            ours_only: true,
            why,
        }
    }

    /// hadolint reports it, layerlint does not.
    pub const fn theirs(
        file: &'static str,
        code: &'static str,
        line: u32,
        why: &'static str,
    ) -> Self {
        Exception {
            ours_only: false,
            ..Self::ours(file, code, line, why)
        }
    }
}

/// Every family's accepted exceptions.
pub fn exceptions() -> Vec<Exception> {
    [
        crate::parity_startup::EXCEPTIONS,
        crate::parity_commands::EXCEPTIONS,
        crate::parity_instructions::EXCEPTIONS,
        crate::parity_shellcheck::EXCEPTIONS,
    ]
    .concat()
}

/// What is wrong with one family's agreement (empty when nothing): for each of `codes`,
/// precision and recall below 0.95 where hadolint reports the code, any finding where it
/// reports none, every disagreement no exception explains, and every exception of the family
/// that no longer happens (a stale one hides nothing but misleads).
pub fn family_problems(shared: &Path, codes: &[&str]) -> Vec<String> {
    let exceptions = exceptions();
    let parity = measure(shared, &exceptions);
    eprintln!("{}", table(&parity));
    let mut problems = Vec::new();
    for code in codes {
        let Some(r) = parity.rules.get(*code) else {
            problems.push(format!("{code}: no rule carries this alias"));
            continue;
        };
        if r.hadolint == 0 {
            if r.ours > 0 {
                problems.push(format!(
                    "{code}: hadolint reports none, layerlint {}",
                    r.ours
                ));
            }
            continue;
        }
        let (p, rc) = (r.precision().unwrap_or(0.0), r.recall().unwrap_or(0.0));
        if p < 0.95 || rc < 0.95 {
            problems.push(format!("{code}: precision {p:.2}, recall {rc:.2}"));
        }
    }
    for (key, ours_only) in &parity.disagreements {
        if codes.contains(&key.code.as_str()) {
            let who = if *ours_only {
                "only layerlint"
            } else {
                "only hadolint"
            };
            problems.push(format!("{who}: {} {}:{}", key.code, key.file, key.line));
        }
    }
    let raw = measure(shared, &[]);
    for e in exceptions.iter().filter(|e| codes.contains(&e.code)) {
        let happens = raw.disagreements.iter().any(|(k, ours_only)| {
            k.file == e.file && k.code == e.code && k.line == e.line && *ours_only == e.ours_only
        });
        if !happens {
            problems.push(format!("stale exception: {} {}:{}", e.code, e.file, e.line));
        }
    }
    problems
}

#[derive(Debug, Default, Clone)]
pub struct RuleParity {
    pub hadolint: usize,
    pub ours: usize,
    pub matched: usize,
    /// Disagreements accepted as exceptions.
    pub excepted: usize,
}

impl RuleParity {
    pub fn precision(&self) -> Option<f64> {
        (self.ours > 0).then(|| self.matched as f64 / self.ours as f64)
    }
    pub fn recall(&self) -> Option<f64> {
        (self.hadolint > 0).then(|| self.matched as f64 / self.hadolint as f64)
    }
}

pub struct Parity {
    pub rules: BTreeMap<String, RuleParity>,
    /// Disagreements not covered by an exception: (key, true if only layerlint reports it).
    pub disagreements: Vec<(Key, bool)>,
    pub files: usize,
    pub skipped_dl1000: usize,
}

/// The hadolint codes layerlint implements: every `DL` and `SC` alias of a registered rule.
pub fn implemented_codes() -> BTreeSet<String> {
    layerlint::lint::rules::ALL
        .iter()
        .flat_map(|r| r.aliases.iter())
        .filter(|a| a.starts_with("DL") || a.starts_with("SC"))
        .map(|a| a.to_string())
        .collect()
}

fn oracle(shared: &Path) -> serde_json::Value {
    serde_json::from_str(
        &std::fs::read_to_string(shared.join("corpus/oracle/hadolint.json")).unwrap(),
    )
    .unwrap()
}

/// The first line of the instruction a finding is in (hadolint reports instruction lines).
fn instruction_line(tree: &layerlint::syntax::Dockerfile, f: &layerlint::report::Finding) -> u32 {
    tree.instructions
        .iter()
        .find(|i| {
            i.span.start.offset <= f.span.start.offset && f.span.start.offset <= i.span.end.offset
        })
        .map_or(f.span.start.line, |i| i.span.start.line)
}

/// The findings as hadolint would show them: of the ShellCheck findings in one instruction,
/// only the last in ShellCheck's order (position, then severity from error to style, then
/// code), and only if no pragma silences it. hadolint keeps its findings in a set ordered by
/// line alone, so one ShellCheck finding per RUN survives (on the corpus: 285 findings on 285
/// distinct lines), chosen before `# hadolint ignore=` applies.
pub fn shown_by_hadolint(
    text: &str,
    config: &layerlint::lint::Config,
    tree: &layerlint::syntax::Dockerfile,
) -> Vec<layerlint::report::Finding> {
    use layerlint::report::Finding;
    let is_sc = |f: &Finding| f.aliases.iter().any(|a| a.starts_with("SC"));
    let order = |f: &Finding| {
        (
            f.span.start.offset,
            std::cmp::Reverse(f.severity),
            f.aliases.first().cloned(),
        )
    };
    let shown = layerlint::lint::lint(text, config);
    let unsilenced = layerlint::lint::Config {
        disable_ignore_pragma: true,
        ..config.clone()
    };
    // Without an ignore pragma nothing is silenced: skip the second lint.
    let all = if text.contains("ignore") {
        layerlint::lint::lint(text, &unsilenced)
    } else {
        shown.clone()
    };
    let mut last: BTreeMap<u32, Finding> = BTreeMap::new();
    for f in all.into_iter().filter(is_sc) {
        let line = instruction_line(tree, &f);
        match last.get(&line) {
            Some(kept) if order(kept) >= order(&f) => {}
            _ => {
                last.insert(line, f);
            }
        }
    }
    let mut out: Vec<Finding> = shown.iter().filter(|f| !is_sc(f)).cloned().collect();
    out.extend(last.into_values().filter(|f| shown.contains(f)));
    out
}

pub fn measure(shared: &Path, exceptions: &[Exception]) -> Parity {
    let oracle = oracle(shared);
    let codes = implemented_codes();
    let mut theirs: BTreeMap<Key, usize> = BTreeMap::new();
    let mut ours: BTreeMap<Key, usize> = BTreeMap::new();
    let (mut files, mut skipped) = (0, 0);
    let config = layerlint::lint::Config::default();
    for (file, findings) in oracle["results"].as_object().unwrap() {
        let findings = findings.as_array().unwrap();
        if findings.iter().any(|f| f["code"] == "DL1000") {
            skipped += 1;
            continue;
        }
        files += 1;
        for f in findings {
            let code = f["code"].as_str().unwrap();
            if codes.contains(code) {
                let key = Key {
                    file: file.clone(),
                    code: code.into(),
                    line: f["line"].as_u64().unwrap() as u32,
                };
                *theirs.entry(key).or_default() += 1;
            }
        }
        let text = read_text(&shared.join("corpus").join(file));
        let tree = layerlint::syntax::parse(&text);
        for f in shown_by_hadolint(&text, &config, &tree) {
            let line = instruction_line(&tree, &f);
            for code in f.aliases.iter().filter(|a| codes.contains(*a)) {
                let key = Key {
                    file: file.clone(),
                    code: code.clone(),
                    line,
                };
                *ours.entry(key).or_default() += 1;
            }
        }
    }
    for counts in [&mut theirs, &mut ours] {
        for (key, n) in counts.iter_mut() {
            if key.code.starts_with("SC") {
                *n = 1;
            }
        }
    }
    let excepted = |key: &Key, ours_only: bool| {
        exceptions.iter().any(|e| {
            e.file == key.file
                && e.code == key.code
                && e.line == key.line
                && e.ours_only == ours_only
        })
    };
    let mut rules: BTreeMap<String, RuleParity> = codes
        .iter()
        .map(|c| (c.clone(), RuleParity::default()))
        .collect();
    let mut disagreements = Vec::new();
    let keys: BTreeSet<&Key> = theirs.keys().chain(ours.keys()).collect();
    for key in keys {
        let (t, o) = (
            theirs.get(key).copied().unwrap_or(0),
            ours.get(key).copied().unwrap_or(0),
        );
        let r = rules.get_mut(&key.code).unwrap();
        let matched = t.min(o);
        r.matched += matched;
        r.hadolint += t;
        r.ours += o;
        let ours_only = o > t;
        if t != o {
            if excepted(key, ours_only) {
                // An accepted disagreement counts as agreement, and is listed as excepted.
                r.excepted += t.abs_diff(o);
                r.matched += t.abs_diff(o);
                if ours_only {
                    r.hadolint += o - t
                } else {
                    r.ours += t - o
                }
            } else {
                disagreements.push((key.clone(), ours_only));
            }
        }
    }
    Parity {
        rules,
        disagreements,
        files,
        skipped_dl1000: skipped,
    }
}

/// The table for the closing note: rule, hadolint count, layerlint count, matched, P, R.
pub fn table(parity: &Parity) -> String {
    let pct = |v: Option<f64>| v.map_or("   –".to_string(), |v| format!("{:.2}", v));
    let mut out = format!(
        "hadolint parity on {} corpus files ({} skipped: hadolint failed with DL1000)\n\
         | hadolint rule | layerlint rule | hadolint | layerlint | matched | excepted | precision | recall |\n\
         |---|---|---|---|---|---|---|---|\n",
        parity.files, parity.skipped_dl1000
    );
    for (code, r) in &parity.rules {
        let ours = layerlint::lint::rule(code).map_or("?", |r| r.id);
        out.push_str(&format!(
            "| {code} | {ours} | {} | {} | {} | {} | {} | {} |\n",
            r.hadolint,
            r.ours,
            r.matched,
            r.excepted,
            pct(r.precision()),
            pct(r.recall())
        ));
    }
    out
}

/// A layerlint rule compared with a hadolint rule it is deliberately different from (listed
/// under `related`): hadolint's findings of `code`, layerlint's findings of `rule` that name
/// `code` among their related ids, both at instruction lines.
#[derive(Debug, Default)]
pub struct Related {
    pub rule: String,
    pub code: String,
    pub hadolint: usize,
    pub ours: usize,
    pub matched: usize,
    /// Where only one tool reports.
    pub differences: Vec<Difference>,
}

#[derive(Debug)]
pub struct Difference {
    pub key: Key,
    pub ours_only: bool,
    /// The instruction's text.
    pub instruction: String,
    /// The keyword of the instruction before it (empty for the first).
    pub previous: String,
    /// layerlint's message there (empty when layerlint reports nothing).
    pub message: String,
}

pub fn related(shared: &Path, rule: &str, code: &str) -> Related {
    let oracle = oracle(shared);
    let config = layerlint::lint::Config::default();
    let mut r = Related {
        rule: rule.into(),
        code: code.into(),
        ..Default::default()
    };
    for (file, findings) in oracle["results"].as_object().unwrap() {
        let findings = findings.as_array().unwrap();
        if findings.iter().any(|f| f["code"] == "DL1000") {
            continue;
        }
        let text = read_text(&shared.join("corpus").join(file));
        let tree = layerlint::syntax::parse(&text);
        let mut theirs: BTreeMap<u32, usize> = BTreeMap::new();
        for f in findings.iter().filter(|f| f["code"] == code) {
            *theirs
                .entry(f["line"].as_u64().unwrap() as u32)
                .or_default() += 1;
        }
        let mut ours: BTreeMap<u32, usize> = BTreeMap::new();
        let mut messages: BTreeMap<u32, String> = BTreeMap::new();
        for f in layerlint::lint::lint(&text, &config) {
            let line = instruction_line(&tree, &f);
            // A rule may name the code as an alias in the cases where it is the same
            // (LL101: DL3059 in the plain case) and as related elsewhere: count both.
            if f.rule == rule && f.related.iter().chain(&f.aliases).any(|c| c == code) {
                *ours.entry(line).or_default() += 1;
            }
            if f.rule == rule {
                messages.entry(line).or_insert(f.message);
            }
        }
        let lines: BTreeSet<u32> = theirs.keys().chain(ours.keys()).copied().collect();
        for line in lines {
            let (t, o) = (
                theirs.get(&line).copied().unwrap_or(0),
                ours.get(&line).copied().unwrap_or(0),
            );
            r.hadolint += t;
            r.ours += o;
            r.matched += t.min(o);
            if t != o {
                let at = tree
                    .instructions
                    .iter()
                    .position(|i| i.span.start.line == line);
                let instruction = at.map_or(String::new(), |i| {
                    tree.slice(tree.instructions[i].span).to_string()
                });
                let previous = at
                    .and_then(|i| i.checked_sub(1))
                    .map_or(String::new(), |i| {
                        tree.instructions[i].kind.as_str().to_string()
                    });
                let key = Key {
                    file: file.clone(),
                    code: code.into(),
                    line,
                };
                r.differences.push(Difference {
                    key,
                    ours_only: o > t,
                    instruction,
                    previous,
                    message: messages.get(&line).cloned().unwrap_or_default(),
                });
            }
        }
    }
    r
}
