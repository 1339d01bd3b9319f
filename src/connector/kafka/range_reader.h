#pragma once

// Reads exact offset ranges of Kafka partitions into batches: the same ranges always give the
// same rows (a replay after a failure or a restart reads what the first attempt read). The
// consumer is assigned partitions at explicit offsets (no consumer group), polled in batches,
// and kept positioned between reads, so consecutive micro-batches continue from the records
// librdkafka already prefetched. Records that no longer exist follow failOnDataLoss.

#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "connector/kafka/kafka_client.h"
#include "connector/kafka/topic_partition.h"
#include "vector/batch.h"

namespace spate::connector::kafka {

/// Records [from, until) of one partition.
struct OffsetRange {
  TopicPartition partition;
  int64_t from = 0;
  int64_t until = 0;
};

struct ReaderOptions {
  bool includeHeaders = false;
  bool failOnDataLoss = true;
  /// How long a read may go without receiving a record before it fails (retryably).
  int64_t pollTimeoutMs = 120'000;
  /// The consumer group id, named in data-loss messages as Spark names it.
  std::string groupId;
  /// Called from a librdkafka thread when records arrive on an idle consumer (may be empty).
  std::function<void()> dataAvailable;
};

class RangeReader {
 public:
  /// Reads through `client`, a consumer that must outlive the reader.
  RangeReader(KafkaClient& client, ReaderOptions options);
  ~RangeReader();
  RangeReader(const RangeReader&) = delete;
  RangeReader& operator=(const RangeReader&) = delete;

  /// The records of every range, ordered by range then offset, in batches of at most
  /// defaultVectorSize() rows. Errors: data loss with failOnDataLoss (not retryable),
  /// unreachable brokers and timeouts (retryable), authentication/authorization (user).
  Result<std::vector<BatchPtr>> read(const std::vector<OffsetRange>& ranges);

 private:
  struct MessageDeleter {
    void operator()(rd_kafka_message_t* m) const { rd_kafka_message_destroy(m); }
  };
  using MessagePtr = std::unique_ptr<rd_kafka_message_t, MessageDeleter>;
  struct Cursor {
    /// Every record below `next` was returned or skipped; records from `next` on that the
    /// consumer already delivered wait in `stash`.
    int64_t next = 0;
    std::deque<MessagePtr> stash;
    /// The consumer reached the end of the partition at this offset (-1: not yet).
    int64_t endSeen = -1;
    /// The position can no longer be trusted (stash overflow, fetch error): re-assign.
    bool lost = false;
  };
  struct Work;

  Status assign(const std::map<TopicPartition, int64_t>& positions);
  /// The consumer's position in `cursor`'s partition no longer exists (retention, a recreated
  /// topic): report data loss and move on, as Spark's KafkaDataConsumer does.
  Status handleOutOfRange(const TopicPartition& partition, Cursor& cursor, Work* work);
  Status readInto(std::vector<Work>& work);
  static void onQueueEvent(rd_kafka_t* rk, void* opaque);

  KafkaClient& client_;
  ReaderOptions options_;
  rd_kafka_queue_t* queue_ = nullptr;
  std::map<TopicPartition, Cursor> cursors_;
};

}  // namespace spate::connector::kafka
