#pragma once

// The `http_sse` streaming source: events of a text/event-stream feed over HTTP(S) (Server-Sent
// Events, e.g. Wikimedia's EventStreams), one row per event. See README.md in this folder.

#include <cstdint>
#include <functional>
#include <memory>

#include "connector/api/connector.h"

namespace spate::connector {

/// Registers the "http_sse" source.
void registerHttpSseConnector(ConnectorRegistry& registry);

/// Creates an http_sse source that stamps events with `receiveClockMillis`. Connects at once and
/// waits for the first response; throws ExecutionException naming the URL when it cannot connect
/// or the server refuses the stream.
std::unique_ptr<Source> makeHttpSseSource(const ConnectorContext& context,
                                          std::function<int64_t()> receiveClockMillis);

}  // namespace spate::connector
