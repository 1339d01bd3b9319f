#!/usr/bin/env bash
# Runs every test suite against an already built tree; exits non-zero if any fails.
set -uo pipefail
BUILD_DIR=${1:-build}
cd "$(dirname "$0")/.."
passed=0
failed=0

run_suite() {
  local name=$1
  shift
  echo "== $name"
  if "$@"; then
    passed=$((passed + 1))
  else
    echo "== $name FAILED"
    failed=$((failed + 1))
  fi
}

run_suite "unit tests (GoogleTest)" "$BUILD_DIR/bin/spate_unit_tests" --gtest_brief=1
run_suite ".test files (spate test)" "$BUILD_DIR/bin/spate" test test/sql
run_suite ".test files with 7-row vectors" "$BUILD_DIR/bin/spate" test --mode vector_size_7 test/sql
for mode in restart_each_trigger crash_points partitions_4 rocksdb_state; do
  run_suite "streaming .test files, mode $mode" "$BUILD_DIR/bin/spate" test --mode "$mode" test/sql/streaming
done
# 10 M events through a watermarked sliding window: state rows and RSS stay flat (~3 s).
run_suite "bounded streaming state (spate_bounded_state)" "$BUILD_DIR/bin/spate_bounded_state"
run_suite "command line" bash test/cli/cli_test.sh "$BUILD_DIR"
# The web UI in headless Chromium (Playwright) against a running `spate run` job (~10 s).
run_suite "browser tests (web UI)" bash test/browser/run.sh "$BUILD_DIR"
run_suite "differential tests against PostgreSQL" bash scripts/run-differential.sh "$BUILD_DIR"

echo "test suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
