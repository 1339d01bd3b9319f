#pragma once

// Writes rows to Kafka (Spark's KafkaWriter and KafkaWriteTask): one record per row from the
// value column (required) and the optional key, topic (or the `topic` option, which wins),
// partition and headers columns. The producer is idempotent, so librdkafka's own retries never
// duplicate a record; a batch that fails is written again whole by the caller, which can
// duplicate records that were delivered before the failure: Kafka output is at-least-once, as
// in Spark.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "connector/kafka/kafka_options.h"
#include "vector/batch.h"

namespace spate::connector::kafka {

class KafkaClient;

/// Spark's KafkaWriter.validateQuery: AnalysisException with its texts for a missing value
/// column, a missing topic (no column and no option) or a column of an unsupported type.
void validateWriterSchema(const Schema& schema, const std::optional<std::string>& topic);

class KafkaWriter {
 public:
  explicit KafkaWriter(SinkOptions options);
  ~KafkaWriter();
  KafkaWriter(const KafkaWriter&) = delete;
  KafkaWriter& operator=(const KafkaWriter&) = delete;

  /// Produces every row of `rows` (which follow `schema`) and waits until Kafka acknowledged
  /// them all. Errors: undeliverable records or unreachable brokers (external, retryable),
  /// a null topic, bad headers, authorization or size limits (user).
  Status write(const Schema& schema, const std::vector<BatchPtr>& rows);

  const SinkOptions& options() const { return options_; }

 private:
  struct Delivery;
  /// The producer, created again after a fatal error (an idempotent producer cannot go on).
  Result<KafkaClient*> producer();

  SinkOptions options_;
  std::vector<std::unique_ptr<Delivery>> deliveries_;  ///< outlives client_ (late reports)
  std::unique_ptr<KafkaClient> client_;
};

}  // namespace spate::connector::kafka
