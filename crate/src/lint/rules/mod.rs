//! Every rule, one family per file. `ALL` is the registry the engine and the docs read.

mod apk;
mod apt;
mod base_image;
mod buildkit;
mod caches;
mod cmd_entrypoint;
mod copy_add;
mod dnf;
mod dockerignore;
mod downloads;
mod env;
mod gem;
mod go;
mod healthcheck;
mod labels;
mod layers;
mod npm;
mod permissions;
mod pip;
mod pipefail;
mod ports;
mod pragmas;
mod registry;
mod shell_usage;
mod shellcheck;
mod syntax;
mod tags;
mod user;
mod workdir;
mod yum;
mod zypper;

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
    &workdir::LL500,
    &shell_usage::LL501,
    &user::LL502,
    &shell_usage::LL503,
    &shell_usage::LL504,
    &apt::LL508,
    &copy_add::LL510,
    &ports::LL511,
    &healthcheck::LL512,
    &pip::LL513,
    &apt::LL514,
    &npm::LL516,
    &apk::LL518,
    &copy_add::LL520,
    &copy_add::LL521,
    &copy_add::LL522,
    &copy_add::LL523,
    &cmd_entrypoint::LL525,
    &registry::LL526,
    &apt::LL527,
    &gem::LL528,
    &registry::LL529,
    &yum::LL530,
    &yum::LL533,
    &zypper::LL534,
    &zypper::LL535,
    &zypper::LL537,
    &dnf::LL538,
    &dnf::LL541,
    &env::LL544,
    &workdir::LL545,
    &shell_usage::LL546,
    &shell_usage::LL547,
    &labels::LL548,
    &labels::LL549,
    &labels::LL550,
    &labels::LL551,
    &labels::LL552,
    &labels::LL553,
    &labels::LL554,
    &labels::LL555,
    &labels::LL556,
    &healthcheck::LL557,
    &labels::LL558,
    &pragmas::LL559,
    &go::LL562,
    &user::LL566,
    &copy_add::LL567,
    &shell_usage::LL601,
    &cmd_entrypoint::LL603,
    &cmd_entrypoint::LL604,
    &shell_usage::LL605,
    &pipefail::LL606,
    &downloads::LL607,
    &permissions::LL608,
    &downloads::LL609,
    &shellcheck::LL800,
    &buildkit::LL563,
    &buildkit::LL564,
    &buildkit::LL701,
    &buildkit::LL702,
    &buildkit::LL703,
    &buildkit::LL704,
    &buildkit::LL705,
    &buildkit::LL706,
    &buildkit::LL707,
    &buildkit::LL708,
    &buildkit::LL709,
    &buildkit::LL710,
    &buildkit::LL711,
    &buildkit::LL712,
    &buildkit::LL713,
    &buildkit::LL714,
    &buildkit::LL715,
    &buildkit::LL716,
    &buildkit::LL717,
    &buildkit::LL718,
    &buildkit::LL720,
    &dockerignore::LL719,
    &dockerignore::LL107,
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

    /// The findings of `rule` alone with `config`: the other rules are switched off, so that
    /// none merges with it (`lint::merge`).
    pub fn findings_with(text: &str, rule: &str, config: &crate::lint::Config) -> Vec<Finding> {
        findings_in(text, rule, config, None)
    }

    /// [`findings_with`] in a known build context.
    pub fn findings_in(
        text: &str,
        rule: &str,
        config: &crate::lint::Config,
        build: Option<&crate::lint::BuildContext>,
    ) -> Vec<Finding> {
        let mut config = config.clone();
        config.ignore.extend(
            super::ALL
                .iter()
                .filter(|r| r.id != rule)
                .map(|r| r.id.to_string()),
        );
        crate::lint::lint_with_context(text, &config, build)
            .into_iter()
            .filter(|f| f.rule == rule)
            .collect()
    }

    /// One rule on one Dockerfile, the shape every rule test takes:
    /// `lint("LL500", text).passes()`, `.fails_at(&["src"])` (the text under each finding),
    /// `.fixes_to(after)` (the first finding's fix applied), `.messages_contain(&[part])`
    /// (`.messages_are(&[message])` when the whole text matters), `.on_lines(&[line])`.
    pub struct Case<'t> {
        rule: &'t str,
        text: &'t str,
        pub findings: Vec<Finding>,
    }

    /// [`Case`] with the default config.
    pub fn lint<'t>(rule: &'t str, text: &'t str) -> Case<'t> {
        lint_with(rule, text, &Default::default())
    }

    /// [`Case`] with `config`.
    pub fn lint_with<'t>(rule: &'t str, text: &'t str, config: &crate::lint::Config) -> Case<'t> {
        let findings = findings_with(text, rule, config);
        Case {
            rule,
            text,
            findings,
        }
    }

    /// [`Case`] with the default config in a known build context.
    pub fn lint_in<'t>(
        rule: &'t str,
        text: &'t str,
        build: &crate::lint::BuildContext,
    ) -> Case<'t> {
        let findings = findings_in(text, rule, &Default::default(), Some(build));
        Case {
            rule,
            text,
            findings,
        }
    }

    impl Case<'_> {
        /// The rule reports nothing.
        #[track_caller]
        pub fn passes(&self) {
            assert!(
                self.findings.is_empty(),
                "{} should pass:\n{}\n{:?}",
                self.rule,
                self.text,
                self.findings
            );
        }

        /// The rule reports exactly these spans, in order, each given by the text under it.
        #[track_caller]
        pub fn fails_at(&self, spans: &[&str]) -> &Self {
            let under: Vec<&str> = self
                .findings
                .iter()
                .map(|f| &self.text[f.span.start.offset..f.span.end.offset])
                .collect();
            assert_eq!(under, spans, "{} on:\n{}", self.rule, self.text);
            self
        }

        /// The first finding's fix turns the text into `after`.
        #[track_caller]
        pub fn fixes_to(&self, after: &str) -> &Self {
            let first = self.findings.first().expect("a finding to fix");
            let edits = &first.fix.as_ref().expect("the finding has a fix").edits;
            assert_eq!(
                crate::fix::apply(self.text, edits),
                after,
                "{} fix",
                self.rule
            );
            self
        }

        /// The findings start on these lines (1-based), in order: for spans whose text recurs.
        #[track_caller]
        pub fn on_lines(&self, lines: &[u32]) -> &Self {
            let starts: Vec<u32> = self.findings.iter().map(|f| f.span.start.line).collect();
            assert_eq!(starts, lines, "{} on:\n{}", self.rule, self.text);
            self
        }

        /// Each finding's message contains its part, in order (one part per finding).
        #[track_caller]
        pub fn messages_contain(&self, parts: &[&str]) -> &Self {
            let messages: Vec<&str> = self.findings.iter().map(|f| f.message.as_str()).collect();
            assert_eq!(messages.len(), parts.len(), "{}: {messages:?}", self.rule);
            for (message, part) in messages.iter().zip(parts) {
                assert!(
                    message.contains(part),
                    "{}: {message:?} lacks {part:?}",
                    self.rule
                );
            }
            self
        }

        /// The findings' messages are exactly these, in order: for messages whose whole text
        /// matters (no suggestion appended, say).
        #[track_caller]
        pub fn messages_are(&self, messages: &[&str]) -> &Self {
            let got: Vec<&str> = self.findings.iter().map(|f| f.message.as_str()).collect();
            assert_eq!(got, messages, "{} on:\n{}", self.rule, self.text);
            self
        }

        /// The first finding has no fix.
        #[track_caller]
        pub fn has_no_fix(&self) -> &Self {
            let first = self.findings.first().expect("a finding");
            assert!(first.fix.is_none(), "{}: {:?}", self.rule, first.fix);
            self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::rules::test_util::findings_in;
    use crate::lint::{BuildContext, Config, FixSafety};

    /// The config a rule's documented examples are linted with: the default, with the rule
    /// enabled when it is opt-in, and the settings config-driven rules need.
    fn example_config(rule: &Rule) -> Config {
        let mut config = labels::example_config(rule.id)
            .or_else(|| registry::example_config(rule.id))
            .unwrap_or_default();
        if rule.opt_in {
            config.enable.push(rule.id.to_string());
        }
        config
    }

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

    /// Without the `docs` feature (the page's lint wasm) no rule keeps its documentation text:
    /// each field is wrapped in `doc!`. `cargo test -p layerlint --lib --no-default-features
    /// --features lint docs_are_left_out`.
    #[test]
    #[cfg(not(feature = "docs"))]
    fn docs_are_left_out() {
        for rule in ALL {
            let texts = [
                rule.title,
                rule.why,
                rule.bad,
                rule.good,
                rule.fix.unwrap_or(""),
            ];
            assert!(texts.iter().all(|t| t.is_empty()), "{}", rule.id);
        }
    }

    /// The build context the `.dockerignore` rules' examples are linted in (their docs say).
    fn example_build(rule: &Rule) -> Option<BuildContext> {
        let ignore = match rule.id {
            "LL719" => Some(dockerignore::EXAMPLE_DOCKERIGNORE),
            "LL107" => None,
            _ => return None,
        };
        Some(BuildContext {
            dockerignore: ignore.map(crate::dockerignore::Dockerignore::parse),
        })
    }

    /// The README's rules table gives each rule's name and fix safety as the crate has them:
    /// `| ids | names | severity | fix | what it finds | related ids |`, where a row may cover
    /// several rules (`LL549`–`LL556`, `LL558`) and then lists their names in order.
    #[test]
    fn readme_rules_table_matches_the_rules() {
        let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
            .expect("README.md beside the crate");
        let header = "| id | name | severity | fix | what it finds | related ids |";
        let rows: Vec<Vec<&str>> = readme
            .lines()
            .skip_while(|l| *l != header)
            .skip(2)
            .take_while(|l| l.starts_with("| "))
            .map(|l| l.trim_matches('|').split(" | ").map(str::trim).collect())
            .collect();
        let number = |s: &str| {
            s.trim()
                .trim_matches('`')
                .trim_start_matches("LL")
                .parse::<u32>()
        };
        let covers = |cell: &str, id: &str| {
            let Ok(want) = number(id) else { return false };
            cell.split(',').any(|part| match part.split_once('–') {
                Some((a, b)) => {
                    matches!((number(a), number(b)), (Ok(a), Ok(b)) if (a..=b).contains(&want))
                }
                None => number(part) == Ok(want),
            })
        };
        let columns = header.matches(" | ").count() + 1;
        let mut named = 0;
        for row in &rows {
            assert_eq!(row.len(), columns, "cells of the row of {}", row[0]);
            let covered: Vec<&Rule> = ALL
                .iter()
                .copied()
                .filter(|r| covers(row[0], r.id))
                .collect();
            assert!(!covered.is_empty(), "row {} names no rule", row[0]);
            let names: Vec<String> = covered.iter().map(|r| format!("`{}`", r.name)).collect();
            assert_eq!(row[1], names.join(", "), "names of {}", row[0]);
            for rule in &covered {
                let fix = match (rule.fix, rule.fix_safety) {
                    (None, _) => "no fix",
                    (Some(_), FixSafety::Safe) => "safe",
                    (Some(_), FixSafety::Unsafe) => "unsafe",
                };
                assert_eq!(row[3], fix, "fix safety of {}", rule.id);
            }
            named += covered.len();
        }
        assert_eq!(named, ALL.len(), "every rule has exactly one row");
    }

    #[test]
    fn names_are_unique_kebab_case() {
        let mut names: Vec<&str> = ALL.iter().map(|r| r.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), ALL.len(), "a name is used twice");
        for rule in ALL {
            let kebab = !rule.name.is_empty()
                && rule.name.split('-').all(|w| {
                    !w.is_empty()
                        && w.bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                });
            assert!(kebab, "{}: `{}` is not kebab-case", rule.id, rule.name);
            assert!(
                ALL.iter().all(|r| !r.aliases.contains(&rule.name)),
                "{}: its name is another rule's alias",
                rule.id
            );
        }
    }

    /// Every rule's own documented bad example triggers it and its good example does not
    /// (opt-in rules enabled).
    #[test]
    fn documented_examples_hold() {
        for rule in ALL {
            let config = example_config(rule);
            let build = example_build(rule);
            assert!(
                !findings_in(rule.bad, rule.id, &config, build.as_ref()).is_empty(),
                "{}: bad example does not trigger",
                rule.id
            );
            assert!(
                findings_in(rule.good, rule.id, &config, build.as_ref()).is_empty(),
                "{}: good example triggers",
                rule.id
            );
        }
    }
}
