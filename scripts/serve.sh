#!/usr/bin/env bash
# Builds the wasm and the site, then serves it on http://127.0.0.1:8080 (PORT to change).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
exec node scripts/serve.mjs site "${PORT:-8080}"
