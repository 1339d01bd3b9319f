#pragma once

// Kafka records as rows of Spark's fixed Kafka schema (KafkaRecordToRowConverter): key, value,
// topic, partition, offset, timestamp, timestampType and, with includeHeaders, headers. Records
// go straight from librdkafka's message buffers into column builders.

#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "vector/batch.h"

namespace spate::connector::kafka {

/// The source's schema; headers is array<struct<key:string,value:binary>>.
SchemaPtr kafkaSchema(bool includeHeaders);
TypePtr kafkaHeadersType();

/// Builds batches of at most `chunkRows` rows from messages.
class RecordColumns {
 public:
  RecordColumns(bool includeHeaders, int64_t chunkRows);

  /// Appends a record (a message without error); a full chunk becomes a batch in `out`.
  void append(const rd_kafka_message_t& message, std::vector<BatchPtr>& out);
  /// Moves the rows appended since the last batch into a batch in `out`.
  void flush(std::vector<BatchPtr>& out);

 private:
  void reset();

  bool includeHeaders_;
  int64_t chunkRows_;
  int64_t rows_ = 0;
  std::vector<ColumnBuilder> builders_;
};

}  // namespace spate::connector::kafka
