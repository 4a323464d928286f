//! Helpers for tests that read the shared test data (`../shared` beside the checkout).

mod shared;
pub use shared::*;

pub mod parity;
pub mod parity_commands;
pub mod parity_instructions;
pub mod parity_shellcheck;
pub mod parity_specs;
pub mod parity_startup;

pub mod damage;
mod fixtures;
pub use fixtures::*;
