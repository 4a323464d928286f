//! SPDX license expressions (`MIT`, `Apache-2.0 OR MIT`, `GPL-2.0-only WITH
//! Classpath-exception-2.0`, `LicenseRef-acme`), as the OCI `licenses` annotation takes them.
//!
//! The license ids are the full SPDX License List as packaged by the npm module
//! `spdx-license-ids` 3.0.23 (CC0-1.0): its current and deprecated ids, 721 in all (9 KB).
//! Exception ids after `WITH` are checked for their form only.

const IDS: &str = include_str!("spdx_ids.txt");

/// Whether `id` is on the SPDX License List (ids match case-insensitively, as SPDX says).
pub fn is_license_id(id: &str) -> bool {
    IDS.lines().any(|l| l.eq_ignore_ascii_case(id))
}

/// Whether `text` is a valid SPDX license expression whose license ids are all known.
pub fn is_valid(text: &str) -> bool {
    let tokens = tokens(text);
    let mut p = Parser { tokens, at: 0 };
    p.expression(0) && p.at == p.tokens.len()
}

/// SPDX `idstring`: letters, digits, `.` and `-`.
fn is_idstring(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
}

fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for word in text.split_whitespace() {
        let mut rest = word;
        while !rest.is_empty() {
            let cut = rest.find(['(', ')']).unwrap_or(rest.len());
            if cut == 0 {
                out.push(&rest[..1]);
                rest = &rest[1..];
            } else {
                out.push(&rest[..cut]);
                rest = &rest[cut..];
            }
        }
    }
    out
}

struct Parser<'a> {
    tokens: Vec<&'a str>,
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&str> {
        self.tokens.get(self.at).copied()
    }

    fn operator(&self, op: &str) -> bool {
        self.peek()
            .is_some_and(|t| t == op || t == op.to_ascii_lowercase())
    }

    /// expression := term (("AND" | "OR") term)*; nesting is bounded by the input length.
    fn expression(&mut self, depth: usize) -> bool {
        if depth > 32 || !self.term(depth) {
            return false;
        }
        while self.operator("AND") || self.operator("OR") {
            self.at += 1;
            if !self.term(depth) {
                return false;
            }
        }
        true
    }

    /// term := "(" expression ")" | license ["WITH" exception]
    fn term(&mut self, depth: usize) -> bool {
        match self.peek() {
            Some("(") => {
                self.at += 1;
                if !self.expression(depth + 1) || self.peek() != Some(")") {
                    return false;
                }
                self.at += 1;
                true
            }
            Some(t) if license(t) => {
                self.at += 1;
                if self.operator("WITH") {
                    self.at += 1;
                    let ok = self.peek().is_some_and(is_idstring);
                    self.at += 1;
                    return ok;
                }
                true
            }
            _ => false,
        }
    }
}

/// A license id (optionally `+`: "or later"), `LicenseRef-…` or `DocumentRef-…:LicenseRef-…`.
fn license(token: &str) -> bool {
    if let Some((doc, lic)) = token.split_once(':') {
        return doc.strip_prefix("DocumentRef-").is_some_and(is_idstring)
            && lic.strip_prefix("LicenseRef-").is_some_and(is_idstring);
    }
    if let Some(r) = token.strip_prefix("LicenseRef-") {
        return is_idstring(r);
    }
    is_license_id(token.strip_suffix('+').unwrap_or(token))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_expressions() {
        for ok in [
            "MIT",
            "Apache-2.0",
            "apache-2.0",
            "GPL-2.0+",
            "GPL-3.0-or-later",
            "MIT OR Apache-2.0",
            "(MIT AND BSD-3-Clause) OR Apache-2.0",
            "GPL-2.0-only WITH Classpath-exception-2.0",
            "LicenseRef-acme-1",
            "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2",
            "0BSD",
            "zlib-acknowledgement",
        ] {
            assert!(is_valid(ok), "{ok}");
        }
    }

    #[test]
    fn invalid_expressions() {
        for bad in [
            "",
            "MIT License",
            "Apache 2.0",
            "GPLv3",
            "MIT OR",
            "(MIT",
            "MIT)",
            "MIT AND AND BSD-2-Clause",
            "GPL-2.0 WITH",
            "LicenseRef-",
            "Proprietary",
        ] {
            assert!(!is_valid(bad), "{bad}");
        }
        assert!(
            !is_valid(&"(".repeat(100)),
            "deep nesting is refused, not overflowed"
        );
    }

    #[test]
    fn the_list_is_sorted_unique_and_clean() {
        let ids: Vec<&str> = IDS.lines().collect();
        assert_eq!(ids.len(), 721);
        assert!(ids.iter().all(|i| is_idstring(i.trim_end_matches('+'))));
        let mut sorted = ids.clone();
        sorted.sort_by_key(|s| s.to_ascii_lowercase());
        sorted.dedup();
        assert_eq!(sorted, ids);
    }
}
