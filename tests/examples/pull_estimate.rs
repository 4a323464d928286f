//! `cargo run -p layerlint-tests --example pull_estimate -- REPORT.json MBIT...`: the start-up
//! estimate of every image in a `layerlint inspect --format json` report at several bandwidths
//! (one JSON line each), without inspecting the image again. `scripts/bench-pull.sh` compares
//! these with real pulls.

use layerlint::advice::startup_estimate;
use layerlint::report::image::InspectReport;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((path, bandwidths)) = args.split_first() else {
        eprintln!("usage: pull_estimate REPORT.json MBIT...");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let report: InspectReport =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    for img in &report.images {
        for b in bandwidths {
            let mbit: f64 = b.parse().unwrap_or_else(|_| panic!("not a bandwidth: {b}"));
            let line = serde_json::json!({
                "path": img.path,
                "mbit": mbit,
                "startup": startup_estimate(img, mbit),
            });
            println!("{line}");
        }
    }
}
