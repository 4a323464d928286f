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
#        bench-pull.sh --reestimate DIR [--chart FILE.svg]
#   bandwidth 0 = unlimited loopback (estimated at 10^6 Mbit/s: the link costs nothing)
# Output directory: $CARGO_TARGET_DIR/pull/bench-<time> (pulls.jsonl, inspect-*.json,
# estimates.jsonl, table.md). Calibrate the containerd constants from it with
#   python3 scripts/pull/bench_report.py calibrate DIR
# and after changing them, --reestimate DIR redoes the estimates from the same inspections
# (same measured decode and sha256 times) and the table, without pulling again.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
runs=3 images="small full many-small few-large" bandwidths="0 1000 400 100" chart= reestimate=
while [ $# -gt 0 ]; do
  case $1 in
    --reestimate) reestimate=$2; shift ;;
    --runs) runs=$2; shift ;;
    --images) images=$2; shift ;;
    --bandwidths) bandwidths=$2; shift ;;
    --chart) chart=$2; shift ;;
    *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2 ;;
  esac
  shift
done
log() { printf '[bench-pull %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

cargo build --release -q -p layerlint --bin layerlint
cargo build --release -q -p layerlint-tests --example pull_estimate

# the estimates of every inspected image at every bandwidth pulled (0 = unlimited)
estimate_all() { # DIR
  local dir=$1 bws
  bws=$(python3 -c 'import json,sys; print(" ".join(sorted({str(json.loads(l)["mbit"] or 1000000) for l in open(sys.argv[1])})))' "$dir/pulls.jsonl")
  rm -f "$dir/estimates.jsonl"
  for f in "$dir"/inspect-*-gzip.json "$dir"/inspect-*-zstd.json; do
    local base=${f##*/inspect-} && base=${base%.json}
    # shellcheck disable=SC2086
    "$CARGO_TARGET_DIR/release/examples/pull_estimate" "$f" $bws |
      sed "s/^{/{\"image\":\"${base%-*}\",\"codec\":\"${base##*-}\",/" >>"$dir/estimates.jsonl"
  done
  python3 scripts/pull/bench_report.py table "$dir" | tee "$dir/table.md"
  [ -z "$chart" ] || python3 scripts/pull/bench_report.py chart "$dir" >"$chart"
}

if [ -n "$reestimate" ]; then
  estimate_all "$reestimate"
  exit
fi

out=$CARGO_TARGET_DIR/pull/bench-$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"
H=scripts/pull-harness.sh
$H start
trap '$H stop' EXIT
for image in $images; do $H push "$image"; done

for image in $images; do
  for codec in gzip zstd; do
    archive=$CARGO_TARGET_DIR/pull/images/$image/$image.oci.tar
    [ "$codec" = zstd ] && archive=$CARGO_TARGET_DIR/pull/images/$image/$image.zstd.oci.tar
    log "inspect $image:$codec (load $(cut -d' ' -f1 /proc/loadavg))"
    "$CARGO_TARGET_DIR/release/layerlint" inspect --format json "$archive" >"$out/inspect-$image-$codec.json" || true
  done
done

for run in $(seq "$runs"); do
  for bw in $bandwidths; do
    for image in $images; do
      for codec in gzip zstd; do
        mbit=$bw
        [ "$bw" = 0 ] && mbit=
        # a failed pull is logged and left out; the matrix goes on
        if line=$($H pull "$image:$codec" $mbit); then
          log "run $run: $line"
          echo "$line" >>"$out/pulls.jsonl"
        else
          log "run $run: pull of $image:$codec at ${mbit:-unlimited} failed"
        fi
      done
    done
  done
done

estimate_all "$out"
log "results in $out"
