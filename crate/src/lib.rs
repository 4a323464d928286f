//! layerlint: finds what makes container images slow to pull and start, in Dockerfiles and in
//! image archives. Platform-free: the CLI and the wasm face (`wasm/`) are thin callers.

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
