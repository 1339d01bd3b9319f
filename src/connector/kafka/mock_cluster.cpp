#include "connector/kafka/mock_cluster.h"

// rdkafka_mock.h refuses to compile unless rdkafka.h comes first.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <charconv>
#include <map>
#include <mutex>

#include "common/error.h"
#include "common/logging.h"
#include "common/strings.h"

namespace spate::connector::kafka {

MockCluster::MockCluster(int brokers) : brokers_(brokers) {
  char error[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  // The host handle never connects anywhere; silence its "no bootstrap.servers" warning.
  rd_kafka_conf_set(conf, "log_level", "3", error, sizeof error);
  host_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
  if (!host_) throw ExecutionException(std::string("Cannot start a Kafka mock cluster: ") + error);
  cluster_ = rd_kafka_mock_cluster_new(host_, brokers);
  if (!cluster_) {
    rd_kafka_destroy(host_);
    throw ExecutionException("Cannot start a Kafka mock cluster of " + std::to_string(brokers) +
                             " brokers");
  }
  bootstrap_ = rd_kafka_mock_cluster_bootstraps(cluster_);
}

MockCluster::~MockCluster() {
  rd_kafka_mock_cluster_destroy(cluster_);
  rd_kafka_destroy(host_);
}

Status MockCluster::createTopic(const std::string& name, int partitions) {
  if (name.empty()) return Error::user("A topic name cannot be empty");
  if (partitions < 1) return Error::user("A topic needs at least one partition: " + name);
  rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(cluster_, name.c_str(), partitions, 1);
  if (err) return Error::user("Cannot create topic " + name + ": " + rd_kafka_err2str(err));
  return Status::success();
}

void MockCluster::setBrokerUp(int id, bool up) {
  if (up)
    rd_kafka_mock_broker_set_up(cluster_, id);
  else
    rd_kafka_mock_broker_set_down(cluster_, id);
}

std::optional<int> embeddedBrokerCount(std::string_view bootstrapServers) {
  std::string value = toLower(trimWhitespace(bootstrapServers));
  if (value == "embedded") return 1;
  if (!value.starts_with("embedded:")) return std::nullopt;
  std::string_view count = std::string_view(value).substr(9);
  int brokers = 0;
  auto [end, ec] = std::from_chars(count.data(), count.data() + count.size(), brokers);
  if (ec != std::errc() || end != count.data() + count.size() || brokers < 1 || brokers > 64)
    throw IllegalArgumentException("Invalid value '" + std::string(bootstrapServers) +
                                   "' for option 'kafka.bootstrap.servers': expected embedded or "
                                   "embedded:<number of brokers, 1 to 64>");
  return brokers;
}

MockCluster& embeddedCluster(int brokers) {
  // Deliberately never destroyed (a function-local static pointer, as the style guide advises
  // for non-trivial globals): clients of the process may still talk to it during exit.
  static std::mutex* const mutex = new std::mutex;
  static auto* const clusters = new std::map<int, std::unique_ptr<MockCluster>>;
  std::lock_guard lock(*mutex);
  auto& cluster = (*clusters)[brokers];
  if (!cluster) {
    cluster = std::make_unique<MockCluster>(brokers);
    logInfo("KafkaEmbeddedBroker", "Started an embedded Kafka broker cluster of {} broker(s) at {}",
            brokers, cluster->bootstrapServers());
  }
  return *cluster;
}

std::string resolveBootstrapServers(const std::string& bootstrapServers) {
  if (auto brokers = embeddedBrokerCount(bootstrapServers))
    return embeddedCluster(*brokers).bootstrapServers();
  return bootstrapServers;
}

}  // namespace spate::connector::kafka
