//! What containerd's own work costs, where it cannot be measured on the user's machine.
//! Calibrated on the pull harness (`scripts/pull-harness.sh`: Debian's containerd 1.6.20,
//! overlayfs snapshotter, Debian's docker-registry 2.8.2 on loopback; 2-core x86_64 Debian 12
//! VM with SHA-NI) by `python3 scripts/pull/bench_report.py calibrate DIR` (least squares)
//! from the pulls at unlimited bandwidth in a `scripts/bench-pull.sh` run: the four benchmark
//! images (small, full, many-small, few-large) × gzip and zstd, median of 3 each, against the
//! sizes, counts, decode and sha256 times `layerlint inspect` measured on the same machine.
//! The bandwidth-limited pulls are not in the fit: they check it (README, "Estimate vs real
//! pulls").
//!
//! The model the fit uses:
//!   fetch_s  = PULL_SETUP_S + compressed MB × (1 / sha256 + 1 / CONTENT_WRITE_MB_S)
//!   unpack_s = layers × SNAPSHOT_PER_LAYER_S + our decode time × GO_*_DECODE_FACTOR
//!              + uncompressed MB / sha256 + entries × PER_ENTRY_S + file MB / FILE_WRITE_MB_S
//! (`ctr` prints the unpack time; fetch_s is the rest of the pull's wall time.)
//!
//! Figures: the run of 2026-12-05 01:39–01:48 UTC (`target/pull/bench-20261205-013903`,
//! 96 pulls, load average 0.7–6.3 from other work, median 2.4: the quietest run). sha256
//! measured by `layerlint inspect` on the same machine: 1,787–1,811 MB/s. Fit residuals of the
//! unpack times ≤ 0.09 s. The earlier run of 01:27–01:37 (load median 3.5) checks them.

/// Resolving the reference, fetching manifest and config, and `ctr` itself, once per pull.
/// Intercept of fetch time against compressed bytes.
pub const PULL_SETUP_S: f64 = 0.16;

/// Preparing, mounting and committing one layer's snapshot (overlayfs).
pub const SNAPSHOT_PER_LAYER_S: f64 = 0.0097;

/// Getting a blob into the content store besides hashing it: ctr's HTTP read, the gRPC content
/// API into the daemon, the ingest file write and its fsync. On loopback this includes the
/// registry serving the blob on the same cores.
pub const CONTENT_WRITE_MB_S: f64 = 185.0;

/// containerd 1.6 decodes gzip with Go's `compress/gzip` (no `unpigz` on the harness machine,
/// nor is it in Debian's containerd dependencies): its time per layer over our zlib-rs decode
/// time for the same blob (native CLI).
pub const GO_GZIP_DECODE_FACTOR: f64 = 2.19;

/// containerd 1.6 decodes zstd with klauspost/compress/zstd: its time over our libzstd
/// decode time for the same blob (native CLI).
pub const GO_ZSTD_DECODE_FACTOR: f64 = 0.57;

/// Creating one tar entry in the snapshot (open/mkdir/symlink, chown, chmod, utimes, xattrs),
/// data aside.
pub const PER_ENTRY_S: f64 = 69.0e-6;

/// Writing regular-file data into the snapshot (page cache, no fsync).
pub const FILE_WRITE_MB_S: f64 = 520.0;

/// sha256 speed when the report has no timing (digests not checked, or the page's wasm):
/// `layerlint inspect`'s on the harness machine (SHA-NI), taken as Go's crypto/sha256 there.
pub const FALLBACK_SHA256_MB_S: f64 = 1800.0;
