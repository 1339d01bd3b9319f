// The rate sources. `rate` offsets are whole seconds since the source was first created (its
// creation time is kept in <metadataPath>/0 so that a restarted query keeps its timeline);
// `rate-micro-batch` offsets are {"offset":<rows>,"timestamp":<ms>} and advance one batch at a
// time.
#include "connector/rate/rate_source.h"

#include <cmath>
#include <filesystem>
#include <limits>
#include <mutex>

#include "common/error.h"
#include "connector/api/metadata_files.h"
#include "connector/api/option_values.h"

namespace spate::connector {

namespace {

SchemaPtr rateSchema() {
  static const SchemaPtr schema = DataType::structType(
      {{"timestamp", DataType::timestamp(), true}, {"value", DataType::longType(), true}});
  return schema;
}

int32_t defaultPartitions(const ConnectorContext& context) {
  return context.parallelism > 0 ? context.parallelism : 1;
}

std::optional<int64_t> parseLong(std::string_view text) {
  try {
    return parseJavaLong(text);
  } catch (const IllegalArgumentException&) {
    return std::nullopt;
  }
}

// Rows [start, end) split over `numPartitions` as Spark's partition readers produce them
// (partition p holds start + p, start + p + n, …), each row stamped by `timestampMs`.
template <typename TimestampOf>
std::vector<BatchPtr> partitionedRows(int64_t start, int64_t end, int32_t numPartitions,
                                      TimestampOf&& timestampMs) {
  std::vector<BatchPtr> out;
  const int64_t chunk = std::max<int64_t>(1, defaultVectorSize());
  for (int32_t p = 0; p < numPartitions; ++p) {
    if (start > end - 1 - p) break;  // start + p >= end, without overflow
    int64_t count = (end - 1 - start - p) / numPartitions + 1;
    for (int64_t first = 0; first < count; first += chunk) {
      int64_t rows = std::min(chunk, count - first);
      ColumnBuilder timestamps(DataType::timestamp(), rows);
      ColumnBuilder values(DataType::longType(), rows);
      for (int64_t k = first; k < first + rows; ++k) {
        int64_t value = start + p + k * numPartitions;
        timestamps.appendFixed<int64_t>(timestampMs(value) * 1000);
        values.appendFixed<int64_t>(value);
      }
      out.push_back(std::make_shared<Batch>(
          rateSchema(), std::vector<ColumnPtr>{timestamps.finish(), values.finish()}, rows));
    }
  }
  return out;
}

// ---- rate ----

struct RateOptions {
  int64_t rowsPerSecond = 1;
  int64_t rampUpTimeSeconds = 0;
  int32_t numPartitions = 1;
  std::string numPartitionsText = "default";  // as the description prints it
};

RateOptions parseRateOptions(const ConnectorContext& context) {
  RateOptions o;
  o.rowsPerSecond = optionLong(context, "rowsPerSecond", 1);
  if (o.rowsPerSecond <= 0)
    throw IllegalArgumentException("Invalid value '" + std::to_string(o.rowsPerSecond) +
                                   "'. The option 'rowsPerSecond' must be positive");
  if (auto rampUp = context.option("rampUpTime"))
    o.rampUpTimeSeconds = parseTimeString(*rampUp, TimeUnit::kSeconds);
  if (o.rampUpTimeSeconds < 0)
    throw IllegalArgumentException("Invalid value '" + std::to_string(o.rampUpTimeSeconds) +
                                   "'. The option 'rampUpTime' must not be negative");
  o.numPartitions = optionInt(context, "numPartitions", defaultPartitions(context));
  if (o.numPartitions <= 0)
    throw IllegalArgumentException("Invalid value '" + std::to_string(o.numPartitions) +
                                   "'. The option 'numPartitions' must be positive");
  if (auto text = context.option("numPartitions")) o.numPartitionsText = *text;
  return o;
}

class RateSource : public Source {
 public:
  RateSource(const ConnectorContext& context, RateOptions options)
      : options_(std::move(options)),
        clock_(context.clockMillis ? context.clockMillis
                                   : [] { return currentTimeMicros() / 1000; }),
        maxSeconds_(std::numeric_limits<int64_t>::max() / options_.rowsPerSecond) {
    if (options_.rampUpTimeSeconds > maxSeconds_)
      throw ExecutionException("Integer overflow. Max offset with " +
                               std::to_string(options_.rowsPerSecond) + " rowsPerSecond is " +
                               std::to_string(maxSeconds_) + ", but 'rampUpTimeSeconds' is " +
                               std::to_string(options_.rampUpTimeSeconds) + ".");
    creationTimeMs_ = loadOrCreateStartTime(context.metadataPath);
    lastTimeMs_ = creationTimeMs_;
  }

  SchemaPtr schema() const override { return rateSchema(); }

  std::string description() const override {
    // Spark's toString has no closing bracket; kept for identical progress output.
    return "RateStreamV2[rowsPerSecond=" + std::to_string(options_.rowsPerSecond) +
           ", rampUpTimeSeconds=" + std::to_string(options_.rampUpTimeSeconds) +
           ", numPartitions=" + options_.numPartitionsText;
  }

  Result<std::optional<std::string>> latestOffset(const std::optional<std::string>&) override {
    std::lock_guard lock(mutex_);
    if (availableNowOffset_)
      return std::optional<std::string>(std::to_string(*availableNowOffset_));
    return std::optional<std::string>(std::to_string(currentSeconds()));
  }

  Result<std::vector<BatchPtr>> getBatch(const std::optional<std::string>& start,
                                         const std::string& end) override {
    auto startSeconds = start ? parseLong(*start) : std::optional<int64_t>(0);
    auto endSeconds = parseLong(end);
    if (!startSeconds || !endSeconds)
      return Error::internal("Invalid rate source offsets: " + start.value_or("null") + " to " +
                             end);
    if (*startSeconds > *endSeconds)
      return Error::internal("startSeconds(" + std::to_string(*startSeconds) + ") > endSeconds(" +
                             std::to_string(*endSeconds) + ")");
    if (*endSeconds > maxSeconds_)
      return Error::user("Integer overflow. Max offset with " +
                         std::to_string(options_.rowsPerSecond) + " rowsPerSecond is " +
                         std::to_string(maxSeconds_) + ", but it's " + std::to_string(*endSeconds) +
                         " now.");
    {
      // A replayed batch after a restart moves the clock's floor to its end.
      std::lock_guard lock(mutex_);
      lastTimeMs_ = std::max(lastTimeMs_, creationTimeMs_ + *endSeconds * 1000);
    }
    int64_t rangeStart =
        rateValueAtSecond(*startSeconds, options_.rowsPerSecond, options_.rampUpTimeSeconds);
    int64_t rangeEnd =
        rateValueAtSecond(*endSeconds, options_.rowsPerSecond, options_.rampUpTimeSeconds);
    if (rangeStart == rangeEnd) return std::vector<BatchPtr>{};
    int64_t localStartMs = creationTimeMs_ + *startSeconds * 1000;
    double msPerValue = static_cast<double>((*endSeconds - *startSeconds) * 1000) /
                        static_cast<double>(rangeEnd - rangeStart);
    return partitionedRows(rangeStart, rangeEnd, options_.numPartitions, [&](int64_t value) {
      // Scala's math.round: half up.
      return static_cast<int64_t>(
                 std::floor(static_cast<double>(value - rangeStart) * msPerValue + 0.5)) +
             localStartMs;
    });
  }

  void prepareForTriggerAvailableNow() override {
    std::lock_guard lock(mutex_);
    availableNowOffset_ = currentSeconds();
  }

  int64_t creationTimeMs() const { return creationTimeMs_; }

 private:
  int64_t currentSeconds() {
    int64_t now = clock_();
    if (lastTimeMs_ < now) lastTimeMs_ = now;
    return (lastTimeMs_ - creationTimeMs_) / 1000;
  }

  int64_t loadOrCreateStartTime(const std::string& metadataPath) {
    if (metadataPath.empty()) return clock_();
    std::error_code ec;
    std::filesystem::create_directories(metadataPath, ec);  // as HDFSMetadataLog does
    std::string path = metadataPath + "/0";
    auto read = [&](const std::string& content) {
      size_t newline = content.find('\n');
      if (content.empty() || content[0] != 'v' || newline == std::string::npos || newline == 0)
        throw ExecutionException(
            "Log file was malformed: failed to detect the log file version line.");
      if (Status s = validateLogVersion(std::string_view(content).substr(0, newline), 1); !s)
        throw ExecutionException(s.error().message);
      auto value = parseLong(std::string_view(content).substr(newline + 1));
      if (!value) throw ExecutionException("Invalid rate source start time in " + path);
      return *value;
    };
    auto existing = readWholeFile(path);
    if (!existing.ok()) throw ExecutionException(existing.error().message);
    if (*existing) return read(**existing);
    int64_t now = clock_();
    auto created = createFileAtomically(path, "v1\n" + std::to_string(now));
    if (!created.ok()) throw ExecutionException(created.error().message);
    if (*created) return now;
    // Another instance wrote it first: use its time.
    auto written = readWholeFile(path);
    if (!written.ok() || !*written) throw ExecutionException("Cannot read " + path);
    return read(**written);
  }

  RateOptions options_;
  std::function<int64_t()> clock_;
  int64_t maxSeconds_;
  int64_t creationTimeMs_ = 0;
  std::mutex mutex_;
  int64_t lastTimeMs_ = 0;
  std::optional<int64_t> availableNowOffset_;
};

// ---- rate-micro-batch ----

struct RatePerBatchOptions {
  int64_t rowsPerBatch = 0;
  int32_t numPartitions = 1;
  int64_t startTimestamp = 0;
  int32_t advanceMillisPerBatch = 1000;
};

RatePerBatchOptions parseRatePerBatchOptions(const ConnectorContext& context) {
  RatePerBatchOptions o;
  o.rowsPerBatch = optionLong(context, "rowsPerBatch", 0);
  if (o.rowsPerBatch <= 0)
    throw IllegalArgumentException("Invalid value '" + std::to_string(o.rowsPerBatch) +
                                   "'. The option 'rowsPerBatch' must be positive");
  o.numPartitions = optionInt(context, "numPartitions", defaultPartitions(context));
  if (o.numPartitions <= 0)
    throw IllegalArgumentException("Invalid value '" + std::to_string(o.numPartitions) +
                                   "'. The option 'numPartitions' must be positive");
  o.startTimestamp = optionLong(context, "startTimestamp", 0);
  if (o.startTimestamp < 0)
    throw IllegalArgumentException("Invalid value '" + std::to_string(o.startTimestamp) +
                                   "'. The option 'startTimestamp' must be non-negative");
  o.advanceMillisPerBatch = optionInt(context, "advanceMillisPerBatch", 1000);
  if (o.advanceMillisPerBatch < 0)
    throw IllegalArgumentException("Invalid value '" + std::to_string(o.advanceMillisPerBatch) +
                                   "'. The option 'advanceMillisPerBatch' must be non-negative");
  return o;
}

struct PerBatchOffset {
  int64_t offset = 0;
  int64_t timestamp = 0;
  std::string json() const {
    return "{\"offset\":" + std::to_string(offset) + ",\"timestamp\":" + std::to_string(timestamp) +
           "}";
  }
};

// Reads {"offset":N,"timestamp":T} (keys in any order, whitespace allowed).
std::optional<PerBatchOffset> parsePerBatchOffset(std::string_view json) {
  PerBatchOffset out;
  bool haveOffset = false, haveTimestamp = false;
  size_t i = 0;
  auto skipSpace = [&] {
    while (i < json.size() &&
           (json[i] == ' ' || json[i] == '\n' || json[i] == '\t' || json[i] == '\r'))
      ++i;
  };
  auto expect = [&](char c) {
    skipSpace();
    if (i >= json.size() || json[i] != c) return false;
    ++i;
    return true;
  };
  if (!expect('{')) return std::nullopt;
  for (;;) {
    skipSpace();
    if (i >= json.size() || json[i] != '"') return std::nullopt;
    size_t close = json.find('"', i + 1);
    if (close == std::string_view::npos) return std::nullopt;
    std::string_view key = json.substr(i + 1, close - i - 1);
    i = close + 1;
    if (!expect(':')) return std::nullopt;
    skipSpace();
    size_t begin = i;
    while (i < json.size() && (json[i] == '-' || (json[i] >= '0' && json[i] <= '9'))) ++i;
    auto value = parseLong(json.substr(begin, i - begin));
    if (!value) return std::nullopt;
    if (key == "offset") {
      out.offset = *value;
      haveOffset = true;
    } else if (key == "timestamp") {
      out.timestamp = *value;
      haveTimestamp = true;
    }
    skipSpace();
    if (i < json.size() && json[i] == ',') {
      ++i;
      continue;
    }
    if (!expect('}')) return std::nullopt;
    break;
  }
  skipSpace();
  if (i != json.size() || !haveOffset || !haveTimestamp) return std::nullopt;
  return out;
}

class RatePerMicroBatchSource : public Source {
 public:
  explicit RatePerMicroBatchSource(RatePerBatchOptions options) : options_(options) {}

  SchemaPtr schema() const override { return rateSchema(); }

  std::string description() const override {
    return "RatePerMicroBatchStream[rowsPerBatch=" + std::to_string(options_.rowsPerBatch) +
           ", numPartitions=" + std::to_string(options_.numPartitions) +
           ", startTimestamp=" + std::to_string(options_.startTimestamp) +
           ", advanceMsPerBatch=" + std::to_string(options_.advanceMillisPerBatch) + "]";
  }

  Result<std::optional<std::string>> latestOffset(
      const std::optional<std::string>& start) override {
    std::lock_guard lock(mutex_);
    if (availableNow_ && availableNowOffset_)
      return std::optional<std::string>(*availableNowOffset_);
    auto from = offsetOf(start);
    if (!from) return Error::internal("Invalid rate-micro-batch offset: " + *start);
    PerBatchOffset next;
    // Spark saturates the row offset at Long.MaxValue.
    if (__builtin_add_overflow(from->offset, options_.rowsPerBatch, &next.offset))
      next.offset = std::numeric_limits<int64_t>::max();
    next.timestamp = from->timestamp + options_.advanceMillisPerBatch;
    std::string json = next.json();
    if (availableNow_) availableNowOffset_ = json;
    return std::optional<std::string>(std::move(json));
  }

  Result<std::vector<BatchPtr>> getBatch(const std::optional<std::string>& start,
                                         const std::string& end) override {
    auto from = offsetOf(start);
    auto to = parsePerBatchOffset(end);
    if (!from || !to)
      return Error::internal("Invalid rate-micro-batch offsets: " + start.value_or("null") +
                             " to " + end);
    if (from->offset > to->offset || from->timestamp > to->timestamp)
      return Error::internal("startOffset(" + from->json() + ") > endOffset(" + to->json() + ")");
    if (from->offset == to->offset) return std::vector<BatchPtr>{};
    int64_t timestamp = from->timestamp;
    return partitionedRows(from->offset, to->offset, options_.numPartitions,
                           [timestamp](int64_t) { return timestamp; });
  }

  void prepareForTriggerAvailableNow() override {
    std::lock_guard lock(mutex_);
    availableNow_ = true;
  }

 private:
  std::optional<PerBatchOffset> offsetOf(const std::optional<std::string>& json) const {
    if (!json) return PerBatchOffset{0, options_.startTimestamp};
    return parsePerBatchOffset(*json);
  }

  RatePerBatchOptions options_;
  std::mutex mutex_;
  bool availableNow_ = false;
  std::optional<std::string> availableNowOffset_;
};

}  // namespace

int64_t rateValueAtSecond(int64_t seconds, int64_t rowsPerSecond, int64_t rampUpTimeSeconds) {
  int64_t speedDeltaPerSecond = rowsPerSecond / (rampUpTimeSeconds + 1);
  if (seconds <= rampUpTimeSeconds) {
    // (speedDelta * seconds) * (seconds + 1) / 2, ordered so that the halving is exact.
    if (seconds % 2 == 1) return (seconds + 1) / 2 * speedDeltaPerSecond * seconds;
    return seconds / 2 * speedDeltaPerSecond * (seconds + 1);
  }
  int64_t rampUpPart = rateValueAtSecond(rampUpTimeSeconds, rowsPerSecond, rampUpTimeSeconds);
  return rampUpPart + (seconds - rampUpTimeSeconds) * rowsPerSecond;
}

void registerRateConnector(ConnectorRegistry& registry) {
  registry.addSource("rate", {[](const ConnectorContext& context) {
                                parseRateOptions(context);
                                checkUserSchema(context, rateSchema());
                                return rateSchema();
                              },
                              [](const ConnectorContext& context) -> std::unique_ptr<Source> {
                                return std::make_unique<RateSource>(context,
                                                                    parseRateOptions(context));
                              }});
  registry.addSource(
      "rate-micro-batch",
      {[](const ConnectorContext& context) {
         parseRatePerBatchOptions(context);
         checkUserSchema(context, rateSchema());
         return rateSchema();
       },
       [](const ConnectorContext& context) -> std::unique_ptr<Source> {
         return std::make_unique<RatePerMicroBatchSource>(parseRatePerBatchOptions(context));
       }});
}

}  // namespace spate::connector
