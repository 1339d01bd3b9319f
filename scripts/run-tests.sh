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
run_suite "spate kafka-broker with kcat" bash test/cli/kafka_broker_test.sh "$BUILD_DIR"
# The PySpark-compatible Python package (build/python) and `spate run JOB.py` / `spate pyspark`.
run_suite "Python API (pytest)" env PYTHONPATH="$BUILD_DIR/python" SPATE_BUILD_DIR="$BUILD_DIR" \
  /usr/bin/python3 -m pytest -q -p no:cacheprovider test/python/api
# The TP4 lab (apps/tp4): its servers and event generator, then every lab step, the graded
# Wikimedia questions and a `spate pyspark` session against the seeded servers on free ports.
run_suite "TP4 servers and generator (pytest)" /usr/bin/python3 -m pytest -q -p no:cacheprovider \
  test/python/tp4/test_servers.py test/python/tp4/test_generator.py
run_suite "TP4 lab and solutions on Spate (pytest)" env SPATE_BUILD_DIR="$BUILD_DIR" \
  /usr/bin/python3 -m pytest -q -p no:cacheprovider test/python/tp4/test_lab.py \
  test/python/tp4/test_solutions.py test/python/tp4/test_pyspark_shell.py
run_suite "docs/functions.md matches the function registry" bash scripts/check-function-docs.sh "$BUILD_DIR"
# The web UI in headless Chromium (Playwright) against a running `spate run` job (~10 s).
run_suite "browser tests (web UI)" bash test/browser/run.sh "$BUILD_DIR"
run_suite "differential tests against PostgreSQL" bash scripts/run-differential.sh "$BUILD_DIR"
# The jdbc sink against a throwaway PostgreSQL server (~15 s): the JdbcPostgres* tests (which fail,
# not skip, without the server here), then SIGKILLs at 20 random moments of a 200,000-event job.
run_suite "jdbc sink against PostgreSQL (JdbcPostgres* tests)" env SPATE_TEST_PG_REQUIRED=1 \
  bash scripts/pg-test-server.sh run "$BUILD_DIR/bin/spate_unit_tests" --gtest_brief=1 \
  --gtest_filter='JdbcPostgres*'
run_suite "jdbc sink crash test (test/jdbc/crash_test.sh)" \
  bash scripts/pg-test-server.sh run bash test/jdbc/crash_test.sh "$BUILD_DIR"
# Kafka (a `spate kafka-broker` process) → PostgreSQL, 200,000 events, SIGKILLed 20 times (~30 s).
run_suite "Kafka to PostgreSQL crash test (test/integration/kafka_pg_crash_test.sh)" \
  bash test/integration/kafka_pg_crash_test.sh "$BUILD_DIR"

echo "test suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
