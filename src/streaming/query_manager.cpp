#include "streaming/query_manager.h"

#include "common/error.h"
#include "common/strings.h"
#include "streaming/streaming_query_exception.h"

namespace spate::streaming {

QueryManager::~QueryManager() {
  // Join every query thread, not only the active ones: a query that ended by itself (Trigger.Once,
  // AvailableNow, a failure) may still be posting its terminated event, which comes back into this
  // object, and the thread must not end up destroying its own StreamExecution.
  std::vector<std::shared_ptr<StreamExecution>> all;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, q] : active_) all.push_back(q);
  }
  for (auto& q : all) q->stop();
}

QueryEventSink QueryManager::eventSink() {
  QueryEventSink sink;
  auto observers = [this] {
    std::lock_guard lock(mutex_);
    std::vector<Observer> out;
    for (const auto& [h, o] : observers_) out.push_back(o);
    return out;
  };
  sink.started = [observers](const StreamExecution& q) {
    for (auto& o : observers())
      if (o.started) o.started(q);
  };
  sink.progress = [observers](const StreamExecution& q, const StreamingQueryProgress& r) {
    for (auto& o : observers())
      if (o.progress) o.progress(q, r);
  };
  sink.idle = [observers](const StreamExecution& q) {
    for (auto& o : observers())
      if (o.idle) o.idle(q);
  };
  sink.terminated = [this, observers](const StreamExecution& q, const std::optional<std::string>& error) {
    onTerminated(q, error);
    for (auto& o : observers())
      if (o.terminated) o.terminated(q, error);
  };
  return sink;
}

std::shared_ptr<StreamExecution> QueryManager::startQuery(QuerySpec spec) {
  if (!spec.name.empty() && findByName(spec.name))
    throw IllegalArgumentException("Cannot start query with name " + spec.name +
                                   " as a query with that name is already active in this SparkSession");
  auto query = std::make_shared<StreamExecution>(std::move(spec), eventSink());
  // The id is known once the checkpoint is read. A query that already ended may still be listed
  // (its terminated event is on its way): only an active one conflicts.
  query->start();
  bool conflict = false;
  {
    std::lock_guard lock(mutex_);
    auto it = active_.find(query->id());
    if (it != active_.end() && it->second->isActive())
      conflict = true;
    else if (query->isActive())
      active_[query->id()] = query;
  }
  if (conflict) {
    query->stop();  // never under mutex_: its terminated event takes it
    throw IllegalArgumentException("Cannot start query with id " + query->id() +
                                   " as another query with same id is already active. Perhaps you are attempting to "
                                   "restart a query from checkpoint that is already active.");
  }
  return query;
}

void QueryManager::onTerminated(const StreamExecution& query, const std::optional<std::string>& error) {
  std::lock_guard lock(mutex_);
  auto it = active_.find(query.id());
  if (it != active_.end() && it->second.get() == &query) {
    lastTerminated_ = it->second;
    active_.erase(it);
  }
  if (!anyTerminated_ || (error && !lastTerminatedError_)) lastTerminatedError_ = error;
  anyTerminated_ = true;
  cv_.notify_all();
}

std::vector<std::shared_ptr<StreamExecution>> QueryManager::active() const {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<StreamExecution>> out;
  for (const auto& [id, q] : active_)
    if (q->isActive()) out.push_back(q);
  return out;
}

std::shared_ptr<StreamExecution> QueryManager::get(const std::string& id) const {
  std::lock_guard lock(mutex_);
  auto it = active_.find(id);
  return it == active_.end() ? nullptr : it->second;
}

std::shared_ptr<StreamExecution> QueryManager::findByName(const std::string& name) const {
  std::lock_guard lock(mutex_);
  for (const auto& [id, q] : active_)
    if (q->isActive() && equalsIgnoreCase(q->name(), name)) return q;
  return nullptr;
}

void QueryManager::awaitAnyTermination() {
  std::unique_lock lock(mutex_);
  cv_.wait(lock, [this] { return anyTerminated_; });
  if (lastTerminatedError_)
    throw StreamingQueryException(*lastTerminatedError_, lastTerminated_ ? lastTerminated_->id() : "",
                                  lastTerminated_ ? lastTerminated_->runId() : "");
}

bool QueryManager::awaitAnyTermination(int64_t timeoutMs) {
  std::unique_lock lock(mutex_);
  bool done = cv_.wait_for(lock, std::chrono::milliseconds(timeoutMs), [this] { return anyTerminated_; });
  if (done && lastTerminatedError_)
    throw StreamingQueryException(*lastTerminatedError_, lastTerminated_ ? lastTerminated_->id() : "",
                                  lastTerminated_ ? lastTerminated_->runId() : "");
  return done;
}

void QueryManager::resetTerminated() {
  std::lock_guard lock(mutex_);
  anyTerminated_ = false;
  lastTerminated_.reset();
  lastTerminatedError_.reset();
}

void QueryManager::stopAll() {
  for (auto& q : active()) q->stop();
}

int QueryManager::addObserver(Observer observer) {
  std::lock_guard lock(mutex_);
  observers_[nextObserver_] = std::move(observer);
  return nextObserver_++;
}

void QueryManager::removeObserver(int handle) {
  std::lock_guard lock(mutex_);
  observers_.erase(handle);
}

}  // namespace spate::streaming
