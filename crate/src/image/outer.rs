//! The index of an outer (image) archive: member names to data offsets, read from headers
//! alone — member data is seeked over, never read, until a layer or a JSON file is wanted.

use super::detect::is_image_archive_member;
use super::path::normalize;
use super::source::{read_exact_at, ByteSource};
use super::tar::{padding, parse_block, Block, EntryKind, MetaKind, MetaState, Role, BLOCK};
use std::collections::BTreeMap;

/// Where one member's data lies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// Offset of the data in the source.
    pub offset: u64,
    pub size: u64,
    pub kind: EntryKind,
    /// Link target (normalized archive path for hard links; raw for symlinks).
    pub link: Option<String>,
}

/// Members of an image archive by normalized path.
#[derive(Debug, Default)]
pub struct OuterIndex {
    pub members: BTreeMap<String, Member>,
    pub warnings: Vec<String>,
}

/// What indexing found.
#[derive(Debug)]
pub enum Indexed {
    Archive(OuterIndex),
    /// A tar, but its names are those of a filesystem: a single layer.
    NotAnImageArchive,
}

/// What the indexer needs next.
#[derive(Debug)]
pub enum Step {
    /// Exactly `len` bytes from `offset`.
    Read {
        offset: u64,
        len: u64,
    },
    Done(Result<Indexed, String>),
}

/// Indexes a tar of an image one header at a time, so that it can be driven by pulled reads
/// or by pushed bytes alike. Stops early (cheaply) at the first name that cannot belong to an
/// image archive. `max_members` bounds memory on hostile input.
#[derive(Debug)]
pub struct Indexer {
    len: u64,
    max_members: usize,
    offset: u64,
    meta: MetaState,
    /// A metadata record whose data is being read: (kind, data offset, size).
    pending: Option<(MetaKind, u64, u64)>,
    out: OuterIndex,
}

impl Indexer {
    pub fn new(len: u64, max_members: usize) -> Self {
        Indexer {
            len,
            max_members,
            offset: 0,
            meta: MetaState::default(),
            pending: None,
            out: OuterIndex::default(),
        }
    }

    /// The first step.
    pub fn start(&mut self) -> Step {
        self.next_header()
    }

    /// Take the bytes of the last `Step::Read` and say what comes next.
    pub fn step(&mut self, data: &[u8]) -> Step {
        match self.advance(data) {
            Ok(Some(done)) => Step::Done(Ok(done)),
            Ok(None) => self.next_header(),
            Err(e) => Step::Done(Err(e)),
        }
    }

    fn next_header(&mut self) -> Step {
        if let Some((_, data_at, size)) = self.pending {
            return Step::Read {
                offset: data_at,
                len: size,
            };
        }
        let offset = self.offset;
        if offset == self.len {
            self.out
                .warnings
                .push("the archive has no end-of-archive blocks".to_string());
            return Step::Done(Ok(self.finish()));
        }
        if offset + BLOCK as u64 > self.len {
            return Step::Done(Err(format!(
                "truncated archive: it ends inside the header at byte {offset}"
            )));
        }
        Step::Read {
            offset,
            len: BLOCK as u64,
        }
    }

    /// `Ok(Some)` when indexing is over, `Ok(None)` to go on.
    fn advance(&mut self, data: &[u8]) -> Result<Option<Indexed>, String> {
        let offset = self.offset;
        if let Some((kind, data_at, size)) = self.pending.take() {
            self.meta
                .absorb(kind, data)
                .map_err(|e| format!("at byte {offset}: {e}"))?;
            self.offset = data_at + size + padding(size);
            return Ok(None);
        }
        let block: &[u8; BLOCK] = data
            .try_into()
            .map_err(|_| format!("short read at byte {offset}"))?;
        let header = match parse_block(block) {
            Ok(Block::Zero) => return Ok(Some(self.finish())),
            Ok(Block::Header(h)) => h,
            Err(e) => return Err(format!("broken archive header at byte {offset}: {e}")),
        };
        let data_at = offset + BLOCK as u64;
        let (data_bytes, entry) = match self.meta.classify(&header, offset) {
            Err(e) => return Err(format!("at byte {offset}: {e}")),
            Ok(Role::Meta(kind)) => {
                check_fits(data_at, header.size, self.len)?;
                // its data (capped by `classify`) is the next read
                self.pending = Some((kind, data_at, header.size));
                return Ok(None);
            }
            Ok(Role::Skip { data_bytes, .. }) => (data_bytes, None),
            Ok(Role::Entry(e)) => {
                if matches!(header.gnu_sparse, Some((_, true))) {
                    return Err(format!("sparse member {:?} in an image archive", e.path));
                }
                (e.data_bytes, Some(e))
            }
        };
        check_fits(data_at, data_bytes, self.len)?;
        if let Some(e) = entry {
            // `..` out of the root never occurs in an image archive; a (hostile) layer may have it
            let Some(name) = normalize(&e.path) else {
                return Ok(Some(Indexed::NotAnImageArchive));
            };
            if !is_image_archive_member(&name) {
                return Ok(Some(Indexed::NotAnImageArchive));
            }
            if self.out.members.len() >= self.max_members {
                return Err(format!(
                    "more than {} members: not indexed further",
                    self.max_members
                ));
            }
            let link = match e.kind {
                EntryKind::HardLink => e.link.as_deref().and_then(normalize),
                _ => e.link,
            };
            self.out.members.insert(
                name,
                Member {
                    offset: data_at,
                    size: data_bytes,
                    kind: e.kind,
                    link,
                },
            );
        }
        self.offset = data_at + data_bytes + padding(data_bytes);
        Ok(None)
    }

    fn finish(&mut self) -> Indexed {
        let out = std::mem::take(&mut self.out);
        let m = &out.members;
        if m.contains_key("manifest.json") || m.contains_key("index.json") {
            Indexed::Archive(out)
        } else {
            Indexed::NotAnImageArchive
        }
    }
}

/// Index a tar of an image by pulling its headers from `src`.
pub fn index(src: &mut dyn ByteSource, max_members: usize) -> Result<Indexed, String> {
    let mut ix = Indexer::new(src.len(), max_members);
    let mut step = ix.start();
    let mut buf = Vec::new();
    loop {
        match step {
            Step::Done(result) => return result,
            Step::Read { offset, len } => {
                buf.resize(len as usize, 0);
                read_exact_at(src, offset, &mut buf)
                    .map_err(|e| format!("cannot read byte {offset}: {e}"))?;
                step = ix.step(&buf);
            }
        }
    }
}

fn check_fits(data_at: u64, size: u64, len: u64) -> Result<(), String> {
    if data_at.checked_add(size).is_none_or(|end| end > len) {
        return Err(format!(
            "truncated archive: a member at byte {data_at} claims {size} bytes, the file has {}",
            len.saturating_sub(data_at)
        ));
    }
    Ok(())
}

impl OuterIndex {
    /// The regular member at `path`, following symbolic and hard links (skopeo's docker-archive
    /// has `<id>/layer.tar -> ../<digest>.tar`).
    pub fn resolve(&self, path: &str) -> Option<(&str, &Member)> {
        let mut name = normalize(path)?;
        for _ in 0..8 {
            let (key, m) = self.members.get_key_value(name.as_str())?;
            match (m.kind, &m.link) {
                (EntryKind::File, _) => return Some((key.as_str(), m)),
                (EntryKind::HardLink, Some(t)) => name = t.clone(),
                (EntryKind::Symlink, Some(t)) => {
                    let base = match name.rsplit_once('/') {
                        Some((dir, _)) if !t.starts_with('/') => format!("{dir}/{t}"),
                        _ => t.clone(),
                    };
                    name = normalize(&base)?;
                }
                _ => return None,
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::source::SliceSource;
    use crate::image::tar::build::TarBuilder;

    fn idx(data: Vec<u8>) -> Result<Indexed, String> {
        index(&mut SliceSource(data), 1000)
    }

    #[test]
    fn indexes_members_and_follows_links() {
        let hex = "ab".repeat(32);
        let mut t = TarBuilder::new();
        t.file(&format!("{hex}.tar"), b"layer bytes");
        t.dir(&format!("{}/", "cd".repeat(32)));
        t.symlink(
            &format!("{}/layer.tar", "cd".repeat(32)),
            &format!("../{hex}.tar"),
        );
        t.hardlink(&format!("{}.tar", "ef".repeat(32)), &format!("{hex}.tar"));
        t.file("manifest.json", b"[]");
        let data = t.finish();
        let Indexed::Archive(ix) = idx(data.clone()).unwrap() else {
            panic!("not an archive")
        };
        let (name, m) = ix
            .resolve(&format!("{}/layer.tar", "cd".repeat(32)))
            .unwrap();
        assert_eq!(name, format!("{hex}.tar"));
        assert_eq!(
            &data[m.offset as usize..(m.offset + m.size) as usize],
            b"layer bytes"
        );
        assert!(ix.resolve(&format!("{}.tar", "ef".repeat(32))).is_some());
        let (_, m) = ix.resolve("manifest.json").unwrap();
        assert_eq!(
            &data[m.offset as usize..(m.offset + m.size) as usize],
            b"[]"
        );
    }

    #[test]
    fn a_filesystem_tar_is_not_an_image_archive() {
        let mut t = TarBuilder::new();
        t.dir("etc/");
        t.file("etc/passwd", b"x");
        assert!(matches!(
            idx(t.finish()).unwrap(),
            Indexed::NotAnImageArchive
        ));
        // archive names but no manifest: not an image either
        let mut t = TarBuilder::new();
        t.file("repositories", b"{}");
        assert!(matches!(
            idx(t.finish()).unwrap(),
            Indexed::NotAnImageArchive
        ));
    }

    #[test]
    fn symlink_loops_and_truncation() {
        let mut t = TarBuilder::new();
        t.symlink("blobs/a", "b");
        t.symlink("blobs/b", "a");
        t.file("index.json", b"{}");
        let Indexed::Archive(ix) = idx(t.finish()).unwrap() else {
            panic!()
        };
        assert!(ix.resolve("blobs/a").is_none());

        let mut t = TarBuilder::new();
        t.file("manifest.json", &[b'x'; 2000]);
        let mut data = t.finish_without_end();
        data.truncate(1024);
        let e = idx(data).unwrap_err();
        assert!(e.contains("truncated"), "{e}");

        let mut t = TarBuilder::new();
        t.entry("index.json", b'0', Some(1 << 40), b"", "");
        let e = idx(t.finish()).unwrap_err();
        assert!(e.contains("claims 1099511627776 bytes"), "{e}");
    }

    #[test]
    fn member_count_is_bounded() {
        let mut t = TarBuilder::new();
        for i in 0..20 {
            t.file(&format!("blobs/sha256/{i}"), b"");
        }
        t.file("index.json", b"{}");
        let e = index(&mut SliceSource(t.finish()), 10).unwrap_err();
        assert!(e.contains("more than 10 members"));
    }
}
