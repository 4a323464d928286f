//! The ShellCheck family's side of the hadolint comparison (LL800, `crate::shell::check`): its
//! codes and the places where hadolint's ShellCheck run is wrong, each shown by a named test.

use crate::parity::Exception;

/// Every SC code LL800 checks (those hadolint reports on the corpus and those it reports none
/// of there, where layerlint must report none either).
pub const CODES: &[&str] = &[
    "SC2006", "SC2010", "SC2012", "SC2016", "SC2028", "SC2038", "SC2046", "SC2086", "SC2116",
    "SC2153", "SC2154", "SC2155", "SC2164", "SC2196", "SC2197", "SC2251", "SC3010", "SC3014",
    "SC3016", "SC3020", "SC3028", "SC3037", "SC3046", "SC3053", "SC3057", "SC3059", "SC3060",
];

pub const EXCEPTIONS: &[Exception] = &[];
