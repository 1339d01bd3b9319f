#include "function/aggregate_kernel.h"

#include <algorithm>

#include "common/error.h"
#include "common/strings.h"
#include "expression/cast.h"

namespace spate::agg {

namespace {

int compareNullable(const Value& a, const Value& b, const DataType& type) {
  if (a.isNull()) return b.isNull() ? 0 : -1;
  if (b.isNull()) return 1;
  return compareValues(a, b, type);
}

template <typename T>
int threeWay(T a, T b) {
  return orderLess(a, b) ? -1 : (orderLess(b, a) ? 1 : 0);
}

}  // namespace

int compareValues(const Value& a, const Value& b, const DataType& type) {
  switch (type.id()) {
    case TypeId::kBoolean:
      return threeWay<int>(a.asBool(), b.asBool());
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
    case TypeId::kDate:
    case TypeId::kTimestamp:
      return threeWay(a.asLong(), b.asLong());
    case TypeId::kFloat:
    case TypeId::kDouble:
      return threeWay(a.asDouble(), b.asDouble());
    case TypeId::kDecimal:
      return threeWay(a.asDecimal(), b.asDecimal());
    case TypeId::kString:
    case TypeId::kBinary: {
      int c = a.asString().compare(b.asString());
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case TypeId::kArray: {
      const ValueList& x = a.asList();
      const ValueList& y = b.asList();
      size_t n = std::min(x.size(), y.size());
      for (size_t i = 0; i < n; ++i) {
        if (int c = compareNullable(x[i], y[i], *type.element())) return c;
      }
      return threeWay(x.size(), y.size());
    }
    case TypeId::kStruct: {
      const ValueList& x = a.asList();
      const ValueList& y = b.asList();
      for (size_t i = 0; i < type.fields().size(); ++i) {
        if (int c = compareNullable(x[i], y[i], *type.fields()[i].type)) return c;
      }
      return 0;
    }
    default:
      return 0;
  }
}

bool isOrderable(const DataType& type) {
  switch (type.id()) {
    case TypeId::kMap:
    case TypeId::kInterval:
      return false;
    case TypeId::kArray:
      return isOrderable(*type.element());
    case TypeId::kStruct:
      return std::all_of(type.fields().begin(), type.fields().end(),
                         [](const StructField& f) { return isOrderable(*f.type); });
    default:
      return true;
  }
}

TypePtr bufferStruct(std::initializer_list<std::pair<const char*, TypePtr>> fields) {
  std::vector<StructField> out;
  for (const auto& [name, type] : fields) out.push_back({name, type, true});
  return DataType::structType(std::move(out));
}

void addAggregate(FunctionRegistry& registry, const std::string& name, NamedAggregateBinder binder,
                  DistinctMode distinctMode, const std::string& usage,
                  std::initializer_list<const char*> aliases) {
  auto add = [&](const std::string& as) {
    registry.addAggregate(
        as,
        [as, binder, distinctMode](std::vector<ExprPtr> args, bool distinct,
                                   const BindContext& context) {
          BoundAggregate bound = binder(as, std::move(args), context);
          if (distinct && distinctMode == DistinctMode::kWrap)
            return makeDistinct(std::move(bound));
          return bound;
        },
        usage);
  };
  add(name);
  for (const char* alias : aliases) add(alias);
}

std::string exprSql(const Expr& expr) {
  switch (expr.kind) {
    case ExprKind::kColumnRef:
      // Bound column references carry no name unless the analyzer stored it in functionName.
      return expr.functionName.empty() ? "#" + std::to_string(expr.columnIndex) : expr.functionName;
    case ExprKind::kLiteral:
      if (expr.literal.isNull()) return "NULL";
      if (expr.type->id() == TypeId::kString) return "'" + expr.literal.asString() + "'";
      return formatValue(expr.literal, *expr.type, *TimeZone::utc(), false);
    case ExprKind::kCall:
      if (expr.functionName == "cast" && expr.children.size() == 1) {
        return "CAST(" + exprSql(*expr.children[0]) + " AS " + expr.type->sql() + ")";
      }
      return callSql(expr.functionName, expr.children);
    case ExprKind::kAnd:
    case ExprKind::kOr:
      return "(" + exprSql(*expr.children[0]) + (expr.kind == ExprKind::kAnd ? " AND " : " OR ") +
             exprSql(*expr.children[1]) + ")";
    case ExprKind::kCase: {
      std::string out = "CASE";
      size_t i = 0;
      for (; i + 1 < expr.children.size(); i += 2) {
        out += " WHEN " + exprSql(*expr.children[i]) + " THEN " + exprSql(*expr.children[i + 1]);
      }
      if (i < expr.children.size()) out += " ELSE " + exprSql(*expr.children[i]);
      return out + " END";
    }
  }
  return "?";
}

std::string callSql(const std::string& name, const std::vector<ExprPtr>& args) {
  std::string out = name + "(";
  for (size_t i = 0; i < args.size(); ++i) {
    if (i) out += ", ";
    out += exprSql(*args[i]);
  }
  return out + ")";
}

std::string quotedType(const DataType& type) { return "\"" + type.sql() + "\""; }

void throwWrongNumArgs(const std::string& name, const std::string& expected, size_t actual) {
  throw AnalysisException("[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `" + name + "` requires " +
                              expected + " parameters but the actual number is " +
                              std::to_string(actual) + ".",
                          "WRONG_NUM_ARGS.WITHOUT_SUGGESTION");
}

void checkArity(const std::string& name, const std::vector<ExprPtr>& args, size_t min, size_t max) {
  if (args.size() >= min && args.size() <= max) return;
  std::string expected = min == max ? std::to_string(min)
                                    : "[" + std::to_string(min) + ", " + std::to_string(max) + "]";
  throwWrongNumArgs(name, expected, args.size());
}

void throwUnexpectedType(const std::string& name, const std::vector<ExprPtr>& args, size_t index,
                         const std::string& requiredType) {
  throw AnalysisException("[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"" +
                              callSql(name, args) + "\" due to data type mismatch: Parameter " +
                              std::to_string(index + 1) + " requires the " + requiredType +
                              " type, however \"" + exprSql(*args[index]) + "\" has the type " +
                              quotedType(*args[index]->type) + ".",
                          "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE");
}

void throwNotOrderable(const std::string& name, const std::vector<ExprPtr>& args, size_t index) {
  throw AnalysisException("[DATATYPE_MISMATCH.INVALID_ORDERING_TYPE] Cannot resolve \"" +
                              callSql(name, args) + "\" due to data type mismatch: The `" + name +
                              "` does not support ordering on type " +
                              quotedType(*args[index]->type) + ".",
                          "DATATYPE_MISMATCH.INVALID_ORDERING_TYPE");
}

ExprPtr coerceToDouble(const std::string& name, const std::vector<ExprPtr>& args, size_t index) {
  const ExprPtr& arg = args[index];
  switch (arg->type->id()) {
    case TypeId::kNull:
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
    case TypeId::kFloat:
    case TypeId::kDouble:
      return arg;
    case TypeId::kDecimal:
    case TypeId::kString:
      return makeCast(arg, DataType::doubleType());
    default:
      throwUnexpectedType(name, args, index, "\"DOUBLE\"");
  }
}

}  // namespace spate::agg
