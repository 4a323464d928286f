//! Random access to the dropped bytes. The library never opens files: the CLI backs a
//! [`ByteSource`] with a `File`, the web worker with a browser `File` read in `blob.slice()`s
//! through `FileReaderSync`. Outer archives are indexed by seeking over member data, and each
//! layer is then streamed from its offset through a [`SectionReader`] that holds one chunk.

use crate::host::Clock;
use sha2::{Digest, Sha256};
use std::io::{self, BufRead, Read, Seek, SeekFrom};

/// Bytes that can be read at any offset. `read_at` may return fewer bytes than asked (0 only at
/// the end); callers loop.
pub trait ByteSource {
    /// Total length in bytes.
    fn len(&self) -> u64;
    /// Read into `buf` starting at `offset`.
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<usize>;

    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Fill `buf` from `offset`, or fail with `UnexpectedEof`.
pub fn read_exact_at(
    src: &mut dyn ByteSource,
    mut offset: u64,
    mut buf: &mut [u8],
) -> io::Result<()> {
    while !buf.is_empty() {
        let n = src.read_at(offset, buf)?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("input ends at byte {offset}"),
            ));
        }
        offset += n as u64;
        buf = &mut buf[n..];
    }
    Ok(())
}

/// In-memory bytes (tests, small inputs).
#[derive(Debug, Clone)]
pub struct SliceSource<T: AsRef<[u8]>>(pub T);

impl<T: AsRef<[u8]>> ByteSource for SliceSource<T> {
    fn len(&self) -> u64 {
        self.0.as_ref().len() as u64
    }

    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let data = self.0.as_ref();
        let start = offset.min(data.len() as u64) as usize;
        let n = buf.len().min(data.len() - start);
        buf[..n].copy_from_slice(&data[start..start + n]);
        Ok(n)
    }
}

/// Anything seekable, e.g. a `std::fs::File` in the CLI. The length is taken once, at creation.
#[derive(Debug)]
pub struct ReadSeekSource<R> {
    inner: R,
    len: u64,
}

impl<R: Read + Seek> ReadSeekSource<R> {
    pub fn new(mut inner: R) -> io::Result<Self> {
        let len = inner.seek(SeekFrom::End(0))?;
        Ok(ReadSeekSource { inner, len })
    }
}

impl<R: Read + Seek> ByteSource for ReadSeekSource<R> {
    fn len(&self) -> u64 {
        self.len
    }

    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        if offset >= self.len {
            return Ok(0);
        }
        self.inner.seek(SeekFrom::Start(offset))?;
        self.inner.read(buf)
    }
}

/// How many bytes one `read_at` asks for when streaming: large enough that a browser slice read
/// costs little per byte, small enough to keep memory flat.
pub const CHUNK: usize = 1 << 20;

/// A sequential, buffered reader over `[start, start + len)` of a source. It can hash what
/// passes through (the stored-blob digest) and keeps apart the time spent fetching and hashing,
/// so a decoder reading from it can be timed without its input cost.
pub struct SectionReader<'a> {
    src: &'a mut dyn ByteSource,
    clock: &'a dyn Clock,
    start: u64,
    len: u64,
    /// Bytes fetched from `src` so far (relative to `start`).
    fetched: u64,
    buf: Vec<u8>,
    pos: usize,
    hasher: Option<Sha256>,
    overhead_ms: f64,
}

impl<'a> SectionReader<'a> {
    pub fn new(
        src: &'a mut dyn ByteSource,
        start: u64,
        len: u64,
        hash: bool,
        clock: &'a dyn Clock,
    ) -> Self {
        SectionReader {
            src,
            clock,
            start,
            len,
            fetched: 0,
            buf: Vec::new(),
            pos: 0,
            hasher: hash.then(Sha256::new),
            overhead_ms: 0.0,
        }
    }

    /// Bytes handed out to the reader of this section so far.
    pub fn consumed(&self) -> u64 {
        self.fetched - (self.buf.len() - self.pos) as u64
    }

    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Milliseconds spent reading the source and hashing (not decoding).
    pub fn overhead_ms(&self) -> f64 {
        self.overhead_ms
    }

    /// Read and hash whatever the consumer left unread; returns how many bytes that was.
    pub fn drain(&mut self) -> io::Result<u64> {
        let mut n = 0;
        loop {
            let avail = self.fill_buf()?.len();
            if avail == 0 {
                return Ok(n);
            }
            n += avail as u64;
            self.consume(avail);
        }
    }

    /// `sha256:<hex>` of the whole section; reads the rest first. `None` if hashing was off.
    pub fn finish_digest(mut self) -> io::Result<Option<String>> {
        self.drain()?;
        Ok(self.hasher.take().map(hex_digest))
    }
}

impl Read for SectionReader<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(out.len());
        out[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for SectionReader<'_> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos == self.buf.len() && self.fetched < self.len {
            let t0 = self.clock.now_ms();
            let want = (self.len - self.fetched).min(CHUNK as u64) as usize;
            self.buf.resize(want, 0);
            self.pos = 0;
            if let Err(e) = read_exact_at(self.src, self.start + self.fetched, &mut self.buf) {
                self.buf.clear();
                return Err(if e.kind() == io::ErrorKind::UnexpectedEof {
                    io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "the input is shorter than its archive index says",
                    )
                } else {
                    e
                });
            }
            if let Some(h) = &mut self.hasher {
                h.update(&self.buf);
            }
            self.fetched += want as u64;
            self.overhead_ms += self.clock.now_ms() - t0;
        }
        Ok(&self.buf[self.pos..])
    }

    fn consume(&mut self, amt: usize) {
        self.pos = (self.pos + amt).min(self.buf.len());
    }
}

/// `sha256:` and the lowercase hex of a finished hash.
pub fn hex_digest(h: Sha256) -> String {
    let bytes = h.finalize();
    let mut s = String::with_capacity(7 + 64);
    s.push_str("sha256:");
    for b in bytes.iter() {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// `sha256:<hex>` of a byte slice.
pub fn sha256_of(data: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(data);
    hex_digest(h)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::NoClock;

    #[test]
    fn section_reader_reads_only_its_range_and_hashes_all_of_it() {
        let data: Vec<u8> = (0..=255u8).cycle().take(3 * CHUNK + 17).collect();
        let mut src = SliceSource(&data[..]);
        let start = 5u64;
        let len = (2 * CHUNK + 100) as u64;
        let mut r = SectionReader::new(&mut src, start, len, true, &NoClock);
        let mut first = [0u8; 10];
        r.read_exact(&mut first).unwrap();
        assert_eq!(first, data[5..15]);
        assert_eq!(r.consumed(), 10);
        let digest = r.finish_digest().unwrap().unwrap();
        assert_eq!(digest, sha256_of(&data[5..5 + len as usize]));
    }

    #[test]
    fn section_past_the_end_is_an_error_not_a_hang() {
        let data = [1u8; 100];
        let mut src = SliceSource(&data[..]);
        let mut r = SectionReader::new(&mut src, 50, 1000, false, &NoClock);
        let mut out = Vec::new();
        let err = r.read_to_end(&mut out).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::UnexpectedEof);
    }

    #[test]
    fn read_seek_source_matches_slice_source() {
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 7) as u8).collect();
        let mut a = ReadSeekSource::new(io::Cursor::new(data.clone())).unwrap();
        let mut b = SliceSource(data.clone());
        assert_eq!(a.len(), 1000);
        let mut x = [0u8; 64];
        let mut y = [0u8; 64];
        read_exact_at(&mut a, 900, &mut x[..50]).unwrap();
        read_exact_at(&mut b, 900, &mut y[..50]).unwrap();
        assert_eq!(x, y);
        assert!(read_exact_at(&mut a, 990, &mut x).is_err());
    }
}
