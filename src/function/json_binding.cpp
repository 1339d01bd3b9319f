#include "function/json_binding.h"

#include "common/error.h"

namespace spate::json_detail {

std::string exprSql(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kColumnRef:
      return e.functionName.empty() ? "col" + std::to_string(e.columnIndex) : e.functionName;
    case ExprKind::kLiteral:
      if (e.literal.isNull()) return "NULL";
      return formatValue(e.literal, *e.type, *TimeZone::utc(), false);
    case ExprKind::kCall:
      return callSql(e.functionName, e.children);
    case ExprKind::kAnd:
      return "(" + exprSql(*e.children[0]) + " AND " + exprSql(*e.children[1]) + ")";
    case ExprKind::kOr:
      return "(" + exprSql(*e.children[0]) + " OR " + exprSql(*e.children[1]) + ")";
    case ExprKind::kCase:
      return "CASE";
  }
  return "?";
}

std::string callSql(std::string_view name, const std::vector<ExprPtr>& args) {
  std::string out(name);
  out += '(';
  for (size_t i = 0; i < args.size(); ++i) {
    if (i) out += ", ";
    out += exprSql(*args[i]);
  }
  return out + ")";
}

std::string quotedType(const DataType& type) { return "\"" + type.sql() + "\""; }

void checkArgCount(std::string_view name, const std::vector<ExprPtr>& args, size_t min, size_t max,
                   std::string_view expected) {
  if (args.size() >= min && args.size() <= max) return;
  throw AnalysisException("[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `" + std::string(name) +
                              "` requires " + std::string(expected) +
                              " parameters but the actual number is " +
                              std::to_string(args.size()) + ".",
                          "WRONG_NUM_ARGS.WITHOUT_SUGGESTION");
}

void throwDataTypeMismatch(std::string_view subClass, std::string_view name,
                           const std::vector<ExprPtr>& args, const std::string& detail) {
  std::string cls = "DATATYPE_MISMATCH." + std::string(subClass);
  throw AnalysisException("[" + cls + "] Cannot resolve \"" + callSql(name, args) +
                              "\" due to data type mismatch: " + detail,
                          cls);
}

void requireString(std::string_view name, const std::vector<ExprPtr>& args, size_t index) {
  TypeId id = args[index]->type->id();
  if (id == TypeId::kString || id == TypeId::kNull) return;
  throwDataTypeMismatch("UNEXPECTED_INPUT_TYPE", name, args,
                        "Parameter " + std::to_string(index + 1) +
                            " requires the \"STRING\" type, however \"" + exprSql(*args[index]) +
                            "\" has the type " + quotedType(*args[index]->type) + ".");
}

std::optional<Value> constantValue(const Expr& arg) {
  if (!isConstant(arg)) return std::nullopt;
  return evaluateConstant(arg, EvalContext{});
}

std::map<std::string, std::string> readOptions(const ExprPtr& arg) {
  auto value = constantValue(*arg);
  if (arg->type->id() != TypeId::kMap || !value)
    throw AnalysisException(
        "[INVALID_OPTIONS.NON_MAP_FUNCTION] Invalid options: Must use the `map()` function for "
        "options.",
        "INVALID_OPTIONS.NON_MAP_FUNCTION");
  if (arg->type->key()->id() != TypeId::kString || arg->type->value()->id() != TypeId::kString)
    throw AnalysisException(
        "[INVALID_OPTIONS.NON_STRING_TYPE] Invalid options: A type of keys and values in `map()` "
        "must "
        "be string, but got " +
            quotedType(*arg->type) + ".",
        "INVALID_OPTIONS.NON_STRING_TYPE");
  std::map<std::string, std::string> options;
  if (value->isNull()) return options;
  for (const auto& [k, v] : value->asMap())
    if (!k.isNull()) options[k.asString()] = v.isNull() ? "" : v.asString();
  return options;
}

}  // namespace spate::json_detail
