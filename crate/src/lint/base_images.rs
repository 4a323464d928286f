//! Published sizes of popular base images, compiled in from `crate/data/base-images.tsv`
//! (a snapshot of docker-library/repo-info; each row names its source file, commit and date).

use crate::syntax::image_ref::ImageRef;
use std::sync::OnceLock;

/// Where the numbers come from, for messages and docs.
pub const SOURCE: &str = "docker-library/repo-info (linux/amd64 compressed sizes)";
/// The repository the rows were read from, for messages (with each row's snapshot date).
pub const REPOSITORY: &str = "docker-library/repo-info";
const TSV: &str = include_str!("../../data/base-images.tsv");

#[derive(Debug, Clone)]
pub struct BaseImage {
    pub image: String,
    pub tag: String,
    /// `full`, `full-build`, `slim`, `alpine`, `minimal`, `distroless`, `jre`, …
    pub family: String,
    pub compressed_bytes: Option<u64>,
    /// The number of layers of the published image.
    pub layers: Option<usize>,
    pub snapshot_date: String,
}

impl BaseImage {
    pub fn reference(&self) -> String {
        if self.tag.is_empty() {
            self.image.clone()
        } else {
            format!("{}:{}", self.image, self.tag)
        }
    }
}

pub fn table() -> &'static [BaseImage] {
    static TABLE: OnceLock<Vec<BaseImage>> = OnceLock::new();
    TABLE.get_or_init(|| {
        TSV.lines()
            .skip(1)
            .filter_map(|line| {
                let cols: Vec<&str> = line.split('\t').collect();
                Some(BaseImage {
                    image: cols.first()?.to_string(),
                    tag: cols.get(1)?.to_string(),
                    family: cols.get(2)?.to_string(),
                    compressed_bytes: cols.get(4)?.parse().ok(),
                    layers: cols.get(6).and_then(|c| c.parse().ok()),
                    snapshot_date: cols.get(10).unwrap_or(&"").to_string(),
                })
            })
            .collect()
    })
}

/// The row of `image` (as users write it: `python`, `gcr.io/distroless/base-debian12`) with
/// exactly this tag (`None` is `latest`).
pub fn find(image: &str, tag: Option<&str>) -> Option<&'static BaseImage> {
    let tag = tag.unwrap_or("latest");
    table().iter().find(|r| r.image == image && r.tag == tag)
}

/// The row of an image reference: Docker Hub images by their short name, others by
/// `registry/path` (the distroless rows).
pub fn lookup(r: &ImageRef) -> Option<&'static BaseImage> {
    if r.is_docker_hub() {
        find(r.short_name(), r.tag.as_deref())
    } else {
        find(&format!("{}/{}", r.domain(), r.path), r.tag.as_deref())
    }
}

/// The row that best stands for `r`: the exact tag, else a tag of the same variant (`-alpine`,
/// `-slim`, `-curl`, `-jre`, …), preferring `latest`/`lts`.
pub fn closest(r: &ImageRef) -> Option<&'static BaseImage> {
    if let Some(exact) = lookup(r) {
        return Some(exact);
    }
    let name = if r.is_docker_hub() {
        r.short_name().to_string()
    } else {
        format!("{}/{}", r.domain(), r.path)
    };
    let tag = r.tag.as_deref().unwrap_or("latest");
    table()
        .iter()
        .filter(|b| b.image == name && b.compressed_bytes.is_some())
        .max_by_key(|b| (tag_family(&b.tag) == tag_family(tag), likeness(&b.tag, tag)))
}

/// How well a row's tag stands for `tag`: the same tag, then a shared variant word (`apache`
/// in `8.2-apache`, `curl` in `bookworm-curl`), then as many variant words (`trixie` for
/// `bookworm`, not `trixie-scm`), then `latest`/`lts`.
fn likeness(row: &str, tag: &str) -> (bool, bool, bool, bool) {
    let words = |t: &str| -> Vec<String> {
        t.split('-')
            .filter(|w| !w.chars().next().is_some_and(|c| c.is_ascii_digit()))
            .map(str::to_string)
            .collect()
    };
    let (a, b) = (words(row), words(tag));
    (
        row == tag,
        a.iter().any(|w| b.contains(w)) || (a.is_empty() && b.is_empty()),
        a.len() == b.len(),
        matches!(row, "latest" | "lts"),
    )
}

/// A heavy image and a lighter alternative with their published sizes.
#[derive(Debug, Clone)]
pub struct Heavy {
    pub image: &'static BaseImage,
    pub lighter: &'static BaseImage,
}

/// Operating-system images with no slim variant of their own: the lighter choice is another OS.
const OS_IMAGES: &[&str] = &["ubuntu", "debian", "fedora", "amazonlinux", "almalinux"];

/// The variant family a tag asks for: `python:3.12-slim-bookworm` → `slim`.
fn tag_family(tag: &str) -> &'static str {
    let tag = tag.to_ascii_lowercase();
    if tag.contains("slim") {
        "slim"
    } else if tag.contains("alpine") {
        "alpine"
    } else if tag.contains("minimal") {
        "minimal"
    } else if tag.contains("jre") {
        "jre"
    } else {
        "full"
    }
}

/// If `reference` is a full variant with a much lighter published alternative, both of them.
pub fn heavy(reference: &ImageRef) -> Option<Heavy> {
    if !reference.is_docker_hub() {
        return None;
    }
    let name = reference.short_name();
    let tag = reference.tag.as_deref().unwrap_or("latest");
    if tag_family(tag) != "full" {
        return None;
    }
    let rows = table();
    let same_repo = |family: &str| {
        rows.iter()
            .find(|r| r.image == name && r.family == family && r.compressed_bytes.is_some())
    };
    let image = rows
        .iter()
        .filter(|r| r.image == name && r.family.starts_with("full"))
        .filter(|r| r.compressed_bytes.is_some())
        .max_by_key(|r| likeness(&r.tag, tag))?;
    let lighter = same_repo("slim")
        .or_else(|| same_repo("alpine"))
        .or_else(|| same_repo("minimal"))
        .or_else(|| {
            OS_IMAGES
                .contains(&name)
                .then(|| rows.iter().find(|r| r.image == "alpine"))
                .flatten()
        })?;
    let (big, small) = (image.compressed_bytes?, lighter.compressed_bytes?);
    // Only worth a finding when the saving is large in both absolute and relative terms.
    (big >= small + 10_000_000 && small * 10 <= big * 7).then_some(Heavy { image, lighter })
}

/// `410908459` → `"411 MB"` (decimal megabytes, as registries show them).
/// Integer arithmetic: float formatting would add ~14 KB of code to the page's lint wasm.
pub fn megabytes(bytes: u64) -> String {
    if bytes >= 9_950_000 {
        format!("{} MB", (bytes + 500_000) / 1_000_000)
    } else {
        let tenths = (bytes + 50_000) / 100_000;
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heavy_of(text: &str) -> Option<(String, String)> {
        heavy(&ImageRef::parse(text).unwrap()).map(|h| (h.image.reference(), h.lighter.reference()))
    }

    #[test]
    fn the_table_has_its_rows() {
        assert!(table().len() >= 50);
        assert!(table().iter().all(|r| !r.image.is_empty()));
    }

    #[test]
    fn full_variants_are_heavy_and_slim_ones_are_not() {
        let (img, lighter) = heavy_of("python:3.12").unwrap();
        assert_eq!(img, "python:3.12");
        assert_eq!(lighter, "python:3.12-slim");
        assert!(heavy_of("python:3.11-bookworm").is_some());
        assert_eq!(heavy_of("php:8.2-apache").unwrap().0, "php:apache");
        assert!(heavy_of("python:3.12-slim").is_none());
        assert!(heavy_of("node:22-alpine").is_none());
        assert_eq!(heavy_of("ubuntu:24.04").unwrap().1, "alpine:latest");
        assert!(heavy_of("alpine:3.20").is_none());
        assert!(heavy_of("ghcr.io/acme/python:3.12").is_none());
    }

    #[test]
    fn megabytes_round_like_registries() {
        assert_eq!(megabytes(410_908_459), "411 MB");
        assert_eq!(megabytes(3_849_738), "3.8 MB");
        assert_eq!(megabytes(3_850_000), "3.9 MB");
        assert_eq!(megabytes(9_960_000), "10 MB");
        assert_eq!(megabytes(49_000), "0.0 MB");
    }
}
