#include "api/dataframe.h"

#include <algorithm>
#include <iostream>

#include "api/functions.h"
#include "common/error.h"
#include "common/strings.h"
#include "plan/event_time_watermark.h"
#include "plan/plan_builder.h"
#include "plan/unsupported_operation_checker.h"
#include "sql/parser.h"
#include "vector/show.h"

namespace spate::sql {

namespace {

std::vector<ParsedExprPtr> exprsOf(const std::vector<Column>& columns) {
  std::vector<ParsedExprPtr> out;
  for (const auto& c : columns) out.push_back(c.expr());
  return out;
}


JoinKind parseJoinType(const std::string& how) {
  std::string h = toLower(how);
  std::erase(h, '_');
  if (h == "inner") return JoinKind::kInner;
  if (h == "left" || h == "leftouter") return JoinKind::kLeft;
  if (h == "right" || h == "rightouter") return JoinKind::kRight;
  if (h == "full" || h == "outer" || h == "fullouter") return JoinKind::kFull;
  if (h == "leftsemi" || h == "semi") return JoinKind::kLeftSemi;
  if (h == "leftanti" || h == "anti") return JoinKind::kLeftAnti;
  if (h == "cross") return JoinKind::kCross;
  throw IllegalArgumentException(
      "[UNSUPPORTED_JOIN_TYPE] Unsupported join type '" + how +
      "'. Supported join types include: 'inner', 'outer', 'full', 'fullouter', 'full_outer', 'leftouter', "
      "'left', 'left_outer', 'rightouter', 'right', 'right_outer', 'leftsemi', 'left_semi', 'semi', "
      "'leftanti', 'left_anti', 'anti', 'cross'.");
}

}  // namespace

std::vector<std::string> DataFrame::columns() const {
  std::vector<std::string> out;
  for (const auto& a : plan_->output) out.push_back(a.name);
  return out;
}

Column DataFrame::col(const std::string& name) const {
  if (name == "*") return functions::col("*");
  Analyzer analyzer(plan_->output, session_->bindContext());
  ParsedExprPtr parsed = parsedColumn(name);
  BoundExpr bound = analyzer.bind(*parsed);  // fails now if the column does not exist, as Spark
  if (!bound.attribute || parsed->nameParts.size() > 1) return Column(parsed);
  auto e = std::make_shared<ParsedExpr>(*parsed);
  e->attributeId = bound.attribute->id;
  return Column(e);
}

DataFrame DataFrame::select(const std::vector<Column>& columns) const {
  SelectSpec spec;
  spec.items = exprsOf(columns);
  return derive(planSelect(plan_, spec, session_->bindContext()));
}


DataFrame DataFrame::selectExpr(const std::vector<std::string>& expressions) const {
  std::vector<Column> columns;
  for (const auto& e : expressions) columns.push_back(functions::expr(e));
  return select(columns);
}

DataFrame DataFrame::withColumn(const std::string& name, const Column& column) const {
  bool cs = session_->bindContext().caseSensitive;
  std::vector<Column> items;
  bool replaced = false;
  for (const auto& a : plan_->output) {
    bool same = cs ? a.name == name : equalsIgnoreCase(a.name, name);
    if (same) {
      items.push_back(column.alias(name));
      replaced = true;
    } else {
      auto e = std::make_shared<ParsedExpr>(*parsedColumn(a.name));
      e->nameParts = {a.name};
      e->attributeId = a.id;
      items.push_back(Column(e));
    }
  }
  if (!replaced) items.push_back(column.alias(name));
  return select(items);
}

DataFrame DataFrame::withColumnRenamed(const std::string& existing, const std::string& name) const {
  bool cs = session_->bindContext().caseSensitive;
  std::vector<ExprPtr> exprs;
  AttributeList out;
  for (size_t i = 0; i < plan_->output.size(); ++i) {
    Attribute a = plan_->output[i];
    exprs.push_back(makeColumnRef(static_cast<int>(i), a.type, a.nullable));
    if (cs ? a.name == existing : equalsIgnoreCase(a.name, existing)) {
      a.name = name;
      a.id = newAttributeId();
    }
    out.push_back(a);
  }
  return derive(makeProject(plan_, std::move(exprs), std::move(out)));
}

DataFrame DataFrame::drop(const std::vector<std::string>& names) const {
  bool cs = session_->bindContext().caseSensitive;
  std::vector<ExprPtr> exprs;
  AttributeList out;
  for (size_t i = 0; i < plan_->output.size(); ++i) {
    const Attribute& a = plan_->output[i];
    bool dropped = false;
    for (const auto& n : names) dropped |= cs ? a.name == n : equalsIgnoreCase(a.name, n);
    if (dropped) continue;
    exprs.push_back(makeColumnRef(static_cast<int>(i), a.type, a.nullable));
    out.push_back(a);
  }
  return derive(makeProject(plan_, std::move(exprs), std::move(out)));
}

DataFrame DataFrame::filter(const Column& condition) const {
  return derive(planFilter(plan_, *condition.expr(), session_->bindContext()));
}

DataFrame DataFrame::filter(const std::string& condition) const { return filter(functions::expr(condition)); }

DataFrame DataFrame::alias(const std::string& alias) const { return derive(planAlias(plan_, alias)); }

GroupedData DataFrame::grouped(const std::vector<Column>& columns, GroupingKind kind) const {
  return GroupedData(*this, columns, kind);
}
GroupedData DataFrame::groupBy(const std::vector<Column>& c) const { return grouped(c, GroupingKind::kPlain); }
GroupedData DataFrame::cube(const std::vector<Column>& c) const { return grouped(c, GroupingKind::kCube); }
GroupedData DataFrame::rollup(const std::vector<Column>& c) const { return grouped(c, GroupingKind::kRollup); }
DataFrame DataFrame::agg(const std::vector<Column>& aggregates) const { return groupBy(std::vector<Column>{}).agg(aggregates); }

DataFrame DataFrame::join(const DataFrame& other, const std::vector<std::string>& usingColumns,
                          const std::string& how) const {
  return derive(planJoin(plan_, other.plan_, parseJoinType(how), nullptr, usingColumns, session_->bindContext()));
}

DataFrame DataFrame::join(const DataFrame& other, const std::string& usingColumn, const std::string& how) const {
  return join(other, std::vector<std::string>{usingColumn}, how);
}

DataFrame DataFrame::join(const DataFrame& other, const Column& condition, const std::string& how) const {
  return derive(planJoin(plan_, other.plan_, parseJoinType(how), condition.expr(), {}, session_->bindContext()));
}

DataFrame DataFrame::join(const DataFrame& other) const {
  return derive(planJoin(plan_, other.plan_, JoinKind::kInner, nullptr, {}, session_->bindContext()));
}

DataFrame DataFrame::crossJoin(const DataFrame& other) const {
  return derive(planJoin(plan_, other.plan_, JoinKind::kCross, nullptr, {}, session_->bindContext()));
}

DataFrame DataFrame::union_(const DataFrame& other) const {
  return derive(planUnion(plan_, other.plan_, false, false, session_->bindContext()));
}

DataFrame DataFrame::unionByName(const DataFrame& other, bool allowMissingColumns) const {
  return derive(planUnion(plan_, other.plan_, true, allowMissingColumns, session_->bindContext()));
}

DataFrame DataFrame::intersect(const DataFrame& other) const {
  return derive(planSetOperation(plan_, other.plan_, true, false, session_->bindContext()));
}
DataFrame DataFrame::intersectAll(const DataFrame& other) const {
  return derive(planSetOperation(plan_, other.plan_, true, true, session_->bindContext()));
}
DataFrame DataFrame::exceptAll(const DataFrame& other) const {
  return derive(planSetOperation(plan_, other.plan_, false, true, session_->bindContext()));
}
DataFrame DataFrame::subtract(const DataFrame& other) const {
  return derive(planSetOperation(plan_, other.plan_, false, false, session_->bindContext()));
}

DataFrame DataFrame::distinct() const { return dropDuplicates(); }

DataFrame DataFrame::dropDuplicates(const std::vector<std::string>& subset) const {
  if (!isStreaming()) return derive(planDistinct(plan_, subset, session_->bindContext()));
  return derive(makeDeduplicate(plan_, dropDuplicatesKeys(subset), false));
}

DataFrame DataFrame::dropDuplicatesWithinWatermark(const std::vector<std::string>& subset) const {
  return derive(makeDeduplicate(plan_, dropDuplicatesKeys(subset), true));
}

DataFrame DataFrame::withWatermark(const std::string& eventTime,
                                   const std::string& delayThreshold) const {
  return derive(
      planWatermark(plan_, *parsedColumn(eventTime), delayThreshold, session_->bindContext()));
}

std::vector<int> DataFrame::dropDuplicatesKeys(const std::vector<std::string>& subset) const {
  // Dataset.groupColsFromDropDuplicates: every column of each distinct name, in the given order.
  bool cs = session_->bindContext().caseSensitive;
  std::vector<int> keys;
  std::vector<std::string> seen;
  for (const auto& name : subset) {
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) continue;
    seen.push_back(name);
    bool found = false;
    for (size_t i = 0; i < plan_->output.size(); ++i) {
      const std::string& column = plan_->output[i].name;
      if (!(cs ? column == name : equalsIgnoreCase(column, name))) continue;
      found = true;
      if (std::find(keys.begin(), keys.end(), static_cast<int>(i)) == keys.end())
        keys.push_back(static_cast<int>(i));
    }
    if (!found)
      throw AnalysisException("Cannot resolve column name \"" + name + "\" among (" +
                                  joinStrings(columns(), ", ") + ").",
                              "_LEGACY_ERROR_TEMP_1201");
  }
  return keys;
}

DataFrame DataFrame::orderBy(const std::vector<Column>& columns) const {
  return derive(planSort(plan_, exprsOf(columns), session_->bindContext()));
}


DataFrame DataFrame::limit(int64_t n) const {
  if (n < 0)
    throw AnalysisException("[INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE] The limit like expression \"" +
                                std::to_string(n) + "\" is invalid. The limit expression must be equal to or "
                                "greater than 0, but got " + std::to_string(n) + ".",
                            "INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE");
  return derive(makeLimit(plan_, n));
}

DataFrameNaFunctions DataFrame::na() const { return DataFrameNaFunctions(*this); }

std::vector<BatchPtr> DataFrame::collectBatches() const {
  checkBatchQuery(*plan_);
  return session_->execute(plan_);
}

std::string DataFrame::showString(int numRows, int truncate, bool vertical) const {
  int n = std::max(numRows, 0);
  checkBatchQuery(*plan_);
  auto batches = session_->execute(makeLimit(plan_, static_cast<int64_t>(n) + 1));
  BatchPtr rows = concatBatches(schema(), batches);
  return spate::showString(*rows, n, truncate, vertical, *session_->timeZone());
}

void DataFrame::show(int numRows, bool truncate) const { std::cout << showString(numRows, truncate ? 20 : 0) << std::flush; }

void DataFrame::show(int numRows, int truncate, bool vertical) const {
  std::cout << showString(numRows, truncate, vertical) << std::flush;
}

std::string DataFrame::printSchemaString() const { return treeString(*schema()); }
void DataFrame::printSchema() const { std::cout << printSchemaString() << std::flush; }

std::string DataFrame::explainString(bool extended) const {
  std::string tree = explainPlan(*plan_);
  if (!extended) return "== Physical Plan ==\n" + tree;
  return "== Analyzed Logical Plan ==\n" + tree + "\n== Physical Plan ==\n" + tree;
}

void DataFrame::explain(bool extended) const { std::cout << explainString(extended) << "\n" << std::flush; }

std::vector<Row> DataFrame::collect() const {
  std::vector<Row> out;
  SchemaPtr s = schema();
  for (const auto& b : collectBatches())
    for (int64_t r = 0; r < b->numRows(); ++r) out.emplace_back(s, b->rowAt(r));
  return out;
}

std::vector<Row> DataFrame::take(int64_t n) const { return limit(n).collect(); }

std::optional<Row> DataFrame::first() const {
  auto rows = take(1);
  if (rows.empty()) return std::nullopt;
  return rows[0];
}

int64_t DataFrame::count() const {
  int64_t n = 0;
  for (const auto& b : collectBatches()) n += b->numRows();
  return n;
}

void DataFrame::createOrReplaceTempView(const std::string& name) const { session_->registerView(name, plan_, true); }
void DataFrame::createTempView(const std::string& name) const { session_->registerView(name, plan_, false); }

}  // namespace spate::sql
