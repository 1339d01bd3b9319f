#pragma once

#include <optional>
#include <string>
#include <vector>

#include "function/registry.h"
#include "plan/logical_plan.h"
#include "sql/analyzer.h"
#include "sql/ast.h"

namespace spate {

/// One SELECT block: what SQL's SELECT … [GROUP BY …] [HAVING …] [ORDER BY …] and the DataFrame
/// calls select/groupBy().agg()/orderBy build. Aggregation is implied by groupBy or by aggregate
/// calls in the items.
struct SelectSpec {
  std::vector<ParsedExprPtr> items;
  bool grouped = false;
  std::vector<ParsedExprPtr> groupBy;
  GroupingKind grouping = GroupingKind::kPlain;
  std::vector<std::vector<int>> groupingSets;
  ParsedExprPtr having;
  bool distinct = false;
  /// Sort items (kSortOrder); they may name output columns or, as Spark allows, input columns and
  /// aggregates that are not selected.
  std::vector<ParsedExprPtr> orderBy;
};

PlanPtr planSelect(PlanPtr child, const SelectSpec& spec, const BindContext& context);
PlanPtr planFilter(PlanPtr child, const ParsedExpr& condition, const BindContext& context);
/// Joins on a condition (may be null: a cross join) or on USING columns.
PlanPtr planJoin(PlanPtr left, PlanPtr right, JoinKind kind, const ParsedExprPtr& condition,
                 const std::vector<std::string>& usingColumns, const BindContext& context);
PlanPtr planSort(PlanPtr child, const std::vector<ParsedExprPtr>& orderBy, const BindContext& context);
/// UNION ALL by position (byName: by column name; allowMissing fills absent columns with NULL).
PlanPtr planUnion(PlanPtr left, PlanPtr right, bool byName, bool allowMissingColumns,
                  const BindContext& context);
PlanPtr planSetOperation(PlanPtr left, PlanPtr right, bool isIntersect, bool all, const BindContext& context);
/// DISTINCT over all columns, or dropDuplicates(subset): the first row of each key.
PlanPtr planDistinct(PlanPtr child, const std::vector<std::string>& subset, const BindContext& context);
/// Re-qualifies every column with `alias` (t AS a), optionally renaming columns (t(a, b)).
PlanPtr planAlias(PlanPtr child, const std::string& alias, const std::vector<std::string>& columnNames = {});
/// Gives every column a new id (the right side of a self-join).
PlanPtr planFreshIds(PlanPtr child);

/// Attribute for a bound output expression: the input attribute itself when it is an unaliased
/// column, a new one otherwise.
Attribute outputAttribute(const BoundExpr& bound);

}  // namespace spate
