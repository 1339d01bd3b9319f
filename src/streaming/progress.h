#pragma once

// The progress of a streaming query (Spark 3.5's StreamingQueryProgress and friends,
// sql/core/.../streaming/progress.scala) and its status, with the exact JSON Spark prints:
// `json()` is Jackson's compact form, `prettyJson()` Jackson's default pretty printer (2-space
// indent, `" : "`, arrays inline as `[ {` … `} ]`, empty array `[ ]`). Maps are printed with sorted
// keys and are omitted when empty; NaN/Infinity doubles are omitted; doubles print as Java's
// Double.toString.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace spate::streaming {

/// One stateful operator's metrics in a batch (Spark's StateOperatorProgress).
struct StateOperatorProgress {
  /// "stateStoreSave", "symmetricHashJoin", "dedupe", "globalLimit", …
  std::string operatorName;
  int64_t numRowsTotal = 0;
  int64_t numRowsUpdated = 0;
  int64_t allUpdatesTimeMs = 0;
  int64_t numRowsRemoved = 0;
  int64_t allRemovalsTimeMs = 0;
  int64_t commitTimeMs = 0;
  int64_t memoryUsedBytes = 0;
  int64_t numRowsDroppedByWatermark = 0;
  int64_t numShufflePartitions = 0;
  int64_t numStateStoreInstances = 0;
  /// Provider metrics, e.g. loadedMapCacheHitCount, loadedMapCacheMissCount,
  /// stateOnCurrentVersionSizeBytes. Omitted from JSON when empty.
  std::map<std::string, int64_t> customMetrics;

  std::string json() const;
  std::string prettyJson() const;
  std::string toString() const { return prettyJson(); }
};

/// One source's part of a batch (Spark's SourceProgress).
struct SourceProgress {
  /// The source's description() (e.g. "MemoryStream[value#1]").
  std::string description;
  /// Offsets as the source's JSON text (a bare number such as "3", or an object). They are
  /// embedded as JSON values (re-indented in prettyJson); unset prints JSON null; text that is not
  /// JSON prints as a JSON string, as Spark does.
  std::optional<std::string> startOffset;
  std::optional<std::string> endOffset;
  std::optional<std::string> latestOffset;
  int64_t numInputRows = 0;
  /// numInputRows / seconds since the previous trigger start. Spark: 0.0 for the first trigger
  /// (rows / Infinity), NaN (omitted from JSON) for 0 rows over 0 s.
  double inputRowsPerSecond = 0.0;
  /// numInputRows / triggerExecution seconds (NaN, i.e. omitted, when that duration is 0).
  double processedRowsPerSecond = 0.0;
  /// Source-specific metrics (string values). Omitted from JSON when empty.
  std::map<std::string, std::string> metrics;

  std::string json() const;
  std::string prettyJson() const;
  std::string toString() const { return prettyJson(); }
};

/// The sink's part of a batch (Spark's SinkProgress).
struct SinkProgress {
  static constexpr int64_t kDefaultNumOutputRows = -1;

  std::string description;
  /// -1 when the sink does not report it (foreachBatch, DSv1 sinks).
  int64_t numOutputRows = kDefaultNumOutputRows;
  std::map<std::string, std::string> metrics;

  std::string json() const;
  std::string prettyJson() const;
  std::string toString() const { return prettyJson(); }
};

/// The progress of one trigger (Spark 3.5's StreamingQueryProgress). As in Spark, numInputRows,
/// inputRowsPerSecond and processedRowsPerSecond are not stored: they are sums over `sources`.
struct StreamingQueryProgress {
  /// The query id (persisted in the checkpoint) and this run's id, as UUID text.
  std::string id;
  std::string runId;
  /// The query name; unset prints `"name" : null`.
  std::optional<std::string> name;
  /// Trigger start, ISO-8601 UTC with millis: formatProgressTimestamp(epochMillis).
  std::string timestamp;
  int64_t batchId = 0;
  /// Phase durations: latestOffset, getBatch, queryPlanning, walCommit, addBatch, commitOffsets,
  /// triggerExecution (an idle trigger reports only latestOffset and triggerExecution).
  std::map<std::string, int64_t> durationMs;
  /// avg/max/min/watermark as formatProgressTimestamp strings; empty (omitted) without a
  /// watermark; only "watermark" when the batch had no rows at the watermark operator.
  std::map<std::string, std::string> eventTime;
  std::vector<StateOperatorProgress> stateOperators;
  std::vector<SourceProgress> sources;
  SinkProgress sink;
  /// observe() metrics: name → the row as JSON text (Spark's Row.json: an object of the row's
  /// fields in schema order, doubles as Java prints them). Omitted from JSON when empty.
  std::map<std::string, std::string> observedMetrics;

  int64_t numInputRows() const;
  double inputRowsPerSecond() const;
  double processedRowsPerSecond() const;

  std::string json() const;
  std::string prettyJson() const;
  std::string toString() const { return prettyJson(); }
};

/// What a query is doing now (Spark's StreamingQueryStatus).
struct StreamingQueryStatus {
  /// "Initializing sources", "Waiting for data to arrive", "Getting offsets from <source>",
  /// "Processing new data", "Waiting for next trigger", "Stopped", …
  std::string message;
  bool isDataAvailable = false;
  bool isTriggerActive = false;

  std::string json() const;
  std::string prettyJson() const;
  std::string toString() const { return prettyJson(); }
};

/// An instant in ms since the epoch as Spark's progress prints it: "2016-12-05T20:54:20.827Z"
/// (SimpleDateFormat "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'" in UTC, so Julian dates before 1582-10-15).
std::string formatProgressTimestamp(int64_t epochMillis);

/// An event time in µs as the progress eventTime map prints it ("1970-01-01T00:00:15.000Z").
/// The µs are turned into ms by truncation, as Spark's event-time stats do (µs / 1000 in Java).
std::string formatEventTimeMicros(int64_t micros);

}  // namespace spate::streaming
