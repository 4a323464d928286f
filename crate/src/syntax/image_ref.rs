//! Image references as written after `FROM` or in `--from=`: `[registry[:port]/]path[:tag][@digest]`.

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
                if first.contains('.') || first.contains(':') || first == "localhost" =>
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

    /// Docker Hub (`docker.io`, `index.docker.io` or no registry).
    pub fn is_docker_hub(&self) -> bool {
        matches!(
            self.registry.as_deref(),
            None | Some("docker.io") | Some("index.docker.io") | Some("registry-1.docker.io")
        )
    }

    /// The name users write for official images (`ubuntu`), else the full path.
    pub fn short_name(&self) -> &str {
        if self.is_docker_hub() {
            self.path.strip_prefix("library/").unwrap_or(&self.path)
        } else {
            &self.path
        }
    }

    /// Whether the reference uses a build argument (`$VAR`, `${VAR}`) anywhere.
    pub fn has_variable(text: &str) -> bool {
        text.contains('$')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
