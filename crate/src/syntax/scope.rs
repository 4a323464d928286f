//! The one model of build variables: ARG and ENV scopes as BuildKit's converter builds them.
//! Global ARGs (before the first FROM, plus the predefined platform ARGs) are visible in FROM
//! lines only; inside a stage, `ARG name` re-declares a global one (taking its value),
//! `ARG name=default` declares a new one, ENV sets one; the latest declaration wins, and a
//! stage built FROM another stage starts with everything that stage ended with. PATH is
//! always set (BuildKit's default under `scratch`). Values are expanded where they are
//! declared, and each is known, uncertain (the build machine's platform, a base image's ENV)
//! or unset.

use super::expand::{Env, Expansion, Lexer};
use super::stages::{StageGraph, StageRef};
use super::tree::{Dockerfile, Instruction, Kind};
use super::views::ArgDecl;
use std::cell::Cell;
use std::rc::Rc;

/// The ARGs BuildKit defines for every build, with their values in a linux/amd64 build. The real
/// values depend on the build machine; checks that evaluate a line as BuildKit would use these
/// (a linux/amd64 build stands for any).
pub const PREDEFINED_ARGS: &[(&str, &str)] = &[
    ("BUILDPLATFORM", "linux/amd64"),
    ("BUILDOS", "linux"),
    ("BUILDOSVERSION", ""),
    ("BUILDARCH", "amd64"),
    ("BUILDVARIANT", ""),
    ("TARGETPLATFORM", "linux/amd64"),
    ("TARGETOS", "linux"),
    ("TARGETOSVERSION", ""),
    ("TARGETARCH", "amd64"),
    ("TARGETVARIANT", ""),
    ("TARGETSTAGE", ""),
];

/// A predefined ARG's value in a linux/amd64 build ([`PREDEFINED_ARGS`]); `None` for any other
/// name.
pub fn predefined_value(name: &str) -> Option<&'static str> {
    PREDEFINED_ARGS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| *v)
}

/// The value BuildKit gives PATH when the base image has none (always, for `scratch`).
pub const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// ARGs that BuildKit keeps out of a stage's environment.
pub const NOT_ENV: &[&str] = &["BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE"];

/// Where a variable comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A predefined platform ARG (value unknown until build time).
    Predefined,
    /// PATH as the stage's root sets it: BuildKit's default for `scratch`, else the image's.
    Base,
    /// An ARG before the first FROM.
    GlobalArg,
    /// An ARG inside the stage (or a stage it is built FROM).
    Arg,
    /// An ENV of the stage or of a stage it is built FROM.
    Env,
}

/// What a variable is set to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// The same on every build (with the file's defaults).
    Known(String),
    /// Set, to a value that depends on the build machine's platform or a base image's ENV;
    /// with its value in a linux/amd64 build when the file alone decides it.
    Uncertain(Option<String>),
    /// An `ARG` without a value: declared, not set.
    Unset,
}

/// A variable in scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Var {
    pub name: String,
    pub value: Value,
    pub origin: Origin,
    /// The instruction that declared it.
    pub instruction: Option<usize>,
}

impl Var {
    /// The value when it is the same on every build.
    pub fn known(&self) -> Option<&str> {
        match &self.value {
            Value::Known(v) => Some(v),
            _ => None,
        }
    }
}

/// The variables visible at one point of a Dockerfile, as BuildKit's converter keeps them:
/// later declarations win, and a stage built FROM another stage starts with everything that
/// stage ended with (its ARGs too).
#[derive(Debug, Clone, Default)]
pub struct Scope {
    vars: Vec<Var>,
    /// The stage starts from an image, whose ENV may set variables the file does not show.
    pub open: bool,
}

/// The lexer's view of a scope: known values as they are, uncertain ones (and, in an open
/// stage, names the file never sets) noted so the result can be discarded.
struct Probe<'s> {
    scope: &'s Scope,
    uncertain: Cell<bool>,
}

impl Env for Probe<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        match self.scope.var(name).map(|v| &v.value) {
            Some(Value::Known(v)) => Some(v),
            Some(Value::Uncertain(v)) => {
                self.uncertain.set(true);
                Some(v.as_deref().unwrap_or(""))
            }
            Some(Value::Unset) => None,
            None => {
                self.uncertain.set(self.uncertain.get() || self.scope.open);
                None
            }
        }
    }
}

impl Scope {
    /// The scope of FROM lines: predefined ARGs and the ARGs before the first FROM.
    pub fn global(df: &Dockerfile) -> Scope {
        let mut s = Scope::default();
        for (name, value) in PREDEFINED_ARGS {
            s.vars.push(Var {
                name: name.to_string(),
                value: Value::Uncertain(Some(value.to_string())),
                origin: Origin::Predefined,
                instruction: None,
            });
        }
        let lexer = Lexer::new(df.escape);
        for (i, inst) in df.instructions.iter().enumerate() {
            if inst.kind == Kind::From {
                break;
            }
            for d in inst.as_arg().unwrap_or_default() {
                let value = match d.default {
                    Some(default) => s.value_of(&lexer, default),
                    None => Value::Unset,
                };
                s.push(d.name, value, Origin::GlobalArg, i);
            }
        }
        s
    }

    /// The start of a stage built FROM `scratch` (`open` false) or an image (`open`).
    fn root(open: bool) -> Scope {
        let path = if open {
            Value::Uncertain(None)
        } else {
            Value::Known(DEFAULT_PATH.to_string())
        };
        Scope {
            vars: vec![Var {
                name: "PATH".to_string(),
                value: path,
                origin: Origin::Base,
                instruction: None,
            }],
            open,
        }
    }

    fn push(&mut self, name: &str, value: Value, origin: Origin, i: usize) {
        self.vars.push(Var {
            name: name.to_string(),
            value,
            origin,
            instruction: Some(i),
        });
    }

    /// Apply an instruction of a stage (ARG and ENV change the scope; others nothing).
    fn apply(&mut self, lexer: &Lexer, i: usize, inst: &Instruction, global: &Scope) {
        match inst.kind {
            Kind::Arg => {
                for d in inst.as_arg().unwrap_or_default() {
                    self.declare_arg(lexer, i, &d, global);
                }
            }
            Kind::Env => {
                // Every pair is expanded before any is set.
                let pairs: Vec<(String, Value)> = inst
                    .as_env()
                    .unwrap_or_default()
                    .iter()
                    .map(|p| {
                        let name = match self.expand_certain(lexer, &p.key.value) {
                            Some(e) => e.result,
                            None => p.key.value.clone(),
                        };
                        (name, self.value_of(lexer, &p.value.value))
                    })
                    .collect();
                for (name, value) in pairs {
                    self.push(&name, value, Origin::Env, i);
                }
            }
            _ => {}
        }
    }

    /// Apply one `name[=default]` of the stage's ARG at instruction `i` (BuildKit's
    /// `dispatchArg`): a default is expanded here; without one, the global ARG's value.
    pub fn declare_arg(&mut self, lexer: &Lexer, i: usize, decl: &ArgDecl, global: &Scope) {
        let value = match decl.default {
            _ if NOT_ENV.contains(&decl.name) => Value::Unset,
            Some(d) => self.value_of(lexer, d),
            None => match global.var(decl.name).map(|v| &v.value) {
                Some(Value::Uncertain(None)) | Some(Value::Unset) | None => Value::Unset,
                Some(v) => v.clone(),
            },
        };
        self.push(decl.name, value, Origin::Arg, i);
    }

    fn value_of(&self, lexer: &Lexer, word: &str) -> Value {
        match self.process(lexer, word) {
            (Some(e), false) => Value::Known(e.result),
            (Some(e), true) => Value::Uncertain(Some(e.result)),
            (None, _) => Value::Uncertain(None),
        }
    }

    /// `word` processed here (`None` when invalid), and whether the result is uncertain.
    fn process(&self, lexer: &Lexer, word: &str) -> (Option<Expansion>, bool) {
        let probe = Probe {
            scope: self,
            uncertain: Cell::new(false),
        };
        let e = lexer.process(word, &probe).ok();
        (e, probe.uncertain.get())
    }

    /// The variable `name` resolves to: the latest declaration.
    pub fn var(&self, name: &str) -> Option<&Var> {
        self.vars.iter().rev().find(|v| v.name == name)
    }

    /// Whether `name` is declared (even without a known value).
    pub fn is_declared(&self, name: &str) -> bool {
        self.var(name).is_some()
    }

    /// All declarations in order (later ones shadow earlier ones).
    pub fn vars(&self) -> &[Var] {
        &self.vars
    }

    /// The scope as BuildKit sees it when it builds: declared ARGs without a value are empty,
    /// predefined ones have a linux/amd64 build's values.
    pub fn at_build_time(&self) -> BuildTime<'_> {
        BuildTime(self)
    }

    /// `word` processed as BuildKit would here; `None` when it is invalid or the result
    /// depends on a value that is not the same on every build. Unset names are `unmatched`.
    pub fn expand_certain(&self, lexer: &Lexer, word: &str) -> Option<Expansion> {
        match self.process(lexer, word) {
            (Some(e), false) => Some(e),
            _ => None,
        }
    }

    /// `word` with variables substituted and quotes removed, as BuildKit would; `None` when
    /// it is invalid or uses a variable whose value is not known.
    pub fn expand(&self, word: &str, escape: char) -> Option<String> {
        let e = self.expand_certain(&Lexer::new(escape), word)?;
        e.unmatched.is_empty().then_some(e.result)
    }
}

impl Env for Scope {
    /// Known values only.
    fn get(&self, name: &str) -> Option<&str> {
        self.var(name).and_then(Var::known)
    }
}

/// A [`Scope`] at build time ([`Scope::at_build_time`]).
pub struct BuildTime<'s>(&'s Scope);

impl Env for BuildTime<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        let var = self.0.var(name)?;
        match &var.value {
            Value::Known(v) | Value::Uncertain(Some(v)) => Some(v),
            _ => Some(predefined_value(name).unwrap_or("")),
        }
    }
}

/// The scope of every instruction of a file, as BuildKit's converter builds it, in one walk
/// over the stages: instructions that declare nothing share their predecessor's scope.
pub struct Scopes {
    global: Rc<Scope>,
    /// Per instruction.
    at: Vec<Rc<Scope>>,
}

impl Scopes {
    pub fn new(df: &Dockerfile, graph: &StageGraph) -> Scopes {
        let global = Rc::new(Scope::global(df));
        let lexer = Lexer::new(df.escape);
        let mut at = vec![global.clone(); df.instructions.len()];
        let mut ends: Vec<Rc<Scope>> = Vec::with_capacity(graph.stages.len());
        for stage in &graph.stages {
            let mut current = match stage.parent() {
                Some(StageRef::Stage(p)) if *p < ends.len() => ends[*p].clone(),
                Some(StageRef::Scratch) => Rc::new(Scope::root(false)),
                _ => Rc::new(Scope::root(true)),
            };
            let body = stage.from + 1..stage.instructions.end.min(df.instructions.len());
            for (i, inst) in body.clone().zip(&df.instructions[body]) {
                at[i] = current.clone();
                if matches!(inst.kind, Kind::Arg | Kind::Env) {
                    let mut next = (*current).clone();
                    next.apply(&lexer, i, inst, &global);
                    current = Rc::new(next);
                }
            }
            ends.push(current);
        }
        Scopes { global, at }
    }

    /// The scope of FROM lines ([`Scope::global`]).
    pub fn global(&self) -> &Scope {
        &self.global
    }

    /// The scope instruction `i` sees (FROM lines: the global scope).
    pub fn at(&self, i: usize) -> &Scope {
        self.at.get(i).unwrap_or(&self.global)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    /// The scope instruction `i` sees, as the lint context gives it.
    fn scope_at(df: &Dockerfile, graph: &StageGraph, i: usize) -> Scope {
        Scopes::new(df, graph).at(i).clone()
    }

    /// One table of predefined ARGs: the global scope declares every one of them (it used to
    /// miss the OS-version and TARGETSTAGE ARGs that the BuildKit checks knew), with a value.
    #[test]
    fn every_predefined_arg_is_declared_with_its_value() {
        let global = Scope::global(&parse("FROM scratch\n"));
        for (name, value) in PREDEFINED_ARGS {
            let var = global.var(name).unwrap_or_else(|| panic!("{name}"));
            assert_eq!(var.origin, Origin::Predefined, "{name}");
            assert_eq!(predefined_value(name), Some(*value));
        }
        assert!(global.is_declared("TARGETSTAGE"));
        assert_eq!(predefined_value("HOME"), None);
    }

    #[test]
    fn scopes_follow_buildkit() {
        let df = parse(
            "ARG V=1.2\nARG IMG=alpine:$V\nFROM $IMG AS a\nARG V\nENV P=/opt/$V X=$P\n\
             RUN true\nFROM a\nARG W=x\nRUN true\n",
        );
        let g = df.stages();
        let global = Scope::global(&df);
        assert_eq!(global.get("IMG"), Some("alpine:1.2"));
        assert!(global.is_declared("TARGETARCH"));
        let s = scope_at(&df, &g, 5);
        assert_eq!(s.get("V"), Some("1.2"));
        assert_eq!(s.get("P"), Some("/opt/1.2"));
        // ENV pairs see the scope before the instruction: P is not set yet, so X is whatever
        // the base image's P is.
        assert_eq!(
            s.var("X").unwrap().value,
            Value::Uncertain(Some(String::new()))
        );
        let s2 = scope_at(&df, &g, 8);
        assert_eq!(
            s2.get("P"),
            Some("/opt/1.2"),
            "ENV is inherited through FROM <stage>"
        );
        assert_eq!(s2.get("V"), Some("1.2"), "ARGs are inherited too");
        assert_eq!(s2.get("W"), Some("x"));
        assert_eq!(scope_at(&df, &g, 2).get("V"), Some("1.2"));
    }

    #[test]
    fn at_build_time_unset_args_are_empty_and_predefined_ones_have_values() {
        let df = parse("ARG TAG\nFROM alpine:$TAG\n");
        let global = Scope::global(&df);
        assert_eq!(global.get("TAG"), None);
        assert_eq!(global.at_build_time().get("TAG"), Some(""));
        assert_eq!(global.get("TARGETARCH"), None);
        assert_eq!(global.at_build_time().get("TARGETARCH"), Some("amd64"));
        assert_eq!(global.at_build_time().get("NOT_DECLARED"), None);
    }

    /// Where the lint's two variable models (`Scope` for the rules, `Globals`/`StageEnv` for
    /// the BuildKit checks) used to disagree, and the one answer left: BuildKit's converter
    /// (`dockerfile2llb`), whose checks suite the BuildKit rules pass.
    #[test]
    fn one_model_answers_where_the_two_disagreed() {
        // A stage built FROM a stage starts with the state that stage ended with: its ARGs
        // too (`d.buildArgs` and the llb state's env are copied from the base stage).
        let df = parse("FROM scratch AS a\nARG V=1\nFROM a\nRUN x\n");
        assert_eq!(scope_at(&df, &df.stages(), 3).get("V"), Some("1"));
        // PATH is always set: BuildKit's default in a stage FROM scratch, the image's
        // otherwise (not known here, but declared).
        let df = parse("FROM scratch\nRUN x\nFROM alpine\nRUN y\n");
        let g = df.stages();
        assert_eq!(scope_at(&df, &g, 1).get("PATH"), Some(DEFAULT_PATH));
        let image = scope_at(&df, &g, 3);
        assert!(image.is_declared("PATH") && image.get("PATH").is_none());
        // A value built from a name the file never sets, in a stage FROM an image, is the
        // image's business: not known (it used to be taken as if the name were empty).
        let df = parse("FROM alpine\nENV X=$HOME/x\nRUN y\n");
        let s = scope_at(&df, &df.stages(), 2);
        assert_eq!(s.get("X"), None);
        // In a stage FROM scratch nothing else can set it: empty, for sure.
        let df = parse("FROM scratch\nENV X=$HOME/x\nRUN y\n");
        assert_eq!(scope_at(&df, &df.stages(), 2).get("X"), Some("/x"));
        // A global default that uses a predefined ARG depends on the build machine: not
        // known, and a linux/amd64 build's value at build time (it used to be "foo-").
        let df = parse("ARG X=foo-$TARGETARCH\nFROM alpine:$X\n");
        let global = Scope::global(&df);
        assert_eq!(global.get("X"), None);
        assert_eq!(global.at_build_time().get("X"), Some("foo-amd64"));
        // The latest declaration wins, ARG over an earlier ENV too: `dispatchArg` sets the
        // value with `AddEnv`, which replaces the ENV's (the rules' model let ENV win).
        let df = parse("FROM scratch\nENV A=env\nARG A=arg\nRUN x\n");
        assert_eq!(scope_at(&df, &df.stages(), 3).get("A"), Some("arg"));
    }
}
