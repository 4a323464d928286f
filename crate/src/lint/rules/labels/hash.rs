//! Git commit ids: full (40 hex digits for SHA-1, 64 for SHA-256 repositories) or abbreviated
//! (7 to 39 digits; git lengthens abbreviations as a repository grows).

pub fn is_valid(text: &str) -> bool {
    let len_ok = (7..=40).contains(&text.len()) || text.len() == 64;
    len_ok && text.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::is_valid;

    #[test]
    fn commit_ids() {
        assert!(is_valid("a1b2c3d"));
        assert!(is_valid("0123456789abcdef0123456789abcdef01234567"));
        assert!(is_valid("9fceb02d0ae5")); // a 12-digit abbreviation: hadolint wants 7 or 40
        assert!(is_valid(&"ab".repeat(32)));
        assert!(!is_valid("abc123"));
        assert!(!is_valid("main"));
        assert!(!is_valid("$GIT_COMMIT"));
        assert!(!is_valid(&"a".repeat(41)));
        assert!(!is_valid("g1b2c3d"));
    }
}
