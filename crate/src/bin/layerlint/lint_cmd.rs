//! `layerlint lint`: read Dockerfiles, print findings, exit 1 when any reaches the failure
//! threshold; `--fix` rewrites the files first.

use crate::{config_file, exit};
use layerlint::lint::{self, Config};
use layerlint::output::{self, TextOptions};
use layerlint::report::{LintReport, Severity};
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct LintArgs {
    /// Dockerfiles to lint; `-` or nothing reads standard input.
    files: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Exit with 1 when a finding at or above this severity exists (`none`: never). Default:
    /// the config's `failOn` (hadolint's `failure-threshold`), else `warning`.
    #[arg(long, value_parser = parse_threshold)]
    fail_on: Option<Threshold>,
    /// Config file (YAML: layerlint's keys, or a `.hadolint.yaml`). Default: the nearest
    /// `.layerlint.yaml`, else `.hadolint.yaml`, from the current directory upwards.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Ignore a rule (id or alias); repeatable, added to the config's list.
    #[arg(long = "ignore", value_name = "RULE")]
    ignore: Vec<String>,
    /// Enable an opt-in rule; repeatable.
    #[arg(long = "enable", value_name = "RULE")]
    enable: Vec<String>,
    /// Apply every available fix: files are rewritten in place; with standard input the fixed
    /// Dockerfile is printed instead of the report.
    #[arg(long)]
    fix: bool,
    /// Never colour the text output (colour is on for a terminal unless NO_COLOR is set).
    #[arg(long)]
    no_color: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
    Sarif,
    Checkstyle,
    Gitlab,
}

#[derive(Clone, Copy)]
struct Threshold(Option<Severity>);

fn parse_threshold(s: &str) -> Result<Threshold, String> {
    if s == "none" {
        return Ok(Threshold(None));
    }
    Severity::parse(s)
        .map(|s| Threshold(Some(s)))
        .ok_or_else(|| format!("`{s}` is not one of error, warning, info, style, none"))
}

pub fn run(args: LintArgs) -> u8 {
    let mut config: Config = match config_file::load(args.config.as_deref()) {
        Ok((config, _)) => config,
        Err(e) => {
            eprintln!("layerlint: {e}");
            return exit::ERROR;
        }
    };
    config.ignore.extend(args.ignore);
    config.enable.extend(args.enable);
    let fail_on = args.fail_on.map_or(config.fail_on, |t| t.0);

    let inputs = if args.files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.files
    };
    let mut paths = Vec::new();
    let mut sources = Vec::new();
    for path in &inputs {
        match read(path) {
            Ok(text) => {
                paths.push(path.display().to_string());
                sources.push(text);
            }
            Err(e) => {
                eprintln!("layerlint: cannot read {}: {e}", path.display());
                return exit::ERROR;
            }
        }
    }

    if args.fix {
        for (path, text) in inputs.iter().zip(sources.iter_mut()) {
            let fixed = lint::fix_all(text, &config);
            if path.as_os_str() == "-" {
                print!("{fixed}");
                return exit::CLEAN;
            }
            if fixed != *text {
                if let Err(e) = std::fs::write(path, &fixed) {
                    eprintln!("layerlint: cannot write {}: {e}", path.display());
                    return exit::ERROR;
                }
                *text = fixed;
            }
        }
    }

    let files = paths
        .iter()
        .zip(&sources)
        .map(|(path, text)| lint::lint_file(path, text, &config))
        .collect();
    let report = LintReport::new(files);
    let rendered = match args.format {
        Format::Json => output::json(&report),
        Format::Sarif => output::sarif(&report),
        Format::Checkstyle => output::checkstyle(&report),
        Format::Gitlab => output::gitlab(&report),
        Format::Text => {
            let color = !args.no_color
                && std::env::var_os("NO_COLOR").is_none()
                && std::io::stdout().is_terminal();
            let sources: Vec<&str> = sources.iter().map(String::as_str).collect();
            output::text(&report, &sources, TextOptions { color })
        }
    };
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "{}", rendered.trim_end()).is_err() {
        return exit::ERROR; // e.g. a closed pipe
    }
    match (fail_on, report.max_severity()) {
        (Some(threshold), Some(worst)) if worst >= threshold => exit::FINDINGS,
        _ => exit::CLEAN,
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
