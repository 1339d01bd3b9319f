#include "connector/kafka/record_columns.h"

#include <algorithm>
#include <cstring>

namespace spate::connector::kafka {

namespace {

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

/// Column bytes stay below this per batch (offsets are 32-bit).
constexpr size_t kMaxChunkBytes = size_t{1} << 30;

ColumnPtr fixedColumn(const TypePtr& type, Buffer& data, int64_t rows) {
  auto column = std::make_shared<Column>(type, rows);
  column->mutableData() = std::move(data);
  return column;
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

RecordColumns::RecordColumns(bool includeHeaders, int64_t chunkRows, std::string topic,
                             int32_t partition)
    : includeHeaders_(includeHeaders),
      chunkRows_(std::max<int64_t>(1, chunkRows)),
      topic_(std::move(topic)),
      partition_(partition) {
  reset();
}

void RecordColumns::reset() {
  rows_ = 0;
  auto rows = static_cast<size_t>(chunkRows_);
  for (Bytes* b : {&key_, &value_}) {
    b->offsets = Buffer();
    b->offsets.reserve((rows + 1) * sizeof(int32_t));
    b->offsets.push<int32_t>(0);
    b->chars = Buffer();
    b->validity = Buffer(bitmapWords(chunkRows_) * 8);
    std::memset(b->validity.data(), 0xff, b->validity.size());
    b->anyNull = false;
  }
  value_.chars.reserve(charsHint_);
  for (Buffer* fixed : {&offsets_, &timestamps_}) {
    *fixed = Buffer();
    fixed->reserve(rows * sizeof(int64_t));
  }
  timestampTypes_ = Buffer();
  timestampTypes_.reserve(rows * sizeof(int32_t));
  if (includeHeaders_) headers_.emplace(kafkaHeadersType(), chunkRows_);
}

void RecordColumns::appendBytes(Bytes& column, const void* data, size_t size) {
  if (data) {
    column.chars.append(data, size);
  } else {
    clearBit(column.validity.as<uint64_t>(), rows_);
    column.anyNull = true;
  }
  column.offsets.push<int32_t>(static_cast<int32_t>(column.chars.size()));
}

void RecordColumns::append(const rd_kafka_message_t& m, std::vector<BatchPtr>& out) {
  if (rows_ > 0 && value_.chars.size() + key_.chars.size() + m.len + m.key_len > kMaxChunkBytes)
    flush(out);
  appendBytes(key_, m.key, m.key_len);
  appendBytes(value_, m.payload, m.len);
  offsets_.push<int64_t>(m.offset);
  rd_kafka_timestamp_type_t type;
  timestamps_.push<int64_t>(rd_kafka_message_timestamp(&m, &type) * 1000);
  timestampTypes_.push<int32_t>(timestampTypeId(type));
  if (includeHeaders_) {
    ColumnBuilder& headers = *headers_;
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

ColumnPtr RecordColumns::finishBytes(Bytes& b) {
  auto column = std::make_shared<Column>(DataType::binary(), rows_);
  column->mutableOffsets() = std::move(b.offsets);
  column->mutableChars() = std::move(b.chars);
  if (b.anyNull) {
    b.validity.resize(bitmapWords(rows_) * 8);
    column->mutableValidity() = std::move(b.validity);
  }
  return column;
}

void RecordColumns::flush(std::vector<BatchPtr>& out) {
  if (rows_ == 0) return;
  charsHint_ = value_.chars.size();
  std::vector<ColumnPtr> columns;
  columns.reserve(includeHeaders_ ? 8 : 7);
  columns.push_back(finishBytes(key_));
  columns.push_back(finishBytes(value_));
  // One partition per builder: the topic and partition columns repeat one value.
  auto topic = std::make_shared<Column>(DataType::string(), rows_);
  Buffer& topicOffsets = topic->mutableOffsets();
  Buffer& topicChars = topic->mutableChars();
  topicOffsets.resize(static_cast<size_t>(rows_ + 1) * sizeof(int32_t));
  topicChars.resize(topic_.size() * static_cast<size_t>(rows_));
  auto* offsets = topicOffsets.as<int32_t>();
  for (int64_t i = 0; i <= rows_; ++i) offsets[i] = static_cast<int32_t>(i * topic_.size());
  for (int64_t i = 0; i < rows_; ++i)
    std::memcpy(topicChars.data() + i * topic_.size(), topic_.data(), topic_.size());
  columns.push_back(topic);
  auto partition = std::make_shared<Column>(DataType::integer(), rows_);
  partition->mutableData().resize(static_cast<size_t>(rows_) * sizeof(int32_t));
  std::fill_n(partition->mutableData().as<int32_t>(), rows_, partition_);
  columns.push_back(partition);
  columns.push_back(fixedColumn(DataType::longType(), offsets_, rows_));
  columns.push_back(fixedColumn(DataType::timestamp(), timestamps_, rows_));
  columns.push_back(fixedColumn(DataType::integer(), timestampTypes_, rows_));
  if (includeHeaders_) columns.push_back(headers_->finish());
  out.push_back(std::make_shared<Batch>(kafkaSchema(includeHeaders_), std::move(columns), rows_));
  reset();
}

}  // namespace spate::connector::kafka
