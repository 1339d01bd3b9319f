#include "api/streaming.h"
#include "common/strings.h"

#include <mutex>
#include <unordered_map>

namespace spate::sql {

namespace {
std::mutex& listenerMutex() {
  static std::mutex m;
  return m;
}
std::unordered_map<const void*, int>& listenerHandles() {
  static std::unordered_map<const void*, int> handles;
  return handles;
}
}  // namespace

streaming::StreamingQueryStatus StreamingQuery::status() const {
  auto s = execution_->status();
  streaming::StreamingQueryStatus status;
  status.message = s.message;
  status.isDataAvailable = s.isDataAvailable;
  status.isTriggerActive = s.isTriggerActive;
  return status;
}

std::optional<streaming::StreamingQueryProgress> StreamingQuery::lastProgress() const {
  return execution_->lastProgress();
}

std::vector<streaming::StreamingQueryProgress> StreamingQuery::recentProgress() const {
  return execution_->recentProgress();
}

void StreamingQueryManager::addListener(std::shared_ptr<streaming::StreamingQueryListener> listener) {
  streaming::QueryEventSink events;
  auto now = [] { return streaming::formatProgressTimestamp(currentTimeMicros() / 1000); };
  auto nameOf = [](const streaming::StreamExecution& q) {
    return q.name().empty() ? std::optional<std::string>() : std::optional<std::string>(q.name());
  };
  events.started = [listener, now, nameOf](const streaming::StreamExecution& q) {
    listener->onQueryStarted({q.id(), q.runId(), nameOf(q), now()});
  };
  events.progress = [listener](const streaming::StreamExecution&, const streaming::StreamingQueryProgress& p) {
    listener->onQueryProgress({p});
  };
  events.idle = [listener, now](const streaming::StreamExecution& q) {
    listener->onQueryIdle({q.id(), q.runId(), now()});
  };
  events.terminated = [listener](const streaming::StreamExecution& q, const std::optional<std::string>& error) {
    streaming::QueryTerminatedEvent event;
    event.id = q.id();
    event.runId = q.runId();
    event.exception = error;
    listener->onQueryTerminated(event);
  };
  int handle = session_->queryManager().addObserver(std::move(events));
  std::lock_guard lock(listenerMutex());
  listenerHandles()[listener.get()] = handle;
}

void StreamingQueryManager::removeListener(const std::shared_ptr<streaming::StreamingQueryListener>& listener) {
  std::lock_guard lock(listenerMutex());
  auto it = listenerHandles().find(listener.get());
  if (it == listenerHandles().end()) return;
  session_->queryManager().removeObserver(it->second);
  listenerHandles().erase(it);
}

std::string StreamingQuery::explain(bool extended) const { return explainPlan(*execution_->spec().plan); }

std::vector<StreamingQuery> StreamingQueryManager::active() const {
  std::vector<StreamingQuery> out;
  for (const auto& q : session_->queryManager().active()) out.emplace_back(session_, q);
  return out;
}

std::optional<StreamingQuery> StreamingQueryManager::get(const std::string& id) const {
  auto q = session_->queryManager().get(id);
  if (!q) return std::nullopt;
  return StreamingQuery(session_, q);
}

void StreamingQueryManager::awaitAnyTermination() { session_->queryManager().awaitAnyTermination(); }
bool StreamingQueryManager::awaitAnyTermination(int64_t timeoutMs) {
  return session_->queryManager().awaitAnyTermination(timeoutMs);
}
void StreamingQueryManager::resetTerminated() { session_->queryManager().resetTerminated(); }

}  // namespace spate::sql
