//! Paths in RUN commands: what a command creates (downloads, clones, directories) and what
//! `rm` removes, resolved against the working directory, with the shell's globs.

use super::operands;
use crate::shell::{option_value, Command};

/// git's options (global, and `clone`'s) whose value is the next word: `git -C /src clone
/// --depth 1 -b v2 URL DIR`.
const GIT_WITH_VALUE: &[&str] = &[
    "-C",
    "-c",
    "--config",
    "--depth",
    "-b",
    "--branch",
    "-o",
    "--origin",
    "--reference",
    "--reference-if-able",
    "--filter",
    "-j",
    "--jobs",
    "-u",
    "--upload-pack",
    "--template",
    "--separate-git-dir",
    "--shallow-since",
    "--shallow-exclude",
    "--server-option",
    "--bundle-uri",
];

/// Files and directories a command creates at known paths: downloads (`curl -o`, `wget -O`,
/// `wget URL`), clones, `mkdir`. Relative paths resolve against `cwd` (unknown: skipped).
pub fn created_paths(command: &Command, cwd: Option<&str>) -> Vec<String> {
    let resolve = |p: &str| resolve(p, cwd);
    let args = command.args();
    match command.program().unwrap_or("") {
        "curl" | "wget" => saved_file(command)
            .and_then(|f| resolve(&f))
            .into_iter()
            .collect(),
        "git" => {
            let operands: Vec<&str> = operands(args, GIT_WITH_VALUE)
                .into_iter()
                .map(|w| w.value.as_str())
                .collect();
            let ["clone", url, rest @ ..] = operands.as_slice() else {
                return Vec::new();
            };
            let dir = match rest.first() {
                Some(d) => Some(d.to_string()),
                None => url_name(url).map(|n| n.trim_end_matches(".git").to_string()),
            };
            dir.and_then(|d| resolve(&d)).into_iter().collect()
        }
        "mkdir" => command
            .operands()
            .filter_map(|w| resolve(&w.value))
            .collect(),
        _ => Vec::new(),
    }
}

/// The file a curl or wget command saves its download to, as written (relative paths stay
/// relative): `-o f`, `-sSLo f`, `-o/tmp/f`, `--output=f`, `-qO f`, `--output-document f`,
/// or the URL's last segment for `curl -O` and a plain `wget URL` (in wget's `-P` directory).
/// `None` when the download goes to standard output or the name is unknown.
pub fn saved_file(command: &Command) -> Option<String> {
    let args = command.args();
    let url_name = || {
        command
            .operands()
            .map(|w| w.value.as_str())
            .find(|v| v.contains("://"))
            .and_then(url_name)
    };
    let file = match command.program()? {
        "curl" => output_option(command, 'o', "--output").or_else(|| {
            command
                .has_flag(&["-O", "--remote-name"])
                .then(url_name)
                .flatten()
        }),
        "wget" => output_option(command, 'O', "--output-document").or_else(|| {
            let name = url_name()?;
            Some(match option_value(args, "-P", "--directory-prefix") {
                Some(dir) => format!("{}/{name}", dir.trim_end_matches('/')),
                None => name,
            })
        }),
        _ => None,
    }?;
    (file != "-" && !file.is_empty()).then_some(file)
}

/// The value of a download's output option, in any spelling: `--output f`, `--output=f`, and in
/// a group of short options (`-o f`, `-sSLo f`, `-o/tmp/f`, `-qO-`) the letter takes the rest
/// of the group, or the next word when nothing follows it.
fn output_option(command: &Command, short: char, long: &str) -> Option<String> {
    let args = command.args();
    args.iter().enumerate().find_map(|(i, w)| {
        let v = w.value.as_str();
        if let Some(rest) = v.strip_prefix(long).and_then(|r| r.strip_prefix('=')) {
            return Some(rest.to_string());
        }
        if v == long {
            return args.get(i + 1).map(|w| w.value.clone());
        }
        let group = v.strip_prefix('-').filter(|g| !g.starts_with('-'))?;
        let at = group.find(short)?;
        if !group[..at].chars().all(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        match &group[at + 1..] {
            "" => args.get(i + 1).map(|w| w.value.clone()),
            rest => Some(rest.to_string()),
        }
    })
}

/// The last segment of a URL's path (`https://e/a/b.tgz?x` → `b.tgz`), when it has one.
fn url_name(url: &str) -> Option<String> {
    let url = url.split(['?', '#']).next().unwrap_or(url);
    url.rsplit('/')
        .next()
        .filter(|n| !n.is_empty())
        .map(str::to_string)
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
pub(super) fn removes_dir(operand: &str, dir: &str) -> bool {
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
pub(super) fn normalize(path: &str) -> String {
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
pub(super) fn within(dir: &str, target: &str) -> bool {
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

/// A path or URL: the file itself fixes what is installed (a local file is part of the build
/// context, a URL names one artifact).
pub fn is_path_or_url(p: &str) -> bool {
    p == "."
        || p == ".."
        || ["/", "./", "../", "~/"].iter().any(|s| p.starts_with(s))
        || p.contains("://")
}
