#!/usr/bin/env bash
# Differential test: runs generated queries on Spate and on a throwaway PostgreSQL 15 server
# started here on loopback, and compares the results. Usage: run-differential.sh [BUILD_DIR] [args…]
# Extra arguments go to spate_differential (e.g. --seed 7 --queries 500 --verbose).
# The server and its temporary directory are always removed; the exit code is the test's.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${1:-build}
shift || true
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$ROOT/$BUILD_DIR" ;; esac
BIN="$BUILD_DIR/bin/spate_differential"
if [ ! -x "$BIN" ]; then
  echo "run-differential: $BIN not found (build the spate_differential target first)" >&2
  exit 1
fi

# The server (scripts/pg-test-server.sh) sets SPATE_PG_DSN for the tester and is always removed.
cd "$ROOT"
exec bash "$ROOT/scripts/pg-test-server.sh" run timeout 600 "$BIN" "$@"
