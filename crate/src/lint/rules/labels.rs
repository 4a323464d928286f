//! LABEL: valid keys, and the label schema of the config (`labelSchema`, hadolint's
//! `label-schema`: label → `text`, `url`, `spdx`, `rfc3339`, `semver`, `hash` or `email`;
//! an unknown type is treated as `text`). The schema rules do nothing without a schema.
//! One validator module per value type.

mod email;
mod hash;
mod rfc3339;
mod semver;
mod spdx;
mod url;

use crate::lint::instruction_facts::{expand, image_stages};
use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::{Severity, Span};
use crate::syntax::Arg;

/// One label as the image gets it.
struct Label<'a> {
    stage: usize,
    /// The key with quotes removed and variables expanded.
    key: String,
    key_arg: &'a Arg,
    /// The value as BuildKit sets it; `None` when it uses a variable with no known value.
    value: Option<String>,
    value_arg: &'a Arg,
}

/// Every label whose key is known, in order.
fn labels<'c>(ctx: &'c Context) -> Vec<Label<'c>> {
    let mut out = Vec::new();
    for stage in ctx.stages() {
        for i in stage.instructions.clone() {
            let Some(pairs) = ctx.file.instructions[i].as_label() else {
                continue;
            };
            for p in pairs {
                let Some(key) = expand(ctx, i, &p.key.value) else {
                    continue;
                };
                out.push(Label {
                    stage: stage.index,
                    key,
                    key_arg: &p.key,
                    value: expand(ctx, i, &p.value.value),
                    value_arg: &p.value,
                });
            }
        }
    }
    out
}

/// Where to point at a value: the value, or the key when the value is written empty.
fn value_span(l: &Label) -> Span {
    if l.value_arg.span.start == l.value_arg.span.end {
        l.key_arg.span
    } else {
        l.value_arg.span
    }
}

pub static LL548: Rule = Rule {
    id: "LL548",
    name: "invalid-label-key",
    aliases: &["DL3048"],
    related: &[],
    severity: Severity::Style,
    title: doc!("Invalid label key"),
    why: doc!(
        "Docker's convention for label keys: lower-case letters, digits, `.`, `-` (and, as \
          Docker allows and hadolint 2.15 accepts, `_` and `/`), starting with a letter and \
          ending with a letter or digit, no `..` or `--`, in a reverse-DNS namespace you own \
          (`com.docker.*`, `io.docker.*` and `org.dockerproject.*` are reserved). Tools that \
          read labels (OCI annotations, registries, scanners) expect it."
    ),
    bad: doc!("FROM alpine:3.20\nLABEL Maintainer_Name=\"Jane\"\n"),
    good: doc!("FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"Jane\"\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: invalid_label_key,
};

fn invalid_label_key(ctx: &Context, out: &mut Findings) {
    for l in labels(ctx) {
        if let Some(problem) = key_problem(&l.key) {
            let msg = format!("label key `{}` {problem}", l.key);
            out.add(&LL548, l.key_arg.span, msg, None);
        }
    }
    // A key with a variable that has no value here (`invalid$character`) is checked as
    // written, as hadolint does: whatever the variable holds, the key is not plain.
    for (i, inst) in ctx.file.instructions.iter().enumerate() {
        for p in inst.as_label().unwrap_or_default() {
            if expand(ctx, i, &p.key.value).is_some() {
                continue;
            }
            if let Some(problem) = key_problem(&p.key.value) {
                let msg = format!("label key `{}` {problem}", p.key.value);
                out.add(&LL548, p.key.span, msg, None);
            }
        }
    }
}

fn key_problem(key: &str) -> Option<&'static str> {
    let b = key.as_bytes();
    if !b.first().is_some_and(u8::is_ascii_lowercase) {
        return Some("must start with a lower-case letter");
    }
    if !b
        .last()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    {
        return Some("must end with a lower-case letter or a digit");
    }
    if !b
        .iter()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || b"._-/".contains(c))
    {
        return Some("may only contain lower-case letters, digits, `.`, `-`, `_` and `/`");
    }
    if key.contains("..") || key.contains("--") {
        return Some("must not contain `..` or `--`");
    }
    if ["com.docker.", "io.docker.", "org.dockerproject."]
        .iter()
        .any(|r| key.starts_with(r))
    {
        return Some("uses a namespace reserved by Docker");
    }
    None
}

pub static LL549: Rule = Rule {
    id: "LL549",
    name: "label-missing",
    aliases: &["DL3049"],
    related: &[],
    severity: Severity::Info,
    title: doc!("Label of the schema missing"),
    why: doc!("The label schema of the config lists labels every image must carry (owner, source, \
          version, …): inventory, scanners and cost reports read them. Labels set in a stage \
          an image is built FROM count; builder stages are not images and need none."),
    bad: doc!("FROM alpine:3.20\nLABEL org.opencontainers.image.title=\"api\"\n"),
    good: doc!("FROM alpine:3.20\nLABEL org.opencontainers.image.title=\"api\" \\\n      org.opencontainers.image.source=\"https://example.com/api\"\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: label_missing,
};

fn label_missing(ctx: &Context, out: &mut Findings) {
    let schema = &ctx.config.label_schema;
    if schema.is_empty() {
        return;
    }
    let all = labels(ctx);
    for stage in image_stages(ctx) {
        let chain = ctx.graph.ancestry(stage.index);
        for name in schema.keys() {
            let present = all
                .iter()
                .any(|l| &l.key == name && chain.contains(&l.stage));
            if !present {
                let from = &ctx.file.instructions[stage.from];
                let msg = format!("this image has no label `{name}`");
                out.add(&LL549, from.span, msg, None);
            }
        }
    }
}

pub static LL550: Rule = Rule {
    id: "LL550",
    name: "label-not-in-schema",
    aliases: &["DL3050"],
    related: &[],
    severity: Severity::Info,
    title: doc!("Label not in the schema"),
    why: doc!(
        "With `strictLabels` (hadolint's `strict-labels`), only the labels of the schema are \
          allowed: others are typos of a schema label or undocumented metadata."
    ),
    bad: doc!("FROM alpine:3.20\nLABEL org.opencontainers.image.titel=\"api\"\n"),
    good: doc!("FROM alpine:3.20\nLABEL org.opencontainers.image.title=\"api\"\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: label_not_in_schema,
};

fn label_not_in_schema(ctx: &Context, out: &mut Findings) {
    let schema = &ctx.config.label_schema;
    if !ctx.config.strict_labels {
        return;
    }
    for l in labels(ctx) {
        if !schema.contains_key(&l.key) {
            let msg = format!("label `{}` is not in the label schema", l.key);
            out.add(&LL550, l.key_arg.span, msg, None);
        }
    }
}

pub static LL551: Rule = Rule {
    id: "LL551",
    name: "label-empty",
    aliases: &["DL3051"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("Label of the schema empty"),
    why: doc!(
        "A label of the schema set to an empty value is as good as missing, but passes a check \
          for its presence."
    ),
    bad: doc!("FROM alpine:3.20\nLABEL org.opencontainers.image.title=\"\"\n"),
    good: doc!("FROM alpine:3.20\nLABEL org.opencontainers.image.title=\"api\"\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: label_empty,
};

fn label_empty(ctx: &Context, out: &mut Findings) {
    if ctx.config.label_schema.is_empty() {
        return; // nothing to check against (the default): no need to read the labels
    }
    for l in labels(ctx) {
        if ctx.config.label_schema.contains_key(&l.key) && l.value.as_deref() == Some("") {
            let msg = format!("label `{}` is empty", l.key);
            out.add(&LL551, value_span(&l), msg, None);
        }
    }
}

/// The findings of one typed rule: labels of the schema with this type whose known,
/// non-empty value is not valid.
fn typed(
    ctx: &Context,
    out: &mut Findings,
    rule: &Rule,
    kind: &str,
    valid: fn(&str) -> bool,
    what: &str,
) {
    if ctx.config.label_schema.is_empty() {
        return;
    }
    for l in labels(ctx) {
        if ctx.config.label_schema.get(&l.key).map(String::as_str) != Some(kind) {
            continue;
        }
        let Some(value) = l.value.as_deref().filter(|v| !v.is_empty()) else {
            continue; // empty: LL551; unknown variable: cannot tell
        };
        if !valid(value) {
            let msg = format!("label `{}`: `{value}` is not {what}", l.key);
            out.add(rule, value_span(&l), msg, None);
        }
    }
}

pub static LL552: Rule = Rule {
    id: "LL552",
    name: "label-not-url",
    aliases: &["DL3052"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("Label is not a URL"),
    why: doc!(
        "A label the schema types `url` must hold an absolute URL (RFC 3986, with its scheme): \
          tools turn it into a link."
    ),
    bad: doc!("FROM alpine:3.20\nLABEL org.opencontainers.image.source=\"github.com/acme/api\"\n"),
    good: doc!(
        "FROM alpine:3.20\nLABEL org.opencontainers.image.source=\"https://github.com/acme/api\"\n"
    ),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: label_not_url,
};

fn label_not_url(ctx: &Context, out: &mut Findings) {
    typed(
        ctx,
        out,
        &LL552,
        "url",
        url::is_valid,
        "an absolute URL (RFC 3986)",
    )
}

pub static LL553: Rule = Rule {
    id: "LL553",
    name: "label-not-rfc3339",
    aliases: &["DL3053"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("Label is not an RFC 3339 time"),
    why: doc!(
        "A label the schema types `rfc3339` must hold a date and time with its offset, e.g. \
          `2024-05-01T12:30:00Z`, as the OCI `created` annotation does."
    ),
    bad: doc!("FROM alpine:3.20\nLABEL org.opencontainers.image.created=\"2024-05-01\"\n"),
    good: doc!(
        "FROM alpine:3.20\nLABEL org.opencontainers.image.created=\"2024-05-01T12:30:00Z\"\n"
    ),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: label_not_rfc3339,
};

fn label_not_rfc3339(ctx: &Context, out: &mut Findings) {
    typed(
        ctx,
        out,
        &LL553,
        "rfc3339",
        rfc3339::is_valid,
        "an RFC 3339 date and time",
    )
}

pub static LL554: Rule = Rule {
    id: "LL554",
    name: "label-not-spdx",
    aliases: &["DL3054"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("Label is not an SPDX license expression"),
    why: doc!(
        "A label the schema types `spdx` must name licenses by their SPDX ids (`MIT`, \
          `Apache-2.0 OR MIT`, `LicenseRef-…`) so license scanners can read it. Unlike \
          hadolint, expressions with AND, OR and WITH are accepted, as the OCI `licenses` \
          annotation allows them."
    ),
    bad: doc!("FROM alpine:3.20\nLABEL org.opencontainers.image.licenses=\"Apache 2\"\n"),
    good: doc!("FROM alpine:3.20\nLABEL org.opencontainers.image.licenses=\"Apache-2.0\"\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: label_not_spdx,
};

fn label_not_spdx(ctx: &Context, out: &mut Findings) {
    typed(
        ctx,
        out,
        &LL554,
        "spdx",
        spdx::is_valid,
        "an SPDX license expression",
    )
}

pub static LL555: Rule = Rule {
    id: "LL555",
    name: "label-not-git-hash",
    aliases: &["DL3055"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("Label is not a git commit id"),
    why: doc!("A label the schema types `hash` must hold a git commit id (7 to 40 hex digits, or 64 \
          for SHA-256 repositories), so the image can be traced to its source."),
    bad: doc!("FROM alpine:3.20\nLABEL org.opencontainers.image.revision=\"main\"\n"),
    good: doc!("FROM alpine:3.20\nLABEL org.opencontainers.image.revision=\"9fceb02d0ae598e95dc970b74767f19372d61af8\"\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: label_not_git_hash,
};

fn label_not_git_hash(ctx: &Context, out: &mut Findings) {
    typed(ctx, out, &LL555, "hash", hash::is_valid, "a git commit id");
}

pub static LL556: Rule = Rule {
    id: "LL556",
    name: "label-not-semver",
    aliases: &["DL3056"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("Label is not a semantic version"),
    why: doc!(
        "A label the schema types `semver` must hold a Semantic Versioning 2.0.0 version \
          (`1.4.2`, `2.0.0-rc.1`), which tools can compare and sort."
    ),
    bad: doc!("FROM alpine:3.20\nLABEL org.opencontainers.image.version=\"v1.4\"\n"),
    good: doc!("FROM alpine:3.20\nLABEL org.opencontainers.image.version=\"1.4.0\"\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: label_not_semver,
};

fn label_not_semver(ctx: &Context, out: &mut Findings) {
    typed(
        ctx,
        out,
        &LL556,
        "semver",
        semver::is_valid,
        "a semantic version (semver 2.0.0)",
    )
}

pub static LL558: Rule = Rule {
    id: "LL558",
    name: "label-not-email",
    aliases: &["DL3058"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("Label is not an e-mail address"),
    why: doc!(
        "A label the schema types `email` must hold an RFC 5322 address (`ops@example.com`, \
          or `Ops Team <ops@example.com>`), so whoever finds the image can reach its owner."
    ),
    bad: doc!("FROM alpine:3.20\nLABEL maintainer=\"ops team\"\n"),
    good: doc!("FROM alpine:3.20\nLABEL maintainer=\"Ops Team <ops@example.com>\"\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: label_not_email,
};

fn label_not_email(ctx: &Context, out: &mut Findings) {
    typed(
        ctx,
        out,
        &LL558,
        "email",
        email::is_valid,
        "an e-mail address (RFC 5322)",
    )
}

/// The schema the documented examples of the schema rules need.
#[cfg(test)]
pub(super) fn example_config(id: &str) -> Option<crate::lint::Config> {
    let schema: &[(&str, &str)] = match id {
        "LL549" => &[
            ("org.opencontainers.image.title", "text"),
            ("org.opencontainers.image.source", "url"),
        ],
        "LL550" | "LL551" => &[("org.opencontainers.image.title", "text")],
        "LL552" => &[("org.opencontainers.image.source", "url")],
        "LL553" => &[("org.opencontainers.image.created", "rfc3339")],
        "LL554" => &[("org.opencontainers.image.licenses", "spdx")],
        "LL555" => &[("org.opencontainers.image.revision", "hash")],
        "LL556" => &[("org.opencontainers.image.version", "semver")],
        "LL558" => &[("maintainer", "email")],
        _ => return None,
    };
    Some(crate::lint::Config {
        label_schema: schema
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        strict_labels: id == "LL550",
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::{lint, lint_with};
    use crate::lint::Config;

    fn hadolint_config() -> Config {
        Config::from_hadolint(serde_json::json!({
            "label-schema": {
                "maintainer": "email",
                "org.opencontainers.image.source": "url",
                "org.opencontainers.image.created": "rfc3339",
                "org.opencontainers.image.licenses": "spdx",
                "org.opencontainers.image.revision": "hash",
                "org.opencontainers.image.version": "semver",
                "org.opencontainers.image.title": "text",
            },
            "strict-labels": true,
        }))
        .unwrap()
    }

    /// Every label rule: the hadolint config's schema drives them all.
    const LABEL_RULES: [&str; 10] = [
        "LL548", "LL549", "LL550", "LL551", "LL552", "LL553", "LL554", "LL555", "LL556", "LL558",
    ];

    #[test]
    fn label_keys() {
        let text = "FROM alpine:3.20\nLABEL a.b-c=1 ok9=2 \"Bad\"=3 x_y=4 trail.=5 a..b=6 \
                    com.docker.x=7 9lives=8 a/b_c=9 x=\n";
        lint("LL548", text).fails_at(&["\"Bad\"", "trail.", "a..b", "com.docker.x", "9lives"]);
    }

    /// hadolint's DL3048Spec `LABEL invalid$character="foo"`: a key with a variable of unknown
    /// value is checked as written; one whose variable is known, as expanded.
    #[test]
    fn label_keys_with_unknown_variables_are_checked_as_written() {
        let text = "FROM alpine:3.20\nLABEL invalid$character=\"foo\"\nARG NS=org.example\n\
                    LABEL ${NS}.version=1\n";
        lint("LL548", text).fails_at(&["invalid$character"]);
    }

    #[test]
    fn the_schema_from_a_hadolint_config_drives_every_rule() {
        let config = hadolint_config();
        let good = "FROM alpine:3.20\nLABEL maintainer=\"Ops <ops@example.com>\" \\\n\
            org.opencontainers.image.source=https://example.com/x \\\n\
            org.opencontainers.image.created=2024-05-01T12:30:00Z \\\n\
            org.opencontainers.image.licenses=\"MIT OR Apache-2.0\" \\\n\
            org.opencontainers.image.revision=9fceb02d0ae5 \\\n\
            org.opencontainers.image.version=1.4.0 \\\n\
            org.opencontainers.image.title=api\n";
        let bad = "FROM alpine:3.20\nLABEL maintainer=ops \\\n\
            org.opencontainers.image.source=example.com \\\n\
            org.opencontainers.image.created=yesterday \\\n\
            org.opencontainers.image.licenses=GPLv3 \\\n\
            org.opencontainers.image.revision=HEAD \\\n\
            org.opencontainers.image.version=v1 \\\n\
            org.opencontainers.image.title=\"\" \\\n\
            extra=1\n";
        for rule in LABEL_RULES {
            lint_with(rule, good, &config).passes();
        }
        for (rule, lines) in [
            ("LL548", &[][..]),
            ("LL549", &[]),
            ("LL550", &[9]),
            ("LL551", &[8]),
            ("LL552", &[3]),
            ("LL553", &[4]),
            ("LL554", &[5]),
            ("LL555", &[6]),
            ("LL556", &[7]),
            ("LL558", &[2]),
        ] {
            lint_with(rule, bad, &config).on_lines(lines);
            // No schema, no findings.
            lint(rule, bad).passes();
        }
    }

    #[test]
    fn missing_labels_are_checked_on_images_with_their_parents() {
        let config = super::example_config("LL549").unwrap();
        let text =
            "FROM alpine:3.20 AS base\nLABEL org.opencontainers.image.source=https://x.org\n\
                    FROM base AS app\nLABEL org.opencontainers.image.title=app\n\
                    FROM golang:1.23 AS build\nFROM app\nCOPY --from=build /a /a\n";
        lint_with("LL549", text, &config).passes();
        let bare = "FROM alpine:3.20\nRUN x\n";
        let case = lint_with("LL549", bare, &config);
        case.fails_at(&["FROM alpine:3.20", "FROM alpine:3.20"]);
        assert_eq!(case.findings[0].span.end.column, 17);
    }

    /// hadolint validates the text as written: `version=$VERSION` is "not semver". Here a
    /// value from a build argument without default is not judged, one with a default is.
    #[test]
    fn values_are_expanded_unlike_hadolint() {
        let config = hadolint_config();
        let text = "FROM alpine:3.20\nARG VERSION\nARG REV=main\n\
                    LABEL org.opencontainers.image.version=$VERSION \
                    org.opencontainers.image.revision=${REV}\n";
        lint_with("LL555", text, &config).on_lines(&[4]);
        for rule in LABEL_RULES
            .iter()
            .filter(|r| !["LL549", "LL555"].contains(r))
        {
            lint_with(rule, text, &config).passes();
        }
    }

    /// hadolint checks a single SPDX license id; the OCI annotation takes an expression.
    #[test]
    fn license_expressions_are_accepted_unlike_hadolint() {
        let config = super::example_config("LL554").unwrap();
        let text =
            "FROM alpine:3.20\nLABEL org.opencontainers.image.licenses=\"MIT OR Apache-2.0\"\n";
        lint_with("LL554", text, &config).passes();
    }
}
