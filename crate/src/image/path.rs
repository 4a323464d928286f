//! Paths inside layers: one normal form for counting and comparing, and the OCI whiteout names.

/// The normal form of a tar path: no leading `/` or `./`, no empty or `.` components, `..`
/// applied. The root is `""`. `None` when `..` climbs above the root (a path-traversal entry,
/// which runtimes refuse to extract).
pub fn normalize(raw: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for c in raw.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            c => parts.push(c),
        }
    }
    Some(parts.join("/"))
}

/// What an OCI whiteout name asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Whiteout<'a> {
    /// Not a whiteout: an ordinary entry.
    No,
    /// `dir/.wh..wh..opq`: hide everything lower layers had under `dir` (`""` is the root).
    Opaque { dir: &'a str },
    /// `dir/.wh.name`: delete `dir/name` (and its subtree) from lower layers.
    Delete { target: String },
    /// Another `.wh..wh.` name (AUFS bookkeeping such as `.wh..wh.plnk`): not a whiteout,
    /// and not content either.
    Reserved,
}

/// Classify a normalized path.
pub fn whiteout(path: &str) -> Whiteout<'_> {
    let (dir, base) = match path.rsplit_once('/') {
        Some((d, b)) => (d, b),
        None => ("", path),
    };
    if base == ".wh..wh..opq" {
        Whiteout::Opaque { dir }
    } else if base.starts_with(".wh..wh.") {
        Whiteout::Reserved
    } else if let Some(name) = base.strip_prefix(".wh.") {
        if name.is_empty() {
            return Whiteout::Reserved;
        }
        let target = if dir.is_empty() {
            name.to_string()
        } else {
            format!("{dir}/{name}")
        };
        Whiteout::Delete { target }
    } else {
        Whiteout::No
    }
}

/// A path for a terminal: control characters (which could move the cursor or recolour the
/// screen) are shown escaped; everything else as is.
pub fn display_safe(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_forms() {
        assert_eq!(normalize("./usr/bin/"), Some("usr/bin".into()));
        assert_eq!(normalize("/etc//passwd"), Some("etc/passwd".into()));
        assert_eq!(normalize("."), Some("".into()));
        assert_eq!(normalize("./"), Some("".into()));
        assert_eq!(normalize("a/./b/../c"), Some("a/c".into()));
        assert_eq!(normalize("../etc/passwd"), None);
        assert_eq!(normalize("a/../../etc"), None);
    }

    #[test]
    fn whiteout_names() {
        assert_eq!(
            whiteout("usr/share/doc/.wh..wh..opq"),
            Whiteout::Opaque {
                dir: "usr/share/doc"
            }
        );
        assert_eq!(whiteout(".wh..wh..opq"), Whiteout::Opaque { dir: "" });
        assert_eq!(
            whiteout("usr/share/.wh.man"),
            Whiteout::Delete {
                target: "usr/share/man".into()
            }
        );
        assert_eq!(
            whiteout(".wh.tmp"),
            Whiteout::Delete {
                target: "tmp".into()
            }
        );
        assert_eq!(whiteout(".wh..wh.plnk/12.34"), Whiteout::No);
        assert_eq!(whiteout("x/.wh..wh.aufs"), Whiteout::Reserved);
        assert_eq!(whiteout("etc/passwd"), Whiteout::No);
        assert_eq!(whiteout("etc/a.wh.b"), Whiteout::No);
    }

    #[test]
    fn control_characters_are_escaped_for_terminals() {
        assert_eq!(display_safe("evil\x1b[31m\nname"), "evil\\u{1b}[31m\\nname");
        assert_eq!(display_safe("<b>ok</b> ünï"), "<b>ok</b> ünï");
    }
}
