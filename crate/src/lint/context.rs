//! What rules see: the parsed file plus facts derived once — the stage graph
//! ([`crate::syntax::stages`]) and which stages ship.

use crate::syntax::stages::{Stage, StageGraph, StageRef};
use crate::syntax::{Dockerfile, Instruction};

pub struct Context<'a> {
    pub file: &'a Dockerfile,
    pub graph: StageGraph,
    /// Per stage: whether its layers end up in the final image (the last stage and the
    /// stages it is built `FROM`). Builder stages that are only copied from do not ship.
    ships: Vec<bool>,
}

impl<'a> Context<'a> {
    pub fn new(file: &'a Dockerfile) -> Self {
        let graph = StageGraph::new(file);
        let mut ships = vec![false; graph.stages.len()];
        if let Some(last) = graph.final_stage() {
            for s in graph.ancestry(last.index) {
                ships[s] = true;
            }
        }
        Context { file, graph, ships }
    }

    /// Every stage, in order.
    pub fn stages(&self) -> &[Stage] {
        &self.graph.stages
    }

    /// Whether the stage's layers end up in the final image.
    pub fn ships(&self, stage: &Stage) -> bool {
        self.ships.get(stage.index).copied().unwrap_or(false)
    }

    /// Whether the stage is built FROM another stage of this file.
    pub fn parent_stage(&self, stage: &Stage) -> Option<&Stage> {
        match stage.parent()? {
            StageRef::Stage(i) => self.graph.stages.get(*i),
            _ => None,
        }
    }

    pub fn instructions(&self, stage: &Stage) -> &'a [Instruction] {
        let file: &'a Dockerfile = self.file;
        &file.instructions[stage.instructions.clone()]
    }
}
