//! What a real containerd pull does, step by step, and how long each step takes for one image
//! with one codec. Read from containerd's code (v1.6.20, what Debian ships and the harness
//! runs; paths in that tree):
//!
//! 1. **Resolve and fetch.** `cmd/ctr/commands/images/pull.go` fetches everything first
//!    (`content.Fetch` → `client.Fetch`, `pull.go` `fetch`), then unpacks. Layer blobs are
//!    fetched in parallel, at most `max_concurrent_downloads` at once (`images.Dispatch` in
//!    `images/handlers.go` with a semaphore; the CRI plugin's default and the harness's
//!    `--max-concurrent-downloads` are 3). Parallel streams share one link, so the link is busy
//!    until the last byte: the download takes `bytes / bandwidth` whatever the split.
//! 2. **Content store write + sha256.** Each blob goes through containerd's content API into
//!    an ingest file while its sha256 is computed over the same bytes
//!    (`content/local/writer.go`: `Write` feeds the digester, `Commit` fsyncs and checks digest
//!    and size). It runs as the bytes arrive, so it only costs time when it is slower than the
//!    link.
//! 3. **Unpack, layer by layer, in order** (`unpacker.go` / `image.go` `Unpack` → `diff/apply`
//!    → `archive/compression.DecompressStream` → `archive/tar.go` `Apply`): decompress (Go's
//!    `compress/gzip`, or `unpigz` when it is on the PATH; klauspost's zstd), sha256 of the
//!    uncompressed stream to check the diff_id (`diff/apply/apply.go`), and create every
//!    file, directory and link in a fresh snapshot, which is then committed. One layer's
//!    unpack needs its parent's snapshot: nothing here runs in parallel.
//!
//! containerd's Go client with `WithPullUnpack` (the CRI plugin) and the transfer service
//! (1.7's `ctr images pull --local=false`, 2.x's default: `core/transfer/local/pull.go` →
//! `core/unpack/unpacker.go`) start unpacking layer 1 while later layers download
//! (`unpacker.go`'s `fetch` running beside `doUnpackFn`); `ctr images pull` in 1.6 (and 1.7 by
//! default) does not. The estimate follows the sequential pull it is checked against; with
//! overlap a pull is shorter by at most the smaller of the download and the unpack of all
//! layers but the last.

use super::containerd_costs as cost;
use crate::report::image::PullEstimate;

/// One layer, as one codec would store it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LayerInput {
    /// Bytes downloaded: the compressed blob.
    pub compressed: u64,
    /// Bytes of the uncompressed tar (hashed for the diff_id).
    pub uncompressed: u64,
    /// Decoding the blob here, with our decoder, in milliseconds.
    pub decode_ms: f64,
    /// Tar entries: each is a file, directory, link or whiteout containerd creates.
    pub entries: u64,
    /// Regular-file bytes written into the snapshot.
    pub file_bytes: u64,
    pub decoder: Decoder,
}

/// Costs measured on the user's machine (the rest are containerd's, in [`cost`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MachineSpeeds {
    /// Download bandwidth, megabits per second.
    pub bandwidth_mbit_s: f64,
    /// sha256 throughput, MB/s (10^6 bytes).
    pub sha256_mb_s: f64,
}

/// Which decoder containerd uses: its speed relative to ours differs per codec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decoder {
    Gzip,
    Zstd,
    /// An uncompressed layer: nothing to decode.
    None,
}

impl Decoder {
    /// containerd's decode time over ours.
    fn go_factor(self) -> f64 {
        match self {
            Decoder::Gzip => cost::GO_GZIP_DECODE_FACTOR,
            Decoder::Zstd => cost::GO_ZSTD_DECODE_FACTOR,
            Decoder::None => 0.0,
        }
    }
}

/// The pull of `layers` (in order) with their codec, as containerd does it.
pub fn estimate(layers: &[LayerInput], m: &MachineSpeeds) -> PullEstimate {
    let compressed: u64 = layers.iter().map(|l| l.compressed).sum();
    let uncompressed: u64 = layers.iter().map(|l| l.uncompressed).sum();
    let mb = |bytes: u64| bytes as f64 / 1e6;

    let blobs = layers.len() as f64;
    // fixed cost: ctr itself, the mean wait for its progress tick that ends the fetch, one
    // snapshot prepare + commit per layer
    let setup_s =
        cost::CTR_OVERHEAD_S + cost::CTR_PROGRESS_TICK_S / 2.0 + blobs * cost::SNAPSHOT_PER_LAYER_S;
    // step 1 and 2 overlap (a blob's request and commit too, beside the other streams): the
    // fetch lasts as long as the slower of the two
    let download_s = mb(compressed) * 8.0 / m.bandwidth_mbit_s;
    let store_s = blobs * cost::PER_BLOB_S
        + mb(compressed) / m.sha256_mb_s
        + mb(compressed) / cost::CONTENT_WRITE_MB_S;
    let store_tail_s = (store_s - download_s).max(0.0);
    // step 3, one layer after the other
    let decompress_s = layers
        .iter()
        .map(|l| l.decode_ms / 1e3 * l.decoder.go_factor())
        .sum::<f64>();
    let diff_id_s = mb(uncompressed) / m.sha256_mb_s;
    let write_s = layers
        .iter()
        .map(|l| l.entries as f64 * cost::PER_ENTRY_S + mb(l.file_bytes) / cost::FILE_WRITE_MB_S)
        .sum::<f64>();
    let verify_s = store_tail_s + diff_id_s;
    PullEstimate {
        bytes: compressed,
        download_s,
        decompress_s,
        total_s: setup_s + download_s + verify_s + decompress_s + write_s,
        setup_s,
        verify_s,
        write_s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(compressed: u64, uncompressed: u64, decode_ms: f64, entries: u64) -> LayerInput {
        LayerInput {
            compressed,
            uncompressed,
            decode_ms,
            entries,
            file_bytes: uncompressed,
            decoder: Decoder::Gzip,
        }
    }

    fn with(decoder: Decoder, layers: &[LayerInput]) -> Vec<LayerInput> {
        layers
            .iter()
            .map(|&l| LayerInput { decoder, ..l })
            .collect()
    }

    const FAST: MachineSpeeds = MachineSpeeds {
        bandwidth_mbit_s: 1e6,
        sha256_mb_s: 1000.0,
    };

    #[test]
    fn the_parts_add_up_to_the_total() {
        let layers = [
            layer(40_000_000, 120_000_000, 300.0, 5000),
            layer(1_000, 4_000, 0.1, 3),
        ];
        let e = estimate(&layers, &FAST);
        let sum = e.setup_s + e.download_s + e.verify_s + e.decompress_s + e.write_s;
        assert!((e.total_s - sum).abs() < 1e-12);
        assert_eq!(e.bytes, 40_001_000);
    }

    #[test]
    fn a_slow_link_hides_the_content_store_but_not_the_unpack() {
        let layers = [layer(100_000_000, 300_000_000, 500.0, 10_000)];
        let slow = MachineSpeeds {
            bandwidth_mbit_s: 100.0,
            ..FAST
        };
        let fast = estimate(&layers, &FAST);
        let e = estimate(&layers, &slow);
        assert!((e.download_s - 8.0).abs() < 1e-9);
        // only the diff_id hash is left of verifying: the blob hash ran during the download
        assert!((e.verify_s - 0.3).abs() < 1e-9, "{}", e.verify_s);
        assert!(fast.verify_s > e.verify_s);
        assert_eq!(e.decompress_s, fast.decompress_s);
        assert_eq!(e.write_s, fast.write_s);
    }

    #[test]
    fn blob_requests_cost_only_where_the_link_does_not_hide_them() {
        let one = [layer(10_000_000, 30_000_000, 50.0, 100)];
        let ten = [layer(1_000_000, 3_000_000, 5.0, 10); 10];
        let slow = MachineSpeeds {
            bandwidth_mbit_s: 100.0,
            ..FAST
        };
        let (a, b) = (estimate(&one, &FAST), estimate(&ten, &FAST));
        assert!((b.verify_s - a.verify_s - 9.0 * cost::PER_BLOB_S).abs() < 1e-9);
        assert!((b.setup_s - a.setup_s - 9.0 * cost::SNAPSHOT_PER_LAYER_S).abs() < 1e-9);
        let (a, b) = (estimate(&one, &slow), estimate(&ten, &slow));
        assert!((b.verify_s - a.verify_s).abs() < 1e-9);
    }

    #[test]
    fn an_image_without_layers_costs_ctr_and_half_a_progress_tick() {
        let e = estimate(&[], &FAST);
        let fixed = cost::CTR_OVERHEAD_S + cost::CTR_PROGRESS_TICK_S / 2.0;
        assert!((e.total_s - fixed).abs() < 1e-12, "{}", e.total_s);
    }

    #[test]
    fn files_and_decoders_cost_what_the_constants_say() {
        let many = [layer(1_000_000, 10_000_000, 10.0, 50_000)];
        let few = [layer(1_000_000, 10_000_000, 10.0, 5)];
        let d = estimate(&many, &FAST).write_s - estimate(&few, &FAST).write_s;
        assert!((d - 49_995.0 * cost::PER_ENTRY_S).abs() < 1e-9);
        let gz = estimate(&few, &FAST).decompress_s;
        let zs = estimate(&with(Decoder::Zstd, &few), &FAST).decompress_s;
        assert!((gz - 0.01 * cost::GO_GZIP_DECODE_FACTOR).abs() < 1e-12);
        assert!((zs - 0.01 * cost::GO_ZSTD_DECODE_FACTOR).abs() < 1e-12);
        let none = estimate(&with(Decoder::None, &few), &FAST);
        assert_eq!(none.decompress_s, 0.0);
    }
}
