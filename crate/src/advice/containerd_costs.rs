//! What containerd's own work costs, where it cannot be measured on the user's machine.
//! Calibrated on the pull harness (`scripts/pull-harness.sh`: Debian's containerd 1.6.20,
//! overlayfs snapshotter, Debian's docker-registry 2.8.2 on loopback; 2-core x86_64 Debian 12
//! VM with SHA-NI) by `scripts/pull/calibrate.py` from the pulls at unlimited bandwidth of the
//! four benchmark images (small, full, many-small, few-large) × gzip and zstd, median of 3
//! each. The bandwidth-limited pulls are left out of the fit: they check it (README, "Start-up
//! estimate vs real pulls"). Rerun the calibration with `scripts/bench-pull.sh --calibrate`.
//!
//! Fit of 2026-12-05 (load average during the pulls in the bench log):
//!   fetch_s  = PULL_SETUP_S + compressed MB × (1 / sha256 + 1 / CONTENT_WRITE_MB_S)
//!   unpack_s = layers × SNAPSHOT_PER_LAYER_S + our decode time × GO_*_DECODE_FACTOR
//!              + uncompressed MB / sha256 + entries × PER_ENTRY_S + file MB / FILE_WRITE_MB_S

/// Resolving the reference, fetching manifest and config, and `ctr` itself, once per pull.
/// Intercept of fetch time against compressed bytes.
pub const PULL_SETUP_S: f64 = 0.15;

/// Preparing, mounting and committing one layer's snapshot (overlayfs).
pub const SNAPSHOT_PER_LAYER_S: f64 = 0.03;

/// Getting a blob into the content store besides hashing it: ctr's HTTP read, the gRPC content
/// API into the daemon, the ingest file write and its fsync. On loopback this includes the
/// registry serving the blob on the same cores.
pub const CONTENT_WRITE_MB_S: f64 = 150.0;

/// containerd 1.6 decodes gzip with Go's `compress/gzip` (no `unpigz` on the harness machine,
/// nor is it in Debian's containerd dependencies): its time per layer over our zlib-rs decode
/// time for the same blob (native CLI).
pub const GO_GZIP_DECODE_FACTOR: f64 = 2.0;

/// containerd 1.6 decodes zstd with klauspost/compress/zstd: its time over our libzstd
/// decode time for the same blob (native CLI).
pub const GO_ZSTD_DECODE_FACTOR: f64 = 2.0;

/// Creating one tar entry in the snapshot (open/mkdir/symlink, chown, chmod, utimes, xattrs),
/// data aside.
pub const PER_ENTRY_S: f64 = 60e-6;

/// Writing regular-file data into the snapshot (page cache, no fsync).
pub const FILE_WRITE_MB_S: f64 = 800.0;

/// sha256 speed when the report has no timing (digests not checked): Go's crypto/sha256 on
/// the harness machine (SHA-NI).
pub const FALLBACK_SHA256_MB_S: f64 = 1000.0;
