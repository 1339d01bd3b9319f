#include "connector/kafka/offset_resolver.h"

#include <set>

namespace spate::connector::kafka {

namespace {

Result<PartitionOffsets> resolveSpecialOffsets(KafkaClient& client, PartitionOffsets offsets) {
  std::vector<TopicPartition> earliest, latest;
  for (const auto& [tp, offset] : offsets) {
    if (offset == kEarliestOffset) earliest.push_back(tp);
    if (offset == kLatestOffset) latest.push_back(tp);
  }
  for (auto [list, spec] : {std::pair{&earliest, kEarliestOffset}, {&latest, kLatestOffset}}) {
    if (list->empty()) continue;
    auto resolved = client.listOffsets(*list, spec);
    if (!resolved.ok()) return resolved.error();
    for (const auto& [tp, offset] : *resolved) offsets[tp] = offset;
  }
  return offsets;
}

}  // namespace

Result<PartitionOffsets> resolveOffsets(KafkaClient& client,
                                        const std::vector<TopicPartition>& partitions,
                                        const OffsetRangeLimit& limit, bool starting,
                                        OffsetCheck check) {
  std::set<TopicPartition> assigned(partitions.begin(), partitions.end());
  switch (limit.kind) {
    case OffsetRangeLimit::Kind::kEarliest:
      return client.listOffsets(partitions, kEarliestOffset);
    case OffsetRangeLimit::Kind::kLatest:
      return client.listOffsets(partitions, kLatestOffset);
    case OffsetRangeLimit::Kind::kSpecificOffsets: {
      if (keysOf(limit.values) != assigned)
        return Error::user(
            std::string("assertion failed: If startingOffsets contains specific offsets, you must "
                        "specify all TopicPartitions.\nUse -1 for latest, -2 for earliest") +
            (check == OffsetCheck::kStreaming ? ", if you don't care" : "") +
            ".\nSpecified: " + partitionSetString(keysOf(limit.values)) +
            " Assigned: " + partitionSetString(assigned));
      return resolveSpecialOffsets(client, limit.values);
    }
    case OffsetRangeLimit::Kind::kSpecificTimestamps:
    case OffsetRangeLimit::Kind::kGlobalTimestamp: {
      PartitionOffsets timestamps;
      if (limit.kind == OffsetRangeLimit::Kind::kSpecificTimestamps) {
        if (keysOf(limit.values) != assigned)
          return Error::user(
              "assertion failed: If starting/endingOffsetsByTimestamp contains specific offsets, "
              "you must specify all topics. Specified: " +
              partitionSetString(keysOf(limit.values)) +
              " Assigned: " + partitionSetString(assigned));
        timestamps = limit.values;
      } else {
        for (const auto& tp : partitions) timestamps[tp] = limit.timestamp;
      }
      auto found = client.offsetsForTimestamps(timestamps);
      if (!found.ok()) return found.error();
      PartitionOffsets offsets = *found;
      for (auto& [tp, offset] : offsets) {
        if (offset >= 0) continue;
        if (starting && !limit.latestWhenNoMatch)
          return Error::user("No offset matched from request of topic-partition " + tp.toString() +
                             " and timestamp " + std::to_string(timestamps.at(tp)) + ".");
        offset = kLatestOffset;
      }
      return resolveSpecialOffsets(client, std::move(offsets));
    }
  }
  return Error::internal("unknown offset limit");
}

}  // namespace spate::connector::kafka
