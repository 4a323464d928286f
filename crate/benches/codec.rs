//! The codec engine, natively: gzip-6 and zstd-3 encode/decode, zlib-rs against miniz_oxide
//! (the two pure-Rust deflate backends flate2 offers), and the measurement pipelines.
//!
//! Input: the first 64 MB of the 250 MB layer of the full fixture
//! (`make-images.sh target/fixtures-full`), else the small fixture's largest layer, else
//! synthetic text. Throughput is in MB/s of uncompressed data (10^6 bytes).
//! Compare with the CLIs on the same file: `benches/compare-clis.sh FILE`.
//!
//! Run with the CLI's profile (opt-level 3, unwinding; the default bench profile inherits the
//! size-optimized, panic=abort wasm release profile):
//! `cargo bench -p layerlint --profile release-cli --bench codec`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use layerlint::codec::{Codec, Pipeline};
use layerlint::host::NoClock;
use std::io::{Read, Write};
use std::path::PathBuf;

const LIMIT: usize = 64_000_000;

fn input() -> (String, Vec<u8>) {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"));
    for p in [
        "fixtures-full/bookworm-python.layer2-biggest.tar",
        "fixtures-small/tiny-busybox.layer2-biggest.tar",
    ] {
        if let Ok(f) = std::fs::File::open(target.join(p)) {
            let mut data = Vec::new();
            f.take(LIMIT as u64).read_to_end(&mut data).unwrap();
            return (p.to_string(), data);
        }
    }
    let mut data = Vec::new();
    let mut i = 0u64;
    while data.len() < 16_000_000 {
        data.extend_from_slice(format!("line {i}: value {}\n", i * i % 7919).as_bytes());
        i += 1;
    }
    ("synthetic".to_string(), data)
}

fn gzip_zlib_rs(data: &[u8], level: u32) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(level));
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn bench(c: &mut Criterion) {
    let (name, data) = input();
    eprintln!("input: {name}, {} bytes", data.len());
    let gz = gzip_zlib_rs(&data, 6);
    let deflate_miniz = miniz_oxide::deflate::compress_to_vec(&data, 6);
    let zs = zstd::bulk::compress(&data, 3).unwrap();
    eprintln!(
        "sizes: gzip-6 zlib-rs {} ({:.2}%), deflate-6 miniz_oxide {} ({:.2}%), zstd-3 {} ({:.2}%)",
        gz.len(),
        gz.len() as f64 * 100.0 / data.len() as f64,
        deflate_miniz.len(),
        deflate_miniz.len() as f64 * 100.0 / data.len() as f64,
        zs.len(),
        zs.len() as f64 * 100.0 / data.len() as f64
    );

    let mut g = c.benchmark_group("encode");
    g.sample_size(10)
        .throughput(Throughput::BytesDecimal(data.len() as u64));
    g.bench_function("gzip-6/zlib-rs", |b| b.iter(|| gzip_zlib_rs(&data, 6)));
    g.bench_function("deflate-6/miniz_oxide", |b| {
        b.iter(|| miniz_oxide::deflate::compress_to_vec(&data, 6))
    });
    g.bench_function("zstd-3", |b| {
        b.iter(|| zstd::bulk::compress(&data, 3).unwrap())
    });
    g.finish();

    let mut g = c.benchmark_group("decode");
    g.sample_size(10)
        .throughput(Throughput::BytesDecimal(data.len() as u64));
    g.bench_function("gzip/zlib-rs", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(data.len());
            flate2::read::GzDecoder::new(&gz[..])
                .read_to_end(&mut out)
                .unwrap();
            out
        })
    });
    g.bench_function("deflate/miniz_oxide", |b| {
        b.iter(|| miniz_oxide::inflate::decompress_to_vec(&deflate_miniz).unwrap())
    });
    g.bench_function("zstd", |b| {
        b.iter(|| zstd::bulk::decompress(&zs, data.len()).unwrap())
    });
    g.finish();

    // what inspect runs per layer: encoder output fed chunk by chunk into its decoder
    let mut g = c.benchmark_group("pipeline");
    g.sample_size(10)
        .throughput(Throughput::BytesDecimal(data.len() as u64));
    for (codec, level) in [(Codec::Gzip, 6), (Codec::Zstd, 3)] {
        g.bench_with_input(BenchmarkId::new(codec.as_str(), level), &data, |b, data| {
            b.iter(|| {
                let mut p = Pipeline::new(codec, level).unwrap();
                for chunk in data.chunks(1 << 20) {
                    p.write(chunk, &NoClock).unwrap();
                }
                p.finish(&NoClock).unwrap()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
