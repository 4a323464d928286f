//! `layerlint inspect`'s text output, a pure function of the report (the CLI prints it).

use crate::image::path::display_safe;
use crate::report::image::{ImageReport, LayerReport};
use std::fmt::Write;

/// A size for people: `1.2 MB`, `340.0 kB`, `12 B` (decimal units, as registries show).
fn human(bytes: u64) -> String {
    let b = bytes as f64;
    if b >= 1e9 {
        format!("{:.2} GB", b / 1e9)
    } else if b >= 1e6 {
        format!("{:.1} MB", b / 1e6)
    } else if b >= 1e3 {
        format!("{:.1} kB", b / 1e3)
    } else {
        format!("{bytes} B")
    }
}

/// A layer's size and encode/decode speed in one codec, or `-` when it was not measured.
fn measured(m: &Option<crate::codec::Measurement>) -> String {
    match m {
        Some(m) => format!(
            "{:>9} {:>4.0}/{:<4.0}",
            human(m.size),
            m.encode_mb_s,
            m.decode_mb_s
        ),
        None => format!("{:>19}", "-"),
    }
}

fn layer_row(out: &mut String, l: &LayerReport) {
    let created = l
        .created_by
        .as_deref()
        .map(|c| display_safe(&c.chars().take(60).collect::<String>()))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "  {:>2} {:<4} {:>9} {:>9} {:>6} {:>5} {:>5} {:>4} {:>9}  {}  {}  {}",
        l.index,
        l.compression.as_str(),
        human(l.stored_size),
        human(l.uncompressed_size),
        l.files,
        l.dirs,
        l.symlinks + l.hardlinks,
        l.whiteouts + l.opaque_dirs,
        human(l.wasted_bytes),
        measured(&l.gzip),
        measured(&l.zstd),
        created
    );
}

/// One image of `layerlint inspect`'s text output: the layer table, totals, largest and
/// wasted files, the level sweep, the start-up breakdown, advice, warnings and errors. Every
/// name from the archive is shown through `display_safe` (no terminal escapes).
pub fn inspect_text(img: &ImageReport) -> String {
    let mut out = String::new();
    let fmt = serde_name(img.format);
    let _ = writeln!(
        out,
        "{}  {fmt}{}{}",
        display_safe(&img.path),
        img.platform
            .as_deref()
            .map(|p| format!("  {p}"))
            .unwrap_or_default(),
        img.reference
            .as_deref()
            .map(|r| format!("  {}", display_safe(r)))
            .unwrap_or_default()
    );
    if !img.layers.is_empty() {
        let _ =
            writeln!(out,
            "  {:>2} {:<4} {:>9} {:>9} {:>6} {:>5} {:>5} {:>4} {:>9}  {:>19}  {:>19}  created by",
            "#",
            "comp",
            "stored",
            "tar",
            "files",
            "dirs",
            "links",
            "wh",
            "wasted",
            "gzip-6 size enc/dec",
            "zstd-3 size enc/dec"
        );
        for l in &img.layers {
            layer_row(&mut out, l);
        }
        let t = &img.total;
        let _ = writeln!(
            out,
            "  total: {} stored, {} uncompressed, {} wasted, efficiency {:.1}%{}",
            human(t.stored_size),
            human(t.uncompressed_size),
            human(t.wasted_bytes),
            t.efficiency * 100.0,
            match (t.gzip_size, t.zstd_size) {
                (Some(g), Some(z)) => format!(", gzip-6 {} vs zstd-3 {}", human(g), human(z)),
                _ => String::new(),
            }
        );
        let _ = writeln!(out, "  (enc/dec: MB/s on this machine, one core)");
        let _ = writeln!(out, "  largest files:");
        for l in &img.layers {
            for f in l.largest_files.iter().take(3) {
                let _ = writeln!(
                    out,
                    "    {:>9}  {}  (layer {})",
                    human(f.size),
                    display_safe(&f.path),
                    l.index
                );
            }
        }
    }
    if !img.wasted_files.is_empty() {
        let _ = writeln!(out, "  largest wasted copies:");
        for w in img.wasted_files.iter().take(5) {
            let how = serde_name(w.how);
            let _ = writeln!(
                out,
                "    {:>9}  {}  (layer {}, {how} by layer {})",
                human(w.size),
                display_safe(&w.path),
                w.layer,
                w.hidden_by
            );
        }
    }
    if let Some(s) = &img.sweep {
        let _ = writeln!(
            out,
            "  level sweep of layer {} ({}{}):",
            s.layer,
            human(s.input_bytes),
            if s.whole_layer { "" } else { ", its start" }
        );
        for m in &s.points {
            let _ = writeln!(
                out,
                "    {}-{:<2} {:>9}  {:>5.1}%  enc {:>6.1} MB/s  dec {:>6.0} MB/s",
                m.codec.as_str(),
                m.level,
                human(m.size),
                m.size as f64 * 100.0 / m.input_bytes.max(1) as f64,
                m.encode_mb_s,
                m.decode_mb_s
            );
        }
    }
    if let Some(e) = &img.startup {
        let _ = writeln!(out,
            "  start-up at {:.0} Mbit/s (containerd pull: setup + download + verify + decompress + write files):",
            e.bandwidth_mbit_s
        );
        let rows = [
            ("gzip-6", Some(&e.gzip)),
            ("zstd-3", Some(&e.zstd)),
            ("as stored", e.as_stored.as_ref()),
        ];
        for (name, p) in rows {
            if let Some(p) = p {
                let _ = writeln!(
                    out,
                    "    {name:<9} {:>6.2} s = {:.2} + {:.2} + {:.2} + {:.2} + {:.2}",
                    p.total_s, p.setup_s, p.download_s, p.verify_s, p.decompress_s, p.write_s
                );
            }
        }
    }
    for a in &img.advice {
        let _ = writeln!(out, "  advice [{}]: {}", a.id, display_safe(&a.message));
    }
    for (kind, problems) in [("warning", &img.warnings), ("error", &img.errors)] {
        for p in problems {
            let _ = writeln!(
                out,
                "  {kind}{}: {}",
                layer_tag(p.layer),
                display_safe(&p.message)
            );
        }
    }
    let _ = writeln!(out);
    out
}

/// The name an enum value has in the JSON report (`docker-archive`, `hidden`, …), so the text
/// and the JSON say the same.
fn serde_name(value: impl serde::Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

fn layer_tag(layer: Option<u32>) -> String {
    layer.map(|l| format!(" (layer {l})")).unwrap_or_default()
}
