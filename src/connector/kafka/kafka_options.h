#pragma once

// The Kafka source and sink options (Spark's KafkaSourceProvider): validation with Spark's
// messages, the subscription strategy, the starting/ending offset limits, and the librdkafka
// properties built from the kafka.* options.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "connector/api/connector.h"
#include "connector/kafka/client_config.h"
#include "connector/kafka/topic_partition.h"

namespace spate::connector::kafka {

/// Which partitions a source reads (Spark's ConsumerStrategy).
struct SubscriptionStrategy {
  enum class Kind { kAssign, kSubscribe, kSubscribePattern };
  Kind kind = Kind::kSubscribe;
  std::vector<TopicPartition> partitions;  ///< assign
  std::vector<std::string> topics;         ///< subscribe
  std::string pattern;                     ///< subscribePattern (a regular expression)

  /// "Assign[t-0, t-1]", "Subscribe[a, b]", "SubscribePattern[a.*]".
  std::string toString() const;
};

/// startingOffsets / endingOffsets and their timestamp forms (Spark's KafkaOffsetRangeLimit).
struct OffsetRangeLimit {
  enum class Kind { kEarliest, kLatest, kSpecificOffsets, kSpecificTimestamps, kGlobalTimestamp };
  Kind kind = Kind::kLatest;
  PartitionOffsets values;  ///< offsets (-1 latest, -2 earliest) or timestamps per partition
  int64_t timestamp = 0;    ///< kGlobalTimestamp
  /// startingOffsetsByTimestampStrategy=latest: a timestamp no record reaches means "latest"
  /// instead of an error.
  bool latestWhenNoMatch = false;
};

struct SourceOptions {
  SubscriptionStrategy strategy;
  OffsetRangeLimit startingOffsets;
  OffsetRangeLimit endingOffsets;  ///< batch reads only (latest by default)
  bool failOnDataLoss = true;
  bool includeHeaders = false;
  std::optional<int64_t> maxOffsetsPerTrigger;
  std::optional<int64_t> minOffsetsPerTrigger;
  int64_t maxTriggerDelayMs = 15 * 60 * 1000;
  /// How long a read waits for records without progress before failing (retryably).
  int64_t pollTimeoutMs = 120'000;
  int32_t fetchOffsetNumRetries = 3;
  int64_t fetchOffsetRetryIntervalMs = 1000;
  /// The consumer group id: kafka.group.id, or <groupIdPrefix>-<uuid>-<hash>-executor.
  std::string groupId;
  bool customGroupId = false;
  ClientConfig client;
};

/// readStream.format("kafka"): Spark's validateStreamOptions (IllegalArgumentException with its
/// texts), then the offsets options. Starts the embedded broker for kafka.bootstrap.servers
/// "embedded[:N]".
SourceOptions parseStreamSourceOptions(const ConnectorContext& context);

/// read.format("kafka"): Spark's validateBatchOptions (startingOffsets earliest by default,
/// endingOffsets latest by default; maxOffsetsPerTrigger & co. are ignored with a warning).
SourceOptions parseBatchSourceOptions(const ConnectorContext& context);

struct SinkOptions {
  /// The `topic` option (trimmed): overrides the topic column.
  std::optional<std::string> topic;
  ClientConfig client;
};

/// writeStream/write.format("kafka"): the producer options (kafka.key.serializer and
/// kafka.value.serializer rejected as Spark does; kafka.bootstrap.servers required).
SinkOptions parseSinkOptions(const ConnectorContext& context);

/// Java's String.hashCode of `text` (Spark names groups with the metadata path's hash).
int32_t javaStringHash(std::string_view text);

}  // namespace spate::connector::kafka
