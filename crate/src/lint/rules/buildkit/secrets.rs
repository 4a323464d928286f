//! Secrets in ARG and ENV names (SecretsUsedInArgOrEnv).

use super::vars::walk;
use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::{Severity, Span};
use crate::syntax::expand::Lexer;
use crate::syntax::Kind;

/// BuildKit's tokens: a name is suspicious when one of its `_`-separated words is one of
/// these (case-insensitive)…
const SECRET_WORDS: &[&str] = &[
    "apikey",
    "auth",
    "credential",
    "credentials",
    "key",
    "password",
    "pword",
    "passwd",
    "secret",
    "token",
];
/// …and none of its words is one of these.
const ALLOWED_WORDS: &[&str] = &["public", "file", "version"];

/// Whether BuildKit takes `name` for a secret (`(?i)(?:_|^)(?:apikey|auth|…)(?:_|$)` and not
/// `(?i)(?:_|^)(?:public|file|version)(?:_|$)`).
pub(super) fn looks_secret(name: &str) -> bool {
    let has = |words: &[&str]| {
        name.split('_')
            .any(|w| words.iter().any(|s| w.eq_ignore_ascii_case(s)))
    };
    has(SECRET_WORDS) && !has(ALLOWED_WORDS)
}

pub static LL714: Rule = Rule {
    id: "LL714",
    name: "secret-in-arg-or-env",
    aliases: &["SecretsUsedInArgOrEnv"],
    related: &["DL3064"],
    severity: Severity::Warning,
    title: doc!("Secret passed in an ARG or ENV"),
    why: doc!("ARG and ENV values are stored in the image: ENV in its config, ARG in the history of \
          every RUN that uses it (`docker history` shows them). Anyone who can pull the image \
          can read the secret. Pass it with `RUN --mount=type=secret` (or `--mount=type=ssh`) \
          so it is only there while the command runs. BuildKit matches whole `_`-separated \
          words (`API_KEY`, `DB_PASSWORD`, `GITHUB_TOKEN`, not `KEYBOARD`) and lets names with \
          `PUBLIC`, `FILE` or `VERSION` through; hadolint's DL3064 matches other names."),
    bad: doc!("FROM node:22-slim\nARG NPM_TOKEN\nRUN echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > .npmrc && npm ci\n"),
    good: doc!("FROM node:22-slim\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: secret_in_arg_or_env,
};

fn secret_in_arg_or_env(ctx: &Context, out: &mut Findings) {
    // Stage ARGs and ENVs only: BuildKit checks them as it runs a stage, not the ARGs
    // before the first FROM.
    if !super::has(ctx, Kind::Arg) && !super::has(ctx, Kind::Env) {
        return;
    }
    let lexer = Lexer::new(ctx.file.escape);
    walk(ctx, |_, _, inst, env| match inst.kind {
        Kind::Arg => {
            for d in inst.as_arg().unwrap_or_default() {
                if looks_secret(d.name) {
                    let span = name_span(ctx, inst, d.arg, d.name.len());
                    report(out, "ARG", d.name, span);
                }
            }
        }
        Kind::Env => {
            for p in inst.as_env().unwrap_or_default() {
                let key = env
                    .expand_certain(&lexer, &p.key.value)
                    .map_or_else(|| p.key.value.clone(), |e| e.result);
                if looks_secret(&key) {
                    report(out, "ENV", &key, p.key.span);
                }
            }
        }
        _ => {}
    });
}

fn report(out: &mut crate::lint::Findings, instruction: &str, key: &str, span: Span) {
    let msg = format!(
        "Do not use ARG or ENV instructions for sensitive data ({instruction} {})",
        super::go_quote(key)
    );
    out.add(&LL714, span, msg, None);
}

/// The name part of an ARG's `name=default` word.
fn name_span(
    ctx: &Context,
    inst: &crate::syntax::Instruction,
    a: &crate::syntax::Arg,
    len: usize,
) -> Span {
    super::value_span(ctx, inst, a, 0..len)
}

#[cfg(test)]
mod tests {
    use super::looks_secret;
    use crate::lint::rules::test_util::lint;

    // testSecretsUsedInArgOrEnv.
    #[test]
    fn secrets_used_in_arg_or_env() {
        let text = "\nFROM scratch\nARG SECRET_PASSPHRASE\nENV SUPER_Secret=foo\n\
                    ENV password=bar secret=baz\nARG super_duper_secret_token=foo auth=bar\n\
                    ENV apikey=bar sunflower=foo\nENV git_key=\nENV PUBLIC_KEY=\nARG public_token\n";
        let got: Vec<(u32, String)> = lint("LL714", text)
            .findings
            .into_iter()
            .map(|f| (f.span.start.line, f.message))
            .collect();
        let want: Vec<(u32, String)> = [
            (3, "ARG \"SECRET_PASSPHRASE\""),
            (4, "ENV \"SUPER_Secret\""),
            (5, "ENV \"password\""),
            (5, "ENV \"secret\""),
            (6, "ARG \"super_duper_secret_token\""),
            (6, "ARG \"auth\""),
            (7, "ENV \"apikey\""),
            (8, "ENV \"git_key\""),
        ]
        .iter()
        .map(|(l, m)| {
            (
                *l,
                format!("Do not use ARG or ENV instructions for sensitive data ({m})"),
            )
        })
        .collect();
        assert_eq!(got, want);
        // The name.
        lint("LL714", "FROM a\nARG MY_TOKEN=x\n").fails_at(&["MY_TOKEN"]);
    }

    #[test]
    fn whole_words_only_and_not_before_the_first_from() {
        assert!(looks_secret("GPG_KEY"));
        assert!(!looks_secret("KEYBOARD_LAYOUT"));
        assert!(!looks_secret("PASSWORD_FILE"));
        assert!(!looks_secret("NODE_VERSION"));
        lint("LL714", "ARG GITHUB_TOKEN\nFROM alpine\n").passes();
    }
}
