//! Reading one layer in one pass: the stored bytes are hashed and decoded; every decoded chunk
//! is hashed (diff_id), walked as tar (stats, overlay) and fed to the codec pipelines. Memory
//! is one chunk, one tar block, the codecs' windows, and the path map of the overlay.

use super::detect::{is_image_archive_member, sniff, Compression, Sniff};
use super::overlay::Overlay;
use super::path::normalize;
use super::source::{hex_digest, ByteSource, SectionReader, CHUNK};
use super::tar::{Entry, EntryKind, TarWalker};
use super::top::TopN;
use super::{Limits, Tracker};
use crate::codec::{mb_per_s, Codec, Measurement, PipelineSet};
use crate::host::{Cancelled, Clock};
use crate::report::image::{FileSize, LevelSweep, OriginalDecode};
use sha2::{Digest, Sha256};
use std::io::{self, Read};

/// What to do with a layer.
pub(crate) struct Job<'a> {
    pub index: u32,
    pub offset: u64,
    pub len: u64,
    /// Walk the tar (stats and overlay).
    pub walk: bool,
    /// Hash stored and uncompressed bytes.
    pub hash: bool,
    /// gzip and zstd levels to measure.
    pub measure: Option<(i32, i32)>,
    /// Sweep the sweep levels over the first this-many uncompressed bytes.
    pub sweep: Option<u64>,
    pub largest: usize,
    pub limits: &'a Limits,
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

enum Decoded<'a> {
    Plain(SectionReader<'a>),
    Gzip(Box<flate2::bufread::MultiGzDecoder<SectionReader<'a>>>),
    Zstd(zstd::stream::read::Decoder<'static, SectionReader<'a>>),
}

impl<'a> Decoded<'a> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Decoded::Plain(r) => r.read(buf),
            Decoded::Gzip(r) => r.read(buf),
            Decoded::Zstd(r) => r.read(buf),
        }
    }

    /// Fill `buf` unless the stream ends or fails first; returns the bytes read and the
    /// failure, if any.
    fn fill(&mut self, buf: &mut [u8]) -> (usize, Option<io::Error>) {
        let mut n = 0;
        while n < buf.len() {
            match self.read(&mut buf[n..]) {
                Ok(0) => break,
                Ok(k) => n += k,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return (n, Some(e)),
            }
        }
        (n, None)
    }

    fn section(&self) -> &SectionReader<'a> {
        match self {
            Decoded::Plain(r) => r,
            Decoded::Gzip(r) => r.get_ref(),
            Decoded::Zstd(r) => r.get_ref(),
        }
    }

    fn into_section(self) -> SectionReader<'a> {
        match self {
            Decoded::Plain(r) => r,
            Decoded::Gzip(r) => r.into_inner(),
            Decoded::Zstd(r) => r.finish(),
        }
    }
}

/// Read one layer. Errors in the data are reported in the [`Scan`]; only cancellation stops it.
pub(crate) fn scan(
    src: &mut dyn ByteSource,
    job: &Job,
    overlay: &mut Overlay,
    clock: &dyn Clock,
    tracker: &mut Tracker,
) -> Result<Scan, Cancelled> {
    let mut out = Scan {
        compression: Compression::None,
        stored_digest: None,
        diff_id: None,
        uncompressed: 0,
        stats: Stats {
            archive_names: true,
            ..Stats::default()
        },
        largest: Vec::new(),
        original: None,
        gzip: None,
        zstd: None,
        sweep: None,
        errors: Vec::new(),
        warnings: Vec::new(),
        complete: false,
    };
    let mut head = [0u8; 512];
    let head_len = (job.len as usize).min(head.len());
    if let Err(e) = super::source::read_exact_at(src, job.offset, &mut head[..head_len]) {
        out.errors.push(format!("cannot read the layer: {e}"));
        return Ok(out);
    }
    out.compression = match sniff(&head[..head_len]) {
        Sniff::Compressed(c) => c,
        Sniff::Tar => Compression::None,
        Sniff::Empty => {
            out.errors.push("the layer blob is empty".into());
            return Ok(out);
        }
        Sniff::Unsupported(name) => {
            out.errors
                .push(format!("{name}-compressed layers are not supported"));
            return Ok(out);
        }
        // not a tar header: the walker will say so precisely
        Sniff::Unknown => Compression::None,
    };
    let section = SectionReader::new(src, job.offset, job.len, job.hash, clock);
    let mut dec = match out.compression {
        Compression::None => Decoded::Plain(section),
        Compression::Gzip => Decoded::Gzip(Box::new(flate2::bufread::MultiGzDecoder::new(section))),
        Compression::Zstd => match zstd_reader(section) {
            Ok(d) => Decoded::Zstd(d),
            Err(e) => {
                out.errors.push(format!("cannot start a zstd decoder: {e}"));
                return Ok(out);
            }
        },
    };
    // an uncompressed layer's diff_id is its stored digest: hash it once
    let mut diff_hasher = (job.hash && out.compression != Compression::None).then(Sha256::new);
    let mut walker = job.walk.then(TarWalker::new);
    let mut largest = TopN::new(job.largest);
    let mut pipes = match job.measure {
        Some((g, z)) => PipelineSet::new(&[(Codec::Gzip, g), (Codec::Zstd, z)])
            .map_err(|e| out.errors.push(format!("codec measurement: {e}")))
            .ok(),
        None => None,
    };
    let mut sweep = match job.sweep {
        Some(_) => {
            let specs: Vec<(Codec, i32)> = [Codec::Gzip, Codec::Zstd]
                .iter()
                .flat_map(|&c| c.sweep_levels().iter().map(move |&l| (c, l)))
                .collect();
            PipelineSet::new(&specs)
                .map_err(|e| out.errors.push(format!("level sweep: {e}")))
                .ok()
        }
        None => None,
    };
    let sweep_limit = job.sweep.unwrap_or(0);
    let mut sweep_input = 0u64;

    // Whole 1 MiB chunks, whatever the decoder hands out: deflate output depends a little on
    // where its input is cut, and the same layer must measure the same however it is stored.
    let mut buf = vec![0u8; CHUNK];
    let mut decode_ms = 0.0;
    let mut stream_ok = true;
    loop {
        let t0 = clock.now_ms();
        let overhead0 = dec.section().overhead_ms();
        let (n, failure) = dec.fill(&mut buf);
        decode_ms += clock.now_ms() - t0 - (dec.section().overhead_ms() - overhead0);
        if n == 0 {
            if let Some(e) = failure {
                out.errors
                    .push(stream_error(out.compression, &e, dec.section().consumed()));
                stream_ok = false;
            }
            break;
        }
        let chunk = &buf[..n];
        out.uncompressed += n as u64;
        if let Some(h) = &mut diff_hasher {
            h.update(chunk);
        }
        if let Some(w) = &mut walker {
            let stats = &mut out.stats;
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
                out.errors.push(format!("tar: {e}"));
                walker = None;
            }
        }
        if let Some(p) = &mut pipes {
            if let Err(e) = p.write(chunk, clock) {
                out.errors.push(format!("codec measurement: {e}"));
                pipes = None;
            }
        }
        if let Some(s) = &mut sweep {
            let take = (sweep_limit - sweep_input).min(n as u64) as usize;
            if take > 0 {
                sweep_input += take as u64;
                if let Err(e) = s.write(&chunk[..take], clock) {
                    out.errors.push(format!("level sweep: {e}"));
                    sweep = None;
                }
            }
        }
        let stored = dec.section().consumed();
        tracker.layer_progress(stored, out.uncompressed)?;
        if let Some(e) = failure {
            out.errors.push(stream_error(out.compression, &e, stored));
            stream_ok = false;
            break;
        }
        if let Some(reason) = job.limits.bomb(out.uncompressed, stored) {
            out.errors.push(reason);
            stream_ok = false;
            break;
        }
        if n < buf.len() {
            break; // the end of the stream
        }
    }

    let mut walk_ok = walker.is_none() && !job.walk;
    if let Some(mut w) = walker {
        if stream_ok {
            match w.finish() {
                Ok(()) => walk_ok = true,
                Err(e) => out.errors.push(format!("tar: {e}")),
            }
        }
        out.warnings.append(&mut w.warnings);
    }
    if out.compression != Compression::None {
        out.original = Some(OriginalDecode {
            compression: out.compression,
            decode_ms,
            decode_mb_s: mb_per_s(out.uncompressed, decode_ms),
        });
    }
    if let Some(p) = pipes {
        match p.finish(clock) {
            Ok(ms) => {
                for m in ms {
                    match m.codec {
                        Codec::Gzip => out.gzip = Some(m),
                        Codec::Zstd => out.zstd = Some(m),
                    }
                }
            }
            Err(e) => out.errors.push(format!("codec measurement: {e}")),
        }
    }
    if let Some(s) = sweep {
        match s.finish(clock) {
            Ok(points) => {
                out.sweep = Some(LevelSweep {
                    layer: job.index,
                    input_bytes: sweep_input,
                    whole_layer: stream_ok && sweep_input == out.uncompressed,
                    points,
                })
            }
            Err(e) => out.errors.push(format!("level sweep: {e}")),
        }
    }
    // the rest of the stored blob (trailing bytes after the compressed stream) still counts
    // towards its digest
    let mut section = dec.into_section();
    let consumed = section.consumed();
    match section.drain() {
        Ok(0) => {}
        Ok(extra) if stream_ok && out.compression != Compression::None => out.warnings.push(
            format!("{extra} bytes follow the compressed stream (after stored byte {consumed})"),
        ),
        Ok(_) => {}
        Err(e) => {
            out.errors
                .push(format!("cannot read the rest of the layer: {e}"));
            stream_ok = false;
        }
    }
    if job.hash && stream_ok {
        out.stored_digest = section.finish_digest().ok().flatten();
        out.diff_id = match diff_hasher {
            Some(h) => Some(hex_digest(h)),
            None => out.stored_digest.clone(),
        };
    }
    out.largest = largest
        .into_sorted()
        .into_iter()
        .map(|(size, path)| FileSize { path, size })
        .collect();
    if !out.stats.escaping.is_empty() {
        out.errors.push(format!(
            "{} entries climb out of the root with `..` and were skipped (first: {:?})",
            out.stats.escaping.len(),
            out.stats.escaping[0]
        ));
    }
    out.complete = stream_ok && walk_ok && out.errors.is_empty();
    Ok(out)
}

fn zstd_reader(
    section: SectionReader<'_>,
) -> io::Result<zstd::stream::read::Decoder<'static, SectionReader<'_>>> {
    let mut d = zstd::stream::read::Decoder::with_buffer(section)?;
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
