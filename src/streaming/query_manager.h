#pragma once

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "streaming/stream_execution.h"

namespace spate::streaming {

/// A session's streaming queries (Spark's StreamingQueryManager): the active ones by id, the
/// termination of any, and the listeners' event hooks.
class QueryManager {
 public:
  QueryManager() = default;
  ~QueryManager();

  /// Starts `spec` as a new query; throws when a query with the same name or id is active.
  std::shared_ptr<StreamExecution> startQuery(QuerySpec spec);
  std::vector<std::shared_ptr<StreamExecution>> active() const;
  /// The active query with this id, or null.
  std::shared_ptr<StreamExecution> get(const std::string& id) const;
  /// The active query with this name (case-insensitive), or null.
  std::shared_ptr<StreamExecution> findByName(const std::string& name) const;
  /// Blocks until any query has terminated since the last resetTerminated(); rethrows its failure.
  void awaitAnyTermination();
  bool awaitAnyTermination(int64_t timeoutMs);
  void resetTerminated();
  void stopAll();

  /// Observers of every query's events (listeners are added by the API layer).
  using Observer = QueryEventSink;
  int addObserver(Observer observer);
  void removeObserver(int handle);

 private:
  QueryEventSink eventSink();
  void onTerminated(const StreamExecution& query, const std::optional<std::string>& error);

  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::map<std::string, std::shared_ptr<StreamExecution>> active_;
  std::shared_ptr<StreamExecution> lastTerminated_;
  std::optional<std::string> lastTerminatedError_;
  bool anyTerminated_ = false;
  std::map<int, Observer> observers_;
  int nextObserver_ = 0;
};

}  // namespace spate::streaming
