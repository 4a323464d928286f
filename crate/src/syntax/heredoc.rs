//! Heredoc markers (`<<EOF`, `<<-EOF`, `<<"EOF"`, `3<<EOF`, `<< EOF`) found exactly as
//! BuildKit does: the whole instruction line is split into words by the shell lexer (quotes,
//! escapes and `$VARS` kept as written, `\` as escape whatever `# escape=` says), and each
//! word is matched against `^(\d*)<<(-?)\s*([^<]*)$`; the delimiter is the rest processed by
//! the lexer (one word, or it is no heredoc). It expands unless some part of it was quoted.

use super::expand::{Lexer, NoEnv};
use std::ops::Range;

/// A heredoc marker in an instruction line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Marker {
    pub name: String,
    pub expand: bool,
    pub chomp: bool,
    pub fd: Option<u64>,
    /// Byte range of the marker word in the (logical) line.
    pub range: Range<usize>,
}

/// BuildKit's `ParseHeredoc` on one word: `Ok(None)` when it is not a heredoc, `Err` when it
/// looks like one but cannot be processed (BuildKit rejects the file).
pub(crate) fn parse_marker(word: &str) -> Result<Option<Marker>, String> {
    let b = word.as_bytes();
    let mut i = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let digits = &word[..i];
    if !word[i..].starts_with("<<") {
        return Ok(None);
    }
    i += 2;
    let chomp = b.get(i) == Some(&b'-');
    if chomp {
        i += 1;
    }
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\x0c' | b'\r') {
        i += 1;
    }
    let rest = &word[i..];
    if rest.contains('<') || rest.is_empty() {
        return Ok(None);
    }
    let mut lex = Lexer {
        skip_unset_env: true,
        ..Lexer::new('\\')
    };
    let words = lex
        .process_words(rest, &NoEnv)
        .map_err(|e| format!("failed to process `{rest}`: {e}"))?;
    if words.len() != 1 {
        return Ok(None);
    }
    lex.raw_quotes = true;
    let raw = lex
        .process_words(rest, &NoEnv)
        .map_err(|e| format!("failed to process `{rest}`: {e}"))?;
    if raw.len() != words.len() {
        return Err(format!(
            "internal lexing of heredoc produced inconsistent results: {rest}"
        ));
    }
    let quotes = |s: &str| s.matches(['\'', '"']).count();
    let expand = quotes(&words[0]) == quotes(&raw[0]);
    let fd = if digits.is_empty() {
        None
    } else {
        Some(digits.parse().unwrap_or(0))
    };
    Ok(Some(Marker {
        name: words.into_iter().next().unwrap_or_default(),
        expand,
        chomp,
        fd,
        range: 0..word.len(),
    }))
}

/// BuildKit's `heredocsFromLine`. A line the lexer cannot split (an unterminated quote, a bad
/// `${`) has no heredocs, as in BuildKit, which ignores that error.
pub(crate) fn markers(line: &str) -> Result<Vec<Marker>, (String, Range<usize>)> {
    let lex = Lexer {
        raw_quotes: true,
        raw_escapes: true,
        skip_unset_env: true,
        ..Lexer::new('\\')
    };
    let Ok(expansion) = lex.process(line, &NoEnv) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for w in expansion.words {
        match parse_marker(&w.text) {
            Ok(Some(mut m)) => {
                m.range = w.range;
                out.push(m);
            }
            Ok(None) => {}
            Err(e) => return Err((e, w.range)),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str) -> Vec<String> {
        markers(line).unwrap().into_iter().map(|m| m.name).collect()
    }

    #[test]
    fn buildkit_heredoc_helpers() {
        for src in [
            "<<EOF",
            "<<'EOF'",
            "<<\"EOF\"",
            "<<-EOF",
            "<<-'EOF'",
            "<<-\"EOF\"",
            "<<EO\"F\"",
            "<< EOF",
            "<<- EOF",
        ] {
            assert_eq!(parse_marker(src).unwrap().unwrap().name, "EOF", "{src}");
        }
        for src in ["<<'EOF", "<<\"EOF", "<<EOF'", "<<EOF\""] {
            assert!(parse_marker(src).is_err(), "{src}");
        }
        for src in ["", "EOF", "<<", "<<-", "<EOF", "<<<EOF", "<<EOF sh"] {
            assert_eq!(parse_marker(src).unwrap(), None, "{src}");
        }
    }

    #[test]
    fn buildkit_heredocs_from_line() {
        assert_eq!(names("RUN <<EOF"), ["EOF"]);
        // The lexer keeps blanks after `<<` in the word, not after `<<-`: BuildKit sees the
        // words `<<-` and `EOF` here, so no heredoc (its own test passes vacuously).
        assert!(names("RUN <<- EOF").is_empty());
        assert_eq!(names("RUN << -EOF"), ["-EOF"]);
        assert_eq!(names("RUN 4<<EOF"), ["EOF"]);
        assert_eq!(names("RUN <<EOF <<EOF2"), ["EOF", "EOF2"]);
        assert!(names("RUN '<<EOF'").is_empty());
        assert!(names("RUN \"<<EOF\"").is_empty());
        assert!(names("RUN cat<<EOF").is_empty());
        assert!(names("RUN echo \"unterminated <<EOF").is_empty());
        let m = markers("RUN <<  EOF  > foo").unwrap();
        assert_eq!(m[0].name, "EOF");
        assert_eq!(m[0].range, 4..11);
    }

    #[test]
    fn expand_is_off_when_any_part_is_quoted() {
        let m = |s: &str| parse_marker(s).unwrap().unwrap();
        assert!(m("<<eof").expand);
        assert!(m("<<eo\\'f").expand);
        assert_eq!(m("<<eo\\'f").name, "eo'f");
        assert!(!m("<<eo'f'").expand);
        assert!(!m("<<'e'o\\'f").expand);
        assert_eq!(m("<<'one two'").name, "one two");
        assert_eq!(m("<<$EOF").name, "$EOF");
        assert_eq!(m("3<<-X").fd, Some(3));
    }
}
