//! `inspect` end to end on the full fixture (`make-images.sh target/fixtures-full`, a 380 MB
//! docker-archive with a 250 MB layer; the small fixture if the full one is absent):
//! structure only (decode, hash, walk, waste) and with the gzip/zstd measurement.
//! Run: `cargo bench -p layerlint --profile release-cli --bench inspect`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use layerlint::host::{NoClock, NoProgress};
use layerlint::image::{inspect, InspectOptions, ReadSeekSource};
use std::path::PathBuf;

fn fixture(name: &str) -> Option<PathBuf> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"));
    [
        format!("fixtures-full/bookworm-python.{name}"),
        format!("fixtures-small/tiny-busybox.{name}"),
    ]
    .into_iter()
    .map(|p| target.join(p))
    .find(|p| p.is_file())
}

fn run(path: &PathBuf, opts: &InspectOptions) {
    let mut src = ReadSeekSource::new(std::fs::File::open(path).unwrap()).unwrap();
    let r = inspect(&mut src, "bench", opts, &NoClock, &mut NoProgress).unwrap();
    assert!(r[0].errors.is_empty());
}

fn bench(c: &mut Criterion) {
    let structural = InspectOptions {
        measure: false,
        ..InspectOptions::default()
    };
    let measured = InspectOptions::default();
    let mut g = c.benchmark_group("inspect");
    g.sample_size(10);
    for (file, opts, label) in [
        (
            "docker-archive.tar",
            &structural,
            "docker-archive/structure",
        ),
        ("oci.tar", &structural, "oci-gzip/structure"),
        ("oci-zstd.tar", &structural, "oci-zstd/structure"),
        ("docker-archive.tar", &measured, "docker-archive/measure"),
    ] {
        let Some(path) = fixture(file) else {
            eprintln!("skipping {label}: no fixture (run make-images.sh)");
            continue;
        };
        let len = std::fs::metadata(&path).unwrap().len();
        g.throughput(Throughput::BytesDecimal(len));
        g.bench_function(label, |b| b.iter(|| run(&path, opts)));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
