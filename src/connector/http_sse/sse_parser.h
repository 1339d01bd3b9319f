#pragma once

// The text/event-stream parser of the HTML Living Standard (§9.2.6, "Interpreting an event
// stream"), fed with the bytes of a response as they arrive. Lines end at CRLF, LF or CR (also
// across chunk boundaries); a blank line dispatches the event built so far; `:` starts a comment
// (heartbeat); `id` persists across events (it is what Last-Event-ID sends on reconnection);
// `retry` sets the reconnection time; an event with no data is not dispatched.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace spate::connector {

/// One dispatched event.
struct SseEvent {
  /// The event type: the last `event:` field, or "message".
  std::string type;
  /// The `data:` lines joined by "\n" (as UTF-8 text, invalid sequences replaced).
  std::string data;
  /// The last event ID when the event was dispatched ("" if the stream set none).
  std::string id;
};

class SseParser {
 public:
  using EventHandler = std::function<void(SseEvent&&)>;

  explicit SseParser(EventHandler onEvent) : onEvent_(std::move(onEvent)) {}

  /// Parses the next bytes of the stream; calls the handler for each complete event.
  void feed(std::string_view bytes);
  /// A new connection starts: the partial line and event are dropped (the spec discards an
  /// event not ended by a blank line), and so is an id not yet dispatched; the last event ID of
  /// the dispatched events is kept.
  void reset();

  /// The id of the last dispatched event (the EventSource's "last event ID string").
  const std::string& lastEventId() const { return lastEventId_; }
  void setLastEventId(std::string id) { lastEventId_ = std::move(id); }
  /// The reconnection time the server asked for with `retry:`, if any.
  std::optional<int64_t> retryMs() const { return retryMs_; }

 private:
  void processLine(std::string_view line);
  void dispatch();

  EventHandler onEvent_;
  std::string line_;
  bool skipLineFeed_ = false;
  bool atStreamStart_ = true;
  std::string bomPrefix_;
  std::string type_;
  std::string data_;
  bool hasData_ = false;
  std::string idBuffer_;
  std::string lastEventId_;
  std::optional<int64_t> retryMs_;
};

}  // namespace spate::connector
