// The streaming Kafka source: latestOffset asks the brokers for the partitions and their end
// offsets (one metadata and one ListOffsets request), applies the trigger limits and returns
// the offsets as JSON; getBatch turns two such offsets into ranges and reads them.
#include "connector/kafka/kafka_source.h"

#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

#include "common/error.h"
#include "common/logging.h"
#include "connector/api/option_values.h"
#include "connector/kafka/kafka_client.h"
#include "connector/kafka/kafka_messages.h"
#include "connector/kafka/kafka_options.h"
#include "connector/kafka/offset_resolver.h"
#include "connector/kafka/offsets_json.h"
#include "connector/kafka/range_reader.h"
#include "connector/kafka/record_columns.h"
#include "connector/kafka/trigger_limits.h"

namespace spate::connector::kafka {

namespace {

constexpr const char* kLogger = "KafkaMicroBatchStream";

// The user may restate the fixed schema (a table's columns read back through STREAM(t)), but
// not change it.
void checkKafkaUserSchema(const ConnectorContext& context, const SchemaPtr& schema) {
  if (context.userSchema && !context.userSchema->sameType(*schema))
    throw IllegalArgumentException(
        "requirement failed: Kafka source has a fixed schema and cannot be set with a custom one");
}

class KafkaSource : public Source {
 public:
  explicit KafkaSource(const ConnectorContext& context)
      : options_(parseStreamSourceOptions(context)),
        metadataPath_(context.metadataPath),
        clock_(context.clockMillis ? context.clockMillis
                                   : [] { return currentTimeMicros() / 1000; }) {
    client_ = std::make_unique<KafkaClient>(KafkaRole::kConsumer, options_.client);
    ReaderOptions reader;
    reader.includeHeaders = options_.includeHeaders;
    reader.failOnDataLoss = options_.failOnDataLoss;
    reader.pollTimeoutMs = options_.pollTimeoutMs;
    reader.groupId = options_.groupId;
    reader.dataAvailable = context.dataAvailable;
    reader_ = std::make_unique<RangeReader>(*client_, std::move(reader));
    if (options_.minOffsetsPerTrigger)
      delay_.emplace(*options_.minOffsetsPerTrigger, options_.maxTriggerDelayMs);
  }

  ~KafkaSource() override { stop(); }

  SchemaPtr schema() const override { return kafkaSchema(options_.includeHeaders); }

  std::string description() const override {
    return "KafkaV2[" + options_.strategy.toString() + "]";
  }

  Result<std::optional<std::string>> latestOffset(
      const std::optional<std::string>& start) override {
    if (!client_) return Error::internal("The Kafka source was stopped");
    auto startOffsets = offsetsOrInitial(start);
    if (!startOffsets.ok()) return startOffsets.error();
    PartitionOffsets latest;
    if (availableNow_ && availableNowOffsets_) {
      latest = *availableNowOffsets_;
    } else {
      auto fetched = fetchLatestOffsets(*startOffsets);
      if (!fetched.ok()) return fetched.error();
      latest = std::move(*fetched);
      if (availableNow_) availableNowOffsets_ = latest;
    }
    {
      std::lock_guard lock(metricsMutex_);
      latestAvailable_ = latest;
    }
    PartitionOffsets offsets = latest;
    if (delay_ && delay_->delay(clock_(), latest, *startOffsets)) {
      logDebug(kLogger,
               "Delaying batch as number of records available is less than "
               "minOffsetsPerTrigger");
      offsets = *startOffsets;
    } else if (options_.maxOffsetsPerTrigger) {
      PartitionOffsets fromNew;
      std::vector<TopicPartition> added;
      for (const auto& [tp, offset] : latest)
        if (!startOffsets->count(tp)) added.push_back(tp);
      if (!added.empty()) {
        auto earliest = client_->listOffsets(added, kEarliestOffset);
        if (!earliest.ok()) return earliest.error();
        fromNew = std::move(*earliest);
      }
      offsets = rateLimit(*options_.maxOffsetsPerTrigger, *startOffsets, fromNew, latest);
    }
    if (offsets.empty()) return std::optional<std::string>();
    return std::optional<std::string>(offsetsToJson(offsets));
  }

  Result<std::vector<BatchPtr>> getBatch(const std::optional<std::string>& start,
                                         const std::string& end) override {
    if (!client_) return Error::internal("The Kafka source was stopped");
    auto from = offsetsOrInitial(start);
    if (!from.ok()) return from.error();
    auto until = parseOffsetsJson(end);
    if (!until) return Error::internal("Invalid Kafka source offsets: " + end);
    auto ranges = offsetRanges(*from, *until);
    if (!ranges.ok()) return ranges.error();
    auto rows = reader_->read(*ranges);
    if (!rows.ok()) return rows.error();
    std::lock_guard lock(metricsMutex_);
    lastEnd_ = *until;
    return rows;
  }

  void prepareForTriggerAvailableNow() override { availableNow_ = true; }

  std::map<std::string, std::string> metrics() const override {
    std::lock_guard lock(metricsMutex_);
    return offsetsBehindMetrics(lastEnd_, latestAvailable_);
  }

  void stop() override {
    reader_.reset();
    client_.reset();
  }

 private:
  Result<PartitionOffsets> offsetsOrInitial(const std::optional<std::string>& json) {
    if (!json) return initialOffsets();
    auto offsets = parseOffsetsJson(*json);
    if (!offsets) return Error::internal("Invalid Kafka source offsets: " + *json);
    return *offsets;
  }

  // The offsets a new query starts from: decided once and kept in the checkpoint, so that a
  // restart before the first batch committed still starts where the first run meant to.
  Result<PartitionOffsets> initialOffsets() {
    if (initial_) return *initial_;
    std::string path = metadataPath_.empty() ? "" : metadataPath_ + "/0";
    if (!path.empty()) {
      auto stored = readInitialOffsets(path);
      if (!stored.ok()) return stored.error();
      if (*stored) return *(initial_ = **stored);
    }
    auto partitions = client_->partitions(options_.strategy);
    if (!partitions.ok()) return partitions.error();
    auto offsets = resolveOffsets(*client_, *partitions, options_.startingOffsets, true,
                                  OffsetCheck::kStreaming);
    if (!offsets.ok()) return offsets.error();
    if (!path.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(metadataPath_, ec);
      Status written = writeInitialOffsets(path, *offsets);
      if (!written.ok()) return written.error();
      // Another run may have written first; what is in the file wins.
      auto stored = readInitialOffsets(path);
      if (!stored.ok()) return stored.error();
      if (*stored) offsets = **stored;
    }
    logInfo(kLogger, "Initial offsets: {}", offsetsToJson(*offsets));
    return *(initial_ = *offsets);
  }

  // The end offsets of every partition; re-asked a few times when one went backwards (Spark's
  // fetchLatestOffsets guards against brokers answering with stale offsets, KAFKA-7703).
  Result<PartitionOffsets> fetchLatestOffsets(const PartitionOffsets& known) {
    for (int attempt = 1;; ++attempt) {
      auto partitions = client_->partitions(options_.strategy);
      if (!partitions.ok()) return partitions.error();
      auto latest = client_->listOffsets(*partitions, kLatestOffset);
      if (!latest.ok()) return latest.error();
      std::string incorrect;
      for (const auto& [tp, offset] : *latest)
        if (auto it = known.find(tp); it != known.end() && it->second > offset)
          incorrect += "(" + tp.toString() + "," + std::to_string(it->second) + "," +
                       std::to_string(offset) + ")";
      if (incorrect.empty() || attempt >= options_.fetchOffsetNumRetries) return latest;
      logWarn(kLogger,
              "Found incorrect offsets in some partitions (partition, previous offset, fetched "
              "offset): {}",
              incorrect);
      logWarn(kLogger, "Retrying to fetch latest offsets because of incorrect offsets");
      std::this_thread::sleep_for(std::chrono::milliseconds(options_.fetchOffsetRetryIntervalMs));
    }
  }

  // Spark's getOffsetRangesFromResolvedOffsets: new partitions start at their earliest offset,
  // vanished ones and offsets that went backwards are data loss.
  Result<std::vector<OffsetRange>> offsetRanges(const PartitionOffsets& from,
                                                const PartitionOffsets& until) {
    std::vector<TopicPartition> added;
    for (const auto& [tp, offset] : until)
      if (!from.count(tp)) added.push_back(tp);
    PartitionOffsets addedStart;
    if (!added.empty()) {
      auto partitions = client_->partitions(options_.strategy);
      if (!partitions.ok()) return partitions.error();
      std::set<TopicPartition> existing(partitions->begin(), partitions->end());
      std::vector<TopicPartition> present;
      for (const auto& tp : added)
        if (existing.count(tp)) present.push_back(tp);
      auto earliest = client_->listOffsets(present, kEarliestOffset);
      if (!earliest.ok()) return earliest.error();
      addedStart = std::move(*earliest);
      if (addedStart.size() != added.size()) {
        std::set<TopicPartition> missing(added.begin(), added.end());
        for (const auto& [tp, offset] : addedStart) missing.erase(tp);
        Status s = reportDataLoss("Cannot find earliest offsets of " + partitionSetString(missing) +
                                  ". Some data may have been missed");
        if (!s.ok()) return s.error();
      }
      logInfo(kLogger, "Partitions added: {}", offsetsToJson(addedStart));
      for (const auto& [tp, offset] : addedStart)
        if (offset != 0) {
          Status s = reportDataLoss("Added partition " + tp.toString() + " starts from " +
                                    std::to_string(offset) +
                                    " instead of 0. Some data may have been missed");
          if (!s.ok()) return s.error();
        }
    }
    std::set<TopicPartition> deleted;
    for (const auto& [tp, offset] : from)
      if (!until.count(tp)) deleted.insert(tp);
    if (!deleted.empty()) {
      Status s = reportDataLoss(partitionSetString(deleted) + " are gone. " +
                                (options_.customGroupId ? std::string(kCustomGroupIdMessage)
                                                        : "Some data may have been missed."));
      if (!s.ok()) return s.error();
    }
    std::vector<OffsetRange> ranges;
    for (const auto& [tp, end] : until) {
      int64_t begin;
      if (auto it = from.find(tp); it != from.end())
        begin = it->second;
      else if (auto it2 = addedStart.find(tp); it2 != addedStart.end())
        begin = it2->second;
      else
        continue;
      if (end < begin) {
        Status s = reportDataLoss("Partition " + tp.toString() + "'s offset was changed from " +
                                  std::to_string(begin) + " to " + std::to_string(end) +
                                  ", some data may have been missed");
        if (!s.ok()) return s.error();
      }
      ranges.push_back({tp, begin, end});
    }
    return ranges;
  }

  Status reportDataLoss(const std::string& message) {
    if (options_.failOnDataLoss)
      return Error::external(client_->redact(message + ". " + kDataLossFailInstruction), false);
    logWarn(kLogger, "{}. {}", message, kDataLossWarnInstruction);
    return Status::success();
  }

  SourceOptions options_;
  std::string metadataPath_;
  std::function<int64_t()> clock_;
  std::unique_ptr<KafkaClient> client_;
  std::unique_ptr<RangeReader> reader_;
  std::optional<TriggerDelay> delay_;
  std::optional<PartitionOffsets> initial_;
  bool availableNow_ = false;
  std::optional<PartitionOffsets> availableNowOffsets_;
  mutable std::mutex metricsMutex_;
  PartitionOffsets latestAvailable_;
  PartitionOffsets lastEnd_;
};

}  // namespace

SchemaPtr streamSourceSchema(const ConnectorContext& context) {
  SourceOptions options = parseStreamSourceOptions(context);
  SchemaPtr schema = kafkaSchema(options.includeHeaders);
  checkKafkaUserSchema(context, schema);
  return schema;
}

std::unique_ptr<Source> makeStreamSource(const ConnectorContext& context) {
  checkKafkaUserSchema(context, kafkaSchema(optionBool(context, "includeHeaders", false)));
  return std::make_unique<KafkaSource>(context);
}

SchemaPtr batchSourceSchema(const ConnectorContext& context) {
  // A table made to be written to (CREATE TABLE … USING kafka OPTIONS (topic …) and then
  // INSERT INTO it) names no subscription: its read options are checked if it is ever read.
  bool subscribes =
      context.option("subscribe") || context.option("subscribePattern") || context.option("assign");
  if (!subscribes && context.option("topic")) {
    checkKafkaUserSchema(context, kafkaSchema(false));
    return kafkaSchema(optionBool(context, "includeHeaders", false));
  }
  SourceOptions options = parseBatchSourceOptions(context);
  SchemaPtr schema = kafkaSchema(options.includeHeaders);
  checkKafkaUserSchema(context, schema);
  return schema;
}

Result<std::vector<BatchPtr>> readBatch(const ConnectorContext& context) {
  SourceOptions options;
  try {
    options = parseBatchSourceOptions(context);
  } catch (const SpateError& e) {
    return Error::user(e.what());
  }
  KafkaClient client(KafkaRole::kConsumer, options.client);
  auto partitions = client.partitions(options.strategy);
  if (!partitions.ok()) return partitions.error();
  auto from =
      resolveOffsets(client, *partitions, options.startingOffsets, true, OffsetCheck::kBatch);
  if (!from.ok()) return from.error();
  auto until =
      resolveOffsets(client, *partitions, options.endingOffsets, false, OffsetCheck::kBatch);
  if (!until.ok()) return until.error();
  std::vector<OffsetRange> ranges;
  for (const auto& [tp, begin] : *from) {
    auto endIt = until->find(tp);
    if (endIt == until->end()) continue;  // deleted between the two lookups
    int64_t end = endIt->second;
    if (begin > end)
      return Error::user("Beginning offset " + std::to_string(begin) +
                         " is after the ending offset " + std::to_string(end) + " for topic " +
                         tp.topic + " partition " + std::to_string(tp.partition) +
                         ". You either provided an invalid fromOffset, or the Kafka topic has "
                         "been damaged");
    ranges.push_back({tp, begin, end});
  }
  ReaderOptions reader;
  reader.includeHeaders = options.includeHeaders;
  reader.failOnDataLoss = options.failOnDataLoss;
  reader.pollTimeoutMs = options.pollTimeoutMs;
  reader.groupId = options.groupId;
  RangeReader rangeReader(client, std::move(reader));
  return rangeReader.read(ranges);
}

}  // namespace spate::connector::kafka
