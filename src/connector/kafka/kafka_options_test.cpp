// Option validation of the Kafka source and sink with Spark's messages
// (KafkaSourceProvider.validateStreamOptions / validateBatchOptions / kafkaParamsForProducer),
// and the pure pieces: offsets JSON, the maxOffsetsPerTrigger split, minOffsetsPerTrigger,
// the offsets-behind metrics, the schema and the writer's column checks. No broker needed.
#include "connector/kafka/kafka_options.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "common/logging.h"
#include "common/redaction.h"
#include "connector/api/connector_test_support.h"
#include "connector/kafka/kafka_writer.h"
#include "connector/kafka/mock_cluster.h"
#include "connector/kafka/offsets_json.h"
#include "connector/kafka/record_columns.h"
#include "connector/kafka/trigger_limits.h"

namespace spate::connector::kafka {
namespace {

using connector::testing::makeContext;
using connector::testing::thrownMessage;

using Options = std::map<std::string, std::string>;

// A broker address nothing listens on: validation never connects.
const Options kBase = {{"kafka.bootstrap.servers", "127.0.0.1:9"}, {"subscribe", "t"}};

// Warnings are what some tests look for, whatever SPATE_LOG_LEVEL says.
struct WarnLevel {
  WarnLevel() : saved(logLevel()) { setLogLevel(LogLevel::kWarn); }
  ~WarnLevel() { setLogLevel(saved); }
  LogLevel saved;
};

Options with(Options base, const Options& extra) {
  for (const auto& [k, v] : extra) base[k] = v;
  return base;
}

std::string streamError(const Options& options) {
  return thrownMessage<IllegalArgumentException>(
      [&] { parseStreamSourceOptions(makeContext("kafka", options)); });
}

std::string batchError(const Options& options) {
  return thrownMessage<IllegalArgumentException>(
      [&] { parseBatchSourceOptions(makeContext("kafka", options)); });
}

TEST(KafkaOptionsTest, ExactlyOneSubscriptionStrategy) {
  EXPECT_EQ(streamError({{"kafka.bootstrap.servers", "h:1"}}),
            "One of the following options must be specified for Kafka source: subscribe, "
            "subscribepattern, assign. See the docs for more details.");
  EXPECT_EQ(streamError(with(kBase, {{"subscribePattern", "t.*"}})),
            "Only one of the following options can be specified for Kafka source: subscribe, "
            "subscribepattern, assign. See the docs for more details.");
  EXPECT_EQ(streamError({{"kafka.bootstrap.servers", "h:1"}, {"subscribe", " , "}}),
            "No topics to subscribe to as specified value for option 'subscribe' is ' , '");
  EXPECT_EQ(streamError({{"kafka.bootstrap.servers", "h:1"}, {"assign", "t-0"}}),
            "No topicpartitions to assign as specified value for option 'assign' is 't-0'");
  EXPECT_EQ(streamError({{"kafka.bootstrap.servers", "h:1"}, {"SubscribePattern", "  "}}),
            "Pattern to subscribe is empty as specified value for option 'subscribePattern' is "
            "'  '");
  EXPECT_EQ(streamError({{"kafka.bootstrap.servers", "h:1"}, {"assign", "{\"t\":[0,"}}),
            "Expected e.g. {\"topicA\":[0,1],\"topicB\":[0,1]}, got {\"t\":[0,");
}

TEST(KafkaOptionsTest, StrategiesAndDescriptions) {
  auto assign = parseStreamSourceOptions(makeContext(
      "kafka", {{"kafka.bootstrap.servers", "h:1"}, {"assign", R"({"b":[2,0],"a":[1]})"}}));
  EXPECT_EQ(assign.strategy.toString(), "Assign[b-2, b-0, a-1]");
  auto subscribe = parseStreamSourceOptions(
      makeContext("kafka", {{"kafka.bootstrap.servers", "h:1"}, {"subscribe", " a, b ,,c"}}));
  EXPECT_EQ(subscribe.strategy.toString(), "Subscribe[a, b, c]");
  auto pattern = parseStreamSourceOptions(
      makeContext("kafka", {{"kafka.bootstrap.servers", "h:1"}, {"subscribePattern", " e.* "}}));
  EXPECT_EQ(pattern.strategy.toString(), "SubscribePattern[e.*]");
}

TEST(KafkaOptionsTest, BootstrapServersAndRejectedConsumerOptions) {
  EXPECT_EQ(streamError({{"subscribe", "t"}}),
            "Option 'kafka.bootstrap.servers' must be specified for configuring Kafka consumer");
  std::string reset = streamError(with(kBase, {{"kafka.auto.offset.reset", "earliest"}}));
  EXPECT_TRUE(
      reset.starts_with("\nKafka option 'auto.offset.reset' is not supported.\nInstead set "
                        "the source option 'startingoffsets' to 'earliest' or 'latest'"))
      << reset;
  EXPECT_EQ(streamError(with(kBase, {{"kafka.key.deserializer", "x"}})),
            "Kafka option 'key.deserializer' is not supported as keys are deserialized as byte "
            "arrays with ByteArrayDeserializer. Use DataFrame operations to explicitly deserialize "
            "the keys.");
  EXPECT_EQ(streamError(with(kBase, {{"kafka.value.deserializer", "x"}})),
            "Kafka option 'value.deserializer' is not supported as values are deserialized as byte "
            "arrays with ByteArrayDeserializer. Use DataFrame operations to explicitly deserialize "
            "the values.");
  EXPECT_EQ(streamError(with(kBase, {{"kafka.enable.auto.commit", "true"}})),
            "Kafka option 'enable.auto.commit' is not supported");
  EXPECT_EQ(streamError(with(kBase, {{"Kafka.Interceptor.Classes", "x"}})),
            "Kafka option 'interceptor.classes' is not supported");
}

TEST(KafkaOptionsTest, StreamingOnlyAndNumericOptions) {
  EXPECT_EQ(streamError(with(kBase, {{"endingOffsets", "latest"}})),
            "ending offset not valid in streaming queries");
  EXPECT_EQ(streamError(with(kBase, {{"endingOffsetsByTimestamp", "{}"}})),
            "ending timestamp not valid in streaming queries");
  EXPECT_EQ(
      streamError(with(kBase, {{"minOffsetsPerTrigger", "20"}, {"maxOffsetsPerTrigger", "10"}})),
      "The value of minOffsetPerTrigger(20) is higher than the maxOffsetsPerTrigger(10).");
  EXPECT_EQ(streamError(with(kBase, {{"maxOffsetsPerTrigger", "ten"}})),
            "For input string: \"ten\"");
  EXPECT_EQ(streamError(with(kBase, {{"minPartitions", "0"}})), "minPartitions must be positive");
  EXPECT_EQ(streamError(with(kBase, {{"failOnDataLoss", "maybe"}})), "For input string: \"maybe\"");
  EXPECT_EQ(streamError(with(kBase, {{"startingOffsets", "{\"t\":{\"0\":x}}"}})),
            "Expected e.g. {\"topicA\":{\"0\":23,\"1\":-1},\"topicB\":{\"0\":-2}}, got "
            "{\"t\":{\"0\":x}}");
  EXPECT_EQ(streamError(with(kBase, {{"startingTimestamp", "soon"}})),
            "Expected a single long value, got soon");

  auto o = parseStreamSourceOptions(makeContext(
      "kafka", with(kBase, {{"maxOffsetsPerTrigger", "100"},
                            {"minOffsetsPerTrigger", "10"},
                            {"maxTriggerDelay", "2m"},
                            {"failOnDataLoss", "FALSE"},
                            {"includeHeaders", "true"},
                            {"startingOffsets", R"({"t":{"0":23,"1":-1},"u":{"0":-2}})"}})));
  EXPECT_EQ(o.maxOffsetsPerTrigger, 100);
  EXPECT_EQ(o.minOffsetsPerTrigger, 10);
  EXPECT_EQ(o.maxTriggerDelayMs, 120'000);
  EXPECT_FALSE(o.failOnDataLoss);
  EXPECT_TRUE(o.includeHeaders);
  EXPECT_EQ(o.startingOffsets.kind, OffsetRangeLimit::Kind::kSpecificOffsets);
  EXPECT_EQ(o.startingOffsets.values,
            (PartitionOffsets{{{"t", 0}, 23}, {{"t", 1}, -1}, {{"u", 0}, -2}}));
  // Defaults: latest for streams, 15 minutes of trigger delay, data loss fails the query.
  auto d = parseStreamSourceOptions(makeContext("kafka", kBase));
  EXPECT_EQ(d.startingOffsets.kind, OffsetRangeLimit::Kind::kLatest);
  EXPECT_EQ(d.maxTriggerDelayMs, 15 * 60 * 1000);
  EXPECT_TRUE(d.failOnDataLoss);
  EXPECT_FALSE(d.includeHeaders);
}

TEST(KafkaOptionsTest, TimestampOffsetsTakePrecedence) {
  auto o = parseStreamSourceOptions(
      makeContext("kafka", with(kBase, {{"startingTimestamp", " 1700000000000 "},
                                        {"startingOffsetsByTimestamp", R"({"t":{"0":5}})"},
                                        {"startingOffsets", "earliest"}})));
  EXPECT_EQ(o.startingOffsets.kind, OffsetRangeLimit::Kind::kGlobalTimestamp);
  EXPECT_EQ(o.startingOffsets.timestamp, 1'700'000'000'000);
  auto byPartition = parseStreamSourceOptions(makeContext(
      "kafka", with(kBase, {{"startingOffsetsByTimestamp", R"({"t": {"0": 5, "1": 6}})"},
                            {"startingOffsetsByTimestampStrategy", "latest"}})));
  EXPECT_EQ(byPartition.startingOffsets.kind, OffsetRangeLimit::Kind::kSpecificTimestamps);
  EXPECT_EQ(byPartition.startingOffsets.values, (PartitionOffsets{{{"t", 0}, 5}, {{"t", 1}, 6}}));
  EXPECT_TRUE(byPartition.startingOffsets.latestWhenNoMatch);
  EXPECT_EQ(streamError(with(kBase, {{"startingOffsetsByTimestampStrategy", "maybe"}})),
            "No value found for 'MAYBE'");
}

TEST(KafkaOptionsTest, BatchOffsets) {
  auto o = parseBatchSourceOptions(makeContext("kafka", kBase));
  EXPECT_EQ(o.startingOffsets.kind, OffsetRangeLimit::Kind::kEarliest);
  EXPECT_EQ(o.endingOffsets.kind, OffsetRangeLimit::Kind::kLatest);
  EXPECT_EQ(batchError(with(kBase, {{"startingOffsets", "latest"}})),
            "starting offset can't be latest for batch queries on Kafka");
  EXPECT_EQ(batchError(with(kBase, {{"startingOffsets", R"({"t":{"0":-1}})"}})),
            "startingOffsets for t-0 can't be latest for batch queries on Kafka");
  EXPECT_EQ(batchError(with(kBase, {{"endingOffsets", "earliest"}})),
            "ending offset can't be earliest for batch queries on Kafka");
  EXPECT_EQ(batchError(with(kBase, {{"endingOffsets", R"({"t":{"3":-2}})"}})),
            "ending offset for t-3 can't be earliest for batch queries on Kafka");
  WarnLevel level;
  LogCapture logs;
  auto ignored = parseBatchSourceOptions(makeContext(
      "kafka",
      with(kBase, {{"maxOffsetsPerTrigger", "5"}, {"endingOffsets", R"({"t":{"0":7}})"}})));
  EXPECT_TRUE(logs.contains("maxOffsetsPerTrigger option ignored in batch queries"));
  EXPECT_EQ(ignored.endingOffsets.values, (PartitionOffsets{{{"t", 0}, 7}}));
}

TEST(KafkaOptionsTest, GroupIds) {
  auto context = makeContext("kafka", kBase, "/tmp/checkpoint/sources/0");
  auto o = parseStreamSourceOptions(context);
  // <prefix>-<uuid>-<hash of the metadata path>-executor, as Spark names its consumers.
  std::string suffix =
      "-" + std::to_string(javaStringHash("/tmp/checkpoint/sources/0")) + "-executor";
  EXPECT_TRUE(o.groupId.starts_with("spark-kafka-source-")) << o.groupId;
  EXPECT_TRUE(o.groupId.ends_with(suffix)) << o.groupId;
  EXPECT_EQ(o.groupId.size(), std::string("spark-kafka-source-").size() + 36 + suffix.size());
  EXPECT_FALSE(o.customGroupId);
  EXPECT_NE(parseStreamSourceOptions(context).groupId, o.groupId);  // a new uuid each time

  auto prefixed =
      parseStreamSourceOptions(makeContext("kafka", with(kBase, {{"groupIdPrefix", "crypto"}})));
  EXPECT_TRUE(prefixed.groupId.starts_with("crypto-")) << prefixed.groupId;
  auto batch = parseBatchSourceOptions(makeContext("kafka", kBase));
  EXPECT_TRUE(batch.groupId.starts_with("spark-kafka-relation-")) << batch.groupId;

  WarnLevel level;
  LogCapture logs;
  auto custom = parseStreamSourceOptions(
      makeContext("kafka", with(kBase, {{"kafka.group.id", "mine"}, {"groupIdPrefix", "p"}})));
  EXPECT_EQ(custom.groupId, "mine");
  EXPECT_TRUE(custom.customGroupId);
  EXPECT_EQ(*custom.client.property("group.id"), "mine");
  EXPECT_TRUE(logs.contains("Kafka option 'kafka.group.id' has been set on this query, it is"));
  EXPECT_TRUE(
      logs.contains("Option groupIdPrefix will be ignored as option kafka.group.id has been set."));
}

TEST(KafkaOptionsTest, JavaStringHash) {
  // Values of java.lang.String.hashCode.
  EXPECT_EQ(javaStringHash(""), 0);
  EXPECT_EQ(javaStringHash("a"), 97);
  EXPECT_EQ(javaStringHash("hello"), 99162322);
  EXPECT_EQ(javaStringHash("/tmp/checkpoint/sources/0"), -1402389255);
  EXPECT_EQ(javaStringHash("é"), 233);
  EXPECT_EQ(javaStringHash("😀"), 1772899);  // a surrogate pair
}

TEST(KafkaOptionsTest, ConsumerProperties) {
  auto o = parseStreamSourceOptions(
      makeContext("kafka", with(kBase, {{"kafka.Session.Timeout.Ms", "6000"},
                                        {"kafka.max.poll.records", "10"},
                                        {"kafka.default.api.timeout.ms", "750"},
                                        {"kafka.fetch.wait.max.ms", "20"}})));
  const auto& c = o.client;
  EXPECT_EQ(*c.property("bootstrap.servers"), "127.0.0.1:9");
  EXPECT_EQ(*c.property("session.timeout.ms"), "6000");
  EXPECT_EQ(c.property("max.poll.records"), nullptr);  // Java-only, ignored
  EXPECT_EQ(c.requestTimeoutMs, 750);
  EXPECT_EQ(*c.property("fetch.wait.max.ms"), "20");  // the user's value wins over the default
  EXPECT_EQ(*c.property("enable.auto.commit"), "false");
  EXPECT_EQ(*c.property("auto.offset.reset"), "error");
  EXPECT_EQ(*c.property("enable.partition.eof"), "true");

  std::string unknown = streamError(with(kBase, {{"kafka.no.such.property", "1"}}));
  EXPECT_TRUE(unknown.starts_with("Invalid Kafka option 'kafka.no.such.property': ")) << unknown;
}

TEST(KafkaOptionsTest, SecretsNeverInMessages) {
  // A value librdkafka rejects would be quoted in its message: it must come out redacted.
  std::string bad = streamError(with(kBase, {{"kafka.sasl.password", "hunter2-secret"},
                                             {"kafka.security.protocol", "hunter2-secret"}}));
  EXPECT_EQ(bad.find("hunter2-secret"), std::string::npos) << bad;
  EXPECT_NE(bad.find("security.protocol"), std::string::npos) << bad;

  // A Java JAAS configuration becomes librdkafka's sasl.username/sasl.password.
  auto o = parseStreamSourceOptions(makeContext(
      "kafka", with(kBase, {{"kafka.sasl.mechanism", "PLAIN"},
                            {"kafka.security.protocol", "SASL_PLAINTEXT"},
                            {"kafka.sasl.jaas.config",
                             "org.apache.kafka.common.security.plain.PlainLoginModule required "
                             "username=\"alice\" password=\"s3cr3t-pw\";"}})));
  EXPECT_EQ(*o.client.property("sasl.username"), "alice");
  EXPECT_EQ(*o.client.property("sasl.password"), "s3cr3t-pw");
  EXPECT_EQ(o.client.property("sasl.jaas.config"), nullptr);
  std::string text = "failed with s3cr3t-pw";
  EXPECT_EQ(redactSecrets(text, o.client.secrets).find("s3cr3t-pw"), std::string::npos);
}

TEST(KafkaOptionsTest, SinkOptions) {
  auto sinkError = [](const Options& options) {
    return thrownMessage<IllegalArgumentException>(
        [&] { parseSinkOptions(makeContext("kafka", options)); });
  };
  EXPECT_EQ(sinkError({{"kafka.bootstrap.servers", "h:1"}, {"kafka.key.serializer", "x"}}),
            "Kafka option 'key.serializer' is not supported as keys are serialized with "
            "ByteArraySerializer.");
  EXPECT_EQ(sinkError({{"kafka.bootstrap.servers", "h:1"}, {"kafka.value.serializer", "x"}}),
            "Kafka option 'value.serializer' is not supported as value are serialized with "
            "ByteArraySerializer.");
  EXPECT_EQ(sinkError({{"topic", "t"}}),
            "Option 'kafka.bootstrap.servers' must be specified for configuring Kafka producer");
  auto o = parseSinkOptions(makeContext(
      "kafka", {{"kafka.bootstrap.servers", "h:1"}, {"topic", " out "}, {"kafka.acks", "1"}}));
  EXPECT_EQ(o.topic, "out");
  EXPECT_EQ(*o.client.property("enable.idempotence"), "true");
  EXPECT_EQ(*o.client.property("partitioner"), "murmur2_random");
  EXPECT_EQ(*o.client.property("acks"), "1");
}

TEST(KafkaOptionsTest, EmbeddedBootstrap) {
  EXPECT_EQ(embeddedBrokerCount("embedded"), 1);
  EXPECT_EQ(embeddedBrokerCount(" Embedded:3 "), 3);
  EXPECT_EQ(embeddedBrokerCount("localhost:9092"), std::nullopt);
  EXPECT_EQ(thrownMessage<IllegalArgumentException>([] { embeddedBrokerCount("embedded:x"); }),
            "Invalid value 'embedded:x' for option 'kafka.bootstrap.servers': expected embedded or "
            "embedded:<number of brokers, 1 to 64>");
}

TEST(KafkaOffsetsJsonTest, RoundTrip) {
  PartitionOffsets offsets{{{"b", 10}, 5}, {{"b", 2}, 7}, {{"a\"x", 0}, 123456789012345}};
  std::string json = offsetsToJson(offsets);
  // Topics by name, partitions by number (not as text: 2 before 10).
  EXPECT_EQ(json, R"({"a\"x":{"0":123456789012345},"b":{"2":7,"10":5}})");
  EXPECT_EQ(parseOffsetsJson(json), offsets);
  EXPECT_EQ(offsetsToJson({}), "{}");
  EXPECT_EQ(parseOffsetsJson("{}"), PartitionOffsets{});
  EXPECT_EQ(parseOffsetsJson(R"( { "t" : { "0" : "4" } } )"), (PartitionOffsets{{{"t", 0}, 4}}));
  EXPECT_EQ(parseOffsetsJson(R"({"t":{"0":1.5}})"), std::nullopt);
  EXPECT_EQ(parseOffsetsJson(R"({"t":{"x":1}})"), std::nullopt);
  EXPECT_EQ(parseOffsetsJson(R"({"t":{"0":1}} trailing)"), std::nullopt);
  EXPECT_EQ(parseOffsetsJson(""), std::nullopt);
  EXPECT_EQ(parseAssignOption(R"({"a":[1,0],"b":[]})"),
            (std::vector<TopicPartition>{{"a", 1}, {"a", 0}}));
}

TEST(KafkaTriggerLimitsTest, MaxOffsetsSplitProportionally) {
  TopicPartition a{"t", 0}, b{"t", 1}, c{"t", 2};
  // 100 available on a, 300 on b, 1 on c: a limit of 40 is split 9 / 29 / 1 (at least 1 each).
  PartitionOffsets from{{a, 0}, {b, 100}, {c, 50}};
  PartitionOffsets until{{a, 100}, {b, 400}, {c, 51}};
  EXPECT_EQ(rateLimit(40, from, {}, until), (PartitionOffsets{{a, 9}, {b, 129}, {c, 51}}));
  // 401 in total: a gets floor(40 * 100 / 401) = 9, b 100 + floor(40 * 300 / 401) = 129, c
  // ceil(0.0998). A limit above what is available reads everything.
  EXPECT_EQ(rateLimit(1000, from, {}, until), until);
  // A new partition starts at its earliest offset.
  TopicPartition d{"u", 0};
  PartitionOffsets withNew = until;
  withNew[d] = 120;
  auto limited = rateLimit(40, from, {{d, 20}}, withNew);
  EXPECT_EQ(limited.at(d), 20 + 7);  // floor(40 * 100 / 501)
  // Nothing available: the latest offsets as they are.
  EXPECT_EQ(rateLimit(10, until, {}, until), until);
}

TEST(KafkaTriggerLimitsTest, MinOffsetsWaitUntilMaxTriggerDelay) {
  TopicPartition a{"t", 0};
  TriggerDelay delay(10, 1000);
  // The first trigger runs (more than the delay since time 0), then waits for 10 offsets.
  EXPECT_FALSE(delay.delay(5000, {{a, 3}}, {{a, 0}}));
  EXPECT_TRUE(delay.delay(5100, {{a, 8}}, {{a, 3}}));
  EXPECT_FALSE(delay.delay(5200, {{a, 13}}, {{a, 3}}));  // 10 new offsets
  EXPECT_TRUE(delay.delay(5300, {{a, 14}}, {{a, 13}}));
  EXPECT_FALSE(delay.delay(6200, {{a, 14}}, {{a, 13}}));  // the delay passed
}

TEST(KafkaTriggerLimitsTest, OffsetsBehindLatestMetrics) {
  TopicPartition a{"t", 0}, b{"t", 1}, c{"u", 3};
  auto m = offsetsBehindMetrics({{a, 10}, {b, 5}, {c, 7}}, {{a, 10}, {b, 9}, {c, 10}});
  EXPECT_EQ(m.at("minOffsetsBehindLatest"), "0");
  EXPECT_EQ(m.at("maxOffsetsBehindLatest"), "4");
  EXPECT_EQ(m.at("avgOffsetsBehindLatest"), "2.3333333333333335");
  EXPECT_EQ(m.at("lag.t.0"), "0");
  EXPECT_EQ(m.at("lag.t.1"), "4");
  EXPECT_EQ(m.at("lag.u.3"), "3");
  EXPECT_TRUE(offsetsBehindMetrics({}, {{a, 1}}).empty());
}

TEST(KafkaSchemaTest, FixedSchema) {
  EXPECT_EQ(kafkaSchema(false)->simpleString(),
            "struct<key:binary,value:binary,topic:string,partition:int,offset:bigint,"
            "timestamp:timestamp,timestampType:int>");
  EXPECT_EQ(
      kafkaSchema(true)->simpleString(),
      "struct<key:binary,value:binary,topic:string,partition:int,offset:bigint,"
      "timestamp:timestamp,timestampType:int,headers:array<struct<key:string,value:binary>>>");
  for (const auto& field : kafkaSchema(true)->fields()) EXPECT_TRUE(field.nullable) << field.name;
}

TEST(KafkaWriterSchemaTest, SparkMessages) {
  auto error = [](const std::string& ddl, std::optional<std::string> topic = std::nullopt) {
    return thrownMessage<AnalysisException>(
        [&] { validateWriterSchema(*parseDdlSchema(ddl), topic); });
  };
  EXPECT_EQ(error("value STRING"),
            "topic option required when no 'topic' attribute is present. Use the topic option for "
            "setting a topic.");
  EXPECT_EQ(error("topic STRING, key STRING"), "Required attribute 'value' not found");
  EXPECT_EQ(error("topic STRING, value INT"),
            "value attribute unsupported type int. value must be a(n) string or binary");
  EXPECT_EQ(error("topic INT, value STRING"),
            "topic attribute unsupported type int. topic must be a(n) string");
  EXPECT_EQ(error("key ARRAY<STRING>, value STRING", "t"),
            "key attribute unsupported type array<string>. key must be a(n) string or binary");
  EXPECT_EQ(error("value BINARY, partition BIGINT", "t"),
            "partition attribute unsupported type bigint. partition must be a(n) int");
  EXPECT_EQ(error("value BINARY, headers ARRAY<STRING>", "t"),
            "headers attribute unsupported type array<string>. headers must be a(n) "
            "array<struct<key:string,value:binary>>");
  // Names are case-sensitive; the topic option makes a topic column's type irrelevant.
  EXPECT_EQ(error("Value STRING", "t"), "Required attribute 'value' not found");
  validateWriterSchema(*parseDdlSchema("topic INT, value BINARY"), "t");
  validateWriterSchema(
      *parseDdlSchema("key STRING, value STRING, topic STRING, partition INT, "
                      "headers ARRAY<STRUCT<key: STRING, value: BINARY>>, extra DOUBLE"),
      std::nullopt);
}

}  // namespace
}  // namespace spate::connector::kafka
