//! `layerlint lint`: read Dockerfiles, print findings, exit 1 when any reaches the failure
//! threshold; `--fix` rewrites the files first.

use crate::{config_file, exit};
use layerlint::baseline::Baseline;
use layerlint::dockerignore::Dockerignore;
use layerlint::lint::{self, BuildContext, Config};
use layerlint::output::{self, TextOptions};
use layerlint::report::{LintReport, Severity};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

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
    /// Ignore a rule (id, name or alias); repeatable, added to the config's list.
    #[arg(long = "ignore", value_name = "RULE")]
    ignore: Vec<String>,
    /// Enable an opt-in rule (id, name or alias); repeatable.
    #[arg(long = "enable", value_name = "RULE")]
    enable: Vec<String>,
    /// Apply every safe fix: files are rewritten in place; with standard input the fixed
    /// Dockerfile is printed instead of the report.
    #[arg(long)]
    fix: bool,
    /// With `--fix`, apply unsafe fixes too (they change what the build does or leave a
    /// placeholder: the README's rules table names them).
    #[arg(long, requires = "fix")]
    unsafe_fixes: bool,
    /// Never colour the text output (colour is on for a terminal unless NO_COLOR is set).
    #[arg(long)]
    no_color: bool,
    /// The build context, for the `.dockerignore` rules. Default: each Dockerfile's directory
    /// (standard input: none, unless given).
    #[arg(long, value_name = "DIR")]
    context: Option<PathBuf>,
    /// Report only findings not recorded in this baseline file (see `--write-baseline`).
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record today's findings in this baseline file (JSON), then report as usual.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
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
            let fixed = lint::fix_all(text, &config, args.unsafe_fixes);
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

    let baseline = match args.baseline.as_deref().map(read_baseline).transpose() {
        Ok(b) => b,
        Err(e) => {
            eprintln!("layerlint: {e}");
            return exit::ERROR;
        }
    };
    let files = parallel_map(inputs.len(), |i| {
        let build = build_context(&inputs[i], args.context.as_deref());
        lint::lint_file_in(&paths[i], &sources[i], &config, build.as_ref())
    });
    let mut report = LintReport::new(files);
    if let Some(file) = &args.write_baseline {
        if let Err(e) = std::fs::write(file, Baseline::of(&report).to_json() + "\n") {
            eprintln!("layerlint: cannot write {}: {e}", file.display());
            return exit::ERROR;
        }
    }
    if let Some(baseline) = &baseline {
        baseline.remove_known(&mut report);
    }
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

/// `(0..n).map(f)`, spread over the machine's cores (files are independent; a lint is
/// single-threaded), results in order.
fn parallel_map<T: Send>(n: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |p| p.get())
        .min(n);
    if threads <= 1 {
        return (0..n).map(f).collect();
    }
    // Workers take the next index as they finish, so one large file does not hold up a
    // fixed share of the others.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, T)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if i >= n {
                            return out;
                        }
                        out.push((i, f(i)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, t)| t).collect()
}

fn read_baseline(path: &Path) -> Result<Baseline, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read baseline {}: {e}", path.display()))?;
    Baseline::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The build context of a Dockerfile: `--context`, else the file's directory (none for
/// standard input). Its `.dockerignore` is BuildKit's: `<Dockerfile>.dockerignore` beside the
/// Dockerfile when there is one, else the context's `.dockerignore`.
fn build_context(dockerfile: &Path, context: Option<&Path>) -> Option<BuildContext> {
    let stdin = dockerfile.as_os_str() == "-";
    let dir = match context {
        Some(dir) => dir.to_path_buf(),
        None if stdin => return None,
        None => dockerfile.parent().unwrap_or(Path::new("")).to_path_buf(),
    };
    let dir = if dir.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        dir
    };
    let own = (!stdin).then(|| {
        let mut name = dockerfile.as_os_str().to_owned();
        name.push(".dockerignore");
        PathBuf::from(name)
    });
    let text = own
        .into_iter()
        .chain([dir.join(".dockerignore")])
        .find_map(|p| std::fs::read(p).ok());
    Some(BuildContext {
        dockerignore: text.map(|t| Dockerignore::parse(&String::from_utf8_lossy(&t))),
    })
}

/// A file's text; invalid UTF-8 is replaced rather than rejected, so one odd byte does not stop
/// the lint.
fn read(path: &Path) -> std::io::Result<String> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin().read_to_end(&mut bytes)?;
    } else {
        bytes = std::fs::read(path)?;
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
