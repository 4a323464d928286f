fn main() {
    let dir = std::path::Path::new("/work/shared/corpus/real");
    let files: Vec<(Vec<u8>, std::ffi::OsString)> = std::fs::read_dir(dir).unwrap().flatten().map(|e| (std::fs::read(e.path()).unwrap(), e.file_name())).collect();
    let bytes: usize = files.iter().map(|x| x.0.len()).sum();
    let mut best = std::time::Duration::MAX;
    for _ in 0..30 {
        let t = std::time::Instant::now();
        for (b, _) in &files { std::hint::black_box(layerlint::syntax::parse_bytes(b)); }
        best = best.min(t.elapsed());
    }
    println!("best {:?} for {} bytes = {:.1} MB/s", best, bytes, bytes as f64 / best.as_secs_f64() / 1e6);
    let mut v = vec![];
    for (b, n) in &files {
        let mut bt = std::time::Duration::MAX;
        for _ in 0..10 { let t = std::time::Instant::now(); std::hint::black_box(layerlint::syntax::parse_bytes(b)); bt = bt.min(t.elapsed()); }
        v.push((bt, b.len(), n.clone()));
    }
    v.sort();
    for x in v.iter().rev().take(5) { println!("{:?} {} {:?} {:.1}MB/s", x.0, x.1, x.2, x.1 as f64 / x.0.as_secs_f64()/1e6); }
}
