//! `cargo run -p layerlint-tests --example parity`: print the hadolint parity table and every
//! disagreement, for the closing note and for working on rules.

fn main() {
    let Some(shared) = layerlint_tests::shared_dir() else {
        std::process::exit(2);
    };
    let parity = layerlint_tests::parity::measure(&shared, &[]);
    println!("{}", layerlint_tests::parity::table(&parity));
    for (key, ours_only) in &parity.disagreements {
        let who = if *ours_only {
            "only layerlint"
        } else {
            "only hadolint"
        };
        println!("{who}: {} {}:{}", key.code, key.file, key.line);
    }
}
