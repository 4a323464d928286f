//! Applying fixes: the one implementation the CLI (`--fix`), the page and VS Code all use.

use crate::report::TextEdit;

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
        TextEdit {
            start,
            end,
            text: text.into(),
        }
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
}
