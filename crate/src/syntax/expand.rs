//! Variable substitution and word processing exactly as BuildKit's `shell.Lex` does it
//! (`frontend/dockerfile/shell/lex.go`): `$V`, `${V}`, `${V:-d}`, `${V-d}`, `${V:+a}`,
//! `${V+a}`, `${V?m}`, `${V:?m}`, `${V#p}`, `${V##p}`, `${V%p}`, `${V%%p}`, `${V/p/r}`,
//! `${V//p/r}`, quotes (`'…'`, `"…"`) and the escape character.
//!
//! BuildKit applies it to the arguments of ENV, LABEL, ARG, FROM, COPY/ADD, WORKDIR, USER,
//! EXPOSE, VOLUME and STOPSIGNAL (with the stage's ARG/ENV scope, see [`super::scope`]);
//! RUN/CMD/ENTRYPOINT in shell form are left to the shell.
//!
//! Deviations (documented, on purpose): nesting of `${…}` is limited to [`MAX_DEPTH`] levels
//! (Go grows its stack; a parser of untrusted input must not), and the replacement text of
//! `${V/p/r}` is used literally (Go's regexp would expand `$1` in it).

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

/// How deeply `${…}` may nest before processing fails with an error.
pub const MAX_DEPTH: usize = 100;

/// A source of variable values. `None` means unset.
pub trait Env {
    fn get(&self, name: &str) -> Option<&str>;
}

/// No variables at all.
pub struct NoEnv;

impl Env for NoEnv {
    fn get(&self, _: &str) -> Option<&str> {
        None
    }
}

impl Env for HashMap<String, String> {
    fn get(&self, name: &str) -> Option<&str> {
        HashMap::get(self, name).map(String::as_str)
    }
}

impl Env for BTreeMap<String, String> {
    fn get(&self, name: &str) -> Option<&str> {
        BTreeMap::get(self, name).map(String::as_str)
    }
}

impl Env for [(&str, &str)] {
    fn get(&self, name: &str) -> Option<&str> {
        self.iter().rev().find(|(k, _)| *k == name).map(|(_, v)| *v)
    }
}

impl<const N: usize> Env for [(&str, &str); N] {
    fn get(&self, name: &str) -> Option<&str> {
        Env::get(&self[..], name)
    }
}

/// Why a word could not be processed (BuildKit fails the build with this message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpandError {
    pub message: String,
    /// Byte offset in the processed word where the problem was found.
    pub offset: usize,
}

impl std::fmt::Display for ExpandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// One word of [`Expansion::words`] with the input range it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpandedWord {
    pub text: String,
    pub range: Range<usize>,
}

/// The result of processing a word.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Expansion {
    /// The processed text (quotes removed, variables substituted, spaces kept).
    pub result: String,
    /// The result split into words at unquoted spaces (what `ProcessWords` returns).
    pub words: Vec<ExpandedWord>,
    /// Variables that were referenced and set.
    pub matched: Vec<String>,
    /// Variables that were referenced and unset.
    pub unmatched: Vec<String>,
}

/// BuildKit's `shell.Lex`. The flags have the same meaning as there.
#[derive(Debug, Clone, Copy)]
pub struct Lexer {
    pub escape: char,
    /// Keep quote characters in the result.
    pub raw_quotes: bool,
    /// Keep escape characters in the result.
    pub raw_escapes: bool,
    /// Treat quotes as ordinary characters.
    pub skip_process_quotes: bool,
    /// Leave references to unset variables as written (`$V`, `${V:-x}`).
    pub skip_unset_env: bool,
}

impl Lexer {
    pub fn new(escape: char) -> Lexer {
        Lexer {
            escape,
            raw_quotes: false,
            raw_escapes: false,
            skip_process_quotes: false,
            skip_unset_env: false,
        }
    }

    /// Process one word (BuildKit's `ProcessWord` / `ProcessWordWithMatches`).
    pub fn process(&self, word: &str, env: &dyn Env) -> Result<Expansion, ExpandError> {
        self.run(word, env, true)
    }

    fn run(
        &self,
        word: &str,
        env: &dyn Env,
        collect_words: bool,
    ) -> Result<Expansion, ExpandError> {
        let mut w = ShellWord {
            lex: *self,
            collect_words,
            s: word,
            pos: 0,
            env,
            raw_escapes: self.raw_escapes,
            matched: Vec::new(),
            unmatched: Vec::new(),
            depth: 0,
        };
        let (result, words) = w.process_stop_on(None, self.raw_escapes)?;
        Ok(Expansion {
            result,
            words,
            matched: w.matched,
            unmatched: w.unmatched,
        })
    }

    /// The processed text only.
    pub fn process_word(&self, word: &str, env: &dyn Env) -> Result<String, ExpandError> {
        self.run(word, env, false).map(|e| e.result)
    }

    /// The processed words only (BuildKit's `ProcessWords`).
    pub fn process_words(&self, word: &str, env: &dyn Env) -> Result<Vec<String>, ExpandError> {
        self.process(word, env)
            .map(|e| e.words.into_iter().map(|w| w.text).collect())
    }
}

/// Substitute variables and remove quotes as BuildKit does for ENV, COPY, WORKDIR, … values.
pub fn expand(word: &str, escape: char, env: &dyn Env) -> Result<String, ExpandError> {
    Lexer::new(escape).process_word(word, env)
}

/// Check a word's quoting and `${…}` syntax without knowing any variable (unset variables are
/// kept as written, so only syntax errors remain).
pub fn check_syntax(word: &str, escape: char) -> Result<(), ExpandError> {
    if surely_valid(word, escape) {
        return Ok(());
    }
    let lex = Lexer {
        skip_unset_env: true,
        ..Lexer::new(escape)
    };
    lex.run(word, &NoEnv, false).map(|_| ())
}

/// A quick scan that proves the common words valid (closed quotes, `$NAME`, `${NAME}`);
/// anything else goes to the lexer, which has the final say.
fn surely_valid(word: &str, escape: char) -> bool {
    let b = word.as_bytes();
    let esc = escape as u8;
    let mut quote = 0u8;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if quote == b'\'' {
            if c == b'\'' {
                quote = 0;
            }
            i += 1;
            continue;
        }
        match c {
            b'\'' | b'"' if quote == 0 => quote = c,
            b'"' if quote == b'"' => quote = 0,
            _ if c == esc => i += 1,
            b'$' if b.get(i + 1) == Some(&b'{') => {
                let mut j = i + 2;
                while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                    j += 1;
                }
                let name = &b[i + 2..j];
                let digits_only = name.iter().all(u8::is_ascii_digit);
                if name.is_empty()
                    || (name[0].is_ascii_digit() && !digits_only)
                    || b.get(j) != Some(&b'}')
                {
                    return false;
                }
                i = j;
            }
            _ => {}
        }
        i += 1;
    }
    quote == 0
}

#[derive(Default)]
struct Words {
    enabled: bool,
    words: Vec<ExpandedWord>,
    word: String,
    start: usize,
    end: usize,
    in_word: bool,
}

impl Words {
    fn add_char(&mut self, ch: char, at: Range<usize>) {
        if !self.enabled {
            return;
        }
        if ch.is_whitespace() {
            if self.in_word && !self.word.is_empty() {
                self.flush();
            }
        } else {
            self.add_raw_char(ch, at);
        }
    }

    fn add_raw_char(&mut self, ch: char, at: Range<usize>) {
        if !self.enabled {
            return;
        }
        self.begin(at.start);
        self.word.push(ch);
        self.end = at.end;
        self.in_word = true;
    }

    fn add_string(&mut self, s: &str, at: Range<usize>) {
        if !self.enabled {
            return;
        }
        for ch in s.chars() {
            self.add_char(ch, at.clone());
        }
    }

    fn add_raw_string(&mut self, s: &str, at: Range<usize>) {
        if !self.enabled {
            return;
        }
        self.begin(at.start);
        self.word.push_str(s);
        self.end = at.end;
        self.in_word = true;
    }

    fn begin(&mut self, at: usize) {
        if self.word.is_empty() && !self.in_word {
            self.start = at;
        }
    }

    fn flush(&mut self) {
        self.words.push(ExpandedWord {
            text: std::mem::take(&mut self.word),
            range: self.start..self.end,
        });
        self.in_word = false;
    }

    fn finish(mut self) -> Vec<ExpandedWord> {
        if !self.word.is_empty() {
            self.flush();
        }
        self.words
    }
}

struct ShellWord<'a> {
    lex: Lexer,
    /// Split the result into words (not needed to check syntax or get the text).
    collect_words: bool,
    s: &'a str,
    pos: usize,
    env: &'a dyn Env,
    raw_escapes: bool,
    matched: Vec<String>,
    unmatched: Vec<String>,
    depth: usize,
}

impl ShellWord<'_> {
    fn peek(&self) -> Option<char> {
        self.s[self.pos..].chars().next()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn err<T>(&self, message: impl Into<String>) -> Result<T, ExpandError> {
        Err(ExpandError {
            message: message.into(),
            offset: self.pos,
        })
    }

    fn get_env(&mut self, name: &str) -> Option<String> {
        match self.env.get(name) {
            Some(v) => {
                if !self.matched.iter().any(|m| m == name) {
                    self.matched.push(name.to_string());
                }
                Some(v.to_string())
            }
            None => {
                if !self.unmatched.iter().any(|m| m == name) {
                    self.unmatched.push(name.to_string());
                }
                None
            }
        }
    }

    fn process_stop_on(
        &mut self,
        stop: Option<char>,
        raw_escapes: bool,
    ) -> Result<(String, Vec<ExpandedWord>), ExpandError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.err("substitution nested too deeply");
        }
        let saved = self.raw_escapes;
        self.raw_escapes = raw_escapes;
        let r = self.stop_on_inner(stop);
        self.raw_escapes = saved;
        self.depth -= 1;
        r
    }

    fn stop_on_inner(
        &mut self,
        stop: Option<char>,
    ) -> Result<(String, Vec<ExpandedWord>), ExpandError> {
        let mut result = String::with_capacity(self.s.len() - self.pos);
        let mut words = Words {
            enabled: self.collect_words,
            ..Words::default()
        };
        while let Some(ch) = self.peek() {
            if Some(ch) == stop {
                self.next();
                return Ok((result, words.finish()));
            }
            let at = self.pos;
            let special = match ch {
                '$' => Some(self.process_dollar()?),
                '<' => Some(self.process_possible_heredoc()),
                '\'' if !self.lex.skip_process_quotes => Some(self.process_single_quote()?),
                '"' if !self.lex.skip_process_quotes => Some(self.process_double_quote()?),
                _ => None,
            };
            if let Some(tmp) = special {
                result.push_str(&tmp);
                if ch == '$' {
                    words.add_string(&tmp, at..self.pos);
                } else {
                    words.add_raw_string(&tmp, at..self.pos);
                }
                continue;
            }
            let mut ch = self.next().unwrap_or_default();
            if ch == self.lex.escape {
                if self.raw_escapes {
                    words.add_raw_char(ch, at..self.pos);
                    result.push(ch);
                }
                match self.next() {
                    None => break,
                    Some(c) => {
                        ch = c;
                        words.add_raw_char(ch, at..self.pos);
                    }
                }
            } else {
                words.add_char(ch, at..self.pos);
            }
            result.push(ch);
        }
        if let Some(stop) = stop {
            return self.err(format!(
                "unexpected end of statement while looking for matching {stop}"
            ));
        }
        Ok((result, words.finish()))
    }

    fn process_single_quote(&mut self) -> Result<String, ExpandError> {
        let mut result = String::new();
        let open = self.next().unwrap_or('\'');
        if self.lex.raw_quotes {
            result.push(open);
        }
        loop {
            match self.next() {
                None => {
                    return self
                        .err("unexpected end of statement while looking for matching single-quote")
                }
                Some('\'') => {
                    if self.lex.raw_quotes {
                        result.push('\'');
                    }
                    return Ok(result);
                }
                Some(c) => result.push(c),
            }
        }
    }

    fn process_double_quote(&mut self) -> Result<String, ExpandError> {
        let mut result = String::new();
        let open = self.next().unwrap_or('"');
        if self.lex.raw_quotes {
            result.push(open);
        }
        loop {
            match self.peek() {
                None => {
                    return self
                        .err("unexpected end of statement while looking for matching double-quote")
                }
                Some('"') => {
                    self.next();
                    if self.lex.raw_quotes {
                        result.push('"');
                    }
                    return Ok(result);
                }
                Some('$') => {
                    let v = self.process_dollar()?;
                    result.push_str(&v);
                }
                Some(_) => {
                    let mut ch = self.next().unwrap_or_default();
                    if ch == self.lex.escape {
                        if self.raw_escapes {
                            result.push(ch);
                        }
                        match self.peek() {
                            None => continue,
                            Some(c) if c == '"' || c == '$' || c == self.lex.escape => {
                                ch = c;
                                self.next();
                            }
                            Some(_) => {}
                        }
                    }
                    result.push(ch);
                }
            }
        }
    }

    fn process_possible_heredoc(&mut self) -> String {
        self.next();
        if self.peek() != Some('<') {
            return "<".to_string();
        }
        self.next();
        let mut out = String::from("<<");
        while let Some(c @ (' ' | '\t' | '\r')) = self.peek() {
            out.push(c);
            self.next();
        }
        out
    }

    fn process_dollar(&mut self) -> Result<String, ExpandError> {
        self.next();
        if self.peek() != Some('{') {
            let name = self.process_name();
            if name.is_empty() {
                return Ok("$".to_string());
            }
            let value = self.get_env(&name);
            return Ok(match value {
                Some(v) => v,
                None if self.lex.skip_unset_env => format!("${name}"),
                None => String::new(),
            });
        }
        self.next();
        match self.peek() {
            None => return self.err("syntax error: missing '}'"),
            Some('{' | '}' | ':') => return self.err("syntax error: bad substitution"),
            _ => {}
        }
        let name = self.process_name();
        let first = self.next();
        let Some(mut ch) = first else {
            return self.err("syntax error: missing '}'");
        };
        let mut chs = ch.to_string();
        match ch {
            '}' => {
                let value = self.get_env(&name);
                Ok(match value {
                    Some(v) => v,
                    None if self.lex.skip_unset_env => format!("${{{name}}}"),
                    None => String::new(),
                })
            }
            ':' | '+' | '-' | '?' | '#' | '%' => {
                let null_is_unset = ch == ':';
                if null_is_unset {
                    let Some(c) = self.next() else {
                        return self.err("syntax error: missing '}'");
                    };
                    ch = c;
                    chs.push(ch);
                }
                let raw = ch == '#' || ch == '%';
                if null_is_unset && raw {
                    return self.err(format!("unsupported modifier ({chs}) in substitution"));
                }
                let word = match self.process_stop_on(Some('}'), raw) {
                    Ok((w, _)) => w,
                    Err(e) if self.peek().is_none() && !e.message.contains("nested") => {
                        return self.err("syntax error: missing '}'")
                    }
                    Err(e) => return Err(e),
                };
                let value = self.get_env(&name);
                let set = value.is_some();
                if self.lex.skip_unset_env && !set {
                    return Ok(format!("${{{name}{chs}{word}}}"));
                }
                let value = value.unwrap_or_default();
                match ch {
                    '-' => Ok(if !set || (null_is_unset && value.is_empty()) {
                        word
                    } else {
                        value
                    }),
                    '+' => Ok(if !set || (null_is_unset && value.is_empty()) {
                        String::new()
                    } else {
                        word
                    }),
                    '?' => {
                        if !set {
                            let m = if word.is_empty() {
                                "is not allowed to be unset".to_string()
                            } else {
                                word
                            };
                            return self.err(format!("{name}: {m}"));
                        }
                        if null_is_unset && value.is_empty() {
                            let m = if word.is_empty() {
                                "is not allowed to be empty".to_string()
                            } else {
                                word
                            };
                            return self.err(format!("{name}: {m}"));
                        }
                        Ok(value)
                    }
                    '%' | '#' => {
                        let (greedy, pattern) = match word.strip_prefix(ch) {
                            Some(p) => (true, p.to_string()),
                            None => (false, word),
                        };
                        let pat = match Pattern::new(&pattern) {
                            Ok(p) => p,
                            Err(e) => {
                                return self.err(format!(
                                    "invalid pattern ({pattern}) in substitution: {e}"
                                ))
                            }
                        };
                        Ok(if ch == '%' {
                            pat.trim_suffix(&value, greedy)
                        } else {
                            pat.trim_prefix(&value, greedy)
                        })
                    }
                    _ => self.err(format!("unsupported modifier ({chs}) in substitution")),
                }
            }
            '/' => {
                let all = self.peek() == Some('/');
                if all {
                    self.next();
                }
                let pattern = match self.process_stop_on(Some('/'), true) {
                    Ok((p, _)) => p,
                    Err(e) if self.peek().is_none() && !e.message.contains("nested") => {
                        return self.err("syntax error: missing '/' in ${}")
                    }
                    Err(e) => return Err(e),
                };
                let replacement = match self.process_stop_on(Some('}'), true) {
                    Ok((r, _)) => r,
                    Err(e) if self.peek().is_none() && !e.message.contains("nested") => {
                        return self.err("syntax error: missing '}'")
                    }
                    Err(e) => return Err(e),
                };
                let value = self.get_env(&name);
                let Some(value) = value else {
                    if self.lex.skip_unset_env {
                        return Ok(format!("${{{name}/{pattern}/{replacement}}}"));
                    }
                    return Ok(String::new());
                };
                let pat = match Pattern::new(&pattern) {
                    Ok(p) => p,
                    Err(e) => {
                        return self
                            .err(format!("invalid pattern ({pattern}) in substitution: {e}"))
                    }
                };
                Ok(pat.replace(&value, &replacement, all))
            }
            _ => self.err(format!("unsupported modifier ({chs}) in substitution")),
        }
    }

    fn process_name(&mut self) -> String {
        let mut name = String::new();
        while let Some(ch) = self.peek() {
            if name.is_empty() && is_digit(ch) {
                while let Some(c) = self.peek().filter(|c| is_digit(*c)) {
                    name.push(c);
                    self.next();
                }
                return name;
            }
            if name.is_empty() && matches!(ch, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0') {
                self.next();
                return ch.to_string();
            }
            if !ch.is_alphabetic() && !is_digit(ch) && ch != '_' {
                break;
            }
            name.push(ch);
            self.next();
        }
        name
    }
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || (!c.is_ascii() && c.is_numeric())
}

/// A shell pattern as BuildKit converts it to a regular expression: `*` (any run), `?` (any
/// character), `\*` `\?` `\\` literals; `\}` and `\/` drop the backslash. Like Go's `.`,
/// wildcards do not match a newline.
#[derive(Debug)]
enum Atom {
    Star,
    Any,
    Lit(char),
}

struct Pattern(Vec<Atom>);

impl Pattern {
    fn new(p: &str) -> Result<Pattern, String> {
        let mut out = Vec::new();
        let mut it = p.chars().peekable();
        while let Some(c) = it.next() {
            match c {
                '*' => out.push(Atom::Star),
                '?' => out.push(Atom::Any),
                '\\' => {
                    if matches!(it.peek(), Some('}' | '/')) {
                        continue;
                    }
                    match it.next() {
                        Some(e @ ('*' | '?' | '\\')) => out.push(Atom::Lit(e)),
                        Some(e) => return Err(format!("invalid escape '\\{e}'")),
                        None => return Err("invalid escape '\\'".to_string()),
                    }
                }
                c => out.push(Atom::Lit(c)),
            }
        }
        Ok(Pattern(out))
    }

    /// For every `j`, whether the pattern matches all of `s[..j]` (one DP pass).
    fn prefix_matches(atoms: &[Atom], s: &[char]) -> Vec<bool> {
        let mut cur = vec![false; s.len() + 1];
        cur[0] = true;
        for atom in atoms {
            let mut next = vec![false; s.len() + 1];
            match atom {
                Atom::Star => {
                    let mut reach = false;
                    for j in 0..=s.len() {
                        if cur[j] {
                            reach = true;
                        }
                        next[j] = reach;
                        if j < s.len() && s[j] == '\n' {
                            reach = false;
                        }
                    }
                }
                Atom::Any => {
                    for j in 0..s.len() {
                        next[j + 1] = cur[j] && s[j] != '\n';
                    }
                }
                Atom::Lit(c) => {
                    for j in 0..s.len() {
                        next[j + 1] = cur[j] && s[j] == *c;
                    }
                }
            }
            cur = next;
        }
        cur
    }

    fn trim_prefix(&self, value: &str, greedy: bool) -> String {
        let chars: Vec<char> = value.chars().collect();
        let m = Self::prefix_matches(&self.0, &chars);
        let end = if greedy {
            m.iter().rposition(|&b| b)
        } else {
            m.iter().position(|&b| b)
        };
        match end {
            Some(end) => chars[end..].iter().collect(),
            None => value.to_string(),
        }
    }

    fn trim_suffix(&self, value: &str, greedy: bool) -> String {
        let rev: Vec<char> = value.chars().rev().collect();
        let atoms: Vec<Atom> = self
            .0
            .iter()
            .rev()
            .map(|a| match a {
                Atom::Star => Atom::Star,
                Atom::Any => Atom::Any,
                Atom::Lit(c) => Atom::Lit(*c),
            })
            .collect();
        let m = Self::prefix_matches(&atoms, &rev);
        let cut = if greedy {
            m.iter().rposition(|&b| b)
        } else {
            m.iter().position(|&b| b)
        };
        match cut {
            Some(cut) => rev[cut..].iter().rev().collect(),
            None => value.to_string(),
        }
    }

    /// Leftmost, longest match replaced (once or everywhere).
    fn replace(&self, value: &str, replacement: &str, all: bool) -> String {
        let chars: Vec<char> = value.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        let mut replaced = false;
        while i < chars.len() || (i == chars.len() && !replaced) {
            if replaced && !all {
                break;
            }
            let m = Self::prefix_matches(&self.0, &chars[i..]);
            match m.iter().rposition(|&b| b) {
                Some(len) => {
                    out.push_str(replacement);
                    replaced = true;
                    if len == 0 {
                        if let Some(c) = chars.get(i) {
                            out.push(*c);
                        }
                        i += 1;
                    } else {
                        i += len;
                    }
                }
                None => {
                    if let Some(c) = chars.get(i) {
                        out.push(*c);
                    }
                    i += 1;
                }
            }
        }
        if i < chars.len() {
            out.extend(&chars[i..]);
        }
        out
    }
}

/// Where a variable is referenced in a word: `$NAME`, `${NAME}` or `${NAME…}` as BuildKit's
/// lexer reads them (not in single quotes unless `raw`, not after the escape character).
pub fn references(word: &str, escape: char, raw: bool) -> Vec<(String, Range<usize>)> {
    let b: Vec<(usize, char)> = word.char_indices().collect();
    let mut out = Vec::new();
    let (mut i, mut double) = (0, false);
    while i < b.len() {
        let (at, c) = b[i];
        if c == escape {
            i += 2;
            continue;
        }
        match c {
            '\'' if !raw && !double => {
                i += 1;
                while i < b.len() && b[i].1 != '\'' {
                    i += 1;
                }
            }
            '"' if !raw => double = !double,
            '$' => {
                let braced = b.get(i + 1).is_some_and(|x| x.1 == '{');
                let start = if braced { i + 2 } else { i + 1 };
                let mut j = start;
                match b.get(j).map(|x| x.1) {
                    Some(d) if d.is_ascii_digit() => {
                        while b.get(j).is_some_and(|x| x.1.is_ascii_digit()) {
                            j += 1;
                        }
                    }
                    Some('@' | '*' | '#' | '?' | '-' | '$' | '!') => j += 1,
                    _ => {
                        while b
                            .get(j)
                            .is_some_and(|x| x.1.is_alphanumeric() || x.1 == '_')
                        {
                            j += 1;
                        }
                    }
                }
                if j > start {
                    let name: String = b[start..j].iter().map(|x| x.1).collect();
                    let end = if braced { closing_brace(&b, j) } else { j };
                    let end_byte = b.get(end).map_or(word.len(), |x| x.0);
                    out.push((name, at..end_byte));
                    // Keep scanning inside `${…}`: its modifier word may use variables too.
                    i = j;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// The index just after the `}` closing a `${` whose name ends at `from`.
fn closing_brace(b: &[(usize, char)], from: usize) -> usize {
    let mut depth = 1;
    let mut k = from;
    while k < b.len() {
        match b[k].1 {
            '{' if k > 0 && b[k - 1].1 == '$' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return k + 1;
                }
            }
            _ => {}
        }
        k += 1;
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> HashMap<String, String> {
        [
            ("A", "a"),
            ("EMPTY", ""),
            ("PATH_", "/usr/local/bin:/usr/bin"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    fn ex(w: &str) -> String {
        expand(w, '\\', &env()).unwrap_or_else(|e| format!("ERR {e}"))
    }

    #[test]
    fn references_are_found_as_the_lexer_reads_them() {
        let r = references("a$B'$C'\"$D\"${E:-$F}\\$G$1", '\\', false);
        let names: Vec<(&str, &str)> = r
            .iter()
            .map(|(n, rg)| (n.as_str(), &"a$B'$C'\"$D\"${E:-$F}\\$G$1"[rg.clone()]))
            .collect();
        assert_eq!(
            names,
            [
                ("B", "$B"),
                ("D", "$D"),
                ("E", "${E:-$F}"),
                ("F", "$F"),
                ("1", "$1")
            ]
        );
        let raw = references("'$A'", '\\', true);
        assert_eq!(raw.len(), 1, "quotes are plain characters in a raw heredoc");
    }

    #[test]
    fn substitutions_follow_buildkit() {
        assert_eq!(ex("$A ${A} x$A"), "a a xa");
        assert_eq!(ex("${UNSET:-d} ${EMPTY:-d} ${EMPTY-d} ${A:-d}"), "d d  a");
        assert_eq!(
            ex("${A:+alt} ${EMPTY:+alt} ${EMPTY+alt} ${UNSET+alt}"),
            "alt  alt "
        );
        assert_eq!(ex("${PATH_#*/} ${PATH_##*/}"), "usr/local/bin:/usr/bin bin");
        assert_eq!(
            ex("${PATH_%:*} ${PATH_%%:*}"),
            "/usr/local/bin /usr/local/bin"
        );
        assert_eq!(
            ex("${PATH_/usr/opt} ${PATH_//usr/opt}"),
            "/opt/local/bin:/usr/bin /opt/local/bin:/opt/bin"
        );
        assert_eq!(ex("'$A' \"$A\" \\$A"), "$A a $A");
        assert_eq!(ex("$ ${A}b $1x"), "$ ab x");
    }

    #[test]
    fn errors_match_buildkit_messages() {
        assert_eq!(ex("${A"), "ERR syntax error: missing '}'");
        assert_eq!(ex("${}"), "ERR syntax error: bad substitution");
        assert_eq!(
            ex("${A:=x}"),
            "ERR unsupported modifier (:=) in substitution"
        );
        assert_eq!(ex("${UNSET?}"), "ERR UNSET: is not allowed to be unset");
        assert_eq!(ex("${EMPTY:?boom}"), "ERR EMPTY: boom");
        assert_eq!(
            ex("\"abc"),
            "ERR unexpected end of statement while looking for matching double-quote"
        );
        assert!(check_syntax("'x", '\\').is_err());
        for ok in ["plain", "\"a b\" 'c' $X ${Y} \\\" a\\$", "${A:-x}", "$"] {
            assert!(check_syntax(ok, '\\').is_ok(), "{ok}");
        }
        // The fast scan may only accept what the lexer accepts.
        let lex = Lexer {
            skip_unset_env: true,
            ..Lexer::new('\\')
        };
        for w in [
            "\"a", "${A", "${}", "${A:=x}", "'a\\'b'", "a\\", "${1a}", "${12}", "\"\\\"\"", "'\\'",
            "${A}${B}", "$", "\"$\"", "${_x}",
        ] {
            if surely_valid(w, '\\') {
                assert!(lex.process(w, &NoEnv).is_ok(), "{w}");
            }
        }
        assert!(check_syntax("${UNSET?} ${X:-$Y}", '\\').is_ok());
    }

    #[test]
    fn words_and_skip_unset() {
        let lex = Lexer {
            raw_quotes: true,
            raw_escapes: true,
            skip_unset_env: true,
            ..Lexer::new('\\')
        };
        let w = lex.process_words("RUN <<  EOF \"a b\" $X", &NoEnv).unwrap();
        assert_eq!(w, ["RUN", "<<  EOF", "\"a b\"", "$X"]);
        let e = lex.process("a  bc", &NoEnv).unwrap();
        assert_eq!(e.words[1].range, 3..5);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let w = "${A:-".repeat(100_000);
        assert!(expand(&w, '\\', &NoEnv).is_err());
        let ok = format!("{}x{}", "${U:-".repeat(50), "}".repeat(50));
        assert_eq!(expand(&ok, '\\', &NoEnv).unwrap(), "x");
    }

    #[test]
    fn backtick_escape() {
        assert_eq!(expand("a`$b `\"", '`', &NoEnv).unwrap(), "a$b \"");
    }
}
