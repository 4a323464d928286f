//! hadolint-flavoured rules that sit beside a BuildKit check but behave differently, so they
//! are rules of their own: LL563 (no USER in the final stage; layerlint's own, opt-in) and
//! DL3064 (secret-looking ARG/ENV names, by other name lists than BuildKit's
//! SecretsUsedInArgOrEnv). hadolint's DL3063 (a reserved stage name) is BuildKit's
//! ReservedStageName, LL705.

use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::Severity;
use crate::syntax::{Instruction, Kind};

pub static LL563: Rule = Rule {
    id: "LL563",
    name: "no-user",
    aliases: &[],
    related: &[],
    severity: Severity::Info,
    title: doc!("No USER after the last FROM"),
    why: doc!(
        "Without a USER instruction the final image runs as the base image's user, which is \
          root for most images: a compromised process owns the container. Opt-in: many images \
          are fine with their base image's user; it only looks for a USER in the last stage."
    ),
    bad: doc!("FROM node:22-slim\nCOPY . /app\nCMD [\"node\", \"/app/server.js\"]\n"),
    good: doc!("FROM node:22-slim\nCOPY . /app\nUSER node\nCMD [\"node\", \"/app/server.js\"]\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: true,
    check: no_user,
};

fn no_user(ctx: &Context, out: &mut Findings) {
    let Some(last) = ctx.stages().last() else {
        return;
    };
    let insts = ctx.instructions(last);
    if insts.iter().all(|i| i.kind != Kind::User) {
        let msg = "A USER should be set after the last FROM".to_string();
        out.add(&LL563, insts[0].keyword_span, msg, None);
    }
}

/// hadolint's list of names that hold secrets (compared in upper case)…
const SENSITIVE_NAMES: &[&str] = &[
    "ACCESS_TOKEN",
    "APPLICATION_KEY",
    "APP_SECRET",
    "AUTH_TOKEN",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "BITTREX_API_KEY",
    "BITTREX_API_SECRET",
    "CF_PASSWORD",
    "CF_USERNAME",
    "CIRCLE_TOKEN",
    "CI_DEPLOY_PASSWORD",
    "CI_DEPLOY_USER",
    "DOCKERHUB_PASSWORD",
    "DOCKER_EMAIL",
    "DOCKER_PASSWORD",
    "DOCKER_USERNAME",
    "FACEBOOK_ACCESS_TOKEN",
    "FACEBOOK_APP_ID",
    "FACEBOOK_APP_SECRET",
    "FIREBASE_API_TOKEN",
    "FIREBASE_TOKEN",
    "FOSSA_API_KEY",
    "GH_ENTERPRISE_TOKEN",
    "GH_TOKEN",
    "GITHUB_ENTERPRISE_TOKEN",
    "GITHUB_TOKEN",
    "HEROKU_API_KEY",
    "HEROKU_API_USER",
    "NPM_AUTH_TOKEN",
    "NPM_TOKEN",
    "OKTA_AUTHN_GROUPID",
    "OKTA_CLIENT_ORGURL",
    "OKTA_CLIENT_TOKEN",
    "OKTA_OAUTH2_CLIENTID",
    "OKTA_OAUTH2_CLIENTSECRET",
    "OPENAI_API_KEY",
    "OS_PASSWORD",
    "OS_USERNAME",
    "POSTGRES_PASSWORD",
    "SLACK_TOKEN",
    "STRIPE_API_KEY",
    "STRIPE_DEVICE_NAME",
    "TRAVIS_OS_NAME",
    "TRAVIS_SECURE_ENV_VARS",
    "TRAVIS_SUDO",
    "VAULT_CLIENT_KEY",
    "VAULT_TOKEN",
];

/// …and the pieces that make any name suspicious (compared in lower case).
const SUSPICIOUS_PARTS: &[&str] = &[
    "api_key",
    "client_key",
    "password",
    "private",
    "secret",
    "token",
    "username",
];

/// hadolint's test: a known name, or a suspicious piece anywhere in the name.
fn hadolint_secret(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let lower = name.to_ascii_lowercase();
    SENSITIVE_NAMES.contains(&upper.as_str()) || SUSPICIOUS_PARTS.iter().any(|p| lower.contains(p))
}

pub static LL564: Rule = Rule {
    id: "LL564",
    name: "secret-like-variable-name",
    aliases: &["DL3064"],
    related: &["SecretsUsedInArgOrEnv"],
    severity: Severity::Warning,
    title: doc!("Secret-looking ARG or ENV name (hadolint's lists)"),
    why: doc!(
        "ARG and ENV values are stored in the image (ENV in its config, ARG in the history of \
          the RUNs that use it), so anyone who can pull it can read a secret passed that way; \
          use `RUN --mount=type=secret`. This is hadolint's DL3064, kept apart from BuildKit's \
          SecretsUsedInArgOrEnv (LL714) because the two disagree on a quarter of the corpus: \
          hadolint matches pieces anywhere in the name (`MINIO_SECRET_KEY_FILE`, \
          `SMTP_PASSWORD` in an ONBUILD, `DB_USERNAME`) and checks ARGs before the first FROM; \
          BuildKit matches whole words (`GPG_KEY`, `AUTH`) and lets `_FILE`/`_VERSION`/`PUBLIC_` \
          names through. One finding per instruction, as hadolint reports."
    ),
    bad: doc!("FROM node:22-slim\nARG NPM_TOKEN\nRUN npm ci\n"),
    good: doc!("FROM node:22-slim\nRUN --mount=type=secret,id=npm,env=NPM_TOKEN npm ci\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: secret_like_variable_name,
};

fn secret_like_variable_name(ctx: &Context, out: &mut Findings) {
    for inst in &ctx.file.instructions {
        let target = inst.as_onbuild().unwrap_or(inst);
        if let Some(span) = first_secret_name(target) {
            let msg = "Potentially sensitive data should not be used in the `ARG` or `ENV` \
                       commands"
                .to_string();
            out.add(&LL564, span, msg, None);
        }
    }
}

/// The span of the first ARG or ENV name hadolint takes for a secret.
fn first_secret_name(inst: &Instruction) -> Option<crate::report::Span> {
    match inst.kind {
        Kind::Arg => inst
            .as_arg()?
            .into_iter()
            .find(|d| hadolint_secret(d.name))
            .map(|d| d.arg.span),
        Kind::Env => inst
            .as_env()?
            .iter()
            .find(|p| hadolint_secret(&p.key.value))
            .map(|p| p.key.span),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::{lint, lint_with};
    use crate::lint::Config;

    /// The cases where hadolint's DL3064 and BuildKit's SecretsUsedInArgOrEnv part ways.
    #[test]
    fn hadolint_secret_names() {
        let text = "ARG GLOBAL_TOKEN\nFROM a\nENV MINIO_SECRET_KEY_FILE=k GPG_KEY=x\n\
                    ONBUILD ARG SMTP_PASSWORD=false\nENV DB_USERNAME=u\nARG AUTH\n";
        lint("LL564", text).fails_at(&[
            "GLOBAL_TOKEN",
            "MINIO_SECRET_KEY_FILE",
            "SMTP_PASSWORD=false",
            "DB_USERNAME",
        ]);
        // GPG_KEY and AUTH only.
        lint("LL714", text).fails_at(&["GPG_KEY", "AUTH"]);
    }

    #[test]
    fn user_after_the_last_from_is_opt_in() {
        let text = "FROM a AS b\nUSER app\nFROM b\nRUN x\n";
        let on = Config {
            enable: vec!["LL563".into()],
            ..Default::default()
        };
        lint("LL563", text).passes();
        lint_with("LL563", text, &on)
            .fails_at(&["FROM"])
            .on_lines(&[3]);
        lint_with("LL563", "FROM a\nUSER app\n", &on).passes();
    }
}
