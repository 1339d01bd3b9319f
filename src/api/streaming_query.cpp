#include "api/streaming.h"
#include "common/strings.h"

namespace spate::sql {

std::string StreamingQuery::status() const {
  auto s = execution_->status();
  return std::string("{\n  \"message\" : \"") + s.message + "\",\n  \"isDataAvailable\" : " +
         (s.isDataAvailable ? "true" : "false") + ",\n  \"isTriggerActive\" : " + (s.isTriggerActive ? "true" : "false") +
         "\n}";
}

std::optional<std::string> StreamingQuery::lastProgress() const {
  auto report = execution_->lastProgress();
  if (!report) return std::nullopt;
  return "{\"batchId\":" + std::to_string(report->batchId) + ",\"numInputRows\":" +
         std::to_string(report->numInputRows) + "}";
}

std::vector<std::string> StreamingQuery::recentProgress() const {
  std::vector<std::string> out;
  for (const auto& r : execution_->recentProgress())
    out.push_back("{\"batchId\":" + std::to_string(r.batchId) + ",\"numInputRows\":" + std::to_string(r.numInputRows) +
                  "}");
  return out;
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
