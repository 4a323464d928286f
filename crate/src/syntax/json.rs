//! The JSON (exec) form: `["a", "b"]`, decided exactly as BuildKit does with Go's
//! `encoding/json` — the whole text must be one valid JSON value (only JSON whitespace after
//! it); a valid array whose elements are not all strings is an error; anything else falls
//! back to the shell form. Hand-written because the rules need each element's offsets.

use std::ops::Range;

/// Go's `encoding/json` nesting limit.
const MAX_DEPTH: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum JsonArray {
    /// Not JSON (or not an array): BuildKit uses the shell form.
    NotJson,
    /// Valid JSON array with an element that is not a string: BuildKit rejects the file.
    NotStrings,
    /// Decoded strings with the byte range of each string token (quotes included).
    Strings(Vec<(String, Range<usize>)>),
}

/// Parse `s` (already left-trimmed) as BuildKit's `parseJSON` does.
pub(crate) fn parse_array(s: &str) -> JsonArray {
    let b = s.as_bytes();
    if b.first() != Some(&b'[') {
        return JsonArray::NotJson;
    }
    let mut p = Parser {
        b,
        s,
        i: 0,
        items: Vec::new(),
        all_strings: true,
    };
    match p.document() {
        Some(()) if p.all_strings => JsonArray::Strings(p.items),
        Some(()) => JsonArray::NotStrings,
        None => JsonArray::NotJson,
    }
}

struct Parser<'a> {
    b: &'a [u8],
    s: &'a str,
    i: usize,
    items: Vec<(String, Range<usize>)>,
    all_strings: bool,
}

#[derive(Clone, Copy)]
enum Frame {
    Array,
    Object,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while let Some(&c) = self.b.get(self.i) {
            if matches!(c, b' ' | b'\t' | b'\n' | b'\r') {
                self.i += 1;
            } else {
                break;
            }
        }
    }

    /// The whole text: one value, then only whitespace. Iterative (no recursion).
    fn document(&mut self) -> Option<()> {
        let mut stack: Vec<Frame> = Vec::new();
        // `expect_value`: the next token must be a value (after `[`, `,` in arrays, `:`).
        let mut expect_value = true;
        loop {
            self.ws();
            if expect_value {
                let depth = stack.len();
                let at = self.i;
                match *self.b.get(self.i)? {
                    b'[' => {
                        if depth == 1 {
                            self.all_strings = false;
                        }
                        if stack.len() >= MAX_DEPTH {
                            return None;
                        }
                        self.i += 1;
                        self.ws();
                        if self.b.get(self.i) == Some(&b']') {
                            self.i += 1;
                            expect_value = false;
                        } else {
                            stack.push(Frame::Array);
                            continue;
                        }
                    }
                    b'{' => {
                        if depth == 1 {
                            self.all_strings = false;
                        }
                        if stack.len() >= MAX_DEPTH {
                            return None;
                        }
                        self.i += 1;
                        self.ws();
                        if self.b.get(self.i) == Some(&b'}') {
                            self.i += 1;
                            expect_value = false;
                        } else {
                            stack.push(Frame::Object);
                            self.key()?;
                            continue;
                        }
                    }
                    b'"' => {
                        let value = self.string()?;
                        if depth == 1 {
                            self.items.push((value, at..self.i));
                        }
                        expect_value = false;
                    }
                    _ => {
                        if depth == 1 {
                            self.all_strings = false;
                        }
                        self.scalar()?;
                        expect_value = false;
                    }
                }
                // The outermost `[` itself: it was pushed above; nothing else to do here.
                continue;
            }
            // After a value: `,` / `]` / `}` or the end of the document.
            let Some(&top) = stack.last() else {
                return (self.i == self.b.len()).then_some(());
            };
            match (top, self.b.get(self.i).copied()) {
                (Frame::Array, Some(b',')) => {
                    self.i += 1;
                    expect_value = true;
                }
                (Frame::Array, Some(b']')) | (Frame::Object, Some(b'}')) => {
                    self.i += 1;
                    stack.pop();
                }
                (Frame::Object, Some(b',')) => {
                    self.i += 1;
                    self.ws();
                    self.key()?;
                    expect_value = true;
                }
                _ => return None,
            }
        }
    }

    /// `"key"` `:` inside an object; leaves the cursor before the value.
    fn key(&mut self) -> Option<()> {
        self.ws();
        if self.b.get(self.i) != Some(&b'"') {
            return None;
        }
        self.string()?;
        self.ws();
        if self.b.get(self.i) != Some(&b':') {
            return None;
        }
        self.i += 1;
        Some(())
    }

    fn scalar(&mut self) -> Option<()> {
        let rest = &self.b[self.i..];
        for lit in [&b"true"[..], b"false", b"null"] {
            if rest.starts_with(lit) {
                self.i += lit.len();
                return Some(());
            }
        }
        // -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?
        let digits = |p: &mut Self| {
            let s = p.i;
            while p.b.get(p.i).is_some_and(u8::is_ascii_digit) {
                p.i += 1;
            }
            p.i > s
        };
        if self.b.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        match self.b.get(self.i) {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                digits(self);
            }
            _ => return None,
        }
        if self.b.get(self.i) == Some(&b'.') {
            self.i += 1;
            if !digits(self) {
                return None;
            }
        }
        if matches!(self.b.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.b.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if !digits(self) {
                return None;
            }
        }
        Some(())
    }

    /// A string token starting at `"`: validated and decoded like Go's decoder (lone
    /// surrogates become U+FFFD).
    fn string(&mut self) -> Option<String> {
        self.i += 1;
        let mut out = String::new();
        let mut run = self.i;
        loop {
            let c = *self.b.get(self.i)?;
            match c {
                b'"' => {
                    out.push_str(&self.s[run..self.i]);
                    self.i += 1;
                    return Some(out);
                }
                b'\\' => {
                    out.push_str(&self.s[run..self.i]);
                    let e = *self.b.get(self.i + 1)?;
                    self.i += 2;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\x08'),
                        b'f' => out.push('\x0c'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            if (0xd800..0xdc00).contains(&hi) {
                                // A pair only if `\uDC00-DFFF` follows; else U+FFFD.
                                let save = self.i;
                                let lo = if self.b.get(self.i) == Some(&b'\\')
                                    && self.b.get(self.i + 1) == Some(&b'u')
                                {
                                    self.i += 2;
                                    self.hex4()
                                } else {
                                    None
                                };
                                match lo {
                                    Some(lo) if (0xdc00..0xe000).contains(&lo) => {
                                        let c = 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
                                        out.push(char::from_u32(c).unwrap_or('\u{fffd}'));
                                    }
                                    _ => {
                                        self.i = save;
                                        out.push('\u{fffd}');
                                    }
                                }
                            } else {
                                out.push(char::from_u32(hi).unwrap_or('\u{fffd}'));
                            }
                        }
                        _ => return None,
                    }
                    run = self.i;
                }
                0..=0x1f => return None,
                _ => self.i += 1,
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let h = self.b.get(self.i..self.i + 4)?;
        let mut v = 0u32;
        for &c in h {
            v = v * 16 + (c as char).to_digit(16)?;
        }
        self.i += 4;
        Some(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(s: &str) -> Vec<String> {
        match parse_array(s) {
            JsonArray::Strings(v) => v.into_iter().map(|(s, _)| s).collect(),
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn decodes_like_go() {
        assert_eq!(strings("[]"), Vec::<String>::new());
        assert_eq!(strings("[ \"a\" ,\t\"b\" ]"), ["a", "b"]);
        assert_eq!(
            strings(r#"["\" \\ \/ \b \f \n \r \t \u0000"]"#),
            ["\" \\ / \x08 \x0c \n \r \t \0"]
        );
        assert_eq!(
            strings(r#"["\ud83d\ude00", "\ud800x"]"#),
            ["😀", "\u{fffd}x"]
        );
    }

    #[test]
    fn offsets_cover_the_string_tokens() {
        let s = r#"[ "ab", "c" ]"#;
        let JsonArray::Strings(v) = parse_array(s) else {
            panic!()
        };
        assert_eq!(&s[v[0].1.clone()], "\"ab\"");
        assert_eq!(&s[v[1].1.clone()], "\"c\"");
    }

    #[test]
    fn invalid_json_falls_back_and_non_strings_are_errors() {
        for s in [
            "['a']",
            "[\"a\"",
            "[\"a\",]",
            "[\"a\"] x",
            "[1 2]",
            "[\"a\nb\"]",
            "[01]",
            "[\"\\x\"]",
        ] {
            assert_eq!(parse_array(s), JsonArray::NotJson, "{s}");
        }
        for s in [
            "[1]",
            "[\"a\", [\"b\"]]",
            "[null]",
            "[{\"a\": 1}]",
            "[true, \"x\"]",
        ] {
            assert_eq!(parse_array(s), JsonArray::NotStrings, "{s}");
        }
        let deep = "[".repeat(20_000);
        assert_eq!(parse_array(&deep), JsonArray::NotJson);
        let ok_deep = format!("[{}{}]", "[".repeat(50), "]".repeat(50));
        assert_eq!(parse_array(&ok_deep), JsonArray::NotStrings);
    }
}
