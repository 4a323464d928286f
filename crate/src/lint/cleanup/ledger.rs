//! The ledger of a stage: what its layers (and those of the stages it is built FROM) left
//! behind that a later cleanup could remove, and who left it.

use super::step::Step;
use super::Target;
use crate::lint::tools;
use crate::syntax::Instruction;

#[derive(Debug, Clone)]
pub(super) struct Present {
    pub target: Target,
    /// The instruction that left it.
    pub creator: usize,
}

/// Per stage state carried into the stages built FROM it.
#[derive(Default, Clone)]
pub(super) struct StageState {
    pub present: Vec<Present>,
    pub cwd: Option<String>,
}

impl StageState {
    pub fn add(&mut self, target: Target, creator: usize) {
        self.present.push(Present { target, creator });
    }

    /// What a RUN's steps remove is gone for later instructions.
    pub fn forget_removed(&mut self, steps: &[Step]) {
        for step in steps {
            self.present.retain(|p| match &p.target {
                Target::Cache(c) => !step.cleans.contains(c),
                Target::Path(path) => !step.rm.iter().any(|op| tools::removes_path(op, path)),
                Target::Package(m, name) => !step
                    .packages
                    .as_ref()
                    .is_some_and(|c| c.remove && c.manager == *m && c.names.contains(name)),
            });
        }
    }

    /// The packages and files the RUN at `i` installs or creates and does not remove itself.
    pub fn record_left(&mut self, i: usize, steps: &[Step]) {
        for (k, step) in steps.iter().enumerate() {
            let after = &steps[k + 1..];
            if let Some(change) = step.packages.as_ref().filter(|c| !c.remove) {
                for name in &change.names {
                    let removed = after.iter().filter_map(|s| s.packages.as_ref()).any(|c| {
                        c.remove
                            && c.manager == change.manager
                            && (c.names.contains(name) || c.autoremove)
                    });
                    if !removed {
                        self.add(Target::Package(change.manager, name.clone()), i);
                    }
                }
            }
            for path in &step.creates {
                if !after
                    .iter()
                    .any(|s| s.rm.iter().any(|op| tools::removes_path(op, path)))
                {
                    self.add(Target::Path(path.clone()), i);
                }
            }
        }
    }
}

/// The paths a COPY or ADD writes (when the destination is known).
pub(super) fn copied_paths(inst: &Instruction, cwd: Option<&str>) -> Vec<String> {
    let Some(copy) = inst.as_copy() else {
        return Vec::new();
    };
    let Some(dest) = tools::resolve(&copy.destination.value, cwd) else {
        return Vec::new();
    };
    let sources: Vec<&str> = copy.sources.iter().map(|s| s.value.as_str()).collect();
    let into_dir = copy.destination.value.ends_with('/') || sources.len() > 1;
    if !into_dir {
        return vec![dest];
    }
    sources
        .iter()
        .filter_map(|s| {
            let s = s
                .split(['?', '#'])
                .next()
                .unwrap_or(s)
                .trim_end_matches('/');
            let name = s.rsplit('/').next()?;
            (!name.is_empty() && !name.contains(['*', '?', '$']) && name != ".")
                .then(|| format!("{}/{name}", dest.trim_end_matches('/')))
        })
        .collect()
}
