//! End-to-end tests of `inspect` over archives built here: every input shape, every waste case
//! with a known answer, and hostile input that must end in a clear error — never a panic, a
//! hang or unbounded memory.

use super::source::sha256_of;
use super::tar::build::TarBuilder;
use super::*;
use crate::host::{NoClock, NoProgress};
use crate::report::image::ImageReport;
use std::io::Write;

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn zstd(data: &[u8]) -> Vec<u8> {
    let mut e = zstd::stream::write::Encoder::new(Vec::new(), 3).unwrap();
    e.include_checksum(true).unwrap();
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn compress(c: Compression, data: &[u8]) -> Vec<u8> {
    match c {
        Compression::None => data.to_vec(),
        Compression::Gzip => gzip(data),
        Compression::Zstd => zstd(data),
    }
}

fn opts() -> InspectOptions {
    InspectOptions {
        measure: false,
        ..InspectOptions::default()
    }
}

fn inspect_bytes(data: Vec<u8>, opts: &InspectOptions) -> Vec<ImageReport> {
    inspect(
        &mut SliceSource(data),
        "input",
        opts,
        &NoClock,
        &mut NoProgress,
    )
    .unwrap()
}

fn one(data: Vec<u8>) -> ImageReport {
    let mut v = inspect_bytes(data, &opts());
    assert_eq!(v.len(), 1);
    v.remove(0)
}

fn errors(r: &ImageReport) -> Vec<&str> {
    r.errors.iter().map(|e| e.message.as_str()).collect()
}

/// A blob store plus the outer tar of an OCI layout.
#[derive(Default)]
struct Oci {
    blobs: Vec<(String, Vec<u8>)>,
}

impl Oci {
    fn add(&mut self, data: Vec<u8>) -> (String, u64) {
        let d = sha256_of(&data);
        let len = data.len() as u64;
        if !self.blobs.iter().any(|(x, _)| *x == d) {
            self.blobs.push((d.clone(), data));
        }
        (d, len)
    }

    /// An image manifest for `layers` (tars), stored with `c`; returns its descriptor JSON.
    fn image(
        &mut self,
        layers: &[Vec<u8>],
        c: Compression,
        history: serde_json::Value,
        platform: (&str, &str),
    ) -> serde_json::Value {
        let mut descs = Vec::new();
        let mut diff_ids = Vec::new();
        for tar in layers {
            diff_ids.push(sha256_of(tar));
            let (d, size) = self.add(compress(c, tar));
            descs.push(
                serde_json::json!({"mediaType": c.oci_media_type(), "digest": d, "size": size}),
            );
        }
        let config = serde_json::json!({
            "os": platform.0, "architecture": platform.1,
            "rootfs": {"type": "layers", "diff_ids": diff_ids},
            "history": history,
        });
        let (cd, cs) = self.add(serde_json::to_vec(&config).unwrap());
        let manifest = serde_json::json!({
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cd, "size": cs},
            "layers": descs,
        });
        let (md, ms) = self.add(serde_json::to_vec(&manifest).unwrap());
        serde_json::json!({"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": md, "size": ms,
                           "platform": {"os": platform.0, "architecture": platform.1}})
    }

    fn tar(&self, index: serde_json::Value, extra: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut t = TarBuilder::new();
        t.file("oci-layout", br#"{"imageLayoutVersion":"1.0.0"}"#);
        t.dir("blobs/");
        t.dir("blobs/sha256/");
        for (d, data) in &self.blobs {
            t.file(&format!("blobs/sha256/{}", &d[7..]), data);
        }
        t.file("index.json", &serde_json::to_vec(&index).unwrap());
        for (name, data) in extra {
            t.file(name, data);
        }
        t.finish()
    }
}

fn history(n: usize) -> serde_json::Value {
    let mut h = vec![serde_json::json!({"created_by": "ENV A=1", "empty_layer": true})];
    for i in 1..=n {
        h.push(serde_json::json!({"created_by": format!("RUN step {i}")}));
    }
    serde_json::Value::Array(h)
}

/// Three layers whose waste is known: 1000 + 300 + 40 + 7 = 1347 bytes.
fn waste_layers() -> Vec<Vec<u8>> {
    let l1 = TarBuilder::new()
        .dir("etc/")
        .file("etc/app.conf", &[1u8; 1000])
        .dir("var/cache/apt/")
        .file("var/cache/apt/a.deb", &[2u8; 300])
        .file("usr/share/doc/pkg/README", &[3u8; 40])
        .file("usr/share/doc-base/keep", &[4u8; 9])
        .file("bin/busybox", &[5u8; 500])
        .hardlink("bin/sh", "bin/busybox")
        .finish();
    let l2 = TarBuilder::new()
        .file("etc/app.conf", &[6u8; 7]) // overwrites 1000
        .whiteout("var/cache/apt") // deletes 300
        .opaque("usr/share/doc") // masks 40
        .file("usr/share/doc/NEW", b"new")
        .whiteout("bin/busybox") // bin/sh keeps the data: no waste
        .finish();
    let l3 = TarBuilder::new().file("etc/app.conf", &[7u8; 11]).finish(); // overwrites 7
    vec![l1, l2, l3]
}

#[test]
fn oci_archive_layers_history_digests_and_waste() {
    for c in [Compression::None, Compression::Gzip, Compression::Zstd] {
        let layers = waste_layers();
        let mut oci = Oci::default();
        let desc = oci.image(&layers, c, history(3), ("linux", "amd64"));
        let archive = oci.tar(
            serde_json::json!({"schemaVersion": 2, "manifests": [desc]}),
            &[],
        );
        let r = one(archive.clone());
        assert_eq!(r.format, ImageFormat::OciLayout);
        assert!(r.errors.is_empty(), "{c:?}: {:?}", r.errors);
        assert_eq!(r.platform.as_deref(), Some("linux/amd64"));
        assert_eq!(r.layers.len(), 3);
        let l1 = &r.layers[0];
        assert_eq!(l1.compression, c);
        assert_eq!((l1.files, l1.dirs, l1.hardlinks), (5, 2, 1));
        assert_eq!(l1.uncompressed_size, layers[0].len() as u64);
        assert_eq!(l1.digest_ok, Some(true));
        assert_eq!(l1.diff_id_ok, Some(true));
        // the sha256 timing counts both hashes: the stored blob, and the tar when compressed
        let unpacked = if c == Compression::None {
            0
        } else {
            l1.uncompressed_size
        };
        assert_eq!(l1.sha256.unwrap().bytes, l1.stored_size + unpacked, "{c:?}");
        let unverified = InspectOptions {
            verify_digests: false,
            ..opts()
        };
        assert!(inspect_bytes(archive, &unverified)[0]
            .layers
            .iter()
            .all(|l| l.sha256.is_none()));
        assert_eq!(l1.created_by.as_deref(), Some("RUN step 1"));
        assert_eq!(
            l1.largest_files[0],
            crate::report::image::FileSize {
                path: "etc/app.conf".into(),
                size: 1000
            }
        );
        assert_eq!((r.layers[1].whiteouts, r.layers[1].opaque_dirs), (2, 1));
        // history keeps the empty layer, so it lines up with the Dockerfile
        assert_eq!(r.history.len(), 4);
        assert!(r.history[0].empty_layer && r.history[0].layer.is_none());
        assert_eq!(r.history[3].layer, Some(3));
        let wasted: Vec<u64> = r.layers.iter().map(|l| l.wasted_bytes).collect();
        assert_eq!(wasted, vec![1340, 7, 0]);
        assert_eq!(r.total.wasted_bytes, 1347);
        assert_eq!(r.layers[1].hides_overwritten_bytes, 1000);
        assert_eq!(r.layers[1].hides_deleted_bytes, 340);
        let shipped = 1000 + 300 + 40 + 9 + 500 + 7 + 3 + 11;
        assert_eq!(r.total.file_bytes, shipped);
        assert!((r.total.efficiency - (1.0 - 1347.0 / shipped as f64)).abs() < 1e-12);
        assert_eq!(r.wasted_files[0].path, "etc/app.conf");
        assert_eq!(r.wasted_files[0].size, 1000);
        assert!(r.total.complete);
        if c != Compression::None {
            assert!(r.layers[0].original.is_some());
            assert!(r.layers[0].stored_size < r.layers[0].uncompressed_size);
        }
    }
}

#[test]
fn measurement_sizes_and_round_trips() {
    let layers = waste_layers();
    let mut oci = Oci::default();
    let desc = oci.image(&layers, Compression::Gzip, history(3), ("linux", "amd64"));
    let data = oci.tar(serde_json::json!({"manifests": [desc]}), &[]);
    let o = InspectOptions {
        sweep: Some(SweepOptions {
            layer: 1,
            max_bytes: 1 << 20,
        }),
        ..InspectOptions::default()
    };
    let r = inspect_bytes(data, &o).remove(0);
    for (l, tar) in r.layers.iter().zip(&layers) {
        let g = l.gzip.as_ref().unwrap();
        let z = l.zstd.as_ref().unwrap();
        assert_eq!((g.level, z.level), (6, 3));
        assert_eq!(g.input_bytes, tar.len() as u64);
        assert!(g.size.abs_diff(gzip(tar).len() as u64) <= 64);
        assert_eq!(z.size, {
            let mut e = zstd::stream::write::Encoder::new(Vec::new(), 3).unwrap();
            e.include_checksum(true).unwrap();
            e.write_all(tar).unwrap();
            e.finish().unwrap().len() as u64
        });
    }
    assert_eq!(
        r.total.gzip_size,
        Some(r.layers.iter().map(|l| l.gzip.as_ref().unwrap().size).sum())
    );
    let sweep = r.sweep.unwrap();
    assert_eq!(sweep.layer, 1);
    assert!(sweep.whole_layer);
    let levels: Vec<(Codec, i32)> = sweep.points.iter().map(|m| (m.codec, m.level)).collect();
    use crate::codec::Codec;
    assert_eq!(
        levels,
        vec![
            (Codec::Gzip, 1),
            (Codec::Gzip, 6),
            (Codec::Gzip, 9),
            (Codec::Zstd, 1),
            (Codec::Zstd, 3),
            (Codec::Zstd, 9),
            (Codec::Zstd, 19)
        ]
    );
    assert!(r.startup.is_some());
    assert!(r.advice.iter().any(|a| a.id == "zstd"));
}

#[test]
fn sweep_layer_alone_defaults_to_the_largest_and_stops_at_its_limit() {
    let big: Vec<u8> = (0..300_000u32)
        .flat_map(|i| (i % 251).to_le_bytes())
        .collect();
    let layer = TarBuilder::new().file("small", b"x").finish();
    let layer2 = TarBuilder::new().file("big", &big).finish();
    let mut oci = Oci::default();
    let desc = oci.image(
        &[layer, layer2.clone()],
        Compression::Zstd,
        history(2),
        ("linux", "amd64"),
    );
    let data = oci.tar(serde_json::json!({"manifests": [desc]}), &[]);
    let o = InspectOptions {
        sweep: Some(SweepOptions {
            layer: 0,
            max_bytes: 100_000,
        }),
        ..opts()
    };
    let s = sweep_layer(&mut SliceSource(data), "x", &o, &NoClock, &mut NoProgress)
        .unwrap()
        .unwrap();
    assert_eq!(s.layer, 2);
    assert_eq!(s.input_bytes, 100_000);
    assert!(!s.whole_layer);
    assert_eq!(s.points.len(), 7);
}

#[test]
fn multi_platform_index_picks_amd64_by_default_and_others_on_request() {
    let amd = TarBuilder::new().file("amd64", b"a").finish();
    let arm = TarBuilder::new().file("arm64", b"bb").finish();
    let mut oci = Oci::default();
    let d1 = oci.image(&[amd], Compression::Gzip, history(1), ("linux", "amd64"));
    let d2 = oci.image(&[arm], Compression::Gzip, history(1), ("linux", "arm64"));
    // BuildKit attaches provenance as an "unknown/unknown" manifest: not an image
    let att = serde_json::json!({"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": d1["digest"], "size": 1,
        "platform": {"os": "unknown", "architecture": "unknown"},
        "annotations": {"vnd.docker.reference.type": "attestation-manifest"}});
    let nested = serde_json::json!({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [d2, d1, att]});
    let (nd, ns) = oci.add(serde_json::to_vec(&nested).unwrap());
    let index = serde_json::json!({"manifests": [{"mediaType": "application/vnd.oci.image.index.v1+json", "digest": nd, "size": ns,
        "annotations": {"org.opencontainers.image.ref.name": "v1"}}]});
    let data = oci.tar(index, &[]);
    let r = one(data.clone());
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.platform.as_deref(), Some("linux/amd64"));
    assert_eq!(r.platforms, vec!["linux/arm64", "linux/amd64"]);
    assert_eq!(r.reference.as_deref(), Some("v1"));
    assert_eq!(r.layers[0].largest_files[0].path, "amd64");
    let arm = inspect_bytes(
        data.clone(),
        &InspectOptions {
            platform: Some("linux/arm64".into()),
            ..opts()
        },
    )
    .remove(0);
    assert_eq!(arm.layers[0].largest_files[0].path, "arm64");
    let none = inspect_bytes(
        data,
        &InspectOptions {
            platform: Some("linux/s390x".into()),
            ..opts()
        },
    )
    .remove(0);
    assert!(errors(&none)[0]
        .contains("no image for platform linux/s390x (this input has linux/arm64, linux/amd64)"));
}

#[test]
fn docker_classic_archive_with_symlinked_layers() {
    let layers = waste_layers();
    let cfg = serde_json::json!({"os": "linux", "architecture": "amd64",
        "rootfs": {"diff_ids": layers.iter().map(|l| sha256_of(l)).collect::<Vec<_>>()}, "history": history(3)});
    let cfg_bytes = serde_json::to_vec(&cfg).unwrap();
    let cfg_name = format!("{}.json", &sha256_of(&cfg_bytes)[7..]);
    let mut t = TarBuilder::new();
    let mut names = Vec::new();
    for (i, l) in layers.iter().enumerate() {
        let hex = &sha256_of(l)[7..];
        let id = format!("{:064x}", i + 1);
        t.file(&format!("{hex}.tar"), l);
        t.dir(&format!("{id}/"));
        t.symlink(&format!("{id}/layer.tar"), &format!("../{hex}.tar"));
        t.file(&format!("{id}/VERSION"), b"1.0");
        names.push(format!("{id}/layer.tar"));
    }
    t.file(&cfg_name, &cfg_bytes);
    let manifest =
        serde_json::json!([{"Config": cfg_name, "RepoTags": ["app:1"], "Layers": names}]);
    t.file("manifest.json", &serde_json::to_vec(&manifest).unwrap());
    t.file("repositories", b"{}");
    let r = one(t.finish());
    assert_eq!(r.format, ImageFormat::DockerArchive);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.reference.as_deref(), Some("app:1"));
    assert_eq!(r.config_digest, Some(sha256_of(&cfg_bytes)));
    assert_eq!(r.layers.len(), 3);
    assert_eq!(r.layers[2].diff_id_ok, Some(true));
    assert_eq!(r.total.wasted_bytes, 1347);
    assert_eq!(r.layers[0].compression, Compression::None);
}

#[test]
fn docker25_save_uses_the_oci_index_and_the_tags_of_manifest_json() {
    let layers = waste_layers();
    let mut oci = Oci::default();
    let mut desc = oci.image(&layers, Compression::None, history(3), ("linux", "amd64"));
    desc.as_object_mut().unwrap().remove("platform");
    let m: serde_json::Value = serde_json::from_slice(
        &oci.blobs
            .iter()
            .find(|(d, _)| *d == desc["digest"])
            .unwrap()
            .1,
    )
    .unwrap();
    let layer_paths: Vec<String> = m["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| format!("blobs/sha256/{}", &l["digest"].as_str().unwrap()[7..]))
        .collect();
    let cfg = format!(
        "blobs/sha256/{}",
        &m["config"]["digest"].as_str().unwrap()[7..]
    );
    let docker =
        serde_json::json!([{"Config": cfg, "RepoTags": ["img:25"], "Layers": layer_paths}]);
    let data = oci.tar(
        serde_json::json!({"manifests": [desc]}),
        &[("manifest.json", serde_json::to_vec(&docker).unwrap())],
    );
    let r = one(data);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.format, ImageFormat::DockerArchive);
    assert_eq!(r.reference.as_deref(), Some("img:25"));
    assert_eq!(r.platform.as_deref(), Some("linux/amd64"));
    assert_eq!(r.total.wasted_bytes, 1347);
}

#[test]
fn single_layers_plain_gzip_zstd_detected_by_content() {
    let tar = waste_layers().remove(0);
    for c in [Compression::None, Compression::Gzip, Compression::Zstd] {
        let r = one(compress(c, &tar));
        assert_eq!(r.format, ImageFormat::Layer);
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        let l = &r.layers[0];
        assert_eq!(l.compression, c);
        assert_eq!(l.media_type, c.oci_media_type());
        assert_eq!(l.entries, 8);
        assert_eq!(l.uncompressed_size, tar.len() as u64);
        assert_eq!(l.diff_id.as_deref(), Some(sha256_of(&tar).as_str()));
        assert_eq!(
            l.digest.as_deref(),
            Some(sha256_of(&compress(c, &tar)).as_str())
        );
    }
}

#[test]
fn digest_and_diff_id_mismatches_are_shown() {
    let layers = waste_layers();
    let mut oci = Oci::default();
    let desc = oci.image(
        &layers[..1],
        Compression::Gzip,
        history(1),
        ("linux", "amd64"),
    );
    // corrupt the config's diff_id by swapping the layer blob for another valid gzip of the
    // same size would be hard; instead flip a byte inside the stored blob's gzip header mtime
    let layer_digest = sha256_of(&gzip(&layers[0]));
    let blob = &mut oci
        .blobs
        .iter_mut()
        .find(|(d, _)| *d == layer_digest)
        .unwrap()
        .1;
    blob[4] ^= 0xff; // mtime field: still valid gzip, different bytes
    let r = one(oci.tar(serde_json::json!({"manifests": [desc]}), &[]));
    assert_eq!(r.layers[0].digest_ok, Some(false));
    assert_eq!(r.layers[0].diff_id_ok, Some(true));
    assert!(
        errors(&r)
            .iter()
            .any(|e| e.contains("blob digest mismatch")),
        "{:?}",
        r.errors
    );

    // a config whose diff_id is wrong
    let cfg = serde_json::json!({"rootfs": {"diff_ids": [format!("sha256:{}", "0".repeat(64))]}, "history": []});
    let cfg_bytes = serde_json::to_vec(&cfg).unwrap();
    let hex = &sha256_of(&layers[0])[7..];
    let cfg_name = format!("{}.json", &sha256_of(&cfg_bytes)[7..]);
    let mut t = TarBuilder::new();
    t.file(&format!("{hex}.tar"), &layers[0]);
    t.file(&cfg_name, &cfg_bytes);
    t.file(
        "manifest.json",
        format!(r#"[{{"Config":"{cfg_name}","Layers":["{hex}.tar"]}}]"#).as_bytes(),
    );
    let r = one(t.finish());
    assert_eq!(r.layers[0].diff_id_ok, Some(false));
    assert!(
        errors(&r).iter().any(|e| e.contains("diff_id mismatch")),
        "{:?}",
        r.errors
    );
}

#[test]
fn tampered_manifest_json_blob_is_reported() {
    let layers = waste_layers();
    let mut oci = Oci::default();
    let desc = oci.image(
        &layers[..1],
        Compression::None,
        history(1),
        ("linux", "amd64"),
    );
    let md = desc["digest"].as_str().unwrap().to_string();
    let m = &mut oci.blobs.iter_mut().find(|(d, _)| *d == md).unwrap().1;
    let text = String::from_utf8(m.clone())
        .unwrap()
        .replace("\"schemaVersion\":2", "\"schemaVersion\":2 ");
    *m = text.into_bytes();
    let r = one(oci.tar(serde_json::json!({"manifests": [desc]}), &[]));
    assert!(
        errors(&r).iter().any(|e| e.contains("hashes to")),
        "{:?}",
        r.errors
    );
    assert_eq!(r.layers.len(), 1, "the image is still read");
}

#[test]
fn missing_layer_blob_and_truncated_archive() {
    let layers = waste_layers();
    let mut oci = Oci::default();
    let desc = oci.image(
        &layers[..2],
        Compression::Gzip,
        history(2),
        ("linux", "amd64"),
    );
    let gone = sha256_of(&gzip(&layers[1]));
    oci.blobs.retain(|(d, _)| *d != gone);
    let r = one(oci.tar(serde_json::json!({"manifests": [desc]}), &[]));
    assert!(
        errors(&r)
            .iter()
            .any(|e| e.contains("is not in the archive")),
        "{:?}",
        r.errors
    );
    assert!(!r.total.complete);

    let mut oci = Oci::default();
    let desc = oci.image(&layers, Compression::Gzip, history(3), ("linux", "amd64"));
    let mut data = oci.tar(serde_json::json!({"manifests": [desc]}), &[]);
    data.truncate(data.len() / 2);
    let r = one(data);
    assert_eq!(r.format, ImageFormat::Unknown);
    assert!(
        errors(&r)[0].contains("truncated archive"),
        "{:?}",
        r.errors
    );
}

#[test]
fn truncated_and_corrupt_compressed_layers() {
    // text-like data that compresses about 3:1, so a corrupted middle hits real content
    let mut x = 1u32;
    let noise: Vec<u8> = (0..200_000)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            b"abcdefghij klmnop\n"[(x >> 16) as usize % 18]
        })
        .collect();
    let tar: Vec<u8> = TarBuilder::new().file("f", &noise).file("g", b"x").finish();
    for c in [Compression::Gzip, Compression::Zstd] {
        let full = compress(c, &tar);
        let r = one(full[..full.len() / 2].to_vec());
        let e = errors(&r);
        assert!(
            e.iter().any(|m| m.contains("corrupt or truncated")),
            "{c:?} {e:?}"
        );
        assert!(!r.layers[0].complete);

        let mut bad = full.clone();
        let mid = bad.len() / 2;
        for b in &mut bad[mid..mid + 16] {
            *b ^= 0x5a;
        }
        let r = one(bad);
        let e = errors(&r);
        assert!(!e.is_empty(), "{c:?}: corruption must be noticed");
    }
    // a compressed stream whose content is not a tar
    let r = one(gzip(b"hello, this is not a tar archive at all"));
    assert!(
        errors(&r).iter().any(|m| m.contains("not a tar archive")),
        "{:?}",
        r.errors
    );
}

#[test]
fn gzip_bomb_is_stopped_by_the_limits() {
    // 16 MiB of zeros in ~16 KB of gzip (the limits are lowered to keep the test fast; the
    // defaults stop at 500:1 after 256 MiB)
    let zeros = vec![0u8; 16 << 20];
    let bomb = gzip(&zeros);
    let o = InspectOptions {
        limits: Limits {
            ratio_after_bytes: 4 << 20,
            max_ratio: 100,
            ..Limits::default()
        },
        ..opts()
    };
    let r = inspect_bytes(bomb.clone(), &o).remove(0);
    assert!(
        errors(&r).iter().any(|m| m.contains("decompression bomb")),
        "{:?}",
        r.errors
    );
    assert!(r.layers[0].uncompressed_size < 16 << 20);
    let o = InspectOptions {
        limits: Limits {
            max_layer_bytes: 1 << 20,
            ..Limits::default()
        },
        ..opts()
    };
    let r = inspect_bytes(bomb, &o).remove(0);
    assert!(
        errors(&r).iter().any(|m| m.contains("layer limit")),
        "{:?}",
        r.errors
    );
}

#[test]
fn hostile_names_dotdot_control_characters_and_html() {
    let tar = TarBuilder::new()
        .file("../../etc/passwd", b"evil")
        .file("ok/<script>alert(1)</script>", b"html")
        .file("ok/\x1b[31mred\x07", b"ctl")
        .finish();
    let r = one(tar);
    let l = &r.layers[0];
    assert_eq!(l.entries, 3);
    assert!(
        errors(&r)
            .iter()
            .any(|m| m.contains("climb out of the root")),
        "{:?}",
        r.errors
    );
    let paths: Vec<&str> = l.largest_files.iter().map(|f| f.path.as_str()).collect();
    // kept verbatim in the data (JSON escapes what it must; faces escape for their medium)
    assert!(paths.contains(&"ok/<script>alert(1)</script>"));
    assert!(paths.contains(&"ok/\x1b[31mred\x07"));
    assert!(!paths.iter().any(|p| p.contains("..")));
    let json = serde_json::to_string(&r).unwrap();
    assert!(json.contains("\\u001b[31mred\\u0007"));
}

#[test]
fn hostile_headers_end_in_errors() {
    // a header claiming 8 GiB of data, then nothing
    let huge = TarBuilder::new()
        .entry("huge", b'0', Some(0o77777777777), b"tiny", "")
        .finish_without_end();
    let r = one(gzip(&huge));
    assert!(
        errors(&r).iter().any(|m| m.contains("truncated")),
        "{:?}",
        r.errors
    );
    // an oversized PAX record
    let pax = TarBuilder::new()
        .entry("p", b'x', Some(1 << 30), b"", "")
        .finish();
    let r = one(zstd(&pax));
    assert!(
        errors(&r).iter().any(|m| m.contains("over the")),
        "{:?}",
        r.errors
    );
    // garbage and unsupported compression
    let r = one(b"<html><body>not an image</body></html>".to_vec());
    assert_eq!(r.format, ImageFormat::Unknown);
    assert!(errors(&r)[0].contains("not an image archive or layer"));
    let r = one(b"\xfd7zXZ\x00\x00\x04".to_vec());
    assert!(errors(&r)[0].contains("xz"));
    let r = one(Vec::new());
    assert!(errors(&r)[0].contains("empty"));
    // a JSON member too large to read
    let mut t = TarBuilder::new();
    t.file("index.json", &vec![b' '; 2000]);
    let o = InspectOptions {
        limits: Limits {
            max_json_bytes: 1000,
            ..Limits::default()
        },
        ..opts()
    };
    let r = inspect_bytes(t.finish(), &o).remove(0);
    assert!(
        errors(&r)[0].contains("over the 1000 byte limit"),
        "{:?}",
        r.errors
    );
}

#[test]
fn compressed_docker_save_is_recognised_and_explained() {
    let layers = waste_layers();
    let mut oci = Oci::default();
    let desc = oci.image(
        &layers[..1],
        Compression::None,
        history(1),
        ("linux", "amd64"),
    );
    let r = one(gzip(
        &oci.tar(serde_json::json!({"manifests": [desc]}), &[]),
    ));
    assert!(
        errors(&r)
            .iter()
            .any(|m| m.contains("gzip-compressed image archive")),
        "{:?}",
        r.errors
    );
}

#[test]
fn umoci_quirk_missing_end_blocks_is_a_warning() {
    let tar = TarBuilder::new()
        .file("hello.txt", b"hello\n")
        .finish_without_end();
    let r = one(gzip(&tar));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert!(r
        .warnings
        .iter()
        .any(|w| w.message.contains("end-of-archive")));
    assert!(r.layers[0].complete);
}

#[test]
fn progress_reports_and_cancel_stops() {
    let tar = TarBuilder::new().file("f", &vec![1u8; 3 << 20]).finish();
    let mut seen = Vec::new();
    let mut p = |i: &ProgressInfo| {
        seen.push(*i);
        true
    };
    inspect(
        &mut SliceSource(tar.clone()),
        "x",
        &opts(),
        &NoClock,
        &mut p,
    )
    .unwrap();
    let last = seen.last().unwrap();
    assert_eq!(last.bytes_done, tar.len() as u64);
    assert_eq!(last.bytes_total, tar.len() as u64);
    assert_eq!((last.layer, last.layers), (1, 1));
    assert!(seen.windows(2).all(|w| w[0].bytes_done <= w[1].bytes_done));
    let mut calls = 0;
    let mut cancel = |_: &ProgressInfo| {
        calls += 1;
        calls < 2
    };
    let res = inspect(&mut SliceSource(tar), "x", &opts(), &NoClock, &mut cancel);
    assert_eq!(res.unwrap_err(), Cancelled);
}

#[test]
fn tar_features_inside_a_layer() {
    let long = format!("usr/lib/{}", "n".repeat(150));
    let mut t = TarBuilder::new();
    t.pax_global(&[("comment", "made by a test")]);
    t.pax(&[("path", "opt/ünicode ✓.txt")]);
    t.file("placeholder", b"12345");
    t.gnu_long_name(&long, b"long");
    t.gnu_long_link("usr/lib/link", &long);
    t.entry("dev/null", b'3', None, b"", "");
    t.entry("dev/sda", b'4', None, b"", "");
    t.gnu_sparse("var/sparse.img", 1 << 30, &[1u8; 512], 1);
    t.hardlink("usr/lib/hard", &long);
    let r = one(t.finish());
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let l = &r.layers[0];
    assert_eq!((l.files, l.symlinks, l.hardlinks, l.other), (3, 1, 1, 2));
    assert_eq!(l.largest_files[0].path, "var/sparse.img");
    assert_eq!(l.largest_files[0].size, 1 << 30);
    assert!(l
        .largest_files
        .iter()
        .any(|f| f.path == "opt/ünicode ✓.txt"));
    assert!(l.largest_files.iter().any(|f| f.path == long));
}

/// Drive an [`Inspector`] the way the VS Code webview does: the host pushes chunks of odd
/// sizes from its position, sometimes re-sends a stale chunk from before the wanted offset,
/// and seeks only when the inspector wants another offset.
fn push(data: &[u8], opts: &InspectOptions, seed: u32) -> Vec<ImageReport> {
    let mut ins = Inspector::new("input", data.len() as u64, opts, &NoClock);
    let mut pos = 0u64;
    let mut x = seed;
    let mut seeks = 0;
    while let Some(w) = ins.want() {
        if w.offset != pos {
            pos = w.offset; // inspect-seek
            seeks += 1;
        }
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        let size = 1 + (x >> 8) as usize % 70_000;
        // now and then a stale chunk that starts before the wanted offset
        let start = if x.is_multiple_of(7) {
            pos.saturating_sub(100)
        } else {
            pos
        };
        let end = (start as usize + size).min(data.len());
        let used = ins
            .feed(start, &data[start as usize..end], &mut NoProgress)
            .unwrap();
        pos = start + used as u64;
        assert!(seeks < 100_000, "no progress");
    }
    ins.finish()
}

#[test]
fn pushed_chunks_give_the_same_reports_as_pulled_reads() {
    let layers = waste_layers();
    let big: Vec<u8> = (0..3_000_000u32)
        .map(|i| (i % 251) as u8 ^ (i >> 13) as u8)
        .collect();
    let big_layer = TarBuilder::new()
        .file("big.bin", &big)
        .file("after", b"x")
        .finish();
    let mut inputs = Vec::new();
    for c in [Compression::None, Compression::Gzip, Compression::Zstd] {
        let mut oci = Oci::default();
        let desc = oci.image(
            &[layers[0].clone(), big_layer.clone(), layers[1].clone()],
            c,
            history(3),
            ("linux", "amd64"),
        );
        inputs.push(oci.tar(serde_json::json!({"manifests": [desc]}), &[]));
        inputs.push(compress(c, &big_layer));
    }
    let mut truncated = gzip(&big_layer);
    truncated.truncate(truncated.len() / 2);
    inputs.push(truncated);
    let o = InspectOptions {
        sweep: Some(SweepOptions {
            layer: 0,
            max_bytes: 1 << 20,
        }),
        ..InspectOptions::default()
    };
    for (n, data) in inputs.into_iter().enumerate() {
        let pulled = serde_json::to_value(inspect_bytes(data.clone(), &o)).unwrap();
        for seed in [1, 2] {
            let pushed = serde_json::to_value(push(&data, &o, seed)).unwrap();
            assert_eq!(pushed, pulled, "input {n}, seed {seed}");
        }
    }
}

#[test]
fn a_failing_source_ends_in_an_error_not_a_hang() {
    /// Fails every read at or past `at`.
    struct Failing(Vec<u8>, u64);
    impl ByteSource for Failing {
        fn len(&self) -> u64 {
            self.0.len() as u64
        }
        fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> std::io::Result<usize> {
            if offset + buf.len() as u64 > self.1 {
                return Err(std::io::Error::other("the disk went away"));
            }
            SliceSource(&self.0[..]).read_at(offset, buf)
        }
    }
    let layers = waste_layers();
    let mut oci = Oci::default();
    let desc = oci.image(&layers, Compression::None, history(3), ("linux", "amd64"));
    let data = oci.tar(serde_json::json!({"manifests": [desc]}), &[]);
    // in the index, in a layer, in the JSON files
    for at in [0, 600, 3000, 5000, data.len() as u64 - 2000] {
        let mut src = Failing(data.clone(), at);
        let r = inspect(&mut src, "x", &opts(), &NoClock, &mut NoProgress).unwrap();
        assert!(
            r.iter().any(|r| r
                .errors
                .iter()
                .any(|e| e.message.contains("the disk went away"))),
            "fail at {at}: {:?}",
            r.iter().map(|r| &r.errors).collect::<Vec<_>>()
        );
    }
}

#[test]
fn parts_measured_apart_merge_into_the_undivided_report() {
    use crate::codec::Codec;
    let layers = waste_layers();
    let mut oci = Oci::default();
    let desc = oci.image(&layers, Compression::Gzip, history(3), ("linux", "amd64"));
    let data = oci.tar(serde_json::json!({"manifests": [desc]}), &[]);
    let whole = inspect_bytes(data.clone(), &InspectOptions::default()).remove(0);

    let part = |structure, codecs: Vec<Codec>, layers: Vec<u32>| InspectOptions {
        part: Part {
            structure,
            codecs,
            layers,
        },
        ..InspectOptions::default()
    };
    let mut merged = inspect_bytes(data.clone(), &part(true, vec![Codec::Zstd], vec![])).remove(0);
    assert!(merged.layers.iter().all(|l| l.gzip.is_none()));
    assert_eq!(merged.total.gzip_size, None);
    assert!(merged.startup.is_none());
    // gzip of the layers split over two measure-only parts, as over two workers
    for wanted in [vec![1, 3], vec![2]] {
        let p = inspect_bytes(
            data.clone(),
            &part(false, vec![Codec::Gzip], wanted.clone()),
        )
        .remove(0);
        let indexes: Vec<u32> = p.layers.iter().map(|l| l.index).collect();
        assert_eq!(indexes, wanted);
        assert!(p.layers.iter().all(|l| l.zstd.is_none() && l.files == 0));
        merge_measurements(&mut merged, &p, &AdviceOptions::default());
    }
    assert_eq!(merged, whole);
}
