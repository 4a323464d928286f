//! zypper (openSUSE, SLES) inside RUN: answering prompts, `dist-upgrade`, version pins.

use crate::lint::invocations::{self, per_instruction, report_missing_yes, Invocation};
use crate::lint::pinning::report_unpinned;
use crate::lint::tools::zypper::{self, subcommand, NON_INTERACTIVE, PROMPTING};
use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::Severity;

pub static LL534: Rule = Rule {
    id: "LL534",
    name: "zypper-without-yes",
    aliases: &["DL3034"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("zypper without `-n`/`-y`"),
    why: doc!(
        "A build has no one to answer zypper's prompts: without `--non-interactive` (`-n`) \
          or the subcommand's `-y`, the RUN fails at the first question."
    ),
    bad: doc!("FROM opensuse/leap:15.6\nRUN zypper install curl-8.6.0\n"),
    good: doc!("FROM opensuse/leap:15.6\nRUN zypper install -y curl-8.6.0\n"),
    fix: Some(doc!("Add `-y` after the subcommand")),
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: zypper_without_non_interactive,
};

fn zypper_without_non_interactive(ctx: &Context, out: &mut Findings) {
    report_missing_yes(
        ctx,
        out,
        &LL534,
        |cmd| {
            if cmd.has_flag(NON_INTERACTIVE) {
                return None;
            }
            subcommand(cmd).filter(|w| PROMPTING.contains(&w.value.as_str()))
        },
        "zypper asks for confirmation and the build cannot answer: add `-y` (or `zypper -n`)",
    );
}

pub static LL535: Rule = Rule {
    id: "LL535",
    name: "zypper-dist-upgrade",
    aliases: &["DL3035"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("zypper dist-upgrade in a RUN"),
    why: doc!(
        "`zypper dist-upgrade` moves the image to whatever distribution release the \
          repositories carry at build time, possibly a new major version: use a newer base \
          image instead, and `zypper update` for fixes."
    ),
    bad: doc!("FROM opensuse/leap:15.6\nRUN zypper -n dist-upgrade\n"),
    good: doc!("FROM opensuse/leap:15.6\nRUN zypper -n update\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: zypper_dist_upgrade,
};

fn zypper_dist_upgrade(ctx: &Context, out: &mut Findings) {
    let dup = invocations::all(ctx).filter_map(|inv: Invocation| {
        let sub = subcommand(&inv.cmd)?;
        ["dist-upgrade", "dup"]
            .contains(&sub.value.as_str())
            .then(|| (inv.instruction, inv.span(ctx)))
    });
    for (_, spans) in per_instruction(dup) {
        let msg = "`zypper dist-upgrade` can move the image to another distribution \
                   release: start from a newer base image instead"
            .to_string();
        out.add(&LL535, spans[0], msg, None);
    }
}

pub static LL537: Rule = Rule {
    id: "LL537",
    name: "zypper-unpinned-package",
    aliases: &["DL3037"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("zypper install without package versions"),
    why: doc!(
        "Without `name=version`, every build installs whatever the repositories have that \
          day: builds stop being reproducible and unchanged Dockerfiles produce new layers."
    ),
    bad: doc!("FROM opensuse/leap:15.6\nRUN zypper -n install curl\n"),
    good: doc!("FROM opensuse/leap:15.6\nRUN zypper -n install curl=8.6.0\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: zypper_install_without_versions,
};

fn zypper_install_without_versions(ctx: &Context, out: &mut Findings) {
    report_unpinned(
        ctx,
        out,
        &LL537,
        zypper::packages,
        zypper::is_pinned,
        "install `name=version` (or `name>=version`)",
    );
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::lint;

    #[test]
    fn non_interactive_in_either_place() {
        for ok in [
            "zypper -n install curl=8",
            "zypper --non-interactive in curl=8",
            "zypper install -y curl=8",
            "zypper in --no-confirm curl=8",
            "zypper refresh",
        ] {
            lint("LL534", &format!("FROM opensuse/leap:15.6\nRUN {ok}\n")).passes();
        }
        lint("LL534", "FROM opensuse/leap:15.6\nRUN zypper rm curl\n")
            .fails_at(&["zypper rm curl"]);
    }

    #[test]
    fn dist_upgrade_and_pins() {
        let text = "FROM opensuse/leap:15.6\nRUN zypper -n dup && zypper -n in -t pattern devel_basis curl 'git>=2'\n";
        lint("LL535", text).fails_at(&["zypper -n dup"]);
        lint("LL537", text)
            .fails_at(&["devel_basis"])
            .messages_contain(&["`devel_basis` and `curl` have"]);
    }
}
