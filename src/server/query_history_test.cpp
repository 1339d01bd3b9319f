#include "server/query_history.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "api/streaming_manual_test_support.h"
#include "common/logging.h"

namespace spate::server {
namespace {

namespace fs = std::filesystem;
using sql::testing::ManualQuery;

TEST(ParseProgressTimestampTest, ReadsWhatTheProgressPrints) {
  EXPECT_EQ(parseProgressTimestamp("1970-01-01T00:00:00.000Z"), 0);
  EXPECT_EQ(parseProgressTimestamp("1970-01-01T00:01:40.000Z"), 100'000);
  // date -u -d 2016-12-05T20:54:20.827Z +%s%3N
  EXPECT_EQ(parseProgressTimestamp("2016-12-05T20:54:20.827Z"), 1480971260827);
  EXPECT_EQ(parseProgressTimestamp("1969-12-31T23:59:59.999Z"), -1);
  EXPECT_EQ(parseProgressTimestamp(streaming::formatProgressTimestamp(1'700'000'123'456)),
            1'700'000'123'456);
  for (const char* bad :
       {"", "2016-12-05T20:54:20.827", "2016-12-05 20:54:20.827Z", "2016-13-05T20:54:20.827Z",
        "2016-12-0xT20:54:20.827Z", "2016-12-05T20:54:20.827Z "})
    EXPECT_EQ(parseProgressTimestamp(bad), std::nullopt) << bad;
}

TEST(DurationHistogramTest, BucketsAreCumulative) {
  DurationHistogram h;
  h.observe(0.005);  // on a bound: counts in it
  h.observe(0.3);
  h.observe(500);  // beyond the last bound: only in +Inf (count)
  EXPECT_EQ(h.count, 3);
  EXPECT_DOUBLE_EQ(h.sumSeconds, 500.305);
  EXPECT_EQ(h.buckets[0], 1);   // ≤ 0.005
  EXPECT_EQ(h.buckets[5], 1);   // ≤ 0.25
  EXPECT_EQ(h.buckets[6], 2);   // ≤ 0.5
  EXPECT_EQ(h.buckets[13], 2);  // ≤ 120
}

class QueryHistoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    saved = logLevel();
    setLogLevel(LogLevel::kWarn);
    spark = sql::Session::builder().master("local[1]").getOrCreate();
    spark->sql("CREATE TABLE ints (value INT) USING memory");
    checkpoint =
        (fs::temp_directory_path() / ("spate-history-" + streaming::randomUuid())).string();
  }
  void TearDown() override {
    spark->stop();
    fs::remove_all(checkpoint);
    setLogLevel(saved);
  }
  sql::SessionPtr spark;
  std::string checkpoint;
  LogLevel saved = LogLevel::kInfo;
};

TEST_F(QueryHistoryTest, TheRingIsBoundedButTotalsCountEveryBatch) {
  auto history = std::make_shared<QueryHistory>(3, 10);
  history->attach(spark->queryManager());
  ManualQuery q(spark->readStream().table("ints"), "q", OutputMode::kAppend, checkpoint + "/q");
  for (int i = 1; i <= 5; ++i) {
    std::string values;
    for (int j = 0; j < i; ++j) values += (j ? ", (" : "(") + std::to_string(j) + ")";
    spark->sql("INSERT INTO ints VALUES " + values);
    q.processAll();
  }
  auto all = history->snapshot(100);
  ASSERT_EQ(all.size(), 1u);
  const QuerySnapshot& s = all[0];
  EXPECT_EQ(s.batches, 5);
  EXPECT_EQ(s.inputRows, 1 + 2 + 3 + 4 + 5);
  EXPECT_EQ(s.outputRows, 15);
  EXPECT_EQ(s.retainedProgress, 3u);
  ASSERT_EQ(s.progress.size(), 3u);
  EXPECT_EQ(s.progress.front().batchId, 2);
  EXPECT_EQ(s.lastProgress->batchId, 4);
  EXPECT_EQ(s.batchDuration.count, 5);
  EXPECT_TRUE(s.active);
  EXPECT_EQ(s.name, "q");
  EXPECT_EQ(history->find(s.runId, 3, 100)->progress.size(), 1u);
  EXPECT_EQ(history->find(s.runId, std::nullopt, 2)->progress.front().batchId, 3);
  EXPECT_EQ(history->find("nope", std::nullopt, 1), std::nullopt);
  history->detach(spark->queryManager());
}

TEST_F(QueryHistoryTest, OnlyTheLatestEndedRunsAreKept) {
  auto history = std::make_shared<QueryHistory>(10, 2);
  history->attach(spark->queryManager());
  std::vector<std::string> runIds;
  for (int i = 0; i < 3; ++i) {
    ManualQuery q(spark->readStream().table("ints"), "run" + std::to_string(i), OutputMode::kAppend,
                  checkpoint + "/" + std::to_string(i));
    runIds.push_back(q.query().runId());
    q.query().stop();
  }
  ManualQuery running(spark->readStream().table("ints"), "running", OutputMode::kAppend,
                      checkpoint + "/running");
  auto all = history->snapshot();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].runId, runIds[1]);
  EXPECT_EQ(all[1].runId, runIds[2]);
  EXPECT_FALSE(all[1].active);
  EXPECT_TRUE(all[1].endMs.has_value());
  EXPECT_EQ(all[2].name, "running");
  EXPECT_TRUE(all[2].active);
  history->detach(spark->queryManager());
}

TEST_F(QueryHistoryTest, QueriesActiveBeforeAttachingArePickedUpWithTheirProgress) {
  ManualQuery q(spark->readStream().table("ints"), "early", OutputMode::kAppend,
                checkpoint + "/early");
  spark->sql("INSERT INTO ints VALUES (1), (2)");
  q.processAll();
  auto history = std::make_shared<QueryHistory>(10, 10);
  history->attach(spark->queryManager());
  spark->sql("INSERT INTO ints VALUES (3)");
  q.processAll();
  auto s = history->snapshot(10).at(0);
  EXPECT_EQ(s.name, "early");
  EXPECT_EQ(s.batches, 2);
  EXPECT_EQ(s.inputRows, 3);
  EXPECT_EQ(s.startMs, parseProgressTimestamp(s.progress.front().timestamp));
  history->detach(spark->queryManager());
  spark->sql("INSERT INTO ints VALUES (4)");
  q.processAll();
  EXPECT_EQ(history->snapshot().at(0).batches, 2);  // no longer following
}

}  // namespace
}  // namespace spate::server
