#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "streaming/micro_batch_execution.h"
#include "streaming/progress.h"

namespace spate::streaming {

/// The query's status (Spark's StreamingQueryStatus).
struct QueryStatus {
  std::string message = "Initializing sources";
  bool isDataAvailable = false;
  bool isTriggerActive = false;
};

/// How often a query's batches failed and were retried (the web UI's /metrics).
struct RetryCounters {
  int64_t batchRetries = 0;  ///< batches retried after any retryable error (source or sink)
  int64_t sinkRetries = 0;   ///< of those, retried after the sink's write failed
  int64_t sinkErrors = 0;    ///< sink writes that failed, retried or not
};

class StreamExecution;

/// Called on query events (the query manager forwards them to listeners).
struct QueryEventSink {
  std::function<void(const StreamExecution&)> started;
  std::function<void(const StreamExecution&, const StreamingQueryProgress&)> progress;
  std::function<void(const StreamExecution&)> idle;
  std::function<void(const StreamExecution&, const std::optional<std::string>& error)> terminated;
};

/// A running streaming query: its micro-batch runner on its own thread, driven by the trigger
/// (Spark's StreamExecution). With Trigger::manual() there is no thread; runManualTrigger() runs
/// batches on the caller's thread (tests).
class StreamExecution : public std::enable_shared_from_this<StreamExecution> {
 public:
  StreamExecution(QuerySpec spec, QueryEventSink events);
  ~StreamExecution();

  /// Initialises (errors are thrown here, at start()) and starts the query thread.
  void start();
  const std::string& id() const { return id_; }
  const std::string& runId() const { return runId_; }
  const std::string& name() const { return name_; }
  bool isActive() const;
  QueryStatus status() const;
  std::optional<StreamingQueryProgress> lastProgress() const;
  std::vector<StreamingQueryProgress> recentProgress() const;
  /// Blocks until the query ends; rethrows its failure as StreamingQueryException.
  void awaitTermination();
  /// Returns true if the query ended within `timeoutMs`.
  bool awaitTermination(int64_t timeoutMs);
  /// Blocks until everything available now has been processed (including no-data batches).
  void processAllAvailable();
  /// Stops the query (idempotent) and waits for its thread.
  void stop();
  /// The failure that ended the query, if any.
  std::optional<std::string> exception() const;
  const QuerySpec& spec() const { return runner_->spec(); }
  RetryCounters retryCounters() const;

  // Manual trigger (tests).
  /// Runs one batch (or none if nothing is pending); false when none ran. Failures stop the query
  /// and are rethrown.
  bool runManualTrigger(bool allowNoDataBatch = true);
  MicroBatchExecution& runner() { return *runner_; }
  const MicroBatchExecution& runner() const { return *runner_; }

 private:
  void runLoop();
  /// One trigger under the lock discipline; returns whether a batch ran.
  bool runTrigger(bool allowNoDataBatch);
  void finish(std::optional<std::string> error);
  StreamingQueryProgress makeProgress(const BatchReport& report);

  std::unique_ptr<MicroBatchExecution> runner_;
  QueryEventSink events_;
  std::string id_, runId_, name_;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  bool active_ = false;
  bool stopRequested_ = false;
  std::optional<std::string> error_;
  QueryStatus status_;
  std::deque<StreamingQueryProgress> recent_;
  std::optional<int64_t> previousTriggerStartMs_;
  std::atomic<bool> dataArrived_{false};  // a source signalled new data since the last trigger
  int64_t triggersStarted_ = 0;
  int64_t lastIdleTrigger_ = 0;  // sequence number of the last trigger that found nothing to do
  std::atomic<int64_t> batchRetries_{0}, sinkRetries_{0};
};

}  // namespace spate::streaming
