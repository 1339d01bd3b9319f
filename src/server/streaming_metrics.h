#pragma once

// /metrics: the streaming queries in Prometheus' text format. Every series carries the labels
// query (the query name, "" when unnamed) and id (the query id); a query restarted in the same
// session is exported by its latest run. docs/web-ui.md lists every metric.
//
// Source metrics: a source reports per-partition lag in its progress "metrics" map under keys
// `lag.<topic>.<partition>` (the partition is the part after the last dot, so topics may contain
// dots) with an integer number of offsets; they become spate_streaming_source_lag_offsets with
// labels source (index in the query), topic and partition. Spark's Kafka source metrics
// minOffsetsBehindLatest / maxOffsetsBehindLatest / avgOffsetsBehindLatest become
// spate_streaming_source_offsets_behind_latest{stat="min|max|avg"}.

#include <string>
#include <vector>

#include "server/query_history.h"

namespace spate::server {

/// Key prefix of the per-partition lag a source reports in its progress metrics.
inline constexpr const char* kSourceLagMetricPrefix = "lag.";

std::string renderStreamingMetrics(const std::vector<QuerySnapshot>& queries);

}  // namespace spate::server
