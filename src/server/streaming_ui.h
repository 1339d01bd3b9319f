#pragma once

// The streaming part of the web UI, attached to a UiServer and fed by a QueryManager's events:
//   /streaming/                  every query (Spark's Structured Streaming tab)
//   /streaming/query/?id=RUNID   one run: charts over time, plan, error
//   /api/v1/streams              every run with its recent progress (?progress=N, default 100)
//   /api/v1/streams/ID           one run (run id, or query id for its latest run): summary, plan,
//                                progress after batch ?after=B (all retained by default)
//   /api/v1/streams/events       server-sent events: started, progress, terminated
//   /metrics                     Prometheus text (streaming_metrics.h)
// and / redirects to /streaming/.

#include <cstddef>
#include <memory>

#include "server/event_stream.h"
#include "server/query_history.h"
#include "server/ui_server.h"
#include "streaming/query_manager.h"

namespace spate::server {

struct StreamingUiOptions {
  /// Progress updates kept per run (spark.sql.streaming.ui.retainedProgressUpdates).
  size_t retainedProgress = 1000;
  /// Ended runs kept (spark.sql.streaming.ui.retainedQueries).
  size_t retainedQueries = 100;
};

/// Adds the pages and endpoints to `server` and starts recording `manager`'s queries. Returns the
/// history (kept alive by the server's routes). The caller detaches it from `manager` when the
/// server goes away (startUi does that).
std::shared_ptr<QueryHistory> attachStreamingUi(UiServer& server, streaming::QueryManager& manager,
                                                const StreamingUiOptions& options);

}  // namespace spate::server
