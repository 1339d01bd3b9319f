#!/usr/bin/env bash
# `make demo`: the CRYPTO VIZ pipeline on Spate, live.
#
#   a Kafka-protocol broker (spate kafka-broker)
#   the producers: simulated Kraken market + crypto news, two hours of history first, then live
#   the ingestion job and the analytics job (spate run …py), exactly-once into
#   SQLite (build/crypto_viz/crypto_viz.db), or PostgreSQL/TimescaleDB when PG_DSN is set
#   the dashboard on the analytics job's web UI: http://127.0.0.1:4040/crypto/
#
# Ctrl-C stops everything (the jobs finish and commit their running batch). Running it again
# resumes: the jobs from their checkpoints, the producers after their last message.
# Usage: scripts/demo.sh [BUILD_DIR]; CRYPTO_VIZ_STATE=DIR keeps the state elsewhere.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${1:-build}
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$ROOT/$BUILD_DIR" ;; esac
SPATE="$BUILD_DIR/bin/spate"
STATE=${CRYPTO_VIZ_STATE:-$BUILD_DIR/crypto_viz}
PY=/usr/bin/python3
cd "$ROOT"

[ -x "$SPATE" ] || { echo "demo: $SPATE not found (make build)" >&2; exit 1; }
mkdir -p "$STATE/logs"
bash scripts/build-dashboard.sh

if [ -n "${PG_DSN:-}" ]; then
  DATABASE=$PG_DSN
else
  DATABASE="jdbc:sqlite:$STATE/crypto_viz.db"
fi
(cd apps/crypto_viz && "$PY" -m sql.apply "$DATABASE")

# Job control: each background process gets its own process group with the default signal
# dispositions (a script's background jobs would otherwise ignore SIGINT), and Ctrl-C reaches
# only this script, which stops them in order.
set -m
pids=()
stopping=0
stop_all() {
  [ "$stopping" -eq 1 ] && return
  stopping=1
  echo
  echo "demo: stopping…"
  # In order, newest first: the producers (no new data), the jobs (each finishes and commits its
  # running batch), then the broker. SIGTERM: every one of them stops cleanly on it.
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  echo "demo: stopped. State (checkpoints, database, logs) in $STATE; run make demo again to resume."
}
trap 'stop_all; exit 0' INT TERM
trap stop_all EXIT

# Starts a background process logging to $STATE/logs/NAME.log; remembers its pid.
start() {
  local name=$1
  shift
  "$@" >>"$STATE/logs/$name.log" 2>&1 &
  pids=("$!" "${pids[@]}")  # newest first: stopped before what it depends on
}

# Waits for TEXT in a log; fails if the process died.
wait_log() {
  local name=$1 text=$2 pid=$3 deadline=$((SECONDS + ${4:-120}))
  until grep -q -- "$text" "$STATE/logs/$name.log" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
      echo "demo: $name did not start; its log ($STATE/logs/$name.log) ends with:" >&2
      tail -20 "$STATE/logs/$name.log" >&2
      exit 1
    fi
    sleep 0.2
  done
}

: >"$STATE/logs/broker.log"
# The topics exist before the jobs start: on a restart they must see them (empty, offsets back
# at 0) before the producers write, or the first messages count as data loss.
start broker "$SPATE" kafka-broker --topic rawticker:4 --topic rawtrade:4 --topic rawarticle:4 --topic rawalert:4
wait_log broker "127.0.0.1:" "${pids[0]}" 30
BOOTSTRAP=$(grep -o -m1 -E '127\.0\.0\.1:[0-9]+(,127\.0\.0\.1:[0-9]+)*' "$STATE/logs/broker.log")

# The jobs start before the producers: on a restart the new broker's topics begin again at
# offset 0, which the jobs must see as such (failOnDataLoss=false) before new data arrives.
JOB_ARGS=(--kafka "$BOOTSTRAP" --state "$STATE" --no-schema --settle)
# PostgreSQL: the jobs read PG_DSN from the environment (a password stays out of `ps`).
[ -n "${PG_DSN:-}" ] || JOB_ARGS+=(--database "$DATABASE")
: >"$STATE/logs/analytics.log"
start analytics "$SPATE" run apps/crypto_viz/jobs/sentiment_prediction_job.py "${JOB_ARGS[@]}" --dashboard
wait_log analytics "analytics: 3 queries" "${pids[0]}"
sleep 0.5
URL=$(grep -o -m1 -E 'http://[^ ]+/crypto/' "$STATE/logs/analytics.log" || true)
if [ -z "$URL" ]; then
  echo "demo: the analytics job serves no dashboard:" >&2
  grep "analytics:" "$STATE/logs/analytics.log" >&2
  exit 1
fi
: >"$STATE/logs/ingestion.log"
# Its own web UI port: the analytics job's 4040 must stay the dashboard's.
start ingestion "$SPATE" run --conf spark.ui.port=4041 apps/crypto_viz/jobs/kafka_to_db.py "${JOB_ARGS[@]}"
wait_log ingestion "ingestion: " "${pids[0]}"

# Volumes below the original's (10 tickers/s, 100 trades/s) keep the embedded broker's partitions
# within their retention while two hours of history go through at once.
start producers env PYTHONPATH=apps/crypto_viz "$PY" -m producers --bootstrap "$BOOTSTRAP" \
  --state "$STATE/producers.json" --backfill 2h \
  --ticker-interval 2 --trade-rate 8 --article-rate 20

echo
echo "CRYPTO VIZ is running: $URL"
if [ -n "${PG_DSN:-}" ]; then
  echo "  database: PostgreSQL (PG_DSN)"  # never the DSN itself: it may hold a password
else
  echo "  database: $STATE/crypto_viz.db"
fi
echo "  logs:     $STATE/logs/"
echo "Ctrl-C stops everything."

# Runs until Ctrl-C, or until a process ends by itself (then everything stops).
while true; do
  for pid in "${pids[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "demo: a process ended unexpectedly; see $STATE/logs/" >&2
      exit 1
    fi
  done
  sleep 1
done
