//! The only wasm-bindgen surface: converts JS values in and plain report data out. Everything
//! else in the crate is platform-free. Split by feature so one crate builds two modules: the
//! page's lint module (`lint`) and the inspection worker's image module (`image`), which the
//! page loads only when the first file is dropped.

use wasm_bindgen::prelude::*;

#[cfg(feature = "image")]
mod image;
#[cfg(feature = "lint")]
mod lint;

#[cfg(feature = "image")]
pub use image::*;
#[cfg(feature = "lint")]
pub use lint::*;

/// The crate version, e.g. `0.1.0`.
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_string()
}
