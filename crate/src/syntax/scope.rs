//! ARG and ENV scopes as BuildKit builds them: global ARGs (before the first FROM, plus the
//! predefined platform ARGs) are visible in FROM lines only; inside a stage, `ARG name`
//! re-declares a global one (taking its value), `ARG name=default` declares a new one, ENV
//! sets a variable that also reaches stages built FROM this one, and ENV wins over an ARG of
//! the same name. Values are expanded where they are declared, as BuildKit does.

use super::expand::{Env, Lexer};
use super::stages::{StageGraph, StageRef};
use super::tree::{Dockerfile, Kind};
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

/// Where a variable comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A predefined platform ARG (value unknown until build time).
    Predefined,
    /// An ARG before the first FROM.
    GlobalArg,
    /// An ARG inside the stage.
    Arg,
    /// An ENV of the stage or of a stage it is built FROM.
    Env,
}

/// A variable in scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Var {
    pub name: String,
    /// The value after expansion; `None` when unknown (an ARG without default, a predefined
    /// ARG, or a default that could not be expanded).
    pub value: Option<String>,
    pub origin: Origin,
    /// The instruction that declared it.
    pub instruction: Option<usize>,
}

/// The variables visible at one point of a Dockerfile.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    vars: Vec<Var>,
}

impl Env for Scope {
    fn get(&self, name: &str) -> Option<&str> {
        self.var(name).and_then(|v| v.value.as_deref())
    }
}

impl Scope {
    /// The scope of FROM lines: predefined ARGs and the ARGs before the first FROM.
    pub fn global(df: &Dockerfile) -> Scope {
        let mut s = Scope::default();
        for (name, _) in PREDEFINED_ARGS {
            s.vars.push(Var {
                name: name.to_string(),
                value: None,
                origin: Origin::Predefined,
                instruction: None,
            });
        }
        for (i, inst) in df.instructions.iter().enumerate() {
            if inst.kind == Kind::From {
                break;
            }
            s.declare_args(df, i, Origin::GlobalArg, None);
        }
        s
    }

    /// The scope an instruction sees (before it runs). For a FROM, the global scope. Rules
    /// read it from [`Scopes`] (through the lint context), built once for every instruction.
    pub fn at(df: &Dockerfile, graph: &StageGraph, instruction: usize) -> Scope {
        let global = Scope::global(df);
        match graph.stage_of(instruction) {
            Some(stage) if stage.from != instruction => {
                let mut s = Scope::inherited(df, graph, stage.index, &global, &mut Vec::new());
                s.walk(df, stage.from + 1..instruction, &global);
                s
            }
            _ => global,
        }
    }

    /// The ENVs of the stages `stage` is built FROM (ARGs are not inherited).
    fn inherited(
        df: &Dockerfile,
        graph: &StageGraph,
        stage: usize,
        global: &Scope,
        seen: &mut Vec<usize>,
    ) -> Scope {
        let mut s = Scope::default();
        seen.push(stage);
        if let Some(StageRef::Stage(p)) = graph.stages[stage].parent() {
            if !seen.contains(p) {
                let parent = &graph.stages[*p];
                let mut ps = Scope::inherited(df, graph, *p, global, seen);
                ps.walk(df, parent.from + 1..parent.instructions.end, global);
                s.vars = ps
                    .vars
                    .into_iter()
                    .filter(|v| v.origin == Origin::Env)
                    .collect();
            }
        }
        s
    }

    fn walk(&mut self, df: &Dockerfile, range: std::ops::Range<usize>, global: &Scope) {
        for i in range {
            let Some(inst) = df.instructions.get(i) else {
                break;
            };
            match inst.kind {
                Kind::Arg => self.declare_args(df, i, Origin::Arg, Some(global)),
                Kind::Env => {
                    let Some(pairs) = inst.as_env() else { continue };
                    let lex = Lexer::new(df.escape);
                    let new: Vec<Var> = pairs
                        .iter()
                        .map(|p| Var {
                            name: lex
                                .process_word(&p.key.value, self)
                                .unwrap_or_else(|_| p.key.value.clone()),
                            value: lex.process_word(&p.value.value, self).ok(),
                            origin: Origin::Env,
                            instruction: Some(i),
                        })
                        .collect();
                    self.vars.extend(new);
                }
                _ => {}
            }
        }
    }

    fn declare_args(&mut self, df: &Dockerfile, i: usize, origin: Origin, global: Option<&Scope>) {
        let Some(decls) = df.instructions[i].as_arg() else {
            return;
        };
        let lex = Lexer::new(df.escape);
        for d in decls {
            let value = match d.default {
                Some(v) => lex.process_word(v, self).ok(),
                None => global.and_then(|g| g.get(d.name)).map(str::to_string),
            };
            self.vars.push(Var {
                name: d.name.to_string(),
                value,
                origin,
                instruction: Some(i),
            });
        }
    }

    /// The variable `name` resolves to: the latest ENV, else the latest ARG.
    pub fn var(&self, name: &str) -> Option<&Var> {
        self.vars
            .iter()
            .rev()
            .find(|v| v.name == name && v.origin == Origin::Env)
            .or_else(|| self.vars.iter().rev().find(|v| v.name == name))
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

    /// `word` with variables substituted and quotes removed, as BuildKit would; `None` when
    /// it is invalid or uses a variable whose value is not known.
    pub fn expand(&self, word: &str, escape: char) -> Option<String> {
        let e = Lexer::new(escape).process(word, self).ok()?;
        e.unmatched.is_empty().then_some(e.result)
    }
}

/// A [`Scope`] at build time ([`Scope::at_build_time`]).
pub struct BuildTime<'s>(&'s Scope);

impl Env for BuildTime<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        let var = self.0.var(name)?;
        match &var.value {
            Some(v) => Some(v),
            None => Some(predefined_value(name).unwrap_or("")),
        }
    }
}

/// The scope of every instruction of a file, as [`Scope::at`] gives it, built in one walk per
/// stage: instructions that declare nothing share their predecessor's scope.
pub struct Scopes {
    global: Rc<Scope>,
    /// Per instruction.
    at: Vec<Rc<Scope>>,
}

impl Scopes {
    pub fn new(df: &Dockerfile, graph: &StageGraph) -> Scopes {
        let global = Rc::new(Scope::global(df));
        let mut at = vec![global.clone(); df.instructions.len()];
        for stage in &graph.stages {
            let inherited = Scope::inherited(df, graph, stage.index, &global, &mut Vec::new());
            let mut current = Rc::new(inherited);
            let body = stage.from + 1..stage.instructions.end.min(df.instructions.len());
            for (i, inst) in body.clone().zip(&df.instructions[body]) {
                at[i] = current.clone();
                if matches!(inst.kind, Kind::Arg | Kind::Env) {
                    let mut next = (*current).clone();
                    next.walk(df, i..i + 1, &global);
                    current = Rc::new(next);
                }
            }
        }
        Scopes { global, at }
    }

    /// The scope of FROM lines ([`Scope::global`]).
    pub fn global(&self) -> &Scope {
        &self.global
    }

    /// The scope instruction `i` sees ([`Scope::at`]).
    pub fn at(&self, i: usize) -> &Scope {
        self.at.get(i).unwrap_or(&self.global)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

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
        let s = Scope::at(&df, &g, 5);
        assert_eq!(s.get("V"), Some("1.2"));
        assert_eq!(s.get("P"), Some("/opt/1.2"));
        assert_eq!(
            s.get("X"),
            Some(""),
            "ENV pairs see the scope before the instruction"
        );
        let s2 = Scope::at(&df, &g, 8);
        assert_eq!(
            s2.get("P"),
            Some("/opt/1.2"),
            "ENV is inherited through FROM <stage>"
        );
        assert_eq!(s2.get("V"), None, "ARGs are not inherited");
        assert_eq!(s2.get("W"), Some("x"));
        assert_eq!(Scope::at(&df, &g, 2).get("V"), Some("1.2"));
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

    /// The scopes built in one walk are the scopes [`Scope::at`] builds one at a time.
    #[test]
    fn scopes_built_once_equal_scopes_built_per_instruction() {
        let df = parse(
            "ARG V=1.2\nFROM alpine:$V AS a\nARG V\nENV P=/opt/$V X=$P\nRUN true\n\
             ARG W=$P\nFROM a AS b\nENV Q=$P\nRUN x\nFROM b\nARG V\nRUN y\n",
        );
        let g = df.stages();
        let scopes = Scopes::new(&df, &g);
        for i in 0..df.instructions.len() {
            assert_eq!(
                scopes.at(i).vars(),
                Scope::at(&df, &g, i).vars(),
                "instruction {i}"
            );
        }
        assert_eq!(scopes.global().vars(), Scope::global(&df).vars());
    }
}
