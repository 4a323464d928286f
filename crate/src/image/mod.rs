//! Image inspection: what each layer of a dropped image holds, what is wasted, and how gzip and
//! zstd do on it here.
//!
//! [`Inspector`] is the engine: a state machine that asks for byte ranges and is fed them, so a
//! pulled source (a file, a browser `File` via `FileReaderSync`) and a pushed one (the VS Code
//! webview) drive it alike. [`inspect`] and [`sweep_layer`] are its pulled drivers over a
//! [`ByteSource`]. Time comes from an injected [`Clock`], progress and cancellation go through
//! [`Progress`]; nothing here touches files, clocks or threads of the platform.
//!
//! ```text
//! bytes ─► detect (first 512 bytes) ─┬─ gzip/zstd/tar layer ────────────────────┐
//!                                    └─ image tar ─► outer index (headers only) │
//!                                       ─► manifest/index/config ─► plan ───────┴─► layers
//!   each layer: stored bytes ─► sha256 ─► decoder ─► 1 MiB chunks ─► sha256 (diff_id)
//!                                                               ├─► tar walker ─► stats, overlay
//!                                                               └─► gzip-6 ⇄ gunzip, zstd-3 ⇄ unzstd
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
use crate::codec::Codec;
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
    /// Which part of the work this inspection does (default: all of it).
    pub part: Part,
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
            part: Part::default(),
        }
    }
}

/// A part of the work, so that a host with several cores (the page's workers) can run several
/// inspections of the same input at once and merge them with [`merge_measurements`]. Each
/// measurement is still one encoder and its decoder over the same 1 MiB chunks on one core: a
/// merged report holds exactly the sizes, and the same kind of timings, as an undivided one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Part {
    /// Walk the tar, count files and waste, check digests. Off: only measure.
    pub structure: bool,
    /// The codecs to measure (when `measure` is on).
    pub codecs: Vec<Codec>,
    /// Only these 1-based layers; empty: all. Meant for measure-only parts (a structural
    /// inspection needs every layer for the overlay).
    pub layers: Vec<u32>,
}

impl Default for Part {
    fn default() -> Self {
        Part {
            structure: true,
            codecs: vec![Codec::Gzip, Codec::Zstd],
            layers: Vec::new(),
        }
    }
}

impl Part {
    fn reads_layer(&self, index: u32) -> bool {
        self.layers.is_empty() || self.layers.contains(&index)
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

/// Bytes the inspector wants next: from `offset`, `len` of them (feeding fewer or more is fine:
/// it takes what it can use).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Want {
    pub offset: u64,
    pub len: u64,
}

/// A small read in progress (a header block, a metadata record, a JSON file).
struct SmallRead {
    offset: u64,
    len: u64,
    buf: Vec<u8>,
}

impl SmallRead {
    fn new(offset: u64, len: u64) -> Self {
        SmallRead {
            offset,
            len,
            buf: Vec::new(),
        }
    }

    fn done(&self) -> bool {
        self.buf.len() as u64 == self.len
    }
}

enum State<'a> {
    /// Reading the first bytes to tell what the input is.
    Head(SmallRead),
    /// Reading the outer archive's headers.
    Index(Box<outer::Indexer>, SmallRead),
    /// Reading the manifests, indexes and configs the plans need.
    Plan {
        index: outer::OuterIndex,
        cache: manifest::JsonCache,
        pending: Option<(String, SmallRead)>,
    },
    /// Reading the layers of one image after another.
    Layers(Box<ImageRun<'a>>),
    Done,
}

/// One image being read.
struct ImageRun<'a> {
    plan: ImagePlan,
    /// Images of the same input still to read.
    queue: std::collections::VecDeque<ImagePlan>,
    overlay: Option<overlay::Overlay>,
    layers: Vec<LayerReport>,
    /// The layer being read: its plan index, offset, and scanner.
    current: Option<(usize, u64, layer::LayerScanner<'a>)>,
    next: usize,
    sweep_index: Option<u32>,
    sweep: Option<LevelSweep>,
    all_read: bool,
    info: ProgressInfo,
}

/// Inspection as a state machine that asks for bytes ([`Inspector::want`]) and is given them
/// ([`Inspector::feed`]): a pulled source (a file, a browser `File` through `FileReaderSync`)
/// and a pushed one (the VS Code webview, where the extension posts the file in chunks and
/// seeks on request) drive it alike. [`inspect`] is the pulled driver.
///
/// Reads are: the first 512 bytes; for image archives, each member header (member data is
/// skipped by asking for the next header's offset) and each JSON file; then each layer, start
/// to end, in stacking order. Memory stays bounded whatever is fed.
pub struct Inspector<'a> {
    path: String,
    len: u64,
    opts: InspectOptions,
    clock: &'a dyn Clock,
    /// Only the level sweep of one layer of the first image (for [`sweep_layer`]).
    sweep_only: bool,
    state: State<'a>,
    reports: Vec<ImageReport>,
}

impl<'a> Inspector<'a> {
    /// An inspection of `len` bytes named `path` (the name is only reported, never used to
    /// decide what the input is).
    pub fn new(path: &str, len: u64, opts: &InspectOptions, clock: &'a dyn Clock) -> Self {
        Self::build(path, len, opts, clock, false)
    }

    /// Only the level sweep of `opts.sweep` (default: the largest layer) of the first image;
    /// [`Inspector::finish`] gives one report whose `sweep` is the result. The pushed
    /// counterpart of [`sweep_layer`].
    pub fn sweep_only(path: &str, len: u64, opts: &InspectOptions, clock: &'a dyn Clock) -> Self {
        let mut opts = opts.clone();
        opts.sweep.get_or_insert_with(SweepOptions::default);
        Self::build(path, len, &opts, clock, true)
    }

    fn build(
        path: &str,
        len: u64,
        opts: &InspectOptions,
        clock: &'a dyn Clock,
        sweep_only: bool,
    ) -> Self {
        let mut ins = Inspector {
            path: path.to_string(),
            len,
            opts: opts.clone(),
            clock,
            sweep_only,
            state: State::Head(SmallRead::new(0, len.min(512))),
            reports: Vec::new(),
        };
        ins.advance();
        ins
    }

    /// What to feed next; `None` when the inspection is over (call [`Inspector::finish`]).
    pub fn want(&self) -> Option<Want> {
        let small = |r: &SmallRead| Want {
            offset: r.offset + r.buf.len() as u64,
            len: r.len - r.buf.len() as u64,
        };
        match &self.state {
            State::Head(r) | State::Index(_, r) => Some(small(r)),
            State::Plan {
                pending: Some((_, r)),
                ..
            } => Some(small(r)),
            State::Plan { pending: None, .. } => None,
            State::Layers(run) => run.current.as_ref().map(|(_, offset, sc)| Want {
                offset: offset + sc.fed(),
                len: sc.len() - sc.fed(),
            }),
            State::Done => None,
        }
    }

    /// Give bytes that start at `offset`. Only the part from the wanted offset on is used (a
    /// chunk sent before a seek may overlap it); returns how many bytes of `data`, counted from
    /// its start, are consumed: `offset + consumed` is where the host would continue if the
    /// inspector still wants more there. Progress is reported, and cancellation asked, about
    /// every 256 KiB.
    pub fn feed(
        &mut self,
        offset: u64,
        data: &[u8],
        progress: &mut dyn Progress,
    ) -> Result<usize, Cancelled> {
        let Some(want) = self.want() else {
            return Ok(0);
        };
        if offset > want.offset || offset + (data.len() as u64) <= want.offset {
            return Ok(0);
        }
        let skip = (want.offset - offset) as usize;
        let take = (data.len() - skip).min(want.len as usize);
        let useful = &data[skip..skip + take];
        match &mut self.state {
            State::Head(r) | State::Index(_, r) => r.buf.extend_from_slice(useful),
            State::Plan {
                pending: Some((_, r)),
                ..
            } => r.buf.extend_from_slice(useful),
            State::Layers(run) => {
                let (_, _, sc) = run.current.as_mut().expect("a layer is wanted");
                for piece in useful.chunks(256 << 10) {
                    sc.feed(piece);
                    run.info.layer_bytes_done = sc.fed();
                    run.info.layer_uncompressed_done = sc.uncompressed();
                    run.info.bytes_done += piece.len() as u64;
                    if !progress.update(&run.info) {
                        return Err(Cancelled);
                    }
                }
            }
            State::Plan { pending: None, .. } | State::Done => {}
        }
        self.advance();
        Ok(skip + take)
    }

    /// The host cannot deliver what [`Inspector::want`] asks for (an I/O error, a file that
    /// shrank): the current read fails with `message` and the inspection goes on if it can.
    pub fn read_failed(&mut self, message: &str) {
        match &mut self.state {
            State::Head(_) | State::Index(..) => {
                let msg = format!("cannot read {}: {message}", self.path);
                self.fail_input(msg);
            }
            State::Plan { cache, pending, .. } => {
                if let Some((name, _)) = pending.take() {
                    cache.insert(name, Err(message.to_string()));
                }
            }
            State::Layers(run) => {
                if let Some((_, _, sc)) = &mut run.current {
                    run.info.bytes_done += sc.len() - sc.fed();
                    sc.abort(message.to_string()); // the layer ends here, incomplete
                }
            }
            State::Done => {}
        }
        self.advance();
    }

    /// The reports, one per image of the input (the sweep-only inspection: its one sweep).
    pub fn finish(self) -> Vec<ImageReport> {
        self.reports
    }

    fn fail_input(&mut self, message: String) {
        let mut p = ImagePlan::new(ImageFormat::Unknown);
        p.errors.push(Problem::image(message));
        self.reports.push(finalize(
            &self.path,
            p,
            Vec::new(),
            None,
            None,
            true,
            &self.opts,
        ));
        self.state = State::Done;
    }

    /// Move on as far as the bytes already given allow.
    fn advance(&mut self) {
        loop {
            let state = std::mem::replace(&mut self.state, State::Done);
            self.state = match state {
                State::Head(r) if r.done() => self.classify(&r.buf),
                State::Index(mut ix, r) if r.done() => match ix.step(&r.buf) {
                    outer::Step::Read { offset, len } => {
                        State::Index(ix, SmallRead::new(offset, len))
                    }
                    outer::Step::Done(Ok(outer::Indexed::Archive(index))) => State::Plan {
                        index,
                        cache: manifest::JsonCache::new(),
                        pending: None,
                    },
                    outer::Step::Done(Ok(outer::Indexed::NotAnImageArchive)) => self
                        .start_images(vec![single_layer(&self.path, self.len, Compression::None)]),
                    outer::Step::Done(Err(e)) => {
                        self.fail_input(e);
                        State::Done
                    }
                },
                State::Plan {
                    index,
                    mut cache,
                    pending,
                } => {
                    match pending {
                        Some((name, r)) if r.done() => {
                            cache.insert(name, Ok(r.buf));
                        }
                        Some(p) => {
                            self.state = State::Plan {
                                index,
                                cache,
                                pending: Some(p),
                            };
                            return;
                        }
                        None => {}
                    }
                    let max = self.opts.limits.max_json_bytes;
                    match manifest::plan(&index, &cache, self.opts.platform.as_deref(), max) {
                        Err(m) => State::Plan {
                            index,
                            cache,
                            pending: Some((m.name, SmallRead::new(m.offset, m.size))),
                        },
                        Ok(mut plans) => {
                            if let Some(first) = plans.first_mut() {
                                first.warnings.extend(
                                    index.warnings.iter().map(|w| Problem::image(w.clone())),
                                );
                            }
                            self.start_images(plans)
                        }
                    }
                }
                State::Layers(mut run) => {
                    if self.step_layers(&mut run) {
                        self.state = State::Layers(run);
                        return; // waiting for bytes
                    } else {
                        // this image is done: report it, then the next one
                        let ImageRun {
                            plan,
                            queue,
                            overlay,
                            layers,
                            sweep,
                            all_read,
                            ..
                        } = *run;
                        let summary = overlay.map(overlay::Overlay::finish);
                        if !self.sweep_only || self.reports.is_empty() {
                            self.reports.push(finalize(
                                &self.path, plan, layers, summary, sweep, all_read, &self.opts,
                            ));
                        }
                        if self.sweep_only {
                            State::Done
                        } else {
                            self.start_images(queue.into())
                        }
                    }
                }
                other => {
                    self.state = other;
                    return;
                }
            };
        }
    }

    /// What the first bytes say.
    fn classify(&mut self, head: &[u8]) -> State<'a> {
        let fail = |me: &mut Self, msg: String| {
            me.fail_input(msg);
            State::Done
        };
        match sniff(head) {
            Sniff::Empty => fail(self, "the file is empty".into()),
            Sniff::Unsupported(name) => fail(
                self,
                format!("{name}-compressed input is not supported: decompress it first (layers are tar, tar+gzip or tar+zstd)"),
            ),
            Sniff::Unknown => fail(
                self,
                format!(
                    "not an image archive or layer: no tar header, gzip or zstd magic at the start (first bytes {})",
                    head.iter().take(8).map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(" ")
                ),
            ),
            Sniff::Compressed(c) => self.start_images(vec![single_layer(&self.path, self.len, c)]),
            Sniff::Tar => {
                let mut ix = outer::Indexer::new(self.len, self.opts.limits.max_members);
                match ix.start() {
                    outer::Step::Read { offset, len } => {
                        State::Index(Box::new(ix), SmallRead::new(offset, len))
                    }
                    outer::Step::Done(_) => self.start_images(vec![single_layer(&self.path, self.len, Compression::None)]),
                }
            }
        }
    }

    fn start_images(&mut self, plans: Vec<ImagePlan>) -> State<'a> {
        let mut queue: std::collections::VecDeque<ImagePlan> = plans.into();
        let Some(plan) = queue.pop_front() else {
            return State::Done;
        };
        let sweep_index = self
            .opts
            .sweep
            .as_ref()
            .and_then(|s| sweep_target(&plan.layers, s.layer));
        let layers_to_read: Vec<&LayerPlan> = plan
            .layers
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.sweep_only || sweep_index == Some(*i as u32 + 1))
            .filter(|(i, _)| self.opts.part.reads_layer(*i as u32 + 1))
            .map(|(_, l)| l)
            .collect();
        let info = ProgressInfo {
            layers: layers_to_read.len() as u32,
            bytes_total: layers_to_read
                .iter()
                .filter_map(|l| l.member.map(|m| m.1))
                .sum(),
            ..ProgressInfo::default()
        };
        State::Layers(Box::new(ImageRun {
            overlay: Some(overlay::Overlay::new(
                self.opts.limits.max_paths,
                self.opts.wasted_files,
            )),
            layers: Vec::with_capacity(plan.layers.len()),
            current: None,
            next: 0,
            sweep_index,
            sweep: None,
            all_read: true,
            info,
            plan,
            queue,
        }))
    }

    /// Finish the current layer if it is complete and start the next; `false` when the image
    /// has no layer left.
    fn step_layers(&mut self, run: &mut ImageRun<'a>) -> bool {
        loop {
            if let Some((_, _, sc)) = &run.current {
                if sc.fed() < sc.len() {
                    return true; // waiting for bytes
                }
                let (i, _, sc) = run.current.take().expect("checked");
                let (scan, overlay) = sc.finish();
                run.overlay = Some(overlay);
                let lp = &run.plan.layers[i];
                let mut report = empty_layer(i as u32 + 1, lp);
                fill_layer(
                    &mut report,
                    lp,
                    scan,
                    run.plan.format,
                    &mut run.plan.errors,
                    &mut run.plan.warnings,
                    &mut run.sweep,
                );
                run.all_read &= report.complete;
                run.layers.push(report);
            }
            let i = run.next;
            let Some(lp) = run.plan.layers.get(i) else {
                return false;
            };
            run.next += 1;
            let index = i as u32 + 1;
            let overlay = run
                .overlay
                .as_mut()
                .expect("the overlay is home between layers");
            overlay.begin_layer();
            if self.sweep_only && run.sweep_index != Some(index)
                || !self.opts.part.reads_layer(index)
            {
                continue;
            }
            let Some((offset, len)) = lp.member else {
                run.all_read = false;
                run.layers.push(empty_layer(index, lp));
                continue;
            };
            let part = &self.opts.part;
            let measure = if self.opts.measure && !self.sweep_only {
                let level = |c| match c {
                    Codec::Gzip => self.opts.gzip_level,
                    Codec::Zstd => self.opts.zstd_level,
                };
                part.codecs.iter().map(|&c| (c, level(c))).collect()
            } else {
                Vec::new()
            };
            let job = layer::Job {
                index,
                len,
                walk: !self.sweep_only && part.structure,
                hash: self.opts.verify_digests && !self.sweep_only && part.structure,
                measure,
                sweep: (run.sweep_index == Some(index))
                    .then(|| self.opts.sweep.as_ref().map_or(0, |s| s.max_bytes)),
                largest: self.opts.largest_files,
                limits: self.opts.limits.clone(),
            };
            run.info.layer = index;
            run.info.layer_bytes_total = len;
            run.info.layer_bytes_done = 0;
            run.info.layer_uncompressed_done = 0;
            let overlay = run.overlay.take().expect("checked above");
            run.current = Some((
                i,
                offset,
                layer::LayerScanner::new(job, overlay, self.clock),
            ));
        }
    }
}

/// Inspect one input: every image in it (usually one), for one platform each. The pulled
/// driver of [`Inspector`]: reads what it wants, 1 MiB at a time at most.
pub fn inspect(
    src: &mut dyn ByteSource,
    path: &str,
    opts: &InspectOptions,
    clock: &dyn Clock,
    progress: &mut dyn Progress,
) -> Result<Vec<ImageReport>, Cancelled> {
    let ins = Inspector::new(path, src.len(), opts, clock);
    Ok(drive(ins, src, progress)?.finish())
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
    let ins = Inspector::sweep_only(path, src.len(), opts, clock);
    let reports = drive(ins, src, progress)?.finish();
    Ok(reports.into_iter().next().and_then(|r| r.sweep))
}

fn drive<'a>(
    mut ins: Inspector<'a>,
    src: &mut dyn ByteSource,
    progress: &mut dyn Progress,
) -> Result<Inspector<'a>, Cancelled> {
    let mut buf = vec![0u8; source::CHUNK];
    while let Some(w) = ins.want() {
        let n = w.len.min(buf.len() as u64) as usize;
        match source::read_exact_at(src, w.offset, &mut buf[..n]) {
            Ok(()) => {
                ins.feed(w.offset, &buf[..n], progress)?;
            }
            Err(e) => ins.read_failed(&e.to_string()),
        }
    }
    Ok(ins)
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

fn single_layer(path: &str, len: u64, c: Compression) -> ImagePlan {
    let mut p = ImagePlan::new(ImageFormat::Layer);
    p.layers.push(LayerPlan {
        member: Some((0, len)),
        name: path.to_string(),
        media_type: Some(c.oci_media_type().to_string()),
        ..LayerPlan::default()
    });
    p
}

/// The image report from its plan, its layers and the overlay's summary.
fn finalize(
    path: &str,
    plan: ImagePlan,
    mut layers: Vec<LayerReport>,
    summary: Option<overlay::Summary>,
    sweep: Option<LevelSweep>,
    all_read: bool,
    opts: &InspectOptions,
) -> ImageReport {
    let ImagePlan {
        format,
        reference,
        platform,
        platforms,
        manifest_digest,
        config_digest,
        history,
        errors,
        mut warnings,
        ..
    } = plan;
    let summary = summary.unwrap_or_else(|| overlay::Overlay::new(0, 0).finish());
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
    redo_advice(&mut report, &opts.advice);
    report
}

fn redo_advice(report: &mut ImageReport, opts: &AdviceOptions) {
    if report.format != ImageFormat::Unknown && !report.layers.is_empty() {
        let (startup, advice) = advice::advise(report, opts);
        report.startup = startup;
        report.advice = advice;
    }
}

/// Complete `report` (from a structural inspection, whose [`Part`] left some measurements out)
/// with the measurements of `part` (an inspection of the same input that measured them),
/// matching layers by index; then redo the totals' sizes and the advice. Only measurements the
/// report lacks are taken.
pub fn merge_measurements(report: &mut ImageReport, part: &ImageReport, opts: &AdviceOptions) {
    for measured in &part.layers {
        let Some(l) = report.layers.iter_mut().find(|l| l.index == measured.index) else {
            continue;
        };
        if l.gzip.is_none() {
            l.gzip = measured.gzip.clone();
        }
        if l.zstd.is_none() {
            l.zstd = measured.zstd.clone();
        }
    }
    let layers = &report.layers;
    report.total.gzip_size = layers.iter().map(|l| l.gzip.as_ref().map(|m| m.size)).sum();
    report.total.zstd_size = layers.iter().map(|l| l.zstd.as_ref().map(|m| m.size)).sum();
    redo_advice(report, opts);
}

fn empty_layer(index: u32, lp: &LayerPlan) -> LayerReport {
    LayerReport {
        index,
        digest: lp.digest.clone(),
        diff_id: lp.diff_id.clone(),
        media_type: lp.media_type.clone().unwrap_or_default(),
        stored_size: lp.member.map_or(0, |m| m.1),
        created_by: lp.created_by.clone(),
        ..LayerReport::default()
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
    r.sha256 = scan.sha256;
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
