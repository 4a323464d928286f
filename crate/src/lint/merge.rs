//! One finding per problem: a hadolint rule and its BuildKit neighbour (one lists the other's
//! id under `related`, e.g. LL525/DL3025 and LL706/JSONArgsRecommended) often report the same
//! span. Shown twice, the same problem reads as two; merged, the finding carries both tools'
//! ids, so either tool's pragmas and config entries still find it.

use crate::report::Finding;
use std::collections::HashMap;

/// Merge findings with the same span whose rules are related into the first of them (rules
/// run in registry order, hadolint's families before BuildKit's): the later one's aliases are
/// added, its fix taken when the first has none, and the higher severity kept. Pragmas and
/// ignores have already been applied, so a finding whose rule was silenced merges with nothing.
pub fn merge_related(findings: Vec<Finding>) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::with_capacity(findings.len());
    let mut at_span: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    for f in findings {
        let key = (f.span.start.offset, f.span.end.offset);
        let same_span = at_span.entry(key).or_default();
        if let Some(&kept) = same_span.iter().find(|&&i| related(&out[i], &f)) {
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
        same_span.push(out.len());
        out.push(f);
    }
    out
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
    fn unrelated_findings_on_one_span_stay_apart() {
        // LL302 (latest) and LL201 (heavy base) both point at the image: different problems.
        let findings = lint("FROM python:latest\nCMD [\"python\"]\n", &Config::default());
        let rules: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(rules, ["LL201", "LL302"]);
        assert_eq!(findings[0].span, findings[1].span);
    }
}
