//! hadolint parity for the rules about the commands inside RUN (package managers and shell
//! usage): precision and recall ≥ 0.95 per code hadolint reports on the corpus, and none of
//! ours where it reports none. Each exception is a place where hadolint is wrong; the named
//! unit test beside the rule shows the same mistake on a small file.

use layerlint_tests::parity::{measure, Exception};
use layerlint_tests::shared_or_skip;

/// The hadolint codes of this family.
const CODES: &[&str] = &[
    "DL3001", "DL3003", "DL3004", "DL3008", "DL3013", "DL3014", "DL3016", "DL3018", "DL3027",
    "DL3028", "DL3030", "DL3033", "DL3034", "DL3035", "DL3037", "DL3038", "DL3041", "DL3046",
    "DL3047", "DL3062", "DL4001", "DL4005", "DL4006",
];

const EXCEPTIONS: &[Exception] = &[];

#[test]
fn commands_inside_run_agree_with_hadolint() {
    let shared = shared_or_skip!();
    let parity = measure(&shared, EXCEPTIONS);
    let mut problems = Vec::new();
    for code in CODES {
        let Some(r) = parity.rules.get(*code) else {
            problems.push(format!("{code}: no rule carries this alias"));
            continue;
        };
        match (r.hadolint, r.precision(), r.recall()) {
            (0, _, _) if r.ours > 0 => problems.push(format!(
                "{code}: hadolint reports none, layerlint {} (not excepted)",
                r.ours
            )),
            (0, _, _) => {}
            (_, p, Some(rc)) => {
                let p = p.unwrap_or(0.0);
                if p < 0.95 || rc < 0.95 {
                    problems.push(format!("{code}: precision {p:.2}, recall {rc:.2}"));
                }
            }
            _ => {}
        }
    }
    let mine: Vec<String> = parity
        .disagreements
        .iter()
        .filter(|(k, _)| CODES.contains(&k.code.as_str()))
        .map(|(k, ours)| {
            let who = if *ours {
                "only layerlint"
            } else {
                "only hadolint"
            };
            format!("{who}: {} {}:{}", k.code, k.file, k.line)
        })
        .collect();
    eprintln!("{}", layerlint_tests::parity::table(&parity));
    assert!(
        problems.is_empty(),
        "{}\n\ndisagreements:\n{}",
        problems.join("\n"),
        mine.join("\n")
    );
}
