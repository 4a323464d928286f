//! go: its build flags and the packages of `go install`, `go get` and `go run`.

use super::after_subcommand;
use crate::shell::{Command, Word};

/// Build flags that take the next word as their value.
pub const WITH_VALUE: &[&str] = &[
    "-C",
    "-o",
    "-p",
    "-ldflags",
    "--ldflags",
    "-gcflags",
    "-asmflags",
    "-gccgoflags",
    "-tags",
    "--tags",
    "-mod",
    "-modfile",
    "-pkgdir",
    "-buildmode",
    "-compiler",
    "-overlay",
    "-toolexec",
    "-exec",
    "-pgo",
    "-coverpkg",
    "-covermode",
];

/// The packages of `go install` and `go get`, and the package `go run` runs (the words after
/// it are the program's arguments).
pub fn packages(cmd: &Command) -> Vec<&Word> {
    if cmd.program() != Some("go") {
        return Vec::new();
    }
    if let Some(ops) = after_subcommand(cmd.args(), &["install", "get"], WITH_VALUE) {
        return ops;
    }
    after_subcommand(cmd.args(), &["run"], WITH_VALUE)
        .and_then(|ops| ops.first().copied())
        .into_iter()
        .collect()
}

/// Whether a package word pins a module version: `golang.org/x/tools/gopls@v0.15.0` (not
/// `@latest`), or a package of the module being built.
pub fn is_pinned(p: &str) -> bool {
    if p.starts_with('.') || p.starts_with('/') || p.ends_with(".go") {
        return true; // a package of the module being built, or a file
    }
    match p.rsplit_once('@') {
        // Queries that float: not a version.
        Some((_, query)) => !matches!(
            query,
            "latest" | "upgrade" | "patch" | "master" | "main" | "HEAD" | ""
        ),
        None => false,
    }
}
