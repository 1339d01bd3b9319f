#include "streaming/micro_batch_execution.h"

#include <chrono>
#include <filesystem>

#include "common/error.h"
#include "common/strings.h"
#include "streaming/streaming_query_exception.h"

namespace spate::streaming {

namespace fs = std::filesystem;

namespace {

// Confs pinned in the offset log for the query's lifetime (spark_semantics.md §7).
constexpr const char* kShufflePartitions = "spark.sql.shuffle.partitions";
constexpr const char* kProviderClass = "spark.sql.streaming.stateStore.providerClass";
constexpr const char* kWatermarkPolicy = "spark.sql.streaming.multipleWatermarkPolicy";
constexpr const char* kHdfsProvider = "org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider";

int64_t elapsedMs(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - since).count();
}

/// Throws the error of a failed source or sink call: retryable external errors are retried by
/// the query thread, anything else stops the query.
[[noreturn]] void throwIoError(const std::string& what, const Error& error, bool sink = false) {
  std::string message = what + ": " + error.message;
  if (error.domain == ErrorDomain::kExternal && error.retryable) {
    if (sink) throw RetryableSinkError(message);
    throw RetryableBatchError(message);
  }
  if (error.domain == ErrorDomain::kUser) throw AnalysisException(message);
  throw ExecutionException(message);
}

int64_t parseIntConf(const std::string& key, const std::string& value) {
  try {
    size_t used = 0;
    int64_t v = std::stoll(value, &used);
    if (used == value.size()) return v;
  } catch (const std::exception&) {
  }
  throw IllegalArgumentException(key + " should be an integer, but was " + value);
}

}  // namespace

std::optional<FailPoint> parseFailPoint(const std::string& name) {
  if (name == "after-offset-log") return FailPoint::kAfterOffsetLog;
  if (name == "after-state-commit") return FailPoint::kAfterStateCommit;
  if (name == "before-sink-commit") return FailPoint::kBeforeSinkCommit;
  if (name == "after-sink-commit") return FailPoint::kAfterSinkCommit;
  return std::nullopt;
}

MicroBatchExecution::MicroBatchExecution(QuerySpec spec) : spec_(std::move(spec)) {}

MicroBatchExecution::~MicroBatchExecution() = default;

std::string MicroBatchExecution::conf(const std::string& key, const std::string& fallback) const {
  auto pinned = pinnedConf_.find(key);
  if (pinned != pinnedConf_.end()) return pinned->second;
  auto it = spec_.conf.find(key);
  return it == spec_.conf.end() ? fallback : it->second;
}

void MicroBatchExecution::initialize(const std::string& runId) {
  const std::string& root = spec_.checkpointLocation;
  std::error_code ec;
  fs::create_directories(root, ec);
  if (ec) throw ExecutionException("Cannot create the checkpoint location " + root + ": " + ec.message());
  id_ = readOrCreateQueryId(root, randomUuid());
  offsetLog_ = std::make_unique<BatchLog>(root + "/offsets");
  commitLog_ = std::make_unique<BatchLog>(root + "/commits");

  // Recover the last planned batch and whether it committed.
  std::optional<OffsetSeq> lastPlanned;
  std::optional<int64_t> latestOffsetId = offsetLog_->latest();
  if (latestOffsetId) {
    std::string what = root + "/offsets/" + std::to_string(*latestOffsetId);
    lastPlanned = OffsetSeq::parse(*offsetLog_->read(*latestOffsetId), what);
    pinnedConf_ = lastPlanned->conf;
  }
  pinnedConf_[kShufflePartitions] = conf(kShufflePartitions, std::to_string(spec_.parallelism));
  pinnedConf_[kProviderClass] = conf(kProviderClass, kHdfsProvider);
  pinnedConf_[kWatermarkPolicy] = conf(kWatermarkPolicy, "min");
  std::string policy = toLower(pinnedConf_[kWatermarkPolicy]);
  if (policy != "min" && policy != "max")
    throw IllegalArgumentException("Could not recognize watermark policy '" + pinnedConf_[kWatermarkPolicy] +
                                   "'. Valid values are 'min' and 'max'.");
  maxPolicy_ = policy == "max";

  StateConfig stateConfig;
  stateConfig.checkpointLocation = root;
  stateConfig.numPartitions = static_cast<int>(parseIntConf(kShufflePartitions, pinnedConf_[kShufflePartitions]));
  if (stateConfig.numPartitions <= 0)
    throw IllegalArgumentException("spark.sql.shuffle.partitions must be positive, but was " +
                                   pinnedConf_[kShufflePartitions]);
  stateConfig.store.provider = pinnedConf_[kProviderClass];
  stateConfig.outputMode = spec_.outputMode;
  stateConfig.store.minDeltasForSnapshot =
      static_cast<int>(parseIntConf("minDeltasForSnapshot", conf("spark.sql.streaming.stateStore.minDeltasForSnapshot", "10")));
  stateConfig.store.minVersionsToRetain =
      static_cast<int>(parseIntConf("minBatchesToRetain", conf("spark.sql.streaming.minBatchesToRetain", "100")));
  execution_ = std::make_unique<IncrementalExecution>(spec_.plan, stateConfig);
  operatorWatermarks_.assign(execution_->watermarkNodes().size(), std::nullopt);

  const auto& scans = execution_->streamingScans();
  if (lastPlanned && lastPlanned->offsets.size() != scans.size())
    throw AnalysisException("There are [" + std::to_string(lastPlanned->offsets.size()) +
                            "] sources in the checkpoint offsets and now there are [" + std::to_string(scans.size()) +
                            "] sources requested by the query. Cannot continue.");
  for (size_t i = 0; i < scans.size(); ++i) {
    const auto& source = scans[i]->streamingSource;
    if (!source || !source->create) throw InternalError("streaming scan without a source");
    connector::ConnectorContext context;
    context.format = source->format;
    context.options = source->options;
    context.userSchema = source->userSchema;
    context.metadataPath = root + "/sources/" + std::to_string(i);
    fs::create_directories(context.metadataPath, ec);
    context.queryName = spec_.name;
    context.timeZone = spec_.exec.eval.timeZone;
    auto clock = spec_.clock;
    context.clockMillis = [clock] { return clock->nowMs(); };
    auto confCopy = spec_.conf;
    context.conf = [confCopy](const std::string& key) {
      auto it = confCopy.find(key);
      return it == confCopy.end() ? std::string() : it->second;
    };
    context.parallelism = spec_.parallelism;
    context.dataAvailable = spec_.wakeUp;
    try {
      sources_.push_back(source->create(context));
    } catch (const ExecutionException& e) {
      startupError_ = e.what();
      return;
    }
  }
  committedOffsets_.assign(scans.size(), std::nullopt);

  if (lastPlanned) {
    int64_t n = *latestOffsetId;
    std::optional<int64_t> lastCommit = commitLog_->latest();
    if (lastCommit && *lastCommit >= n) {
      // Batch n finished: continue after it.
      auto commit = CommitMetadata::parse(*commitLog_->read(*lastCommit), root + "/commits/" + std::to_string(*lastCommit));
      committedOffsets_ = lastPlanned->offsets;
      watermarkMs_ = std::max(lastPlanned->batchWatermarkMs, commit.nextBatchWatermarkMs);
      lastEvictionWatermarkMs_ = lastPlanned->batchWatermarkMs;
      nextBatchId_ = n + 1;
      // Unlike Spark (which forgets its last execution on restart and waits for new data), decide
      // on a no-data batch as if the query had not stopped, so restarts never delay output.
      BatchContext last;
      last.batchId = n;
      last.evictionWatermarkMs = lastPlanned->batchWatermarkMs;
      last.hasWatermark = !execution_->watermarkNodes().empty();
      last.batchTimestampMs = lastPlanned->batchTimestampMs;
      last.outputMode = spec_.outputMode;
      lastBatch_ = last;
    } else {
      // Batch n was planned but not committed: re-run it with exactly its offsets and metadata.
      pendingBatch_ = lastPlanned;
      nextBatchId_ = n;
      watermarkMs_ = lastPlanned->batchWatermarkMs;
      if (n > 0) {
        if (auto previous = offsetLog_->read(n - 1)) {
          auto prev = OffsetSeq::parse(*previous, root + "/offsets/" + std::to_string(n - 1));
          committedOffsets_ = prev.offsets;
          lastEvictionWatermarkMs_ = prev.batchWatermarkMs;
        }
      }
    }
    for (size_t i = 0; i < sources_.size(); ++i)
      if (committedOffsets_[i]) {
        Status s = sources_[i]->commit(*committedOffsets_[i]);
        (void)s;  // a source that cannot forget old data still works
      }
  }
  (void)runId;
}

void MicroBatchExecution::prepareForAvailableNow() {
  for (auto& s : sources_) s->prepareForTriggerAvailableNow();
}

void MicroBatchExecution::stop() {
  for (auto& s : sources_) s->stop();
}

void MicroBatchExecution::failAt(FailPoint point) {
  if (failPoint_ != point) return;
  failPoint_ = FailPoint::kNone;
  static const char* kNames[] = {"", "after-offset-log", "after-state-commit", "before-sink-commit",
                                 "after-sink-commit"};
  throw ExecutionException(std::string("Injected failure at fail point ") + kNames[static_cast<int>(point)]);
}

bool MicroBatchExecution::runNextBatch(bool allowNoDataBatch) {
  auto triggerStart = std::chrono::steady_clock::now();
  BatchReport report;
  report.triggerStartMs = spec_.clock->nowMs();
  OffsetSeq seq;
  bool rerun = pendingBatch_.has_value();
  report.latestOffsets.assign(sources_.size(), std::nullopt);
  if (rerun) {
    seq = *pendingBatch_;
  } else {
    auto offsetStart = std::chrono::steady_clock::now();
    bool newData = false;
    std::vector<std::optional<std::string>> latest(sources_.size());
    for (size_t i = 0; i < sources_.size(); ++i) {
      auto offset = sources_[i]->latestOffset(committedOffsets_[i]);
      if (!offset.ok()) throwIoError("Cannot get the latest offset of " + sources_[i]->description(), offset.error());
      latest[i] = *offset;
      if (latest[i] && latest[i] != committedOffsets_[i]) newData = true;
      if (!latest[i]) latest[i] = committedOffsets_[i];
    }
    report.durationMs["latestOffset"] = elapsedMs(offsetStart);
    report.latestOffsets = latest;
    dataAvailable_ = newData;
    bool noDataBatch = !newData && allowNoDataBatch && lastBatch_ &&
                       toLower(conf("spark.sql.streaming.noDataMicroBatches.enabled", "true")) != "false" &&
                       execution_->needsNoDataBatch(watermarkMs_, *lastBatch_);
    if (!newData && !noDataBatch) return false;
    seq.batchWatermarkMs = watermarkMs_;
    seq.batchTimestampMs = spec_.clock->nowMs();
    seq.conf = pinnedConf_;
    seq.offsets = newData ? latest : committedOffsets_;
    auto walStart = std::chrono::steady_clock::now();
    offsetLog_->write(nextBatchId_, seq.serialize());
    report.durationMs["walCommit"] = elapsedMs(walStart);
    pendingBatch_ = seq;
  }
  failAt(FailPoint::kAfterOffsetLog);

  int64_t batchId = nextBatchId_;
  BatchContext context;
  context.batchId = batchId;
  context.lateEventsWatermarkMs = lastEvictionWatermarkMs_;
  context.evictionWatermarkMs = seq.batchWatermarkMs;
  context.hasWatermark = !execution_->watermarkNodes().empty();
  context.batchTimestampMs = seq.batchTimestampMs;
  context.outputMode = spec_.outputMode;

  auto getBatchStart = std::chrono::steady_clock::now();
  std::vector<std::vector<BatchPtr>> rows(sources_.size());
  report.sourceInputRows.assign(sources_.size(), 0);
  for (size_t i = 0; i < sources_.size(); ++i) {
    if (!seq.offsets[i] || seq.offsets[i] == committedOffsets_[i]) continue;
    auto data = sources_[i]->getBatch(committedOffsets_[i], *seq.offsets[i]);
    if (!data.ok()) throwIoError("Cannot read " + sources_[i]->description(), data.error());
    rows[i] = std::move(data).value();
    for (const auto& b : rows[i]) report.sourceInputRows[i] += b->numRows();
    report.numInputRows += report.sourceInputRows[i];
  }
  report.durationMs["getBatch"] = elapsedMs(getBatchStart);

  ExecContext exec = spec_.exec;
  exec.eval.currentTimestampMicros = seq.batchTimestampMs * 1000;
  auto addBatchStart = std::chrono::steady_clock::now();
  std::vector<BatchPtr> output = execution_->run(context, std::move(rows), exec);
  failAt(FailPoint::kAfterStateCommit);
  failAt(FailPoint::kBeforeSinkCommit);
  connector::SinkBatch sinkBatch;
  sinkBatch.batchId = batchId;
  sinkBatch.queryId = id_;
  sinkBatch.schema = schemaOf(spec_.plan->output);
  sinkBatch.rows = output;
  sinkBatch.mode = spec_.outputMode;
  for (const auto& b : output) report.numOutputRows += b->numRows();
  Status written = Status::success();
  try {
    written = spec_.sink->addBatch(sinkBatch);
  } catch (...) {
    ++sinkErrors_;
    throw;
  }
  if (!written.ok()) {
    ++sinkErrors_;
    throwIoError("Cannot write batch " + std::to_string(batchId) + " to " + spec_.sink->description(),
                 written.error(), /*sink=*/true);
  }
  report.durationMs["addBatch"] = elapsedMs(addBatchStart);
  failAt(FailPoint::kAfterSinkCommit);

  updateWatermark(execution_->eventTimeStats());
  auto commitStart = std::chrono::steady_clock::now();
  commitLog_->write(batchId, CommitMetadata{watermarkMs_}.serialize());
  for (size_t i = 0; i < sources_.size(); ++i)
    if (seq.offsets[i]) {
      Status s = sources_[i]->commit(*seq.offsets[i]);
      (void)s;
    }
  int64_t retain = parseIntConf("minBatchesToRetain", conf("spark.sql.streaming.minBatchesToRetain", "100"));
  if (batchId - retain >= 0) {
    offsetLog_->purgeBefore(batchId - retain + 1);
    commitLog_->purgeBefore(batchId - retain + 1);
  }
  report.durationMs["commitOffsets"] = elapsedMs(commitStart);

  report.startOffsets = committedOffsets_;
  report.endOffsets = seq.offsets;
  if (rerun) report.latestOffsets = seq.offsets;
  committedOffsets_ = seq.offsets;
  pendingBatch_.reset();
  lastEvictionWatermarkMs_ = seq.batchWatermarkMs;
  lastBatch_ = context;
  nextBatchId_ = batchId + 1;

  report.batchId = batchId;
  for (const auto& source : sources_) report.sourceMetrics.push_back(source->metrics());
  report.batchWatermarkMs = seq.batchWatermarkMs;
  report.eventTimes = execution_->eventTimeStats();
  report.stateOperators = execution_->stateMetrics();
  for (const auto& m : report.stateOperators) droppedTotal_ += m.numRowsDroppedByWatermark;
  report.durationMs["triggerExecution"] = elapsedMs(triggerStart);
  lastReport_ = std::move(report);
  return true;
}

void MicroBatchExecution::updateWatermark(const std::vector<EventTimeStats>& stats) {
  const auto& nodes = execution_->watermarkNodes();
  if (nodes.empty()) return;
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (stats[i].count == 0) continue;
    // Milliseconds as Spark computes them (µs / 1000, truncated), minus the delay.
    int64_t maxMs = stats[i].maxUs / 1000;
    int64_t candidate = maxMs - nodes[i]->delayMs;
    if (!operatorWatermarks_[i] || candidate > *operatorWatermarks_[i]) operatorWatermarks_[i] = candidate;
  }
  int64_t global = 0;
  bool first = true;
  for (const auto& w : operatorWatermarks_) {
    int64_t v = w.value_or(0);
    if (first) {
      global = v;
      first = false;
    } else {
      global = maxPolicy_ ? std::max(global, v) : std::min(global, v);
    }
  }
  watermarkMs_ = std::max(watermarkMs_, global);
}

int64_t MicroBatchExecution::stateRows() const {
  int64_t total = 0;
  for (const auto& m : execution_->stateMetrics()) total += m.numRowsTotal;
  return total;
}

std::vector<std::string> MicroBatchExecution::sourceDescriptions() const {
  std::vector<std::string> out;
  for (const auto& s : sources_) out.push_back(s->description());
  return out;
}

}  // namespace spate::streaming
