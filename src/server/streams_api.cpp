#include "server/streams_api.h"

#include <cmath>

#include "streaming/json_writer.h"

namespace spate::server {

namespace {

using streaming::JsonWriter;

void numberOrNull(JsonWriter& w, std::string_view key, double value) {
  w.key(key);
  if (std::isfinite(value)) {
    w.number(value);
  } else {
    w.null();
  }
}

void writeQuery(JsonWriter& w, const QuerySnapshot& q, int64_t nowMs, bool withPlan) {
  w.beginObject();
  w.key("id");
  w.string(q.id);
  w.key("runId");
  w.string(q.runId);
  w.key("name");
  if (q.name) {
    w.string(*q.name);
  } else {
    w.null();
  }
  w.key("status");
  w.string(queryStatusName(q));
  w.key("statusMessage");
  w.string(q.statusMessage);
  w.key("isDataAvailable");
  w.boolean(q.isDataAvailable);
  w.key("isTriggerActive");
  w.boolean(q.isTriggerActive);
  w.key("startTimestamp");
  w.string(streaming::formatProgressTimestamp(q.startMs));
  w.key("endTimestamp");
  if (q.endMs) {
    w.string(streaming::formatProgressTimestamp(*q.endMs));
  } else {
    w.null();
  }
  w.key("durationMs");
  w.integer(std::max<int64_t>(0, q.endMs.value_or(nowMs) - q.startMs));
  numberOrNull(w, "avgInputRowsPerSecond", q.avgInputRowsPerSecond);
  numberOrNull(w, "avgProcessedRowsPerSecond", q.avgProcessedRowsPerSecond);
  w.key("latestBatchId");
  if (q.lastProgress) {
    w.integer(q.lastProgress->batchId);
  } else {
    w.null();
  }
  w.key("numBatches");
  w.integer(q.batches);
  w.key("totalInputRows");
  w.integer(q.inputRows);
  w.key("retainedProgress");
  w.integer(static_cast<int64_t>(q.retainedProgress));
  w.key("exception");
  if (q.exception) {
    w.string(*q.exception);
  } else {
    w.null();
  }
  if (withPlan) {
    w.key("plan");
    w.string(q.plan);
  }
  w.key("recentProgress");
  w.beginArray();
  for (const auto& p : q.progress) w.embedJson(p.json());
  w.endArray();
  w.endObject();
}

}  // namespace

std::string queryStatusName(const QuerySnapshot& query) {
  if (query.active) return "RUNNING";
  return query.exception ? "FAILED" : "FINISHED";
}

std::string streamsJson(const std::vector<QuerySnapshot>& queries, int64_t nowMs) {
  JsonWriter w(false);
  w.beginObject();
  w.key("streams");
  w.beginArray();
  for (const auto& q : queries) writeQuery(w, q, nowMs, false);
  w.endArray();
  w.endObject();
  return w.take();
}

std::string streamJson(const QuerySnapshot& query, int64_t nowMs) {
  JsonWriter w(false);
  writeQuery(w, query, nowMs, true);
  return w.take();
}

}  // namespace spate::server
