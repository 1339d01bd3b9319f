#include "server/query_history.h"

#include <algorithm>
#include <cmath>

#include "common/time.h"
#include "plan/logical_plan.h"
#include "streaming/json_writer.h"

namespace spate::server {

namespace {

int64_t nowMs() { return currentTimeMicros() / 1000; }

std::optional<std::string> nameOf(const streaming::StreamExecution& query) {
  if (query.name().empty()) return std::nullopt;
  return query.name();
}

// Mean of the non-NaN values (Spark's UI skips NaN rates); NaN when there is none.
template <typename Get>
double meanOf(const std::deque<streaming::StreamingQueryProgress>& ring, Get get) {
  double sum = 0;
  int64_t n = 0;
  for (const auto& p : ring) {
    double v = get(p);
    if (std::isnan(v)) continue;
    sum += v;
    ++n;
  }
  return n == 0 ? NAN : sum / static_cast<double>(n);
}

bool digits(const std::string& s, size_t from, size_t count) {
  for (size_t i = from; i < from + count; ++i)
    if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
  return true;
}

int number(const std::string& s, size_t from, size_t count) {
  int v = 0;
  for (size_t i = from; i < from + count; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

}  // namespace

void DurationHistogram::observe(double seconds) {
  ++count;
  sumSeconds += seconds;
  for (size_t i = 0; i < kBatchDurationBuckets.size(); ++i)
    if (seconds <= kBatchDurationBuckets[i]) ++buckets[i];
}

std::optional<int64_t> parseProgressTimestamp(const std::string& s) {
  // yyyy-MM-ddTHH:mm:ss.SSSZ, as formatProgressTimestamp writes it.
  if (s.size() != 24 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
      s[16] != ':' || s[19] != '.' || s[23] != 'Z')
    return std::nullopt;
  if (!digits(s, 0, 4) || !digits(s, 5, 2) || !digits(s, 8, 2) || !digits(s, 11, 2) ||
      !digits(s, 14, 2) || !digits(s, 17, 2) || !digits(s, 20, 3))
    return std::nullopt;
  int month = number(s, 5, 2), day = number(s, 8, 2);
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  int64_t days = daysFromCivil(number(s, 0, 4), month, day);
  int64_t seconds =
      days * 86400 + number(s, 11, 2) * 3600 + number(s, 14, 2) * 60 + number(s, 17, 2);
  return seconds * 1000 + number(s, 20, 3);
}

QueryHistory::QueryHistory(size_t retainedProgress, size_t retainedQueries)
    : retainedProgress_(std::max<size_t>(1, retainedProgress)), retainedQueries_(retainedQueries) {}

void QueryHistory::attach(streaming::QueryManager& manager) {
  // The observer may still run after detach() (the manager calls copies outside its lock): it
  // holds this object, never a raw pointer.
  auto self = shared_from_this();
  streaming::QueryManager::Observer observer;
  observer.started = [self](const streaming::StreamExecution& q) { self->onStarted(q); };
  observer.progress = [self](const streaming::StreamExecution& q,
                             const streaming::StreamingQueryProgress& p) {
    self->onProgress(q, p);
  };
  observer.terminated = [self](const streaming::StreamExecution& q,
                               const std::optional<std::string>& error) {
    self->onTerminated(q, error);
  };
  int handle = manager.addObserver(std::move(observer));
  // Queries that started before: their recent progress seeds the ring.
  for (const auto& query : manager.active()) {
    std::lock_guard lock(mutex_);
    Record& record = recordFor(*query);
    auto recent = query->recentProgress();
    if (!recent.empty() && record.ring.empty()) {
      if (auto start = parseProgressTimestamp(recent.front().timestamp))
        record.fixed.startMs = *start;
      for (const auto& p : recent) add(record, p);
    }
  }
  std::lock_guard lock(mutex_);
  observers_[&manager] = handle;
}

void QueryHistory::detach(streaming::QueryManager& manager) {
  std::lock_guard lock(mutex_);
  auto it = observers_.find(&manager);
  if (it == observers_.end()) return;
  manager.removeObserver(it->second);
  observers_.erase(it);
}

QueryHistory::Record& QueryHistory::recordFor(const streaming::StreamExecution& query) {
  for (auto it = records_.rbegin(); it != records_.rend(); ++it)
    if ((*it)->fixed.runId == query.runId()) return **it;
  auto record = std::make_unique<Record>();
  record->fixed.id = query.id();
  record->fixed.runId = query.runId();
  record->fixed.name = nameOf(query);
  record->fixed.startMs = nowMs();
  record->fixed.active = true;
  record->fixed.statusMessage = "Initializing sources";
  record->fixed.plan = explainPlan(*query.spec().plan);
  record->execution = query.weak_from_this();
  records_.push_back(std::move(record));
  return *records_.back();
}

void QueryHistory::onStarted(const streaming::StreamExecution& query) {
  int64_t startMs;
  {
    std::lock_guard lock(mutex_);
    startMs = recordFor(query).fixed.startMs;
  }
  if (!callback_) return;
  callback_("started", [&] {
    streaming::JsonWriter w(false);
    w.beginObject();
    w.key("id");
    w.string(query.id());
    w.key("runId");
    w.string(query.runId());
    w.key("name");
    if (query.name().empty()) {
      w.null();
    } else {
      w.string(query.name());
    }
    w.key("timestamp");
    w.string(streaming::formatProgressTimestamp(startMs));
    w.endObject();
    return w.take();
  });
}

void QueryHistory::add(Record& record, const streaming::StreamingQueryProgress& p) {
  QuerySnapshot& totals = record.fixed;
  ++totals.batches;
  totals.inputRows += p.numInputRows();
  if (p.sink.numOutputRows >= 0) totals.outputRows += p.sink.numOutputRows;
  for (const auto& op : p.stateOperators)
    totals.rowsDroppedByWatermark += op.numRowsDroppedByWatermark;
  if (auto it = p.durationMs.find("triggerExecution"); it != p.durationMs.end())
    totals.batchDuration.observe(static_cast<double>(it->second) / 1000.0);
  record.ring.push_back(p);
  while (record.ring.size() > retainedProgress_) record.ring.pop_front();
}

void QueryHistory::onProgress(const streaming::StreamExecution& query,
                              const streaming::StreamingQueryProgress& progress) {
  {
    std::lock_guard lock(mutex_);
    add(recordFor(query), progress);
  }
  if (callback_) callback_("progress", [&] { return progress.json(); });
}

void QueryHistory::onTerminated(const streaming::StreamExecution& query,
                                const std::optional<std::string>& error) {
  std::unique_lock lock(mutex_);
  Record& record = recordFor(query);
  record.fixed.active = false;
  record.fixed.endMs = nowMs();
  record.fixed.exception = error;
  record.fixed.statusMessage = "Stopped";
  record.fixed.isTriggerActive = false;
  record.fixed.isDataAvailable = false;
  record.fixed.retries = query.retryCounters();
  trimTerminated();
  lock.unlock();
  if (!callback_) return;
  callback_("terminated", [&] {
    streaming::JsonWriter w(false);
    w.beginObject();
    w.key("id");
    w.string(query.id());
    w.key("runId");
    w.string(query.runId());
    w.key("exception");
    if (error) {
      w.string(*error);
    } else {
      w.null();
    }
    w.endObject();
    return w.take();
  });
}

void QueryHistory::trimTerminated() {
  size_t inactive = 0;
  for (const auto& r : records_) inactive += r->fixed.active ? 0 : 1;
  for (auto it = records_.begin(); it != records_.end() && inactive > retainedQueries_;) {
    if ((*it)->fixed.active) {
      ++it;
      continue;
    }
    it = records_.erase(it);
    --inactive;
  }
}

QuerySnapshot QueryHistory::render(const Record& record, std::optional<int64_t> afterBatchId,
                                   size_t progressLimit) const {
  QuerySnapshot out = record.fixed;
  if (out.active) {
    if (auto execution = record.execution.lock()) {
      auto status = execution->status();
      out.statusMessage = status.message;
      out.isDataAvailable = status.isDataAvailable;
      out.isTriggerActive = status.isTriggerActive;
      out.retries = execution->retryCounters();
    }
  }
  out.retainedProgress = record.ring.size();
  if (!record.ring.empty()) out.lastProgress = record.ring.back();
  out.avgInputRowsPerSecond =
      meanOf(record.ring, [](const auto& p) { return p.inputRowsPerSecond(); });
  out.avgProcessedRowsPerSecond =
      meanOf(record.ring, [](const auto& p) { return p.processedRowsPerSecond(); });
  if (progressLimit > 0) {
    auto first = record.ring.begin();
    if (afterBatchId)
      first = std::find_if(record.ring.begin(), record.ring.end(),
                           [&](const auto& p) { return p.batchId > *afterBatchId; });
    size_t available = static_cast<size_t>(record.ring.end() - first);
    if (available > progressLimit) first += static_cast<std::ptrdiff_t>(available - progressLimit);
    out.progress.assign(first, record.ring.end());
  }
  return out;
}

std::vector<QuerySnapshot> QueryHistory::snapshot(size_t progressLimit) const {
  std::lock_guard lock(mutex_);
  std::vector<QuerySnapshot> out;
  out.reserve(records_.size());
  for (const auto& r : records_) out.push_back(render(*r, std::nullopt, progressLimit));
  return out;
}

std::optional<QuerySnapshot> QueryHistory::find(const std::string& runIdOrId,
                                                std::optional<int64_t> afterBatchId,
                                                size_t progressLimit) const {
  std::lock_guard lock(mutex_);
  for (const auto& r : records_)
    if (r->fixed.runId == runIdOrId) return render(*r, afterBatchId, progressLimit);
  // A query id names its latest run.
  for (auto it = records_.rbegin(); it != records_.rend(); ++it)
    if ((*it)->fixed.id == runIdOrId) return render(**it, afterBatchId, progressLimit);
  return std::nullopt;
}

}  // namespace spate::server
