#!/usr/bin/env bash
# Runs every test suite against an already built tree; exits non-zero if any fails.
set -uo pipefail
BUILD_DIR=${1:-build}
cd "$(dirname "$0")/.."
failed=0

echo "== unit tests (GoogleTest)"
"$BUILD_DIR/bin/spate_unit_tests" --gtest_brief=1 || failed=1

echo "== .test files (spate test)"
"$BUILD_DIR/bin/spate" test test/sql || failed=1

if [ -x scripts/run-differential.sh ]; then
  echo "== differential tests against PostgreSQL"
  bash scripts/run-differential.sh "$BUILD_DIR" || failed=1
fi

if [ "$failed" -ne 0 ]; then
  echo "SOME TESTS FAILED"
  exit 1
fi
echo "ALL TESTS PASSED"
