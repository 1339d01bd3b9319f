// The Kafka sink and batch writes against a real (in-process, librdkafka mock) cluster: rows
// become records (key, value, topic, partition, headers), keys are partitioned as the Java client
// does, errors carry Spark's texts, and a batch written twice is written twice (at-least-once).
#include <gtest/gtest.h>

#include "common/error.h"
#include "connector/api/connector_contract.h"
#include "connector/api/connector_test_support.h"
#include "connector/kafka/kafka_test_support.h"

namespace spate::connector::kafka {
namespace {

using connector::testing::makeContext;
using connector::testing::sinkProvider;
using connector::testing::thrownMessage;
using testing::KafkaTestCluster;
using testing::TestRecord;

using Options = std::map<std::string, std::string>;

SinkBatch batchOf(const SchemaPtr& schema, std::vector<std::vector<Value>> rows, int64_t id = 0,
                  OutputMode mode = OutputMode::kAppend) {
  SinkBatch batch;
  batch.batchId = id;
  batch.queryId = "query";
  batch.schema = schema;
  batch.rows = {makeBatch(schema, rows)};
  batch.mode = mode;
  return batch;
}

std::string describe(const TestRecord& r) {
  std::string out =
      std::to_string(r.partition) + ":" + r.key.value_or("null") + "=" + r.value.value_or("null");
  for (const auto& [name, value] : r.headers) out += " " + name + "=" + value.value_or("null");
  return out;
}

std::vector<std::string> describeAll(const std::vector<TestRecord>& records) {
  std::vector<std::string> out;
  for (const auto& r : records) out.push_back(describe(r));
  return out;
}

class KafkaSinkTest : public ::testing::Test {
 protected:
  std::string topic(const std::string& base, int partitions) {
    std::string name = KafkaTestCluster::uniqueTopic(base);
    kafka.createTopic(name, partitions);
    return name;
  }
  std::unique_ptr<Sink> sink(Options options, const SchemaPtr& schema,
                             OutputMode mode = OutputMode::kAppend) {
    options["kafka.bootstrap.servers"] = kafka.bootstrap();
    auto context = makeContext("kafka", options);
    sinkProvider("kafka").check(context, mode, schema);
    return sinkProvider("kafka").create(context, mode, schema);
  }

  KafkaTestCluster& kafka = KafkaTestCluster::shared();
};

TEST_F(KafkaSinkTest, RowsBecomeRecords) {
  std::string t = topic("out", 3);
  SchemaPtr schema = parseDdlSchema(
      "key STRING, value BINARY, topic STRING, partition INT, "
      "headers ARRAY<STRUCT<key: STRING, value: BINARY>>, ignored DOUBLE");
  Value headers(ValueList{Value(ValueList{"h1", "x"}), Value(ValueList{"h2", Value::null()})});
  auto s = sink({}, schema);
  EXPECT_EQ(
      s->description().rfind("org.apache.spark.sql.kafka010.KafkaSourceProvider$KafkaTable@", 0),
      0u);
  Status written =
      s->addBatch(batchOf(schema, {{"a", "1", t, 2, headers, 1.5},
                                   {Value::null(), "2", t, 0, Value::null(), 0.0},
                                   {"c", Value::null(), t, 2, Value(ValueList{}), 0.0}}));
  ASSERT_TRUE(written.ok()) << written.error().message;
  EXPECT_EQ(describeAll(kafka.readAll(t, 3)),
            (std::vector<std::string>{"0:null=2", "2:a=1 h1=x h2=null", "2:c=null"}));
}

TEST_F(KafkaSinkTest, KeysArePartitionedAsTheJavaClientDoes) {
  std::string t = topic("keyed", 4);
  SchemaPtr schema = parseDdlSchema("key STRING, value STRING");
  std::vector<std::vector<Value>> rows;
  for (const char* key : {"k0", "k1", "k2", "k3", "BTC", "ETH"}) rows.push_back({key, key});
  ASSERT_TRUE(sink({{"topic", t}}, schema)->addBatch(batchOf(schema, rows)).ok());
  // murmur2(key) & 0x7fffffff % 4, as org.apache.kafka.common.utils.Utils computes it.
  std::map<std::string, int32_t> partitionOf;
  for (const auto& r : kafka.readAll(t, 4)) partitionOf[*r.key] = r.partition;
  EXPECT_EQ(partitionOf, (std::map<std::string, int32_t>{
                             {"k0", 1}, {"k1", 1}, {"k2", 1}, {"k3", 0}, {"BTC", 2}, {"ETH", 1}}));
}

TEST_F(KafkaSinkTest, TheTopicOptionWinsOverTheColumn) {
  std::string t = topic("chosen", 1), other = topic("other", 1);
  SchemaPtr schema = parseDdlSchema("topic STRING, value STRING");
  ASSERT_TRUE(sink({{"topic", " " + t + " "}}, schema)
                  ->addBatch(batchOf(schema, {{other, "x"}, {Value::null(), "y"}}))
                  .ok());
  EXPECT_EQ(describeAll(kafka.readAll(t, 1)), (std::vector<std::string>{"0:null=x", "0:null=y"}));
  EXPECT_TRUE(kafka.readAll(other, 1).empty());
}

TEST_F(KafkaSinkTest, ColumnAndDataErrors) {
  SchemaPtr noTopic = parseDdlSchema("value STRING");
  auto context = makeContext("kafka", {{"kafka.bootstrap.servers", kafka.bootstrap()}});
  EXPECT_EQ(thrownMessage<AnalysisException>(
                [&] { sinkProvider("kafka").check(context, OutputMode::kAppend, noTopic); }),
            "topic option required when no 'topic' attribute is present. Use the topic option for "
            "setting a topic.");
  std::string t = topic("nulls", 1);
  SchemaPtr schema = parseDdlSchema("topic STRING, value STRING");
  Status written = sink({}, schema)->addBatch(batchOf(schema, {{t, "ok"}, {Value::null(), "x"}}));
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().domain, ErrorDomain::kUser);
  EXPECT_EQ(written.error().message,
            "null topic present in the data. Use the topic option for setting a topic.");
}

TEST_F(KafkaSinkTest, EveryOutputModeAppends) {
  std::string t = topic("modes", 1);
  SchemaPtr schema = parseDdlSchema("value STRING");
  for (OutputMode mode : {OutputMode::kAppend, OutputMode::kUpdate, OutputMode::kComplete}) {
    auto s = sink({{"topic", t}}, schema, mode);
    ASSERT_TRUE(s->addBatch(batchOf(schema, {{outputModeName(mode)}}, 0, mode)).ok());
  }
  // Complete mode does not truncate anything: Kafka topics only grow.
  EXPECT_EQ(describeAll(kafka.readAll(t, 1)),
            (std::vector<std::string>{"0:null=Append", "0:null=Update", "0:null=Complete"}));
}

TEST_F(KafkaSinkTest, ABatchWrittenTwiceIsWrittenTwice) {
  // Spark's Kafka sink is at-least-once: a batch replayed after a failure (same batch id) is
  // produced again. The contract suite checks exactly that with idempotent = false.
  std::string t = topic("contract", 2);
  SchemaPtr schema = parseDdlSchema("id BIGINT, value STRING");
  connector::testing::SinkUnderTest test;
  test.schema = schema;
  test.idempotent = false;
  test.create = [&] { return sink({{"topic", t}}, schema); };
  test.rowsFor = [&](int64_t batchId) {
    std::vector<std::vector<Value>> rows;
    for (int64_t i = 0; i < 2 + batchId; ++i)
      rows.push_back({Value(batchId * 100 + i), "row-" + std::to_string(batchId * 100 + i)});
    return std::vector<BatchPtr>{makeBatch(schema, rows)};
  };
  test.readBack = [&] {
    std::vector<std::string> rows;
    for (const auto& r : kafka.readAll(t, 2)) rows.push_back(*r.value);
    return rows;
  };
  // What readBack prints for a batch: the value column alone.
  auto rowsFor = test.rowsFor;
  test.rowsFor = [rowsFor, schema](int64_t batchId) {
    auto batches = rowsFor(batchId);
    std::vector<std::vector<Value>> values;
    for (int64_t r = 0; r < batches[0]->numRows(); ++r) values.push_back({batches[0]->rowAt(r)[1]});
    (void)schema;
    return std::vector<BatchPtr>{makeBatch(parseDdlSchema("value STRING"), values)};
  };
  test.schema = parseDdlSchema("value STRING");
  test.failures.push_back(
      {[&] {
         auto context = makeContext("kafka", {{"kafka.bootstrap.servers", "127.0.0.1:1"},
                                              {"topic", "t"},
                                              {"kafka.message.timeout.ms", "300"}});
         auto s = sinkProvider("kafka").create(context, OutputMode::kAppend, test.schema);
         return s->addBatch(batchOf(test.schema, {{"x"}}));
       },
       ErrorDomain::kExternal, true});
  connector::testing::expectSinkContract(test);
}

TEST_F(KafkaSinkTest, UnreachableBrokerFailsTheBatchRetryably) {
  KafkaTestCluster own;  // takes its broker down: not the shared cluster
  own.createTopic("t", 1);
  SchemaPtr schema = parseDdlSchema("value STRING");
  auto context = makeContext("kafka", {{"kafka.bootstrap.servers", own.bootstrap()},
                                       {"topic", "t"},
                                       {"kafka.message.timeout.ms", "1500"},
                                       {"kafka.sasl.password", "top-secret-password"}});
  auto s = sinkProvider("kafka").create(context, OutputMode::kAppend, schema);
  ASSERT_TRUE(s->addBatch(batchOf(schema, {{"before"}})).ok());
  own.cluster().setBrokerUp(1, false);
  Status failed = s->addBatch(batchOf(schema, {{"during-1"}, {"during-2"}}, 1));
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().domain, ErrorDomain::kExternal);
  EXPECT_TRUE(failed.error().retryable);
  EXPECT_NE(failed.error().message.find(
                "Failed to write 2 of 2 records at Kafka bootstrap servers " + own.bootstrap()),
            std::string::npos)
      << failed.error().message;
  EXPECT_EQ(failed.error().message.find("top-secret-password"), std::string::npos);
  own.cluster().setBrokerUp(1, true);
  // The retry of the batch goes through.
  Status retried = s->addBatch(batchOf(schema, {{"during-1"}, {"during-2"}}, 1));
  ASSERT_TRUE(retried.ok()) << retried.error().message;
  std::vector<std::string> values;
  for (const auto& r : own.readAll("t", 1)) values.push_back(*r.value);
  EXPECT_EQ(values, (std::vector<std::string>{"before", "during-1", "during-2"}));
}

TEST_F(KafkaSinkTest, BatchWritesAndSaveModes) {
  const BatchSinkProvider* provider = ConnectorRegistry::instance().findBatchSink("kafka");
  ASSERT_NE(provider, nullptr);
  std::string t = topic("batch", 1);
  SchemaPtr schema = parseDdlSchema("value STRING");
  auto context =
      makeContext("kafka", {{"kafka.bootstrap.servers", kafka.bootstrap()}, {"topic", t}});
  std::vector<BatchPtr> rows{makeBatch(schema, {{"a"}, {"b"}})};
  EXPECT_EQ(thrownMessage<AnalysisException>(
                [&] { (void)provider->write(context, SaveMode::kOverwrite, schema, rows); }),
            "Save mode Overwrite not allowed for Kafka. Allowed save modes are Append and "
            "ErrorIfExists (default).");
  EXPECT_EQ(thrownMessage<AnalysisException>(
                [&] { (void)provider->write(context, SaveMode::kIgnore, schema, rows); }),
            "Save mode Ignore not allowed for Kafka. Allowed save modes are Append and "
            "ErrorIfExists (default).");
  ASSERT_TRUE(provider->write(context, SaveMode::kAppend, schema, rows).ok());
  ASSERT_TRUE(provider->write(context, SaveMode::kErrorIfExists, schema, rows).ok());
  EXPECT_EQ(describeAll(kafka.readAll(t, 1)),
            (std::vector<std::string>{"0:null=a", "0:null=b", "0:null=a", "0:null=b"}));
}

TEST_F(KafkaSinkTest, EmbeddedBrokerRoundTrip) {
  // kafka.bootstrap.servers=embedded: one in-process broker for the whole process; topics
  // auto-create with 4 partitions.
  std::string t = KafkaTestCluster::uniqueTopic("embedded");
  SchemaPtr schema = parseDdlSchema("key STRING, value STRING");
  auto sinkContext = makeContext("kafka", {{"kafka.bootstrap.servers", "embedded"}, {"topic", t}});
  auto s = sinkProvider("kafka").create(sinkContext, OutputMode::kAppend, schema);
  ASSERT_TRUE(s->addBatch(batchOf(schema, {{"k0", "x"}, {"k3", "y"}})).ok());
  const BatchSourceProvider* reader = ConnectorRegistry::instance().findBatchSource("kafka");
  auto rows = reader->read(
      makeContext("kafka", {{"kafka.bootstrap.servers", "EMBEDDED:1"}, {"subscribe", t}}));
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  std::vector<std::string> got;
  for (const auto& b : *rows)
    for (int64_t r = 0; r < b->numRows(); ++r)
      got.push_back(std::string(b->column(0)->stringAt(r)) + "=" +
                    std::string(b->column(1)->stringAt(r)) + "@" +
                    std::to_string(b->column(3)->valueAt<int32_t>(r)));
  EXPECT_EQ(got, (std::vector<std::string>{"k3=y@0", "k0=x@1"}));  // murmur2 over 4 partitions
  EXPECT_EQ(embeddedCluster(1).bootstrapServers(), resolveBootstrapServers("embedded"));
  EXPECT_NE(embeddedCluster(2).bootstrapServers(), embeddedCluster(1).bootstrapServers());
}

}  // namespace
}  // namespace spate::connector::kafka
