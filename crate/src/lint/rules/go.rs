//! go inside RUN: module versions for `go install`, `go get` and `go run`.

use crate::lint::pinning::report_unpinned;
use crate::lint::tools::go;
use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::Severity;

pub static LL562: Rule = Rule {
    id: "LL562",
    name: "go-unversioned-module",
    aliases: &["DL3062"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("go install or go get without a module version"),
    why: doc!(
        "`go install pkg` (or `pkg@latest`) builds whatever the module's newest commit or \
          release is at build time: builds stop being reproducible and an unchanged Dockerfile \
          can produce a different binary."
    ),
    bad: doc!("FROM golang:1.23\nRUN go install golang.org/x/tools/gopls@latest\n"),
    good: doc!("FROM golang:1.23\nRUN go install golang.org/x/tools/gopls@v0.16.2\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: go_install_without_versions,
};

fn go_install_without_versions(ctx: &Context, out: &mut Findings) {
    report_unpinned(
        ctx,
        out,
        &LL562,
        go::packages,
        go::is_pinned,
        "install `module/path@vX.Y.Z` (not `@latest`)",
    );
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::lint;

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
            lint("LL562", &format!("FROM golang:1.23\nRUN {run}\n")).fails_at(&[word]);
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
            lint("LL562", &format!("FROM golang:1.23\nRUN {run}\n")).passes();
        }
    }
}
