#include "server/streaming_metrics.h"

#include <charconv>
#include <cmath>
#include <functional>
#include <map>

#include "server/prometheus_text.h"

namespace spate::server {

namespace {

using Progress = streaming::StreamingQueryProgress;

MetricLabels labelsOf(const QuerySnapshot& q, MetricLabels extra = {}) {
  MetricLabels labels = {{"query", q.name.value_or("")}, {"id", q.id}};
  labels.insert(labels.end(), extra.begin(), extra.end());
  return labels;
}

// The latest run of each query id, in start order.
std::vector<const QuerySnapshot*> latestRuns(const std::vector<QuerySnapshot>& queries) {
  std::map<std::string, size_t> latest;
  for (size_t i = 0; i < queries.size(); ++i) latest[queries[i].id] = i;
  std::vector<const QuerySnapshot*> out;
  for (size_t i = 0; i < queries.size(); ++i)
    if (latest[queries[i].id] == i) out.push_back(&queries[i]);
  return out;
}

std::optional<double> parseNumber(const std::string& text) {
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

// One family whose samples come from each query's last progress (queries without one are left
// out). `each` writes the query's samples.
void lastProgressFamily(PrometheusText& out, const std::vector<const QuerySnapshot*>& queries,
                        std::string_view name, std::string_view type, std::string_view help,
                        const std::function<void(const QuerySnapshot&, const Progress&)>& each) {
  out.family(name, type, help);
  for (const QuerySnapshot* q : queries)
    if (q->lastProgress) each(*q, *q->lastProgress);
}

void queryFamily(PrometheusText& out, const std::vector<const QuerySnapshot*>& queries,
                 std::string_view name, std::string_view type, std::string_view help,
                 const std::function<int64_t(const QuerySnapshot&)>& value) {
  out.family(name, type, help);
  for (const QuerySnapshot* q : queries) out.sample(name, labelsOf(*q), value(*q));
}

void writeHistogram(PrometheusText& out, const std::vector<const QuerySnapshot*>& queries) {
  constexpr std::string_view kName = "spate_streaming_batch_duration_seconds";
  out.family(kName, "histogram",
             "Duration of the query's micro-batches (progress durationMs.triggerExecution).");
  for (const QuerySnapshot* q : queries) {
    const DurationHistogram& h = q->batchDuration;
    for (size_t i = 0; i < kBatchDurationBuckets.size(); ++i)
      out.sample("spate_streaming_batch_duration_seconds_bucket",
                 labelsOf(*q, {{"le", formatMetricValue(kBatchDurationBuckets[i])}}), h.buckets[i]);
    out.sample("spate_streaming_batch_duration_seconds_bucket", labelsOf(*q, {{"le", "+Inf"}}),
               h.count);
    out.sample("spate_streaming_batch_duration_seconds_sum", labelsOf(*q), h.sumSeconds);
    out.sample("spate_streaming_batch_duration_seconds_count", labelsOf(*q), h.count);
  }
}

void writeSourceMetrics(PrometheusText& out, const std::vector<const QuerySnapshot*>& queries) {
  lastProgressFamily(
      out, queries, "spate_streaming_source_lag_offsets", "gauge",
      "Offsets a source partition is behind its latest offset after the last batch (source "
      "metrics lag.<topic>.<partition>, e.g. Kafka consumer lag).",
      [&](const QuerySnapshot& q, const Progress& p) {
        for (size_t i = 0; i < p.sources.size(); ++i) {
          for (const auto& [key, value] : p.sources[i].metrics) {
            if (!key.starts_with(kSourceLagMetricPrefix)) continue;
            std::string rest = key.substr(std::string_view(kSourceLagMetricPrefix).size());
            size_t dot = rest.rfind('.');
            if (dot == std::string::npos || dot == 0 || dot + 1 == rest.size()) continue;
            auto lag = parseNumber(value);
            if (!lag) continue;
            out.sample("spate_streaming_source_lag_offsets",
                       labelsOf(q, {{"source", std::to_string(i)},
                                    {"topic", rest.substr(0, dot)},
                                    {"partition", rest.substr(dot + 1)}}),
                       *lag);
          }
        }
      });
  lastProgressFamily(
      out, queries, "spate_streaming_source_offsets_behind_latest", "gauge",
      "Spark's Kafka source metrics min/max/avgOffsetsBehindLatest after the last batch.",
      [&](const QuerySnapshot& q, const Progress& p) {
        for (size_t i = 0; i < p.sources.size(); ++i) {
          for (const char* stat : {"min", "max", "avg"}) {
            auto it = p.sources[i].metrics.find(std::string(stat) + "OffsetsBehindLatest");
            if (it == p.sources[i].metrics.end()) continue;
            if (auto v = parseNumber(it->second))
              out.sample("spate_streaming_source_offsets_behind_latest",
                         labelsOf(q, {{"source", std::to_string(i)}, {"stat", stat}}), *v);
          }
        }
      });
}

}  // namespace

std::string renderStreamingMetrics(const std::vector<QuerySnapshot>& all) {
  std::vector<const QuerySnapshot*> queries = latestRuns(all);
  PrometheusText out;
  queryFamily(out, queries, "spate_streaming_query_active", "gauge",
              "1 while the query runs, 0 once it stopped or failed.",
              [](const QuerySnapshot& q) { return q.active ? 1 : 0; });
  queryFamily(out, queries, "spate_streaming_query_failed", "gauge",
              "1 when the query ended with an error.",
              [](const QuerySnapshot& q) { return q.exception ? 1 : 0; });
  out.family("spate_streaming_query_start_time_seconds", "gauge",
             "When the query's current run started, in seconds since the epoch.");
  for (const QuerySnapshot* q : queries)
    out.sample("spate_streaming_query_start_time_seconds", labelsOf(*q), q->startMs / 1000.0);
  queryFamily(out, queries, "spate_streaming_batches_total", "counter",
              "Micro-batches run (progress events) since the run started.",
              [](const QuerySnapshot& q) { return q.batches; });
  lastProgressFamily(out, queries, "spate_streaming_latest_batch_id", "gauge",
                     "Id of the last micro-batch that ran.",
                     [&](const QuerySnapshot& q, const Progress& p) {
                       out.sample("spate_streaming_latest_batch_id", labelsOf(q), p.batchId);
                     });
  queryFamily(out, queries, "spate_streaming_input_rows_total", "counter",
              "Rows read from the query's sources (sum of progress numInputRows).",
              [](const QuerySnapshot& q) { return q.inputRows; });
  queryFamily(out, queries, "spate_streaming_output_rows_total", "counter",
              "Rows written to the sink (sum of progress sink.numOutputRows, when reported).",
              [](const QuerySnapshot& q) { return q.outputRows; });
  for (auto [name, help, get] :
       {std::tuple{"spate_streaming_input_rows_per_second",
                   "Rows per second arriving in the last batch (progress inputRowsPerSecond).",
                   &Progress::inputRowsPerSecond},
        std::tuple{"spate_streaming_processed_rows_per_second",
                   "Rows per second processed in the last batch (progress "
                   "processedRowsPerSecond).",
                   &Progress::processedRowsPerSecond}}) {
    lastProgressFamily(out, queries, name, "gauge", help,
                       [&](const QuerySnapshot& q, const Progress& p) {
                         double v = (p.*get)();
                         if (!std::isnan(v)) out.sample(name, labelsOf(q), v);
                       });
  }
  writeHistogram(out, queries);
  lastProgressFamily(out, queries, "spate_streaming_batch_phase_duration_seconds", "gauge",
                     "Duration of each phase of the last batch (progress durationMs: "
                     "latestOffset, getBatch, queryPlanning, walCommit, addBatch, "
                     "commitOffsets, triggerExecution).",
                     [&](const QuerySnapshot& q, const Progress& p) {
                       for (const auto& [phase, ms] : p.durationMs)
                         out.sample("spate_streaming_batch_phase_duration_seconds",
                                    labelsOf(q, {{"phase", phase}}), ms / 1000.0);
                     });
  lastProgressFamily(out, queries, "spate_streaming_event_time_watermark_seconds", "gauge",
                     "The event-time watermark of the last batch, in seconds since the epoch "
                     "(queries with a watermark).",
                     [&](const QuerySnapshot& q, const Progress& p) {
                       auto it = p.eventTime.find("watermark");
                       if (it == p.eventTime.end()) return;
                       if (auto ms = parseProgressTimestamp(it->second))
                         out.sample("spate_streaming_event_time_watermark_seconds", labelsOf(q),
                                    *ms / 1000.0);
                     });
  lastProgressFamily(out, queries, "spate_streaming_watermark_lag_seconds", "gauge",
                     "How far the watermark is behind the last batch's processing time (batch "
                     "timestamp - watermark), once the watermark has advanced past 0.",
                     [&](const QuerySnapshot& q, const Progress& p) {
                       auto it = p.eventTime.find("watermark");
                       if (it == p.eventTime.end()) return;
                       auto watermark = parseProgressTimestamp(it->second);
                       auto batch = parseProgressTimestamp(p.timestamp);
                       if (watermark && batch && *watermark > 0)
                         out.sample("spate_streaming_watermark_lag_seconds", labelsOf(q),
                                    (*batch - *watermark) / 1000.0);
                     });
  for (auto [name, help, field] :
       {std::tuple{"spate_streaming_state_rows",
                   "Rows held in a stateful operator's state after the last batch (progress "
                   "stateOperators[].numRowsTotal).",
                   &streaming::StateOperatorProgress::numRowsTotal},
        std::tuple{"spate_streaming_state_memory_bytes",
                   "Memory used by a stateful operator's state after the last batch (progress "
                   "stateOperators[].memoryUsedBytes).",
                   &streaming::StateOperatorProgress::memoryUsedBytes}}) {
    lastProgressFamily(out, queries, name, "gauge", help,
                       [&](const QuerySnapshot& q, const Progress& p) {
                         for (size_t i = 0; i < p.stateOperators.size(); ++i)
                           out.sample(name,
                                      labelsOf(q, {{"operator", p.stateOperators[i].operatorName},
                                                   {"operator_id", std::to_string(i)}}),
                                      p.stateOperators[i].*field);
                       });
  }
  queryFamily(out, queries, "spate_streaming_rows_dropped_by_watermark_total", "counter",
              "Input rows dropped as too late for the watermark (sum of progress "
              "stateOperators[].numRowsDroppedByWatermark).",
              [](const QuerySnapshot& q) { return q.rowsDroppedByWatermark; });
  queryFamily(out, queries, "spate_streaming_batch_retries_total", "counter",
              "Batches retried after a retryable source or sink error.",
              [](const QuerySnapshot& q) { return q.retries.batchRetries; });
  queryFamily(out, queries, "spate_streaming_sink_retries_total", "counter",
              "Batches retried after the sink's write failed with a retryable error.",
              [](const QuerySnapshot& q) { return q.retries.sinkRetries; });
  queryFamily(out, queries, "spate_streaming_sink_errors_total", "counter",
              "Sink writes that failed, retried or not.",
              [](const QuerySnapshot& q) { return q.retries.sinkErrors; });
  writeSourceMetrics(out, queries);
  return out.text();
}

}  // namespace spate::server
