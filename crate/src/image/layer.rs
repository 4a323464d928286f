//! Reading one layer in one pass, pushed to in pieces of any size: the stored bytes are hashed
//! and written into a decoder; the decoded stream is cut into whole 1 MiB chunks, and each is
//! hashed (diff_id), walked as tar (stats, overlay) and fed to the codec pipelines. Memory is
//! one chunk, one tar block, the codecs' windows, and the path map of the overlay.
//!
//! Push, not pull, because the VS Code webview can only push the file's bytes to the worker
//! (no blocking reads there); a pulled source is simply pushed by [`super::inspect`].

use super::detect::{is_image_archive_member, sniff, Compression, Sniff};
use super::overlay::Overlay;
use super::path::normalize;
use super::source::{hex_digest, CHUNK};
use super::tar::{Entry, EntryKind, TarWalker};
use super::top::TopN;
use super::Limits;
use crate::codec::{mb_per_s, Codec, Measurement, PipelineSet};
use crate::host::Clock;
use crate::report::image::{FileSize, HashTiming, LevelSweep, OriginalDecode};
use sha2::{Digest, Sha256};
use std::io::{self, Write};

/// What to do with a layer.
#[derive(Debug, Clone)]
pub(crate) struct Job {
    pub index: u32,
    pub len: u64,
    /// Walk the tar (stats and overlay).
    pub walk: bool,
    /// Hash stored and uncompressed bytes.
    pub hash: bool,
    /// The codecs and levels to measure (none: no measurement).
    pub measure: Vec<(Codec, i32)>,
    /// Sweep the sweep levels over the first this-many uncompressed bytes.
    pub sweep: Option<u64>,
    pub largest: usize,
    pub limits: Limits,
}

/// Counts of one layer's entries.
#[derive(Debug, Default)]
pub(crate) struct Stats {
    pub entries: u64,
    pub files: u64,
    pub file_bytes: u64,
    pub dirs: u64,
    pub symlinks: u64,
    pub hardlinks: u64,
    pub other: u64,
    pub whiteouts: u64,
    pub opaque_dirs: u64,
    /// Entries whose path climbs out of the root (`../`): counted, not applied.
    pub escaping: Vec<String>,
    /// Names seen so far all fit an image archive, and a manifest was among them.
    archive_names: bool,
    archive_manifest: bool,
}

/// What reading a layer found.
pub(crate) struct Scan {
    pub compression: Compression,
    pub stored_digest: Option<String>,
    pub diff_id: Option<String>,
    pub uncompressed: u64,
    pub stats: Stats,
    pub largest: Vec<FileSize>,
    pub original: Option<OriginalDecode>,
    pub sha256: Option<HashTiming>,
    pub gzip: Option<Measurement>,
    pub zstd: Option<Measurement>,
    pub sweep: Option<LevelSweep>,
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
    pub complete: bool,
}

impl Scan {
    /// The layer's own entries name an image archive: someone compressed a whole `docker save`.
    pub fn looks_like_image_archive(&self) -> bool {
        self.stats.archive_names && self.stats.archive_manifest
    }
}

/// Everything downstream of the decoder. It sits inside the decoder (write-side decoders own
/// their output), hence the `Option`: taken back out when the layer ends.
struct Sink<'c>(Option<Box<Downstream<'c>>>);

struct Downstream<'c> {
    clock: &'c dyn Clock,
    job: Job,
    /// Decoded bytes waiting to make a whole chunk.
    buf: Vec<u8>,
    uncompressed: u64,
    /// Stored bytes fed so far (for the expansion-ratio limit).
    stored: u64,
    diff_hasher: Option<Sha256>,
    /// Time spent in both sha256 hashers, and the bytes they hashed.
    hashing: HashTiming,
    walker: Option<TarWalker>,
    stats: Stats,
    largest: TopN<(u64, String)>,
    overlay: Overlay,
    pipes: Option<PipelineSet>,
    sweep: Option<PipelineSet>,
    sweep_input: u64,
    errors: Vec<String>,
    /// Time spent here, to take out of the decoder's time.
    busy_ms: f64,
    /// Why decoding must stop (a limit); set once.
    stop: Option<String>,
}

impl Write for Sink<'_> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        match &mut self.0 {
            Some(d) => d.take(data).map(|_| data.len()),
            None => Ok(data.len()), // after the layer ended: a dropped decoder's last flush
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Downstream<'_> {
    fn take(&mut self, mut data: &[u8]) -> io::Result<()> {
        if let Some(reason) = &self.stop {
            return Err(io::Error::other(reason.clone()));
        }
        while !data.is_empty() {
            let n = (CHUNK - self.buf.len()).min(data.len());
            self.buf.extend_from_slice(&data[..n]);
            data = &data[n..];
            if self.buf.len() == CHUNK {
                self.process();
                if let Some(reason) = self.job.limits.bomb(self.uncompressed, self.stored) {
                    self.stop = Some(reason.clone());
                    return Err(io::Error::other(reason));
                }
            }
        }
        Ok(())
    }

    /// One decoded chunk (whole 1 MiB chunks but the last: deflate output depends a little on
    /// where its input is cut, and a layer must measure the same however it is stored).
    fn process(&mut self) {
        if self.buf.is_empty() {
            return;
        }
        let t0 = self.clock.now_ms();
        let chunk = &self.buf[..];
        self.uncompressed += chunk.len() as u64;
        if let Some(h) = &mut self.diff_hasher {
            let t = self.clock.now_ms();
            h.update(chunk);
            self.hashing.add(chunk.len(), self.clock.now_ms() - t);
        }
        if let Some(w) = &mut self.walker {
            let (stats, largest, overlay) = (&mut self.stats, &mut self.largest, &mut self.overlay);
            let res = w.feed(chunk, &mut |e| {
                if let Some(path) = stats.add(e) {
                    if e.kind == EntryKind::File && largest.would_keep(&(e.size, String::new())) {
                        largest.push((e.size, path.clone()));
                    }
                    let link = match e.kind {
                        EntryKind::HardLink => e.link.as_deref().and_then(normalize),
                        _ => None,
                    };
                    overlay.apply(&path, e.kind, e.data_bytes, link.as_deref());
                }
            });
            if let Err(e) = res {
                self.errors.push(format!("tar: {e}"));
                self.walker = None;
            }
        }
        if let Some(p) = &mut self.pipes {
            if let Err(e) = p.write(chunk, self.clock) {
                self.errors.push(format!("codec measurement: {e}"));
                self.pipes = None;
            }
        }
        if let Some(s) = &mut self.sweep {
            let limit = self.job.sweep.unwrap_or(0);
            let take = (limit - self.sweep_input).min(chunk.len() as u64) as usize;
            if take > 0 {
                self.sweep_input += take as u64;
                if let Err(e) = s.write(&chunk[..take], self.clock) {
                    self.errors.push(format!("level sweep: {e}"));
                    self.sweep = None;
                }
            }
        }
        self.buf.clear();
        self.busy_ms += self.clock.now_ms() - t0;
    }
}

enum Decoder<'c> {
    Plain(Sink<'c>),
    Gzip(Box<flate2::write::MultiGzDecoder<Sink<'c>>>),
    Zstd(Box<zstd::stream::write::Decoder<'static, Sink<'c>>>),
}

impl<'c> Decoder<'c> {
    fn write_all(&mut self, data: &[u8]) -> io::Result<()> {
        match self {
            Decoder::Plain(s) => s.write_all(data),
            Decoder::Gzip(d) => d.write_all(data),
            Decoder::Zstd(d) => d.write_all(data),
        }
    }

    fn sink(&mut self) -> &mut Sink<'c> {
        match self {
            Decoder::Plain(s) => s,
            Decoder::Gzip(d) => d.get_mut(),
            Decoder::Zstd(d) => d.get_mut(),
        }
    }

    /// End the stream: flush what the decoder holds and check the stream ended where it may.
    fn finish(&mut self) -> io::Result<()> {
        match self {
            Decoder::Plain(_) => Ok(()),
            Decoder::Gzip(d) => d.try_finish(),
            Decoder::Zstd(d) => d.do_finish(),
        }
    }
}

/// One layer being read. Feed it the stored bytes in order with [`LayerScanner::feed`], then
/// call [`LayerScanner::finish`].
pub(crate) struct LayerScanner<'c> {
    clock: &'c dyn Clock,
    job: Job,
    fed: u64,
    /// The first bytes, until there are enough to tell the compression.
    head: Vec<u8>,
    compression: Compression,
    /// Set once the compression is known (and the downstream built).
    decoder: Option<Decoder<'c>>,
    /// Kept aside until the decoder exists.
    downstream: Option<Box<Downstream<'c>>>,
    stored_hasher: Option<Sha256>,
    /// The stream failed or was refused: later bytes are only hashed.
    failed: bool,
    decode_ms: f64,
    errors: Vec<String>,
}

impl<'c> LayerScanner<'c> {
    /// `overlay` is lent to the layer and handed back by [`LayerScanner::finish`].
    pub fn new(job: Job, overlay: Overlay, clock: &'c dyn Clock) -> Self {
        let mut errors = Vec::new();
        let mut pipes = |specs: &[(Codec, i32)], what: &str| {
            PipelineSet::new(specs)
                .map_err(|e| errors.push(format!("{what}: {e}")))
                .ok()
        };
        let measure = if job.measure.is_empty() {
            None
        } else {
            pipes(&job.measure, "codec measurement")
        };
        let sweep_specs: Vec<(Codec, i32)> = [Codec::Gzip, Codec::Zstd]
            .iter()
            .flat_map(|&c| c.sweep_levels().iter().map(move |&l| (c, l)))
            .collect();
        let sweep = job.sweep.and_then(|_| pipes(&sweep_specs, "level sweep"));
        let downstream = Downstream {
            clock,
            buf: Vec::with_capacity(CHUNK),
            uncompressed: 0,
            stored: 0,
            diff_hasher: None,
            hashing: HashTiming::default(),
            walker: job.walk.then(TarWalker::new),
            stats: Stats {
                archive_names: true,
                ..Stats::default()
            },
            largest: TopN::new(job.largest),
            overlay,
            pipes: measure,
            sweep,
            sweep_input: 0,
            errors: Vec::new(),
            busy_ms: 0.0,
            stop: None,
            job: job.clone(),
        };
        LayerScanner {
            clock,
            stored_hasher: job.hash.then(Sha256::new),
            job,
            fed: 0,
            head: Vec::new(),
            compression: Compression::None,
            decoder: None,
            downstream: Some(Box::new(downstream)),
            failed: false,
            decode_ms: 0.0,
            errors,
        }
    }

    /// Stored bytes fed so far.
    pub fn fed(&self) -> u64 {
        self.fed
    }

    /// The layer's stored size.
    pub fn len(&self) -> u64 {
        self.job.len
    }

    /// Uncompressed bytes produced so far.
    pub fn uncompressed(&mut self) -> u64 {
        match (&mut self.decoder, &self.downstream) {
            (Some(dec), _) => with_down(dec.sink(), |d| d.uncompressed),
            (None, Some(d)) => d.uncompressed,
            (None, None) => 0,
        }
    }

    /// The next stored bytes of the layer (never more than it has left).
    pub fn feed(&mut self, mut data: &[u8]) {
        let left = self.job.len - self.fed;
        data = &data[..data.len().min(left as usize)];
        self.fed += data.len() as u64;
        if let Some(h) = &mut self.stored_hasher {
            let t = self.clock.now_ms();
            h.update(data);
            let ms = self.clock.now_ms() - t;
            let len = data.len();
            match (&mut self.decoder, &mut self.downstream) {
                (Some(dec), _) => with_down(dec.sink(), |d| d.hashing.add(len, ms)),
                (None, Some(d)) => d.hashing.add(len, ms),
                (None, None) => {}
            }
        }
        if self.decoder.is_none() && !self.failed {
            let want = self.job.len.min(512) as usize;
            let n = (want - self.head.len()).min(data.len());
            self.head.extend_from_slice(&data[..n]);
            data = &data[n..];
            if self.head.len() < want {
                return;
            }
            self.start_decoder();
            let head = std::mem::take(&mut self.head);
            self.decode(&head);
        }
        self.decode(data);
    }

    fn start_decoder(&mut self) {
        let mut down = self.downstream.take().expect("decoder starts once");
        self.compression = match sniff(&self.head) {
            Sniff::Compressed(c) => c,
            Sniff::Tar => Compression::None,
            Sniff::Empty => {
                self.fail("the layer blob is empty".into(), down);
                return;
            }
            Sniff::Unsupported(name) => {
                self.fail(format!("{name}-compressed layers are not supported"), down);
                return;
            }
            // not a tar header: the walker will say so precisely
            Sniff::Unknown => Compression::None,
        };
        // an uncompressed layer's diff_id is its stored digest: hashed once
        if self.job.hash && self.compression != Compression::None {
            down.diff_hasher = Some(Sha256::new());
        }
        let sink = Sink(Some(down));
        self.decoder = match self.compression {
            Compression::None => Some(Decoder::Plain(sink)),
            Compression::Gzip => Some(Decoder::Gzip(Box::new(flate2::write::MultiGzDecoder::new(
                sink,
            )))),
            Compression::Zstd => match zstd_decoder(sink) {
                Ok(d) => Some(Decoder::Zstd(Box::new(d))),
                Err(e) => {
                    self.errors
                        .push(format!("cannot start a zstd decoder: {e}"));
                    self.failed = true;
                    None
                }
            },
        };
    }

    fn fail(&mut self, message: String, down: Box<Downstream<'c>>) {
        self.errors.push(message);
        self.failed = true;
        self.downstream = Some(down);
    }

    fn decode(&mut self, data: &[u8]) {
        if data.is_empty() || self.failed {
            return;
        }
        let Some(dec) = &mut self.decoder else { return };
        let fed = self.fed;
        let busy0 = with_down(dec.sink(), |d| {
            d.stored = fed;
            d.busy_ms
        });
        let t0 = self.clock.now_ms();
        let res = dec.write_all(data);
        let t1 = self.clock.now_ms();
        let busy1 = with_down(dec.sink(), |d| d.busy_ms);
        self.decode_ms += (t1 - t0) - (busy1 - busy0);
        if let Err(e) = res {
            let stop = with_down(dec.sink(), |d| d.stop.clone());
            self.errors
                .push(stop.unwrap_or_else(|| stream_error(self.compression, &e, self.fed)));
            self.failed = true;
        }
    }

    /// The stored stream cannot be read further (an I/O error of the host): the layer ends
    /// here, incomplete.
    pub fn abort(&mut self, message: String) {
        if !self.failed {
            self.errors
                .push(format!("cannot read the layer: {message}"));
            self.failed = true;
        }
        self.fed = self.job.len;
    }

    /// End the layer: check the streams ended cleanly, finish the measurements, hand back the
    /// overlay.
    pub fn finish(mut self) -> (Scan, Overlay) {
        if self.decoder.is_none() && !self.failed {
            // fewer than 512 bytes in all
            self.start_decoder();
            let head = std::mem::take(&mut self.head);
            self.decode(&head);
        }
        let mut stream_ok = !self.failed && self.fed == self.job.len;
        let mut down = match self.decoder.take() {
            Some(mut dec) => {
                if stream_ok {
                    let t0 = self.clock.now_ms();
                    let busy0 = with_down(dec.sink(), |d| d.busy_ms);
                    if let Err(e) = dec.finish() {
                        let stop = with_down(dec.sink(), |d| d.stop.clone());
                        self.errors.push(
                            stop.unwrap_or_else(|| stream_error(self.compression, &e, self.fed)),
                        );
                        stream_ok = false;
                    }
                    let busy1 = with_down(dec.sink(), |d| d.busy_ms);
                    self.decode_ms += (self.clock.now_ms() - t0) - (busy1 - busy0);
                }
                dec.sink()
                    .0
                    .take()
                    .expect("the downstream is inside the decoder")
            }
            None => self
                .downstream
                .take()
                .expect("the downstream is kept aside"),
        };
        down.process(); // the last, partial chunk
        let mut errors = std::mem::take(&mut self.errors);
        let mut warnings = Vec::new();
        errors.append(&mut down.errors);
        let mut walk_ok = !self.job.walk;
        if let Some(mut w) = down.walker.take() {
            if stream_ok {
                match w.finish() {
                    Ok(()) => walk_ok = true,
                    Err(e) => errors.push(format!("tar: {e}")),
                }
            }
            warnings.append(&mut w.warnings);
        }
        let (mut gzip, mut zstd) = (None, None);
        if let Some(p) = down.pipes.take() {
            match p.finish(self.clock) {
                Ok(ms) => {
                    for m in ms {
                        match m.codec {
                            Codec::Gzip => gzip = Some(m),
                            Codec::Zstd => zstd = Some(m),
                        }
                    }
                }
                Err(e) => errors.push(format!("codec measurement: {e}")),
            }
        }
        let sweep = down.sweep.take().and_then(|s| match s.finish(self.clock) {
            Ok(points) => Some(LevelSweep {
                layer: self.job.index,
                input_bytes: down.sweep_input,
                whole_layer: stream_ok && down.sweep_input == down.uncompressed,
                points,
            }),
            Err(e) => {
                errors.push(format!("level sweep: {e}"));
                None
            }
        });
        let original = (self.compression != Compression::None).then(|| OriginalDecode {
            compression: self.compression,
            decode_ms: self.decode_ms,
            decode_mb_s: mb_per_s(down.uncompressed, self.decode_ms),
        });
        // digests only of a stream read to its end
        let (mut stored_digest, mut diff_id) = (None, None);
        if stream_ok {
            stored_digest = self.stored_hasher.take().map(hex_digest);
            diff_id = match down.diff_hasher.take() {
                Some(h) => Some(hex_digest(h)),
                None if self.compression == Compression::None => stored_digest.clone(),
                None => None,
            };
        }
        if !down.stats.escaping.is_empty() {
            errors.push(format!(
                "{} entries climb out of the root with `..` and were skipped (first: {:?})",
                down.stats.escaping.len(),
                down.stats.escaping[0]
            ));
        }
        let complete = stream_ok && walk_ok && errors.is_empty();
        let Downstream {
            stats,
            largest,
            overlay,
            uncompressed,
            hashing,
            ..
        } = *down;
        let scan = Scan {
            compression: self.compression,
            stored_digest,
            diff_id,
            uncompressed,
            stats,
            largest: largest
                .into_sorted()
                .into_iter()
                .map(|(size, path)| FileSize { path, size })
                .collect(),
            original,
            sha256: (hashing.bytes > 0).then_some(hashing),
            gzip,
            zstd,
            sweep,
            errors,
            warnings,
            complete,
        };
        (scan, overlay)
    }
}

fn with_down<T: Default>(sink: &mut Sink<'_>, f: impl FnOnce(&mut Downstream<'_>) -> T) -> T {
    sink.0.as_deref_mut().map(f).unwrap_or_default()
}

fn zstd_decoder(sink: Sink<'_>) -> io::Result<zstd::stream::write::Decoder<'static, Sink<'_>>> {
    let mut d = zstd::stream::write::Decoder::new(sink)?;
    // 128 MiB windows at most (libzstd's default limit, stated here because memory is bounded
    // on purpose: a frame asking for more is refused, not obeyed)
    d.window_log_max(27)?;
    Ok(d)
}

fn stream_error(c: Compression, e: &io::Error, at: u64) -> String {
    let what = match c {
        Compression::None => "reading the layer",
        Compression::Gzip => "the gzip stream is corrupt or truncated",
        Compression::Zstd => "the zstd stream is corrupt or truncated",
    };
    format!("{what} (near stored byte {at}): {e}")
}

impl Stats {
    /// Count an entry; returns its normalized path unless it climbs out of the root.
    fn add(&mut self, e: &Entry) -> Option<String> {
        self.entries += 1;
        let Some(path) = normalize(&e.path) else {
            if self.escaping.len() < 100 {
                self.escaping.push(e.path.clone());
            }
            return None;
        };
        if self.archive_names {
            self.archive_names = is_image_archive_member(&path);
            self.archive_manifest |= matches!(path.as_str(), "manifest.json" | "index.json");
        }
        match super::path::whiteout(&path) {
            super::path::Whiteout::Opaque { .. } => self.opaque_dirs += 1,
            super::path::Whiteout::Delete { .. } => self.whiteouts += 1,
            super::path::Whiteout::Reserved => {}
            super::path::Whiteout::No => match e.kind {
                EntryKind::File => {
                    self.files += 1;
                    self.file_bytes += e.size;
                }
                EntryKind::Dir => self.dirs += 1,
                EntryKind::Symlink => self.symlinks += 1,
                EntryKind::HardLink => self.hardlinks += 1,
                _ => self.other += 1,
            },
        }
        Some(path)
    }
}
