//! apt-get and apt inside RUN: version pins, prompts, and the end-user `apt` front end.

use crate::lint::invocations::{self, report_inserting, report_missing_yes};
use crate::lint::pinning::report_unpinned;
use crate::lint::tools::apt;
use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::Severity;
use crate::shell::Command;

pub static LL508: Rule = Rule {
    id: "LL508",
    name: "apt-unpinned-package",
    aliases: &["DL3008"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("apt-get install without package versions"),
    why: doc!(
        "Without `name=version`, every build installs whatever the mirror has that day: two \
          builds of the same Dockerfile differ, a rebuild can pull a broken or much larger \
          package, and layers that could have been reused are rebuilt and pulled again."
    ),
    bad: doc!("FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n"),
    good: doc!(
        "FROM debian:bookworm-slim\n\
           RUN apt-get update && apt-get install -y curl=7.88.1-10+deb12u5\n"
    ),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: apt_install_without_versions,
};

fn apt_install_without_versions(ctx: &Context, out: &mut Findings) {
    report_unpinned(
        ctx,
        out,
        &LL508,
        apt::packages,
        apt::is_pinned,
        "install `name=version` (`apt-cache policy name` lists the versions)",
    );
}

/// apt-get answers its prompt itself with `-y`, `--yes`, `--assume-yes`, quiet level 2
/// (`-qq`, `-q=2`), `--force-yes`, or the `APT::Get::Assume-Yes` option.
fn assumes_yes(cmd: &Command) -> bool {
    let quiet_level: usize = cmd
        .args()
        .iter()
        .map(|w| w.value.as_str())
        .map(|v| match v {
            "--quiet" => 1,
            _ if v.starts_with("-q=") => v[3..].parse().unwrap_or(1),
            _ if v.starts_with('-') && !v.starts_with("--") => {
                v.chars().filter(|c| *c == 'q').count()
            }
            _ => 0,
        })
        .sum();
    cmd.has_flag(&["-y", "--yes", "--assume-yes", "--force-yes"])
        || quiet_level >= 2
        || cmd.args().iter().any(|w| {
            let v = w.value.to_ascii_lowercase();
            v.contains("apt::get::assume-yes=") && !v.ends_with("=false") && !v.ends_with("=0")
        })
}

pub static LL514: Rule = Rule {
    id: "LL514",
    name: "apt-get-without-yes",
    aliases: &["DL3014"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("apt-get install without `-y`"),
    why: doc!(
        "A build has no one to answer apt-get's \"Do you want to continue?\": without `-y` it \
          aborts as soon as a package pulls in a dependency."
    ),
    bad: doc!("FROM debian:bookworm-slim\nRUN apt-get update && apt-get install curl\n"),
    good: doc!("FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n"),
    fix: Some(doc!("Add `-y` after the subcommand")),
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: apt_install_without_yes,
};

fn apt_install_without_yes(ctx: &Context, out: &mut Findings) {
    report_missing_yes(
        ctx,
        out,
        &LL514,
        |cmd| {
            if assumes_yes(cmd) {
                return None;
            }
            apt::subcommand(cmd).filter(|w| w.value == "install")
        },
        "apt-get install asks for confirmation and the build cannot answer: add `-y`",
    );
}

pub static LL527: Rule = Rule {
    id: "LL527",
    name: "apt-instead-of-apt-get",
    aliases: &["DL3027"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("`apt` in a RUN instead of `apt-get`"),
    why: doc!(
        "`apt` is the interactive front end: its output and behaviour may change between \
          releases and it warns that it has no stable command-line interface. Scripts should use \
          `apt-get` and `apt-cache`."
    ),
    bad: doc!("FROM debian:bookworm-slim\nRUN apt update && apt install -y curl\n"),
    good: doc!("FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n"),
    fix: Some(doc!(
        "Use `apt-get` (for subcommands that apt-get runs the same)"
    )),
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: apt_instead_of_apt_get,
};

fn apt_instead_of_apt_get(ctx: &Context, out: &mut Findings) {
    let apt = invocations::of(ctx, &["apt"]).map(|inv| {
        let program = &inv.cmd.words[0];
        let span = inv.word_span(ctx, program);
        // `-get` after the program word, where apt-get does the same thing.
        let at = inv
            .exact_range(ctx, program)
            .filter(|_| same_in_apt_get(&inv.cmd))
            .filter(|_| program.raw.ends_with("apt"))
            .map(|r| r.end);
        (inv.instruction, (span, at))
    });
    report_inserting(
        out,
        &LL527,
        apt,
        "`apt` has no stable interface for scripts: use `apt-get` (or `apt-cache` to search and \
         show)",
        ("Use `apt-get`", "-get"),
    );
}

/// Whether `apt-get` runs this `apt` command the same way: not `upgrade` (apt's may install
/// new packages), `full-upgrade`, `search`, `show` or `list` (apt-cache's, or apt's own), and
/// no option apt-get may not know.
fn same_in_apt_get(cmd: &Command) -> bool {
    const SAME: &[&str] = &[
        "install",
        "remove",
        "purge",
        "update",
        "autoremove",
        "autopurge",
        "clean",
        "autoclean",
        "build-dep",
        "source",
        "download",
    ];
    let sub = apt::subcommand(cmd).map(|w| w.value.as_str());
    sub.is_some_and(|s| SAME.contains(&s))
        && cmd.args().iter().all(|w| {
            !w.value.starts_with("--update")
                && !w.value.starts_with("--snapshot")
                && w.value != "-S"
        })
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::lint;

    #[test]
    fn unpinned_packages_are_reported_once_per_run_at_the_first() {
        let text = "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends \\\n    curl=7.88 git \\\n    wget\n";
        let case = lint("LL508", text);
        case.fails_at(&["git"])
            .messages_contain(&["`git` and `wget` have"]);
        assert_eq!(case.findings[0].aliases, ["DL3008"]);
    }

    #[test]
    fn pins_local_debs_releases_and_option_values_pass() {
        for ok in [
            "RUN apt-get install -y ./pkg.deb /tmp/x.deb",
            "RUN apt-get install -y -t bookworm-backports curl=8.1",
            "RUN apt-get install -y curl/bookworm-backports",
            "RUN apt-get -o Dpkg::Options::=--force-confold install -y curl=1",
            "RUN apt-get install -f",
            "RUN apt-get update",
        ] {
            lint("LL508", &format!("FROM debian:12\n{ok}\n")).passes();
        }
    }

    #[test]
    fn commands_behind_sudo_sh_c_and_in_heredocs_are_read() {
        for text in [
            "FROM debian:12\nRUN sudo apt-get install -y curl\n",
            "FROM debian:12\nRUN sh -c 'apt-get install -y curl'\n",
            "FROM debian:12\nRUN <<EOF\napt-get install -y curl\nEOF\n",
        ] {
            lint("LL508", text).fails_at(&["curl"]);
        }
    }

    /// Parity exception: hadolint's DL3008 reads only `apt-get install`, so `apt install
    /// curl` (reported by DL3027 alone) installs an unpinned package without a DL3008.
    #[test]
    fn hadolint_reads_only_apt_get_for_versions() {
        let text = "FROM debian:12\nRUN apt update && apt --yes install curl ca-certificates=1\n";
        lint("LL508", text).fails_at(&["curl"]);
        lint("LL527", text).fails_at(&["apt"]);
    }

    #[test]
    fn missing_yes_is_fixed_after_install() {
        let text = "FROM debian:12\nRUN apt-get update && apt-get install curl && \\\n    apt-get install --no-install-recommends git\n";
        let fixed = "FROM debian:12\nRUN apt-get update && apt-get install -y curl && \\\n    apt-get install -y --no-install-recommends git\n";
        // Once per RUN, with one fix for both.
        lint("LL514", text)
            .fails_at(&["apt-get install curl"])
            .fixes_to(fixed);
        lint("LL514", fixed).passes();
    }

    #[test]
    fn yes_comes_in_many_spellings() {
        for ok in [
            "apt-get install -y x",
            "apt-get -qqy install x",
            "apt-get -qq install x",
            "apt-get -q -q install x",
            "apt-get -q=2 install x",
            "apt-get --yes install x",
            "apt-get --assume-yes install x",
            "apt-get install --force-yes x",
            "apt-get -o APT::Get::Assume-Yes=true install x",
        ] {
            lint("LL514", &format!("FROM debian:12\nRUN {ok}\n")).passes();
        }
        // One `-q` is only quieter: apt-get still asks (hadolint takes it for `-y`).
        lint("LL514", "FROM debian:12\nRUN apt-get -q install x\n")
            .fails_at(&["apt-get -q install x"]);
    }

    #[test]
    fn apt_becomes_apt_get_where_it_runs_the_same() {
        let text = "FROM debian:12\nRUN apt update && /usr/bin/apt install -y curl=1\n";
        let fixed = "FROM debian:12\nRUN apt-get update && /usr/bin/apt-get install -y curl=1\n";
        lint("LL527", text).fixes_to(fixed);
        lint("LL527", fixed).passes();
        for run in [
            "apt upgrade -y",
            "apt search x",
            "apt install --update -y x",
            "apt full-upgrade",
        ] {
            lint(
                "LL527",
                &format!("FROM debian:12\nRUN apt-get update && {run}\n"),
            )
            .has_no_fix();
        }
    }

    #[test]
    fn apt_is_reported_at_the_program_word() {
        let text = "FROM debian:12\nRUN apt update && sudo apt install -y curl=1\n";
        let case = lint("LL527", text);
        case.fails_at(&["apt"]);
        assert_eq!(case.findings[0].span.start.column, 5);
        lint("LL527", "FROM debian:12\nRUN apt-get update\n").passes();
    }
}
