// Spark 3.5's UnsupportedOperationChecker over Spate's plan nodes. Rules that need nodes Spate
// does not have yet ([flat]mapGroupsWithState, non-time windows, sample) are not checked.
#include "plan/unsupported_operation_checker.h"

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "common/error.h"
#include "plan/session_window.h"
#include "plan/stream_join_conditions.h"

namespace spate {

namespace {

// Spark 3.5 raises these as _LEGACY_ERROR_TEMP_3102, whose message is the text alone.
[[noreturn]] void fail(const std::string& message) {
  throw AnalysisException(message, "_LEGACY_ERROR_TEMP_3102");
}

bool streaming(const LogicalPlan& p) { return isStreamingPlan(p); }

bool isStreamingAggregate(const LogicalPlan& p) {
  return p.kind == PlanKind::kAggregate && streaming(*p.children[0]);
}

bool isStreamStreamJoin(const LogicalPlan& p) {
  return p.kind == PlanKind::kJoin && streaming(*p.children[0]) && streaming(*p.children[1]);
}

void forEachPreOrder(const LogicalPlan& p, const std::function<void(const LogicalPlan&)>& fn) {
  fn(p);
  for (const auto& c : p.children) forEachPreOrder(*c, fn);
}

void forEachPostOrder(const LogicalPlan& p, const std::function<void(const LogicalPlan&)>& fn) {
  for (const auto& c : p.children) forEachPostOrder(*c, fn);
  fn(p);
}

bool anyBelow(const LogicalPlan& p, const std::function<bool(const LogicalPlan&)>& pred) {
  for (const auto& c : p.children)
    if (pred(*c) || anyBelow(*c, pred)) return true;
  return false;
}

// Streaming aggregates top-down (Spark's plan.collect order: the first is nearest the sink).
std::vector<const LogicalPlan*> streamingAggregates(const LogicalPlan& plan) {
  std::vector<const LogicalPlan*> out;
  forEachPreOrder(plan, [&](const LogicalPlan& p) {
    if (isStreamingAggregate(p)) out.push_back(&p);
  });
  return out;
}

const char* joinTypeName(JoinKind kind) {
  switch (kind) {
    case JoinKind::kInner:
      return "Inner";
    case JoinKind::kLeft:
      return "LeftOuter";
    case JoinKind::kRight:
      return "RightOuter";
    case JoinKind::kFull:
      return "FullOuter";
    case JoinKind::kLeftSemi:
      return "LeftSemi";
    case JoinKind::kLeftAnti:
      return "LeftAnti";
    case JoinKind::kCross:
      return "Cross";
  }
  return "Inner";
}

const Attribute* columnAttribute(const Expr& e, const AttributeList& input) {
  if (e.kind != ExprKind::kColumnRef || e.columnIndex < 0 ||
      e.columnIndex >= static_cast<int>(input.size()))
    return nullptr;
  return &input[e.columnIndex];
}

// A grouping expression that is a watermarked column (the event time, or a window built on it).
bool hasWatermarkedGroupKey(const LogicalPlan& aggregate) {
  for (const auto& g : aggregate.groupExprs) {
    const Attribute* a = columnAttribute(*g, aggregate.children[0]->output);
    if (a && a->watermarkDelayMs) return true;
  }
  return false;
}

bool hasWatermarkedColumn(const AttributeList& attributes) {
  for (const auto& a : attributes)
    if (a.watermarkDelayMs) return true;
  return false;
}

// Spark's containsCompleteData: the subplan gives all its rows each batch.
bool containsCompleteData(const LogicalPlan& subplan, OutputMode mode) {
  if (!streaming(subplan)) return true;
  bool aggregated = isStreamingAggregate(subplan) || anyBelow(subplan, isStreamingAggregate);
  return aggregated && mode == OutputMode::kComplete;
}

void forEachExpression(const LogicalPlan& p, const std::function<void(const Expr&)>& fn) {
  for (const auto& e : p.exprs) fn(*e);
  if (p.predicate) fn(*p.predicate);
  for (const auto& e : p.groupExprs) fn(*e);
  for (const auto& a : p.aggregates)
    for (const auto& e : a.args) fn(*e);
  for (const auto& e : p.leftKeys) fn(*e);
  for (const auto& e : p.rightKeys) fn(*e);
  if (p.condition) fn(*p.condition);
  for (const auto& k : p.sortKeys) fn(*k.expr);
  for (const auto& e : p.generator.args) fn(*e);
}

bool containsCall(const Expr& e, const std::string& name) {
  if (e.kind == ExprKind::kCall && e.functionName == name) return true;
  for (const auto& c : e.children)
    if (containsCall(*c, name)) return true;
  return false;
}

// U30: expressions that cannot run incrementally.
void checkUnsupportedExpressions(const LogicalPlan& p) {
  bool found = false;
  forEachExpression(
      p, [&](const Expr& e) { found |= containsCall(e, "monotonically_increasing_id"); });
  if (found)
    fail(
        "Expression(s): monotonically_increasing_id() is not supported with streaming "
        "DataFrames/Datasets");
}

void checkStreamStreamJoinWatermark(const LogicalPlan& join) {
  bool inKeys = isWatermarkInJoinKeys(join);
  // The preserved side's state is bounded by a range condition on the nullable side's watermark.
  auto bounded = [&](JoinSide side) { return !stateValueConstraints(join, side).empty(); };
  bool validRange = false;
  switch (join.joinKind) {
    case JoinKind::kLeft:
    case JoinKind::kLeftSemi:
      validRange = bounded(JoinSide::kLeft);
      break;
    case JoinKind::kRight:
      validRange = bounded(JoinSide::kRight);
      break;
    case JoinKind::kFull:
      validRange = bounded(JoinSide::kLeft) || bounded(JoinSide::kRight);
      break;
    default:
      fail(std::string("Join type ") + joinTypeName(join.joinKind) +
           " is not supported with streaming DataFrame/Dataset");
  }
  if (!inKeys && !validRange)
    fail(std::string("Stream-stream ") + joinTypeName(join.joinKind) +
         " join between two streaming DataFrame/Datasets is not supported without a watermark in "
         "the join keys, or a watermark on the nullable side and an appropriate range condition");
}

void checkJoin(const LogicalPlan& join, OutputMode mode) {
  bool left = streaming(*join.children[0]);
  bool right = streaming(*join.children[1]);
  if (left && right && mode != OutputMode::kAppend)
    fail(std::string("Join between two streaming DataFrames/Datasets is not supported in ") +
         outputModeName(mode) + " output mode, only in Append output mode");
  switch (join.joinKind) {
    case JoinKind::kInner:
    case JoinKind::kCross:
      break;
    case JoinKind::kFull:
      if (left && !right)
        fail(
            "FullOuter joins with streaming DataFrames/Datasets on the left and a static "
            "DataFrame/Dataset on the right is not supported");
      if (!left && right)
        fail(
            "FullOuter joins with streaming DataFrames/Datasets on the right and a static "
            "DataFrame/Dataset on the left is not supported");
      if (left && right) checkStreamStreamJoinWatermark(join);
      break;
    case JoinKind::kLeftAnti:
      if (right)
        fail("LeftAnti joins with a streaming DataFrame/Dataset on the right are not supported");
      break;
    case JoinKind::kLeft:
    case JoinKind::kLeftSemi:
      if (!left && right)
        fail(std::string(joinTypeName(join.joinKind)) +
             " join with a streaming DataFrame/Dataset on the right and a static DataFrame/Dataset "
             "on the left is not supported");
      if (left && right) checkStreamStreamJoinWatermark(join);
      break;
    case JoinKind::kRight:
      if (left && !right)
        fail(
            "RightOuter join with a streaming DataFrame/Dataset on the left and a static "
            "DataFrame/DataSet on the right not supported");
      if (left && right) checkStreamStreamJoinWatermark(join);
      break;
  }
}

// The operator-by-operator rules, applied bottom-up as Spark's plan.foreachUp.
void checkOperator(const LogicalPlan& p, OutputMode mode) {
  switch (p.kind) {
    case PlanKind::kAggregate:
      if (streaming(*p.children[0]))
        for (const auto& a : p.aggregates)
          if (a.distinct)
            fail(
                "Distinct aggregations are not supported on streaming DataFrames/Datasets. "
                "Consider using approx_count_distinct() instead.");
      // CUBE/ROLLUP/GROUPING SETS pass: Spark's analyzer has rewritten them into Expand +
      // Aggregate before this check, so its "Grouping Sets is not supported" never fires.
      break;
    case PlanKind::kJoin:
      checkJoin(p, mode);
      break;
    case PlanKind::kDeduplicate:
      if (p.withinWatermark && streaming(p) && !hasWatermarkedColumn(p.children[0]->output))
        fail(
            "dropDuplicatesWithinWatermark is not supported on streaming DataFrames/DataSets "
            "without watermark");
      break;
    case PlanKind::kUnion: {
      std::set<bool> kinds;
      for (const auto& c : p.children) kinds.insert(streaming(*c));
      if (kinds.size() == 2)
        fail("Union between streaming and batch DataFrames/Datasets is not supported");
      break;
    }
    case PlanKind::kExcept:
      if (p.isIntersect && (streaming(*p.children[0]) || streaming(*p.children[1])))
        fail("Intersect of streaming DataFrames/Datasets is not supported");
      if (!p.isIntersect && streaming(*p.children[1]))
        fail("Except on a streaming DataFrame/Dataset on the right is not supported");
      break;
    case PlanKind::kLimit:
      if (streaming(*p.children[0]) && mode == OutputMode::kUpdate)
        fail("Limits are not supported on streaming DataFrames/Datasets in Update output mode");
      break;
    case PlanKind::kSort:
      if (!containsCompleteData(p, mode))
        fail(
            "Sorting is not supported on streaming DataFrames/Datasets, unless it is on "
            "aggregated DataFrame/Dataset in Complete output mode");
      break;
    default:
      break;
  }
  checkUnsupportedExpressions(p);
}

// Deduplicate counts as stateful for the correctness check only when keyed on event time.
bool isStatefulOperation(const LogicalPlan& p) {
  if (isStreamingAggregate(p) || isStreamStreamJoin(p)) return true;
  if (p.kind != PlanKind::kDeduplicate || !streaming(p)) return false;
  if (p.withinWatermark) return true;
  for (int k : p.keyColumns)
    if (p.output[k].watermarkDelayMs) return true;
  return false;
}

// U16: an aggregation in Update/Complete mode re-emits old groups, which a downstream stateful
// operator would treat as late.
void checkGlobalWatermarkLimit(const LogicalPlan& plan, OutputMode mode) {
  auto emitsLateRows = [&](const LogicalPlan& p) {
    return isStreamingAggregate(p) && mode != OutputMode::kAppend;
  };
  forEachPreOrder(plan, [&](const LogicalPlan& p) {
    if (isStatefulOperation(p) && anyBelow(p, emitsLateRows))
      fail(
          "Detected pattern of possible 'correctness' issue due to global watermark. The query "
          "contains stateful operation which can emit rows older than the current watermark "
          "plus allowed late record delay, which are \"late rows\" in downstream stateful "
          "operations and these rows can be discarded. Please refer the programming guide doc "
          "for more details. If you understand the possible risk of correctness issue and still "
          "need to run the query, you can disable this check by setting the config "
          "`spark.sql.streaming.statefulOperator.checkCorrectness.enabled` to false.");
  });
}

// Spark's AttributeReference.toString: name#id, L for longs, -T<delay>ms for event time.
std::string attributeString(const Attribute& a) {
  std::string out = a.name + "#" + std::to_string(a.id);
  if (a.type && a.type->id() == TypeId::kLong) out += "L";
  if (a.watermarkDelayMs) out += "-T" + std::to_string(*a.watermarkDelayMs) + "ms";
  return out;
}

// WatermarkSupport.findEventTimeColumn with multiple stateful operators allowed.
void checkSingleEventTimeColumn(const std::vector<const Attribute*>& attributes) {
  std::set<int64_t> ids;
  std::string list;
  for (const Attribute* a : attributes) {
    if (!a->watermarkDelayMs) continue;
    ids.insert(a->id);
    list += (list.empty() ? "" : ",") + attributeString(*a);
  }
  if (ids.size() > 1)
    throw AnalysisException(
        "More than one event time columns are available. Please ensure there is at most one "
        "event time column per stream. event time columns: (" +
        list + ")");
}

std::vector<const Attribute*> pointersTo(const AttributeList& attributes) {
  std::vector<const Attribute*> out;
  for (const auto& a : attributes) out.push_back(&a);
  return out;
}

// What Spark only finds when it plans and runs the first batch.
void checkExecutionRules(const LogicalPlan& plan, const StreamingCheckConf& conf) {
  forEachPostOrder(plan, [&](const LogicalPlan& p) {
    if (isStreamStreamJoin(p) && p.leftKeys.empty())
      throw AnalysisException("Stream-stream join without equality predicate is not supported.",
                              "_LEGACY_ERROR_TEMP_1181");
  });
  if (!conf.statefulOperatorAllowMultiple) return;
  auto isStreamingWatermark = [](const LogicalPlan& p) {
    return p.kind == PlanKind::kWatermark && streaming(p);
  };
  forEachPostOrder(plan, [&](const LogicalPlan& p) {
    if (isStreamingWatermark(p) && anyBelow(p, isStreamingWatermark))
      throw AnalysisException(
          "Redefining watermark is disallowed. You can set the config "
          "'spark.sql.streaming.statefulOperator.allowMultiple' to 'false' to restore the "
          "previous behavior. Note that multiple stateful operators will be disallowed.",
          "_LEGACY_ERROR_TEMP_3076");
  });
  forEachPostOrder(plan, [&](const LogicalPlan& p) {
    if (isStreamingAggregate(p)) {
      // The state holds the grouping keys: only they can carry event time.
      std::vector<const Attribute*> keys;
      for (const auto& g : p.groupExprs)
        if (const Attribute* a = columnAttribute(*g, p.children[0]->output)) keys.push_back(a);
      checkSingleEventTimeColumn(keys);
    } else if (p.kind == PlanKind::kDeduplicate && streaming(p)) {
      checkSingleEventTimeColumn(pointersTo(p.children[0]->output));
    } else if (isStreamStreamJoin(p)) {
      checkSingleEventTimeColumn(pointersTo(p.children[0]->output));
      checkSingleEventTimeColumn(pointersTo(p.children[1]->output));
    }
  });
}

}  // namespace

void checkStreamingQuery(const LogicalPlan& plan, OutputMode mode, const StreamingCheckConf& conf) {
  if (!streaming(plan))
    fail("Queries without streaming sources cannot be executed with writeStream.start()");

  std::vector<const LogicalPlan*> aggregates = streamingAggregates(plan);
  switch (mode) {
    case OutputMode::kAppend:
      // Rows can be appended once their group falls behind the watermark; without a watermarked
      // key a group never does.
      if (!aggregates.empty() && !hasWatermarkedGroupKey(*aggregates.front()))
        fail(
            "Append output mode not supported when there are streaming aggregations on streaming "
            "DataFrames/DataSets without watermark");
      break;
    case OutputMode::kUpdate:
      // U26: a grouping key is a session window column (Spark's SessionWindow.marker).
      if (!aggregates.empty() && isSessionWindowAggregate(*aggregates.front()))
        fail(std::string(kSessionWindowUpdateModeMessage));
      break;
    case OutputMode::kComplete:
      if (aggregates.empty())
        fail(
            "Complete output mode not supported when there are no streaming aggregations on "
            "streaming DataFrames/Datasets");
      break;
  }

  forEachPostOrder(plan, [&](const LogicalPlan& p) { checkOperator(p, mode); });

  // Spark only logs a warning when the check is disabled.
  if (conf.checkCorrectness) checkGlobalWatermarkLimit(plan, mode);

  checkExecutionRules(plan, conf);
}

void checkBatchQuery(const LogicalPlan& plan) {
  forEachPostOrder(plan, [](const LogicalPlan& p) {
    if (streaming(p))
      fail("Queries with streaming sources must be executed with writeStream.start()");
    if (p.kind == PlanKind::kDeduplicate && p.withinWatermark)
      fail("dropDuplicatesWithinWatermark is not supported with batch DataFrames/DataSets");
  });
}

void checkWriteStreamAllowed(const LogicalPlan& plan) {
  if (!streaming(plan))
    throw AnalysisException(
        "[WRITE_STREAM_NOT_ALLOWED] `writeStream` can be called only on streaming "
        "Dataset/DataFrame.",
        "WRITE_STREAM_NOT_ALLOWED");
}

}  // namespace spate
