#pragma once

// The JSON of /api/v1/streams: each query run with its summary (as the streaming page's table
// shows it) and its recent progress, every progress exactly as the engine prints it (Spark's
// StreamingQueryProgress.json).

#include <cstdint>
#include <string>
#include <vector>

#include "server/query_history.h"

namespace spate::server {

/// "RUNNING", "FINISHED" or "FAILED" (the status column of Spark's streaming page).
std::string queryStatusName(const QuerySnapshot& query);

/// {"streams":[…]}; each entry has its `progress` list as "recentProgress".
std::string streamsJson(const std::vector<QuerySnapshot>& queries, int64_t nowMs);
/// One run: its summary, "plan" (EXPLAIN text) and "recentProgress".
std::string streamJson(const QuerySnapshot& query, int64_t nowMs);

}  // namespace spate::server
