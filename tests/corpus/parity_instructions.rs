//! hadolint parity for the rules about instructions and Dockerfile structure (WORKDIR, USER,
//! COPY/ADD, CMD/ENTRYPOINT, registries, platform, ports, HEALTHCHECK, ENV, labels, instruction
//! order): precision and recall ≥ 0.95 per code hadolint reports on the corpus, and none of
//! ours where it reports none. The exceptions (`tests/src/parity_instructions.rs`) are places
//! where hadolint is wrong; the unit test named in each shows the same mistake on a small file.

use layerlint_tests::{parity, parity_instructions::CODES, shared_or_skip};

#[test]
fn instruction_rules_agree_with_hadolint() {
    let shared = shared_or_skip!();
    let problems = parity::family_problems(&shared, CODES);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
