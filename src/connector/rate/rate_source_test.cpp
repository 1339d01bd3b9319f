// The rate and rate-micro-batch sources through the connector registry, against Spark's
// RateStreamProvider / RatePerMicroBatchProvider behaviour.
#include "connector/rate/rate_source.h"

#include <gtest/gtest.h>

#include <fstream>

#include "connector/api/connector_test_support.h"
#include "connector/file/file_test_support.h"

namespace spate::connector {
namespace {

using testing::makeContext;
using testing::rowStrings;
using testing::sourceProvider;
using testing::thrownMessage;
using testing::valueOf;

std::unique_ptr<Source> createRate(std::map<std::string, std::string> options,
                                   const std::string& metadataPath, const int64_t* now) {
  return sourceProvider("rate").create(makeContext("rate", std::move(options), metadataPath, now));
}

std::string latest(Source& source) {
  auto offset = valueOf(source.latestOffset(std::nullopt));
  return offset ? *offset : "none";
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(RateSourceTest, SchemaIsTimestampAndValue) {
  SchemaPtr schema = sourceProvider("rate").schema(makeContext("rate", {}));
  EXPECT_EQ(schema->simpleString(), "struct<timestamp:timestamp,value:bigint>");
  EXPECT_TRUE(schema->fields()[0].nullable);
  EXPECT_TRUE(schema->fields()[1].nullable);
}

TEST(RateSourceTest, OptionErrorsHaveSparksMessages) {
  auto schemaWith = [](std::map<std::string, std::string> options) {
    return [options] { sourceProvider("rate").schema(makeContext("rate", options)); };
  };
  EXPECT_EQ(thrownMessage<IllegalArgumentException>(schemaWith({{"rowsPerSecond", "0"}})),
            "Invalid value '0'. The option 'rowsPerSecond' must be positive");
  EXPECT_EQ(thrownMessage<IllegalArgumentException>(schemaWith({{"ROWSPERSECOND", "-5"}})),
            "Invalid value '-5'. The option 'rowsPerSecond' must be positive");
  EXPECT_EQ(thrownMessage<IllegalArgumentException>(schemaWith({{"rowsPerSecond", "ten"}})),
            "For input string: \"ten\"");
  EXPECT_EQ(thrownMessage<IllegalArgumentException>(schemaWith({{"rampUpTime", "-1"}})),
            "Invalid value '-1'. The option 'rampUpTime' must not be negative");
  EXPECT_EQ(thrownMessage<IllegalArgumentException>(schemaWith({{"rampUpTime", "5x"}})),
            "Time must be specified as seconds (s), milliseconds (ms), microseconds (us), minutes "
            "(m or min), hour (h), or day (d). E.g. 50s, 100ms, or 250us.\nInvalid suffix: \"x\"");
  EXPECT_EQ(thrownMessage<IllegalArgumentException>(schemaWith({{"rampUpTime", "1.5s"}})),
            "Time must be specified as seconds (s), milliseconds (ms), microseconds (us), minutes "
            "(m or min), hour (h), or day (d). E.g. 50s, 100ms, or 250us.\nFailed to parse time "
            "string: 1.5s");
  EXPECT_EQ(thrownMessage<IllegalArgumentException>(schemaWith({{"numPartitions", "0"}})),
            "Invalid value '0'. The option 'numPartitions' must be positive");
  EXPECT_EQ(thrownMessage<IllegalArgumentException>(schemaWith({{"numPartitions", "2.0"}})),
            "For input string: \"2.0\"");
}

TEST(RateSourceTest, UserSchemaMustMatch) {
  auto context = makeContext("rate", {});
  context.userSchema = parseDdlSchema("value BIGINT");
  EXPECT_EQ(thrownMessage<AnalysisException>([&] { sourceProvider("rate").schema(context); }),
            "The user-specified schema doesn't match the actual schema:\nuser-specified: value "
            "BIGINT, actual: timestamp TIMESTAMP,value BIGINT. If you're using\nDataFrameReader."
            "schema API or creating a table, please do not specify the schema.\nOr if you're "
            "scanning an existed table, please drop it and re-create it.");
  context.userSchema = parseDdlSchema("timestamp TIMESTAMP, value BIGINT");
  EXPECT_NO_THROW(sourceProvider("rate").schema(context));
}

TEST(RateSourceTest, DescriptionAsSparkPrintsIt) {
  spate::testing::TempDir dir;
  int64_t now = 0;
  EXPECT_EQ(createRate({}, dir.path(), &now)->description(),
            "RateStreamV2[rowsPerSecond=1, rampUpTimeSeconds=0, numPartitions=default");
  spate::testing::TempDir other;
  EXPECT_EQ(createRate({{"rowsPerSecond", "10"}, {"rampUpTime", "2m"}, {"numPartitions", "03"}},
                       other.path(), &now)
                ->description(),
            "RateStreamV2[rowsPerSecond=10, rampUpTimeSeconds=120, numPartitions=03");
}

TEST(RateSourceTest, ValueAtSecondWithAndWithoutRampUp) {
  // Spark's example: rampUpTime 4, rowsPerSecond 10 → 0 2 6 12 20 30 40.
  std::vector<int64_t> expected = {0, 2, 6, 12, 20, 30, 40};
  for (int64_t s = 0; s < 7; ++s) EXPECT_EQ(rateValueAtSecond(s, 10, 4), expected[s]) << s;
  EXPECT_EQ(rateValueAtSecond(0, 7, 0), 0);
  EXPECT_EQ(rateValueAtSecond(5, 7, 0), 35);
  // A rate below rampUp + 1 has no ramp-up rows at all (integer speed delta of 0).
  EXPECT_EQ(rateValueAtSecond(2, 3, 5), 0);
  EXPECT_EQ(rateValueAtSecond(7, 3, 5), 6);
}

TEST(RateSourceTest, OffsetsAreWholeSecondsSinceCreation) {
  spate::testing::TempDir dir;
  int64_t now = 1'000'000;
  auto source = createRate({}, dir.path(), &now);
  EXPECT_EQ(latest(*source), "0");
  now += 999;
  EXPECT_EQ(latest(*source), "0");
  now += 1;
  EXPECT_EQ(latest(*source), "1");
  now += 2500;
  EXPECT_EQ(latest(*source), "3");
  now -= 3000;  // a clock going back does not move offsets back
  EXPECT_EQ(latest(*source), "3");
}

TEST(RateSourceTest, CreationTimeIsPersistedAndReused) {
  spate::testing::TempDir dir;
  int64_t now = 5000;
  createRate({}, dir.path(), &now);
  EXPECT_EQ(readFile(dir.path() + "/0"), "v1\n5000");
  now = 65'400;
  auto restarted = createRate({}, dir.path(), &now);
  EXPECT_EQ(latest(*restarted), "60");
  auto rows = rowStrings(valueOf(restarted->getBatch(std::string("59"), "60")));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], "1970-01-01 00:01:04|59");
}

TEST(RateSourceTest, MetadataDirectoryIsCreatedWhenMissing) {
  spate::testing::TempDir dir;
  int64_t now = 42;
  createRate({}, dir.path() + "/sources/0", &now);
  EXPECT_EQ(readFile(dir.path() + "/sources/0/0"), "v1\n42");
}

TEST(RateSourceTest, MalformedOrNewerStartTimeFileFails) {
  spate::testing::TempDir dir;
  int64_t now = 0;
  dir.write("0", "1000");
  EXPECT_EQ(thrownMessage<ExecutionException>([&] { createRate({}, dir.path(), &now); }),
            "Log file was malformed: failed to detect the log file version line.");
  dir.write("0", "v2\n1000");
  EXPECT_EQ(thrownMessage<ExecutionException>([&] { createRate({}, dir.path(), &now); }),
            "UnsupportedLogVersion: maximum supported log version is v1, but encountered v2. The "
            "log file was produced by a newer version of Spark and cannot be read by this "
            "version. Please upgrade.");
}

TEST(RateSourceTest, RowsAreEvenlySpacedOverTheBatch) {
  spate::testing::TempDir dir;
  int64_t now = 0;
  auto source = createRate({{"rowsPerSecond", "10"}}, dir.path(), &now);
  now = 2000;
  EXPECT_EQ(latest(*source), "2");
  auto rows = rowStrings(valueOf(source->getBatch(std::nullopt, "2")));
  ASSERT_EQ(rows.size(), 20u);
  // rowsPerSecond 10 without ramp-up: value v at v * 100 ms.
  EXPECT_EQ(rows[0], "1970-01-01 00:00:00|0");
  EXPECT_EQ(rows[1], "1970-01-01 00:00:00.1|1");
  EXPECT_EQ(rows[19], "1970-01-01 00:00:01.9|19");
  EXPECT_TRUE(valueOf(source->getBatch(std::string("2"), "2")).empty());
}

TEST(RateSourceTest, RoundingOfTimestampsIsHalfUp) {
  spate::testing::TempDir dir;
  int64_t now = 0;
  auto source = createRate({{"rowsPerSecond", "3"}}, dir.path(), &now);
  // 1000 ms over 3 values: 0, 333.33 → 333, 666.67 → 667.
  EXPECT_EQ(rowStrings(valueOf(source->getBatch(std::nullopt, "1"))),
            (std::vector<std::string>{"1970-01-01 00:00:00|0", "1970-01-01 00:00:00.333|1",
                                      "1970-01-01 00:00:00.667|2"}));
}

TEST(RateSourceTest, PartitionsInterleaveValues) {
  spate::testing::TempDir dir;
  int64_t now = 0;
  auto source = createRate({{"rowsPerSecond", "5"}, {"numPartitions", "3"}}, dir.path(), &now);
  // Partition 0: 0, 3; partition 1: 1, 4; partition 2: 2 — each at v * 200 ms.
  EXPECT_EQ(rowStrings(valueOf(source->getBatch(std::nullopt, "1"))),
            (std::vector<std::string>{"1970-01-01 00:00:00|0", "1970-01-01 00:00:00.6|3",
                                      "1970-01-01 00:00:00.2|1", "1970-01-01 00:00:00.8|4",
                                      "1970-01-01 00:00:00.4|2"}));
}

TEST(RateSourceTest, RampUpBatches) {
  spate::testing::TempDir dir;
  int64_t now = 10'000;
  auto source = createRate({{"rowsPerSecond", "10"}, {"rampUpTime", "4s"}}, dir.path(), &now);
  EXPECT_EQ(rowStrings(valueOf(source->getBatch(std::string("0"), "1"))),
            (std::vector<std::string>{"1970-01-01 00:00:10|0", "1970-01-01 00:00:10.5|1"}));
  // Second 2 holds values [2, 6), 250 ms apart.
  EXPECT_EQ(rowStrings(valueOf(source->getBatch(std::string("1"), "2"))),
            (std::vector<std::string>{"1970-01-01 00:00:11|2", "1970-01-01 00:00:11.25|3",
                                      "1970-01-01 00:00:11.5|4", "1970-01-01 00:00:11.75|5"}));
  EXPECT_EQ(valueOf(source->getBatch(std::string("4"), "6")).size(), 1u);
  EXPECT_EQ(rowStrings(valueOf(source->getBatch(std::string("4"), "6"))).size(), 20u);
}

TEST(RateSourceTest, ReplayingALaterBatchMovesTheClockFloor) {
  spate::testing::TempDir dir;
  int64_t now = 0;
  auto source = createRate({}, dir.path(), &now);
  valueOf(source->getBatch(std::string("3"), "7"));
  EXPECT_EQ(latest(*source), "7");
}

TEST(RateSourceTest, AvailableNowStopsAtTheOffsetOfItsStart) {
  spate::testing::TempDir dir;
  int64_t now = 0;
  auto source = createRate({}, dir.path(), &now);
  now = 5400;
  source->prepareForTriggerAvailableNow();
  now = 9000;
  EXPECT_EQ(latest(*source), "5");
}

TEST(RateSourceTest, OverflowingOffsetIsAnError) {
  spate::testing::TempDir dir;
  int64_t now = 0;
  auto source = createRate({{"rowsPerSecond", "9223372036854775807"}}, dir.path(), &now);
  auto result = source->getBatch(std::nullopt, "2");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message,
            "Integer overflow. Max offset with 9223372036854775807 rowsPerSecond is 1, but it's 2 "
            "now.");
  spate::testing::TempDir other;
  EXPECT_EQ(thrownMessage<ExecutionException>([&] {
              createRate({{"rowsPerSecond", "4611686018427387904"}, {"rampUpTime", "3"}},
                         other.path(), &now);
            }),
            "Integer overflow. Max offset with 4611686018427387904 rowsPerSecond is 1, but "
            "'rampUpTimeSeconds' is 3.");
}

TEST(RateSourceTest, DefaultPartitionsFollowParallelism) {
  spate::testing::TempDir dir;
  int64_t now = 0;
  auto context = makeContext("rate", {{"rowsPerSecond", "4"}}, dir.path(), &now);
  context.parallelism = 2;
  auto source = sourceProvider("rate").create(context);
  auto rows = rowStrings(valueOf(source->getBatch(std::nullopt, "1")));
  EXPECT_EQ(rows,
            (std::vector<std::string>{"1970-01-01 00:00:00|0", "1970-01-01 00:00:00.5|2",
                                      "1970-01-01 00:00:00.25|1", "1970-01-01 00:00:00.75|3"}));
}

// ---- rate-micro-batch ----

std::unique_ptr<Source> createPerBatch(std::map<std::string, std::string> options) {
  return sourceProvider("rate-micro-batch").create(makeContext("rate-micro-batch", options));
}

TEST(RatePerMicroBatchTest, OptionErrors) {
  auto schemaWith = [](std::map<std::string, std::string> options) {
    return [options] {
      sourceProvider("rate-micro-batch").schema(makeContext("rate-micro-batch", options));
    };
  };
  EXPECT_EQ(thrownMessage<IllegalArgumentException>(schemaWith({})),
            "Invalid value '0'. The option 'rowsPerBatch' must be positive");
  EXPECT_EQ(thrownMessage<IllegalArgumentException>(
                schemaWith({{"rowsPerBatch", "1"}, {"startTimestamp", "-1"}})),
            "Invalid value '-1'. The option 'startTimestamp' must be non-negative");
  EXPECT_EQ(thrownMessage<IllegalArgumentException>(
                schemaWith({{"rowsPerBatch", "1"}, {"advanceMillisPerBatch", "-1"}})),
            "Invalid value '-1'. The option 'advanceMillisPerBatch' must be non-negative");
  EXPECT_EQ(thrownMessage<IllegalArgumentException>(
                schemaWith({{"rowsPerBatch", "1"}, {"numPartitions", "-2"}})),
            "Invalid value '-2'. The option 'numPartitions' must be positive");
  EXPECT_EQ(sourceProvider("rate-micro-batch")
                .schema(makeContext("rate-micro-batch", {{"rowsPerBatch", "1"}}))
                ->simpleString(),
            "struct<timestamp:timestamp,value:bigint>");
}

TEST(RatePerMicroBatchTest, EachBatchHasTheNextRowsAndTimestamp) {
  auto source = createPerBatch(
      {{"rowsPerBatch", "3"}, {"startTimestamp", "1000"}, {"advanceMillisPerBatch", "500"}});
  EXPECT_EQ(source->description(),
            "RatePerMicroBatchStream[rowsPerBatch=3, numPartitions=1, startTimestamp=1000, "
            "advanceMsPerBatch=500]");
  auto first = valueOf(source->latestOffset(std::nullopt));
  ASSERT_TRUE(first);
  EXPECT_EQ(*first, "{\"offset\":3,\"timestamp\":1500}");
  // The same start gives the same end: offsets are deterministic.
  EXPECT_EQ(*valueOf(source->latestOffset(std::nullopt)), *first);
  EXPECT_EQ(rowStrings(valueOf(source->getBatch(std::nullopt, *first))),
            (std::vector<std::string>{"1970-01-01 00:00:01|0", "1970-01-01 00:00:01|1",
                                      "1970-01-01 00:00:01|2"}));
  auto second = *valueOf(source->latestOffset(first));
  EXPECT_EQ(second, "{\"offset\":6,\"timestamp\":2000}");
  EXPECT_EQ(rowStrings(valueOf(source->getBatch(first, second))),
            (std::vector<std::string>{"1970-01-01 00:00:01.5|3", "1970-01-01 00:00:01.5|4",
                                      "1970-01-01 00:00:01.5|5"}));
  EXPECT_TRUE(valueOf(source->getBatch(second, second)).empty());
}

TEST(RatePerMicroBatchTest, PartitionOrderAndDefaultAdvance) {
  auto source = createPerBatch({{"rowsPerBatch", "5"}, {"numPartitions", "2"}});
  auto end = *valueOf(source->latestOffset(std::nullopt));
  EXPECT_EQ(end, "{\"offset\":5,\"timestamp\":1000}");
  EXPECT_EQ(rowStrings(valueOf(source->getBatch(std::nullopt, end))),
            (std::vector<std::string>{"1970-01-01 00:00:00|0", "1970-01-01 00:00:00|2",
                                      "1970-01-01 00:00:00|4", "1970-01-01 00:00:00|1",
                                      "1970-01-01 00:00:00|3"}));
}

TEST(RatePerMicroBatchTest, AvailableNowRunsOneBatch) {
  auto source = createPerBatch({{"rowsPerBatch", "2"}});
  source->prepareForTriggerAvailableNow();
  auto end = *valueOf(source->latestOffset(std::nullopt));
  EXPECT_EQ(end, "{\"offset\":2,\"timestamp\":1000}");
  EXPECT_EQ(*valueOf(source->latestOffset(end)), end);
}

TEST(RatePerMicroBatchTest, MalformedOffsetIsAnError) {
  auto source = createPerBatch({{"rowsPerBatch", "2"}});
  EXPECT_FALSE(source->getBatch(std::nullopt, "{\"offset\":x}").ok());
  EXPECT_FALSE(source->latestOffset(std::string("7")).ok());
}

}  // namespace
}  // namespace spate::connector
