// Stream–stream join: the per-side state (JoinSideState) and the operator driven through
// IncrementalExecution batch by batch (state layout, metrics, NULL keys, pair chunking, a stream
// joined with itself). The Spark cases J2–J10 are .test files under test/sql/streaming/join_*.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "execution/incremental_execution.h"
#include "execution/join_side_state.h"
#include "plan/streaming_test_support.h"
#include "state/state_test_support.h"

namespace spate {
namespace {

using state::testing::TempDir;
using testing_streams::planSql;

// ---- JoinSideState ------------------------------------------------------------------------

class JoinSideStateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    state::StateStoreConf conf;
    keysProvider =
        state::StateStoreProvider::create({dir.path(), 0, 0, "left-keyToNumValues"}, conf);
    rowsProvider =
        state::StateStoreProvider::create({dir.path(), 0, 0, "left-keyWithIndexToValue"}, conf);
    keys = std::move(keysProvider->getStore(0)).value();
    rows = std::move(rowsProvider->getStore(0)).value();
  }
  std::vector<std::string> rowsOf(const JoinSideState& s, const std::string& key) {
    std::vector<std::string> out;
    s.forEachRow(key, [&](const JoinStateRow& r) {
      out.push_back(std::to_string(r.index) + ":" + std::string(r.columns) + ":" +
                    std::to_string(r.eventTime) + (r.matched ? ":m" : ""));
    });
    return out;
  }

  TempDir dir;
  std::unique_ptr<state::StateStoreProvider> keysProvider, rowsProvider;
  std::unique_ptr<state::StateStore> keys, rows;
};

TEST_F(JoinSideStateTest, AppendsRowsPerKeyInOrder) {
  JoinSideState s(*keys, *rows);
  EXPECT_EQ(s.numValues("a"), 0);
  EXPECT_TRUE(rowsOf(s, "a").empty());
  s.append("a", 10, 100, false, "x");
  s.append("b", 20, 200, true, "y");
  s.append("a", 10, 300, false, "z");
  EXPECT_EQ(s.numValues("a"), 2);
  EXPECT_EQ(rowsOf(s, "a"), (std::vector<std::string>{"0:x:100", "1:z:300"}));
  EXPECT_EQ(rowsOf(s, "b"), (std::vector<std::string>{"0:y:200:m"}));
  s.setMatched("a", 1);
  EXPECT_EQ(rowsOf(s, "a"), (std::vector<std::string>{"0:x:100", "1:z:300:m"}));
  // One entry per key in keyToNumValues, one per row in keyWithIndexToValue.
  EXPECT_EQ(keys->metrics().numKeys, 2);
  EXPECT_EQ(rows->metrics().numKeys, 3);
}

TEST_F(JoinSideStateTest, RemovesWholeKeysByKeyTime) {
  JoinSideState s(*keys, *rows);
  s.append("a", 10, 1, false, "x");
  s.append("a", 10, 2, true, "y");
  s.append("b", 11, 3, false, "z");
  s.append("n", kNoJoinEventTime, 4, false, "w");  // a NULL key time is never evicted
  std::vector<std::string> removed;
  int64_t count = s.removeByKeyTime(10, [&](const JoinStateRow& r) {
    removed.push_back(std::string(r.columns) + (r.matched ? ":m" : ""));
  });
  EXPECT_EQ(count, 2);
  EXPECT_EQ(removed, (std::vector<std::string>{"x", "y:m"}));
  EXPECT_EQ(s.numValues("a"), 0);
  EXPECT_EQ(s.numValues("b"), 1);
  EXPECT_EQ(s.numValues("n"), 1);
  EXPECT_EQ(rows->metrics().numKeys, 2);
  EXPECT_EQ(s.removeByKeyTime(11, [](const JoinStateRow&) {}), 1);
  EXPECT_EQ(keys->metrics().numKeys, 1);
}

TEST_F(JoinSideStateTest, RemovesRowsByTimeAndCompactsTheRest) {
  JoinSideState s(*keys, *rows);
  s.append("a", kNoJoinEventTime, 5, false, "r5");
  s.append("a", kNoJoinEventTime, 1, false, "r1");
  s.append("a", kNoJoinEventTime, 7, true, "r7");
  s.append("a", kNoJoinEventTime, 2, true, "r2");
  s.append("a", kNoJoinEventTime, kNoJoinEventTime, false, "rn");
  s.append("b", kNoJoinEventTime, 1, false, "b1");
  std::vector<std::string> removed;
  int64_t count = s.removeByRowTime(
      2, [&](const JoinStateRow& r) { removed.push_back(std::string(r.columns)); });
  EXPECT_EQ(count, 3);
  std::sort(removed.begin(), removed.end());
  EXPECT_EQ(removed, (std::vector<std::string>{"b1", "r1", "r2"}));
  EXPECT_EQ(rowsOf(s, "a"), (std::vector<std::string>{"0:r5:5", "1:r7:7:m",
                                                      "2:rn:" + std::to_string(kNoJoinEventTime)}));
  EXPECT_EQ(s.numValues("b"), 0);
  EXPECT_EQ(rows->metrics().numKeys, 3);
  EXPECT_EQ(keys->metrics().numKeys, 1);
  // Appends continue after the compacted rows.
  s.append("a", kNoJoinEventTime, 9, false, "r9");
  EXPECT_EQ(rowsOf(s, "a").back(), "3:r9:9");
}

// ---- the operator -----------------------------------------------------------------------------

constexpr int64_t kSecond = 1000000;

class StreamingJoinTest : public ::testing::Test {
 protected:
  void start(const std::string& sql, int partitions = 1) {
    plan = planSql(sql);
    StateConfig config;
    config.checkpointLocation = dir.path();
    config.numPartitions = partitions;
    execution = std::make_unique<IncrementalExecution>(plan, config);
    exec.pool = &pool;
  }

  /// Rows (key, seconds, value) of table l or r.
  BatchPtr rowsOf(const LogicalPlan& scan, const std::vector<std::vector<Value>>& rows) {
    return makeBatch(schemaOf(scan.output), rows);
  }
  static std::vector<Value> row(Value key, int64_t seconds, int value) {
    return {std::move(key), Value(seconds * kSecond), Value(value)};
  }

  /// Runs a batch with `left` and `right` rows; returns the output rows as sorted text.
  std::vector<std::string> run(const std::vector<std::vector<Value>>& left,
                               const std::vector<std::vector<Value>>& right, int64_t lateMs = 0,
                               int64_t evictionMs = 0) {
    const auto& scans = execution->streamingScans();
    std::vector<std::vector<BatchPtr>> sources(scans.size());
    if (!left.empty()) sources[0].push_back(rowsOf(*scans[0], left));
    if (!right.empty()) sources[1].push_back(rowsOf(*scans[1], right));
    BatchContext batch;
    batch.batchId = batchId++;
    batch.lateEventsWatermarkMs = lateMs;
    batch.evictionWatermarkMs = evictionMs;
    batch.hasWatermark = !execution->watermarkNodes().empty();
    last = batch;
    auto out = execution->run(batch, std::move(sources), exec);
    std::vector<std::string> lines;
    SchemaPtr schema = schemaOf(plan->output);
    for (const auto& b : out)
      for (int64_t r = 0; r < b->numRows(); ++r) {
        std::string line;
        auto values = b->rowAt(r);
        for (size_t c = 0; c < values.size(); ++c)
          line +=
              (c ? "," : "") + formatValue(values[c], *schema->fields()[c].type, *TimeZone::utc());
        lines.push_back(line);
      }
    std::sort(lines.begin(), lines.end());
    return lines;
  }
  StateOperatorMetrics metrics() const { return execution->stateMetrics().at(0); }

  TempDir dir;
  ThreadPool pool{2};
  ExecContext exec;
  PlanPtr plan;
  std::unique_ptr<IncrementalExecution> execution;
  int64_t batchId = 0;
  BatchContext last;
};

using Lines = std::vector<std::string>;

TEST_F(StreamingJoinTest, KeepsEachSideInItsOwnStores) {
  start("SELECT lkey, lvalue, rvalue FROM STREAM(l) JOIN STREAM(r) ON lkey = rkey");
  EXPECT_EQ(run({row(1, 1, 10), row(2, 2, 20)}, {row(1, 1, 100)}), (Lines{"1,10,100"}));
  StateOperatorMetrics m = metrics();
  EXPECT_EQ(m.operatorName, "symmetricHashJoin");
  EXPECT_EQ(m.numRowsTotal, 3);
  EXPECT_EQ(m.numRowsUpdated, 3);
  EXPECT_EQ(m.numRowsRemoved, 0);
  EXPECT_EQ(m.numStateStoreInstances, 4);
  namespace fs = std::filesystem;
  for (const char* store : {"left-keyToNumValues", "left-keyWithIndexToValue",
                            "right-keyToNumValues", "right-keyWithIndexToValue"})
    EXPECT_TRUE(fs::exists(fs::path(dir.path()) / "state/0/0" / store / "1.delta")) << store;
  // No watermark: state is never evicted, so no no-data batch.
  EXPECT_FALSE(execution->needsNoDataBatch(100000, last));
  EXPECT_EQ(run({}, {row(1, 5, 101), row(2, 5, 200)}), (Lines{"1,10,101", "2,20,200"}));
  EXPECT_EQ(metrics().numRowsTotal, 5);
}

TEST_F(StreamingJoinTest, NullKeysNeverMatch) {
  start("SELECT lkey, lvalue, rkey, rvalue FROM STREAM(l) JOIN STREAM(r) ON lkey = rkey");
  EXPECT_EQ(run({row(Value(), 1, 10), row(1, 1, 11)}, {row(Value(), 1, 100), row(1, 1, 101)}),
            (Lines{"1,11,1,101"}));
  // The NULL-key rows of an inner join are not even stored.
  EXPECT_EQ(metrics().numRowsTotal, 2);
}

TEST_F(StreamingJoinTest, NullKeyRowOfAPreservedSideComesOutWhenEvicted) {
  start(
      "SELECT lkey, lvalue, rvalue FROM STREAM(l) WATERMARK lt DELAY OF INTERVAL 10 SECONDS "
      "LEFT JOIN STREAM(r) WATERMARK rt DELAY OF INTERVAL 10 SECONDS "
      "ON lkey = rkey AND lt BETWEEN rt - INTERVAL 5 SECONDS AND rt + INTERVAL 5 SECONDS");
  EXPECT_EQ(run({row(Value(), 1, 10), row(1, 1, 11)}, {row(Value(), 1, 100), row(1, 3, 101)}),
            (Lines{"1,11,101"}));
  EXPECT_EQ(metrics().numRowsTotal, 3);
  EXPECT_TRUE(execution->needsNoDataBatch(30000, last));
  // Watermark 30 s: left rows older than 25 s go; the NULL-key row never matched.
  EXPECT_EQ(run({}, {}, 0, 30000), (Lines{"NULL,10,NULL"}));
  StateOperatorMetrics m = metrics();
  EXPECT_EQ(m.numRowsTotal, 0);
  EXPECT_EQ(m.numRowsRemoved, 3);
  EXPECT_EQ(m.numRowsUpdated, 0);
}

TEST_F(StreamingJoinTest, CountsLateRowsPerSide) {
  start(
      "SELECT lkey, rkey FROM STREAM(l) WATERMARK lt DELAY OF INTERVAL 10 SECONDS "
      "JOIN STREAM(r) ON lkey = rkey");
  // Only the left side has an event-time column: its rows at or before 20 s are late.
  EXPECT_EQ(run({row(1, 20, 0), row(1, 21, 0)}, {row(1, 5, 0)}, 20000, 20000), (Lines{"1,1"}));
  StateOperatorMetrics m = metrics();
  EXPECT_EQ(m.numRowsDroppedByWatermark, 1);
  EXPECT_EQ(m.numRowsTotal, 2);
  // Without a key or range bound, the state is kept forever.
  EXPECT_FALSE(execution->needsNoDataBatch(90000, last));
}

TEST_F(StreamingJoinTest, ManyMatchesAcrossSeveralVectors) {
  int64_t saved = defaultVectorSize();
  setDefaultVectorSize(3);
  start(
      "SELECT lvalue, rvalue FROM STREAM(l) JOIN STREAM(r) ON lkey = rkey AND lvalue + rvalue <> "
      "22",
      4);
  std::vector<std::vector<Value>> left, right;
  for (int i = 0; i < 4; ++i) {
    left.push_back(row(7, i, i));
    right.push_back(row(7, i, 20 + i));
  }
  Lines out = run(left, right);
  setDefaultVectorSize(saved);
  // 16 pairs minus (0,22), (1,21), (2,20).
  EXPECT_EQ(out.size(), 13u);
  EXPECT_EQ(std::count(out.begin(), out.end(), "0,22"), 0);
  EXPECT_EQ(std::count(out.begin(), out.end(), "3,23"), 1);
  EXPECT_EQ(metrics().numRowsTotal, 8);
}

TEST_F(StreamingJoinTest, AStreamJoinedWithItselfIsReadOnce) {
  start(
      "WITH w AS (SELECT * FROM STREAM(l) WATERMARK lt DELAY OF INTERVAL 5 SECONDS) "
      "SELECT a.lkey, a.lvalue, b.lvalue FROM w a LEFT JOIN w b "
      "ON a.lkey = b.lkey AND b.lt > a.lt AND b.lt <= a.lt + INTERVAL 5 SECONDS");
  ASSERT_EQ(execution->streamingScans().size(), 1u);
  ASSERT_EQ(execution->watermarkNodes().size(), 1u);
  const auto& scan = *execution->streamingScans()[0];
  std::vector<std::vector<BatchPtr>> sources(1);
  sources[0].push_back(rowsOf(scan, {row(1, 1, 10), row(1, 3, 30), row(2, 2, 20)}));
  BatchContext batch;
  batch.hasWatermark = true;
  auto out = execution->run(batch, std::move(sources), exec);
  int64_t rows = 0;
  for (const auto& b : out) rows += b->numRows();
  EXPECT_EQ(rows, 1);  // (1, 10, 30)
  // The watermark node saw the rows once.
  EXPECT_EQ(execution->eventTimeStats()[0].count, 3);
  EXPECT_EQ(execution->eventTimeStats()[0].maxUs, 3 * kSecond);
}

}  // namespace
}  // namespace spate
