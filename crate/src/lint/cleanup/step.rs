//! A RUN read as steps: each command with what it writes, cleans, removes, installs and
//! creates, in the shell state it runs in (working directory, exported variables, mounts).

use crate::lint::context::Context;
use crate::lint::scripts::RunScript;
use crate::lint::tools::{self, Cache, PackageChange, Write};
use crate::report::Span;
use crate::shell;
use std::ops::Range;

/// One command of a RUN with what it does.
pub(super) struct Step {
    pub span: Span,
    pub text: String,
    pub command: shell::Command,
    /// The caches it writes that no cache mount keeps out: the write, the file range and span
    /// of its word.
    pub writes: Vec<(Write, Range<usize>, Span)>,
    pub cleans: Vec<Cache>,
    pub rm: Vec<String>,
    pub packages: Option<PackageChange>,
    pub creates: Vec<String>,
}

/// The commands of a RUN's scripts, in order, with the script each belongs to.
pub(crate) fn commands_of<'c, 'a>(
    ctx: &'c Context<'a>,
    i: usize,
) -> impl Iterator<Item = (&'c RunScript<'a>, &'c shell::Command)> + 'c {
    ctx.scripts_of(i)
        .flat_map(|s| s.script.commands.iter().map(move |c| (s, c)))
}

/// The steps of the RUN at instruction `i`, which starts in the directory `cwd`.
pub(super) fn read(ctx: &Context, i: usize, mut cwd: Option<String>) -> Vec<Step> {
    let mounts: Vec<String> = ctx
        .run(i)
        .and_then(|r| r.as_run())
        .map(|r| {
            r.mounts
                .iter()
                .filter(|m| matches!(m.kind(), "cache" | "tmpfs"))
                .filter_map(|m| m.target().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let scopes = ctx.scopes();
    let scope = scopes.at(i);
    let mut exports: Vec<(String, String)> = Vec::new();
    let mut steps: Vec<Step> = Vec::new();
    for (script, raw) in commands_of(ctx, i) {
        let c = raw.unwrapped();
        let range = script.source_range(raw.range.clone());
        let env = |name: &str| -> Option<String> {
            raw.assignments
                .iter()
                .chain(c.assignments.iter())
                .find_map(|w| {
                    w.value
                        .strip_prefix(name)?
                        .strip_prefix('=')
                        .map(str::to_string)
                })
                .or_else(|| {
                    exports
                        .iter()
                        .rev()
                        .find(|(n, _)| n == name)
                        .map(|(_, v)| v.clone())
                })
                .or_else(|| scope.var(name).and_then(|v| v.known().map(str::to_string)))
        };
        let writes = tools::writes(&c, &env)
            .into_iter()
            .filter(|w| !mounts.iter().any(|t| w.cache.covered_by_mount(t)))
            .map(|w| {
                let r = script.source_range(w.word.range.clone());
                let span = ctx.span_of(r.clone());
                (w, r, span)
            })
            .collect();
        steps.push(Step {
            span: ctx.span_of(range.clone()),
            text: ctx.file.text.get(range).unwrap_or("").to_string(),
            cleans: tools::cleans(&c, cwd.as_deref()),
            rm: tools::rm_operands(&c, cwd.as_deref()),
            packages: tools::package_change(&c),
            creates: tools::created_paths(&c, cwd.as_deref()),
            writes,
            command: c.as_ref().clone(),
        });
        // The state of the shell for the next commands.
        if !raw.position.nested {
            match c.program() {
                Some("cd") => {
                    cwd = c
                        .operands()
                        .next()
                        .and_then(|d| tools::resolve(&d.value, cwd.as_deref()));
                }
                Some("export") => {
                    for w in c.args() {
                        if let Some((n, v)) = w.value.split_once('=') {
                            exports.push((n.to_string(), v.to_string()));
                        }
                    }
                }
                _ => {}
            }
        }
    }

    steps
}
