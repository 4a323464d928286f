//! GitLab Code Quality (a subset of the Code Climate format): a JSON array of issues.

use super::fingerprint;
use crate::report::{LintReport, Severity};
use serde_json::{json, Value};

pub fn gitlab(report: &LintReport) -> String {
    let mut issues: Vec<Value> = Vec::new();
    for file in &report.files {
        for f in &file.findings {
            let severity = match f.severity {
                Severity::Error => "critical",
                Severity::Warning => "major",
                Severity::Info => "minor",
                Severity::Style => "info",
            };
            // Unique per finding, stable across runs while the finding stays put.
            let line = f.span.start.line.to_string();
            let column = f.span.start.column.to_string();
            issues.push(json!({
                "type": "issue",
                "check_name": f.rule,
                "description": format!("{}: {}", f.rule, f.message),
                "categories": ["Performance"],
                "severity": severity,
                "fingerprint": fingerprint(&[&file.path, &f.rule, &line, &column, &f.message]),
                "location": {
                    "path": file.path,
                    "lines": {"begin": f.span.start.line, "end": f.span.end.line},
                },
            }));
        }
    }
    serde_json::to_string_pretty(&issues).expect("issues always serialize")
}
