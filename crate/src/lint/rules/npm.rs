//! npm inside RUN: version pins.

use crate::lint::pinning::report_unpinned;
use crate::lint::tools::node;
use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::Severity;

pub static LL516: Rule = Rule {
    id: "LL516",
    name: "npm-unpinned-package",
    aliases: &["DL3016"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("npm install of a package without a version"),
    why: doc!(
        "`npm install name` installs the newest release at build time: builds stop being \
          reproducible, and a new release (or a compromised one) lands in the image unnoticed. \
          Name a version, or install from `package.json` and the lock file with `npm ci`."
    ),
    bad: doc!("FROM node:22-slim\nRUN npm install -g typescript\n"),
    good: doc!("FROM node:22-slim\nRUN npm install -g typescript@5.6.3\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: npm_install_without_versions,
};

fn npm_install_without_versions(ctx: &Context, out: &mut Findings) {
    report_unpinned(
        ctx,
        out,
        &LL516,
        node::npm_packages,
        node::is_pinned,
        "install `name@version`, or use `npm ci` with a lock file",
    );
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::lint;

    #[test]
    fn unpinned_packages_in_every_alias() {
        for (run, package) in [
            ("npm install -g typescript", "typescript"),
            ("npm i --loglevel warn typescript", "typescript"),
            ("npm add @types/node", "@types/node"),
            ("npm install --prefix /app typescript@5 yarn", "yarn"),
        ] {
            lint("LL516", &format!("FROM node:22\nRUN {run}\n")).fails_at(&[package]);
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
            lint("LL516", &format!("FROM node:22\nRUN {run}\n")).passes();
        }
    }
}
