//! A small tar reader written for hostile input, in two shapes that share one header parser:
//! [`TarWalker`] is *pushed* chunks of a decoded layer (so one read loop can tee the same bytes
//! into hashes, codecs and the walker), and [`crate::image::outer`] pulls headers at offsets and
//! seeks over member data.
//!
//! Why not the `tar` crate: it pulls from a `Read` (no tee without an extra copy layer), reads
//! GNU long names and PAX records into memory without a size cap, ignores PAX *global* headers
//! and cannot report a stream that just stops. Here every metadata record is capped, numbers are
//! checked, header-only types never consume data whatever their size field claims, and a
//! truncated stream is a clear error.
//!
//! Formats: v7, ustar (with prefix), GNU (long names/links `L`/`K`, old sparse `S` with extension
//! blocks), PAX local `x` and global `g` headers (path, linkpath, size, GNU sparse 0.x/1.0 names
//! and real sizes).

use std::fmt;

pub const BLOCK: usize = 512;
/// GNU long names and links longer than this are refused (PATH_MAX is 4096).
const LONG_NAME_CAP: u64 = 64 << 10;
/// PAX records (xattrs included) longer than this are refused.
const PAX_CAP: u64 = 1 << 20;

/// What a tar entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    File,
    HardLink,
    Symlink,
    CharDevice,
    BlockDevice,
    Dir,
    Fifo,
    /// A type this reader does not know; its data (if any) is skipped.
    Other,
}

/// One entry as the archive describes it, after long-name and PAX records are applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The path as stored (not normalized), lossily decoded as UTF-8.
    pub path: String,
    pub kind: EntryKind,
    /// Link target for hard and symbolic links.
    pub link: Option<String>,
    /// Apparent size (the real size of a sparse file).
    pub size: u64,
    /// Bytes of data the archive carries for this entry.
    pub data_bytes: u64,
    /// Offset of the entry's header in the tar stream.
    pub header_offset: u64,
}

/// Why a tar stream cannot be read further.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TarError {
    /// Byte offset in the tar stream where the problem is.
    pub offset: u64,
    pub message: String,
}

impl fmt::Display for TarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (tar byte {})", self.message, self.offset)
    }
}

impl std::error::Error for TarError {}

// ------------------------------------------------------------------ header parsing

/// A parsed 512-byte header block, before metadata records are applied.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    pub name: Vec<u8>,
    pub link: Vec<u8>,
    pub typeflag: u8,
    pub size: u64,
    /// GNU old-format sparse file: (real size, extension blocks follow).
    pub gnu_sparse: Option<(u64, bool)>,
}

pub(crate) enum Block {
    /// An all-zero block: the end-of-archive marker.
    Zero,
    Header(Header),
}

/// Parse one block. `Err` carries a message (the caller adds the offset).
pub(crate) fn parse_block(b: &[u8; BLOCK]) -> Result<Block, String> {
    if b.iter().all(|&x| x == 0) {
        return Ok(Block::Zero);
    }
    let stored = parse_number(&b[148..156]).map_err(|e| format!("header checksum field: {e}"))?;
    let (mut unsigned, mut signed) = (0u64, 0i64);
    for (i, &x) in b.iter().enumerate() {
        let x = if (148..156).contains(&i) { b' ' } else { x };
        unsigned += u64::from(x);
        signed += i64::from(x as i8);
    }
    if stored != unsigned && (stored as i64) != signed {
        return Err("header checksum does not match (not a tar header)".into());
    }
    let typeflag = b[156];
    let size = parse_number(&b[124..136]).map_err(|e| format!("size field: {e}"))?;
    let ustar = &b[257..263] == b"ustar\0";
    let gnu = &b[257..265] == b"ustar  \0";
    let mut name = cstr(&b[0..100]).to_vec();
    if ustar {
        let prefix = cstr(&b[345..500]);
        if !prefix.is_empty() {
            let mut full = prefix.to_vec();
            full.push(b'/');
            full.extend_from_slice(&name);
            name = full;
        }
    }
    let gnu_sparse = if gnu && typeflag == b'S' {
        let real = parse_number(&b[483..495]).map_err(|e| format!("sparse real size: {e}"))?;
        Some((real, b[482] != 0))
    } else {
        None
    };
    Ok(Block::Header(Header {
        name,
        link: cstr(&b[157..257]).to_vec(),
        typeflag,
        size,
        gnu_sparse,
    }))
}

/// The bytes before the first NUL.
fn cstr(field: &[u8]) -> &[u8] {
    let end = field.iter().position(|&c| c == 0).unwrap_or(field.len());
    &field[..end]
}

/// A numeric field: octal text (space/NUL padded) or GNU base-256 (high bit of the first byte).
pub(crate) fn parse_number(field: &[u8]) -> Result<u64, String> {
    if field[0] & 0x80 != 0 {
        if field[0] == 0xff {
            return Err("negative number".into());
        }
        let mut v = u64::from(field[0] & 0x7f);
        for &b in &field[1..] {
            if v >> 56 != 0 {
                return Err("number too large".into());
            }
            v = (v << 8) | u64::from(b);
        }
        return Ok(v);
    }
    let text = field;
    let start = text.iter().position(|&c| c != b' ').unwrap_or(text.len());
    let digits_end = text[start..]
        .iter()
        .position(|c| !(b'0'..=b'7').contains(c))
        .map_or(text.len(), |p| start + p);
    if text[digits_end..].iter().any(|&c| c != 0 && c != b' ') {
        return Err(format!(
            "not an octal number: {:?}",
            String::from_utf8_lossy(field)
        ));
    }
    let mut v: u64 = 0;
    for &c in &text[start..digits_end] {
        v = v
            .checked_mul(8)
            .and_then(|v| v.checked_add(u64::from(c - b'0')))
            .ok_or("number too large")?;
    }
    Ok(v)
}

/// Padding after `size` data bytes up to the next block.
pub(crate) fn padding(size: u64) -> u64 {
    (BLOCK as u64 - size % BLOCK as u64) % BLOCK as u64
}

// ------------------------------------------------------------------ metadata records

/// A PAX value: `None` not given, `Some(None)` given empty (which unsets it: a local record
/// then falls back to the header field, a global one deletes the global default).
type PaxField<T> = Option<Option<T>>;

/// The fields of PAX records that matter here; the rest (times, owners, xattrs) are ignored.
#[derive(Debug, Clone, Default)]
struct Pax {
    path: PaxField<Vec<u8>>,
    linkpath: PaxField<Vec<u8>>,
    size: PaxField<u64>,
    sparse_name: PaxField<Vec<u8>>,
    sparse_realsize: PaxField<u64>,
}

impl Pax {
    /// Apply `len key=value\n` records.
    fn apply(&mut self, data: &[u8]) -> Result<(), String> {
        let mut rest = data;
        while !rest.is_empty() {
            if rest.iter().all(|&c| c == 0) {
                break; // some writers pad the record block with NULs
            }
            let sp = rest
                .iter()
                .position(|&c| c == b' ')
                .ok_or("PAX record without a length")?;
            let len: usize = std::str::from_utf8(&rest[..sp])
                .ok()
                .and_then(|s| s.parse().ok())
                .ok_or("PAX record length is not a number")?;
            if len <= sp + 1 || len > rest.len() || rest[len - 1] != b'\n' {
                return Err("PAX record length does not fit its data".into());
            }
            let record = &rest[sp + 1..len - 1];
            let eq = record
                .iter()
                .position(|&c| c == b'=')
                .ok_or("PAX record without '='")?;
            let (key, value) = (&record[..eq], &record[eq + 1..]);
            let bytes = Some((!value.is_empty()).then(|| value.to_vec()));
            let number = |v: &[u8]| -> Result<PaxField<u64>, String> {
                if v.is_empty() {
                    return Ok(Some(None));
                }
                std::str::from_utf8(v)
                    .ok()
                    .and_then(|s| s.parse().ok())
                    .map(|n| Some(Some(n)))
                    .ok_or_else(|| format!("PAX {} is not a number", String::from_utf8_lossy(key)))
            };
            match key {
                b"path" => self.path = bytes,
                b"linkpath" => self.linkpath = bytes,
                b"size" => self.size = number(value)?,
                b"GNU.sparse.name" => self.sparse_name = bytes,
                b"GNU.sparse.realsize" | b"GNU.sparse.size" => {
                    self.sparse_realsize = number(value)?
                }
                _ => {}
            }
            rest = &rest[len..];
        }
        Ok(())
    }

    /// Local records over global ones, resolved to values.
    fn over(self, global: &Pax) -> Resolved {
        Resolved {
            path: self.path.or_else(|| global.path.clone()).flatten(),
            linkpath: self.linkpath.or_else(|| global.linkpath.clone()).flatten(),
            size: self.size.or(global.size).flatten(),
            sparse_name: self
                .sparse_name
                .or_else(|| global.sparse_name.clone())
                .flatten(),
            sparse_realsize: self.sparse_realsize.or(global.sparse_realsize).flatten(),
        }
    }
}

/// The PAX values that apply to one entry.
struct Resolved {
    path: Option<Vec<u8>>,
    linkpath: Option<Vec<u8>>,
    size: Option<u64>,
    sparse_name: Option<Vec<u8>>,
    sparse_realsize: Option<u64>,
}

/// Records that describe the *next* entry (GNU long name/link, PAX local) and PAX globals.
#[derive(Debug, Default)]
pub(crate) struct MetaState {
    long_name: Option<Vec<u8>>,
    long_link: Option<Vec<u8>>,
    local: Option<Pax>,
    global: Pax,
}

/// What a header's data means for the reader.
pub(crate) enum Role {
    /// A metadata record: capture its data (at most the given size) and call [`MetaState::absorb`].
    Meta(MetaKind),
    /// A real entry; its data (possibly none) follows.
    Entry(Entry),
    /// Data to skip with no entry (volume labels, old GNU name records, multi-volume parts).
    Skip { data_bytes: u64, what: &'static str },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MetaKind {
    LongName,
    LongLink,
    PaxLocal,
    PaxGlobal,
}

impl MetaKind {
    pub fn cap(self) -> u64 {
        match self {
            MetaKind::LongName | MetaKind::LongLink => LONG_NAME_CAP,
            MetaKind::PaxLocal | MetaKind::PaxGlobal => PAX_CAP,
        }
    }

    fn label(self) -> &'static str {
        match self {
            MetaKind::LongName => "GNU long name",
            MetaKind::LongLink => "GNU long link name",
            MetaKind::PaxLocal => "PAX header",
            MetaKind::PaxGlobal => "PAX global header",
        }
    }
}

impl MetaState {
    /// Decide what a header is; for entries, apply and clear the pending records.
    pub fn classify(&mut self, h: &Header, header_offset: u64) -> Result<Role, String> {
        let meta = match h.typeflag {
            b'L' => Some(MetaKind::LongName),
            b'K' => Some(MetaKind::LongLink),
            b'x' | b'X' => Some(MetaKind::PaxLocal),
            b'g' => Some(MetaKind::PaxGlobal),
            _ => None,
        };
        if let Some(kind) = meta {
            if h.size > kind.cap() {
                return Err(format!(
                    "{} of {} bytes is over the {} byte limit",
                    kind.label(),
                    h.size,
                    kind.cap()
                ));
            }
            return Ok(Role::Meta(kind));
        }
        match h.typeflag {
            b'V' => {
                return Ok(Role::Skip {
                    data_bytes: h.size,
                    what: "volume label",
                })
            }
            b'N' => {
                return Ok(Role::Skip {
                    data_bytes: h.size,
                    what: "old GNU long-name record",
                })
            }
            b'M' => {
                return Ok(Role::Skip {
                    data_bytes: h.size,
                    what: "multi-volume continuation",
                })
            }
            _ => {}
        }
        let pax = self.local.take().unwrap_or_default().over(&self.global);
        let long_name = self.long_name.take();
        let long_link = self.long_link.take();
        let kind = match h.typeflag {
            b'0' | b'\0' | b'7' | b'S' => EntryKind::File,
            b'1' => EntryKind::HardLink,
            b'2' => EntryKind::Symlink,
            b'3' => EntryKind::CharDevice,
            b'4' => EntryKind::BlockDevice,
            b'5' | b'D' => EntryKind::Dir,
            b'6' => EntryKind::Fifo,
            _ => EntryKind::Other,
        };
        // Header-only types carry no data whatever the size field says (as GNU tar, Go and
        // Python read them); GNU dump directories ('D') do carry data.
        let header_only = matches!(h.typeflag, b'1'..=b'6');
        let data_bytes = if header_only {
            0
        } else {
            pax.size.unwrap_or(h.size)
        };
        let size = pax
            .sparse_realsize
            .or(h.gnu_sparse.map(|(real, _)| real))
            .unwrap_or(if kind == EntryKind::File {
                data_bytes
            } else {
                0
            });
        let name = pax
            .sparse_name
            .or(pax.path)
            .or(long_name)
            .unwrap_or_else(|| h.name.clone());
        let link = pax.linkpath.or(long_link).unwrap_or_else(|| h.link.clone());
        let has_link = matches!(kind, EntryKind::HardLink | EntryKind::Symlink);
        Ok(Role::Entry(Entry {
            path: String::from_utf8_lossy(&name).into_owned(),
            kind,
            link: has_link.then(|| String::from_utf8_lossy(&link).into_owned()),
            size,
            data_bytes,
            header_offset,
        }))
    }

    /// Take in a metadata record's data.
    pub fn absorb(&mut self, kind: MetaKind, data: &[u8]) -> Result<(), String> {
        match kind {
            MetaKind::LongName => self.long_name = Some(cstr(data).to_vec()),
            MetaKind::LongLink => self.long_link = Some(cstr(data).to_vec()),
            MetaKind::PaxLocal => self.local.get_or_insert_default().apply(data)?,
            // a global record replaces only the keys it names
            MetaKind::PaxGlobal => self.global.apply(data)?,
        }
        Ok(())
    }
}

// ------------------------------------------------------------------ the push walker

#[derive(Debug)]
enum State {
    /// Collecting a header block.
    Header,
    /// Collecting a GNU sparse extension block; `data` bytes of entry data follow the last one.
    SparseExt {
        data: u64,
    },
    /// Saw one zero block; collecting the next.
    SecondZero,
    /// Inside entry data and its padding.
    Data {
        data: u64,
        pad: u64,
    },
    /// Past the end-of-archive marker (or after an error): the rest is ignored.
    End,
    Failed,
}

/// Walks a tar stream pushed to it in chunks of any size. Memory: one block plus at most one
/// capped metadata record.
pub struct TarWalker {
    state: State,
    block: Box<[u8; BLOCK]>,
    have: usize,
    /// Stream offset of the next byte fed.
    offset: u64,
    meta: MetaState,
    capture: Option<(MetaKind, Vec<u8>)>,
    entries: u64,
    /// Path of the last entry, for error messages.
    last_path: String,
    /// Odd but readable things seen (a missing end-of-archive marker, a lone zero block, …).
    pub warnings: Vec<String>,
}

impl Default for TarWalker {
    fn default() -> Self {
        TarWalker::new()
    }
}

impl TarWalker {
    pub fn new() -> Self {
        TarWalker {
            state: State::Header,
            block: Box::new([0; BLOCK]),
            have: 0,
            offset: 0,
            meta: MetaState::default(),
            capture: None,
            entries: 0,
            last_path: String::new(),
            warnings: Vec::new(),
        }
    }

    /// Number of entries seen so far.
    pub fn entries(&self) -> u64 {
        self.entries
    }

    /// Whether the end-of-archive marker was reached (later bytes are ignored).
    pub fn ended(&self) -> bool {
        matches!(self.state, State::End)
    }

    fn fail(&mut self, at: u64, message: String) -> TarError {
        self.state = State::Failed;
        TarError {
            offset: at,
            message,
        }
    }

    /// Consume `input`, calling `on_entry` for every entry header completed in it. After an
    /// error the walker ignores all further input.
    pub fn feed(
        &mut self,
        mut input: &[u8],
        on_entry: &mut dyn FnMut(&Entry),
    ) -> Result<(), TarError> {
        while !input.is_empty() {
            match self.state {
                State::End | State::Failed => return Ok(()),
                State::Data { data, pad } => {
                    let take = (data + pad).min(input.len() as u64) as usize;
                    let data_part = (data.min(take as u64)) as usize;
                    if let Some((_, buf)) = &mut self.capture {
                        buf.extend_from_slice(&input[..data_part]);
                    }
                    let (data, pad) = (data - data_part as u64, pad - (take - data_part) as u64);
                    self.offset += take as u64;
                    input = &input[take..];
                    if data == 0 {
                        if let Some((kind, buf)) = self.capture.take() {
                            if let Err(e) = self.meta.absorb(kind, &buf) {
                                return Err(self.fail(self.offset, e));
                            }
                        }
                    }
                    self.state = if data == 0 && pad == 0 {
                        State::Header
                    } else {
                        State::Data { data, pad }
                    };
                }
                State::Header | State::SparseExt { .. } | State::SecondZero => {
                    let take = (BLOCK - self.have).min(input.len());
                    self.block[self.have..self.have + take].copy_from_slice(&input[..take]);
                    self.have += take;
                    self.offset += take as u64;
                    input = &input[take..];
                    if self.have == BLOCK {
                        self.have = 0;
                        self.on_block(on_entry)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn on_block(&mut self, on_entry: &mut dyn FnMut(&Entry)) -> Result<(), TarError> {
        let at = self.offset - BLOCK as u64;
        match self.state {
            State::SecondZero => {
                if self.block.iter().any(|&c| c != 0) {
                    self.warnings.push(format!(
                        "a lone zero block at tar byte {} ends the archive early; later entries are not read",
                        at - BLOCK as u64
                    ));
                }
                self.state = State::End;
                return Ok(());
            }
            State::SparseExt { data } => {
                // 21 (offset, size) pairs we do not need, then the "more blocks follow" flag
                self.state = if self.block[504] != 0 {
                    State::SparseExt { data }
                } else {
                    State::Data {
                        data,
                        pad: padding(data),
                    }
                };
                return Ok(());
            }
            _ => {}
        }
        let header = match parse_block(&self.block) {
            Ok(Block::Zero) => {
                self.state = State::SecondZero;
                return Ok(());
            }
            Ok(Block::Header(h)) => h,
            Err(e) if self.entries == 0 && at == 0 => {
                return Err(self.fail(at, format!("not a tar archive: {e}")));
            }
            Err(e) => {
                let after = if self.last_path.is_empty() {
                    String::new()
                } else {
                    format!(" after entry {:?}", self.last_path)
                };
                return Err(self.fail(at, format!("broken tar header{after}: {e}")));
            }
        };
        match self.meta.classify(&header, at) {
            Err(e) => Err(self.fail(at, e)),
            Ok(Role::Meta(kind)) => {
                self.capture = Some((kind, Vec::with_capacity(header.size as usize)));
                self.enter_data(header.size);
                Ok(())
            }
            Ok(Role::Skip { data_bytes, what }) => {
                self.warnings
                    .push(format!("skipped a {what} at tar byte {at}"));
                self.enter_data(data_bytes);
                Ok(())
            }
            Ok(Role::Entry(entry)) => {
                self.entries += 1;
                on_entry(&entry);
                let data = entry.data_bytes;
                self.last_path = entry.path;
                match header.gnu_sparse {
                    Some((_, true)) => self.state = State::SparseExt { data },
                    _ => self.enter_data(data),
                }
                Ok(())
            }
        }
    }

    fn enter_data(&mut self, data: u64) {
        self.state = if data == 0 {
            if let Some((kind, buf)) = self.capture.take() {
                // an empty record still clears/sets what it names
                if let Err(e) = self.meta.absorb(kind, &buf) {
                    self.warnings.push(e);
                }
            }
            State::Header
        } else {
            State::Data {
                data,
                pad: padding(data),
            }
        };
    }

    /// The stream ended: check that it ended where a tar may end.
    pub fn finish(&mut self) -> Result<(), TarError> {
        let at = self.offset;
        match self.state {
            // one zero block is enough; GNU tar reads such archives without complaint
            State::End | State::Failed | State::SecondZero => Ok(()),
            State::Header if self.entries == 0 && at < BLOCK as u64 => {
                let msg = if at == 0 {
                    "no tar data (empty stream)".to_string()
                } else {
                    format!("not a tar archive: only {at} bytes")
                };
                Err(self.fail(at, msg))
            }
            State::Header if self.have == 0 => {
                self.warnings.push(
                    "the tar stream has no end-of-archive blocks (as written by umoci insert <= 0.4.7); \
                     every entry was read"
                        .into(),
                );
                Ok(())
            }
            State::Data { data, .. } if data > 0 => {
                let what = if self.capture.is_some() {
                    "a metadata record".to_string()
                } else {
                    format!("entry {:?}", self.last_path)
                };
                Err(self.fail(
                    at,
                    format!("truncated: the stream ends {data} bytes before the end of {what}"),
                ))
            }
            State::Data { .. } => {
                // every byte of data arrived; padding and end blocks are missing
                self.warnings.push(
                    "the tar stream stops right after the last entry's data, without padding or \
                     end-of-archive blocks (as umoci insert <= 0.4.7 writes); every entry was read"
                        .into(),
                );
                Ok(())
            }
            State::Header | State::SparseExt { .. } => {
                Err(self.fail(at, "truncated: the stream ends inside a tar header".into()))
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod build;

#[cfg(test)]
mod tests {
    use super::build::TarBuilder;
    use super::*;

    fn walk_chunked(data: &[u8], chunk: usize) -> (Vec<Entry>, Result<(), TarError>, Vec<String>) {
        let mut w = TarWalker::new();
        let mut out = Vec::new();
        let mut result = Ok(());
        for c in data.chunks(chunk.max(1)) {
            if let Err(e) = w.feed(c, &mut |e| out.push(e.clone())) {
                result = Err(e);
                break;
            }
        }
        if result.is_ok() {
            result = w.finish();
        }
        (out, result, w.warnings)
    }

    fn walk(data: &[u8]) -> (Vec<Entry>, Result<(), TarError>, Vec<String>) {
        let a = walk_chunked(data, data.len());
        // the same bytes fed in odd chunk sizes give the same answer
        for chunk in [1, 7, 511, 513, 4096] {
            let b = walk_chunked(data, chunk);
            assert_eq!(a.0, b.0, "chunk size {chunk}");
            assert_eq!(a.1, b.1, "chunk size {chunk}");
        }
        a
    }

    #[test]
    fn reads_ustar_entries_of_every_type() {
        let mut t = TarBuilder::new();
        t.dir("etc/");
        t.file("etc/passwd", b"root:x:0:0\n");
        t.symlink("etc/localtime", "/usr/share/zoneinfo/UTC");
        t.hardlink("etc/passwd-", "etc/passwd");
        t.entry("dev/null", b'3', None, b"", "");
        t.entry("dev/sda", b'4', None, b"", "");
        t.entry("run/fifo", b'6', None, b"", "");
        t.file("big", &vec![7u8; 5000]);
        let data = t.finish();
        let (entries, res, warnings) = walk(&data);
        res.unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        let kinds: Vec<_> = entries
            .iter()
            .map(|e| (e.path.as_str(), e.kind, e.size))
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("etc/", EntryKind::Dir, 0),
                ("etc/passwd", EntryKind::File, 11),
                ("etc/localtime", EntryKind::Symlink, 0),
                ("etc/passwd-", EntryKind::HardLink, 0),
                ("dev/null", EntryKind::CharDevice, 0),
                ("dev/sda", EntryKind::BlockDevice, 0),
                ("run/fifo", EntryKind::Fifo, 0),
                ("big", EntryKind::File, 5000),
            ]
        );
        assert_eq!(entries[2].link.as_deref(), Some("/usr/share/zoneinfo/UTC"));
        assert_eq!(entries[3].link.as_deref(), Some("etc/passwd"));
    }

    #[test]
    fn ustar_prefix_gnu_long_names_and_links() {
        let long_dir = "d".repeat(120);
        let long = format!("{long_dir}/{}", "f".repeat(90));
        let mut t = TarBuilder::new();
        t.ustar_prefixed(&long_dir, "short-name", b"x");
        t.gnu_long_name(&long, b"hello");
        t.gnu_long_link(&format!("{long}-link"), &long);
        let (entries, res, _) = walk(&t.finish());
        res.unwrap();
        assert_eq!(entries[0].path, format!("{long_dir}/short-name"));
        assert_eq!(entries[1].path, long);
        assert_eq!(entries[1].data_bytes, 5);
        assert_eq!(entries[2].path, format!("{long}-link"));
        assert_eq!(entries[2].link.as_deref(), Some(long.as_str()));
    }

    #[test]
    fn pax_local_and_global_headers() {
        let mut t = TarBuilder::new();
        t.pax_global(&[("path", "ignored-global-default"), ("comment", "x")]);
        t.pax(&[("path", "ünïcode/ナ.txt"), ("mtime", "1.5")]);
        t.file("placeholder", b"abc");
        t.file("plain", b"");
        t.pax_global(&[("path", "")]); // deletes the global default
        t.file("after", b"");
        let (entries, res, _) = walk(&t.finish());
        res.unwrap();
        let paths: Vec<_> = entries.iter().map(|e| e.path.as_str()).collect();
        // a global path applies to every later entry until a global record clears it
        assert_eq!(
            paths,
            vec!["ünïcode/ナ.txt", "ignored-global-default", "after"]
        );
    }

    #[test]
    fn pax_size_overrides_the_header_size() {
        let mut t = TarBuilder::new();
        t.pax(&[("size", "700")]);
        t.entry("f", b'0', Some(0), &[1u8; 700], "");
        t.file("g", b"z");
        let (entries, res, _) = walk(&t.finish());
        res.unwrap();
        assert_eq!(entries[0].data_bytes, 700);
        assert_eq!(entries[1].path, "g");
    }

    #[test]
    fn gnu_sparse_old_format_with_extension_blocks() {
        let mut t = TarBuilder::new();
        t.gnu_sparse("sparse.img", 1 << 30, &[9u8; 1024], 2);
        t.file("next", b"n");
        let (entries, res, _) = walk(&t.finish());
        res.unwrap();
        assert_eq!(entries[0].kind, EntryKind::File);
        assert_eq!(entries[0].size, 1 << 30);
        assert_eq!(entries[0].data_bytes, 1024);
        assert_eq!(entries[1].path, "next");
    }

    #[test]
    fn pax_sparse_1_0_uses_real_name_and_size() {
        let mut t = TarBuilder::new();
        t.pax(&[
            ("GNU.sparse.major", "1"),
            ("GNU.sparse.minor", "0"),
            ("GNU.sparse.name", "var/lib/big.db"),
            ("GNU.sparse.realsize", "10485760"),
        ]);
        t.entry("./GNUSparseFile.1/big.db", b'0', None, &[0u8; 1536], "");
        let (entries, res, _) = walk(&t.finish());
        res.unwrap();
        assert_eq!(entries[0].path, "var/lib/big.db");
        assert_eq!(entries[0].size, 10485760);
        assert_eq!(entries[0].data_bytes, 1536);
    }

    #[test]
    fn header_only_types_ignore_a_lying_size_field() {
        let mut t = TarBuilder::new();
        t.entry("d/", b'5', Some(0o77777777777), b"", "");
        t.file("f", b"ok");
        let (entries, res, _) = walk(&t.finish());
        res.unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[1].path, "f");
    }

    #[test]
    fn huge_claimed_size_is_a_truncation_error_without_allocation() {
        let mut t = TarBuilder::new();
        t.entry("huge", b'0', Some(0o77777777777), b"only a little data", "");
        let data = t.finish_without_end();
        let (entries, res, _) = walk(&data);
        assert_eq!(entries.len(), 1);
        let e = res.unwrap_err();
        assert!(e.message.contains("truncated"), "{e}");
        assert!(e.message.contains("\"huge\""), "{e}");
    }

    #[test]
    fn base256_sizes_are_read_and_negative_ones_refused() {
        let mut t = TarBuilder::new();
        t.entry("b256", b'0', None, &[5u8; 600], "");
        let mut data = t.finish();
        let mut field = [0u8; 12];
        field[0] = 0x80;
        field[10] = 0x02;
        field[11] = 0x58; // 600
        data[124..136].copy_from_slice(&field);
        TarBuilder::fix_checksum(&mut data[..512]);
        let (entries, res, _) = walk(&data);
        res.unwrap();
        assert_eq!(entries[0].data_bytes, 600);
        data[124] = 0xff;
        TarBuilder::fix_checksum(&mut data[..512]);
        let (_, res, _) = walk(&data);
        assert!(res.unwrap_err().message.contains("negative"));
    }

    #[test]
    fn oversized_metadata_records_are_refused() {
        let mut t = TarBuilder::new();
        t.entry("././@LongLink", b'L', Some(1 << 40), b"", "");
        let (_, res, _) = walk(&t.finish_without_end());
        let e = res.unwrap_err();
        assert!(e.message.contains("GNU long name"), "{e}");
        let mut t = TarBuilder::new();
        t.entry("pax", b'x', Some(2 << 20), b"", "");
        let (_, res, _) = walk(&t.finish_without_end());
        assert!(res.unwrap_err().message.contains("PAX header"));
    }

    #[test]
    fn bad_checksums_and_garbage() {
        let (_, res, _) = walk(b"definitely not a tar archive, just some text");
        assert!(res.unwrap_err().message.starts_with("not a tar archive"));
        let mut junk = vec![b'A'; 2048];
        junk[0] = b'x';
        let (_, res, _) = walk(&junk);
        assert!(res.unwrap_err().message.starts_with("not a tar archive"));
        let mut t = TarBuilder::new();
        t.file("a", b"1");
        t.file("b", b"2");
        let mut data = t.finish();
        data[1024 + 10] ^= 0x55; // corrupt the second header
        let (entries, res, _) = walk(&data);
        assert_eq!(entries.len(), 1);
        let e = res.unwrap_err();
        assert!(e.message.contains("after entry \"a\""), "{e}");
        assert_eq!(e.offset, 1024);
    }

    #[test]
    fn missing_end_blocks_is_a_warning_and_empty_input_an_error() {
        let mut t = TarBuilder::new();
        t.file("hello.txt", b"hi\n");
        let (entries, res, warnings) = walk(&t.finish_without_end());
        res.unwrap();
        assert_eq!(entries.len(), 1);
        assert!(warnings[0].contains("end-of-archive"), "{warnings:?}");
        let (_, res, _) = walk(b"");
        assert!(res.unwrap_err().message.contains("empty"));
    }

    #[test]
    fn data_after_the_end_marker_is_ignored() {
        let mut t = TarBuilder::new();
        t.file("a", b"1");
        let mut data = t.finish();
        data.extend_from_slice(&[0xAB; 3000]);
        let (entries, res, _) = walk(&data);
        res.unwrap();
        assert_eq!(entries.len(), 1);
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number(b"0000644\0"), Ok(0o644));
        assert_eq!(parse_number(b"   644 \0"), Ok(0o644));
        assert_eq!(parse_number(b"\0\0\0\0"), Ok(0));
        assert!(parse_number(b"12x4\0").is_err());
        assert!(parse_number(b"7777777777777777777777777").is_err());
        assert_eq!(padding(0), 0);
        assert_eq!(padding(1), 511);
        assert_eq!(padding(512), 0);
    }
}
