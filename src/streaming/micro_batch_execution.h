#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "connector/api/connector.h"
#include "execution/incremental_execution.h"
#include "streaming/checkpoint_log.h"
#include "streaming/trigger.h"

namespace spate::streaming {

/// Everything a streaming query is started with.
struct QuerySpec {
  std::string name;                ///< queryName, possibly empty
  std::string checkpointLocation;  ///< created when missing
  bool deleteCheckpointOnStop = false;
  PlanPtr plan;                    ///< analysed and checked
  std::shared_ptr<connector::Sink> sink;
  OutputMode outputMode = OutputMode::kAppend;
  Trigger trigger;
  /// The session's configuration when the query started.
  std::map<std::string, std::string> conf;
  ExecContext exec;  ///< worker threads (owned by the session) and time zone
  std::shared_ptr<Clock> clock;
  int parallelism = 1;
  /// Called by sources when data arrives (set by StreamExecution to wake its trigger loop).
  std::function<void()> wakeUp;
};

/// Where a batch may be made to fail (tests: crash points).
enum class FailPoint { kNone, kAfterOffsetLog, kAfterStateCommit, kBeforeSinkCommit, kAfterSinkCommit };
std::optional<FailPoint> parseFailPoint(const std::string& name);

/// What one executed micro-batch did (the raw material of its progress report).
struct BatchReport {
  int64_t batchId = 0;
  int64_t triggerStartMs = 0;
  int64_t batchWatermarkMs = 0;
  int64_t numInputRows = 0;
  int64_t numOutputRows = 0;
  std::map<std::string, int64_t> durationMs;
  std::vector<std::optional<std::string>> startOffsets, endOffsets, latestOffsets;
  std::vector<int64_t> sourceInputRows;
  /// Each source's metrics() after the batch (SourceProgress.metrics).
  std::vector<std::map<std::string, std::string>> sourceMetrics;
  std::vector<EventTimeStats> eventTimes;
  std::vector<StateOperatorMetrics> stateOperators;
};

/// Runs a streaming query's micro-batches one at a time (Spark's MicroBatchExecution without the
/// thread): recovery from the checkpoint, offset log before the batch, state, sink, commit log.
class MicroBatchExecution {
 public:
  explicit MicroBatchExecution(QuerySpec spec);
  ~MicroBatchExecution();

  /// Creates the sources and restores progress from the checkpoint. Throws on an unusable
  /// checkpoint (AnalysisException/ExecutionException with a message saying why).
  void initialize(const std::string& runId);
  /// Why a source could not be created at initialize() (a server that does not answer), if so.
  /// As in Spark, where sources are created on the query's thread, the query still starts and
  /// then terminates with this error instead of start() throwing it.
  const std::optional<std::string>& startupError() const { return startupError_; }
  const std::string& id() const { return id_; }
  const QuerySpec& spec() const { return spec_; }

  /// Runs the next batch if there is one to run: a batch recorded in the offset log but not
  /// committed, a batch of new data, or a no-data batch the watermark needs. Returns false when
  /// there was nothing to do. Throws when the batch fails (nothing is committed then).
  bool runNextBatch(bool allowNoDataBatch = true);
  /// For Trigger.AvailableNow: caps every source at what is available now.
  void prepareForAvailableNow();
  void stop();

  void armFailPoint(FailPoint point) { failPoint_ = point; }
  int64_t lastCommittedBatchId() const { return nextBatchId_ - 1; }
  int64_t watermarkMs() const { return watermarkMs_; }
  bool hasWatermark() const { return !execution_->watermarkNodes().empty(); }
  const std::optional<BatchReport>& lastReport() const { return lastReport_; }
  /// Rows currently held in state (every operator), and rows dropped as late since start.
  int64_t stateRows() const;
  int64_t droppedByWatermark() const { return droppedTotal_; }
  std::vector<std::string> sourceDescriptions() const;
  std::string sinkDescription() const { return spec_.sink->description(); }
  bool isDataAvailable() const { return dataAvailable_; }
  /// Sink writes that failed (an error status or an exception), retried or not, since start.
  int64_t sinkErrors() const { return sinkErrors_.load(std::memory_order_relaxed); }

 private:
  void failAt(FailPoint point);
  void updateWatermark(const std::vector<EventTimeStats>& stats);
  std::string conf(const std::string& key, const std::string& fallback) const;

  QuerySpec spec_;
  std::string id_;
  std::map<std::string, std::string> pinnedConf_;
  std::unique_ptr<IncrementalExecution> execution_;
  std::vector<std::unique_ptr<connector::Source>> sources_;
  std::optional<std::string> startupError_;
  std::unique_ptr<BatchLog> offsetLog_, commitLog_;
  int64_t nextBatchId_ = 0;
  std::optional<OffsetSeq> pendingBatch_;  ///< recorded but not committed: re-run first
  std::vector<std::optional<std::string>> committedOffsets_;
  int64_t watermarkMs_ = 0;           ///< global watermark for the next batch
  int64_t lastEvictionWatermarkMs_ = 0;  ///< the last batch's watermark (late-events filter)
  std::vector<std::optional<int64_t>> operatorWatermarks_;
  bool maxPolicy_ = false;
  std::optional<BatchContext> lastBatch_;
  std::optional<BatchReport> lastReport_;
  int64_t droppedTotal_ = 0;
  FailPoint failPoint_ = FailPoint::kNone;
  bool dataAvailable_ = false;
  std::atomic<int64_t> sinkErrors_{0};  // read by metrics from other threads
};

}  // namespace spate::streaming
