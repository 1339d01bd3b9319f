#pragma once

#include <functional>
#include <string>
#include <vector>

#include "plan/logical_plan.h"
#include "sql/ast.h"

namespace spate {

/// Looks a table or view up by (possibly qualified) name; `stream` is set for STREAM(name).
/// Throws AnalysisException [TABLE_OR_VIEW_NOT_FOUND] when unknown.
using TableResolver = std::function<PlanPtr(const std::vector<std::string>& name, bool stream)>;

/// Turns a parsed query into an analysed logical plan.
PlanPtr planQuery(const Query& query, const TableResolver& tables, const BindContext& context);

}  // namespace spate
