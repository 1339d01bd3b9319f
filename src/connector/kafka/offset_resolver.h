#pragma once

// Turns startingOffsets/endingOffsets (earliest, latest, JSON offsets with -2/-1, timestamps)
// into concrete offsets of the partitions a source reads (Spark's KafkaOffsetReader).

#include <string>
#include <vector>

#include "common/result.h"
#include "connector/kafka/kafka_client.h"
#include "connector/kafka/kafka_options.h"

namespace spate::connector::kafka {

enum class OffsetCheck {
  kStreaming,  ///< a streaming query's start (Spark's fetchSpecificOffsets wording)
  kBatch,      ///< a batch read's start or end (fetchPartitionOffsets wording)
};

/// The offsets `limit` denotes for `partitions` (the partitions the strategy selects now).
/// JSON offsets and per-partition timestamps must name exactly those partitions (a user error
/// with Spark's assertion text otherwise). A timestamp no record reaches gives the latest offset
/// for an ending limit, and for a starting one an error unless latestWhenNoMatch.
Result<PartitionOffsets> resolveOffsets(KafkaClient& client,
                                        const std::vector<TopicPartition>& partitions,
                                        const OffsetRangeLimit& limit, bool starting,
                                        OffsetCheck check);

}  // namespace spate::connector::kafka
