//! A tar *writer* for tests: builds well-formed archives of every flavour the reader handles,
//! and lets tests write lying or broken headers on purpose.

use super::BLOCK;

#[derive(Default)]
pub struct TarBuilder {
    out: Vec<u8>,
}

const USTAR: &[u8; 8] = b"ustar\x0000";
const GNU: &[u8; 8] = b"ustar  \x00";

impl TarBuilder {
    pub fn new() -> Self {
        TarBuilder::default()
    }

    pub fn dir(&mut self, path: &str) -> &mut Self {
        self.entry(path, b'5', None, b"", "")
    }

    pub fn file(&mut self, path: &str, data: &[u8]) -> &mut Self {
        self.entry(path, b'0', None, data, "")
    }

    pub fn symlink(&mut self, path: &str, target: &str) -> &mut Self {
        self.entry(path, b'2', None, b"", target)
    }

    pub fn hardlink(&mut self, path: &str, target: &str) -> &mut Self {
        self.entry(path, b'1', None, b"", target)
    }

    /// An empty OCI whiteout file for `path` (`dir/.wh.name`).
    pub fn whiteout(&mut self, path: &str) -> &mut Self {
        let (dir, name) = match path.rsplit_once('/') {
            Some((d, n)) => (format!("{d}/"), n),
            None => (String::new(), path),
        };
        self.file(&format!("{dir}.wh.{name}"), b"")
    }

    /// An opaque-directory marker in `dir`.
    pub fn opaque(&mut self, dir: &str) -> &mut Self {
        self.file(&format!("{}/.wh..wh..opq", dir.trim_end_matches('/')), b"")
    }

    /// A ustar entry. `size` overrides the size field (to write lying headers); the data is
    /// written as given, padded to a block.
    pub fn entry(
        &mut self,
        path: &str,
        typeflag: u8,
        size: Option<u64>,
        data: &[u8],
        link: &str,
    ) -> &mut Self {
        let size = size.unwrap_or(data.len() as u64);
        // paths and links over 100 bytes get GNU long-name records, as GNU tar writes them
        let mut magic = USTAR;
        if path.len() > 100 {
            self.gnu_record(b'L', path);
            magic = GNU;
        }
        if link.len() > 100 {
            self.gnu_record(b'K', link);
            magic = GNU;
        }
        let (p, l) = (path.as_bytes(), link.as_bytes());
        let h = header(
            &p[..p.len().min(100)],
            typeflag,
            size,
            &l[..l.len().min(100)],
            magic,
            b"",
        );
        self.out.extend_from_slice(&h);
        self.data(data)
    }

    fn data(&mut self, data: &[u8]) -> &mut Self {
        self.out.extend_from_slice(data);
        let pad = super::padding(data.len() as u64) as usize;
        self.out.resize(self.out.len() + pad, 0);
        self
    }

    /// A ustar entry whose name is split into the prefix field.
    pub fn ustar_prefixed(&mut self, prefix: &str, name: &str, data: &[u8]) -> &mut Self {
        let h = header(
            name.as_bytes(),
            b'0',
            data.len() as u64,
            b"",
            USTAR,
            prefix.as_bytes(),
        );
        self.out.extend_from_slice(&h);
        self.data(data)
    }

    /// A file with a GNU `././@LongLink` name record.
    pub fn gnu_long_name(&mut self, path: &str, data: &[u8]) -> &mut Self {
        assert!(path.len() > 100);
        self.entry(path, b'0', None, data, "")
    }

    /// A symlink with a GNU long link record (and a long name record if needed).
    pub fn gnu_long_link(&mut self, path: &str, target: &str) -> &mut Self {
        assert!(target.len() > 100);
        self.entry(path, b'2', None, b"", target)
    }

    fn gnu_record(&mut self, typeflag: u8, value: &str) {
        let mut v = value.as_bytes().to_vec();
        v.push(0);
        let h = header(b"././@LongLink", typeflag, v.len() as u64, b"", GNU, b"");
        self.out.extend_from_slice(&h);
        self.data(&v);
    }

    fn pax_records(records: &[(&str, &str)]) -> Vec<u8> {
        let mut out = Vec::new();
        for (k, v) in records {
            let body = format!(" {k}={v}\n");
            // the length counts its own digits
            let mut len = body.len() + 1;
            while format!("{len}").len() + body.len() != len {
                len += 1;
            }
            out.extend_from_slice(format!("{len}{body}").as_bytes());
        }
        out
    }

    pub fn pax(&mut self, records: &[(&str, &str)]) -> &mut Self {
        let data = Self::pax_records(records);
        self.entry("PaxHeaders/x", b'x', None, &data, "")
    }

    pub fn pax_global(&mut self, records: &[(&str, &str)]) -> &mut Self {
        let data = Self::pax_records(records);
        self.entry("GlobalHead.0", b'g', None, &data, "")
    }

    /// An old-GNU sparse file: a header with the real size, `ext_blocks` sparse-map extension
    /// blocks, then `data` (the stored fragments).
    pub fn gnu_sparse(
        &mut self,
        path: &str,
        real_size: u64,
        data: &[u8],
        ext_blocks: usize,
    ) -> &mut Self {
        let mut h = header(path.as_bytes(), b'S', data.len() as u64, b"", GNU, b"");
        h[482] = u8::from(ext_blocks > 0);
        h[483..495].copy_from_slice(&octal12(real_size));
        Self::fix_checksum(&mut h);
        self.out.extend_from_slice(&h);
        for i in 0..ext_blocks {
            let mut ext = [0u8; BLOCK];
            ext[0..12].copy_from_slice(&octal12(0));
            ext[12..24].copy_from_slice(&octal12(data.len() as u64));
            ext[504] = u8::from(i + 1 < ext_blocks);
            self.out.extend_from_slice(&ext);
        }
        self.data(data)
    }

    /// The archive with its two end-of-archive blocks.
    pub fn finish(&mut self) -> Vec<u8> {
        let mut out = std::mem::take(&mut self.out);
        out.resize(out.len() + 2 * BLOCK, 0);
        out
    }

    /// The archive without end-of-archive blocks (as umoci insert writes).
    pub fn finish_without_end(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.out)
    }

    pub fn fix_checksum(h: &mut [u8]) {
        h[148..156].copy_from_slice(b"        ");
        let sum: u32 = h[..BLOCK].iter().map(|&b| u32::from(b)).sum();
        h[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
    }
}

/// An 11-digit octal field, or GNU base-256 for values that do not fit.
fn octal12(v: u64) -> [u8; 12] {
    let mut f = [0u8; 12];
    if v < 8u64.pow(11) {
        f[..11].copy_from_slice(format!("{v:011o}").as_bytes());
    } else {
        f[0] = 0x80;
        f[4..12].copy_from_slice(&v.to_be_bytes());
    }
    f
}

fn header(
    name: &[u8],
    typeflag: u8,
    size: u64,
    link: &[u8],
    magic: &[u8; 8],
    prefix: &[u8],
) -> [u8; BLOCK] {
    assert!(
        name.len() <= 100 && link.len() <= 100 && prefix.len() <= 155,
        "use the long-name helpers"
    );
    let mut h = [0u8; BLOCK];
    h[..name.len()].copy_from_slice(name);
    h[100..108].copy_from_slice(b"0000644\0");
    h[108..116].copy_from_slice(b"0000000\0");
    h[116..124].copy_from_slice(b"0000000\0");
    h[124..136].copy_from_slice(&octal12(size));
    h[136..148].copy_from_slice(&octal12(1_700_000_000));
    h[156] = typeflag;
    h[157..157 + link.len()].copy_from_slice(link);
    h[257..265].copy_from_slice(magic);
    h[345..345 + prefix.len()].copy_from_slice(prefix);
    TarBuilder::fix_checksum(&mut h);
    h
}
