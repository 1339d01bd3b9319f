#pragma once

// Spark's `rate` source (rows at a fixed rate per second of processing time) and `rate-micro-batch`
// source (a fixed number of rows per micro-batch). Both produce `timestamp TIMESTAMP, value LONG`.

#include <cstdint>

#include "connector/api/connector.h"

namespace spate::connector {

/// Registers the "rate" and "rate-micro-batch" sources.
void registerRateConnector(ConnectorRegistry& registry);

/// RateStreamProvider.valueAtSecond: how many rows exist `seconds` after the start, with the rate
/// growing linearly to `rowsPerSecond` over `rampUpTimeSeconds`.
int64_t rateValueAtSecond(int64_t seconds, int64_t rowsPerSecond, int64_t rampUpTimeSeconds);

}  // namespace spate::connector
