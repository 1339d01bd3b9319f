#pragma once

// Helpers for the Kafka connector's tests (not part of the engine): a fresh in-process mock
// cluster per test, a real librdkafka producer to write test records and a real consumer to
// read a topic back. Nothing here fakes a client.

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include <atomic>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "connector/kafka/mock_cluster.h"

namespace spate::connector::kafka::testing {

struct TestRecord {
  int32_t partition = 0;
  std::optional<std::string> key;
  std::optional<std::string> value;
  std::vector<std::pair<std::string, std::optional<std::string>>> headers;
  int64_t timestampMs = 0;  ///< 0: the producer's clock
  int64_t offset = -1;      ///< set when read back
};

class KafkaTestCluster {
 public:
  /// One cluster for every test of the process that does not take brokers down: destroying a
  /// mock cluster can take a second. Tests keep apart by using their own topics (uniqueTopic).
  static KafkaTestCluster& shared() {
    static auto* const cluster = new KafkaTestCluster(1);
    return *cluster;
  }
  /// A topic name no other test of the process uses: "<base>-<n>".
  static std::string uniqueTopic(const std::string& base) {
    static std::atomic<int> next{0};
    return base + "-" + std::to_string(next++);
  }

  explicit KafkaTestCluster(int brokers = 1) : cluster_(brokers) {
    char error[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    set(conf, "bootstrap.servers", cluster_.bootstrapServers());
    set(conf, "linger.ms", "1");
    set(conf, "log_level", "0");
    // Outage tests make this producer lose its broker too: nothing to report.
    rd_kafka_conf_set_error_cb(conf, [](rd_kafka_t*, int, const char*, void*) {});
    // Topics created after the producer are otherwise found by the next periodic refresh (~1 s).
    set(conf, "topic.metadata.refresh.interval.ms", "100");
    producer_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
    if (!producer_) throw std::runtime_error(error);
  }
  ~KafkaTestCluster() {
    rd_kafka_flush(producer_, 5000);
    rd_kafka_destroy(producer_);
  }

  MockCluster& cluster() { return cluster_; }
  const std::string& bootstrap() const { return cluster_.bootstrapServers(); }

  void createTopic(const std::string& name, int partitions) {
    Status created = cluster_.createTopic(name, partitions);
    ASSERT_TRUE(created.ok()) << created.error().message;
  }

  /// Produces `records` to `topic` and waits until the broker has them all.
  void produce(const std::string& topic, const std::vector<TestRecord>& records) {
    for (const auto& r : records) {
      rd_kafka_headers_t* headers = nullptr;
      if (!r.headers.empty()) {
        headers = rd_kafka_headers_new(r.headers.size());
        for (const auto& [name, value] : r.headers)
          rd_kafka_header_add(headers, name.data(), static_cast<ssize_t>(name.size()),
                              value ? value->data() : nullptr, value ? value->size() : 0);
      }
      // The macros cast their arguments: pass plain variables.
      void* key = r.key ? const_cast<char*>(r.key->data()) : nullptr;
      size_t keySize = r.key ? r.key->size() : 0;
      void* value = r.value ? const_cast<char*>(r.value->data()) : nullptr;
      size_t valueSize = r.value ? r.value->size() : 0;
      for (;;) {
        rd_kafka_resp_err_t err = rd_kafka_producev(
            producer_, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(r.partition),
            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_KEY(key, keySize),
            RD_KAFKA_V_VALUE(value, valueSize), RD_KAFKA_V_HEADERS(headers),
            RD_KAFKA_V_TIMESTAMP(r.timestampMs), RD_KAFKA_V_END);
        if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
          rd_kafka_poll(producer_, 10);
          continue;
        }
        ASSERT_EQ(err, RD_KAFKA_RESP_ERR_NO_ERROR) << rd_kafka_err2str(err);
        break;
      }
    }
    ASSERT_EQ(rd_kafka_flush(producer_, 10'000), RD_KAFKA_RESP_ERR_NO_ERROR);
  }

  /// Values "<prefix><i>" for i in [from, to), round-robin over `partitions` partitions.
  void produceValues(const std::string& topic, int from, int to, int partitions = 1,
                     const std::string& prefix = "v") {
    std::vector<TestRecord> records;
    for (int i = from; i < to; ++i) {
      TestRecord r;
      r.partition = i % partitions;
      r.value = prefix + std::to_string(i);
      records.push_back(std::move(r));
    }
    produce(topic, records);
  }

  /// Every record of `partitions` partitions of `topic`, read with a plain assigned consumer,
  /// ordered by partition and offset.
  std::vector<TestRecord> readAll(const std::string& topic, int partitions) {
    char error[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    set(conf, "bootstrap.servers", cluster_.bootstrapServers());
    set(conf, "group.id", "test-reader");
    set(conf, "enable.partition.eof", "true");
    set(conf, "enable.auto.commit", "false");
    set(conf, "fetch.wait.max.ms", "10");
    set(conf, "log_level", "3");
    rd_kafka_t* consumer = rd_kafka_new(RD_KAFKA_CONSUMER, conf, error, sizeof error);
    rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(partitions);
    for (int p = 0; p < partitions; ++p) {
      // Explicit offsets: a logical one (beginning) costs librdkafka half a second to resolve.
      int64_t low = 0, high = 0;
      rd_kafka_query_watermark_offsets(consumer, topic.c_str(), p, &low, &high, 5000);
      rd_kafka_topic_partition_list_add(list, topic.c_str(), p)->offset = low;
    }
    rd_kafka_assign(consumer, list);
    rd_kafka_topic_partition_list_destroy(list);
    std::map<int32_t, std::vector<TestRecord>> byPartition;
    int ended = 0;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (ended < partitions && std::chrono::steady_clock::now() < deadline) {
      rd_kafka_message_t* m = rd_kafka_consumer_poll(consumer, 100);
      if (!m) continue;
      if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        ++ended;
      } else if (!m->err) {
        TestRecord r;
        r.partition = m->partition;
        r.offset = m->offset;
        if (m->key) r.key = std::string(static_cast<const char*>(m->key), m->key_len);
        if (m->payload) r.value = std::string(static_cast<const char*>(m->payload), m->len);
        rd_kafka_headers_t* headers = nullptr;
        if (rd_kafka_message_headers(m, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
          const char* name;
          const void* value;
          size_t size;
          for (size_t i = 0; !rd_kafka_header_get_all(headers, i, &name, &value, &size); ++i)
            r.headers.emplace_back(name, value ? std::optional<std::string>(std::string(
                                                     static_cast<const char*>(value), size))
                                               : std::nullopt);
        }
        byPartition[m->partition].push_back(std::move(r));
      }
      rd_kafka_message_destroy(m);
    }
    EXPECT_EQ(ended, partitions) << "timed out reading " << topic;
    rd_kafka_consumer_close(consumer);
    rd_kafka_destroy(consumer);
    std::vector<TestRecord> out;
    for (auto& [p, records] : byPartition)
      for (auto& r : records) out.push_back(std::move(r));
    return out;
  }

  /// Source options reading `topic` from this cluster, plus `extra`.
  std::map<std::string, std::string> sourceOptions(
      const std::string& topic, std::map<std::string, std::string> extra = {}) const {
    std::map<std::string, std::string> options = {{"kafka.bootstrap.servers", bootstrap()},
                                                  {"subscribe", topic},
                                                  {"startingOffsets", "earliest"},
                                                  {"kafka.fetch.wait.max.ms", "10"}};
    for (auto& [k, v] : extra) options[k] = v;
    return options;
  }

 private:
  static void set(rd_kafka_conf_t* conf, const std::string& key, const std::string& value) {
    char error[512];
    if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), error, sizeof error) !=
        RD_KAFKA_CONF_OK)
      throw std::runtime_error(error);
  }

  MockCluster cluster_;
  rd_kafka_t* producer_ = nullptr;
};

}  // namespace spate::connector::kafka::testing
