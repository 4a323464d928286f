#!/usr/bin/env bash
# Builds the VS Code extension, offline, into vscode/layerlint-<version>.vsix from what
# scripts/build.sh made: the site (site/) becomes the webview's page (vscode/media/site/), and
# a CommonJS glue for Node (`wasm-bindgen --target nodejs` on the same compiled layerlint.wasm)
# goes to vscode/out/wasm-glue.js and loads the page's own optimized wasm from media/site/pkg/:
# one copy of the wasm in the .vsix (with image inspection it is ~1 MB, ~400 KB compressed).
# esbuild then bundles src/, the glue and yaml into one file, vscode/out/extension.js.
# Called by scripts/build.sh; on its own: scripts/build-vscode.sh (after scripts/build.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[build-vscode] %s\n' "$*" >&2; }

wasm=target/wasm32-unknown-unknown/release/layerlint.wasm
for need in "$wasm" pkg/layerlint_bg.wasm site/index.html vscode/node_modules/.package-lock.json; do
  [ -e "$need" ] || { log "missing $need: run scripts/build.sh (it runs scripts/setup.sh first)"; exit 1; }
done

log "media/site ← site/"
rm -rf vscode/media vscode/out
mkdir -p vscode/media vscode/out
cp -R site vscode/media/site

log "out/wasm-glue.js ← wasm-bindgen --target nodejs (CommonJS glue), reading the page's wasm in media/site/pkg/"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
wasm-bindgen --target nodejs --out-dir "$tmp" --remove-name-section --remove-producers-section "$wasm"
site_wasm=$(cd vscode/media/site/pkg && ls layerlint_bg.*.wasm)
wasm_path='const wasmPath = `${__dirname}/layerlint_bg.wasm`;'
grep -qF "$wasm_path" "$tmp/layerlint.js" ||
  { log "the Node glue does not name its wasm as expected (a new wasm-bindgen?): update this script"; exit 1; }
# The glue sits in out/, beside the bundle that inlines it: `__dirname/..` is the extension's root
# for both (the stand-in tests load src/, which requires out/wasm-glue.js).
node -e '
  const fs = require("node:fs");
  const [glue, from, to] = process.argv.slice(1);
  fs.writeFileSync(glue, fs.readFileSync(glue, "utf8").replace(from, to));
' "$tmp/layerlint.js" "$wasm_path" "const wasmPath = require('path').join(__dirname, '..', 'media', 'site', 'pkg', '$site_wasm');"
cp "$tmp/layerlint.js" vscode/out/wasm-glue.js
# The Node glue must instantiate the page's module as it is (same imports): check it here, so a
# wasm-bindgen upgrade that breaks this fails the build, not the user's editor.
node -e '
  const glue = require(process.argv[1]);
  const findings = glue.lint("FROM ubuntu:latest\n", null, "Dockerfile").files[0].findings;
  if (!findings.some((f) => f.rule === "LL302")) throw new Error("the Node glue lints wrongly");
  console.error(`[build-vscode] Node glue loads the page wasm: layerlint ${glue.version()}`);
' "$PWD/vscode/out/wasm-glue.js"

log "esbuild src/extension.js → out/extension.js (one file: the extension, the glue, yaml)"
(cd vscode && npx --no-install esbuild src/extension.js --bundle --platform=node --format=cjs --target=node18 \
  --external:vscode --minify --log-level=warning --outfile=out/extension.js)
ls -l vscode/out/extension.js >&2

version=$(node -p 'require("./vscode/package.json").version')
log "vsce package → vscode/layerlint-$version.vsix"
rm -f vscode/*.vsix
# The extension ships the repository's licence texts (MIT OR Apache-2.0) as one LICENSE file.
{ echo "layerlint is licensed under either of the MIT licence or the Apache License 2.0, at your option."
  echo; cat LICENSE-MIT; echo; cat LICENSE-APACHE; } > vscode/LICENSE
# --no-dependencies: the bundle holds yaml; nothing of node_modules ships.
out=$(cd vscode && npx --no-install vsce package --no-dependencies --out "layerlint-$version.vsix" 2>&1) ||
  { printf '%s\n' "$out" >&2; exit 1; }
grep -E 'WARNING|DONE' <<<"$out" >&2 || true
# A warning (unbundled files, a missing field…) is a build failure: the .vsix must package clean.
if grep -q WARNING <<<"$out"; then log "vsce printed a warning (above): fix it"; exit 1; fi
ls -l "vscode/layerlint-$version.vsix" >&2
