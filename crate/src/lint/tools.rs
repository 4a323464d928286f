//! What package managers and build tools leave in a layer, how each is cleaned, and which
//! commands install dependencies from a manifest: the knowledge behind LL102–LL104 and LL106.
//! Commands are the flattened commands of [`crate::shell`], wrappers (`sudo`, `env`, …)
//! already removed by [`crate::shell::Command::unwrapped`].

use crate::shell::{option_value, Command, Word};

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
    fn removed_by(self, operand: &str) -> bool {
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

/// The program as the tool it is: `pip3.12` and `python -m pip` are `pip`, `microdnf` and
/// `dnf5` are `dnf`, `composer.phar` is `composer`. Returns the tool and its arguments.
pub fn tool(command: &Command) -> Option<(&'static str, &[Word])> {
    let program = command.program()?;
    let args = command.args();
    let python = program.starts_with("python")
        && program[6..].chars().all(|c| c.is_ascii_digit() || c == '.');
    if python {
        return match args {
            [m, module, rest @ ..] if m.value == "-m" && module.value == "pip" => {
                Some(("pip", rest))
            }
            _ => None,
        };
    }
    let name = match program {
        "apt-get" => "apt-get",
        "apt" => "apt",
        "aptitude" => "aptitude",
        "apk" => "apk",
        "yum" => "yum",
        "dnf" | "dnf5" | "microdnf" => "dnf",
        "zypper" => "zypper",
        "uv" => "uv",
        "npm" => "npm",
        "yarn" => "yarn",
        "pnpm" => "pnpm",
        "composer" | "composer.phar" => "composer",
        "gem" => "gem",
        "bundle" | "bundler" => "bundle",
        "go" => "go",
        "cargo" => "cargo",
        "mvn" | "mvnw" => "mvn",
        "poetry" => "poetry",
        "pipenv" => "pipenv",
        p if p.starts_with("pip") && p[3..].chars().all(|c| c.is_ascii_digit() || c == '.') => {
            "pip"
        }
        _ => return None,
    };
    Some((name, args))
}

/// The first argument that is one of `subcommands` (options may come before it).
fn sub<'a>(args: &'a [Word], subcommands: &[&str]) -> Option<&'a Word> {
    args.iter()
        .find(|w| subcommands.contains(&w.value.as_str()))
}

/// The first operand (the subcommand of `npm ci`, `yarn add`, …).
fn first_operand(args: &[Word]) -> Option<&Word> {
    args.iter().find(|w| !w.value.starts_with('-'))
}

fn has(command: &Command, flags: &[&str]) -> bool {
    command.has_flag(flags)
}

/// The caches `command` writes into the layer, ignoring mounts. `env` gives the value of an
/// environment variable at this command (ENV/ARG of the stage, `export`s and prefix
/// assignments before it).
pub fn writes(command: &Command, env: &dyn Fn(&str) -> Option<String>) -> Vec<Write> {
    let Some((tool, args)) = tool(command) else {
        return Vec::new();
    };
    let w = |cache, word: &Word, hadolint, insert_flag| Write {
        cache,
        word: word.clone(),
        hadolint,
        insert_flag,
    };
    let mut out = Vec::new();
    match tool {
        "apt-get" | "apt" | "aptitude" => {
            if let Some(word) = sub(args, &["update"]) {
                out.push(w(Cache::AptLists, word, Some("DL3009"), None));
            }
        }
        "apk" => {
            if let Some(word) = sub(args, &["add", "upgrade", "update", "fix"]) {
                // `--no-network` installs from what is already there: nothing is fetched.
                let no_cache = has(command, &["--no-cache", "--no-network"]);
                let update = word.value == "update";
                if update || !no_cache {
                    let hadolint = (word.value == "add").then_some("DL3019");
                    let insert = (!update).then_some("--no-cache");
                    out.push(w(Cache::Apk, word, hadolint, insert));
                }
            }
        }
        "yum" => {
            let subs = [
                "install",
                "groupinstall",
                "localinstall",
                "reinstall",
                "update",
                "upgrade",
                "makecache",
            ];
            if let Some(word) = sub(args, &subs) {
                let hadolint = (word.value == "install").then_some("DL3032");
                out.push(w(Cache::Yum, word, hadolint, None));
            }
        }
        "dnf" => {
            let subs = [
                "install",
                "groupinstall",
                "reinstall",
                "update",
                "upgrade",
                "upgrade-minimal",
                "makecache",
                "distro-sync",
            ];
            // dnf's short forms, as the subcommand only: `dnf -y in x`, `dnf up`.
            let short = ["in", "rei", "up", "up-min"];
            let word = sub(args, &subs)
                .or_else(|| first_operand(args).filter(|w| short.contains(&w.value.as_str())));
            if let Some(word) = word {
                // hadolint's DL3040: dnf and microdnf installing or upgrading.
                let verbs = [
                    "install",
                    "in",
                    "upgrade",
                    "up",
                    "upgrade-minimal",
                    "up-min",
                    "reinstall",
                    "rei",
                ];
                let program = command.program().unwrap_or("");
                let hadolint =
                    (verbs.contains(&word.value.as_str()) && program != "dnf5").then_some("DL3040");
                out.push(w(Cache::Dnf, word, hadolint, None));
            }
        }
        "zypper" => {
            let subs = [
                "install",
                "in",
                "update",
                "up",
                "dist-upgrade",
                "dup",
                "refresh",
                "ref",
                "patch",
            ];
            if let Some(word) = sub(args, &subs) {
                let hadolint = matches!(word.value.as_str(), "install" | "in").then_some("DL3036");
                out.push(w(Cache::Zypper, word, hadolint, None));
            }
        }
        "pip" => {
            if let Some(word) = sub(args, &["install"]) {
                let flag = has(command, &["--no-cache-dir", "--no-cache"]);
                let env_off = env("PIP_NO_CACHE_DIR").is_some_and(|v| pip_no_cache_dir(&v));
                if !flag && !env_off {
                    out.push(w(Cache::Pip, word, Some("DL3042"), Some("--no-cache-dir")));
                }
            }
        }
        "uv" => {
            let word = match first_operand(args).map(|w| w.value.as_str()) {
                Some("pip") => sub(args, &["install", "sync"]),
                Some("sync" | "add" | "tool" | "run") => first_operand(args),
                _ => None,
            };
            let off = has(command, &["--no-cache", "-n"])
                || env("UV_NO_CACHE").is_some_and(|v| truthy(&v));
            if let Some(word) = word.filter(|_| !off) {
                out.push(w(Cache::Uv, word, None, Some("--no-cache")));
            }
        }
        "npm" => {
            let subs = [
                "install",
                "i",
                "ci",
                "add",
                "update",
                "up",
                "clean-install",
                "install-clean",
                "ic",
            ];
            if let Some(word) = first_operand(args).filter(|w| subs.contains(&w.value.as_str())) {
                out.push(w(Cache::Npm, word, None, None));
            }
        }
        "yarn" => {
            let op = first_operand(args);
            match op.map(|w| w.value.as_str()) {
                Some("install") => out.push(w(Cache::Yarn, op.unwrap(), Some("DL3060"), None)),
                Some("add" | "global") => out.push(w(Cache::Yarn, op.unwrap(), None, None)),
                // A bare `yarn` (options only) is `yarn install`.
                None if !has(command, &["--version", "-v", "--help", "-h"]) => {
                    let word = command.words.first().expect("a command has a program");
                    out.push(w(Cache::Yarn, word, None, None))
                }
                _ => {}
            }
        }
        "composer" => {
            let subs = ["install", "update", "require", "create-project", "upgrade"];
            let off = has(command, &["--no-cache"])
                || env("COMPOSER_CACHE_DIR").is_some_and(|v| v == "/dev/null");
            if let Some(word) = first_operand(args).filter(|w| subs.contains(&w.value.as_str())) {
                if !off {
                    out.push(w(Cache::Composer, word, None, None));
                }
            }
        }
        "gem" | "bundle" => {
            if let Some(word) = first_operand(args).filter(|w| w.value == "install") {
                out.push(w(Cache::Gem, word, None, None));
            }
        }
        _ => {}
    }
    out
}

/// `PIP_NO_CACHE_DIR` disables the cache for every boolean value pip understands — `1`,
/// `true`, `yes`, `on`, and, for backward compatibility, `0`, `false`, `no`, `off` too (pip's
/// `_handle_no_cache_dir`). hadolint accepts only the first group.
pub fn pip_no_cache_dir(value: &str) -> bool {
    let v = value
        .trim_matches(|c| c == '"' || c == '\'')
        .to_ascii_lowercase();
    matches!(
        v.as_str(),
        "1" | "true" | "yes" | "y" | "on" | "t" | "0" | "false" | "no" | "n" | "off" | "f"
    )
}

fn truthy(value: &str) -> bool {
    matches!(
        value
            .trim_matches(|c| c == '"' || c == '\'')
            .to_ascii_lowercase()
            .as_str(),
        "1" | "true" | "yes" | "on"
    )
}

/// The caches `command` removes.
pub fn cleans(command: &Command, cwd: Option<&str>) -> Vec<Cache> {
    use Cache::*;
    if command.program() == Some("rm") {
        let operands = rm_operands(command, cwd);
        return Cache::ALL
            .into_iter()
            .filter(|c| operands.iter().any(|o| c.removed_by(o)))
            .collect();
    }
    let Some((tool, args)) = tool(command) else {
        return Vec::new();
    };
    let op = first_operand(args).map(|w| w.value.as_str());
    let second = args
        .iter()
        .filter(|w| !w.value.starts_with('-'))
        .nth(1)
        .map(|w| w.value.as_str());
    match (tool, op) {
        ("apt-get" | "apt" | "aptitude", Some("clean" | "autoclean" | "auto-clean")) => {
            vec![AptArchives]
        }
        ("apt-get" | "apt", Some("distclean" | "dist-clean")) => vec![AptArchives, AptLists],
        ("apk", Some("cache")) if matches!(second, Some("clean" | "purge")) => vec![Apk],
        ("yum", Some("clean")) => vec![Yum],
        ("dnf", Some("clean")) => vec![Dnf],
        ("zypper", Some("clean" | "cc")) => vec![Zypper],
        ("pip", Some("cache")) if matches!(second, Some("purge" | "remove" | "rm")) => vec![Pip],
        ("uv", Some("cache")) if matches!(second, Some("clean" | "prune")) => vec![Uv],
        ("npm", Some("cache")) if matches!(second, Some("clean" | "rm" | "clear")) => vec![Npm],
        ("yarn", Some("cache")) if matches!(second, Some("clean")) => vec![Yarn],
        ("composer", Some("clear-cache" | "clearcache" | "cc")) => vec![Composer],
        _ => Vec::new(),
    }
}

/// The command that removes `cache` when appended to the RUN that wrote it, if one is
/// mechanical. `program` is the writing command's program (`microdnf` cleans with itself).
pub fn cleanup_command(cache: Cache, program: &str) -> Option<String> {
    Some(match cache {
        Cache::AptLists => "rm -rf /var/lib/apt/lists/*".into(),
        Cache::Apk => "rm -rf /var/cache/apk/*".into(),
        Cache::Yum => "yum clean all".into(),
        Cache::Dnf => format!("{program} clean all"),
        Cache::Zypper => "zypper clean --all".into(),
        Cache::Npm => "npm cache clean --force".into(),
        Cache::Yarn => "yarn cache clean".into(),
        Cache::Composer => "composer clear-cache".into(),
        Cache::Pip => "pip cache purge".into(),
        Cache::Uv => "uv cache clean".into(),
        Cache::AptArchives | Cache::Gem => return None,
    })
}

/// Whether `command` needs apt's package lists (an install without an update before it fails
/// once they are gone).
pub fn uses_apt_lists(command: &Command) -> bool {
    match tool(command) {
        Some(("apt-get" | "apt", args)) => sub(
            args,
            &[
                "install",
                "upgrade",
                "dist-upgrade",
                "full-upgrade",
                "source",
                "build-dep",
                "download",
                "satisfy",
            ],
        )
        .is_some(),
        _ => command.program() == Some("apt-cache"),
    }
}

/// The tool family a command belongs to, for "does anything in between use it".
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

/// Packages installed or removed by a system package manager.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageChange {
    /// `apt`, `apk` or `rpm`.
    pub manager: &'static str,
    pub names: Vec<String>,
    pub remove: bool,
    /// `autoremove`, or `--auto-remove`: removes what earlier installs pulled in.
    pub autoremove: bool,
}

/// `apt-get install x`, `apk add --virtual .deps y`, `apt-get purge -y x`, `apk del .deps`, ….
pub fn package_change(command: &Command) -> Option<PackageChange> {
    let (tool, args) = tool(command)?;
    let (manager, value_flags, install, remove, auto): (_, &[&str], &[&str], &[&str], &[&str]) =
        match tool {
            "apt-get" | "apt" => (
                "apt",
                &[
                    "-o",
                    "-c",
                    "-t",
                    "--option",
                    "--config-file",
                    "--target-release",
                ],
                &["install"],
                &["remove", "purge"],
                &["autoremove", "auto-remove", "autopurge"],
            ),
            "apk" => (
                "apk",
                &[
                    "-X",
                    "--repository",
                    "-p",
                    "--root",
                    "--arch",
                    "--cache-dir",
                    "--keys-dir",
                    "--repositories-file",
                ],
                &["add"],
                &["del"],
                &[],
            ),
            "yum" | "dnf" => (
                "rpm",
                &[
                    "-c",
                    "-x",
                    "--exclude",
                    "--enablerepo",
                    "--disablerepo",
                    "--setopt",
                    "--installroot",
                    "--releasever",
                    "-d",
                    "-e",
                ],
                &["install", "groupinstall"],
                &["remove", "erase", "groupremove"],
                &["autoremove"],
            ),
            _ => return None,
        };
    let mut words = args.iter().peekable();
    let mut subcommand: Option<&str> = None;
    let mut names = Vec::new();
    let mut virtual_next = false;
    while let Some(w) = words.next() {
        let v = w.value.as_str();
        if virtual_next {
            names.push(v.to_string());
            virtual_next = false;
            continue;
        }
        if v.starts_with('-') {
            if manager == "apk" && matches!(v, "-t" | "--virtual") {
                virtual_next = true;
            } else if value_flags.contains(&v) {
                words.next();
            }
            continue;
        }
        match subcommand {
            None => subcommand = Some(v),
            Some(_) => names.push(package_name(v)),
        }
    }
    let sub = subcommand?;
    let autoremove = auto.contains(&sub) || command.has_flag(&["--auto-remove", "--autoremove"]);
    if install.contains(&sub) {
        Some(PackageChange {
            manager,
            names,
            remove: false,
            autoremove: false,
        })
    } else if remove.contains(&sub) || auto.contains(&sub) {
        Some(PackageChange {
            manager,
            names,
            remove: true,
            autoremove,
        })
    } else {
        None
    }
}

/// `curl=7.88.1-10` → `curl`, `git/bookworm-backports` → `git`.
fn package_name(word: &str) -> String {
    word.split(['=', '/']).next().unwrap_or(word).to_string()
}

/// Files and directories a command creates at known paths: downloads (`curl -o`, `wget -O`,
/// `wget URL`), clones, `mkdir`. Relative paths resolve against `cwd` (unknown: skipped).
pub fn created_paths(command: &Command, cwd: Option<&str>) -> Vec<String> {
    let program = command.program().unwrap_or("");
    let args = command.args();
    let resolve = |p: &str| resolve(p, cwd);
    let url_name = |url: &str| {
        let url = url.split(['?', '#']).next().unwrap_or(url);
        url.rsplit('/')
            .next()
            .filter(|n| !n.is_empty() && !n.contains('$'))
            .map(str::to_string)
    };
    let mut out = Vec::new();
    match program {
        "curl" => {
            let mut i = 0;
            let urls: Vec<&str> = args
                .iter()
                .map(|w| w.value.as_str())
                .filter(|v| v.contains("://"))
                .collect();
            while i < args.len() {
                let v = args[i].value.as_str();
                if v == "-o" || v == "--output" {
                    if let Some(p) = args.get(i + 1).and_then(|w| resolve(&w.value)) {
                        out.push(p);
                    }
                    i += 1;
                } else if let Some(p) = v.strip_prefix("--output=") {
                    out.extend(resolve(p));
                } else if v.starts_with('-')
                    && !v.starts_with("--")
                    && v.ends_with('o')
                    && v.len() > 2
                {
                    // `-fsSLo file`
                    if let Some(p) = args.get(i + 1).and_then(|w| resolve(&w.value)) {
                        out.push(p);
                    }
                    i += 1;
                } else if (v == "-O"
                    || v == "--remote-name"
                    || (v.starts_with('-') && !v.starts_with("--") && v.contains('O')))
                    && urls.len() == 1
                {
                    out.extend(url_name(urls[0]).and_then(|n| resolve(&n)));
                }
                i += 1;
            }
        }
        "wget" => {
            let mut explicit = false;
            let mut prefix: Option<String> = None;
            let mut i = 0;
            while i < args.len() {
                let v = args[i].value.as_str();
                if v == "-O" || v == "--output-document" {
                    explicit = true;
                    if let Some(p) = args
                        .get(i + 1)
                        .filter(|w| w.value != "-")
                        .and_then(|w| resolve(&w.value))
                    {
                        out.push(p);
                    }
                    i += 1;
                } else if let Some(p) = v
                    .strip_prefix("--output-document=")
                    .or_else(|| v.strip_prefix("-O").filter(|p| !p.is_empty()))
                {
                    explicit = true;
                    if p != "-" {
                        out.extend(resolve(p));
                    }
                } else if v == "-P" || v == "--directory-prefix" {
                    prefix = args.get(i + 1).map(|w| w.value.clone());
                    i += 1;
                }
                i += 1;
            }
            if !explicit {
                for url in args.iter().filter(|w| w.value.contains("://")) {
                    if let Some(name) = url_name(&url.value) {
                        let p = match &prefix {
                            Some(d) => format!("{}/{name}", d.trim_end_matches('/')),
                            None => name,
                        };
                        out.extend(resolve(&p));
                    }
                }
            }
        }
        "git" => {
            let operands: Vec<&str> = args
                .iter()
                .map(|w| w.value.as_str())
                .filter(|v| !v.starts_with('-'))
                .collect();
            if let ["clone", url, rest @ ..] = operands.as_slice() {
                let dir = match rest.first() {
                    Some(d) => Some(d.to_string()),
                    None => url_name(url).map(|n| n.trim_end_matches(".git").to_string()),
                };
                out.extend(dir.and_then(|d| resolve(&d)));
            }
        }
        "mkdir" => out.extend(command.operands().filter_map(|w| resolve(&w.value))),
        _ => {}
    }
    out
}

/// The operands of `rm`, normalized and absolute (relative ones against `cwd`).
pub fn rm_operands(command: &Command, cwd: Option<&str>) -> Vec<String> {
    if command.program() != Some("rm") {
        return Vec::new();
    }
    command
        .operands()
        .filter_map(|w| resolve(&w.value, cwd))
        .collect()
}

/// Whether `rm` of `operand` removes `path` (a file or directory created earlier).
pub fn removes_path(operand: &str, path: &str) -> bool {
    let path = normalize(path);
    if operand == path || path.starts_with(&format!("{}/", operand.trim_end_matches('/'))) {
        return true;
    }
    if !operand.contains(['*', '?']) {
        return false;
    }
    // The glob matches the path or one of its ancestors.
    let mut p = path.as_str();
    loop {
        if glob(operand, p) {
            return true;
        }
        match p.rfind('/') {
            Some(i) if i > 0 => p = &p[..i],
            _ => return false,
        }
    }
}

/// `dir` (with `~`) removed by `rm` of `operand`: the directory, its contents (`dir/*`), or an
/// ancestor.
fn removes_dir(operand: &str, dir: &str) -> bool {
    let dir = normalize(dir);
    let op = operand.trim_end_matches('/');
    let contents = op
        .strip_suffix("/*")
        .or_else(|| op.strip_suffix("/.*"))
        .or_else(|| op.strip_suffix("/*.*"));
    let base = contents.unwrap_or(op);
    if base.is_empty() {
        return false;
    }
    dir == base || dir.starts_with(&format!("{base}/")) || glob(op, &dir)
}

/// `~`, `$HOME` and `${HOME}` → `/root`; duplicate and trailing slashes removed.
fn normalize(path: &str) -> String {
    let p = path.trim_matches(|c| c == '"' || c == '\'');
    let p = if let Some(rest) = p.strip_prefix('~') {
        format!("/root{rest}")
    } else if let Some(rest) = p
        .strip_prefix("${HOME}")
        .or_else(|| p.strip_prefix("$HOME"))
    {
        format!("/root{rest}")
    } else {
        p.to_string()
    };
    let mut out = String::with_capacity(p.len());
    for c in p.chars() {
        if !(c == '/' && out.ends_with('/')) {
            out.push(c);
        }
    }
    if out.len() > 1 {
        while out.ends_with('/') {
            out.pop();
        }
    }
    out
}

/// An absolute, normalized path; relative ones against `cwd` (`None` when unknown or when the
/// path uses a variable other than `$HOME`).
pub fn resolve(path: &str, cwd: Option<&str>) -> Option<String> {
    let p = normalize(path);
    if p.is_empty() || p.contains('$') || p.contains('`') {
        return None;
    }
    let p = p.strip_prefix("./").map(str::to_string).unwrap_or(p);
    if p.starts_with('/') {
        return Some(p);
    }
    if p == "." {
        return cwd.map(str::to_string);
    }
    let cwd = cwd?;
    Some(normalize(&format!("{}/{p}", cwd.trim_end_matches('/'))))
}

/// `dir` (with `~`) is `target` or inside it.
fn within(dir: &str, target: &str) -> bool {
    let dir = normalize(dir);
    let target = target.trim_end_matches('/');
    if target.is_empty() {
        return false;
    }
    if dir == target || dir.starts_with(&format!("{target}/")) {
        return true;
    }
    // A home other than /root: compare below the home directory.
    match (dir.strip_prefix("/root/"), home_relative(target)) {
        (Some(rel), Some(t)) => t.is_empty() || rel == t || rel.starts_with(&format!("{t}/")),
        _ => false,
    }
}

/// `/home/app/.cache` → `.cache`.
fn home_relative(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("/home/")?;
    Some(rest.split_once('/').map_or("", |(_, r)| r))
}

/// Shell glob (`*`, `?`; `*` does not cross `/`).
fn glob(pattern: &str, text: &str) -> bool {
    fn go(p: &[u8], t: &[u8]) -> bool {
        match p.split_first() {
            None => t.is_empty(),
            Some((b'*', rest)) => (0..=t.len())
                .take_while(|&i| i == 0 || t[i - 1] != b'/')
                .any(|i| go(rest, &t[i..])),
            Some((b'?', rest)) => t.first().is_some_and(|&c| c != b'/') && go(rest, &t[1..]),
            Some((c, rest)) => t.first() == Some(c) && go(rest, &t[1..]),
        }
    }
    pattern.len() <= 256 && go(pattern.as_bytes(), text.as_bytes())
}

/// A command that installs dependencies from a manifest (LL106).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DependencyInstall {
    /// The tool, to recognise a second install by the same tool.
    pub tool: &'static str,
    /// The command as users write it, for the message (`npm ci`).
    pub command: String,
    /// The files to copy before it.
    pub manifests: String,
}

/// `npm ci`, `yarn install`, `pip install -r requirements.txt`, `go mod download`, ….
pub fn dependency_install(command: &Command) -> Option<DependencyInstall> {
    let (tool, args) = tool(command)?;
    let ops: Vec<&str> = args
        .iter()
        .map(|w| w.value.as_str())
        .filter(|v| !v.starts_with('-'))
        .collect();
    let d = |command: &str, manifests: &str| {
        Some(DependencyInstall {
            tool,
            command: command.to_string(),
            manifests: manifests.to_string(),
        })
    };
    match (tool, ops.as_slice()) {
        ("npm", ["ci" | "clean-install" | "ci-install"]) => d("npm ci", "`package.json` and `package-lock.json`"),
        ("npm", ["install" | "i"]) => d("npm install", "`package.json` and `package-lock.json`"),
        ("yarn", [] | ["install"]) => d("yarn install", "`package.json` and `yarn.lock`"),
        ("pnpm", ["install" | "i"]) => d("pnpm install", "`package.json` and `pnpm-lock.yaml`"),
        ("pip", ["install", ..]) => {
            let requirement = option_value(args, "-r", "--requirement")?.to_string();
            Some(DependencyInstall {
                tool,
                command: format!("pip install -r {requirement}"),
                manifests: format!("`{requirement}`"),
            })
        }
        ("poetry", ["install", ..]) => d("poetry install", "`pyproject.toml` and `poetry.lock`"),
        ("pipenv", ["install" | "sync", ..]) => d("pipenv install", "`Pipfile` and `Pipfile.lock`"),
        ("uv", ["sync", ..]) => d("uv sync", "`pyproject.toml` and `uv.lock`"),
        ("bundle", [] | ["install", ..]) => d("bundle install", "`Gemfile` and `Gemfile.lock`"),
        ("go", ["mod", "download", ..]) => d("go mod download", "`go.mod` and `go.sum`"),
        ("cargo", ["fetch", ..]) => d("cargo fetch", "`Cargo.toml` and `Cargo.lock`"),
        ("cargo", ["build", ..]) => d("cargo build", "`Cargo.toml` and `Cargo.lock` (and build the dependencies alone, e.g. with cargo-chef)"),
        ("composer", ["install", ..]) => d("composer install", "`composer.json` and `composer.lock`"),
        ("mvn", ops) if ops.iter().any(|o| o.starts_with("dependency:")) => {
            d("mvn dependency:…", "`pom.xml`")
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell;

    fn cmd(s: &str) -> Command {
        shell::parse(s).commands[0].unwrapped()
    }

    fn caches(s: &str) -> Vec<Cache> {
        writes(&cmd(s), &|_| None)
            .into_iter()
            .map(|w| w.cache)
            .collect()
    }

    #[test]
    fn writers_by_tool() {
        assert_eq!(caches("apt-get -qq update"), [Cache::AptLists]);
        assert_eq!(caches("apt-get install -y curl"), []);
        assert_eq!(caches("apk add curl"), [Cache::Apk]);
        assert_eq!(caches("apk --no-cache add curl"), []);
        assert_eq!(caches("apk update"), [Cache::Apk]);
        assert_eq!(caches("python3 -m pip install x"), [Cache::Pip]);
        assert_eq!(caches("pip3.12 install --no-cache x"), []);
        assert_eq!(caches("pipx install x"), []);
        assert_eq!(caches("microdnf install -y x"), [Cache::Dnf]);
        assert_eq!(caches("yarn --frozen-lockfile"), [Cache::Yarn]);
        assert_eq!(caches("yarn build"), []);
        assert_eq!(caches("yarn --version"), []);
        assert_eq!(
            caches("apk add --no-network --virtual .rundeps so:libc.so"),
            []
        );
        assert_eq!(caches("npm ci"), [Cache::Npm]);
        assert_eq!(caches("npm run build"), []);
        let off =
            |v: &'static str| move |name: &str| (name == "PIP_NO_CACHE_DIR").then(|| v.to_string());
        for v in ["1", "true", "off", "0", "false", "no"] {
            assert!(writes(&cmd("pip install x"), &off(v)).is_empty(), "{v}");
        }
        assert_eq!(writes(&cmd("pip install x"), &off("maybe")).len(), 1);
    }

    #[test]
    fn cleaners_and_mounts() {
        assert_eq!(
            cleans(&cmd("rm -rf /var/lib/apt/lists/*"), None),
            [Cache::AptLists]
        );
        assert_eq!(
            cleans(&cmd("rm -rf /var/lib/apt/lists"), None),
            [Cache::AptLists]
        );
        assert!(cleans(&cmd("rm -rf /var/lib/apt/lists/partial"), None).is_empty());
        assert_eq!(
            cleans(&cmd("rm -rf ~/.cache"), None),
            [Cache::Pip, Cache::Uv, Cache::Yarn, Cache::Composer]
        );
        assert_eq!(cleans(&cmd("rm -rf /var/cache/apk/*"), None), [Cache::Apk]);
        assert_eq!(cleans(&cmd("dnf clean all"), None), [Cache::Dnf]);
        assert_eq!(cleans(&cmd("npm cache clean --force"), None), [Cache::Npm]);
        assert!(Cache::AptLists.covered_by_mount("/var/lib/apt"));
        assert!(!Cache::AptLists.covered_by_mount("/var/cache/apt"));
        assert!(Cache::Pip.covered_by_mount("/root/.cache/pip"));
        assert!(Cache::Pip.covered_by_mount("/home/app/.cache"));
        assert!(Cache::Npm.covered_by_mount("/root/.npm"));
        assert!(Cache::Yarn.covered_by_mount("/usr/local/share/.cache/yarn/v6"));
    }

    #[test]
    fn package_changes() {
        let c = package_change(&cmd(
            "apk add --no-cache --virtual .build-deps gcc musl-dev",
        ))
        .unwrap();
        assert_eq!(c.names, [".build-deps", "gcc", "musl-dev"]);
        let c = package_change(&cmd("apt-get purge -y --auto-remove gcc=12")).unwrap();
        assert!(c.remove && c.autoremove);
        assert_eq!(c.names, ["gcc"]);
        let c = package_change(&cmd(
            "apt-get -o Dpkg::Options::=--force-confold install -y x",
        ))
        .unwrap();
        assert_eq!(c.names, ["x"]);
        assert!(package_change(&cmd("apt-get update")).is_none());
    }

    #[test]
    fn created_and_removed_paths() {
        assert_eq!(
            created_paths(&cmd("curl -fsSLo /tmp/x.tgz https://e/x.tgz"), None),
            ["/tmp/x.tgz"]
        );
        assert_eq!(
            created_paths(&cmd("wget -q https://e/a/b.tar.gz"), Some("/src")),
            ["/src/b.tar.gz"]
        );
        assert_eq!(
            created_paths(&cmd("git clone https://github.com/a/b.git"), Some("/opt")),
            ["/opt/b"]
        );
        assert_eq!(
            created_paths(&cmd("curl -O https://e/x.zip"), None),
            Vec::<String>::new(),
            "cwd unknown"
        );
        assert!(removes_path("/tmp/*", "/tmp/x.tgz"));
        assert!(removes_path("/opt/b", "/opt/b/build"));
        assert!(removes_path("/src/*.tar.gz", "/src/b.tar.gz"));
        assert!(!removes_path("/tmp/*.zip", "/tmp/x.tgz"));
    }

    #[test]
    fn dependency_installs() {
        let tools = |s: &str| dependency_install(&cmd(s)).map(|d| d.command);
        assert_eq!(tools("npm ci --omit=dev").as_deref(), Some("npm ci"));
        assert_eq!(tools("npm install express"), None);
        assert_eq!(
            tools("pip install -r req.txt").as_deref(),
            Some("pip install -r req.txt")
        );
        assert_eq!(tools("pip install ."), None);
        assert_eq!(tools("go mod download").as_deref(), Some("go mod download"));
        assert_eq!(tools("yarn").as_deref(), Some("yarn install"));
    }
}
