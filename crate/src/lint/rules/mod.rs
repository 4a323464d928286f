//! Every rule, one family per file. `ALL` is the registry the engine and the docs read.

mod base_image;
mod caches;
mod layers;
mod registry;
mod syntax;
mod tags;

use super::{Context, Rule};
use crate::report::Severity;
use crate::syntax::stages::Stage;

pub static ALL: &[&Rule] = &[
    &syntax::LL001,
    &syntax::LL002,
    &syntax::LL003,
    &syntax::LL004,
    &syntax::LL005,
    &syntax::LL006,
    &syntax::LL007,
    &syntax::LL008,
    &syntax::LL009,
    &syntax::LL010,
    &syntax::LL011,
    &layers::LL101,
    &caches::LL102,
    &caches::LL103,
    &caches::LL104,
    &layers::LL105,
    &layers::LL106,
    &base_image::LL201,
    &base_image::LL202,
    &tags::LL301,
    &tags::LL302,
    &tags::LL303,
    &registry::LL401,
];

/// The start-up rules' severity: their default (warning) in a stage that ships — the final
/// stage and the stages it is built FROM — and info in stages that do not (builders only
/// copied from: their layers never reach the image; what is copied out of them is new layers).
fn ship_severity(ctx: &Context, stage: &Stage) -> Severity {
    if ctx.ships(stage) {
        Severity::Warning
    } else {
        Severity::Info
    }
}

#[cfg(test)]
pub(crate) mod test_util {
    use crate::report::Finding;

    /// Lint `text` with the default config and keep the findings of one rule.
    pub fn findings(text: &str, rule: &str) -> Vec<Finding> {
        crate::lint::lint(text, &Default::default())
            .into_iter()
            .filter(|f| f.rule == rule)
            .collect()
    }

    /// Apply a finding's fix to `text`.
    pub fn apply(text: &str, f: &Finding) -> String {
        crate::fix::apply(text, &f.fix.as_ref().expect("finding has a fix").edits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_documented() {
        let mut ids: Vec<&str> = ALL.iter().map(|r| r.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), ALL.len());
        for rule in ALL {
            assert!(
                rule.id.starts_with("LL") && rule.id.len() == 5,
                "{}",
                rule.id
            );
            assert!(
                !rule.title.is_empty() && !rule.why.is_empty(),
                "{}",
                rule.id
            );
        }
    }

    /// Every rule's own documented bad example triggers it and its good example does not.
    #[test]
    fn documented_examples_hold() {
        for rule in ALL {
            let config = crate::lint::Config {
                enable: vec![rule.id.to_string()],
                ..Default::default()
            };
            let findings = |text: &str, id: &str| -> Vec<crate::report::Finding> {
                crate::lint::lint(text, &config)
                    .into_iter()
                    .filter(|f| f.rule == id)
                    .collect()
            };
            assert!(
                !findings(rule.bad, rule.id).is_empty(),
                "{}: bad example does not trigger",
                rule.id
            );
            assert!(
                findings(rule.good, rule.id).is_empty(),
                "{}: good example triggers",
                rule.id
            );
        }
    }
}
