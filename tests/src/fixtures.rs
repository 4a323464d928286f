//! Real image fixtures made by `shared/fixtures/make-images.sh` and cached under `target/`.

use crate::shared::{repo_root, shared_dir};
use std::path::PathBuf;

/// The workspace's `target` directory (`$CARGO_TARGET_DIR` if set).
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) => PathBuf::from(d),
        None => repo_root().join("target"),
    }
}

static SMALL_FIXTURES: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();

/// Real image archives from `shared/fixtures/make-images.sh --small`, built once into
/// `target/fixtures-small` (the script is idempotent: later runs return at once). The script
/// needs root and apt (it installs umoci, skopeo and zstd itself). When it cannot run, tests
/// skip with its last words, unless `LAYERLINT_REQUIRE_SHARED=1`.
pub fn small_fixtures() -> Option<PathBuf> {
    SMALL_FIXTURES
        .get_or_init(|| {
            let shared = shared_dir()?;
            let out = target_dir().join("fixtures-small");
            // Through the repository's wrapper, which retries make-images.sh's SIGPIPE race.
            let script = repo_root().join("scripts/make-fixtures.sh");
            let run = std::process::Command::new("bash")
                .arg(&script)
                .env("LAYERLINT_SHARED", &shared)
                .arg("--small")
                .arg(&out)
                .output();
            let why = match run {
                Ok(o) if o.status.success() && out.join("fixtures-small.json").is_file() => {
                    return Some(out)
                }
                Ok(o) => {
                    let err = String::from_utf8_lossy(&o.stderr);
                    let tail: Vec<&str> = err.lines().rev().take(5).collect();
                    format!(
                        "{} failed: {}",
                        script.display(),
                        tail.into_iter().rev().collect::<Vec<_>>().join(" | ")
                    )
                }
                Err(e) => format!("cannot run {}: {e}", script.display()),
            };
            if std::env::var("LAYERLINT_REQUIRE_SHARED").as_deref() == Ok("1") {
                panic!("LAYERLINT_REQUIRE_SHARED=1 but the image fixtures cannot be made: {why}");
            }
            eprintln!("skipping: {why}");
            None
        })
        .clone()
}

/// `small_fixtures()` or return from the calling test (after printing why).
#[macro_export]
macro_rules! small_fixtures_or_skip {
    () => {
        match $crate::small_fixtures() {
            Some(d) => d,
            None => return,
        }
    };
}

/// The full fixtures (`make-images.sh target/fixtures-full`, ~1.6 GB), only if already made:
/// they take minutes, so benches use them when present and tests never build them.
pub fn full_fixtures() -> Option<PathBuf> {
    let dir = target_dir().join("fixtures-full");
    dir.join("fixtures-full.json").is_file().then_some(dir)
}
