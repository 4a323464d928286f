//! `.dockerignore` as Docker reads it: moby's `ignorefile.ReadAll` (comments, BOM, `!`,
//! whitespace, path cleaning, a leading `/` dropped) and `patternmatcher` (`*`, `?`, `[…]`,
//! `**`, `\` escapes, the last matching pattern wins, a path is excluded when it or a parent
//! directory matches). Written from their documented semantics and tests; no regex engine
//! (patterns are matched by a small backtracking matcher over the same tokens).

/// A parsed `.dockerignore`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dockerignore {
    patterns: Vec<Pattern>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Pattern {
    /// The cleaned pattern without its `!`.
    text: String,
    /// A `!` line: re-includes what it matches.
    exclusion: bool,
    kind: MatchKind,
}

/// patternmatcher's four ways of matching, chosen from the pattern's shape.
#[derive(Debug, Clone, PartialEq, Eq)]
enum MatchKind {
    /// No special characters: the path equals the pattern.
    Exact,
    /// Literal text then a final `**`: the path starts with the text.
    Prefix(String),
    /// A leading `**` then literal text: the path ends with it (`**/foo` also matches `foo`).
    Suffix(String),
    Tokens(Vec<Token>),
    /// A malformed pattern (an unclosed `[`): Docker rejects the file; it matches nothing here.
    Invalid,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Char(char),
    /// `?`: one character but `/`.
    One,
    /// `*`: any run of characters without `/`.
    Star,
    /// `**` followed by more pattern: any run of whole directories, `(.*/)?`.
    AnyDirs,
    /// A final `**` after other tokens: anything, `.*`.
    Rest,
    /// `[…]`: (negated, ranges).
    Class(bool, Vec<(char, char)>),
}

impl Dockerignore {
    /// Read a `.dockerignore`'s text. Never fails: a malformed pattern matches nothing.
    pub fn parse(text: &str) -> Dockerignore {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let patterns = text
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| {
                let line = line.trim();
                let (exclusion, rest) = match line.strip_prefix('!') {
                    Some(rest) => (true, rest.trim()),
                    None => (false, line),
                };
                if line.is_empty() || rest.is_empty() {
                    return None; // Docker rejects a lone `!`; nothing to match
                }
                let mut text = clean(rest);
                if text.len() > 1 && text.starts_with('/') {
                    text.remove(0);
                }
                let kind = compile(&text);
                Some(Pattern {
                    text,
                    exclusion,
                    kind,
                })
            })
            .collect();
        Dockerignore { patterns }
    }

    /// Whether the file has `!` lines (BuildKit's own check gives up on those).
    pub fn has_exclusions(&self) -> bool {
        self.patterns.iter().any(|p| p.exclusion)
    }

    /// Whether Docker leaves `path` (slash-separated, relative to the context) out of the
    /// context: patternmatcher's `MatchesOrParentMatches` on the cleaned path.
    pub fn excludes(&self, path: &str) -> bool {
        let path = clean(path);
        // `a`, `a/b` for `a/b/c`: the path up to each `/`.
        let parents: Vec<&str> = path.match_indices('/').map(|(at, _)| &path[..at]).collect();
        let mut matched = false;
        for p in &self.patterns {
            // An inclusion cannot change a matched path, an exclusion an unmatched one.
            if p.exclusion != matched {
                continue;
            }
            let hit = p.matches(&path) || parents.iter().any(|d| p.matches(d));
            if hit {
                matched = !p.exclusion;
            }
        }
        matched
    }

    /// Whether some `!` line could bring back a path below `dir` that the lines before it
    /// exclude: then copying `dir` copies something, and a static check cannot say it is
    /// all ignored.
    pub fn may_reinclude_below(&self, dir: &str) -> bool {
        let dir = clean(dir);
        let dir_parts: Vec<&str> = if dir == "." {
            Vec::new()
        } else {
            dir.split('/').collect()
        };
        self.patterns.iter().filter(|p| p.exclusion).any(|p| {
            if p.text.contains("**") {
                return true;
            }
            let parts: Vec<&str> = p.text.split('/').collect();
            parts.len() > dir_parts.len()
                && dir_parts
                    .iter()
                    .zip(&parts)
                    .all(|(d, pat)| compile(pat).matches(d, pat))
        })
    }

    /// The patterns that are not `!` lines, as cleaned (BuildKit's root check reads them).
    pub fn exclude_patterns(&self) -> impl Iterator<Item = &str> {
        self.patterns
            .iter()
            .filter(|p| !p.exclusion)
            .map(|p| p.text.as_str())
    }
}

impl Pattern {
    fn matches(&self, path: &str) -> bool {
        self.kind.matches(path, &self.text)
    }
}

impl MatchKind {
    fn matches(&self, path: &str, text: &str) -> bool {
        match self {
            MatchKind::Exact => path == text,
            MatchKind::Prefix(prefix) => path.starts_with(prefix.as_str()),
            MatchKind::Suffix(suffix) => {
                path.ends_with(suffix.as_str())
                    || suffix.strip_prefix('/').is_some_and(|s| path == s)
            }
            MatchKind::Tokens(tokens) => {
                let chars: Vec<char> = path.chars().collect();
                match_tokens(tokens, &chars)
            }
            MatchKind::Invalid => false,
        }
    }
}

/// patternmatcher's `compile`: the same classification and tokens as its regexp.
fn compile(pattern: &str) -> MatchKind {
    #[derive(PartialEq)]
    enum Detected {
        Exact,
        Prefix,
        Suffix,
        Tokens,
    }
    let mut detected = Detected::Exact;
    let mut tokens = Vec::new();
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let first = i == 0;
        let c = chars[i];
        i += 1;
        match c {
            '*' if chars.get(i) == Some(&'*') => {
                i += 1;
                if chars.get(i) == Some(&'/') {
                    i += 1; // `**/` is `**`
                }
                if i == chars.len() {
                    if detected == Detected::Exact {
                        detected = Detected::Prefix;
                    } else {
                        tokens.push(Token::Rest);
                        detected = Detected::Tokens;
                    }
                } else {
                    tokens.push(Token::AnyDirs);
                    detected = Detected::Tokens;
                }
                if first {
                    detected = Detected::Suffix;
                }
            }
            '*' => {
                tokens.push(Token::Star);
                detected = Detected::Tokens;
            }
            '?' => {
                tokens.push(Token::One);
                detected = Detected::Tokens;
            }
            '\\' => match chars.get(i) {
                Some(&next) => {
                    tokens.push(Token::Char(next));
                    i += 1;
                    detected = Detected::Tokens;
                }
                None => tokens.push(Token::Char('\\')),
            },
            '[' => {
                let Some((class, next)) = class(&chars, i) else {
                    return MatchKind::Invalid;
                };
                tokens.push(class);
                i = next;
                detected = Detected::Tokens;
            }
            c => tokens.push(Token::Char(c)),
        }
    }
    match detected {
        Detected::Exact => MatchKind::Exact,
        Detected::Prefix => MatchKind::Prefix(pattern[..pattern.len() - 2].to_string()),
        Detected::Suffix => MatchKind::Suffix(pattern[2..].to_string()),
        Detected::Tokens => MatchKind::Tokens(tokens),
    }
}

/// A `[…]` class whose text starts at `i` (after the `[`): the token and the index after `]`.
fn class(chars: &[char], mut i: usize) -> Option<(Token, usize)> {
    let negated = chars.get(i) == Some(&'^');
    if negated {
        i += 1;
    }
    let mut ranges = Vec::new();
    let mut first = true;
    loop {
        let mut c = *chars.get(i)?;
        if c == ']' && !first {
            return Some((Token::Class(negated, ranges), i + 1));
        }
        first = false;
        if c == '\\' {
            i += 1;
            c = *chars.get(i)?;
        }
        i += 1;
        let mut hi = c;
        if chars.get(i) == Some(&'-') && chars.get(i + 1).is_some_and(|&n| n != ']') {
            hi = chars[i + 1];
            if hi == '\\' {
                hi = *chars.get(i + 2)?;
                i += 1;
            }
            i += 2;
        }
        ranges.push((c, hi));
    }
}

/// Whether the tokens match all of `path` (an anchored match), by backtracking with a table
/// of (token, position) pairs already known to fail, so no pattern takes more than
/// tokens × characters steps.
fn match_tokens(tokens: &[Token], path: &[char]) -> bool {
    let width = path.len() + 1;
    let mut failed = vec![false; (tokens.len() + 1) * width];
    fn go(t: usize, p: usize, tokens: &[Token], path: &[char], failed: &mut [bool]) -> bool {
        let width = path.len() + 1;
        if failed[t * width + p] {
            return false;
        }
        let ok = match tokens.get(t) {
            None => p == path.len(),
            Some(Token::Char(c)) => {
                path.get(p) == Some(c) && go(t + 1, p + 1, tokens, path, failed)
            }
            Some(Token::One) => {
                path.get(p).is_some_and(|&c| c != '/') && go(t + 1, p + 1, tokens, path, failed)
            }
            Some(Token::Class(negated, ranges)) => {
                path.get(p)
                    .is_some_and(|&c| ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi) != *negated)
                    && go(t + 1, p + 1, tokens, path, failed)
            }
            Some(Token::Star) => {
                let run = path[p..].iter().take_while(|&&c| c != '/').count();
                (0..=run).any(|n| go(t + 1, p + n, tokens, path, failed))
            }
            Some(Token::Rest) => (p..=path.len()).any(|q| go(t + 1, q, tokens, path, failed)),
            Some(Token::AnyDirs) => {
                // Nothing, or anything up to and including a `/`.
                go(t + 1, p, tokens, path, failed)
                    || (p..path.len())
                        .filter(|&q| path[q] == '/')
                        .any(|q| go(t + 1, q + 1, tokens, path, failed))
            }
        };
        if !ok {
            failed[t * width + p] = true;
        }
        ok
    }
    go(0, 0, tokens, path, &mut failed)
}

/// Go's `path.Clean`: one `/` between elements, no `.` elements, `..` resolved where it can be,
/// no trailing `/`; the empty path is `.`.
pub fn clean(path: &str) -> String {
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => match parts.last() {
                Some(&last) if last != ".." => {
                    parts.pop();
                }
                _ if rooted => {}
                _ => parts.push(".."),
            },
            _ => parts.push(part),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excluded(ignore: &str, path: &str) -> bool {
        Dockerignore::parse(ignore).excludes(path)
    }

    #[test]
    fn cleaning_is_go_path_clean() {
        for (input, want) in [
            ("", "."),
            ("a/b/", "a/b"),
            ("a//b", "a/b"),
            ("./a/./b", "a/b"),
            ("a/../b", "b"),
            ("../a", "../a"),
            ("/../a", "/a"),
            ("/", "/"),
            ("a/b/../..", "."),
        ] {
            assert_eq!(clean(input), want, "{input}");
        }
    }

    /// The cases of Docker's documentation ("Exclude files with .dockerignore") and of
    /// patternmatcher's tests, written from their stated semantics.
    #[test]
    fn patterns_match_as_docker_documents() {
        let cases: &[(&str, &str, bool)] = &[
            // `*` stays within one directory level; a matched directory excludes its contents.
            ("*/temp*", "somedir/temporary.txt", true),
            ("*/temp*", "somedir/temp", true),
            ("*/temp*", "temp", false),
            ("*/temp*", "a/b/temp", false),
            ("*/*/temp*", "somedir/subdir/temporary.txt", true),
            ("temp?", "tempa", true),
            ("temp?", "temp/x", false),
            ("temp?", "tempab", false),
            // A leading or trailing slash, `./` and `..` are cleaned away.
            ("/node_modules", "node_modules/x/y.js", true),
            ("node_modules/", "node_modules", true),
            ("./build", "build/out", true),
            ("a/../b", "b", true),
            // `**` matches any number of directories, including none.
            ("**/*.go", "main.go", true),
            ("**/*.go", "cmd/x/main.go", true),
            ("**/*.go", "main.gox", false),
            ("a/**/b", "a/b", true),
            ("a/**/b", "a/x/y/b", true),
            ("a/**/b", "ab", false),
            ("**", "anything/at/all", true),
            ("dir/**", "dir/x", true),
            ("dir/**", "dirx", false),
            ("dir**", "dirx", true), // a prefix match, as patternmatcher does
            ("**/foo", "foo", true),
            ("**/foo", "a/foo", true),
            ("**/foo", "afoo", false),
            ("**/foo/bar", "x/foo/bar", true),
            ("abc/**", "abc/def/ghi", true),
            ("**/.git", ".git/config", true),
            // Character classes and escapes.
            ("[a-c]at", "bat", true),
            ("[a-c]at", "dat", false),
            ("[^a-c]at", "dat", true),
            ("[^a-c]at", "cat", false),
            ("\\*.md", "*.md", true),
            ("\\*.md", "a.md", false),
            ("a\\[b", "a[b", true),
            // Matching is on the whole path from the context root, not on file names.
            ("*.md", "README.md", true),
            ("*.md", "docs/README.md", false),
            ("docs", "docs/README.md", true),
            ("docs", "mydocs/README.md", false),
            // Dots are literal; `.*` is a file name starting with a dot.
            (".*", ".env", true),
            (".*", "x.env", false),
            ("*.log", "a.log", true),
            ("*.log", "alog", false),
        ];
        for &(pattern, path, want) in cases {
            assert_eq!(excluded(pattern, path), want, "{pattern} vs {path}");
        }
    }

    #[test]
    fn the_last_matching_line_wins_and_exceptions_reinclude() {
        let ignore = "# comment\n*.md\n!README*.md\nREADME-secret.md\n";
        assert!(excluded(ignore, "CHANGES.md"));
        assert!(!excluded(ignore, "README.md"));
        assert!(excluded(ignore, "README-secret.md"));
        assert!(!excluded(ignore, "# comment"));
        // An exception inside an excluded directory re-includes that file (Docker's docs).
        let dir = "node_modules\n!node_modules/keep.js\n";
        assert!(!excluded(dir, "node_modules/keep.js"));
        assert!(excluded(dir, "node_modules/other.js"));
        let all = "**\n!Dockerfile\n!src\n";
        assert!(!excluded(all, "Dockerfile"));
        assert!(!excluded(all, "src/main.rs"));
        assert!(excluded(all, "target/x"));
    }

    #[test]
    fn lines_are_trimmed_and_odd_lines_match_nothing() {
        let d = Dockerignore::parse("\u{feff}  build  \n\n  # not a comment\n!\n[abc\n \t\n");
        assert!(d.excludes("build"));
        assert!(
            d.excludes("# not a comment"),
            "only a `#` in the first column starts a comment"
        );
        assert!(!d.excludes("[abc"));
        assert!(!d.has_exclusions());
    }

    #[test]
    fn reinclusion_below_a_directory() {
        let d = Dockerignore::parse("**\n!src/keep\n");
        assert!(d.may_reinclude_below("."));
        assert!(d.may_reinclude_below("src"));
        assert!(!d.may_reinclude_below("docs"));
        assert!(!d.may_reinclude_below("src/keep"));
        assert!(Dockerignore::parse("*\n!**/x\n").may_reinclude_below("a"));
    }

    #[test]
    fn long_and_pathological_paths_finish() {
        let d = Dockerignore::parse("**/a*a*a*a*a*a*a*b\n");
        let path = "a".repeat(3000);
        assert!(!d.excludes(&path));
    }
}
