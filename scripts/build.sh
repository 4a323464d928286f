#!/usr/bin/env bash
# Builds the two wasm modules into pkg/, the deployable site into site/ (what Netlify publishes
# and what scripts/serve.sh serves) and the VS Code extension's .vsix (scripts/build-vscode.sh).
# Usage: scripts/build.sh [--skip-setup]
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${1:-}" = --skip-setup ] || scripts/setup.sh build

log() { printf '[build] %s\n' "$*" >&2; }

# One crate, two wasm modules (features of crate/Cargo.toml): the page's lint module
# (pkg/layerlint*) and the image module (pkg/layerlint_image*) that the inspection worker loads
# when the first file is dropped.
target=${CARGO_TARGET_DIR:-target}
mkdir -p "$target/wasm-modules"
rm -rf pkg
for module in lint:layerlint image:layerlint_image; do
  feature=${module%%:*} name=${module#*:}
  log "cargo build (wasm32, release, feature $feature) → pkg/$name"
  cargo build --locked --lib --release -p layerlint --target wasm32-unknown-unknown \
    --no-default-features --features "$feature"
  cp "$target/wasm32-unknown-unknown/release/layerlint.wasm" "$target/wasm-modules/$name.wasm"
  wasm-bindgen --target web --out-dir pkg --remove-name-section --remove-producers-section \
    "$target/wasm-modules/$name.wasm"
  log "wasm-opt -Oz pkg/${name}_bg.wasm (binaryen from npm; Debian's binaryen 108 breaks the module)"
  # --low-memory-unused: Rust's data and stack start at 1 MiB, so the low 1 KiB is never used.
  # The lint module keeps functions with one caller apart (-ocimfs=0): 14 KB raw more but 14 KB
  # less gzipped, what the page downloads, at the same lint speed. The image module's codecs
  # keep binaryen's default inlining (their speed is measured against native tools).
  inline=()
  [ "$feature" = lint ] && inline=(--one-caller-inline-max-function-size=0)
  npx --no-install wasm-opt -Oz --converge --low-memory-unused "${inline[@]}" \
    --strip-debug --strip-producers --strip-target-features \
    "pkg/${name}_bg.wasm" -o "pkg/${name}_bg.wasm"
done

# The rules' documentation, which the lint module leaves out: the page fetches it when the
# Rules tab opens, VS Code links and the npm package read it. The crate is its one source.
log "pkg/rules.json ← layerlint rules"
cargo run --locked --quiet -p layerlint --bin layerlint -- rules > pkg/rules.json

log "pkg/ as an npm package (package.json, README, licences)"
node scripts/npm-package.mjs

log "site/"
node scripts/build-site.mjs

log "VS Code extension (vscode/layerlint-<version>.vsix)"
scripts/build-vscode.sh
