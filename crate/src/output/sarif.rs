//! SARIF 2.1.0, as GitHub code scanning accepts it: one run, the rules with help text and
//! documentation addresses, results with regions (UTF-16 columns, SARIF's default) and fixes.

use super::{rule_url, DOCS_URL};
use crate::lint::rules::ALL;
use crate::lint::Rule;
use crate::report::{LintReport, Severity};
use serde_json::{json, Value};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "note",
    }
}

fn rule_descriptor(rule: &Rule) -> Value {
    let mut help = format!("{}\n\n{}", rule.title, rule.why);
    let mut markdown = format!(
        "**{}**\n\n{}\n\nBad:\n\n```Dockerfile\n{}```\n\nGood:\n\n```Dockerfile\n{}```\n",
        rule.title, rule.why, rule.bad, rule.good
    );
    if let Some(fix) = rule.fix {
        help.push_str(&format!("\n\nFix: {fix}"));
        markdown.push_str(&format!("\nFix: {fix}\n"));
    }
    json!({
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.why},
        "help": {"text": help, "markdown": markdown},
        "helpUri": rule_url(rule.id),
        "defaultConfiguration": {"level": level(rule.severity)},
        "properties": {
            "aliases": rule.aliases,
            "related": rule.related,
            "tags": ["dockerfile", "container-startup"],
        },
    })
}

pub fn sarif(report: &LintReport) -> String {
    let rules: Vec<Value> = ALL.iter().map(|r| rule_descriptor(r)).collect();
    let mut results = Vec::new();
    for file in &report.files {
        for f in &file.findings {
            let region = json!({
                "startLine": f.span.start.line,
                "startColumn": f.span.start.column,
                "endLine": f.span.end.line,
                "endColumn": f.span.end.column,
                "byteOffset": f.span.start.offset,
                "byteLength": f.span.end.offset - f.span.start.offset,
            });
            let mut result = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": {"text": f.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&file.path)},
                        "region": region,
                    }
                }],
                // Survives edits elsewhere in the file (see `baseline`), so code scanning
                // keeps tracking the finding across commits.
                "partialFingerprints": {
                    "primaryLocationLineHash": f.fingerprint,
                    "layerlint/v1": f.fingerprint,
                },
            });
            if let Some(i) = ALL.iter().position(|r| r.id == f.rule) {
                result["ruleIndex"] = json!(i);
            }
            if let Some(fix) = &f.fix {
                let replacements: Vec<Value> = fix
                    .edits
                    .iter()
                    .map(|e| {
                        json!({
                            "deletedRegion": {"byteOffset": e.start, "byteLength": e.end - e.start},
                            "insertedContent": {"text": e.text},
                        })
                    })
                    .collect();
                result["fixes"] = json!([{
                    "description": {"text": fix.title},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": uri(&file.path)},
                        "replacements": replacements,
                    }],
                }]);
            }
            results.push(result);
        }
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "layerlint",
                "version": report.version,
                "semanticVersion": report.version,
                "informationUri": DOCS_URL,
                "rules": rules,
            }},
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&log).expect("SARIF always serializes")
}

/// A URI for a path (SARIF wants URIs; spaces and `%` must be escaped): relative paths stay
/// relative (GitHub resolves them against the repository), absolute ones become `file://`.
fn uri(path: &str) -> String {
    let path = path.strip_prefix("./").unwrap_or(path);
    let mut out = String::with_capacity(path.len() + 7);
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
