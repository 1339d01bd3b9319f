// DataFrame calls on streams: withWatermark, dropDuplicates / distinct /
// dropDuplicatesWithinWatermark, and what the unsupported-operation checker says about the plans
// they build.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "api/dataframe.h"
#include "api/functions.h"
#include "common/error.h"
#include "plan/unsupported_operation_checker.h"

namespace spate::sql {
namespace {

using namespace functions;

std::string errorOf(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const SpateError& e) {
    return e.what();
  }
  return "";
}

class DataFrameWatermarkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    spark = Session::builder()
                .master("local[1]")
                .config("spark.sql.session.timeZone", "UTC")
                .getOrCreate();
    AttributeList attrs = {{newAttributeId(), "key", DataType::integer(), true, ""},
                           {newAttributeId(), "value", DataType::longType(), true, ""},
                           {newAttributeId(), "eventTime", DataType::timestamp(), true, ""}};
    stream = DataFrame(spark, makeScan("events", attrs, nullptr, true));
    batch = spark->createDataFrame({{Value(1), Value(int64_t{10}), Value(int64_t{1000000})},
                                    {Value(1), Value(int64_t{10}), Value(int64_t{1000000})},
                                    {Value(2), Value(int64_t{20}), Value(int64_t{2000000})}},
                                   "key INT, value BIGINT, eventTime TIMESTAMP");
  }

  static std::string check(const DataFrame& df, OutputMode mode) {
    return errorOf([&] { checkStreamingQuery(*df.plan(), mode); });
  }

  SessionPtr spark;
  DataFrame stream{nullptr, nullptr};
  DataFrame batch{nullptr, nullptr};
};

TEST_F(DataFrameWatermarkTest, WithWatermarkMarksTheColumn) {
  DataFrame w = stream.withWatermark("eventTime", "10 seconds");
  EXPECT_TRUE(w.isStreaming());
  EXPECT_EQ(w.plan()->kind, PlanKind::kWatermark);
  EXPECT_EQ(w.columns(), stream.columns());
  EXPECT_EQ(w.plan()->output[2].watermarkDelayMs, 10000);
  // Renaming and aliasing keep the mark; a computed column does not.
  DataFrame renamed = w.withColumnRenamed("eventTime", "t");
  EXPECT_EQ(renamed.plan()->output[2].watermarkDelayMs, 10000);
  DataFrame selected = w.select({col("eventTime").alias("t"), col("key")});
  EXPECT_EQ(selected.plan()->output[0].watermarkDelayMs, 10000);
  DataFrame computed = w.withColumn("later", col("eventTime") + expr("INTERVAL 1 SECOND"));
  EXPECT_FALSE(computed.plan()->output[3].watermarkDelayMs);
  EXPECT_EQ(computed.plan()->output[2].watermarkDelayMs, 10000);
}

TEST_F(DataFrameWatermarkTest, WithWatermarkErrors) {
  EXPECT_EQ(errorOf([&] { stream.withWatermark("eventTime", "-1 minute"); }),
            "requirement failed: delay threshold (-1 minute) should not be negative.");
  EXPECT_EQ(errorOf([&] { stream.withWatermark("value", "1 minute"); }),
            "Event time must be defined on a window or a timestamp, but value is of type bigint.");
  EXPECT_EQ(
      errorOf([&] { stream.withWatermark("nope", "1 minute"); }).rfind("[UNRESOLVED_COLUMN", 0),
      0u);
  EXPECT_EQ(errorOf([&] {
              stream.withWatermark("eventTime", "ten seconds");
            }).rfind("[CANNOT_PARSE_INTERVAL]", 0),
            0u);
}

TEST_F(DataFrameWatermarkTest, WithWatermarkIsIgnoredInBatch) {
  DataFrame w = batch.withWatermark("eventTime", "10 seconds");
  EXPECT_EQ(w.plan(), batch.plan());
  EXPECT_EQ(w.count(), 3);
  EXPECT_EQ(errorOf([&] { batch.withWatermark("eventTime", "-1 second"); }),
            "requirement failed: delay threshold (-1 second) should not be negative.");
}

TEST_F(DataFrameWatermarkTest, WindowedAggregationInAppendMode) {
  DataFrame counts = stream.withWatermark("eventTime", "10 seconds")
                         .groupBy({window(col("eventTime"), "5 seconds")})
                         .count();
  EXPECT_EQ(check(counts, OutputMode::kAppend), "");
  EXPECT_EQ(
      check(stream.groupBy({window(col("eventTime"), "5 seconds")}).count(), OutputMode::kAppend),
      "Append output mode not supported when there are streaming aggregations on streaming "
      "DataFrames/DataSets without watermark");
  EXPECT_EQ(check(stream.withWatermark("eventTime", "10 seconds").groupBy({col("key")}).count(),
                  OutputMode::kAppend),
            "Append output mode not supported when there are streaming aggregations on streaming "
            "DataFrames/DataSets without watermark");
}

TEST_F(DataFrameWatermarkTest, DropDuplicatesOnAStream) {
  DataFrame d = stream.dropDuplicates({"value", "KEY", "value"});
  ASSERT_EQ(d.plan()->kind, PlanKind::kDeduplicate);
  EXPECT_FALSE(d.plan()->withinWatermark);
  EXPECT_EQ(d.plan()->keyColumns, (std::vector<int>{1, 0}));
  EXPECT_EQ(d.columns(), stream.columns());
  DataFrame all = stream.distinct();
  ASSERT_EQ(all.plan()->kind, PlanKind::kDeduplicate);
  EXPECT_EQ(all.plan()->keyColumns, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(errorOf([&] { stream.dropDuplicates({"nope"}); }),
            "Cannot resolve column name \"nope\" among (key, value, eventTime).");
  // Stateful but fine in append mode, without watermark (the state keeps every key).
  EXPECT_EQ(check(d, OutputMode::kAppend), "");
  // In batch it stays an aggregation.
  EXPECT_EQ(batch.dropDuplicates({"key"}).count(), 2);
  EXPECT_EQ(batch.distinct().count(), 2);
}

TEST_F(DataFrameWatermarkTest, DropDuplicatesWithinWatermark) {
  DataFrame noWatermark = stream.dropDuplicatesWithinWatermark({"key"});
  ASSERT_EQ(noWatermark.plan()->kind, PlanKind::kDeduplicate);
  EXPECT_TRUE(noWatermark.plan()->withinWatermark);
  EXPECT_EQ(check(noWatermark, OutputMode::kAppend),
            "dropDuplicatesWithinWatermark is not supported on streaming DataFrames/DataSets "
            "without watermark");
  DataFrame ok =
      stream.withWatermark("eventTime", "10 seconds").dropDuplicatesWithinWatermark({"key"});
  EXPECT_EQ(check(ok, OutputMode::kAppend), "");
  EXPECT_EQ(ok.plan()->keyColumns, (std::vector<int>{0}));
  // Spark 3.5 fails batch actions on it.
  EXPECT_EQ(errorOf([&] { batch.dropDuplicatesWithinWatermark({"key"}).collect(); }),
            "dropDuplicatesWithinWatermark is not supported with batch DataFrames/DataSets");
}

TEST_F(DataFrameWatermarkTest, ActionsOnAStreamFail) {
  const char* u28 = "Queries with streaming sources must be executed with writeStream.start()";
  DataFrame w = stream.withWatermark("eventTime", "10 seconds").filter(col("key") > Column(0));
  EXPECT_EQ(errorOf([&] { w.collect(); }), u28);
  EXPECT_EQ(errorOf([&] { w.count(); }), u28);
  EXPECT_EQ(errorOf([&] { w.showString(); }), u28);
}

}  // namespace
}  // namespace spate::sql
