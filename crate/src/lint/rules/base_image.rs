//! Heavy base images in stages that ship.

use super::tags::base_images;
use crate::lint::base_images::{heavy, megabytes};
use crate::lint::{Context, Findings, Rule};
use crate::report::Severity;

pub static LL201: Rule = Rule {
    id: "LL201",
    aliases: &[],
    related: &[],
    severity: Severity::Warning,
    title: "Heavy base image in a stage that ships",
    why: "Fargate caches no image: every task start downloads and decompresses every layer of the \
          base image. A full variant (compilers, headers, documentation) can be ten times the \
          size of its slim or alpine sibling, and that difference is paid on every start.",
    bad: "FROM python:3.12\nCOPY app.py /\nCMD [\"python\", \"/app.py\"]\n",
    good: "FROM python:3.12-slim\nCOPY app.py /\nCMD [\"python\", \"/app.py\"]\n",
    fix: None,
    opt_in: false,
    check: |ctx: &Context, out: &mut Findings| {
        for (stage, r, span) in base_images(ctx) {
            let Some(h) = heavy(&r).filter(|_| ctx.ships(stage)) else {
                continue;
            };
            {
                let (big, small) = (
                    h.image.compressed_bytes.unwrap_or(0),
                    h.lighter.compressed_bytes.unwrap_or(0),
                );
                let written = match &r.tag {
                    Some(tag) => format!("{}:{tag}", r.short_name()),
                    None => r.short_name().to_string(),
                };
                let published = if written == h.image.reference() {
                    String::new()
                } else {
                    format!(" (as {})", h.image.reference())
                };
                let msg = format!(
                    "{written} ≈ {}{published} compressed; {} ≈ {} (published sizes, {}): every \
                     task start pulls the difference",
                    megabytes(big),
                    h.lighter.reference(),
                    megabytes(small),
                    h.image.snapshot_date,
                );
                out.add(&LL201, span, msg, None);
            }
        }
    },
};

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::findings;

    #[test]
    fn heavy_final_stage_is_found_with_sizes() {
        let f = findings("FROM python:3.12\n", "LL201");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("411 MB"), "{}", f[0].message);
        assert!(
            f[0].message.contains("python:3.12-slim ≈ 43 MB"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn builder_stages_do_not_ship() {
        let text =
            "FROM golang:1.23 AS build\nRUN go build\nFROM alpine:3.20\nCOPY --from=build /app /\n";
        assert!(findings(text, "LL201").is_empty());
        let chained = "FROM node:22 AS base\nFROM base\nCMD [\"node\"]\n";
        assert_eq!(
            findings(chained, "LL201").len(),
            1,
            "the final stage is built FROM base"
        );
    }
}
