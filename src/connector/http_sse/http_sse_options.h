#pragma once

// The options of the http_sse source (see README.md in this folder for the user's view).

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "connector/api/connector.h"

namespace spate::connector {

struct HttpSseOptions {
  std::string url;
  /// `header.<Name>` options, in name order.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string userAgent;
  /// Event types to keep; empty keeps every event.
  std::set<std::string> eventTypes;
  /// Last-Event-ID of the first request when the checkpoint has none.
  std::string lastEventId;
  bool includeMetadata = false;
  bool includeTimestamp = false;
  int64_t reconnectDelayMs = 1000;
  int64_t maxReconnectDelayMs = 30000;
  int64_t connectTimeoutMs = 10000;
  int64_t idleTimeoutMs = 60000;
  std::optional<int64_t> maxEventsPerTrigger;
};

/// Reads and validates the options; throws AnalysisException / IllegalArgumentException with a
/// message naming the option.
HttpSseOptions parseHttpSseOptions(const ConnectorContext& context);

/// value STRING, then event STRING and id STRING (includeMetadata), then timestamp TIMESTAMP
/// (includeTimestamp).
SchemaPtr httpSseSchema(const HttpSseOptions& options);

/// The User-Agent sent unless the userAgent option is set.
std::string defaultHttpSseUserAgent();

}  // namespace spate::connector
