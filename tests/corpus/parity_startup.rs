//! Parity with hadolint 2.15.1 for the start-up rules' aliases: LL301 = DL3006, LL302 = DL3007,
//! LL104 = DL3015, and LL103's yum/dnf/zypper/yarn cases = DL3032/DL3040/DL3036/DL3060.
//! Precision and recall must be at least 0.95 with the listed exceptions (places where hadolint
//! is wrong, each shown by a named unit test of the rule), and no other disagreement may appear.
//!
//! The related ids (DL3059 vs LL101; DL3009/DL3019/DL3042 vs LL103) are deliberately different:
//! `cargo run -p layerlint-tests --example parity` prints how they compare.

use layerlint_tests::parity;
use layerlint_tests::parity_startup::{ALIASES, EXCEPTIONS};
use layerlint_tests::shared_or_skip;

#[test]
fn start_up_aliases_agree_with_hadolint() {
    let shared = shared_or_skip!();
    let p = parity::measure(&shared, EXCEPTIONS);
    eprintln!("{}", parity::table(&p));
    let mut problems = Vec::new();
    for code in ALIASES {
        let r = p
            .rules
            .get(*code)
            .unwrap_or_else(|| panic!("{code} is an alias"));
        assert!(r.hadolint > 0, "{code}: hadolint reports it on the corpus");
        let (precision, recall) = (r.precision().unwrap_or(0.0), r.recall().unwrap_or(0.0));
        if precision < 0.95 || recall < 0.95 {
            problems.push(format!(
                "{code}: precision {precision:.2}, recall {recall:.2}"
            ));
        }
    }
    for (key, ours_only) in &p.disagreements {
        if ALIASES.contains(&key.code.as_str()) {
            let who = if *ours_only {
                "only layerlint"
            } else {
                "only hadolint"
            };
            problems.push(format!("{who}: {} {}:{}", key.code, key.file, key.line));
        }
    }
    // Every exception is a disagreement that still happens.
    let raw = parity::measure(&shared, &[]);
    for e in EXCEPTIONS {
        let happens = raw.disagreements.iter().any(|(k, ours_only)| {
            k.file == e.file && k.code == e.code && k.line == e.line && *ours_only == e.ours_only
        });
        if !happens {
            problems.push(format!("stale exception: {} {}:{}", e.code, e.file, e.line));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn related_rules_are_compared() {
    let shared = shared_or_skip!();
    let report = layerlint_tests::parity_startup::related_report(&shared);
    eprintln!("{report}");
    // LL101 finds every pair DL3059 finds, and more.
    let r = parity::related(&shared, "LL101", "DL3059");
    assert_eq!(
        r.matched,
        r.hadolint,
        "{:?}",
        r.differences
            .iter()
            .filter(|d| !d.ours_only)
            .collect::<Vec<_>>()
    );
    assert!(r.ours > r.hadolint);
}
