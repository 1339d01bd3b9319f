#pragma once

// How much of what is available one micro-batch of the Kafka source reads (Spark's
// KafkaMicroBatchStream read limits), and the offsets-behind-latest metrics of its progress.

#include <cstdint>
#include <map>
#include <string>

#include "connector/kafka/topic_partition.h"

namespace spate::connector::kafka {

/// maxOffsetsPerTrigger: `limit` offsets split over the partitions in proportion to what each
/// has available (from `from`, or `fromNew` for partitions new since `from`), rounding down but
/// at least one per partition with data; never past `until`. Returns `until` when less than one
/// offset is available in total.
PartitionOffsets rateLimit(int64_t limit, const PartitionOffsets& from,
                           const PartitionOffsets& fromNew, const PartitionOffsets& until);

/// The number of offsets between `from` (0 for partitions it lacks) and `until`.
int64_t offsetsBetween(const PartitionOffsets& from, const PartitionOffsets& until);

/// minOffsetsPerTrigger with maxTriggerDelay: whether to wait for more data this trigger.
class TriggerDelay {
 public:
  TriggerDelay(int64_t minOffsets, int64_t maxDelayMs)
      : minOffsets_(minOffsets), maxDelayMs_(maxDelayMs) {}
  /// True to skip this trigger: fewer than minOffsets new offsets and maxTriggerDelay not yet
  /// passed since the last batch that ran.
  bool delay(int64_t nowMs, const PartitionOffsets& latest, const PartitionOffsets& current);

 private:
  int64_t minOffsets_;
  int64_t maxDelayMs_;
  int64_t lastTriggerMs_ = 0;
};

/// Spark's progress metrics minOffsetsBehindLatest, maxOffsetsBehindLatest and
/// avgOffsetsBehindLatest (of the partitions in `latest`, against `consumed`), plus one
/// "lag.<topic>.<partition>" entry per partition. Empty when either map is empty.
std::map<std::string, std::string> offsetsBehindMetrics(const PartitionOffsets& consumed,
                                                        const PartitionOffsets& latest);

}  // namespace spate::connector::kafka
