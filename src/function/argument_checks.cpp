#include "function/argument_checks.h"

#include "common/error.h"
#include "common/strings.h"
#include "expression/cast.h"

namespace spate {

namespace {

std::string escapeSqlString(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "'";
}

}  // namespace

std::string sqlValue(const Value& value, const DataType& type) {
  if (value.isNull()) return "NULL";
  switch (type.id()) {
    case TypeId::kString:
      return escapeSqlString(value.asString());
    case TypeId::kByte:
      return std::to_string(value.asLong()) + "Y";
    case TypeId::kShort:
      return std::to_string(value.asLong()) + "S";
    case TypeId::kLong:
      return std::to_string(value.asLong()) + "L";
    case TypeId::kInt:
      return std::to_string(value.asLong());
    case TypeId::kDouble:
      return formatDouble(value.asDouble()) + "D";
    case TypeId::kDecimal:
      return formatDecimal(value.asDecimal(), type.scale()) + "BD";
    case TypeId::kDate:
      return "DATE '" + formatValue(value, type, *TimeZone::utc(), false) + "'";
    case TypeId::kTimestamp:
      return "TIMESTAMP '" + formatValue(value, type, *TimeZone::utc(), false) + "'";
    case TypeId::kBinary: {
      static const char* kHex = "0123456789ABCDEF";
      std::string out = "X'";
      for (unsigned char c : value.asString()) {
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
      }
      return out + "'";
    }
    default:
      return formatValue(value, type, *TimeZone::utc(), false);
  }
}

void checkArity(std::string_view name, const std::vector<ExprPtr>& args, size_t min, int max) {
  size_t n = args.size();
  if (n >= min && (max < 0 || n <= static_cast<size_t>(max))) return;
  std::string expected;
  if (max < 0) {
    expected = min == 0 ? ">= 0" : "> " + std::to_string(min - 1);
  } else if (static_cast<size_t>(max) == min) {
    expected = std::to_string(min);
  } else if (static_cast<size_t>(max) == min + 1) {
    expected = "one of " + std::to_string(min) + " and " + std::to_string(max);
  } else {
    expected = "one of ";
    for (size_t k = min; k < static_cast<size_t>(max); ++k)
      expected += std::to_string(k) + (k + 1 < static_cast<size_t>(max) ? ", " : "");
    expected += " and " + std::to_string(max);
  }
  throwWrongNumArgs(name, expected, n);
}

void throwDataTypeMismatch(std::string_view name, const std::vector<ExprPtr>& args,
                           std::string_view subClass, std::string_view detail) {
  std::string cls = "DATATYPE_MISMATCH." + std::string(subClass);
  throw AnalysisException("[" + cls + "] Cannot resolve \"" + callSql(name, args) +
                              "\" due to data type mismatch: " + std::string(detail),
                          cls);
}

void throwUnexpectedInputType(std::string_view name, const std::vector<ExprPtr>& args, size_t index,
                              std::string_view requiredType) {
  const Expr& arg = *args[index];
  throwDataTypeMismatch(name, args, "UNEXPECTED_INPUT_TYPE",
                        "Parameter " + std::to_string(index + 1) + " requires the " +
                            std::string(requiredType) + " type, however \"" + exprSql(arg) +
                            "\" has the type " + quotedType(*arg.type) + ".");
}

ExprPtr castTo(const ExprPtr& arg, const TypePtr& to) {
  if (arg->type->equals(*to)) return arg;
  if (arg->kind == ExprKind::kLiteral && arg->literal.isNull())
    return makeLiteral(Value::null(), to);
  if (arg->type->id() == TypeId::kNull) return makeLiteral(Value::null(), to);
  return makeCast(arg, to);
}

bool isStringType(const DataType& type) { return type.id() == TypeId::kString; }

bool isAtomicType(const DataType& type) {
  return !type.isNested() && type.id() != TypeId::kInterval;
}

bool anyNullable(const std::vector<ExprPtr>& args) {
  for (const auto& a : args)
    if (a->nullable) return true;
  return false;
}

std::optional<ExprPtr> implicitToString(const ExprPtr& arg) {
  if (arg->type->id() == TypeId::kString) return arg;
  if (!isAtomicType(*arg->type)) return std::nullopt;
  return castTo(arg, DataType::string());
}

std::optional<ExprPtr> implicitToNumeric(const ExprPtr& arg, const TypePtr& to) {
  TypeId id = arg->type->id();
  if (arg->type->equals(*to)) return arg;
  if (arg->type->isNumeric() || id == TypeId::kString || id == TypeId::kNull)
    return castTo(arg, to);
  return std::nullopt;
}

ExprPtr stringArg(std::string_view name, const std::vector<ExprPtr>& args, size_t index) {
  if (auto e = implicitToString(args[index])) return *e;
  throwUnexpectedInputType(name, args, index, "\"STRING\"");
}

ExprPtr stringOrBinaryArg(std::string_view name, const std::vector<ExprPtr>& args, size_t index) {
  if (args[index]->type->id() == TypeId::kBinary) return args[index];
  if (auto e = implicitToString(args[index])) return *e;
  throwUnexpectedInputType(name, args, index, "(\"STRING\" or \"BINARY\")");
}

ExprPtr intArg(std::string_view name, const std::vector<ExprPtr>& args, size_t index) {
  if (auto e = implicitToNumeric(args[index], DataType::integer())) return *e;
  throwUnexpectedInputType(name, args, index, "\"INT\"");
}

ExprPtr longArg(std::string_view name, const std::vector<ExprPtr>& args, size_t index) {
  if (auto e = implicitToNumeric(args[index], DataType::longType())) return *e;
  throwUnexpectedInputType(name, args, index, "\"BIGINT\"");
}

ExprPtr binaryArg(std::string_view name, const std::vector<ExprPtr>& args, size_t index) {
  TypeId id = args[index]->type->id();
  // STRING and BINARY columns share one layout, so strings need no cast to be hashed as bytes.
  if (id == TypeId::kBinary || id == TypeId::kString) return args[index];
  if (id == TypeId::kNull) return makeLiteral(Value::null(), DataType::binary());
  throwUnexpectedInputType(name, args, index, "\"BINARY\"");
}

std::optional<Value> constantValue(const Expr& arg) {
  if (arg.kind == ExprKind::kLiteral) return arg.literal;
  if (!isConstant(arg)) return std::nullopt;
  return evaluateConstant(arg, EvalContext{});
}

}  // namespace spate
