//! ShellCheck's findings in the scripts RUN runs ([`crate::shell::check`]), each carrying its
//! `SC` code as alias, so `# hadolint ignore=SC2086` and `.hadolint.yaml` apply to it.
//!
//! The script is set up the way hadolint runs ShellCheck: the dialect of the stage's shell
//! (SHELL, the `# hadolint shell=` pragma, inherited through `FROM <stage>`; a heredoc body's
//! own `#!` line wins), and the stage's ARG and ENV names plus the proxy variables exported.
//! PowerShell and cmd RUNs are not shell scripts and are never given to it.

use crate::lint::scripts::RunScript;
use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::{Fix, Severity, TextEdit};
use crate::shell::check::{self, Dialect, Options};
use crate::syntax::Kind;

/// Variables hadolint always exports: Docker passes the proxy settings to every RUN.
const PROXIES: &[&str] = &[
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
];

pub static LL800: Rule = Rule {
    id: "LL800",
    name: "shellcheck",
    aliases: &[
        "SC2006", "SC2010", "SC2012", "SC2016", "SC2028", "SC2035", "SC2038", "SC2046", "SC2086",
        "SC2115", "SC2116", "SC2153", "SC2154", "SC2155", "SC2164", "SC2196", "SC2197", "SC2251",
        "SC3010", "SC3014", "SC3016", "SC3020", "SC3028", "SC3037", "SC3046", "SC3053", "SC3057",
        "SC3059", "SC3060",
    ],
    related: &[],
    severity: Severity::Warning,
    title: doc!("ShellCheck: a RUN script does something other than it seems"),
    why: doc!(
        "RUN scripts are shell scripts, with the shell's traps: unquoted variables split and \
          glob, `$x` in single quotes stays literal, `export X=$(cmd)` hides cmd's failure, \
          bash features fail in /bin/sh. Each finding carries its ShellCheck code (SC2086, …) \
          and the severity ShellCheck and hadolint give it; the rules table of the README \
          lists the codes checked."
    ),
    bad: doc!("FROM alpine:3.20\nRUN files=$(ls /etc) && echo $files\n"),
    good: doc!("FROM alpine:3.20\nRUN files=\"$(ls /etc)\" && echo \"$files\"\n"),
    fix: Some(doc!(
        "Double-quotes the expansion (SC2086, SC2046), writes `$(…)` for backticks (SC2006), \
         appends `|| exit` to an unchecked `cd` (SC2164)",
    )),
    fix_safety: FixSafety::Unsafe,
    opt_in: false,
    check: check_scripts,
};

fn check_scripts(ctx: &Context, out: &mut Findings) {
    for script in ctx.scripts() {
        let Some(tree) = script.tree() else {
            continue; // the grammar rejected it: no findings, as for a ShellCheck parse error
        };
        let exported = exported(ctx, script.instruction);
        let dialect = script
            .is_heredoc()
            .then(|| Dialect::of_shebang(script.text()))
            .flatten()
            .unwrap_or_else(|| ctx.shell_dialect(script.instruction));
        let options = Options {
            dialect,
            exported: &exported,
        };
        for d in check::check_parsed(script.text(), tree, &options) {
            report(ctx, out, script, d);
        }
    }
}

fn report(ctx: &Context, out: &mut Findings, script: &RunScript, d: check::Diagnostic) {
    let code = format!("SC{}", d.code);
    let Some(alias) = LL800.aliases.iter().find(|a| **a == code) else {
        return;
    };
    let fix = d.fix.map(|edits| Fix {
        title: fix_title(d.code).to_string(),
        edits: edits
            .into_iter()
            .map(|(range, text)| {
                let at = script.source_range(range);
                TextEdit::replacement(at.start..at.end, text)
            })
            .collect(),
        ..Default::default()
    });
    let span = ctx.span_of(script.source_range(d.range));
    out.add_as(
        &LL800,
        check::severity(d.code),
        &[alias],
        &[],
        span,
        format!("{code}: {}", d.message),
        fix,
    );
}

fn fix_title(code: u16) -> &'static str {
    match code {
        2006 => "Use $(…) instead of backticks",
        2164 => "Append || exit",
        _ => "Add double quotes",
    }
}

/// What hadolint exports before the script: the proxies and the ARG and ENV names declared
/// before the RUN in its stage and the stages it is built `FROM` (a FROM of an image starts
/// afresh, as in hadolint). An ONBUILD trigger runs in a later build, where the ENVs are still
/// set and the earlier triggers' ARGs and ENVs are declared, but not the stage's ARGs.
fn exported<'a>(ctx: &Context<'a>, instruction: usize) -> Vec<&'a str> {
    let trigger = ctx.file.instructions[instruction].kind == Kind::Onbuild;
    let mut names: Vec<&'a str> = PROXIES.to_vec();
    let mut stage = ctx.stage_of(instruction);
    let mut end = instruction;
    while let Some(s) = stage {
        for inst in &ctx.file.instructions[s.instructions.start..end.min(s.instructions.end)] {
            let env = inst.as_env().into_iter().flatten();
            names.extend(env.map(|p| p.key.value.as_str()));
            let declares = match inst.as_onbuild() {
                Some(inner) if trigger => Some(inner),
                None if !trigger => Some(inst),
                _ => None,
            };
            if let Some(d) = declares {
                names.extend(d.as_arg().into_iter().flatten().map(|a| a.name));
                if trigger {
                    // An ONBUILD ENV (a plain ENV was counted above).
                    let env = d.as_env().into_iter().flatten();
                    names.extend(env.map(|p| p.key.value.as_str()));
                }
            }
        }
        stage = ctx.parent_stage(s);
        end = usize::MAX;
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::rules::test_util::{lint, lint_with, Case};
    use crate::lint::Config;

    /// The ShellCheck code of each finding (its alias), in order.
    fn codes(case: &Case) -> Vec<String> {
        case.findings.iter().map(|f| f.aliases.join(",")).collect()
    }

    #[test]
    fn every_code_checked_is_an_alias_and_back() {
        let mut from_table: Vec<String> =
            check::CODES.iter().map(|(c, _)| format!("SC{c}")).collect();
        from_table.sort();
        let mut aliases: Vec<String> = LL800.aliases.iter().map(|a| a.to_string()).collect();
        aliases.sort();
        assert_eq!(from_table, aliases);
    }

    #[test]
    fn findings_point_into_the_script_across_continuations() {
        let case = lint(
            "LL800",
            "FROM alpine:3.20\nRUN set -x; \\\n    echo $1 `date`\n",
        );
        case.fails_at(&["$1", "`date`", "`date`"]);
        assert_eq!(codes(&case), ["SC2086", "SC2006", "SC2046"]);
    }

    #[test]
    fn fixes_quote_and_replace_backticks() {
        lint("LL800", "FROM alpine:3.20\nRUN echo $1\n")
            .fails_at(&["$1"])
            .fixes_to("FROM alpine:3.20\nRUN echo \"$1\"\n");
        // SC2006's fix alone: the other codes on the line are switched off.
        let mut only_sc2006 = Config::default();
        only_sc2006.ignore.extend(
            check::CODES
                .iter()
                .map(|(c, _)| format!("SC{c}"))
                .filter(|c| c != "SC2006"),
        );
        lint_with(
            "LL800",
            "FROM alpine:3.20\nRUN export V=`cat /v`\n",
            &only_sc2006,
        )
        .fails_at(&["`cat /v`"])
        .fixes_to("FROM alpine:3.20\nRUN export V=$(cat /v)\n");
    }

    #[test]
    fn severity_is_shellchecks() {
        let case = lint("LL800", "FROM a\nRUN echo `date`\n");
        assert_eq!(case.findings[0].severity, Severity::Style);
    }

    #[test]
    fn arg_and_env_names_of_the_stage_are_assigned_and_a_from_resets_them() {
        let text =
            "ARG glob\nFROM a\nARG version\nENV home=/x\nRUN echo \"$version $home $glob\"\n";
        let case = lint("LL800", text);
        case.fails_at(&["$glob"]);
        assert_eq!(codes(&case), ["SC2154"]);
    }

    #[test]
    fn names_of_the_stage_built_from_are_assigned_too() {
        let text = "FROM a AS base\nENV home=/x\nFROM base\nRUN echo \"$home\"\nFROM a\nRUN echo \"$home\"\n";
        lint("LL800", text).fails_at(&["$home"]).on_lines(&[6]);
    }

    #[test]
    fn dialect_follows_shell_pragma_stage_and_shebang() {
        let sh = lint("LL800", "FROM a\nRUN [[ -e /x ]] && source /y\n");
        assert_eq!(codes(&sh), ["SC3010", "SC3046"]);
        for text in [
            "FROM a AS base\nSHELL [\"/bin/bash\", \"-c\"]\nFROM base\nRUN [[ -e /x ]]\n",
            "FROM a\n# hadolint shell=bash\nRUN [[ -e /x ]]\n",
            "FROM a\nRUN <<EOF\n#!/bin/bash\n[[ -e /x ]]\nEOF\n",
            "SHELL [\"/bin/bash\", \"-c\"]\nARG v\nRUN [[ $v ]] && echo \"$v\"\n",
            "FROM a\nSHELL [\"pwsh\", \"-c\"]\nRUN echo $x `y`\n",
        ] {
            lint("LL800", text).passes();
        }
    }

    /// hadolint gives every RUN whose shell is not `pwsh…` to ShellCheck as sh, PowerShell
    /// and cmd scripts included, and reports their `$env:X` as SC2086 and the like.
    #[test]
    fn powershell_and_cmd_runs_are_not_shell_scripts() {
        let powershell = "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n\
            SHELL [\"powershell\", \"-Command\"]\nRUN Invoke-WebRequest -Uri $env:URL -OutFile x\n";
        lint("LL800", powershell).passes();
        let cmd =
            "FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nRUN pwsh -c $mingit_sha256\n";
        lint("LL800", cmd).passes();
    }

    /// A trigger runs in the build of a child image: the ENVs and earlier triggers' ARGs are
    /// set there, the stage's ARGs are not.
    #[test]
    fn onbuild_triggers_are_checked_with_the_envs_only() {
        let text = "FROM a\nARG file\nENV dir=/x\nONBUILD ARG uid\nONBUILD RUN echo \"$file\" $uid > $dir\n";
        let case = lint("LL800", text);
        case.fails_at(&["$file"]);
        assert_eq!(codes(&case), ["SC2154"]);
        // SHELL is in the image's config too: the trigger runs in bash (hadolint: sh).
        lint(
            "LL800",
            "FROM a\nSHELL [\"/bin/bash\", \"-c\"]\nONBUILD RUN echo $RANDOM\n",
        )
        .passes();
    }

    #[test]
    fn pragmas_and_config_apply_to_sc_codes() {
        let case = lint(
            "LL800",
            "FROM a\n# hadolint ignore=SC2086\nRUN echo $1 `date`\n",
        );
        assert_eq!(codes(&case), ["SC2006", "SC2046"]);
        let mut config = Config::default();
        config.ignore.push("SC2006".into());
        config.severity.insert("SC2046".into(), Severity::Error);
        let case = lint_with("LL800", "FROM a\nRUN echo `date`\n", &config);
        case.fails_at(&["`date`"]);
        assert_eq!(codes(&case), ["SC2046"]);
        assert_eq!(case.findings[0].severity, Severity::Error);
    }
}
