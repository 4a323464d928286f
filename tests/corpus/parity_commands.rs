//! hadolint parity for the rules about the commands inside RUN (package managers and shell
//! usage): precision and recall ≥ 0.95 per code hadolint reports on the corpus, and none of
//! ours where it reports none. The exceptions (`tests/src/parity_commands.rs`) are places where
//! hadolint is wrong; the named unit test beside the rule shows the same mistake on a small file.

use layerlint_tests::{parity, parity_commands::CODES, shared_or_skip};

#[test]
fn commands_inside_run_agree_with_hadolint() {
    let shared = shared_or_skip!();
    let problems = parity::family_problems(&shared, CODES);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
