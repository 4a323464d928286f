#!/usr/bin/env bash
# bench-pull.sh — layerlint's start-up estimate against real containerd pulls.
# For every image × {gzip, zstd} × bandwidth: RUNS real pulls with scripts/pull-harness.sh
# (median), and the estimate `layerlint inspect` makes from the pushed image's archive. Prints a
# markdown table (estimate vs measured with the error, predicted vs real zstd saving) and
# writes an SVG chart. Runs are interleaved (run 1 of every cell, then run 2, …) so a change
# in machine load spreads over all cells instead of skewing one. Needs root.
#
# Usage: bench-pull.sh [--runs N] [--images "small full many-small few-large"]
#                      [--bandwidths "0 1000 400 100"] [--chart FILE.svg]
#   bandwidth 0 = unlimited loopback (estimated at 10^6 Mbit/s: the link costs nothing)
# Output directory: $CARGO_TARGET_DIR/pull/bench-<time> (pulls.jsonl, inspect-*.json,
# estimates.jsonl, table.md). Calibrate the containerd constants from it with
#   python3 scripts/pull/bench_report.py calibrate DIR
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
runs=3 images="small full many-small few-large" bandwidths="0 1000 400 100" chart=
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift ;;
    --images) images=$2; shift ;;
    --bandwidths) bandwidths=$2; shift ;;
    --chart) chart=$2; shift ;;
    *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2 ;;
  esac
  shift
done
out=$CARGO_TARGET_DIR/pull/bench-$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"
log() { printf '[bench-pull %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

cargo build --release -q -p layerlint --bin layerlint
cargo build --release -q -p layerlint-tests --example pull_estimate
H=scripts/pull-harness.sh
$H start
trap '$H stop' EXIT
for image in $images; do $H push "$image"; done

est_bw=$(for b in $bandwidths; do [ "$b" = 0 ] && echo 1000000 || echo "$b"; done)
for image in $images; do
  for codec in gzip zstd; do
    archive=$CARGO_TARGET_DIR/pull/images/$image/$image.oci.tar
    [ "$codec" = zstd ] && archive=$CARGO_TARGET_DIR/pull/images/$image/$image.zstd.oci.tar
    log "inspect $image:$codec (load $(cut -d' ' -f1 /proc/loadavg))"
    "$CARGO_TARGET_DIR/release/layerlint" inspect --format json "$archive" >"$out/inspect-$image-$codec.json" || true
    # shellcheck disable=SC2086
    "$CARGO_TARGET_DIR/release/examples/pull_estimate" "$out/inspect-$image-$codec.json" $est_bw |
      sed "s/^{/{\"image\":\"$image\",\"codec\":\"$codec\",/" >>"$out/estimates.jsonl"
  done
done

for run in $(seq "$runs"); do
  for bw in $bandwidths; do
    for image in $images; do
      for codec in gzip zstd; do
        mbit=$bw
        [ "$bw" = 0 ] && mbit=
        line=$($H pull "$image:$codec" $mbit)
        log "run $run: $line"
        echo "$line" >>"$out/pulls.jsonl"
      done
    done
  done
done

python3 scripts/pull/bench_report.py table "$out" | tee "$out/table.md"
[ -z "$chart" ] || python3 scripts/pull/bench_report.py chart "$out" >"$chart"
log "results in $out"
