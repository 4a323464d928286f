//! Parsing speed over the shared corpus (`../shared/corpus`: 300 real Dockerfiles and
//! BuildKit's test files), in MB/s. Skips with a message when the corpus is absent.
//! Run: `cargo bench -p layerlint --bench parse --profile release-cli` (the native CLI's
//! profile: opt-level 3 and unwinding; the default bench profile inherits the wasm's
//! size-optimised, panic=abort release profile).

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use criterion::{Criterion, Throughput};
    use std::hint::black_box;
    use std::path::PathBuf;

    fn corpus() -> Option<Vec<Vec<u8>>> {
        let shared = match std::env::var_os("LAYERLINT_SHARED") {
            Some(d) => PathBuf::from(d),
            None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
        };
        let mut files = Vec::new();
        let mut todo = vec![
            shared.join("corpus/real"),
            shared.join("corpus/buildkit-parser"),
        ];
        while let Some(dir) = todo.pop() {
            for e in std::fs::read_dir(&dir).ok()?.flatten() {
                let p = e.path();
                let name = p.file_name()?.to_string_lossy().into_owned();
                if p.is_dir() {
                    todo.push(p);
                } else if name != "result" && !name.ends_with(".tsv") && !name.ends_with(".md") {
                    files.push(std::fs::read(&p).ok()?);
                }
            }
        }
        (!files.is_empty()).then_some(files)
    }

    pub fn main() {
        let Some(files) = corpus() else {
            eprintln!("skipping: shared corpus not found (set LAYERLINT_SHARED)");
            return;
        };
        let bytes: usize = files.iter().map(Vec::len).sum();
        let mut c = Criterion::default().configure_from_args();
        let mut g = c.benchmark_group("corpus");
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_function(format!("parse {} files", files.len()), |b| {
            b.iter(|| {
                for f in &files {
                    black_box(layerlint::syntax::parse_bytes(black_box(f)));
                }
            })
        });
        let texts: Vec<String> = files
            .iter()
            .map(|f| String::from_utf8_lossy(f).into_owned())
            .collect();
        g.bench_function("parse + stage graph", |b| {
            b.iter(|| {
                for t in &texts {
                    let df = layerlint::syntax::parse(black_box(t));
                    black_box(df.stages());
                }
            })
        });
        g.finish();
        c.final_summary();
    }
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    native::main();
}
