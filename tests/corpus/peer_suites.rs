//! The peers' own tests (`../shared/conformance`): hadolint's rule specs (945 `DL` cases; the
//! 36 `SC*` cases are reported apart, they belong to the shell-analysis rules) and BuildKit's
//! build-check tests. Every disagreement must be a named exception of
//! `tests/src/parity_specs.rs`, and every exception must still be needed.

use layerlint_tests::parity_specs::{
    buildkit_checks, hadolint_specs, BUILDKIT_CHECK_EXCEPTIONS, HADOLINT_SPEC_EXCEPTIONS,
};
use layerlint_tests::shared_or_skip;

/// The 36 `SC*` cases (ShellCheck's findings, LL800) agree but one: hs0960, an ONBUILD trigger
/// after `SHELL ["/bin/bash", …]`. The SHELL is in the image's config, so the trigger runs in
/// bash, where `$RANDOM` is defined; hadolint checks triggers as sh.
#[test]
fn hadolint_shellcheck_specs_agree_but_for_a_trigger_under_bash() {
    let shared = shared_or_skip!();
    let results = hadolint_specs(&shared);
    let disagree: Vec<&str> = results
        .iter()
        .filter(|r| r.rule == "SC*" && !r.agrees())
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(disagree, ["hs0960"]);
}

#[test]
fn hadolint_specs_agree_but_for_named_exceptions() {
    let shared = shared_or_skip!();
    let results = hadolint_specs(&shared);
    let (sc, dl): (Vec<_>, Vec<_>) = results.iter().partition(|r| r.rule == "SC*");
    let agree = dl.iter().filter(|r| r.agrees()).count();
    eprintln!(
        "hadolint specs: {agree}/{} DL cases agree ({:.1}%), {} named exceptions; \
         SC* cases (shell analysis, reported apart): {}/{} agree",
        dl.len(),
        100.0 * agree as f64 / dl.len() as f64,
        HADOLINT_SPEC_EXCEPTIONS.len(),
        sc.iter().filter(|r| r.agrees()).count(),
        sc.len()
    );
    assert_eq!(dl.len(), 945, "the DL cases of hadolint 2.15.1's specs");
    let mut problems = Vec::new();
    for r in dl.iter().filter(|r| !r.agrees()) {
        if !HADOLINT_SPEC_EXCEPTIONS
            .iter()
            .any(|e| e.id == r.id && e.rule == r.rule)
        {
            let kind = if r.catch { "missed" } else { "false positive" };
            problems.push(format!(
                "{} {} {kind} (reported {}):\n{}",
                r.id, r.rule, r.reported, r.dockerfile
            ));
        }
    }
    for e in HADOLINT_SPEC_EXCEPTIONS {
        let still = dl
            .iter()
            .any(|r| r.id == e.id && r.rule == e.rule && !r.agrees());
        if !still {
            problems.push(format!("stale exception: {} {}", e.id, e.rule));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn buildkit_checks_agree_but_for_named_exceptions() {
    let shared = shared_or_skip!();
    let report = buildkit_checks(&shared);
    eprintln!(
        "BuildKit checks: {} cases, {}/{} expected warnings matched, {} disagreements: \
         {} named exceptions",
        report.cases,
        report.matched,
        report.expected,
        report.disagreements.len(),
        BUILDKIT_CHECK_EXCEPTIONS.len(),
    );
    let mut problems: Vec<String> = report.syntax.clone();
    for d in &report.disagreements {
        let named = BUILDKIT_CHECK_EXCEPTIONS.iter().any(|e| {
            e.case == d.case && e.check == d.check && e.line == d.line && e.ours_only == d.ours_only
        });
        if !named {
            let who = if d.ours_only { "extra" } else { "missed" };
            problems.push(format!("{}: {who} {} line {}", d.case, d.check, d.line));
        }
    }
    for e in BUILDKIT_CHECK_EXCEPTIONS {
        let still = report.disagreements.iter().any(|d| {
            e.case == d.case && e.check == d.check && e.line == d.line && e.ours_only == d.ours_only
        });
        if !still {
            problems.push(format!(
                "stale exception: {} {} line {}",
                e.case, e.check, e.line
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
