//! What rules see: the parsed file plus facts derived once (stages, which of them ship).

use crate::syntax::{Dockerfile, Instruction};
use std::ops::Range;

/// A build stage: a `FROM` and the instructions up to the next `FROM`.
#[derive(Debug, Clone)]
pub struct Stage {
    /// Index of the `FROM` instruction in `Dockerfile::instructions`.
    pub from: usize,
    /// Instructions of the stage, `FROM` included.
    pub instructions: Range<usize>,
    /// The `AS` name, lower-cased (stage names are case-insensitive).
    pub name: Option<String>,
    /// The image or stage the stage starts from, as written.
    pub base: String,
    /// Whether the stage's layers end up in the final image (the last stage and the stages it
    /// is built `FROM`). Builder stages that are only copied from do not ship their layers.
    pub ships: bool,
}

pub struct Context<'a> {
    pub file: &'a Dockerfile,
    pub stages: Vec<Stage>,
}

impl<'a> Context<'a> {
    pub fn new(file: &'a Dockerfile) -> Self {
        let mut stages: Vec<Stage> = Vec::new();
        for (i, inst) in file.instructions.iter().enumerate() {
            if inst.keyword == "FROM" {
                if let Some(last) = stages.last_mut() {
                    last.instructions.end = i;
                }
                let words: Vec<&str> = inst.args.split_whitespace().collect();
                let name = match words.as_slice() {
                    [_, kw, name, ..] if kw.eq_ignore_ascii_case("as") => {
                        Some(name.to_ascii_lowercase())
                    }
                    _ => None,
                };
                stages.push(Stage {
                    from: i,
                    instructions: i..file.instructions.len(),
                    name,
                    base: words.first().unwrap_or(&"").to_string(),
                    ships: false,
                });
            }
        }
        // The final stage ships, and so does every stage it is built FROM, transitively.
        let mut current = stages.len().checked_sub(1);
        while let Some(i) = current {
            if stages[i].ships {
                break; // a cycle (invalid Dockerfile): stop rather than loop
            }
            stages[i].ships = true;
            let base = stages[i].base.to_ascii_lowercase();
            current = stages[..i]
                .iter()
                .rposition(|s| s.name.as_deref() == Some(base.as_str()));
        }
        Context { file, stages }
    }

    /// The stage named `name` defined before instruction `before`, if any.
    pub fn stage_named(&self, name: &str, before: usize) -> Option<&Stage> {
        let name = name.to_ascii_lowercase();
        self.stages
            .iter()
            .filter(|s| s.from < before)
            .rfind(|s| s.name.as_deref() == Some(name.as_str()))
    }

    pub fn instructions(&self, stage: &Stage) -> &'a [Instruction] {
        &self.file.instructions[stage.instructions.clone()]
    }
}
