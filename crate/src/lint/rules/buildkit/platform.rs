//! `FROM --platform=…`: the redundant `$TARGETPLATFORM` (RedundantTargetPlatform) and a
//! constant platform (FromPlatformFlagConstDisallowed).

use super::go_quote;
use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::Severity;
use crate::syntax::expand::{Env, Expansion, Lexer};
use crate::syntax::Flag;

type Platform<'c> = (&'c crate::syntax::stages::Stage, &'c Flag, Expansion);

/// Every stage's `--platform` flag with its value expanded in the global scope.
fn platforms<'c>(ctx: &'c Context) -> Vec<Platform<'c>> {
    let scopes = ctx.scopes();
    let global = scopes.global().at_build_time();
    let lexer = Lexer::new(ctx.file.escape);
    let mut out = Vec::new();
    for stage in ctx.stages() {
        let from = ctx.file.instructions[stage.from].as_from();
        let Some(flag) = from.and_then(|f| f.platform) else {
            continue;
        };
        let Some(value) = flag.value.as_deref() else {
            continue;
        };
        if let Ok(e) = lexer.process(value, &global) {
            out.push((stage, flag, e));
        }
    }
    out
}

pub static LL713: Rule = Rule {
    id: "LL713",
    name: "redundant-target-platform",
    aliases: &["RedundantTargetPlatform", "DL3065"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("`--platform=$TARGETPLATFORM` in FROM"),
    why: doc!(
        "A stage is built for the target platform unless told otherwise, so \
          `FROM --platform=$TARGETPLATFORM` says what is already the default. It is noise at \
          best, and reads as if it were doing something for cross-platform builds (where \
          `$BUILDPLATFORM` is what is usually meant)."
    ),
    bad: doc!("FROM --platform=$TARGETPLATFORM alpine:3.20\n"),
    good: doc!("FROM alpine:3.20\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: redundant_target_platform,
};

fn redundant_target_platform(ctx: &Context, out: &mut Findings) {
    for (_, flag, e) in platforms(ctx) {
        // Only TARGETPLATFORM was substituted, and nothing was added around it.
        let only = e.matched.len() == 1 && e.matched[0] == "TARGETPLATFORM";
        if only
            && e.unmatched.is_empty()
            && Some(e.result.as_str())
                == ctx.scopes().global().at_build_time().get("TARGETPLATFORM")
        {
            let written = flag.value.as_deref().unwrap_or("");
            let msg = format!(
                "Setting platform to predefined {written} in FROM is redundant as this is \
                 the default behavior"
            );
            out.add(&LL713, flag.value_span.unwrap_or(flag.span), msg, None);
        }
    }
}

pub static LL716: Rule = Rule {
    id: "LL716",
    name: "constant-from-platform",
    aliases: &["FromPlatformFlagConstDisallowed"],
    related: &["DL3029"],
    severity: Severity::Warning,
    title: doc!("FROM `--platform` with a constant value"),
    why: doc!(
        "A constant `--platform` pins the stage to one platform whatever the build targets: a \
          multi-platform build then ships the wrong binaries for every other platform, and on a \
          machine of another architecture the stage runs under emulation. Use \
          `$BUILDPLATFORM` or `$TARGETPLATFORM`, or name the stage after its platform \
          (`AS build-amd64`) when the pin is deliberate. Unlike hadolint's DL3029, a variable \
          platform is fine."
    ),
    bad: doc!("FROM --platform=linux/amd64 golang:1.23 AS build\n"),
    good: doc!("FROM --platform=$BUILDPLATFORM golang:1.23 AS build\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: constant_from_platform,
};

fn constant_from_platform(ctx: &Context, out: &mut Findings) {
    for (stage, flag, e) in platforms(ctx) {
        if !e.matched.is_empty() || !e.unmatched.is_empty() {
            continue; // a variable: not a constant
        }
        let Some((os, arch)) = parse_platform(&e.result) else {
            continue; // BuildKit fails on it later
        };
        let name = stage.name.as_deref().unwrap_or("");
        if name.contains(&os) || name.contains(&arch) {
            continue;
        }
        let msg = format!(
            "FROM --platform flag should not use constant value {}",
            go_quote(&e.result)
        );
        out.add(&LL716, flag.value_span.unwrap_or(flag.span), msg, None);
    }
}

/// containerd's `platforms.Parse`, normalized OS and architecture only (a one-word
/// platform takes the other part from a linux/amd64 host, as BuildKit's would).
fn parse_platform(s: &str) -> Option<(String, String)> {
    let parts: Vec<&str> = s.split('/').collect();
    let valid = |p: &str| {
        !p.is_empty()
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
    };
    // An OS version in parentheses, `windows(10.0.17763)`, is allowed on the OS.
    let os_part = parts[0].split_once('(').map_or(parts[0], |(os, _)| os);
    if !valid(os_part) || !parts[1..].iter().all(|p| valid(p)) {
        return None;
    }
    let os = normalize_os(os_part);
    match parts.len() {
        1 if KNOWN_OS.contains(&os.as_str()) => Some((os, "amd64".to_string())),
        1 => {
            let arch = normalize_arch(parts[0]);
            KNOWN_ARCH
                .contains(&arch.as_str())
                .then(|| ("linux".to_string(), arch))
        }
        2 | 3 => Some((os, normalize_arch(parts[1]))),
        _ => None,
    }
}

fn normalize_os(os: &str) -> String {
    match os.to_ascii_lowercase().as_str() {
        "macos" => "darwin".to_string(),
        other => other.to_string(),
    }
}

fn normalize_arch(arch: &str) -> String {
    match arch.to_ascii_lowercase().as_str() {
        "i386" => "386".to_string(),
        "x86_64" | "x86-64" | "amd64" => "amd64".to_string(),
        "aarch64" | "arm64" => "arm64".to_string(),
        "armhf" | "armel" | "arm" => "arm".to_string(),
        other => other.to_string(),
    }
}

const KNOWN_OS: &[&str] = &[
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "js",
    "linux",
    "nacl",
    "netbsd",
    "openbsd",
    "plan9",
    "solaris",
    "wasip1",
    "windows",
    "zos",
];

const KNOWN_ARCH: &[&str] = &[
    "386",
    "amd64",
    "amd64p32",
    "arm",
    "armbe",
    "arm64",
    "arm64be",
    "loong64",
    "mips",
    "mipsle",
    "mips64",
    "mips64le",
    "mips64p32",
    "mips64p32le",
    "ppc",
    "ppc64",
    "ppc64le",
    "riscv",
    "riscv64",
    "s390",
    "s390x",
    "sparc",
    "sparc64",
    "wasm",
];

#[cfg(test)]
mod tests {
    use super::parse_platform;
    use crate::lint::rules::test_util::lint;

    // testRedundantTargetPlatform.
    #[test]
    fn redundant_target_platform() {
        let case = lint("LL713", "\nFROM --platform=$TARGETPLATFORM scratch\n");
        let f = &case.fails_at(&["$TARGETPLATFORM"]).findings;
        assert_eq!(
            f[0].message,
            "Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior"
        );
        let case = lint("LL713", "\nFROM --platform=${TARGETPLATFORM} scratch\n");
        assert!(case.findings[0]
            .message
            .contains("predefined ${TARGETPLATFORM} in FROM"));
        for ok in [
            "FROM --platform=$BUILDPLATFORM scratch\n",
            "FROM --platform=${TARGETPLATFORM:-$BUILDPLATFORM} scratch\n",
            "FROM --platform=$TARGETPLATFORM-x scratch\n",
        ] {
            lint("LL713", ok).passes();
        }
    }

    // testFromPlatformFlagConstDisallowed.
    #[test]
    fn constant_platform() {
        let case = lint("LL716", "\nFROM --platform=linux/amd64 scratch\n");
        let f = &case.fails_at(&["linux/amd64"]).findings;
        assert_eq!(
            f[0].message,
            "FROM --platform flag should not use constant value \"linux/amd64\""
        );
        assert_eq!(f[0].related, ["DL3029"]);
        for ok in [
            "\nFROM --platform=linux/amd64 scratch AS my_amd64_stage\n",
            "\nFROM --platform=linux/amd64 scratch AS linux\n",
            "FROM --platform=$BUILDPLATFORM scratch\n",
            "FROM --platform=linux/x86_64 scratch AS build-amd64\n",
        ] {
            lint("LL716", ok).passes();
        }
        assert_eq!(
            parse_platform("linux/aarch64/v8"),
            Some(("linux".into(), "arm64".into()))
        );
        assert_eq!(
            parse_platform("arm64"),
            Some(("linux".into(), "arm64".into()))
        );
        assert_eq!(parse_platform("bogus"), None);
        assert_eq!(parse_platform("linux/"), None);
    }
}
