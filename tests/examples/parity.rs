//! `cargo run -p layerlint-tests --example parity`: print the hadolint parity table (with the
//! accepted exceptions; `--exceptions` lists them with their reasons), every other disagreement, and the comparison of rules that are related
//! to a hadolint rule rather than aliases of it — for the closing note and for working on rules.

fn main() {
    let Some(shared) = layerlint_tests::shared_dir() else {
        std::process::exit(2);
    };
    let exceptions = layerlint_tests::parity::exceptions();
    let parity = layerlint_tests::parity::measure(&shared, &exceptions);
    println!("{}", layerlint_tests::parity::table(&parity));
    if std::env::args().any(|a| a == "--exceptions") {
        for e in &exceptions {
            let who = if e.ours_only { "layerlint" } else { "hadolint" };
            println!(
                "excepted, only {who}: {} {}:{} — {}",
                e.code, e.file, e.line, e.why
            );
        }
    }
    for (key, ours_only) in &parity.disagreements {
        let who = if *ours_only {
            "only layerlint"
        } else {
            "only hadolint"
        };
        println!("{who}: {} {}:{}", key.code, key.file, key.line);
    }
    println!("\nRelated (deliberately different) rules:\n");
    println!(
        "{}",
        layerlint_tests::parity_startup::related_report(&shared)
    );
    if std::env::args().any(|a| a == "--differences") {
        for (rule, code) in layerlint_tests::parity_startup::RELATED {
            for d in layerlint_tests::parity::related(&shared, rule, code).differences {
                let who = if d.ours_only { rule } else { code };
                let first = d.instruction.lines().next().unwrap_or("");
                println!("only {who}: {}:{} {first}", d.key.file, d.key.line);
            }
        }
    }
}
