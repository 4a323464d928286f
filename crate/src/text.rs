//! Text helpers: byte offsets ↔ editor positions, and edit distance for suggestions.
//!
//! Byte offsets ↔ editor positions. Editors (VS Code, the page's textarea, LSP) count columns in
//! UTF-16 code units; Rust slices count bytes. Every span in a report carries both.

use crate::report::Position;

/// Precomputed line starts of one text, for O(log n) offset → position lookups.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset at which each line starts; `line_starts[0] == 0`.
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = Vec::with_capacity(text.len() / 24 + 2);
        line_starts.push(0);
        // A lone '\r' is not a line break for Dockerfiles (BuildKit splits on '\n' only).
        let bytes = text.as_bytes();
        let mut chunks = bytes.chunks_exact(8);
        let mut base = 0;
        for chunk in &mut chunks {
            // SWAR: a zero byte in `word ^ "\n\n…"` marks a newline.
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
            let x = word ^ 0x0a0a_0a0a_0a0a_0a0a;
            // Exact zero-byte mask: the high bit of each byte of `x` that is zero.
            const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
            let mut zeros = !(((x & LOW7).wrapping_add(LOW7)) | x | LOW7);
            while zeros != 0 {
                let i = (zeros.trailing_zeros() / 8) as usize;
                line_starts.push(base + i + 1);
                zeros &= zeros - 1;
            }
            base += 8;
        }
        for (i, &b) in chunks.remainder().iter().enumerate() {
            if b == b'\n' {
                line_starts.push(base + i + 1);
            }
        }
        LineIndex { line_starts }
    }

    /// Byte offset at which each line starts (`[0]` is 0).
    pub fn starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// Number of lines (a text with no '\n' has one line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset of the start of a 1-based line (clamped to the last line).
    pub fn line_start(&self, line: u32) -> usize {
        let i = (line.max(1) as usize - 1).min(self.line_starts.len() - 1);
        self.line_starts[i]
    }

    /// Position of a byte offset. Offsets past the end clamp to the end; offsets inside a
    /// multi-byte character clamp back to its start, so no input can make this panic.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line0 = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line0];
        let column0: usize = text[start..offset].chars().map(char::len_utf16).sum();
        Position {
            line: line0 as u32 + 1,
            column: column0 as u32 + 1,
            offset,
        }
    }
}

/// Edit distance over characters; stops early once every path is at least `bound`.
pub fn levenshtein(a: &str, b: &str, bound: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) >= bound {
        return bound;
    }
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        let mut row_min = row[0];
        for (j, cb) in b.iter().enumerate() {
            let cur = (prev + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            prev = row[j + 1];
            row[j + 1] = cur;
            row_min = row_min.min(cur);
        }
        if row_min >= bound {
            return bound;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_code_units() {
        // 'é' is 2 bytes / 1 unit; '𝄞' is 4 bytes / 2 units.
        let text = "ab\né𝄞x\n";
        let idx = LineIndex::new(text);
        let x = text.find('x').unwrap();
        let p = idx.position(text, x);
        assert_eq!((p.line, p.column, p.offset), (2, 4, 9));
        assert_eq!(idx.position(text, 0).column, 1);
        assert_eq!(idx.line_count(), 3);
    }

    #[test]
    fn offsets_out_of_range_or_mid_char_clamp() {
        let text = "é";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 1).offset, 0);
        assert_eq!(idx.position(text, 99).offset, 2);
    }
}
