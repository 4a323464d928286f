//! The rules that need the build context's `.dockerignore` (see [`crate::lint::BuildContext`]):
//! a COPY of something the `.dockerignore` leaves out (BuildKit's CopyIgnoredFile, also with
//! `!` lines), and a COPY of the whole context when there is no `.dockerignore` at all.

use super::ship_severity;
use crate::dockerignore::{clean, Dockerignore};
use crate::lint::instruction_facts::expand;
use crate::lint::{BuildContext, Context, Findings, FixSafety, Rule};
use crate::report::Severity;
use crate::syntax::views::Copy;

/// The `.dockerignore` the documented examples are linted with.
#[cfg(test)]
pub(super) const EXAMPLE_DOCKERIGNORE: &str = ".git\n.env\nnode_modules\n";

pub static LL719: Rule = Rule {
    id: "LL719",
    name: "dockerignored-path-copied",
    aliases: &["CopyIgnoredFile"],
    related: &[],
    severity: Severity::Warning,
    title: doc!("COPY or ADD of a path the .dockerignore excludes"),
    why: doc!(
        "A path that `.dockerignore` leaves out of the build context is not there to copy: the \
          build fails with \"not found\", or a wildcard silently copies less than it says. \
          Docker's matching is subtle (a pattern is matched against the whole path from the \
          context root, `*` stays within one directory, the last matching line wins). Unlike \
          BuildKit's own check, which goes silent as soon as the file has a `!` line, this one \
          follows the exceptions. (Examples linted with a `.dockerignore` of `.git`, `.env` \
          and `node_modules`.)"
    ),
    bad: doc!("FROM node:22-slim\nCOPY .env package.json /app/\n"),
    good: doc!("FROM node:22-slim\nCOPY package.json /app/\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: copy_ignored_file,
};

pub static LL107: Rule = Rule {
    id: "LL107",
    name: "no-dockerignore",
    aliases: &[],
    related: &[],
    severity: Severity::Warning,
    title: doc!("The whole build context is copied and there is no .dockerignore"),
    why: doc!(
        "`COPY . .` with no `.dockerignore` sends and copies everything beside the \
          Dockerfile: `.git`, `node_modules`, local build output and secrets such as `.env` \
          land in a layer that every task start pulls, and any change to them — every commit \
          — invalidates the layer cache from that COPY on. A `.dockerignore` listing what the \
          image does not need keeps the layer small and the cache warm. (Examples linted with \
          no `.dockerignore`.)"
    ),
    bad: doc!("FROM node:22-slim\nWORKDIR /app\nCOPY . .\n"),
    good: doc!(
        "FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nCOPY src ./src\n"
    ),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: whole_context_without_dockerignore,
};

/// COPY and ADD that read the build context (no `--from`), with their instruction index;
/// callers skip the URL and heredoc sources.
fn context_copies<'c>(ctx: &'c Context) -> impl Iterator<Item = (usize, Copy<'c>)> + 'c {
    ctx.file
        .instructions
        .iter()
        .enumerate()
        .filter_map(|(i, inst)| Some((i, inst.as_copy()?)))
        .filter(|(_, copy)| copy.from.is_none())
}

fn is_remote(source: &str) -> bool {
    source.contains("://") || source.starts_with("git@")
}

fn copy_ignored_file(ctx: &Context, out: &mut Findings) {
    let Some(ignore) = ctx.build.and_then(|b| b.dockerignore.as_ref()) else {
        return;
    };
    for (i, copy) in context_copies(ctx) {
        for source in copy.paths() {
            if copy.heredoc(source).is_some() || is_remote(&source.value) {
                continue;
            }
            let Some(path) = expand(ctx, i, &source.value) else {
                continue;
            };
            let path = clean(&path);
            let path = path.strip_prefix('/').unwrap_or(&path);
            let path = if path.is_empty() { "." } else { path };
            if !is_ignored(ignore, path) {
                continue;
            }
            let verb = if copy.is_add { "Add" } else { "Copy" };
            let msg =
                format!("Attempting to {verb} file \"{path}\" that is excluded by .dockerignore");
            out.add(&LL719, source.span, msg, None);
        }
    }
}

/// Whether copying `path` copies nothing the `.dockerignore` lets through. The context root
/// counts only for patterns that leave out every entry (`*`, `**`, `**/*`), as in BuildKit;
/// a path some `!` line may bring back from below is not ignored.
fn is_ignored(ignore: &Dockerignore, path: &str) -> bool {
    if ignore.may_reinclude_below(path) {
        return false;
    }
    if path == "." {
        return ignore
            .exclude_patterns()
            .any(|p| matches!(p, "*" | "**" | "**/*"));
    }
    ignore.excludes(path)
}

fn whole_context_without_dockerignore(ctx: &Context, out: &mut Findings) {
    let Some(BuildContext { dockerignore: None }) = ctx.build else {
        return;
    };
    for (i, copy) in context_copies(ctx) {
        let Some(whole) = copy
            .paths()
            .find(|s| copy.heredoc(s).is_none() && matches!(clean(&s.value).as_str(), "." | "/"))
        else {
            continue;
        };
        let Some(stage) = ctx.stage_of(i) else {
            continue;
        };
        let keyword = if copy.is_add { "ADD" } else { "COPY" };
        let msg = format!(
            "`{keyword} {}` copies the whole build context and there is no .dockerignore: \
             `.git`, `node_modules`, build output and secrets all land in the layer",
            whole.value
        );
        out.add_with_severity(&LL107, ship_severity(ctx, stage), whole.span, msg, None);
    }
}

#[cfg(test)]
mod tests {
    use crate::dockerignore::Dockerignore;
    use crate::lint::rules::test_util::{lint, lint_in, Case};
    use crate::lint::BuildContext;

    /// `rule` on `text` in a build context with this `.dockerignore` (`None`: none at all).
    fn lint_beside<'t>(rule: &'t str, text: &'t str, dockerignore: Option<&str>) -> Case<'t> {
        let build = BuildContext {
            dockerignore: dockerignore.map(Dockerignore::parse),
        };
        lint_in(rule, text, &build)
    }

    #[test]
    fn copies_of_ignored_paths_name_the_path_as_buildkit_does() {
        let text = "FROM scratch\nCOPY ./secrets/key.pem app/ /dst/\nADD .git /src/.git\nCOPY --from=build /secrets /x\nCOPY <<EOF /secrets\nx\nEOF\nADD https://x.io/secrets /s\n";
        lint_beside("LL719", text, Some("secrets\n.git\n"))
            .fails_at(&["./secrets/key.pem", ".git"])
            .messages_contain(&[
                "Attempting to Copy file \"secrets/key.pem\" that is excluded by .dockerignore",
                "Attempting to Add file \".git\" that is excluded by .dockerignore",
            ]);
    }

    #[test]
    fn exceptions_are_followed_where_buildkit_goes_silent() {
        let ignore = "*.md\n!README.md\nnode_modules\n!node_modules/keep\n";
        let text = "FROM scratch\nCOPY CHANGES.md README.md /d/\nCOPY node_modules /n\nCOPY node_modules/other /o\n";
        lint_beside("LL719", text, Some(ignore)).fails_at(&["CHANGES.md", "node_modules/other"]);
    }

    #[test]
    fn variables_are_expanded_and_the_root_needs_a_match_all() {
        let text = "FROM scratch\nARG DIR=build\nCOPY $DIR /b\nCOPY . /all\n";
        lint_beside("LL719", text, Some("build\n")).fails_at(&["$DIR"]);
        lint_beside("LL719", text, Some("*\n")).fails_at(&["$DIR", "."]);
        lint_beside("LL719", text, Some(".*\n")).passes();
    }

    #[test]
    fn whole_context_without_dockerignore_only_when_the_context_is_known() {
        let text = "FROM scratch AS b\nADD ./ /src\nFROM scratch\nCOPY . .\nCOPY --from=b . .\n";
        lint_beside("LL107", text, None)
            .fails_at(&["./", "."])
            .on_lines(&[2, 4]);
        lint_beside("LL107", text, Some("")).passes();
        // With no build context known, neither rule has anything to go on.
        lint("LL107", text).passes();
        lint("LL719", text).passes();
    }
}
