//! Inline pragmas: `# layerlint ignore=LL101,DL3007` and hadolint's `# hadolint ignore=…`
//! silence the listed rules on the next instruction.

use crate::report::Finding;
use crate::syntax::Dockerfile;
use std::ops::Range;

pub struct Suppressions {
    /// (byte range of the instruction, ids ignored in it)
    by_range: Vec<(Range<usize>, Vec<String>)>,
}

impl Suppressions {
    pub fn read(file: &Dockerfile) -> Self {
        let mut by_range = Vec::new();
        // Comments inside an instruction's continuation lines belong to that instruction.
        for comment in file.comments.iter().filter(|c| !c.in_continuation) {
            let Some(ids) = ignore_list(&comment.text) else {
                continue;
            };
            let after = comment.span.end.offset;
            if let Some(next) = file
                .instructions
                .iter()
                .find(|i| i.span.start.offset >= after)
            {
                by_range.push((
                    next.span.start.offset..next.span.end.offset.max(next.span.start.offset + 1),
                    ids,
                ));
            }
        }
        Suppressions { by_range }
    }

    pub fn suppresses(&self, f: &Finding) -> bool {
        self.by_range.iter().any(|(range, ids)| {
            range.contains(&f.span.start.offset)
                && ids.iter().any(|id| *id == f.rule || f.aliases.contains(id))
        })
    }
}

/// `layerlint ignore=A,B` or `hadolint ignore=A,B` → `[A, B]`.
fn ignore_list(comment: &str) -> Option<Vec<String>> {
    let rest = comment
        .strip_prefix("layerlint")
        .or_else(|| comment.strip_prefix("hadolint"))?;
    let list = rest.trim_start().strip_prefix("ignore")?.trim_start();
    let list = list.strip_prefix('=')?;
    Some(
        list.split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
    )
}
