#include "sql/analyzer.h"

#include <algorithm>

#include "common/error.h"
#include "common/strings.h"
#include "expression/cast.h"
#include "function/coercion.h"

namespace spate {

namespace {

bool namesEqual(const std::string& a, const std::string& b, bool caseSensitive) {
  return caseSensitive ? a == b : equalsIgnoreCase(a, b);
}

std::string quotedParts(const std::vector<std::string>& parts) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += ".";
    out += quoteIdentifier(parts[i]);
  }
  return out;
}

// Spark's SQL names of operators.
const char* binaryFunctionName(const std::string& op) {
  if (op == "+") return "add";
  if (op == "-") return "subtract";
  if (op == "*") return "multiply";
  if (op == "/") return "divide";
  if (op == "%") return "mod";
  if (op == "div") return "div";
  if (op == "=" || op == "==") return "equal";
  if (op == "<=>") return "equal_null_safe";
  if (op == "!=" || op == "<>") return "not_equal";
  if (op == "<") return "less";
  if (op == "<=") return "less_equal";
  if (op == ">") return "greater";
  if (op == ">=") return "greater_equal";
  if (op == "&") return "bitwise_and";
  if (op == "|") return "bitwise_or";
  if (op == "^") return "bitwise_xor";
  if (op == "||") return "concat";
  return nullptr;
}

std::string binarySqlOperator(const std::string& op) {
  if (op == "==") return "=";
  if (op == "<>") return "!=";
  if (op == "and") return "AND";
  if (op == "or") return "OR";
  if (op == "div") return "div";
  return op;
}

ExprPtr makeLogical(ExprKind kind, ExprPtr left, ExprPtr right) {
  auto e = std::make_shared<Expr>();
  e->kind = kind;
  e->type = DataType::boolean();
  e->functionName = kind == ExprKind::kAnd ? "and" : "or";
  e->nullable = left->nullable || right->nullable;
  e->children = {std::move(left), std::move(right)};
  return e;
}

// Extracts field `index` of a struct column; a NULL struct gives NULL fields.
ExprPtr makeStructField(ExprPtr base, int index) {
  const auto& field = base->type->fields()[index];
  return makeCall("getfield:" + field.name, field.type, {base}, [index](const KernelArgs& a) -> ColumnPtr {
    const Column& s = *a.columns[0];
    ColumnPtr child = s.child(index);
    if (!s.mayHaveNulls()) return child;
    auto copy = std::make_shared<Column>(*child);
    for (int64_t i = 0; i < s.size(); ++i)
      if (s.isNull(i)) copy->setNull(i);
    return copy;
  });
}

// Extracts field `index` from every struct of an array of structs (Spark's GetArrayStructFields).
ExprPtr makeArrayStructField(ExprPtr base, int index) {
  const auto& field = base->type->element()->fields()[index];
  TypePtr type = DataType::array(field.type);
  return makeCall("getarrayfield:" + field.name, type, {base}, [index, type](const KernelArgs& a) {
    const Column& arr = *a.columns[0];
    ColumnBuilder b(type, a.rows);
    const Column& structs = *arr.child(0);
    for (int64_t i = 0; i < a.rows; ++i) {
      if (arr.isNull(i)) {
        b.appendNull();
        continue;
      }
      for (int64_t k = arr.listStart(i), e = k + arr.listLength(i); k < e; ++k) {
        if (structs.isNull(k))
          b.child(0).appendNull();
        else
          b.child(0).appendFrom(*structs.child(index), k);
      }
      b.endList();
    }
    return b.finish();
  });
}

}  // namespace

std::string literalSql(const Value& value, const DataType& type) {
  if (value.isNull()) return "NULL";
  switch (type.id()) {
    case TypeId::kString: return value.asString();
    case TypeId::kLong: return std::to_string(value.asLong()) + "L";
    case TypeId::kByte: return std::to_string(value.asLong()) + "Y";
    case TypeId::kShort: return std::to_string(value.asLong()) + "S";
    case TypeId::kDouble: return formatValue(value, type, *TimeZone::utc(), false);
    case TypeId::kTimestamp:
      return "TIMESTAMP '" + formatValue(value, type, *TimeZone::utc(), false) + "'";
    case TypeId::kDate: return "DATE '" + formatValue(value, type, *TimeZone::utc(), false) + "'";
    case TypeId::kInterval: return "INTERVAL '" + formatInterval(value.asInterval()) + "'";
    default: return formatValue(value, type, *TimeZone::utc(), false);
  }
}

std::string expressionKey(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kColumnRef: return "#" + std::to_string(e.columnIndex);
    case ExprKind::kLiteral: return "lit:" + e.type->simpleString() + ":" + literalSql(e.literal, *e.type);
    default: {
      std::string out = e.functionName + "(";
      if (e.kind == ExprKind::kCase) out = "case(";
      for (const auto& c : e.children) out += expressionKey(*c) + ",";
      return out + ")";
    }
  }
}

Analyzer::Analyzer(AttributeList input, BindContext context)
    : input_(std::move(input)), context_(std::move(context)) {}

bool Analyzer::containsAggregate(const ParsedExpr& expr) {
  if (expr.kind == ParsedKind::kFunction) {
    const FunctionEntry* f = FunctionRegistry::instance().find(expr.name);
    if (f && f->aggregate) return true;
  }
  for (const auto& c : expr.children)
    if (c && containsAggregate(*c)) return true;
  return false;
}

const ParsedExpr* Analyzer::topLevelGenerator(const ParsedExpr& expr) {
  const ParsedExpr* e = &expr;
  if (e->kind == ParsedKind::kAlias) e = e->children[0].get();
  if (e->kind != ParsedKind::kFunction) return nullptr;
  const FunctionEntry* f = FunctionRegistry::instance().find(e->name);
  return f && f->generator ? e : nullptr;
}

void Analyzer::beginAggregation(std::vector<BoundExpr> groupExprs, bool withGroupingId) {
  aggregating_ = true;
  withGroupingId_ = withGroupingId;
  groupExprs_ = std::move(groupExprs);
  groupKeys_.clear();
  for (const auto& g : groupExprs_) groupKeys_.push_back(expressionKey(*g.expr));
}

std::optional<BoundExpr> Analyzer::matchGroup(const BoundExpr& bound) const {
  std::string key = expressionKey(*bound.expr);
  for (size_t i = 0; i < groupKeys_.size(); ++i) {
    if (groupKeys_[i] == key) {
      BoundExpr out = bound;
      // Grouping sets make every key nullable (rolled-up rows hold NULL).
      out.expr = makeColumnRef(static_cast<int>(i), bound.expr->type, bound.expr->nullable || withGroupingId_);
      if (withGroupingId_ && out.attribute) out.attribute->nullable = true;
      return out;
    }
  }
  return std::nullopt;
}

BoundExpr Analyzer::bind(const ParsedExpr& expr) { return bindNode(expr, true); }

BoundExpr Analyzer::bindPredicate(const ParsedExpr& expr) {
  BoundExpr b = bindNode(expr, false);
  if (b.expr->type->id() == TypeId::kNull) {
    b.expr = makeLiteral(Value::null(), DataType::boolean());
  } else if (b.expr->type->id() != TypeId::kBoolean) {
    throw AnalysisException("[DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN] Cannot resolve \"" + b.sql +
                                "\" due to data type mismatch: Filter expression \"" + b.sql +
                                "\" of type \"" + b.expr->type->sql() + "\" is not a boolean.",
                            "DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN");
  }
  return b;
}

std::vector<BoundExpr> Analyzer::bindSelectItem(const ParsedExpr& expr) {
  if (expr.kind != ParsedKind::kStar) return {bind(expr)};
  std::vector<BoundExpr> out;
  const auto& q = expr.nameParts;
  if (q.empty()) {
    if (aggregating_) {
      for (size_t i = 0; i < input_.size(); ++i) {
        ParsedExpr col;
        col.kind = ParsedKind::kColumn;
        col.attributeId = input_[i].id;
        col.nameParts = {input_[i].name};
        out.push_back(bind(col));
      }
      return out;
    }
    for (size_t i = 0; i < input_.size(); ++i) {
      const auto& a = input_[i];
      out.push_back({makeColumnRef(static_cast<int>(i), a.type, a.nullable), a.name, a.name, a});
    }
    return out;
  }
  // t.* : every column qualified by t.
  if (q.size() == 1 && !aggregating_) {
    for (size_t i = 0; i < input_.size(); ++i) {
      const auto& a = input_[i];
      if (!a.qualifier.empty() && namesEqual(a.qualifier, q[0], context_.caseSensitive))
        out.push_back({makeColumnRef(static_cast<int>(i), a.type, a.nullable), a.name, a.name, a});
    }
    if (!out.empty()) return out;
  }
  // struct.* : every field of a struct column.
  ParsedExpr col;
  col.kind = ParsedKind::kColumn;
  col.nameParts = q;
  BoundExpr base = bindNode(col, false);
  if (base.expr->type->id() != TypeId::kStruct)
    throw AnalysisException("[INVALID_USAGE_OF_STAR_OR_REGEX] Invalid usage of '*' in expression `" +
                                joinStrings(q, ".") + ".*`.",
                            "INVALID_USAGE_OF_STAR_OR_REGEX");
  for (size_t f = 0; f < base.expr->type->fields().size(); ++f) {
    const auto& field = base.expr->type->fields()[f];
    out.push_back({makeStructField(base.expr, static_cast<int>(f)), base.sql + "." + field.name, field.name,
                   std::nullopt});
  }
  return out;
}

void Analyzer::throwUnresolved(const std::string& name) const {
  std::vector<std::pair<size_t, std::string>> candidates;
  std::string lastPart = name;
  for (const auto& a : input_) {
    std::string quoted = a.qualifier.empty() ? quoteIdentifier(a.name)
                                             : quoteIdentifier(a.qualifier) + "." + quoteIdentifier(a.name);
    candidates.emplace_back(editDistance(toLower(lastPart), toLower(a.name)), quoted);
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::string list;
  for (size_t i = 0; i < candidates.size() && i < 5; ++i) {
    if (i) list += ", ";
    list += candidates[i].second;
  }
  if (candidates.empty())
    throw AnalysisException("[UNRESOLVED_COLUMN.WITHOUT_SUGGESTION] A column or function parameter with name " +
                                name + " cannot be resolved.",
                            "UNRESOLVED_COLUMN.WITHOUT_SUGGESTION");
  throw AnalysisException("[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column or function parameter with name " + name +
                              " cannot be resolved. Did you mean one of the following? [" + list + "].",
                          "UNRESOLVED_COLUMN.WITH_SUGGESTION");
}

BoundExpr Analyzer::bindColumn(const ParsedExpr& expr, bool topLevel) {
  const auto& parts = expr.nameParts;
  bool cs = context_.caseSensitive;
  std::vector<size_t> matches;
  size_t consumed = 0;
  if (expr.attributeId != 0) {
    for (size_t i = 0; i < input_.size(); ++i)
      if (input_[i].id == expr.attributeId) matches.push_back(i);
    consumed = 1;
  }
  if (matches.empty() && parts.size() >= 2) {
    for (size_t i = 0; i < input_.size(); ++i)
      if (!input_[i].qualifier.empty() && namesEqual(input_[i].qualifier, parts[0], cs) &&
          namesEqual(input_[i].name, parts[1], cs))
        matches.push_back(i);
    consumed = 2;
  }
  if (matches.empty()) {
    for (size_t i = 0; i < input_.size(); ++i)
      if (namesEqual(input_[i].name, parts[0], cs)) matches.push_back(i);
    consumed = 1;
  }
  if (matches.empty()) throwUnresolved(quotedParts(parts));
  if (matches.size() > 1) {
    std::string list;
    for (size_t k = 0; k < matches.size(); ++k) {
      const auto& a = input_[matches[k]];
      if (k) list += ", ";
      list += a.qualifier.empty() ? quoteIdentifier(a.name)
                                  : quoteIdentifier(a.qualifier) + "." + quoteIdentifier(a.name);
    }
    throw AnalysisException("[AMBIGUOUS_REFERENCE] Reference " + quotedParts({parts.begin(), parts.begin() + consumed}) +
                                " is ambiguous, could be: [" + list + "].",
                            "AMBIGUOUS_REFERENCE");
  }
  const Attribute& a = input_[matches[0]];
  // The name rides along in functionName so binders can quote the column in their messages.
  auto ref = std::make_shared<Expr>(*makeColumnRef(static_cast<int>(matches[0]), a.type, a.nullable));
  ref->functionName = a.name;
  BoundExpr out{ref, a.name, a.name, a};
  for (size_t p = consumed; p < parts.size(); ++p) out = extractField(out, parts[p], topLevel);
  return out;
}

BoundExpr Analyzer::extractField(BoundExpr base, const std::string& field, bool topLevel) {
  const DataType& t = *base.expr->type;
  std::string sql = base.sql + "." + field;
  if (t.id() == TypeId::kStruct) {
    int idx = t.fieldIndex(field, context_.caseSensitive);
    if (idx < 0) {
      std::vector<std::string> names;
      for (const auto& f : t.fields()) names.push_back(quoteIdentifier(f.name));
      throw AnalysisException("[FIELD_NOT_FOUND] No such struct field " + quoteIdentifier(field) + " in " +
                                  joinStrings(names, ", ") + ".",
                              "FIELD_NOT_FOUND");
    }
    return {makeStructField(base.expr, idx), sql, t.fields()[idx].name, std::nullopt};
  }
  if (t.id() == TypeId::kArray && t.element()->id() == TypeId::kStruct) {
    int idx = t.element()->fieldIndex(field, context_.caseSensitive);
    if (idx >= 0) return {makeArrayStructField(base.expr, idx), sql, t.element()->fields()[idx].name, std::nullopt};
  }
  if (t.id() == TypeId::kMap) {
    std::vector<BoundExpr> args{base, {makeLiteral(Value(field), DataType::string()), field, field, std::nullopt}};
    BoundExpr out = callFunction("__get_map_value", args, base.sql + "." + field);
    out.name = field;
    return out;
  }
  throw AnalysisException("[INVALID_EXTRACT_BASE_FIELD_TYPE] Can't extract a value from \"" + base.sql +
                              "\". Need a complex type [STRUCT, ARRAY, MAP] but got \"" + t.sql() + "\".",
                          "INVALID_EXTRACT_BASE_FIELD_TYPE");
}

BoundExpr Analyzer::callFunction(const std::string& name, std::vector<BoundExpr> args, const std::string& sql) {
  const FunctionEntry* f = FunctionRegistry::instance().find(name);
  if (!f || !f->scalar)
    throw AnalysisException("[UNRESOLVED_ROUTINE] Cannot resolve function " + quoteIdentifier(name) +
                                " on search path [`system`.`builtin`, `system`.`session`, "
                                "`spark_catalog`.`default`].",
                            "UNRESOLVED_ROUTINE");
  std::vector<ExprPtr> exprs;
  for (auto& a : args) exprs.push_back(a.expr);
  ExprPtr e = f->scalar(std::move(exprs), context_);
  return {e, sql, sql, std::nullopt};
}

BoundExpr Analyzer::bindAggregateCall(const ParsedExpr& expr) {
  const FunctionEntry* f = FunctionRegistry::instance().find(expr.name);
  if (inAggregateArgs_)
    throw AnalysisException("[NESTED_AGGREGATE_FUNCTION] It is not allowed to use an aggregate function in "
                            "the argument of another aggregate function. Please use the inner aggregate "
                            "function in a sub-query.",
                            "NESTED_AGGREGATE_FUNCTION");
  // Arguments see the aggregate's input, not its output.
  bool savedAggregating = aggregating_;
  aggregating_ = false;
  inAggregateArgs_ = true;
  std::vector<ExprPtr> args;
  std::vector<std::string> argSql;
  try {
    for (const auto& c : expr.children) {
      BoundExpr b = bindNode(*c, false);
      args.push_back(b.expr);
      argSql.push_back(b.sql);
    }
  } catch (...) {
    aggregating_ = savedAggregating;
    inAggregateArgs_ = false;
    throw;
  }
  aggregating_ = savedAggregating;
  inAggregateArgs_ = false;
  std::string fname = toLower(expr.name);
  std::string sql = fname + "(" + (expr.distinct ? "DISTINCT " : "");
  if (expr.isStar || (args.empty() && fname == "count")) {
    sql += "1";
  } else {
    sql += joinStrings(argSql, ", ");
  }
  sql += ")";
  BoundAggregate agg = f->aggregate(args, expr.distinct, context_);
  agg.distinct = expr.distinct;
  if (!aggregating_) {
    throw AnalysisException("[UNSUPPORTED_EXPR_FOR_OPERATOR] Aggregate function " + sql +
                                " is not allowed here.",
                            "UNSUPPORTED_EXPR_FOR_OPERATOR");
  }
  std::string key = sql + "|" + std::to_string(expr.distinct);
  for (const auto& a : agg.args) key += "|" + expressionKey(*a);
  size_t index = aggregates_.size();
  for (size_t i = 0; i < aggregateKeys_.size(); ++i)
    if (aggregateKeys_[i] == key) index = i;
  if (index == aggregates_.size()) {
    aggregates_.push_back(agg);
    aggregateNames_.push_back(sql);
    aggregateKeys_.push_back(key);
  }
  int column = static_cast<int>(groupExprs_.size() + (withGroupingId_ ? 1 : 0) + index);
  return {makeColumnRef(column, agg.resultType, agg.nullable), sql, sql, std::nullopt};
}

bool isOperatorFunctionName(std::string_view name) {
  // Operators reach the registry under these names; Spark has no SQL functions called so.
  static const char* kNames[] = {"add",       "subtract",     "multiply",      "divide",          "equal",
                                 "not_equal", "less",         "less_equal",    "greater",         "greater_equal",
                                 "equal_null_safe", "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not"};
  for (const char* n : kNames)
    if (name == n) return true;
  return name.starts_with("__");
}

BoundExpr Analyzer::bindFunction(const ParsedExpr& expr) {
  std::string fname = toLower(expr.name);
  if (isOperatorFunctionName(fname)) {
    throw AnalysisException("[UNRESOLVED_ROUTINE] Cannot resolve function " + quoteIdentifier(expr.name) +
                                " on search path [`system`.`builtin`, `system`.`session`, "
                                "`spark_catalog`.`default`].",
                            "UNRESOLVED_ROUTINE");
  }
  if (fname == "equal_null") fname = "equal_null_safe";
  const FunctionEntry* f = FunctionRegistry::instance().find(fname);
  if (f && f->aggregate) return bindAggregateCall(expr);
  if (fname == "grouping" || fname == "grouping_id") {
    if (!aggregating_ || !withGroupingId_)
      throw AnalysisException("[UNSUPPORTED_GROUPING_EXPRESSION] grouping()/grouping_id() can only be used "
                              "with GroupingSets/Cube/Rollup.",
                              "UNSUPPORTED_GROUPING_EXPRESSION");
    ExprPtr gid = makeColumnRef(static_cast<int>(groupExprs_.size()), DataType::longType(), false);
    std::vector<std::string> argSql;
    int bit = -1;
    for (const auto& c : expr.children) {
      aggregating_ = false;
      BoundExpr b;
      try {
        b = bindNode(*c, false);
      } catch (...) {
        aggregating_ = true;
        throw;
      }
      aggregating_ = true;
      argSql.push_back(b.sql);
      std::string key = expressionKey(*b.expr);
      for (size_t i = 0; i < groupKeys_.size(); ++i)
        if (groupKeys_[i] == key) bit = static_cast<int>(groupKeys_.size() - 1 - i);
    }
    std::string sql = fname + "(" + joinStrings(argSql, ", ") + ")";
    if (fname == "grouping_id" && expr.children.empty()) return {gid, sql, sql, std::nullopt};
    if (fname == "grouping") {
      if (bit < 0)
        throw AnalysisException("[GROUPING_COLUMN_MISMATCH] Column of grouping (" + joinStrings(argSql, ", ") +
                                    ") can't be found in grouping columns.",
                                "GROUPING_COLUMN_MISMATCH");
      int shift = bit;
      ExprPtr e = makeCall("grouping", DataType::byte(), {gid}, [shift](const KernelArgs& a) {
        auto out = std::make_shared<Column>(DataType::byte(), a.rows);
        out->mutableData().resize(a.rows);
        const int64_t* g = a.columns[0]->values<int64_t>();
        for (int64_t i = 0; i < a.rows; ++i) out->mutableData().data()[i] = static_cast<uint8_t>((g[i] >> shift) & 1);
        return out;
      }, nullptr, false);
      return {e, sql, sql, std::nullopt};
    }
    return {gid, sql, sql, std::nullopt};
  }
  if (f && f->generator)
    throw AnalysisException("[UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS] The generator is not supported: "
                            "nested in expressions \"" + fname + "(…)\".",
                            "UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS");
  std::vector<BoundExpr> args;
  for (const auto& c : expr.children) args.push_back(bindNode(*c, false));
  std::vector<std::string> argSql;
  for (const auto& a : args) argSql.push_back(a.sql);
  if (fname == "struct") {
    // struct(a, b) names its fields after the column names, as Spark's CreateStruct.
    std::vector<BoundExpr> named;
    for (size_t i = 0; i < args.size(); ++i) {
      std::string fieldName = args[i].attribute || expr.children[i]->kind == ParsedKind::kAlias ||
                                      expr.children[i]->kind == ParsedKind::kColumn
                                  ? args[i].name
                                  : "col" + std::to_string(i + 1);
      named.push_back({makeLiteral(Value(fieldName), DataType::string()), fieldName, fieldName, std::nullopt});
      named.push_back(args[i]);
    }
    return callFunction("named_struct", named, "struct(" + joinStrings(argSql, ", ") + ")");
  }
  std::string sql = fname + "(" + joinStrings(argSql, ", ") + ")";
  if (fname == "from_json" && !argSql.empty()) sql = "from_json(" + argSql[0] + ")";
  return callFunction(fname, std::move(args), sql);
}

BoundExpr Analyzer::bindBinary(const ParsedExpr& expr) {
  BoundExpr left = bindNode(*expr.children[0], false);
  BoundExpr right = bindNode(*expr.children[1], false);
  std::string op = toLower(expr.op);
  std::string sql = "(" + left.sql + " " + binarySqlOperator(op) + " " + right.sql + ")";
  if (op == "and" || op == "or") {
    auto toBool = [&](BoundExpr& b) {
      if (b.expr->type->id() == TypeId::kBoolean) return;
      if (b.expr->type->id() == TypeId::kNull) {
        b.expr = makeLiteral(Value::null(), DataType::boolean());
        return;
      }
      throw AnalysisException("[DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE] Cannot resolve \"" + sql +
                                  "\" due to data type mismatch: the binary operator requires the input type "
                                  "\"BOOLEAN\", not \"" + b.expr->type->sql() + "\".",
                              "DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE");
    };
    toBool(left);
    toBool(right);
    return {makeLogical(op == "and" ? ExprKind::kAnd : ExprKind::kOr, left.expr, right.expr), sql, sql,
            std::nullopt};
  }
  const char* fn = binaryFunctionName(op);
  if (!fn) throw ParseException("Unknown operator " + expr.op);
  if (op == "||") sql = "concat(" + left.sql + ", " + right.sql + ")";
  return callFunction(fn, {left, right}, sql);
}

BoundExpr Analyzer::bindCase(const ParsedExpr& expr) {
  size_t i = 0;
  std::optional<BoundExpr> operand;
  if (expr.hasOperand) operand = bindNode(*expr.children[i++], false);
  size_t end = expr.children.size() - (expr.hasElse ? 1 : 0);
  std::vector<BoundExpr> conditions, values;
  std::string sql = "CASE";
  if (operand) sql += " " + operand->sql;
  for (; i + 1 < end + 1 && i < end; i += 2) {
    BoundExpr cond = bindNode(*expr.children[i], false);
    BoundExpr value = bindNode(*expr.children[i + 1], false);
    sql += " WHEN " + cond.sql + " THEN " + value.sql;
    if (operand) cond = callFunction("equal", {*operand, cond}, cond.sql);
    if (cond.expr->type->id() == TypeId::kNull) cond.expr = makeLiteral(Value::null(), DataType::boolean());
    if (cond.expr->type->id() != TypeId::kBoolean)
      throw AnalysisException("[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"" + cond.sql +
                                  "\" due to data type mismatch: WHEN expressions in CaseWhen should all be "
                                  "boolean type, but the " + std::to_string(conditions.size() + 1) +
                                  "th when expression's type is " + cond.expr->type->sql() + ".",
                              "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE");
    conditions.push_back(cond);
    values.push_back(value);
  }
  if (expr.hasElse) {
    values.push_back(bindNode(*expr.children.back(), false));
    sql += " ELSE " + values.back().sql;
  }
  sql += " END";
  std::vector<TypePtr> types;
  for (const auto& v : values) types.push_back(v.expr->type);
  auto wider = findWiderType(types);
  if (!wider) {
    std::vector<std::string> names;
    for (const auto& t : types) names.push_back("\"" + t->sql() + "\"");
    throw AnalysisException("[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve \"" + sql +
                                "\" due to data type mismatch: Input to `casewhen` should all be the same "
                                "type, but it's [" + joinStrings(names, ", ") + "].",
                            "DATATYPE_MISMATCH.DATA_DIFF_TYPES");
  }
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::kCase;
  e->type = *wider;
  e->functionName = "casewhen";
  for (size_t k = 0; k < conditions.size(); ++k) {
    e->children.push_back(conditions[k].expr);
    e->children.push_back(makeCast(values[k].expr, *wider));
  }
  if (expr.hasElse) e->children.push_back(makeCast(values.back().expr, *wider));
  return {e, sql, sql, std::nullopt};
}

BoundExpr Analyzer::bindCast(const ParsedExpr& expr) {
  BoundExpr child = bindNode(*expr.children[0], false);
  const TypePtr& to = expr.castType;
  std::string sql = "CAST(" + child.sql + " AS " + to->sql() + ")";
  if (!canCast(*child.expr->type, *to))
    throw AnalysisException("[DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION] Cannot resolve \"" + sql +
                                "\" due to data type mismatch: cannot cast \"" + child.expr->type->sql() +
                                "\" to \"" + to->sql() + "\".",
                            "DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION");
  ExprPtr e = makeCast(child.expr, to);
  // Fold casts of literals (TIMESTAMP '…', DATE '…') with the session time zone.
  if (child.expr->kind == ExprKind::kLiteral) {
    EvalContext ctx;
    ctx.timeZone = context_.timeZone;
    Value v = evaluateConstant(*e, ctx);
    e = makeLiteral(v, to);
    if (expr.children[0]->kind == ParsedKind::kLiteral && (to->id() == TypeId::kTimestamp || to->id() == TypeId::kDate) &&
        expr.text.size() > 0 && (toUpper(expr.text).starts_with("TIMESTAMP") || toUpper(expr.text).starts_with("DATE")))
      sql = literalSql(v, *to);
  }
  // A cast of a column keeps the column's name (Spark's ResolveAliases).
  std::string name = child.attribute || expr.children[0]->kind == ParsedKind::kColumn ? child.name : sql;
  return {e, sql, name, std::nullopt};
}

BoundExpr Analyzer::bindNode(const ParsedExpr& expr, bool topLevel) {
  bool isGroupingCall = expr.kind == ParsedKind::kFunction &&
                        (equalsIgnoreCase(expr.name, "grouping") || equalsIgnoreCase(expr.name, "grouping_id"));
  if (aggregating_ && !inAggregateArgs_ && expr.kind != ParsedKind::kAlias &&
      expr.kind != ParsedKind::kLiteral && !isGroupingCall && !containsAggregate(expr)) {
    // A sub-expression that equals a grouping expression reads the grouping column.
    bool saved = aggregating_;
    aggregating_ = false;
    std::optional<BoundExpr> plain;
    try {
      plain = bindNode(expr, topLevel);
    } catch (...) {
      aggregating_ = saved;
      throw;
    }
    aggregating_ = saved;
    if (auto g = matchGroup(*plain)) return *g;
    if (isConstant(*plain->expr)) return *plain;
    if (expr.kind == ParsedKind::kColumn && expr.nameParts.size() > 1) {
      // window.start with GROUP BY window: a field of a grouping column.
      for (size_t k = expr.nameParts.size() - 1; k >= 1; --k) {
        ParsedExpr prefix = expr;
        prefix.nameParts.assign(expr.nameParts.begin(), expr.nameParts.begin() + k);
        aggregating_ = false;
        std::optional<BoundExpr> base;
        try {
          base = bindNode(prefix, false);
        } catch (const AnalysisException&) {
        }
        aggregating_ = saved;
        if (!base) continue;
        if (auto g = matchGroup(*base)) {
          BoundExpr out = *g;
          for (size_t p = k; p < expr.nameParts.size(); ++p) out = extractField(out, expr.nameParts[p], topLevel);
          return out;
        }
      }
    }
    if (expr.kind == ParsedKind::kColumn) {
      throw AnalysisException("[MISSING_AGGREGATION] The non-aggregating expression \"" + plain->sql +
                                  "\" is based on columns which are not participating in the GROUP BY clause.\n"
                                  "Add the columns or the expression to the GROUP BY, aggregate the expression, "
                                  "or use \"any_value(" + plain->sql +
                                  ")\" if you do not care which of the values within a group is returned.",
                              "MISSING_AGGREGATION");
    }
  }
  switch (expr.kind) {
    case ParsedKind::kColumn:
      return bindColumn(expr, topLevel);
    case ParsedKind::kStar:
      throw AnalysisException("[INVALID_USAGE_OF_STAR_OR_REGEX] Invalid usage of '*' in expression.",
                              "INVALID_USAGE_OF_STAR_OR_REGEX");
    case ParsedKind::kLiteral: {
      TypePtr type = expr.literalType ? expr.literalType : DataType::null();
      std::string sql = literalSql(expr.literal, *type);
      return {makeLiteral(expr.literal, type), sql, sql, std::nullopt};
    }
    case ParsedKind::kFunction:
      return bindFunction(expr);
    case ParsedKind::kUnary: {
      BoundExpr child = bindNode(*expr.children[0], false);
      if (expr.op == "+") return child;
      std::string sql = expr.op == "-" ? "(- " + child.sql + ")" : "~" + child.sql;
      return callFunction(expr.op == "-" ? "negative" : "bitwise_not", {child}, sql);
    }
    case ParsedKind::kBinary:
      return bindBinary(expr);
    case ParsedKind::kNot: {
      BoundExpr child = bindNode(*expr.children[0], false);
      return callFunction("not", {child}, "(NOT " + child.sql + ")");
    }
    case ParsedKind::kIsNull: {
      BoundExpr child = bindNode(*expr.children[0], false);
      return callFunction(expr.negated ? "isnotnull" : "isnull", {child},
                          "(" + child.sql + (expr.negated ? " IS NOT NULL)" : " IS NULL)"));
    }
    case ParsedKind::kIn: {
      std::vector<BoundExpr> args;
      for (const auto& c : expr.children) args.push_back(bindNode(*c, false));
      std::vector<std::string> items;
      for (size_t i = 1; i < args.size(); ++i) items.push_back(args[i].sql);
      std::string sql = "(" + args[0].sql + " IN (" + joinStrings(items, ", ") + "))";
      BoundExpr in = callFunction("in", std::move(args), sql);
      if (!expr.negated) return in;
      return callFunction("not", {in}, "(NOT " + sql + ")");
    }
    case ParsedKind::kBetween: {
      BoundExpr v = bindNode(*expr.children[0], false);
      BoundExpr lo = bindNode(*expr.children[1], false);
      BoundExpr hi = bindNode(*expr.children[2], false);
      BoundExpr ge = callFunction("greater_equal", {v, lo}, "(" + v.sql + " >= " + lo.sql + ")");
      BoundExpr le = callFunction("less_equal", {v, hi}, "(" + v.sql + " <= " + hi.sql + ")");
      std::string sql = "(" + v.sql + (expr.negated ? " NOT" : "") + " BETWEEN " + lo.sql + " AND " + hi.sql + ")";
      BoundExpr both{makeLogical(ExprKind::kAnd, ge.expr, le.expr), sql, sql, std::nullopt};
      if (!expr.negated) return both;
      return callFunction("not", {both}, sql);
    }
    case ParsedKind::kLike:
    case ParsedKind::kRLike: {
      std::vector<BoundExpr> args;
      for (const auto& c : expr.children) args.push_back(bindNode(*c, false));
      std::string fn = expr.kind == ParsedKind::kRLike ? "rlike" : (toLower(expr.op) == "ilike" ? "ilike" : "like");
      std::string sql = args[0].sql + " " + toUpper(fn) + " " + args[1].sql;
      if (expr.escapeChar && fn != "rlike") {
        std::string esc(1, *expr.escapeChar);
        args.push_back({makeLiteral(Value(esc), DataType::string()), esc, esc, std::nullopt});
        sql += " ESCAPE '" + esc + "'";
      }
      BoundExpr r = callFunction(fn, std::move(args), sql);
      if (!expr.negated) return r;
      return callFunction("not", {r}, "(NOT " + sql + ")");
    }
    case ParsedKind::kCase:
      return bindCase(expr);
    case ParsedKind::kCast:
      return bindCast(expr);
    case ParsedKind::kAlias: {
      BoundExpr child = bindNode(*expr.children[0], false);
      child.name = expr.name;
      child.attribute.reset();
      return child;
    }
    case ParsedKind::kSubscript: {
      BoundExpr base = bindNode(*expr.children[0], false);
      BoundExpr index = bindNode(*expr.children[1], false);
      std::string sql = base.sql + "[" + index.sql + "]";
      TypeId t = base.expr->type->id();
      if (t == TypeId::kStruct && index.expr->kind == ExprKind::kLiteral &&
          index.expr->type->id() == TypeId::kString) {
        BoundExpr f = extractField(base, index.expr->literal.asString(), topLevel);
        return f;
      }
      if (t != TypeId::kArray && t != TypeId::kMap)
        throw AnalysisException("[INVALID_EXTRACT_BASE_FIELD_TYPE] Can't extract a value from \"" + base.sql +
                                    "\". Need a complex type [STRUCT, ARRAY, MAP] but got \"" +
                                    base.expr->type->sql() + "\".",
                                "INVALID_EXTRACT_BASE_FIELD_TYPE");
      return callFunction(t == TypeId::kArray ? "__get_array_item" : "__get_map_value", {base, index}, sql);
    }
    case ParsedKind::kField: {
      BoundExpr base = bindNode(*expr.children[0], false);
      return extractField(base, expr.name, topLevel);
    }
    case ParsedKind::kSortOrder:
      return bindNode(*expr.children[0], topLevel);
  }
  throw InternalError("unknown parsed expression kind");
}

}  // namespace spate
