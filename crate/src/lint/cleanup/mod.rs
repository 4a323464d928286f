//! The cleanup-tracking engine behind LL102 and LL103. It walks the stages in order, keeping
//! per stage a ledger of what earlier layers left (caches, packages, files: [`ledger`]). Each
//! RUN is read into steps ([`step`]); its cleanups of earlier layers are found
//! ([`later_layer`]), then the caches it leaves itself ([`caches_left`]), and the ledger is
//! brought up to date. Computed once per lint ([`analysis`]) and read by both rules;
//! [`move_fix`] is LL102's fix.

mod caches_left;
mod later_layer;
mod ledger;
mod move_fix;
mod step;

pub(crate) use move_fix::move_fix;
pub(crate) use step::commands_of;

use crate::lint::context::Context;
use crate::lint::tools::{self, Cache, Write};
use crate::report::Span;
use crate::syntax::stages::StageRef;
use crate::syntax::Kind;
use ledger::{copied_paths, StageState};
use std::collections::BTreeSet;
use std::ops::Range;
use std::rc::Rc;

/// What the cleanup of an earlier layer removes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Target {
    Cache(Cache),
    Package(&'static str, String),
    Path(String),
}

/// A cache a RUN leaves in its layer.
pub(crate) struct Left {
    pub instruction: usize,
    pub cache: Cache,
    /// The commands that wrote it (after the last cleanup in the RUN): the write, the file
    /// range and span of its word, its program.
    pub writes: Vec<(Write, Range<usize>, Span, String)>,
}

/// A cleanup command in a later layer.
pub(crate) struct Cleanup {
    pub instruction: usize,
    pub span: Span,
    /// The cleanup command as written.
    pub text: String,
    /// The instruction that left the first of its targets (the latest one).
    pub creator: usize,
    pub targets: Vec<Target>,
}

#[derive(Default)]
pub(crate) struct Analysis {
    pub left: Vec<Left>,
    pub cleanups: Vec<Cleanup>,
    /// RUNs made only of flagged cleanup commands (and harmless ones such as `set -e`).
    pub cleanup_only: BTreeSet<usize>,
}

/// The analysis of the file, computed by the first rule that asks.
pub(crate) fn analysis(ctx: &Context) -> Rc<Analysis> {
    ctx.memo(analyze)
}

fn analyze(ctx: &Context) -> Analysis {
    let mut a = Analysis::default();
    let mut states: Vec<Option<StageState>> = vec![None; ctx.stages().len()];
    for stage in ctx.stages() {
        let mut st = match stage.parent() {
            Some(StageRef::Stage(p)) => states.get(*p).cloned().flatten().unwrap_or_default(),
            _ => StageState {
                present: Vec::new(),
                cwd: Some("/".into()),
            },
        };
        // ONBUILD triggers run in the builds FROM this image, after its last layer: what
        // they leave and clean is theirs, apart from this stage's RUNs.
        let mut triggers: Option<StageState> = None;
        for i in stage.instructions.clone().skip(1) {
            let inst = &ctx.file.instructions[i];
            match inst.kind {
                Kind::Onbuild if ctx.run(i).is_some() => {
                    let t = triggers.get_or_insert_with(|| StageState {
                        present: Vec::new(),
                        cwd: st.cwd.clone(),
                    });
                    run(ctx, i, t, &mut a);
                }
                Kind::Workdir => {
                    st.cwd = inst
                        .single()
                        .and_then(|a| tools::resolve(&a.value, st.cwd.as_deref()));
                }
                Kind::Copy | Kind::Add => {
                    for p in copied_paths(inst, st.cwd.as_deref()) {
                        st.add(Target::Path(p), i);
                    }
                }
                Kind::Run => run(ctx, i, &mut st, &mut a),
                _ => {}
            }
        }
        states[stage.index] = Some(st);
    }
    a
}

/// One RUN: its cleanups of earlier layers, then its own leftovers, and the ledger updated.
fn run(ctx: &Context, i: usize, st: &mut StageState, a: &mut Analysis) {
    let steps = step::read(ctx, i, st.cwd.clone());
    let (cleanups, cleanup_only) = later_layer::find(i, &steps, &st.present);
    a.cleanups.extend(cleanups);
    if cleanup_only {
        a.cleanup_only.insert(i);
    }
    st.forget_removed(&steps);
    for left in caches_left::find(i, &steps) {
        st.add(Target::Cache(left.cache), i);
        a.left.push(left);
    }
    st.record_left(i, &steps);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// LL102 and LL103 read one analysis: the second rule to ask gets the first one's.
    #[test]
    fn the_analysis_is_made_once_per_lint() {
        let text = "FROM debian:12\nRUN apt-get update && apt-get install -y x\n\
                    RUN rm -rf /var/lib/apt/lists/*\n";
        let file = crate::syntax::parse(text);
        let config = crate::lint::Config::default();
        let ctx = Context::new(&file, &config);
        let first = analysis(&ctx);
        assert!(Rc::ptr_eq(&first, &analysis(&ctx)));
        assert_eq!((first.left.len(), first.cleanups.len()), (1, 1));
        assert_eq!(first.cleanups[0].creator, 1);
        assert!(first.cleanup_only.contains(&2));
    }
}
