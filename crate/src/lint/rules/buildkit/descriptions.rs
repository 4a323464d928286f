//! Description comments of stages and ARGs (InvalidDefinitionDescription, an experimental
//! check: BuildKit runs it only when `# check=experimental=…` names it, and so does layerlint).

use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::Severity;
use crate::syntax::Kind;

pub static LL720: Rule = Rule {
    id: "LL720",
    name: "invalid-definition-description",
    aliases: &["InvalidDefinitionDescription"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("Comment above a stage or ARG that does not describe it"),
    why: doc!(
        "Tools that document a build (`docker buildx build --call=outline`) read the comment \
          right above a `FROM … AS name` or an `ARG name` as its description when it starts \
          with the name. A comment there that starts otherwise is shown as nothing, or is a \
          stale description of something renamed. Experimental in BuildKit: switched on with \
          `# check=experimental=InvalidDefinitionDescription` (or the config's `enable`)."
    ),
    bad: doc!("FROM alpine:3.20\n# the version to install\nARG VERSION=1.2\n"),
    good: doc!("FROM alpine:3.20\n# VERSION the version to install\nARG VERSION=1.2\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: true,
    check: invalid_definition_description,
};

fn invalid_definition_description(ctx: &Context, out: &mut Findings) {
    for (i, inst) in ctx.file.instructions.iter().enumerate() {
        // BuildKit compares with the stage name lower-cased, and with ARG keys as written.
        let (what, names): (&str, Vec<String>) = match inst.kind {
            Kind::From => match ctx.stage_of(i).and_then(|s| s.name.clone()) {
                Some(name) => ("FROM", vec![name]),
                None => continue,
            },
            Kind::Arg => match inst.as_arg() {
                Some(decls) if !decls.is_empty() => {
                    ("ARG", decls.iter().map(|d| d.name.to_string()).collect())
                }
                _ => continue,
            },
            _ => continue,
        };
        let Some(last) = ctx.file.prev_comments(i).last() else {
            continue;
        };
        let first_word = last.text.split(' ').next().unwrap_or("");
        if names.iter().any(|n| n == first_word) {
            continue;
        }
        let example = match names.as_slice() {
            [one] => one.as_str(),
            _ => "<arg_key>",
        };
        let msg =
            format!("Comment for {what} should follow the format: `# {example} <description>`");
        out.add(&LL720, inst.keyword_span, msg, None);
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::{lint, lint_with};
    use crate::lint::Config;

    /// BuildKit's testDefinitionDescription: descriptions must start with the name; a bare
    /// `#` ends the comment block; other instructions' comments are not descriptions.
    #[test]
    fn descriptions_start_with_the_name() {
        let text = "FROM scratch\n# bar this is the bar\nARG foo=bar\n\
                    # BasE this is the BasE image\nFROM scratch AS base\n\
                    # baz\nARG foo=baz bar=qux\n# foo the foo\n#\nARG foo\n\
                    # nothing to describe\nCOPY a b\n# version good\nARG version=1\n";
        let on = Config {
            enable: vec!["LL720".into()],
            ..Default::default()
        };
        lint_with("LL720", text, &on)
            .fails_at(&["ARG", "FROM", "ARG"])
            .on_lines(&[3, 5, 7])
            .messages_contain(&[
                "Comment for ARG should follow the format: `# foo <description>`",
                "Comment for FROM should follow the format: `# base <description>`",
                "Comment for ARG should follow the format: `# <arg_key> <description>`",
            ]);
    }

    /// Experimental in BuildKit: off unless `# check=experimental=` names it (or `all`).
    #[test]
    fn only_the_experimental_directive_or_the_config_switches_it_on() {
        let body = "FROM scratch\n# not a description\nARG foo=bar\n";
        lint("LL720", body).passes();
        for on in [
            "# check=experimental=InvalidDefinitionDescription",
            "# check=experimental=all",
            // BuildKit's `skip=` does not reach an experimental check switched on.
            "# check=skip=all;experimental=InvalidDefinitionDescription",
        ] {
            lint("LL720", &format!("{on}\n{body}")).fails_at(&["ARG"]);
        }
        lint("LL720", &format!("# check=experimental=Other\n{body}")).passes();
    }
}
