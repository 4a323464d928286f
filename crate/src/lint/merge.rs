//! One finding per problem: a hadolint rule and its BuildKit neighbour (one lists the other's
//! id under `related`, e.g. LL525/DL3025 and LL706/JSONArgsRecommended, LL529/DL3029 and
//! LL716/FromPlatformFlagConstDisallowed) often report the same instruction. Shown twice, the
//! same problem reads as two; merged, the finding carries both tools' ids, so either tool's
//! pragmas and config entries still find it.

use crate::report::Finding;
use crate::syntax::Dockerfile;
use std::collections::HashMap;

/// Merge findings in the same instruction whose rules are related into the first of them
/// (rules run in registry order, hadolint's families before BuildKit's; its span is kept): the
/// later one's aliases are added, its fix taken when the first has none, and the higher
/// severity kept. Pragmas and ignores have already been applied, so a finding whose rule was
/// silenced merges with nothing.
pub fn merge_related(findings: Vec<Finding>, file: &Dockerfile) -> Vec<Finding> {
    let place: Vec<Option<usize>> = findings.iter().map(|f| instruction_of(file, f)).collect();
    // Apart from an identical span, two findings are the same problem only when each rule
    // reports once in the instruction: an ENV with two secret names can be two findings of
    // one rule and one of the other, which then belongs to the name they share.
    let mut per_rule: HashMap<(Option<usize>, &str), usize> = HashMap::new();
    for (f, p) in findings.iter().zip(&place) {
        *per_rule.entry((*p, f.rule.as_str())).or_default() += 1;
    }
    let alone: Vec<bool> = findings
        .iter()
        .zip(&place)
        .map(|(f, p)| per_rule[&(*p, f.rule.as_str())] == 1)
        .collect();
    let mut out: Vec<Finding> = Vec::with_capacity(findings.len());
    let mut out_alone: Vec<bool> = Vec::with_capacity(findings.len());
    let mut in_instruction: HashMap<Option<usize>, Vec<usize>> = HashMap::new();
    for ((f, p), f_alone) in findings.into_iter().zip(place).zip(alone) {
        let same_place = in_instruction.entry(p).or_default();
        let candidates = || same_place.iter().copied().filter(|&i| related(&out[i], &f));
        let kept = candidates()
            .find(|&i| out[i].span == f.span)
            .or_else(|| candidates().find(|&i| p.is_some() && f_alone && out_alone[i]));
        if let Some(kept) = kept {
            let kept = &mut out[kept];
            for alias in f.aliases {
                if !kept.aliases.contains(&alias) {
                    kept.aliases.push(alias);
                }
            }
            kept.related.retain(|id| !kept.aliases.contains(id));
            if kept.fix.is_none() {
                kept.fix = f.fix;
            }
            kept.severity = kept.severity.max(f.severity);
            continue;
        }
        same_place.push(out.len());
        out.push(f);
        out_alone.push(f_alone);
    }
    out
}

/// The index of the instruction a finding starts in (`None` outside every instruction).
fn instruction_of(file: &Dockerfile, f: &Finding) -> Option<usize> {
    let at = f.span.start.offset;
    let i = file
        .instructions
        .partition_point(|inst| inst.span.start.offset <= at)
        .checked_sub(1)?;
    (at <= file.instructions[i].span.end.offset).then_some(i)
}

/// One lists the other's rule or an alias of it among its related ids.
fn related(a: &Finding, b: &Finding) -> bool {
    let names = |f: &Finding| {
        std::iter::once(&f.rule)
            .chain(&f.aliases)
            .cloned()
            .collect::<Vec<_>>()
    };
    let (na, nb) = (names(a), names(b));
    a.related.iter().any(|r| nb.contains(r)) || b.related.iter().any(|r| na.contains(r))
}

#[cfg(test)]
mod tests {
    use crate::lint::{lint, Config};

    fn ids(text: &str, config: &Config) -> Vec<(String, Vec<String>)> {
        lint(text, config)
            .into_iter()
            .map(|f| (f.rule, f.aliases))
            .collect()
    }

    #[test]
    fn shell_form_cmd_is_one_finding_with_both_tools_ids() {
        let found = ids("FROM alpine:3.20\nCMD echo hi\n", &Config::default());
        assert_eq!(
            found,
            vec![(
                "LL525".to_string(),
                vec!["DL3025".to_string(), "JSONArgsRecommended".to_string()]
            )]
        );
    }

    #[test]
    fn silencing_one_tools_id_leaves_the_other_rule() {
        let text = "FROM alpine:3.20\n# hadolint ignore=DL3025\nCMD echo hi\n";
        let found = ids(text, &Config::default());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "LL706");
        let text = "# check=skip=JSONArgsRecommended\nFROM alpine:3.20\nCMD echo hi\n";
        let found = ids(text, &Config::default());
        assert_eq!(
            found,
            vec![("LL525".to_string(), vec!["DL3025".to_string()])]
        );
    }

    #[test]
    fn related_findings_at_other_spans_of_one_instruction_merge() {
        // LL529 points at the flag, LL716 at its value.
        let findings = lint(
            "FROM --platform=linux/amd64 alpine:3.20\nCMD [\"a\"]\n",
            &Config::default(),
        );
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(findings[0].rule, "LL529");
        assert_eq!(
            findings[0].aliases,
            ["DL3029", "FromPlatformFlagConstDisallowed"]
        );
        // In different instructions they stay apart.
        let findings = lint(
            "FROM alpine:3.20\nCMD echo a\nFROM alpine:3.20\nCMD echo b\n",
            &Config::default(),
        );
        let rules: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(rules, ["LL525", "LL525"]);
    }

    #[test]
    fn each_finding_merges_with_its_own_counterpart() {
        // LL564 (hadolint) reports once per instruction, at its first name; LL714 (BuildKit)
        // once per secret name: the first of those is LL564's counterpart.
        let both = ["DL3064".to_string(), "SecretsUsedInArgOrEnv".to_string()];
        let buildkit = ["SecretsUsedInArgOrEnv".to_string()];
        for (text, want) in [
            (
                "FROM alpine:3.20\nENV DB_PASSWORD=x API_TOKEN=y\n",
                [("LL564", 5, &both[..]), ("LL714", 19, &buildkit[..])],
            ),
            (
                "FROM alpine:3.20\nENV API_TOKEN=y DB_PASSWORD=x\n",
                [("LL564", 5, &both[..]), ("LL714", 17, &buildkit[..])],
            ),
        ] {
            let findings = lint(text, &Config::default());
            let got: Vec<(&str, u32, &[String])> = findings
                .iter()
                .map(|f| (f.rule.as_str(), f.span.start.column, f.aliases.as_slice()))
                .collect();
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn unrelated_findings_on_one_span_stay_apart() {
        // LL302 (latest) and LL201 (heavy base) both point at the image: different problems.
        let findings = lint("FROM python:latest\nCMD [\"python\"]\n", &Config::default());
        let rules: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(rules, ["LL201", "LL302"]);
        assert_eq!(findings[0].span, findings[1].span);
    }
}
