//! The stage graph: which instructions belong to which stage, stage names, what each stage
//! is built FROM, what it copies or mounts from (`COPY --from`, `RUN --mount=from=`), and the
//! final stage (the last one, BuildKit's default target).

use super::scope::Scope;
use super::tree::{Dockerfile, Kind};
use crate::report::Span;
use std::ops::Range;

/// What a stage starts from or reads from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StageRef {
    /// An earlier (or, rarely, later) stage, by index.
    Stage(usize),
    /// An image reference, with global ARGs substituted when they are known.
    Image(String),
    /// `scratch`: the empty image.
    Scratch,
}

/// Why one stage needs another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DependencyKind {
    From,
    CopyFrom,
    MountFrom,
}

/// One edge of the graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    pub kind: DependencyKind,
    /// The instruction that creates it.
    pub instruction: usize,
    pub target: StageRef,
    /// Where the reference is written.
    pub span: Span,
}

/// A build stage: a FROM and the instructions up to the next FROM.
#[derive(Debug, Clone)]
pub struct Stage {
    pub index: usize,
    /// Index of the FROM in `Dockerfile::instructions`.
    pub from: usize,
    /// Instructions of the stage, FROM included.
    pub instructions: Range<usize>,
    /// The `AS` name, lower-cased (stage names are case-insensitive).
    pub name: Option<String>,
    pub name_span: Option<Span>,
    /// The base as written, e.g. `python:${V}` or `builder`.
    pub base: String,
    pub base_span: Span,
    /// The base with global ARGs substituted (`None` when it uses an ARG without a value).
    pub base_expanded: Option<String>,
    /// The FROM edge and every `--from` edge.
    pub dependencies: Vec<Dependency>,
}

impl Stage {
    /// The stage or image this stage is built FROM.
    pub fn parent(&self) -> Option<&StageRef> {
        self.dependencies
            .iter()
            .find(|d| d.kind == DependencyKind::From)
            .map(|d| &d.target)
    }
}

/// Every stage of a Dockerfile and the global ARGs before the first FROM.
#[derive(Debug, Clone, Default)]
pub struct StageGraph {
    pub stages: Vec<Stage>,
    /// Indexes of the ARG instructions before the first FROM.
    pub global_args: Vec<usize>,
}

impl StageGraph {
    pub fn new(df: &Dockerfile) -> StageGraph {
        let mut g = StageGraph::default();
        let n = df.instructions.len();
        for (i, inst) in df.instructions.iter().enumerate() {
            if inst.kind == Kind::From {
                if let Some(last) = g.stages.last_mut() {
                    last.instructions.end = i;
                }
                let from = inst.as_from();
                let (base, base_span) = match from {
                    Some(f) => (f.image.value.clone(), f.image.span),
                    None => (String::new(), inst.keyword_span),
                };
                g.stages.push(Stage {
                    index: g.stages.len(),
                    from: i,
                    instructions: i..n,
                    name: from
                        .and_then(|f| f.stage_name)
                        .map(|a| a.value.to_ascii_lowercase()),
                    name_span: from.and_then(|f| f.stage_name).map(|a| a.span),
                    base,
                    base_span,
                    base_expanded: None,
                    dependencies: Vec::new(),
                });
            } else if g.stages.is_empty() && inst.kind == Kind::Arg {
                g.global_args.push(i);
            }
        }
        let global = Scope::global(df);
        for s in 0..g.stages.len() {
            let expanded = global.expand(&g.stages[s].base, df.escape);
            g.stages[s].base_expanded = expanded.clone();
            let written = g.stages[s].base.clone();
            let target = g.resolve_base(s, expanded.as_deref().unwrap_or(&written));
            let from = g.stages[s].from;
            let span = g.stages[s].base_span;
            g.stages[s].dependencies.push(Dependency {
                kind: DependencyKind::From,
                instruction: from,
                target,
                span,
            });
            for i in g.stages[s].instructions.clone() {
                let inst = &df.instructions[i];
                let mut refs: Vec<(DependencyKind, String, Span)> = Vec::new();
                if let Some(c) = inst.as_copy() {
                    if let Some(f) = c.from {
                        refs.push((
                            DependencyKind::CopyFrom,
                            f.value.clone().unwrap_or_default(),
                            f.value_span.unwrap_or(f.span),
                        ));
                    }
                }
                if let Some(run) = inst.as_run() {
                    for m in &run.mounts {
                        if let Some(from) = m.from() {
                            refs.push((DependencyKind::MountFrom, from.to_string(), m.flag.span));
                        }
                    }
                }
                for (kind, name, span) in refs {
                    let target = g.resolve_from(s, &name);
                    g.stages[s].dependencies.push(Dependency {
                        kind,
                        instruction: i,
                        target,
                        span,
                    });
                }
            }
        }
        g
    }

    fn resolve_base(&self, s: usize, base: &str) -> StageRef {
        if base.eq_ignore_ascii_case("scratch") {
            return StageRef::Scratch;
        }
        match self.by_name(base, s) {
            Some(t) => StageRef::Stage(t),
            None => StageRef::Image(base.to_string()),
        }
    }

    /// `--from=`: a stage name, a stage index, or an image.
    fn resolve_from(&self, s: usize, name: &str) -> StageRef {
        if let Some(t) = self.by_name(name, s) {
            return StageRef::Stage(t);
        }
        if let Ok(i) = name.parse::<usize>() {
            if i < self.stages.len() {
                return StageRef::Stage(i);
            }
        }
        StageRef::Image(name.to_string())
    }

    /// The stage named `name` for a reference in stage `s`: the last one with that name
    /// defined before `s`, else any (BuildKit resolves names over the whole file). A stage
    /// never refers to itself.
    fn by_name(&self, name: &str, s: usize) -> Option<usize> {
        let lower = name.to_ascii_lowercase();
        let named = |t: &&Stage| t.name.as_deref() == Some(lower.as_str()) && t.index != s;
        self.stages[..s.min(self.stages.len())]
            .iter()
            .rfind(named)
            .or_else(|| self.stages.iter().find(named))
            .map(|t| t.index)
    }

    /// The stage named `name` (case-insensitive).
    pub fn stage_named(&self, name: &str) -> Option<&Stage> {
        let lower = name.to_ascii_lowercase();
        self.stages
            .iter()
            .rfind(|s| s.name.as_deref() == Some(lower.as_str()))
    }

    /// The stage built by default: the last one.
    pub fn final_stage(&self) -> Option<&Stage> {
        self.stages.last()
    }

    /// The stage that contains instruction `i` (`None` before the first FROM).
    pub fn stage_of(&self, i: usize) -> Option<&Stage> {
        self.stages.iter().find(|s| s.instructions.contains(&i))
    }

    /// The stage and its FROM ancestors that are stages, nearest first (cycles stop).
    pub fn ancestry(&self, s: usize) -> Vec<usize> {
        let mut out = vec![s];
        let mut cur = s;
        while let Some(StageRef::Stage(p)) = self.stages.get(cur).and_then(|st| st.parent()) {
            if out.contains(p) {
                break;
            }
            out.push(*p);
            cur = *p;
        }
        out
    }

    /// For every stage, whether building `target` needs it (through any dependency).
    pub fn needed_by(&self, target: usize) -> Vec<bool> {
        let mut needed = vec![false; self.stages.len()];
        let mut todo = vec![target];
        while let Some(s) = todo.pop() {
            if s >= needed.len() || needed[s] {
                continue;
            }
            needed[s] = true;
            for d in &self.stages[s].dependencies {
                if let StageRef::Stage(t) = d.target {
                    todo.push(t);
                }
            }
        }
        needed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    #[test]
    fn graph_of_a_multi_stage_build() {
        let df = parse(
            "ARG BASE=alpine:3.20\nFROM golang:1.23 AS Build\nRUN go build\n\
             FROM ${BASE} AS base\nFROM base\n\
             COPY --from=build /app /app\nRUN --mount=type=cache,from=0,target=/c true\n",
        );
        let g = df.stages();
        assert_eq!(g.global_args, [0]);
        assert_eq!(g.stages.len(), 3);
        assert_eq!(g.stages[0].name.as_deref(), Some("build"));
        assert_eq!(g.stages[1].base_expanded.as_deref(), Some("alpine:3.20"));
        assert_eq!(
            g.stages[1].parent(),
            Some(&StageRef::Image("alpine:3.20".into()))
        );
        assert_eq!(g.stages[2].parent(), Some(&StageRef::Stage(1)));
        let deps: Vec<_> = g.stages[2]
            .dependencies
            .iter()
            .map(|d| (d.kind, d.target.clone()))
            .collect();
        assert_eq!(
            deps,
            [
                (DependencyKind::From, StageRef::Stage(1)),
                (DependencyKind::CopyFrom, StageRef::Stage(0)),
                (DependencyKind::MountFrom, StageRef::Stage(0)),
            ]
        );
        assert_eq!(g.final_stage().unwrap().index, 2);
        assert_eq!(g.ancestry(2), [2, 1]);
        assert_eq!(g.needed_by(2), [true, true, true]);
        assert_eq!(g.stage_of(2).unwrap().index, 0);
    }
}
