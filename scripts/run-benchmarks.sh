#!/usr/bin/env bash
# Runs every benchmark binary; figures are printed, never asserted.
set -euo pipefail
BUILD_DIR=${1:-build}
cd "$(dirname "$0")/.."
for b in "$BUILD_DIR"/bin/*_bench; do
  echo "== $(basename "$b")"
  "$b" --benchmark_counters_tabular=true
done
