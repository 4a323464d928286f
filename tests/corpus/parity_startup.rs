//! Parity with hadolint 2.15.1 for the start-up rules' aliases: LL301 = DL3006, LL302 = DL3007,
//! LL104 = DL3015, and LL103's apt/apk/yum/zypper/dnf/pip/yarn cases =
//! DL3009/DL3019/DL3032/DL3036/DL3040/DL3042/DL3060.
//! Precision and recall must be at least 0.95 with the listed exceptions (places where hadolint
//! is wrong, each shown by a named unit test of the rule), and no other disagreement may appear.
//!
//! The related id DL3059 (LL101 joins more RUNs) is deliberately different:
//! `cargo run -p layerlint-tests --example parity` prints how they compare.

use layerlint_tests::parity;
use layerlint_tests::parity_startup::ALIASES;
use layerlint_tests::shared_or_skip;

#[test]
fn start_up_aliases_agree_with_hadolint() {
    let shared = shared_or_skip!();
    let problems = parity::family_problems(&shared, ALIASES);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Every alias is measured: hadolint reports each of them somewhere in the corpus.
    let p = parity::measure(&shared, &[]);
    for code in ALIASES {
        assert!(p.rules[*code].hadolint > 0, "{code}: hadolint reports it");
    }
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
