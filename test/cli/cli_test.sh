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
check "piped statements stay out of the history file" "no history" "$([ -e "$TMP/.spate_history" ] && echo history || echo no history)"

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

# spate run --progress-json: every progress event as one line of JSON, appended across runs.
mkdir -p "$TMP/pin"
for i in 1 2 3; do printf '{"n":%d}\n' "$i" >"$TMP/pin/f$i.json"; done
cat >"$TMP/progress.sql" <<SQL
CREATE TABLE nums (n INT) USING json OPTIONS (path '$TMP/pin', maxFilesPerTrigger '1');
CREATE TABLE sink USING console OPTIONS (trigger 'availableNow', checkpointLocation '$TMP/pckpt', queryName 'nums');
INSERT INTO sink SELECT n FROM STREAM(nums);
SQL
progress_summary() {  # batch ids, input rows and query names of every line (each must parse)
  python3 -c '
import json, sys
events = [json.loads(line) for line in open(sys.argv[1])]
print(" ".join(str(e["batchId"]) for e in events), "|", " ".join(str(e["numInputRows"]) for e in events),
      "|", " ".join(sorted(set(e["name"] for e in events))))' "$1" 2>&1
}
SPATE_LOG_LEVEL=WARN "$SPATE" run --progress-json "$TMP/progress.jsonl" "$TMP/progress.sql" >/dev/null 2>"$TMP/err"
check "run --progress-json: one JSON line per batch" "0 1 2 | 1 1 1 | nums" "$(progress_summary "$TMP/progress.jsonl")"
printf '{"n":4}\n{"n":5}\n' >"$TMP/pin/f4.json"
spate_path=$(realpath "$SPATE")
(cd "$TMP/pin" && SPATE_LOG_LEVEL=WARN "$spate_path" run --progress-json=../progress.jsonl "$TMP/progress.sql" >/dev/null 2>"$TMP/err")
check "run --progress-json: appended by the next run" "0 1 2 3 | 1 1 1 2 | nums" "$(progress_summary "$TMP/progress.jsonl")"
"$SPATE" run --progress-json "$TMP/no/such/dir/p.jsonl" "$TMP/progress.sql" >/dev/null 2>"$TMP/err"
check "run --progress-json: an unwritable file is an error" "2 spate: cannot write the progress file $TMP/no/such/dir/p.jsonl" "$? $(cat "$TMP/err")"

# The same for a Python job (when the Python package is built): its session reads the file from
# SPATE_PROGRESS_JSON, which spate run sets for the interpreter it starts.
if [ -d "$(dirname "$SPATE")/../python/spate" ]; then
  cat >"$TMP/progress.py" <<PY
from pyspark.sql import SparkSession
spark = SparkSession.builder.master("local[1]").getOrCreate()
q = (spark.readStream.schema("n INT").option("maxFilesPerTrigger", 1).json("$TMP/pin")
     .writeStream.format("console").queryName("py").trigger(availableNow=True)
     .option("checkpointLocation", "$TMP/pyckpt").start())
q.awaitTermination()
PY
  SPATE_LOG_LEVEL=WARN "$SPATE" run --progress-json "$TMP/py.jsonl" "$TMP/progress.py" >/dev/null 2>"$TMP/err"
  check "run --progress-json: a Python job" "0 1 2 3 | 1 1 1 2 | py" "$(progress_summary "$TMP/py.jsonl")"
fi

# On a terminal (script(1) gives the job one), spate run draws a status line per query and leaves
# each query's last line when it ends; the console output stays as it is.
if command -v script >/dev/null; then
  rm -rf "$TMP/pckpt"
  TERM=xterm script -qec "\"$SPATE\" run \"$TMP/progress.sql\"" /dev/null >"$TMP/tty" 2>&1
  check "run on a terminal: the final status line" "1" "$(grep -c $'nums  stopped  batch 3  in .* rows/s  processed .* rows/s\x1b\\[K' "$TMP/tty")"
  check "run on a terminal: console output unchanged" "4" "$(grep -c '^Batch: ' "$TMP/tty")"
  check "run on a terminal: INFO logs give way to the status" "0" "$(grep -c 'INFO' "$TMP/tty")"
fi

check "--version" "spate 0.1.0 (Spark 3.5 semantics)" "$("$SPATE" --version)"

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
