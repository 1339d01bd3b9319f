// Kafka helpers shared by the benchmarks: a mock broker in a child process (so that the CPU time
// measured in the benchmark process is the client's own), a producer, and the bare librdkafka
// consumer that is the client library's physical limit.
#pragma once

#include <librdkafka/rdkafka.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "bench_util.h"
#include "connector/kafka/mock_cluster.h"

namespace spate::bench {

inline void kafkaSet(rd_kafka_conf_t* conf, const char* key, const std::string& value) {
  char error[512];
  if (rd_kafka_conf_set(conf, key, value.c_str(), error, sizeof error) != RD_KAFKA_CONF_OK)
    die(error);
}

/// Starts a one-broker mock cluster with `topic` in a child process; returns its pid and sets
/// `bootstrap`. The child dies with the benchmark (PR_SET_PDEATHSIG) or when killed.
inline pid_t startBroker(const std::string& topic, int partitions, std::string& bootstrap) {
  int fds[2];
  if (pipe(fds) != 0) die("pipe failed");
  pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the benchmark
    close(fds[0]);
    connector::kafka::MockCluster cluster(1);
    (void)cluster.createTopic(topic, partitions);
    std::string line = cluster.bootstrapServers() + "\n";
    if (write(fds[1], line.data(), line.size()) < 0) _exit(1);
    close(fds[1]);
    for (;;) pause();  // until the parent kills us
  }
  close(fds[1]);
  char buffer[256];
  ssize_t n = read(fds[0], buffer, sizeof buffer - 1);
  close(fds[0]);
  if (n <= 0) die("the broker did not start");
  bootstrap.assign(buffer, static_cast<size_t>(n) - 1);
  return pid;
}

/// Produces `messages` values round-robin over the partitions; `value(i, buffer, capacity)`
/// writes message i and returns its length. Fails when the broker dropped anything: the mock
/// keeps only ~5 MB per partition, old segments are deleted beyond that.
template <typename ValueFn>
void produce(const std::string& bootstrap, const std::string& topic, int64_t messages,
             int partitions, ValueFn&& value) {
  char error[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  kafkaSet(conf, "bootstrap.servers", bootstrap);
  kafkaSet(conf, "linger.ms", "20");
  kafkaSet(conf, "batch.num.messages", "10000");
  kafkaSet(conf, "queue.buffering.max.messages", "1000000");
  rd_kafka_t* producer = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
  if (!producer) die(error);
  char buffer[512];
  for (int64_t i = 0; i < messages; ++i) {
    int n = value(i, buffer, sizeof buffer);
    while (rd_kafka_producev(producer, RD_KAFKA_V_TOPIC(topic.c_str()),
                             RD_KAFKA_V_PARTITION(static_cast<int32_t>(i % partitions)),
                             RD_KAFKA_V_VALUE(buffer, static_cast<size_t>(n)),
                             RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                             RD_KAFKA_V_END) == RD_KAFKA_RESP_ERR__QUEUE_FULL)
      rd_kafka_poll(producer, 5);
  }
  if (rd_kafka_flush(producer, 120'000) != RD_KAFKA_RESP_ERR_NO_ERROR)
    die("the producer could not deliver every message");
  for (int p = 0; p < partitions; ++p) {
    int64_t low = 0, high = 0;
    rd_kafka_query_watermark_offsets(producer, topic.c_str(), p, &low, &high, 5000);
    if (low != 0)
      die("partition " + std::to_string(p) + " lost records (low watermark " + std::to_string(low) +
          "): use more partitions");
  }
  rd_kafka_destroy(producer);
}

/// A plain librdkafka consumer: assign every partition at 0, poll in batches until each
/// partition's end, touch every payload.
inline Measure bareConsumer(const std::string& bootstrap, const std::string& topic,
                            int partitions) {
  char error[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  kafkaSet(conf, "bootstrap.servers", bootstrap);
  kafkaSet(conf, "group.id", "bench-bare");
  kafkaSet(conf, "enable.partition.eof", "true");
  kafkaSet(conf, "enable.auto.commit", "false");
  kafkaSet(conf, "fetch.wait.max.ms", "10");
  Measure m;
  double wall0 = wallSeconds(), cpu0 = cpuSeconds();
  rd_kafka_t* consumer = rd_kafka_new(RD_KAFKA_CONSUMER, conf, error, sizeof error);
  if (!consumer) die(error);
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(partitions);
  for (int p = 0; p < partitions; ++p)
    rd_kafka_topic_partition_list_add(list, topic.c_str(), p)->offset = 0;
  rd_kafka_assign(consumer, list);
  rd_kafka_topic_partition_list_destroy(list);
  rd_kafka_queue_t* queue = rd_kafka_queue_get_consumer(consumer);
  std::vector<rd_kafka_message_t*> polled(4096);
  int ended = 0;
  while (ended < partitions) {
    ssize_t n = rd_kafka_consume_batch_queue(queue, 0, polled.data(), polled.size());
    if (n <= 0) {
      if (rd_kafka_message_t* one = rd_kafka_consume_queue(queue, 100)) {
        polled[0] = one;
        n = 1;
      } else {
        continue;
      }
    }
    for (ssize_t i = 0; i < n; ++i) {
      rd_kafka_message_t* msg = polled[i];
      if (msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        ++ended;
      } else if (!msg->err) {
        ++m.messages;
        m.bytes += static_cast<int64_t>(msg->len) + static_cast<const char*>(msg->payload)[0];
      }
      rd_kafka_message_destroy(msg);
    }
  }
  rd_kafka_queue_destroy(queue);
  m.wall = wallSeconds() - wall0;
  m.cpu = cpuSeconds() - cpu0;
  rd_kafka_consumer_close(consumer);
  rd_kafka_destroy(consumer);
  return m;
}

}  // namespace spate::bench
