//! LL102's fix: move a cleanup-only RUN into the RUN that created what it removes, when
//! nothing in between could need the files.

use super::step::commands_of;
use super::{Analysis, Cleanup, Target};
use crate::lint::context::Context;
use crate::lint::join;
use crate::lint::tools;
use crate::report::TextEdit;
use crate::syntax::Kind;

/// LL102's fix: move a cleanup-only RUN into the RUN that created what it removes.
pub(crate) fn move_fix(ctx: &Context, a: &Analysis, c: &Cleanup) -> Result<Vec<TextEdit>, String> {
    let (creator, b) = (c.creator, c.instruction);
    if !a.cleanup_only.contains(&b) {
        return Err("this RUN does more than clean up".into());
    }
    let all_same = a
        .cleanups
        .iter()
        .filter(|x| x.instruction == b)
        .all(|x| x.creator == creator);
    if !all_same {
        return Err("it cleans up after several RUNs".into());
    }
    let file = ctx.file;
    if file.instructions[creator].kind != Kind::Run {
        return Err(format!(
            "the files come from a {}",
            file.instructions[creator].kind.as_str()
        ));
    }
    if ctx.stage_of(creator).map(|s| s.index) != ctx.stage_of(b).map(|s| s.index) {
        return Err("the files come from another stage".into());
    }
    if !file.instructions[b].flags.is_empty() {
        return Err("this RUN has flags of its own".into());
    }
    let targets: Vec<&Target> = a
        .cleanups
        .iter()
        .filter(|x| x.instruction == b)
        .flat_map(|x| &x.targets)
        .collect();
    for between in creator + 1..b {
        let inst = &file.instructions[between];
        match inst.kind {
            Kind::Env | Kind::Arg | Kind::Workdir | Kind::User | Kind::Shell | Kind::Volume => {
                return Err(format!(
                    "the {} on line {} stands between them",
                    inst.kind.as_str(),
                    inst.start_line
                ))
            }
            Kind::Copy | Kind::Add if targets.iter().any(|t| !matches!(t, Target::Cache(_))) => {
                return Err(format!(
                    "the {} on line {} may use them",
                    inst.kind.as_str(),
                    inst.start_line
                ))
            }
            Kind::Run => {
                let text = inst.shell_command().map_or("", |s| s.text);
                let programs: Vec<String> = commands_of(ctx, between)
                    .filter_map(|(_, c)| c.unwrapped().program().map(str::to_string))
                    .collect();
                let uses = targets.iter().any(|t| match t {
                    Target::Cache(cache) => programs
                        .iter()
                        .any(|p| tools::family(*cache).contains(&p.as_str())),
                    Target::Package(..) => true,
                    Target::Path(p) => {
                        let name = p.rsplit('/').next().unwrap_or(p);
                        text.contains(name) || inst.heredocs.iter().any(|h| h.body.contains(name))
                    }
                });
                if uses {
                    return Err(format!("the RUN on line {} may use them", inst.start_line));
                }
            }
            _ => {}
        }
    }
    join::join(ctx, creator, b)
}
