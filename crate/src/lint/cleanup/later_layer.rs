//! Cleanup in a later layer (LL102): the steps of a RUN that remove what an earlier
//! instruction left, found in the stage's ledger.

use super::ledger::Present;
use super::step::Step;
use super::{Cleanup, Target};
use crate::lint::tools;
use crate::shell;

/// The cleanups among the steps of the RUN at `i`, and whether the RUN is nothing but
/// cleanup (flagged commands and harmless ones such as `set -e`).
pub(super) fn find(i: usize, steps: &[Step], present: &[Present]) -> (Vec<Cleanup>, bool) {
    let mut cleanups = Vec::new();
    let mut flagged = 0;
    let mut harmless = 0;
    for (k, step) in steps.iter().enumerate() {
        let before = &steps[..k];
        let mut targets: Vec<(Target, usize)> = Vec::new();
        for cache in &step.cleans {
            let written_here = before
                .iter()
                .any(|s| s.writes.iter().any(|(w, _, _)| w.cache == *cache));
            if written_here {
                continue;
            }
            if let Some(p) = present.iter().rfind(|p| p.target == Target::Cache(*cache)) {
                targets.push((p.target.clone(), p.creator));
            }
        }
        for op in &step.rm {
            for p in present {
                if let Target::Path(path) = &p.target {
                    let here = before.iter().any(|s| s.creates.contains(path));
                    if !here && tools::removes_path(op, path) {
                        targets.push((p.target.clone(), p.creator));
                    }
                }
            }
        }
        if let Some(change) = step.packages.as_ref().filter(|c| c.remove) {
            // An autoremove after an install in this RUN removes what this RUN pulled in.
            let touched_here = before
                .iter()
                .filter_map(|s| s.packages.as_ref())
                .any(|c| !c.remove && c.manager == change.manager);
            for p in present {
                if let Target::Package(m, name) = &p.target {
                    let named = change.names.contains(name);
                    let auto = change.autoremove && !touched_here;
                    let installed_here = before
                        .iter()
                        .filter_map(|s| s.packages.as_ref())
                        .any(|c| !c.remove && c.manager == *m && c.names.contains(name));
                    if *m == change.manager && (named || auto) && !installed_here {
                        targets.push((p.target.clone(), p.creator));
                    }
                }
            }
        }
        if targets.is_empty() {
            if is_harmless(&step.command) {
                harmless += 1;
            }
            continue;
        }
        flagged += 1;
        // The latest creator first (the one a move would go to).
        targets.sort_by(|(ta, ca), (tb, cb)| cb.cmp(ca).then_with(|| ta.cmp(tb)));
        targets.dedup();
        cleanups.push(Cleanup {
            instruction: i,
            span: step.span,
            text: step.text.clone(),
            creator: targets[0].1,
            targets: targets.into_iter().map(|(t, _)| t).collect(),
        });
    }
    let cleanup_only = flagged > 0 && flagged + harmless == steps.len();
    (cleanups, cleanup_only)
}

/// Commands that may stand in a cleanup-only RUN without making it more than cleanup.
fn is_harmless(command: &shell::Command) -> bool {
    matches!(
        command.program(),
        Some("set" | "true" | ":" | "echo" | "printf")
    )
}
