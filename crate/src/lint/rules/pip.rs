//! pip inside RUN: version pins.

use super::invocations::after_subcommand;
use super::pinning::{report_unpinned, Syntax};
use crate::lint::{FixSafety, Rule};
use crate::report::Severity;
use crate::shell::{Command, Word};

/// pip options that take the next word as their value.
const WITH_VALUE: &[&str] = &[
    "-r",
    "--requirement",
    "-c",
    "--constraint",
    "-e",
    "--editable",
    "-i",
    "--index-url",
    "--extra-index-url",
    "-f",
    "--find-links",
    "-t",
    "--target",
    "--prefix",
    "--root",
    "--src",
    "-b",
    "--build",
    "--platform",
    "--python-version",
    "--implementation",
    "--abi",
    "--no-binary",
    "--only-binary",
    "--progress-bar",
    "--proxy",
    "--trusted-host",
    "--upgrade-strategy",
    "--log",
    "--cache-dir",
    "--timeout",
    "--retries",
    "--exists-action",
    "--cert",
    "--client-cert",
    "--global-option",
    "--install-option",
    "-C",
    "--config-settings",
    "--report",
    "--python",
    "--root-user-action",
    // pipx install
    "--pip-args",
    "--suffix",
    "--preinstall",
];

/// The arguments pip itself reads: `pip3 …`, `python3 -m pip …` (and `python -m pip3`), and
/// `pipx install` (one package per application, pinned the same way); not pipenv, which pins
/// in its lock file.
fn pip_args(cmd: &Command) -> Option<&[Word]> {
    let program = cmd.program()?;
    let args = cmd.args();
    if program.starts_with("pip") && program != "pipenv" {
        return Some(args);
    }
    if program.starts_with("python") {
        let m = args
            .windows(2)
            .position(|w| w[0].value == "-m" && w[1].value.starts_with("pip"))?;
        return args.get(m + 2..);
    }
    None
}

/// The packages of a `pip install`, unless a requirements or constraints file decides the
/// versions (`-r`, `-c`).
fn packages(cmd: &Command) -> Vec<&Word> {
    match pip_args(cmd) {
        Some(args) if !cmd.has_flag(&["-r", "--requirement", "-c", "--constraint"]) => {
            after_subcommand(args, &["install"], WITH_VALUE).unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

pub static LL513: Rule = Rule {
    id: "LL513",
    name: "pip-unpinned-package",
    aliases: &["DL3013"],
    related: &[],
    severity: Severity::Warning,
    title: "pip install without package versions",
    why: "Without `name==version` (or a requirements or constraints file that pins them), \
          every build resolves the newest release: builds stop being reproducible, a new \
          release can break the image, and unchanged Dockerfiles produce new layers to pull.",
    bad: "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\n",
    good: "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.3\n",
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: |ctx, out| {
        report_unpinned(
            ctx,
            out,
            &LL513,
            Syntax::Pip,
            packages,
            "install `name==version`, or from a requirements file with pinned versions",
        );
    },
};

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::findings;

    fn spans(text: &str) -> Vec<String> {
        findings(text, "LL513")
            .iter()
            .map(|f| text[f.span.start.offset..f.span.end.offset].to_string())
            .collect()
    }

    #[test]
    fn unpinned_packages_are_found_in_every_spelling_of_pip() {
        for run in [
            "pip install flask",
            "pip3 install --no-cache-dir -U flask",
            "python3 -m pip install flask",
            "python -u -m pip install --index-url https://x flask",
            "sudo -H pip3.12 install flask",
        ] {
            let text = format!("FROM python:3\nRUN {run}\n");
            assert_eq!(spans(&text), ["flask"], "{run}");
        }
    }

    #[test]
    fn pins_files_and_local_projects_pass() {
        for run in [
            "pip install flask==3.0",
            "pip install 'flask>=3,<4'",
            "pip install -r requirements.txt",
            "pip install --requirement=requirements.txt",
            "pip install -c constraints.txt flask",
            "pip install .",
            "pip install -e .",
            "pip install '.[dev]'",
            "pip install ./dist/app-1.0-py3-none-any.whl",
            "pip install git+https://github.com/a/b.git@v1.0",
            "pip download flask",
            "pip --version",
        ] {
            let text = format!("FROM python:3\nRUN {run}\n");
            assert!(spans(&text).is_empty(), "{run}");
        }
    }

    /// hadolint's DL3013Spec: `pipx install black` is unpinned, `pipx install --python
    /// "$(which python)" "poetry==1.8.5"` pinned, and pipenv pins in its lock file.
    #[test]
    fn pipx_install_is_pinned_like_pip_and_pipenv_is_not_read() {
        assert_eq!(spans("FROM python:3\nRUN pipx install black\n"), ["black"]);
        let pinned =
            "FROM python:3\nRUN pipx install --python \"$(which python)\" \"poetry==1.8.5\"\n";
        assert!(spans(pinned).is_empty());
        assert!(spans("FROM python:3\nRUN pipenv install black\n").is_empty());
    }
}
