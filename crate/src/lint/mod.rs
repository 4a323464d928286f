//! The rule engine: parse, derive the context, run every enabled rule, then apply pragmas and
//! the config.

pub mod base_images;
pub(crate) mod cleanup;
pub mod config;
pub mod context;
pub(crate) mod exec_form;
mod fragment;
pub(crate) mod image_family;
pub(crate) mod instruction_facts;
pub(crate) mod invocations;
pub(crate) mod join;
mod merge;
pub(crate) mod pinning;
pub mod pragma;
pub mod rule;
pub mod rules;
pub mod scripts;
pub mod tools;

pub use config::Config;
pub use context::Context;
pub use rule::{Findings, FixSafety, Rule};

use crate::report::{FileReport, Finding};
use crate::syntax;

/// What is known of the build context the Dockerfile is built in. Rules that need it
/// (`.dockerignore`) run only when the caller knows the context.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildContext {
    /// The context's `.dockerignore`, parsed; `None` when it has none.
    pub dockerignore: Option<crate::dockerignore::Dockerignore>,
}

/// Lint one Dockerfile's text, its build context unknown.
pub fn lint(text: &str, config: &Config) -> Vec<Finding> {
    lint_with_context(text, config, None)
}

/// Lint one Dockerfile's text, with what is known of its build context.
pub fn lint_with_context(
    text: &str,
    config: &Config,
    build: Option<&BuildContext>,
) -> Vec<Finding> {
    let file = syntax::parse(text);
    let suppressions = pragma::Suppressions::read(&file);
    let seen = fragment::as_if_after_from(&file);
    let mut context = Context::new(&seen, config);
    context.build = build;
    let mut out = Findings::new();
    for rule in rules::ALL {
        // Opt-in rules: enabled by the config, or (BuildKit's experimental checks) by
        // `# check=experimental=…`.
        let enabled = !rule.opt_in
            || is_listed(rule, &config.enable)
            || rule
                .aliases
                .iter()
                .any(|a| pragma::is_buildkit_check(a) && suppressions.checks.enables(a));
        if !enabled
            || config
                .ignore
                .iter()
                .any(|id| id == rule.id || id == rule.name)
        {
            continue;
        }
        (rule.check)(&context, &mut out);
    }
    let findings: Vec<Finding> = fragment::without_assumed(out.items, &seen)
        .into_iter()
        .filter(|f| !suppressions.suppresses(f, !config.disable_ignore_pragma))
        // An ignored alias silences the findings that carry it (a rule may cover several).
        .filter(|f| !f.aliases.iter().any(|a| config.ignore.contains(a)))
        .collect();
    let mut findings = merge::merge_related(findings, &file);
    for f in &mut findings {
        if suppressions.checks.error && f.aliases.iter().any(|a| pragma::is_buildkit_check(a)) {
            f.severity = crate::report::Severity::Error;
        }
        if let Some(sev) = [&f.rule, &f.name]
            .into_iter()
            .chain(&f.aliases)
            .find_map(|id| config.severity.get(id))
        {
            f.severity = *sev;
        }
    }
    findings.sort_by(|a, b| (a.span.start, &a.rule).cmp(&(b.span.start, &b.rule)));
    crate::baseline::set_fingerprints(&file, &mut findings);
    findings
}

pub fn lint_file(path: &str, text: &str, config: &Config) -> FileReport {
    lint_file_in(path, text, config, None)
}

/// [`lint_file`] with what is known of the build context.
pub fn lint_file_in(
    path: &str,
    text: &str,
    config: &Config,
    build: Option<&BuildContext>,
) -> FileReport {
    FileReport {
        path: path.to_string(),
        findings: lint_with_context(text, config, build),
    }
}

/// Apply every available fix whose rule's fix is safe (with `unsafe_fixes`, every fix: see
/// [`FixSafety`]), re-linting between rounds (a fix can make another one possible, and
/// overlapping fixes wait for the next round). Returns the fixed text.
///
/// A fix is applied whole or not at all: one whose edits overlap or touch an edit of a fix
/// already taken this round waits for the next round, when it is computed again on the new
/// text. (Taking some edits of a multi-edit fix — LL101's join inserts the second RUN into the
/// first and deletes it — would lose text; two inserts at one point would run in an arbitrary
/// order.)
pub fn fix_all(text: &str, config: &Config, unsafe_fixes: bool) -> String {
    const MAX_ROUNDS: usize = 10;
    let mut text = text.to_string();
    for _ in 0..MAX_ROUNDS {
        let mut edits: Vec<crate::report::TextEdit> = Vec::new();
        let applicable = lint(&text, config)
            .into_iter()
            .filter_map(|f| f.fix)
            .filter(|fix| unsafe_fixes || fix.safety == FixSafety::Safe);
        for fix in applicable {
            let touches = |a: &crate::report::TextEdit| {
                edits.iter().any(|b| a.start <= b.end && b.start <= a.end)
            };
            if !fix.edits.iter().any(touches) {
                edits.extend(fix.edits);
            }
        }
        let fixed = crate::fix::apply(&text, &edits);
        if fixed == text {
            break;
        }
        text = fixed;
    }
    text
}

/// Whether the rule's id, name or one of its aliases is in `ids`.
fn is_listed(rule: &Rule, ids: &[String]) -> bool {
    ids.iter().any(|id| rule.is_named(id))
}

/// The rule with this id, name or alias.
pub fn rule(id: &str) -> Option<&'static Rule> {
    rules::ALL.iter().copied().find(|r| r.is_named(id))
}
