#pragma once

#include <utility>

#include "function/registry.h"
#include "plan/logical_plan.h"
#include "sql/ast.h"

namespace spate {

/// Spark's TimeWindowing rule: `window(ts, windowDuration[, slideDuration[, startTime]])` becomes a
/// `window` struct column {start, end} computed below the aggregation (rows with a NULL time are
/// dropped; a sliding window yields one row per window). Returns the new child and the column.
std::pair<PlanPtr, Attribute> addTimeWindowColumn(PlanPtr child, const ParsedExpr& call,
                                                  const BindContext& context);

/// The window struct type: struct<start: timestamp, end: timestamp>.
TypePtr windowStructType();

/// Microseconds of a window duration argument ("10 seconds", an interval, or a long of µs);
/// throws AnalysisException for month-based intervals.
int64_t windowDurationMicros(const Value& value, const DataType& type, const std::string& what);

}  // namespace spate
