// The socket source: a reader thread connects when the source is created and buffers every line
// with its receive time. Offsets count lines (the first line is offset 0, -1 before any line, as
// Spark's LongOffset); committed lines are dropped, so a restart cannot replay them (as in Spark).
#include "connector/socket/socket_source.h"

#include "common/logging.h"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <iostream>
#include <mutex>
#include <thread>

#include "common/error.h"
#include "connector/api/option_values.h"
#include "connector/file/file_buffer.h"

namespace spate::connector {

namespace {

struct SocketOptions {
  std::string host;
  std::string port;
  int32_t portNumber = -1;
  bool includeTimestamp = false;
  int32_t numPartitions = 1;
};

SocketOptions parseSocketOptions(const ConnectorContext& context) {
  SocketOptions o;
  auto host = context.option("host");
  if (!host) throw AnalysisException("Set a host to read from with option(\"host\", ...).");
  auto port = context.option("port");
  if (!port) throw AnalysisException("Set a port to read from with option(\"port\", ...).");
  try {
    o.includeTimestamp = optionBool(context, "includeTimestamp", false);
  } catch (const IllegalArgumentException&) {
    throw AnalysisException("includeTimestamp must be set to either \"true\" or \"false\"");
  }
  o.host = *host;
  o.port = *port;
  o.portNumber = parseJavaInt(*port);
  o.numPartitions =
      optionInt(context, "numPartitions", context.parallelism > 0 ? context.parallelism : 1);
  return o;
}

SchemaPtr socketSchema(bool includeTimestamp) {
  static const SchemaPtr plain = DataType::structType({{"value", DataType::string(), true}});
  static const SchemaPtr withTimestamp = DataType::structType(
      {{"value", DataType::string(), true}, {"timestamp", DataType::timestamp(), true}});
  return includeTimestamp ? withTimestamp : plain;
}

std::optional<int64_t> parseOffset(std::string_view text) {
  try {
    return parseJavaLong(text);
  } catch (const IllegalArgumentException&) {
    return std::nullopt;
  }
}

// Opens a TCP connection, as java.net.Socket(host, port) does; throws naming host:port.
int connectTo(const SocketOptions& options) {
  auto failure = [&](const std::string& reason) {
    return ExecutionException(reason + ": cannot connect to socket source at " + options.host +
                              ":" + options.port);
  };
  if (options.portNumber < 0 || options.portNumber > 65535)
    throw IllegalArgumentException("port out of range:" + std::to_string(options.portNumber));
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* addresses = nullptr;
  int rc = ::getaddrinfo(options.host.c_str(), std::to_string(options.portNumber).c_str(), &hints,
                         &addresses);
  if (rc != 0) throw failure(std::string("Unknown host (") + ::gai_strerror(rc) + ")");
  std::unique_ptr<addrinfo, void (*)(addrinfo*)> guard(addresses, ::freeaddrinfo);
  int lastError = ECONNREFUSED;
  for (addrinfo* a = addresses; a; a = a->ai_next) {
    int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      lastError = errno;
      continue;
    }
    int result;
    do {
      result = ::connect(fd, a->ai_addr, a->ai_addrlen);
    } while (result != 0 && errno == EINTR);
    if (result == 0) return fd;
    lastError = errno;
    ::close(fd);
  }
  throw failure(std::strerror(lastError));
}

class SocketSource : public Source {
 public:
  SocketSource(SocketOptions options, std::function<int64_t()> clock, std::function<void()> dataAvailable)
      : options_(std::move(options)), clock_(std::move(clock)), dataAvailable_(std::move(dataAvailable)) {
    fd_ = connectTo(options_);
    reader_ = std::thread([this] { readLines(); });
  }

  ~SocketSource() override { stop(); }

  SchemaPtr schema() const override { return socketSchema(options_.includeTimestamp); }

  std::string description() const override {
    return "TextSocketV2[host: " + options_.host +
           ", port: " + std::to_string(options_.portNumber) + "]";
  }

  Result<std::optional<std::string>> latestOffset(const std::optional<std::string>&) override {
    std::lock_guard lock(mutex_);
    int64_t latest = availableNowOffset_ ? *availableNowOffset_ : currentOffset_;
    return std::optional<std::string>(std::to_string(latest));
  }

  Result<std::vector<BatchPtr>> getBatch(const std::optional<std::string>& start,
                                         const std::string& end) override {
    auto startOffset = start ? parseOffset(*start) : std::optional<int64_t>(-1);
    auto endOffset = parseOffset(end);
    if (!startOffset || !endOffset)
      return Error::internal("Invalid socket source offsets: " + start.value_or("null") + " to " +
                             end);
    std::vector<const Line*> rows;
    std::lock_guard lock(mutex_);
    // The buffer holds the lines after lastCommitted_.
    int64_t from = std::max<int64_t>(0, *startOffset - lastCommitted_);
    int64_t to =
        std::min<int64_t>(static_cast<int64_t>(lines_.size()), *endOffset - lastCommitted_);
    // Spark deals the lines round-robin to its partitions and reads them partition by partition.
    int64_t n = options_.numPartitions;
    for (int64_t p = 0; p < n; ++p)
      for (int64_t i = from + p; i < to; i += n) rows.push_back(&lines_[i]);
    if (rows.empty()) return std::vector<BatchPtr>{};
    ColumnBuilder values(DataType::string(), static_cast<int64_t>(rows.size()));
    ColumnBuilder timestamps(DataType::timestamp(), static_cast<int64_t>(rows.size()));
    for (const Line* line : rows) {
      values.appendString(line->text);
      timestamps.appendFixed<int64_t>(line->receivedMs * 1000);
    }
    std::vector<ColumnPtr> columns{values.finish()};
    if (options_.includeTimestamp) columns.push_back(timestamps.finish());
    return std::vector<BatchPtr>{
        std::make_shared<Batch>(schema(), std::move(columns), static_cast<int64_t>(rows.size()))};
  }

  Status commit(const std::string& end) override {
    auto endOffset = parseOffset(end);
    if (!endOffset) return Error::internal("Invalid socket source offset: " + end);
    std::lock_guard lock(mutex_);
    int64_t diff = *endOffset - lastCommitted_;
    if (diff < 0)
      return Error::internal("Offsets committed out of order: " + std::to_string(lastCommitted_) +
                             " followed by " + end);
    int64_t drop = std::min<int64_t>(diff, static_cast<int64_t>(lines_.size()));
    lines_.erase(lines_.begin(), lines_.begin() + drop);
    lastCommitted_ = *endOffset;
    return Status::success();
  }

  void prepareForTriggerAvailableNow() override {
    std::lock_guard lock(mutex_);
    availableNowOffset_ = currentOffset_;
  }

  void stop() override {
    {
      std::lock_guard lock(mutex_);
      if (stopped_) return;
      stopped_ = true;
    }
    // recv() cannot be interrupted otherwise; shutting the socket down ends the reader.
    ::shutdown(fd_, SHUT_RDWR);
    if (reader_.joinable()) reader_.join();
    ::close(fd_);
  }

 private:
  struct Line {
    std::string text;
    int64_t receivedMs;
  };

  // BufferedReader.readLine: lines end at \n, \r or \r\n; a last unterminated line counts.
  void readLines() {
    std::string pending;
    bool skipLineFeed = false;
    char buffer[64 * 1024];
    for (;;) {
      ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      for (ssize_t i = 0; i < n; ++i) {
        char c = buffer[i];
        if (skipLineFeed) {
          skipLineFeed = false;
          if (c == '\n') continue;
        }
        if (c == '\n' || c == '\r') {
          addLine(pending);
          pending.clear();
          skipLineFeed = c == '\r';
        } else {
          pending += c;
        }
      }
    }
    if (!pending.empty()) addLine(pending);
    bool stopped;
    {
      std::lock_guard lock(mutex_);
      stopped = stopped_;
    }
    if (!stopped)
      logWarn("TextSocketMicroBatchStream", "Stream closed by {}:{}", options_.host, options_.port);
  }

  void addLine(const std::string& raw) {
    std::string storage;
    std::string_view text = decodeText(raw, "UTF-8", storage);
    Line line{std::string(text), clock_()};
    {
      std::lock_guard lock(mutex_);
      lines_.push_back(std::move(line));
      ++currentOffset_;
    }
    if (dataAvailable_) dataAvailable_();
  }

  SocketOptions options_;
  std::function<int64_t()> clock_;
  std::function<void()> dataAvailable_;
  int fd_ = -1;
  std::thread reader_;
  std::mutex mutex_;
  std::deque<Line> lines_;
  int64_t currentOffset_ = -1;
  int64_t lastCommitted_ = -1;
  std::optional<int64_t> availableNowOffset_;
  bool stopped_ = false;
};

int64_t wallClockMillis() { return currentTimeMicros() / 1000; }

}  // namespace

std::unique_ptr<Source> makeSocketSource(const ConnectorContext& context,
                                         std::function<int64_t()> receiveClockMillis) {
  return std::make_unique<SocketSource>(parseSocketOptions(context), std::move(receiveClockMillis),
                                        context.dataAvailable);
}

void registerSocketConnector(ConnectorRegistry& registry) {
  registry.addSource(
      "socket",
      {[](const ConnectorContext& context) {
         logWarn("TextSocketSourceProvider",
                 "The socket source should not be used for production applications! It does not support recovery.");
         SocketOptions options = parseSocketOptions(context);
         SchemaPtr schema = socketSchema(options.includeTimestamp);
         checkUserSchema(context, schema);
         return schema;
       },
       [](const ConnectorContext& context) { return makeSocketSource(context, wallClockMillis); }});
}

}  // namespace spate::connector
