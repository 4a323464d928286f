//! Baselines: the findings a team accepts today, so CI reports only new ones. A finding is
//! recognised by its rule, its file and a fingerprint that ignores where it is: a hash of the
//! rule, the text of its instruction (whitespace and line continuations normalized) and which
//! occurrence of that pair it is in the file — so edits above it, or to other instructions,
//! keep it matched (the idea of SARIF's `partialFingerprints`).

use crate::report::{Finding, LintReport};
use crate::syntax::Dockerfile;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Fill in every finding's `fingerprint` (findings in file order).
pub fn set_fingerprints(file: &Dockerfile, findings: &mut [Finding]) {
    // How many findings with the same rule and instruction text came before: the occurrence.
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    for f in findings {
        let text = normalized_context(file, f.span.start.offset);
        let count = seen.entry((f.rule.clone(), text.clone())).or_default();
        f.fingerprint = crate::output::fingerprint(&[&f.rule, &text, &count.to_string()]);
        *count += 1;
    }
}

/// The text of the instruction containing `offset` (else of its line), with runs of
/// whitespace made one space and line continuations (a lone `\` or `` ` `` word) dropped.
fn normalized_context(file: &Dockerfile, offset: usize) -> String {
    let range = match file.instruction_at(offset) {
        Some(i) => {
            let span = file.instructions[i].span;
            span.start.offset..span.end.offset
        }
        None => {
            let start = file.text[..offset.min(file.text.len())]
                .rfind('\n')
                .map_or(0, |p| p + 1);
            let end = file.text[start..]
                .find('\n')
                .map_or(file.text.len(), |p| start + p);
            start..end
        }
    };
    let text = file.text.get(range).unwrap_or_default();
    text.split_whitespace()
        .filter(|w| *w != "\\" && *w != "`")
        .collect::<Vec<_>>()
        .join(" ")
}

/// A baseline file (JSON). `message` and `line` are there for people reading it; matching
/// uses rule, file and fingerprint only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub rule: String,
    pub file: String,
    pub fingerprint: String,
    #[serde(default)]
    pub line: u32,
    #[serde(default)]
    pub message: String,
}

/// `./Dockerfile` and `Dockerfile` are one file.
fn same_path(path: &str) -> &str {
    path.strip_prefix("./").unwrap_or(path)
}

impl Baseline {
    /// Every finding of the report.
    pub fn of(report: &LintReport) -> Baseline {
        let findings = report
            .files
            .iter()
            .flat_map(|file| {
                file.findings.iter().map(|f| Entry {
                    rule: f.rule.clone(),
                    file: same_path(&file.path).to_string(),
                    fingerprint: f.fingerprint.clone(),
                    line: f.span.start.line,
                    message: f.message.clone(),
                })
            })
            .collect();
        Baseline {
            version: 1,
            findings,
        }
    }

    pub fn from_json(text: &str) -> Result<Baseline, String> {
        let baseline: Baseline =
            serde_json::from_str(text).map_err(|e| format!("not a layerlint baseline: {e}"))?;
        if baseline.version != 1 {
            return Err(format!("baseline version {} is not 1", baseline.version));
        }
        Ok(baseline)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a baseline always serializes")
    }

    /// Remove from the report the findings the baseline holds; each entry stands for one
    /// finding, so a second copy of an accepted problem is still new. Returns how many were
    /// removed.
    pub fn remove_known(&self, report: &mut LintReport) -> usize {
        let mut unused: Vec<&Entry> = self.findings.iter().collect();
        let mut removed = 0;
        for file in &mut report.files {
            let path = same_path(&file.path).to_string();
            file.findings.retain(|f| {
                let known = unused.iter().position(|e| {
                    e.rule == f.rule && e.file == path && e.fingerprint == f.fingerprint
                });
                match known {
                    Some(at) => {
                        unused.swap_remove(at);
                        removed += 1;
                        false
                    }
                    None => true,
                }
            });
        }
        removed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{lint_file, Config};

    fn report(text: &str) -> LintReport {
        LintReport::new(vec![lint_file("./Dockerfile", text, &Config::default())])
    }

    #[test]
    fn only_findings_added_after_the_baseline_are_left() {
        let before = "FROM debian:12\nRUN curl -sSL https://x.io/i.sh | sh\nRUN chmod 777 /app\n";
        let baseline = Baseline::from_json(&Baseline::of(&report(before)).to_json()).unwrap();
        assert!(baseline.findings.len() >= 3);
        // Lines added above, an instruction re-wrapped, and one new problem.
        let after = "# syntax=docker/dockerfile:1\nFROM debian:12\nLABEL a=b\nRUN curl -sSL \\\n      https://x.io/i.sh | sh\nRUN chmod 777 /app\nRUN chmod 777 /data\n";
        let mut now = report(after);
        let total = now.files[0].findings.len();
        let removed = baseline.remove_known(&mut now);
        let left: Vec<(&str, u32)> = now.files[0]
            .findings
            .iter()
            .map(|f| (f.rule.as_str(), f.span.start.line))
            .collect();
        assert!(left.contains(&("LL608", 7)), "{left:?}");
        assert!(
            left.iter().all(|(_, line)| [3, 7].contains(line)),
            "{left:?}"
        );
        assert_eq!(removed, baseline.findings.len());
        assert_eq!(total - removed, left.len());
    }

    #[test]
    fn a_second_copy_of_an_accepted_problem_is_new() {
        let one = "FROM debian:12\nRUN chmod 777 /app\n";
        let two = "FROM debian:12\nRUN chmod 777 /app\nRUN chmod 777 /app\n";
        let baseline = Baseline::of(&report(one));
        let mut now = report(two);
        baseline.remove_known(&mut now);
        let lines: Vec<(&str, u32)> = now.files[0]
            .findings
            .iter()
            .map(|f| (f.rule.as_str(), f.span.start.line))
            .filter(|(r, _)| *r == "LL608")
            .collect();
        assert_eq!(lines, [("LL608", 3)]);
    }

    #[test]
    fn other_files_and_bad_baselines() {
        let baseline = Baseline::of(&report("FROM debian:12\nRUN chmod 777 /a\n"));
        let mut other = LintReport::new(vec![lint_file(
            "other/Dockerfile",
            "FROM debian:12\nRUN chmod 777 /a\n",
            &Config::default(),
        )]);
        assert_eq!(baseline.remove_known(&mut other), 0);
        assert!(Baseline::from_json("[]").is_err());
        assert!(Baseline::from_json("{\"version\":2,\"findings\":[]}").is_err());
    }
}
