//! Words of a command: the unquoted value rules compare, the raw text, and where it is.

use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The word with quotes and backslash escapes removed (`"a b"` → `a b`); expansions such as
    /// `$HOME` are kept as written.
    pub value: String,
    /// The word as written.
    pub raw: String,
    /// Byte range of the raw word in the script.
    pub range: Range<usize>,
}

impl Word {
    pub fn new(raw: &str, range: Range<usize>) -> Word {
        Word {
            value: unquote(raw),
            raw: raw.to_string(),
            range,
        }
    }
}

/// Remove shell quoting: single quotes keep everything, double quotes keep all but `\"`-style
/// escapes, a backslash outside quotes escapes the next character.
pub fn unquote(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '\\') => {
                if let Some(next) = chars.next() {
                    if next != '\n' {
                        out.push(next);
                    }
                }
            }
            (Some('"'), '\\') => match chars.peek() {
                Some(&n @ ('"' | '\\' | '$' | '`')) => {
                    out.push(n);
                    chars.next();
                }
                Some('\n') => {
                    chars.next();
                }
                _ => out.push('\\'),
            },
            _ => out.push(c),
        }
    }
    out
}

/// The value of an option that takes one, in any of its forms: `-m 755`, `--mode 755`,
/// `--mode=755` or `-m755` (`option_value(args, "-m", "--mode")`); the first one given.
pub fn option_value<'w>(args: &'w [Word], short: &str, long: &str) -> Option<&'w str> {
    args.iter().enumerate().find_map(|(i, w)| {
        let v = w.value.as_str();
        if v == short || v == long {
            args.get(i + 1).map(|w| w.value.as_str())
        } else {
            v.strip_prefix(long)
                .and_then(|rest| rest.strip_prefix('='))
                .or_else(|| v.strip_prefix(short).filter(|rest| !rest.is_empty()))
        }
    })
}

/// Whether `arg` is one of `flags`: exactly (`--yes`), as `--opt=value`, or as one letter of a
/// combined short-option group (`-qy` matches `-y`).
pub fn matches_flag(arg: &str, flags: &[&str]) -> bool {
    flags.iter().any(|flag| {
        if arg == *flag {
            return true;
        }
        if let Some(long) = flag.strip_prefix("--") {
            return arg
                .strip_prefix("--")
                .and_then(|a| a.strip_prefix(long))
                .is_some_and(|rest| rest.starts_with('='));
        }
        match (flag.strip_prefix('-'), arg.strip_prefix('-')) {
            (Some(f), Some(group)) if f.len() == 1 && !group.starts_with('-') => {
                group.chars().all(|c| c.is_ascii_alphanumeric()) && group.contains(f)
            }
            _ => false,
        }
    })
}
