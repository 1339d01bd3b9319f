// What a query counts of its failures (StreamExecution::retryCounters: retried batches, retried and
// failed sink writes), and the source metrics that reach its progress: the raw material of the
// web UI's /metrics, checked here at the engine's level.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>

#include "api/streaming.h"
#include "common/logging.h"
#include "streaming/streaming_query_exception.h"

namespace spate::sql {
namespace {

namespace fs = std::filesystem;

class FailureCountersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    saved = logLevel();
    setLogLevel(LogLevel::kError);  // the retries' warnings
    spark = Session::builder().master("local[1]").getOrCreate();
    spark->sql("CREATE TABLE events (id INT) USING memory");
    checkpoint =
        (fs::temp_directory_path() / ("spate-counters-" + streaming::randomUuid())).string();
  }
  void TearDown() override {
    spark->stop();
    fs::remove_all(checkpoint);
    setLogLevel(saved);
  }
  SessionPtr spark;
  std::string checkpoint;
  LogLevel saved = LogLevel::kInfo;
};

// Fails `retryable` times with a retryable error, then for good (`thenFail`) or never again.
class CountingSink : public connector::Sink {
 public:
  CountingSink(std::shared_ptr<std::atomic<int>> retryable, bool thenFail, bool throws)
      : retryable_(std::move(retryable)), thenFail_(thenFail), throws_(throws) {}
  std::string description() const override { return "CountingSink"; }
  Status addBatch(const connector::SinkBatch&) override {
    if ((*retryable_)-- > 0) return Error::external("connection refused");
    if (throws_) throw std::runtime_error("the sink's code broke");
    if (thenFail_) return Error::user("no such table");
    return Status::success();
  }

 private:
  std::shared_ptr<std::atomic<int>> retryable_;
  bool thenFail_, throws_;
};

StreamingQuery startWith(Session& spark, const std::string& format, int retryable, bool thenFail,
                         bool throws, const std::string& checkpoint) {
  auto left = std::make_shared<std::atomic<int>>(retryable);
  connector::ConnectorRegistry::instance().addSink(
      format, {nullptr, [=](const connector::ConnectorContext&, OutputMode, const SchemaPtr&) {
                 return std::make_unique<CountingSink>(left, thenFail, throws);
               }});
  return spark.readStream()
      .table("events")
      .writeStream()
      .format(format)
      .option("checkpointLocation", checkpoint)
      .start();
}

TEST_F(FailureCountersTest, RetriedSinkWritesAreCounted) {
  spark->sql("INSERT INTO events VALUES (1)");
  auto query = startWith(*spark, "counters-retried", 3, false, false, checkpoint);
  query.processAllAvailable();
  auto counters = query.execution()->retryCounters();
  EXPECT_EQ(counters.batchRetries, 3);
  EXPECT_EQ(counters.sinkRetries, 3);
  EXPECT_EQ(counters.sinkErrors, 3);
  EXPECT_EQ(query.lastProgress()->batchId, 0);
  query.stop();
}

TEST_F(FailureCountersTest, APermanentSinkErrorIsCountedButNotRetried) {
  spark->sql("INSERT INTO events VALUES (1)");
  auto query = startWith(*spark, "counters-permanent", 1, true, false, checkpoint);
  EXPECT_THROW(query.awaitTermination(), streaming::StreamingQueryException);
  auto counters = query.execution()->retryCounters();
  EXPECT_EQ(counters.batchRetries, 1);
  EXPECT_EQ(counters.sinkRetries, 1);
  EXPECT_EQ(counters.sinkErrors, 2);  // the retried one and the final one
}

TEST_F(FailureCountersTest, ASinkThatThrowsCountsAsASinkError) {
  spark->sql("INSERT INTO events VALUES (1)");
  auto query = startWith(*spark, "counters-throwing", 0, false, true, checkpoint);
  EXPECT_THROW(query.awaitTermination(), streaming::StreamingQueryException);
  EXPECT_EQ(query.execution()->retryCounters().sinkErrors, 1);
  EXPECT_EQ(query.execution()->retryCounters().batchRetries, 0);
}

// A source whose offsets move by hand, with no rows, reporting metrics that change per batch.
class MeteredSource : public connector::Source {
 public:
  explicit MeteredSource(std::shared_ptr<std::atomic<int>> offset) : offset_(std::move(offset)) {}
  SchemaPtr schema() const override {
    return DataType::structType({{"value", DataType::longType(), true}});
  }
  std::string description() const override { return "MeteredSource"; }
  Result<std::optional<std::string>> latestOffset(const std::optional<std::string>&) override {
    if (*offset_ == 0) return std::optional<std::string>();
    return std::optional<std::string>(std::to_string(offset_->load()));
  }
  Result<std::vector<BatchPtr>> getBatch(const std::optional<std::string>&,
                                         const std::string& end) override {
    read_ = end;
    return std::vector<BatchPtr>{};
  }
  std::map<std::string, std::string> metrics() const override {
    return {{"lag.t.0", std::to_string(10 - std::stoi(read_))}};
  }

 private:
  std::shared_ptr<std::atomic<int>> offset_;
  std::string read_ = "0";
};

TEST_F(FailureCountersTest, SourceMetricsAfterEachBatchGoIntoItsProgress) {
  auto offset = std::make_shared<std::atomic<int>>(0);
  connector::ConnectorRegistry::instance().addSource(
      "counters-metered", {[](const connector::ConnectorContext&) {
                             return DataType::structType({{"value", DataType::longType(), true}});
                           },
                           [offset](const connector::ConnectorContext&) {
                             return std::make_unique<MeteredSource>(offset);
                           }});
  auto query = spark->readStream()
                   .format("counters-metered")
                   .load()
                   .writeStream()
                   .format("memory")
                   .queryName("metered")
                   .option("checkpointLocation", checkpoint)
                   .start();
  *offset = 3;
  query.processAllAvailable();
  EXPECT_EQ(query.lastProgress()->sources.at(0).metrics,
            (std::map<std::string, std::string>{{"lag.t.0", "7"}}));
  EXPECT_NE(query.lastProgress()->json().find(R"("metrics":{"lag.t.0":"7"})"), std::string::npos);
  *offset = 8;
  query.processAllAvailable();
  EXPECT_EQ(query.lastProgress()->sources.at(0).metrics.at("lag.t.0"), "2");
  query.stop();
}

}  // namespace
}  // namespace spate::sql
