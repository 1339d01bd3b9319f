#!/usr/bin/env bash
# Checks `spate kafka-broker` across processes: it prints its bootstrap servers (and writes them
# to --bootstrap-file), serves kcat (metadata, produce, consume) with the topics it was given,
# Spate reads and writes through it with SQL, and SIGTERM stops it cleanly.
# Usage: kafka_broker_test.sh BUILD_DIR   (needs kcat)
set -uo pipefail
SPATE=$(cd "${1:-build}" && pwd)/bin/spate
TMP=$(mktemp -d)
BROKER_PID=""
cleanup() {
  [ -n "$BROKER_PID" ] && kill "$BROKER_PID" 2>/dev/null && wait "$BROKER_PID" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT
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

if ! command -v kcat >/dev/null; then
  echo "kafka_broker_test: kcat is not installed (scripts/install-deps.sh installs it)"
  exit 1
fi

"$SPATE" kafka-broker --brokers 2 --topic events:3 --topic=single:1 --bootstrap-file "$TMP/bootstrap" \
  >"$TMP/out" 2>"$TMP/err" &
BROKER_PID=$!
for _ in $(seq 100); do [ -s "$TMP/bootstrap" ] && break; sleep 0.1; done
BOOTSTRAP=$(cat "$TMP/bootstrap")
check "the bootstrap file holds host:port pairs" "yes" \
  "$([[ "$BOOTSTRAP" =~ ^127\.0\.0\.1:[0-9]+(,127\.0\.0\.1:[0-9]+)*$ ]] && echo yes || echo "no: $BOOTSTRAP")"
check "stdout prints the same bootstrap servers" "$BOOTSTRAP" "$(head -1 "$TMP/out")"

metadata=$(kcat -L -b "$BOOTSTRAP" 2>&1)
check "two brokers" "1" "$(grep -c '^ 2 brokers:' <<<"$metadata")"
check "events has 3 partitions" "1" "$(grep -c 'topic "events" with 3 partitions:' <<<"$metadata")"
check "single has 1 partition" "1" "$(grep -c 'topic "single" with 1 partitions:' <<<"$metadata")"

printf 'k1\tv1\nk2\tv2\nk3\tv3\n' | kcat -P -b "$BOOTSTRAP" -t events -p 1 -K $'\t'
check "kcat reads back what kcat wrote" $'k1=v1\nk2=v2\nk3=v3' \
  "$(kcat -C -b "$BOOTSTRAP" -t events -p 1 -o beginning -e -q -f '%k=%s\n')"

# Spate in another process reads the records (batch SQL over a table USING kafka) …
expected='+---+---+---------+------+
|  k|  v|partition|offset|
+---+---+---------+------+
| k1| v1|        1|     0|
| k2| v2|        1|     1|
| k3| v3|        1|     2|
+---+---+---------+------+'
check "spate sql reads the topic" "$expected" "$("$SPATE" sql -e "
  CREATE TABLE ev USING kafka OPTIONS ('kafka.bootstrap.servers' '$BOOTSTRAP', subscribe 'events');
  SELECT CAST(key AS STRING) AS k, CAST(value AS STRING) AS v, partition, offset FROM ev ORDER BY k" 2>&1)"

# … and writes some (INSERT INTO a table USING kafka; the topic is created on first use).
"$SPATE" sql -e "
  CREATE TABLE outk USING kafka OPTIONS ('kafka.bootstrap.servers' '$BOOTSTRAP', topic 'created');
  INSERT INTO outk SELECT 'spate' AS key, 'hello from spate' AS value" >"$TMP/insert" 2>&1
check "spate sql writes a record" "0" "$?"
check "kcat reads what spate wrote" "spate=hello from spate" \
  "$(kcat -C -b "$BOOTSTRAP" -t created -o beginning -e -q -f '%k=%s\n')"

kill -TERM "$BROKER_PID"
wait "$BROKER_PID"
check "SIGTERM stops the broker with status 0" "0" "$?"
BROKER_PID=""
check "it says it stops" "1" "$(grep -c 'Stopping the Kafka broker cluster' "$TMP/err")"

"$SPATE" kafka-broker --brokers 0 >/dev/null 2>"$TMP/bad"
check "a bad broker count exits with status 2" "2" "$?"
check "and names the problem" "spate: --brokers must be a positive number, got '0'" "$(cat "$TMP/bad")"

echo "kafka-broker tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
