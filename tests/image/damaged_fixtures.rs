//! The real image fixtures (`make-images.sh --small`), damaged the way a download or a copy
//! damages them: cut short, bytes flipped, a 512-byte block overwritten or zeroed. Every
//! damaged archive must be inspected to the end without a panic, and a cut-short one must never
//! come back as a clean report: the page runs this code in a worker on whatever is dropped.
//!
//! The damage is pseudo-random from a fixed seed, so a failure names a case that reproduces.

use layerlint::host::{NoClock, NoProgress};
use layerlint::image::{inspect, InspectOptions, ReadSeekSource};
use layerlint::report::image::ImageReport;
use layerlint_tests::damage::{catch_quietly, Rng};
use layerlint_tests::small_fixtures_or_skip;
use std::io::Cursor;

/// Every shape the fixtures come in: image archives of each kind, and single layers.
const ARCHIVES: &[&str] = &[
    "tiny-busybox.docker-archive.tar",
    "tiny-busybox.docker25-save.tar",
    "tiny-busybox.oci.tar",
    "tiny-busybox.oci-zstd.tar",
    "tiny-busybox.layer1.tar",
    "tiny-busybox.layer1.tar.gz",
    "tiny-busybox.layer1.tar.zst",
];

const CASES_PER_ARCHIVE: u64 = 30;

/// GNU tar pads an archive to a 10 KiB record after its end blocks: cutting inside that
/// padding loses nothing, so cuts are made before it.
const RECORD: usize = 10_240;

enum Damage {
    /// Cut to this many bytes (always before the record padding).
    Cut(usize),
    /// These bytes XOR-ed with a non-zero value.
    Flips(Vec<usize>),
    /// The 512-byte block at this offset filled with this byte.
    Block(usize, u8),
}

impl Damage {
    fn pick(len: usize, rng: &mut Rng) -> Damage {
        match rng.below(3) {
            0 => Damage::Cut(rng.below(len.saturating_sub(RECORD).max(1))),
            1 => Damage::Flips((0..1 + rng.below(8)).map(|_| rng.below(len)).collect()),
            _ => Damage::Block(rng.below(len / 512) * 512, [0, 0xff][rng.below(2)]),
        }
    }

    fn apply(&self, bytes: &[u8]) -> Vec<u8> {
        let mut out = bytes.to_vec();
        match self {
            Damage::Cut(at) => out.truncate(*at),
            Damage::Flips(at) => {
                for &i in at {
                    out[i] ^= 0x5a;
                }
            }
            Damage::Block(at, fill) => {
                let end = (*at + 512).min(out.len());
                out[*at..end].fill(*fill);
            }
        }
        out
    }

    fn describe(&self) -> String {
        match self {
            Damage::Cut(at) => format!("cut to {at} bytes"),
            Damage::Flips(at) => format!("bytes {at:?} flipped"),
            Damage::Block(at, fill) => format!("block at {at} filled with {fill:#04x}"),
        }
    }
}

/// Structure and digests only: the codec measurement adds nothing here but time.
fn structural() -> InspectOptions {
    InspectOptions {
        measure: false,
        ..InspectOptions::default()
    }
}

/// Whether the reports admit that something is wrong or missing.
fn says_something(reports: &[ImageReport]) -> bool {
    reports.is_empty()
        || reports.iter().any(|r| {
            !r.errors.is_empty()
                || !r.warnings.is_empty()
                || !r.total.complete
                || r.layers.iter().any(|l| !l.complete)
        })
}

#[test]
fn damaged_archives_are_inspected_without_panicking_and_cuts_are_reported() {
    let dir = small_fixtures_or_skip!();
    let (mut failures, mut cuts_reported) = (Vec::new(), 0);
    for (index, name) in ARCHIVES.iter().enumerate() {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        // The undamaged archive is clean: so a report that speaks below is the damage's doing.
        let clean = inspect_bytes(name, bytes.clone()).expect("the fixture inspects");
        assert!(
            !says_something(&clean),
            "{name}: the undamaged fixture has problems"
        );
        for n in 0..CASES_PER_ARCHIVE {
            let mut rng = Rng::new(((index as u64) << 16) | n);
            let damage = Damage::pick(bytes.len(), &mut rng);
            let case = format!("{name}, {}", damage.describe());
            match inspect_bytes(name, damage.apply(&bytes)) {
                Err(panic) => failures.push(format!("{case}: panicked: {panic}")),
                Ok(reports) => {
                    if matches!(damage, Damage::Cut(_)) {
                        if says_something(&reports) {
                            cuts_reported += 1;
                        } else {
                            failures.push(format!("{case}: reported as if whole"));
                        }
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The seeds give every kind of damage; a change to them must keep cuts among the cases.
    assert!(
        cuts_reported >= 10,
        "only {cuts_reported} cut archives among the cases"
    );
}

/// Inspect in memory; a panic comes back as its message.
fn inspect_bytes(name: &str, bytes: Vec<u8>) -> Result<Vec<ImageReport>, String> {
    catch_quietly(|| {
        let mut src = ReadSeekSource::new(Cursor::new(bytes)).unwrap();
        inspect(&mut src, name, &structural(), &NoClock, &mut NoProgress)
            .expect("nothing cancels it")
    })
}
