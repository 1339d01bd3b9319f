#pragma once

// The JSON forms of Kafka offsets (Spark's JsonUtils and KafkaSourceOffset): the offsets in the
// checkpoint's offset log and in progress reports ({"topic":{"0":123,"1":456}}), the
// startingOffsets/endingOffsets and *ByTimestamp options, the `assign` option
// ({"topicA":[0,1]}), and the source's initial-offsets file.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "connector/kafka/topic_partition.h"

namespace spate::connector::kafka {

/// {"a":{"0":5,"1":7},"b":{"0":1}}: topics by name, partitions by number; "{}" when empty.
std::string offsetsToJson(const PartitionOffsets& offsets);

/// The offsets of offsetsToJson (any order, whitespace, quoted numbers); nullopt when malformed.
std::optional<PartitionOffsets> parseOffsetsJson(std::string_view json);

/// startingOffsets/endingOffsets JSON; IllegalArgumentException with Spark's text when malformed.
PartitionOffsets parseOffsetsOption(std::string_view json);
/// startingOffsetsByTimestamp/endingOffsetsByTimestamp JSON, with Spark's text when malformed.
PartitionOffsets parseTimestampsOption(std::string_view json);
/// The `assign` option ({"topicA":[0,1],"topicB":[2,4]}), with Spark's text when malformed.
std::vector<TopicPartition> parseAssignOption(std::string_view json);

/// Writes the offsets a new query starts from to `path` (Spark's KafkaSourceInitialOffsetWriter
/// format: a zero byte, "v1\n", the offsets JSON), keeping an existing file.
Status writeInitialOffsets(const std::string& path, const PartitionOffsets& offsets);
/// The offsets of an initial-offsets file, nullopt when there is none.
Result<std::optional<PartitionOffsets>> readInitialOffsets(const std::string& path);

}  // namespace spate::connector::kafka
