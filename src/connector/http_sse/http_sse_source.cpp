// The http_sse source. A reader thread keeps one GET open, parses events and buffers them with
// their receive time; it reconnects when the stream ends or breaks, sending Last-Event-ID so that
// the server resumes after the last event seen (the server's `retry:` delay, then exponential
// backoff while it stays unreachable). Offsets count events as the socket source counts lines
// (-1 before the first, Spark's LongOffset); committed events are dropped. The committed offset
// and its event id are kept in the source's checkpoint directory, so a restarted query resumes
// the feed after the last committed event and re-reads a planned but uncommitted batch from it.
#include "connector/http_sse/http_sse_source.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "common/error.h"
#include "common/logging.h"
#include "common/redaction.h"
#include "common/strings.h"
#include "common/time.h"
#include "connector/api/metadata_files.h"
#include "connector/api/option_values.h"
#include "connector/http_sse/http_sse_options.h"
#include "connector/http_sse/sse_http_stream.h"
#include "connector/http_sse/sse_parser.h"

namespace spate::connector {

namespace {

constexpr const char* kLogger = "HttpSseMicroBatchStream";
constexpr const char* kStateFile = "/http_sse_state";

std::optional<int64_t> parseOffset(std::string_view text) {
  try {
    return parseJavaLong(text);
  } catch (const IllegalArgumentException&) {
    return std::nullopt;
  }
}

// The committed offset and the id of its event, as kept in the checkpoint.
struct CommittedState {
  int64_t offset = -1;
  std::string lastEventId;
};

std::optional<CommittedState> readCommittedState(const std::string& metadataPath) {
  if (metadataPath.empty()) return std::nullopt;
  auto text = readWholeFile(metadataPath + kStateFile);
  if (!text.ok() || !text.value()) return std::nullopt;
  std::vector<std::string> lines = splitString(**text, '\n');
  if (lines.size() < 3 || lines[0] != "v1") return std::nullopt;
  auto offset = parseOffset(lines[1]);
  if (!offset) return std::nullopt;
  return CommittedState{*offset, lines[2]};
}

class HttpSseSource : public Source {
 public:
  HttpSseSource(HttpSseOptions options, std::map<std::string, std::string> rawOptions,
                std::string metadataPath, std::function<int64_t()> clock,
                std::function<void()> dataAvailable)
      : options_(std::move(options)),
        rawOptions_(std::move(rawOptions)),
        metadataPath_(std::move(metadataPath)),
        clock_(std::move(clock)),
        dataAvailable_(std::move(dataAvailable)),
        parser_([this](SseEvent&& event) { addEvent(std::move(event)); }) {
    request_.url = options_.url;
    request_.headers = options_.headers;
    request_.userAgent = options_.userAgent;
    request_.connectTimeoutMs = options_.connectTimeoutMs;
    request_.idleTimeoutMs = options_.idleTimeoutMs;
    std::string resumeId = options_.lastEventId;
    if (auto state = readCommittedState(metadataPath_)) {
      received_ = lastCommitted_ = state->offset;
      if (!state->lastEventId.empty()) resumeId = state->lastEventId;
    }
    parser_.setLastEventId(resumeId);
    reader_ = std::thread([this] { readLoop(); });
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return firstAttemptDone_; });
    if (!firstOpened_) {
      std::string reason = firstError_;
      lock.unlock();
      stop();
      throw ExecutionException(
          redact(reason + ": cannot connect to http_sse source at " + options_.url));
    }
  }

  ~HttpSseSource() override { stop(); }

  SchemaPtr schema() const override { return httpSseSchema(options_); }

  std::string description() const override {
    return "HttpSseStream[url: " + redactUrl(options_.url) + "]";
  }

  Result<std::optional<std::string>> latestOffset(
      const std::optional<std::string>& start) override {
    std::lock_guard lock(mutex_);
    int64_t base = lastCommitted_;
    if (start) {
      auto parsed = parseOffset(*start);
      if (!parsed) return Error::internal("Invalid http_sse source offset: " + *start);
      base = *parsed;
    }
    int64_t latest = std::max(received_, lastCommitted_);
    if (availableNowOffset_) latest = std::min(latest, *availableNowOffset_);
    if (options_.maxEventsPerTrigger)
      latest = std::min(latest, base + *options_.maxEventsPerTrigger);
    if (latest <= base) {
      // Caught up: now is the time to say why no more events come.
      if (fatalError_)
        return Error::user(
            redact("The http_sse source at " + options_.url + " stopped: " + *fatalError_));
      if (!connected_ && failedReconnects_ > 0)
        return Error::external(redact("The http_sse source is reconnecting to " + options_.url +
                                      " after: " + lastError_));
      latest = std::max(latest, base);
    }
    return std::optional<std::string>(std::to_string(latest));
  }

  Result<std::vector<BatchPtr>> getBatch(const std::optional<std::string>& start,
                                         const std::string& end) override {
    auto startOffset = start ? parseOffset(*start) : std::optional<int64_t>(-1);
    auto endOffset = parseOffset(end);
    if (!startOffset || !endOffset)
      return Error::internal("Invalid http_sse source offsets: " + start.value_or("null") + " to " +
                             end);
    std::unique_lock lock(mutex_);
    if (*endOffset > received_) {
      // A batch planned before a restart: its events come again after the resumed Last-Event-ID.
      changed_.wait_for(lock, std::chrono::milliseconds(options_.connectTimeoutMs),
                        [&] { return received_ >= *endOffset || stopped_ || fatalError_; });
      if (received_ < *endOffset)
        return Error::external(redact("The http_sse source has received events up to offset " +
                                      std::to_string(received_) + " of " + options_.url +
                                      ", waiting for those up to " + end +
                                      " (planned before a restart) to be sent again"));
    }
    int64_t from = std::max<int64_t>(0, *startOffset - lastCommitted_);
    int64_t to =
        std::min<int64_t>(static_cast<int64_t>(events_.size()), *endOffset - lastCommitted_);
    if (from >= to) return std::vector<BatchPtr>{};
    int64_t n = to - from;
    SchemaPtr outSchema = schema();
    ColumnBuilder values(DataType::string(), n);
    ColumnBuilder types(DataType::string(), options_.includeMetadata ? n : 0);
    ColumnBuilder ids(DataType::string(), options_.includeMetadata ? n : 0);
    ColumnBuilder timestamps(DataType::timestamp(), options_.includeTimestamp ? n : 0);
    for (int64_t i = from; i < to; ++i) {
      const Event& e = events_[i];
      values.appendString(e.data);
      if (options_.includeMetadata) {
        types.appendString(e.type);
        if (e.id.empty())
          ids.appendNull();
        else
          ids.appendString(e.id);
      }
      if (options_.includeTimestamp) timestamps.appendFixed<int64_t>(e.receivedMs * 1000);
    }
    std::vector<ColumnPtr> columns{values.finish()};
    if (options_.includeMetadata) {
      columns.push_back(types.finish());
      columns.push_back(ids.finish());
    }
    if (options_.includeTimestamp) columns.push_back(timestamps.finish());
    return std::vector<BatchPtr>{std::make_shared<Batch>(outSchema, std::move(columns), n)};
  }

  Status commit(const std::string& end) override {
    auto endOffset = parseOffset(end);
    if (!endOffset) return Error::internal("Invalid http_sse source offset: " + end);
    std::string idToKeep;
    bool keep = false;
    {
      std::lock_guard lock(mutex_);
      int64_t diff = *endOffset - lastCommitted_;
      if (diff < 0)
        return Error::internal("Offsets committed out of order: " + std::to_string(lastCommitted_) +
                               " followed by " + end);
      if (diff == 0) return Status::success();
      if (diff <= static_cast<int64_t>(events_.size())) {
        idToKeep = events_[diff - 1].id;
        keep = true;
      }
      int64_t drop = std::min<int64_t>(diff, static_cast<int64_t>(events_.size()));
      events_.erase(events_.begin(), events_.begin() + drop);
      lastCommitted_ = *endOffset;
      // After a restart the checkpoint may be ahead of this source's count: events up to it that
      // arrive again are skipped by addEvent.
    }
    if (keep && !metadataPath_.empty()) {
      Status written =
          writeFileAtomically(metadataPath_ + kStateFile, "v1\n" + end + "\n" + idToKeep + "\n");
      if (!written.ok()) return written;
    }
    return Status::success();
  }

  void prepareForTriggerAvailableNow() override {
    std::lock_guard lock(mutex_);
    availableNowOffset_ = std::max(received_, lastCommitted_);
  }

  std::map<std::string, std::string> metrics() const override {
    std::lock_guard lock(mutex_);
    return {{"numReconnects", std::to_string(reconnects_)},
            {"connected", connected_ ? "true" : "false"}};
  }

  void stop() override {
    {
      std::lock_guard lock(mutex_);
      if (stopped_) return;
      stopped_ = true;
    }
    stream_.interrupt();
    changed_.notify_all();
    if (reader_.joinable()) reader_.join();
  }

 private:
  struct Event {
    std::string data;
    std::string type;
    std::string id;
    int64_t receivedMs;
  };

  std::string redact(std::string text) const { return redactSecrets(std::move(text), rawOptions_); }

  void readLoop() {
    bool first = true;
    int failures = 0;
    for (;;) {
      {
        std::lock_guard lock(mutex_);
        if (stopped_) break;
      }
      parser_.reset();
      std::string sentId = parser_.lastEventId();
      SseOutcome outcome = stream_.run(
          request_, sentId, [&] { onOpen(first, sentId); },
          [this](std::string_view bytes) { parser_.feed(bytes); });
      if (outcome.kind == SseOutcome::Kind::kInterrupted) {
        std::lock_guard lock(mutex_);
        connected_ = false;
        firstAttemptDone_ = true;
        break;
      }
      bool fatal = outcome.kind == SseOutcome::Kind::kRejected ||
                   outcome.kind == SseOutcome::Kind::kNoContent;
      {
        std::lock_guard lock(mutex_);
        connected_ = false;
        if (first) {
          firstAttemptDone_ = true;
          if (!outcome.opened) firstError_ = outcome.message;
        } else if (!outcome.opened) {
          ++failedReconnects_;
        }
        lastError_ = outcome.message;
        if (fatal && !first) fatalError_ = outcome.message;
      }
      changed_.notify_all();
      if (first && !outcome.opened) return;  // the constructor reports it
      first = false;
      if (fatal) {
        logError(kLogger, "{}",
                 redact("The http_sse source at " + options_.url +
                        " stops reading: " + outcome.message));
        return;
      }
      failures = outcome.opened ? 0 : failures + 1;
      int64_t delay = parser_.retryMs().value_or(options_.reconnectDelayMs);
      for (int i = 0; i < failures && delay < options_.maxReconnectDelayMs; ++i)
        delay = std::max<int64_t>(delay * 2, 100);
      delay = std::min(delay, std::max(options_.maxReconnectDelayMs, options_.reconnectDelayMs));
      // A server that sends `retry: 0` and closes at once must not make a busy loop.
      delay = std::max<int64_t>(delay, 10);
      logWarn(
          kLogger, "{}",
          redact("Stream " + options_.url + " interrupted (" + outcome.message +
                 "); reconnecting in " + std::to_string(delay) + " ms" +
                 (parser_.lastEventId().empty() ? std::string()
                                                : " with Last-Event-ID " + parser_.lastEventId())));
      std::unique_lock lock(mutex_);
      changed_.wait_for(lock, std::chrono::milliseconds(delay), [this] { return stopped_; });
    }
  }

  void onOpen(bool first, const std::string& sentId) {
    {
      std::lock_guard lock(mutex_);
      connected_ = true;
      failedReconnects_ = 0;
      if (first) {
        firstAttemptDone_ = true;
        firstOpened_ = true;
      } else {
        ++reconnects_;
      }
    }
    changed_.notify_all();
    if (first)
      logInfo(kLogger, "{}", redact("Connected to event stream " + options_.url));
    else
      logInfo(kLogger, "{}",
              redact("Reconnected to event stream " + options_.url +
                     (sentId.empty() ? std::string() : " after Last-Event-ID " + sentId)));
  }

  void addEvent(SseEvent&& event) {
    if (!options_.eventTypes.empty() && !options_.eventTypes.count(event.type)) return;
    Event e{std::move(event.data), std::move(event.type), std::move(event.id), clock_()};
    {
      std::lock_guard lock(mutex_);
      ++received_;
      if (received_ <= lastCommitted_) return;  // already processed before a restart
      events_.push_back(std::move(e));
    }
    changed_.notify_all();
    if (dataAvailable_) dataAvailable_();
  }

  const HttpSseOptions options_;
  const std::map<std::string, std::string> rawOptions_;
  const std::string metadataPath_;
  std::function<int64_t()> clock_;
  std::function<void()> dataAvailable_;
  SseRequest request_;
  SseParser parser_;  // reader thread only
  SseHttpStream stream_;
  std::thread reader_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Event> events_;  // the events after lastCommitted_, up to received_
  int64_t received_ = -1;
  int64_t lastCommitted_ = -1;
  std::optional<int64_t> availableNowOffset_;
  bool stopped_ = false;
  bool firstAttemptDone_ = false;
  bool firstOpened_ = false;
  bool connected_ = false;
  std::string firstError_;
  std::string lastError_;
  int failedReconnects_ = 0;
  int64_t reconnects_ = 0;
  std::optional<std::string> fatalError_;
};

int64_t wallClockMillis() { return currentTimeMicros() / 1000; }

}  // namespace

std::unique_ptr<Source> makeHttpSseSource(const ConnectorContext& context,
                                          std::function<int64_t()> receiveClockMillis) {
  return std::make_unique<HttpSseSource>(parseHttpSseOptions(context), context.options,
                                         context.metadataPath, std::move(receiveClockMillis),
                                         context.dataAvailable);
}

void registerHttpSseConnector(ConnectorRegistry& registry) {
  registry.addSource("http_sse", {[](const ConnectorContext& context) {
                                    SchemaPtr schema = httpSseSchema(parseHttpSseOptions(context));
                                    checkUserSchema(context, schema);
                                    return schema;
                                  },
                                  [](const ConnectorContext& context) {
                                    return makeHttpSseSource(context, wallClockMillis);
                                  }});
}

}  // namespace spate::connector
