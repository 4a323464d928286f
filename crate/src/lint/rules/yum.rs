//! yum inside RUN: answering its prompt and version pins. The option and subcommand lists are
//! shared with dnf, whose command line is yum's.

use super::invocations::{operands, report_missing_yes};
use super::pinning::{report_unpinned, Syntax};
use crate::lint::{FixSafety, Rule};
use crate::report::Severity;
use crate::shell::{Command, Word};

/// yum and dnf options that take the next word as their value.
pub(super) const WITH_VALUE: &[&str] = &[
    "-c",
    "--config",
    "--installroot",
    "--enablerepo",
    "--disablerepo",
    "--repo",
    "--repoid",
    "--repofrompath",
    "-x",
    "--exclude",
    "--setopt",
    "--releasever",
    "-d",
    "--debuglevel",
    "-e",
    "--errorlevel",
    "--rpmverbosity",
    "-R",
    "--randomwait",
    "--downloaddir",
    "--destdir",
    "--disableplugin",
    "--enableplugin",
    "--forcearch",
    "--color",
];

/// Subcommands that change packages and so ask for confirmation.
const PROMPTING: &[&str] = &[
    "install",
    "groupinstall",
    "localinstall",
    "reinstall",
    "remove",
    "erase",
    "update",
    "upgrade",
    "downgrade",
    "distro-sync",
    "autoremove",
    "groupremove",
    "groupupdate",
];

/// The subcommand word of a command of `programs` that will ask for confirmation: a prompting
/// subcommand (also `group install`, `module install`, …) without `-y`/`--assumeyes`.
pub(super) fn prompt_without_yes<'c>(cmd: &'c Command, programs: &[&str]) -> Option<&'c Word> {
    if !cmd.program().is_some_and(|p| programs.contains(&p)) || cmd.has_flag(&["-y", "--assumeyes"])
    {
        return None;
    }
    let ops = operands(cmd.args(), WITH_VALUE);
    let first = *ops.first()?;
    if PROMPTING.contains(&first.value.as_str()) {
        return Some(first);
    }
    let second = ops.get(1)?;
    (["group", "module"].contains(&first.value.as_str())
        && PROMPTING.contains(&second.value.as_str()))
    .then_some(*second)
}

/// The packages of `install` (and module streams of `module install`); group installs name
/// groups, which have no versions.
pub(super) fn install_packages<'c>(cmd: &'c Command, programs: &[&str]) -> Vec<&'c Word> {
    if !cmd.program().is_some_and(|p| programs.contains(&p)) {
        return Vec::new();
    }
    let ops = operands(cmd.args(), WITH_VALUE);
    match ops.iter().map(|w| w.value.as_str()).collect::<Vec<_>>()[..] {
        ["install", ..] => ops[1..].to_vec(),
        ["module", "install", ..] => ops[2..].to_vec(),
        _ => Vec::new(),
    }
}

pub static LL530: Rule = Rule {
    id: "LL530",
    name: "yum-without-yes",
    aliases: &["DL3030"],
    related: &[],
    severity: Severity::Warning,
    title: "yum without `-y`",
    why: "A build has no one to answer yum's \"Is this ok [y/N]\": without `-y` the answer is \
          no and the RUN fails.",
    bad: "FROM centos:7\nRUN yum install httpd-2.4.6\n",
    good: "FROM centos:7\nRUN yum install -y httpd-2.4.6\n",
    fix: Some("Add `-y` after the subcommand"),
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: |ctx, out| {
        report_missing_yes(
            ctx,
            out,
            &LL530,
            |cmd| prompt_without_yes(cmd, &["yum"]),
            "yum asks for confirmation and the build cannot answer: add `-y`",
        );
    },
};

pub static LL533: Rule = Rule {
    id: "LL533",
    name: "yum-unpinned-package",
    aliases: &["DL3033"],
    related: &[],
    severity: Severity::Warning,
    title: "yum install without package versions",
    why: "Without `name-version`, every build installs whatever the repositories have that \
          day: builds stop being reproducible and unchanged Dockerfiles produce new layers.",
    bad: "FROM centos:7\nRUN yum install -y httpd && yum clean all\n",
    good: "FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all\n",
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: |ctx, out| {
        report_unpinned(
            ctx,
            out,
            &LL533,
            Syntax::Rpm,
            |cmd| install_packages(cmd, &["yum"]),
            "install `name-version` (or `module:stream` for modules)",
        );
    },
};

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::{apply, findings};

    #[test]
    fn prompts_are_found_and_fixed() {
        let text = "FROM centos:7\nRUN yum --enablerepo epel install httpd-2.4 && yum group install 'Dev Tools'\n";
        let f = findings(text, "LL530");
        assert_eq!(f.len(), 1);
        assert_eq!(
            &text[f[0].span.start.offset..f[0].span.end.offset],
            "yum --enablerepo epel install httpd-2.4"
        );
        let fixed = apply(text, &f[0]);
        assert_eq!(
            fixed,
            "FROM centos:7\nRUN yum --enablerepo epel install -y httpd-2.4 && yum group install -y 'Dev Tools'\n"
        );
        assert!(findings(&fixed, "LL530").is_empty());
        for ok in [
            "yum -y install x",
            "yum install --assumeyes x",
            "yum clean all",
            "yum makecache",
        ] {
            let text = format!("FROM centos:7\nRUN {ok}\n");
            assert!(findings(&text, "LL530").is_empty(), "{ok}");
        }
    }

    #[test]
    fn versions_follow_a_dash_and_modules_a_colon() {
        let text = "FROM centos:7\nRUN yum install -y --setopt tsflags=nodocs python3-devel httpd-2.4.6 && yum module install -y nodejs\n";
        let f = findings(text, "LL533");
        assert_eq!(f.len(), 1);
        assert_eq!(
            &text[f[0].span.start.offset..f[0].span.end.offset],
            "python3-devel"
        );
        assert!(f[0]
            .message
            .starts_with("`python3-devel` and `nodejs` have"));
        for ok in [
            "yum install -y httpd-2.4.6-97.el7 /tmp/x.rpm",
            "yum module install -y nodejs:18",
            "yum groupinstall -y 'Development Tools'",
        ] {
            let text = format!("FROM centos:7\nRUN {ok}\n");
            assert!(findings(&text, "LL533").is_empty(), "{ok}");
        }
    }
}
