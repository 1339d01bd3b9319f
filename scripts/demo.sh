#!/usr/bin/env bash
# The demo: a batch job over the TP4 lab's data (joins, cube, aggregation) printed as Spark prints it.
set -euo pipefail
BUILD_DIR=${1:-build}
cd "$(dirname "$0")/.."
DATA_DIR=${SPATE_TP4_DATA:-../shared/data/tp4}
exec "$BUILD_DIR/bin/spate" sql -f apps/demo/tp4_batch.sql --conf "spate.demo.dataDir=$DATA_DIR"
