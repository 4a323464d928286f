//! `layerlint inspect`: read image archives or layers, print what each layer holds, what is
//! wasted and how gzip and zstd do here; exit 1 when a CI threshold is exceeded.

use crate::exit;
use layerlint::advice::AdviceOptions;
use layerlint::host::{Clock, Progress, ProgressInfo};
use layerlint::image::{self, InspectOptions, ReadSeekSource, SweepOptions};
use layerlint::output::inspect_text;
use layerlint::report::image::{ImageReport, InspectReport};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

#[derive(clap::Args)]
pub struct InspectArgs {
    /// Image archives (`docker save`, `podman save`, OCI archives) or single layers
    /// (`.tar`, `.tar.gz`, `.tar.zst`); recognised by content, not by name.
    #[arg(required = true)]
    archives: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Skip the gzip/zstd measurement: a fast structural report.
    #[arg(long)]
    no_measure: bool,
    /// Skip the sha256 checks of blobs and diff_ids.
    #[arg(long)]
    no_verify: bool,
    /// Platform to pick from a multi-platform image, as os/arch[/variant].
    /// [default: linux/amd64 when present, else the first]
    #[arg(long)]
    platform: Option<String>,
    /// Download bandwidth for the start-up estimate, in Mbit/s.
    #[arg(long, default_value_t = layerlint::advice::DEFAULT_BANDWIDTH_MBIT_S)]
    bandwidth: f64,
    /// Also measure zstd 1/3/9/19 and gzip 1/6/9 on this layer (1-based; 0 = the largest).
    #[arg(long)]
    sweep: Option<u32>,
    /// How much of the swept layer to measure (zstd-19 runs at 1-2 MB/s).
    #[arg(long, value_parser = parse_size, default_value = "32MiB")]
    sweep_bytes: u64,
    /// Exit 1 when an image wastes more than this (e.g. 10MB, 1.5GiB, 123456).
    #[arg(long, value_parser = parse_size)]
    max_wasted_bytes: Option<u64>,
    /// Exit 1 when an image's efficiency is below this (0.95 or 95%).
    #[arg(long, value_parser = parse_fraction)]
    min_efficiency: Option<f64>,
    /// Exit 1 when an image's uncompressed size is over this (e.g. 500MB).
    #[arg(long, value_parser = parse_size)]
    max_size: Option<u64>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

/// `Instant` is the CLI's clock; the library only ever sees `now_ms`.
struct InstantClock(Instant);

impl Clock for InstantClock {
    fn now_ms(&self) -> f64 {
        self.0.elapsed().as_secs_f64() * 1e3
    }
}

/// A one-line progress display on a terminal's stderr.
struct StderrProgress<'a> {
    clock: &'a InstantClock,
    name: String,
    start: f64,
    last: f64,
}

impl Progress for StderrProgress<'_> {
    fn update(&mut self, p: &ProgressInfo) -> bool {
        let now = self.clock.now_ms();
        if now - self.last >= 200.0 {
            self.last = now;
            let secs = (now - self.start) / 1e3;
            let rate = if secs > 0.0 {
                p.bytes_done as f64 / 1e6 / secs
            } else {
                0.0
            };
            let pct = p.bytes_done as f64 * 100.0 / p.bytes_total.max(1) as f64;
            eprint!(
                "\r\x1b[2K{}: layer {}/{} {pct:.0}% {rate:.0} MB/s",
                self.name, p.layer, p.layers
            );
        }
        true
    }
}

pub fn run(args: InspectArgs) -> u8 {
    let opts = InspectOptions {
        platform: args.platform.clone(),
        measure: !args.no_measure,
        verify_digests: !args.no_verify,
        sweep: args.sweep.map(|layer| SweepOptions {
            layer,
            max_bytes: args.sweep_bytes,
        }),
        advice: AdviceOptions {
            bandwidth_mbit_s: args.bandwidth,
        },
        ..InspectOptions::default()
    };
    let clock = InstantClock(Instant::now());
    let show_progress = args.format == Format::Text && std::io::stderr().is_terminal();
    let mut images = Vec::new();
    let mut failed = false;
    for path in &args.archives {
        let name = path.display().to_string();
        if path.is_dir() {
            eprintln!("layerlint: {name} is a directory; tar an OCI layout first: tar -cf image.tar -C {name} .");
            failed = true;
            continue;
        }
        let mut src = match std::fs::File::open(path).and_then(ReadSeekSource::new) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("layerlint: cannot read {name}: {e}");
                failed = true;
                continue;
            }
        };
        let result = if show_progress {
            let now = clock.now_ms();
            let mut p = StderrProgress {
                clock: &clock,
                name: name.clone(),
                start: now,
                last: now,
            };
            let r = image::inspect(&mut src, &name, &opts, &clock, &mut p);
            eprint!("\r\x1b[2K");
            r
        } else {
            image::inspect(
                &mut src,
                &name,
                &opts,
                &clock,
                &mut layerlint::host::NoProgress,
            )
        };
        match result {
            Ok(mut r) => images.append(&mut r),
            Err(e) => {
                eprintln!("layerlint: {name}: {e}");
                failed = true;
            }
        }
    }
    let report = InspectReport::new(images);
    match args.format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("a report always serializes")
        ),
        Format::Text => {
            for img in &report.images {
                print!("{}", inspect_text(img));
            }
        }
    }
    let mut exceeded = false;
    for img in &report.images {
        failed |= !img.errors.is_empty();
        for why in thresholds(img, &args) {
            eprintln!("layerlint: {}: {why}", img.path);
            exceeded = true;
        }
    }
    if failed {
        exit::ERROR
    } else if exceeded {
        exit::FINDINGS
    } else {
        exit::CLEAN
    }
}

/// The CI thresholds an image exceeds, as messages.
fn thresholds(img: &ImageReport, args: &InspectArgs) -> Vec<String> {
    let t = &img.total;
    let mut out = Vec::new();
    if let Some(max) = args.max_wasted_bytes {
        if t.wasted_bytes > max {
            out.push(format!(
                "wasted {} bytes, more than --max-wasted-bytes {max}",
                t.wasted_bytes
            ));
        }
    }
    if let Some(min) = args.min_efficiency {
        if t.efficiency < min {
            out.push(format!(
                "efficiency {:.4}, below --min-efficiency {min}",
                t.efficiency
            ));
        }
    }
    if let Some(max) = args.max_size {
        if t.uncompressed_size > max {
            out.push(format!(
                "{} bytes uncompressed, more than --max-size {max}",
                t.uncompressed_size
            ));
        }
    }
    out
}

/// `123`, `10MB`, `1.5GiB`, `500k`: decimal units are powers of 1000, `i` units of 1024.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: f64 = num
        .parse()
        .map_err(|_| format!("`{s}` is not a size like 500MB or 1GiB"))?;
    let mult: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kb" => 1e3,
        "m" | "mb" => 1e6,
        "g" | "gb" => 1e9,
        "t" | "tb" => 1e12,
        "ki" | "kib" => 1024.0,
        "mi" | "mib" => 1024.0 * 1024.0,
        "gi" | "gib" => 1024.0 * 1024.0 * 1024.0,
        u => {
            return Err(format!(
                "unknown size unit `{u}` (use B, kB, MB, GB, KiB, MiB, GiB)"
            ))
        }
    };
    Ok((n * mult).round() as u64)
}

/// `0.95` or `95%`.
fn parse_fraction(s: &str) -> Result<f64, String> {
    let (num, scale) = match s.trim().strip_suffix('%') {
        Some(p) => (p, 100.0),
        None => (s.trim(), 1.0),
    };
    let v: f64 = num
        .parse()
        .map_err(|_| format!("`{s}` is not a fraction like 0.95 or 95%"))?;
    let v = v / scale;
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("`{s}` is not between 0 and 1 (or 0% and 100%)"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_fractions() {
        assert_eq!(parse_size("123"), Ok(123));
        assert_eq!(parse_size("10MB"), Ok(10_000_000));
        assert_eq!(parse_size("1.5GiB"), Ok(1_610_612_736));
        assert_eq!(parse_size("32MiB"), Ok(32 << 20));
        assert!(parse_size("ten").is_err());
        assert!(parse_size("5 parsecs").is_err());
        assert_eq!(parse_fraction("95%"), Ok(0.95));
        assert_eq!(parse_fraction("0.9"), Ok(0.9));
        assert!(parse_fraction("1.5").is_err());
    }
}
