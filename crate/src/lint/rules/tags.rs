//! Mutable image references: no tag, or `latest`.

use crate::lint::{Context, Rule};
use crate::report::{Severity, Span};
use crate::syntax::image_ref::ImageRef;
use crate::syntax::stages::{Stage, StageRef};

const WHY_MUTABLE: &str = "A tag-less or `latest` reference means a different image whenever \
    upstream publishes one: builds stop being reproducible, and every new base version is a new \
    set of layers that no node has cached, so task start-up pays the full pull again.";

pub static LL301: Rule = Rule {
    id: "LL301",
    aliases: &["DL3006"],
    related: &[],
    severity: Severity::Warning,
    title: "Image without a tag",
    why: WHY_MUTABLE,
    bad: "FROM debian\n",
    good: "FROM debian:bookworm-slim\n",
    fix: None,
    opt_in: false,
    check: |ctx, out| {
        for (_, r, span) in base_images(ctx) {
            if r.tag.is_none() && r.digest.is_none() {
                let msg = format!(
                    "`{}` has no tag, so it means `:latest`: pin a version tag",
                    r.short_name()
                );
                out.add(&LL301, span, msg, None);
            }
        }
    },
};

pub static LL302: Rule = Rule {
    id: "LL302",
    aliases: &["DL3007"],
    related: &[],
    severity: Severity::Warning,
    title: "Image with the `latest` tag",
    why: WHY_MUTABLE,
    bad: "FROM node:latest\n",
    good: "FROM node:22-slim\n",
    fix: None,
    opt_in: false,
    check: |ctx, out| {
        for (_, r, span) in base_images(ctx) {
            if r.tag.as_deref() == Some("latest") && r.digest.is_none() {
                let msg = format!(
                    "`{}:latest` changes whenever upstream publishes: pin a version tag",
                    r.short_name()
                );
                out.add(&LL302, span, msg, None);
            }
        }
    },
};

/// Every `FROM` that names an image (not a stage, not `scratch`, no build argument): its stage,
/// the reference and the span of the reference.
pub(super) fn base_images<'c>(
    ctx: &'c Context,
) -> impl Iterator<Item = (&'c Stage, ImageRef, Span)> + 'c {
    ctx.stages().iter().filter_map(move |stage| {
        let from = ctx.file.instructions[stage.from].as_from()?;
        let text = from.image.value.as_str();
        if !matches!(stage.parent(), Some(StageRef::Image(_))) || ImageRef::has_variable(text) {
            return None;
        }
        ImageRef::parse(text).map(|r| (stage, r, from.image.span))
    })
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::findings;

    #[test]
    fn untagged_and_latest_are_found_with_exact_spans() {
        let text = "FROM ubuntu AS base\nFROM base\nFROM python:latest\nFROM scratch\n";
        let untagged = findings(text, "LL301");
        assert_eq!(untagged.len(), 1, "`FROM base` names a stage, not an image");
        assert_eq!(untagged[0].span.start.column, 6);
        assert_eq!(untagged[0].span.end.column, 12);
        assert_eq!(untagged[0].aliases, ["DL3006"]);
        let latest = findings(text, "LL302");
        assert_eq!(latest.len(), 1);
        assert_eq!(latest[0].span.start.line, 3);
    }

    #[test]
    fn digests_variables_and_ports_are_not_mistaken_for_missing_tags() {
        let text = "FROM ubuntu@sha256:abcd\nARG BASE=x\nFROM $BASE\nFROM localhost:5000/app:1\n";
        assert!(findings(text, "LL301").is_empty());
        assert!(findings(text, "LL302").is_empty());
    }
}
