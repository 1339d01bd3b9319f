#!/usr/bin/env bash
# Checks the `spate` command line: sql -e / -f / the shell on standard input, exit codes, errors on
# stderr, --conf and ${var} substitution, --version. Usage: cli_test.sh BUILD_DIR
set -uo pipefail
SPATE=${1:-build}/bin/spate
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
passed=0
failed=0

check() {  # name, expected, actual
  if [ "$2" == "$3" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    printf 'FAIL %s\n--- expected\n%s\n--- actual\n%s\n' "$1" "$2" "$3"
  fi
}

expected='+---+-----+
|two| name|
+---+-----+
|  2|SPATE|
+---+-----+'
check "sql -e prints show() output" "$expected" "$("$SPATE" sql -e "SELECT 1 + 1 AS two, upper('spate') AS name")"

"$SPATE" sql -e "SELECT nope" >"$TMP/out" 2>"$TMP/err"
check "an error exits with status 1" "1" "$?"
check "the error goes to stderr" "" "$(cat "$TMP/out")"
check "the error names the problem" "Error in query: [UNRESOLVED_COLUMN.WITHOUT_SUGGESTION] A column or function parameter with name \`nope\` cannot be resolved." "$(cat "$TMP/err")"

printf "CREATE TEMPORARY VIEW v AS SELECT * FROM VALUES (1), (2), (3) AS t(x);\nSELECT sum(x) AS s FROM v WHERE x > \${spate.test.min};\n" >"$TMP/job.sql"
expected='+---+
|  s|
+---+
|  5|
+---+'
check "sql -f with --conf substitution" "$expected" "$("$SPATE" sql --conf spate.test.min=1 -f "$TMP/job.sql")"

expected='+---+
|  x|
+---+
|  7|
+---+'
check "the shell reads statements from stdin" "$expected" "$(printf 'SELECT\n  7 AS x;\nexit;\n' | HOME="$TMP" "$SPATE" sql)"

"$SPATE" sql -e "SELECT 1" --master "local[x]" >/dev/null 2>"$TMP/err"
check "a bad master fails" "Error: Could not parse Master URL: 'local[x]'" "$(cat "$TMP/err")"

# spate run: a SQL job whose streaming query reads a JSON directory once and prints to the console.
mkdir -p "$TMP/in" "$TMP/ckpt"
printf '{"user":"a","n":1}\n{"user":"b","n":2}\n{"user":"a","n":3}\n' >"$TMP/in/part1.json"
cat >"$TMP/stream.sql" <<SQL
CREATE TABLE clicks (user STRING, n INT) USING json OPTIONS (path '$TMP/in');
CREATE TABLE out USING console OPTIONS (outputMode 'complete', trigger 'availableNow', checkpointLocation '$TMP/ckpt');
INSERT INTO out SELECT user, sum(n) AS total FROM STREAM(clicks) GROUP BY user ORDER BY user;
SQL
expected='-------------------------------------------
Batch: 0
-------------------------------------------
+----+-----+
|user|total|
+----+-----+
|   a|    4|
|   b|    2|
+----+-----+'
check "run: a streaming SQL job to the console" "$expected" "$(SPATE_LOG_LEVEL=WARN "$SPATE" run "$TMP/stream.sql")"
printf '{"user":"b","n":5}\n' >"$TMP/in/part2.json"
check "run again: resumes from the checkpoint" "$(printf -- '-------------------------------------------\nBatch: 1\n-------------------------------------------\n+----+-----+\n|user|total|\n+----+-----+\n|   a|    4|\n|   b|    7|\n+----+-----+')" "$(SPATE_LOG_LEVEL=WARN "$SPATE" run "$TMP/stream.sql")"
printf 'CREATE TABLE t (x INT) USING memory;\nINSERT INTO nowhere SELECT x FROM STREAM(t);\n' >"$TMP/bad.sql"
SPATE_LOG_LEVEL=WARN "$SPATE" run "$TMP/bad.sql" >/dev/null 2>"$TMP/err"
check "run: a failing job exits with status 1" "1" "$?"

check "--version" "spate 0.1.0 (Spark 3.5 semantics)" "$("$SPATE" --version)"

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
