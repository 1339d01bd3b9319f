#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "connector/api/connector.h"
#include "expression/attribute.h"
#include "expression/expr.h"
#include "function/registry.h"
#include "sql/ast.h"
#include "types/data_type.h"
#include "vector/batch.h"

namespace spate {

struct LogicalPlan;
using PlanPtr = std::shared_ptr<const LogicalPlan>;

/// What a streaming scan reads: the source is created from this when a query starts (and again on
/// every restart), with the query's checkpoint metadata directory for it.
struct StreamingSourceSpec {
  std::string format;
  std::map<std::string, std::string> options;
  SchemaPtr userSchema;
  std::function<std::unique_ptr<connector::Source>(const connector::ConnectorContext&)> create;
};

/// Produces a relation's rows when a query runs (in-memory data, files read once).
using RowsProvider = std::function<std::vector<BatchPtr>()>;

struct SortKey {
  ExprPtr expr;
  bool ascending = true;
  bool nullsFirst = true;
};

enum class PlanKind {
  kScan,       ///< rows from `provider` (or `rows` when already in memory)
  kProject,    ///< exprs over the child
  kFilter,     ///< predicate over the child
  kAggregate,  ///< groupExprs + aggregates; output = groups then aggregates (+ grouping id)
  kJoin,       ///< equi-keys + residual condition; output = left then right attributes
  kUnion,      ///< UNION ALL of children with the first child's names
  kSort,
  kLimit,
  kGenerate,   ///< child's columns followed by the generator's
  kExcept,     ///< EXCEPT / INTERSECT [ALL] on whole rows (setAll, isIntersect)
  kWatermark,  ///< withWatermark: output = child's, eventTimeColumn marked with its delay
  kDeduplicate,  ///< streaming dropDuplicates[WithinWatermark] on keyColumns; output = child's
};

/// An analysed logical plan node: every expression is bound against the child's output
/// (for joins: left keys against the left child, right keys against the right child, the residual
/// condition against left ++ right). Immutable and shared.
struct LogicalPlan {
  PlanKind kind;
  AttributeList output;
  std::vector<PlanPtr> children;

  // kScan
  std::string sourceName;
  RowsProvider provider;
  bool isStreaming = false;
  std::shared_ptr<const StreamingSourceSpec> streamingSource;  ///< streaming scans only

  // kProject (exprs), kFilter (predicate)
  std::vector<ExprPtr> exprs;
  ExprPtr predicate;

  // kAggregate
  std::vector<ExprPtr> groupExprs;
  std::vector<BoundAggregate> aggregates;
  /// For CUBE/ROLLUP/GROUPING SETS: one bitmask per set, bit i set = groupExprs[i] grouped.
  /// Empty for a plain GROUP BY. The output then has a trailing grouping-id column.
  std::vector<uint64_t> groupingSets;

  // kJoin
  JoinKind joinKind = JoinKind::kInner;
  std::vector<ExprPtr> leftKeys, rightKeys;
  ExprPtr condition;  ///< residual, may be null

  // kSort
  std::vector<SortKey> sortKeys;

  // kLimit
  int64_t limit = 0;

  // kGenerate
  BoundGenerator generator;

  // kExcept
  bool setAll = false;
  bool isIntersect = false;

  // kWatermark
  int eventTimeColumn = -1;
  int64_t delayMs = 0;

  // kDeduplicate
  std::vector<int> keyColumns;
  bool withinWatermark = false;
};

PlanPtr makeScan(std::string name, AttributeList output, RowsProvider provider, bool streaming = false);
PlanPtr makeProject(PlanPtr child, std::vector<ExprPtr> exprs, AttributeList output);
PlanPtr makeFilter(PlanPtr child, ExprPtr predicate);
PlanPtr makeLimit(PlanPtr child, int64_t limit);
/// withWatermark(column, delay): the column must be a timestamp; see Dataset.withWatermark.
PlanPtr makeWatermark(PlanPtr child, int eventTimeColumn, int64_t delayMs);
/// Streaming dropDuplicates over `keyColumns` (all columns when empty).
PlanPtr makeDeduplicate(PlanPtr child, std::vector<int> keyColumns, bool withinWatermark);
/// True when any leaf below (or at) `plan` is a streaming source.
bool isStreamingPlan(const LogicalPlan& plan);

/// Spark-style tree text for EXPLAIN.
std::string explainPlan(const LogicalPlan& plan);

}  // namespace spate
