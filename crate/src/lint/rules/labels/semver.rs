//! Semantic Versioning 2.0.0 (semver.org): `MAJOR.MINOR.PATCH[-pre.release][+build.meta]`,
//! numbers without leading zeros, no `v` prefix.

pub fn is_valid(text: &str) -> bool {
    let (rest, build) = match text.split_once('+') {
        Some((r, b)) => (r, Some(b)),
        None => (text, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (rest, None),
    };
    let numbers: Vec<&str> = core.split('.').collect();
    numbers.len() == 3
        && numbers.iter().all(|n| numeric(n))
        && pre.is_none_or(|p| identifiers(p, true))
        && build.is_none_or(|b| identifiers(b, false))
}

fn numeric(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'))
}

/// Dot-separated identifiers of `[0-9A-Za-z-]`; numeric pre-release identifiers take no
/// leading zeros.
fn identifiers(s: &str, pre_release: bool) -> bool {
    s.split('.').all(|id| {
        !id.is_empty()
            && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && (!pre_release || !id.bytes().all(|b| b.is_ascii_digit()) || numeric(id))
    })
}

#[cfg(test)]
mod tests {
    use super::is_valid;

    #[test]
    fn versions() {
        for ok in [
            "0.0.0",
            "1.2.3",
            "10.20.30",
            "1.0.0-alpha.1",
            "1.0.0-0.3.7",
            "1.0.0+20130313144700",
            "1.0.0-beta+exp.sha.5114f85",
            "1.0.0-x-y-z.--",
        ] {
            assert!(is_valid(ok), "{ok}");
        }
        for bad in [
            "1",
            "1.2",
            "v1.2.3",
            "01.2.3",
            "1.2.3-",
            "1.2.3-01",
            "1.2.3+",
            "1.2.3.4",
            "1.2.3-alpha..1",
            "latest",
            "1.2.3 ",
        ] {
            assert!(!is_valid(bad), "{bad}");
        }
    }
}
