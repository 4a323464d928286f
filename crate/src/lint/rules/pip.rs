//! pip inside RUN: version pins (how pip is invoked is in [`crate::lint::tools::python`]).

use crate::lint::pinning::report_unpinned;
use crate::lint::tools::python;
use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::Severity;

pub static LL513: Rule = Rule {
    id: "LL513",
    name: "pip-unpinned-package",
    aliases: &["DL3013"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("pip install without package versions"),
    why: doc!(
        "Without `name==version` (or a requirements or constraints file that pins them), \
          every build resolves the newest release: builds stop being reproducible, a new \
          release can break the image, and unchanged Dockerfiles produce new layers to pull."
    ),
    bad: doc!("FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\n"),
    good: doc!("FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.3\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: pip_install_without_versions,
};

fn pip_install_without_versions(ctx: &Context, out: &mut Findings) {
    report_unpinned(
        ctx,
        out,
        &LL513,
        python::packages,
        python::is_pinned,
        "install `name==version`, or from a requirements file with pinned versions",
    );
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::lint;

    #[test]
    fn unpinned_packages_are_found_in_every_spelling_of_pip() {
        for run in [
            "pip install flask",
            "pip3 install --no-cache-dir -U flask",
            "python3 -m pip install flask",
            "python -u -m pip install --index-url https://x flask",
            "sudo -H pip3.12 install flask",
        ] {
            lint("LL513", &format!("FROM python:3\nRUN {run}\n")).fails_at(&["flask"]);
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
            lint("LL513", &format!("FROM python:3\nRUN {run}\n")).passes();
        }
    }

    /// hadolint's DL3013Spec: `pipx install black` is unpinned, `pipx install --python
    /// "$(which python)" "poetry==1.8.5"` pinned, and pipenv pins in its lock file.
    #[test]
    fn pipx_install_is_pinned_like_pip_and_pipenv_is_not_read() {
        lint("LL513", "FROM python:3\nRUN pipx install black\n").fails_at(&["black"]);
        let pinned =
            "FROM python:3\nRUN pipx install --python \"$(which python)\" \"poetry==1.8.5\"\n";
        lint("LL513", pinned).passes();
        lint("LL513", "FROM python:3\nRUN pipenv install black\n").passes();
    }
}
