//! What layerlint knows of package managers and build tools, one file per family: the
//! options that take a value, the subcommands, the package operands, the caches they write
//! and how each is cleaned. Rules ask here; nothing in `rules/` keeps its own copy.
//! Commands are the flattened commands of [`crate::shell`], wrappers (`sudo`, `env`, …)
//! already removed by [`crate::shell::Command::unwrapped`].

pub mod apk;
pub mod apt;
mod cache;
mod composer;
mod deps;
pub mod gem;
pub mod go;
pub mod node;
pub mod paths;
pub mod python;
pub mod rpm;
pub mod zypper;

pub use cache::{cleanup_command, family, Cache, Write};
pub use deps::{dependency_install, DependencyInstall};
pub use paths::{created_paths, removes_path, resolve, rm_operands, saved_file};

use crate::shell::{Command, Word};

/// The program as the tool it is: `pip3.12` and `python -m pip` are `pip`, `microdnf` and
/// `dnf5` are `dnf`, `composer.phar` is `composer`. Returns the tool and its arguments.
pub fn tool(command: &Command) -> Option<(&'static str, &[Word])> {
    if let Some((python::Pip::Pip, args)) = python::invocation(command) {
        return Some(("pip", args));
    }
    let name = match command.program()? {
        "apt-get" => "apt-get",
        "apt" => "apt",
        "aptitude" => "aptitude",
        "apk" => "apk",
        "yum" => "yum",
        p if rpm::DNF.contains(&p) => "dnf",
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
        _ => return None,
    };
    Some((name, command.args()))
}

/// The operands among a command's arguments: the words that are not options, skipping the
/// value of each option of `with_value` written as the next word (`-t bookworm`, `--virtual
/// .deps`); after `--` every argument is an operand.
pub fn operands<'w>(args: &'w [Word], with_value: &[&str]) -> Vec<&'w Word> {
    let mut out = Vec::new();
    let mut args = args.iter();
    while let Some(w) = args.next() {
        let v = w.value.as_str();
        if v == "--" {
            out.extend(args.by_ref());
            break;
        }
        if v.starts_with('-') && v.len() > 1 {
            if with_value.contains(&v) {
                args.next();
            }
        } else {
            out.push(w);
        }
    }
    out
}

/// The operands after the subcommand, when the first operand is one of `subcommands`.
pub fn after_subcommand<'w>(
    args: &'w [Word],
    subcommands: &[&str],
    with_value: &[&str],
) -> Option<Vec<&'w Word>> {
    let ops = operands(args, with_value);
    let (first, rest) = ops.split_first()?;
    subcommands
        .contains(&first.value.as_str())
        .then(|| rest.to_vec())
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

/// The first two operands: `cache` and `clean` of `npm cache clean --force`.
fn leading_operands(args: &[Word]) -> (Option<&str>, Option<&str>) {
    let mut ops = args
        .iter()
        .filter(|w| !w.value.starts_with('-'))
        .map(|w| w.value.as_str());
    (ops.next(), ops.next())
}

/// An environment variable that switches something on.
fn truthy(value: &str) -> bool {
    matches!(
        value
            .trim_matches(|c| c == '"' || c == '\'')
            .to_ascii_lowercase()
            .as_str(),
        "1" | "true" | "yes" | "on"
    )
}

/// The caches `command` writes into the layer, ignoring mounts. `env` gives the value of an
/// environment variable at this command (ENV/ARG of the stage, `export`s and prefix
/// assignments before it).
pub fn writes(command: &Command, env: &dyn Fn(&str) -> Option<String>) -> Vec<Write> {
    let Some((tool, args)) = tool(command) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    match tool {
        "apt-get" | "apt" | "aptitude" => apt::writes(args, &mut out),
        "apk" => apk::writes(command, args, &mut out),
        "yum" => rpm::yum_writes(args, &mut out),
        "dnf" => rpm::dnf_writes(command.program().unwrap_or(""), args, &mut out),
        "zypper" => zypper::writes(args, &mut out),
        "pip" => python::pip_writes(command, args, env, &mut out),
        "uv" => python::uv_writes(command, args, env, &mut out),
        "npm" => node::npm_writes(args, &mut out),
        "yarn" => node::yarn_writes(command, args, &mut out),
        "composer" => composer::writes(command, args, env, &mut out),
        "gem" | "bundle" => gem::writes(tool, args, &mut out),
        _ => {}
    }
    out
}

/// The caches `command` removes: by `rm` of their directories, or by the tool's own clean
/// command.
pub fn cleans(command: &Command, cwd: Option<&str>) -> Vec<Cache> {
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
    match tool {
        "apt-get" | "apt" | "aptitude" => apt::cleans(tool, args),
        "apk" => apk::cleans(args),
        "yum" | "dnf" => rpm::cleans(tool, args),
        "zypper" => zypper::cleans(args),
        "pip" | "uv" => python::cleans(tool, args),
        "npm" | "yarn" => node::cleans(tool, args),
        "composer" => composer::cleans(args),
        _ => Vec::new(),
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

/// What a package manager's subcommand does to packages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Effect {
    /// Installs the packages it names.
    Install,
    /// Removes the packages it names.
    Remove,
    /// Removes what earlier installs pulled in (and the packages it names).
    Autoremove,
}

/// A family's subcommands that change packages.
struct PackageSubcommands {
    /// Install the packages they name.
    install: &'static [&'static str],
    /// Remove the packages they name.
    remove: &'static [&'static str],
    /// Remove what earlier installs pulled in.
    autoremove: &'static [&'static str],
}

impl PackageSubcommands {
    fn effect(&self, subcommand: &str) -> Option<Effect> {
        if self.install.contains(&subcommand) {
            Some(Effect::Install)
        } else if self.remove.contains(&subcommand) {
            Some(Effect::Remove)
        } else {
            self.autoremove
                .contains(&subcommand)
                .then_some(Effect::Autoremove)
        }
    }
}

/// `apt-get install x`, `apk add --virtual .deps y`, `apt-get purge -y x`, `apk del .deps`, ….
/// The operands are read with the family's own options, as the version rules read them.
pub fn package_change(command: &Command) -> Option<PackageChange> {
    let (tool, args) = tool(command)?;
    let (manager, with_value, subcommands) = match tool {
        "apt-get" | "apt" => ("apt", apt::WITH_VALUE, apt::PACKAGE_SUBCOMMANDS),
        "apk" => ("apk", apk::WITH_VALUE, apk::PACKAGE_SUBCOMMANDS),
        "yum" | "dnf" => ("rpm", rpm::WITH_VALUE, rpm::PACKAGE_SUBCOMMANDS),
        _ => return None,
    };
    let ops = operands(args, with_value);
    let (subcommand, packages) = ops.split_first()?;
    // dnf's short subcommands (`in`, `rm`) as every other rpm reader takes them
    let effect = subcommands.effect(rpm::canonical(tool, &subcommand.value))?;
    let remove = effect != Effect::Install;
    let mut names: Vec<String> = Vec::new();
    if manager == "apk" {
        // `apk add --virtual .deps x` records `.deps`, which `apk del .deps` removes.
        names.extend(apk::virtual_name(args).map(str::to_string));
    }
    names.extend(packages.iter().map(|w| package_name(&w.value)));
    let autoremove = effect == Effect::Autoremove
        || (remove && command.has_flag(&["--auto-remove", "--autoremove"]));
    Some(PackageChange {
        manager,
        names,
        remove,
        autoremove,
    })
}

/// `curl=7.88.1-10` → `curl`, `git/bookworm-backports` → `git`.
fn package_name(word: &str) -> String {
    word.split(['=', '/']).next().unwrap_or(word).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell;

    fn cmd(s: &str) -> Command {
        shell::parse(s).commands[0].unwrapped().into_owned()
    }

    fn words(v: &[&Word]) -> Vec<String> {
        v.iter().map(|w| w.value.clone()).collect()
    }

    fn caches(s: &str) -> Vec<Cache> {
        writes(&cmd(s), &|_| None)
            .into_iter()
            .map(|w| w.cache)
            .collect()
    }

    #[test]
    fn operands_skip_option_values_and_stop_at_double_dash() {
        let c = &shell::parse("apk add -t .deps --repository x -U curl -- -weird").commands[0];
        assert_eq!(
            words(&operands(c.args(), &["-t", "--repository"])),
            ["add", "curl", "-weird"]
        );
        assert_eq!(
            words(&after_subcommand(c.args(), &["add"], &["-t", "--repository"]).unwrap()),
            ["curl", "-weird"]
        );
        assert!(after_subcommand(c.args(), &["del"], &[]).is_none());
    }

    #[test]
    fn writers_by_tool() {
        assert_eq!(caches("apt-get -qq update"), [Cache::AptLists]);
        assert_eq!(caches("apt-get install -y curl"), []);
        assert_eq!(caches("apk add curl"), [Cache::Apk]);
        assert_eq!(caches("apk --no-cache add curl"), []);
        assert_eq!(caches("apk update"), [Cache::Apk]);
        assert_eq!(caches("python3 -m pip install x"), [Cache::Pip]);
        assert_eq!(caches("python -u -m pip install x"), [Cache::Pip]);
        assert_eq!(caches("python3 -W ignore -m pip install x"), [Cache::Pip]);
        assert_eq!(caches("python3 setup.py -m pip install x"), []);
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
        assert_eq!(caches("npm --prefix /app install"), [Cache::Npm]);
        assert_eq!(
            caches("gem --config-file /g.rc install rails"),
            [Cache::Gem]
        );
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

    /// The options that take a value are the family's one list, so the package rules and the
    /// cleanup tracking read the same operands: `-S`/`--default-release` (apt),
    /// `--disableplugin` (yum/dnf) and `--virtual=` (apk) used to be read as subcommands or
    /// missed here.
    #[test]
    fn package_changes_read_options_like_the_version_rules() {
        for (run, names) in [
            ("apt-get -S 20240301T000000Z install -y gcc", vec!["gcc"]),
            (
                "apt-get --default-release bookworm install -y gcc",
                vec!["gcc"],
            ),
            (
                "yum --disableplugin fastestmirror install -y gcc",
                vec!["gcc"],
            ),
            ("dnf --forcearch aarch64 remove -y gcc", vec!["gcc"]),
            ("apk add --virtual=.deps gcc", vec![".deps", "gcc"]),
        ] {
            let c = package_change(&cmd(run)).unwrap_or_else(|| panic!("{run}"));
            assert_eq!(c.names, names, "{run}");
        }
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
        // Options with a value as the next word are not the URL or the directory.
        assert_eq!(
            created_paths(
                &cmd("git clone --depth 1 -b v2 https://github.com/a/b.git"),
                Some("/opt")
            ),
            ["/opt/b"]
        );
        assert_eq!(
            created_paths(
                &cmd("git -c a.b=c clone --depth=1 https://e/a/b /opt/c"),
                None
            ),
            ["/opt/c"]
        );
        assert_eq!(
            created_paths(&cmd("curl -O https://e/x.zip"), None),
            Vec::<String>::new(),
            "cwd unknown"
        );
        // One reading of download targets, shared with LL607/LL609's `saved_file`.
        assert_eq!(
            created_paths(&cmd("wget -qO /tmp/x.tgz https://e/x.tgz"), None),
            ["/tmp/x.tgz"]
        );
        assert_eq!(
            created_paths(&cmd("curl -fsSo/tmp/x.tgz https://e/x.tgz"), None),
            ["/tmp/x.tgz"]
        );
        assert_eq!(
            created_paths(&cmd("wget -P /opt https://e/a/b.tgz"), None),
            ["/opt/b.tgz"]
        );
        assert!(created_paths(&cmd("wget -qO- https://e/x.sh"), Some("/")).is_empty());
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

    #[test]
    fn versions_of_apt_and_apk() {
        for p in [
            "curl=7.88.1-10",
            "curl/bookworm-backports",
            "./x.deb",
            "/tmp/x.deb",
        ] {
            assert!(apt::is_pinned(p), "{p}");
        }
        for p in ["curl", "libc6:i386", "$PACKAGES", "lib*"] {
            assert!(!apt::is_pinned(p), "{p}");
        }
        for p in [
            "curl=8.5.0-r0",
            "curl~8.5",
            "curl>8",
            "x.apk",
            "/pkgs/x.apk",
        ] {
            assert!(apk::is_pinned(p), "{p}");
        }
        assert!(!apk::is_pinned("curl"));
    }

    #[test]
    fn versions_of_pip() {
        for p in [
            "flask==3.0",
            "flask>=3,<4",
            "flask~=3.0",
            "a!=1",
            "./dist/x.whl",
            "x-1.0.tar.gz",
            ".",
            ".[dev]",
            "./lib",
            "/src/pkg",
            "https://example.com/x.zip",
            "git+https://github.com/a/b.git@v1.2",
            "git+ssh://git@github.com/a/b.git@abc123",
        ] {
            assert!(python::is_pinned(p), "{p}");
        }
        for p in [
            "flask",
            "flask[async]",
            "git+https://github.com/a/b.git",
            "git+ssh://git@github.com/a/b.git",
        ] {
            assert!(!python::is_pinned(p), "{p}");
        }
    }

    #[test]
    fn versions_of_npm() {
        for p in [
            "express@4.18.2",
            "@types/node@20",
            "git+https://github.com/a/b.git#v1",
            "./x.tgz",
            "/app",
            "../lib",
            "file:../lib",
        ] {
            assert!(node::is_pinned(p), "{p}");
        }
        for p in ["express", "@types/node", "git+https://github.com/a/b.git"] {
            assert!(!node::is_pinned(p), "{p}");
        }
    }

    #[test]
    fn versions_of_gem_zypper_go() {
        assert!(gem::is_pinned("rails:7.1.0") && gem::is_pinned("./x.gem"));
        assert!(!gem::is_pinned("rails"));
        assert!(zypper::is_pinned("curl=8") && zypper::is_pinned("curl>=8"));
        assert!(zypper::is_pinned("x.rpm") && !zypper::is_pinned("curl"));
        for p in [
            "golang.org/x/tools/gopls@v0.15.0",
            ".",
            "./cmd/x",
            "/src/x",
            "main.go",
        ] {
            assert!(go::is_pinned(p), "{p}");
        }
        for p in ["golang.org/x/tools/gopls", "x@latest", "x@master", "x@"] {
            assert!(!go::is_pinned(p), "{p}");
        }
    }

    #[test]
    fn rpm_versions_follow_a_dash() {
        for p in [
            "httpd-2.4.57",
            "httpd-2.4.57-1.el9",
            "nginx-1:1.20.1",
            "java-17-openjdk-17.0.9",
            "mysql-community-server-minimal-$MYSQL_VERSION",
            "cuda-toolkit-${CUDA12VERSION//./-}",
            "x-$(cat /version)-1.el9",
            "x.rpm",
            "https://example.com/x.rpm",
        ] {
            assert!(rpm::is_pinned(p), "{p}");
        }
        for p in [
            "httpd",
            "python3-devel",
            "gcc-c++",
            "httpd-2.4*",
            "$PKG",
            "x-$",
        ] {
            assert!(!rpm::is_pinned(p), "{p}");
        }
    }
}
