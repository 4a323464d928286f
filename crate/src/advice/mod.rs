//! Start-up estimate and advice, computed from a finished image report only, so the page can
//! redo them instantly when the user changes the bandwidth.
//!
//! The estimate is a model of containerd's pull ([`pull_model`]): download, content-store
//! verification, then per layer in order decompression, diff_id check and file creation. Sizes,
//! decode times and sha256 speed are measured on this machine; what only containerd knows
//! (its decoders, creating files, its own overheads) is in [`containerd_costs`], calibrated on
//! a real registry and containerd with the method written there.

pub mod containerd_costs;
pub mod pull_model;

use crate::image::detect::Compression;
use crate::report::image::{Advice, ImageReport, LayerReport, PullEstimate, StartupEstimate};
use pull_model::{Decoder, LayerInput, MachineSpeeds};
use serde::{Deserialize, Serialize};

/// Default download bandwidth: 400 Mbit/s (50 MB/s). A sustained pull from a registry in the
/// same cloud region into a small task lands around here; home and office links are slower,
/// large instances faster. The user sets their own.
pub const DEFAULT_BANDWIDTH_MBIT_S: f64 = 400.0;

/// SOCI indexes only layers at least this large (its `--min-layer-size` default).
pub const SOCI_MIN_LAYER: u64 = 10 << 20;
/// AWS recommends SOCI for images above about this size.
pub const SOCI_RECOMMENDED_IMAGE: u64 = 250_000_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AdviceOptions {
    /// Download bandwidth in megabits per second.
    pub bandwidth_mbit_s: f64,
}

impl Default for AdviceOptions {
    fn default() -> Self {
        AdviceOptions {
            bandwidth_mbit_s: DEFAULT_BANDWIDTH_MBIT_S,
        }
    }
}

/// sha256 MB/s measured while the layers were read (the digest and diff_id checks), or the
/// calibration machine's when digests were not checked. In wasm the measurement is not used:
/// wasm has no SHA instructions, so its sha256 runs several times slower than containerd's Go
/// sha256 on the same CPU and would say nothing about it.
fn sha256_mb_s(img: &ImageReport) -> f64 {
    if cfg!(target_arch = "wasm32") {
        return containerd_costs::FALLBACK_SHA256_MB_S;
    }
    let (bytes, ms) = img
        .layers
        .iter()
        .filter_map(|l| l.sha256)
        .fold((0u64, 0.0), |(b, m), h| (b + h.bytes, m + h.ms));
    // below ~64 MiB the clock's resolution (0.1 ms in browsers) makes the rate unreliable
    if bytes >= 64 << 20 && ms > 0.0 {
        bytes as f64 / 1e3 / ms
    } else {
        containerd_costs::FALLBACK_SHA256_MB_S
    }
}

/// One layer for the model, with the blob size and our decode time of one codec.
fn layer_input(l: &LayerReport, size: u64, decode_ms: f64, decoder: Decoder) -> LayerInput {
    LayerInput {
        compressed: size,
        uncompressed: l.uncompressed_size,
        decode_ms,
        entries: l.entries,
        file_bytes: l.file_bytes,
        decoder,
    }
}

/// gzip vs zstd at `bandwidth_mbit_s`; `None` unless every layer was measured.
pub fn startup_estimate(img: &ImageReport, bandwidth_mbit_s: f64) -> Option<StartupEstimate> {
    if img.layers.is_empty()
        || bandwidth_mbit_s.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater)
    {
        return None;
    }
    let speeds = MachineSpeeds {
        bandwidth_mbit_s,
        sha256_mb_s: sha256_mb_s(img),
    };
    let what_if = |decoder: Decoder| -> Option<PullEstimate> {
        let layers = img
            .layers
            .iter()
            .map(|l| {
                let m = match decoder {
                    Decoder::Zstd => l.zstd.as_ref()?,
                    _ => l.gzip.as_ref()?,
                };
                Some(layer_input(l, m.size, m.decode_ms, decoder))
            })
            .collect::<Option<Vec<_>>>()?;
        Some(pull_model::estimate(&layers, &speeds))
    };
    let gzip = what_if(Decoder::Gzip)?;
    let zstd = what_if(Decoder::Zstd)?;
    let as_stored = img
        .layers
        .iter()
        .map(|l| {
            let o = l.original.as_ref()?;
            let decoder = match o.compression {
                Compression::Zstd => Decoder::Zstd,
                _ => Decoder::Gzip,
            };
            Some(layer_input(l, l.stored_size, o.decode_ms, decoder))
        })
        .collect::<Option<Vec<_>>>()
        .map(|layers| pull_model::estimate(&layers, &speeds));
    let saving_s = gzip.total_s - zstd.total_s;
    Some(StartupEstimate {
        bandwidth_mbit_s,
        saving_bytes: gzip.bytes as i64 - zstd.bytes as i64,
        saving_percent: if gzip.total_s > 0.0 {
            saving_s / gzip.total_s * 100.0
        } else {
            0.0
        },
        saving_s,
        gzip,
        zstd,
        as_stored,
    })
}

/// Megabytes (10^6) with one decimal.
fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn secs(s: f64) -> String {
    if s < 10.0 {
        format!("{s:.2} s")
    } else {
        format!("{s:.1} s")
    }
}

fn advice(id: &str, message: String) -> Advice {
    Advice {
        id: id.to_string(),
        message,
        rule: None,
    }
}

/// The estimate and the advice for one image.
pub fn advise(img: &ImageReport, opts: &AdviceOptions) -> (Option<StartupEstimate>, Vec<Advice>) {
    let est = startup_estimate(img, opts.bandwidth_mbit_s);
    let mut out = Vec::new();
    let n = img.layers.len();
    let zstd_layers = img
        .layers
        .iter()
        .filter(|l| l.compression == Compression::Zstd)
        .count();
    let all_zstd = n > 0 && zstd_layers == n;
    // what a registry would serve: the stored size when compressed, else the measured gzip
    // size (a docker-archive's uncompressed layers are gzipped on push)
    let served = |l: &LayerReport| match (l.compression, &l.gzip) {
        (Compression::None, Some(g)) => g.size,
        _ => l.stored_size,
    };
    let served_total: u64 = img.layers.iter().map(served).sum();

    if let Some(e) = &est {
        let speed = |bytes: u64, s: f64| {
            if s > 0.0 {
                format!("{:.0} MB/s", bytes as f64 / 1e6 / s)
            } else {
                "-".into()
            }
        };
        let unc = img.total.uncompressed_size;
        if all_zstd {
            out.push(advice(
                "zstd",
                format!(
                    "The layers are already zstd. containerd would decompress the {} of layers in about {} ({}) where gzip-6 would take {} ({}).",
                    mb(unc), secs(e.zstd.decompress_s), speed(unc, e.zstd.decompress_s),
                    secs(e.gzip.decompress_s), speed(unc, e.gzip.decompress_s)
                ),
            ));
        } else if e.saving_s > 0.0 {
            let size = if e.saving_bytes >= 0 {
                format!(
                    "{} smaller ({:.1}%)",
                    mb(e.saving_bytes as u64),
                    e.saving_bytes as f64 * 100.0 / e.gzip.bytes.max(1) as f64
                )
            } else {
                format!("{} larger", mb(e.saving_bytes.unsigned_abs()))
            };
            out.push(advice(
                "zstd",
                format!(
                    "With zstd-3 instead of gzip-6 the layers would be {size} and containerd would decompress them in about {} instead of {}: \
                     the pull at {:.0} Mbit/s takes about {} instead of {} ({:.0}% less; downloading, verifying and writing the files \
                     stay). Build with `docker buildx build --output type=image,compression=zstd,compression-level=3,force-compression=true,push=true`.",
                    secs(e.zstd.decompress_s), secs(e.gzip.decompress_s), e.bandwidth_mbit_s,
                    secs(e.zstd.total_s), secs(e.gzip.total_s), e.saving_percent
                ),
            ));
        } else {
            out.push(advice(
                "zstd",
                format!(
                    "zstd-3 would not start this image faster at {:.0} Mbit/s ({} vs {} with gzip-6): keep gzip.",
                    e.bandwidth_mbit_s, secs(e.zstd.total_s), secs(e.gzip.total_s)
                ),
            ));
        }
    }

    // SOCI: gzip or uncompressed layers of at least 10 MiB can be indexed
    let eligible = img
        .layers
        .iter()
        .filter(|l| l.compression != Compression::Zstd && served(l) >= SOCI_MIN_LAYER)
        .count();
    let served = served_total;
    let soci_size = if served >= SOCI_RECOMMENDED_IMAGE {
        format!("At {} this image is above the ~250 MB where AWS recommends SOCI lazy loading (Fargate, ECR)", mb(served))
    } else {
        format!(
            "At {} this image is below the ~250 MB where AWS recommends SOCI lazy loading",
            mb(served)
        )
    };
    let zstd_note = if zstd_layers > 0 {
        format!(" {zstd_layers} zstd layer(s) cannot be lazy-loaded: SOCI indexes only gzip and uncompressed layers.")
    } else {
        " SOCI does not lazy-load zstd layers: choose zstd (faster full pulls) or SOCI (start before the pull ends), not both.".to_string()
    };
    out.push(advice(
        "soci",
        format!("{soci_size}; {eligible} of {n} layers are large enough to be indexed (gzip or uncompressed, at least 10 MiB).{zstd_note}"),
    ));

    if est.as_ref().is_some_and(|e| e.saving_s > 0.0) || zstd_layers > 0 {
        out.push(advice(
            "docker-engine-zstd",
            "Docker Engine's classic image store cannot run zstd layers; containerd can (ECS on Fargate platform 1.4+, EKS, \
             Docker with the containerd image store). Keep a gzip variant for anyone still on classic Docker."
                .to_string(),
        ));
    }

    out.push(advice(
        "ecs-pull-behavior",
        "On the ECS EC2 launch type, set ECS_IMAGE_PULL_BEHAVIOR=prefer-cached (or once) in the agent config so a task \
         reuses an image already on the instance; Fargate never caches images, so every task start pays the full pull."
            .to_string(),
    ));

    if let Some(e) = &est {
        out.push(steps_advice(
            e.as_stored.as_ref().unwrap_or(&e.gzip),
            e.bandwidth_mbit_s,
        ));
    }

    let t = &img.total;
    if t.wasted_bytes >= 1_000_000 {
        let worst = img.wasted_files.first().map(|w| {
            let made_by = img
                .layers
                .get(w.layer as usize - 1)
                .and_then(|l| l.created_by.as_deref())
                .map(|c| format!(", made by `{}`", shorten(c, 80)))
                .unwrap_or_default();
            format!(
                " The largest: {} ({}, layer {}{made_by}; hidden by layer {}).",
                w.path,
                mb(w.size),
                w.layer,
                w.hidden_by
            )
        });
        out.push(advice(
            "wasted-space",
            format!(
                "{} of file data ({:.1}% of what the layers ship) is overwritten or deleted by later layers and still pulled.{} \
                 Remove files in the same RUN that creates them, or copy only what is needed from a build stage.",
                mb(t.wasted_bytes),
                (1.0 - t.efficiency) * 100.0,
                worst.unwrap_or_default()
            ),
        ));
    }

    if let Some(base) = img.layers.first() {
        let share = base.uncompressed_size as f64 / t.uncompressed_size.max(1) as f64;
        if n > 1 && base.uncompressed_size >= 100_000_000 {
            out.push(Advice {
                id: "heavy-base".to_string(),
                message: format!(
                    "The first layer, usually the base image, is {} uncompressed ({:.0}% of the image). A smaller base \
                     (slim, alpine, distroless) shortens every pull; see rule LL201.",
                    mb(base.uncompressed_size),
                    share * 100.0
                ),
                rule: Some("LL201".to_string()),
            });
        }
    }
    (est, out)
}

/// Which step of the pull dominates, and what helps it. Everything but the download is CPU
/// work that containerd 1.6 does one layer after another: a larger task size (more vCPU) does
/// not run it in parallel, though it may run it on a faster core.
fn steps_advice(p: &PullEstimate, bandwidth_mbit_s: f64) -> Advice {
    let total = p.total_s.max(f64::MIN_POSITIVE);
    let pct = |s: f64| s / total * 100.0;
    let cpu_s = p.verify_s + p.decompress_s + p.write_s;
    let steps = [
        (p.download_s, "downloading", "a smaller image (or a faster link) shortens it"),
        (p.verify_s, "storing and verifying the blobs (sha256, content-store writes, a request per blob)", "a smaller image or fewer layers shorten it"),
        (p.decompress_s, "decompressing", "zstd decompresses several times faster than gzip"),
        (p.write_s, "creating the files", "fewer, larger files shorten it: containerd creates every file, directory and link one by one"),
        (p.setup_s, "setting up (ctr, a snapshot per layer)", "fewer layers shorten it"),
    ];
    let (top_s, top, help) = steps
        .into_iter()
        .fold(steps[0], |a, b| if b.0 > a.0 { b } else { a });
    advice(
        "vcpu",
        format!(
            "At {bandwidth_mbit_s:.0} Mbit/s the largest step of the pull is {top} ({} of {}, {:.0}%): {help}. \
             {:.0}% of the pull is CPU work (verifying, decompressing, creating files) that containerd 1.6 does one layer \
             after another; gzip decoding and file creation use one core each, so more vCPU shortens it little.",
            secs(top_s),
            secs(p.total_s),
            pct(top_s),
            pct(cpu_s),
        ),
    )
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::{Codec, Measurement};
    use crate::report::image::{HashTiming, ImageFormat, ImageTotal};

    fn m(codec: Codec, size: u64, decode_ms: f64) -> Measurement {
        Measurement {
            codec,
            level: codec.default_level(),
            input_bytes: 0,
            size,
            encode_ms: 0.0,
            decode_ms,
            encode_mb_s: 0.0,
            decode_mb_s: 0.0,
        }
    }

    fn layer(stored: u64, unc: u64, c: Compression, gz: (u64, f64), zs: (u64, f64)) -> LayerReport {
        LayerReport {
            index: 1,
            media_type: c.oci_media_type().into(),
            compression: c,
            stored_size: stored,
            uncompressed_size: unc,
            gzip: Some(m(Codec::Gzip, gz.0, gz.1)),
            zstd: Some(m(Codec::Zstd, zs.0, zs.1)),
            complete: true,
            ..LayerReport::default()
        }
    }

    fn image(layers: Vec<LayerReport>) -> ImageReport {
        let unc = layers.iter().map(|l| l.uncompressed_size).sum();
        ImageReport {
            path: "x".into(),
            format: ImageFormat::Layer,
            reference: None,
            platform: None,
            platforms: vec![],
            manifest_digest: None,
            config_digest: None,
            layers,
            history: vec![],
            total: ImageTotal {
                layers: 1,
                stored_size: 0,
                uncompressed_size: unc,
                file_bytes: 0,
                wasted_bytes: 0,
                efficiency: 1.0,
                visible_file_bytes: 0,
                gzip_size: None,
                zstd_size: None,
                complete: true,
            },
            wasted_files: vec![],
            startup: None,
            advice: vec![],
            sweep: None,
            errors: vec![],
            warnings: vec![],
        }
    }

    #[test]
    fn estimate_models_each_codec_with_the_measured_sizes_decode_times_and_sha256() {
        // 100 MB gzip decoding in 400 ms, 90 MB zstd in 100 ms, at 800 Mbit/s = 100 MB/s
        let mut l = layer(
            250_000_000,
            250_000_000,
            Compression::None,
            (100_000_000, 400.0),
            (90_000_000, 100.0),
        );
        l.entries = 2000;
        // sha256 at 500 MB/s, measured while reading the layer
        l.sha256 = Some(HashTiming {
            bytes: 250_000_000,
            ms: 500.0,
        });
        let img = image(vec![l]);
        let e = startup_estimate(&img, 800.0).unwrap();
        assert!((e.gzip.download_s - 1.0).abs() < 1e-9);
        assert!((e.zstd.download_s - 0.9).abs() < 1e-9);
        let go = |ms: f64, factor: f64| ms / 1e3 * factor;
        assert!(
            (e.gzip.decompress_s - go(400.0, containerd_costs::GO_GZIP_DECODE_FACTOR)).abs() < 1e-9
        );
        assert!(
            (e.zstd.decompress_s - go(100.0, containerd_costs::GO_ZSTD_DECODE_FACTOR)).abs() < 1e-9
        );
        // the diff_id hash of 250 MB at the measured 500 MB/s is part of verifying
        if cfg!(not(target_arch = "wasm32")) {
            assert_eq!(sha256_mb_s(&img), 500.0);
        }
        assert!(e.gzip.verify_s >= 250.0 / sha256_mb_s(&img) - 1e-9);
        // only the blob sizes and the decoders differ between the codecs
        assert_eq!(e.gzip.write_s, e.zstd.write_s);
        assert_eq!(e.gzip.setup_s, e.zstd.setup_s);
        assert!((e.saving_s - (e.gzip.total_s - e.zstd.total_s)).abs() < 1e-12);
        assert_eq!(e.saving_bytes, 10_000_000);
        assert!(e.as_stored.is_none());
        // at a slower link the download dominates
        let slow = startup_estimate(&img, 80.0).unwrap();
        assert!(slow.gzip.download_s > 9.9);
        assert!(slow.gzip.download_s > slow.gzip.total_s / 2.0);
        assert!(startup_estimate(&img, 0.0).is_none());
        assert!(startup_estimate(&img, f64::NAN).is_none());
    }

    #[test]
    fn advice_names_soci_zstd_conflict_and_base_rule() {
        let mut img = image(vec![
            layer(
                130_000_000,
                300_000_000,
                Compression::None,
                (110_000_000, 600.0),
                (105_000_000, 150.0),
            ),
            layer(
                5_000,
                10_000,
                Compression::None,
                (2_000, 0.1),
                (2_000, 0.05),
            ),
        ]);
        img.total.uncompressed_size = 300_010_000;
        let (est, adv) = advise(&img, &AdviceOptions::default());
        assert!(est.is_some());
        let ids: Vec<&str> = adv.iter().map(|a| a.id.as_str()).collect();
        for id in [
            "zstd",
            "soci",
            "docker-engine-zstd",
            "ecs-pull-behavior",
            "vcpu",
            "heavy-base",
        ] {
            assert!(ids.contains(&id), "{id} missing from {ids:?}");
        }
        let soci = adv.iter().find(|a| a.id == "soci").unwrap();
        assert!(soci.message.contains("1 of 2 layers"), "{}", soci.message);
        assert!(soci.message.contains("not both"));
        let base = adv.iter().find(|a| a.id == "heavy-base").unwrap();
        assert_eq!(base.rule.as_deref(), Some("LL201"));
    }

    #[test]
    fn the_steps_advice_names_the_largest_step_of_the_pull() {
        let slow_link = PullEstimate {
            setup_s: 0.2,
            download_s: 8.0,
            verify_s: 0.3,
            decompress_s: 1.0,
            write_s: 0.5,
            total_s: 10.0,
            ..PullEstimate::default()
        };
        let a = steps_advice(&slow_link, 100.0);
        assert!(
            a.message.contains("is downloading (8.00 s of 10.0 s, 80%)"),
            "{}",
            a.message
        );
        assert!(
            a.message.contains("18% of the pull is CPU work"),
            "{}",
            a.message
        );
        let many_files = PullEstimate {
            download_s: 0.5,
            write_s: 3.0,
            total_s: 5.0,
            ..slow_link
        };
        let a = steps_advice(&many_files, 1000.0);
        assert!(a.message.contains("is creating the files"), "{}", a.message);
        assert!(a.message.contains("fewer, larger files"), "{}", a.message);
    }

    #[test]
    fn without_measurements_only_structural_advice() {
        let mut l = layer(1000, 1000, Compression::Zstd, (0, 0.0), (0, 0.0));
        l.gzip = None;
        l.zstd = None;
        let (est, adv) = advise(&image(vec![l]), &AdviceOptions::default());
        assert!(est.is_none());
        let soci = adv.iter().find(|a| a.id == "soci").unwrap();
        assert!(soci.message.contains("cannot be lazy-loaded"));
        assert!(adv.iter().any(|a| a.id == "docker-engine-zstd"));
        assert!(!adv.iter().any(|a| a.id == "zstd"));
    }
}
