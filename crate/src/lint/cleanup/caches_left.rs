//! Caches left in a RUN's layer (LL103): written by a step and not cleaned by it or a later
//! step of the same RUN.

use super::step::Step;
use super::Left;
use crate::lint::tools::{rpm, Cache};

/// The caches the RUN at `i` leaves in its layer, in cache order.
pub(super) fn find(i: usize, steps: &[Step]) -> Vec<Left> {
    let mut left = Vec::new();
    let mut caches: Vec<Cache> = steps
        .iter()
        .flat_map(|s| s.writes.iter().map(|(w, _, _)| w.cache))
        .collect();
    caches.sort();
    caches.dedup();
    for cache in caches {
        // A write is gone when this step or a later one cleans its cache.
        let cleaned = |k: usize, writer: &Step| {
            steps[k..].iter().any(|s| {
                s.cleans.contains(&cache)
                    && rpm::same_cache(cache, writer.command.program(), s.command.program())
            })
        };
        let writes: Vec<_> = steps
            .iter()
            .enumerate()
            .filter(|(k, s)| !cleaned(*k, s))
            .flat_map(|(_, s)| {
                s.writes
                    .iter()
                    .filter(|(w, _, _)| w.cache == cache)
                    .map(|(w, r, span)| {
                        (
                            w.clone(),
                            r.clone(),
                            *span,
                            s.command.program().unwrap_or("").to_string(),
                        )
                    })
            })
            .collect();
        if writes.is_empty() {
            continue;
        }
        left.push(Left {
            instruction: i,
            cache,
            writes,
        });
    }
    left
}
