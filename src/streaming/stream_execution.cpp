#include "streaming/stream_execution.h"

#include <cmath>
#include <filesystem>

#include "common/error.h"
#include "common/logging.h"
#include "connector/api/option_values.h"
#include "streaming/streaming_query_exception.h"

namespace spate::streaming {

namespace {
constexpr size_t kRecentProgress = 100;  // spark.sql.streaming.numRecentProgressUpdates
constexpr int64_t kFirstRetryDelayMs = 100;
constexpr int64_t kMaxRetryDelayMs = 10'000;
constexpr int64_t kDefaultPollingDelayMs = 10;

// spark.sql.streaming.pollingDelay: how long the default trigger waits after finding no new data
// (a time string, "10ms" by default as in Spark). Unusable values keep the default.
int64_t pollingDelayMs(const std::map<std::string, std::string>& conf) {
  auto it = conf.find("spark.sql.streaming.pollingDelay");
  if (it == conf.end()) return kDefaultPollingDelayMs;
  try {
    return std::max<int64_t>(0, connector::parseTimeString(it->second, connector::TimeUnit::kMilliseconds));
  } catch (const std::exception&) {
    return kDefaultPollingDelayMs;
  }
}
}  // namespace

StreamExecution::StreamExecution(QuerySpec spec, QueryEventSink events) : events_(std::move(events)) {
  auto clock = spec.clock;
  spec.wakeUp = [this, clock] {
    dataArrived_ = true;
    clock->notifyAll();
  };
  runner_ = std::make_unique<MicroBatchExecution>(std::move(spec));
  runId_ = randomUuid();
  name_ = runner_->spec().name;
}

StreamExecution::~StreamExecution() {
  try {
    stop();
  } catch (...) {
  }
}

void StreamExecution::start() {
  runner_->initialize(runId_);
  id_ = runner_->id();
  {
    std::lock_guard lock(mutex_);
    active_ = true;
    status_.message = "Initializing sources";
  }
  if (events_.started) events_.started(*this);
  if (runner_->startupError()) {
    finish(runner_->startupError());
    return;
  }
  if (runner_->spec().trigger.kind == Trigger::Kind::kAvailableNow) runner_->prepareForAvailableNow();
  // The thread keeps the query alive: the last reference may otherwise be dropped by a listener or
  // sink on this very thread, destroying the object under runLoop().
  if (runner_->spec().trigger.kind != Trigger::Kind::kManual)
    thread_ = std::thread([self = shared_from_this()] { self->runLoop(); });
}

bool StreamExecution::isActive() const {
  std::lock_guard lock(mutex_);
  return active_;
}

QueryStatus StreamExecution::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

StreamingQueryProgress StreamExecution::makeProgress(const BatchReport& report) {
  StreamingQueryProgress p;
  p.id = id_;
  p.runId = runId_;
  if (!name_.empty()) p.name = name_;
  p.timestamp = formatProgressTimestamp(report.triggerStartMs);
  p.batchId = report.batchId;
  p.durationMs = report.durationMs;
  if (runner_->hasWatermark()) {
    EventTimeStats all;
    for (const auto& s : report.eventTimes) {
      if (s.count == 0) continue;
      all.minUs = all.count ? std::min(all.minUs, s.minUs) : s.minUs;
      all.maxUs = all.count ? std::max(all.maxUs, s.maxUs) : s.maxUs;
      all.sumUs += s.sumUs;
      all.count += s.count;
    }
    if (all.count > 0) {
      p.eventTime["min"] = formatEventTimeMicros(all.minUs);
      p.eventTime["max"] = formatEventTimeMicros(all.maxUs);
      p.eventTime["avg"] = formatEventTimeMicros(static_cast<int64_t>(all.sumUs / static_cast<double>(all.count)));
    }
    p.eventTime["watermark"] = formatEventTimeMicros(report.batchWatermarkMs * 1000);
  }
  for (const auto& m : report.stateOperators) {
    StateOperatorProgress o;
    o.operatorName = m.operatorName;
    o.numRowsTotal = m.numRowsTotal;
    o.numRowsUpdated = m.numRowsUpdated;
    o.allUpdatesTimeMs = m.allUpdatesTimeMs;
    o.numRowsRemoved = m.numRowsRemoved;
    o.allRemovalsTimeMs = m.allRemovalsTimeMs;
    o.commitTimeMs = m.commitTimeMs;
    o.memoryUsedBytes = m.memoryUsedBytes;
    o.numRowsDroppedByWatermark = m.numRowsDroppedByWatermark;
    o.numShufflePartitions = m.numShufflePartitions;
    o.numStateStoreInstances = m.numStateStoreInstances;
    o.customMetrics = m.customMetrics;
    p.stateOperators.push_back(std::move(o));
  }
  auto descriptions = runner_->sourceDescriptions();
  double sinceLast = previousTriggerStartMs_ ? (report.triggerStartMs - *previousTriggerStartMs_) / 1000.0 : 0.0;
  auto execution = report.durationMs.find("triggerExecution");
  double processing = execution == report.durationMs.end() ? 0.0 : execution->second / 1000.0;
  for (size_t i = 0; i < descriptions.size(); ++i) {
    SourceProgress s;
    s.description = descriptions[i];
    if (i < report.startOffsets.size()) s.startOffset = report.startOffsets[i];
    if (i < report.endOffsets.size()) s.endOffset = report.endOffsets[i];
    if (i < report.latestOffsets.size()) s.latestOffset = report.latestOffsets[i];
    s.numInputRows = i < report.sourceInputRows.size() ? report.sourceInputRows[i] : 0;
    if (i < report.sourceMetrics.size()) s.metrics = report.sourceMetrics[i];
    s.inputRowsPerSecond = sinceLast > 0 ? s.numInputRows / sinceLast : (previousTriggerStartMs_ ? NAN : 0.0);
    s.processedRowsPerSecond = processing > 0 ? s.numInputRows / processing : NAN;
    p.sources.push_back(std::move(s));
  }
  previousTriggerStartMs_ = report.triggerStartMs;
  p.sink.description = runner_->sinkDescription();
  p.sink.numOutputRows = runner_->spec().sink->reportsOutputRows() ? report.numOutputRows : -1;
  return p;
}

std::optional<StreamingQueryProgress> StreamExecution::lastProgress() const {
  std::lock_guard lock(mutex_);
  if (recent_.empty()) return std::nullopt;
  return recent_.back();
}

std::vector<StreamingQueryProgress> StreamExecution::recentProgress() const {
  std::lock_guard lock(mutex_);
  return {recent_.begin(), recent_.end()};
}

RetryCounters StreamExecution::retryCounters() const {
  return {batchRetries_.load(), sinkRetries_.load(), runner_->sinkErrors()};
}

std::optional<std::string> StreamExecution::exception() const {
  std::lock_guard lock(mutex_);
  return error_;
}

bool StreamExecution::runTrigger(bool allowNoDataBatch) {
  int64_t sequence;
  {
    std::lock_guard lock(mutex_);
    sequence = ++triggersStarted_;
    status_.isTriggerActive = true;
    status_.message = "Processing new data";
  }
  bool ran = runner_->runNextBatch(allowNoDataBatch);
  std::optional<StreamingQueryProgress> report;
  if (ran) report = makeProgress(*runner_->lastReport());
  {
    std::lock_guard lock(mutex_);
    status_.isTriggerActive = false;
    status_.isDataAvailable = runner_->isDataAvailable();
    status_.message = ran ? "Waiting for next trigger" : "Waiting for data to arrive";
    if (ran) {
      recent_.push_back(*report);
      if (recent_.size() > kRecentProgress) recent_.pop_front();
    } else {
      lastIdleTrigger_ = sequence;
    }
  }
  cv_.notify_all();
  if (report) {
    logInfo("MicroBatchExecution", "Streaming query made progress: {}", report->prettyJson());
    if (events_.progress) events_.progress(*this, *report);
  }
  if (!ran && events_.idle) events_.idle(*this);
  return ran;
}

bool StreamExecution::runManualTrigger(bool allowNoDataBatch) {
  if (!isActive()) throw ExecutionException("The query " + id_ + " is not active.");
  try {
    return runTrigger(allowNoDataBatch);
  } catch (const std::exception& e) {
    finish(std::string(e.what()));
    throw;
  }
}

void StreamExecution::runLoop() {
  const Trigger trigger = runner_->spec().trigger;
  Clock& clock = *runner_->spec().clock;
  const int64_t pollingDelay = pollingDelayMs(runner_->spec().conf);
  auto stopping = [this] {
    std::lock_guard lock(mutex_);
    return stopRequested_;
  };
  auto stoppingOrData = [&] { return dataArrived_.load() || stopping(); };
  int64_t backoffMs = kFirstRetryDelayMs;
  try {
    while (!stopping()) {
      int64_t start = clock.nowMs();
      dataArrived_ = false;
      bool ran;
      try {
        ran = runTrigger(trigger.kind != Trigger::Kind::kOnce);
        backoffMs = kFirstRetryDelayMs;
      } catch (const RetryableBatchError& e) {
        // Nothing was committed: wait and run the same batch again.
        ++batchRetries_;
        if (dynamic_cast<const RetryableSinkError*>(&e)) ++sinkRetries_;
        {
          std::lock_guard lock(mutex_);
          status_.isTriggerActive = false;
          status_.message = std::string("Retrying in ") + std::to_string(backoffMs) + " ms after: " + e.what();
        }
        logWarn("MicroBatchExecution", "Batch failed, retrying in {} ms: {}", backoffMs, e.what());
        clock.waitUntil(clock.nowMs() + backoffMs, stopping);
        backoffMs = std::min(backoffMs * 2, kMaxRetryDelayMs);
        continue;
      }
      if (trigger.kind == Trigger::Kind::kOnce) break;
      if (trigger.kind == Trigger::Kind::kAvailableNow) {
        if (!ran) break;
        continue;
      }
      if (trigger.intervalMs > 0) {
        int64_t next = start / trigger.intervalMs * trigger.intervalMs + trigger.intervalMs;
        int64_t now = clock.nowMs();
        if (ran && now > next)
          logWarn("ProcessingTimeExecutor",
                  "Current batch is falling behind. The trigger interval is {} milliseconds, but spent {} milliseconds",
                  trigger.intervalMs, now - start);
        if (now < next) clock.waitUntil(next, stopping);
      } else if (!ran) {
        clock.waitUntil(clock.nowMs() + pollingDelay, stoppingOrData);
      }
    }
    finish(std::nullopt);
  } catch (const std::exception& e) {
    finish(std::string(e.what()));
  }
}

void StreamExecution::finish(std::optional<std::string> error) {
  bool wasActive;
  {
    std::lock_guard lock(mutex_);
    wasActive = active_;
    active_ = false;
    if (error && !error_) error_ = error;
    status_.message = "Stopped";
    status_.isTriggerActive = false;
  }
  cv_.notify_all();
  if (!wasActive) return;
  runner_->stop();
  if (runner_->spec().deleteCheckpointOnStop && !error) {
    std::error_code ec;
    std::filesystem::remove_all(runner_->spec().checkpointLocation, ec);
  }
  if (events_.terminated) events_.terminated(*this, error);
}

void StreamExecution::stop() {
  {
    std::lock_guard lock(mutex_);
    stopRequested_ = true;
  }
  runner_->spec().clock->notifyAll();
  if (thread_.joinable()) {
    // Called on the query's own thread (a listener stopping its query, or the thread's last
    // reference going away): it cannot join itself, and ends right after this.
    if (thread_.get_id() == std::this_thread::get_id()) {
      thread_.detach();
    } else {
      thread_.join();
    }
  }
  finish(std::nullopt);
}

void StreamExecution::awaitTermination() {
  std::unique_lock lock(mutex_);
  cv_.wait(lock, [this] { return !active_; });
  if (error_) throw StreamingQueryException(*error_, id_, runId_);
}

bool StreamExecution::awaitTermination(int64_t timeoutMs) {
  std::unique_lock lock(mutex_);
  bool ended = cv_.wait_for(lock, std::chrono::milliseconds(timeoutMs), [this] { return !active_; });
  if (ended && error_) throw StreamingQueryException(*error_, id_, runId_);
  return ended;
}

void StreamExecution::processAllAvailable() {
  std::unique_lock lock(mutex_);
  int64_t startedBefore = triggersStarted_;
  // Done when a trigger that started after this call found nothing left to do.
  cv_.wait(lock, [&] { return !active_ || lastIdleTrigger_ > startedBefore; });
  if (error_) throw StreamingQueryException(*error_, id_, runId_);
}

}  // namespace spate::streaming
