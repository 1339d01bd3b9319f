#pragma once

// What the web UI knows about a session's streaming queries, kept from their events (Spark's
// StreamingQueryStatusListener): per run, the start, the end and the error, the plan, a bounded
// ring of the latest progresses (also after the query ended), and running totals for /metrics
// that outlive the ring (input rows, late rows, a batch-duration histogram).

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "streaming/progress.h"
#include "streaming/query_manager.h"

namespace spate::server {

/// Upper bounds (seconds) of the batch-duration histogram's buckets; +Inf is implicit.
inline constexpr std::array<double, 14> kBatchDurationBuckets = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};

struct DurationHistogram {
  /// Batches at or under each bound (cumulative, as Prometheus buckets are).
  std::array<int64_t, kBatchDurationBuckets.size()> buckets{};
  int64_t count = 0;
  double sumSeconds = 0;

  void observe(double seconds);
};

/// One run of a query as the UI shows it.
struct QuerySnapshot {
  std::string id;
  std::string runId;
  std::optional<std::string> name;
  int64_t startMs = 0;           ///< wall clock, ms since the epoch
  std::optional<int64_t> endMs;  ///< set once terminated
  bool active = false;
  std::optional<std::string> exception;  ///< the failure, when it failed
  std::string statusMessage;
  bool isDataAvailable = false;
  bool isTriggerActive = false;
  std::string plan;  ///< EXPLAIN text of the analysed plan

  // Totals since the run started (not limited by the ring).
  int64_t batches = 0;
  int64_t inputRows = 0;
  int64_t outputRows = 0;  ///< batches whose sink reports numOutputRows
  int64_t rowsDroppedByWatermark = 0;
  DurationHistogram batchDuration;
  streaming::RetryCounters retries;

  /// Means over the retained progresses, NaN values skipped (Spark's "Avg Input /sec"); NaN when
  /// there is none.
  double avgInputRowsPerSecond = 0;
  double avgProcessedRowsPerSecond = 0;
  std::optional<streaming::StreamingQueryProgress> lastProgress;
  /// The retained progresses asked for, oldest first (empty unless requested).
  std::vector<streaming::StreamingQueryProgress> progress;
  /// How many progresses the ring holds now.
  size_t retainedProgress = 0;
};

class QueryHistory : public std::enable_shared_from_this<QueryHistory> {
 public:
  /// Spark's spark.sql.streaming.ui.retainedProgressUpdates and .retainedQueries.
  QueryHistory(size_t retainedProgress, size_t retainedQueries);

  /// Follows `manager`'s queries from now on (the active ones are picked up with their recent
  /// progress). The observer keeps this object alive; detach() removes it.
  void attach(streaming::QueryManager& manager);
  void detach(streaming::QueryManager& manager);

  // Events (called by the observer attach() adds; public for tests).
  void onStarted(const streaming::StreamExecution& query);
  void onProgress(const streaming::StreamExecution& query,
                  const streaming::StreamingQueryProgress& progress);
  void onTerminated(const streaming::StreamExecution& query,
                    const std::optional<std::string>& error);

  /// Every retained run, oldest start first, each with at most `progressLimit` of its latest
  /// progresses.
  std::vector<QuerySnapshot> snapshot(size_t progressLimit = 0) const;
  /// The run with this run id (or the latest run of this query id), with its progresses after
  /// batch `afterBatchId` (all when unset), at most `progressLimit` of the latest.
  std::optional<QuerySnapshot> find(const std::string& runIdOrId,
                                    std::optional<int64_t> afterBatchId,
                                    size_t progressLimit) const;

  size_t retainedProgress() const { return retainedProgress_; }

  /// Called after each event with its name ("started", "progress", "terminated") and its JSON,
  /// rendered on demand (the query thread pays for it only when someone listens): the progress
  /// JSON, or {"id","runId","name","timestamp"} / {"id","runId","exception"} as Spark's listener
  /// events carry them. Set before attach().
  using EventCallback =
      std::function<void(std::string_view event, const std::function<std::string()>& json)>;
  void setEventCallback(EventCallback callback) { callback_ = std::move(callback); }

 private:
  struct Record {
    QuerySnapshot fixed;  // everything but the live status and the progress list
    std::weak_ptr<const streaming::StreamExecution> execution;
    std::deque<streaming::StreamingQueryProgress> ring;
  };
  Record& recordFor(const streaming::StreamExecution& query);                   // mutex_ held
  void add(Record& record, const streaming::StreamingQueryProgress& progress);  // mutex_ held
  QuerySnapshot render(const Record& record, std::optional<int64_t> afterBatchId,
                       size_t progressLimit) const;  // mutex_ held
  void trimTerminated();                             // mutex_ held

  const size_t retainedProgress_;
  const size_t retainedQueries_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Record>> records_;  // in start order
  std::map<const streaming::QueryManager*, int> observers_;
  EventCallback callback_;
};

/// Milliseconds since the epoch of a progress timestamp ("2016-12-05T20:54:20.827Z"); nullopt
/// when `text` is not one.
std::optional<int64_t> parseProgressTimestamp(const std::string& text);

}  // namespace spate::server
