#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include "function/registry.h"
#include "plan/logical_plan.h"
#include "sql/ast.h"

namespace spate {

/// Spark's SessionWindowing rule: `session_window(ts, gapDuration)` becomes a `session_window`
/// struct column {start: ts, end: ts + gap} computed below the aggregation. The gap is an interval
/// (a string cast to one), constant or per row. Rows with a NULL time, or whose gap is NULL, not a
/// valid interval, zero or negative (end <= start), are dropped. The column is marked
/// (Attribute::sessionWindow) so that an aggregation grouping by it merges each group's sessions,
/// and carries the time column's watermark delay. Returns the new child and the column.
std::pair<PlanPtr, Attribute> addSessionWindowColumn(PlanPtr child, const ParsedExpr& call,
                                                     const BindContext& context);

/// Index of the group expression of an aggregation over `input` that is a session window column
/// (its sessions are merged per the other group keys), or -1.
int sessionWindowGroupIndex(const std::vector<ExprPtr>& groupExprs, const AttributeList& input);
/// The same for a kAggregate node; -1 for any other node.
int sessionWindowGroupIndex(const LogicalPlan& node);

/// True for an aggregation grouped by a session window (Spark's MergingSessions / session window
/// state store operators). The unsupported-operation checker rejects such a streaming aggregation
/// in Update mode with kSessionWindowUpdateModeMessage (spark_semantics.md §3.2 U26).
bool isSessionWindowAggregate(const LogicalPlan& node);

inline constexpr std::string_view kSessionWindowUpdateModeMessage =
    "Update output mode not supported for session window on streaming DataFrames/DataSets";

}  // namespace spate
