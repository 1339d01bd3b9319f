#include "connector/kafka/kafka_writer.h"

#include <chrono>
#include <thread>

#include "common/error.h"
#include "connector/api/option_values.h"
#include "connector/kafka/kafka_client.h"
#include "connector/kafka/record_columns.h"

namespace spate::connector::kafka {

namespace {

using SteadyClock = std::chrono::steady_clock;

// The column `name` (case-sensitive, as Spark looks attributes up here), or -1.
int columnIndex(const Schema& schema, const std::string& name) {
  const auto& fields = schema.fields();
  for (size_t i = 0; i < fields.size(); ++i)
    if (fields[i].name == name) return static_cast<int>(i);
  return -1;
}

void checkType(const Schema& schema, const std::string& name, const std::vector<TypePtr>& desired) {
  int index = columnIndex(schema, name);
  if (index < 0) return;
  const TypePtr& type = schema.fields()[index].type;
  for (const auto& d : desired)
    if (d->sameType(*type)) return;
  std::string names;
  for (const auto& d : desired) names += (names.empty() ? "" : " or ") + d->simpleString();
  throw AnalysisException(name + " attribute unsupported type " + type->simpleString() + ". " +
                          name + " must be a(n) " + names);
}

struct Columns {
  const Column* value = nullptr;
  const Column* key = nullptr;
  const Column* topic = nullptr;
  const Column* partition = nullptr;
  const Column* headers = nullptr;
};

std::string_view bytesAt(const Column* column, int64_t row) { return column->stringAt(row); }

struct HeadersDeleter {
  void operator()(rd_kafka_headers_t* headers) const { rd_kafka_headers_destroy(headers); }
};

}  // namespace

void validateWriterSchema(const Schema& schema, const std::optional<std::string>& topic) {
  if (!topic) {
    if (columnIndex(schema, "topic") < 0)
      throw AnalysisException(
          "topic option required when no 'topic' attribute is present. Use the topic option for "
          "setting a topic.");
    checkType(schema, "topic", {DataType::string()});
  }
  checkType(schema, "key", {DataType::string(), DataType::binary()});
  if (columnIndex(schema, "value") < 0)
    throw AnalysisException("Required attribute 'value' not found");
  checkType(schema, "value", {DataType::string(), DataType::binary()});
  checkType(schema, "headers", {kafkaHeadersType()});
  checkType(schema, "partition", {DataType::integer()});
}

struct KafkaWriter::Delivery {
  int64_t acknowledged = 0;
  int64_t failed = 0;
  rd_kafka_resp_err_t firstError = RD_KAFKA_RESP_ERR_NO_ERROR;
  std::string firstReason;

  static void onReport(rd_kafka_t*, const rd_kafka_message_t* message, void*) {
    auto* delivery = static_cast<Delivery*>(message->_private);
    if (!delivery) return;
    if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      ++delivery->acknowledged;
      return;
    }
    if (delivery->failed++ == 0) {
      delivery->firstError = message->err;
      delivery->firstReason = rd_kafka_err2str(message->err);
    }
  }
};

KafkaWriter::KafkaWriter(SinkOptions options) : options_(std::move(options)) {}

KafkaWriter::~KafkaWriter() = default;

Result<KafkaClient*> KafkaWriter::producer() {
  if (client_) {
    char reason[512];
    rd_kafka_resp_err_t fatal = rd_kafka_fatal_error(client_->handle(), reason, sizeof reason);
    if (!fatal) return client_.get();
    client_.reset();
    deliveries_.clear();
  }
  try {
    client_ =
        std::make_unique<KafkaClient>(KafkaRole::kProducer, options_.client, &Delivery::onReport);
  } catch (const SpateError& e) {
    return Error::user(e.what());
  }
  return client_.get();
}

Status KafkaWriter::write(const Schema& schema, const std::vector<BatchPtr>& rows) {
  int64_t total = 0;
  for (const auto& batch : rows) total += batch->numRows();
  if (total == 0) return Status::success();
  auto producer = this->producer();
  if (!producer.ok()) return producer.error();
  KafkaClient& client = **producer;
  rd_kafka_t* rk = client.handle();

  // Reports name the Delivery of their write. One whose records could not all be settled stays
  // alive (late reports land there, not in a later write's counts) until the queue is empty.
  if (rd_kafka_outq_len(rk) == 0) deliveries_.clear();
  deliveries_.push_back(std::make_unique<Delivery>());
  Delivery& delivery = *deliveries_.back();
  int topicIndex = options_.topic ? -1 : columnIndex(schema, "topic");
  int keyIndex = columnIndex(schema, "key");
  int valueIndex = columnIndex(schema, "value");
  int partitionIndex = columnIndex(schema, "partition");
  int headersIndex = columnIndex(schema, "headers");

  // Ends the write: waits for every report (or purges what is left), so that no report of this
  // write can arrive after `delivery` is gone.
  auto settle = [&](int64_t timeoutMs) {
    auto deadline = SteadyClock::now() + std::chrono::milliseconds(timeoutMs);
    while (rd_kafka_outq_len(rk) > 0 && SteadyClock::now() < deadline) {
      rd_kafka_flush(rk, 100);
      char reason[512];
      if (rd_kafka_fatal_error(rk, reason, sizeof reason)) break;
    }
    if (rd_kafka_outq_len(rk) > 0) {
      rd_kafka_purge(rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
      for (int i = 0; i < 100 && rd_kafka_outq_len(rk) > 0; ++i) rd_kafka_poll(rk, 10);
    }
    rd_kafka_poll(rk, 0);
  };
  auto fail = [&](Error error) -> Status {
    settle(1000);
    return error;
  };

  std::string topic = options_.topic.value_or("");
  std::string_view lastTopic;
  int64_t produced = 0;
  for (const auto& batch : rows) {
    Columns c;
    c.value = batch->column(valueIndex).get();
    if (keyIndex >= 0) c.key = batch->column(keyIndex).get();
    if (topicIndex >= 0) c.topic = batch->column(topicIndex).get();
    if (partitionIndex >= 0) c.partition = batch->column(partitionIndex).get();
    if (headersIndex >= 0) c.headers = batch->column(headersIndex).get();
    const auto* selection = batch->selection().get();
    for (int64_t i = 0, n = batch->numRows(); i < n; ++i) {
      int64_t row = selection ? (*selection)[i] : i;
      if (c.topic) {
        if (c.topic->isNull(row))
          return fail(Error::user(
              "null topic present in the data. Use the topic option for setting a topic."));
        std::string_view name = c.topic->stringAt(row);
        if (name != lastTopic) {
          topic.assign(name);
          lastTopic = name;
        }
      }
      int32_t partition = RD_KAFKA_PARTITION_UA;
      if (c.partition && !c.partition->isNull(row)) partition = c.partition->valueAt<int32_t>(row);
      std::string_view key, value;
      bool hasKey = c.key && !c.key->isNull(row);
      bool hasValue = !c.value->isNull(row);
      if (hasKey) key = bytesAt(c.key, row);
      if (hasValue) value = bytesAt(c.value, row);
      std::unique_ptr<rd_kafka_headers_t, HeadersDeleter> headers;
      if (c.headers && !c.headers->isNull(row) && c.headers->listLength(row) > 0) {
        const Column& entries = *c.headers->child(0);
        const Column& names = *entries.child(0);
        const Column& values = *entries.child(1);
        int64_t start = c.headers->listStart(row), length = c.headers->listLength(row);
        headers.reset(rd_kafka_headers_new(static_cast<size_t>(length)));
        for (int64_t h = start; h < start + length; ++h) {
          if (entries.isNull(h) || names.isNull(h))
            return fail(Error::user("Null header keys are not permitted"));
          std::string_view name = names.stringAt(h);
          std::string_view bytes = values.isNull(h) ? std::string_view() : values.stringAt(h);
          rd_kafka_header_add(headers.get(), name.data(), static_cast<ssize_t>(name.size()),
                              values.isNull(h) ? nullptr : bytes.data(), bytes.size());
        }
      }
      // The macros cast their arguments: pass plain variables. A null key or value is a null
      // pointer (an empty one is a valid pointer of size 0).
      void* keyBytes = hasKey ? const_cast<char*>(key.data()) : nullptr;
      void* valueBytes = hasValue ? const_cast<char*>(value.data()) : nullptr;
      size_t keySize = key.size(), valueSize = value.size();
      for (;;) {
        rd_kafka_headers_t* owned = headers.get();
        rd_kafka_resp_err_t err = rd_kafka_producev(
            rk, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(partition),
            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_KEY(keyBytes, keySize),
            RD_KAFKA_V_VALUE(valueBytes, valueSize), RD_KAFKA_V_HEADERS(owned),
            RD_KAFKA_V_OPAQUE(&delivery), RD_KAFKA_V_END);
        if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
          (void)headers.release();  // librdkafka owns them now
          break;
        }
        if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
          rd_kafka_poll(rk, 10);
          continue;
        }
        return fail(
            client.error("Cannot write a record to topic " + topic, err, rd_kafka_err2str(err)));
      }
      if (++produced % 1024 == 0) rd_kafka_poll(rk, 0);
    }
  }

  const std::string* timeout = options_.client.property("message.timeout.ms");
  int64_t timeoutMs = timeout ? parseJavaLong(*timeout) + 5000 : 125'000;
  settle(timeoutMs);
  char reason[512];
  if (rd_kafka_resp_err_t fatal = rd_kafka_fatal_error(rk, reason, sizeof reason)) {
    Error error = client.error("The Kafka producer failed", fatal, reason);
    client_.reset();  // a new idempotent producer for the retry
    deliveries_.clear();
    error.domain = ErrorDomain::kExternal;
    error.retryable = true;
    return error;
  }
  if (delivery.failed > 0 || delivery.acknowledged < total) {
    rd_kafka_resp_err_t err =
        delivery.failed > 0 ? delivery.firstError : RD_KAFKA_RESP_ERR__TIMED_OUT;
    std::string why = delivery.failed > 0 ? delivery.firstReason : "no acknowledgement";
    if (auto problem = client.lastProblem(); problem && !isUserError(err))
      why += " (last problem: " + problem->reason + ")";
    return client.error("Failed to write " + std::to_string(total - delivery.acknowledged) +
                            " of " + std::to_string(total) + " records",
                        err, why);
  }
  return Status::success();
}

}  // namespace spate::connector::kafka
