#pragma once

// A Kafka-protocol broker cluster in this process: librdkafka's mock cluster, listening on
// random 127.0.0.1 ports. Used for kafka.bootstrap.servers=embedded[:N] (one cluster per broker
// count, shared by the whole process and started on first use), by `spate kafka-broker` and by
// tests. The mock keeps about 5 MB per partition (older records are dropped, like retention)
// and auto-creates unknown topics with 4 partitions.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

struct rd_kafka_s;
struct rd_kafka_mock_cluster_s;

namespace spate::connector::kafka {

class MockCluster {
 public:
  /// Starts a cluster of `brokers` brokers (ids 1..brokers). Throws ExecutionException if
  /// librdkafka cannot.
  explicit MockCluster(int brokers = 1);
  ~MockCluster();
  MockCluster(const MockCluster&) = delete;
  MockCluster& operator=(const MockCluster&) = delete;

  /// "127.0.0.1:port,…": what clients use as bootstrap.servers.
  const std::string& bootstrapServers() const { return bootstrap_; }
  int brokers() const { return brokers_; }
  /// Creates a topic with `partitions` partitions (replication factor 1).
  Status createTopic(const std::string& name, int partitions);
  /// Takes broker `id` down (connections closed and refused) or brings it back.
  void setBrokerUp(int id, bool up);
  rd_kafka_mock_cluster_s* handle() const { return cluster_; }

 private:
  int brokers_;
  rd_kafka_s* host_ = nullptr;  ///< the client handle the mock cluster runs in
  rd_kafka_mock_cluster_s* cluster_ = nullptr;
  std::string bootstrap_;
};

/// The broker count of "embedded" (1) or "embedded:N" (case-insensitive); nullopt for any other
/// value. IllegalArgumentException for "embedded:" followed by anything but 1..64.
std::optional<int> embeddedBrokerCount(std::string_view bootstrapServers);

/// The process-wide embedded cluster of `brokers` brokers, started on first use.
MockCluster& embeddedCluster(int brokers);

/// kafka.bootstrap.servers as clients need it: the embedded cluster's bootstrap list for
/// "embedded[:N]" (starting it), the value itself otherwise.
std::string resolveBootstrapServers(const std::string& bootstrapServers);

}  // namespace spate::connector::kafka
