#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "expression/attribute.h"
#include "expression/expr.h"
#include "function/registry.h"
#include "sql/ast.h"

namespace spate {

/// A bound expression with the name Spark gives it when it is not aliased ("(a + 1)", "count(1)",
/// "upper(name)") and, for a top-level item, its output column name.
struct BoundExpr {
  ExprPtr expr;
  std::string sql;   ///< Spark's pretty SQL of the expression (used inside other names)
  std::string name;  ///< output column name (the alias, or the attribute/field name, or `sql`)
  /// The attribute a plain column reference points at (its id survives projections).
  std::optional<Attribute> attribute;
};

/// Binds parsed expressions against the columns of an input relation with Spark's resolution rules
/// (case-insensitive names, qualifiers, struct fields, df["a"] ids), implicit casts and error texts.
///
/// For an aggregation, call `beginAggregation` with the grouping expressions; afterwards `bind`
/// yields expressions over the aggregate's output (grouping columns, then aggregate results) and
/// collects the aggregate calls it meets into `aggregates()`.
class Analyzer {
 public:
  Analyzer(AttributeList input, BindContext context);

  BoundExpr bind(const ParsedExpr& expr);
  /// Binds a SELECT item, expanding `*`, `t.*` and `struct.*` into several.
  std::vector<BoundExpr> bindSelectItem(const ParsedExpr& expr);
  /// Binds a boolean predicate (WHERE, HAVING, ON), checking its type.
  BoundExpr bindPredicate(const ParsedExpr& expr);

  void beginAggregation(std::vector<BoundExpr> groupExprs, bool withGroupingId);
  const std::vector<BoundAggregate>& aggregates() const { return aggregates_; }
  const std::vector<std::string>& aggregateNames() const { return aggregateNames_; }
  bool aggregating() const { return aggregating_; }

  const AttributeList& input() const { return input_; }
  const BindContext& context() const { return context_; }

  /// True if the expression contains an aggregate function call (outside of nested selects).
  static bool containsAggregate(const ParsedExpr& expr);
  /// The generator call (explode, …) at the top of a select item (under an alias), if any.
  static const ParsedExpr* topLevelGenerator(const ParsedExpr& expr);

 private:
  BoundExpr bindNode(const ParsedExpr& expr, bool topLevel);
  BoundExpr bindColumn(const ParsedExpr& expr, bool topLevel);
  BoundExpr bindFunction(const ParsedExpr& expr);
  BoundExpr bindAggregateCall(const ParsedExpr& expr);
  BoundExpr bindBinary(const ParsedExpr& expr);
  BoundExpr bindCase(const ParsedExpr& expr);
  BoundExpr bindCast(const ParsedExpr& expr);
  BoundExpr callFunction(const std::string& name, std::vector<BoundExpr> args, const std::string& sql);
  BoundExpr extractField(BoundExpr base, const std::string& field, bool topLevel);
  [[noreturn]] void throwUnresolved(const std::string& name) const;
  std::optional<BoundExpr> matchGroup(const BoundExpr& bound) const;

  AttributeList input_;
  BindContext context_;
  bool aggregating_ = false;
  bool inAggregateArgs_ = false;
  bool withGroupingId_ = false;
  std::vector<BoundExpr> groupExprs_;
  std::vector<std::string> groupKeys_;
  std::vector<BoundAggregate> aggregates_;
  std::vector<std::string> aggregateNames_;
  std::vector<std::string> aggregateKeys_;
};

/// True for the registry names of SQL operators ("add" for +, "equal" for =, internal "__…"),
/// which are not callable as functions, as in Spark.
bool isOperatorFunctionName(std::string_view name);

/// A structural key of a bound expression: equal keys mean the same computation.
std::string expressionKey(const Expr& expr);

/// The SQL form of a literal as Spark prints it in column names (strings unquoted).
std::string literalSql(const Value& value, const DataType& type);

}  // namespace spate
