#pragma once

// Spark 3.5's StreamingQueryListener: callbacks on the life of every query of a session. All
// methods default to doing nothing, so a listener overrides only what it needs.

#include <optional>
#include <string>

#include "streaming/progress.h"

namespace spate::streaming {

/// The query started; posted synchronously from start(), before it returns.
struct QueryStartedEvent {
  std::string id;
  std::string runId;
  /// The query name, unset when the query has none.
  std::optional<std::string> name;
  /// Start time as formatProgressTimestamp prints it.
  std::string timestamp;
};

/// A trigger finished (a batch ran, or an idle trigger reported progress).
struct QueryProgressEvent {
  StreamingQueryProgress progress;
};

/// A trigger found no new data (new in 3.5).
struct QueryIdleEvent {
  std::string id;
  std::string runId;
  std::string timestamp;
};

/// The query stopped (cleanly: `exception` unset) or failed.
struct QueryTerminatedEvent {
  std::string id;
  std::string runId;
  /// The failure as text (Spark: the StreamingQueryException with its stack trace), unset on a
  /// clean stop.
  std::optional<std::string> exception;
  /// The failure's error class, when it has one.
  std::optional<std::string> errorClassOnException;
};

class StreamingQueryListener {
 public:
  virtual ~StreamingQueryListener() = default;
  virtual void onQueryStarted(const QueryStartedEvent& event) {}
  virtual void onQueryProgress(const QueryProgressEvent& event) {}
  virtual void onQueryIdle(const QueryIdleEvent& event) {}
  virtual void onQueryTerminated(const QueryTerminatedEvent& event) {}
};

}  // namespace spate::streaming
