// The arithmetic operators (+ - * / % pmod div, unary - and +, bitwise & | ^ ~) with Spark 3.5's
// non-ANSI semantics: integral results wrap like Java, division and modulo by zero give NULL,
// "/" works on DOUBLE or DECIMAL, decimals follow DecimalPrecision and give NULL on overflow.
#include <cmath>
#include <type_traits>

#include "function/analysis_errors.h"
#include "function/coercion.h"
#include "function/datetime_arithmetic.h"
#include "function/decimal_arithmetic.h"
#include "function/kernel.h"
#include "function/registry.h"
#include "function/vector_kernels.h"

namespace spate {

namespace {

enum class Op { kAdd, kSubtract, kMultiply, kDivide, kMod, kPmod, kDiv, kAnd, kOr, kXor };

constexpr std::string_view kNumericOrInterval =
    "(\"NUMERIC\" or \"INTERVAL DAY TO SECOND\" or \"INTERVAL YEAR TO MONTH\" or \"INTERVAL\")";

// Integer arithmetic that wraps like Java's (computed modulo 2^64, then narrowed).
template <typename T>
T wrapAdd(T x, T y) {
  return static_cast<T>(static_cast<uint64_t>(x) + static_cast<uint64_t>(y));
}
template <typename T>
T wrapSubtract(T x, T y) {
  return static_cast<T>(static_cast<uint64_t>(x) - static_cast<uint64_t>(y));
}
template <typename T>
T wrapMultiply(T x, T y) {
  return static_cast<T>(static_cast<uint64_t>(x) * static_cast<uint64_t>(y));
}

// Java's remainder for the type's arithmetic width (byte and short compute in int).
template <typename T>
T javaRemainder(T x, T y) {
  if constexpr (std::is_floating_point_v<T>) {
    return std::fmod(x, y);
  } else {
    return y == -1 ? T{0} : static_cast<T>(x % y);
  }
}

template <typename T>
T javaPmod(T x, T y) {
  if constexpr (std::is_floating_point_v<T>) {
    T r = std::fmod(x, y);
    return r < 0 ? std::fmod(r + y, y) : r;
  } else {
    using Wide = std::conditional_t<(sizeof(T) <= 4), int32_t, int64_t>;
    Wide a = x, n = y;
    Wide r = javaRemainder<Wide>(a, n);
    if (r < 0) r = javaRemainder<Wide>(wrapAdd<Wide>(r, n), n);
    return static_cast<T>(r);
  }
}

bool isNullType(const ExprPtr& e) { return e->type->id() == TypeId::kNull; }
bool isDecimal(const ExprPtr& e) { return e->type->id() == TypeId::kDecimal; }
bool isFloating(const ExprPtr& e) {
  return e->type->id() == TypeId::kFloat || e->type->id() == TypeId::kDouble;
}
bool numericOrNull(const ExprPtr& e) { return e->type->isNumeric() || isNullType(e); }

// The type an integral operand becomes next to a decimal: a literal takes just the digits it
// needs (spark.sql.legacy.literal.pickMinimumPrecision=true), a column its type's full range.
TypePtr decimalForOperand(const ExprPtr& e) {
  if (e->kind == ExprKind::kLiteral && !e->literal.isNull())
    return decimalForIntegralLiteral(e->literal.asLong());
  return decimalForType(*e->type);
}

// ---- Kernels
// -------------------------------------------------------------------------------------

template <typename T>
ScalarKernel integralOrFloatingKernel(Op op) {
  using S = StorageOf<T>;
  switch (op) {
    case Op::kAdd:
      if constexpr (std::is_floating_point_v<T>)
        return [](const KernelArgs& a) {
          return binaryFixed<T, T, T>(a, [](T x, T y) { return x + y; });
        };
      else
        return [](const KernelArgs& a) { return binaryFixed<T, T, T>(a, wrapAdd<T>); };
    case Op::kSubtract:
      if constexpr (std::is_floating_point_v<T>)
        return [](const KernelArgs& a) {
          return binaryFixed<T, T, T>(a, [](T x, T y) { return x - y; });
        };
      else
        return [](const KernelArgs& a) { return binaryFixed<T, T, T>(a, wrapSubtract<T>); };
    case Op::kMultiply:
      if constexpr (std::is_floating_point_v<T>)
        return [](const KernelArgs& a) {
          return binaryFixed<T, T, T>(a, [](T x, T y) { return x * y; });
        };
      else
        return [](const KernelArgs& a) { return binaryFixed<T, T, T>(a, wrapMultiply<T>); };
    case Op::kDivide:
      return [](const KernelArgs& a) {
        return binaryFixedNullable<T, T, T>(a, [](T x, T y, S& out) {
          if (y == 0) return false;
          out = x / y;
          return true;
        });
      };
    case Op::kMod:
      return [](const KernelArgs& a) {
        return binaryFixedNullable<T, T, T>(a, [](T x, T y, S& out) {
          if (y == 0) return false;
          out = javaRemainder<T>(x, y);
          return true;
        });
      };
    case Op::kPmod:
      return [](const KernelArgs& a) {
        return binaryFixedNullable<T, T, T>(a, [](T x, T y, S& out) {
          if (y == 0) return false;
          out = javaPmod<T>(x, y);
          return true;
        });
      };
    case Op::kDiv:
      return [](const KernelArgs& a) {
        return binaryFixedNullable<int64_t, T, T>(a, [](T x, T y, int64_t& out) {
          if (y == 0) return false;
          if constexpr (std::is_floating_point_v<T>) {
            out = static_cast<int64_t>(x / y);
          } else {
            out = y == -1 ? static_cast<int64_t>(wrapSubtract<int64_t>(0, x)) : x / y;
          }
          return true;
        });
      };
    case Op::kAnd:
      if constexpr (std::is_integral_v<T>)
        return [](const KernelArgs& a) {
          return binaryFixed<T, T, T>(a, [](T x, T y) -> T { return x & y; });
        };
      break;
    case Op::kOr:
      if constexpr (std::is_integral_v<T>)
        return [](const KernelArgs& a) {
          return binaryFixed<T, T, T>(a, [](T x, T y) -> T { return x | y; });
        };
      break;
    case Op::kXor:
      if constexpr (std::is_integral_v<T>)
        return [](const KernelArgs& a) {
          return binaryFixed<T, T, T>(a, [](T x, T y) -> T { return x ^ y; });
        };
      break;
  }
  throw InternalError("no kernel for this arithmetic operator and type");
}

ScalarKernel decimalKernel(Op op, const DataType& left, const DataType& right,
                           const DataType& result) {
  DecimalOperation d{left.scale(), right.scale(), result.precision(), result.scale()};
  auto lift = [](auto f) -> ScalarKernel {
    return [f](const KernelArgs& a) { return mapBinary<Int128, Int128, Int128>(a, f); };
  };
  switch (op) {
    case Op::kAdd:
      return lift([d](Int128 x, Int128 y) { return decimalAdd(x, y, d); });
    case Op::kSubtract:
      return lift([d](Int128 x, Int128 y) { return decimalSubtract(x, y, d); });
    case Op::kMultiply:
      return lift([d](Int128 x, Int128 y) { return decimalMultiply(x, y, d); });
    case Op::kDivide:
      return lift([d](Int128 x, Int128 y) { return decimalDivide(x, y, d); });
    case Op::kMod:
      return lift([d](Int128 x, Int128 y) { return decimalRemainder(x, y, d); });
    case Op::kPmod:
      return lift([d](Int128 x, Int128 y) { return decimalPmod(x, y, d); });
    case Op::kDiv:
      return [d](const KernelArgs& a) {
        return mapBinary<int64_t, Int128, Int128>(
            a, [d](Int128 x, Int128 y) { return decimalIntegralDivide(x, y, d.s1, d.s2); });
      };
    default:
      break;
  }
  throw InternalError("no decimal kernel for this operator");
}

ScalarKernel numericKernel(Op op, TypeId id) {
  switch (id) {
    case TypeId::kByte:
      return integralOrFloatingKernel<int8_t>(op);
    case TypeId::kShort:
      return integralOrFloatingKernel<int16_t>(op);
    case TypeId::kInt:
      return integralOrFloatingKernel<int32_t>(op);
    case TypeId::kLong:
      return integralOrFloatingKernel<int64_t>(op);
    case TypeId::kFloat:
      return integralOrFloatingKernel<float>(op);
    case TypeId::kDouble:
      return integralOrFloatingKernel<double>(op);
    default:
      throw InternalError("numericKernel: not a numeric type");
  }
}

// ---- Binders
// -------------------------------------------------------------------------------------

struct OperatorInfo {
  std::string_view name;
  Op op;
  std::string_view acceptedTypes;  // Spark's inputType, as quoted in BINARY_OP_WRONG_TYPE
  bool accepts(const DataType& t) const {
    switch (op) {
      case Op::kDivide:
        return t.id() == TypeId::kDouble || t.id() == TypeId::kDecimal;
      case Op::kDiv:
        return t.id() == TypeId::kLong || t.id() == TypeId::kDecimal;
      case Op::kAnd:
      case Op::kOr:
      case Op::kXor:
        return t.isIntegral();
      default:
        return t.isNumeric();
    }
  }
};

ExprPtr bindBinaryArithmetic(const OperatorInfo& info, std::vector<ExprPtr> args,
                             const BindContext& context) {
  checkArgCount(info.name, args, 2, 2);
  if (info.op == Op::kAdd || info.op == Op::kSubtract || info.op == Op::kMultiply ||
      info.op == Op::kDivide) {
    if (auto e = bindDatetimeArithmetic(info.name, args, context)) return *e;
  }
  std::string sql = callSql(info.name, args);
  ExprPtr l = args[0], r = args[1];
  bool bitwise = info.op == Op::kAnd || info.op == Op::kOr || info.op == Op::kXor;
  // PromoteStrings: strings in arithmetic become DOUBLE.
  if (l->type->id() == TypeId::kString) l = coerceTo(l, DataType::doubleType());
  if (r->type->id() == TypeId::kString) r = coerceTo(r, DataType::doubleType());
  // DecimalPrecision: integral operands next to a decimal become decimals; a decimal next to a
  // float or double becomes DOUBLE.
  if (isDecimal(l) != isDecimal(r)) {
    ExprPtr& other = isDecimal(l) ? r : l;
    ExprPtr& decimal = isDecimal(l) ? l : r;
    if (other->type->isIntegral())
      other = coerceTo(other, decimalForOperand(other));
    else if (isFloating(other))
      decimal = coerceTo(decimal, DataType::doubleType());
    else if (isNullType(other))
      other = coerceTo(other, decimal->type);
  }
  if (!isDecimal(l) && !isDecimal(r) && numericOrNull(l) && numericOrNull(r)) {
    TypePtr target;
    if (info.op == Op::kDivide) {
      target = DataType::doubleType();  // Division: "/" on non-decimals is always DOUBLE
    } else if (info.op == Op::kDiv) {
      // IntegralDivide takes BIGINT (or DECIMAL): other numbers are cast to BIGINT.
      target = DataType::longType();
    } else if (isNullType(l) && isNullType(r)) {
      target = bitwise ? DataType::integer() : DataType::doubleType();
    } else {
      target = *findTightestCommonType(l->type, r->type);
    }
    if (!bitwise || target->isIntegral()) {
      l = coerceTo(l, target);
      r = coerceTo(r, target);
    }
  }
  bool bothDecimal = isDecimal(l) && isDecimal(r);
  if (!bothDecimal && !l->type->sameType(*r->type))
    throwDataTypeMismatch("BINARY_OP_DIFF_TYPES", sql,
                          "the left and right operands of the binary operator have incompatible "
                          "types (" +
                              quotedType(*l->type) + " and " + quotedType(*r->type) + ").");
  if (!info.accepts(*l->type))
    throwDataTypeMismatch("BINARY_OP_WRONG_TYPE", sql,
                          "the binary operator requires the input type " +
                              std::string(info.acceptedTypes) + ", not " + quotedType(*l->type) +
                              ".");
  TypePtr resultType = l->type;
  bool mayBeNull = l->nullable || r->nullable;
  ScalarKernel kernel;
  if (bothDecimal) {
    switch (info.op) {
      case Op::kAdd:
      case Op::kSubtract:
        resultType = decimalAddType(*l->type, *r->type);
        break;
      case Op::kMultiply:
        resultType = decimalMultiplyType(*l->type, *r->type);
        break;
      case Op::kDivide:
        resultType = decimalDivideType(*l->type, *r->type);
        break;
      case Op::kDiv:
        resultType = DataType::longType();
        break;
      default:
        resultType = decimalRemainderType(*l->type, *r->type);
        break;
    }
    kernel = decimalKernel(info.op, *l->type, *r->type, *resultType);
    mayBeNull = true;  // overflow gives NULL
  } else {
    if (info.op == Op::kDiv) resultType = DataType::longType();
    kernel = numericKernel(info.op, l->type->id());
    if (info.op == Op::kDivide || info.op == Op::kMod || info.op == Op::kPmod ||
        info.op == Op::kDiv)
      mayBeNull = true;
  }
  return makeCall(std::string(info.name), resultType, {l, r}, std::move(kernel), nullptr,
                  mayBeNull);
}

template <typename T>
ColumnPtr negateColumn(const KernelArgs& a) {
  if constexpr (std::is_floating_point_v<T>)
    return unaryFixed<T, T>(a, [](T x) { return -x; });
  else if constexpr (std::is_same_v<T, Int128>)
    return unaryFixed<T, T>(a, [](T x) { return -x; });
  else
    return unaryFixed<T, T>(a, [](T x) { return wrapSubtract<T>(T{0}, x); });
}

ExprPtr bindNegative(std::vector<ExprPtr> args, const BindContext&) {
  checkArgCount("negative", args, 1, 1);
  ExprPtr x = args[0];
  if (x->type->id() == TypeId::kString) x = coerceTo(x, DataType::doubleType());
  if (isNullType(x)) x = coerceTo(x, DataType::doubleType());
  ScalarKernel kernel;
  switch (x->type->id()) {
    case TypeId::kByte:
      kernel = negateColumn<int8_t>;
      break;
    case TypeId::kShort:
      kernel = negateColumn<int16_t>;
      break;
    case TypeId::kInt:
      kernel = negateColumn<int32_t>;
      break;
    case TypeId::kLong:
      kernel = negateColumn<int64_t>;
      break;
    case TypeId::kFloat:
      kernel = negateColumn<float>;
      break;
    case TypeId::kDouble:
      kernel = negateColumn<double>;
      break;
    case TypeId::kDecimal:
      kernel = negateColumn<Int128>;
      break;
    case TypeId::kInterval:
      kernel = [](const KernelArgs& a) {
        return unaryFixed<Interval, Interval>(a,
                                              [](const Interval& v) { return negateInterval(v); });
      };
      break;
    default:
      throwUnexpectedInputType(callSql("negative", args), 1, kNumericOrInterval, *x);
  }
  return makeCall("negative", x->type, {x}, std::move(kernel), nullptr, x->nullable);
}

ExprPtr bindPositive(std::vector<ExprPtr> args, const BindContext&) {
  checkArgCount("positive", args, 1, 1);
  ExprPtr x = args[0];
  if (x->type->id() == TypeId::kString) x = coerceTo(x, DataType::doubleType());
  if (isNullType(x)) x = coerceTo(x, DataType::doubleType());
  if (!x->type->isNumeric() && x->type->id() != TypeId::kInterval)
    throwUnexpectedInputType(callSql("positive", args), 1, kNumericOrInterval, *x);
  return makeCall(
      "positive", x->type, {x}, [](const KernelArgs& a) { return a.columns[0]; }, nullptr,
      x->nullable);
}

template <typename T>
ColumnPtr bitwiseNotColumn(const KernelArgs& a) {
  return unaryFixed<T, T>(a, [](T x) -> T { return static_cast<T>(~x); });
}

ExprPtr bindBitwiseNot(std::vector<ExprPtr> args, const BindContext&) {
  checkArgCount("bitwise_not", args, 1, 1);
  ExprPtr x = args[0];
  if (isNullType(x)) x = coerceTo(x, DataType::integer());
  ScalarKernel kernel;
  switch (x->type->id()) {
    case TypeId::kByte:
      kernel = bitwiseNotColumn<int8_t>;
      break;
    case TypeId::kShort:
      kernel = bitwiseNotColumn<int16_t>;
      break;
    case TypeId::kInt:
      kernel = bitwiseNotColumn<int32_t>;
      break;
    case TypeId::kLong:
      kernel = bitwiseNotColumn<int64_t>;
      break;
    default:
      throwUnexpectedInputType(callSql("bitwise_not", args), 1, "\"INTEGRAL\"", *x);
  }
  return makeCall("bitwise_not", x->type, {x}, std::move(kernel), nullptr, x->nullable);
}

}  // namespace

void registerArithmeticFunctions(FunctionRegistry& registry) {
  static const OperatorInfo kOperators[] = {
      {"add", Op::kAdd, kNumericOrInterval},
      {"subtract", Op::kSubtract, kNumericOrInterval},
      {"multiply", Op::kMultiply, "\"NUMERIC\""},
      {"divide", Op::kDivide, "(\"DOUBLE\" or \"DECIMAL\")"},
      {"mod", Op::kMod, "\"NUMERIC\""},
      {"pmod", Op::kPmod, "\"NUMERIC\""},
      {"div", Op::kDiv, "(\"BIGINT\" or \"DECIMAL\")"},
      {"bitwise_and", Op::kAnd, "\"INTEGRAL\""},
      {"bitwise_or", Op::kOr, "\"INTEGRAL\""},
      {"bitwise_xor", Op::kXor, "\"INTEGRAL\""},
  };
  static const char* kUsage[] = {
      "expr1 + expr2 - Returns `expr1`+`expr2`.",
      "expr1 - expr2 - Returns `expr1`-`expr2`.",
      "expr1 * expr2 - Returns `expr1`*`expr2`.",
      "expr1 / expr2 - Returns `expr1`/`expr2`. It always performs floating point division.",
      "expr1 % expr2, or mod(expr1, expr2) - Returns the remainder after `expr1`/`expr2`.",
      "pmod(expr1, expr2) - Returns the positive value of `expr1` mod `expr2`.",
      "expr1 div expr2 - Divide `expr1` by `expr2`. It returns NULL if an operand is NULL or "
      "`expr2` is 0. The result is casted to long.",
      "expr1 & expr2 - Returns the result of bitwise AND of `expr1` and `expr2`.",
      "expr1 | expr2 - Returns the result of bitwise OR of `expr1` and `expr2`.",
      "expr1 ^ expr2 - Returns the result of bitwise exclusive OR of `expr1` and `expr2`.",
  };
  for (size_t i = 0; i < std::size(kOperators); ++i) {
    const OperatorInfo* info = &kOperators[i];
    registry.addScalar(
        std::string(info->name),
        [info](std::vector<ExprPtr> args, const BindContext& context) {
          return bindBinaryArithmetic(*info, std::move(args), context);
        },
        kUsage[i]);
  }
  registry.addScalar("negative", bindNegative,
                     "negative(expr) - Returns the negated value of `expr`.");
  registry.addScalar("positive", bindPositive, "positive(expr) - Returns the value of `expr`.");
  registry.addScalar("bitwise_not", bindBitwiseNot,
                     "~ expr - Returns the result of bitwise NOT of `expr`.");
}

}  // namespace spate
