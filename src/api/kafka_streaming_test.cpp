// Kafka through the public API, end to end, against a real in-process Kafka cluster (librdkafka's
// mock): readStream → from_json → aggregation → memory sink with restarts and crash points (no
// record lost or counted twice), batch reads, SQL tables USING kafka read as a batch and as a
// stream, a Kafka → Kafka pipeline, progress metrics, and a broker outage in the middle of a run.
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "api/functions.h"
#include "api/streaming.h"
#include "api/streaming_manual_test_support.h"
#include "common/logging.h"
#include "connector/kafka/kafka_test_support.h"

namespace spate::sql {
namespace {

namespace fs = std::filesystem;
using connector::kafka::testing::KafkaTestCluster;
using connector::kafka::testing::TestRecord;
using functions::col;
using functions::expr;
using testing::ManualQuery;
using testing::Rows;

template <typename F>
bool eventually(F condition, int timeoutMs = 20'000) {
  for (int i = 0; i < timeoutMs / 5; ++i) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return condition();
}

class KafkaStreamingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    savedLogLevel = logLevel();
    setLogLevel(LogLevel::kWarn);
    spark = Session::builder()
                .master("local[2]")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    root = fs::temp_directory_path() / ("spate-kafka-test-" + streaming::randomUuid());
    fs::create_directories(root);
  }
  void TearDown() override {
    spark->stop();
    fs::remove_all(root);
    setLogLevel(savedLogLevel);
  }

  std::string topic(const std::string& base, int partitions) {
    std::string name = KafkaTestCluster::uniqueTopic(base);
    kafka.createTopic(name, partitions);
    return name;
  }

  /// JSON trades: pair i % 3 ("P0".."P2"), price i.
  void produceTrades(KafkaTestCluster& cluster, const std::string& t, int from, int to,
                     int partitions) {
    std::vector<TestRecord> records;
    for (int i = from; i < to; ++i) {
      TestRecord r;
      r.partition = i % partitions;
      r.key = "P" + std::to_string(i % 3);
      r.value = "{\"pair\":\"P" + std::to_string(i % 3) + "\",\"price\":" + std::to_string(i) + "}";
      records.push_back(std::move(r));
    }
    cluster.produce(t, records);
  }

  /// "P<k>,<count>,<sum of prices>" over trades [0, n).
  static Rows expectedTotals(int n) {
    Rows rows;
    for (int k = 0; k < 3; ++k) {
      int64_t count = 0, sum = 0;
      for (int i = k; i < n; i += 3) ++count, sum += i;
      if (count)
        rows.push_back("P" + std::to_string(k) + "," + std::to_string(count) + "," +
                       std::to_string(sum));
    }
    return rows;
  }

  DataFrame totals(const std::string& t, std::map<std::string, std::string> extra = {}) {
    auto reader = spark->readStream()
                      .format("kafka")
                      .option("kafka.bootstrap.servers", kafka.bootstrap())
                      .option("kafka.fetch.wait.max.ms", "10")
                      .option("subscribe", t)
                      .option("startingOffsets", "earliest");
    for (const auto& [k, v] : extra) reader.option(k, v);
    return reader.load()
        .select({functions::from_json(col("value").cast("string"), "pair STRING, price BIGINT")
                     .alias("t")})
        .groupBy({col("t.pair").alias("pair")})
        .agg({functions::count(col("t.price")).alias("n"),
              functions::sum(col("t.price")).alias("total")});
  }

  /// The rows as Row.toString prints them without the brackets ("P0,3,9"), sorted.
  static Rows sortedRows(const DataFrame& df) {
    Rows out;
    for (const auto& r : df.collect()) {
      std::string text = r.toString();
      out.push_back(text.substr(1, text.size() - 2));
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  KafkaTestCluster& kafka = KafkaTestCluster::shared();
  SessionPtr spark;
  fs::path root;
  LogLevel savedLogLevel = LogLevel::kInfo;
};

TEST_F(KafkaStreamingTest, AggregatesAcrossRestartsWithoutLosingOrRepeatingRecords) {
  std::string t = topic("trades", 2);
  produceTrades(kafka, t, 0, 30, 2);
  std::string checkpoint = (root / "checkpoint").string();
  ManualQuery q(totals(t, {{"maxOffsetsPerTrigger", "7"}}), "totals", OutputMode::kComplete,
                checkpoint);
  q.processAll();
  EXPECT_EQ(q.runner().lastCommittedBatchId(), 4);  // 30 records, at most 7 per batch
  auto progress = q.query().lastProgress().value();
  ASSERT_EQ(progress.sources.size(), 1u);
  EXPECT_EQ(progress.sources[0].description, "KafkaV2[Subscribe[" + t + "]]");
  EXPECT_EQ(progress.sources[0].endOffset, "{\"" + t + "\":{\"0\":15,\"1\":15}}");
  EXPECT_EQ(progress.sources[0].metrics.at("avgOffsetsBehindLatest"), "0.0");
  EXPECT_EQ(progress.sources[0].metrics.at("lag." + t + ".1"), "0");
  EXPECT_EQ(sortedRows(spark->sql("SELECT * FROM totals")), expectedTotals(30));

  // Restart, then new records: counted once, on top of what the checkpoint holds.
  q.restart();
  produceTrades(kafka, t, 30, 50, 2);
  q.processAll();
  EXPECT_EQ(sortedRows(spark->sql("SELECT * FROM totals")), expectedTotals(50));

  // A crash after the offsets were logged: the restart re-runs exactly that batch.
  produceTrades(kafka, t, 50, 60, 2);
  q.runner().armFailPoint(streaming::FailPoint::kAfterStateCommit);
  EXPECT_ANY_THROW(q.processAll());
  q.restart();
  q.processAll();
  EXPECT_EQ(sortedRows(spark->sql("SELECT * FROM totals")), expectedTotals(60));
}

TEST_F(KafkaStreamingTest, BatchReadsAndSqlTables) {
  std::string t = topic("batch", 2);
  produceTrades(kafka, t, 0, 6, 2);
  DataFrame df = spark->read()
                     .format("kafka")
                     .option("kafka.bootstrap.servers", kafka.bootstrap())
                     .option("subscribe", t)
                     .option("endingOffsets", "{\"" + t + "\":{\"0\":2,\"1\":-1}}")
                     .load()
                     .selectExpr({"partition", "offset", "CAST(key AS STRING) AS k"});
  EXPECT_EQ(sortedRows(df), (Rows{"0,0,P0", "0,1,P2", "1,0,P1", "1,1,P0", "1,2,P2"}));

  spark->sql("CREATE TABLE trades USING kafka OPTIONS ('kafka.bootstrap.servers' '" +
             kafka.bootstrap() + "', subscribe '" + t +
             "', 'kafka.fetch.wait.max.ms' '10', startingOffsets 'earliest')");
  EXPECT_EQ(sortedRows(spark->sql(
                "SELECT get_json_object(CAST(value AS STRING), '$.price') AS p FROM trades "
                "WHERE partition = 1")),
            (Rows{"1", "3", "5"}));
  // The same table read as a stream.
  DataFrame stream = spark->sql(
      "SELECT CAST(value AS STRING) AS v, offset FROM STREAM(trades) WHERE partition = 0");
  ManualQuery q(stream, "fromTable", OutputMode::kAppend, (root / "table").string());
  EXPECT_EQ(q.processAll(),
            (Rows{"{\"pair\":\"P0\",\"price\":0},0", "{\"pair\":\"P1\",\"price\":4},2",
                  "{\"pair\":\"P2\",\"price\":2},1"}));
  produceTrades(kafka, t, 6, 8, 2);
  EXPECT_EQ(q.processAll(), (Rows{"{\"pair\":\"P0\",\"price\":6},3"}));
}

TEST_F(KafkaStreamingTest, KafkaToKafka) {
  std::string in = topic("in", 2), out = topic("out", 1);
  produceTrades(kafka, in, 0, 10, 2);
  DataFrame upper = spark->readStream()
                        .format("kafka")
                        .option("kafka.bootstrap.servers", kafka.bootstrap())
                        .option("kafka.fetch.wait.max.ms", "10")
                        .option("subscribe", in)
                        .option("startingOffsets", "earliest")
                        .load()
                        .selectExpr({"key", "upper(CAST(value AS STRING)) AS value"});
  auto query = upper.writeStream()
                   .format("kafka")
                   .option("kafka.bootstrap.servers", kafka.bootstrap())
                   .option("topic", out)
                   .option("checkpointLocation", (root / "k2k").string())
                   .trigger(streaming::Trigger::manual())
                   .start();
  while (query.execution()->runManualTrigger(true)) {
  }
  auto progress = query.lastProgress().value();
  EXPECT_TRUE(progress.sink.description.starts_with(
      "org.apache.spark.sql.kafka010.KafkaSourceProvider$KafkaTable@"));
  query.stop();
  std::vector<std::string> values;
  for (const auto& r : kafka.readAll(out, 1)) values.push_back(*r.key + ":" + *r.value);
  std::sort(values.begin(), values.end());
  ASSERT_EQ(values.size(), 10u);
  EXPECT_EQ(values[0], "P0:{\"PAIR\":\"P0\",\"PRICE\":0}");
}

TEST_F(KafkaStreamingTest, SqlJobFromKafkaToKafka) {
  std::string in = topic("sqlin", 2), out = topic("sqlout", 1);
  produceTrades(kafka, in, 0, 6, 2);
  std::string servers = "'kafka.bootstrap.servers' '" + kafka.bootstrap() + "'";
  spark->sql("CREATE TABLE src USING kafka OPTIONS (" + servers + ", subscribe '" + in +
             "', startingOffsets 'earliest', 'kafka.fetch.wait.max.ms' '10')");
  // A table only written to: the sink's options, no subscription.
  spark->sql("CREATE TABLE dst USING kafka OPTIONS (" + servers + ", topic '" + out +
             "', checkpointLocation '" + (root / "sqljob").string() + "', trigger 'availableNow')");
  spark->sql(
      "INSERT INTO dst SELECT key, get_json_object(CAST(value AS STRING), '$.price') AS value "
      "FROM STREAM(src) WHERE partition = 1");
  spark->streams().awaitAnyTermination();
  std::vector<std::string> records;
  for (const auto& r : kafka.readAll(out, 1)) records.push_back(*r.key + "=" + *r.value);
  std::sort(records.begin(), records.end());
  EXPECT_EQ(records, (std::vector<std::string>{"P0=3", "P1=1", "P2=5"}));
}

TEST_F(KafkaStreamingTest, ABrokerOutageDelaysTheQueryWithoutLosingRecords) {
  KafkaTestCluster own;  // taken down below: not the shared cluster
  own.createTopic("ticks", 2);
  auto values = spark->readStream()
                    .format("kafka")
                    .option("kafka.bootstrap.servers", own.bootstrap())
                    .option("kafka.fetch.wait.max.ms", "10")
                    .option("kafka.default.api.timeout.ms", "500")
                    .option("subscribe", "ticks")
                    .option("startingOffsets", "earliest")
                    .load()
                    .selectExpr({"CAST(value AS STRING) AS v"});
  auto query = values.writeStream()
                   .format("memory")
                   .queryName("ticks")
                   .option("checkpointLocation", (root / "outage").string())
                   .start();
  own.produceValues("ticks", 0, 500, 2);
  query.processAllAvailable();
  EXPECT_EQ(spark->sql("SELECT * FROM ticks").count(), 500);

  own.cluster().setBrokerUp(1, false);
  // The query keeps running and says what it waits for.
  ASSERT_TRUE(eventually([&] {
    return query.status().message.find("Retrying in") != std::string::npos;
  })) << query.status().message;
  std::string status = query.status().message;
  EXPECT_NE(status.find(own.bootstrap()), std::string::npos) << status;
  // Several seconds without a broker: the query waits, backing off, and stays up.
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_TRUE(query.isActive());
  // (Between retries the status says the trigger runs again.)
  EXPECT_TRUE(eventually([&] {
    return query.status().message.find("Retrying in") != std::string::npos;
  })) << query.status().message;
  own.cluster().setBrokerUp(1, true);

  own.produceValues("ticks", 500, 1000, 2);
  ASSERT_TRUE(eventually([&] { return spark->sql("SELECT * FROM ticks").count() == 1000; }))
      << query.status().message;
  query.processAllAvailable();
  EXPECT_TRUE(query.isActive());
  // Every record exactly once.
  EXPECT_EQ(spark->sql("SELECT DISTINCT v FROM ticks").count(), 1000);
  EXPECT_EQ(spark->sql("SELECT * FROM ticks").count(), 1000);
  query.stop();
  EXPECT_EQ(query.exception(), std::nullopt);
}

TEST_F(KafkaStreamingTest, SecretsNeverShow) {
  const std::string secret = "pw-d0nt-l3ak";
  const std::string jaas =
      "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" "
      "password=\"" +
      secret + "\";";
  LogCapture logs;
  // A broker nobody listens on: the query retries and reports why, without the password.
  auto query = spark->readStream()
                   .format("kafka")
                   .option("kafka.bootstrap.servers", "127.0.0.1:1")
                   .option("kafka.default.api.timeout.ms", "200")
                   .option("kafka.sasl.jaas.config", jaas)
                   .option("kafka.ssl.key.password", secret)
                   .option("subscribe", "t")
                   .load()
                   .writeStream()
                   .format("kafka")
                   .option("kafka.bootstrap.servers", "127.0.0.1:1")
                   .option("kafka.sasl.password", secret)
                   .option("topic", "out")
                   .option("checkpointLocation", (root / "secrets").string())
                   .start();
  ASSERT_TRUE(
      eventually([&] { return query.status().message.find("Retrying") != std::string::npos; }));
  std::string everything = query.status().prettyJson() + query.explain(true);
  query.stop();
  for (const auto& line : logs.lines()) everything += line + "\n";
  if (auto progress = query.lastProgress()) everything += progress->prettyJson();
  EXPECT_NE(everything.find("127.0.0.1:1"), std::string::npos) << everything;
  EXPECT_EQ(everything.find(secret), std::string::npos) << everything;
  EXPECT_EQ(everything.find("PlainLoginModule"), std::string::npos) << everything;
}

TEST_F(KafkaStreamingTest, WrongOptionsStopBeforeStart) {
  EXPECT_THROW(spark->readStream()
                   .format("kafka")
                   .option("kafka.bootstrap.servers", kafka.bootstrap())
                   .load(),
               IllegalArgumentException);
  EXPECT_THROW(spark->readStream()
                   .format("kafka")
                   .option("kafka.bootstrap.servers", kafka.bootstrap())
                   .option("subscribe", "t")
                   .option("kafka.no.such.setting", "1")
                   .load(),
               IllegalArgumentException);
}

}  // namespace
}  // namespace spate::sql
