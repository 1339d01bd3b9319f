// The Kafka source against a real (in-process, librdkafka mock) Kafka cluster: records as rows
// of Spark's schema, offsets JSON through the checkpoint, replays, rate limits, new partitions,
// data loss both ways, broker outages and authorization errors.
#include <gtest/gtest.h>
// rdkafka_mock.h needs rdkafka.h first.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "common/error.h"
#include "common/logging.h"
#include "connector/api/connector_contract.h"
#include "connector/api/connector_test_support.h"
#include "connector/file/file_test_support.h"
#include "connector/kafka/kafka_test_support.h"
#include "connector/kafka/record_columns.h"

namespace spate::connector::kafka {
namespace {

using connector::testing::makeContext;
using connector::testing::sourceProvider;
using connector::testing::valueOf;
using testing::KafkaTestCluster;
using testing::TestRecord;

using Options = std::map<std::string, std::string>;

/// One row of the source's output, as plain values.
struct Row {
  std::optional<std::string> key, value;
  std::string topic;
  int32_t partition;
  int64_t offset;
  int64_t timestampMicros;
  int32_t timestampType;
  std::optional<std::vector<std::pair<std::string, std::optional<std::string>>>> headers;
};

std::vector<Row> rowsOf(const std::vector<BatchPtr>& batches) {
  std::vector<Row> rows;
  for (const auto& b : batches) {
    EXPECT_LE(b->numRows(), defaultVectorSize());
    for (int64_t r = 0; r < b->numRows(); ++r) {
      auto text = [&](size_t c) -> std::optional<std::string> {
        const Column& col = *b->column(c);
        if (col.isNull(r)) return std::nullopt;
        return std::string(col.stringAt(r));
      };
      Row row{text(0),
              text(1),
              std::string(b->column(2)->stringAt(r)),
              b->column(3)->valueAt<int32_t>(r),
              b->column(4)->valueAt<int64_t>(r),
              b->column(5)->valueAt<int64_t>(r),
              b->column(6)->valueAt<int32_t>(r),
              std::nullopt};
      if (b->numColumns() > 7 && !b->column(7)->isNull(r)) {
        const Column& headers = *b->column(7);
        const Column& entries = *headers.child(0);
        row.headers.emplace();
        for (int64_t h = headers.listStart(r); h < headers.listStart(r) + headers.listLength(r);
             ++h)
          row.headers->emplace_back(
              std::string(entries.child(0)->stringAt(h)),
              entries.child(1)->isNull(h)
                  ? std::nullopt
                  : std::optional<std::string>(entries.child(1)->stringAt(h)));
      }
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

/// "topic/partition/offset=value" per row, in output order.
std::vector<std::string> summary(const std::vector<BatchPtr>& batches) {
  std::vector<std::string> out;
  for (const auto& r : rowsOf(batches))
    out.push_back(r.topic + "/" + std::to_string(r.partition) + "/" + std::to_string(r.offset) +
                  "=" + r.value.value_or("null"));
  return out;
}

/// "<topic>/<rest>" for each of `rows`.
std::vector<std::string> prefixed(const std::string& topic, const std::vector<std::string>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(topic + "/" + r);
  return out;
}

std::vector<std::string> expectedValues(const std::string& topic, int partition, int64_t fromOffset,
                                        const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (size_t i = 0; i < values.size(); ++i)
    out.push_back(topic + "/" + std::to_string(partition) + "/" +
                  std::to_string(fromOffset + static_cast<int64_t>(i)) + "=" + values[i]);
  return out;
}

class KafkaSourceTest : public ::testing::Test {
 protected:
  std::unique_ptr<Source> source(const Options& options, const std::string& metadataPath = "") {
    auto context = makeContext("kafka", options, metadataPath, &now);
    return sourceProvider("kafka").create(context);
  }
  /// latestOffset until it differs from `start` (records reach the broker asynchronously).
  std::string latest(Source& s, const std::optional<std::string>& start) {
    auto offset = valueOf(s.latestOffset(start));
    EXPECT_TRUE(offset.has_value());
    return offset.value_or("");
  }

  /// A topic of its own for this test ("<base>-<n>"), with `partitions` partitions.
  std::string topic(const std::string& base, int partitions) {
    std::string name = KafkaTestCluster::uniqueTopic(base);
    kafka.createTopic(name, partitions);
    return name;
  }
  /// JSON offsets with the topic name for '@': json(R"({@:{"0":2}})", t).
  static std::string json(std::string text, const std::string& topic) {
    for (size_t at; (at = text.find('@')) != std::string::npos;)
      text.replace(at, 1, "\"" + topic + "\"");
    return text;
  }

  KafkaTestCluster& kafka = KafkaTestCluster::shared();
  spate::testing::TempDir checkpoint;
  int64_t now = 1'000'000;
};

TEST_F(KafkaSourceTest, RecordsBecomeRowsOfTheFixedSchema) {
  std::string t = topic("events", 2);
  TestRecord a;
  a.partition = 0;
  a.key = "k1";
  a.value = "hello";
  a.timestampMs = 1'700'000'000'123;
  a.headers = {{"h1", "x"}, {"h2", std::nullopt}};
  TestRecord b;
  b.partition = 1;
  b.value = std::string("\0\xff", 2);  // binary, with a NUL byte
  b.timestampMs = 1'700'000'000'456;
  TestRecord tombstone;
  tombstone.partition = 0;
  tombstone.key = "k2";
  tombstone.timestampMs = 1'700'000'000'789;
  kafka.produce(t, {a, b, tombstone});

  auto s = source(kafka.sourceOptions(t, {{"includeHeaders", "true"}}));
  EXPECT_EQ(s->description(), "KafkaV2[Subscribe[" + t + "]]");
  EXPECT_EQ(s->schema()->fields().size(), 8u);
  std::string end = latest(*s, std::nullopt);
  EXPECT_EQ(end, json(R"({@:{"0":2,"1":1}})", t));
  auto rows = rowsOf(valueOf(s->getBatch(std::nullopt, end)));
  ASSERT_EQ(rows.size(), 3u);
  // Partition by partition, in offset order.
  EXPECT_EQ(rows[0].key, "k1");
  EXPECT_EQ(rows[0].value, "hello");
  EXPECT_EQ(rows[0].topic, t);
  EXPECT_EQ(rows[0].partition, 0);
  EXPECT_EQ(rows[0].offset, 0);
  EXPECT_EQ(rows[0].timestampMicros, 1'700'000'000'123'000);
  EXPECT_EQ(rows[0].timestampType, 0);  // CreateTime
  ASSERT_TRUE(rows[0].headers);
  EXPECT_EQ(*rows[0].headers, (std::vector<std::pair<std::string, std::optional<std::string>>>{
                                  {"h1", "x"}, {"h2", std::nullopt}}));
  EXPECT_EQ(rows[1].key, "k2");
  EXPECT_EQ(rows[1].value, std::nullopt);
  EXPECT_EQ(rows[1].offset, 1);
  EXPECT_EQ(rows[1].headers, std::nullopt);  // no headers: null, not an empty array
  EXPECT_EQ(rows[2].key, std::nullopt);
  EXPECT_EQ(rows[2].value, std::string("\0\xff", 2));
  EXPECT_EQ(rows[2].partition, 1);
  EXPECT_EQ(rows[2].timestampMicros, 1'700'000'000'456'000);

  // Without includeHeaders there is no headers column.
  auto plain = source(kafka.sourceOptions(t));
  EXPECT_EQ(plain->schema()->fields().size(), 7u);
  auto plainBatches = valueOf(plain->getBatch(std::nullopt, end));
  ASSERT_FALSE(plainBatches.empty());
  EXPECT_EQ(plainBatches[0]->numColumns(), 7u);
}

TEST_F(KafkaSourceTest, ReplaysAndRestartsReadTheSameRecords) {
  std::string t = topic("t", 2);
  kafka.produceValues(t, 0, 10, 2);
  auto s = source(kafka.sourceOptions(t), checkpoint.path());
  std::string first = latest(*s, std::nullopt);
  EXPECT_EQ(first, json(R"({@:{"0":5,"1":5}})", t));
  auto firstRows = summary(valueOf(s->getBatch(std::nullopt, first)));
  auto expected = expectedValues(t, 0, 0, {"v0", "v2", "v4", "v6", "v8"});
  for (auto& e : expectedValues(t, 1, 0, {"v1", "v3", "v5", "v7", "v9"})) expected.push_back(e);
  EXPECT_EQ(firstRows, expected);

  // The initial offsets are kept as Spark keeps them: a zero byte, a version line, the JSON.
  std::ifstream in(checkpoint.path() + "/0", std::ios::binary);
  std::string stored((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(stored, std::string("\0v1\n", 4) + json(R"({@:{"0":0,"1":0}})", t));

  kafka.produceValues(t, 10, 14, 2);
  std::string second = latest(*s, first);
  EXPECT_EQ(second, json(R"({@:{"0":7,"1":7}})", t));
  auto secondRows = summary(valueOf(s->getBatch(first, second)));
  EXPECT_EQ(secondRows, prefixed(t, {"0/5=v10", "0/6=v12", "1/5=v11", "1/6=v13"}));
  // A replay of an earlier range, then of the later one, on the same source.
  EXPECT_EQ(summary(valueOf(s->getBatch(std::nullopt, first))), firstRows);
  EXPECT_EQ(summary(valueOf(s->getBatch(first, second))), secondRows);

  // A new source on the same checkpoint starts from the stored initial offsets.
  s->stop();
  kafka.produceValues(t, 14, 16, 2);
  auto restarted =
      source(kafka.sourceOptions(t, {{"startingOffsets", "latest"}}), checkpoint.path());
  EXPECT_EQ(summary(valueOf(restarted->getBatch(std::nullopt, first))), firstRows);
  EXPECT_EQ(summary(valueOf(restarted->getBatch(first, second))), secondRows);
  EXPECT_TRUE(restarted->commit(second).ok());
}

TEST_F(KafkaSourceTest, StartingOffsetsLatestAndJson) {
  std::string t = topic("t", 2);
  kafka.produceValues(t, 0, 4, 2);
  auto s = source(kafka.sourceOptions(t, {{"startingOffsets", "latest"}}));
  std::string start = latest(*s, std::nullopt);
  EXPECT_EQ(start, json(R"({@:{"0":2,"1":2}})", t));
  EXPECT_TRUE(valueOf(s->getBatch(std::nullopt, start)).empty());
  kafka.produceValues(t, 4, 5, 2);
  std::string next = latest(*s, start);
  EXPECT_EQ(summary(valueOf(s->getBatch(start, next))), prefixed(t, {"0/2=v4"}));

  // -2 is earliest, -1 latest, anything else an offset.
  auto fromJson =
      source(kafka.sourceOptions(t, {{"startingOffsets", json(R"({@:{"0":-2,"1":-1}})", t)}}));
  std::string end = latest(*fromJson, std::nullopt);
  EXPECT_EQ(summary(valueOf(fromJson->getBatch(std::nullopt, end))),
            prefixed(t, {"0/0=v0", "0/1=v2", "0/2=v4"}));
  auto exact =
      source(kafka.sourceOptions(t, {{"startingOffsets", json(R"({@:{"0":2,"1":1}})", t)}}));
  end = latest(*exact, std::nullopt);
  EXPECT_EQ(summary(valueOf(exact->getBatch(std::nullopt, end))),
            prefixed(t, {"0/2=v4", "1/1=v3"}));

  // Every partition must be named.
  auto partial = source(kafka.sourceOptions(t, {{"startingOffsets", json(R"({@:{"0":1}})", t)}}));
  auto failed = partial->latestOffset(std::nullopt);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().domain, ErrorDomain::kUser);
  EXPECT_EQ(failed.error().message,
            "assertion failed: If startingOffsets contains specific offsets, you must specify all "
            "TopicPartitions.\nUse -1 for latest, -2 for earliest, if you don't care.\n"
            "Specified: Set(" +
                t + "-0) Assigned: Set(" + t + "-0, " + t + "-1)");
}

TEST_F(KafkaSourceTest, TimestampsTheBrokerCannotMatch) {
  // The mock broker answers every timestamp lookup with "no such offset" (-1), which is what a
  // real broker answers for a timestamp after the last record.
  std::string t = topic("t", 1);
  kafka.produceValues(t, 0, 3);
  auto strict = source(kafka.sourceOptions(t, {{"startingTimestamp", "1234"}}));
  auto failed = strict->latestOffset(std::nullopt);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().domain, ErrorDomain::kUser);
  EXPECT_EQ(failed.error().message,
            "No offset matched from request of topic-partition " + t + "-0 and timestamp 1234.");
  auto lenient =
      source(kafka.sourceOptions(t, {{"startingOffsetsByTimestamp", json(R"({@:{"0":99}})", t)},
                                     {"startingOffsetsByTimestampStrategy", "latest"}}));
  EXPECT_EQ(latest(*lenient, std::nullopt), json(R"({@:{"0":3}})", t));
}

TEST_F(KafkaSourceTest, MaxOffsetsPerTriggerSplitsAcrossPartitions) {
  std::string t = topic("t", 2);
  std::vector<TestRecord> records;
  for (int i = 0; i < 40; ++i) {
    TestRecord r;
    r.partition = i < 30 ? 0 : 1;  // 30 records on partition 0, 10 on partition 1
    r.value = "v" + std::to_string(i);
    records.push_back(r);
  }
  kafka.produce(t, records);
  auto s = source(kafka.sourceOptions(t, {{"maxOffsetsPerTrigger", "8"}}));
  std::optional<std::string> start;
  std::vector<std::string> offsets;
  std::set<std::string> seen;
  size_t total = 0;
  for (int batch = 0; batch < 10; ++batch) {
    auto end = valueOf(s->latestOffset(start));
    if (!end || end == start) break;
    offsets.push_back(*end);
    auto rows = summary(valueOf(s->getBatch(start, *end)));
    EXPECT_LE(rows.size(), 8u);
    total += rows.size();
    seen.insert(rows.begin(), rows.end());
    start = end;
  }
  // 8 split 30:10 is 6 + 2, then 24:8 gives 6 + 2 again, … until both run dry.
  ASSERT_GE(offsets.size(), 2u);
  EXPECT_EQ(offsets[0], json(R"({@:{"0":6,"1":2}})", t));
  EXPECT_EQ(offsets[1], json(R"({@:{"0":12,"1":4}})", t));
  EXPECT_EQ(offsets.back(), json(R"({@:{"0":30,"1":10}})", t));
  EXPECT_EQ(total, 40u);
  EXPECT_EQ(seen.size(), 40u);
  EXPECT_EQ(s->metrics().at("maxOffsetsBehindLatest"), "0");
}

TEST_F(KafkaSourceTest, MetricsReportOffsetsBehindLatest) {
  std::string t = topic("t", 2);
  kafka.produceValues(t, 0, 20, 2);  // 10 per partition
  auto s = source(kafka.sourceOptions(t, {{"maxOffsetsPerTrigger", "4"}}));
  EXPECT_TRUE(s->metrics().empty());  // before the first batch
  std::string end = latest(*s, std::nullopt);
  EXPECT_EQ(end, json(R"({@:{"0":2,"1":2}})", t));
  valueOf(s->getBatch(std::nullopt, end));
  auto m = s->metrics();
  EXPECT_EQ(m.at("minOffsetsBehindLatest"), "8");
  EXPECT_EQ(m.at("maxOffsetsBehindLatest"), "8");
  EXPECT_EQ(m.at("avgOffsetsBehindLatest"), "8.0");
  EXPECT_EQ(m.at("lag." + t + ".0"), "8");
  EXPECT_EQ(m.at("lag." + t + ".1"), "8");
}

TEST_F(KafkaSourceTest, MinOffsetsPerTriggerWaitsForDataOrTheDelay) {
  std::string t = topic("t", 1);
  kafka.produceValues(t, 0, 3);
  now = 0;  // the source's clock: the first trigger is not yet past maxTriggerDelay
  auto s =
      source(kafka.sourceOptions(t, {{"minOffsetsPerTrigger", "5"}, {"maxTriggerDelay", "10s"}}));
  std::string start = latest(*s, std::nullopt);
  EXPECT_EQ(start, json(R"({@:{"0":0}})", t));  // 3 < 5: wait (the start offsets again)
  kafka.produceValues(t, 3, 6);
  std::string ready = latest(*s, start);
  EXPECT_EQ(ready, json(R"({@:{"0":6}})", t));
  kafka.produceValues(t, 6, 7);
  now += 1000;
  EXPECT_EQ(latest(*s, ready), ready);  // 1 new record, 1 s later: wait
  now += 10'000;
  EXPECT_EQ(latest(*s, ready), json(R"({@:{"0":7}})", t));  // maxTriggerDelay passed
}

TEST_F(KafkaSourceTest, NewPartitionsAreReadFromTheirStart) {
  std::string prefix = KafkaTestCluster::uniqueTopic("p") + "-";
  std::string a = prefix + "ev-a", b = prefix + "ev-b";
  kafka.createTopic(a, 1);
  kafka.produceValues(a, 0, 2, 1, "a");
  Options o = kafka.sourceOptions("x");
  o.erase("subscribe");
  o["subscribePattern"] = prefix + "ev-.*";
  auto pattern = source(o);
  EXPECT_EQ(pattern->description(), "KafkaV2[SubscribePattern[" + prefix + "ev-.*]]");
  std::string first = latest(*pattern, std::nullopt);
  EXPECT_EQ(first, json(R"({@:{"0":2}})", a));
  EXPECT_EQ(summary(valueOf(pattern->getBatch(std::nullopt, first))),
            prefixed(a, {"0/0=a0", "0/1=a1"}));
  // A topic created later that matches the pattern: its partitions start at offset 0.
  kafka.createTopic(b, 2);
  kafka.produceValues(b, 0, 3, 2, "b");
  kafka.produceValues(a, 2, 3, 1, "a");
  kafka.createTopic(prefix + "other", 1);
  kafka.produceValues(prefix + "other", 0, 1, 1, "o");
  std::string second = latest(*pattern, first);
  EXPECT_EQ(second, "{\"" + a + "\":{\"0\":3},\"" + b + "\":{\"0\":2,\"1\":1}}");
  auto rows = prefixed(a, {"0/2=a2"});
  for (auto& r : prefixed(b, {"0/0=b0", "0/1=b2", "1/0=b1"})) rows.push_back(r);
  EXPECT_EQ(summary(valueOf(pattern->getBatch(first, second))), rows);
}

TEST_F(KafkaSourceTest, SubscribingBeforeTheTopicExists) {
  std::string t = KafkaTestCluster::uniqueTopic("later");
  auto s = source(kafka.sourceOptions(t, {{"startingOffsets", "latest"}}));
  EXPECT_EQ(valueOf(s->latestOffset(std::nullopt)), std::nullopt);  // nothing to read yet
  kafka.createTopic(t, 1);
  kafka.produceValues(t, 0, 2);
  std::string end = latest(*s, std::nullopt);
  // Created after the query started: read from its start, as Spark reads new partitions.
  EXPECT_EQ(summary(valueOf(s->getBatch(std::nullopt, end))), prefixed(t, {"0/0=v0", "0/1=v1"}));
}

TEST_F(KafkaSourceTest, AssignReadsOnlyTheGivenPartitions) {
  std::string t = topic("t", 3);
  kafka.produceValues(t, 0, 6, 3);
  Options o = kafka.sourceOptions("x");
  o.erase("subscribe");
  o["assign"] = json(R"({@:[2,0]})", t);
  auto s = source(o);
  EXPECT_EQ(s->description(), "KafkaV2[Assign[" + t + "-2, " + t + "-0]]");
  std::string end = latest(*s, std::nullopt);
  EXPECT_EQ(end, json(R"({@:{"0":2,"2":2}})", t));
  EXPECT_EQ(summary(valueOf(s->getBatch(std::nullopt, end))),
            prefixed(t, {"0/0=v0", "0/1=v3", "2/0=v2", "2/1=v5"}));
}

// Fills `topic`'s partition 0 beyond the mock's ~5 MB, so that its first records are dropped as
// retention would drop them. Returns the partition's end offset.
int64_t overflowRetention(KafkaTestCluster& kafka, const std::string& topic, int64_t offset) {
  std::vector<TestRecord> big(10);
  for (auto& r : big) r.value = std::string(100'000, 'x');
  for (int i = 0; i < 7; ++i) kafka.produce(topic, big);
  return offset + 70;
}

TEST_F(KafkaSourceTest, DataLossFailsTheQueryByDefault) {
  std::string t = topic("small", 1);
  kafka.produceValues(t, 0, 3);
  auto s = source(kafka.sourceOptions(t));
  std::string first = latest(*s, std::nullopt);  // decides the initial offsets {0:0}
  EXPECT_EQ(first, json(R"({@:{"0":3}})", t));
  int64_t end = overflowRetention(kafka, t, 3);
  std::string all = latest(*s, std::nullopt);
  EXPECT_EQ(all, "{\"" + t + "\":{\"0\":" + std::to_string(end) + "}}");
  auto rows = s->getBatch(std::nullopt, all);
  ASSERT_FALSE(rows.ok());
  const Error& e = rows.error();
  EXPECT_EQ(e.domain, ErrorDomain::kExternal);
  EXPECT_FALSE(e.retryable);  // waiting brings lost records back no more than failing does
  EXPECT_TRUE(e.message.starts_with("Cannot fetch offset 0 (GroupId: spark-kafka-source-"))
      << e.message;
  EXPECT_NE(e.message.find("TopicPartition: " + t + "-0). Some data may have been lost"),
            std::string::npos)
      << e.message;
  EXPECT_NE(e.message.find("set the\n source option \"failOnDataLoss\" to \"false\"."),
            std::string::npos);
}

TEST_F(KafkaSourceTest, DataLossSkipsWithAWarningWhenAllowed) {
  std::string t = topic("small", 1);
  kafka.produceValues(t, 0, 3);
  auto s = source(kafka.sourceOptions(t, {{"failOnDataLoss", "false"}}));
  latest(*s, std::nullopt);
  int64_t end = overflowRetention(kafka, t, 3);
  std::string all = latest(*s, std::nullopt);
  LogLevel saved = logLevel();
  setLogLevel(LogLevel::kWarn);
  LogCapture logs;
  auto rows = rowsOf(valueOf(s->getBatch(std::nullopt, all)));
  setLogLevel(saved);
  ASSERT_FALSE(rows.empty());
  int64_t firstKept = rows.front().offset;
  EXPECT_GT(firstKept, 3);  // the three small records and the oldest big ones are gone
  EXPECT_EQ(rows.back().offset, end - 1);
  EXPECT_EQ(static_cast<int64_t>(rows.size()), end - firstKept);  // everything still there
  EXPECT_TRUE(logs.contains("Offset 0 is out of range, and records in [0, " +
                            std::to_string(firstKept) + ") will be\n skipped (GroupId: "));
  EXPECT_TRUE(logs.contains("TopicPartition: " + t + "-0)."));
}

TEST_F(KafkaSourceTest, AvailableNowStopsAtWhatWasThere) {
  std::string t = topic("t", 1);
  kafka.produceValues(t, 0, 3);
  auto s = source(kafka.sourceOptions(t));
  s->prepareForTriggerAvailableNow();
  std::string end = latest(*s, std::nullopt);
  kafka.produceValues(t, 3, 5);
  EXPECT_EQ(valueOf(s->latestOffset(end)), end);
}

TEST_F(KafkaSourceTest, UnreachableBrokersAreRetryableErrorsNamingThem) {
  auto s = source({{"kafka.bootstrap.servers", "127.0.0.1:1"},
                   {"subscribe", "t"},
                   {"kafka.default.api.timeout.ms", "300"},
                   {"kafka.sasl.password", "never-shown-secret"}});
  auto offset = s->latestOffset(std::nullopt);
  ASSERT_FALSE(offset.ok());
  EXPECT_EQ(offset.error().domain, ErrorDomain::kExternal);
  EXPECT_TRUE(offset.error().retryable);
  EXPECT_NE(offset.error().message.find("Kafka bootstrap servers 127.0.0.1:1"), std::string::npos)
      << offset.error().message;
  EXPECT_EQ(offset.error().message.find("never-shown-secret"), std::string::npos);
}

TEST_F(KafkaSourceTest, BrokerDownDuringARead) {
  KafkaTestCluster own;  // takes its broker down: not the shared cluster
  own.createTopic("t", 2);
  own.produceValues("t", 0, 100, 2);
  auto s = source(own.sourceOptions("t"));
  std::string end = latest(*s, std::nullopt);
  own.cluster().setBrokerUp(1, false);
  auto started = std::chrono::steady_clock::now();
  auto failed = s->getBatch(std::nullopt, end);
  ASSERT_FALSE(failed.ok());
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
  EXPECT_EQ(failed.error().domain, ErrorDomain::kExternal);
  EXPECT_TRUE(failed.error().retryable);
  EXPECT_NE(failed.error().message.find(own.bootstrap()), std::string::npos)
      << failed.error().message;
  own.cluster().setBrokerUp(1, true);
  // The retry reads the same range in full.
  auto rows = summary(valueOf(s->getBatch(std::nullopt, end)));
  EXPECT_EQ(rows.size(), 100u);
  EXPECT_EQ(rows.front(), "t/0/0=v0");
  EXPECT_EQ(rows.back(), "t/1/49=v99");
}

TEST_F(KafkaSourceTest, AuthorizationFailuresStopTheQuery) {
  std::string t = topic("t", 1);
  kafka.produceValues(t, 0, 1);
  auto s = source(kafka.sourceOptions(t));
  // The broker refuses the next offset lookups (ListOffsets is API key 2).
  rd_kafka_mock_push_request_errors(
      kafka.cluster().handle(), 2, 3, RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED,
      RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED, RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED);
  auto offset = s->latestOffset(std::nullopt);
  rd_kafka_mock_clear_request_errors(kafka.cluster().handle(), 2);
  ASSERT_FALSE(offset.ok());
  EXPECT_EQ(offset.error().domain, ErrorDomain::kUser) << offset.error().message;
  EXPECT_NE(offset.error().message.find("authorization"), std::string::npos)
      << offset.error().message;
}

TEST_F(KafkaSourceTest, AUserSchemaMustBeTheFixedOne) {
  auto context = makeContext("kafka", kafka.sourceOptions("t"));
  context.userSchema = parseDdlSchema("value STRING");
  EXPECT_EQ(connector::testing::thrownMessage<IllegalArgumentException>(
                [&] { sourceProvider("kafka").schema(context); }),
            "requirement failed: Kafka source has a fixed schema and cannot be set with a custom "
            "one");
  context.userSchema = kafkaSchema(false);
  EXPECT_NO_THROW(sourceProvider("kafka").schema(context));
}

TEST_F(KafkaSourceTest, Contract) {
  std::string t = topic("contract", 2);
  int next = 0;
  connector::testing::SourceUnderTest test;
  test.create = [&] { return source(kafka.sourceOptions(t), checkpoint.path()); };
  test.addRows = [&](int n) {
    kafka.produceValues(t, next, next + n, 2);
    next += n;
  };
  test.pollAttempts = 50;
  test.failures.push_back({[&] {
                             auto s = source({{"kafka.bootstrap.servers", "127.0.0.1:1"},
                                              {"subscribe", "t"},
                                              {"kafka.default.api.timeout.ms", "200"}});
                             auto offset = s->latestOffset(std::nullopt);
                             return offset.ok() ? Status::success() : Status(offset.error());
                           },
                           ErrorDomain::kExternal, true});
  connector::testing::expectSourceContract(test);
}

}  // namespace
}  // namespace spate::connector::kafka
