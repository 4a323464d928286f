//! hadolint parity for the ShellCheck findings in RUN scripts (LL800): per SC code, precision
//! and recall ≥ 0.95 by instruction where hadolint reports the code, and none where it
//! reports none. The exceptions (`tests/src/parity_shellcheck.rs`) are places where hadolint's
//! ShellCheck run is wrong; a named unit test shows the same mistake on a small file.

use layerlint_tests::{parity, parity_shellcheck::CODES, shared_or_skip};

#[test]
fn shellcheck_findings_agree_with_hadolint() {
    let shared = shared_or_skip!();
    let problems = parity::family_problems(&shared, CODES);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
