//! layerlint: finds what makes container images slow to pull and start, in Dockerfiles and in
//! image archives. Platform-free: the CLI and the wasm face (`wasm/`) are thin callers.

/// A rule's documentation text (title, why, examples, fix): compiled in with the `docs` feature,
/// an empty string without it. The page's lint module leaves it out (the page fetches the docs
/// as `rules.json`, written by `layerlint rules`), which keeps the text out of its wasm.
macro_rules! doc {
    ($text:expr $(,)?) => {
        if cfg!(feature = "docs") {
            $text
        } else {
            ""
        }
    };
}

#[cfg(feature = "image")]
pub mod advice;
pub mod baseline;
#[cfg(feature = "image")]
pub mod codec;
pub mod dockerignore;
pub mod fix;
pub mod host;
#[cfg(feature = "image")]
pub mod image;
pub mod lint;
pub mod output;
pub mod report;
pub mod shell;
pub mod syntax;
pub mod text;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub const VERSION: &str = env!("CARGO_PKG_VERSION");
