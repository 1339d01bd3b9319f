#pragma once

// One HTTP GET of an event stream with libcurl, run on the calling thread until the server ends
// it, it fails, or another thread interrupts it. Reconnection policy is the caller's (the source).

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace spate::connector {

struct SseRequest {
  std::string url;
  /// Sent with every request, after Accept/Cache-Control (a user's value replaces ours).
  std::vector<std::pair<std::string, std::string>> headers;
  std::string userAgent;
  int64_t connectTimeoutMs = 10000;
  /// A connection that delivers no byte (not even a heartbeat) for this long is dropped.
  int64_t idleTimeoutMs = 60000;
};

/// How a GET ended.
struct SseOutcome {
  enum class Kind {
    kEnded,         ///< the server closed a 200 event stream (reconnect)
    kNetworkError,  ///< no connection, reset, timeout (reconnect with backoff)
    kServerBusy,    ///< HTTP 429 / 5xx (reconnect with backoff)
    kNoContent,     ///< HTTP 204: the server asks the client to stop reconnecting
    kRejected,      ///< another HTTP status or not text/event-stream: the spec's "fail"
    kInterrupted,   ///< interrupt() was called
  };
  Kind kind = Kind::kEnded;
  /// Whether the response was a 200 event stream (onOpen was called).
  bool opened = false;
  /// What went wrong, for messages ("Failed to connect to …", "HTTP 404 Not Found", …).
  std::string message;
};

class SseHttpStream {
 public:
  SseHttpStream();
  ~SseHttpStream();
  SseHttpStream(const SseHttpStream&) = delete;
  SseHttpStream& operator=(const SseHttpStream&) = delete;

  /// Performs the GET. `lastEventId` (if not empty) is sent as Last-Event-ID. `onOpen` is called
  /// once the response is known to be a 200 text/event-stream, then `onBytes` with the body.
  SseOutcome run(const SseRequest& request, const std::string& lastEventId,
                 const std::function<void()>& onOpen,
                 const std::function<void(std::string_view)>& onBytes);

  /// Makes the current (or next) run() return kInterrupted promptly. Thread-safe; sticky.
  void interrupt();

 private:
  void* multi_ = nullptr;  // CURLM*, kept so that interrupt() can wake its poll
  std::atomic<bool> interrupted_{false};
};

}  // namespace spate::connector
