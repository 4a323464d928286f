//! The one check the "pin versions" rules (apt, apk, pip, npm, gem, yum/dnf, zypper, go)
//! share; how each package manager writes a version is its family's `is_pinned` in
//! [`crate::lint::tools`].

use crate::lint::invocations::{self, list};
use crate::lint::{Context, Findings, Rule};
use crate::shell::{Command, Word};

/// The one "pin versions" check: `packages` picks the package words of a command (none when
/// it is not an install, or when a file such as a lock or requirements file fixes the
/// versions); the words that `is_pinned` (the family's version syntax) rejects are reported
/// once per RUN, at the first.
pub(crate) fn report_unpinned(
    ctx: &Context,
    out: &mut Findings,
    rule: &Rule,
    packages: fn(&Command) -> Vec<&Word>,
    is_pinned: fn(&str) -> bool,
    how: &str,
) {
    let unpinned = invocations::all(ctx).flat_map(|inv| {
        packages(&inv.cmd)
            .into_iter()
            .filter(|w| !is_pinned(&w.value))
            .map(|w| (inv.instruction, (w.value.clone(), inv.word_span(ctx, w))))
            .collect::<Vec<_>>()
    });
    for (_, group) in invocations::per_instruction(unpinned) {
        let mut names: Vec<&str> = Vec::new();
        for (name, _) in &group {
            if !names.contains(&name.as_str()) {
                names.push(name);
            }
        }
        let verb = if names.len() == 1 { "has" } else { "have" };
        let msg = format!("{} {verb} no pinned version: {how}", list(&names));
        out.add(rule, group[0].1, msg, None);
    }
}
