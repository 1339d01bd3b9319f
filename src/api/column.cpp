#include "api/column.h"

#include "common/error.h"
#include "sql/parser.h"

namespace spate::sql {

namespace {

std::shared_ptr<ParsedExpr> node(ParsedKind kind) {
  auto e = std::make_shared<ParsedExpr>();
  e->kind = kind;
  return e;
}

std::string textOf(const ParsedExprPtr& e) { return e->text; }

}  // namespace

ParsedExprPtr parsedLiteral(Value value, TypePtr type) {
  auto e = node(ParsedKind::kLiteral);
  e->text = formatValue(value, *type, *TimeZone::utc(), false);
  if (type->id() == TypeId::kString && !value.isNull()) e->text = "'" + value.asString() + "'";
  e->literal = std::move(value);
  e->literalType = std::move(type);
  return e;
}

ParsedExprPtr parsedColumn(const std::string& name) {
  if (name == "*") {
    auto e = node(ParsedKind::kStar);
    e->text = "*";
    return e;
  }
  auto parts = parseIdentifierParts(name.ends_with(".*") ? name.substr(0, name.size() - 2) : name);
  auto e = node(name.ends_with(".*") ? ParsedKind::kStar : ParsedKind::kColumn);
  e->nameParts = std::move(parts);
  e->text = name;
  return e;
}

ParsedExprPtr parsedBinary(const std::string& op, ParsedExprPtr a, ParsedExprPtr b) {
  auto e = node(ParsedKind::kBinary);
  e->op = op;
  e->text = "(" + textOf(a) + " " + op + " " + textOf(b) + ")";
  e->children = {std::move(a), std::move(b)};
  return e;
}

ParsedExprPtr parsedFunction(const std::string& name, std::vector<ParsedExprPtr> args, bool distinct) {
  auto e = node(ParsedKind::kFunction);
  e->name = name;
  e->distinct = distinct;
  std::string text = name + "(";
  for (size_t i = 0; i < args.size(); ++i) text += (i ? ", " : "") + textOf(args[i]);
  e->text = text + ")";
  e->children = std::move(args);
  return e;
}

Column::Column(int value) : expr_(parsedLiteral(Value(int64_t{value}), DataType::integer())) {}
Column::Column(int64_t value) : expr_(parsedLiteral(Value(value), DataType::longType())) {}
Column::Column(double value) : expr_(parsedLiteral(Value(value), DataType::doubleType())) {}
Column::Column(bool value) : expr_(parsedLiteral(Value(value), DataType::boolean())) {}
Column::Column(const char* name) : expr_(parsedColumn(name)) {}
Column::Column(const std::string& name) : expr_(parsedColumn(name)) {}
Column Column::literal(const std::string& value) { return Column(parsedLiteral(Value(value), DataType::string())); }

std::string Column::toString() const { return expr_->text; }

Column Column::alias(const std::string& name) const {
  auto e = node(ParsedKind::kAlias);
  e->name = name;
  e->text = expr_->text + " AS " + name;
  e->children = {expr_};
  return Column(e);
}

Column Column::cast(const TypePtr& type) const {
  auto e = node(ParsedKind::kCast);
  e->castType = type;
  e->text = "CAST(" + expr_->text + " AS " + type->sql() + ")";
  e->children = {expr_};
  return Column(e);
}

Column Column::cast(const std::string& typeName) const { return cast(parseDataType(typeName)); }

Column Column::operator-() const {
  auto e = node(ParsedKind::kUnary);
  e->op = "-";
  e->text = "(- " + expr_->text + ")";
  e->children = {expr_};
  return Column(e);
}

Column Column::operator!() const {
  auto e = node(ParsedKind::kNot);
  e->text = "(NOT " + expr_->text + ")";
  e->children = {expr_};
  return Column(e);
}

Column Column::isNull() const {
  auto e = node(ParsedKind::kIsNull);
  e->text = "(" + expr_->text + " IS NULL)";
  e->children = {expr_};
  return Column(e);
}

Column Column::isNotNull() const {
  auto e = node(ParsedKind::kIsNull);
  e->negated = true;
  e->text = "(" + expr_->text + " IS NOT NULL)";
  e->children = {expr_};
  return Column(e);
}

Column Column::isNaN() const { return Column(parsedFunction("isnan", {expr_})); }

Column Column::like(const std::string& pattern) const {
  auto e = node(ParsedKind::kLike);
  e->op = "like";
  e->children = {expr_, literal(pattern).expr()};
  e->text = expr_->text + " LIKE " + pattern;
  return Column(e);
}

Column Column::ilike(const std::string& pattern) const {
  auto e = node(ParsedKind::kLike);
  e->op = "ilike";
  e->children = {expr_, literal(pattern).expr()};
  e->text = expr_->text + " ILIKE " + pattern;
  return Column(e);
}

Column Column::rlike(const std::string& pattern) const {
  auto e = node(ParsedKind::kRLike);
  e->children = {expr_, literal(pattern).expr()};
  e->text = expr_->text + " RLIKE " + pattern;
  return Column(e);
}

Column Column::contains(const Column& other) const { return Column(parsedFunction("contains", {expr_, other.expr()})); }
Column Column::startsWith(const Column& other) const {
  return Column(parsedFunction("startswith", {expr_, other.expr()}));
}
Column Column::endsWith(const Column& other) const { return Column(parsedFunction("endswith", {expr_, other.expr()})); }
Column Column::substr(const Column& pos, const Column& len) const {
  return Column(parsedFunction("substring", {expr_, pos.expr(), len.expr()}));
}

Column Column::getItem(const Column& key) const {
  auto e = node(ParsedKind::kSubscript);
  e->children = {expr_, key.expr()};
  e->text = expr_->text + "[" + key.expr()->text + "]";
  return Column(e);
}

Column Column::getField(const std::string& field) const {
  auto e = node(ParsedKind::kField);
  e->name = field;
  e->children = {expr_};
  e->text = expr_->text + "." + field;
  return Column(e);
}

Column Column::between(const Column& lower, const Column& upper) const {
  auto e = node(ParsedKind::kBetween);
  e->children = {expr_, lower.expr(), upper.expr()};
  e->text = "(" + expr_->text + " BETWEEN " + lower.expr()->text + " AND " + upper.expr()->text + ")";
  return Column(e);
}

Column Column::isin(const std::vector<Column>& values) const {
  auto e = node(ParsedKind::kIn);
  e->children = {expr_};
  for (const auto& v : values) e->children.push_back(v.expr());
  e->text = "(" + expr_->text + " IN (...))";
  return Column(e);
}

Column Column::eqNullSafe(const Column& other) const { return Column(parsedBinary("<=>", expr_, other.expr())); }
Column Column::bitwiseAND(const Column& other) const { return Column(parsedBinary("&", expr_, other.expr())); }
Column Column::bitwiseOR(const Column& other) const { return Column(parsedBinary("|", expr_, other.expr())); }
Column Column::bitwiseXOR(const Column& other) const { return Column(parsedBinary("^", expr_, other.expr())); }

Column Column::when(const Column& condition, const Column& value) const {
  if (expr_->kind != ParsedKind::kCase || expr_->hasElse)
    throw IllegalArgumentException("when() can only be applied on a Column previously generated by when() function");
  auto e = std::make_shared<ParsedExpr>(*expr_);
  e->children.push_back(condition.expr());
  e->children.push_back(value.expr());
  e->text = expr_->text.substr(0, expr_->text.size() - 4) + "WHEN " + condition.expr()->text + " THEN " +
            value.expr()->text + " END";
  return Column(e);
}

Column Column::otherwise(const Column& value) const {
  if (expr_->kind != ParsedKind::kCase)
    throw IllegalArgumentException("otherwise() can only be applied on a Column previously generated by when()");
  if (expr_->hasElse) throw IllegalArgumentException("otherwise() can only be applied once on a Column previously generated by when()");
  auto e = std::make_shared<ParsedExpr>(*expr_);
  e->children.push_back(value.expr());
  e->hasElse = true;
  e->text = expr_->text.substr(0, expr_->text.size() - 4) + "ELSE " + value.expr()->text + " END";
  return Column(e);
}

namespace {
Column sortOrder(const ParsedExprPtr& child, bool asc, bool nullsFirst) {
  auto e = std::make_shared<ParsedExpr>();
  e->kind = ParsedKind::kSortOrder;
  e->ascending = asc;
  e->nullsFirst = nullsFirst;
  e->children = {child};
  e->text = child->text + (asc ? " ASC" : " DESC");
  return Column(e);
}
}  // namespace

Column Column::asc() const { return sortOrder(expr_, true, true); }
Column Column::desc() const { return sortOrder(expr_, false, false); }
Column Column::asc_nulls_first() const { return sortOrder(expr_, true, true); }
Column Column::asc_nulls_last() const { return sortOrder(expr_, true, false); }
Column Column::desc_nulls_first() const { return sortOrder(expr_, false, true); }
Column Column::desc_nulls_last() const { return sortOrder(expr_, false, false); }

Column operator+(const Column& a, const Column& b) { return Column(parsedBinary("+", a.expr(), b.expr())); }
Column operator-(const Column& a, const Column& b) { return Column(parsedBinary("-", a.expr(), b.expr())); }
Column operator*(const Column& a, const Column& b) { return Column(parsedBinary("*", a.expr(), b.expr())); }
Column operator/(const Column& a, const Column& b) { return Column(parsedBinary("/", a.expr(), b.expr())); }
Column operator%(const Column& a, const Column& b) { return Column(parsedBinary("%", a.expr(), b.expr())); }
Column operator==(const Column& a, const Column& b) { return Column(parsedBinary("=", a.expr(), b.expr())); }
Column operator!=(const Column& a, const Column& b) { return Column(parsedBinary("!=", a.expr(), b.expr())); }
Column operator<(const Column& a, const Column& b) { return Column(parsedBinary("<", a.expr(), b.expr())); }
Column operator<=(const Column& a, const Column& b) { return Column(parsedBinary("<=", a.expr(), b.expr())); }
Column operator>(const Column& a, const Column& b) { return Column(parsedBinary(">", a.expr(), b.expr())); }
Column operator>=(const Column& a, const Column& b) { return Column(parsedBinary(">=", a.expr(), b.expr())); }
Column operator&&(const Column& a, const Column& b) { return Column(parsedBinary("and", a.expr(), b.expr())); }
Column operator||(const Column& a, const Column& b) { return Column(parsedBinary("or", a.expr(), b.expr())); }

}  // namespace spate::sql
