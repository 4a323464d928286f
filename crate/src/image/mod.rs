//! Image inspection: what each layer of a dropped image holds, what is wasted, and how gzip and
//! zstd do on it here.
//!
//! Entry points: [`inspect`] (the full report) and [`sweep_layer`] (the level chart for one
//! layer). Both read through a [`ByteSource`], time with a [`Clock`] and report to a
//! [`Progress`] that can cancel; none of them touches files, clocks or threads of the platform.
//!
//! ```text
//! ByteSource ─► detect (first bytes) ─┬─ gzip/zstd/tar layer ───────────────┐
//!                                     └─ image tar ─► outer index (headers) │
//!                                        ─► manifest/index/config ─► plan ──┴─► layer::scan
//!   each layer: stored bytes ─► sha256 ─► decoder ─► sha256 (diff_id)
//!                                                ├─► tar walker ─► stats, overlay (waste)
//!                                                └─► gzip-6 ─► gunzip, zstd-3 ─► unzstd
//! ```

pub mod detect;
mod layer;
pub mod manifest;
pub mod outer;
pub mod overlay;
pub mod path;
pub mod source;
pub mod tar;
mod top;

#[cfg(test)]
mod tests;

pub use source::{ByteSource, ReadSeekSource, SliceSource};

use crate::advice::{self, AdviceOptions};
use crate::host::{Cancelled, Clock, Progress, ProgressInfo};
use crate::report::image::{
    ImageFormat, ImageReport, ImageTotal, LayerReport, LevelSweep, Problem, WastedFile,
};
use detect::{sniff, Compression, Sniff};
use manifest::{ImagePlan, LayerPlan};
use serde::{Deserialize, Serialize};

/// How to inspect. Deserializable so the page can pass a plain object; missing fields take
/// their defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InspectOptions {
    /// `os/arch[/variant]` to pick from a multi-platform index; `None`: linux/amd64 when
    /// present, else the first image.
    pub platform: Option<String>,
    /// Run the gzip and zstd measurement (the slow part).
    pub measure: bool,
    pub gzip_level: i32,
    pub zstd_level: i32,
    /// Check blob digests and diff_ids (sha256 of every byte, stored and uncompressed).
    pub verify_digests: bool,
    /// How many of the largest files to list per layer.
    pub largest_files: usize,
    /// How many wasted copies to list per image.
    pub wasted_files: usize,
    /// Also run the level sweep on one layer.
    pub sweep: Option<SweepOptions>,
    pub advice: AdviceOptions,
    pub limits: Limits,
}

impl Default for InspectOptions {
    fn default() -> Self {
        InspectOptions {
            platform: None,
            measure: true,
            gzip_level: 6,
            zstd_level: 3,
            verify_digests: true,
            largest_files: 10,
            wasted_files: 20,
            sweep: None,
            advice: AdviceOptions::default(),
            limits: Limits::default(),
        }
    }
}

/// The level sweep (zstd 1/3/9/19, gzip 1/6/9) of one layer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SweepOptions {
    /// 1-based layer; 0 picks the largest.
    pub layer: u32,
    /// Only the first this-many uncompressed bytes: zstd-19 runs at 1–2.5 MB/s, so a whole
    /// large layer would take minutes.
    pub max_bytes: u64,
}

impl Default for SweepOptions {
    fn default() -> Self {
        SweepOptions {
            layer: 0,
            max_bytes: 32 << 20,
        }
    }
}

/// Bounds that keep hostile input from costing unbounded memory or time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Limits {
    /// Stop decoding a layer past this many uncompressed bytes.
    pub max_layer_bytes: u64,
    /// Stop when uncompressed/stored exceeds this ratio (a decompression bomb; real layers
    /// rarely pass 20:1, gzip cannot pass ~1032:1) …
    pub max_ratio: u64,
    /// … once at least this many bytes came out (small, very compressible layers are fine).
    pub ratio_after_bytes: u64,
    /// Paths tracked for wasted space across the image (about 100 bytes each).
    pub max_paths: usize,
    /// Members of an outer archive.
    pub max_members: usize,
    /// Size of one manifest, index or config.
    pub max_json_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_layer_bytes: 64 << 30,
            max_ratio: 500,
            ratio_after_bytes: 256 << 20,
            max_paths: 2_000_000,
            max_members: 100_000,
            max_json_bytes: 8 << 20,
        }
    }
}

impl Limits {
    /// Why decoding must stop, if it must.
    pub(crate) fn bomb(&self, uncompressed: u64, stored: u64) -> Option<String> {
        if uncompressed > self.max_layer_bytes {
            return Some(format!(
                "stopped after {uncompressed} uncompressed bytes: over the {} byte layer limit",
                self.max_layer_bytes
            ));
        }
        if uncompressed > self.ratio_after_bytes && uncompressed / stored.max(1) > self.max_ratio {
            return Some(format!(
                "stopped: {stored} stored bytes expanded to {uncompressed} (over {}:1), a decompression bomb?",
                self.max_ratio
            ));
        }
        None
    }
}

/// Turns per-layer positions into whole-job progress and relays cancellation.
pub(crate) struct Tracker<'a> {
    sink: &'a mut dyn Progress,
    info: ProgressInfo,
    /// Stored bytes of the layers finished before the current one.
    before: u64,
}

impl<'a> Tracker<'a> {
    fn new(sink: &'a mut dyn Progress, layers: u32, bytes_total: u64) -> Self {
        Tracker {
            sink,
            info: ProgressInfo {
                layers,
                bytes_total,
                ..ProgressInfo::default()
            },
            before: 0,
        }
    }

    fn start_layer(&mut self, layer: u32, len: u64) -> Result<(), Cancelled> {
        self.info.layer = layer;
        self.info.layer_bytes_total = len;
        self.layer_progress(0, 0)
    }

    pub(crate) fn layer_progress(
        &mut self,
        stored: u64,
        uncompressed: u64,
    ) -> Result<(), Cancelled> {
        self.info.layer_bytes_done = stored;
        self.info.layer_uncompressed_done = uncompressed;
        self.info.bytes_done = self.before + stored;
        if self.sink.update(&self.info) {
            Ok(())
        } else {
            Err(Cancelled)
        }
    }

    fn end_layer(&mut self) {
        self.before += self.info.layer_bytes_total;
    }
}

/// Inspect one input: every image in it (usually one), for one platform each.
pub fn inspect(
    src: &mut dyn ByteSource,
    path: &str,
    opts: &InspectOptions,
    clock: &dyn Clock,
    progress: &mut dyn Progress,
) -> Result<Vec<ImageReport>, Cancelled> {
    let plans = plans(src, path, opts);
    let mut out = Vec::with_capacity(plans.len());
    for plan in plans {
        out.push(run(src, path, plan, opts, clock, progress)?);
    }
    Ok(out)
}

/// Only the level sweep of `opts.sweep` (default: the largest layer) of the first image: for
/// the chart, on demand after the main report. `None` when the input has no readable layer.
pub fn sweep_layer(
    src: &mut dyn ByteSource,
    path: &str,
    opts: &InspectOptions,
    clock: &dyn Clock,
    progress: &mut dyn Progress,
) -> Result<Option<LevelSweep>, Cancelled> {
    let Some(plan) = plans(src, path, opts).into_iter().next() else {
        return Ok(None);
    };
    let sweep = opts.sweep.clone().unwrap_or_default();
    let Some(index) = sweep_target(&plan.layers, sweep.layer) else {
        return Ok(None);
    };
    let Some((offset, len)) = plan.layers[index as usize - 1].member else {
        return Ok(None);
    };
    let job = layer::Job {
        index,
        offset,
        len,
        walk: false,
        hash: false,
        measure: None,
        sweep: Some(sweep.max_bytes),
        largest: 0,
        limits: &opts.limits,
    };
    let mut tracker = Tracker::new(progress, 1, len);
    tracker.start_layer(index, len)?;
    let mut overlay = overlay::Overlay::new(0, 0);
    let scan = layer::scan(src, &job, &mut overlay, clock, &mut tracker)?;
    Ok(scan.sweep)
}

/// The layer a sweep should run on: `wanted`, or the largest when 0. `None` if out of range.
fn sweep_target(layers: &[LayerPlan], wanted: u32) -> Option<u32> {
    if wanted > 0 {
        return (wanted as usize <= layers.len()).then_some(wanted);
    }
    layers
        .iter()
        .enumerate()
        .max_by_key(|(_, l)| l.member.map_or(0, |m| m.1))
        .map(|(i, _)| i as u32 + 1)
}

/// Decide what the input is and what to read.
fn plans(src: &mut dyn ByteSource, path: &str, opts: &InspectOptions) -> Vec<ImagePlan> {
    let fail = |msg: String| {
        let mut p = ImagePlan::new(ImageFormat::Unknown);
        p.errors.push(Problem::image(msg));
        vec![p]
    };
    let len = src.len();
    let mut head = vec![0u8; len.min(512) as usize];
    if let Err(e) = source::read_exact_at(src, 0, &mut head) {
        return fail(format!("cannot read {path}: {e}"));
    }
    let single = |c: Compression| {
        let mut p = ImagePlan::new(ImageFormat::Layer);
        p.layers.push(LayerPlan {
            member: Some((0, len)),
            name: path.to_string(),
            media_type: Some(c.oci_media_type().to_string()),
            ..LayerPlan::default()
        });
        vec![p]
    };
    match sniff(&head) {
        Sniff::Empty => fail("the file is empty".into()),
        Sniff::Unsupported(name) => fail(format!(
            "{name}-compressed input is not supported: decompress it first (layers are tar, tar+gzip or tar+zstd)"
        )),
        Sniff::Unknown => fail(format!(
            "not an image archive or layer: no tar header, gzip or zstd magic at the start (first bytes {})",
            head.iter().take(8).map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(" ")
        )),
        Sniff::Compressed(c) => single(c),
        Sniff::Tar => match outer::index(src, opts.limits.max_members) {
            Ok(outer::Indexed::NotAnImageArchive) => single(Compression::None),
            Ok(outer::Indexed::Archive(ix)) => {
                let mut plans = manifest::plan(src, &ix, opts.platform.as_deref(), opts.limits.max_json_bytes);
                if let Some(first) = plans.first_mut() {
                    first.warnings.extend(ix.warnings.iter().map(|w| Problem::image(w.clone())));
                }
                plans
            }
            Err(e) => {
                let mut p = ImagePlan::new(ImageFormat::Unknown);
                p.errors.push(Problem::image(e));
                vec![p]
            }
        },
    }
}

/// Read every layer of a plan and assemble the report.
fn run(
    src: &mut dyn ByteSource,
    path: &str,
    plan: ImagePlan,
    opts: &InspectOptions,
    clock: &dyn Clock,
    progress: &mut dyn Progress,
) -> Result<ImageReport, Cancelled> {
    let ImagePlan {
        format,
        reference,
        platform,
        platforms,
        manifest_digest,
        config_digest,
        layers: plan_layers,
        history,
        mut errors,
        mut warnings,
    } = plan;
    let total_bytes = plan_layers
        .iter()
        .filter_map(|l| l.member.map(|m| m.1))
        .sum();
    let mut tracker = Tracker::new(progress, plan_layers.len() as u32, total_bytes);
    let mut overlay = overlay::Overlay::new(opts.limits.max_paths, opts.wasted_files);
    let sweep_index = opts
        .sweep
        .as_ref()
        .and_then(|s| sweep_target(&plan_layers, s.layer));
    let mut layers = Vec::with_capacity(plan_layers.len());
    let mut sweep = None;
    let mut all_read = true;
    for (i, lp) in plan_layers.into_iter().enumerate() {
        let index = overlay.begin_layer();
        debug_assert_eq!(index as usize, i + 1);
        let mut report = empty_layer(index, &lp);
        let Some((offset, len)) = lp.member else {
            all_read = false;
            layers.push(report);
            continue;
        };
        tracker.start_layer(index, len)?;
        let job = layer::Job {
            index,
            offset,
            len,
            walk: true,
            hash: opts.verify_digests,
            measure: opts.measure.then_some((opts.gzip_level, opts.zstd_level)),
            sweep: (sweep_index == Some(index))
                .then(|| opts.sweep.as_ref().map_or(0, |s| s.max_bytes)),
            largest: opts.largest_files,
            limits: &opts.limits,
        };
        let scan = layer::scan(src, &job, &mut overlay, clock, &mut tracker)?;
        tracker.end_layer();
        fill_layer(
            &mut report,
            &lp,
            scan,
            format,
            &mut errors,
            &mut warnings,
            &mut sweep,
        );
        all_read &= report.complete;
        layers.push(report);
    }
    let summary = overlay.finish();
    for (l, w) in layers.iter_mut().zip(&summary.layers) {
        l.wasted_bytes = w.wasted_bytes;
        l.hides_overwritten_bytes = w.hides_overwritten;
        l.hides_deleted_bytes = w.hides_deleted;
    }
    if !summary.complete {
        warnings.push(Problem::image(format!(
            "more than {} paths: wasted space was counted only up to there",
            opts.limits.max_paths
        )));
    }
    let file_bytes: u64 = layers.iter().map(|l| l.file_bytes).sum();
    let sum_opt =
        |f: &dyn Fn(&LayerReport) -> Option<u64>| layers.iter().map(f).sum::<Option<u64>>();
    let total = ImageTotal {
        layers: layers.len() as u32,
        stored_size: layers.iter().map(|l| l.stored_size).sum(),
        uncompressed_size: layers.iter().map(|l| l.uncompressed_size).sum(),
        file_bytes,
        wasted_bytes: summary.wasted_bytes,
        efficiency: if file_bytes > 0 {
            1.0 - summary.wasted_bytes as f64 / file_bytes as f64
        } else {
            1.0
        },
        visible_file_bytes: summary.visible_bytes,
        gzip_size: sum_opt(&|l| l.gzip.as_ref().map(|m| m.size)),
        zstd_size: sum_opt(&|l| l.zstd.as_ref().map(|m| m.size)),
        complete: all_read && summary.complete,
    };
    let mut report = ImageReport {
        path: path.to_string(),
        format,
        reference,
        platform,
        platforms,
        manifest_digest,
        config_digest,
        layers,
        history,
        total,
        wasted_files: summary
            .wasted_files
            .into_iter()
            .map(|w| WastedFile {
                path: w.path,
                size: w.bytes,
                layer: w.layer,
                hidden_by: w.hidden_by,
                how: w.how,
            })
            .collect(),
        startup: None,
        advice: Vec::new(),
        sweep,
        errors,
        warnings,
    };
    if report.format != ImageFormat::Unknown && !report.layers.is_empty() {
        let (startup, advice) = advice::advise(&report, &opts.advice);
        report.startup = startup;
        report.advice = advice;
    }
    Ok(report)
}

fn empty_layer(index: u32, lp: &LayerPlan) -> LayerReport {
    LayerReport {
        index,
        digest: lp.digest.clone(),
        digest_ok: None,
        diff_id: lp.diff_id.clone(),
        diff_id_ok: None,
        media_type: lp.media_type.clone().unwrap_or_default(),
        compression: Compression::None,
        stored_size: lp.member.map_or(0, |m| m.1),
        uncompressed_size: 0,
        entries: 0,
        files: 0,
        file_bytes: 0,
        dirs: 0,
        symlinks: 0,
        hardlinks: 0,
        other: 0,
        whiteouts: 0,
        opaque_dirs: 0,
        wasted_bytes: 0,
        hides_overwritten_bytes: 0,
        hides_deleted_bytes: 0,
        created_by: lp.created_by.clone(),
        original: None,
        gzip: None,
        zstd: None,
        largest_files: Vec::new(),
        complete: false,
    }
}

/// Move a scan into its layer report; digest and media-type checks become errors/warnings.
fn fill_layer(
    r: &mut LayerReport,
    lp: &LayerPlan,
    scan: layer::Scan,
    format: ImageFormat,
    errors: &mut Vec<Problem>,
    warnings: &mut Vec<Problem>,
    sweep: &mut Option<LevelSweep>,
) {
    let i = r.index;
    if scan.looks_like_image_archive() && format == ImageFormat::Layer {
        errors.push(Problem::layer(
            i,
            format!(
                "this is a {}-compressed image archive (`docker save | {}`), not a layer: decompress it and inspect the .tar",
                scan.compression.as_str(),
                scan.compression.as_str()
            ),
        ));
    }
    r.compression = scan.compression;
    if lp.media_type.is_none() || format == ImageFormat::Layer {
        r.media_type = scan.compression.oci_media_type().to_string();
    } else if let Some(c) = Compression::from_media_type(&r.media_type) {
        if c != scan.compression {
            warnings.push(Problem::layer(
                i,
                format!(
                    "media type {} says {}, the content is {}",
                    r.media_type,
                    c.as_str(),
                    scan.compression.as_str()
                ),
            ));
        }
    }
    if let (Some(want), Some(stored)) = (lp.size, lp.member.map(|m| m.1)) {
        if want != stored {
            errors.push(Problem::layer(
                i,
                format!("the manifest says {want} bytes, the blob has {stored}"),
            ));
        }
    }
    match (&lp.digest, &scan.stored_digest) {
        (Some(want), Some(got)) if want.starts_with("sha256:") => {
            r.digest_ok = Some(want == got);
            if want != got {
                errors.push(Problem::layer(
                    i,
                    format!("blob digest mismatch: the stored bytes hash to {got}, not {want}"),
                ));
            }
        }
        (None, Some(got)) => r.digest = Some(got.clone()),
        _ => {}
    }
    match (&lp.diff_id, &scan.diff_id) {
        (Some(want), Some(got)) if want.starts_with("sha256:") => {
            r.diff_id_ok = Some(want == got);
            if want != got {
                errors.push(Problem::layer(i, format!("diff_id mismatch: the uncompressed tar hashes to {got}, the config says {want}")));
            }
        }
        (None, Some(got)) => r.diff_id = Some(got.clone()),
        _ => {}
    }
    let s = &scan.stats;
    r.uncompressed_size = scan.uncompressed;
    r.entries = s.entries;
    r.files = s.files;
    r.file_bytes = s.file_bytes;
    r.dirs = s.dirs;
    r.symlinks = s.symlinks;
    r.hardlinks = s.hardlinks;
    r.other = s.other;
    r.whiteouts = s.whiteouts;
    r.opaque_dirs = s.opaque_dirs;
    r.original = scan.original;
    r.gzip = scan.gzip;
    r.zstd = scan.zstd;
    r.largest_files = scan.largest;
    r.complete = scan.complete;
    errors.extend(scan.errors.into_iter().map(|e| Problem::layer(i, e)));
    warnings.extend(scan.warnings.into_iter().map(|w| Problem::layer(i, w)));
    if scan.sweep.is_some() {
        *sweep = scan.sweep;
    }
}
