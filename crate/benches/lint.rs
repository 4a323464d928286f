//! Lint throughput over the 300 real Dockerfiles of the shared corpus (`../shared/corpus/real`),
//! in files/s and MB/s: parse, context, every rule, pragmas. Skips with a message when the
//! corpus is absent. For comparison, hadolint 2.15.1 needs ~80-120 ms per file (about 8-12
//! files/s; `corpus/oracle/hadolint.summary.json`).
//! Run: `cargo bench -p layerlint --bench lint --profile release-cli` (see `parse.rs` for why
//! the profile).

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use criterion::{Criterion, Throughput};
    use std::hint::black_box;
    use std::path::PathBuf;

    fn corpus() -> Option<Vec<String>> {
        let shared = match std::env::var_os("LAYERLINT_SHARED") {
            Some(d) => PathBuf::from(d),
            None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
        };
        let mut paths: Vec<PathBuf> = std::fs::read_dir(shared.join("corpus/real"))
            .ok()?
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_none_or(|e| e != "tsv"))
            .collect();
        paths.sort();
        let files: Vec<String> = paths
            .iter()
            .filter_map(|p| std::fs::read(p).ok())
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .collect();
        (!files.is_empty()).then_some(files)
    }

    pub fn main() {
        let Some(files) = corpus() else {
            eprintln!("skipping: shared corpus not found (set LAYERLINT_SHARED)");
            return;
        };
        let bytes: usize = files.iter().map(String::len).sum();
        let config = layerlint::lint::Config::default();
        let lint_all = || {
            for f in &files {
                black_box(layerlint::lint::lint(black_box(f), &config));
            }
        };
        let mut c = Criterion::default().configure_from_args();
        let name = format!("lint {} real files", files.len());
        let mut g = c.benchmark_group("files");
        g.throughput(Throughput::Elements(files.len() as u64));
        g.bench_function(&name, |b| b.iter(lint_all));
        // The same without the ShellCheck family (LL800), for its share of the time.
        let mut no_shellcheck = config.clone();
        no_shellcheck.ignore.push("LL800".into());
        g.bench_function(format!("{name}, LL800 off"), |b| {
            b.iter(|| {
                for f in &files {
                    black_box(layerlint::lint::lint(black_box(f), &no_shellcheck));
                }
            })
        });
        g.finish();
        let mut g = c.benchmark_group("bytes");
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_function(&name, |b| b.iter(lint_all));
        g.finish();
        c.final_summary();
    }
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    native::main();
}
