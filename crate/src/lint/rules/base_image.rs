//! Base images that cost start-up time: heavy variants (LL201) and build toolchains (LL202)
//! in stages that ship. Sizes are the published ones of `crate/data/base-images.tsv`.

use super::tags::{image_uses, UseKind};
use crate::lint::base_images::{self, heavy, megabytes, REPOSITORY};
use crate::lint::{Context, Findings, FixSafety, Rule};
use crate::report::Severity;
use crate::syntax::image_ref::ImageRef;

pub static LL201: Rule = Rule {
    id: "LL201",
    name: "heavy-base-image",
    aliases: &[],
    related: &[],
    severity: Severity::Warning,
    title: doc!("Heavy base image in a stage that ships"),
    why: doc!(concat!(
        "Fargate caches no image: every task start downloads and decompresses every layer of \
         the base image. A full variant (compilers, headers, documentation) can be ten times \
         the size of its slim or alpine sibling, and that difference is paid on every start. \
         Sizes are the compressed linux/amd64 sizes published in ",
        "docker-library/repo-info",
        " (the snapshot date is in each message); only stages that ship are checked (the final \
         stage and the stages it is built FROM). Build toolchains are LL202's."
    )),
    bad: doc!("FROM python:3.12\nCOPY app.py /\nCMD [\"python\", \"/app.py\"]\n"),
    good: doc!("FROM python:3.12-slim\nCOPY app.py /\nCMD [\"python\", \"/app.py\"]\n"),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: heavy_base_image,
};

fn heavy_base_image(ctx: &Context, out: &mut Findings) {
    for u in image_uses(ctx) {
        let Some(r) = &u.image else { continue };
        if u.kind != UseKind::From || !ctx.ships(u.stage) || toolchain(r).is_some() {
            continue;
        }
        let Some(h) = heavy(r) else { continue };
        let (big, small) = (
            h.image.compressed_bytes.unwrap_or(0),
            h.lighter.compressed_bytes.unwrap_or(0),
        );
        let written = r.familiar();
        let published = if written == h.image.reference() {
            String::new()
        } else {
            format!(" (as {})", h.image.reference())
        };
        let msg = format!(
            "{written} ≈ {}{published} compressed; {} ≈ {} (published sizes, {REPOSITORY} \
             {}): every task start pulls the difference",
            megabytes(big),
            h.lighter.reference(),
            megabytes(small),
            h.image.snapshot_date,
        );
        out.add(&LL201, u.span, msg, None);
    }
}

pub static LL202: Rule = Rule {
    id: "LL202",
    name: "toolchain-in-final-image",
    aliases: &[],
    related: &[],
    severity: Severity::Warning,
    title: doc!("Build toolchain as the image that ships"),
    why: doc!(concat!(
        "golang, rust, gcc, maven, gradle, JDKs, buildpack-deps and the full node images carry \
         a compiler, headers and package caches: hundreds of MB that the running program does \
         not need but every task start downloads and extracts. Build in a stage of its own and \
         copy the result into a runtime image: distroless or alpine for static binaries, a JRE \
         for Java, a slim node. Sizes from ",
        "docker-library/repo-info",
        "; builder stages that do not ship are not flagged."
    )),
    bad: doc!("FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN go build -o /app\nCMD [\"/app\"]\n"),
    good: doc!(
        "FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app\n\
           FROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\nCMD [\"/app\"]\n"
    ),
    fix: None,
    fix_safety: FixSafety::Safe,
    opt_in: false,
    check: toolchain_in_final_image,
};

fn toolchain_in_final_image(ctx: &Context, out: &mut Findings) {
    for u in image_uses(ctx) {
        let Some(r) = &u.image else { continue };
        if u.kind != UseKind::From || !ctx.ships(u.stage) {
            continue;
        }
        let Some(tc) = toolchain(r) else { continue };
        let size = base_images::closest(r)
            .and_then(|row| Some((row.compressed_bytes?, row)))
            .map(|(b, row)| {
                let as_ = if row.reference() == r.familiar() {
                    String::new()
                } else {
                    format!(" as {}", row.reference())
                };
                format!(
                    " (≈ {} compressed{as_}, {REPOSITORY} {})",
                    megabytes(b),
                    row.snapshot_date
                )
            })
            .unwrap_or_default();
        let msg = format!(
            "{} is a {}{size} and this stage ships: build in a `FROM {} AS build` stage \
             and copy the result into {}",
            r.familiar(),
            tc.what,
            r.familiar(),
            runtime_advice(tc.runtimes),
        );
        out.add(&LL202, u.span, msg, None);
    }
}

/// A toolchain image and the runtime images to copy its output into.
struct Toolchain {
    what: &'static str,
    runtimes: &'static [&'static str],
}

const STATIC: &[&str] = &["gcr.io/distroless/static-debian11", "alpine:latest"];
const NATIVE: &[&str] = &["gcr.io/distroless/base-debian12", "debian:bookworm-slim"];
const JAVA: &[&str] = &[
    "eclipse-temurin:21-jre",
    "gcr.io/distroless/java21-debian12",
];
const NODE: &[&str] = &["node:lts-slim", "gcr.io/distroless/nodejs20-debian12"];

/// Whether `r` is a build toolchain image, and what to run on instead.
fn toolchain(r: &ImageRef) -> Option<Toolchain> {
    let tag = r.tag.as_deref().unwrap_or("latest").to_ascii_lowercase();
    let jre = tag.contains("jre");
    let t = |what, runtimes| Some(Toolchain { what, runtimes });
    if !r.is_docker_hub() {
        return match (r.domain(), r.path.as_str()) {
            ("mcr.microsoft.com", "dotnet/sdk") => t(
                ".NET SDK",
                &[
                    "mcr.microsoft.com/dotnet/aspnet",
                    "mcr.microsoft.com/dotnet/runtime",
                ],
            ),
            _ => None,
        };
    }
    match r.short_name() {
        "golang" => t("Go toolchain", STATIC),
        "rust" => t("Rust toolchain", NATIVE),
        "gcc" => t("C/C++ toolchain", NATIVE),
        "buildpack-deps" => t("build toolchain", NATIVE),
        "maven" | "gradle" => t("Java build toolchain", JAVA),
        "openjdk" | "eclipse-temurin" | "amazoncorretto" | "ibm-semeru-runtimes" | "sapmachine"
            if !jre =>
        {
            t("JDK", JAVA)
        }
        "node" if !["slim", "alpine"].iter().any(|v| tag.contains(v)) => t(
            "Node.js image with a build toolchain (gcc, make, python)",
            NODE,
        ),
        _ => None,
    }
}

/// "gcr.io/distroless/static-debian11 (≈ 2.1 MB uncompressed) or alpine:latest ≈ 3.8 MB".
fn runtime_advice(runtimes: &[&str]) -> String {
    runtimes
        .iter()
        .map(|name| {
            let r = ImageRef::parse(name);
            match r
                .as_ref()
                .and_then(base_images::lookup)
                .and_then(|b| b.compressed_bytes)
            {
                Some(b) => format!("{name} (≈ {})", megabytes(b)),
                None => name.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" or ")
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_util::lint;

    #[test]
    fn heavy_final_stage_is_found_with_sizes() {
        let case = lint("LL201", "FROM python:3.12\n");
        let f = &case.fails_at(&["python:3.12"]).findings;
        assert!(f[0].message.contains("411 MB"), "{}", f[0].message);
        assert!(
            f[0].message.contains("python:3.12-slim ≈ 43 MB"),
            "{}",
            f[0].message
        );
        assert!(f[0].message.contains("2026-08-13"), "{}", f[0].message);
        let arg = "ARG PY=3.12\nFROM python:${PY}\n";
        // Resolved through the ARG.
        lint("LL201", arg).fails_at(&["python:${PY}"]);
    }

    #[test]
    fn builder_stages_do_not_ship() {
        let text =
            "FROM golang:1.23 AS build\nRUN go build\nFROM alpine:3.20\nCOPY --from=build /app /\n";
        lint("LL201", text).passes();
        lint("LL202", text).passes();
        // The final stage is built FROM base.
        let chained = "FROM python:3.12 AS base\nFROM base\nCMD [\"python\"]\n";
        lint("LL201", chained).fails_at(&["python:3.12"]);
    }

    #[test]
    fn toolchains_that_ship() {
        lint("LL202", "FROM golang:1.23\nRUN go build -o /app\n")
            .messages_contain(&["Go toolchain"])
            .messages_contain(&["312 MB compressed as golang:latest"])
            .messages_contain(&["alpine:latest (≈ 3.8 MB)"]);
        lint("LL202", "FROM golang:1.23-alpine3.20\n")
            .messages_contain(&["75 MB compressed as golang:alpine"]);
        lint("LL202", "FROM buildpack-deps:bookworm-curl\n")
            .messages_contain(&["as buildpack-deps:trixie-curl"]);
        // LL202's advice, not LL201's.
        lint("LL201", "FROM golang:1.23\n").passes();
        for toolchain in [
            "FROM rust:1.80\n",
            "FROM maven:3-eclipse-temurin-21\n",
            "FROM eclipse-temurin:21\n",
            "FROM node:22\n",
            "FROM buildpack-deps:bookworm\n",
            "FROM mcr.microsoft.com/dotnet/sdk:8.0\n",
        ] {
            let image = toolchain.trim_start_matches("FROM ").trim_end();
            lint("LL202", toolchain).fails_at(&[image]);
        }
        for runtime in [
            "FROM eclipse-temurin:21-jre\n",
            "FROM node:22-slim\n",
            "FROM python:3.12\n",
        ] {
            lint("LL202", runtime).passes();
        }
    }
}
