#!/usr/bin/env bash
# The pre-commit hook's entry (.pre-commit-hooks.yaml): builds the `layerlint` CLI from this
# checkout — pre-commit's clone of the repository, kept between runs, so only the first run
# compiles — then lints the files pre-commit passes. Extra `args:` go to `layerlint lint`.
# LAYERLINT_HOOK_PROFILE picks the cargo profile (default release-cli; the test suite uses
# dev, whose dependencies `cargo test` has already built).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
profile=${LAYERLINT_HOOK_PROFILE:-release-cli}
target=${CARGO_TARGET_DIR:-$repo/target}
out_dir=$profile
[ "$profile" = dev ] && out_dir=debug
cargo build --quiet --locked --manifest-path "$repo/Cargo.toml" -p layerlint --bin layerlint \
  --profile "$profile" >&2
exec "$target/$out_dir/layerlint" lint "$@"
