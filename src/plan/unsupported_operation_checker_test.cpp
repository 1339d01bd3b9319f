// The unsupported-operation checker: every rule's Spark 3.5 text (spec §2.1, §3.2, §10) and the
// shapes each rule allows.
#include "plan/unsupported_operation_checker.h"

#include <gtest/gtest.h>

#include "plan/event_time_watermark.h"
#include "plan/plan_builder.h"
#include "plan/streaming_test_support.h"

namespace spate {
namespace {

using testing_streams::errorOf;
using testing_streams::planSql;
using testing_streams::resolveTestTable;

constexpr OutputMode kAppend = OutputMode::kAppend;
constexpr OutputMode kUpdate = OutputMode::kUpdate;
constexpr OutputMode kComplete = OutputMode::kComplete;

const char* const kU1 =
    "Append output mode not supported when there are streaming aggregations on streaming "
    "DataFrames/DataSets without watermark";
const char* const kU4 =
    "Complete output mode not supported when there are no streaming aggregations on streaming "
    "DataFrames/Datasets";
const char* const kU8 =
    "Sorting is not supported on streaming DataFrames/Datasets, unless it is on aggregated "
    "DataFrame/Dataset in Complete output mode";
const char* const kU16 =
    "Detected pattern of possible 'correctness' issue due to global watermark. The query contains "
    "stateful operation which can emit rows older than the current watermark plus allowed late "
    "record delay, which are \"late rows\" in downstream stateful operations and these rows can be "
    "discarded. Please refer the programming guide doc for more details. If you understand the "
    "possible risk of correctness issue and still need to run the query, you can disable this "
    "check by setting the config `spark.sql.streaming.statefulOperator.checkCorrectness.enabled` "
    "to false.";
const char* const kEvents = "STREAM(events) WATERMARK ts DELAY OF INTERVAL 10 SECONDS";
const char* const kLeft = "STREAM(l) WATERMARK lt DELAY OF INTERVAL 10 SECONDS";
const char* const kRight = "STREAM(r) WATERMARK rt DELAY OF INTERVAL 10 SECONDS";

std::string check(const PlanPtr& plan, OutputMode mode, StreamingCheckConf conf = {}) {
  return errorOf([&] { checkStreamingQuery(*plan, mode, conf); });
}

std::string check(const std::string& sql, OutputMode mode, StreamingCheckConf conf = {}) {
  return check(planSql(sql), mode, conf);
}

std::string outerJoinError(const std::string& type) {
  return "Stream-stream " + type +
         " join between two streaming DataFrame/Datasets is not supported without a watermark in "
         "the join keys, or a watermark on the nullable side and an appropriate range condition";
}

TEST(UnsupportedOperationCheckerTest, AggregationInAppendModeNeedsAWatermarkedGroupingKey) {
  std::string noWatermark = "SELECT key, count(*) FROM STREAM(events) GROUP BY key";
  EXPECT_EQ(check(noWatermark, kAppend), kU1);  // U1
  EXPECT_EQ(check(noWatermark, kUpdate), "");   // U3
  EXPECT_EQ(check(noWatermark, kComplete), "");
  // A watermark that is not a grouping key does not help.
  EXPECT_EQ(check(std::string("SELECT key, count(*) FROM ") + kEvents + " GROUP BY key", kAppend),
            kU1);
  // U2: the raw event-time column, a tumbling and a sliding window on it.
  EXPECT_EQ(check(std::string("SELECT ts, count(*) FROM ") + kEvents + " GROUP BY ts", kAppend),
            "");
  EXPECT_EQ(check(std::string("SELECT window(ts, '5 seconds') AS w, count(*) FROM ") + kEvents +
                      " GROUP BY window(ts, '5 seconds')",
                  kAppend),
            "");
  EXPECT_EQ(check(std::string("SELECT window(ts, '10 seconds', '5 seconds'), key, count(*) FROM ") +
                      kEvents + " GROUP BY window(ts, '10 seconds', '5 seconds'), key",
                  kAppend),
            "");
  // A window over an unwatermarked column is not watermarked.
  EXPECT_EQ(check(std::string("SELECT window(ts2, '5 seconds'), count(*) FROM ") + kEvents +
                      " GROUP BY window(ts2, '5 seconds')",
                  kAppend),
            kU1);
  // A global aggregation has no key at all.
  EXPECT_EQ(check(std::string("SELECT count(*) FROM ") + kEvents, kAppend), kU1);
}

TEST(UnsupportedOperationCheckerTest, CompleteModeNeedsAStreamingAggregation) {
  EXPECT_EQ(check("SELECT * FROM STREAM(events)", kComplete), kU4);  // U4
  EXPECT_EQ(check("SELECT * FROM STREAM(events)", kUpdate), "");     // U5
  EXPECT_EQ(check("SELECT * FROM STREAM(events)", kAppend), "");
  // An aggregation of the static side only is no streaming aggregation.
  EXPECT_EQ(
      check("SELECT * FROM STREAM(events) e JOIN (SELECT key, count(*) AS c FROM dim GROUP BY "
            "key) d ON e.key = d.key",
            kComplete),
      kU4);
  EXPECT_EQ(check("SELECT key, count(*) FROM STREAM(events) GROUP BY key", kComplete), "");
}

TEST(UnsupportedOperationCheckerTest, ChainedAggregations) {
  std::string chained =
      "SELECT c, count(*) FROM (SELECT key, count(*) AS c FROM STREAM(events) GROUP BY key) GROUP "
      "BY c";
  // U6: in 3.5 the correctness check rejects an aggregation fed by an Update/Complete one.
  EXPECT_EQ(check(chained, kUpdate), kU16);
  EXPECT_EQ(check(chained, kComplete), kU16);
  StreamingCheckConf unchecked;
  unchecked.checkCorrectness = false;
  EXPECT_EQ(check(chained, kUpdate, unchecked), "");
  EXPECT_EQ(check(chained, kAppend), kU1);
  // U7: a watermarked window aggregated again on the window, in Append mode.
  std::string windowed =
      std::string(
          "SELECT w, sum(c) FROM (SELECT window(ts, '5 seconds') AS w, count(*) AS c FROM ") +
      kEvents + " GROUP BY window(ts, '5 seconds')) GROUP BY w";
  EXPECT_EQ(check(windowed, kAppend), "");
  EXPECT_EQ(check(windowed, kUpdate), kU16);
}

TEST(UnsupportedOperationCheckerTest, CorrectnessCheckCountsDeduplicationOnEventTimeOnly) {
  PlanPtr agg = planSql(std::string("SELECT ts, count(*) AS c FROM ") + kEvents + " GROUP BY ts");
  // A deduplication keyed on the event time after an Update aggregation: U16.
  EXPECT_EQ(check(makeDeduplicate(agg, {0}, false), kUpdate), kU16);
  // Keyed on the count only, it is not a stateful operation for this check.
  EXPECT_EQ(check(makeDeduplicate(agg, {1}, false), kUpdate), "");
  // Within watermark always counts.
  EXPECT_EQ(check(makeDeduplicate(agg, {1}, true), kUpdate), kU16);
  // In Append mode the aggregation only emits finished groups.
  EXPECT_EQ(check(makeDeduplicate(agg, {0}, false), kAppend), "");
}

TEST(UnsupportedOperationCheckerTest, SortingOnlyAfterAnAggregationInCompleteMode) {
  EXPECT_EQ(check("SELECT * FROM STREAM(events) ORDER BY key", kAppend), kU8);  // U8
  EXPECT_EQ(check("SELECT * FROM STREAM(events) ORDER BY key", kUpdate), kU8);
  std::string sorted = "SELECT key, count(*) AS c FROM STREAM(events) GROUP BY key ORDER BY c DESC";
  EXPECT_EQ(check(sorted, kComplete), "");  // U9
  EXPECT_EQ(check(sorted, kUpdate), kU8);
  // Sorting the static side of a stream–static join is fine.
  EXPECT_EQ(check("SELECT * FROM STREAM(events) e JOIN (SELECT * FROM dim ORDER BY key) d ON "
                  "e.key = d.key",
                  kAppend),
            "");
  // The output-mode rule comes first.
  EXPECT_EQ(check("SELECT key, count(*) AS c FROM STREAM(events) GROUP BY key ORDER BY c", kAppend),
            kU1);
}

TEST(UnsupportedOperationCheckerTest, LimitIsRejectedInUpdateModeOnly) {
  EXPECT_EQ(check("SELECT * FROM STREAM(events) LIMIT 5", kUpdate),
            "Limits are not supported on streaming DataFrames/Datasets in Update output mode");
  EXPECT_EQ(check("SELECT * FROM STREAM(events) LIMIT 5", kAppend), "");
  EXPECT_EQ(check("SELECT key, count(*) FROM STREAM(events) GROUP BY key LIMIT 5", kComplete), "");
  EXPECT_EQ(
      check("SELECT * FROM STREAM(events) e JOIN (SELECT * FROM dim LIMIT 1) d ON e.key = d.key",
            kUpdate),
      "");
}

TEST(UnsupportedOperationCheckerTest, DistinctAggregations) {
  const char* u11 =
      "Distinct aggregations are not supported on streaming DataFrames/Datasets. Consider using "
      "approx_count_distinct() instead.";
  EXPECT_EQ(check("SELECT key, count(DISTINCT value) FROM STREAM(events) GROUP BY key", kUpdate),
            u11);
  EXPECT_EQ(check("SELECT key, max(DISTINCT value) FROM STREAM(events) GROUP BY key", kComplete),
            u11);
  EXPECT_EQ(check("SELECT key, count(value) FROM STREAM(events) GROUP BY key", kUpdate), "");
  // On the static side it is an ordinary batch aggregation.
  EXPECT_EQ(check("SELECT * FROM STREAM(events) e JOIN (SELECT key, count(DISTINCT name) AS n FROM "
                  "dim GROUP BY key) d ON e.key = d.key",
                  kAppend),
            "");
}

TEST(UnsupportedOperationCheckerTest, GroupingSetsAreAccepted) {
  // U31: CUBE/ROLLUP on a stream run in Update/Complete mode.
  std::string cube = "SELECT key, value, count(*) FROM STREAM(events) GROUP BY CUBE(key, value)";
  EXPECT_EQ(check(cube, kComplete), "");
  EXPECT_EQ(check(cube, kUpdate), "");
  EXPECT_EQ(check(cube, kAppend), kU1);
}

TEST(UnsupportedOperationCheckerTest, SetOperations) {
  EXPECT_EQ(check("SELECT key FROM STREAM(events) UNION ALL SELECT key FROM dim", kAppend),
            "Union between streaming and batch DataFrames/Datasets is not supported");  // U14
  EXPECT_EQ(check("SELECT key FROM dim UNION ALL SELECT key FROM STREAM(events)", kAppend),
            "Union between streaming and batch DataFrames/Datasets is not supported");
  EXPECT_EQ(
      check("SELECT key FROM STREAM(events) UNION ALL SELECT key FROM STREAM(events)", kAppend),
      "");
  EXPECT_EQ(check("SELECT key FROM dim EXCEPT SELECT key FROM STREAM(events)", kAppend),
            "Except on a streaming DataFrame/Dataset on the right is not supported");  // U15
  EXPECT_EQ(check("SELECT key FROM STREAM(events) EXCEPT SELECT key FROM dim", kAppend), "");
  EXPECT_EQ(check("SELECT key FROM STREAM(events) INTERSECT SELECT key FROM dim", kAppend),
            "Intersect of streaming DataFrames/Datasets is not supported");
  EXPECT_EQ(check("SELECT key FROM dim INTERSECT SELECT key FROM STREAM(events)", kAppend),
            "Intersect of streaming DataFrames/Datasets is not supported");
}

TEST(UnsupportedOperationCheckerTest, StreamStaticJoinMatrix) {
  auto streamLeft = [](const std::string& type) {
    return check("SELECT * FROM STREAM(events) e " + type + " JOIN dim d ON e.key = d.key",
                 kAppend);
  };
  auto streamRight = [](const std::string& type) {
    return check("SELECT * FROM dim d " + type + " JOIN STREAM(events) e ON e.key = d.key",
                 kAppend);
  };
  EXPECT_EQ(streamLeft("INNER"), "");
  EXPECT_EQ(streamRight("INNER"), "");
  EXPECT_EQ(streamLeft("LEFT OUTER"), "");
  EXPECT_EQ(streamRight("LEFT OUTER"),
            "LeftOuter join with a streaming DataFrame/Dataset on the right and a static "
            "DataFrame/Dataset on the left is not supported");
  EXPECT_EQ(streamLeft("RIGHT OUTER"),
            "RightOuter join with a streaming DataFrame/Dataset on the left and a static "
            "DataFrame/DataSet on the right not supported");
  EXPECT_EQ(streamRight("RIGHT OUTER"), "");
  EXPECT_EQ(streamLeft("FULL OUTER"),
            "FullOuter joins with streaming DataFrames/Datasets on the left and a static "
            "DataFrame/Dataset on the right is not supported");
  EXPECT_EQ(streamRight("FULL OUTER"),
            "FullOuter joins with streaming DataFrames/Datasets on the right and a static "
            "DataFrame/Dataset on the left is not supported");
  EXPECT_EQ(streamLeft("LEFT SEMI"), "");
  EXPECT_EQ(streamRight("LEFT SEMI"),
            "LeftSemi join with a streaming DataFrame/Dataset on the right and a static "
            "DataFrame/Dataset on the left is not supported");
  EXPECT_EQ(streamLeft("LEFT ANTI"), "");
  EXPECT_EQ(streamRight("LEFT ANTI"),
            "LeftAnti joins with a streaming DataFrame/Dataset on the right are not supported");
  // Stream–static joins are stateless: any output mode, and complete mode after an aggregation.
  EXPECT_EQ(check("SELECT * FROM STREAM(events) e JOIN dim d ON e.key = d.key", kUpdate), "");
  EXPECT_EQ(
      check("SELECT name, count(*) FROM STREAM(events) e JOIN dim d ON e.key = d.key GROUP BY "
            "name",
            kComplete),
      "");
}

TEST(UnsupportedOperationCheckerTest, StreamStreamJoinsRunInAppendModeOnly) {
  std::string inner = "SELECT * FROM STREAM(l) JOIN STREAM(r) ON lkey = rkey";
  EXPECT_EQ(check(inner, kAppend), "");
  EXPECT_EQ(check(inner, kUpdate),
            "Join between two streaming DataFrames/Datasets is not supported in Update output "
            "mode, only in Append output mode");  // U17
  EXPECT_EQ(check(inner, kComplete), kU4);
  EXPECT_EQ(
      check("SELECT lkey, count(*) FROM STREAM(l) JOIN STREAM(r) ON lkey = rkey GROUP BY lkey",
            kComplete),
      "Join between two streaming DataFrames/Datasets is not supported in Complete output "
      "mode, only in Append output mode");
}

TEST(UnsupportedOperationCheckerTest, StreamStreamJoinNeedsAnEqualityPredicate) {
  const char* noEquality = "Stream-stream join without equality predicate is not supported.";
  EXPECT_EQ(check("SELECT * FROM STREAM(l) JOIN STREAM(r) ON lkey < rkey", kAppend), noEquality);
  EXPECT_EQ(check("SELECT * FROM STREAM(l) CROSS JOIN STREAM(r)", kAppend), noEquality);
  EXPECT_EQ(
      check(std::string("SELECT * FROM ") + kLeft + " JOIN " + kRight + " ON lt > rt", kAppend),
      noEquality);
  // A stream–static join needs none.
  EXPECT_EQ(check("SELECT * FROM STREAM(l) JOIN dim ON lkey < key", kAppend), "");
}

TEST(UnsupportedOperationCheckerTest, OuterAndSemiStreamStreamJoinsNeedWatermarkConditions) {
  auto join = [](const std::string& left, const std::string& type, const std::string& right,
                 const std::string& on) {
    return check("SELECT * FROM " + left + " " + type + " JOIN " + right + " ON " + on, kAppend);
  };
  std::string range =
      "lkey = rkey AND lt BETWEEN rt - INTERVAL 5 SECONDS AND rt + INTERVAL 5 SECONDS";
  // No watermark at all.
  EXPECT_EQ(join("STREAM(l)", "LEFT OUTER", "STREAM(r)", "lkey = rkey"),
            outerJoinError("LeftOuter"));
  EXPECT_EQ(join("STREAM(l)", "RIGHT OUTER", "STREAM(r)", "lkey = rkey"),
            outerJoinError("RightOuter"));
  EXPECT_EQ(join("STREAM(l)", "FULL OUTER", "STREAM(r)", "lkey = rkey"),
            outerJoinError("FullOuter"));
  EXPECT_EQ(join("STREAM(l)", "LEFT SEMI", "STREAM(r)", "lkey = rkey"), outerJoinError("LeftSemi"));
  // Watermarks on both sides but no range condition.
  EXPECT_EQ(join(kLeft, "LEFT OUTER", kRight, "lkey = rkey"), outerJoinError("LeftOuter"));
  // A range condition with the watermark on the nullable side.
  EXPECT_EQ(join("STREAM(l)", "LEFT OUTER", kRight, range), "");
  EXPECT_EQ(join("STREAM(l)", "LEFT SEMI", kRight, range), "");
  EXPECT_EQ(join(kLeft, "RIGHT OUTER", "STREAM(r)", range), "");
  // … but not on the preserved side only.
  EXPECT_EQ(join(kLeft, "LEFT OUTER", "STREAM(r)", range), outerJoinError("LeftOuter"));
  EXPECT_EQ(join("STREAM(l)", "RIGHT OUTER", kRight, range), outerJoinError("RightOuter"));
  // Full outer: either side bounded is enough.
  EXPECT_EQ(join(kLeft, "FULL OUTER", "STREAM(r)", range), "");
  EXPECT_EQ(join("STREAM(l)", "FULL OUTER", kRight, range), "");
  // A one-sided range does not bound the preserved side: leftTime < rightTime only bounds right.
  EXPECT_EQ(join("STREAM(l)", "LEFT OUTER", kRight, "lkey = rkey AND lt < rt"),
            outerJoinError("LeftOuter"));
  EXPECT_EQ(join("STREAM(l)", "LEFT OUTER", kRight, "lkey = rkey AND lt > rt"), "");
  // Month intervals have no fixed length: no bound.
  EXPECT_EQ(join("STREAM(l)", "LEFT OUTER", kRight, "lkey = rkey AND lt > rt - INTERVAL 1 MONTH"),
            outerJoinError("LeftOuter"));
  // J7: a watermarked window among the join keys (even on one side only).
  std::string windowedLeft =
      std::string("(SELECT lkey, window(lt, '10 seconds') AS lw FROM ") + kLeft + ") a";
  std::string windowedRight = "(SELECT rkey, window(rt, '10 seconds') AS rw FROM STREAM(r)) b";
  EXPECT_EQ(join(windowedLeft, "LEFT OUTER", windowedRight, "lkey = rkey AND lw = rw"), "");
  EXPECT_EQ(join(windowedLeft, "FULL OUTER", windowedRight, "lkey = rkey AND lw = rw"), "");
  EXPECT_EQ(join(windowedLeft, "LEFT OUTER", windowedRight, "lkey = rkey"),
            outerJoinError("LeftOuter"));
  // Left anti between two streams is not supported at all in 3.5.
  EXPECT_EQ(join(kLeft, "LEFT ANTI", kRight, range),
            "LeftAnti joins with a streaming DataFrame/Dataset on the right are not supported");
}

TEST(UnsupportedOperationCheckerTest, DropDuplicatesWithinWatermarkNeedsAWatermark) {
  const char* u27 =
      "dropDuplicatesWithinWatermark is not supported on streaming DataFrames/DataSets without "
      "watermark";
  PlanPtr stream = resolveTestTable({"events"}, true);
  EXPECT_EQ(check(makeDeduplicate(stream, {0}, true), kAppend), u27);
  EXPECT_EQ(check(makeDeduplicate(stream, {0}, false), kAppend), "");
  PlanPtr watermarked = planSql(std::string("SELECT * FROM ") + kEvents);
  EXPECT_EQ(check(makeDeduplicate(watermarked, {0}, true), kAppend), "");
  EXPECT_EQ(check(makeDeduplicate(watermarked, {}, true), kUpdate), "");
}

TEST(UnsupportedOperationCheckerTest, BatchAndStreamingEntryPoints) {
  PlanPtr batch = resolveTestTable({"events"}, false);
  PlanPtr stream = planSql("SELECT key FROM STREAM(events) WHERE value > 0");
  // U28: an action on a stream.
  EXPECT_EQ(errorOf([&] { checkBatchQuery(*stream); }),
            "Queries with streaming sources must be executed with writeStream.start()");
  EXPECT_EQ(errorOf([&] { checkBatchQuery(*batch); }), "");
  EXPECT_EQ(errorOf([&] { checkBatchQuery(*makeDeduplicate(batch, {0}, true)); }),
            "dropDuplicatesWithinWatermark is not supported with batch DataFrames/DataSets");
  // U29: starting a query without a stream.
  EXPECT_EQ(check(batch, kAppend),
            "Queries without streaming sources cannot be executed with writeStream.start()");
  EXPECT_EQ(errorOf([&] { checkWriteStreamAllowed(*batch); }),
            "[WRITE_STREAM_NOT_ALLOWED] `writeStream` can be called only on streaming "
            "Dataset/DataFrame.");
  EXPECT_EQ(errorOf([&] { checkWriteStreamAllowed(*stream); }), "");
  try {
    checkStreamingQuery(*batch, kAppend);
    FAIL() << "expected an AnalysisException";
  } catch (const AnalysisException& e) {
    EXPECT_STREQ(e.exceptionName(), "AnalysisException");
  }
}

TEST(UnsupportedOperationCheckerTest, MonotonicallyIncreasingIdIsRejectedAnywhere) {
  PlanPtr stream = resolveTestTable({"events"}, true);
  ExprPtr id =
      makeCall("monotonically_increasing_id", DataType::longType(), {}, nullptr, nullptr, false);
  AttributeList out = {{newAttributeId(), "id", DataType::longType(), false, ""}};
  const char* u30 =
      "Expression(s): monotonically_increasing_id() is not supported with streaming "
      "DataFrames/Datasets";
  EXPECT_EQ(check(makeProject(stream, {id}, out), kAppend), u30);
  // Even on the static side of a stream–static join.
  PlanPtr staticIds = makeProject(resolveTestTable({"dim"}, false), {id}, out);
  EXPECT_EQ(
      check(planJoin(stream, staticIds, JoinKind::kCross, nullptr, {}, BindContext{}), kAppend),
      u30);
  EXPECT_EQ(check(makeProject(stream, {makeColumnRef(0, DataType::integer())}, {stream->output[0]}),
                  kAppend),
            "");
}

TEST(UnsupportedOperationCheckerTest, RedefiningAWatermark) {
  PlanPtr stream = resolveTestTable({"events"}, true);
  ParsedExpr ts, ts2;
  ts.kind = ts2.kind = ParsedKind::kColumn;
  ts.nameParts = {"ts"};
  ts2.nameParts = {"ts2"};
  PlanPtr once = planWatermark(stream, ts, "1 minute", BindContext{});
  PlanPtr twice = planWatermark(makeFilter(once, makeLiteral(Value(true), DataType::boolean())),
                                ts2, "2 minutes", BindContext{});
  const char* redefining =
      "Redefining watermark is disallowed. You can set the config "
      "'spark.sql.streaming.statefulOperator.allowMultiple' to 'false' to restore the previous "
      "behavior. Note that multiple stateful operators will be disallowed.";
  EXPECT_EQ(check(twice, kAppend), redefining);
  StreamingCheckConf single;
  single.statefulOperatorAllowMultiple = false;
  EXPECT_EQ(check(twice, kAppend, single), "");
  // The second definition replaces the first: only ts2 is event time afterwards.
  EXPECT_FALSE(twice->output[2].watermarkDelayMs.has_value());
  EXPECT_EQ(twice->output[3].watermarkDelayMs, 120000);
  // Watermarks on the two inputs of a union or a join are not redefinitions.
  EXPECT_EQ(
      check(
          std::string("SELECT key FROM ") + kEvents +
              " UNION ALL SELECT key FROM STREAM(events) WATERMARK ts2 DELAY OF INTERVAL 5 SECONDS",
          kAppend),
      "");
  EXPECT_EQ(
      check(std::string("SELECT * FROM ") + kLeft + " JOIN " + kRight + " ON lkey = rkey", kAppend),
      "");
}

TEST(UnsupportedOperationCheckerTest, SeveralEventTimeColumnsReachingAStatefulOperator) {
  std::string joined =
      std::string("SELECT lt, rt, lkey FROM ") + kLeft + " JOIN " + kRight +
      " ON lkey = rkey AND lt BETWEEN rt - INTERVAL 5 SECONDS AND rt + INTERVAL 5 SECONDS";
  PlanPtr join = planSql(joined);
  // The join itself is fine: each side has one event-time column.
  EXPECT_EQ(check(join, kAppend), "");
  // Grouping by one of them after the join is fine too.
  EXPECT_EQ(check("SELECT window(lt, '5 seconds'), count(*) FROM (" + joined +
                      ") GROUP BY window(lt, '5 seconds')",
                  kAppend),
            "");
  // Both as grouping keys: one aggregation, two event times.
  PlanPtr both = planSql("SELECT lt, rt, count(*) FROM (" + joined + ") GROUP BY lt, rt");
  const LogicalPlan* agg = testing_streams::findNode(*both, PlanKind::kAggregate);
  ASSERT_NE(agg, nullptr);
  const AttributeList& in = agg->children[0]->output;
  std::string expected =
      "More than one event time columns are available. Please ensure there is at most one event "
      "time column per stream. event time columns: (lt#" +
      std::to_string(in[agg->groupExprs[0]->columnIndex].id) + "-T10000ms,rt#" +
      std::to_string(in[agg->groupExprs[1]->columnIndex].id) + "-T10000ms)";
  EXPECT_EQ(check(both, kAppend), expected);
  // A deduplication of the joined rows sees both columns.
  EXPECT_NE(
      check(makeDeduplicate(join, {}, false), kAppend).find("More than one event time columns"),
      std::string::npos);
  StreamingCheckConf single;
  single.statefulOperatorAllowMultiple = false;
  EXPECT_EQ(check(makeDeduplicate(join, {}, false), kAppend, single), "");
}

}  // namespace
}  // namespace spate
