//! Helpers for tests that read the shared test data (`../shared` beside the checkout).

mod shared;
pub use shared::*;

pub mod parity;

mod fixtures;
pub use fixtures::*;
