#!/usr/bin/env bash
# MB/s (10^6 bytes of uncompressed data per second) of the gzip and zstd CLIs on FILE, single
# thread, output to /dev/null: the yardstick for benches/codec.rs and for `layerlint inspect`.
set -euo pipefail
f=${1:?usage: compare-clis.sh FILE}
size=$(stat -c %s "$f")
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
rate() {  # rate LABEL CMD...: run CMD with stdout to /dev/null, print MB/s
  local label=$1; shift
  local t0 t1
  t0=$(date +%s.%N); "$@" > /dev/null; t1=$(date +%s.%N)
  awk -v s="$size" -v a="$t0" -v b="$t1" -v l="$label" \
    'BEGIN { printf "%-16s %8.1f MB/s  %6.2f s\n", l, s / 1e6 / (b - a), b - a }'
}
cat "$f" > /dev/null  # warm the page cache
gzip -6 -c < "$f" > "$tmp/f.gz"
zstd -3 -q --single-thread -c < "$f" > "$tmp/f.zst"
echo "sizes: input $size, gzip -6 $(stat -c %s "$tmp/f.gz"), zstd -3 --single-thread $(stat -c %s "$tmp/f.zst")"
rate "gzip -6"   gzip -6 -c "$f"
rate "gzip -d"   gzip -d -c "$tmp/f.gz"
rate "zstd -3"   zstd -3 -q --single-thread -c "$f"
rate "zstd -d"   zstd -d -q -c "$tmp/f.zst"
