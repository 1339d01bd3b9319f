// Registers format "kafka": streaming source and sink, batch read and batch write.
#include <cstdio>

#include "common/error.h"
#include "connector/kafka/kafka_source.h"
#include "connector/kafka/kafka_writer.h"

namespace spate::connector {

namespace {

using kafka::KafkaWriter;

// Spark reports its Kafka table object here (KafkaSourceProvider$KafkaTable@<hash>).
std::string kafkaTableName() {
  static const std::string name = [] {
    static const int anchor = 0;
    auto hash = static_cast<unsigned>((reinterpret_cast<uintptr_t>(&anchor) >> 4) & 0x7FFFFFFF);
    char hex[16];
    std::snprintf(hex, sizeof hex, "%x", hash);
    return std::string("org.apache.spark.sql.kafka010.KafkaSourceProvider$KafkaTable@") + hex;
  }();
  return name;
}

// At-least-once, as Spark's: a batch replayed after a failure is produced again (Kafka has no
// place to record batch ids outside a transaction), so replayed batches may duplicate records.
// Update mode writes like append; complete mode writes the whole result each batch.
class KafkaSink : public Sink {
 public:
  explicit KafkaSink(kafka::SinkOptions options) : writer_(std::move(options)) {}
  std::string description() const override { return kafkaTableName(); }
  Status addBatch(const SinkBatch& batch) override {
    return writer_.write(*batch.schema, batch.rows);
  }

 private:
  KafkaWriter writer_;
};

void checkSink(const ConnectorContext& context, OutputMode, const SchemaPtr& input) {
  kafka::SinkOptions options = kafka::parseSinkOptions(context);
  kafka::validateWriterSchema(*input, options.topic);
}

std::unique_ptr<Sink> makeSink(const ConnectorContext& context, OutputMode mode,
                               const SchemaPtr& input) {
  checkSink(context, mode, input);
  return std::make_unique<KafkaSink>(kafka::parseSinkOptions(context));
}

Status writeBatch(const ConnectorContext& context, SaveMode mode, const SchemaPtr& schema,
                  const std::vector<BatchPtr>& rows) {
  if (mode == SaveMode::kOverwrite || mode == SaveMode::kIgnore)
    throw AnalysisException(std::string("Save mode ") +
                            (mode == SaveMode::kOverwrite ? "Overwrite" : "Ignore") +
                            " not allowed for Kafka. Allowed save modes are Append and "
                            "ErrorIfExists (default).");
  kafka::SinkOptions options = kafka::parseSinkOptions(context);
  kafka::validateWriterSchema(*schema, options.topic);
  KafkaWriter writer(std::move(options));
  return writer.write(*schema, rows);
}

}  // namespace

void registerKafkaConnector(ConnectorRegistry& registry) {
  registry.addSource("kafka", {kafka::streamSourceSchema, kafka::makeStreamSource});
  registry.addSink("kafka", {checkSink, makeSink});
  registry.addBatchSource("kafka", {kafka::batchSourceSchema, kafka::readBatch});
  registry.addBatchSink("kafka", {writeBatch});
}

}  // namespace spate::connector
