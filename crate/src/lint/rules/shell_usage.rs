//! How RUN uses the shell and common tools: commands that make no sense in a build, `cd`,
//! `sudo`, `useradd` with a high UID, `wget` progress output, both curl and wget, and
//! replacing `/bin/sh` (pipes without `pipefail` are in [`super::pipefail`]).

use crate::fix::insert_at_each;
use crate::lint::image_family::family;
use crate::lint::invocations::{self, per_instruction, report_inserting, Invocation};
use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::Severity;
use crate::shell::{option_value, Command};

/// Report each RUN with a matching command once, at the first (as written, wrappers
/// included), with the message of its program.
fn report_first(
    ctx: &Context,
    out: &mut Findings,
    rule: &Rule,
    matches: impl Fn(&Invocation) -> bool,
    message: impl Fn(&str) -> String,
) {
    let found = invocations::all(ctx).filter(|inv| matches(inv)).map(|inv| {
        let program = inv.program().to_string();
        (inv.instruction, (inv.written_span(ctx), program))
    });
    for (_, group) in per_instruction(found) {
        let (span, program) = &group[0];
        out.add(rule, *span, message(program), None);
    }
}

/// Programs that act on a running system — processes, services, mounts, an interactive
/// terminal — which a build container is not: what they do does not last into the image.
const IRRELEVANT: &[&str] = &[
    "free", "ifconfig", "kill", "mount", "ps", "service", "shutdown", "ssh", "top", "vim",
];

pub static LL501: Rule = Rule {
    id: "LL501",
    name: "pointless-command",
    aliases: &["DL3001"],
    related: &[],
    severity: Severity::Info,
    title: doc!("A command that makes no sense in a build"),
    why: doc!(
        "A RUN runs in a throwaway build container: services it starts, processes it lists or \
          kills, mounts it makes and editors it opens do not survive into the image. Such \
          commands usually mean the Dockerfile expects a running machine."
    ),
    bad: doc!("FROM debian:bookworm-slim\nRUN service nginx start\n"),
    good: doc!("FROM debian:bookworm-slim\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: pointless_command,
};

fn pointless_command(ctx: &Context, out: &mut Findings) {
    report_first(
        ctx,
        out,
        &LL501,
        |inv| IRRELEVANT.contains(&inv.program()),
        |p| {
            format!(
                "`{p}` acts on a running system, which a build container is not: its effect \
                 does not last into the image"
            )
        },
    );
}

pub static LL503: Rule = Rule {
    id: "LL503",
    name: "cd-instead-of-workdir",
    aliases: &["DL3003"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("`cd` in a RUN instead of WORKDIR"),
    why: doc!(
        "`cd` lasts only until the end of its RUN, so the next instructions silently run \
          elsewhere and long `cd … && cd …` chains are hard to follow. WORKDIR sets the \
          directory for every later instruction (and creates it)."
    ),
    bad: doc!("FROM golang:1.23\nCOPY . /src\nRUN cd /src && go build -o /app .\n"),
    good: doc!("FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: cd_instead_of_workdir,
};

fn cd_instead_of_workdir(ctx: &Context, out: &mut Findings) {
    report_first(
        ctx,
        out,
        &LL503,
        |inv| inv.program() == "cd",
        |_| "`cd` only lasts until the end of this RUN: use WORKDIR to switch directories".into(),
    );
}

pub static LL504: Rule = Rule {
    id: "LL504",
    name: "sudo-in-run",
    aliases: &["DL3004"],
    related: &[],
    severity: Severity::Error,
    title: doc!("`sudo` in a RUN"),
    why: doc!(
        "RUN already runs as the current USER, root unless the Dockerfile changed it. `sudo` \
          adds a package and a setuid binary to the image, behaves differently with and \
          without a TTY, and hides which user a command really runs as. Use `USER root` for \
          the commands that need it (and a tool like gosu at run time)."
    ),
    bad: doc!("FROM debian:bookworm-slim\nUSER app\nRUN sudo apt-get update\n"),
    good: doc!("FROM debian:bookworm-slim\nUSER root\nRUN apt-get update\nUSER app\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: sudo_in_run,
};

fn sudo_in_run(ctx: &Context, out: &mut Findings) {
    report_first(
        ctx,
        out,
        &LL504,
        |inv| {
            // `sudo` itself, or one of the wrappers before the program.
            let before = inv.cmd.range.start;
            inv.written
                .words
                .iter()
                .take_while(|w| w.range.start < before || inv.written.words.len() == 1)
                .any(|w| {
                    let name = w.value.rsplit('/').next().unwrap_or(&w.value);
                    name == "sudo"
                })
        },
        |_| "`sudo` in a build: switch with USER instead (root is the default)".into(),
    );
}

/// `useradd -u 1000000 app`: the UID's value when the option is given.
fn uid(cmd: &Command) -> Option<&str> {
    option_value(cmd.args(), "-u", "--uid")
}

/// A UID of six digits or more (hadolint's threshold, 100000): `/var/log/lastlog` and
/// `faillog` are indexed by UID, so their sparse files grow with it and layers store them in
/// full. A variable counts by the value its ARG or ENV gives it (unknown: not reported).
fn high_uid(ctx: &Context, instruction: usize, uid: &str) -> Option<u64> {
    let value = crate::lint::instruction_facts::expand(ctx, instruction, uid)?;
    value.parse::<u64>().ok().filter(|&n| n >= 100_000)
}

pub static LL546: Rule = Rule {
    id: "LL546",
    name: "useradd-high-uid-without-l",
    aliases: &["DL3046"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("`useradd` with a high UID and without `-l`"),
    why: doc!(
        "useradd records every user in `/var/log/lastlog` and `/var/log/faillog`, files \
          indexed by UID: with a UID in the hundreds of thousands or more they become huge \
          sparse files, which image layers store at full size — gigabytes to pull at every \
          task start. `-l` (`--no-log-init`) skips them."
    ),
    bad: doc!("FROM debian:bookworm-slim\nRUN useradd -u 1000000 app\n"),
    good: doc!("FROM debian:bookworm-slim\nRUN useradd -l -u 1000000 app\n"),
    fix: Some(doc!("Add `-l` after `useradd`")),
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: useradd_high_uid_without_l,
};

fn useradd_high_uid_without_l(ctx: &Context, out: &mut Findings) {
    let found = invocations::of(ctx, &["useradd"]).filter_map(|inv| {
        let written = uid(&inv.cmd)?;
        let id = high_uid(ctx, inv.instruction, written)?;
        if inv.cmd.has_flag(&["-l", "--no-log-init"]) {
            return None;
        }
        let at = inv.exact_range(ctx, &inv.cmd.words[0]).map(|r| r.end);
        // A lastlog record is 292 bytes, written at offset UID × 292.
        let megabytes = id.saturating_mul(292) / 1_000_000;
        let msg = format!(
            "`useradd` with UID {id} and without `-l` makes /var/log/lastlog a sparse file \
             of about {megabytes} MB, which the layer stores in full"
        );
        Some((inv.instruction, (inv.span(ctx), msg, at)))
    });
    for (_, group) in per_instruction(found) {
        let (span, msg, _) = &group[0];
        // One fix for every such useradd of the RUN, when each can be edited.
        let at_each = group.iter().map(|(_, _, at)| *at);
        let fix = insert_at_each("Add `-l` after `useradd`", " -l", at_each);
        out.add(&LL546, *span, msg.clone(), fix);
    }
}

/// Whether wget prints no per-kilobyte progress: `--progress=…`, quiet, no-verbose, or output
/// to a log file. Short options may be grouped (`-qO-`): letters up to one taking a value.
fn wget_is_quiet(cmd: &Command) -> bool {
    if cmd.has_flag(&[
        "--progress",
        "--quiet",
        "--no-verbose",
        "--output-file",
        "--append-output",
    ]) {
        return true;
    }
    cmd.args().iter().any(|w| {
        let v = w.value.as_str();
        if v == "-nv" {
            return true;
        }
        let Some(group) = v.strip_prefix('-').filter(|g| !g.starts_with('-')) else {
            return false;
        };
        for c in group.chars() {
            match c {
                'q' | 'o' | 'a' => return true,
                // Options that take a value end the group: the rest is the value.
                'O' | 'P' | 't' | 'T' | 'e' | 'U' | 'Q' | 'w' | 'i' | 'B' | 'D' | 'X' | 'I'
                | 'l' | 'A' | 'R' => return false,
                _ => {}
            }
        }
        false
    })
}

pub static LL547: Rule = Rule {
    id: "LL547",
    name: "wget-without-progress",
    aliases: &["DL3047"],
    related: &[],
    severity: Severity::Info,
    title: doc!("`wget` without a progress setting"),
    why: doc!(
        "Without a terminal wget prints a progress line for every few kilobytes: downloading \
          a large file fills the build log with thousands of lines. `--progress=dot:giga` \
          (GNU wget), `-nv` or `-q` keep it short."
    ),
    bad: doc!("FROM debian:bookworm-slim\nRUN wget https://example.com/big.tar.gz\n"),
    good: doc!(
        "FROM debian:bookworm-slim\n\
           RUN wget --progress=dot:giga https://example.com/big.tar.gz\n"
    ),
    fix: Some(doc!(
        "Add `--progress=dot:giga` (GNU wget: Debian, Ubuntu and RHEL-family images)"
    )),
    fix_safety: FixSafety::Unsafe,
    opt_in: false,
    check: wget_without_progress,
};

fn wget_without_progress(ctx: &Context, out: &mut Findings) {
    let found = invocations::of(ctx, &["wget"]).filter_map(|inv| {
        if wget_is_quiet(&inv.cmd) {
            return None;
        }
        // Busybox wget (Alpine) knows no `--progress`: fix only where wget is GNU's.
        let gnu = ctx
            .stage_of(inv.instruction)
            .is_some_and(|s| family(ctx, s).has_gnu_tools());
        let at = inv
            .exact_range(ctx, &inv.cmd.words[0])
            .filter(|_| gnu)
            .map(|r| r.end);
        Some((inv.instruction, (inv.span(ctx), at)))
    });
    report_inserting(
        out,
        &LL547,
        found,
        "wget without a terminal logs a progress line every few kilobytes: add \
         `--progress=dot:giga`, `-nv` or `-q`",
        ("Add `--progress=dot:giga`", " --progress=dot:giga"),
    );
}

pub static LL601: Rule = Rule {
    id: "LL601",
    name: "wget-and-curl",
    aliases: &["DL4001"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("Both `wget` and `curl` in one stage"),
    why: doc!(
        "Both tools download files; an image that needs both carries two HTTP clients and \
          their libraries. Pick one for every download of the stage."
    ),
    bad: doc!(
        "FROM debian:bookworm-slim\nRUN curl -fsSLO https://example.com/a\n\
          RUN wget -q https://example.com/b\n"
    ),
    good: doc!(
        "FROM debian:bookworm-slim\nRUN curl -fsSLO https://example.com/a\n\
           RUN curl -fsSLO https://example.com/b\n"
    ),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: wget_and_curl,
};

fn wget_and_curl(ctx: &Context, out: &mut Findings) {
    // Per stage, as hadolint: every RUN that uses one of them once both have been seen.
    let mut seen: (Option<usize>, [bool; 2]) = (None, [false; 2]);
    let used = invocations::of(ctx, &["curl", "wget"])
        .map(|inv| (inv.instruction, (inv.span(ctx), inv.program() == "wget")));
    for (instruction, group) in per_instruction(used) {
        let stage = ctx.stage_of(instruction).map(|s| s.index);
        if seen.0 != stage {
            seen = (stage, [false; 2]);
        }
        for (_, wget) in &group {
            seen.1[usize::from(*wget)] = true;
        }
        if seen.1 == [true, true] {
            let msg =
                "this stage uses both `curl` and `wget`: one HTTP client is enough".to_string();
            out.add(&LL601, group[0].0, msg, None);
        }
    }
}

pub static LL605: Rule = Rule {
    id: "LL605",
    name: "ln-bin-sh",
    aliases: &["DL4005"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("Replacing `/bin/sh` with `ln` instead of using SHELL"),
    why: doc!(
        "Linking another shell over `/bin/sh` changes the shell of every later RUN, of the \
          image's shell-form CMD and ENTRYPOINT and of every script that expects a POSIX sh, \
          without saying so in the Dockerfile. SHELL changes the shell of the build's RUNs, \
          visibly."
    ),
    bad: doc!("FROM debian:bookworm-slim\nRUN ln -sf /bin/bash /bin/sh\n"),
    good: doc!("FROM debian:bookworm-slim\nSHELL [\"/bin/bash\", \"-c\"]\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: ln_bin_sh,
};

fn ln_bin_sh(ctx: &Context, out: &mut Findings) {
    report_first(
        ctx,
        out,
        &LL605,
        |inv| {
            // The link's name is the last operand: `ln -sf /bin/bash /bin/sh`.
            inv.program() == "ln"
                && invocations::operands(inv.cmd.args(), &["-t", "--target-directory"])
                    .last()
                    .is_some_and(|w| w.value == "/bin/sh")
        },
        |_| {
            "this replaces `/bin/sh` for everything in the image: use SHELL to change the \
             shell of RUN"
                .into()
        },
    );
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::lint;

    #[test]
    fn irrelevant_commands() {
        let text = "FROM debian:12\nRUN apt-get install -y x && service x start && kill 1\n";
        lint("LL501", text).fails_at(&["service x start"]);
        lint("LL501", "FROM debian:12\nRUN ssh-keyscan github.com\n").passes();
    }

    #[test]
    fn cd_is_found_behind_operators() {
        let text = "FROM debian:12\nRUN make && cd /src && make install\n";
        lint("LL503", text).fails_at(&["cd /src"]);
    }

    #[test]
    fn sudo_as_program_or_wrapper() {
        lint("LL504", "FROM debian:12\nRUN env -i sudo -u x make\n")
            .fails_at(&["env -i sudo -u x make"]);
        lint("LL504", "FROM debian:12\nRUN sudo\n").fails_at(&["sudo"]);
        lint("LL504", "FROM debian:12\nRUN apt-get install -y sudo=1\n").passes();
    }

    #[test]
    fn useradd_with_a_high_uid_gets_l() {
        let text = "FROM debian:12\nRUN useradd --uid 1000000 -m app\n";
        let fixed = "FROM debian:12\nRUN useradd -l --uid 1000000 -m app\n";
        lint("LL546", text)
            .fails_at(&["useradd --uid 1000000 -m app"])
            .fixes_to(fixed);
        lint("LL546", fixed).passes();
        for ok in [
            "useradd -u 1000 app",
            "useradd --no-log-init -u 1000000 app",
            "useradd app",
        ] {
            lint("LL546", &format!("FROM debian:12\nRUN {ok}\n")).passes();
        }
    }

    /// Parity exception: hadolint measures the UID's written length, so every variable
    /// (`${VAR}`, six characters) is "high"; here the ARG gives 499.
    #[test]
    fn hadolint_counts_the_characters_of_a_uid_variable() {
        let text =
            "FROM debian:12\nARG LAST_SYSTEM_UID=499\nRUN useradd --system -u $LAST_SYSTEM_UID x\n";
        lint("LL546", text).passes();
        let high = "FROM debian:12\nARG UID=2000000\nRUN useradd -u ${UID} x\n";
        let case = lint("LL546", high);
        let message = &case.fails_at(&["useradd -u ${UID} x"]).findings[0].message;
        assert!(message.contains("about 584 MB"), "{message}");
        lint("LL546", "FROM debian:12\nARG UID\nRUN useradd -u $UID x\n").passes();
    }

    #[test]
    fn wget_progress_options_and_the_gnu_only_fix() {
        for ok in [
            "wget -q https://x",
            "wget -qO- https://x",
            "wget -nv https://x",
            "wget --progress=dot:giga https://x",
            "wget --progress dot https://x",
            "wget -o /tmp/log https://x",
            "wget --no-verbose https://x",
        ] {
            lint("LL547", &format!("FROM debian:12\nRUN {ok}\n")).passes();
        }
        let text = "FROM debian:12\nRUN wget -O- https://x | tar -x\n";
        lint("LL547", text)
            .fails_at(&["wget -O- https://x"])
            .fixes_to("FROM debian:12\nRUN wget --progress=dot:giga -O- https://x | tar -x\n");
        // BusyBox wget has no --progress: reported, not fixed.
        lint("LL547", "FROM alpine:3.20\nRUN wget https://x\n")
            .fails_at(&["wget https://x"])
            .has_no_fix();
    }

    #[test]
    fn curl_and_wget_in_one_stage() {
        let text =
            "FROM debian:12\nRUN curl -O a\nRUN wget b\nRUN curl c\nFROM debian:12\nRUN wget d\n";
        lint("LL601", text).fails_at(&["wget b", "curl c"]);
        // `command -v` runs nothing.
        lint("LL601", "FROM debian:12\nRUN command -v curl || wget x\n").passes();
    }

    #[test]
    fn replacing_bin_sh() {
        lint("LL605", "FROM debian:12\nRUN ln -sf /bin/bash /bin/sh\n")
            .fails_at(&["ln -sf /bin/bash /bin/sh"]);
        lint(
            "LL605",
            "FROM debian:12\nRUN ln -s /bin/sh /usr/local/bin/sh\n",
        )
        .passes();
    }
}
