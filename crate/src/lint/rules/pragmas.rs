//! The pragmas themselves: inline ignores (hadolint's DL1001, off by default there too).

use crate::lint::pragma::is_inline_ignore;
use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::Severity;

pub static LL559: Rule = Rule {
    id: "LL559",
    name: "inline-ignore-pragma",
    aliases: &["DL1001"],
    related: &[],
    severity: Severity::Info,
    title: doc!("Inline ignore pragma"),
    why: doc!(
        "A `# hadolint ignore=…` or `# layerlint ignore=…` comment silences a rule on one \
          instruction, where a reviewer rarely looks again. Teams that want every exception in \
          the shared configuration (`ignore` in `.layerlint.yaml` or `.hadolint.yaml`) switch \
          this rule on; it is off by default, as hadolint's DL1001."
    ),
    bad: doc!("FROM alpine:3.20\n# hadolint ignore=DL3018\nRUN apk add --no-cache curl\n"),
    good: doc!("FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r1\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: true,
    check: inline_ignore_pragma,
};

fn inline_ignore_pragma(ctx: &Context, out: &mut Findings) {
    for c in ctx.file.comments.iter().filter(|c| !c.in_continuation) {
        if is_inline_ignore(&c.text) {
            let msg = "inline ignore pragma: keep exceptions in the configuration".to_string();
            out.add(&LL559, c.span, msg, None);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::{lint, lint_with};
    use crate::lint::Config;

    /// hadolint's DL1001Spec: the inline pragma is reported, global ones are not.
    #[test]
    fn inline_ignore_pragmas_when_switched_on() {
        let text = "# hadolint global ignore=DL3003\n# hadolint ignore=DL3003\nRUN foo bar\n";
        let on = Config {
            enable: vec!["DL1001".into()],
            ..Default::default()
        };
        lint_with("LL559", text, &on).fails_at(&["# hadolint ignore=DL3003"]);
        lint("LL559", text).passes();
    }
}
