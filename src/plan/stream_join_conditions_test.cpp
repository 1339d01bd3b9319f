// State eviction of stream–stream joins from their keys and range conditions, checked by hand
// against spec §10.2 (J4–J10): with event-time watermark W, which state rows may go.
#include "plan/stream_join_conditions.h"

#include <gtest/gtest.h>

#include "plan/streaming_test_support.h"

namespace spate {
namespace {

using testing_streams::findNode;
using testing_streams::planSql;

const char* const kLeft = "STREAM(l) WATERMARK lt DELAY OF INTERVAL 10 SECONDS";
const char* const kRight = "STREAM(r) WATERMARK rt DELAY OF INTERVAL 10 SECONDS";

constexpr int64_t kSecond = 1000;  // ms
constexpr int64_t kSecondMicros = 1000000;

class StreamJoinConditionTest : public ::testing::Test {
 protected:
  // The join of l and r (both watermarked unless told) ON `on`.
  void analyze(const std::string& on, const std::string& left = kLeft,
               const std::string& right = kRight, const std::string& type = "INNER") {
    plan_ = planSql("SELECT * FROM " + left + " " + type + " JOIN " + right + " ON " + on);
    join_ = findNode(*plan_, PlanKind::kJoin);
    ASSERT_NE(join_, nullptr);
    result_ = analyzeStreamJoinConditions(*join_);
  }

  // True when a state row of `side` at `timeMicros` is evicted with watermark `w` ms.
  static bool evicted(const JoinSideEviction& side, int64_t timeMicros, int64_t w) {
    return side.valueBound && timeMicros <= side.valueBound->evictionThresholdMicros(w);
  }

  PlanPtr plan_;
  const LogicalPlan* join_ = nullptr;
  StreamJoinConditions result_;
};

TEST_F(StreamJoinConditionTest, BetweenBoundsBothSides) {
  // J6: leftTime BETWEEN rightTime - 10 s AND rightTime + 5 s.
  analyze("lkey = rkey AND lt BETWEEN rt - INTERVAL 10 SECONDS AND rt + INTERVAL 5 SECONDS");
  EXPECT_FALSE(result_.left.keyColumnIndex);
  EXPECT_FALSE(result_.right.keyColumnIndex);
  ASSERT_TRUE(result_.left.valueBound);
  ASSERT_TRUE(result_.right.valueBound);
  const ValueBound& left = *result_.left.valueBound;
  const ValueBound& right = *result_.right.valueBound;
  EXPECT_EQ(left.timeColumn, 1);  // lt
  EXPECT_FALSE(left.timeColumnIsWindow);
  EXPECT_EQ(left.offsetMicros, -10 * kSecondMicros);
  EXPECT_TRUE(left.inclusive);
  EXPECT_EQ(right.timeColumn, 1);  // rt, in the right side's output
  EXPECT_EQ(right.offsetMicros, -5 * kSecondMicros);
  EXPECT_TRUE(right.inclusive);
  // With W = 30 s: left rows with lt < 20 s and right rows with rt < 25 s are evictable.
  int64_t w = 30 * kSecond;
  EXPECT_EQ(left.stateWatermarkMs(w), 19999);
  EXPECT_EQ(right.stateWatermarkMs(w), 24999);
  EXPECT_TRUE(evicted(result_.left, 19 * kSecondMicros, w));
  EXPECT_TRUE(evicted(result_.left, 19999 * 1000, w));
  EXPECT_FALSE(evicted(result_.left, 20 * kSecondMicros, w));
  EXPECT_TRUE(evicted(result_.right, 24999 * 1000, w));
  EXPECT_FALSE(evicted(result_.right, 25 * kSecondMicros, w));
  // The late-row filter uses each side's event-time column.
  EXPECT_EQ(result_.left.eventTimeColumn, 1);
  EXPECT_EQ(result_.right.eventTimeColumn, 1);
}

TEST_F(StreamJoinConditionTest, StrictBoundOnOneSideOnly) {
  // J5: leftTime < rightTime - 5 s bounds the right side only (right rows need rt > lt + 5 s).
  analyze("lkey = rkey AND lt < rt - INTERVAL 5 SECONDS");
  EXPECT_FALSE(result_.left.valueBound);
  ASSERT_TRUE(result_.right.valueBound);
  EXPECT_EQ(result_.right.valueBound->offsetMicros, 5 * kSecondMicros);
  EXPECT_FALSE(result_.right.valueBound->inclusive);
  // Watermark 20 s: right rows with time <= 25 s go, later ones stay.
  EXPECT_EQ(result_.right.valueBound->stateWatermarkMs(20 * kSecond), 25000);
  EXPECT_TRUE(evicted(result_.right, 25 * kSecondMicros, 20 * kSecond));
  EXPECT_FALSE(evicted(result_.right, 25 * kSecondMicros + 1, 20 * kSecond));
  EXPECT_FALSE(evicted(result_.left, 0, 20 * kSecond));
}

TEST_F(StreamJoinConditionTest, SymmetricRangeOfLeftOuterJoin) {
  // J8: leftTime BETWEEN rightTime - 5 s AND rightTime + 5 s; W = 20 s: rows older than 15 s go.
  analyze("lkey = rkey AND lt BETWEEN rt - INTERVAL 5 SECONDS AND rt + INTERVAL 5 SECONDS", kLeft,
          kRight, "LEFT OUTER");
  ASSERT_TRUE(result_.left.valueBound);
  ASSERT_TRUE(result_.right.valueBound);
  EXPECT_EQ(result_.left.valueBound->stateWatermarkMs(20 * kSecond), 14999);
  EXPECT_EQ(result_.right.valueBound->stateWatermarkMs(20 * kSecond), 14999);
  EXPECT_TRUE(evicted(result_.left, 5 * kSecondMicros, 20 * kSecond));
  EXPECT_FALSE(evicted(result_.left, 15 * kSecondMicros, 20 * kSecond));
}

TEST_F(StreamJoinConditionTest, RangeWrittenOnTheRightTime) {
  // J10: rightTime >= leftTime AND rightTime <= leftTime + 5 s, watermark 5 s.
  analyze("lkey = rkey AND rt >= lt AND rt <= lt + INTERVAL 5 SECONDS", kLeft, kRight,
          "LEFT OUTER");
  ASSERT_TRUE(result_.left.valueBound);
  ASSERT_TRUE(result_.right.valueBound);
  // Left rows need lt >= rt - 5 s: with W = 10 s those before 5 s go (1..4 s in the spec's run).
  EXPECT_EQ(result_.left.valueBound->offsetMicros, -5 * kSecondMicros);
  EXPECT_TRUE(result_.left.valueBound->inclusive);
  EXPECT_EQ(result_.left.valueBound->stateWatermarkMs(10 * kSecond), 4999);
  EXPECT_TRUE(evicted(result_.left, 4 * kSecondMicros, 10 * kSecond));
  EXPECT_FALSE(evicted(result_.left, 5 * kSecondMicros, 10 * kSecond));
  // Right rows need rt >= lt: those before W go.
  EXPECT_EQ(result_.right.valueBound->offsetMicros, 0);
  EXPECT_EQ(result_.right.valueBound->stateWatermarkMs(10 * kSecond), 9999);
}

TEST_F(StreamJoinConditionTest, GreaterThanAndCastsToLong) {
  analyze("lkey = rkey AND lt > rt + INTERVAL 5 SECONDS");
  ASSERT_TRUE(result_.left.valueBound);
  EXPECT_FALSE(result_.right.valueBound);
  EXPECT_EQ(result_.left.valueBound->stateWatermarkMs(10 * kSecond), 15000);
  // Longs count seconds: CAST(lt AS BIGINT) > CAST(rt AS BIGINT) + 5 is the same bound.
  analyze("lkey = rkey AND CAST(lt AS BIGINT) > CAST(rt AS BIGINT) + 5");
  ASSERT_TRUE(result_.left.valueBound);
  EXPECT_EQ(result_.left.valueBound->stateWatermarkMs(10 * kSecond), 15000);
  EXPECT_EQ(result_.left.valueBound->offsetMicros, 5 * kSecondMicros);
  // Fractional seconds: 1.5 s.
  analyze("lkey = rkey AND CAST(lt AS DOUBLE) >= CAST(rt AS DOUBLE) - 1.5");
  ASSERT_TRUE(result_.left.valueBound);
  EXPECT_EQ(result_.left.valueBound->stateWatermarkMs(10 * kSecond), 8499);
  // lt >= rt: inclusive, no offset.
  analyze("lkey = rkey AND lt >= rt");
  ASSERT_TRUE(result_.left.valueBound);
  EXPECT_EQ(result_.left.valueBound->stateWatermarkMs(10 * kSecond), 9999);
}

TEST_F(StreamJoinConditionTest, TruncationTowardZeroAsJava) {
  // (W * 1000 - 1500 µs) / 1000 is truncated, not floored: W = 0 gives -1, W = 10 s gives 9998.
  analyze("lkey = rkey AND lt > rt - INTERVAL 1500 MICROSECONDS");
  ASSERT_TRUE(result_.left.valueBound);
  EXPECT_EQ(result_.left.valueBound->stateWatermarkMs(0), -1);
  EXPECT_EQ(result_.left.valueBound->stateWatermarkMs(10 * kSecond), 9998);
  EXPECT_EQ(result_.left.valueBound->offsetMicros, -1500);
}

TEST_F(StreamJoinConditionTest, TightestOfSeveralConjuncts) {
  analyze("lkey = rkey AND lt > rt - INTERVAL 10 SECONDS AND lt >= rt - INTERVAL 5 SECONDS");
  ASSERT_TRUE(result_.left.valueBound);
  EXPECT_EQ(result_.left.valueBound->constraints.size(), 2u);
  EXPECT_EQ(result_.left.valueBound->stateWatermarkMs(30 * kSecond), 20000);
  EXPECT_EQ(result_.left.valueBound->offsetMicros, -10 * kSecondMicros);
  EXPECT_FALSE(result_.left.valueBound->inclusive);
}

TEST_F(StreamJoinConditionTest, UnusableConditions) {
  // Months have no fixed length.
  analyze("lkey = rkey AND lt > rt - INTERVAL 1 MONTH");
  EXPECT_FALSE(result_.left.valueBound);
  // Disjunctions are not split.
  analyze("lkey = rkey AND (lt > rt OR lvalue > 0)");
  EXPECT_FALSE(result_.left.valueBound);
  // Two columns of the state side in one comparison.
  analyze("lkey = rkey AND CAST(lt AS BIGINT) + lvalue > CAST(rt AS BIGINT)");
  EXPECT_FALSE(result_.left.valueBound);
  // The other side's column in the comparison is not its watermarked one.
  analyze("lkey = rkey AND CAST(lt AS BIGINT) > rvalue");
  EXPECT_FALSE(result_.left.valueBound);
  // A timestamp literal is not a usable term.
  analyze("lkey = rkey AND lt > rt AND lt > TIMESTAMP '2020-01-01 00:00:00'");
  ASSERT_TRUE(result_.left.valueBound);
  EXPECT_EQ(result_.left.valueBound->constraints.size(), 1u);
  // A cast to a string is not arithmetic.
  analyze("lkey = rkey AND CAST(lt AS STRING) > CAST(rt AS STRING)");
  EXPECT_FALSE(result_.left.valueBound);
}

TEST_F(StreamJoinConditionTest, ValueBoundNeedsWatermarksOnBothSides) {
  // No watermark on the right: nothing bounds the left side.
  analyze("lkey = rkey AND lt > rt", kLeft, "STREAM(r)");
  EXPECT_FALSE(result_.left.valueBound);
  EXPECT_FALSE(result_.right.eventTimeColumn);
  // The right side is bounded by the left watermark, but without its own watermark Spark keeps
  // no value predicate for it.
  analyze("lkey = rkey AND rt > lt + INTERVAL 5 SECONDS", kLeft, "STREAM(r)");
  EXPECT_EQ(stateValueConstraints(*join_, JoinSide::kRight).size(), 1u);
  EXPECT_FALSE(result_.right.valueBound);
  EXPECT_TRUE(stateValueConstraints(*join_, JoinSide::kLeft).empty());
}

TEST_F(StreamJoinConditionTest, WatermarkedWindowKey) {
  // J7/J4: the join on (key, window): both sides evict by window end <= W.
  std::string left =
      std::string("(SELECT lkey, window(lt, '10 seconds') AS lw, lvalue FROM ") + kLeft + ") a";
  std::string right = "(SELECT rkey, window(rt, '10 seconds') AS rw, rvalue FROM STREAM(r)) b";
  analyze("lkey = rkey AND lw = rw", left, right);
  EXPECT_TRUE(isWatermarkInJoinKeys(*join_));
  EXPECT_EQ(result_.left.keyColumnIndex, 1);
  EXPECT_EQ(result_.right.keyColumnIndex, 1);
  EXPECT_TRUE(result_.left.keyIsWindow);
  EXPECT_TRUE(result_.right.keyIsWindow);
  EXPECT_FALSE(result_.left.valueBound);
  EXPECT_FALSE(result_.right.valueBound);
  // Only the left side has an event-time column (its window).
  EXPECT_TRUE(result_.left.eventTimeIsWindow);
  EXPECT_FALSE(result_.right.eventTimeColumn);
  // The raw time as a key works the same way, without the window.
  analyze("lkey = rkey AND lt = rt");
  EXPECT_EQ(result_.left.keyColumnIndex, 1);
  EXPECT_FALSE(result_.left.keyIsWindow);
  // Keys without watermark.
  analyze("lkey = rkey", "STREAM(l)", "STREAM(r)");
  EXPECT_FALSE(isWatermarkInJoinKeys(*join_));
  EXPECT_FALSE(result_.left.keyColumnIndex);
  EXPECT_FALSE(result_.left.valueBound);
  EXPECT_FALSE(result_.left.eventTimeColumn);
}

}  // namespace
}  // namespace spate
