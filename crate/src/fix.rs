//! Building and applying fixes: the edit constructors rules use, and the one implementation of
//! applying edits that the CLI (`--fix`), the page and VS Code all use.

use crate::report::{Fix, TextEdit};
use std::ops::Range;

impl TextEdit {
    /// Insert `text` at byte offset `at`.
    pub fn insertion(at: usize, text: impl Into<String>) -> TextEdit {
        TextEdit {
            start: at,
            end: at,
            text: text.into(),
        }
    }

    /// Replace the bytes of `range` with `text`.
    pub fn replacement(range: Range<usize>, text: impl Into<String>) -> TextEdit {
        TextEdit {
            start: range.start,
            end: range.end,
            text: text.into(),
        }
    }

    /// Delete the bytes of `range`.
    pub fn deletion(range: Range<usize>) -> TextEdit {
        TextEdit::replacement(range, "")
    }
}

/// One fix inserting `text` at every place (`-y` after each `install` of a RUN): offered only
/// when every place is known, `None` standing for a word the file does not hold verbatim (inside
/// an escaped `sh -c` string, across a continuation), since a fix that mends half the commands
/// would leave the finding.
pub fn insert_at_each(
    title: impl Into<String>,
    text: &str,
    places: impl IntoIterator<Item = Option<usize>>,
) -> Option<Fix> {
    let edits = places
        .into_iter()
        .map(|at| at.map(|at| TextEdit::insertion(at, text)))
        .collect::<Option<Vec<_>>>()?;
    (!edits.is_empty()).then(|| Fix {
        title: title.into(),
        edits,
        ..Default::default()
    })
}

/// Apply non-overlapping edits (byte offsets into `text`). Edits that overlap an earlier one,
/// fall outside the text or split a character are skipped rather than corrupting the text.
pub fn apply(text: &str, edits: &[TextEdit]) -> String {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.start, e.end));
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    for e in sorted {
        let valid = e.start >= cursor
            && e.start <= e.end
            && e.end <= text.len()
            && text.is_char_boundary(e.start)
            && text.is_char_boundary(e.end);
        if !valid {
            continue;
        }
        out.push_str(&text[cursor..e.start]);
        out.push_str(&e.text);
        cursor = e.end;
    }
    out.push_str(&text[cursor..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(start: usize, end: usize, text: &str) -> TextEdit {
        TextEdit::replacement(start..end, text)
    }

    #[test]
    fn applies_in_offset_order_and_skips_bad_edits() {
        let edits = [
            edit(4, 5, "X"),
            edit(0, 1, "a"),
            edit(4, 6, "overlap"),
            edit(9, 99, "out"),
        ];
        assert_eq!(apply("hello world", &edits), "aellX world");
        assert_eq!(apply("é", &[edit(1, 2, "x")]), "é");
    }

    #[test]
    fn constructors_say_what_they_do() {
        let text = "apt-get install curl";
        let edits = [
            TextEdit::insertion(15, " -y"),
            TextEdit::replacement(0..7, "apt"),
            TextEdit::deletion(15..20),
        ];
        assert_eq!(apply(text, &edits), "apt install -y");
    }

    #[test]
    fn one_insertion_fix_only_when_every_place_is_known() {
        let fix = insert_at_each("Add `-y`", " -y", [Some(3), Some(9)]).unwrap();
        assert_eq!(apply("a b c d e f", &fix.edits), "a b -y c d e -y f");
        assert!(insert_at_each("Add `-y`", " -y", [Some(3), None]).is_none());
        assert!(insert_at_each("Add `-y`", " -y", []).is_none());
    }
}
