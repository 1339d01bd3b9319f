// withWatermark: delay parsing (spec §2.1), the event-time column checks, and how the watermark
// mark follows the column through projections, windows and aggregations.
#include "plan/event_time_watermark.h"

#include <gtest/gtest.h>

#include "plan/streaming_test_support.h"

namespace spate {
namespace {

using testing_streams::errorOf;
using testing_streams::findNode;
using testing_streams::planSql;
using testing_streams::resolveTestTable;

constexpr int64_t kDayMs = 86400000;

ParsedExpr column(const std::string& name) {
  ParsedExpr e;
  e.kind = ParsedKind::kColumn;
  e.nameParts = {name};
  return e;
}

TEST(EventTimeWatermarkTest, DelayMilliseconds) {
  EXPECT_EQ(watermarkDelayMs("10 seconds"), 10000);
  EXPECT_EQ(watermarkDelayMs("0 seconds"), 0);
  EXPECT_EQ(watermarkDelayMs("2 minutes"), 120000);
  EXPECT_EQ(watermarkDelayMs("1 hour 30 minutes"), 5400000);
  EXPECT_EQ(watermarkDelayMs("1.5 seconds"), 1500);
  EXPECT_EQ(watermarkDelayMs("1 day"), kDayMs);
  // A month is 31 days, a year 12 such months.
  EXPECT_EQ(watermarkDelayMs("1 month"), 31 * kDayMs);
  EXPECT_EQ(watermarkDelayMs("1 year"), 372 * kDayMs);
  // Microseconds are truncated to milliseconds.
  EXPECT_EQ(watermarkDelayMs("1999 microseconds"), 1);
  // SQL interval literals, ANSI forms included.
  EXPECT_EQ(watermarkDelayMs("interval 5 hour"), 5 * 3600000);
  EXPECT_EQ(watermarkDelayMs("interval '1 2:3:4' day to second"),
            kDayMs + 2 * 3600000 + 3 * 60000 + 4000);
  // Mixed signs are fine while the total is not negative.
  EXPECT_EQ(watermarkDelayMs("1 day -1 second"), kDayMs - 1000);
}

TEST(EventTimeWatermarkTest, BadDelays) {
  EXPECT_EQ(errorOf([] { watermarkDelayMs("-1 second"); }),
            "requirement failed: delay threshold (-1 second) should not be negative.");
  try {
    watermarkDelayMs("-10 minutes");
    FAIL() << "expected IllegalArgumentException";
  } catch (const IllegalArgumentException& e) {
    EXPECT_STREQ(e.exceptionName(), "IllegalArgumentException");
  }
  std::string parse = errorOf([] { watermarkDelayMs("10 secondz"); });
  EXPECT_EQ(parse,
            "[CANNOT_PARSE_INTERVAL] Unable to parse '10 secondz'. Please ensure that the value "
            "provided is in a valid format for defining an interval. You can reference the "
            "documentation for the correct format. If the issue persists, please double check that "
            "the input value is not null or empty and try again.");
  EXPECT_NE(errorOf([] { watermarkDelayMs(""); }).find("[CANNOT_PARSE_INTERVAL]"),
            std::string::npos);
  EXPECT_NE(errorOf([] { watermarkDelayMs("interval"); }).find("[CANNOT_PARSE_INTERVAL]"),
            std::string::npos);
}

TEST(EventTimeWatermarkTest, MarksTheEventTimeColumnOfAStream) {
  PlanPtr stream = resolveTestTable({"events"}, true);
  PlanPtr p = planWatermark(stream, column("TS"), "10 seconds", BindContext{});
  ASSERT_EQ(p->kind, PlanKind::kWatermark);
  EXPECT_EQ(p->eventTimeColumn, 2);
  EXPECT_EQ(p->delayMs, 10000);
  EXPECT_EQ(p->output[2].watermarkDelayMs, 10000);
  EXPECT_EQ(p->output[2].id, stream->output[2].id);
  EXPECT_FALSE(p->output[0].watermarkDelayMs);
  EXPECT_FALSE(p->output[3].watermarkDelayMs);
  EXPECT_TRUE(isStreamingPlan(*p));
}

TEST(EventTimeWatermarkTest, EventTimeColumnChecks) {
  PlanPtr stream = resolveTestTable({"events"}, true);
  EXPECT_EQ(errorOf([&] { planWatermark(stream, column("key"), "10 seconds", BindContext{}); }),
            "Event time must be defined on a window or a timestamp, but key is of type int.");
  EXPECT_EQ(errorOf([&] { planWatermark(stream, column("value"), "10 seconds", BindContext{}); }),
            "Event time must be defined on a window or a timestamp, but value is of type bigint.");
  EXPECT_EQ(errorOf([&] {
              planWatermark(stream, column("nope"), "10 seconds", BindContext{});
            }).rfind("[UNRESOLVED_COLUMN", 0),
            0u);
  // The delay is checked before the column.
  EXPECT_EQ(errorOf([&] { planWatermark(stream, column("nope"), "-1 second", BindContext{}); }),
            "requirement failed: delay threshold (-1 second) should not be negative.");
  // A window struct is a valid event time.
  PlanPtr windowed = planSql("SELECT window(ts, '5 seconds') AS w, key FROM STREAM(events)");
  PlanPtr p = planWatermark(windowed, column("w"), "1 minute", BindContext{});
  EXPECT_EQ(p->output[0].watermarkDelayMs, 60000);
}

TEST(EventTimeWatermarkTest, IgnoredOnBatchPlans) {
  PlanPtr batch = resolveTestTable({"events"}, false);
  // Not even the column is resolved, but the delay is checked.
  EXPECT_EQ(planWatermark(batch, column("nope"), "10 seconds", BindContext{}), batch);
  EXPECT_EQ(errorOf([&] { planWatermark(batch, column("ts"), "-5 seconds", BindContext{}); }),
            "requirement failed: delay threshold (-5 seconds) should not be negative.");
}

TEST(EventTimeWatermarkTest, SqlWatermarkClause) {
  PlanPtr p = planSql("SELECT * FROM STREAM(events) WATERMARK ts DELAY OF INTERVAL 10 SECONDS");
  const LogicalPlan* w = findNode(*p, PlanKind::kWatermark);
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->delayMs, 10000);
  EXPECT_EQ(p->output[2].watermarkDelayMs, 10000);
  EXPECT_EQ(findNode(*planSql("SELECT * FROM STREAM(events) WATERMARK ts DELAY OF '1 minute' AS e"),
                     PlanKind::kWatermark)
                ->delayMs,
            60000);
  EXPECT_EQ(
      findNode(*planSql("SELECT * FROM STREAM(events) WATERMARK ts DELAY OF INTERVAL '1 2:3:4' DAY "
                        "TO SECOND"),
               PlanKind::kWatermark)
          ->delayMs,
      kDayMs + 2 * 3600000 + 3 * 60000 + 4000);
  EXPECT_EQ(errorOf([] {
              planSql("SELECT * FROM STREAM(events) WATERMARK key DELAY OF INTERVAL 1 SECOND");
            }),
            "Event time must be defined on a window or a timestamp, but key is of type int.");
  EXPECT_EQ(errorOf([] {
              planSql("SELECT * FROM STREAM(events) WATERMARK nope DELAY OF INTERVAL 1 SECOND");
            }).rfind("[UNRESOLVED_COLUMN", 0),
            0u);
}

TEST(EventTimeWatermarkTest, MarkFollowsBareColumnsThroughProjections) {
  const std::string from = " FROM STREAM(events) WATERMARK ts DELAY OF INTERVAL 10 SECONDS";
  PlanPtr p = planSql("SELECT ts AS t, key, ts + INTERVAL 1 SECOND AS later, ts2" + from);
  EXPECT_EQ(p->output[0].watermarkDelayMs, 10000);  // aliased bare column
  EXPECT_FALSE(p->output[1].watermarkDelayMs);
  EXPECT_FALSE(p->output[2].watermarkDelayMs);  // computed from it: a new column
  EXPECT_FALSE(p->output[3].watermarkDelayMs);
  // Through a subquery and its alias, and a filter.
  PlanPtr nested = planSql("SELECT s.t FROM (SELECT ts AS t" + from + " WHERE key > 0) s");
  EXPECT_EQ(nested->output[0].watermarkDelayMs, 10000);
  // Batch reads have no watermark.
  EXPECT_FALSE(planSql("SELECT ts FROM events")->output[0].watermarkDelayMs);
}

TEST(EventTimeWatermarkTest, WindowsAndAggregatesCarryTheMark) {
  const std::string from = " FROM STREAM(events) WATERMARK ts DELAY OF INTERVAL 10 SECONDS";
  for (const char* window : {"window(ts, '5 seconds')", "window(ts, '10 seconds', '5 seconds')"}) {
    PlanPtr p = planSql(std::string("SELECT ") + window + " AS w, count(*) AS c" + from +
                        " GROUP BY " + window);
    const LogicalPlan* agg = findNode(*p, PlanKind::kAggregate);
    ASSERT_NE(agg, nullptr);
    const Expr& key = *agg->groupExprs[0];
    ASSERT_EQ(key.kind, ExprKind::kColumnRef);
    EXPECT_EQ(agg->children[0]->output[key.columnIndex].watermarkDelayMs, 10000) << window;
    EXPECT_EQ(agg->output[0].watermarkDelayMs, 10000) << window;
    EXPECT_EQ(p->output[0].watermarkDelayMs, 10000) << window;  // the aliased window column
    EXPECT_FALSE(p->output[1].watermarkDelayMs) << window;
  }
  // A window over another column is not marked.
  PlanPtr other = planSql("SELECT window(ts2, '5 seconds') AS w, count(*)" + from +
                          " GROUP BY window(ts2, '5 seconds')");
  EXPECT_FALSE(other->output[0].watermarkDelayMs);
  // window.start is a field, not the column.
  PlanPtr start =
      planSql("SELECT window.start AS s FROM (SELECT window(ts, '5 seconds')" + from + ")");
  EXPECT_FALSE(start->output[0].watermarkDelayMs);
}

}  // namespace
}  // namespace spate
