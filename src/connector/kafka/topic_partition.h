#pragma once

// Kafka's TopicPartition and the per-partition offset maps the Kafka connector passes around
// (Spark's PartitionOffsetMap), printed as Kafka and Scala print them.

#include <compare>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace spate::connector::kafka {

struct TopicPartition {
  std::string topic;
  int32_t partition = 0;

  auto operator<=>(const TopicPartition&) const = default;
  /// Kafka's TopicPartition.toString: "<topic>-<partition>".
  std::string toString() const { return topic + "-" + std::to_string(partition); }
};

/// Offsets (or timestamps) by partition, ordered by topic then partition number.
using PartitionOffsets = std::map<TopicPartition, int64_t>;

/// Kafka's special offsets in startingOffsets/endingOffsets JSON.
inline constexpr int64_t kLatestOffset = -1;
inline constexpr int64_t kEarliestOffset = -2;

/// A Scala Set's toString of partitions: "Set(a-0, a-1)" (sorted, for stable messages).
inline std::string partitionSetString(const std::set<TopicPartition>& partitions) {
  std::string out = "Set(";
  bool first = true;
  for (const auto& tp : partitions) {
    if (!first) out += ", ";
    out += tp.toString();
    first = false;
  }
  return out + ")";
}

inline std::set<TopicPartition> keysOf(const PartitionOffsets& offsets) {
  std::set<TopicPartition> keys;
  for (const auto& [tp, offset] : offsets) keys.insert(tp);
  return keys;
}

}  // namespace spate::connector::kafka
