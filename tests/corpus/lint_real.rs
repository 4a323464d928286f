//! `layerlint lint` over all 300 real Dockerfiles: no panic, and every span lies inside its file.

use layerlint_tests::{read_text, real_dockerfiles, shared_or_skip};

#[test]
fn lints_every_real_dockerfile_without_panicking() {
    let shared = shared_or_skip!();
    let files = real_dockerfiles(&shared);
    assert_eq!(files.len(), 300, "the corpus has 300 real Dockerfiles");
    for (key, path) in files {
        let text = read_text(&path);
        let findings = layerlint::lint::lint(&text, &Default::default());
        for f in &findings {
            assert!(
                f.span.start.offset <= f.span.end.offset && f.span.end.offset <= text.len(),
                "{key}: {} has a span outside the file",
                f.rule
            );
        }
    }
}
