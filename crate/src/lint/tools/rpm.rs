//! yum, dnf, dnf5 and microdnf (Fedora, RHEL, CentOS, UBI): dnf's command line is yum's, so
//! one set of options and subcommands serves both; their caches are apart.

use super::paths::is_path_or_url;
use super::{first_operand, operands, sub, Cache, PackageSubcommands, Write};
use crate::shell::{Command, Word};

/// The programs read as yum.
pub const YUM: &[&str] = &["yum"];
/// The programs read as dnf. microdnf asks before changing packages too from 3.9 on (older
/// ones took `-y` as a no-op), so it is read like dnf, as hadolint's DL3038 does.
pub const DNF: &[&str] = &["dnf", "dnf5", "microdnf"];

/// yum and dnf options that take the next word as their value.
pub const WITH_VALUE: &[&str] = &[
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

/// The subcommands that change packages.
pub(super) const PACKAGE_SUBCOMMANDS: PackageSubcommands = PackageSubcommands {
    install: &["install", "groupinstall"],
    remove: &["remove", "erase", "groupremove"],
    autoremove: &["autoremove"],
};

/// dnf's short forms of subcommands (yum has none), as dnf reads them.
const DNF_SHORT: &[(&str, &str)] = &[
    ("in", "install"),
    ("rei", "reinstall"),
    ("rm", "remove"),
    ("up", "upgrade"),
    ("up-min", "upgrade-minimal"),
];

/// The subcommand a word names for `program`: dnf's `in` is `install`.
pub(super) fn canonical<'w>(program: &str, word: &'w str) -> &'w str {
    let short = DNF
        .contains(&program)
        .then(|| DNF_SHORT.iter().find(|(s, _)| *s == word));
    match short.flatten() {
        Some((_, long)) => long,
        None => word,
    }
}

/// The subcommand word of a command of `programs` that will ask for confirmation: a prompting
/// subcommand (also `group install`, `module install`, dnf's `in`, …) without
/// `-y`/`--assumeyes`.
pub fn prompt_without_yes<'c>(cmd: &'c Command, programs: &[&str]) -> Option<&'c Word> {
    let program = cmd.program().filter(|p| programs.contains(p))?;
    if cmd.has_flag(&["-y", "--assumeyes"]) {
        return None;
    }
    let prompting = |w: &Word| PROMPTING.contains(&canonical(program, &w.value));
    let ops = operands(cmd.args(), WITH_VALUE);
    let first = *ops.first()?;
    if prompting(first) {
        return Some(first);
    }
    let second = ops.get(1)?;
    (["group", "module"].contains(&first.value.as_str()) && prompting(second)).then_some(*second)
}

/// The packages of `install` (and module streams of `module install`); group installs name
/// groups, which have no versions.
pub fn install_packages<'c>(cmd: &'c Command, programs: &[&str]) -> Vec<&'c Word> {
    let Some(program) = cmd.program().filter(|p| programs.contains(p)) else {
        return Vec::new();
    };
    let ops = operands(cmd.args(), WITH_VALUE);
    match ops
        .iter()
        .map(|w| canonical(program, &w.value))
        .collect::<Vec<_>>()[..]
    {
        ["install", ..] => ops[1..].to_vec(),
        ["module", "install", ..] => ops[2..].to_vec(),
        _ => Vec::new(),
    }
}

/// yum's metadata and package cache, written by installs, updates and `makecache`.
pub(super) fn yum_writes(args: &[Word], out: &mut Vec<Write>) {
    let subs = [
        "install",
        "groupinstall",
        "localinstall",
        "reinstall",
        "update",
        "upgrade",
        "makecache",
    ];
    if let Some(word) = sub(args, &subs) {
        let hadolint = (word.value == "install").then_some("DL3032");
        out.push(Write::new(Cache::Yum, word, hadolint, None));
    }
}

/// dnf's metadata and package cache (`program` tells dnf5, which hadolint does not read).
pub(super) fn dnf_writes(program: &str, args: &[Word], out: &mut Vec<Write>) {
    let subs = [
        "install",
        "groupinstall",
        "reinstall",
        "update",
        "upgrade",
        "upgrade-minimal",
        "makecache",
        "distro-sync",
    ];
    // dnf's short forms, as the subcommand only: `dnf -y in x`, `dnf up`.
    let word = sub(args, &subs).or_else(|| {
        first_operand(args).filter(|w| {
            let long = canonical(program, &w.value);
            long != w.value && subs.contains(&long)
        })
    });
    if let Some(word) = word {
        // hadolint's DL3040: dnf and microdnf installing or upgrading.
        let verbs = ["install", "upgrade", "upgrade-minimal", "reinstall"];
        let hadolint = (verbs.contains(&canonical(program, &word.value)) && program != "dnf5")
            .then_some("DL3040");
        out.push(Write::new(Cache::Dnf, word, hadolint, None));
    }
}

/// `yum clean` and `dnf clean` (microdnf's `clean` cleans microdnf's own: see
/// [`same_cache`]).
pub(super) fn cleans(tool: &str, args: &[Word]) -> Vec<Cache> {
    match (tool, first_operand(args).map(|w| w.value.as_str())) {
        ("yum", Some("clean")) => vec![Cache::Yum],
        ("dnf", Some("clean")) => vec![Cache::Dnf],
        _ => Vec::new(),
    }
}

/// The command that cleans the cache a command of `program` wrote (microdnf cleans with itself).
pub(super) fn clean_command(cache: Cache, program: &str) -> String {
    match cache {
        Cache::Yum => "yum clean all".into(),
        _ => format!("{program} clean all"),
    }
}

/// Whether `cleaner` cleans the cache `writer` wrote: microdnf keeps its cache apart from
/// dnf's (hadolint's DL3040Spec: `dnf install … && microdnf clean all` leaves dnf's).
pub fn same_cache(cache: Cache, writer: Option<&str>, cleaner: Option<&str>) -> bool {
    cache != Cache::Dnf
        || cleaner == Some("rm")
        || (writer == Some("microdnf")) == (cleaner == Some("microdnf"))
}

/// dnf's and yum's `name-version[-release]`: everything after the first dash is made of
/// version characters and some part starts with a digit (`python3-devel` has a dash but no
/// version).
pub fn is_pinned(p: &str) -> bool {
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
