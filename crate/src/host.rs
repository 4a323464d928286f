//! What the host gives the library: a clock, and a way to hear about progress and to cancel.
//! wasm32-unknown-unknown has no clock and no threads, so the library never asks the platform:
//! the CLI passes an `Instant`-based clock, the web worker one that calls `performance.now()`.

/// Milliseconds from an arbitrary, fixed origin. Only differences are used.
pub trait Clock {
    fn now_ms(&self) -> f64;
}

/// A clock that never moves: every timing comes out as 0. For tests and for callers that only
/// want sizes.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoClock;

impl Clock for NoClock {
    fn now_ms(&self) -> f64 {
        0.0
    }
}

/// Where a long inspection is. Byte counts are of *stored* bytes (what is read from the input),
/// so `bytes_done / bytes_total` is a fair progress fraction and MB/s is the reading speed.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct ProgressInfo {
    /// Stored bytes of all layers read so far.
    pub bytes_done: u64,
    /// Stored bytes of all layers that will be read.
    pub bytes_total: u64,
    /// 1-based index of the layer being read (0 before the first layer).
    pub layer: u32,
    /// Number of layers that will be read.
    pub layers: u32,
    /// Stored bytes of the current layer read so far.
    pub layer_bytes_done: u64,
    /// Stored size of the current layer.
    pub layer_bytes_total: u64,
    /// Uncompressed bytes of the current layer produced so far.
    pub layer_uncompressed_done: u64,
}

/// Receives progress about every MiB of decoded data; returning `false` cancels the work.
pub trait Progress {
    fn update(&mut self, info: &ProgressInfo) -> bool;
}

impl<F: FnMut(&ProgressInfo) -> bool> Progress for F {
    fn update(&mut self, info: &ProgressInfo) -> bool {
        self(info)
    }
}

/// Progress that nobody watches and that never cancels.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn update(&mut self, _: &ProgressInfo) -> bool {
        true
    }
}

/// The caller asked to stop (its [`Progress`] returned `false`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cancelled;

impl std::fmt::Display for Cancelled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("cancelled")
    }
}

impl std::error::Error for Cancelled {}
