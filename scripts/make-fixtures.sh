#!/usr/bin/env bash
# make-fixtures.sh [--small] OUT — the real image fixtures of ../shared/fixtures/make-images.sh
# (or $LAYERLINT_SHARED/fixtures/…), the one way the tests, the e2e suite and the pull harness
# make them. It retries: make-images.sh (not ours, so not patched here) runs
# `find | sort | head -n 100 | xargs cat` under `set -o pipefail`, and `sort` dies of SIGPIPE
# when `head` exits before sort has written its last lines. With Debian 12's 148 CA files that
# happened in 132 of 500 runs of that pipeline on this machine, and failed a CI run. A
# rerun after a failure starts afresh (the script builds in a new temporary directory). Any
# failure is retried, not only that one (exit 141): a fresh machine's package download can fail
# once too, and a failure that stays costs seconds per try with --small.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
script=${LAYERLINT_SHARED:-$root/../shared}/fixtures/make-images.sh
[ -f "$script" ] || { echo "make-fixtures: $script not found" >&2; exit 2; }

attempts=5
for attempt in $(seq "$attempts"); do
  bash "$script" "$@" && exit 0
  rc=$?
  echo "make-fixtures: make-images.sh failed (exit $rc), attempt $attempt of $attempts" >&2
done
exit "$rc"
