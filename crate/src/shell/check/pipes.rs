//! Pipelines that read file names as text: `find | xargs` without NUL separators (SC2038),
//! and parsing `ls` (SC2010 into grep, SC2012 into anything else).

use super::walk::Checker;
use crate::shell::Word;

/// The simple commands of one pipeline, in order (`None` for compound commands).
pub(super) fn check(chk: &mut Checker, commands: &[Option<(String, Vec<Word>)>]) {
    for pair in commands.windows(2) {
        let (Some((left, left_words)), Some((right, right_words))) = (&pair[0], &pair[1]) else {
            continue;
        };
        let range = |words: &[Word]| match (words.first(), words.last()) {
            (Some(f), Some(l)) => f.range.start..l.range.end,
            _ => 0..0,
        };
        match (left.as_str(), right.as_str()) {
            ("find", "xargs") => {
                let nul = left_words.iter().chain(right_words).any(|w| {
                    matches!(w.value.as_str(), "--null" | "-print0" | "-printf")
                        || (w.value.starts_with('-')
                            && !w.value.starts_with("--")
                            && w.value.contains('0'))
                });
                if !nul {
                    chk.report(
                        2038,
                        range(left_words),
                        "Use 'find .. -print0 | xargs -0 ..' or 'find .. -exec .. +' to allow \
                         non-alphanumeric filenames.",
                    );
                }
            }
            ("ls", "grep") => chk.report(
                2010,
                range(left_words),
                "Don't use ls | grep. Use a glob or a for loop with a condition to allow \
                 non-alphanumeric filenames.",
            ),
            ("ls", "xargs") => {}
            ("ls", _) => {
                let raw_names = left_words.iter().any(|w| {
                    w.value.starts_with('-') && !w.value.starts_with("--") && w.value.contains('N')
                });
                if !raw_names {
                    chk.report(
                        2012,
                        range(left_words),
                        "Use find instead of ls to better handle non-alphanumeric filenames.",
                    );
                }
            }
            _ => {}
        }
    }
}
