#include "connector/kafka/record_columns.h"

namespace spate::connector::kafka {

namespace {

enum Field { kKey, kValue, kTopic, kPartition, kOffset, kTimestamp, kTimestampType, kHeaders };

// Java's TimestampType ids: -1 NoTimestampType, 0 CreateTime, 1 LogAppendTime.
int32_t timestampTypeId(rd_kafka_timestamp_type_t type) {
  switch (type) {
    case RD_KAFKA_TIMESTAMP_CREATE_TIME:
      return 0;
    case RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME:
      return 1;
    default:
      return -1;
  }
}

}  // namespace

TypePtr kafkaHeadersType() {
  static const TypePtr type = DataType::array(DataType::structType(
      {{"key", DataType::string(), true}, {"value", DataType::binary(), true}}));
  return type;
}

SchemaPtr kafkaSchema(bool includeHeaders) {
  static const std::vector<StructField> base = {
      {"key", DataType::binary(), true},           {"value", DataType::binary(), true},
      {"topic", DataType::string(), true},         {"partition", DataType::integer(), true},
      {"offset", DataType::longType(), true},      {"timestamp", DataType::timestamp(), true},
      {"timestampType", DataType::integer(), true}};
  static const SchemaPtr plain = DataType::structType(base);
  static const SchemaPtr withHeaders = [] {
    auto fields = base;
    fields.push_back({"headers", kafkaHeadersType(), true});
    return DataType::structType(fields);
  }();
  return includeHeaders ? withHeaders : plain;
}

RecordColumns::RecordColumns(bool includeHeaders, int64_t chunkRows)
    : includeHeaders_(includeHeaders), chunkRows_(std::max<int64_t>(1, chunkRows)) {
  reset();
}

void RecordColumns::reset() {
  builders_.clear();
  const auto& fields = kafkaSchema(includeHeaders_)->fields();
  builders_.reserve(fields.size());
  for (const auto& field : fields) builders_.emplace_back(field.type, chunkRows_);
  rows_ = 0;
}

void RecordColumns::append(const rd_kafka_message_t& m, std::vector<BatchPtr>& out) {
  if (m.key)
    builders_[kKey].appendString({static_cast<const char*>(m.key), m.key_len});
  else
    builders_[kKey].appendNull();
  if (m.payload)
    builders_[kValue].appendString({static_cast<const char*>(m.payload), m.len});
  else
    builders_[kValue].appendNull();
  builders_[kTopic].appendString(rd_kafka_topic_name(m.rkt));
  builders_[kPartition].appendFixed<int32_t>(m.partition);
  builders_[kOffset].appendFixed<int64_t>(m.offset);
  rd_kafka_timestamp_type_t type;
  int64_t timestampMs = rd_kafka_message_timestamp(&m, &type);
  builders_[kTimestamp].appendFixed<int64_t>(timestampMs * 1000);
  builders_[kTimestampType].appendFixed<int32_t>(timestampTypeId(type));
  if (includeHeaders_) {
    ColumnBuilder& headers = builders_[kHeaders];
    rd_kafka_headers_t* list = nullptr;
    // Spark gives null, not an empty array, for a record without headers.
    if (rd_kafka_message_headers(&m, &list) != RD_KAFKA_RESP_ERR_NO_ERROR || !list ||
        rd_kafka_header_cnt(list) == 0) {
      headers.appendNull();
    } else {
      ColumnBuilder& entry = headers.child(0);
      const char* name;
      const void* value;
      size_t size;
      for (size_t i = 0;
           rd_kafka_header_get_all(list, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
           ++i) {
        entry.child(0).appendString(name);
        if (value)
          entry.child(1).appendString({static_cast<const char*>(value), size});
        else
          entry.child(1).appendNull();
        entry.endStruct();
      }
      headers.endList();
    }
  }
  if (++rows_ >= chunkRows_) flush(out);
}

void RecordColumns::flush(std::vector<BatchPtr>& out) {
  if (rows_ == 0) return;
  std::vector<ColumnPtr> columns;
  columns.reserve(builders_.size());
  for (auto& builder : builders_) columns.push_back(builder.finish());
  out.push_back(std::make_shared<Batch>(kafkaSchema(includeHeaders_), std::move(columns), rows_));
  reset();
}

}  // namespace spate::connector::kafka
