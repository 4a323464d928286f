//! hadolint parity for the DL codes that BuildKit-check rules carry as aliases: DL3024
//! (DuplicateStageName, LL704), DL3063 (ReservedStageName, LL705), DL4000
//! (MaintainerDeprecated, LL707), and the hadolint rule kept apart from its BuildKit
//! neighbour: DL3064 (LL564; BuildKit's SecretsUsedInArgOrEnv is LL714, related). Precision
//! and recall must be at least 0.95 wherever either tool reports something.

use layerlint_tests::{parity, shared_or_skip};

// No accepted disagreement so far. hadolint's one known mistake among these codes, DL3024
// comparing stage names case-sensitively, does not occur in the corpus; it is shown by
// `names_differing_only_in_case_are_duplicates_hadolint_misses_them` in
// `crate/src/lint/rules/buildkit/stages.rs`.
const CODES: &[&str] = &["DL3024", "DL3063", "DL3064", "DL4000"];

#[test]
fn buildkit_neighbours_agree_with_hadolint() {
    let shared = shared_or_skip!();
    let problems = parity::family_problems(&shared, CODES);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The two codes hadolint does report here are actually measured, not skipped.
    let p = parity::measure(&shared, &[]);
    assert!(p.rules["DL3064"].hadolint > 40 && p.rules["DL4000"].hadolint >= 5);
}
