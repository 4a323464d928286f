//! What BuildKit's `instructions` package and the start of its conversion reject after the
//! parser has accepted a line: unknown instructions, flags, argument counts, stage names,
//! the ONBUILD trigger, HEALTHCHECK options, SHELL's form, instructions outside a stage, and
//! quoting errors in the arguments BuildKit expands. Checked on top-level instructions (an
//! ONBUILD trigger is only checked when a child image is built).

use super::diagnostic::{DiagnosticKind as D, SyntaxDiagnostic};
use super::expand::check_syntax;
use super::heredoc::parse_marker;
use super::tree::{Arg, Args, Dockerfile, Flag, Instruction, Kind};
use crate::report::Span;

#[derive(Clone, Copy, PartialEq)]
enum FlagType {
    Bool,
    Str,
    Strs,
}

use FlagType::*;

const FROM: &[(&str, FlagType)] = &[("platform", Str)];
const RUN: &[(&str, FlagType)] = &[
    ("mount", Strs),
    ("network", Str),
    ("security", Str),
    ("device", Strs),
];
const COPY: &[(&str, FlagType)] = &[
    ("chown", Str),
    ("from", Str),
    ("chmod", Str),
    ("link", Bool),
    ("exclude", Strs),
    ("parents", Bool),
];
const ADD: &[(&str, FlagType)] = &[
    ("chown", Str),
    ("chmod", Str),
    ("link", Bool),
    ("keep-git-dir", Bool),
    ("checksum", Str),
    ("exclude", Strs),
    ("unpack", Bool),
];
const HEALTHCHECK: &[(&str, FlagType)] = &[
    ("interval", Str),
    ("timeout", Str),
    ("start-period", Str),
    ("start-interval", Str),
    ("retries", Str),
];

pub(crate) fn validate(df: &Dockerfile, out: &mut Vec<SyntaxDiagnostic>) {
    let mut v = Validator {
        escape: df.escape,
        out,
    };
    let mut seen_from = false;
    for inst in &df.instructions {
        if inst.kind == Kind::From {
            seen_from = true;
        } else if !seen_from && inst.kind != Kind::Arg && inst.kind != Kind::Unknown {
            v.push(
                D::NoBuildStage,
                format!(
                    "no build stage in current context: {} must come after a FROM",
                    inst.kind.as_str()
                ),
                inst.keyword_span,
            );
        }
        v.instruction(inst);
    }
    if !seen_from {
        if let Some(first) = df.instructions.first() {
            v.push(
                D::NoBuildStage,
                "the Dockerfile has no FROM: it contains no stage to build",
                first.keyword_span,
            );
        }
    }
}

struct Validator<'a> {
    escape: char,
    out: &'a mut Vec<SyntaxDiagnostic>,
}

impl Validator<'_> {
    fn push(&mut self, kind: D, message: impl Into<String>, span: Span) {
        self.out.push(SyntaxDiagnostic::new(kind, message, span));
    }

    fn count(&mut self, inst: &Instruction, what: &str) {
        self.push(
            D::WrongArgumentCount,
            format!("{} requires {what}", inst.kind.as_str()),
            inst.span,
        );
    }

    fn quoting(&mut self, a: &Arg) {
        if let Err(e) = check_syntax(&a.value, self.escape) {
            self.push(
                D::InvalidQuoting,
                format!("`{}`: {}", a.value, e.message),
                a.span,
            );
        }
    }

    fn instruction(&mut self, inst: &Instruction) {
        use Kind as K;
        let spec: Option<&[(&str, FlagType)]> = match inst.kind {
            K::From => Some(FROM),
            K::Run => Some(RUN),
            K::Copy => Some(COPY),
            K::Add => Some(ADD),
            K::Healthcheck => match &inst.args {
                Args::Health { kind, .. } if kind.value.eq_ignore_ascii_case("none") => None,
                _ => Some(HEALTHCHECK),
            },
            K::Arg | K::Stopsignal | K::Unknown => None,
            _ => Some(&[]),
        };
        if let Some(spec) = spec {
            self.flags(inst, spec);
        }
        match (inst.kind, &inst.args) {
            (K::Unknown, _) => self.push(
                D::UnknownInstruction,
                format!("unknown instruction: {}", inst.keyword.to_ascii_uppercase()),
                inst.keyword_span,
            ),
            (K::Env | K::Label, Args::Pairs(pairs)) => {
                for p in pairs {
                    if p.key.value.is_empty() {
                        self.push(
                            D::InvalidArguments,
                            format!("{} names can not be blank", inst.kind.as_str()),
                            p.span,
                        );
                    }
                    self.quoting(&p.key);
                    if p.equals || !p.value.value.is_empty() {
                        self.quoting(&p.value);
                    }
                }
            }
            (K::Env | K::Label | K::Onbuild | K::Expose | K::Volume | K::Arg, Args::Empty) => {
                self.count(inst, "at least one argument")
            }
            (K::Maintainer | K::Workdir | K::User | K::Stopsignal, Args::Empty) => {
                self.count(inst, "exactly one argument")
            }
            (K::Workdir | K::User | K::Stopsignal, Args::Text(a)) => self.quoting(a),
            (K::Add | K::Copy, args) => self.copy(inst, args),
            (K::From, args) => self.from(inst, args),
            (K::Onbuild, Args::Onbuild(inner)) => match inner.kind {
                K::Onbuild => self.push(
                    D::InvalidArguments,
                    "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
                    inner.keyword_span,
                ),
                K::Maintainer | K::From => self.push(
                    D::InvalidArguments,
                    format!(
                        "{} isn't allowed as an ONBUILD trigger",
                        inner.kind.as_str()
                    ),
                    inner.keyword_span,
                ),
                _ => {}
            },
            (K::Healthcheck, Args::Empty) => self.count(inst, "at least one argument"),
            (K::Healthcheck, Args::Health { kind, command }) => {
                let empty = match &**command {
                    Args::Empty => true,
                    Args::Json(v) => v.is_empty(),
                    _ => false,
                };
                if kind.value.eq_ignore_ascii_case("none") {
                    if !matches!(**command, Args::Empty) {
                        self.push(
                            D::WrongArgumentCount,
                            "HEALTHCHECK NONE takes no arguments",
                            inst.span,
                        );
                    }
                } else if kind.value.eq_ignore_ascii_case("cmd") {
                    if empty {
                        self.push(
                            D::WrongArgumentCount,
                            "Missing command after HEALTHCHECK CMD",
                            inst.span,
                        );
                    }
                } else {
                    self.push(
                        D::InvalidArguments,
                        format!(
                            "Unknown type \"{}\" in HEALTHCHECK (try CMD)",
                            kind.value.to_ascii_uppercase()
                        ),
                        kind.span,
                    );
                }
            }
            (K::Expose, Args::Words(w)) => w.iter().for_each(|a| self.quoting(a)),
            (K::Volume, args) => {
                let list = match args {
                    Args::Json(v) | Args::Words(v) => v.as_slice(),
                    _ => &[],
                };
                if list.is_empty() {
                    self.count(inst, "at least one argument");
                }
                for a in list {
                    if a.value.trim().is_empty() {
                        self.push(
                            D::InvalidArguments,
                            "VOLUME specified can not be an empty string",
                            a.span,
                        );
                    } else if matches!(args, Args::Words(_)) {
                        self.quoting(a);
                    }
                }
            }
            (K::Arg, Args::Words(w)) => {
                for a in w {
                    if a.value.starts_with('=') {
                        self.push(D::InvalidArguments, "ARG names can not be blank", a.span);
                    }
                    self.quoting(a);
                }
            }
            (K::Shell, Args::Empty) => self.count(inst, "at least one argument"),
            (K::Shell, Args::Json(v)) if v.is_empty() => self.count(inst, "at least one argument"),
            (K::Shell, Args::Text(a)) => self.push(
                D::InvalidArguments,
                "SHELL requires the arguments to be in JSON form",
                a.span,
            ),
            _ => {}
        }
    }

    fn copy(&mut self, inst: &Instruction, args: &Args) {
        let list = match args {
            Args::Json(v) | Args::Words(v) => v.as_slice(),
            _ => &[],
        };
        if list.len() < 2 {
            let name = inst.kind.as_str();
            self.push(
                D::WrongArgumentCount,
                format!(
                    "{name} requires at least two arguments, but only one was provided. \
                     Destination could not be determined"
                ),
                inst.span,
            );
            return;
        }
        let dest = &list[list.len() - 1];
        if matches!(parse_marker(&dest.value), Ok(Some(_))) {
            self.push(
                D::InvalidArguments,
                format!(
                    "{} cannot accept a heredoc as a destination",
                    inst.kind.as_str()
                ),
                dest.span,
            );
        }
        if matches!(args, Args::Words(_)) {
            for a in list {
                if !matches!(parse_marker(&a.value), Ok(Some(_))) {
                    self.quoting(a);
                }
            }
        }
        for name in ["chown", "chmod", "from"] {
            if let Some(f) = inst.flag(name) {
                self.flag_quoting(f);
            }
        }
    }

    fn flag_quoting(&mut self, f: &Flag) {
        if let Some(v) = &f.value {
            if let Err(e) = check_syntax(v, self.escape) {
                self.push(
                    D::InvalidQuoting,
                    format!("--{}: {}", f.name, e.message),
                    f.span,
                );
            }
        }
    }

    fn from(&mut self, inst: &Instruction, args: &Args) {
        let words = match args {
            Args::Words(w) => w.as_slice(),
            _ => &[],
        };
        match words {
            [image] => self.quoting(image),
            [image, kw, name] if kw.value.eq_ignore_ascii_case("as") => {
                self.quoting(image);
                let lower = name.value.to_ascii_lowercase();
                if !valid_stage_name(&lower) {
                    self.push(
                        D::InvalidArguments,
                        format!(
                            "invalid name for build stage: \"{}\", name can't start with a number or contain symbols",
                            name.value
                        ),
                        name.span,
                    );
                }
            }
            _ => self.count(inst, "either one or three arguments"),
        }
        if let Some(f) = inst.flag("platform") {
            self.flag_quoting(f);
        }
    }

    /// BuildKit's `BFlags.Parse` plus the value checks of the RUN and HEALTHCHECK flags.
    fn flags(&mut self, inst: &Instruction, spec: &[(&str, FlagType)]) {
        let mut used: Vec<&str> = Vec::new();
        for f in &inst.flags {
            let Some(&(_, ty)) = spec.iter().find(|(n, _)| *n == f.name) else {
                let msg = if spec.is_empty() {
                    format!(
                        "{} takes no flags: unknown flag {}",
                        inst.kind.as_str(),
                        f.name
                    )
                } else {
                    format!("unknown flag: {}", f.name)
                };
                self.push(D::InvalidFlag, msg, f.span);
                continue;
            };
            if used.contains(&f.name.as_str()) && ty != Strs {
                self.push(
                    D::InvalidFlag,
                    format!("duplicate flag specified: {}", f.name),
                    f.span,
                );
                continue;
            }
            used.push(&f.name);
            match (ty, f.value.as_deref()) {
                (Bool, Some("")) | (Str | Strs, None) => self.push(
                    D::InvalidFlag,
                    format!("missing a value on flag: {}", f.name),
                    f.span,
                ),
                (Bool, Some(v)) if !matches!(v.to_ascii_lowercase().as_str(), "true" | "false") => {
                    self.push(
                        D::InvalidFlag,
                        format!("expecting boolean value for flag {}, not: {v}", f.name),
                        f.span,
                    )
                }
                (Str, Some(v)) => self.flag_value(inst.kind, f, v),
                _ => {}
            }
        }
    }

    fn flag_value(&mut self, kind: Kind, f: &Flag, v: &str) {
        let problem = match (kind, f.name.as_str()) {
            (Kind::Run, "network") if !matches!(v, "default" | "none" | "host") => {
                Some(format!("unsupported network mode: {v}"))
            }
            (Kind::Run, "security") if !matches!(v, "sandbox" | "insecure") => {
                Some(format!("unsupported security mode: {v}"))
            }
            (Kind::Healthcheck, "retries") => match v.parse::<i32>() {
                Err(_) => Some(format!("invalid --retries value `{v}`: not an integer")),
                Ok(n) if n < 0 => Some(format!("--retries cannot be negative ({n})")),
                Ok(_) => None,
            },
            (Kind::Healthcheck, _) if !v.is_empty() => match go_duration_nanos(v) {
                None => Some(format!("time: invalid duration \"{v}\"")),
                Some(d) if d != 0 && d < 1_000_000 => {
                    Some(format!("Interval \"{}\" cannot be less than 1ms", f.name))
                }
                Some(_) => None,
            },
            _ => None,
        };
        if let Some(p) = problem {
            self.push(D::InvalidFlag, p, f.span);
        }
    }
}

/// `^[a-z][a-z0-9-_.]*$`.
fn valid_stage_name(s: &str) -> bool {
    let mut b = s.bytes();
    matches!(b.next(), Some(b'a'..=b'z'))
        && b.all(|c| matches!(c, b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.'))
}

/// Go's `time.ParseDuration` in nanoseconds (`None` when invalid or out of range). Integer
/// arithmetic (fractions to the nanosecond), so the wasm needs no float parser.
fn go_duration_nanos(s: &str) -> Option<i128> {
    let (neg, mut rest) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if rest == "0" {
        return Some(0);
    }
    if rest.is_empty() {
        return None;
    }
    let mut total: i128 = 0;
    while !rest.is_empty() {
        let int_len = rest.bytes().take_while(u8::is_ascii_digit).count();
        let int = &rest[..int_len];
        rest = &rest[int_len..];
        let mut frac = "";
        if let Some(r) = rest.strip_prefix('.') {
            let n = r.bytes().take_while(u8::is_ascii_digit).count();
            frac = &r[..n];
            rest = &r[n..];
        }
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        let unit_len = rest
            .char_indices()
            .find(|(_, c)| *c == '.' || c.is_ascii_digit())
            .map_or(rest.len(), |(i, _)| i);
        let scale: i128 = match &rest[..unit_len] {
            "ns" => 1,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => return None,
        };
        rest = &rest[unit_len..];
        if int.len() > 30 {
            return None;
        }
        let whole: i128 = if int.is_empty() { 0 } else { int.parse().ok()? };
        let mut part: i128 = 0;
        let mut div: i128 = 1;
        for d in frac.bytes().take(30) {
            part = part * 10 + i128::from(d - b'0');
            div *= 10;
        }
        total = total.checked_add(whole.checked_mul(scale)? + part * scale / div)?;
        if total > i128::from(i64::MAX) {
            return None;
        }
    }
    Some(if neg { -total } else { total })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_like_go() {
        assert_eq!(go_duration_nanos("5s"), Some(5_000_000_000));
        assert_eq!(go_duration_nanos("1m30s"), Some(90_000_000_000));
        assert_eq!(go_duration_nanos("1.5h"), Some(5_400_000_000_000));
        assert_eq!(go_duration_nanos("0"), Some(0));
        assert_eq!(go_duration_nanos("0s"), Some(0));
        assert_eq!(go_duration_nanos("10"), None);
        assert_eq!(go_duration_nanos("abc"), None);
        assert_eq!(go_duration_nanos(""), None);
        assert_eq!(go_duration_nanos("-1s"), Some(-1_000_000_000));
    }

    #[test]
    fn stage_names() {
        assert!(valid_stage_name("build-env_1.x"));
        assert!(!valid_stage_name("1st"));
        assert!(!valid_stage_name("a/b"));
        assert!(!valid_stage_name(""));
    }
}
