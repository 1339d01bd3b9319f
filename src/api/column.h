#pragma once

#include <string>
#include <vector>

#include "sql/ast.h"
#include "types/data_type.h"
#include "vector/value.h"

namespace spate::sql {

/// A column expression of the DataFrame API (Spark's Column): an unresolved expression that is
/// bound when the DataFrame operation using it is analysed.
class Column {
 public:
  explicit Column(ParsedExprPtr expr) : expr_(std::move(expr)) {}
  /// Numbers convert to literals (ints are INT, int64_t BIGINT, doubles DOUBLE).
  Column(int value);
  Column(int64_t value);
  Column(double value);
  Column(bool value);
  /// A string is a column name, as in PySpark's select("a", "b"); a string literal is lit("…").
  Column(const char* name);
  Column(const std::string& name);
  /// A string literal.
  static Column literal(const std::string& value);

  const ParsedExprPtr& expr() const { return expr_; }
  /// The SQL-ish text of the expression (for messages and toString).
  std::string toString() const;

  Column alias(const std::string& name) const;
  Column as(const std::string& name) const { return alias(name); }
  Column name(const std::string& name) const { return alias(name); }
  Column cast(const TypePtr& type) const;
  Column cast(const std::string& typeName) const;

  Column operator-() const;
  Column operator!() const;
  Column isNull() const;
  Column isNotNull() const;
  Column isNaN() const;
  Column like(const std::string& pattern) const;
  Column ilike(const std::string& pattern) const;
  Column rlike(const std::string& pattern) const;
  Column contains(const Column& other) const;
  Column startsWith(const Column& other) const;
  Column endsWith(const Column& other) const;
  Column substr(const Column& pos, const Column& len) const;
  Column getItem(const Column& key) const;
  Column getField(const std::string& field) const;
  Column operator[](const Column& key) const { return getItem(key); }
  Column between(const Column& lower, const Column& upper) const;
  Column isin(const std::vector<Column>& values) const;
  Column eqNullSafe(const Column& other) const;
  Column bitwiseAND(const Column& other) const;
  Column bitwiseOR(const Column& other) const;
  Column bitwiseXOR(const Column& other) const;
  /// CASE WHEN chain: functions::when(c, v).when(c2, v2).otherwise(v3).
  Column when(const Column& condition, const Column& value) const;
  Column otherwise(const Column& value) const;

  Column asc() const;
  Column desc() const;
  Column asc_nulls_first() const;
  Column asc_nulls_last() const;
  Column desc_nulls_first() const;
  Column desc_nulls_last() const;

 private:
  ParsedExprPtr expr_;
};

Column operator+(const Column& a, const Column& b);
Column operator-(const Column& a, const Column& b);
Column operator*(const Column& a, const Column& b);
Column operator/(const Column& a, const Column& b);
Column operator%(const Column& a, const Column& b);
Column operator==(const Column& a, const Column& b);
Column operator!=(const Column& a, const Column& b);
Column operator<(const Column& a, const Column& b);
Column operator<=(const Column& a, const Column& b);
Column operator>(const Column& a, const Column& b);
Column operator>=(const Column& a, const Column& b);
Column operator&&(const Column& a, const Column& b);
Column operator||(const Column& a, const Column& b);

/// Builders of parsed expressions shared by the API.
ParsedExprPtr parsedBinary(const std::string& op, ParsedExprPtr a, ParsedExprPtr b);
ParsedExprPtr parsedFunction(const std::string& name, std::vector<ParsedExprPtr> args, bool distinct = false);
ParsedExprPtr parsedLiteral(Value value, TypePtr type);
ParsedExprPtr parsedColumn(const std::string& name);

}  // namespace spate::sql
