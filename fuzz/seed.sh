#!/usr/bin/env bash
# Copies the shared corpus into fuzz/corpus/parse as seeds (not committed: mixed licences).
set -euo pipefail
cd "$(dirname "$0")"
shared="${LAYERLINT_SHARED:-../../shared}"
mkdir -p corpus/parse
n=0
while IFS= read -r -d '' f; do
  cp "$f" "corpus/parse/seed-$n"
  n=$((n + 1))
done < <(find "$shared/corpus/real" "$shared/corpus/buildkit-parser" -type f \
  ! -name result ! -name '*.tsv' ! -name '*.md' -print0)
echo "seeded $n files from $shared/corpus"
