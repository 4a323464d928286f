//! go inside RUN: module versions for `go install`, `go get` and `go run`.

use super::invocations::after_subcommand;
use super::pinning::{report_unpinned, Syntax};
use crate::lint::{FixSafety, Rule};
use crate::report::Severity;
use crate::shell::{Command, Word};

/// Build flags that take the next word as their value.
const WITH_VALUE: &[&str] = &[
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
fn packages(cmd: &Command) -> Vec<&Word> {
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

pub static LL562: Rule = Rule {
    id: "LL562",
    name: "go-unversioned-module",
    aliases: &["DL3062"],
    related: &[],
    severity: Severity::Warning,
    title: "go install or go get without a module version",
    why: "`go install pkg` (or `pkg@latest`) builds whatever the module's newest commit or \
          release is at build time: builds stop being reproducible and an unchanged Dockerfile \
          can produce a different binary.",
    bad: "FROM golang:1.23\nRUN go install golang.org/x/tools/gopls@latest\n",
    good: "FROM golang:1.23\nRUN go install golang.org/x/tools/gopls@v0.16.2\n",
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: |ctx, out| {
        report_unpinned(
            ctx,
            out,
            &LL562,
            Syntax::Go,
            packages,
            "install `module/path@vX.Y.Z` (not `@latest`)",
        );
    },
};

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::findings;

    fn spans(text: &str) -> Vec<String> {
        findings(text, "LL562")
            .iter()
            .map(|f| text[f.span.start.offset..f.span.end.offset].to_string())
            .collect()
    }

    #[test]
    fn unpinned_and_floating_versions() {
        for (run, word) in [
            (
                "go install golang.org/x/tools/gopls",
                "golang.org/x/tools/gopls",
            ),
            ("go install -ldflags '-s -w' x.io/y@latest", "x.io/y@latest"),
            ("go get -u github.com/a/b", "github.com/a/b"),
            ("go run github.com/a/b --flag value", "github.com/a/b"),
        ] {
            let text = format!("FROM golang:1.23\nRUN {run}\n");
            assert_eq!(spans(&text), [word], "{run}");
        }
    }

    #[test]
    fn versions_and_local_packages_pass() {
        for run in [
            "go install golang.org/x/tools/gopls@v0.16.2",
            "go install -tags netgo ./cmd/...",
            "go install .",
            "go get -d -v ./...",
            "go run ./hack/gen.go github.com/not/a/package",
            "go build -o /bin/x ./cmd/x",
            "go mod download",
        ] {
            let text = format!("FROM golang:1.23\nRUN {run}\n");
            assert!(spans(&text).is_empty(), "{run}");
        }
    }
}
