#!/usr/bin/env bash
# Crash test for exactly-once delivery (issue 4 §6): a Kafka → PostgreSQL job over EVENTS events is
# killed with SIGKILL at KILLS random moments and restarted from its checkpoint each time; at the
# end the table must hold exactly the produced events, each once.
# Usage: kafka_pg_crash_test.sh BUILD_DIR [EVENTS] [KILLS] [SEED]
# Needs: a PostgreSQL server (started here with scripts/pg-test-server.sh), kcat, psql.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD_DIR=${1:-build}
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$ROOT/$BUILD_DIR" ;; esac
EVENTS=${2:-200000}
KILLS=${3:-20}
SEED=${4:-$RANDOM}
SPATE="$BUILD_DIR/bin/spate"
RANDOM=$SEED
echo "crash test: $EVENTS events, $KILLS kills, seed $SEED"

TMP=$(mktemp -d /tmp/spate-crash.XXXXXX)
chmod 755 "$TMP"
BROKER_PID=""
JOB_PID=""
cleanup() {
  [ -n "$JOB_PID" ] && kill -9 "$JOB_PID" 2>/dev/null || true
  [ -n "$BROKER_PID" ] && kill "$BROKER_PID" 2>/dev/null && wait "$BROKER_PID" 2>/dev/null || true
  bash "$ROOT/scripts/pg-test-server.sh" stop "$TMP/pg" >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A PostgreSQL 15 server on loopback; PGURL holds a libpq connection string.
eval "$(bash "$ROOT/scripts/pg-test-server.sh" start "$TMP/pg")"
psql_q() { psql "$PGURL" -v ON_ERROR_STOP=1 -qAt -c "$1"; }

# A standalone Kafka-protocol broker with 8 partitions (the mock keeps ~5 MB per partition).
"$SPATE" kafka-broker --brokers 1 --topic events:8 --bootstrap-file "$TMP/bootstrap" >"$TMP/broker.log" 2>&1 &
BROKER_PID=$!
for _ in $(seq 100); do [ -s "$TMP/bootstrap" ] && break; sleep 0.1; done
BOOTSTRAP=$(cat "$TMP/bootstrap")

# The events, keyed by id; what the table must hold at the end.
awk -v n="$EVENTS" 'BEGIN { for (i = 0; i < n; i++) printf "%d\t{\"id\":%d,\"pair\":\"P%d\",\"price\":%d.25}\n", i, i, i % 7, i % 1000 }' >"$TMP/events.tsv"
# Produce in the background in several bursts, so kills also land while data is arriving.
(
  split -n l/4 "$TMP/events.tsv" "$TMP/burst."
  for f in "$TMP"/burst.*; do
    kcat -P -b "$BOOTSTRAP" -t events -K $'\t' -z none <"$f"
    sleep 0.5
  done
) >"$TMP/producer.log" 2>&1 &
PRODUCER_PID=$!

cat >"$TMP/job.sql" <<SQL
CREATE TABLE events USING kafka OPTIONS (
  'kafka.bootstrap.servers' '$BOOTSTRAP', 'subscribe' 'events', 'startingOffsets' 'earliest',
  'maxOffsetsPerTrigger' '7000');
CREATE TABLE trades USING jdbc OPTIONS (
  url '$JDBC_URL', dbtable 'trades', user 'postgres',
  checkpointLocation '$TMP/checkpoint', outputMode 'append', queryName 'crash_job');
INSERT INTO trades
SELECT e.id, e.pair, e.price, p AS kafka_partition, o AS kafka_offset
FROM (SELECT from_json(CAST(value AS STRING), 'id BIGINT, pair STRING, price DOUBLE') AS e,
             partition AS p, offset AS o
      FROM STREAM(events));
SQL

start_job() {
  "$SPATE" run "$TMP/job.sql" >>"$TMP/job.log" 2>&1 &
  JOB_PID=$!
}

rows() { psql_q "SELECT count(*) FROM trades" 2>/dev/null || echo 0; }

start_job
for k in $(seq "$KILLS"); do
  # A random moment between 0.1 and 1.6 s into this run: during start-up, reads, writes, commits.
  sleep "$(awk -v r=$RANDOM 'BEGIN { printf "%.2f", 0.1 + (r % 1500) / 1000 }')"
  kill -9 "$JOB_PID" 2>/dev/null || true
  wait "$JOB_PID" 2>/dev/null || true
  echo "kill $k: $(rows) rows in the table"
  start_job
done
wait "$PRODUCER_PID"

# The last run goes on until every event is in (or 120 s pass), then stops gracefully.
for _ in $(seq 1200); do
  [ "$(rows)" -ge "$EVENTS" ] && break
  if ! kill -0 "$JOB_PID" 2>/dev/null; then
    echo "the job exited:"; tail -20 "$TMP/job.log"; exit 1
  fi
  sleep 0.1
done
sleep 1  # a duplicate would be written by a batch after the last one: give it a chance
kill -TERM "$JOB_PID"
wait "$JOB_PID" || true
JOB_PID=""

# Exactly the produced events, each once.
psql_q "CREATE TABLE expected (id bigint, body text)"
psql "$PGURL" -v ON_ERROR_STOP=1 -q -c "\\copy expected FROM '$TMP/events.tsv'"
total=$(psql_q "SELECT count(*) FROM trades")
distinct=$(psql_q "SELECT count(DISTINCT id) FROM trades")
missing=$(psql_q "SELECT count(*) FROM expected e WHERE NOT EXISTS (SELECT 1 FROM trades t WHERE t.id = e.id)")
wrong=$(psql_q "SELECT count(*) FROM trades t JOIN expected e USING (id)
                WHERE t.pair <> 'P' || (e.id % 7) OR t.price <> (e.id % 1000) + 0.25")
offsets=$(psql_q "SELECT count(*) FROM (SELECT kafka_partition, kafka_offset FROM trades
                  GROUP BY 1, 2 HAVING count(*) > 1) d")
echo "table: $total rows, $distinct distinct ids, $missing missing, $wrong wrong, $offsets duplicated offsets"
if [ "$total" -eq "$EVENTS" ] && [ "$distinct" -eq "$EVENTS" ] && [ "$missing" -eq 0 ] && [ "$wrong" -eq 0 ] &&
   [ "$offsets" -eq 0 ]; then
  echo "crash test passed"
else
  echo "crash test FAILED (seed $SEED)"; tail -30 "$TMP/job.log"; exit 1
fi
