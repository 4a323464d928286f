//! ENV: variables used in the statement that defines them.

use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::Severity;
use crate::syntax::expand::references;
use crate::syntax::scope::Origin;

pub static LL544: Rule = Rule {
    id: "LL544",
    name: "env-uses-own-variable",
    aliases: &["DL3044"],
    related: &[],
    severity: Severity::Error,
    title: doc!("ENV uses a variable it defines itself"),
    why: doc!(
        "All the values of one ENV are expanded before any of them is set: in `ENV \
          A=/opt B=$A/bin`, `$A` is still the old value (empty if there was none), so `B` \
          becomes `/bin`. Define A in an ENV of its own first."
    ),
    bad: doc!("FROM alpine:3.20\nENV APP_HOME=/opt/app APP_BIN=$APP_HOME/bin\n"),
    good: doc!("FROM alpine:3.20\nENV APP_HOME=/opt/app\nENV APP_BIN=$APP_HOME/bin\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: env_uses_own_variable,
};

fn env_uses_own_variable(ctx: &Context, out: &mut Findings) {
    let escape = ctx.file.escape;
    for (i, inst) in ctx.file.instructions.iter().enumerate() {
        let Some(pairs) = inst.as_env().filter(|p| p.len() > 1) else {
            continue;
        };
        let keys: Vec<&str> = pairs.iter().map(|p| p.key.value.as_str()).collect();
        let mut names: Vec<String> = Vec::new();
        let mut first = None;
        for (j, pair) in pairs.iter().enumerate() {
            for (name, range) in references(&pair.value.value, escape, false) {
                let defined_here = keys
                    .iter()
                    .enumerate()
                    .any(|(k, key)| k != j && *key == name);
                if !defined_here || names.contains(&name) {
                    continue;
                }
                // Defined before this ENV: the old value is used, as intended or not;
                // hadolint accepts it too.
                // (PATH, which the base image or BuildKit sets, counts only when the file
                // set it: hadolint's DL3044 reports `ENV PATH=/a:$PATH PATH=/b:$PATH`.)
                let scopes = ctx.scopes();
                let var = scopes.at(i).var(&name);
                if var.is_some_and(|v| v.origin != Origin::Base) {
                    continue;
                }
                names.push(name);
                first.get_or_insert_with(|| {
                    crate::lint::instruction_facts::sub_span(ctx, &pair.value, range)
                });
            }
        }
        if let Some(span) = first {
            let list = names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let msg = format!(
                "{list} is set by this same ENV, whose values are all expanded before any is \
                 set: here it is still empty; define it in an earlier ENV"
            );
            out.add(&LL544, span, msg, None);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::lint;

    #[test]
    fn variables_of_the_same_env_are_found() {
        let text = "FROM alpine:3.20\nENV A=/opt B=$A/bin\nENV C=${D} D=1\nENV PATH=$PATH:/x E=1\n\
                    ENV F=1\nENV F=2 G=$F\n";
        // Its own name and names set earlier are fine.
        let case = lint("LL544", text);
        case.fails_at(&["$A", "${D}"]).has_no_fix();
        assert!(case.findings[0].message.contains("`A`"));
    }

    /// References are read as BuildKit's lexer reads them (the one scanner the variable checks
    /// use): an apostrophe inside double quotes opens no single-quoted string, and a nested
    /// `${…}` default is expanded too.
    #[test]
    fn references_inside_double_quotes_and_nested_defaults_are_found() {
        lint("LL544", "FROM alpine:3.20\nENV A=1 B=\"it's $A\"\n").fails_at(&["$A"]);
        lint("LL544", "FROM alpine:3.20\nENV A=1 B=${C:-${A}}\n").messages_contain(&["`A`"]);
    }

    /// hadolint remembers ARGs across stages; BuildKit does not: in the second stage `V` is
    /// not defined before the ENV, so `W` is empty.
    #[test]
    fn args_of_other_stages_do_not_count_unlike_hadolint() {
        let text = "FROM alpine:3.20\nARG V=1\nFROM alpine:3.20\nENV V=2 W=$V\n";
        lint("LL544", text).fails_at(&["$V"]);
    }
}
