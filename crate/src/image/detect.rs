//! What a dropped file is, from its first bytes (never from its name).

use super::tar::{parse_block, BLOCK};

/// How a layer (or a whole input) is stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Compression {
    #[default]
    None,
    Gzip,
    Zstd,
}

impl Compression {
    pub fn as_str(self) -> &'static str {
        match self {
            Compression::None => "none",
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
        }
    }

    /// The OCI media type of a layer stored this way.
    pub fn oci_media_type(self) -> &'static str {
        match self {
            Compression::None => "application/vnd.oci.image.layer.v1.tar",
            Compression::Gzip => "application/vnd.oci.image.layer.v1.tar+gzip",
            Compression::Zstd => "application/vnd.oci.image.layer.v1.tar+zstd",
        }
    }

    /// The compression a media type promises, if it names one we know.
    pub fn from_media_type(mt: &str) -> Option<Compression> {
        if mt.ends_with("+gzip") || mt.ends_with(".tar.gzip") || mt.ends_with(".tar.gz") {
            Some(Compression::Gzip)
        } else if mt.ends_with("+zstd") || mt.ends_with(".tar.zstd") {
            Some(Compression::Zstd)
        } else if mt.ends_with(".tar") || mt.ends_with("rootfs.diff.tar") {
            Some(Compression::None)
        } else {
            None
        }
    }
}

/// The first bytes' verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniff {
    Compressed(Compression),
    /// A tar header (or an empty tar) starts the data.
    Tar,
    /// A compression we recognise but do not read.
    Unsupported(&'static str),
    Empty,
    Unknown,
}

/// Look at up to the first 512 bytes.
pub fn sniff(head: &[u8]) -> Sniff {
    match head {
        [] => Sniff::Empty,
        [0x1f, 0x8b, ..] => Sniff::Compressed(Compression::Gzip),
        [0x28, 0xb5, 0x2f, 0xfd, ..] => Sniff::Compressed(Compression::Zstd),
        // zstd skippable frame (0x184D2A50..=0x184D2A5F, little endian)
        [b, 0x2a, 0x4d, 0x18, ..] if b & 0xf0 == 0x50 => Sniff::Compressed(Compression::Zstd),
        [0xfd, b'7', b'z', b'X', b'Z', 0x00, ..] => Sniff::Unsupported("xz"),
        [b'B', b'Z', b'h', ..] => Sniff::Unsupported("bzip2"),
        [0x04, 0x22, 0x4d, 0x18, ..] => Sniff::Unsupported("lz4"),
        _ if head.len() >= BLOCK => {
            let block: &[u8; BLOCK] = head[..BLOCK].try_into().expect("length checked");
            if parse_block(block).is_ok() {
                Sniff::Tar
            } else {
                Sniff::Unknown
            }
        }
        _ => Sniff::Unknown,
    }
}

/// Can `path` (normalized) be a member of an image archive (`docker save`, OCI layout,
/// `skopeo`/`podman` docker-archive)? A layer's tar has names like `etc/passwd` that are not.
pub fn is_image_archive_member(path: &str) -> bool {
    let first = path.split('/').next().unwrap_or("");
    if matches!(
        first,
        "" | "blobs" | "oci-layout" | "index.json" | "manifest.json" | "repositories"
    ) {
        return true;
    }
    let stem = first
        .strip_suffix(".tar")
        .or_else(|| first.strip_suffix(".json"))
        .unwrap_or(first);
    stem.len() == 64 && stem.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::tar::build::TarBuilder;

    #[test]
    fn sniffs_by_content() {
        assert_eq!(sniff(&[]), Sniff::Empty);
        assert_eq!(
            sniff(&[0x1f, 0x8b, 8, 0]),
            Sniff::Compressed(Compression::Gzip)
        );
        assert_eq!(
            sniff(&[0x28, 0xb5, 0x2f, 0xfd, 0]),
            Sniff::Compressed(Compression::Zstd)
        );
        assert_eq!(
            sniff(&[0x50, 0x2a, 0x4d, 0x18]),
            Sniff::Compressed(Compression::Zstd)
        );
        assert_eq!(sniff(b"\xfd7zXZ\x00rest"), Sniff::Unsupported("xz"));
        assert_eq!(sniff(b"BZh91AY"), Sniff::Unsupported("bzip2"));
        assert_eq!(sniff(b"<!doctype html>"), Sniff::Unknown);
        let tar = TarBuilder::new().file("a", b"x").finish();
        assert_eq!(sniff(&tar[..512]), Sniff::Tar);
        assert_eq!(sniff(&[0u8; 1024][..512]), Sniff::Tar); // an empty tar
        let mut bad = tar.clone();
        bad[0] ^= 1;
        assert_eq!(sniff(&bad[..512]), Sniff::Unknown);
    }

    #[test]
    fn media_types() {
        assert_eq!(
            Compression::from_media_type("application/vnd.docker.image.rootfs.diff.tar.gzip"),
            Some(Compression::Gzip)
        );
        assert_eq!(
            Compression::from_media_type("application/vnd.oci.image.layer.v1.tar+zstd"),
            Some(Compression::Zstd)
        );
        assert_eq!(
            Compression::from_media_type("application/vnd.oci.image.layer.v1.tar"),
            Some(Compression::None)
        );
        assert_eq!(Compression::from_media_type("application/json"), None);
    }

    #[test]
    fn archive_vocabulary() {
        let hex = "a".repeat(64);
        for p in [
            "",
            "blobs/sha256/x",
            "oci-layout",
            "index.json",
            "manifest.json",
            "repositories",
        ] {
            assert!(is_image_archive_member(p), "{p}");
        }
        assert!(is_image_archive_member(&format!("{hex}.tar")));
        assert!(is_image_archive_member(&format!("{hex}/layer.tar")));
        assert!(is_image_archive_member(&format!("{hex}.json")));
        assert!(!is_image_archive_member("etc/passwd"));
        assert!(!is_image_archive_member("bin"));
        assert!(!is_image_archive_member(&format!("{}.tar", "g".repeat(64))));
    }
}
