//! Whether a package argument pins a version, per package manager syntax, and the one check the
//! "pin versions" rules (apt, apk, pip, npm, gem, yum/dnf, zypper, go) share.

use super::invocations::{self, list};
use crate::lint::{Context, Findings, Rule};
use crate::shell::{Command, Word};

/// How a package manager writes a version next to a package name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Syntax {
    /// `curl=7.88.1-10` (also `curl/bookworm-backports`, `./local.deb`).
    Apt,
    /// `curl=8.5.0-r0`, `curl~8.5`, `curl>8`.
    Apk,
    /// `flask==3.0.0`, `flask>=3,<4`, `git+https://…@v1`, wheels, sdists, paths.
    Pip,
    /// `express@4.18.2`, `@scope/pkg@1`, `git+https://…#v1`, tarballs, folders.
    Npm,
    /// `rails:7.1.0`, local `.gem` files.
    Gem,
    /// `httpd-2.4.57` (a dash followed by a version), `nodejs:18` for modules, `.rpm` files.
    Rpm,
    /// `curl=8.0`, `curl>=8`, `.rpm` files.
    Zypper,
    /// `golang.org/x/tools/gopls@v0.15.0` (not `@latest`), local packages.
    Go,
}

/// A path or URL: the file itself fixes what is installed (a local file is part of the build
/// context, a URL names one artifact).
fn is_path_or_url(p: &str) -> bool {
    p == "."
        || p == ".."
        || ["/", "./", "../", "~/"].iter().any(|s| p.starts_with(s))
        || p.contains("://")
}

pub(super) fn is_pinned(syntax: Syntax, p: &str) -> bool {
    match syntax {
        // `/` also selects a release (`pkg/bookworm-backports`), as hadolint accepts.
        Syntax::Apt => p.contains('=') || p.contains('/') || p.ends_with(".deb"),
        Syntax::Apk => p.contains(['=', '~', '<', '>']) || p.ends_with(".apk") || is_path_or_url(p),
        Syntax::Pip => pip_pinned(p),
        Syntax::Npm => npm_pinned(p),
        Syntax::Gem => p.contains(':') || p.ends_with(".gem") || is_path_or_url(p),
        Syntax::Rpm => rpm_pinned(p),
        Syntax::Zypper => p.contains(['=', '<', '>']) || p.ends_with(".rpm") || is_path_or_url(p),
        Syntax::Go => go_pinned(p),
    }
}

const PIP_VCS: &[&str] = &["git+", "hg+", "svn+", "bzr+", "git://", "svn://"];

fn pip_pinned(p: &str) -> bool {
    if PIP_VCS.iter().any(|s| p.starts_with(s)) {
        // `git+https://host/repo.git@v1.2`: the revision follows the path (an `@` before the
        // host is a user name).
        let after_scheme = p.split_once("://").map_or(p, |(_, rest)| rest);
        let path = after_scheme.split_once('/').map_or("", |(_, path)| path);
        return path.contains('@');
    }
    const OPERATORS: &[&str] = &["==", ">=", "<=", "!=", "~=", ">", "<"];
    OPERATORS.iter().any(|o| p.contains(o))
        || [".whl", ".tar.gz", ".zip", ".tgz", ".tar.bz2"]
            .iter()
            .any(|s| p.ends_with(s))
        || p.starts_with('.') // `.`, `.[dev]`, `./lib`: the project in the build context
        || p.contains('/') // a path or a URL
}

fn npm_pinned(p: &str) -> bool {
    const GIT: &[&str] = &["git://", "git+ssh://", "git+http://", "git+https://"];
    if GIT.iter().any(|g| p.starts_with(g)) {
        return p.contains('#');
    }
    if [".tar", ".tar.gz", ".tgz"].iter().any(|s| p.ends_with(s))
        || ["/", "./", "../", "~/", "file:"]
            .iter()
            .any(|s| p.starts_with(s))
    {
        return true;
    }
    // `@scope/name@1.2`: the version's `@` comes after the scope.
    let name = match p.strip_prefix('@') {
        Some(scoped) => scoped.split_once('/').map_or("", |(_, n)| n),
        None => p,
    };
    name.contains('@')
}

/// dnf's and yum's `name-version[-release]`: everything after the first dash is made of
/// version characters and some part starts with a digit (`python3-devel` has a dash but no
/// version).
fn rpm_pinned(p: &str) -> bool {
    if p.ends_with(".rpm") || is_path_or_url(p) || p.contains(':') {
        return true; // a package file, or `module:stream`
    }
    // A variable after the dash holds the version: `mysql-server-$MYSQL_VERSION`.
    let p = variables_as_digits(p);
    let Some((_, version)) = p.split_once('-') else {
        return false;
    };
    let version_char = |c: char| c.is_ascii_alphanumeric() || ".~^_+-".contains(c);
    version.chars().all(version_char)
        && version
            .split('-')
            .any(|part| part.starts_with(|c: char| c.is_ascii_digit()))
}

/// `$NAME`, `${…}` and `$(…)` replaced by `0`, so that a variable reads as a version.
fn variables_as_digits(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    let mut chars = p.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '$' {
            out.push(c);
            continue;
        }
        match chars.peek() {
            Some(&open @ ('{' | '(')) => {
                let close = if open == '{' { '}' } else { ')' };
                let mut depth = 0usize;
                for c in chars.by_ref() {
                    if c == open {
                        depth += 1;
                    } else if c == close {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            break;
                        }
                    }
                }
            }
            Some(c) if c.is_ascii_alphanumeric() || *c == '_' => {
                while chars
                    .peek()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
                {
                    chars.next();
                }
            }
            _ => {
                out.push('$');
                continue;
            }
        }
        out.push('0');
    }
    out
}

fn go_pinned(p: &str) -> bool {
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

/// The one "pin versions" check: `packages` picks the package words of a command (none when
/// it is not an install, or when a file such as a lock or requirements file fixes the
/// versions); the words that do not pin a version under `syntax` are reported once per RUN, at
/// the first.
pub(super) fn report_unpinned(
    ctx: &Context,
    out: &mut Findings,
    rule: &Rule,
    syntax: Syntax,
    packages: fn(&Command) -> Vec<&Word>,
    how: &str,
) {
    let unpinned = invocations::all(ctx).flat_map(|inv| {
        packages(&inv.cmd)
            .into_iter()
            .filter(|w| !is_pinned(syntax, &w.value))
            .map(|w| (inv.instruction, (w.value.clone(), inv.word_span(ctx, w))))
            .collect::<Vec<_>>()
    });
    for (_, group) in invocations::per_instruction(unpinned) {
        let mut names: Vec<&str> = Vec::new();
        for (name, _) in &group {
            if !names.contains(&name.as_str()) {
                names.push(name);
            }
        }
        let verb = if names.len() == 1 { "has" } else { "have" };
        let msg = format!("{} {verb} no pinned version: {how}", list(&names));
        out.add(rule, group[0].1, msg, None);
    }
}

#[cfg(test)]
mod tests {
    use super::Syntax::*;
    use super::*;

    #[test]
    fn apt_and_apk() {
        for p in [
            "curl=7.88.1-10",
            "curl/bookworm-backports",
            "./x.deb",
            "/tmp/x.deb",
        ] {
            assert!(is_pinned(Apt, p), "{p}");
        }
        for p in ["curl", "libc6:i386", "$PACKAGES", "lib*"] {
            assert!(!is_pinned(Apt, p), "{p}");
        }
        for p in [
            "curl=8.5.0-r0",
            "curl~8.5",
            "curl>8",
            "x.apk",
            "/pkgs/x.apk",
        ] {
            assert!(is_pinned(Apk, p), "{p}");
        }
        assert!(!is_pinned(Apk, "curl"));
    }

    #[test]
    fn pip() {
        for p in [
            "flask==3.0",
            "flask>=3,<4",
            "flask~=3.0",
            "a!=1",
            "./dist/x.whl",
            "x-1.0.tar.gz",
            ".",
            ".[dev]",
            "./lib",
            "/src/pkg",
            "https://example.com/x.zip",
            "git+https://github.com/a/b.git@v1.2",
            "git+ssh://git@github.com/a/b.git@abc123",
        ] {
            assert!(is_pinned(Pip, p), "{p}");
        }
        for p in [
            "flask",
            "flask[async]",
            "git+https://github.com/a/b.git",
            "git+ssh://git@github.com/a/b.git",
        ] {
            assert!(!is_pinned(Pip, p), "{p}");
        }
    }

    #[test]
    fn npm() {
        for p in [
            "express@4.18.2",
            "@types/node@20",
            "git+https://github.com/a/b.git#v1",
            "./x.tgz",
            "/app",
            "../lib",
            "file:../lib",
        ] {
            assert!(is_pinned(Npm, p), "{p}");
        }
        for p in ["express", "@types/node", "git+https://github.com/a/b.git"] {
            assert!(!is_pinned(Npm, p), "{p}");
        }
    }

    #[test]
    fn gem_zypper_go() {
        assert!(is_pinned(Gem, "rails:7.1.0") && is_pinned(Gem, "./x.gem"));
        assert!(!is_pinned(Gem, "rails"));
        assert!(is_pinned(Zypper, "curl=8") && is_pinned(Zypper, "curl>=8"));
        assert!(is_pinned(Zypper, "x.rpm") && !is_pinned(Zypper, "curl"));
        for p in [
            "golang.org/x/tools/gopls@v0.15.0",
            ".",
            "./cmd/x",
            "/src/x",
            "main.go",
        ] {
            assert!(is_pinned(Go, p), "{p}");
        }
        for p in ["golang.org/x/tools/gopls", "x@latest", "x@master", "x@"] {
            assert!(!is_pinned(Go, p), "{p}");
        }
    }

    #[test]
    fn rpm_versions_follow_a_dash() {
        for p in [
            "httpd-2.4.57",
            "httpd-2.4.57-1.el9",
            "nginx-1:1.20.1",
            "java-17-openjdk-17.0.9",
            "mysql-community-server-minimal-$MYSQL_VERSION",
            "cuda-toolkit-${CUDA12VERSION//./-}",
            "x-$(cat /version)-1.el9",
            "x.rpm",
            "https://example.com/x.rpm",
        ] {
            assert!(is_pinned(Rpm, p), "{p}");
        }
        for p in [
            "httpd",
            "python3-devel",
            "gcc-c++",
            "httpd-2.4*",
            "$PKG",
            "x-$",
        ] {
            assert!(!is_pinned(Rpm, p), "{p}");
        }
    }
}
