//! File modes that let any user of the container write: `chmod 777`, `chmod -R a+w`,
//! `mkdir -m 777`, `install -m 666`, `COPY --chmod=777`.

use super::ship_severity;
use crate::lint::invocations;
use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::{Severity, Span};
use crate::shell::{option_value, Command};
use crate::syntax::Kind;

pub static LL608: Rule = Rule {
    id: "LL608",
    name: "world-writable",
    aliases: &[],
    related: &[],
    severity: Severity::Warning,
    title: doc!("World-writable permissions"),
    why: doc!(
        "A mode that gives write to others (`777`, `666`, `a+w`, `o+w`) lets any process in \
          the container, whatever its user, replace the files: a non-root USER stops \
          protecting the binaries and configuration, and one compromised process can plant \
          code that every other runs. Give write to the owner (`755`, `644`, `u+w`) and chown \
          what the app user must write. A sticky directory (`1777`, like /tmp) is not \
          reported."
    ),
    bad: doc!("FROM debian:bookworm-slim\nCOPY app /app\nRUN chmod -R 777 /app\n"),
    good: doc!("FROM debian:bookworm-slim\nCOPY --chown=app:app app /app\nRUN chmod -R 755 /app\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: world_writable,
};

fn world_writable(ctx: &Context, out: &mut Findings) {
    let commands: Vec<_> = invocations::all(ctx).collect();
    for (k, inv) in commands.iter().enumerate() {
        if !["chmod", "mkdir", "install"].contains(&inv.program()) {
            continue;
        }
        let Some(mode) = mode_of(&inv.cmd).filter(|m| gives_others_write(m)) else {
            continue;
        };
        // A scratch directory opened up for the build and deleted by the same RUN
        // (`chmod 777 "$tmp" … rm -rf "$tmp"`) never reaches the image.
        let removed_later = |target: &str| {
            commands[k + 1..].iter().any(|later| {
                later.instruction == inv.instruction
                    && later.program() == "rm"
                    && later.cmd.operands().any(|w| w.value == target)
            })
        };
        let targets: Vec<&str> = inv
            .cmd
            .operands()
            .map(|w| w.value.as_str())
            .filter(|v| *v != mode)
            .collect();
        if inv.program() == "chmod"
            && !targets.is_empty()
            && targets.iter().all(|t| removed_later(t))
        {
            continue;
        }
        let program = inv.program().to_string();
        report(ctx, out, inv.instruction, inv.span(ctx), &program, mode);
    }
    for (i, inst) in ctx.file.instructions.iter().enumerate() {
        if !matches!(inst.kind, Kind::Copy | Kind::Add) {
            continue;
        }
        let Some(flag) = inst.as_copy().and_then(|c| c.chmod) else {
            continue;
        };
        let Some(mode) = flag.value.as_deref().filter(|m| gives_others_write(m)) else {
            continue;
        };
        let keyword = inst.keyword.to_ascii_uppercase();
        report(ctx, out, i, flag.span, &format!("{keyword} --chmod"), mode);
    }
}

fn report(ctx: &Context, out: &mut Findings, at: usize, span: Span, what: &str, mode: &str) {
    let Some(stage) = ctx.stage_of(at) else {
        return;
    };
    let msg = format!(
        "`{what}` with mode `{mode}` lets every user of the container write there: give write \
         to the owner only (and chown what the app must write)"
    );
    out.add_with_severity(&LL608, ship_severity(ctx, stage), span, msg, None);
}

/// The mode a command sets: chmod's first operand, `mkdir -m`/`install -m` (also `--mode=`).
fn mode_of(cmd: &Command) -> Option<&str> {
    let args = cmd.args();
    if cmd.program()? == "chmod" {
        // The mode is the first word that is not an option; `-w` style modes only remove.
        return args
            .iter()
            .map(|w| w.value.as_str())
            .find(|v| !v.starts_with('-'));
    }
    option_value(args, "-m", "--mode")
}

/// Whether a mode (octal `0777`, symbolic `a+rwx,o-x`) gives others write permission, not
/// counting sticky modes (`1777`, `+t`), whose directories are shared on purpose like /tmp.
fn gives_others_write(mode: &str) -> bool {
    if !mode.is_empty() && mode.len() <= 4 && mode.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        let digits: Vec<u8> = mode.bytes().map(|b| b - b'0').collect();
        let others = digits[digits.len() - 1];
        let sticky = digits.len() == 4 && digits[0] & 1 == 1;
        return others & 2 != 0 && !sticky;
    }
    let clauses: Vec<&str> = mode.split(',').collect();
    let valid = clauses.iter().all(|c| {
        !c.is_empty()
            && c.chars().all(|ch| "ugoa+-=rwxXst".contains(ch))
            && c.contains(['+', '-', '='])
    });
    if !valid || clauses.iter().any(|c| c.contains('t')) {
        return false;
    }
    clauses.iter().any(|clause| {
        let split = clause.find(['+', '-', '=']).unwrap_or(0);
        let (who, actions) = clause.split_at(split);
        if !who.contains(['o', 'a']) {
            return false; // `+w` with no who follows the umask (022): not for others
        }
        // Each action is an operator followed by its permissions: `+rw-x`.
        let mut op = ' ';
        actions.chars().any(|c| {
            if "+-=".contains(c) {
                op = c;
                false
            } else {
                c == 'w' && op != '-'
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::gives_others_write;
    use crate::lint::rules::test_util::lint;
    use crate::report::Severity;

    #[test]
    fn modes_that_give_others_write() {
        for yes in [
            "777", "0777", "666", "2777", "0002", "a+w", "o+w", "ugo+rwx", "a=rwx", "u+x,o+w",
            "go+rw", "o=w",
        ] {
            assert!(gives_others_write(yes), "{yes}");
        }
        for no in [
            "755", "1777", "01777", "644", "+w", "u+w", "g+w", "a+rx", "o-w", "a-w", "a+rwxt",
            "o+w,+t", "", "8777", "77777", "$MODE", "a+", "rwx",
        ] {
            assert!(!gives_others_write(no), "{no}");
        }
    }

    #[test]
    fn commands_and_copy_flags_are_reported_on_their_own_span() {
        let text = "FROM debian:12\nRUN mkdir -p /data && chmod -R 777 /data /srv\nRUN install -m 0666 x /etc/x && mkdir -m777 /y\nCOPY --chmod=777 app /app\nADD --chmod=755 a /a\n";
        lint("LL608", text).fails_at(&[
            "chmod -R 777 /data /srv",
            "install -m 0666 x /etc/x",
            "mkdir -m777 /y",
            "--chmod=777",
        ]);
    }

    #[test]
    fn not_in_comments_data_heredocs_or_safe_modes() {
        for ok in [
            "FROM debian:12\n# RUN chmod 777 /x\nRUN chmod 755 /x\n",
            "FROM debian:12\nRUN chmod 1777 /tmp/x && chmod +x /e.sh && chmod u+w /f\n",
            "FROM debian:12\nRUN cat <<EOF > /fix.sh\nchmod 777 /x\nEOF\n",
            "FROM debian:12\nRUN echo 'chmod 777 /x'\n",
            "FROM debian:12\nRUN t=\"$(mktemp -d)\" && chmod 777 \"$t\" && make -C \"$t\" && rm -rf \"$t\"\n",
        ] {
            lint("LL608", ok).passes();
        }
    }

    #[test]
    fn builder_stages_are_info() {
        let text = "FROM debian:12 AS build\nRUN chmod 777 /w\nFROM debian:12\nCOPY --from=build /w /w\nRUN chmod a+w /w\n";
        let case = lint("LL608", text);
        let sev: Vec<Severity> = case.findings.iter().map(|f| f.severity).collect();
        assert_eq!(sev, [Severity::Info, Severity::Warning]);
    }
}
