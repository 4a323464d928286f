//! Typed accessors on [`Instruction`]: what rules read. Each `as_*` returns `None` for other
//! instructions (and for malformed ones that BuildKit rejects), so a rule can write
//! `if let Some(copy) = inst.as_copy() { … }` and find spans on every part.

use super::heredoc::parse_marker;
use super::tree::{Arg, Args, Flag, Heredoc, Instruction, Kind, LogicalLine, Pair};
use crate::report::Span;
use std::ops::Range;

impl Instruction {
    /// Arguments in JSON (exec) form.
    pub fn is_json(&self) -> bool {
        match &self.args {
            Args::Json(_) => true,
            Args::Health { command, .. } => matches!(**command, Args::Json(_)),
            _ => false,
        }
    }

    /// Arguments that start with `[` but are not a valid JSON array of strings: BuildKit
    /// silently runs them as a shell-form command (often a typo such as `['sh']` or a
    /// missing quote). Not a syntax error, since BuildKit accepts it; rules can report it.
    pub fn json_fallback(&self) -> bool {
        match &self.args {
            Args::Text(a) => a.value.starts_with('['),
            Args::Words(w) => w.first().is_some_and(|a| a.value.starts_with('[')),
            Args::Health { command, .. } => {
                matches!(&**command, Args::Text(a) if a.value.starts_with('['))
            }
            _ => false,
        }
    }

    /// The first flag with this name (BuildKit rejects repeats of most flags, LL004).
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|f| f.name == name)
    }

    /// Every flag with this name (`--mount` and `--exclude` may repeat).
    pub fn flags_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Flag> + 'a {
        self.flags.iter().filter(move |f| f.name == name)
    }

    /// The values as BuildKit's parse tree holds them, in order (ENV/LABEL: key, value, key,
    /// value…; HEALTHCHECK: type then command; ONBUILD: the inner keyword then its values).
    pub fn values(&self) -> Vec<&str> {
        let mut out = Vec::new();
        collect_values(&self.args, &mut out);
        out
    }

    /// The span from the first argument to the last, if there are arguments.
    pub fn args_span(&self) -> Option<Span> {
        let (first, last) = match &self.args {
            Args::Empty | Args::Unknown(None) => return None,
            Args::Json(v) | Args::Words(v) => (v.first()?.span, v.last()?.span),
            Args::Text(a) | Args::Unknown(Some(a)) => (a.span, a.span),
            Args::Pairs(p) => (p.first()?.span, p.last()?.span),
            Args::Health { kind, command } => {
                let end = match &**command {
                    Args::Json(v) => v.last().map_or(kind.span, |a| a.span),
                    Args::Text(a) => a.span,
                    _ => kind.span,
                };
                (kind.span, end)
            }
            Args::Onbuild(i) => (i.keyword_span, i.span),
        };
        Some(Span {
            start: first.start,
            end: last.end,
        })
    }

    /// The command of RUN, CMD, ENTRYPOINT, SHELL or `HEALTHCHECK CMD`.
    pub fn command(&self) -> Option<Command<'_>> {
        let args = match (&self.kind, &self.args) {
            (Kind::Run | Kind::Cmd | Kind::Entrypoint | Kind::Shell, a) => a,
            (Kind::Healthcheck, Args::Health { kind, command })
                if kind.value.eq_ignore_ascii_case("cmd") =>
            {
                command
            }
            _ => return None,
        };
        match args {
            Args::Json(v) => Some(Command::Exec(v)),
            Args::Text(a) => Some(Command::Shell(self.shell_text(a))),
            _ => None,
        }
    }

    /// The shell-form command (continuations removed) with its map to the file, if the
    /// instruction has one.
    pub fn shell_command(&self) -> Option<ShellCommand<'_>> {
        match self.command()? {
            Command::Shell(s) => Some(s),
            Command::Exec(_) => None,
        }
    }

    fn shell_text<'a>(&'a self, a: &'a Arg) -> ShellCommand<'a> {
        let offset = self
            .line
            .to_logical(a.span.start.offset)
            .filter(|&o| o + a.value.len() <= self.line.len())
            .unwrap_or(self.args_range.start);
        ShellCommand {
            text: &a.value,
            span: a.span,
            line: &self.line,
            offset,
        }
    }

    /// FROM.
    pub fn as_from(&self) -> Option<From<'_>> {
        let (Kind::From, Args::Words(w)) = (self.kind, &self.args) else {
            return None;
        };
        let (stage_name, as_keyword) = match w.as_slice() {
            [_, kw, name] if kw.value.eq_ignore_ascii_case("as") => (Some(name), Some(kw)),
            [_] => (None, None),
            _ => return None,
        };
        Some(From {
            image: &w[0],
            as_keyword,
            stage_name,
            platform: self.flag("platform"),
        })
    }

    /// COPY and ADD (`is_add` tells them apart).
    pub fn as_copy(&self) -> Option<Copy<'_>> {
        let is_add = match self.kind {
            Kind::Copy => false,
            Kind::Add => true,
            _ => return None,
        };
        let (Args::Json(v) | Args::Words(v)) = &self.args else {
            return None;
        };
        let (destination, sources) = v.split_last()?;
        if sources.is_empty() {
            return None;
        }
        let flag_bool = |name: &str| self.flag(name).and_then(Flag::as_bool).unwrap_or(false);
        Some(Copy {
            is_add,
            json: self.is_json(),
            sources,
            destination,
            heredocs: &self.heredocs,
            from: self.flag("from"),
            chown: self.flag("chown"),
            chmod: self.flag("chmod"),
            checksum: self.flag("checksum"),
            link: flag_bool("link"),
            parents: flag_bool("parents"),
            keep_git_dir: flag_bool("keep-git-dir"),
            exclude: self.flags_named("exclude").collect(),
        })
    }

    /// RUN.
    pub fn as_run(&self) -> Option<Run<'_>> {
        if self.kind != Kind::Run {
            return None;
        }
        Some(Run {
            command: self.command(),
            mounts: self.flags_named("mount").map(Mount::parse).collect(),
            network: self.flag("network"),
            security: self.flag("security"),
            heredocs: &self.heredocs,
        })
    }

    /// ENV pairs.
    pub fn as_env(&self) -> Option<&[Pair]> {
        match (self.kind, &self.args) {
            (Kind::Env, Args::Pairs(p)) => Some(p),
            _ => None,
        }
    }

    /// LABEL pairs.
    pub fn as_label(&self) -> Option<&[Pair]> {
        match (self.kind, &self.args) {
            (Kind::Label, Args::Pairs(p)) => Some(p),
            _ => None,
        }
    }

    /// ARG declarations: `name` or `name=default`, several per instruction.
    pub fn as_arg(&self) -> Option<Vec<ArgDecl<'_>>> {
        let (Kind::Arg, Args::Words(w)) = (self.kind, &self.args) else {
            return None;
        };
        Some(
            w.iter()
                .map(|a| match a.value.split_once('=') {
                    Some((n, v)) => ArgDecl {
                        name: n,
                        default: Some(v),
                        arg: a,
                    },
                    None => ArgDecl {
                        name: &a.value,
                        default: None,
                        arg: a,
                    },
                })
                .collect(),
        )
    }

    /// HEALTHCHECK.
    pub fn as_healthcheck(&self) -> Option<Healthcheck<'_>> {
        let (Kind::Healthcheck, Args::Health { kind, .. }) = (self.kind, &self.args) else {
            return None;
        };
        Some(if kind.value.eq_ignore_ascii_case("none") {
            Healthcheck::None
        } else if kind.value.eq_ignore_ascii_case("cmd") {
            Healthcheck::Cmd {
                command: self.command(),
                interval: self.flag("interval"),
                timeout: self.flag("timeout"),
                start_period: self.flag("start-period"),
                start_interval: self.flag("start-interval"),
                retries: self.flag("retries"),
            }
        } else {
            Healthcheck::Other(kind)
        })
    }

    /// EXPOSE ports: `80`, `80/tcp`, `8000-8010/udp`, `$PORT`.
    pub fn as_expose(&self) -> Option<Vec<Port<'_>>> {
        let (Kind::Expose, Args::Words(w)) = (self.kind, &self.args) else {
            return None;
        };
        Some(
            w.iter()
                .map(|a| {
                    let (port, protocol) = match a.value.split_once('/') {
                        Some((p, proto)) => (p, Some(proto)),
                        None => (a.value.as_str(), None),
                    };
                    Port {
                        port,
                        protocol,
                        arg: a,
                    }
                })
                .collect(),
        )
    }

    /// USER `user[:group]`.
    pub fn as_user(&self) -> Option<User<'_>> {
        let (Kind::User, Args::Text(a)) = (self.kind, &self.args) else {
            return None;
        };
        let (user, group) = match a.value.split_once(':') {
            Some((u, g)) => (u, Some(g)),
            None => (a.value.as_str(), None),
        };
        Some(User {
            user,
            group,
            arg: a,
        })
    }

    /// The instruction ONBUILD wraps.
    pub fn as_onbuild(&self) -> Option<&Instruction> {
        match &self.args {
            Args::Onbuild(i) if self.kind == Kind::Onbuild => Some(i),
            _ => None,
        }
    }

    /// SHELL's JSON array.
    pub fn as_shell(&self) -> Option<&[Arg]> {
        match (self.kind, &self.args) {
            (Kind::Shell, Args::Json(v)) => Some(v),
            _ => None,
        }
    }

    /// VOLUME paths.
    pub fn as_volume(&self) -> Option<&[Arg]> {
        match (self.kind, &self.args) {
            (Kind::Volume, Args::Json(v) | Args::Words(v)) => Some(v),
            _ => None,
        }
    }

    /// The single argument of WORKDIR, USER, STOPSIGNAL or MAINTAINER.
    pub fn single(&self) -> Option<&Arg> {
        match (self.kind, &self.args) {
            (Kind::Workdir | Kind::User | Kind::Stopsignal | Kind::Maintainer, Args::Text(a)) => {
                Some(a)
            }
            _ => None,
        }
    }
}

fn collect_values<'a>(args: &'a Args, out: &mut Vec<&'a str>) {
    match args {
        Args::Empty | Args::Unknown(_) => {}
        Args::Json(v) | Args::Words(v) => out.extend(v.iter().map(|a| a.value.as_str())),
        Args::Text(a) => out.push(&a.value),
        Args::Pairs(p) => {
            for pair in p {
                out.push(&pair.key.value);
                out.push(&pair.value.value);
            }
        }
        Args::Health { kind, command } => {
            out.push(&kind.value);
            collect_values(command, out);
        }
        Args::Onbuild(i) => {
            out.push(&i.keyword);
            collect_values(&i.args, out);
        }
    }
}

impl LogicalLine {
    /// The offset in the text of the byte at file offset `source`, if it is part of the text.
    pub fn to_logical(&self, source: usize) -> Option<usize> {
        for (k, &(l, s)) in self.pieces.iter().enumerate() {
            let len = match self.pieces.get(k + 1) {
                Some(&(nl, _)) => nl - l,
                None => self.len - l,
            };
            if source >= s && source < s + len.max(1) {
                return Some(l + (source - s));
            }
        }
        None
    }
}

/// RUN/CMD/ENTRYPOINT/SHELL command.
#[derive(Debug, Clone, Copy)]
pub enum Command<'a> {
    /// JSON form: no shell; the strings are the argv.
    Exec(&'a [Arg]),
    /// Shell form: the text the shell gets.
    Shell(ShellCommand<'a>),
}

/// A shell-form command: the text with continuations removed, and the way back to the file.
#[derive(Debug, Clone, Copy)]
pub struct ShellCommand<'a> {
    /// What BuildKit passes to the shell.
    pub text: &'a str,
    /// From the first to the last character in the file (continuation lines included).
    pub span: Span,
    line: &'a LogicalLine,
    offset: usize,
}

impl ShellCommand<'_> {
    /// File offset of byte `i` of [`ShellCommand::text`].
    pub fn source_offset(&self, i: usize) -> usize {
        self.line.to_source(self.offset + i)
    }

    /// File byte range of `range` of the text (continuations inside it included).
    pub fn source_range(&self, range: Range<usize>) -> Range<usize> {
        self.line
            .source_range(self.offset + range.start..self.offset + range.end)
    }
}

/// FROM `[--platform=…] image [AS name]`.
#[derive(Debug, Clone, Copy)]
pub struct From<'a> {
    /// The image or stage reference as written (may contain `$ARG`s).
    pub image: &'a Arg,
    pub as_keyword: Option<&'a Arg>,
    /// The stage name as written (BuildKit lower-cases it).
    pub stage_name: Option<&'a Arg>,
    pub platform: Option<&'a Flag>,
}

/// COPY or ADD.
#[derive(Debug, Clone)]
pub struct Copy<'a> {
    pub is_add: bool,
    pub json: bool,
    /// Sources as written, heredoc markers (`<<EOF`) included (see [`Copy::heredoc`]).
    pub sources: &'a [Arg],
    pub destination: &'a Arg,
    pub heredocs: &'a [Heredoc],
    pub from: Option<&'a Flag>,
    pub chown: Option<&'a Flag>,
    pub chmod: Option<&'a Flag>,
    pub checksum: Option<&'a Flag>,
    pub link: bool,
    pub parents: bool,
    pub keep_git_dir: bool,
    pub exclude: Vec<&'a Flag>,
}

impl<'a> Copy<'a> {
    /// The heredoc a source names (`<<EOF` → the heredoc `EOF`).
    pub fn heredoc(&self, source: &Arg) -> Option<&'a Heredoc> {
        let m = parse_marker(&source.value).ok()??;
        self.heredocs.iter().find(|h| h.name == m.name)
    }

    /// Sources that are paths or URLs (not heredocs).
    pub fn paths(&self) -> impl Iterator<Item = &'a Arg> + '_ {
        self.sources
            .iter()
            .filter(|s| !matches!(parse_marker(&s.value), Ok(Some(_))))
    }
}

/// RUN.
#[derive(Debug, Clone)]
pub struct Run<'a> {
    pub command: Option<Command<'a>>,
    pub mounts: Vec<Mount<'a>>,
    pub network: Option<&'a Flag>,
    pub security: Option<&'a Flag>,
    pub heredocs: &'a [Heredoc],
}

/// A `RUN --mount=…` flag split into its comma-separated `key=value` fields (CSV quoting as
/// BuildKit's). `type` defaults to `bind`.
#[derive(Debug, Clone)]
pub struct Mount<'a> {
    pub flag: &'a Flag,
    pub fields: Vec<(String, Option<String>)>,
}

impl<'a> Mount<'a> {
    fn parse(flag: &'a Flag) -> Mount<'a> {
        let mut fields = Vec::new();
        for field in split_csv(flag.value.as_deref().unwrap_or("")) {
            match field.split_once('=') {
                Some((k, v)) => fields.push((k.trim().to_ascii_lowercase(), Some(v.to_string()))),
                None => fields.push((field.trim().to_ascii_lowercase(), None)),
            }
        }
        Mount { flag, fields }
    }

    /// The value of the first field among `keys`.
    pub fn get(&self, keys: &[&str]) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| keys.contains(&k.as_str()))
            .and_then(|(_, v)| v.as_deref())
    }

    /// `bind`, `cache`, `tmpfs`, `secret` or `ssh`.
    pub fn kind(&self) -> &str {
        self.get(&["type"]).unwrap_or("bind")
    }

    pub fn target(&self) -> Option<&str> {
        self.get(&["target", "dst", "destination"])
    }

    pub fn source(&self) -> Option<&str> {
        self.get(&["source", "src"])
    }

    /// The stage or image the mount reads from.
    pub fn from(&self) -> Option<&str> {
        self.get(&["from"])
    }

    pub fn id(&self) -> Option<&str> {
        self.get(&["id"])
    }
}

/// Comma-separated fields with `"` quoting (Go's `encoding/csv`, lazily).
fn split_csv(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out.retain(|f| !f.is_empty());
    out
}

/// One `name[=default]` of an ARG.
#[derive(Debug, Clone, Copy)]
pub struct ArgDecl<'a> {
    pub name: &'a str,
    /// The default as written (quotes kept).
    pub default: Option<&'a str>,
    /// The whole `name=default` word.
    pub arg: &'a Arg,
}

/// HEALTHCHECK.
#[derive(Debug, Clone)]
pub enum Healthcheck<'a> {
    /// `HEALTHCHECK NONE`: disables the base image's check.
    None,
    /// `HEALTHCHECK [options] CMD command`.
    Cmd {
        command: Option<Command<'a>>,
        interval: Option<&'a Flag>,
        timeout: Option<&'a Flag>,
        start_period: Option<&'a Flag>,
        start_interval: Option<&'a Flag>,
        retries: Option<&'a Flag>,
    },
    /// Any other type (BuildKit rejects it, LL009).
    Other(&'a Arg),
}

/// An EXPOSE entry.
#[derive(Debug, Clone, Copy)]
pub struct Port<'a> {
    /// `80`, `8000-8010` or a `$VAR`.
    pub port: &'a str,
    pub protocol: Option<&'a str>,
    pub arg: &'a Arg,
}

/// USER `user[:group]`.
#[derive(Debug, Clone, Copy)]
pub struct User<'a> {
    pub user: &'a str,
    pub group: Option<&'a str>,
    pub arg: &'a Arg,
}

#[cfg(test)]
mod tests {
    use crate::syntax::parse;

    #[test]
    fn typed_accessors_read_real_forms() {
        let df = parse(
            "FROM --platform=$BUILDPLATFORM golang:1.23 AS Build\n\
             COPY --from=build --link --chmod=755 a b /dst/\n\
             RUN --mount=type=cache,target=/root/.cache \\\n    go build\n\
             ENV A=1 B=\"two words\"\nENV LEGACY value with spaces\n\
             ARG X Y=2\nEXPOSE 80 53/udp\nUSER app:staff\n\
             HEALTHCHECK --interval=5s CMD [\"curl\", \"-f\", \"x\"]\nONBUILD RUN make\n",
        );
        let i = &df.instructions;
        let from = i[0].as_from().unwrap();
        assert_eq!(from.image.value, "golang:1.23");
        assert_eq!(from.stage_name.unwrap().value, "Build");
        assert_eq!(
            from.platform.unwrap().value.as_deref(),
            Some("$BUILDPLATFORM")
        );
        let copy = i[1].as_copy().unwrap();
        assert_eq!(copy.sources.len(), 2);
        assert_eq!(copy.destination.value, "/dst/");
        assert!(copy.link && !copy.is_add);
        assert_eq!(copy.from.unwrap().value.as_deref(), Some("build"));
        let run = i[2].as_run().unwrap();
        assert_eq!(run.mounts[0].kind(), "cache");
        assert_eq!(run.mounts[0].target(), Some("/root/.cache"));
        let sh = i[2].shell_command().unwrap();
        assert_eq!(sh.text, "go build");
        let env = i[3].as_env().unwrap();
        assert_eq!(env[1].value.value, "\"two words\"");
        let legacy = i[4].as_env().unwrap();
        assert_eq!(legacy[0].value.value, "value with spaces");
        assert!(!legacy[0].equals);
        let args = i[5].as_arg().unwrap();
        assert_eq!((args[1].name, args[1].default), ("Y", Some("2")));
        let ports = i[6].as_expose().unwrap();
        assert_eq!(ports[1].protocol, Some("udp"));
        assert_eq!(i[7].as_user().unwrap().group, Some("staff"));
        assert!(i[8].is_json());
        let inner = i[9].as_onbuild().unwrap();
        assert_eq!(inner.kind, crate::syntax::Kind::Run);
    }

    #[test]
    fn shell_command_maps_back_across_continuations() {
        let text = "RUN apt-get update && \\\n    apt-get install -y curl\n";
        let df = parse(text);
        let sh = df.instructions[0].shell_command().unwrap();
        let at = sh.text.find("install").unwrap();
        let src = sh.source_offset(at);
        assert_eq!(&text[src..src + 7], "install");
        let r = sh.source_range(0..sh.text.len());
        assert_eq!(&text[r.start..r.start + 7], "apt-get");
        assert!(text[r].ends_with("curl"));
    }
}
