// dropDuplicates and dropDuplicatesWithinWatermark on running streams (DataFrame API only: SQL
// SELECT DISTINCT is an aggregation, see test/sql/streaming/distinct.test). Expected rows and
// state sizes are those of Spark's StreamingDeduplicationSuite and
// StreamingDeduplicationWithinWatermarkSuite.
#include <gtest/gtest.h>

#include <filesystem>

#include "api/functions.h"
#include "api/streaming_manual_test_support.h"
#include "common/error.h"
#include "common/logging.h"

namespace spate::sql {
namespace {

namespace fs = std::filesystem;
using namespace functions;
using testing::ManualQuery;
using testing::Rows;

class StreamingDeduplicateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    spark = Session::builder()
                .master("local[2]")
                .config("spark.sql.session.timeZone", "UTC")
                .getOrCreate();
    spark->conf().set("spark.sql.shuffle.partitions", "2");
    spark->sql("CREATE TABLE strs (value STRING) USING memory");
    spark->sql("CREATE TABLE ints (value INT) USING memory");
    spark->sql("CREATE TABLE pairs (_1 STRING, _2 INT) USING memory");
    checkpoint =
        (fs::temp_directory_path() / ("spate-dedup-test-" + streaming::randomUuid())).string();
  }
  void TearDown() override {
    spark->stop();
    fs::remove_all(checkpoint);
    setLogLevel(savedLogLevel);
  }

  std::string cp(const std::string& name) { return checkpoint + "/" + name; }
  void add(const std::string& table, const std::string& values) {
    spark->sql("INSERT INTO " + table + " VALUES " + values);
  }
  /// value as eventTime (seconds) with a watermark.
  DataFrame eventTimes(const std::string& delay) {
    return spark->readStream()
        .table("ints")
        .withColumn("eventTime", timestamp_seconds(col("value")))
        .withWatermark("eventTime", delay);
  }
  static std::string range(int from, int to, int times = 1) {
    std::string out;
    for (int t = 0; t < times; ++t)
      for (int v = from; v <= to; ++v) out += (out.empty() ? "(" : ", (") + std::to_string(v) + ")";
    return out;
  }

  SessionPtr spark;
  std::string checkpoint;
  LogLevel savedLogLevel = LogLevel::kInfo;
};

TEST_F(StreamingDeduplicateTest, AllColumns) {
  ManualQuery q(spark->readStream().table("strs").dropDuplicates(), "q", OutputMode::kAppend,
                cp("q"));
  add("strs", "('a')");
  EXPECT_EQ(q.processAll(), (Rows{"a"}));
  EXPECT_EQ(q.stateOperator().operatorName, "dedupe");
  EXPECT_EQ(q.stateOperator().numRowsTotal, 1);
  EXPECT_EQ(q.updated(), 1);
  add("strs", "('a')");
  EXPECT_EQ(q.processAll(), Rows{});
  EXPECT_EQ(q.stateOperator().numRowsTotal, 1);
  EXPECT_EQ(q.updated(), 0);
  add("strs", "('b')");
  EXPECT_EQ(q.processAll(), (Rows{"b"}));
  EXPECT_EQ(q.stateOperator().numRowsTotal, 2);
  EXPECT_EQ(q.updated(), 1);
}

TEST_F(StreamingDeduplicateTest, SomeColumnsKeepTheFirstRowOfAKey) {
  ManualQuery q(spark->readStream().table("pairs").dropDuplicates({"_1"}), "q", OutputMode::kAppend,
                cp("q"));
  add("pairs", "('a', 1)");
  EXPECT_EQ(q.processAll(), (Rows{"a,1"}));
  add("pairs", "('a', 2)");
  EXPECT_EQ(q.processAll(), Rows{});
  EXPECT_EQ(q.stateOperator().numRowsTotal, 1);
  add("pairs", "('b', 1)");
  EXPECT_EQ(q.processAll(), (Rows{"b,1"}));
  EXPECT_EQ(q.stateOperator().numRowsTotal, 2);
  // The state survives a restart.
  q.restart();
  add("pairs", "('a', 5), ('b', 2), ('c', 9)");
  EXPECT_EQ(q.processAll(), (Rows{"c,9"}));
}

TEST_F(StreamingDeduplicateTest, TwoDeduplicatesInARow) {
  ManualQuery q(spark->readStream().table("pairs").dropDuplicates().dropDuplicates({"_1"}), "q",
                OutputMode::kAppend, cp("q"));
  auto totals = [&] {
    return std::vector<int64_t>{q.stateOperator(0).numRowsTotal, q.stateOperator(1).numRowsTotal};
  };
  add("pairs", "('a', 1)");
  EXPECT_EQ(q.processAll(), (Rows{"a,1"}));
  EXPECT_EQ(totals(), (std::vector<int64_t>{1, 1}));
  add("pairs", "('a', 2)");
  EXPECT_EQ(q.processAll(), Rows{});
  EXPECT_EQ(totals(), (std::vector<int64_t>{1, 2}));
  add("pairs", "('b', 1)");
  EXPECT_EQ(q.processAll(), (Rows{"b,1"}));
  EXPECT_EQ(totals(), (std::vector<int64_t>{2, 3}));
}

TEST_F(StreamingDeduplicateTest, WatermarkEvictsKeysAndDropsLateRows) {
  DataFrame df = eventTimes("10 seconds").dropDuplicates().select({col("eventTime").cast("long")});
  ManualQuery q(df, "q", OutputMode::kAppend, cp("q"));
  add("ints", range(10, 15, 5));
  EXPECT_EQ(q.processAll(), (Rows{"10", "11", "12", "13", "14", "15"}));
  EXPECT_EQ(q.stateOperator().numRowsTotal, 6);
  EXPECT_EQ(q.updated(), 6);
  // The watermark becomes 15; the no-data batch evicts the keys at or before it.
  add("ints", "(25)");
  EXPECT_EQ(q.processAll(), (Rows{"25"}));
  EXPECT_EQ(q.stateOperator().numRowsTotal, 1);
  EXPECT_EQ(q.removed(), 6);
  add("ints", "(10)");
  EXPECT_EQ(q.processAll(), Rows{});
  EXPECT_EQ(q.stateOperator().numRowsTotal, 1);
  EXPECT_EQ(q.updated(), 0);
  EXPECT_EQ(q.dropped(), 1);
  add("ints", "(45)");
  EXPECT_EQ(q.processAll(), (Rows{"45"}));
  EXPECT_EQ(q.stateOperator().numRowsTotal, 1);
}

TEST_F(StreamingDeduplicateTest, WithoutNoDataBatchesTheStateWaits) {
  spark->conf().set("spark.sql.streaming.noDataMicroBatches.enabled", "false");
  DataFrame df = eventTimes("10 seconds").dropDuplicates().select({col("eventTime").cast("long")});
  ManualQuery q(df, "q", OutputMode::kAppend, cp("q"));
  add("ints", range(10, 15));
  EXPECT_EQ(q.processAll(), (Rows{"10", "11", "12", "13", "14", "15"}));
  add("ints", "(25)");
  EXPECT_EQ(q.processAll(), (Rows{"25"}));
  EXPECT_EQ(q.stateOperator().numRowsTotal, 7);
}

TEST_F(StreamingDeduplicateTest, KeysInAnyOrderStillCarryTheEventTime) {
  // SPARK-19841: the event time is the second key; eviction and the late filter still use it.
  spark->sql("CREATE TABLE timed (t INT, id INT) USING memory");
  DataFrame df = spark->readStream()
                     .table("timed")
                     .withColumn("time", timestamp_seconds(col("t")))
                     .withWatermark("time", "1 second")
                     .dropDuplicates({"id", "time"})
                     .select({col("id")});
  ManualQuery q(df, "q", OutputMode::kAppend, cp("q"));
  add("timed", "(1, 1), (1, 1), (1, 2)");
  EXPECT_EQ(q.processAll(), (Rows{"1", "2"}));
  add("timed", "(1, 1), (2, 3), (2, 4)");
  EXPECT_EQ(q.processAll(), (Rows{"3", "4"}));
  add("timed", "(1, 0), (1, 1), (3, 5), (3, 6)");  // late: time 1 <= watermark 1
  EXPECT_EQ(q.processAll(), (Rows{"5", "6"}));
  add("timed", "(1, 0), (4, 7)");
  EXPECT_EQ(q.processAll(), (Rows{"7"}));
}

TEST_F(StreamingDeduplicateTest, WatermarkThatIsNotAKeyIsIgnoredForEviction) {
  // SPARK-21546
  spark->sql("CREATE TABLE ids (id INT, t INT) USING memory");
  DataFrame df = spark->readStream()
                     .table("ids")
                     .withColumn("time", timestamp_seconds(col("t")))
                     .withWatermark("time", "1 second")
                     .dropDuplicates({"id"})
                     .select({col("id"), col("time").cast("long")});
  ManualQuery q(df, "q", OutputMode::kAppend, cp("q"));
  add("ids", "(1, 1), (1, 2), (2, 2)");
  EXPECT_EQ(q.processAll(), (Rows{"1,1", "2,2"}));
  add("ids", "(1, 30), (3, 30)");
  EXPECT_EQ(q.processAll(), (Rows{"3,30"}));
  EXPECT_EQ(q.stateOperator().numRowsTotal, 3);
}

TEST_F(StreamingDeduplicateTest, BeforeAWindowedAggregationInAppendMode) {
  DataFrame df = eventTimes("10 seconds")
                     .dropDuplicates()
                     .groupBy({window(col("eventTime"), "5 seconds").alias("window")})
                     .agg({expr("count(*)").alias("count")})
                     .select({col("window.start").cast("long"), col("count")});
  ManualQuery q(df, "q", OutputMode::kAppend, cp("q"));
  auto totals = [&] {
    return std::vector<int64_t>{q.stateOperator(0).numRowsTotal, q.stateOperator(1).numRowsTotal};
  };
  add("ints", range(10, 15, 5));
  EXPECT_EQ(q.processAll(), Rows{});
  EXPECT_EQ(totals(), (std::vector<int64_t>{2, 6}));  // aggregation, then deduplication
  add("ints", "(25)");
  EXPECT_EQ(q.processAll(), (Rows{"10,5"}));
  EXPECT_EQ(totals(), (std::vector<int64_t>{2, 1}));
  add("ints", "(10)");
  EXPECT_EQ(q.processAll(), Rows{});
  EXPECT_EQ(q.dropped(1), 1);
  add("ints", "(40)");
  EXPECT_EQ(q.processAll(), (Rows{"15,1", "25,1"}));
  EXPECT_EQ(totals(), (std::vector<int64_t>{1, 1}));
}

TEST_F(StreamingDeduplicateTest, BeforeAnAggregationInUpdateAndCompleteMode) {
  DataFrame df = spark->readStream()
                     .table("pairs")
                     .select({col("_1").alias("str"), col("_2").alias("num")})
                     .dropDuplicates()
                     .groupBy({col("str")})
                     .agg({sum(col("num"))});
  ManualQuery update(df, "u", OutputMode::kUpdate, cp("u"));
  ManualQuery complete(df, "c", OutputMode::kComplete, cp("c"));
  add("pairs", "('a', 1)");
  EXPECT_EQ(update.processAll(), (Rows{"a,1"}));
  EXPECT_EQ(complete.processAll(), (Rows{"a,1"}));
  add("pairs", "('a', 1)");
  EXPECT_EQ(update.processAll(), Rows{});
  EXPECT_EQ(complete.processAll(), (Rows{"a,1"}));
  add("pairs", "('a', 2)");
  EXPECT_EQ(update.processAll(), (Rows{"a,3"}));
  EXPECT_EQ(complete.processAll(), (Rows{"a,3"}));
  add("pairs", "('b', 1)");
  EXPECT_EQ(update.processAll(), (Rows{"b,1"}));
  EXPECT_EQ(complete.processAll(), (Rows{"a,3", "b,1"}));
  EXPECT_EQ(update.stateOperator(0).numRowsTotal, 2);
  EXPECT_EQ(update.stateOperator(1).numRowsTotal, 3);
}

TEST_F(StreamingDeduplicateTest, WithinWatermarkOnEveryColumn) {
  DataFrame df = eventTimes("10 seconds")
                     .dropDuplicatesWithinWatermark()
                     .select({col("eventTime").cast("long")});
  ManualQuery q(df, "q", OutputMode::kAppend, cp("q"));
  // Watermark 5 s: the no-data batch keeps every entry (each expires at its time + 10 s).
  add("ints", range(10, 15, 5));
  EXPECT_EQ(q.processAll(), (Rows{"10", "11", "12", "13", "14", "15"}));
  EXPECT_EQ(q.stateOperator().operatorName, "dedupeWithinWatermark");
  EXPECT_EQ(q.stateOperator().numRowsTotal, 6);
  add("ints", range(13, 17));
  EXPECT_EQ(q.processAll(), (Rows{"16", "17"}));
  EXPECT_EQ(q.stateOperator().numRowsTotal, 8);
  add("ints", "(5)");  // late
  EXPECT_EQ(q.processAll(), Rows{});
  EXPECT_EQ(q.dropped(), 1);
  // Watermark 25 s: entries expiring at or before it are evicted (10..15 expire at 20..25).
  add("ints", "(35)");
  EXPECT_EQ(q.processAll(), (Rows{"35"}));
  EXPECT_EQ(q.stateOperator().numRowsTotal, 3);
  add("ints", "(55)");
  EXPECT_EQ(q.processAll(), (Rows{"55"}));
  EXPECT_EQ(q.stateOperator().numRowsTotal, 1);
}

TEST_F(StreamingDeduplicateTest, WithinWatermarkOnAKeyWithoutTheEventTime) {
  DataFrame df = spark->readStream()
                     .table("pairs")
                     .withColumn("eventTime", timestamp_seconds(col("_2")))
                     .withWatermark("eventTime", "2 seconds")
                     .dropDuplicatesWithinWatermark({"_1"})
                     .select({col("_1"), col("eventTime").cast("long")});
  ManualQuery q(df, "q", OutputMode::kAppend, cp("q"));
  add("pairs", "('a', 17)");  // watermark 15; "a" expires at 19
  EXPECT_EQ(q.processAll(), (Rows{"a,17"}));
  EXPECT_EQ(q.stateOperator().numRowsTotal, 1);
  add("pairs", "('a', 16)");
  EXPECT_EQ(q.processAll(), Rows{});
  add("pairs", "('a', 13)");  // late
  EXPECT_EQ(q.processAll(), Rows{});
  EXPECT_EQ(q.dropped(), 1);
  add("pairs", "('b', 22), ('c', 21)");  // watermark 20 evicts "a"
  EXPECT_EQ(q.processAll(), (Rows{"b,22", "c,21"}));
  EXPECT_EQ(q.stateOperator().numRowsTotal, 2);
  add("pairs", "('a', 21)");  // a new event again
  EXPECT_EQ(q.processAll(), (Rows{"a,21"}));
  EXPECT_EQ(q.stateOperator().numRowsTotal, 3);
  add("pairs", "('d', 25)");  // watermark 23 evicts "a" and "c"
  EXPECT_EQ(q.processAll(), (Rows{"d,25"}));
  EXPECT_EQ(q.stateOperator().numRowsTotal, 2);
}

TEST_F(StreamingDeduplicateTest, WithinWatermarkNeedsAWatermark) {
  auto start = [&](const DataFrame& df) {
    try {
      df.writeStream().format("memory").queryName("bad").start().stop();
    } catch (const AnalysisException& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  const std::string u27 =
      "dropDuplicatesWithinWatermark is not supported on streaming DataFrames/DataSets without "
      "watermark";
  EXPECT_EQ(start(spark->readStream().table("strs").dropDuplicatesWithinWatermark()), u27);
  EXPECT_EQ(start(spark->readStream()
                      .table("strs")
                      .withColumn("newcol", col("value"))
                      .dropDuplicatesWithinWatermark({"newcol"})),
            u27);
}

}  // namespace
}  // namespace spate::sql
