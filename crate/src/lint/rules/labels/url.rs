//! Absolute URIs as RFC 3986 defines them (`https://example.com/x?y#z`, `mailto:a@b`,
//! `urn:isbn:0451450523`): a scheme, then only the characters a URI may contain, `%` escapes
//! of two hex digits, at most one `#`, and a well-formed authority after `//`.

pub fn is_valid(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let scheme_ok = scheme
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic())
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b));
    if !scheme_ok || !characters(rest) || rest.matches('#').count() > 1 {
        return false;
    }
    match rest.strip_prefix("//") {
        Some(after) => {
            let end = after.find(['/', '?', '#']).unwrap_or(after.len());
            authority(&after[..end])
        }
        None => true,
    }
}

/// unreserved / reserved / `%` HEXDIG HEXDIG
fn characters(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'%' {
            let hex = |k: usize| b.get(k).is_some_and(u8::is_ascii_hexdigit);
            if !(hex(i + 1) && hex(i + 2)) {
                return false;
            }
            i += 3;
            continue;
        }
        if !(c.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&c)) {
            return false;
        }
        i += 1;
    }
    true
}

/// `[userinfo@]host[:port]`: the host a name or an `[IP literal]`, the port digits (a port
/// needs a host).
fn authority(s: &str) -> bool {
    let host_port = match s.rsplit_once('@') {
        Some((user, _)) if user.contains(['[', ']']) => return false,
        Some((_, hp)) => hp,
        None => s,
    };
    let (host, port) = match host_port.strip_prefix('[') {
        Some(literal) => match literal.split_once(']') {
            Some((ip, rest)) if !ip.is_empty() => match rest.strip_prefix(':') {
                Some(port) => (ip, port),
                None if rest.is_empty() => (ip, ""),
                None => return false,
            },
            _ => return false,
        },
        None => {
            let (h, p) = host_port.rsplit_once(':').unwrap_or((host_port, ""));
            if h.contains(['[', ']']) {
                return false;
            }
            (h, p)
        }
    };
    (port.is_empty() || !host.is_empty()) && port.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::is_valid;

    #[test]
    fn urls() {
        for ok in [
            "https://example.com",
            "https://example.com:8443/docs/x?y=1#top",
            "http://user:pw@[2001:db8::1]:80/",
            "mailto:jane@example.com",
            "urn:isbn:0451450523",
            "file:///etc/hosts",
            "https://example.com/a%20b",
        ] {
            assert!(is_valid(ok), "{ok}");
        }
        for bad in [
            "example.com",
            "www.example.com/x",
            "https://exa mple.com",
            "https://example.com/a%2",
            "1http://x",
            "https://example.com:80a/",
            "https://x/#a#b",
            "",
            "https://example.com/<script>",
        ] {
            assert!(!is_valid(bad), "{bad}");
        }
    }
}
