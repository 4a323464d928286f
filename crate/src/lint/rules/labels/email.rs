//! E-mail addresses as RFC 5322 writes them: an `addr-spec` (`jane@example.com`,
//! `"jane doe"@example.com`, `jane@[192.0.2.1]`), or a mailbox with a display name
//! (`Jane Doe <jane@example.com>`), the usual form of a `maintainer` label.

pub fn is_valid(text: &str) -> bool {
    match text.strip_suffix('>').and_then(|t| t.split_once('<')) {
        Some((name, addr)) => !name.contains('>') && addr_spec(addr),
        None => addr_spec(text),
    }
}

fn addr_spec(s: &str) -> bool {
    let Some(at) = s.rfind('@') else { return false };
    let (local, domain) = (&s[..at], &s[at + 1..]);
    let local_ok = if local.starts_with('"') {
        quoted_string(local)
    } else {
        dot_atom(local)
    };
    let domain_ok = match domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
        Some(literal) => literal
            .bytes()
            .all(|b| (33..=126).contains(&b) && !b"[]\\".contains(&b)),
        None => dot_atom(domain),
    };
    local_ok && local.len() <= 64 && domain_ok && domain.len() <= 255
}

fn atext(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~".contains(&b)
}

fn dot_atom(s: &str) -> bool {
    !s.is_empty()
        && s.split('.')
            .all(|part| !part.is_empty() && part.bytes().all(atext))
}

fn quoted_string(s: &str) -> bool {
    let Some(inner) = s.strip_prefix('"').and_then(|s| s.strip_suffix('"')) else {
        return false;
    };
    let mut bytes = inner.bytes();
    while let Some(b) = bytes.next() {
        match b {
            b'\\' => {
                if !bytes.next().is_some_and(|n| (32..=126).contains(&n)) {
                    return false;
                }
            }
            b'"' => return false,
            b if (32..=126).contains(&b) => {}
            _ => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::is_valid;

    #[test]
    fn addresses() {
        for ok in [
            "jane@example.com",
            "jane.doe+docker@mail.example.co.uk",
            "\"jane doe\"@example.com",
            "ops@[192.0.2.1]",
            "Jane Doe <jane@example.com>",
            "\"Doe, Jane\" <jane@example.com>",
            "<jane@example.com>",
            "root@localhost",
        ] {
            assert!(is_valid(ok), "{ok}");
        }
        for bad in [
            "jane",
            "jane@",
            "@example.com",
            "jane..doe@example.com",
            "jane doe@example.com",
            "jane@example..com",
            "Jane <jane@example.com",
            "jane@example.com>",
            "\"unclosed@example.com",
            "https://example.com",
        ] {
            assert!(!is_valid(bad), "{bad}");
        }
    }
}
