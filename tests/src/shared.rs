//! Finding the shared test data (`../shared` beside the checkout). Also compiled into the
//! `layerlint` crate's own CLI tests (by `#[path]`), which cannot depend on this crate.
//! The data is not in the repository (mixed licences): tests skip with a message when it is
//! absent, unless `LAYERLINT_REQUIRE_SHARED=1` (set by CI), where absence is a failure.

use std::path::PathBuf;

/// The `shared` directory: `$LAYERLINT_SHARED`, else `../shared` next to the repository.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("LAYERLINT_SHARED") {
        Some(d) => PathBuf::from(d),
        None => repo_root().join("../shared"),
    };
    if dir.join("corpus").is_dir() {
        return Some(dir);
    }
    if std::env::var("LAYERLINT_REQUIRE_SHARED").as_deref() == Ok("1") {
        panic!(
            "LAYERLINT_REQUIRE_SHARED=1 but {} has no corpus/",
            dir.display()
        );
    }
    eprintln!("skipping: shared test data not found at {}", dir.display());
    None
}

/// The repository root (the workspace directory), from either crate's manifest directory.
pub fn repo_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .parent()
        .expect("crates sit one level below the root")
        .to_path_buf()
}

/// `shared_dir()` or return from the calling test (after printing why).
#[macro_export]
macro_rules! shared_or_skip {
    () => {
        match $crate::shared_dir() {
            Some(d) => d,
            None => return,
        }
    };
}

/// Every file of `shared/corpus/real`, sorted, as (key like `real/owner__repo__Dockerfile`, path).
pub fn real_dockerfiles(shared: &std::path::Path) -> Vec<(String, PathBuf)> {
    let dir = shared.join("corpus/real");
    let mut files: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .expect("corpus/real is readable")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.file_name().is_some_and(|n| n != "SOURCES.tsv"))
        .map(|p| {
            (
                format!("real/{}", p.file_name().unwrap().to_string_lossy()),
                p,
            )
        })
        .collect();
    files.sort();
    files
}

/// A corpus file as text (invalid UTF-8 replaced, as the CLI does).
pub fn read_text(path: &std::path::Path) -> String {
    String::from_utf8_lossy(&std::fs::read(path).expect("corpus file is readable")).into_owned()
}

/// The real Dockerfiles BuildKit rejects (each with the reason, checked in
/// `tests/corpus/real_conformance.rs`): the only files where `layerlint` may report
/// error-severity syntax findings.
pub const INVALID_REAL_DOCKERFILES: &[&str] = &[
    "real/containers__buildah__tests__conformance__testdata__Dockerfile.env",
    "real/replicatedhq__dockerfilelint__test__examples__Dockerfile.misc",
];
