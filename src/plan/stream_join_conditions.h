#pragma once

#include <optional>
#include <vector>

#include "plan/logical_plan.h"

namespace spate {

/// What a stream–stream join may drop from its state, as Spark 3.5's StreamingJoinHelper and
/// StreamingSymmetricHashJoinHelper work it out from the join keys and the residual condition.
///
/// How the engine uses it, per micro-batch, with W = the batch's eviction watermark in ms
/// (Spark's eventTimeWatermarkForEviction: the global watermark the batch runs with) and
/// L = the late-events watermark in ms (the previous batch's eviction watermark):
///  - input rows of a side whose `eventTimeColumn` value (µs; the `end` field for a window
///    struct) is <= L * 1000 are late: they are neither joined nor stored (counted as dropped);
///  - a side with `keyColumnIndex` evicts the state rows whose join key at that ordinal (its `end`
///    field when `keyIsWindow`) is <= W * 1000 µs — the key predicate wins when both exist;
///  - otherwise a side with `valueBound` evicts the state rows whose `valueBound->timeColumn`
///    (µs; its `end` field for a window struct) is <= valueBound->stateWatermarkMs(W) * 1000;
///  - a side with neither keeps its state forever.
/// An outer join emits a preserved-side row with NULLs when it is evicted without having matched.

/// One range conjunct of the condition solved for a side's time column: the side's rows can no
/// longer match once their time is <= the state watermark this gives (in ms).
struct StateWatermarkConstraint {
  /// Sum of the condition's constant terms, in µs (intervals as µs, bare numbers as seconds).
  double constantMicros = 0;
  /// Signed count of the other side's watermarked column in the solved condition: 1 for any
  /// usable range condition, 0 for a bound by constants only.
  int watermarkCoefficient = 1;
  /// Solved from <= / >= (BETWEEN): equality may still match, so the state watermark is 1 ms lower.
  bool inclusive = false;

  /// Spark's state value watermark: (long) ((coef * W * 1000.0 + constantMicros) / 1000.0),
  /// truncated toward zero as Java's double-to-long, minus 1 when inclusive.
  int64_t stateWatermarkMs(int64_t eventWatermarkMs) const;
};

/// The value watermark of one side (Spark's JoinStateValueWatermarkPredicate).
struct ValueBound {
  /// The column of this side's output the eviction compares: as in Spark 3.5, the side's first
  /// watermarked column (usually the time column the condition bounds).
  int timeColumn = -1;
  /// The time column is a window struct: compare its `end` field.
  bool timeColumnIsWindow = false;
  /// Constant part c of the tightest constraint in µs and whether it is inclusive: for the usual
  /// single condition, rows with time <= (W + c/1000 - (inclusive ? 1 : 0)) ms are evicted, e.g.
  /// `leftTime BETWEEN rightTime - 10 s AND rightTime + 5 s` gives c = -10 s inclusive for the left
  /// side (left rows older than W - 10 s go) and c = -5 s inclusive for the right side.
  int64_t offsetMicros = 0;
  bool inclusive = false;
  /// Every conjunct that bounds this side (Spark takes the smallest resulting watermark).
  std::vector<StateWatermarkConstraint> constraints;

  /// The state watermark in ms for the event-time watermark W (ms): the minimum over constraints.
  int64_t stateWatermarkMs(int64_t eventWatermarkMs) const;
  /// State rows whose time (µs) is <= this are evicted.
  int64_t evictionThresholdMicros(int64_t eventWatermarkMs) const;
};

/// The eviction rule of one side of a stream–stream join.
struct JoinSideEviction {
  /// Ordinal into the equi-join keys of the watermarked key (the same ordinal on both sides).
  std::optional<int> keyColumnIndex;
  /// That key is a window struct: compare its `end` field.
  bool keyIsWindow = false;
  /// Set only when there is no key watermark and this side has a watermarked column.
  std::optional<ValueBound> valueBound;
  /// This side's first watermarked column (late-row filter), if any.
  std::optional<int> eventTimeColumn;
  bool eventTimeIsWindow = false;
};

struct StreamJoinConditions {
  JoinSideEviction left;
  JoinSideEviction right;
};

enum class JoinSide { kLeft, kRight };

/// The analysis for a kJoin node (both sides are usually streams; nothing requires it).
StreamJoinConditions analyzeStreamJoinConditions(const LogicalPlan& join);

/// Spark's StreamingJoinHelper.isWatermarkInJoinKeys: some equi-join key, on either side, is a
/// watermarked column.
bool isWatermarkInJoinKeys(const LogicalPlan& join);

/// Spark's StreamingJoinHelper.getStateValueWatermark, symbolically: the constraints that bound
/// `side`'s rows from the other side's watermarked column in the residual condition. Empty when
/// the other side has no watermarked column or no conjunct of the condition can be solved.
std::vector<StateWatermarkConstraint> stateValueConstraints(const LogicalPlan& join, JoinSide side);

}  // namespace spate
