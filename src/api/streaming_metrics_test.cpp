// Progress numbers of running queries that .test files cannot check: StreamingAggregationSuite
// "state metrics" (spark_semantics.md §3.3 A5: numOutputRows, numUpdatedStateRows,
// numTotalStateRows) and EventTimeWatermarkSuite "event time and watermark metrics" (§2.4 E5).
#include <gtest/gtest.h>

#include <filesystem>

#include "api/functions.h"
#include "api/streaming_manual_test_support.h"
#include "common/logging.h"

namespace spate::sql {
namespace {

namespace fs = std::filesystem;
using namespace functions;
using testing::ManualQuery;
using testing::Rows;

class StreamingMetricsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    savedLogLevel = logLevel();
    setLogLevel(LogLevel::kWarn);
    spark = Session::builder()
                .master("local[2]")
                .config("spark.sql.session.timeZone", "UTC")
                .getOrCreate();
    spark->sql("CREATE TABLE ints (value INT) USING memory");
    checkpoint =
        (fs::temp_directory_path() / ("spate-metrics-test-" + streaming::randomUuid())).string();
  }
  void TearDown() override {
    spark->stop();
    fs::remove_all(checkpoint);
    setLogLevel(savedLogLevel);
  }

  /// The last progress of a batch that read rows.
  static streaming::StreamingQueryProgress lastWithData(ManualQuery& q) {
    auto all = q.query().recentProgress();
    for (auto it = all.rbegin(); it != all.rend(); ++it)
      if (it->numInputRows() > 0) return *it;
    ADD_FAILURE() << "no batch with data";
    return {};
  }

  SessionPtr spark;
  std::string checkpoint;
  LogLevel savedLogLevel = LogLevel::kInfo;
};

TEST_F(StreamingMetricsTest, StateMetricsOfAnAggregation) {
  // Each input x counts x and x + 1.
  DataFrame df = spark->sql(
      "SELECT value, count(*) FROM (SELECT explode(array(value, value + 1)) AS value FROM "
      "STREAM(ints)) "
      "GROUP BY value");
  ManualQuery update(df, "u", OutputMode::kUpdate, checkpoint + "/u");
  ManualQuery complete(df, "c", OutputMode::kComplete, checkpoint + "/c");
  auto numbers = [](ManualQuery& q) {
    auto p = q.query().lastProgress().value();
    return std::vector<int64_t>{p.sink.numOutputRows, p.stateOperators.at(0).numRowsUpdated,
                                p.stateOperators.at(0).numRowsTotal};
  };
  spark->sql("INSERT INTO ints VALUES (1)");
  EXPECT_EQ(update.processAll(), (Rows{"1,1", "2,1"}));
  EXPECT_EQ(numbers(update), (std::vector<int64_t>{2, 2, 2}));
  EXPECT_EQ(complete.processAll(), (Rows{"1,1", "2,1"}));
  EXPECT_EQ(numbers(complete), (std::vector<int64_t>{2, 2, 2}));
  spark->sql("INSERT INTO ints VALUES (2), (3)");
  EXPECT_EQ(update.processAll(), (Rows{"2,2", "3,2", "4,1"}));
  EXPECT_EQ(numbers(update), (std::vector<int64_t>{3, 3, 4}));
  EXPECT_EQ(complete.processAll(), (Rows{"1,1", "2,2", "3,2", "4,1"}));
  EXPECT_EQ(numbers(complete), (std::vector<int64_t>{4, 3, 4}));
}

TEST_F(StreamingMetricsTest, EventTimeStatsAndWatermark) {
  DataFrame df = spark->readStream()
                     .table("ints")
                     .withColumn("eventTime", timestamp_seconds(col("value")))
                     .withWatermark("eventTime", "10 seconds")
                     .groupBy({window(col("eventTime"), "5 seconds").alias("window")})
                     .agg({expr("count(*)").alias("count")})
                     .select({col("window.start").cast("long"), col("count")});
  ManualQuery q(df, "q", OutputMode::kAppend, checkpoint + "/q");
  using Stats = std::map<std::string, std::string>;
  spark->sql("INSERT INTO ints VALUES (15)");
  EXPECT_EQ(q.processAll(), Rows{});
  EXPECT_EQ(lastWithData(q).eventTime, (Stats{{"avg", "1970-01-01T00:00:15.000Z"},
                                              {"max", "1970-01-01T00:00:15.000Z"},
                                              {"min", "1970-01-01T00:00:15.000Z"},
                                              {"watermark", "1970-01-01T00:00:00.000Z"}}));
  spark->sql("INSERT INTO ints VALUES (10), (12), (14)");
  EXPECT_EQ(q.processAll(), Rows{});
  EXPECT_EQ(lastWithData(q).eventTime, (Stats{{"avg", "1970-01-01T00:00:12.000Z"},
                                              {"max", "1970-01-01T00:00:14.000Z"},
                                              {"min", "1970-01-01T00:00:10.000Z"},
                                              {"watermark", "1970-01-01T00:00:05.000Z"}}));
  spark->sql("INSERT INTO ints VALUES (25)");
  EXPECT_EQ(q.processAll(), (Rows{"10,3"}));
  EXPECT_EQ(lastWithData(q).eventTime, (Stats{{"avg", "1970-01-01T00:00:25.000Z"},
                                              {"max", "1970-01-01T00:00:25.000Z"},
                                              {"min", "1970-01-01T00:00:25.000Z"},
                                              {"watermark", "1970-01-01T00:00:05.000Z"}}));
  // The no-data batch that emitted (10, 3) reports only the watermark.
  EXPECT_EQ(q.query().lastProgress()->eventTime,
            (Stats{{"watermark", "1970-01-01T00:00:15.000Z"}}));
}

TEST_F(StreamingMetricsTest, NoEventTimeWithoutAWatermark) {
  DataFrame df = spark->readStream()
                     .table("ints")
                     .withColumn("eventTime", timestamp_seconds(col("value")))
                     .groupBy({window(col("eventTime"), "5 seconds").alias("window")})
                     .agg({expr("count(*)").alias("count")})
                     .select({col("window.start").cast("long"), col("count")});
  ManualQuery q(df, "q", OutputMode::kComplete, checkpoint + "/q");
  spark->sql("INSERT INTO ints VALUES (15)");
  EXPECT_EQ(q.processAll(), (Rows{"15,1"}));
  EXPECT_TRUE(q.query().lastProgress()->eventTime.empty());
  spark->sql("INSERT INTO ints VALUES (10), (12), (14)");
  EXPECT_EQ(q.processAll(), (Rows{"10,3", "15,1"}));
  EXPECT_TRUE(q.query().lastProgress()->eventTime.empty());
}

}  // namespace
}  // namespace spate::sql
