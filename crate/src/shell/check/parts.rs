//! The pieces of one shell word that ShellCheck's checks look at: parameter expansions,
//! command substitutions, arithmetic and single-quoted strings, each with its byte range in
//! the word and whether it sits inside double quotes. A quote-aware scan, linear in the word;
//! unterminated constructs run to the end of the word (the shell would reject them anyway).

use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// `$name`, `$1`, `$?` (`braced: None`) or `${…}` (`braced: Some(inside the braces)`).
    Param {
        name: String,
        braced: Option<String>,
    },
    /// `$(…)` or `` `…` ``; `body` is the range of the commands inside.
    Substitution { body: Range<usize>, backtick: bool },
    /// `$((…))` or `$[…]`.
    Arithmetic,
    /// `'…'` (`ansi: false`) or `$'…'`.
    SingleQuoted { ansi: bool },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub kind: Kind,
    /// Byte range in the word.
    pub range: Range<usize>,
    /// Inside double quotes.
    pub quoted: bool,
}

/// A lexed word.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Lexed {
    pub parts: Vec<Part>,
    /// Its literal text (quoted or not) contains a blank or a glob character: as the value of
    /// an assignment it would split or glob when used unquoted.
    pub literal_globspace: bool,
}

/// Lex one word as written.
pub fn lex(word: &str) -> Lexed {
    let b = word.as_bytes();
    let mut out = Lexed::default();
    let mut quoted = false;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'\\' => {
                i += 2;
                continue;
            }
            b'"' => quoted = !quoted,
            b'\'' if !quoted => {
                let end = find_byte(b, i + 1, b'\'').map_or(b.len(), |e| e + 1);
                out.literal_globspace |= has_globspace(&b[(i + 1).min(end)..end]);
                out.push(Kind::SingleQuoted { ansi: false }, i..end, false);
                i = end;
                continue;
            }
            b'`' => {
                let end = closing_backtick(b, i + 1);
                let body = i + 1..end.min(b.len());
                let range = i..(end + 1).min(b.len());
                out.push(
                    Kind::Substitution {
                        body,
                        backtick: true,
                    },
                    range.clone(),
                    quoted,
                );
                i = range.end;
                continue;
            }
            b'$' => {
                if let Some(end) = out.dollar(word, i, quoted) {
                    i = end;
                    continue;
                }
            }
            b' ' | b'\t' | b'\n' if quoted => out.literal_globspace = true,
            b'*' | b'?' | b'[' | b']' if !quoted => out.literal_globspace = true,
            _ => {}
        }
        i += 1;
    }
    out
}

impl Lexed {
    fn push(&mut self, kind: Kind, range: Range<usize>, quoted: bool) {
        self.parts.push(Part {
            kind,
            range,
            quoted,
        });
    }

    /// The expansion starting with the `$` at `i`; its end, or `None` for a literal `$`.
    fn dollar(&mut self, word: &str, i: usize, quoted: bool) -> Option<usize> {
        let b = word.as_bytes();
        let next = *b.get(i + 1)?;
        let end = match next {
            b'(' if b.get(i + 2) == Some(&b'(') => {
                let end = closing(b, i + 1, b'(', b')').map_or(b.len(), |e| e + 1);
                self.push(Kind::Arithmetic, i..end, quoted);
                end
            }
            b'[' => {
                let end = closing(b, i + 1, b'[', b']').map_or(b.len(), |e| e + 1);
                self.push(Kind::Arithmetic, i..end, quoted);
                end
            }
            b'(' => {
                let close = closing(b, i + 1, b'(', b')');
                let end = close.map_or(b.len(), |e| e + 1);
                let body = i + 2..close.unwrap_or(b.len());
                self.push(
                    Kind::Substitution {
                        body,
                        backtick: false,
                    },
                    i..end,
                    quoted,
                );
                end
            }
            b'{' => {
                let close = closing(b, i + 1, b'{', b'}');
                let end = close.map_or(b.len(), |e| e + 1);
                let inside = word.get(i + 2..close.unwrap_or(b.len()))?.to_string();
                let name = braced_name(&inside).to_string();
                self.push(
                    Kind::Param {
                        name,
                        braced: Some(inside),
                    },
                    i..end,
                    quoted,
                );
                end
            }
            b'\'' if !quoted => {
                let mut j = i + 2;
                while j < b.len() && b[j] != b'\'' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                let end = (j + 1).min(b.len());
                self.push(Kind::SingleQuoted { ansi: true }, i..end, false);
                end
            }
            b'"' => return None, // `$"…"`: a double-quoted string
            c if c.is_ascii_digit() || b"@*#?-$!".contains(&c) => {
                let name = (c as char).to_string();
                self.push(Kind::Param { name, braced: None }, i..i + 2, quoted);
                i + 2
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let len = b[i + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
                    .count();
                let name = word[i + 1..i + 1 + len].to_string();
                self.push(Kind::Param { name, braced: None }, i..i + 1 + len, quoted);
                i + 1 + len
            }
            _ => return None,
        };
        Some(end)
    }
}

/// The variable a `${…}` refers to: `${#x}`, `${!x}`, `${x:-d}`, `${x[1]}` → `x`.
pub fn braced_name(inside: &str) -> &str {
    let rest = inside
        .strip_prefix(['#', '!'])
        .filter(|r| !r.is_empty())
        .unwrap_or(inside);
    let len = match rest.as_bytes().first() {
        Some(c) if c.is_ascii_digit() => rest.bytes().take_while(u8::is_ascii_digit).count(),
        Some(c) if b"@*#?-$!".contains(c) => 1,
        _ => rest
            .bytes()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_')
            .count(),
    };
    &rest[..len]
}

/// Blanks and glob characters; a backslash too (bash globs an unquoted expansion holding one).
fn has_globspace(text: &[u8]) -> bool {
    text.iter().any(|c| b"*?[] \t\n\\".contains(c))
}

fn find_byte(b: &[u8], from: usize, byte: u8) -> Option<usize> {
    b.get(from..)?
        .iter()
        .position(|c| *c == byte)
        .map(|p| p + from)
}

/// The unescaped backtick closing one opened before `from`, or the word's end.
fn closing_backtick(b: &[u8], from: usize) -> usize {
    let mut i = from;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'`' => return i,
            _ => {}
        }
        i += 1;
    }
    b.len()
}

/// The bracket closing the `open` at `at`, skipping quoted text and escapes, and the `)` of
/// `case` patterns (`$(case $x in a) echo 1 ;; esac)`).
fn closing(b: &[u8], at: usize, open: u8, close: u8) -> Option<usize> {
    let mut depth = 0usize;
    let mut cases = 0usize;
    let mut i = at;
    let mut quote: Option<u8> = None;
    while i < b.len() {
        let c = b[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(b'"') if c == b'\\' => i += 1,
            Some(_) => {}
            None if c == b'\\' => i += 1,
            None if c == b'\'' || c == b'"' => quote = Some(c),
            None if open == b'(' && is_keyword(b, i, b"case") => cases += 1,
            None if open == b'(' && is_keyword(b, i, b"esac") => cases = cases.saturating_sub(1),
            None if c == open => depth += 1,
            None if c == close && cases > 0 && depth == 1 => {} // a case pattern's `)`
            None if c == close => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            None => {}
        }
        i += 1;
    }
    None
}

/// Whether the word `keyword` starts at `i` (delimited on both sides).
fn is_keyword(b: &[u8], i: usize, keyword: &[u8]) -> bool {
    let delimited = |c: Option<&u8>| c.is_none_or(|c| !(c.is_ascii_alphanumeric() || *c == b'_'));
    b[i..].starts_with(keyword)
        && delimited(i.checked_sub(1).and_then(|p| b.get(p)))
        && delimited(b.get(i + keyword.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(word: &str) -> Vec<(String, bool)> {
        lex(word)
            .parts
            .iter()
            .map(|p| (word[p.range.clone()].to_string(), p.quoted))
            .collect()
    }

    #[test]
    fn expansions_quotes_and_substitutions_are_found_with_their_ranges() {
        assert_eq!(
            kinds(r#"a$x"${y:-$z}"'$q'"#),
            [
                ("$x".into(), false),
                ("${y:-$z}".into(), true),
                ("'$q'".into(), false)
            ]
        );
        assert_eq!(
            kinds(r#""$(dirname "$0")"/`pwd`$((1+2))\$n$'\t'"#),
            [
                (r#"$(dirname "$0")"#.into(), true),
                ("`pwd`".into(), false),
                ("$((1+2))".into(), false),
                (r"$'\t'".into(), false)
            ]
        );
        let case = "$(case $(uname -m) in x86_64) echo amd64 ;; esac).tar";
        assert_eq!(kinds(case)[0].0, &case[..case.len() - 4]);
        assert_eq!(braced_name("#arr"), "arr");
        assert_eq!(braced_name("x//a/b"), "x");
        assert_eq!(braced_name("#"), "#");
    }

    #[test]
    fn unterminated_constructs_end_at_the_word_and_do_not_panic() {
        for w in [
            "$(", "${", "`", "'", "$'", "$((", "$", "\\", "\"$(a\"", "${a", "é$x",
        ] {
            let lexed = lex(w);
            for p in lexed.parts {
                assert!(p.range.end <= w.len(), "{w}");
            }
        }
    }

    #[test]
    fn literal_blanks_and_globs_make_a_value_spaceful() {
        assert!(lex("\"a b\"").literal_globspace);
        assert!(lex("*.txt").literal_globspace);
        assert!(!lex("1.2.3").literal_globspace);
        assert!(lex(r"'^\(root\|app\):'").literal_globspace);
        assert!(!lex("\"$x\"").literal_globspace);
    }
}
