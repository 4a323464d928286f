//! The index of an outer (image) archive: member names to data offsets, read from headers
//! alone — member data is seeked over, never read, until a layer or a JSON file is wanted.

use super::detect::is_image_archive_member;
use super::path::normalize;
use super::source::{read_exact_at, ByteSource};
use super::tar::{padding, parse_block, Block, EntryKind, MetaState, Role, BLOCK};
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

/// Index a tar of an image. Stops early (cheaply) at the first name that cannot belong to an
/// image archive. `max_members` bounds memory on hostile input.
pub fn index(src: &mut dyn ByteSource, max_members: usize) -> Result<Indexed, String> {
    let len = src.len();
    let mut out = OuterIndex::default();
    let mut meta = MetaState::default();
    let mut offset = 0u64;
    let mut block = [0u8; BLOCK];
    loop {
        if offset == len {
            out.warnings
                .push("the archive has no end-of-archive blocks".to_string());
            break;
        }
        if offset + BLOCK as u64 > len {
            return Err(format!(
                "truncated archive: it ends inside the header at byte {offset}"
            ));
        }
        read_exact_at(src, offset, &mut block)
            .map_err(|e| format!("cannot read byte {offset}: {e}"))?;
        let header = match parse_block(&block) {
            Ok(Block::Zero) => break,
            Ok(Block::Header(h)) => h,
            Err(e) => return Err(format!("broken archive header at byte {offset}: {e}")),
        };
        let data_at = offset + BLOCK as u64;
        let (data_bytes, entry) = match meta.classify(&header, offset) {
            Err(e) => return Err(format!("at byte {offset}: {e}")),
            Ok(Role::Meta(kind)) => {
                check_fits(data_at, header.size, len)?;
                let mut data = vec![0u8; header.size as usize]; // capped by `classify`
                read_exact_at(src, data_at, &mut data).map_err(|e| e.to_string())?;
                meta.absorb(kind, &data)
                    .map_err(|e| format!("at byte {offset}: {e}"))?;
                (header.size, None)
            }
            Ok(Role::Skip { data_bytes, .. }) => (data_bytes, None),
            Ok(Role::Entry(e)) => {
                if matches!(header.gnu_sparse, Some((_, true))) {
                    return Err(format!("sparse member {:?} in an image archive", e.path));
                }
                (e.data_bytes, Some(e))
            }
        };
        check_fits(data_at, data_bytes, len)?;
        if let Some(e) = entry {
            // `..` out of the root never occurs in an image archive; a (hostile) layer may have it
            let Some(name) = normalize(&e.path) else {
                return Ok(Indexed::NotAnImageArchive);
            };
            if !is_image_archive_member(&name) {
                return Ok(Indexed::NotAnImageArchive);
            }
            if out.members.len() >= max_members {
                return Err(format!(
                    "more than {max_members} members: not indexed further"
                ));
            }
            let link = match e.kind {
                EntryKind::HardLink => e.link.as_deref().and_then(normalize),
                _ => e.link,
            };
            out.members.insert(
                name,
                Member {
                    offset: data_at,
                    size: data_bytes,
                    kind: e.kind,
                    link,
                },
            );
        }
        offset = data_at + data_bytes + padding(data_bytes);
    }
    let m = &out.members;
    if m.contains_key("manifest.json") || m.contains_key("index.json") {
        Ok(Indexed::Archive(out))
    } else {
        Ok(Indexed::NotAnImageArchive)
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

    /// A small member's bytes (JSON files), refused above `cap`.
    pub fn read_small(
        &self,
        src: &mut dyn ByteSource,
        path: &str,
        cap: u64,
    ) -> Result<Vec<u8>, String> {
        let (_, m) = self
            .resolve(path)
            .ok_or_else(|| format!("{path} is not in the archive"))?;
        if m.size > cap {
            return Err(format!(
                "{path} is {} bytes, over the {cap} byte limit",
                m.size
            ));
        }
        let mut data = vec![0u8; m.size as usize];
        read_exact_at(src, m.offset, &mut data).map_err(|e| format!("cannot read {path}: {e}"))?;
        Ok(data)
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
        let json = ix
            .read_small(&mut SliceSource(&data[..]), "manifest.json", 10)
            .unwrap();
        assert_eq!(json, b"[]");
        assert!(ix
            .read_small(&mut SliceSource(&data[..]), "manifest.json", 1)
            .is_err());
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
