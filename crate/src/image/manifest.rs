//! From an indexed image archive to a plan: which layers, in which order, with which digests,
//! media types and history. Reads `index.json` (OCI layout, Docker 25+ `docker save`),
//! nested image indexes (multi-platform) and manifests, or the classic `manifest.json`.
//! Every JSON blob read is checked against its digest.

use super::outer::{Member, OuterIndex};
use super::source::sha256_of;
use crate::report::image::{HistoryEntry, ImageFormat, Problem};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The platform shown when the caller names none (and the input offers it).
pub const DEFAULT_PLATFORM: &str = "linux/amd64";

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    #[serde(default)]
    media_type: Option<String>,
    digest: String,
    #[serde(default)]
    size: Option<u64>,
    #[serde(default)]
    platform: Option<Platform>,
    #[serde(default)]
    annotations: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
struct Platform {
    #[serde(default)]
    architecture: String,
    #[serde(default)]
    os: String,
    #[serde(default)]
    variant: Option<String>,
}

impl Platform {
    fn name(&self) -> String {
        match &self.variant {
            Some(v) if !v.is_empty() => format!("{}/{}/{v}", self.os, self.architecture),
            _ => format!("{}/{}", self.os, self.architecture),
        }
    }

    /// `want` is `os/arch[/variant]`; a missing variant matches any.
    fn matches(&self, want: &str) -> bool {
        let mut it = want.split('/');
        let (os, arch, variant) = (it.next(), it.next(), it.next());
        os == Some(self.os.as_str())
            && arch == Some(self.architecture.as_str())
            && variant.is_none_or(|v| self.variant.as_deref() == Some(v))
    }
}

#[derive(Debug, Deserialize)]
struct Index {
    #[serde(default)]
    manifests: Vec<Descriptor>,
}

#[derive(Debug, Deserialize)]
struct Manifest {
    config: Descriptor,
    #[serde(default)]
    layers: Vec<Descriptor>,
}

#[derive(Debug, Default, Deserialize)]
struct Config {
    #[serde(default)]
    architecture: String,
    #[serde(default)]
    os: String,
    #[serde(default)]
    variant: Option<String>,
    #[serde(default)]
    rootfs: Option<RootFs>,
    #[serde(default)]
    history: Vec<History>,
}

#[derive(Debug, Default, Deserialize)]
struct RootFs {
    #[serde(default)]
    diff_ids: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
struct History {
    #[serde(default)]
    created_by: Option<String>,
    #[serde(default)]
    created: Option<String>,
    #[serde(default)]
    comment: Option<String>,
    #[serde(default)]
    empty_layer: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DockerEntry {
    config: String,
    #[serde(default)]
    repo_tags: Option<Vec<String>>,
    #[serde(default)]
    layers: Vec<String>,
}

/// One layer to read.
#[derive(Debug, Clone, Default)]
pub struct LayerPlan {
    /// Where the blob lies in the input (`None`: not in the archive).
    pub member: Option<(u64, u64)>,
    /// Its name in the archive, for messages.
    pub name: String,
    pub digest: Option<String>,
    pub size: Option<u64>,
    pub media_type: Option<String>,
    pub diff_id: Option<String>,
    pub created_by: Option<String>,
}

/// One image to report.
#[derive(Debug, Clone)]
pub struct ImagePlan {
    pub format: ImageFormat,
    pub reference: Option<String>,
    pub platform: Option<String>,
    pub platforms: Vec<String>,
    pub manifest_digest: Option<String>,
    pub config_digest: Option<String>,
    pub layers: Vec<LayerPlan>,
    pub history: Vec<HistoryEntry>,
    pub errors: Vec<Problem>,
    pub warnings: Vec<Problem>,
}

impl ImagePlan {
    pub fn new(format: ImageFormat) -> Self {
        ImagePlan {
            format,
            reference: None,
            platform: None,
            platforms: Vec::new(),
            manifest_digest: None,
            config_digest: None,
            layers: Vec::new(),
            history: Vec::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
        }
    }
}

/// JSON members read so far, by resolved member name (or why they could not be read).
pub type JsonCache = BTreeMap<String, Result<Vec<u8>, String>>;

/// A JSON member the plan needs and the cache lacks: read it, add it, plan again. (Planning is
/// restarted rather than suspended: it is cheap, and it lets pushed bytes drive it.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub name: String,
    pub offset: u64,
    pub size: u64,
}

struct Reader<'a> {
    index: &'a OuterIndex,
    cache: &'a JsonCache,
    max_json: u64,
    /// The first member found missing; the rest of this run is void.
    missing: Option<Missing>,
}

const INDEX_TYPES: [&str; 2] = [
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
];

/// Plans for every image in the archive; one per tagged image, one platform each.
pub fn plan(
    index: &OuterIndex,
    cache: &JsonCache,
    platform: Option<&str>,
    max_json: u64,
) -> Result<Vec<ImagePlan>, Missing> {
    let mut r = Reader {
        index,
        cache,
        max_json,
        missing: None,
    };
    let plans = plan_with(&mut r, platform);
    match r.missing {
        Some(m) => Err(m),
        None => Ok(plans),
    }
}

fn plan_with(r: &mut Reader, platform: Option<&str>) -> Vec<ImagePlan> {
    let index = r.index;
    let docker = index.members.contains_key("manifest.json");
    let format = if docker {
        ImageFormat::DockerArchive
    } else {
        ImageFormat::OciLayout
    };
    if index.members.contains_key("index.json") {
        let mut plans = r.oci(format, platform);
        if docker {
            // Docker 25+: the tags live in manifest.json
            if let Ok(entries) = r.docker_entries() {
                for (p, e) in plans.iter_mut().zip(entries) {
                    if p.reference.is_none() {
                        p.reference = e.repo_tags.and_then(|t| t.into_iter().next());
                    }
                }
            }
        }
        if !plans.is_empty() {
            return plans;
        }
    }
    match r.docker_entries() {
        Ok(entries) if entries.is_empty() => {
            let mut p = ImagePlan::new(format);
            p.errors
                .push(Problem::image("manifest.json lists no image"));
            vec![p]
        }
        Ok(entries) => entries.into_iter().map(|e| r.docker(e)).collect(),
        Err(e) => {
            let mut p = ImagePlan::new(format);
            p.errors.push(Problem::image(e));
            vec![p]
        }
    }
}

impl Reader<'_> {
    fn json<T: for<'de> Deserialize<'de>>(&mut self, path: &str) -> Result<(T, Vec<u8>), String> {
        let (name, m) = self
            .index
            .resolve(path)
            .ok_or_else(|| format!("{path} is not in the archive"))?;
        if m.size > self.max_json {
            return Err(format!(
                "{path} is {} bytes, over the {} byte limit",
                m.size, self.max_json
            ));
        }
        let bytes = match self.cache.get(name) {
            Some(Ok(b)) => b.clone(),
            Some(Err(e)) => return Err(format!("cannot read {path}: {e}")),
            None => {
                if self.missing.is_none() {
                    self.missing = Some(Missing {
                        name: name.to_string(),
                        offset: m.offset,
                        size: m.size,
                    });
                }
                return Err(format!("{path} is not read yet"));
            }
        };
        let value =
            serde_json::from_slice(&bytes).map_err(|e| format!("{path} is not valid: {e}"))?;
        Ok((value, bytes))
    }

    /// A content-addressed blob, parsed, with its digest checked.
    fn blob<T: for<'de> Deserialize<'de>>(
        &mut self,
        digest: &str,
        errors: &mut Vec<Problem>,
    ) -> Result<T, String> {
        let path = blob_path(digest).ok_or_else(|| format!("unsupported digest {digest:?}"))?;
        let (value, bytes) = self.json(&path)?;
        check_digest(&path, &bytes, digest, errors);
        Ok(value)
    }

    fn member(&self, path: &str) -> Option<(&str, &Member)> {
        self.index.resolve(path)
    }

    fn oci(&mut self, format: ImageFormat, want: Option<&str>) -> Vec<ImagePlan> {
        let top: Index = match self.json("index.json") {
            Ok((i, _)) => i,
            Err(e) => {
                let mut p = ImagePlan::new(format);
                p.errors.push(Problem::image(e));
                return vec![p];
            }
        };
        let mut plans = Vec::new();
        let mut seen = Vec::new();
        for desc in top.manifests {
            let mut errors = Vec::new();
            let mut candidates = Vec::new();
            self.collect(desc.clone(), None, 0, &mut candidates, &mut errors);
            let mut platforms: Vec<String> = Vec::new();
            for name in candidates
                .iter()
                .filter_map(|(_, p)| p.as_ref().map(Platform::name))
            {
                if !platforms.contains(&name) {
                    platforms.push(name);
                }
            }
            let mut plan = ImagePlan::new(format);
            plan.errors = errors;
            plan.platforms = platforms.clone();
            plan.reference = desc
                .annotations
                .get("io.containerd.image.name")
                .or_else(|| desc.annotations.get("org.opencontainers.image.ref.name"))
                .cloned();
            // a lone image without a platform in its descriptor is taken whatever is asked;
            // its config then tells the platform
            let lone = match candidates.as_slice() {
                [only @ (_, None)] => Some(only),
                _ => None,
            };
            let chosen = match want {
                Some(w) => candidates
                    .iter()
                    .find(|(_, p)| p.as_ref().is_some_and(|p| p.matches(w)))
                    .or(lone),
                None => candidates
                    .iter()
                    .find(|(_, p)| p.as_ref().is_some_and(|p| p.matches(DEFAULT_PLATFORM)))
                    .or(candidates.first()),
            };
            let Some((manifest, platform)) = chosen.cloned() else {
                if candidates.is_empty() {
                    plan.errors.push(Problem::image(format!(
                        "{} holds no image manifest",
                        desc.digest
                    )));
                } else {
                    plan.errors.push(Problem::image(format!(
                        "no image for platform {} (this input has {})",
                        want.unwrap_or(DEFAULT_PLATFORM),
                        platforms.join(", ")
                    )));
                }
                plans.push(plan);
                continue;
            };
            if seen.contains(&manifest.digest) {
                continue; // the same image under a second tag
            }
            seen.push(manifest.digest.clone());
            if want.is_none()
                && platforms.len() > 1
                && !platform
                    .as_ref()
                    .is_some_and(|p| p.matches(DEFAULT_PLATFORM))
            {
                plan.warnings.push(Problem::image(format!(
                    "no {DEFAULT_PLATFORM} image; showing {}",
                    platform.as_ref().map(Platform::name).unwrap_or_default()
                )));
            }
            plan.platform = platform.as_ref().map(Platform::name);
            self.image(&mut plan, &manifest);
            plans.push(plan);
        }
        plans
    }

    /// Walk nested indexes down to image manifests, keeping each one's platform. Attestation
    /// manifests (BuildKit provenance/SBOM, platform `unknown/unknown`) are not images.
    fn collect(
        &mut self,
        desc: Descriptor,
        platform: Option<Platform>,
        depth: u32,
        out: &mut Vec<(Descriptor, Option<Platform>)>,
        errors: &mut Vec<Problem>,
    ) {
        let platform = desc.platform.clone().or(platform);
        if desc
            .annotations
            .get("vnd.docker.reference.type")
            .is_some_and(|t| t == "attestation-manifest")
            || platform.as_ref().is_some_and(|p| p.os == "unknown")
        {
            return;
        }
        let is_index = desc
            .media_type
            .as_deref()
            .is_some_and(|m| INDEX_TYPES.contains(&m));
        if is_index {
            if depth >= 4 {
                errors.push(Problem::image("image indexes nested too deep"));
                return;
            }
            match self.blob::<Index>(&desc.digest, errors) {
                Ok(ix) => {
                    for d in ix.manifests {
                        self.collect(d, platform.clone(), depth + 1, out, errors);
                    }
                }
                Err(e) => errors.push(Problem::image(e)),
            }
        } else {
            out.push((desc, platform));
        }
    }

    fn image(&mut self, plan: &mut ImagePlan, desc: &Descriptor) {
        plan.manifest_digest = Some(desc.digest.clone());
        let manifest: Manifest = match self.blob(&desc.digest, &mut plan.errors) {
            Ok(m) => m,
            Err(e) => {
                plan.errors.push(Problem::image(e));
                return;
            }
        };
        plan.config_digest = Some(manifest.config.digest.clone());
        let config: Config = match self.blob(&manifest.config.digest, &mut plan.errors) {
            Ok(c) => c,
            Err(e) => {
                plan.errors
                    .push(Problem::image(format!("image config: {e}")));
                Config::default()
            }
        };
        plan.layers = manifest
            .layers
            .iter()
            .map(|d| {
                let name = blob_path(&d.digest).unwrap_or_else(|| d.digest.clone());
                let member = self.member(&name).map(|(_, m)| (m.offset, m.size));
                LayerPlan {
                    member,
                    name,
                    digest: Some(d.digest.clone()),
                    size: d.size,
                    media_type: d.media_type.clone(),
                    ..Default::default()
                }
            })
            .collect();
        apply_config(plan, config);
    }

    fn docker_entries(&mut self) -> Result<Vec<DockerEntry>, String> {
        self.json::<Vec<DockerEntry>>("manifest.json")
            .map(|(v, _)| v)
    }

    fn docker(&mut self, e: DockerEntry) -> ImagePlan {
        let mut plan = ImagePlan::new(ImageFormat::DockerArchive);
        plan.reference = e.repo_tags.and_then(|t| t.into_iter().next());
        let config = match self.json::<Config>(&e.config) {
            Ok((c, bytes)) => {
                // `<hex>.json` and `blobs/sha256/<hex>` are named by their digest
                let digest = digest_in_name(&e.config);
                if let Some(d) = &digest {
                    check_digest(&e.config, &bytes, d, &mut plan.errors);
                }
                plan.config_digest = digest.or_else(|| Some(sha256_of(&bytes)));
                c
            }
            Err(err) => {
                plan.errors
                    .push(Problem::image(format!("image config: {err}")));
                Config::default()
            }
        };
        plan.layers = e
            .layers
            .iter()
            .map(|name| {
                let resolved = self.member(name);
                let member = resolved.map(|(_, m)| (m.offset, m.size));
                // only `blobs/sha256/<hex>` names are content addresses of the stored blob;
                // skopeo's `<hex>.tar` names the uncompressed content (= the diff_id)
                let digest = resolved
                    .and_then(|(n, _)| n.strip_prefix("blobs/sha256/"))
                    .map(|h| format!("sha256:{h}"));
                LayerPlan {
                    member,
                    name: name.clone(),
                    digest,
                    ..Default::default()
                }
            })
            .collect();
        apply_config(&mut plan, config);
        plan
    }
}

/// Platform (when the index did not say), diff_ids and history from the config.
fn apply_config(plan: &mut ImagePlan, config: Config) {
    if plan.platform.is_none() && !config.os.is_empty() {
        let name = Platform {
            os: config.os,
            architecture: config.architecture,
            variant: config.variant,
        }
        .name();
        plan.platform = Some(name.clone());
        plan.platforms = vec![name];
    }
    let diff_ids = config.rootfs.map(|r| r.diff_ids).unwrap_or_default();
    if !diff_ids.is_empty() && diff_ids.len() != plan.layers.len() {
        plan.errors.push(Problem::image(format!(
            "the config lists {} diff_ids for {} layers",
            diff_ids.len(),
            plan.layers.len()
        )));
    }
    for (l, d) in plan.layers.iter_mut().zip(diff_ids) {
        l.diff_id = Some(d);
    }
    let mut next = 0usize;
    for h in config.history {
        let layer = if h.empty_layer || next >= plan.layers.len() {
            None
        } else {
            plan.layers[next].created_by = h.created_by.clone();
            next += 1;
            Some(next as u32)
        };
        plan.history.push(HistoryEntry {
            created_by: h.created_by,
            created: h.created,
            comment: h.comment,
            empty_layer: h.empty_layer,
            layer,
        });
    }
    if !plan.history.is_empty() && next != plan.layers.len() {
        plan.warnings.push(Problem::image(format!(
            "the history names {next} layer-making steps for {} layers",
            plan.layers.len()
        )));
    }
    for (i, l) in plan.layers.iter().enumerate() {
        if l.member.is_none() {
            plan.errors.push(Problem::layer(
                i as u32 + 1,
                format!("layer blob {} is not in the archive", l.name),
            ));
        }
    }
}

/// `blobs/<alg>/<hex>` for `<alg>:<hex>`; `None` for anything that is not a safe name.
fn blob_path(digest: &str) -> Option<String> {
    let (alg, hex) = digest.split_once(':')?;
    let ok = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    };
    (ok(alg) && ok(hex)).then(|| format!("blobs/{alg}/{hex}"))
}

/// The `sha256:<hex>` a member's name carries (`<hex>.json`, `blobs/sha256/<hex>`).
fn digest_in_name(path: &str) -> Option<String> {
    let base = path.rsplit('/').next()?;
    let hex = base.strip_suffix(".json").unwrap_or(base);
    let is_hex = hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit());
    is_hex.then(|| format!("sha256:{hex}"))
}

fn check_digest(path: &str, bytes: &[u8], digest: &str, errors: &mut Vec<Problem>) {
    if !digest.starts_with("sha256:") {
        return; // sha512 blobs are rare; not checked
    }
    let actual = sha256_of(bytes);
    if actual != digest {
        errors.push(Problem::image(format!(
            "{path} hashes to {actual}, not {digest}"
        )));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platform_matching() {
        let p = Platform {
            os: "linux".into(),
            architecture: "arm64".into(),
            variant: Some("v8".into()),
        };
        assert!(p.matches("linux/arm64"));
        assert!(p.matches("linux/arm64/v8"));
        assert!(!p.matches("linux/arm64/v7"));
        assert!(!p.matches("linux/amd64"));
        assert_eq!(p.name(), "linux/arm64/v8");
    }

    #[test]
    fn blob_names_are_safe() {
        assert_eq!(blob_path("sha256:abc").as_deref(), Some("blobs/sha256/abc"));
        assert_eq!(blob_path("sha256:../../etc/passwd"), None);
        assert_eq!(blob_path("nocolon"), None);
        let hex = "0".repeat(64);
        assert_eq!(
            digest_in_name(&format!("{hex}.json")),
            Some(format!("sha256:{hex}"))
        );
        assert_eq!(digest_in_name("abc/json"), None);
    }
}
