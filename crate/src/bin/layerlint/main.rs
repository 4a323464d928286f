//! The `layerlint` command line: a thin face over the library for CI and terminals.

#[cfg(not(target_arch = "wasm32"))]
mod config_file;
#[cfg(not(target_arch = "wasm32"))]
mod inspect_cmd;
#[cfg(not(target_arch = "wasm32"))]
mod lint_cmd;
#[cfg(not(target_arch = "wasm32"))]
mod parse_cmd;

// A lint makes many small allocations (words, scopes, findings): glibc's malloc and free were
// about a third of the CLI's time; with mimalloc it needs about a quarter less CPU.
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use clap::Parser;
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Lint(args) => lint_cmd::run(args),
        Command::Inspect(args) => inspect_cmd::run(args),
        Command::Parse(args) => parse_cmd::run(args),
        Command::Rules => {
            // The page, VS Code and the npm package read this file (pkg/rules.json) for the
            // rules' documentation, which the page's lint wasm leaves out.
            let json = serde_json::to_string_pretty(&layerlint::lint::rules::ALL)
                .expect("the rules always serialize");
            println!("{json}");
            exit::CLEAN
        }
    };
    std::process::ExitCode::from(code)
}

// The wasm build compiles every target of the crate; the CLI has nothing to do there.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
#[derive(clap::Parser)]
#[command(
    name = "layerlint",
    version,
    about = "Find what makes container images slow to pull and start"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[cfg(not(target_arch = "wasm32"))]
#[derive(clap::Subcommand)]
enum Command {
    /// Lint Dockerfiles (`-` reads standard input).
    Lint(lint_cmd::LintArgs),
    /// Inspect image archives or layers: contents, wasted space, gzip vs zstd measured here.
    Inspect(inspect_cmd::InspectArgs),
    /// Print a Dockerfile's syntax tree (json) or BuildKit's parse dump (buildkit).
    Parse(parse_cmd::ParseArgs),
    /// Print every rule's documentation as JSON: `[{id, aliases, related, severity, title, why,
    /// bad, good, fix, fixSafety, optIn, url}]`, in registry order.
    Rules,
}

/// Exit codes shared by every subcommand.
#[cfg(not(target_arch = "wasm32"))]
pub mod exit {
    /// Nothing at or above the failure threshold.
    pub const CLEAN: u8 = 0;
    /// A finding at or above `--fail-on`; for `inspect`, a CI threshold exceeded.
    pub const FINDINGS: u8 = 1;
    /// Bad usage or an unreadable file; for `inspect`, also an input with errors (corrupt,
    /// truncated, digest mismatch).
    pub const ERROR: u8 = 2;
}
