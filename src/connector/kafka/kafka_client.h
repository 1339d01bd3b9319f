#pragma once

// One librdkafka client handle (consumer or producer) with what the connector needs around it:
// configuration errors as IllegalArgumentException, librdkafka's log lines in the engine's log,
// its error callbacks collected for the reader and writer, partition discovery and offset
// lookups. Every message leaving this class is redacted (no secret ever shows).

#include <librdkafka/rdkafka.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "connector/kafka/client_config.h"
#include "connector/kafka/kafka_options.h"
#include "connector/kafka/topic_partition.h"

namespace spate::connector::kafka {

enum class KafkaRole { kConsumer, kProducer };

/// Checks every property against librdkafka without creating a client; throws
/// IllegalArgumentException naming the property (values redacted).
void validateClientConfig(KafkaRole role, const ClientConfig& config);

/// Whether a librdkafka error means the user must fix something (credentials, authorization,
/// configuration) rather than wait for a server.
bool isUserError(rd_kafka_resp_err_t err);

class KafkaClient {
 public:
  /// Called by librdkafka for every produced record once it is acknowledged or failed; the
  /// record's opaque (RD_KAFKA_V_OPAQUE) is its `_private` field.
  using DeliveryReport = void (*)(rd_kafka_t*, const rd_kafka_message_t*, void*);

  /// Creates the handle; IllegalArgumentException for a property librdkafka rejects.
  KafkaClient(KafkaRole role, ClientConfig config, DeliveryReport deliveryReport = nullptr);
  ~KafkaClient();
  KafkaClient(const KafkaClient&) = delete;
  KafkaClient& operator=(const KafkaClient&) = delete;

  rd_kafka_t* handle() const { return handle_; }
  const ClientConfig& config() const { return config_; }
  /// `text` with every secret of the options hidden.
  std::string redact(std::string text) const;

  /// The error for a failed operation `what`: "<what> at <servers>: <reason>", user errors for
  /// authentication/authorization/configuration problems, retryable external errors otherwise.
  Error error(const std::string& what, rd_kafka_resp_err_t err, const std::string& reason) const;

  /// Every existing partition the strategy selects (one metadata request).
  Result<std::vector<TopicPartition>> partitions(const SubscriptionStrategy& strategy);
  /// ListOffsets for `partitions`: `spec` is kEarliestOffset, kLatestOffset or a timestamp in ms
  /// (then the first offset whose record timestamp is at least it, -1 when none is).
  Result<PartitionOffsets> listOffsets(const std::vector<TopicPartition>& partitions, int64_t spec);
  /// ListOffsets with one timestamp per partition.
  Result<PartitionOffsets> offsetsForTimestamps(const PartitionOffsets& timestamps);

  /// Serves librdkafka's error and delivery callbacks (its main queue; a consumer's records
  /// stay on the consumer queue).
  void serveCallbacks();

  /// A problem librdkafka reported through its error callback (broker down, authentication…).
  struct Problem {
    rd_kafka_resp_err_t code;
    std::string reason;
    std::chrono::steady_clock::time_point when;
  };
  /// The problems reported since the last call, oldest first.
  std::vector<Problem> takeProblems();
  /// The last problem reported (kept after takeProblems), for messages about timeouts.
  std::optional<Problem> lastProblem() const;

 private:
  static void onError(rd_kafka_t* rk, int err, const char* reason, void* opaque);
  static void onLog(const rd_kafka_t* rk, int level, const char* facility, const char* message);
  /// "Local: Timed out (last problem: 1/1 brokers are down)".
  std::string describe(rd_kafka_resp_err_t err);

  KafkaRole role_;
  ClientConfig config_;
  rd_kafka_t* handle_ = nullptr;
  mutable std::mutex mutex_;
  std::vector<Problem> problems_;
  std::optional<Problem> lastProblem_;
};

}  // namespace spate::connector::kafka
