//! hadolint rules whose codes sit beside a BuildKit check but mean something else, so they
//! are rules of their own: DL3063 (a USER in the final stage), unrelated to BuildKit's
//! ReservedStageName.

use crate::lint::Rule;
use crate::report::Severity;
use crate::syntax::Kind;

pub static LL563: Rule = Rule {
    id: "LL563",
    aliases: &["DL3063"],
    related: &[],
    severity: Severity::Info,
    title: "No USER after the last FROM",
    why: "Without a USER instruction the final image runs as the base image's user, which is \
          root for most images: a compromised process owns the container. hadolint ships this \
          rule switched off (DL3063 has severity `ignore`), so it is opt-in here too; it only \
          looks for a USER in the last stage, as hadolint does.",
    bad: "FROM node:22-slim\nCOPY . /app\nCMD [\"node\", \"/app/server.js\"]\n",
    good: "FROM node:22-slim\nCOPY . /app\nUSER node\nCMD [\"node\", \"/app/server.js\"]\n",
    fix: None,
    opt_in: true,
    check: |ctx, out| {
        let Some(last) = ctx.stages().last() else {
            return;
        };
        let insts = ctx.instructions(last);
        if insts.iter().all(|i| i.kind != Kind::User) {
            let msg = "A USER should be set after the last FROM".to_string();
            out.add(&LL563, insts[0].keyword_span, msg, None);
        }
    },
};

#[cfg(test)]
mod tests {
    use crate::lint::{lint, Config};

    #[test]
    fn user_after_the_last_from_is_opt_in() {
        let text = "FROM a AS b\nUSER app\nFROM b\nRUN x\n";
        let on = Config {
            enable: vec!["DL3063".into()],
            ..Default::default()
        };
        let ids = |c: &Config| -> Vec<(String, u32)> {
            lint(text, c)
                .into_iter()
                .filter(|f| f.rule == "LL563")
                .map(|f| (f.rule, f.span.start.line))
                .collect()
        };
        assert!(ids(&Config::default()).is_empty());
        assert_eq!(ids(&on), [("LL563".to_string(), 3)]);
        let fine = "FROM a\nUSER app\n";
        assert!(lint(fine, &on).iter().all(|f| f.rule != "LL563"));
    }
}
