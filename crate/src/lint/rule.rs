//! What a rule is: its public metadata (the source of its documentation) and its check.

use super::context::Context;
pub use crate::report::FixSafety;
use crate::report::{Finding, Fix, Severity, Span};

/// A lint rule. Everything a user reads about it — message, docs, examples — comes from here,
/// so the page's rule documentation cannot drift from the code.
pub struct Rule {
    /// Stable public id, `LL` + number.
    pub id: &'static str,
    /// A readable kebab-case name saying what is wrong (`apt-no-install-recommends`); accepted
    /// wherever an id is.
    pub name: &'static str,
    /// Other tools' ids with the same meaning: their pragmas and config apply here.
    pub aliases: &'static [&'static str],
    /// Other tools' ids that are close but deliberately different.
    pub related: &'static [&'static str],
    pub severity: Severity,
    /// One line: what the rule finds.
    pub title: &'static str,
    /// Why it matters — for the start-up rules, what it costs at pull and start time.
    pub why: &'static str,
    /// A Dockerfile that triggers the rule.
    pub bad: &'static str,
    /// The same Dockerfile written well.
    pub good: &'static str,
    /// What the one-click fix does, if the rule has one.
    pub fix: Option<&'static str>,
    /// Whether `--fix` and "Fix all" may apply the fix unread (meaningless without a fix).
    pub fix_safety: FixSafety,
    /// Opt-in rules run only when the config enables them.
    pub opt_in: bool,
    pub check: fn(&Context, &mut Findings),
}

impl Rule {
    /// Whether `id` is this rule's id, name or one of its aliases.
    pub fn is_named(&self, id: &str) -> bool {
        self.id == id || self.name == id || self.aliases.contains(&id)
    }
}

/// The documentation of a rule as data (everything but its check), for the page's rule reference
/// and VS Code.
impl serde::Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Rule", 13)?;
        s.serialize_field("id", self.id)?;
        s.serialize_field("name", self.name)?;
        s.serialize_field("aliases", self.aliases)?;
        s.serialize_field("related", self.related)?;
        s.serialize_field("severity", &self.severity)?;
        s.serialize_field("title", self.title)?;
        s.serialize_field("why", self.why)?;
        s.serialize_field("bad", self.bad)?;
        s.serialize_field("good", self.good)?;
        s.serialize_field("fix", &self.fix)?;
        s.serialize_field("fixSafety", &self.fix.map(|_| self.fix_safety))?;
        s.serialize_field("optIn", &self.opt_in)?;
        s.serialize_field("url", &crate::output::rule_url(self.id))?;
        s.end()
    }
}

/// Collects a rule's findings, filling in its id, aliases and default severity.
pub struct Findings {
    pub(super) items: Vec<Finding>,
}

impl Findings {
    pub(super) fn new() -> Self {
        Findings { items: Vec::new() }
    }

    pub fn add(&mut self, rule: &Rule, span: Span, message: String, fix: Option<Fix>) {
        self.add_with_severity(rule, rule.severity, span, message, fix);
    }

    pub fn add_with_severity(
        &mut self,
        rule: &Rule,
        severity: Severity,
        span: Span,
        message: String,
        fix: Option<Fix>,
    ) {
        self.add_as(
            rule,
            severity,
            rule.aliases,
            rule.related,
            span,
            message,
            fix,
        );
    }

    /// A finding that names only some of the rule's aliases and related ids: for rules that
    /// cover several cases each matching a different rule of another tool (LL103's apt case is
    /// related to hadolint's DL3009, its yum case is DL3032). Pragmas and config entries naming
    /// an id apply to the findings that carry it.
    #[allow(clippy::too_many_arguments)]
    pub fn add_as(
        &mut self,
        rule: &Rule,
        severity: Severity,
        aliases: &[&str],
        related: &[&str],
        span: Span,
        message: String,
        fix: Option<Fix>,
    ) {
        debug_assert!(
            aliases.iter().all(|a| rule.aliases.contains(a))
                && related.iter().all(|r| rule.related.contains(r)),
            "{}: a finding may only name ids its rule declares",
            rule.id
        );
        self.items.push(Finding {
            rule: rule.id.to_string(),
            name: rule.name.to_string(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            related: related.iter().map(|s| s.to_string()).collect(),
            severity,
            message,
            span,
            fix: fix.map(|fix| Fix {
                safety: rule.fix_safety,
                ..fix
            }),
            fingerprint: String::new(),
        });
    }
}
