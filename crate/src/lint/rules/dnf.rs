//! dnf and microdnf inside RUN: answering the prompt and version pins (the command line is
//! yum's: see [`crate::lint::tools::rpm`]).

use crate::lint::invocations::report_missing_yes;
use crate::lint::pinning::report_unpinned;
use crate::lint::tools::rpm::{self, install_packages, prompt_without_yes, DNF};
use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::Severity;

pub static LL538: Rule = Rule {
    id: "LL538",
    name: "dnf-without-yes",
    aliases: &["DL3038"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("dnf without `-y`"),
    why: doc!(
        "A build has no one to answer dnf's \"Is this ok [y/N]\": without `-y` the answer is \
          no and the RUN fails."
    ),
    bad: doc!("FROM fedora:40\nRUN dnf install httpd-2.4.62\n"),
    good: doc!("FROM fedora:40\nRUN dnf install -y httpd-2.4.62\n"),
    fix: Some(doc!("Add `-y` after the subcommand")),
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: dnf_without_yes,
};

fn dnf_without_yes(ctx: &Context, out: &mut Findings) {
    report_missing_yes(
        ctx,
        out,
        &LL538,
        |cmd| prompt_without_yes(cmd, DNF),
        "dnf asks for confirmation and the build cannot answer: add `-y`",
    );
}

pub static LL541: Rule = Rule {
    id: "LL541",
    name: "dnf-unpinned-package",
    aliases: &["DL3041"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("dnf install without package versions"),
    why: doc!(
        "Without `name-version`, every build installs whatever the repositories have that \
          day: builds stop being reproducible and unchanged Dockerfiles produce new layers."
    ),
    bad: doc!("FROM fedora:40\nRUN dnf install -y httpd && dnf clean all\n"),
    good: doc!("FROM fedora:40\nRUN dnf install -y httpd-2.4.62 && dnf clean all\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: dnf_install_without_versions,
};

fn dnf_install_without_versions(ctx: &Context, out: &mut Findings) {
    report_unpinned(
        ctx,
        out,
        &LL541,
        |cmd| install_packages(cmd, DNF),
        rpm::is_pinned,
        "install `name-version` (or `module:stream` for modules)",
    );
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::lint;

    /// hadolint's DL3038Spec: `microdnf install httpd-2.4.24 && microdnf clean all` wants
    /// `-y` like dnf.
    #[test]
    fn dnf_and_microdnf_without_yes() {
        lint("LL538", "FROM fedora:40\nRUN dnf upgrade\n").fails_at(&["dnf upgrade"]);
        lint("LL538", "FROM fedora:40\nRUN dnf -y upgrade\n").passes();
        // dnf's short forms are its subcommands for every rule (LL103 read them, LL538 and
        // LL541 did not); yum has none.
        let short = "FROM fedora:40\nRUN dnf in httpd && dnf clean all\n";
        lint("LL538", short).fails_at(&["dnf in httpd"]);
        lint("LL541", short).fails_at(&["httpd"]);
        lint("LL530", "FROM centos:7\nRUN yum in httpd\n").passes();
        let micro =
            "FROM ubi9/ubi-minimal\nRUN microdnf install httpd-2.4.24 && microdnf clean all\n";
        lint("LL538", micro).fails_at(&["microdnf install httpd-2.4.24"]);
        lint("LL538", &micro.replace("install", "install -y")).passes();
    }

    #[test]
    fn unpinned_packages_of_dnf_and_microdnf() {
        let text = "FROM fedora:40\nRUN dnf install -y --setopt=tsflags=nodocs gcc-c++ clang-18.1.8 && microdnf install -y curl\n";
        lint("LL541", text)
            .fails_at(&["gcc-c++"])
            .messages_contain(&["`curl`"]);
        lint(
            "LL541",
            "FROM fedora:40\nRUN dnf group install -y 'C Development Tools'\n",
        )
        .passes();
    }

    /// Parity exception (hadolint's DL3041Spec/DL3033Spec): `${version}` set by an ENV of a
    /// stage this one is not built FROM has no value here that layerlint knows; like any
    /// version in a variable it cannot resolve (the base image may set it), it counts as one.
    #[test]
    fn a_version_variable_layerlint_cannot_resolve_counts_as_a_version() {
        let text = "FROM fedora:42 AS build\nENV version=2.51.0-2.fc42\nFROM fedora:42\n\
                    RUN dnf -y install git-core-${version}\n";
        lint("LL541", text).passes();
    }

    /// Parity exception: hadolint's DL3041 wants literal version characters after the dash,
    /// so `cuda-toolkit-${CUDA_VERSION}` counts as unpinned although a build argument pins it.
    #[test]
    fn hadolint_takes_a_version_in_a_variable_for_none() {
        let text = "FROM fedora:40\nARG CUDA12VERSION=12.8\nRUN dnf install -y cuda-toolkit-${CUDA12VERSION//./-} \"mysql-server-$MYSQL_VERSION\"\n";
        lint("LL541", text).passes();
    }
}
