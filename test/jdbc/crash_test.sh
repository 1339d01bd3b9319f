#!/usr/bin/env bash
# Crash test of the jdbc sink: a streaming job (`spate run`: JSON files → PostgreSQL, one file per
# micro-batch) over 200,000 events is killed with SIGKILL at 20 or more random moments and
# restarted from its checkpoint each time; in the end the table must hold every event exactly
# once. Usage (needs a server: SPATE_TEST_PG_URL, SPATE_PG_DSN):
#   scripts/pg-test-server.sh run bash test/jdbc/crash_test.sh [BUILD_DIR]
# CRASH_EVENTS (200000) and CRASH_KILLS (20) change the sizes.
set -euo pipefail

BUILD_DIR=${1:-build}
SPATE="$BUILD_DIR/bin/spate"
EVENTS=${CRASH_EVENTS:-200000}
KILLS=${CRASH_KILLS:-20}
PER_FILE=500
: "${SPATE_TEST_PG_URL:?run under scripts/pg-test-server.sh}"
[ -x "$SPATE" ] || { echo "crash_test: $SPATE not found (build the spate target)" >&2; exit 1; }

T=$(mktemp -d /tmp/spate-jdbc-crash.XXXXXX)
child=""
cleanup() {
  [ -n "$child" ] && kill -9 "$child" 2>/dev/null || true
  rm -rf "$T"
}
trap cleanup EXIT
mkdir -p "$T/in"

generated=0
# Files of PER_FILE events each, ids generated..generated+n-1, written under a hidden name and
# renamed, as a producer should.
add_events() {
  local n=$1 file
  while [ "$n" -gt 0 ]; do
    file=$(printf "part-%06d.json" $((generated / PER_FILE)))
    awk -v from="$generated" -v n="$PER_FILE" 'BEGIN {
      for (i = from; i < from + n; i++)
        printf "{\"id\":%d,\"pair\":\"P%d\",\"price\":%.2f}\n", i, i % 7, i * 0.25
    }' >"$T/in/.$file"
    mv "$T/in/.$file" "$T/in/$file"
    generated=$((generated + PER_FILE))
    n=$((n - PER_FILE))
  done
}
add_events "$EVENTS"

TABLE="crash_events_$$"
cat >"$T/job.sql" <<'EOF'
CREATE TABLE events (id BIGINT, pair STRING, price DOUBLE) USING json
  OPTIONS (path '${crash.in}', maxFilesPerTrigger '1');
CREATE TABLE sink USING jdbc OPTIONS (url '${crash.url}', dbtable '${crash.table}',
  checkpointLocation '${crash.checkpoint}', trigger 'availableNow', batchsize '500');
INSERT INTO sink SELECT id, pair, price FROM STREAM(events);
EOF
job=("$SPATE" run --master 'local[2]' --conf "crash.in=$T/in" --conf "crash.url=$SPATE_TEST_PG_URL"
  --conf "crash.table=$TABLE" --conf "crash.checkpoint=$T/checkpoint" "$T/job.sql")

kills=0
finished=0
while [ "$kills" -lt "$KILLS" ]; do
  # Started directly (not in a subshell), so that $! is the job itself.
  "${job[@]}" >>"$T/job.log" 2>&1 &
  child=$!
  # A random moment: 30 to 430 ms after the start (start-up, a batch, a commit, a checkpoint).
  delay=$((30 + RANDOM % 400))
  sleep "$(printf '0.%03d' "$delay")"
  if kill -9 "$child" 2>/dev/null; then
    wait "$child" 2>/dev/null || true
    kills=$((kills + 1))
  else
    # The job got through everything before the kill: give it more to do.
    wait "$child" || { tail -40 "$T/job.log" >&2; echo "crash_test: the job failed" >&2; exit 1; }
    finished=$((finished + 1))
    add_events $((PER_FILE * 8))
  fi
  child=""
done
# The last run, undisturbed, finishes the input.
"${job[@]}" >>"$T/job.log" 2>&1 || { tail -40 "$T/job.log" >&2; echo "crash_test: the last run failed" >&2; exit 1; }

expected="$generated|$generated|0|$((generated - 1))|$((generated * (generated - 1) / 2))|t"
actual=$(psql "$SPATE_PG_DSN" -At -F '|' -c "SELECT count(*), count(DISTINCT id), min(id), max(id),
  sum(id), bool_and(pair = 'P' || (id % 7) AND price = id * 0.25) FROM $TABLE")
echo "crash_test: $generated events, $kills SIGKILLs ($finished runs finished before their kill)"
if [ "$actual" != "$expected" ]; then
  echo "crash_test: FAILED: count, distinct ids, min, max, sum, values = $actual; expected $expected" >&2
  exit 1
fi
echo "crash_test: the table holds every event exactly once"
