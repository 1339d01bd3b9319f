// Spark's KafkaSourceProvider option handling: the same checks in the same order with the same
// messages, then the librdkafka properties. librdkafka takes most Java client properties under
// the same names (security.protocol, sasl.mechanism, ssl.key.password, …); the few Java-only ones
// Spark users commonly set are translated or ignored here.
#include "connector/kafka/kafka_options.h"

#include "common/error.h"
#include "common/logging.h"
#include "common/strings.h"
#include "connector/api/metadata_files.h"
#include "connector/api/option_values.h"
#include "connector/kafka/kafka_client.h"
#include "connector/kafka/kafka_messages.h"
#include "connector/kafka/mock_cluster.h"
#include "connector/kafka/offsets_json.h"

namespace spate::connector::kafka {

namespace {

constexpr const char* kLogger = "KafkaSourceProvider";

const char* kAutoOffsetResetMessage =
    "\n"
    "Kafka option 'auto.offset.reset' is not supported.\n"
    "Instead set the source option 'startingoffsets' to 'earliest' or 'latest'\n"
    "to specify where to start. Structured Streaming manages which offsets are consumed\n"
    "internally, rather than relying on the kafkaConsumer to do it. This will ensure that no\n"
    "data is missed when new topics/partitions are dynamically subscribed. Note that\n"
    "'startingoffsets' only applies when a new Streaming query is started, and\n"
    "that resuming will always pick up from where the query left off. See the docs for more\n"
    "details.\n"
    "         ";

bool has(const ConnectorContext& context, const std::string& key) {
  return context.option(key).has_value();
}

// Scala's String.toBoolean.
bool scalaBoolean(const std::string& text) {
  if (equalsIgnoreCase(text, "true")) return true;
  if (equalsIgnoreCase(text, "false")) return false;
  throw IllegalArgumentException("For input string: \"" + text + "\"");
}

// Spark's validateGeneralOptions, in its order.
void validateGeneralOptions(const ConnectorContext& context) {
  std::vector<std::pair<std::string, std::string>> strategies;
  for (const auto& [key, value] : context.options) {
    std::string lower = toLower(key);
    if (lower == "subscribe" || lower == "subscribepattern" || lower == "assign")
      strategies.emplace_back(lower, value);
  }
  if (strategies.empty())
    throw IllegalArgumentException(
        "One of the following options must be specified for Kafka source: subscribe, "
        "subscribepattern, assign. See the docs for more details.");
  if (strategies.size() > 1)
    throw IllegalArgumentException(
        "Only one of the following options can be specified for Kafka source: subscribe, "
        "subscribepattern, assign. See the docs for more details.");
  const auto& [strategy, value] = strategies.front();
  if (strategy == "assign") {
    if (!trimWhitespace(value).starts_with("{"))
      throw IllegalArgumentException(
          "No topicpartitions to assign as specified value for option 'assign' is '" + value + "'");
  } else if (strategy == "subscribe") {
    bool any = false;
    for (const auto& topic : splitString(value, ','))
      if (!trimWhitespace(topic).empty()) any = true;
    if (!any)
      throw IllegalArgumentException(
          "No topics to subscribe to as specified value for option 'subscribe' is '" + value + "'");
  } else if (trimWhitespace(value).empty()) {
    throw IllegalArgumentException(
        "Pattern to subscribe is empty as specified value for option 'subscribePattern' is '" +
        value + "'");
  }

  if (auto minPartitions = context.option("minPartitions"))
    if (parseJavaInt(*minPartitions) <= 0)
      throw IllegalArgumentException("minPartitions must be positive");

  if (has(context, "kafka.group.id")) {
    logWarn(kLogger, "{}", kCustomGroupIdMessage);
    if (has(context, "groupIdPrefix"))
      logWarn(kLogger,
              "Option groupIdPrefix will be ignored as option kafka.group.id has been set.");
  }
  if (has(context, "kafka.auto.offset.reset"))
    throw IllegalArgumentException(kAutoOffsetResetMessage);
  if (has(context, "kafka.key.deserializer"))
    throw IllegalArgumentException(
        "Kafka option 'key.deserializer' is not supported as keys are deserialized as byte arrays "
        "with ByteArrayDeserializer. Use DataFrame operations to explicitly deserialize the keys.");
  if (has(context, "kafka.value.deserializer"))
    throw IllegalArgumentException(
        "Kafka option 'value.deserializer' is not supported as values are deserialized as byte "
        "arrays with ByteArrayDeserializer. Use DataFrame operations to explicitly deserialize "
        "the values.");
  for (const char* unsupported : {"enable.auto.commit", "interceptor.classes"})
    if (has(context, std::string("kafka.") + unsupported))
      throw IllegalArgumentException(std::string("Kafka option '") + unsupported +
                                     "' is not supported");
  if (!has(context, "kafka.bootstrap.servers"))
    throw IllegalArgumentException(
        "Option 'kafka.bootstrap.servers' must be specified for configuring Kafka consumer");

  auto minOffsets = context.option("minOffsetsPerTrigger");
  auto maxOffsets = context.option("maxOffsetsPerTrigger");
  if (minOffsets && maxOffsets) {
    int64_t min = parseJavaLong(*minOffsets);
    int64_t max = parseJavaLong(*maxOffsets);
    if (min > max)
      throw IllegalArgumentException("The value of minOffsetPerTrigger(" + std::to_string(min) +
                                     ") is higher than the maxOffsetsPerTrigger(" +
                                     std::to_string(max) + ").");
  }
}

SubscriptionStrategy parseStrategy(const ConnectorContext& context) {
  SubscriptionStrategy s;
  if (auto assign = context.option("assign")) {
    s.kind = SubscriptionStrategy::Kind::kAssign;
    s.partitions = parseAssignOption(*assign);
  } else if (auto subscribe = context.option("subscribe")) {
    s.kind = SubscriptionStrategy::Kind::kSubscribe;
    for (const auto& topic : splitString(*subscribe, ',')) {
      std::string trimmed(trimWhitespace(topic));
      if (!trimmed.empty()) s.topics.push_back(trimmed);
    }
  } else {
    s.kind = SubscriptionStrategy::Kind::kSubscribePattern;
    s.pattern = std::string(trimWhitespace(*context.option("subscribePattern")));
  }
  return s;
}

// Spark's getKafkaOffsetRangeLimit: a global timestamp, then per-partition timestamps, then
// earliest/latest/JSON offsets, then the default.
OffsetRangeLimit parseOffsetLimit(const ConnectorContext& context, const std::string& timestampKey,
                                  const std::string& byTimestampKey, const std::string& offsetsKey,
                                  OffsetRangeLimit::Kind fallback) {
  OffsetRangeLimit limit;
  if (auto strategy = context.option("startingOffsetsByTimestampStrategy")) {
    std::string upper = toUpper(*strategy);
    if (upper == "LATEST")
      limit.latestWhenNoMatch = true;
    else if (upper != "ERROR")
      throw IllegalArgumentException("No value found for '" + upper + "'");
  }
  if (auto timestamp = context.option(timestampKey)) {
    std::string trimmed(trimWhitespace(*timestamp));
    try {
      limit.timestamp = parseJavaLong(trimmed);
    } catch (const IllegalArgumentException&) {
      throw IllegalArgumentException("Expected a single long value, got " + trimmed);
    }
    limit.kind = OffsetRangeLimit::Kind::kGlobalTimestamp;
  } else if (auto byTimestamp = context.option(byTimestampKey)) {
    limit.kind = OffsetRangeLimit::Kind::kSpecificTimestamps;
    limit.values = parseTimestampsOption(trimWhitespace(*byTimestamp));
  } else if (auto offsets = context.option(offsetsKey)) {
    std::string trimmed(trimWhitespace(*offsets));
    if (equalsIgnoreCase(trimmed, "latest")) {
      limit.kind = OffsetRangeLimit::Kind::kLatest;
    } else if (equalsIgnoreCase(trimmed, "earliest")) {
      limit.kind = OffsetRangeLimit::Kind::kEarliest;
    } else {
      limit.kind = OffsetRangeLimit::Kind::kSpecificOffsets;
      limit.values = parseOffsetsOption(trimmed);
    }
  } else {
    limit.kind = fallback;
  }
  return limit;
}

// Extracts username and password from a Java sasl.jaas.config (PlainLoginModule or
// ScramLoginModule), which librdkafka takes as sasl.username/sasl.password.
void translateJaasConfig(const std::string& jaas, ClientConfig& config) {
  std::string_view text = trimWhitespace(jaas);
  size_t space = text.find_first_of(" \t\n");
  std::string module(text.substr(0, space));
  if (!module.ends_with("PlainLoginModule") && !module.ends_with("ScramLoginModule"))
    throw IllegalArgumentException(
        "Kafka option 'sasl.jaas.config' is supported with PlainLoginModule and ScramLoginModule "
        "only (found '" +
        module + "'); set kafka.sasl.* options instead");
  std::map<std::string, std::string> values;
  size_t i = space == std::string_view::npos ? text.size() : space;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    size_t eq = text.find('=', i);
    if (eq == std::string_view::npos) break;
    std::string key(trimWhitespace(text.substr(i, eq - i)));
    size_t start = eq + 1;
    std::string value;
    if (start < text.size() && text[start] == '"') {
      size_t close = text.find('"', start + 1);
      if (close == std::string_view::npos) break;
      value = std::string(text.substr(start + 1, close - start - 1));
      i = close + 1;
    } else {
      size_t end = text.find_first_of(" \t\n;", start);
      if (end == std::string_view::npos) end = text.size();
      value = std::string(text.substr(start, end - start));
      i = end;
    }
    // Keys come after the control flag ("required"); drop it from the key.
    size_t keySpace = key.find_last_of(" \t\n");
    if (keySpace != std::string::npos) key = key.substr(keySpace + 1);
    values[key] = value;
  }
  if (values.count("username")) config.properties.emplace_back("sasl.username", values["username"]);
  if (values.count("password")) {
    config.properties.emplace_back("sasl.password", values["password"]);
    config.secrets["kafka.sasl.jaas.config.password"] = values["password"];
  }
  // The whole text holds the password: hide it as a unit too.
  config.secrets["kafka.sasl.jaas.config.secret"] = jaas;
}

// The user's kafka.* options as librdkafka properties, after `defaults`.
ClientConfig clientConfig(const ConnectorContext& context,
                          std::vector<std::pair<std::string, std::string>> defaults) {
  ClientConfig config;
  config.secrets = context.options;
  config.properties = std::move(defaults);
  std::vector<std::pair<std::string, std::string>> user;
  for (const auto& [key, value] : context.options) {
    if (!toLower(key).starts_with("kafka.")) continue;
    std::string name = toLower(key.substr(6));
    if (name == "bootstrap.servers") {
      config.bootstrapOption = value;
    } else if (name == "default.api.timeout.ms") {
      config.requestTimeoutMs = parseJavaLong(value);
      if (config.requestTimeoutMs <= 0)
        throw IllegalArgumentException("Kafka option 'default.api.timeout.ms' must be positive");
    } else if (name == "max.poll.records") {
      // The Java consumer's batching knob; librdkafka batches by bytes.
    } else if (name == "sasl.jaas.config") {
      translateJaasConfig(value, config);
    } else {
      user.emplace_back(name, value);
    }
  }
  bool embedded = embeddedBrokerCount(config.bootstrapOption).has_value();
  config.bootstrapServers = resolveBootstrapServers(config.bootstrapOption);
  config.properties.emplace_back("bootstrap.servers", config.bootstrapServers);
  // The mock broker holds an empty fetch for the whole wait, even when records arrive meanwhile.
  if (embedded) config.properties.emplace_back("fetch.wait.max.ms", "10");
  config.properties.insert(config.properties.end(), user.begin(), user.end());
  return config;
}

// Settings both clients get unless the user sets them: Java's reconnect backoff (librdkafka's
// default of 10 s delays recovery after an outage), no Nagle delay, quiet connection closes.
std::vector<std::pair<std::string, std::string>> commonDefaults() {
  return {{"reconnect.backoff.max.ms", "1000"},
          {"socket.nagle.disable", "true"},
          {"log.connection.close", "false"}};
}

std::string uniqueGroupId(const ConnectorContext& context, const std::string& defaultPrefix,
                          bool streaming) {
  std::string prefix = context.option("groupIdPrefix").value_or(defaultPrefix);
  std::string id = prefix + "-" + randomUuid();
  if (streaming) id += "-" + std::to_string(javaStringHash(context.metadataPath));
  return id;
}

SourceOptions parseCommonSourceOptions(const ConnectorContext& context, bool streaming) {
  SourceOptions o;
  o.strategy = parseStrategy(context);
  o.failOnDataLoss = scalaBoolean(context.option("failOnDataLoss").value_or("true"));
  o.includeHeaders = optionBool(context, "includeHeaders", false);
  if (auto v = context.option("kafkaConsumer.pollTimeoutMs")) o.pollTimeoutMs = parseJavaLong(*v);
  if (auto v = context.option("fetchOffset.numRetries")) o.fetchOffsetNumRetries = parseJavaInt(*v);
  if (auto v = context.option("fetchOffset.retryIntervalMs"))
    o.fetchOffsetRetryIntervalMs = parseJavaLong(*v);
  auto defaults = commonDefaults();
  defaults.emplace_back("fetch.wait.max.ms", "100");
  o.client = clientConfig(context, std::move(defaults));
  o.customGroupId = has(context, "kafka.group.id");
  o.groupId =
      o.customGroupId
          ? *context.option("kafka.group.id")
          : uniqueGroupId(context, streaming ? "spark-kafka-source" : "spark-kafka-relation",
                          streaming) +
                "-executor";
  // What the source needs of the consumer: no group management, no commits, errors instead of
  // silent offset resets (data loss is reported by failOnDataLoss), end-of-partition events.
  auto& p = o.client.properties;
  if (!o.customGroupId) p.emplace_back("group.id", o.groupId);
  p.emplace_back("enable.auto.commit", "false");
  p.emplace_back("enable.auto.offset.store", "false");
  p.emplace_back("auto.offset.reset", "error");
  p.emplace_back("enable.partition.eof", "true");
  validateClientConfig(KafkaRole::kConsumer, o.client);
  return o;
}

}  // namespace

std::string SubscriptionStrategy::toString() const {
  std::vector<std::string> parts;
  switch (kind) {
    case Kind::kAssign:
      for (const auto& tp : partitions) parts.push_back(tp.toString());
      return "Assign[" + joinStrings(parts, ", ") + "]";
    case Kind::kSubscribe:
      return "Subscribe[" + joinStrings(topics, ", ") + "]";
    case Kind::kSubscribePattern:
      return "SubscribePattern[" + pattern + "]";
  }
  return "";
}

SourceOptions parseStreamSourceOptions(const ConnectorContext& context) {
  if (has(context, "endingOffsets"))
    throw IllegalArgumentException("ending offset not valid in streaming queries");
  if (has(context, "endingOffsetsByTimestamp"))
    throw IllegalArgumentException("ending timestamp not valid in streaming queries");
  validateGeneralOptions(context);
  SourceOptions o = parseCommonSourceOptions(context, true);
  o.startingOffsets = parseOffsetLimit(context, "startingTimestamp", "startingOffsetsByTimestamp",
                                       "startingOffsets", OffsetRangeLimit::Kind::kLatest);
  if (auto v = context.option("maxOffsetsPerTrigger")) o.maxOffsetsPerTrigger = parseJavaLong(*v);
  if (auto v = context.option("minOffsetsPerTrigger")) o.minOffsetsPerTrigger = parseJavaLong(*v);
  if (auto v = context.option("maxTriggerDelay"))
    o.maxTriggerDelayMs = parseTimeString(*v, TimeUnit::kMilliseconds);
  return o;
}

SourceOptions parseBatchSourceOptions(const ConnectorContext& context) {
  OffsetRangeLimit starting =
      parseOffsetLimit(context, "startingTimestamp", "startingOffsetsByTimestamp",
                       "startingOffsets", OffsetRangeLimit::Kind::kEarliest);
  if (starting.kind == OffsetRangeLimit::Kind::kLatest)
    throw IllegalArgumentException("starting offset can't be latest for batch queries on Kafka");
  if (starting.kind == OffsetRangeLimit::Kind::kSpecificOffsets)
    for (const auto& [tp, offset] : starting.values)
      if (offset == kLatestOffset)
        throw IllegalArgumentException("startingOffsets for " + tp.toString() +
                                       " can't be latest for batch queries on Kafka");
  OffsetRangeLimit ending = parseOffsetLimit(context, "endingTimestamp", "endingOffsetsByTimestamp",
                                             "endingOffsets", OffsetRangeLimit::Kind::kLatest);
  if (ending.kind == OffsetRangeLimit::Kind::kEarliest)
    throw IllegalArgumentException("ending offset can't be earliest for batch queries on Kafka");
  if (ending.kind == OffsetRangeLimit::Kind::kSpecificOffsets)
    for (const auto& [tp, offset] : ending.values)
      if (offset == kEarliestOffset)
        throw IllegalArgumentException("ending offset for " + tp.toString() +
                                       " can't be earliest for batch queries on Kafka");
  validateGeneralOptions(context);
  if (has(context, "maxOffsetsPerTrigger"))
    logWarn(kLogger, "maxOffsetsPerTrigger option ignored in batch queries");
  if (has(context, "minOffsetsPerTrigger"))
    logWarn(kLogger, "minOffsetsPerTrigger option ignored in batch queries");
  if (has(context, "maxTriggerDelay"))
    logWarn(kLogger, "maxTriggerDelay option ignored in batch queries");
  SourceOptions o = parseCommonSourceOptions(context, false);
  o.startingOffsets = std::move(starting);
  o.endingOffsets = std::move(ending);
  return o;
}

SinkOptions parseSinkOptions(const ConnectorContext& context) {
  if (has(context, "kafka.key.serializer"))
    throw IllegalArgumentException(
        "Kafka option 'key.serializer' is not supported as keys are serialized with "
        "ByteArraySerializer.");
  if (has(context, "kafka.value.serializer"))
    throw IllegalArgumentException(
        "Kafka option 'value.serializer' is not supported as value are serialized with "
        "ByteArraySerializer.");
  if (!has(context, "kafka.bootstrap.servers"))
    throw IllegalArgumentException(
        "Option 'kafka.bootstrap.servers' must be specified for configuring Kafka producer");
  SinkOptions o;
  if (auto topic = context.option("topic")) o.topic = std::string(trimWhitespace(*topic));
  // An idempotent producer: librdkafka's own retries never duplicate or reorder records. Keys
  // go to partitions as the Java client places them (murmur2), so Spark and Spate agree.
  auto defaults = commonDefaults();
  defaults.insert(defaults.end(), {{"enable.idempotence", "true"},
                                   {"partitioner", "murmur2_random"},
                                   {"message.timeout.ms", "120000"}});
  o.client = clientConfig(context, std::move(defaults));
  validateClientConfig(KafkaRole::kProducer, o.client);
  return o;
}

int32_t javaStringHash(std::string_view text) {
  // Over UTF-16 code units, as Java does; decodes UTF-8 (invalid bytes count as one unit each).
  uint32_t hash = 0;
  for (size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    uint32_t codePoint = c;
    size_t length = 1;
    if (c >= 0xF0 && i + 3 < text.size()) {
      codePoint = ((c & 0x07u) << 18) | ((text[i + 1] & 0x3Fu) << 12) |
                  ((text[i + 2] & 0x3Fu) << 6) | (text[i + 3] & 0x3Fu);
      length = 4;
    } else if (c >= 0xE0 && i + 2 < text.size()) {
      codePoint = ((c & 0x0Fu) << 12) | ((text[i + 1] & 0x3Fu) << 6) | (text[i + 2] & 0x3Fu);
      length = 3;
    } else if (c >= 0xC0 && i + 1 < text.size()) {
      codePoint = ((c & 0x1Fu) << 6) | (text[i + 1] & 0x3Fu);
      length = 2;
    }
    if (codePoint >= 0x10000) {
      codePoint -= 0x10000;
      hash = hash * 31 + (0xD800 + (codePoint >> 10));
      hash = hash * 31 + (0xDC00 + (codePoint & 0x3FF));
    } else {
      hash = hash * 31 + codePoint;
    }
    i += length;
  }
  return static_cast<int32_t>(hash);
}

}  // namespace spate::connector::kafka
