//! BuildKit's variable checks: ARGs in FROM lines (UndefinedArgInFrom,
//! InvalidDefaultArgInFrom) and in a stage's words (UndefinedVar), plus the walk over stages
//! that other checks use to expand a word the way BuildKit does. The variables themselves —
//! the global scope, each stage's environment as `dockerfile2llb` builds it, what is known,
//! uncertain or unset — are the lint's one model, [`crate::syntax::scope`].

use super::{go_quote, suggest, value_span};
use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::{Severity, Span};
use crate::syntax::expand::{references, Lexer};
use crate::syntax::image_ref::ImageRef;
use crate::syntax::scope::{Origin, Scope, Value, NOT_ENV};
use crate::syntax::{Arg, Instruction, Kind};
use std::borrow::Cow;

/// Visit every instruction of every stage (FROM lines excluded) with the stage's index, the
/// instruction's index and the stage's variables before the instruction runs (the lint's one
/// [`Scopes`](crate::syntax::scope::Scopes)).
pub(super) fn walk<'c>(
    ctx: &'c Context,
    mut visit: impl FnMut(usize, usize, &'c Instruction, &Scope),
) {
    let scopes = ctx.scopes();
    for stage in ctx.stages() {
        for i in stage.from + 1..stage.instructions.end.min(ctx.file.instructions.len()) {
            visit(stage.index, i, &ctx.file.instructions[i], scopes.at(i));
        }
    }
}

/// The names a misspelt FROM argument is compared with: the ARGs before the first FROM, then
/// the predefined ones.
fn global_names(global: &Scope) -> impl Iterator<Item = &str> {
    let of = |origin| {
        global
            .vars()
            .iter()
            .filter(move |v| v.origin == origin)
            .map(|v| v.name.as_str())
    };
    of(Origin::GlobalArg).chain(of(Origin::Predefined))
}

/// The names set in a stage's environment, for suggestions (BuildKit's `env.Keys()`).
fn env_names(env: &Scope) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for v in env.vars() {
        if v.value != Value::Unset && !out.contains(&v.name.as_str()) {
            out.push(&v.name);
        }
    }
    out
}

/// A word BuildKit expands in a stage, and how to find its parts in the file.
struct Word<'a> {
    /// What the lexer reads.
    text: Cow<'a, str>,
    /// Where to look for a reference in the file.
    located: Located<'a>,
    /// Heredoc bodies are expanded raw: quotes are ordinary characters.
    raw: bool,
}

#[derive(Clone, Copy)]
enum Located<'a> {
    /// An argument of the instruction (its value is its text, continuations aside).
    Arg(&'a Arg),
    /// Text that is in the file as is, from this offset.
    At(&'a str, usize),
    /// Only the whole span is known.
    Span(Span),
}

impl Word<'_> {
    fn span_of(&self, ctx: &Context, inst: &Instruction, name: &str, escape: char) -> Span {
        let scan = match &self.located {
            Located::Arg(a) => a.value.as_str(),
            Located::At(t, _) => t,
            Located::Span(s) => return *s,
        };
        let found = references(scan, escape, self.raw)
            .into_iter()
            .find(|(n, _)| n == name)
            .map(|(_, r)| r);
        match (&self.located, found) {
            (Located::Arg(a), Some(r)) => value_span(ctx, inst, a, r),
            (Located::Arg(a), None) => a.span,
            (Located::At(t, at), r) => {
                let r = r.unwrap_or(0..t.len());
                ctx.span_of(at + r.start..at + r.end)
            }
            (Located::Span(s), _) => *s,
        }
    }
}

/// The words BuildKit expands (and checks for undefined variables) in an instruction of a
/// stage: ENV and LABEL keys and values, COPY/ADD paths, `--chown` (and ADD's `--checksum`)
/// and unquoted heredocs, WORKDIR, USER, STOPSIGNAL, VOLUME, and the fields of `RUN --mount`.
/// ARG defaults are expanded one declaration at a time (see [`LL710`]).
fn expanded_words<'a>(ctx: &'a Context, inst: &'a Instruction) -> Vec<Word<'a>> {
    let arg = |a: &'a Arg| Word {
        text: Cow::Borrowed(a.value.as_str()),
        located: Located::Arg(a),
        raw: false,
    };
    let mut out = Vec::new();
    match inst.kind {
        Kind::Env | Kind::Label => {
            let pairs = inst
                .as_env()
                .or_else(|| inst.as_label())
                .unwrap_or_default();
            for p in pairs {
                out.push(arg(&p.key));
                out.push(arg(&p.value));
            }
        }
        Kind::Copy | Kind::Add => {
            if let Some(c) = inst.as_copy() {
                out.extend(c.chown.and_then(|f| flag_word(ctx, f)));
                out.extend(
                    c.checksum
                        .filter(|_| c.is_add)
                        .and_then(|f| flag_word(ctx, f)),
                );
                out.extend(c.paths().map(arg));
                out.push(arg(c.destination));
                for h in c.heredocs.iter().filter(|h| !h.quoted) {
                    let located = Located::At(h.body.as_str(), h.body_span.start.offset);
                    out.push(Word {
                        text: h.content(),
                        located,
                        raw: true,
                    });
                }
            }
        }
        Kind::Workdir | Kind::User | Kind::Stopsignal => out.extend(inst.single().map(arg)),
        Kind::Volume => out.extend(inst.as_volume().unwrap_or_default().iter().map(arg)),
        Kind::Run => {
            for m in inst.as_run().map(|r| r.mounts).unwrap_or_default() {
                let span = m.flag.value_span.unwrap_or(m.flag.span);
                let located = match ctx.file.text.get(span.start.offset..span.end.offset) {
                    Some(t) => Located::At(t, span.start.offset),
                    None => Located::Span(span),
                };
                for value in m.fields.into_iter().filter_map(|(_, v)| v) {
                    out.push(Word {
                        text: Cow::Owned(value),
                        located,
                        raw: false,
                    });
                }
            }
        }
        _ => {}
    }
    out
}

/// Whether BuildKit could report `name` (its unset-variable check skips these).
fn reportable(name: &str) -> bool {
    !NOT_ENV.contains(&name)
}

pub static LL708: Rule = Rule {
    id: "LL708",
    name: "undeclared-arg-in-from",
    aliases: &["UndefinedArgInFrom"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("FROM uses an ARG that is not declared"),
    why: doc!(
        "A FROM line sees only the predefined platform ARGs and the ARGs declared before the \
          first FROM. Any other variable is empty there, so the base image or platform is not \
          the one meant — usually a typo, or an ARG declared after the FROM."
    ),
    bad: doc!("FROM node:${NODE_VERSION}-alpine\n"),
    good: doc!("ARG NODE_VERSION=22\nFROM node:${NODE_VERSION}-alpine\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: undeclared_arg_in_from,
};

fn undeclared_arg_in_from(ctx: &Context, out: &mut Findings) {
    if !ctx.file.text.contains('$') {
        return;
    }
    let scopes = ctx.scopes();
    let global = scopes.global();
    let lexer = Lexer::new(ctx.file.escape);
    for stage in ctx.stages() {
        let inst = &ctx.file.instructions[stage.from];
        let Some(from) = inst.as_from() else {
            continue;
        };
        let mut words: Vec<Word> = vec![Word {
            text: Cow::Borrowed(from.image.value.as_str()),
            located: Located::Arg(from.image),
            raw: false,
        }];
        words.extend(from.platform.and_then(|p| flag_word(ctx, p)));
        for w in words.iter().filter(|w| w.text.contains('$')) {
            let Ok(e) = lexer.process(&w.text, &global.at_build_time()) else {
                continue;
            };
            for name in e.unmatched.iter().filter(|n| !global.is_declared(n)) {
                let mut msg = format!("FROM argument '{name}' is not declared");
                if let Some(s) = suggest(name, global_names(global)) {
                    msg.push_str(&format!(" (did you mean {s}?)"));
                }
                let span = w.span_of(ctx, inst, name, ctx.file.escape);
                out.add(&LL708, span, msg, None);
            }
        }
    }
}

/// A flag's value as a word to expand.
fn flag_word<'a>(ctx: &'a Context, f: &'a crate::syntax::Flag) -> Option<Word<'a>> {
    let value = f.value.as_deref()?;
    let span = f.value_span.unwrap_or(f.span);
    let located = match ctx.file.text.get(span.start.offset..span.end.offset) {
        Some(t) if t == value => Located::At(t, span.start.offset),
        _ => Located::Span(span),
    };
    Some(Word {
        text: Cow::Borrowed(value),
        located,
        raw: false,
    })
}

pub static LL715: Rule = Rule {
    id: "LL715",
    name: "invalid-default-base-image",
    aliases: &["InvalidDefaultArgInFrom"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("FROM is not a valid image with the ARGs' defaults"),
    why: doc!(
        "With no `--build-arg`, the FROM line expands with the defaults of the ARGs before \
          the first FROM. If that gives an empty or invalid image name, a plain `docker build` \
          fails: give the ARG a default that makes a valid image."
    ),
    bad: doc!("ARG VERSION\nFROM busybox:$VERSION\n"),
    good: doc!("ARG VERSION=1.37\nFROM busybox:$VERSION\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: invalid_default_base_image,
};

fn invalid_default_base_image(ctx: &Context, out: &mut Findings) {
    let scopes = ctx.scopes();
    let global = scopes.global().at_build_time();
    let lexer = Lexer::new(ctx.file.escape);
    for stage in ctx.stages() {
        let Some(from) = ctx.file.instructions[stage.from].as_from() else {
            continue;
        };
        let written = from.image.value.as_str();
        let Ok(e) = lexer.process(written, &global) else {
            continue; // BuildKit stops checking here; the build fails anyway (LL011)
        };
        if let Err(err) = valid_reference(&e.result) {
            let msg = if written.contains('$') {
                format!(
                    "Default value for ARG {written} results in empty or invalid base image \
                     name ({}: {err})",
                    go_quote(&e.result)
                )
            } else {
                format!("Base image name {written} is empty or invalid ({err})")
            };
            out.add(&LL715, from.image.span, msg, None);
        }
    }
}

/// `reference.ParseNormalizedNamed`: the grammar, and no bare 64-hex identifiers.
fn valid_reference(s: &str) -> Result<(), String> {
    if s.is_empty() {
        return Err("empty name".to_string());
    }
    if s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err("cannot specify 64-byte hexadecimal strings".to_string());
    }
    ImageRef::validate(s).map_err(|e| e.to_string())
}

/// In a stage built FROM an image, whether an unset `name` is surely a mistake whatever the
/// image's ENV: a variable the Dockerfile defines elsewhere (later, in another stage, before
/// the first FROM), a near-miss of one it has defined (a typo), or a misspelt PATH.
fn surely_undefined(name: &str, env: &Scope, file_names: &[&str]) -> bool {
    let declared = env.vars().iter().filter(|v| v.origin != Origin::Base);
    file_names.contains(&name)
        || suggest(name, declared.map(|v| v.name.as_str())).is_some()
        || (name.len() == 4 && super::levenshtein(name, "PATH", 3) < 3)
}

/// Every ARG and ENV name the Dockerfile declares.
fn file_names<'a>(ctx: &Context<'a>) -> Vec<&'a str> {
    let file: &'a crate::syntax::Dockerfile = ctx.file;
    let mut out = Vec::new();
    for inst in &file.instructions {
        if let Some(decls) = inst.as_arg() {
            out.extend(decls.iter().map(|d| d.name));
        }
        out.extend(
            inst.as_env()
                .unwrap_or_default()
                .iter()
                .map(|p| p.key.value.as_str()),
        );
    }
    out
}

pub static LL710: Rule = Rule {
    id: "LL710",
    name: "undefined-variable",
    aliases: &["UndefinedVar"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("Variable used before it is defined"),
    why: doc!(
        "BuildKit substitutes variables in ENV, LABEL, COPY/ADD, WORKDIR, USER, VOLUME, \
          STOPSIGNAL, ARG defaults and `RUN --mount` options. A variable that no ARG or ENV \
          set before (in this stage or the stages it is built FROM) is empty: the path, user \
          or value is silently not the one meant. Usually a typo, a use before the ARG, or a \
          global ARG not re-declared inside the stage. BuildKit also counts the base image's \
          ENV, which layerlint cannot see: in a stage built FROM an image it reports only \
          what is a mistake whatever the image sets — a variable the Dockerfile defines \
          elsewhere (later, in another stage, before the first FROM), a near-miss of one it \
          has defined, or a misspelt `$PATH` — and stays silent on, say, `$JAVA_HOME`."
    ),
    bad: doc!("FROM alpine:3.20\nARG APP_DIR=/app\nCOPY . $APP_DIRR\n"),
    good: doc!("FROM alpine:3.20\nARG APP_DIR=/app\nCOPY . $APP_DIR\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: undefined_variable,
};

fn undefined_variable(ctx: &Context, out: &mut Findings) {
    if !ctx.file.text.contains('$') {
        return; // no variable anywhere
    }
    let scopes = ctx.scopes();
    let file_names = file_names(ctx);
    let lexer = Lexer::new(ctx.file.escape);
    let raw_lexer = Lexer {
        skip_process_quotes: true,
        ..Lexer::new('\\')
    };
    let report = |out: &mut Findings, inst: &Instruction, env: &Scope, w: &Word| {
        if !w.text.contains('$') {
            return;
        }
        let lex = if w.raw { &raw_lexer } else { &lexer };
        let Ok(e) = lex.process(&w.text, &env.at_build_time()) else {
            return;
        };
        for name in &e.unmatched {
            if env.is_declared(name) || !reportable(name) {
                continue;
            }
            if env.open && !surely_undefined(name, env, &file_names) {
                continue; // the base image's ENV may set it
            }
            let mut msg = format!("Usage of undefined variable '${name}'");
            if let Some(s) = suggest(name, env_names(env)) {
                msg.push_str(&format!(" (did you mean ${s}?)"));
            }
            let escape = if w.raw { '\\' } else { ctx.file.escape };
            out.add(&LL710, w.span_of(ctx, inst, name, escape), msg, None);
        }
    };
    walk(ctx, |_, i, inst, env| {
        if inst.kind == Kind::Arg {
            // Each default sees the declarations before it.
            let mut env = env.clone();
            for d in inst.as_arg().unwrap_or_default() {
                if let Some(default) = d.default {
                    // References are found in the whole `name=default` word.
                    let w = Word {
                        text: Cow::Borrowed(default),
                        located: Located::Arg(d.arg),
                        raw: false,
                    };
                    report(out, inst, &env, &w);
                }
                env.declare_arg(&lexer, i, &d, scopes.global());
            }
            return;
        }
        for w in expanded_words(ctx, inst) {
            report(out, inst, env, &w);
        }
    });
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::lint;

    // testUndeclaredArg.
    #[test]
    fn undefined_args_in_from() {
        for ok in [
            "\nARG base=scratch\nFROM $base\nCOPY Dockerfile .\n",
            "\nARG BUILDPLATFORM=linux/amd64\nFROM --platform=$BUILDPLATFORM scratch\n",
            "\nFROM --platform=$BUILDPLATFORM scratch\nCOPY Dockerfile .\n",
            "\nARG DEBUG\nFROM scratch${DEBUG}\nCOPY Dockerfile .\n",
            "\nARG DEBUG\nFROM scra${DEBUG:-tch}\nCOPY Dockerfile .\n",
            "\nARG DEBUG=\"\"\nFROM scratch${DEBUG-@bogus}\nCOPY Dockerfile .\n",
        ] {
            lint("LL708", ok).passes();
        }
        lint("LL708", "\nFROM --platform=$BULIDPLATFORM scratch\n")
            .fails_at(&["$BULIDPLATFORM"])
            .on_lines(&[2])
            .messages_are(&[
                "FROM argument 'BULIDPLATFORM' is not declared (did you mean BUILDPLATFORM?)",
            ]);
        lint(
            "LL708",
            "\nARG MY_OS=linux\nARG MY_ARCH=amd64\nFROM --platform=linux/${MYARCH} busybox\n",
        )
        .fails_at(&["${MYARCH}"])
        .on_lines(&[4])
        .messages_are(&["FROM argument 'MYARCH' is not declared (did you mean MY_ARCH?)"]);
        // The span is the reference (columns 20 to 30), not the whole image name.
        lint(
            "LL708",
            "\nARG tag=latest\nFROM busybox:${tag}${version} AS b\n",
        )
        .fails_at(&["${version}"])
        .messages_are(&["FROM argument 'version' is not declared"]);
    }

    // testInvalidDefaultArgInFrom.
    #[test]
    fn invalid_default_args_in_from() {
        for (bad, written) in [
            ("\nARG VERSION\nFROM busybox:$VERSION\n", "busybox:$VERSION"),
            ("\nARG IMAGE\nFROM $IMAGE\n", "$IMAGE"),
            ("\nARG SFX=\"box:\"\nFROM busy${SFX}\n", "busy${SFX}"),
        ] {
            lint("LL715", bad)
                .on_lines(&[3])
                .messages_contain(&[&format!(
                    "Default value for ARG {written} results in empty or invalid base image name"
                )]);
        }
        for ok in [
            "\nARG VERSION=\"latest\"\nFROM busybox:${VERSION}\n",
            "\nARG BUSYBOX_VARIANT=\"\"\nFROM busybox:stable${BUSYBOX_VARIANT}\n",
            "\n\tARG BUSYBOX_VARIANT\n\tFROM busybox:stable${BUSYBOX_VARIANT}\n\t",
            "ARG TARGETARCH\nFROM example/${TARGETARCH}:1\n",
        ] {
            lint("LL715", ok).passes();
        }
    }

    // testUnmatchedVars and testAllTargetUnmarshal.
    #[test]
    fn undefined_vars() {
        for ok in [
            "\nFROM scratch\nARG foo\nCOPY Dockerfile${foo} .\n",
            "\nFROM alpine AS base\nARG foo=Dockerfile\n\nFROM base\nCOPY $foo .\n",
            "\nFROM alpine\nRUN echo $PATH\n",
        ] {
            lint("LL710", ok).passes();
        }
        lint(
            "LL710",
            "\nFROM alpine\nCOPY $foo .\nARG foo=bar\nRUN echo $foo\n",
        )
        .fails_at(&["$foo"])
        .on_lines(&[3])
        .messages_are(&["Usage of undefined variable '$foo'"]);
        let text = "\nFROM alpine\nARG DIR_BINARIES=binaries/\nARG DIR_ASSETS=assets/\n\
                    ARG DIR_CONFIG=config/\nCOPY $DIR_ASSET .\n\t";
        lint("LL710", text)
            .fails_at(&["$DIR_ASSET"])
            .on_lines(&[6])
            .messages_are(&[
                "Usage of undefined variable '$DIR_ASSET' (did you mean $DIR_ASSETS?)",
            ]);
        lint("LL710", "\nFROM alpine\nENV PATH=$PAHT:/tmp/bin\n\t\t")
            .fails_at(&["$PAHT"])
            .on_lines(&[3])
            .messages_are(&["Usage of undefined variable '$PAHT' (did you mean $PATH?)"]);
        // Every stage is linted, reachable from the target or not.
        let text = "\nFROM scratch AS first\nCOPY $foo .\n\nFROM scratch AS second\nCOPY $bar .\n";
        lint("LL710", text)
            .fails_at(&["$foo", "$bar"])
            .on_lines(&[3, 6]);
    }

    #[test]
    fn undefined_var_scope_details() {
        // ENV pairs see the environment before the instruction; ARG declarations, the ones
        // before them; predefined platform ARGs must be declared in the stage.
        let text = "FROM scratch\nENV A=1 B=$A\nARG C=1 D=$C\nWORKDIR /$TARGETARCH\n\
                    ARG TARGETARCH\nWORKDIR /$TARGETARCH\n";
        lint("LL710", text)
            .fails_at(&["$A", "$TARGETARCH"])
            .on_lines(&[2, 4])
            .messages_are(&[
                "Usage of undefined variable '$A'",
                "Usage of undefined variable '$TARGETARCH'",
            ]);
        // Exact spans, heredocs (raw, unless the delimiter is quoted), mounts, chown. Each
        // reference occurs once, so its text and line fix its column.
        let text = "FROM scratch\nCOPY --chown=$U <<EOF /x\n$H '$Q'\nEOF\n\
                    COPY <<'EOF' /y\n$NOPE\nEOF\nRUN --mount=type=cache,target=$T true\n\
                    LABEL \"k\"=\"${V:-d}\"\n";
        lint("LL710", text)
            .fails_at(&["$U", "$H", "$Q", "$T", "${V:-d}"])
            .on_lines(&[2, 3, 3, 8, 9]);
        // A reference ending in a multi-byte character keeps all of it.
        lint("LL710", "FROM scratch\nLABEL k=\"${NOPE:-é}\"\n").fails_at(&["${NOPE:-é}"]);
        // Continuation lines inside a word: the span still lands on the reference.
        lint("LL710", "FROM scratch\nENV A=x \\\n    B=$MISSING\n")
            .fails_at(&["$MISSING"])
            .on_lines(&[3]);
    }

    /// Broken and odd inputs give findings or nothing, never a panic.
    #[test]
    fn odd_inputs_do_not_panic() {
        for text in [
            "FROM a AS ${X\nCOPY ${ /\nENV ${A:-${B:-é}} é\nEXPOSE :/TCP é:é/UDP /tcp 1-2/SCTP\n",
            "FROM --platform= a\nFROM --platform=$ b AS Ä\nWORKDIR ${\nARG =x\nUSER $\n",
            "ARG A=${A\nFROM $A\nFROM ${A:?boom} AS X\nRUN --mount=from=X,target=$é true\n",
            "FROM scratch\nCOPY <<EOF <<'E2' /x\n${\nEOF\n$Z\nE2\nLABEL a b c\nENV é ü\n",
            "from a as B\nFrom B As c\nCMD\nENTRYPOINT\nHEALTHCHECK NONE\nHEALTHCHECK NONE\n",
            "# escape=`\nFROM a\nENV A `\n  b\nMAINTAINER `\"x`\" $y\n",
        ] {
            let _ = crate::lint::lint(text, &Default::default());
            let _ = crate::lint::fix_all(text, &Default::default(), true);
        }
    }
}
