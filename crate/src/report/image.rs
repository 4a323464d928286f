//! The image half of the report: what `layerlint inspect --format json` prints, what the wasm
//! face returns to the page, and what the advice reads. Fields are only ever added.

use crate::codec::Measurement;
use crate::image::detect::Compression;
use crate::image::overlay::Hidden;
use serde::{Deserialize, Serialize};

/// What `layerlint inspect --format json` prints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InspectReport {
    pub version: String,
    pub images: Vec<ImageReport>,
}

impl InspectReport {
    pub fn new(images: Vec<ImageReport>) -> Self {
        InspectReport {
            version: crate::VERSION.to_string(),
            images,
        }
    }
}

/// The kind of input an image came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ImageFormat {
    /// A single layer tar (plain, gzip or zstd).
    Layer,
    /// `docker save` (classic, or Docker 25+ with an OCI layout inside), `podman save`,
    /// skopeo `docker-archive:`.
    DockerArchive,
    /// An OCI image layout in a tar (`skopeo copy oci-archive:`, `buildx --output type=oci`).
    OciLayout,
    /// Not recognised (see the report's errors).
    Unknown,
}

/// One image (one platform of one input).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageReport {
    /// The input as the caller named it.
    pub path: String,
    pub format: ImageFormat,
    /// A tag or reference name recorded in the archive.
    pub reference: Option<String>,
    /// `os/arch[/variant]` of this image, when known.
    pub platform: Option<String>,
    /// Every platform the input offers (pick one with the `platform` option).
    pub platforms: Vec<String>,
    pub manifest_digest: Option<String>,
    pub config_digest: Option<String>,
    pub layers: Vec<LayerReport>,
    /// The config's history, empty layers included, in order: it lines up with the Dockerfile.
    pub history: Vec<HistoryEntry>,
    pub total: ImageTotal,
    /// The largest copies that were shipped and then hidden, largest first.
    pub wasted_files: Vec<WastedFile>,
    /// gzip vs zstd start-up estimate (needs the codec measurement).
    pub startup: Option<StartupEstimate>,
    pub advice: Vec<Advice>,
    /// Optional level sweep of one layer.
    pub sweep: Option<LevelSweep>,
    /// Things that are wrong with the input (a digest mismatch, a corrupt stream, …).
    pub errors: Vec<Problem>,
    /// Things that are odd but were read anyway.
    pub warnings: Vec<Problem>,
}

/// An error or warning, possibly about one layer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub message: String,
    /// 1-based layer index.
    pub layer: Option<u32>,
}

impl Problem {
    pub fn image(message: impl Into<String>) -> Self {
        Problem {
            message: message.into(),
            layer: None,
        }
    }

    pub fn layer(layer: u32, message: impl Into<String>) -> Self {
        Problem {
            message: message.into(),
            layer: Some(layer),
        }
    }
}

/// One entry of the config's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub created_by: Option<String>,
    pub created: Option<String>,
    pub comment: Option<String>,
    /// An instruction that made no layer (ENV, CMD, …).
    pub empty_layer: bool,
    /// The 1-based layer it made.
    pub layer: Option<u32>,
}

/// One layer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LayerReport {
    /// 1-based, in stacking order.
    pub index: u32,
    /// The stored blob's digest: the archive's, or computed when the archive names none.
    pub digest: Option<String>,
    /// Whether the stored bytes hash to `digest` (`None`: not checked).
    pub digest_ok: Option<bool>,
    /// The config's `rootfs.diff_ids` entry: digest of the uncompressed tar.
    pub diff_id: Option<String>,
    pub diff_id_ok: Option<bool>,
    pub media_type: String,
    /// How the layer is stored, from its content.
    pub compression: Compression,
    pub stored_size: u64,
    pub uncompressed_size: u64,
    /// Tar entries, whiteouts included.
    pub entries: u64,
    pub files: u64,
    /// Bytes of regular-file data (apparent sizes).
    pub file_bytes: u64,
    pub dirs: u64,
    pub symlinks: u64,
    pub hardlinks: u64,
    /// Devices, FIFOs and unknown types.
    pub other: u64,
    /// `.wh.<name>` deletions.
    pub whiteouts: u64,
    /// `.wh..wh..opq` opaque-directory markers.
    pub opaque_dirs: u64,
    /// Bytes this layer ships that later layers overwrite or delete.
    pub wasted_bytes: u64,
    /// Bytes of lower layers this layer hides by writing the same paths.
    pub hides_overwritten_bytes: u64,
    /// Bytes of lower layers this layer hides with whiteouts and opaque directories.
    pub hides_deleted_bytes: u64,
    /// The history entry that made this layer.
    pub created_by: Option<String>,
    /// When the layer is stored compressed: decoding its original stream here.
    pub original: Option<OriginalDecode>,
    /// sha256 of the stored and the uncompressed bytes (digest and diff_id checks), timed here.
    pub sha256: Option<HashTiming>,
    pub gzip: Option<Measurement>,
    pub zstd: Option<Measurement>,
    pub largest_files: Vec<FileSize>,
    /// Whether the whole layer was read without error.
    pub complete: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileSize {
    pub path: String,
    pub size: u64,
}

/// Decoding the layer as stored (gzip or zstd), timed on this machine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OriginalDecode {
    pub compression: Compression,
    pub decode_ms: f64,
    /// Uncompressed MB (10^6 bytes) per second.
    pub decode_mb_s: f64,
}

/// Time spent hashing with sha256, and how many bytes: the user's machine's sha256 speed,
/// which containerd pays once per blob (content store) and once per layer (diff_id).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct HashTiming {
    pub bytes: u64,
    pub ms: f64,
}

impl HashTiming {
    pub fn add(&mut self, bytes: usize, ms: f64) {
        self.bytes += bytes as u64;
        self.ms += ms;
    }
}

/// A copy that was shipped and then hidden.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WastedFile {
    pub path: String,
    pub size: u64,
    /// Layer that shipped it.
    pub layer: u32,
    /// Layer that hid it.
    pub hidden_by: u32,
    pub how: Hidden,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageTotal {
    pub layers: u32,
    pub stored_size: u64,
    pub uncompressed_size: u64,
    /// Regular-file bytes shipped by all layers.
    pub file_bytes: u64,
    /// Shipped file bytes that are hidden in the final image.
    pub wasted_bytes: u64,
    /// `1 - wasted_bytes / file_bytes`: the share of shipped file data that is visible.
    pub efficiency: f64,
    /// Regular-file bytes visible in the final image.
    pub visible_file_bytes: u64,
    /// Sum of the per-layer measurements (when every layer was measured).
    pub gzip_size: Option<u64>,
    pub zstd_size: Option<u64>,
    /// False when a layer could not be read or the path limit was hit: waste is then a lower
    /// bound.
    pub complete: bool,
}

/// Pulling the image with each codec at a given bandwidth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StartupEstimate {
    /// Megabits per second (10^6 bits) assumed for the download.
    pub bandwidth_mbit_s: f64,
    pub gzip: PullEstimate,
    pub zstd: PullEstimate,
    /// The image as stored now, when its layers are compressed.
    pub as_stored: Option<PullEstimate>,
    /// gzip minus zstd.
    pub saving_bytes: i64,
    pub saving_s: f64,
    /// `saving_s` as a percentage of the gzip total.
    pub saving_percent: f64,
}

/// A containerd pull with one codec, step by step (`advice::pull_model`). The steps run one
/// after the other as containerd 1.6's `ctr images pull` does, so they add up to `total_s`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PullEstimate {
    /// Compressed bytes downloaded.
    pub bytes: u64,
    /// `ctr` itself and the mean wait for the progress tick that ends its fetch, and one
    /// snapshot prepare/commit per layer.
    pub setup_s: f64,
    /// The bytes at the chosen bandwidth.
    pub download_s: f64,
    /// The content store (sha256, ingest write, a request and commit per blob): what it adds
    /// after the download; plus the diff_id check (sha256) of every uncompressed layer.
    pub verify_s: f64,
    /// containerd's decoders (our measured decode time, scaled to them).
    pub decompress_s: f64,
    /// Creating the files, directories and links of every layer in the snapshot.
    pub write_s: f64,
    pub total_s: f64,
}

/// One piece of advice. `rule` names a lint rule (e.g. `LL201`) the page can link to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Advice {
    pub id: String,
    pub message: String,
    pub rule: Option<String>,
}

/// Sizes and speeds of one layer at several levels (for a chart).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelSweep {
    pub layer: u32,
    /// Uncompressed bytes measured: the layer's start, up to the sweep limit.
    pub input_bytes: u64,
    /// Whether `input_bytes` is the whole layer.
    pub whole_layer: bool,
    pub points: Vec<Measurement>,
}
