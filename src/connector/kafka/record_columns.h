#pragma once

// Kafka records as rows of Spark's fixed Kafka schema (KafkaRecordToRowConverter): key, value,
// topic, partition, offset, timestamp, timestampType and, with includeHeaders, headers. The hot
// path writes librdkafka's message bytes straight into the column buffers: the reader keeps one
// builder per partition, so topic and partition are filled in once per batch.

#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "vector/batch.h"

namespace spate::connector::kafka {

/// The source's schema; headers is array<struct<key:string,value:binary>>.
SchemaPtr kafkaSchema(bool includeHeaders);
TypePtr kafkaHeadersType();

/// Builds batches of at most `chunkRows` rows from the records of one topic partition.
class RecordColumns {
 public:
  RecordColumns(bool includeHeaders, int64_t chunkRows, std::string topic, int32_t partition);

  /// Appends a record (a message without error); a full chunk becomes a batch in `out`.
  void append(const rd_kafka_message_t& message, std::vector<BatchPtr>& out);
  /// Moves the rows appended since the last batch into a batch in `out`.
  void flush(std::vector<BatchPtr>& out);

 private:
  /// A binary column being built: offsets, bytes and a validity bitmap (all valid at first).
  struct Bytes {
    Buffer offsets;
    Buffer chars;
    Buffer validity;
    bool anyNull = false;
  };
  void reset();
  void appendBytes(Bytes& column, const void* data, size_t size);
  ColumnPtr finishBytes(Bytes& column);

  bool includeHeaders_;
  int64_t chunkRows_;
  std::string topic_;
  int32_t partition_;
  int64_t rows_ = 0;
  size_t charsHint_ = 0;  ///< the value bytes of the last chunk: the next one reserves as much
  Bytes key_, value_;
  Buffer offsets_, timestamps_, timestampTypes_;
  std::optional<ColumnBuilder> headers_;
};

}  // namespace spate::connector::kafka
