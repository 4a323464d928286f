//! yum inside RUN: answering its prompt and version pins (its command line, shared with dnf,
//! is in [`crate::lint::tools::rpm`]).

use crate::lint::invocations::report_missing_yes;
use crate::lint::pinning::report_unpinned;
use crate::lint::tools::rpm::{self, install_packages, prompt_without_yes, YUM};
use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::Severity;

pub static LL530: Rule = Rule {
    id: "LL530",
    name: "yum-without-yes",
    aliases: &["DL3030"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("yum without `-y`"),
    why: doc!(
        "A build has no one to answer yum's \"Is this ok [y/N]\": without `-y` the answer is \
          no and the RUN fails."
    ),
    bad: doc!("FROM centos:7\nRUN yum install httpd-2.4.6\n"),
    good: doc!("FROM centos:7\nRUN yum install -y httpd-2.4.6\n"),
    fix: Some(doc!("Add `-y` after the subcommand")),
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: yum_without_yes,
};

fn yum_without_yes(ctx: &Context, out: &mut Findings) {
    report_missing_yes(
        ctx,
        out,
        &LL530,
        |cmd| prompt_without_yes(cmd, YUM),
        "yum asks for confirmation and the build cannot answer: add `-y`",
    );
}

pub static LL533: Rule = Rule {
    id: "LL533",
    name: "yum-unpinned-package",
    aliases: &["DL3033"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("yum install without package versions"),
    why: doc!(
        "Without `name-version`, every build installs whatever the repositories have that \
          day: builds stop being reproducible and unchanged Dockerfiles produce new layers."
    ),
    bad: doc!("FROM centos:7\nRUN yum install -y httpd && yum clean all\n"),
    good: doc!("FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: yum_install_without_versions,
};

fn yum_install_without_versions(ctx: &Context, out: &mut Findings) {
    report_unpinned(
        ctx,
        out,
        &LL533,
        |cmd| install_packages(cmd, YUM),
        rpm::is_pinned,
        "install `name-version` (or `module:stream` for modules)",
    );
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::lint;

    #[test]
    fn prompts_are_found_and_fixed() {
        let text = "FROM centos:7\nRUN yum --enablerepo epel install httpd-2.4 && yum group install 'Dev Tools'\n";
        let fixed = "FROM centos:7\nRUN yum --enablerepo epel install -y httpd-2.4 && yum group install -y 'Dev Tools'\n";
        lint("LL530", text)
            .fails_at(&["yum --enablerepo epel install httpd-2.4"])
            .fixes_to(fixed);
        lint("LL530", fixed).passes();
        for ok in [
            "yum -y install x",
            "yum install --assumeyes x",
            "yum clean all",
            "yum makecache",
        ] {
            lint("LL530", &format!("FROM centos:7\nRUN {ok}\n")).passes();
        }
    }

    #[test]
    fn versions_follow_a_dash_and_modules_a_colon() {
        let text = "FROM centos:7\nRUN yum install -y --setopt tsflags=nodocs python3-devel httpd-2.4.6 && yum module install -y nodejs\n";
        lint("LL533", text)
            .fails_at(&["python3-devel"])
            .messages_contain(&["`python3-devel` and `nodejs` have"]);
        for ok in [
            "yum install -y httpd-2.4.6-97.el7 /tmp/x.rpm",
            "yum module install -y nodejs:18",
            "yum groupinstall -y 'Development Tools'",
        ] {
            lint("LL533", &format!("FROM centos:7\nRUN {ok}\n")).passes();
        }
    }
}
