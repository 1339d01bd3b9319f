#pragma once

#include <cstdint>
#include <string>

#include "function/registry.h"
#include "plan/logical_plan.h"
#include "sql/ast.h"

namespace spate {

/// Milliseconds of withWatermark's delay threshold, as Spark's Dataset.withWatermark reads it:
/// an interval string ("10 seconds", "1 hour 30 minutes") or an SQL interval literal starting with
/// "interval" ("interval '1 2:3:4' day to second"); a month counts 31 days. Throws
/// AnalysisException [CANNOT_PARSE_INTERVAL] for text that is no interval, and
/// IllegalArgumentException "requirement failed: delay threshold (<text>) should not be negative."
int64_t watermarkDelayMs(const std::string& delayThreshold);

/// withWatermark(eventTime, delayThreshold) over `child`: a kWatermark node marking the column.
/// The delay is checked first; on a batch plan the watermark is then dropped, as Spark's
/// EliminateEventTimeWatermark does (so the column is not even resolved). On a stream the column
/// must resolve (UNRESOLVED_COLUMN otherwise) and be a timestamp or a window struct whose `end`
/// is a timestamp, else AnalysisException "Event time must be defined on a window or a timestamp,
/// but <col> is of type <type>."
PlanPtr planWatermark(PlanPtr child, const ParsedExpr& eventTime, const std::string& delayThreshold,
                      const BindContext& context);

}  // namespace spate
