//! Image references as written after `FROM` or in `--from=`: `[registry[:port]/]path[:tag][@digest]`.
//! [`ImageRef::parse`] is lenient (it reads what is written); [`ImageRef::validate`] applies
//! the grammar of `distribution/reference` (what Docker and BuildKit accept), and
//! [`ImageRef::normalized`] gives the full form Docker resolves (`ubuntu` →
//! `docker.io/library/ubuntu:latest`). References with `$ARG`s are expanded first with
//! [`ImageRef::parse_in`].

use super::scope::Scope;

/// A parsed image reference. Fields borrow nothing so callers can keep them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// Registry host (with port) if the reference names one, e.g. `ghcr.io`, `localhost:5000`.
    pub registry: Option<String>,
    /// Repository path without registry, e.g. `library/ubuntu` is written `ubuntu`.
    pub path: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
    /// Byte offset of the tag (after `:`) within the reference text, if any.
    pub tag_offset: Option<usize>,
    /// Byte length of `[registry/]path`, where a missing tag would be inserted.
    pub name_len: usize,
}

/// The registry names that pull from Docker Hub.
pub const DOCKER_HUB_REGISTRIES: &[&str] =
    &["docker.io", "index.docker.io", "registry-1.docker.io"];

/// Whether a name in a config (hadolint's `trustedRegistries`) means Docker Hub: one of its
/// registry names, or `hub.docker.com`, the site people also write for it (no registry: an image
/// reference naming it does not pull).
pub fn names_docker_hub(name: &str) -> bool {
    DOCKER_HUB_REGISTRIES
        .iter()
        .chain(&["hub.docker.com"])
        .any(|hub| hub.eq_ignore_ascii_case(name))
}

impl ImageRef {
    /// Parse a reference. Returns `None` for text that cannot be one (empty, whitespace).
    pub fn parse(text: &str) -> Option<ImageRef> {
        if text.is_empty() || text.chars().any(char::is_whitespace) {
            return None;
        }
        let (name_tag, digest) = match text.split_once('@') {
            Some((n, d)) => (n, Some(d.to_string())),
            None => (text, None),
        };
        // A ':' after the last '/' separates the tag; one before it is a registry port.
        let last_slash = name_tag.rfind('/').map_or(0, |p| p + 1);
        let (name, tag, tag_offset) = match name_tag[last_slash..].rfind(':') {
            Some(p) => {
                let at = last_slash + p;
                (
                    &name_tag[..at],
                    Some(name_tag[at + 1..].to_string()),
                    Some(at + 1),
                )
            }
            None => (name_tag, None, None),
        };
        let (registry, path) = match name.split_once('/') {
            Some((first, rest))
                if first.contains('.')
                    || first.contains(':')
                    || first == "localhost"
                    || first.chars().any(|c| c.is_ascii_uppercase()) =>
            {
                (Some(first.to_string()), rest.to_string())
            }
            _ => (None, name.to_string()),
        };
        Some(ImageRef {
            registry,
            path,
            tag,
            digest,
            tag_offset,
            name_len: name.len(),
        })
    }

    /// Docker Hub: no registry, or one of [`DOCKER_HUB_REGISTRIES`].
    pub fn is_docker_hub(&self) -> bool {
        self.registry.as_deref().is_none_or(|r| {
            DOCKER_HUB_REGISTRIES
                .iter()
                .any(|hub| hub.eq_ignore_ascii_case(r))
        })
    }

    /// The name users write for official images (`ubuntu`), else the full path.
    pub fn short_name(&self) -> &str {
        if self.is_docker_hub() {
            self.path.strip_prefix("library/").unwrap_or(&self.path)
        } else {
            &self.path
        }
    }

    /// The reference as users write it, without digest: `python:3.12` (no `docker.io/library/`),
    /// `ghcr.io/acme/app:1`, `alpine` (no tag added).
    pub fn familiar(&self) -> String {
        let name = match &self.registry {
            Some(r) if !self.is_docker_hub() => format!("{r}/{}", self.path),
            _ => self.short_name().to_string(),
        };
        match self.tag.as_deref() {
            Some(t) if !t.is_empty() => format!("{name}:{t}"),
            _ => name,
        }
    }

    /// Whether the reference uses a build argument (`$VAR`, `${VAR}`) anywhere.
    pub fn has_variable(text: &str) -> bool {
        text.contains('$')
    }

    /// Parse after substituting the variables of `scope` (e.g. [`Scope::global`] for FROM).
    /// `None` when a variable has no known value or the result is not a reference.
    pub fn parse_in(text: &str, scope: &Scope, escape: char) -> Option<ImageRef> {
        ImageRef::parse(&scope.expand(text, escape)?)
    }

    /// The registry Docker pulls from: the one written, else `docker.io` (`index.docker.io`
    /// is also `docker.io`, as Docker normalizes it; `registry-1.docker.io` stays as written).
    pub fn domain(&self) -> &str {
        match self.registry.as_deref() {
            None | Some("index.docker.io") => "docker.io",
            Some(r) => r,
        }
    }

    /// The repository path Docker uses: official Docker Hub images get `library/`.
    pub fn repository(&self) -> String {
        if self.domain() == "docker.io" && !self.path.contains('/') {
            format!("library/{}", self.path)
        } else {
            self.path.clone()
        }
    }

    /// The fully qualified reference Docker resolves: `ubuntu` →
    /// `docker.io/library/ubuntu:latest`; `localhost:5000/app@sha256:…` keeps its digest and
    /// gets no tag.
    pub fn normalized(&self) -> String {
        let mut out = format!("{}/{}", self.domain(), self.repository());
        match (&self.tag, &self.digest) {
            (Some(t), _) => {
                out.push(':');
                out.push_str(t);
            }
            (None, None) => out.push_str(":latest"),
            (None, Some(_)) => {}
        }
        if let Some(d) = &self.digest {
            out.push('@');
            out.push_str(d);
        }
        out
    }

    /// Check `text` against Docker's reference grammar (`distribution/reference`).
    pub fn validate(text: &str) -> Result<(), RefError> {
        let (name_tag, digest) = match text.split_once('@') {
            Some((n, d)) => (n, Some(d)),
            None => (text, None),
        };
        let last_slash = name_tag.rfind('/').map_or(0, |p| p + 1);
        let (name, tag) = match name_tag[last_slash..].rfind(':') {
            Some(p) => (
                &name_tag[..last_slash + p],
                Some(&name_tag[last_slash + p + 1..]),
            ),
            None => (name_tag, None),
        };
        if name.is_empty() {
            return Err(RefError::Format);
        }
        if name.len() > 255 {
            return Err(RefError::NameTooLong);
        }
        let (domain, path) = match name.split_once('/') {
            Some((first, rest))
                if first.contains(['.', ':'])
                    || first == "localhost"
                    || first.chars().any(|c| c.is_ascii_uppercase()) =>
            {
                (Some(first), rest)
            }
            _ => (None, name),
        };
        if let Some(d) = domain {
            if !valid_domain(d) {
                return Err(RefError::Format);
            }
        }
        for component in path.split('/') {
            if component.chars().any(|c| c.is_ascii_uppercase()) {
                return Err(RefError::Uppercase);
            }
            if !valid_component(component) {
                return Err(RefError::Format);
            }
        }
        if let Some(t) = tag {
            let mut chars = t.chars();
            let first_ok = chars
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
            let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
            if !first_ok || !rest_ok || t.len() > 128 {
                return Err(RefError::Tag);
            }
        }
        if let Some(d) = digest {
            if !valid_digest(d) {
                return Err(RefError::Digest);
            }
        }
        Ok(())
    }
}

/// Why a reference is not valid, with Docker's wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefError {
    Format,
    Uppercase,
    NameTooLong,
    Tag,
    Digest,
}

impl std::fmt::Display for RefError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            RefError::Format => "invalid reference format",
            RefError::Uppercase => "invalid reference format: repository name must be lowercase",
            RefError::NameTooLong => "repository name must not be more than 255 characters",
            RefError::Tag => "invalid tag format",
            RefError::Digest => "invalid digest format",
        })
    }
}

/// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`
fn valid_component(c: &str) -> bool {
    let b = c.as_bytes();
    let alnum = |x: u8| x.is_ascii_lowercase() || x.is_ascii_digit();
    if b.is_empty() || !alnum(b[0]) || !alnum(b[b.len() - 1]) {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        if alnum(b[i]) {
            i += 1;
            continue;
        }
        let sep_start = i;
        while i < b.len() && !alnum(b[i]) {
            i += 1;
        }
        let sep = &c[sep_start..i];
        if !(sep == "." || sep == "_" || sep == "__" || sep.bytes().all(|x| x == b'-')) {
            return false;
        }
    }
    true
}

/// Host names (letters, digits, inner `-`, dot-separated) or `[IPv6]`, with an optional port.
fn valid_domain(d: &str) -> bool {
    let (host, port) = if let Some(rest) = d.strip_prefix('[') {
        match rest.split_once(']') {
            Some((ip, after)) => {
                if ip.is_empty() || !ip.chars().all(|c| c.is_ascii_hexdigit() || c == ':') {
                    return false;
                }
                ("ipv6", after.strip_prefix(':'))
            }
            None => return false,
        }
    } else {
        match d.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (d, None),
        }
    };
    if let Some(p) = port {
        if p.is_empty() || !p.bytes().all(|c| c.is_ascii_digit()) {
            return false;
        }
    }
    host.split('.').all(|label| {
        let b = label.as_bytes();
        !b.is_empty()
            && b[0].is_ascii_alphanumeric()
            && b[b.len() - 1].is_ascii_alphanumeric()
            && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
    })
}

/// `algorithm:hex`, the hex at least 32 characters.
fn valid_digest(d: &str) -> bool {
    let Some((algo, hex)) = d.split_once(':') else {
        return false;
    };
    let algo_ok = algo.split(['-', '_', '+', '.']).all(|part| {
        let mut c = part.chars();
        c.next().is_some_and(|x| x.is_ascii_alphabetic()) && c.all(|x| x.is_ascii_alphanumeric())
    });
    algo_ok && hex.len() >= 32 && hex.bytes().all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_hub_has_one_list_of_names() {
        for hub in [
            "docker.io/library/ubuntu",
            "INDEX.docker.io/x/y",
            "registry-1.docker.io/x/y",
        ] {
            assert!(ImageRef::parse(hub).unwrap().is_docker_hub(), "{hub}");
        }
        // The site is no registry: an image naming it does not pull from Hub.
        assert!(!ImageRef::parse("hub.docker.com/x/y")
            .unwrap()
            .is_docker_hub());
        // In a config it means Docker Hub, as every registry name of it does.
        assert!(["docker.io", "hub.docker.com", "Registry-1.Docker.io"]
            .iter()
            .all(|n| names_docker_hub(n)));
        assert!(!names_docker_hub("ghcr.io"));
    }

    #[test]
    fn parses_tags_ports_and_digests() {
        let r = ImageRef::parse("ubuntu").unwrap();
        assert_eq!((r.registry, r.path.as_str(), r.tag), (None, "ubuntu", None));
        let r = ImageRef::parse("localhost:5000/team/app:1.2").unwrap();
        assert_eq!(r.registry.as_deref(), Some("localhost:5000"));
        assert_eq!(r.path, "team/app");
        assert_eq!(r.tag.as_deref(), Some("1.2"));
        assert_eq!(r.tag_offset, Some(24));
        let r = ImageRef::parse("python:3.12-slim@sha256:abc").unwrap();
        assert_eq!(r.tag.as_deref(), Some("3.12-slim"));
        assert_eq!(r.digest.as_deref(), Some("sha256:abc"));
        let r = ImageRef::parse("docker.io/library/node:22").unwrap();
        assert!(r.is_docker_hub());
        assert_eq!(r.short_name(), "node");
        assert!(ImageRef::parse("").is_none());
    }

    #[test]
    fn normalizes_like_docker() {
        let n = |s: &str| ImageRef::parse(s).unwrap().normalized();
        assert_eq!(n("ubuntu"), "docker.io/library/ubuntu:latest");
        assert_eq!(n("ubuntu:22.04"), "docker.io/library/ubuntu:22.04");
        assert_eq!(n("bitnami/redis"), "docker.io/bitnami/redis:latest");
        assert_eq!(
            n("index.docker.io/library/node:22"),
            "docker.io/library/node:22"
        );
        assert_eq!(n("ghcr.io/owner/app:v1"), "ghcr.io/owner/app:v1");
        assert_eq!(n("localhost:5000/app"), "localhost:5000/app:latest");
        let digest = format!("sha256:{}", "a".repeat(64));
        assert_eq!(
            n(&format!("alpine@{digest}")),
            format!("docker.io/library/alpine@{digest}")
        );
        assert_eq!(
            n(&format!("alpine:3.20@{digest}")),
            format!("docker.io/library/alpine:3.20@{digest}")
        );
    }

    #[test]
    fn validates_the_reference_grammar() {
        let digest = format!("sha256:{}", "0".repeat(64));
        for ok in [
            "ubuntu",
            "a/b/c:1.0_x-y",
            "registry.example.com:5000/team/app:tag",
            "[::1]:5000/app",
            "my_app__x.y-z",
            &format!("alpine@{digest}"),
        ] {
            assert_eq!(ImageRef::validate(ok), Ok(()), "{ok}");
        }
        assert_eq!(ImageRef::validate("Ubuntu"), Err(RefError::Uppercase));
        assert_eq!(ImageRef::validate("ubuntu:"), Err(RefError::Tag));
        assert_eq!(ImageRef::validate("ubuntu:-x"), Err(RefError::Tag));
        assert_eq!(
            ImageRef::validate("alpine@sha256:abc"),
            Err(RefError::Digest)
        );
        assert_eq!(ImageRef::validate("a//b"), Err(RefError::Format));
        assert_eq!(ImageRef::validate("-a"), Err(RefError::Format));
        assert_eq!(
            ImageRef::validate(&"a".repeat(256)),
            Err(RefError::NameTooLong)
        );
    }

    #[test]
    fn build_arguments_are_expanded_first() {
        let df = crate::syntax::parse("ARG V=3.20\nARG R=ghcr.io\nFROM $R/me/alpine:${V}\n");
        let global = Scope::global(&df);
        let r = ImageRef::parse_in("$R/me/alpine:${V}", &global, '\\').unwrap();
        assert_eq!(r.normalized(), "ghcr.io/me/alpine:3.20");
        assert!(ImageRef::parse_in("alpine:$UNSET", &global, '\\').is_none());
        assert!(ImageRef::parse_in("$TARGETARCH/alpine", &global, '\\').is_none());
    }
}
