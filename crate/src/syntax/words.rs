//! BuildKit's word splitters, ported with byte offsets so every word keeps its place in the
//! logical line: `splitCommand`/`extractBuilderFlags` (keyword and `--flags`), `parseWords`
//! (ARG/ENV/LABEL) and the `[\t\v\f\r ]+` splitter (FROM, EXPOSE, COPY/ADD, VOLUME).

use super::gocompat::{is_ascii_space, is_space, is_token_ws, trim_space};
use std::ops::Range;

/// A word with its processed text and where it was in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word {
    pub text: String,
    pub range: Range<usize>,
}

/// `splitCommand`: keyword, flags and the trimmed arguments of a logical line.
#[derive(Debug, Clone)]
pub(crate) struct Split {
    /// The keyword as written.
    pub cmd: Range<usize>,
    pub flags: Vec<Word>,
    /// Everything after the flags, trimmed (empty range at the end when there is nothing).
    pub args: Range<usize>,
}

pub(crate) fn split_command(line: &str) -> Split {
    let (a, b) = trim_space(line, 0, line.len());
    let bytes = line.as_bytes();
    let mut k = a;
    while k < b && !is_token_ws(bytes[k]) {
        k += 1;
    }
    let cmd = a..k;
    if k == b {
        return Split {
            cmd,
            flags: Vec::new(),
            args: b..b,
        };
    }
    let mut r = k;
    while r < b && is_token_ws(bytes[r]) {
        r += 1;
    }
    let (flags, rest) = extract_flags(line, r, b);
    let (x, y) = trim_space(line, rest, b);
    Split {
        cmd,
        flags,
        args: x..y,
    }
}

/// `extractBuilderFlags` over `line[from..to]`: leading `--words` (quotes and `\` escapes
/// processed, a lone `--` ends them); returns them and where the arguments start.
fn extract_flags(line: &str, from: usize, to: usize) -> (Vec<Word>, usize) {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote,
    }
    let b = line.as_bytes();
    let mut words = Vec::new();
    let mut phase = Phase::Spaces;
    let mut word: Vec<u8> = Vec::new();
    let mut start = from;
    let mut quote = 0u8;
    let mut blank_ok = false;
    let mut pos = from;
    let finish = |w: &[u8], start: usize, end: usize| Word {
        text: String::from_utf8_lossy(w).into_owned(),
        range: start..end,
    };
    while pos <= to {
        let ch = if pos < to { b[pos] } else { 0 };
        if phase == Phase::Spaces {
            if pos == to {
                break;
            }
            if is_ascii_space(ch) {
                pos += 1;
                continue;
            }
            if ch != b'-' || pos + 1 == to || b[pos + 1] != b'-' {
                return (words, pos);
            }
            phase = Phase::Word;
            start = pos;
        }
        if pos == to {
            if word != b"--" && (blank_ok || !word.is_empty()) {
                words.push(finish(&word, start, pos));
            }
            break;
        }
        if phase == Phase::Word {
            if is_ascii_space(ch) {
                phase = Phase::Spaces;
                if word == b"--" {
                    return (words, pos);
                }
                if blank_ok || !word.is_empty() {
                    words.push(finish(&word, start, pos));
                }
                word.clear();
                blank_ok = false;
                pos += 1;
                continue;
            }
            if ch == b'\'' || ch == b'"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
                pos += 1;
                continue;
            }
            let mut c = ch;
            if c == b'\\' {
                if pos + 1 == to {
                    pos += 1;
                    continue;
                }
                pos += 1;
                c = b[pos];
            }
            word.push(c);
            pos += 1;
            continue;
        }
        // Phase::Quote
        if ch == quote {
            phase = Phase::Word;
            pos += 1;
            continue;
        }
        let mut c = ch;
        if c == b'\\' {
            if pos + 1 == to {
                phase = Phase::Word;
                pos += 1;
                continue;
            }
            pos += 1;
            c = b[pos];
        }
        word.push(c);
        pos += 1;
    }
    (words, to)
}

/// `parseWords`: words separated by Unicode spaces; quotes and escapes are kept in the word
/// (ARG, and ENV/LABEL's `key=value` form).
pub(crate) fn parse_words(s: &str, escape: char) -> Vec<Word> {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote,
    }
    let mut words = Vec::new();
    let mut phase = Phase::Spaces;
    let mut quote = '\0';
    let mut blank_ok = false;
    let mut buf = String::new();
    let mut start = 0;
    let mut it = s.char_indices().peekable();
    loop {
        let Some((pos, mut ch)) = it.next() else {
            if phase != Phase::Spaces && (blank_ok || !buf.is_empty()) {
                words.push(Word {
                    text: buf,
                    range: start..s.len(),
                });
            }
            break;
        };
        if phase == Phase::Spaces {
            if is_space(ch) {
                continue;
            }
            phase = Phase::Word;
            start = pos;
            buf.reserve(s.len() - pos);
        }
        if phase == Phase::Word {
            if is_space(ch) {
                phase = Phase::Spaces;
                if blank_ok || !buf.is_empty() {
                    words.push(Word {
                        text: std::mem::take(&mut buf),
                        range: start..pos,
                    });
                }
                buf.clear();
                blank_ok = false;
                continue;
            }
            if ch == '\'' || ch == '"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
            }
            if ch == escape {
                match it.next() {
                    None => continue, // an escape at the very end is dropped
                    Some((_, next)) => {
                        buf.push(ch);
                        ch = next;
                    }
                }
            }
            buf.push(ch);
            continue;
        }
        // Phase::Quote
        if ch == quote {
            phase = Phase::Word;
        }
        if ch == escape && quote != '\'' {
            match it.next() {
                None => {
                    phase = Phase::Word;
                    continue;
                }
                Some((_, next)) => {
                    buf.push(ch);
                    ch = next;
                }
            }
        }
        buf.push(ch);
    }
    words
}

/// `reWhitespace.Split(s, -1)` on a trimmed, non-empty string: the ranges of the pieces.
pub(crate) fn split_ws(s: &str, from: usize, to: usize) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut start = from;
    let mut i = from;
    while i < to {
        if is_token_ws(b[i]) {
            out.push(start..i);
            while i < to && is_token_ws(b[i]) {
                i += 1;
            }
            start = i;
        } else {
            i += 1;
        }
    }
    out.push(start..to);
    out
}

/// `reWhitespace.Split(s, 2)`: the first piece and, when there is whitespace, where the
/// second starts.
pub(crate) fn split_ws2(s: &str, from: usize, to: usize) -> (Range<usize>, Option<usize>) {
    let b = s.as_bytes();
    let mut i = from;
    while i < to && !is_token_ws(b[i]) {
        i += 1;
    }
    if i == to {
        return (from..to, None);
    }
    let first = from..i;
    while i < to && is_token_ws(b[i]) {
        i += 1;
    }
    (first, Some(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(w: &[Word]) -> Vec<&str> {
        w.iter().map(|w| w.text.as_str()).collect()
    }

    #[test]
    fn splits_keyword_flags_and_args() {
        let l = "COPY --from=build --chown=\"a b\" -- --x /dst";
        let s = split_command(l);
        assert_eq!(&l[s.cmd.clone()], "COPY");
        assert_eq!(texts(&s.flags), ["--from=build", "--chown=a b"]);
        assert_eq!(&l[s.flags[1].range.clone()], "--chown=\"a b\"");
        assert_eq!(&l[s.args.clone()], "--x /dst");
        let s = split_command("  CMD --doit -- [ ]  ");
        assert_eq!(texts(&s.flags), ["--doit"]);
        let s = split_command("HEALTHCHECK");
        assert!(s.flags.is_empty() && s.args.is_empty());
    }

    #[test]
    fn parse_words_keeps_quotes_and_escapes() {
        let w = parse_words(r#"abc="123 456" def a\ b 'x\'y'"#, '\\');
        assert_eq!(texts(&w), [r#"abc="123 456""#, "def", r"a\ b", r"'x\'y'"]);
        let w = parse_words("a \"\" b", '\\');
        assert_eq!(texts(&w), ["a", "\"\"", "b"]);
    }

    #[test]
    fn whitespace_split() {
        let s = "a  b\tc";
        let r = split_ws(s, 0, s.len());
        assert_eq!(r, [0..1, 3..4, 5..6]);
        assert_eq!(split_ws2(s, 0, s.len()), (0..1, Some(3)));
    }
}
