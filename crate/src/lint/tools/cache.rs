//! The caches and indexes package managers and build tools write next to what they install:
//! where each lives, what it is called in a message, and what a mount or `rm` of it means.

use super::paths::{normalize, removes_dir, within};
use crate::shell::Word;

/// A cache or index a tool writes next to what it installs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cache {
    AptLists,
    AptArchives,
    Apk,
    Yum,
    Dnf,
    Zypper,
    Pip,
    Uv,
    Npm,
    Yarn,
    Composer,
    Gem,
}

impl Cache {
    pub const ALL: [Cache; 12] = [
        Cache::AptLists,
        Cache::AptArchives,
        Cache::Apk,
        Cache::Yum,
        Cache::Dnf,
        Cache::Zypper,
        Cache::Pip,
        Cache::Uv,
        Cache::Npm,
        Cache::Yarn,
        Cache::Composer,
        Cache::Gem,
    ];

    /// What it is, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Cache::AptLists => "apt package lists (/var/lib/apt/lists, tens of MB)",
            Cache::AptArchives => "apt's downloaded packages (/var/cache/apt)",
            Cache::Apk => "apk's package index (/var/cache/apk)",
            Cache::Yum => "yum's metadata and package cache (/var/cache/yum)",
            Cache::Dnf => "dnf's metadata and package cache (/var/cache/dnf)",
            Cache::Zypper => "zypper's metadata and package cache (/var/cache/zypp)",
            Cache::Pip => "pip's download and wheel cache (~/.cache/pip)",
            Cache::Uv => "uv's cache (~/.cache/uv)",
            Cache::Npm => "npm's cache (~/.npm)",
            Cache::Yarn => "yarn's cache",
            Cache::Composer => "composer's cache",
            Cache::Gem => "the .gem files RubyGems keeps (…/cache/*.gem)",
        }
    }

    /// The directories it lives in (`~` is the user's home).
    pub fn dirs(self) -> &'static [&'static str] {
        match self {
            Cache::AptLists => &["/var/lib/apt/lists"],
            Cache::AptArchives => &["/var/cache/apt"],
            Cache::Apk => &["/var/cache/apk", "/etc/apk/cache"],
            Cache::Yum => &["/var/cache/yum"],
            Cache::Dnf => &["/var/cache/dnf", "/var/cache/libdnf5", "/var/cache/yum"],
            Cache::Zypper => &["/var/cache/zypp"],
            Cache::Pip => &["~/.cache/pip"],
            Cache::Uv => &["~/.cache/uv"],
            Cache::Npm => &["~/.npm"],
            Cache::Yarn => &[
                "/usr/local/share/.cache/yarn",
                "~/.cache/yarn",
                "~/.yarn/berry/cache",
            ],
            Cache::Composer => &["~/.composer/cache", "~/.cache/composer", "/tmp/cache"],
            Cache::Gem => &["/usr/local/bundle/cache", "~/.gem", "/var/lib/gems"],
        }
    }

    /// A word in a mount target that shows it holds this cache, for tools whose cache moves
    /// with configuration.
    fn keyword(self) -> Option<&'static str> {
        match self {
            Cache::Pip => Some("pip"),
            Cache::Uv => Some("uv"),
            Cache::Npm => Some("npm"),
            Cache::Yarn => Some("yarn"),
            Cache::Composer => Some("composer"),
            Cache::Gem => Some("gem"),
            _ => None,
        }
    }

    /// Whether a `RUN --mount=type=cache|tmpfs,target=…` keeps this cache out of the layer.
    pub fn covered_by_mount(self, target: &str) -> bool {
        let target = normalize(target);
        self.dirs().iter().any(|d| within(d, &target))
            || self.keyword().is_some_and(|k| target.contains(k))
    }

    /// Whether `rm` of `operand` (normalized, absolute) removes this cache.
    pub(super) fn removed_by(self, operand: &str) -> bool {
        if self == Cache::Gem {
            return operand.contains("cache")
                && (operand.contains("gem") || operand.contains("bundle"));
        }
        self.dirs().iter().any(|d| removes_dir(operand, d))
    }
}

/// A cache written by a command, with what the finding may name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Write {
    pub cache: Cache,
    /// The word to point at (the subcommand, e.g. `add` of `apk add`).
    pub word: Word,
    /// The hadolint rule of this case, if it has one.
    pub hadolint: Option<&'static str>,
    /// The edit that avoids writing it, if one is mechanical: insert `text` after `word`.
    pub insert_flag: Option<&'static str>,
}

impl Write {
    pub(super) fn new(
        cache: Cache,
        word: &Word,
        hadolint: Option<&'static str>,
        insert_flag: Option<&'static str>,
    ) -> Write {
        Write {
            cache,
            word: word.clone(),
            hadolint,
            insert_flag,
        }
    }
}

/// The command that removes `cache` when appended to the RUN that wrote it, if one is
/// mechanical. `program` is the writing command's program (`microdnf` cleans with itself).
pub fn cleanup_command(cache: Cache, program: &str) -> Option<String> {
    Some(match cache {
        Cache::AptLists => super::apt::CLEAN_LISTS.into(),
        Cache::Apk => super::apk::CLEAN.into(),
        Cache::Yum | Cache::Dnf => super::rpm::clean_command(cache, program),
        Cache::Zypper => "zypper clean --all".into(),
        Cache::Npm => "npm cache clean --force".into(),
        Cache::Yarn => "yarn cache clean".into(),
        Cache::Composer => "composer clear-cache".into(),
        Cache::Pip => "pip cache purge".into(),
        Cache::Uv => "uv cache clean".into(),
        Cache::AptArchives | Cache::Gem => return None,
    })
}

/// The programs that use a cache, for "does anything in between use it".
pub fn family(cache: Cache) -> &'static [&'static str] {
    match cache {
        Cache::AptLists | Cache::AptArchives => &["apt-get", "apt", "apt-cache", "dpkg"],
        Cache::Apk => &["apk"],
        Cache::Yum | Cache::Dnf => &["yum", "dnf", "dnf5", "microdnf", "rpm"],
        Cache::Zypper => &["zypper", "rpm"],
        Cache::Pip => &["pip", "python"],
        Cache::Uv => &["uv"],
        Cache::Npm => &["npm", "npx"],
        Cache::Yarn => &["yarn"],
        Cache::Composer => &["composer"],
        Cache::Gem => &["gem", "bundle"],
    }
}
