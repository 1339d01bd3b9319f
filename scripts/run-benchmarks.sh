#!/usr/bin/env bash
# Runs every benchmark binary; figures are printed, never asserted.
set -euo pipefail
BUILD_DIR=${1:-build}
cd "$(dirname "$0")/.."
for b in "$BUILD_DIR"/bin/*_bench; do
  echo "== $(basename "$b")"
  "$b" --benchmark_counters_tabular=true
done
# End-to-end streaming programs (docs/benchmarks.md).
echo "== YSB end to end (benchmark/run_ysb.sh)"
bash benchmark/run_ysb.sh "$BUILD_DIR"
echo "== streaming latency at fixed input rates (spate_stream_latency)"
"$BUILD_DIR/bin/spate_stream_latency" --checkpoint-roots=/tmp,/dev/shm
echo "== Kafka source beside a bare librdkafka consumer (spate_kafka_source)"
"$BUILD_DIR/bin/spate_kafka_source"
echo "== jdbc sink vs raw binary COPY (spate_jdbc_sink, against a throwaway PostgreSQL server)"
bash scripts/pg-test-server.sh run "$BUILD_DIR/bin/spate_jdbc_sink"
echo "== Kafka → from_json → PostgreSQL end to end beside both limits (spate_kafka_pg_pipeline)"
bash scripts/pg-test-server.sh run "$BUILD_DIR/bin/spate_kafka_pg_pipeline"
