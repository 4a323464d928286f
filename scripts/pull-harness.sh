#!/usr/bin/env bash
# pull-harness.sh — real pulls on loopback: Debian's docker-registry (distribution 2.8) and
# containerd (1.6, overlayfs snapshotter), images pushed with skopeo, pulled with `ctr`.
# Everything lives under $CARGO_TARGET_DIR/pull (default target/pull), bound to 127.0.0.1 on
# free ports, so several worktrees can run it at once. Needs root (containerd mounts overlayfs).
#
#   pull-harness.sh start                 start registry + containerd (idempotent)
#   pull-harness.sh stop                  stop them
#   pull-harness.sh images [NAME...]      build/cache the benchmark images (OCI layouts under
#                                         target/pull/images): small, full, many-small, few-large
#   pull-harness.sh push NAME             push NAME as NAME:gzip and NAME:zstd (skopeo)
#   pull-harness.sh pull NAME:TAG [MBIT]  one timed pull (through the throttle proxy when MBIT is
#                                         given), then remove the image, its content and
#                                         snapshots; prints one JSON line
#   pull-harness.sh smoke                 start, push the --small fixture, pull gzip and zstd
#                                         once each, check a snapshot per layer, stop
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT_DIR=$PWD
TARGET=${CARGO_TARGET_DIR:-$ROOT_DIR/target}
H=$TARGET/pull
NS=layerlint
STATE=$H/env
log() { printf '[pull-harness %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

load_state() {
  [ -f "$STATE" ] || die "not started (run: $0 start)"
  # shellcheck disable=SC1090
  . "$STATE"
}

ctr_() { ctr --address "$SOCK" -n "$NS" "$@"; }

cmd_start() {
  if [ -f "$STATE" ]; then
    # shellcheck disable=SC1090
    . "$STATE"
    if alive "$REG_PID" && alive "$CTD_PID"; then log "already running"; return; fi
    cmd_stop
  fi
  for bin in docker-registry containerd ctr skopeo umoci; do
    command -v $bin >/dev/null || die "$bin missing (run scripts/setup.sh test)"
  done
  mkdir -p "$H/registry/data" "$H/containerd"
  mount_own_fs
  REG_PORT=$(free_port)
  cat >"$H/registry/config.yml" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $H/registry/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$REG_PORT
EOF
  docker-registry serve "$H/registry/config.yml" >"$H/registry/log" 2>&1 &
  REG_PID=$!
  SOCK=$H/containerd/containerd.sock
  # only what a pull needs: no CRI, no other snapshotters, no debug/metrics listeners
  cat >"$H/containerd/config.toml" <<EOF
version = 2
root = "$H/containerd/root"
state = "$H/containerd/state"
disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper",
  "io.containerd.snapshotter.v1.aufs"]
[grpc]
  address = "$SOCK"
[ttrpc]
  address = "$SOCK.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
EOF
  containerd --config "$H/containerd/config.toml" >"$H/containerd/log" 2>&1 &
  CTD_PID=$!
  for _ in $(seq 100); do
    [ -S "$SOCK" ] && curl -sf "http://127.0.0.1:$REG_PORT/v2/" >/dev/null && break
    alive "$CTD_PID" || die "containerd exited: $(tail -3 "$H/containerd/log")"
    alive "$REG_PID" || die "registry exited: $(tail -3 "$H/registry/log")"
    sleep 0.1
  done
  [ -S "$SOCK" ] || die "containerd socket did not appear"
  # overlayfs is what Fargate uses; containerd skips the plugin where the kernel cannot
  SNAPSHOTTER=overlayfs
  # (the listing is read whole first: `grep -q` closing the pipe early would fail it under pipefail)
  local plugins
  plugins=$(ctr --address "$SOCK" plugins ls)
  if ! grep -qE 'io\.containerd\.snapshotter\.v1 +overlayfs .* ok' <<<"$plugins"; then
    log "overlayfs snapshotter unavailable here ($(grep overlayfs <<<"$plugins" | tr -s ' ')): falling back to native (copies instead of overlays; unpack times differ)"
    SNAPSHOTTER=native
  fi
  printf 'REG_PORT=%s\nREG_PID=%s\nCTD_PID=%s\nSOCK=%s\nSNAPSHOTTER=%s\n' \
    "$REG_PORT" "$REG_PID" "$CTD_PID" "$SOCK" "$SNAPSHOTTER" >"$STATE"
  log "registry 127.0.0.1:$REG_PORT, containerd $SOCK, snapshotter $SNAPSHOTTER"
}

# containerd's root on its own ext4 (a sparse file on a loop device), like a task's own volume:
# the content store fsyncs every blob (content/local/writer.go), and on an ext4 shared with
# other builds an fsync can wait, through the journal, for their writes too.
mount_own_fs() {
  mountpoint -q "$H/containerd" && return
  if [ ! -f "$H/fs.img" ]; then
    truncate -s 16G "$H/fs.img" && mkfs.ext4 -q -F "$H/fs.img" || rm -f "$H/fs.img"
  fi
  if [ -f "$H/fs.img" ] && mount -o loop "$H/fs.img" "$H/containerd" 2>"$H/mount.err"; then
    return
  fi
  log "no loop-mounted ext4 here ($(cat "$H/mount.err" 2>/dev/null)): containerd's root stays on the shared disk, timings are noisier"
}

cmd_stop() {
  [ -f "$STATE" ] || return 0
  # shellcheck disable=SC1090
  . "$STATE"
  for pid in "${CTD_PID:-}" "${REG_PID:-}"; do
    if alive "$pid"; then kill "$pid"; fi
  done
  for pid in "${CTD_PID:-}" "${REG_PID:-}"; do
    for _ in $(seq 50); do alive "$pid" || break; sleep 0.1; done
  done
  # overlay mounts left by a killed containerd would keep the root busy
  grep -o "$H/containerd/[^ ]*" /proc/mounts 2>/dev/null | sort -r | xargs -r -n1 umount 2>/dev/null || true
  if mountpoint -q "$H/containerd"; then umount "$H/containerd"; fi
  rm -f "$STATE"
  log "stopped"
}

# --- images -----------------------------------------------------------------------------
IMAGES=$H/images
# An OCI layout per image, tag `latest` (gzip layers), plus NAME.oci.tar and NAME.zstd.oci.tar
# (the same image with its layers recompressed to zstd): what is pushed and what `layerlint
# inspect` reads.
build_from_tars() { # NAME SHAPE
  local name=$1 shape=$2 dir=$IMAGES/$1
  rm -rf "$dir" && mkdir -p "$dir/tars"
  python3 scripts/pull/make-layer-tars.py "$shape" "$dir/tars"
  umoci init --layout "$dir/oci"
  umoci new --image "$dir/oci:latest"
  for t in "$dir"/tars/layer*.tar; do
    umoci raw add-layer --history.created_by "pull-harness $shape $(basename "$t")" \
      --image "$dir/oci:latest" "$t"
  done
  rm -rf "$dir/tars"
}

cmd_images() {
  local names=("$@")
  [ ${#names[@]} -gt 0 ] || names=(small full many-small few-large)
  for name in "${names[@]}"; do
    local dir=$IMAGES/$name
    [ -f "$dir/.done" ] && continue
    log "building image $name"
    case $name in
      small | full)
        local out=$TARGET/fixtures-$name fx=tiny-busybox
        [ "$name" = full ] && fx=bookworm-python
        if [ "$name" = small ]; then
          scripts/make-fixtures.sh --small "$out" >&2
        else
          scripts/make-fixtures.sh "$out" >&2
        fi
        rm -rf "$dir" && mkdir -p "$dir"
        ln -s "$out/$fx.oci-layout" "$dir/oci"
        ;;
      many-small | few-large) build_from_tars "$name" "$name" ;;
      *) die "unknown image $name (small, full, many-small, few-large)" ;;
    esac
    skopeo copy -q "oci:$dir/oci:latest" "oci-archive:$dir/$name.oci.tar"
    # (skopeo 1.9 recompresses into an OCI archive, but pushes a registry's gzip blobs as they are)
    skopeo copy -q --dest-compress-format zstd "oci:$dir/oci:latest" "oci-archive:$dir/$name.zstd.oci.tar"
    touch "$dir/.done"
  done
}

cmd_push() {
  local name=$1
  load_state
  cmd_images "$name"
  local dst="docker://127.0.0.1:$REG_PORT/$name" codec types
  skopeo copy -q --dest-tls-verify=false "oci-archive:$IMAGES/$name/$name.oci.tar" "$dst:gzip"
  skopeo copy -q --dest-tls-verify=false "oci-archive:$IMAGES/$name/$name.zstd.oci.tar" "$dst:zstd"
  for codec in gzip zstd; do
    types=$(curl -sf -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
      "http://127.0.0.1:$REG_PORT/v2/$name/manifests/$codec" |
      python3 -c 'import json, sys; print(" ".join(sorted({l["mediaType"] for l in json.load(sys.stdin)["layers"]})))')
    [ "$types" = "application/vnd.oci.image.layer.v1.tar+$codec" ] || die "$name:$codec has layers of type $types"
  done
  log "pushed $name:gzip and $name:zstd"
}

# Remove every image in the namespace, and the leases an interrupted pull leaves; --sync waits
# for the garbage collector to free content and snapshots, so the next pull starts from nothing.
clean_ns() {
  local refs leases
  refs=$(ctr_ images ls -q)
  [ -z "$refs" ] || ctr_ images rm --sync $refs >/dev/null
  leases=$(ctr_ leases ls -q)
  [ -z "$leases" ] || ctr_ leases rm --sync $leases >/dev/null
  [ -z "$(ctr_ content ls -q)" ] || die "content left after removing the images and leases"
}

cmd_pull() {
  local ref=$1 mbit=${2:-} port proxy_pid=
  load_state
  port=$REG_PORT
  if [ -n "$mbit" ]; then
    # a free port can be taken by someone else before the proxy binds it: then try another
    for _ in 1 2 3; do
      port=$(free_port)
      # (removed first: the redirection below truncates it only once the child runs)
      rm -f "$H/proxy.out"
      python3 scripts/pull/throttle-proxy.py "$port" "$REG_PORT" "$mbit" >"$H/proxy.out" 2>&1 &
      proxy_pid=$!
      for _ in $(seq 100); do
        grep -q ready "$H/proxy.out" 2>/dev/null && break 2
        alive "$proxy_pid" || break
        sleep 0.1
      done
      kill "$proxy_pid" 2>/dev/null || true
    done
    grep -q ready "$H/proxy.out" || die "the throttle proxy did not start: $(cat "$H/proxy.out")"
  fi
  clean_ns
  sync -f "$H/containerd" # the previous pull's files, so their writeback does not land in this one
  local load t0 t1 out cpu0 cpu1
  load=$(cut -d' ' -f1 /proc/loadavg)
  # containerd's CPU time (user + system ticks): with other work on the machine the wall time
  # stretches, the CPU time much less, which tells a slow pull from a starved one
  cpu0=$(awk '{ print $14 + $15 }' "/proc/$CTD_PID/stat")
  t0=$(date +%s.%N)
  out=$(ctr_ images pull --plain-http --max-concurrent-downloads 3 --snapshotter "$SNAPSHOTTER" \
    "127.0.0.1:$port/$ref" 2>&1) || { [ -z "$proxy_pid" ] || kill "$proxy_pid"; die "pull failed: $out"; }
  t1=$(date +%s.%N)
  cpu1=$(awk '{ print $14 + $15 }' "/proc/$CTD_PID/stat")
  [ -z "$proxy_pid" ] || kill "$proxy_pid"
  # ctr prints "done: <Go duration>" for the unpack phase
  local unpack
  unpack=$(printf '%s\n' "$out" | sed -n 's/^done: *\([0-9.]*\)\(m\?s\).*/\1 \2/p' |
    awk '{ print ($2 == "ms") ? $1 / 1000 : $1 }')
  local snaps
  snaps=$(ctr --address "$SOCK" -n "$NS" snapshots --snapshotter "$SNAPSHOTTER" ls | tail -n +2 | wc -l)
  clean_ns
  printf '{"ref":"%s","mbit":%s,"snapshotter":"%s","total_s":%s,"unpack_s":%s,"fetch_s":%s,"containerd_cpu_s":%s,"snapshots":%s,"load1":%s}\n' \
    "$ref" "${mbit:-null}" "$SNAPSHOTTER" \
    "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')" "${unpack:-null}" \
    "$(awk -v a="$t0" -v b="$t1" -v u="${unpack:-0}" 'BEGIN { printf "%.3f", b - a - u }')" \
    "$(awk -v a="$cpu0" -v b="$cpu1" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", (b - a) / hz }')" \
    "$snaps" "$load"
}

cmd_smoke() {
  local t0=$SECONDS
  if [ ! -f ../shared/fixtures/make-images.sh ]; then
    [ "${LAYERLINT_REQUIRE_SHARED:-}" != 1 ] || die "LAYERLINT_REQUIRE_SHARED=1 but ../shared/fixtures is missing"
    log "skipping: ../shared/fixtures/make-images.sh is missing"
    return
  fi
  cmd_start
  trap cmd_stop EXIT
  cmd_push small
  for tag in gzip zstd; do
    local line
    line=$(cmd_pull "small:$tag")
    echo "$line"
    # the pull unpacked one snapshot per layer (4 in the small fixture)
    [[ $line == *'"snapshots":4,'* ]] || die "expected 4 snapshots after pulling small:$tag: $line"
  done
  log "smoke test passed in $((SECONDS - t0)) s"
}

case ${1:-} in
  start) cmd_start ;;
  stop) cmd_stop ;;
  images) shift; cmd_images "$@" ;;
  push) cmd_push "$2" ;;
  pull) cmd_pull "$2" "${3:-}" ;;
  smoke) cmd_smoke ;;
  *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2 ;;
esac
