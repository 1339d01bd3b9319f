#pragma once

// A server-sent-events endpoint (text/event-stream): what one thread publishes, every connected
// client receives. Each client has a bounded queue; a client too slow to keep up loses its oldest
// events rather than making the publisher wait or the process grow (a dashboard wants the latest).

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace spate::server {

class EventStream : public std::enable_shared_from_this<EventStream> {
 public:
  /// Events kept per client before the oldest are dropped.
  static constexpr size_t kClientQueueLimit = 1024;

  EventStream() = default;
  EventStream(const EventStream&) = delete;
  EventStream& operator=(const EventStream&) = delete;

  /// Sends `data` to every connected client as one event (`event:` line when `event` is not
  /// empty; one `data:` line per line of `data`). Never blocks on a client.
  void publish(std::string_view event, std::string_view data);
  /// Clients connected now.
  size_t clients() const;
  /// Events published since creation.
  int64_t published() const;

  /// One event in the wire format, e.g. "event: progress\ndata: {…}\n\n".
  static std::string format(std::string_view event, std::string_view data);

  // The server's side (one call per connected client; the stream must be owned by a shared_ptr).
  class Subscription;
  std::shared_ptr<Subscription> subscribe();
  /// Wakes every client's wait and makes it return nothing (server shutdown).
  void close();

  class Subscription {
    struct Key {};  // only the stream creates subscriptions

   public:
    Subscription(Key, std::shared_ptr<EventStream> stream) : stream_(std::move(stream)) {}
    /// The next wire-format chunk: queued events (several at once), or a comment line (": ping")
    /// after `heartbeatMs` without events, so dead connections are found. nullopt once closed.
    std::optional<std::string> next(int64_t heartbeatMs);
    ~Subscription();

   private:
    friend class EventStream;
    std::shared_ptr<EventStream> stream_;
    std::deque<std::string> queue_;  // guarded by stream_->mutex_
  };

 private:
  void unsubscribe(Subscription* subscription);

  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::list<Subscription*> subscribers_;
  int64_t published_ = 0;
  bool closed_ = false;
};

}  // namespace spate::server
