#include "function/analysis_errors.h"

#include <unordered_map>

#include "common/error.h"
#include "common/strings.h"

namespace spate {

namespace {

const std::unordered_map<std::string_view, std::string_view>& infixOperators() {
  static const std::unordered_map<std::string_view, std::string_view> kOperators = {
      {"add", "+"},         {"subtract", "-"}, {"multiply", "*"},          {"divide", "/"},
      {"mod", "%"},         {"div", "div"},    {"bitwise_and", "&"},       {"bitwise_or", "|"},
      {"bitwise_xor", "^"}, {"equal", "="},    {"equal_null_safe", "<=>"}, {"less", "<"},
      {"less_equal", "<="}, {"greater", ">"},  {"greater_equal", ">="},    {"concat_op", "||"},
  };
  return kOperators;
}

std::string literalSql(const Expr& e) {
  const Value& v = e.literal;
  if (v.isNull()) return "NULL";
  switch (e.type->id()) {
    case TypeId::kString:
      return v.asString();
    case TypeId::kDate:
      return "DATE '" + formatValue(v, *e.type, *TimeZone::utc()) + "'";
    case TypeId::kTimestamp:
      return "TIMESTAMP '" + formatValue(v, *e.type, *TimeZone::utc()) + "'";
    case TypeId::kBinary: {
      static const char* kHex = "0123456789ABCDEF";
      std::string out = "X'";
      for (unsigned char c : v.asString()) {
        out += kHex[c >> 4];
        out += kHex[c & 15];
      }
      return out + "'";
    }
    case TypeId::kInterval:
      return "INTERVAL '" + formatInterval(v.asInterval()) + "'";
    default:
      return formatValue(v, *e.type, *TimeZone::utc(), false);
  }
}

std::string joinArgs(const std::vector<ExprPtr>& args, size_t from = 0) {
  std::string out;
  for (size_t i = from; i < args.size(); ++i) {
    if (i > from) out += ", ";
    out += exprSql(*args[i]);
  }
  return out;
}

}  // namespace

std::string callSql(std::string_view name, const std::vector<ExprPtr>& args) {
  auto op = infixOperators().find(name);
  if (op != infixOperators().end() && args.size() == 2)
    return "(" + exprSql(*args[0]) + " " + std::string(op->second) + " " + exprSql(*args[1]) + ")";
  if (name == "not_equal" && args.size() == 2)
    return "(NOT (" + exprSql(*args[0]) + " = " + exprSql(*args[1]) + "))";
  if (args.size() == 1) {
    if (name == "not") return "(NOT " + exprSql(*args[0]) + ")";
    if (name == "negative") return "(- " + exprSql(*args[0]) + ")";
    if (name == "positive") return "(+ " + exprSql(*args[0]) + ")";
    if (name == "bitwise_not") return "~" + exprSql(*args[0]);
    if (name == "isnull") return "(" + exprSql(*args[0]) + " IS NULL)";
    if (name == "isnotnull") return "(" + exprSql(*args[0]) + " IS NOT NULL)";
    if (name == "cast") return exprSql(*args[0]);
  }
  if (name == "if" && args.size() == 3) return "(IF(" + joinArgs(args) + "))";
  // nullif(a, b) is bound as nullif(a, (a = b)).
  if (name == "nullif" && args.size() == 2 && args[1]->kind == ExprKind::kCall &&
      args[1]->functionName == "equal")
    return "nullif(" + exprSql(*args[0]) + ", " + exprSql(*args[1]->children[1]) + ")";
  if (name == "in" && !args.empty())
    return "(" + exprSql(*args[0]) + " IN (" + joinArgs(args, 1) + "))";
  return std::string(name) + "(" + joinArgs(args) + ")";
}

std::string exprSql(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kColumnRef:
      return e.functionName.empty() ? "col" + std::to_string(e.columnIndex) : e.functionName;
    case ExprKind::kLiteral:
      return literalSql(e);
    case ExprKind::kAnd:
      return "(" + exprSql(*e.children[0]) + " AND " + exprSql(*e.children[1]) + ")";
    case ExprKind::kOr:
      return "(" + exprSql(*e.children[0]) + " OR " + exprSql(*e.children[1]) + ")";
    case ExprKind::kCase: {
      std::string out = "CASE";
      size_t pairs = e.children.size() / 2;
      for (size_t i = 0; i < pairs; ++i)
        out += " WHEN " + exprSql(*e.children[2 * i]) + " THEN " + exprSql(*e.children[2 * i + 1]);
      if (e.children.size() % 2) out += " ELSE " + exprSql(*e.children.back());
      return out + " END";
    }
    case ExprKind::kCall:
      return callSql(e.functionName, e.children);
  }
  return "?";
}

std::string quotedType(const DataType& type) { return "\"" + type.sql() + "\""; }

void throwWrongNumArgs(std::string_view name, std::string_view expected, size_t actual) {
  throw AnalysisException("[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `" + std::string(name) +
                              "` requires " + std::string(expected) +
                              " parameters but the actual number is " + std::to_string(actual) +
                              ".",
                          "WRONG_NUM_ARGS.WITHOUT_SUGGESTION");
}

void checkArgCount(std::string_view name, const std::vector<ExprPtr>& args, int min, int max) {
  int n = static_cast<int>(args.size());
  if (n >= min && (max < 0 || n <= max)) return;
  std::string expected;
  if (max < 0) {
    expected = "> " + std::to_string(min - 1);
  } else if (min == max) {
    expected = std::to_string(min);
  } else {
    expected = "[";
    for (int i = min; i <= max; ++i) expected += (i > min ? ", " : "") + std::to_string(i);
    expected += "]";
  }
  throwWrongNumArgs(name, expected, args.size());
}

void throwUnexpectedInputType(const std::string& call, int index, std::string_view required,
                              const Expr& arg) {
  throwDataTypeMismatch("UNEXPECTED_INPUT_TYPE", call,
                        "Parameter " + std::to_string(index) + " requires the " +
                            std::string(required) + " type, however \"" + exprSql(arg) +
                            "\" has the type " + quotedType(*arg.type) + ".");
}

void throwDataTypeMismatch(std::string_view subClass, const std::string& call,
                           const std::string& detail) {
  std::string errorClass = "DATATYPE_MISMATCH." + std::string(subClass);
  throw AnalysisException(
      "[" + errorClass + "] Cannot resolve \"" + call + "\" due to data type mismatch: " + detail,
      errorClass);
}

}  // namespace spate
