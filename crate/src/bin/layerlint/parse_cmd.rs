//! `layerlint parse FILE`: print the syntax tree (`--format json`) or BuildKit's parse dump
//! (`--format buildkit`); syntax diagnostics go to the JSON or to standard error. Exits 1 when
//! a diagnostic is an error (BuildKit would reject the file).

use crate::exit;
use layerlint::syntax::{self, dump::dump, Dockerfile};
use std::io::Read;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct ParseArgs {
    /// The Dockerfile; `-` reads standard input.
    file: PathBuf,
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    /// The tree: instructions with keyword, spans, flags, arguments, heredocs; directives,
    /// comments and diagnostics.
    Json,
    /// BuildKit's `parser.Node.Dump` format (as in its `testfiles/*/result`).
    Buildkit,
}

#[derive(serde::Serialize)]
struct Output<'a> {
    version: &'a str,
    path: String,
    #[serde(flatten)]
    file: &'a Dockerfile,
}

pub fn run(args: ParseArgs) -> u8 {
    let mut bytes = Vec::new();
    let read = if args.file.as_os_str() == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::read(&args.file).map(|b| bytes = b)
    };
    if let Err(e) = read {
        eprintln!("layerlint: cannot read {}: {e}", args.file.display());
        return exit::ERROR;
    }
    let df = syntax::parse_bytes(&bytes);
    let path = args.file.display().to_string();
    match args.format {
        Format::Json => {
            let out = Output {
                version: layerlint::VERSION,
                path,
                file: &df,
            };
            println!(
                "{}",
                serde_json::to_string_pretty(&out).expect("the tree always serializes")
            );
        }
        Format::Buildkit => {
            print!("{}", dump(&df));
            for d in &df.diagnostics {
                eprintln!(
                    "{path}:{}:{}: {} {} {}",
                    d.span.start.line,
                    d.span.start.column,
                    d.severity.as_str(),
                    d.code,
                    d.message
                );
            }
        }
    }
    if df.has_errors() {
        exit::FINDINGS
    } else {
        exit::CLEAN
    }
}
