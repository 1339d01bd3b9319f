#include "connector/kafka/kafka_client.h"

#include <algorithm>
#include <memory>
#include <regex>
#include <set>

#include "common/error.h"
#include "common/logging.h"
#include "common/redaction.h"

namespace spate::connector::kafka {

namespace {

constexpr const char* kLogger = "librdkafka";

std::string redactWith(const ClientConfig& config, std::string text) {
  return redactSecrets(std::move(text), config.secrets);
}

// Sets every property on `conf`; on failure throws naming the property. librdkafka quotes the
// value in some messages, hence the redaction.
void applyProperties(rd_kafka_conf_t* conf, const ClientConfig& config) {
  char error[512];
  for (const auto& [name, value] : config.properties) {
    if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), error, sizeof error) !=
        RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      throw IllegalArgumentException(
          redactWith(config, "Invalid Kafka option 'kafka." + name + "': " + error));
    }
  }
}

struct MetadataDeleter {
  void operator()(const rd_kafka_metadata_t* md) const { rd_kafka_metadata_destroy(md); }
};

struct PartitionListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* list) const {
    rd_kafka_topic_partition_list_destroy(list);
  }
};
using PartitionList = std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionListDeleter>;

bool isInternalTopic(std::string_view topic) {
  return topic == "__consumer_offsets" || topic == "__transaction_state";
}

}  // namespace

bool isUserError(rd_kafka_resp_err_t err) {
  switch (err) {
    case RD_KAFKA_RESP_ERR__AUTHENTICATION:
    case RD_KAFKA_RESP_ERR__SSL:
    case RD_KAFKA_RESP_ERR__INVALID_ARG:
    case RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE:
    case RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED:
    case RD_KAFKA_RESP_ERR_UNSUPPORTED_SASL_MECHANISM:
    case RD_KAFKA_RESP_ERR_ILLEGAL_SASL_STATE:
    case RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_INVALID_CONFIG:
    case RD_KAFKA_RESP_ERR_TOPIC_EXCEPTION:
    case RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE:
    case RD_KAFKA_RESP_ERR_RECORD_LIST_TOO_LARGE:
      return true;
    default:
      return false;
  }
}

void validateClientConfig(KafkaRole role, const ClientConfig& config) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  applyProperties(conf, config);
  rd_kafka_conf_destroy(conf);
}

KafkaClient::KafkaClient(KafkaRole role, ClientConfig config, DeliveryReport deliveryReport)
    : role_(role), config_(std::move(config)) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  applyProperties(conf, config_);
  if (deliveryReport) rd_kafka_conf_set_dr_msg_cb(conf, deliveryReport);
  rd_kafka_conf_set_opaque(conf, this);
  rd_kafka_conf_set_error_cb(conf, &KafkaClient::onError);
  rd_kafka_conf_set_log_cb(conf, &KafkaClient::onLog);
  char error[512];
  handle_ = rd_kafka_new(role == KafkaRole::kConsumer ? RD_KAFKA_CONSUMER : RD_KAFKA_PRODUCER, conf,
                         error, sizeof error);
  if (!handle_) {
    rd_kafka_conf_destroy(conf);
    throw IllegalArgumentException(redact(std::string("Cannot create a Kafka client: ") + error));
  }
}

void KafkaClient::serveCallbacks() { rd_kafka_poll(handle_, 0); }

KafkaClient::~KafkaClient() {
  if (!handle_) return;
  if (role_ == KafkaRole::kConsumer) {
    rd_kafka_consumer_close(handle_);
  } else {
    // Whatever was not flushed belongs to a batch that failed and will be written again.
    rd_kafka_purge(handle_, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    rd_kafka_poll(handle_, 0);
  }
  rd_kafka_destroy(handle_);
}

std::string KafkaClient::redact(std::string text) const {
  return redactWith(config_, std::move(text));
}

void KafkaClient::onError(rd_kafka_t* rk, int err, const char* reason, void* opaque) {
  auto* self = static_cast<KafkaClient*>(opaque);
  Problem problem{static_cast<rd_kafka_resp_err_t>(err), self->redact(reason ? reason : ""),
                  std::chrono::steady_clock::now()};
  logDebug(kLogger, "{}: {}", rd_kafka_name(rk), problem.reason);
  std::lock_guard lock(self->mutex_);
  if (self->problems_.size() < 1000) self->problems_.push_back(problem);
  self->lastProblem_ = std::move(problem);
}

void KafkaClient::onLog(const rd_kafka_t* rk, int level, const char* facility,
                        const char* message) {
  // Syslog levels: up to 4 (warning) are worth a user's attention.
  LogLevel logLevel = level <= 4   ? LogLevel::kWarn
                      : level <= 6 ? LogLevel::kDebug
                                   : LogLevel::kTrace;
  if (!isLogEnabled(logLevel)) return;
  auto* self = static_cast<KafkaClient*>(rd_kafka_opaque(rk));
  std::string text = std::string(facility) + ": " + message;
  logMessage(logLevel, kLogger, self ? self->redact(std::move(text)) : text);
}

std::vector<KafkaClient::Problem> KafkaClient::takeProblems() {
  std::lock_guard lock(mutex_);
  return std::exchange(problems_, {});
}

std::optional<KafkaClient::Problem> KafkaClient::lastProblem() const {
  std::lock_guard lock(mutex_);
  return lastProblem_;
}

std::string KafkaClient::describe(rd_kafka_resp_err_t err) {
  serveCallbacks();  // the error callbacks that explain a timeout
  std::string text = rd_kafka_err2str(err);
  if (err == RD_KAFKA_RESP_ERR__TIMED_OUT || err == RD_KAFKA_RESP_ERR__TRANSPORT) {
    if (auto problem = lastProblem()) text += " (last problem: " + problem->reason + ")";
  }
  return text;
}

Error KafkaClient::error(const std::string& what, rd_kafka_resp_err_t err,
                         const std::string& reason) const {
  std::string servers = config_.bootstrapServers;
  if (config_.bootstrapOption != config_.bootstrapServers)
    servers = config_.bootstrapOption + " (" + servers + ")";
  std::string message = redact(what + " at Kafka bootstrap servers " + servers + ": " + reason);
  if (isUserError(err)) return Error::user(std::move(message));
  return Error::external(std::move(message), true);
}

Result<std::vector<TopicPartition>> KafkaClient::partitions(const SubscriptionStrategy& strategy) {
  const rd_kafka_metadata_t* raw = nullptr;
  // All topics: asking for named ones could make a broker auto-create them.
  rd_kafka_resp_err_t err =
      rd_kafka_metadata(handle_, 1, nullptr, &raw, static_cast<int>(config_.requestTimeoutMs));
  std::unique_ptr<const rd_kafka_metadata_t, MetadataDeleter> metadata(raw);
  if (err) return error("Cannot list the topics of " + strategy.toString(), err, describe(err));

  std::optional<std::regex> pattern;
  if (strategy.kind == SubscriptionStrategy::Kind::kSubscribePattern) {
    try {
      pattern.emplace(strategy.pattern);
    } catch (const std::regex_error& e) {
      return Error::user("Invalid subscribePattern '" + strategy.pattern + "': " + e.what());
    }
  }
  std::set<std::string> topics(strategy.topics.begin(), strategy.topics.end());
  std::set<TopicPartition> assigned(strategy.partitions.begin(), strategy.partitions.end());
  for (const auto& tp : strategy.partitions) topics.insert(tp.topic);

  std::vector<TopicPartition> out;
  for (int t = 0; t < metadata->topic_cnt; ++t) {
    const rd_kafka_metadata_topic_t& topic = metadata->topics[t];
    std::string name = topic.topic;
    bool wanted = pattern ? !isInternalTopic(name) && std::regex_match(name, *pattern)
                          : topics.count(name) > 0;
    if (!wanted) continue;
    if (topic.err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED)
      return error("Cannot read topic " + name, topic.err, rd_kafka_err2str(topic.err));
    if (topic.err) continue;  // being created or deleted: seen on a later call
    for (int p = 0; p < topic.partition_cnt; ++p) {
      TopicPartition tp{name, topic.partitions[p].id};
      if (strategy.kind == SubscriptionStrategy::Kind::kAssign && !assigned.count(tp)) continue;
      out.push_back(std::move(tp));
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

Result<PartitionOffsets> KafkaClient::offsetsForTimestamps(const PartitionOffsets& timestamps) {
  PartitionOffsets out;
  if (timestamps.empty()) return out;
  PartitionList list(rd_kafka_topic_partition_list_new(static_cast<int>(timestamps.size())));
  for (const auto& [tp, spec] : timestamps)
    rd_kafka_topic_partition_list_add(list.get(), tp.topic.c_str(), tp.partition)->offset = spec;
  rd_kafka_resp_err_t err =
      rd_kafka_offsets_for_times(handle_, list.get(), static_cast<int>(config_.requestTimeoutMs));
  if (err)
    return error(
        "Cannot fetch the offsets of " + std::to_string(timestamps.size()) + " partition(s)", err,
        describe(err));
  for (int i = 0; i < list->cnt; ++i) {
    const auto& e = list->elems[i];
    TopicPartition tp{e.topic, e.partition};
    if (e.err) return error("Cannot fetch the offsets of " + tp.toString(), e.err, describe(e.err));
    out[tp] = e.offset;
  }
  return out;
}

Result<PartitionOffsets> KafkaClient::listOffsets(const std::vector<TopicPartition>& partitions,
                                                  int64_t spec) {
  PartitionOffsets request;
  for (const auto& tp : partitions) request[tp] = spec;
  return offsetsForTimestamps(request);
}

}  // namespace spate::connector::kafka
