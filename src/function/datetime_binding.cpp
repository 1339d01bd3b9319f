#include "function/datetime_binding.h"

#include <unordered_map>

#include "common/error.h"
#include "expression/cast.h"

namespace spate::datetime {

std::string exprSql(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kColumnRef:
      return "_c" + std::to_string(e.columnIndex);
    case ExprKind::kLiteral: {
      if (e.literal.isNull()) return "NULL";
      std::string v = formatValue(e.literal, *e.type, *TimeZone::utc(), false);
      switch (e.type->id()) {
        case TypeId::kString:
          return "'" + v + "'";
        case TypeId::kLong:
          return v + "L";
        case TypeId::kDouble:
          return v + "D";
        case TypeId::kDate:
          return "DATE '" + v + "'";
        case TypeId::kTimestamp:
          return "TIMESTAMP '" + v + "'";
        default:
          return v;
      }
    }
    case ExprKind::kCall:
      if (e.functionName == "cast" && e.children.size() == 1)
        return "CAST(" + exprSql(*e.children[0]) + " AS " + e.type->sql() + ")";
      return callSql(e.functionName, e.children);
    default:
      return e.functionName.empty() ? "?" : e.functionName;
  }
}

std::string callSql(const std::string& name, const std::vector<ExprPtr>& args) {
  std::string out = name + "(";
  for (size_t i = 0; i < args.size(); ++i) {
    if (i) out += ", ";
    out += exprSql(*args[i]);
  }
  return out + ")";
}

void checkArgCount(const std::string& name, const std::vector<ExprPtr>& args,
                   std::initializer_list<int> allowed) {
  for (int n : allowed)
    if (static_cast<int>(args.size()) == n) return;
  std::string expected;
  if (allowed.size() == 1) {
    expected = std::to_string(*allowed.begin());
  } else {
    expected = "[";
    for (int n : allowed) expected += (expected.size() > 1 ? ", " : "") + std::to_string(n);
    expected += "]";
  }
  throw AnalysisException("[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `" + name + "` requires " +
                              expected + " parameters but the actual number is " +
                              std::to_string(args.size()) + ".",
                          "WRONG_NUM_ARGS.WITHOUT_SUGGESTION");
}

std::optional<TypePtr> implicitCastTarget(const DataType& from, const TypePtr& expected) {
  const TypeId f = from.id(), t = expected->id();
  if (from.sameType(*expected)) return expected;
  if (f == TypeId::kNull) return expected;
  if (expected->isNumeric() && (from.isNumeric() || f == TypeId::kString)) return expected;
  switch (t) {
    case TypeId::kDate:
      if (f == TypeId::kString || f == TypeId::kTimestamp) return expected;
      break;
    case TypeId::kTimestamp:
      if (f == TypeId::kString || f == TypeId::kDate) return expected;
      break;
    case TypeId::kString:
      // Any atomic type (not intervals or nested types).
      if (f != TypeId::kInterval && !from.isNested()) return expected;
      break;
    case TypeId::kBinary:
      if (f == TypeId::kString) return expected;
      break;
    default:
      break;
  }
  return std::nullopt;
}

namespace {

[[noreturn]] void throwUnexpectedType(const std::string& name, const std::vector<ExprPtr>& args,
                                      size_t index, const std::string& required) {
  throw AnalysisException("[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"" +
                              callSql(name, args) + "\" due to data type mismatch: Parameter " +
                              std::to_string(index + 1) + " requires the " + required +
                              " type, however \"" + exprSql(*args[index]) + "\" has the type \"" +
                              args[index]->type->sql() + "\".",
                          "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE");
}

}  // namespace

void coerceArg(const std::string& name, std::vector<ExprPtr>& args, size_t index,
               std::initializer_list<TypePtr> accepted) {
  const DataType& from = *args[index]->type;
  for (const TypePtr& t : accepted)
    if (from.sameType(*t) && from.id() != TypeId::kNull) return;
  for (const TypePtr& t : accepted) {
    if (auto target = implicitCastTarget(from, t)) {
      args[index] = makeCast(args[index], *target);
      return;
    }
  }
  std::string required;
  if (accepted.size() == 1) {
    required = "\"" + (*accepted.begin())->sql() + "\"";
  } else {
    required = "(";
    for (const TypePtr& t : accepted)
      required += (required.size() > 1 ? " or \"" : "\"") + t->sql() + "\"";
    required += ")";
  }
  throwUnexpectedType(name, args, index, required);
}

void coerceNumericArg(const std::string& name, std::vector<ExprPtr>& args, size_t index) {
  const DataType& from = *args[index]->type;
  if (from.isNumeric()) return;
  if (from.id() == TypeId::kString || from.id() == TypeId::kNull) {
    args[index] = makeCast(args[index], DataType::doubleType());
    return;
  }
  throwUnexpectedType(name, args, index, "\"NUMERIC\"");
}

void coerceIntegralArg(const std::string& name, std::vector<ExprPtr>& args, size_t index) {
  const DataType& from = *args[index]->type;
  if (from.isIntegral()) return;
  if (from.id() == TypeId::kString || from.id() == TypeId::kNull) {
    args[index] = makeCast(args[index], DataType::longType());
    return;
  }
  throwUnexpectedType(name, args, index, "\"INTEGRAL\"");
}

TimeZonePtr zoneFromFunctionArgument(std::string_view id) {
  static const std::unordered_map<std::string_view, std::string_view> kShortIds = {
      {"EST", "-05:00"},
      {"MST", "-07:00"},
      {"HST", "-10:00"},
      {"ACT", "Australia/Darwin"},
      {"AET", "Australia/Sydney"},
      {"AGT", "America/Argentina/Buenos_Aires"},
      {"ART", "Africa/Cairo"},
      {"AST", "America/Anchorage"},
      {"BET", "America/Sao_Paulo"},
      {"BST", "Asia/Dhaka"},
      {"CAT", "Africa/Harare"},
      {"CNT", "America/St_Johns"},
      {"CST", "America/Chicago"},
      {"CTT", "Asia/Shanghai"},
      {"EAT", "Africa/Addis_Ababa"},
      {"ECT", "Europe/Paris"},
      {"IET", "America/Indiana/Indianapolis"},
      {"IST", "Asia/Kolkata"},
      {"JST", "Asia/Tokyo"},
      {"MIT", "Pacific/Apia"},
      {"NET", "Asia/Yerevan"},
      {"NST", "Pacific/Auckland"},
      {"PLT", "Asia/Karachi"},
      {"PNT", "America/Phoenix"},
      {"PRT", "America/Puerto_Rico"},
      {"PST", "America/Los_Angeles"},
      {"SST", "Pacific/Guadalcanal"},
      {"VST", "Asia/Ho_Chi_Minh"},
  };
  if (id.empty() || id.front() == ' ' || id.back() == ' ') return nullptr;
  auto it = kShortIds.find(id);
  return TimeZone::of(it == kShortIds.end() ? id : it->second);
}

std::optional<ConstantString> constantString(const ExprPtr& arg) {
  if (!isConstant(*arg)) return std::nullopt;
  Value v = evaluateConstant(*arg, EvalContext{});
  ConstantString out;
  if (v.isNull()) {
    out.isNull = true;
    return out;
  }
  if (arg->type->id() != TypeId::kString) return std::nullopt;
  out.value = v.asString();
  return out;
}

}  // namespace spate::datetime
