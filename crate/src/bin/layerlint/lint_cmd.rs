//! `layerlint lint`: read Dockerfiles, print findings, exit 1 when any reaches `--fail-on`.

use crate::exit;
use layerlint::lint::{self, Config};
use layerlint::report::{FileReport, LintReport, Severity};
use std::io::Read;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct LintArgs {
    /// Dockerfiles to lint; `-` or nothing reads standard input.
    files: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Exit with 1 when a finding at or above this severity exists.
    #[arg(long, value_parser = parse_severity, default_value = "warning")]
    fail_on: Severity,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    Severity::parse(s).ok_or_else(|| format!("`{s}` is not one of error, warning, info, style"))
}

pub fn run(args: LintArgs) -> u8 {
    let config = Config::default();
    let inputs = if args.files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.files
    };
    let mut files = Vec::new();
    for path in &inputs {
        match read(path) {
            Ok(text) => files.push(lint::lint_file(&path.display().to_string(), &text, &config)),
            Err(e) => {
                eprintln!("layerlint: cannot read {}: {e}", path.display());
                return exit::ERROR;
            }
        }
    }
    let report = LintReport::new(files);
    match args.format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("a report always serializes")
        ),
        Format::Text => print_text(&report.files),
    }
    if report.max_severity().is_some_and(|s| s >= args.fail_on) {
        exit::FINDINGS
    } else {
        exit::CLEAN
    }
}

/// A file's text; invalid UTF-8 is replaced rather than rejected, so one odd byte does not stop
/// the lint.
fn read(path: &PathBuf) -> std::io::Result<String> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin().read_to_end(&mut bytes)?;
    } else {
        bytes = std::fs::read(path)?;
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn print_text(files: &[FileReport]) {
    for file in files {
        for f in &file.findings {
            println!(
                "{}:{}:{}: {} {} {}",
                file.path,
                f.span.start.line,
                f.span.start.column,
                f.severity.as_str(),
                f.rule,
                f.message
            );
        }
    }
}
