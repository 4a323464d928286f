//! Small re-implementations of the Go standard-library behaviour BuildKit's parser relies on
//! (`unicode.IsSpace`, `strings.TrimSpace`, the `[\t\v\f\r ]+` splitter, `strconv.Quote`), so
//! that the parser splits and trims exactly where BuildKit does.

/// Go's `unicode.IsSpace`: the Unicode `White_Space` property, which is what Rust's
/// `char::is_whitespace` implements too.
#[inline]
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// A byte of BuildKit's `[\t\v\f\r ]+` whitespace class (no `\n`, ASCII only).
#[inline]
pub(crate) fn is_token_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | 0x0b | 0x0c | b'\r')
}

/// Go's `unicode.IsSpace(rune(b))` for the byte-wise loops of BuildKit (flags, HEALTHCHECK),
/// restricted to ASCII: in valid UTF-8 the bytes 0x85 and 0xA0 are always inside a multi-byte
/// character, where Go's byte-as-rune loop would split it; layerlint keeps the character whole.
#[inline]
pub(crate) fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Offset of the first non-space character of `s[from..to]` (Go's `TrimLeftFunc(IsSpace)`).
pub(crate) fn skip_space(s: &str, from: usize, to: usize) -> usize {
    let b = s.as_bytes();
    let mut i = from;
    while i < to {
        let c = b[i];
        if c < 0x80 {
            if is_ascii_space(c) {
                i += 1;
                continue;
            }
            return i;
        }
        match s[i..to].chars().next() {
            Some(ch) if is_space(ch) => i += ch.len_utf8(),
            _ => return i,
        }
    }
    to
}

/// End of `s[from..to]` with trailing spaces removed (Go's `TrimRightFunc(IsSpace)`).
pub(crate) fn trim_space_end(s: &str, from: usize, to: usize) -> usize {
    let b = s.as_bytes();
    let mut i = to;
    while i > from {
        let c = b[i - 1];
        if c < 0x80 {
            if is_ascii_space(c) {
                i -= 1;
                continue;
            }
            return i;
        }
        match s[from..i].chars().next_back() {
            Some(ch) if is_space(ch) => i -= ch.len_utf8(),
            _ => return i,
        }
    }
    from
}

/// Go's `strings.TrimSpace` as a range of `s[from..to]`.
pub(crate) fn trim_space(s: &str, from: usize, to: usize) -> (usize, usize) {
    let a = skip_space(s, from, to);
    (a, trim_space_end(s, a, to))
}

/// Go's `strings.ToLower` for an instruction keyword, on ASCII letters only (Unicode case
/// tables would double the wasm's data; no instruction keyword needs them).
pub(crate) fn to_lower(s: &str) -> String {
    s.to_ascii_lowercase()
}

/// Go's `strconv.Quote`, used by BuildKit's dump format.
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x0b' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if is_print(c) => out.push(c),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// An approximation of Go's `strconv.IsPrint` without Unicode tables: everything except
/// controls, spaces other than U+0020, format characters, private use and noncharacters.
/// (Unassigned code points, which Go also escapes, are printed as they are.)
fn is_print(c: char) -> bool {
    let u = c as u32;
    if c == ' ' {
        return true;
    }
    if u < 0x20 || (0x7f..=0x9f).contains(&u) || c.is_whitespace() {
        return false;
    }
    let format = matches!(u,
        0xad | 0x600..=0x605 | 0x61c | 0x6dd | 0x70f | 0x180e | 0x200b..=0x200f
        | 0x202a..=0x202e | 0x2060..=0x2064 | 0x2066..=0x206f | 0xfeff | 0xfff9..=0xfffb
        | 0x110bd | 0x1d173..=0x1d17a | 0xe0001 | 0xe0020..=0xe007f);
    let private = matches!(u, 0xe000..=0xf8ff | 0xf0000..=0x10ffff);
    let nonchar = (0xfdd0..=0xfdef).contains(&u) || (u & 0xfffe) == 0xfffe;
    !(format || private || nonchar)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_matches_go() {
        assert_eq!(quote("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(quote("\u{0}\t\u{7f}"), r#""\x00\t\x7f""#);
        assert_eq!(quote("♥ ☃"), "\"♥ ☃\"");
        assert_eq!(
            quote("\u{a0}\u{feff}\u{1F600}"),
            "\"\\u00a0\\ufeff\u{1F600}\""
        );
        assert_eq!(quote("\u{10ffff}"), "\"\\U0010ffff\"");
    }

    #[test]
    fn trims_unicode_space_like_go() {
        let s = "\u{a0} a b \u{3000}";
        let (a, b) = trim_space(s, 0, s.len());
        assert_eq!(&s[a..b], "a b");
        assert_eq!(trim_space("   ", 0, 3), (3, 3));
    }
}
