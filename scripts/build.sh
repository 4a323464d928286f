#!/usr/bin/env bash
# Builds the wasm module into pkg/, the deployable site into site/ (what Netlify publishes
# and what scripts/serve.sh serves) and the VS Code extension's .vsix (scripts/build-vscode.sh).
# Usage: scripts/build.sh [--skip-setup]
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${1:-}" = --skip-setup ] || scripts/setup.sh build

log() { printf '[build] %s\n' "$*" >&2; }

log "cargo build (wasm32, release)"
cargo build --locked --lib --release -p layerlint --target wasm32-unknown-unknown

log "wasm-bindgen → pkg/"
rm -rf pkg
wasm-bindgen --target web --out-dir pkg --remove-name-section --remove-producers-section \
  target/wasm32-unknown-unknown/release/layerlint.wasm

log "wasm-opt -Oz (binaryen from npm; Debian's binaryen 108 breaks the module)"
npx --no-install wasm-opt -Oz --strip-debug --strip-producers --strip-target-features \
  pkg/layerlint_bg.wasm -o pkg/layerlint_bg.wasm

log "pkg/ as an npm package (package.json, README, licences)"
node scripts/npm-package.mjs

log "site/"
node scripts/build-site.mjs

log "VS Code extension (vscode/layerlint-<version>.vsix)"
scripts/build-vscode.sh
