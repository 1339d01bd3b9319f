// The streaming UI against real queries of a real session: /api/v1/streams and /metrics are
// checked against what the queries did (rows fed, late rows, open windows, the clock) and against
// their own progress; failures, retries and source lag metrics (a real Kafka source on librdkafka's
// mock cluster included); the event stream; the pages; startUi's settings.
#include "server/streaming_ui.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>

#include "api/functions.h"
#include "api/streaming_manual_test_support.h"
#include "common/logging.h"
#include "connector/kafka/kafka_test_support.h"
#include "server/server_test_support.h"
#include "server/session_ui.h"
#include "streaming/streaming_query_exception.h"

namespace spate::server {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using sql::testing::ManualQuery;
using testing::clientOf;
using testing::EventReader;
using testing::waitFor;

// /metrics parsed: every sample by its canonical series (name + sorted labels), checking the
// format as it goes (HELP and TYPE before a family's samples, families contiguous, valid names).
class Exposition {
 public:
  explicit Exposition(const std::string& text) {
    static const std::regex kSample(R"(([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+))");
    static const std::regex kLabel(R"re(([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?)re");
    std::string current;
    std::set<std::string> finished;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("# HELP ", 0) == 0 || line.rfind("# TYPE ", 0) == 0) {
        std::string rest = line.substr(7);
        std::string name = rest.substr(0, rest.find(' '));
        if (line[2] == 'T') {
          EXPECT_TRUE(help_.count(name)) << "TYPE before HELP: " << name;
          EXPECT_FALSE(types_.count(name)) << "family declared twice: " << name;
          types_[name] = rest.substr(name.size() + 1);
          if (!current.empty()) finished.insert(current);
          current = name;
        } else {
          help_[name] = rest.substr(name.size() + 1);
        }
        continue;
      }
      std::smatch m;
      if (!std::regex_match(line, m, kSample)) {
        ADD_FAILURE() << "not a sample: " << line;
        continue;
      }
      std::string name = m[1];
      std::string family = name;
      for (const char* suffix : {"_bucket", "_sum", "_count"})
        if (types_.count(current) && types_[current] == "histogram" && name == current + suffix)
          family = current;
      EXPECT_EQ(family, current) << "sample outside its family: " << line;
      EXPECT_FALSE(finished.count(family)) << "family not contiguous: " << line;
      std::map<std::string, std::string> labels;
      std::string body = m[3];
      for (auto it = std::sregex_iterator(body.begin(), body.end(), kLabel);
           it != std::sregex_iterator(); ++it)
        labels[(*it)[1]] = (*it)[2];
      std::string value = m[4];
      double v = value == "NaN" ? NAN : value == "+Inf" ? INFINITY : std::stod(value);
      samples_[key(name, labels)] = v;
    }
  }
  static std::string key(const std::string& name,
                         const std::map<std::string, std::string>& labels) {
    std::string k = name + "{";
    for (const auto& [l, v] : labels) k += l + "=" + v + ",";
    return k + "}";
  }
  std::optional<double> get(const std::string& name,
                            const std::map<std::string, std::string>& labels) const {
    auto it = samples_.find(key(name, labels));
    if (it == samples_.end()) return std::nullopt;
    return it->second;
  }
  const std::map<std::string, std::string>& types() const { return types_; }
  size_t countOf(const std::string& name) const {
    size_t n = 0;
    for (const auto& [k, v] : samples_) n += k.rfind(name + "{", 0) == 0 ? 1 : 0;
    return n;
  }

 private:
  std::map<std::string, std::string> help_, types_;
  std::map<std::string, double> samples_;
};

class StreamingUiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    savedLogLevel = logLevel();
    setLogLevel(LogLevel::kWarn);
    spark = sql::Session::builder()
                .master("local[2]")
                .config("spark.sql.session.timeZone", "UTC")
                .getOrCreate();
    spark->sql("CREATE TABLE ints (value INT) USING memory");
    checkpoint =
        (fs::temp_directory_path() / ("spate-ui-test-" + streaming::randomUuid())).string();
    UiServerOptions options;
    options.port = 0;
    server = UiServer::start(options);
    history = attachStreamingUi(*server, spark->queryManager(), {});
    client = clientOf(*server);
  }
  void TearDown() override {
    history->detach(spark->queryManager());
    server->stop();
    spark->stop();
    fs::remove_all(checkpoint);
    setLogLevel(savedLogLevel);
  }

  json getJson(const std::string& path) {
    auto res = client->Get(path);
    EXPECT_TRUE(res) << path;
    if (!res) return {};
    EXPECT_EQ(res->status, 200) << path << ": " << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
    return json::parse(res->body);
  }
  Exposition metrics() {
    auto res = client->Get("/metrics");
    EXPECT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
    return Exposition(res->body);
  }
  // The windowed count of the watermark tests: 5-second windows over `value` seconds, 10 s delay.
  sql::DataFrame windowedCounts() {
    using namespace sql::functions;
    return spark->readStream()
        .table("ints")
        .withColumn("eventTime", timestamp_seconds(col("value")))
        .withWatermark("eventTime", "10 seconds")
        .groupBy({window(col("eventTime"), "5 seconds").alias("window")})
        .agg({expr("count(*)").alias("count")})
        .select({col("window.start").cast("long"), col("count")});
  }

  sql::SessionPtr spark;
  std::string checkpoint;
  std::shared_ptr<UiServer> server;
  std::shared_ptr<QueryHistory> history;
  std::unique_ptr<httplib::Client> client;
  LogLevel savedLogLevel = LogLevel::kInfo;
};

TEST_F(StreamingUiTest, StreamsApiAndMetricsFollowAWatermarkedAggregation) {
  ManualQuery q(windowedCounts(), "agg", OutputMode::kAppend, checkpoint + "/agg");
  q.clock().set(100'000);  // every batch's timestamp: 1970-01-01T00:01:40Z
  spark->sql("INSERT INTO ints VALUES (15)");
  q.processAll();
  spark->sql("INSERT INTO ints VALUES (10), (12), (14)");
  q.processAll();
  spark->sql("INSERT INTO ints VALUES (25)");  // watermark → 15 s: window [10, 15) is emitted
  EXPECT_EQ(q.processAll(), (sql::testing::Rows{"10,3"}));
  spark->sql("INSERT INTO ints VALUES (1)");  // behind the watermark: dropped as late
  q.processAll();
  const std::string id = q.query().id(), runId = q.query().runId();
  const auto progress = q.query().recentProgress();
  ASSERT_GE(progress.size(), 4u);

  // /api/v1/streams: the run, its summary and its progress exactly as the engine reports it.
  json streams = getJson("/api/v1/streams")["streams"];
  ASSERT_EQ(streams.size(), 1u);
  json s = streams[0];
  EXPECT_EQ(s["id"], id);
  EXPECT_EQ(s["runId"], runId);
  EXPECT_EQ(s["name"], "agg");
  EXPECT_EQ(s["status"], "RUNNING");
  EXPECT_TRUE(s["exception"].is_null());
  EXPECT_TRUE(s["endTimestamp"].is_null());
  EXPECT_EQ(s["latestBatchId"], progress.back().batchId);
  EXPECT_EQ(s["numBatches"], progress.size());
  EXPECT_EQ(s["totalInputRows"], 6);
  ASSERT_EQ(s["recentProgress"].size(), progress.size());
  for (size_t i = 0; i < progress.size(); ++i)
    EXPECT_EQ(s["recentProgress"][i], json::parse(progress[i].json())) << i;
  EXPECT_EQ(getJson("/api/v1/streams?progress=1")["streams"][0]["recentProgress"].size(), 1u);
  EXPECT_EQ(getJson("/api/v1/streams?progress=0")["streams"][0]["recentProgress"].size(), 0u);

  // One run, by run id or query id; ?after= gives only the newer batches (the page's polling).
  json one = getJson("/api/v1/streams/" + runId);
  EXPECT_EQ(one["runId"], runId);
  EXPECT_NE(one["plan"].get<std::string>().find("Aggregate"), std::string::npos) << one["plan"];
  EXPECT_EQ(one["recentProgress"].size(), progress.size());
  EXPECT_EQ(getJson("/api/v1/streams/" + id)["runId"], runId);
  int64_t secondLast = progress[progress.size() - 2].batchId;
  json newer = getJson("/api/v1/streams/" + runId + "?after=" + std::to_string(secondLast));
  ASSERT_EQ(newer["recentProgress"].size(), 1u);
  EXPECT_EQ(newer["recentProgress"][0]["batchId"], progress.back().batchId);

  // /metrics.
  Exposition m = metrics();
  std::map<std::string, std::string> labels = {{"query", "agg"}, {"id", id}};
  auto with = [&](std::map<std::string, std::string> extra) {
    extra.insert(labels.begin(), labels.end());
    return extra;
  };
  EXPECT_EQ(m.get("spate_streaming_query_active", labels), 1);
  EXPECT_EQ(m.get("spate_streaming_query_failed", labels), 0);
  EXPECT_EQ(m.get("spate_streaming_input_rows_total", labels), 6);
  EXPECT_EQ(m.get("spate_streaming_batches_total", labels), progress.size());
  EXPECT_EQ(m.get("spate_streaming_latest_batch_id", labels), progress.back().batchId);
  EXPECT_EQ(m.get("spate_streaming_rows_dropped_by_watermark_total", labels), 1);
  // Windows [15, 20) and [25, 30) are still open.
  auto state = with({{"operator", "stateStoreSave"}, {"operator_id", "0"}});
  EXPECT_EQ(m.get("spate_streaming_state_rows", state), 2);
  EXPECT_EQ(m.get("spate_streaming_state_memory_bytes", state),
            progress.back().stateOperators.at(0).memoryUsedBytes);
  EXPECT_GT(*m.get("spate_streaming_state_memory_bytes", state), 0);
  // Watermark 15 s (25 − 10), batches at 100 s.
  EXPECT_EQ(m.get("spate_streaming_event_time_watermark_seconds", labels), 15);
  EXPECT_EQ(m.get("spate_streaming_watermark_lag_seconds", labels), 85);
  // The histogram counts every batch; buckets are cumulative up to +Inf.
  EXPECT_EQ(m.types().at("spate_streaming_batch_duration_seconds"), "histogram");
  EXPECT_EQ(m.get("spate_streaming_batch_duration_seconds_count", labels), progress.size());
  EXPECT_EQ(m.get("spate_streaming_batch_duration_seconds_bucket", with({{"le", "+Inf"}})),
            progress.size());
  double total = 0;
  double previous = 0;
  for (const char* le : {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5",
                         "10", "30", "60", "120"}) {
    auto bucket = m.get("spate_streaming_batch_duration_seconds_bucket", with({{"le", le}}));
    ASSERT_TRUE(bucket) << le;
    EXPECT_GE(*bucket, previous) << le;
    previous = *bucket;
  }
  for (const auto& p : progress) total += p.durationMs.at("triggerExecution") / 1000.0;
  EXPECT_DOUBLE_EQ(*m.get("spate_streaming_batch_duration_seconds_sum", labels), total);
  EXPECT_EQ(m.get("spate_streaming_batch_phase_duration_seconds", with({{"phase", "addBatch"}})),
            progress.back().durationMs.at("addBatch") / 1000.0);
  EXPECT_EQ(m.get("spate_streaming_sink_errors_total", labels), 0);
  EXPECT_EQ(m.get("spate_streaming_sink_retries_total", labels), 0);
  EXPECT_EQ(m.types().at("spate_streaming_input_rows_total"), "counter");
  EXPECT_EQ(m.types().at("spate_streaming_state_rows"), "gauge");

  // Stopped: still listed, now FINISHED.
  q.query().stop();
  s = getJson("/api/v1/streams")["streams"][0];
  EXPECT_EQ(s["status"], "FINISHED");
  EXPECT_FALSE(s["endTimestamp"].is_null());
  EXPECT_EQ(s["recentProgress"].size(), progress.size());
  m = metrics();
  EXPECT_EQ(m.get("spate_streaming_query_active", labels), 0);
  EXPECT_EQ(m.get("spate_streaming_input_rows_total", labels), 6);
}

TEST_F(StreamingUiTest, RatesOfARunningQueryMatchItsLastProgress) {
  auto query = spark->readStream()
                   .table("ints")
                   .writeStream()
                   .format("memory")
                   .queryName("live")
                   .option("checkpointLocation", checkpoint)
                   .start();
  spark->sql("INSERT INTO ints VALUES (1), (2), (3)");
  query.processAllAvailable();
  spark->sql("INSERT INTO ints VALUES (4), (5)");
  query.processAllAvailable();
  auto last = query.lastProgress().value();
  Exposition m = metrics();
  std::map<std::string, std::string> labels = {{"query", "live"}, {"id", query.id()}};
  EXPECT_EQ(m.get("spate_streaming_input_rows_total", labels), 5);
  EXPECT_EQ(m.get("spate_streaming_output_rows_total", labels), 5);
  if (!std::isnan(last.processedRowsPerSecond())) {
    EXPECT_DOUBLE_EQ(*m.get("spate_streaming_processed_rows_per_second", labels),
                     last.processedRowsPerSecond());
  }
  EXPECT_DOUBLE_EQ(*m.get("spate_streaming_input_rows_per_second", labels),
                   last.inputRowsPerSecond());
  EXPECT_EQ(m.countOf("spate_streaming_watermark_lag_seconds"), 0u);  // no watermark
  EXPECT_EQ(m.countOf("spate_streaming_state_rows"), 0u);             // stateless
  json s = getJson("/api/v1/streams")["streams"][0];
  EXPECT_EQ(s["status"], "RUNNING");
  // Spark's "Avg Input /sec": the mean over the progresses of their (non-NaN) rates.
  double sum = 0;
  int n = 0;
  for (const auto& p : query.recentProgress())
    if (!std::isnan(p.inputRowsPerSecond())) sum += p.inputRowsPerSecond(), ++n;
  EXPECT_DOUBLE_EQ(s["avgInputRowsPerSecond"].get<double>(), sum / n);
  query.stop();
}

// A sink that fails as told: `retryable` errors first, then a permanent error or success.
class ScriptedSink : public connector::Sink {
 public:
  ScriptedSink(std::shared_ptr<std::atomic<int>> retryable, bool thenFail)
      : retryable_(std::move(retryable)), thenFail_(thenFail) {}
  std::string description() const override { return "ScriptedSink"; }
  Status addBatch(const connector::SinkBatch&) override {
    if ((*retryable_)-- > 0) return Error::external("the database is down");
    if (thenFail_) return Error::user("the table 'out' does not exist");
    return Status::success();
  }

 private:
  std::shared_ptr<std::atomic<int>> retryable_;
  bool thenFail_;
};

void registerScriptedSink(const std::string& format, std::shared_ptr<std::atomic<int>> retryable,
                          bool thenFail) {
  connector::ConnectorRegistry::instance().addSink(
      format, {nullptr, [=](const connector::ConnectorContext&, OutputMode, const SchemaPtr&) {
                 return std::make_unique<ScriptedSink>(retryable, thenFail);
               }});
}

TEST_F(StreamingUiTest, AFailedQueryShowsItsErrorAndCountsTheSinkError) {
  registerScriptedSink("ui-test-failing", std::make_shared<std::atomic<int>>(0), true);
  spark->sql("INSERT INTO ints VALUES (1)");
  auto query = spark->readStream()
                   .table("ints")
                   .writeStream()
                   .format("ui-test-failing")
                   .queryName("doomed")
                   .option("checkpointLocation", checkpoint)
                   .start();
  EXPECT_THROW(query.awaitTermination(), streaming::StreamingQueryException);
  // The terminated event follows the end of awaitTermination.
  json s;
  waitFor([&] {
    s = getJson("/api/v1/streams")["streams"][0];
    return s["status"] != "RUNNING";
  });
  EXPECT_EQ(s["status"], "FAILED");
  EXPECT_NE(s["exception"].get<std::string>().find("the table 'out' does not exist"),
            std::string::npos)
      << s["exception"];
  Exposition m = metrics();
  std::map<std::string, std::string> labels = {{"query", "doomed"}, {"id", query.id()}};
  EXPECT_EQ(m.get("spate_streaming_query_failed", labels), 1);
  EXPECT_EQ(m.get("spate_streaming_query_active", labels), 0);
  EXPECT_EQ(m.get("spate_streaming_sink_errors_total", labels), 1);
  EXPECT_EQ(m.get("spate_streaming_sink_retries_total", labels), 0);
}

TEST_F(StreamingUiTest, SinkRetriesAreCounted) {
  registerScriptedSink("ui-test-flaky", std::make_shared<std::atomic<int>>(2), false);
  spark->sql("INSERT INTO ints VALUES (1), (2)");
  auto query = spark->readStream()
                   .table("ints")
                   .writeStream()
                   .format("ui-test-flaky")
                   .option("checkpointLocation", checkpoint)
                   .start();
  query.processAllAvailable();
  Exposition m = metrics();
  std::map<std::string, std::string> labels = {{"query", ""}, {"id", query.id()}};
  EXPECT_EQ(m.get("spate_streaming_sink_errors_total", labels), 2);
  EXPECT_EQ(m.get("spate_streaming_sink_retries_total", labels), 2);
  EXPECT_EQ(m.get("spate_streaming_batch_retries_total", labels), 2);
  EXPECT_EQ(m.get("spate_streaming_input_rows_total", labels), 2);  // one successful batch
  EXPECT_EQ(m.get("spate_streaming_batches_total", labels), 1);
  query.stop();
  // Frozen at the end of the run.
  m = metrics();
  EXPECT_EQ(m.get("spate_streaming_sink_retries_total", labels), 2);
}

// A source with no rows whose offset moves when told, reporting Kafka-like lag metrics.
class LaggingSource : public connector::Source {
 public:
  explicit LaggingSource(std::shared_ptr<std::atomic<int>> offset) : offset_(std::move(offset)) {}
  SchemaPtr schema() const override {
    return DataType::structType({{"value", DataType::longType(), true}});
  }
  std::string description() const override { return "LaggingSource"; }
  Result<std::optional<std::string>> latestOffset(const std::optional<std::string>&) override {
    if (*offset_ == 0) return std::optional<std::string>();
    return std::optional<std::string>(std::to_string(offset_->load()));
  }
  Result<std::vector<BatchPtr>> getBatch(const std::optional<std::string>&,
                                         const std::string&) override {
    return std::vector<BatchPtr>{};
  }
  std::map<std::string, std::string> metrics() const override {
    return {{"lag.events.0", "5"},
            {"lag.my.topic.12", "7"},
            {"lag.bad", "9"},
            {"lag.events.1", "not a number"},
            {"minOffsetsBehindLatest", "0"},
            {"maxOffsetsBehindLatest", "7"},
            {"avgOffsetsBehindLatest", "3.5"},
            {"unrelated", "1"}};
  }

 private:
  std::shared_ptr<std::atomic<int>> offset_;
};

TEST_F(StreamingUiTest, SourceLagMetricsBecomePerPartitionGauges) {
  auto offset = std::make_shared<std::atomic<int>>(0);
  connector::ConnectorRegistry::instance().addSource(
      "ui-test-lagging", {[](const connector::ConnectorContext&) {
                            return DataType::structType({{"value", DataType::longType(), true}});
                          },
                          [offset](const connector::ConnectorContext&) {
                            return std::make_unique<LaggingSource>(offset);
                          }});
  ManualQuery q(spark->readStream().format("ui-test-lagging").load(), "lagging",
                OutputMode::kAppend, checkpoint + "/lag");
  *offset = 1;
  q.processAll();
  // The engine puts the source's metrics in its progress …
  auto last = q.query().lastProgress().value();
  ASSERT_EQ(last.sources.size(), 1u);
  EXPECT_EQ(last.sources[0].metrics.at("lag.my.topic.12"), "7");
  // … and /metrics turns the lag.<topic>.<partition> ones into gauges.
  Exposition m = metrics();
  std::map<std::string, std::string> labels = {{"query", "lagging"}, {"id", q.query().id()}};
  auto with = [&](std::map<std::string, std::string> extra) {
    extra.insert(labels.begin(), labels.end());
    return extra;
  };
  EXPECT_EQ(m.get("spate_streaming_source_lag_offsets",
                  with({{"source", "0"}, {"topic", "events"}, {"partition", "0"}})),
            5);
  EXPECT_EQ(m.get("spate_streaming_source_lag_offsets",
                  with({{"source", "0"}, {"topic", "my.topic"}, {"partition", "12"}})),
            7);
  EXPECT_EQ(m.countOf("spate_streaming_source_lag_offsets"), 2u);  // bad ones left out
  EXPECT_EQ(m.get("spate_streaming_source_offsets_behind_latest",
                  with({{"source", "0"}, {"stat", "max"}})),
            7);
  EXPECT_EQ(m.get("spate_streaming_source_offsets_behind_latest",
                  with({{"source", "0"}, {"stat", "avg"}})),
            3.5);
}

TEST_F(StreamingUiTest, KafkaConsumerLagPerPartition) {
  using connector::kafka::testing::KafkaTestCluster;
  using connector::kafka::testing::TestRecord;
  KafkaTestCluster& kafka = KafkaTestCluster::shared();
  std::string topic = KafkaTestCluster::uniqueTopic("ui-lag");
  kafka.createTopic(topic, 2);
  std::vector<TestRecord> records;
  for (int i = 0; i < 30; ++i) {
    TestRecord r;
    r.partition = i % 2;
    r.value = std::to_string(i);
    records.push_back(std::move(r));
  }
  kafka.produce(topic, records);
  auto stream = spark->readStream()
                    .format("kafka")
                    .option("kafka.bootstrap.servers", kafka.bootstrap())
                    .option("subscribe", topic)
                    .option("startingOffsets", "earliest")
                    .option("maxOffsetsPerTrigger", "10")
                    .load();
  ManualQuery q(stream, "kafka_lag", OutputMode::kAppend, checkpoint + "/kafka");
  std::map<std::string, std::string> labels = {{"query", "kafka_lag"}, {"id", q.query().id()}};
  auto lag = [&](const Exposition& m, int partition) {
    return m.get("spate_streaming_source_lag_offsets", {{"query", "kafka_lag"},
                                                        {"id", q.query().id()},
                                                        {"source", "0"},
                                                        {"topic", topic},
                                                        {"partition", std::to_string(partition)}});
  };
  q.trigger();  // 10 of the 30 records: 20 are left behind, over both partitions
  Exposition m = metrics();
  ASSERT_TRUE(lag(m, 0) && lag(m, 1)) << client->Get("/metrics")->body;
  EXPECT_EQ(*lag(m, 0) + *lag(m, 1), 20);
  auto end = json::parse(*q.query().lastProgress()->sources.at(0).endOffset)[topic];
  EXPECT_EQ(lag(m, 0), 15 - end["0"].get<int>());
  EXPECT_EQ(lag(m, 1), 15 - end["1"].get<int>());
  EXPECT_EQ(m.get("spate_streaming_input_rows_total", labels), 10);
  q.processAll();  // caught up
  m = metrics();
  EXPECT_EQ(lag(m, 0), 0);
  EXPECT_EQ(lag(m, 1), 0);
  EXPECT_EQ(
      m.get("spate_streaming_source_offsets_behind_latest",
            {{"query", "kafka_lag"}, {"id", q.query().id()}, {"source", "0"}, {"stat", "max"}}),
      0);
  EXPECT_EQ(m.get("spate_streaming_input_rows_total", labels), 30);
}

TEST_F(StreamingUiTest, ProgressEventsAreStreamed) {
  ManualQuery q(spark->readStream().table("ints"), "evented", OutputMode::kAppend,
                checkpoint + "/ev");
  auto stream = server->eventStream("/api/v1/streams/events");
  ASSERT_NE(stream, nullptr);
  EventReader reader(*server, "/api/v1/streams/events", "event: terminated\n");
  waitFor([&] { return stream->clients() == 1; });
  spark->sql("INSERT INTO ints VALUES (7)");
  q.processAll();
  std::string progress = q.query().lastProgress().value().json();
  q.query().stop();
  waitFor([&] { return reader.done(); });
  std::string expected = "event: progress\ndata: " + progress +
                         "\n\nevent: terminated\ndata: " + R"({"id":")" + q.query().id() +
                         R"(","runId":")" + q.query().runId() + R"(","exception":null})" + "\n\n";
  std::string received = std::regex_replace(reader.received(), std::regex(": ping\n\n"), "");
  EXPECT_EQ(received, expected);
}

TEST_F(StreamingUiTest, PagesAndErrors) {
  auto res = client->Get("/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 302);
  EXPECT_EQ(res->get_header_value("Location"), "/streaming/");
  res = client->Get("/streaming/");
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(res->body.find("Active Streaming Queries"), std::string::npos);
  res = client->Get("/streaming/query/?id=x");
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("id=\"charts\""), std::string::npos);
  for (const char* asset : {"/static/spate.js", "/static/charts.js"}) {
    res = client->Get(asset);
    EXPECT_EQ(res->status, 200) << asset;
    EXPECT_EQ(res->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  }
  EXPECT_EQ(client->Get("/static/spate.css")->get_header_value("Content-Type"),
            "text/css; charset=utf-8");
  EXPECT_EQ(client->Get("/api/v1/streams/00000000-0000-0000-0000-000000000000")->status, 404);
  EXPECT_EQ(client->Get("/api/v1/streams?progress=-1")->status, 400);
  EXPECT_EQ(client->Get("/api/v1/streams?progress=x")->status, 400);
  EXPECT_EQ(getJson("/api/v1/streams"), json::parse(R"({"streams":[]})"));
  EXPECT_EQ(metrics().countOf("spate_streaming_query_active"), 0u);
}

TEST(StartUiTest, SettingsChooseTheServer) {
  LogLevel saved = logLevel();
  setLogLevel(LogLevel::kWarn);
  auto session = [](std::map<std::string, std::string> conf) {
    auto builder = sql::Session::builder().master("local[1]");
    for (const auto& [k, v] : conf) builder.config(k, v);
    return builder.getOrCreate();
  };
  EXPECT_EQ(startUi(session({{"spark.ui.enabled", "false"}})), nullptr);
  EXPECT_EQ(startUi(session({{"spark.ui.enabled", "FALSE"}})), nullptr);

  auto spark = session({{"spark.ui.port", "0"},
                        {"spate.ui.token", "tok-123"},
                        {"spark.sql.streaming.ui.retainedProgressUpdates", "2"}});
  auto ui = startUi(spark);
  ASSERT_NE(ui, nullptr);
  EXPECT_GT(ui->port(), 0);
  EXPECT_TRUE(ui->requiresToken());
  EXPECT_EQ(ui->host(), "127.0.0.1");
  auto client = clientOf(*ui);
  EXPECT_EQ(client->Get("/api/v1/streams")->status, 401);
  httplib::Headers auth = {{"Authorization", "Bearer tok-123"}};
  // The ring keeps 2 progresses per run.
  spark->sql("CREATE TABLE t (v INT) USING memory");
  auto query =
      spark->readStream().table("t").writeStream().format("memory").queryName("kept").start();
  for (int i = 0; i < 4; ++i) {
    spark->sql("INSERT INTO t VALUES (" + std::to_string(i) + ")");
    query.processAllAvailable();
  }
  json s = json::parse(client->Get("/api/v1/streams", auth)->body)["streams"][0];
  EXPECT_EQ(s["numBatches"], 4);
  EXPECT_EQ(s["retainedProgress"], 2);
  ASSERT_EQ(s["recentProgress"].size(), 2u);
  EXPECT_EQ(s["recentProgress"][1]["batchId"], 3);
  ui.reset();  // stops the server and stops following the session's queries
  spark->sql("INSERT INTO t VALUES (9)");
  query.processAllAvailable();
  query.stop();

  for (auto [key, value, message] :
       {std::tuple{"spark.ui.port", "abc", "spark.ui.port should be int, but was abc"},
        std::tuple{"spark.ui.enabled", "yes", "spark.ui.enabled should be boolean, but was yes"},
        std::tuple{"spark.ui.port", "70000",
                   "spark.ui.port must be between 0 and 65535, but was 70000"}}) {
    try {
      startUi(session({{key, value}}));
      ADD_FAILURE() << key << "=" << value;
    } catch (const IllegalArgumentException& e) {
      EXPECT_EQ(std::string(e.what()), message);
    }
  }
  setLogLevel(saved);
}

}  // namespace
}  // namespace spate::server
