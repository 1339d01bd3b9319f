#pragma once

// Spark's `socket` source (testing only): lines read from a TCP server, one row per line.

#include <cstdint>
#include <functional>
#include <memory>

#include "connector/api/connector.h"

namespace spate::connector {

/// Registers the "socket" source.
void registerSocketConnector(ConnectorRegistry& registry);

/// Creates a socket source (options host, port, includeTimestamp, numPartitions) that stamps
/// lines with `receiveClockMillis` (the wall clock for the registered provider). Connects at
/// once; throws ExecutionException naming host:port when it cannot.
std::unique_ptr<Source> makeSocketSource(const ConnectorContext& context,
                                         std::function<int64_t()> receiveClockMillis);

}  // namespace spate::connector
