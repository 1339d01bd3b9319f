#include "connector/kafka/range_reader.h"

#include <chrono>

#include "common/logging.h"
#include "connector/kafka/kafka_messages.h"
#include "connector/kafka/record_columns.h"

namespace spate::connector::kafka {

namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr const char* kLogger = "KafkaDataConsumer";
constexpr size_t kPollBatch = 4096;
/// Records kept for a partition read ahead of its range; beyond this the reader forgets them
/// and re-positions the partition on its next read (bounds memory on skewed partitions).
constexpr size_t kMaxStashed = 200'000;
/// How long a read waits for progress after librdkafka reported brokers down.
constexpr std::chrono::milliseconds kBrokerTroubleGrace{1000};
/// A partition whose position keeps vanishing (topic recreated while reading) fails the read.
constexpr int kMaxOutOfRangeRetries = 3;

int64_t millisSince(SteadyClock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - start).count();
}

bool isBrokerTrouble(rd_kafka_resp_err_t err) {
  return err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN || err == RD_KAFKA_RESP_ERR__TRANSPORT ||
         err == RD_KAFKA_RESP_ERR__RESOLVE || err == RD_KAFKA_RESP_ERR__TIMED_OUT;
}

}  // namespace

struct RangeReader::Work {
  Work(const OffsetRange& r, bool includeHeaders)
      : range(r),
        columns(includeHeaders, defaultVectorSize(), r.partition.topic, r.partition.partition) {}
  OffsetRange range;
  Cursor* cursor = nullptr;
  RecordColumns columns;
  std::vector<BatchPtr> batches;
  bool done = false;
  int outOfRange = 0;
};

RangeReader::RangeReader(KafkaClient& client, ReaderOptions options)
    : client_(client), options_(std::move(options)) {
  queue_ = rd_kafka_queue_get_consumer(client_.handle());
  if (options_.dataAvailable)
    rd_kafka_queue_cb_event_enable(queue_, &RangeReader::onQueueEvent, this);
}

RangeReader::~RangeReader() {
  if (options_.dataAvailable) rd_kafka_queue_cb_event_enable(queue_, nullptr, nullptr);
  cursors_.clear();  // stashed messages go back to librdkafka before its queue does
  rd_kafka_queue_destroy(queue_);
}

void RangeReader::onQueueEvent(rd_kafka_t*, void* opaque) {
  static_cast<RangeReader*>(opaque)->options_.dataAvailable();
}

Status RangeReader::assign(const std::map<TopicPartition, int64_t>& positions) {
  cursors_.clear();
  rd_kafka_topic_partition_list_t* list =
      rd_kafka_topic_partition_list_new(static_cast<int>(positions.size()));
  for (const auto& [tp, offset] : positions)
    rd_kafka_topic_partition_list_add(list, tp.topic.c_str(), tp.partition)->offset = offset;
  rd_kafka_resp_err_t err = rd_kafka_assign(client_.handle(), list);
  rd_kafka_topic_partition_list_destroy(list);
  if (err) return client_.error("Cannot assign Kafka partitions", err, rd_kafka_err2str(err));
  for (const auto& [tp, offset] : positions) cursors_[tp].next = offset;
  return Status::success();
}

Result<std::vector<BatchPtr>> RangeReader::read(const std::vector<OffsetRange>& ranges) {
  std::vector<Work> work;
  work.reserve(ranges.size());
  for (const auto& range : ranges)
    if (range.from < range.until) work.emplace_back(range, options_.includeHeaders);
  if (work.empty()) return std::vector<BatchPtr>{};

  Status status = readInto(work);
  if (!status.ok()) {
    // Records taken from the consumer are gone with the failed attempt: start over next time.
    cursors_.clear();
    rd_kafka_assign(client_.handle(), nullptr);
    return status.error();
  }
  std::vector<BatchPtr> out;
  for (auto& w : work) {
    w.columns.flush(w.batches);
    for (auto& batch : w.batches) out.push_back(std::move(batch));
  }
  return out;
}

Status RangeReader::readInto(std::vector<Work>& work) {
  // Continue where the consumer stands when every range starts there; otherwise (first read,
  // replay, new partitions, lost positions) assign every range's partition at its start.
  bool positioned = true;
  for (const auto& w : work) {
    auto it = cursors_.find(w.range.partition);
    if (it == cursors_.end() || it->second.lost || it->second.next != w.range.from)
      positioned = false;
  }
  if (!positioned) {
    std::map<TopicPartition, int64_t> positions;
    for (const auto& w : work) positions[w.range.partition] = w.range.from;
    Status s = assign(positions);
    if (!s.ok()) return s;
  }
  for (auto& w : work) w.cursor = &cursors_.at(w.range.partition);
  size_t remaining = work.size();

  auto finish = [&](Work& w) {
    if (w.done) return;
    w.done = true;
    --remaining;
  };
  // Appends one record of `w`'s partition (offset >= cursor.next), or stashes it past the range.
  auto take = [&](Work& w, MessagePtr message) {
    if (message->offset >= w.range.until) {
      w.cursor->stash.push_front(std::move(message));
      w.cursor->next = w.range.until;
      finish(w);
      return;
    }
    // Offsets may skip (compacted topics, transaction markers): only records count.
    w.columns.append(*message, w.batches);
    w.cursor->next = message->offset + 1;
    if (w.cursor->next >= w.range.until) finish(w);
  };
  auto drainStash = [&](Work& w) {
    Cursor& c = *w.cursor;
    while (!w.done && !c.stash.empty()) {
      MessagePtr m = std::move(c.stash.front());
      c.stash.pop_front();
      if (m->offset < c.next) continue;
      take(w, std::move(m));
    }
    // The consumer saw the partition end at or after the range: every record of it arrived.
    if (!w.done && c.endSeen >= w.range.until && c.stash.empty()) {
      c.next = w.range.until;
      finish(w);
    }
  };
  for (auto& w : work) drainStash(w);

  // Where the messages of a (topic handle, partition) go; messages come in runs of one partition.
  struct Route {
    rd_kafka_topic_t* topic;
    int32_t partition;
    Cursor* cursor;
    Work* work;
  };
  std::vector<Route> routes;
  size_t lastRoute = 0;
  auto route = [&](const rd_kafka_message_t& m) -> Route {
    if (lastRoute < routes.size() && routes[lastRoute].topic == m.rkt &&
        routes[lastRoute].partition == m.partition)
      return routes[lastRoute];
    for (size_t i = 0; i < routes.size(); ++i)
      if (routes[i].topic == m.rkt && routes[i].partition == m.partition) {
        lastRoute = i;
        return routes[i];
      }
    TopicPartition tp{rd_kafka_topic_name(m.rkt), m.partition};
    Route r{m.rkt, m.partition, nullptr, nullptr};
    if (auto it = cursors_.find(tp); it != cursors_.end()) r.cursor = &it->second;
    for (auto& w : work)
      if (w.range.partition == tp) r.work = &w;
    lastRoute = routes.size();
    routes.push_back(r);
    return r;
  };

  std::vector<rd_kafka_message_t*> polled(kPollBatch);
  auto lastProgress = SteadyClock::now();
  // When librdkafka last reported brokers unreachable with no record arriving since.
  bool trouble = false;
  SteadyClock::time_point troubleSince{};
  std::string troubleReason;
  while (remaining > 0) {
    ssize_t n = rd_kafka_consume_batch_queue(queue_, 0, polled.data(), polled.size());
    if (n <= 0) {
      // Nothing queued: block for one message (a batch call would wait to fill the batch).
      if (rd_kafka_message_t* m = rd_kafka_consume_queue(queue_, 100)) {
        polled[0] = m;
        n = 1;
      } else {
        n = 0;
      }
    }
    bool progress = false;
    bool reassign = false;
    for (ssize_t i = 0; i < n; ++i) {
      MessagePtr m(polled[i]);
      if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR || m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF ||
          m->err == RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET ||
          m->err == RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE) {
        if (!m->rkt) continue;
        Route r = route(*m);
        if (!r.cursor) continue;  // a partition of an earlier assignment
        Cursor& c = *r.cursor;
        if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
          c.endSeen = std::max(c.endSeen, m->offset);
          if (r.work && !r.work->done && c.endSeen >= r.work->range.until && c.stash.empty()) {
            c.next = r.work->range.until;
            finish(*r.work);
          }
        } else if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
          if (r.work && !r.work->done) {
            Status s = handleOutOfRange(r.work->range.partition, c, r.work);
            if (!s.ok()) return s;
            if (c.next >= r.work->range.until) finish(*r.work);
            reassign = true;
          } else {
            c.lost = true;  // found again on the next read of this partition
          }
        } else if (m->offset < c.next) {
          // Fetched before a re-assignment moved the position.
        } else if (r.work && !r.work->done && c.stash.empty()) {
          take(*r.work, std::move(m));
          progress = true;
        } else if (c.stash.size() < kMaxStashed) {
          c.stash.push_back(std::move(m));
        } else {
          c.stash.clear();
          c.lost = true;
        }
        continue;
      }
      if (m->rkt) {
        TopicPartition tp{rd_kafka_topic_name(m->rkt), m->partition};
        return client_.error("Cannot read " + tp.toString(), m->err,
                             rd_kafka_message_errstr(m.get()));
      }
      return client_.error("Cannot read from Kafka", m->err, rd_kafka_message_errstr(m.get()));
    }
    if (reassign) {
      // Positions moved past lost records: fetch every partition again from its cursor.
      std::map<TopicPartition, int64_t> positions;
      for (const auto& [tp, c] : cursors_) positions[tp] = c.next;
      Status s = assign(positions);
      if (!s.ok()) return s;
      for (auto& w : work) w.cursor = &cursors_.at(w.range.partition);
      routes.clear();
    }

    client_.serveCallbacks();
    for (const auto& problem : client_.takeProblems()) {
      if (isUserError(problem.code))
        return client_.error("Cannot read from Kafka", problem.code, problem.reason);
      if (isBrokerTrouble(problem.code) && (!trouble || troubleSince < lastProgress)) {
        trouble = true;
        troubleSince = problem.when;
        troubleReason = problem.reason;
      }
    }
    if (progress) {
      lastProgress = SteadyClock::now();
      trouble = false;
    }
    if (remaining == 0) break;
    if (trouble && SteadyClock::now() - troubleSince > kBrokerTroubleGrace &&
        lastProgress < troubleSince) {
      std::string pending;
      for (const auto& w : work)
        if (!w.done) pending += (pending.empty() ? "" : ", ") + w.range.partition.toString();
      return client_.error("Cannot read " + pending, RD_KAFKA_RESP_ERR__TRANSPORT, troubleReason);
    }
    if (millisSince(lastProgress) > options_.pollTimeoutMs) {
      for (const auto& w : work)
        if (!w.done)
          return client_.error("Timed out after " + std::to_string(options_.pollTimeoutMs) +
                                   " ms waiting for offset " + std::to_string(w.cursor->next) +
                                   " of " + w.range.partition.toString() + " (reading up to " +
                                   std::to_string(w.range.until) + ")",
                               RD_KAFKA_RESP_ERR__TIMED_OUT, "no record arrived");
    }
  }
  return Status::success();
}

Status RangeReader::handleOutOfRange(const TopicPartition& tp, Cursor& cursor, Work* work) {
  int64_t offset = cursor.next;
  const OffsetRange& range = work->range;
  if (options_.failOnDataLoss)
    return Error::external(client_.redact("Cannot fetch offset " + std::to_string(offset) +
                                          " (GroupId: " + options_.groupId + ", TopicPartition: " +
                                          tp.toString() + "). " + kDataLossFailInstruction),
                           false);
  auto earliest = client_.listOffsets({tp}, kEarliestOffset);
  if (!earliest.ok()) return earliest.error();
  auto latest = client_.listOffsets({tp}, kLatestOffset);
  if (!latest.ok()) return latest.error();
  int64_t low = earliest->at(tp), high = latest->at(tp);
  std::string available = "The current available offset range is AvailableOffsetRange(" +
                          std::to_string(low) + "," + std::to_string(high) + ").\n";
  std::string where = "(GroupId: " + options_.groupId + ", TopicPartition: " + tp.toString() +
                      "). " + kDataLossWarnInstruction;
  if (offset >= high || low >= range.until) {
    logWarn(kLogger, "\n{} Offset {} is out of range, and records in [{}, {}) will be\n skipped {}",
            available, offset, offset, range.until, where);
    cursor.next = range.until;
  } else if (offset >= low) {
    if (++work->outOfRange > kMaxOutOfRangeRetries)
      return client_.error("Cannot read offset " + std::to_string(offset) + " of " + tp.toString(),
                           RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE, "the offset keeps disappearing");
    logWarn(kLogger, "Found a disappeared offset {}. Some data may be lost {}", offset, where);
  } else {
    logWarn(kLogger, "\n{} Offset {} is out of range, and records in [{}, {}) will be\n skipped {}",
            available, offset, offset, low, where);
    cursor.next = low;
  }
  cursor.stash.clear();
  return Status::success();
}

}  // namespace spate::connector::kafka
