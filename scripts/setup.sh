#!/usr/bin/env bash
# Installs what the build (`setup.sh build`) or the build and the tests (`setup.sh test`) need.
# Idempotent: each step checks first. Facts behind each step: ../shared/docs/toolchain.md.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-test}

log() { printf '[setup] %s\n' "$*" >&2; }

# apt-get install "$@" (nothing when empty), with one `apt-get update` per run first.
apt_updated=
apt_install() {
  [ $# -gt 0 ] || return 0
  log "apt-get install $*"
  local sudo=; [ "$(id -u)" -eq 0 ] || sudo=sudo
  [ -n "$apt_updated" ] || { $sudo apt-get update -qq; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

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
apt_install ${need_apt[@]+"${need_apt[@]}"}

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

# A real VS Code for the extension's end-to-end suite (tests only): code-server 4.100.3 from npm,
# into .tools/code-server/ (git-ignored). Recipe and why each step: toolchain.md "A real VS Code, offline".
if [ "$mode" = test ]; then
  cs_dir=.tools/code-server
  cs_version=4.100.3
  if [ "$(node -p "try{require('./$cs_dir/node_modules/code-server/package.json').version}catch{''}")" != "$cs_version" ]; then
    cs_apt=()
    for pkg in build-essential pkg-config libkrb5-dev libsecret-1-dev libxkbfile-dev libx11-dev ripgrep; do
      dpkg -s "$pkg" >/dev/null 2>&1 || cs_apt+=("$pkg")
    done
    # code-server's native modules build against these; rg stands in for its ripgrep download.
    apt_install ${cs_apt[@]+"${cs_apt[@]}"}
    # @vscode/ripgrep's postinstall downloads rg from GitHub unless it finds this archive; Debian's rg
    # is the same 13.0.0.
    rg_cache=${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11
    rg_tar=$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
    [ -s "$rg_tar" ] || { mkdir -p "$rg_cache" && tar czf "$rg_tar" -C /usr/bin rg; }
    log "npm install code-server@$cs_version into $cs_dir (~1-3 minutes once)"
    mkdir -p "$cs_dir"
    [ -f "$cs_dir/package.json" ] || echo '{"private": true}' > "$cs_dir/package.json"
    (cd "$cs_dir" && env npm_config_unsafe_perm=true npm_config_yes=true npm_config_nodedir=/usr JOBS=2 \
      npm install --no-audit --no-fund --foreground-scripts --loglevel=error "code-server@$cs_version" >/dev/null)
  fi
fi

# pre-commit from PyPI, for the test of the pre-commit hook (tests/install/pre-commit.test.mjs),
# in a venv under .tools/ (git-ignored). Debian's python3 needs python3-venv for `-m venv`.
if [ "$mode" = test ] && [ ! -x .tools/pre-commit/bin/pre-commit ]; then
  if ! python3 -c 'import ensurepip' 2>/dev/null; then
    apt_install python3-venv
  fi
  log "pre-commit 4.7.0 (PyPI) in .tools/pre-commit"
  rm -rf .tools/pre-commit
  python3 -m venv .tools/pre-commit
  .tools/pre-commit/bin/pip install --quiet --disable-pip-version-check 'pre-commit==4.7.0'
fi
