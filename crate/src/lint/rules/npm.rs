//! npm inside RUN: version pins.

use super::invocations::after_subcommand;
use super::pinning::{report_unpinned, Syntax};
use crate::lint::{FixSafety, Rule};
use crate::report::Severity;
use crate::shell::{Command, Word};

/// npm options that take the next word as their value.
const WITH_VALUE: &[&str] = &[
    "--prefix",
    "--registry",
    "--cache",
    "--loglevel",
    "--userconfig",
    "--globalconfig",
    "-w",
    "--workspace",
    "--omit",
    "--include",
    "--tag",
    "--install-strategy",
];

/// The packages named by `npm install` (and its aliases `i`, `in`, `add`); `npm install` with
/// no package installs what `package.json` and the lock file say, and `npm ci` is never
/// reported.
fn packages(cmd: &Command) -> Vec<&Word> {
    if cmd.program() != Some("npm") {
        return Vec::new();
    }
    after_subcommand(cmd.args(), &["install", "i", "in", "add"], WITH_VALUE).unwrap_or_default()
}

pub static LL516: Rule = Rule {
    id: "LL516",
    name: "npm-unpinned-package",
    aliases: &["DL3016"],
    related: &[],
    severity: Severity::Warning,
    title: "npm install of a package without a version",
    why: "`npm install name` installs the newest release at build time: builds stop being \
          reproducible, and a new release (or a compromised one) lands in the image unnoticed. \
          Name a version, or install from `package.json` and the lock file with `npm ci`.",
    bad: "FROM node:22-slim\nRUN npm install -g typescript\n",
    good: "FROM node:22-slim\nRUN npm install -g typescript@5.6.3\n",
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: |ctx, out| {
        report_unpinned(
            ctx,
            out,
            &LL516,
            Syntax::Npm,
            packages,
            "install `name@version`, or use `npm ci` with a lock file",
        );
    },
};

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::findings;

    fn spans(text: &str) -> Vec<String> {
        findings(text, "LL516")
            .iter()
            .map(|f| text[f.span.start.offset..f.span.end.offset].to_string())
            .collect()
    }

    #[test]
    fn unpinned_packages_in_every_alias() {
        for run in [
            "npm install -g typescript",
            "npm i --loglevel warn typescript",
            "npm add @types/node",
            "npm install --prefix /app typescript@5 yarn",
        ] {
            let text = format!("FROM node:22\nRUN {run}\n");
            assert_eq!(spans(&text).len(), 1, "{run}");
        }
    }

    #[test]
    fn lock_files_versions_and_local_specs_pass() {
        for run in [
            "npm install",
            "npm install --production",
            "npm ci",
            "npm install -g npm@10.8.2 @scope/x@1 ./lib ../pkg.tgz",
            "npm install git+https://github.com/a/b.git#v1.0.0",
            "npm run build",
        ] {
            let text = format!("FROM node:22\nRUN {run}\n");
            assert!(spans(&text).is_empty(), "{run}");
        }
    }
}
