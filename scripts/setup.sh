#!/usr/bin/env bash
# Installs what the build (`setup.sh build`) or the build and the tests (`setup.sh test`) need.
# Idempotent: each step checks first. Facts behind each step: ../shared/docs/toolchain.md.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-test}

log() { printf '[setup] %s\n' "$*" >&2; }

# Debian packages: clang/llvm build C libzstd for wasm32; Chromium runs the browser tests.
wanted="clang:/usr/bin/clang llvm:/usr/bin/llvm-ar"
[ "$mode" = test ] && wanted="$wanted chromium:/usr/bin/chromium chromium-driver:/usr/bin/chromedriver"
# The pull harness (scripts/pull-harness.sh): a real registry and containerd, skopeo to push,
# umoci to build the benchmark images (the image fixtures use umoci and skopeo too).
[ "$mode" = test ] && wanted="$wanted docker-registry:/usr/bin/docker-registry containerd:/usr/bin/containerd skopeo:/usr/bin/skopeo umoci:/usr/bin/umoci curl:/usr/bin/curl"
need_apt=()
for pkg_bin in $wanted; do
  [ -x "${pkg_bin#*:}" ] || need_apt+=("${pkg_bin%%:*}")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  log "apt-get install ${need_apt[*]}"
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# rustup does not auto-install targets here (RUSTUP_AUTO_INSTALL=0).
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen CLI at exactly the version in Cargo.lock (the glue and the crate must match).
want=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  log "cargo install wasm-bindgen-cli $want (takes ~5 minutes once)"
  # --locked fails on this registry mirror (a locked dependency is not served); unlocked works.
  cargo install wasm-bindgen-cli --version "$want" --locked 2>/dev/null ||
    cargo install wasm-bindgen-cli --version "$want" --force
fi

# npm dev dependencies (playwright-core drives Debian's Chromium; binaryen gives wasm-opt).
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

# The VS Code extension's npm dependencies (yaml at run time; @vscode/vsce packages the .vsix).
if [ ! -d vscode/node_modules ] || [ vscode/package-lock.json -nt vscode/node_modules/.package-lock.json ]; then
  log "npm ci (vscode/)"
  (cd vscode && npm ci --no-audit --no-fund --loglevel=error)
fi
