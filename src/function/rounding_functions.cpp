// round (HALF_UP), bround (HALF_EVEN), floor and ceil/ceiling. Doubles are rounded as Spark does:
// through BigDecimal(Double.toString(d)), so round(1.005, 2) = 1.01 and round(2.5) = 3.0.
#include <cmath>
#include <cstdlib>

#include "common/strings.h"
#include "function/analysis_errors.h"
#include "function/coercion.h"
#include "function/decimal_arithmetic.h"
#include "function/kernel.h"
#include "function/math_registration.h"
#include "function/vector_kernels.h"

namespace spate {

namespace {

// new BigDecimal(javaText).setScale(scale, mode), rendered as "[-]digits e<exp>" for strtod, or
// nullopt when no digit is dropped (the value is unchanged).
std::optional<std::string> roundDecimalText(std::string_view text, int scale, RoundingMode mode) {
  bool negative = !text.empty() && text[0] == '-';
  if (negative) text.remove_prefix(1);
  std::string digits;
  int fraction = 0, exponent = 0;
  bool afterPoint = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.') {
      afterPoint = true;
    } else if (c == 'E' || c == 'e') {
      exponent = std::atoi(std::string(text.substr(i + 1)).c_str());
      break;
    } else {
      digits += c;
      if (afterPoint) ++fraction;
    }
  }
  // value = digits * 10^-valueScale
  int valueScale = fraction - exponent;
  if (valueScale <= scale) return std::nullopt;
  int drop = valueScale - scale;
  std::string kept, dropped;
  if (drop >= static_cast<int>(digits.size())) {
    kept = "0";
    dropped = std::string(drop - digits.size(), '0') + digits;
  } else {
    kept = digits.substr(0, digits.size() - drop);
    dropped = digits.substr(digits.size() - drop);
  }
  char first = dropped[0];
  bool restNonZero = dropped.find_first_not_of('0', 1) != std::string::npos;
  bool inexact = first != '0' || restNonZero;
  bool up = false;
  switch (mode) {
    case RoundingMode::kHalfUp:
      up = first >= '5';
      break;
    case RoundingMode::kHalfEven:
      up = first > '5' || (first == '5' && (restNonZero || (kept.back() - '0') % 2 == 1));
      break;
    case RoundingMode::kFloor:
      up = negative && inexact;
      break;
    case RoundingMode::kCeiling:
      up = !negative && inexact;
      break;
    case RoundingMode::kDown:
      break;
  }
  if (up) {
    int i = static_cast<int>(kept.size()) - 1;
    while (i >= 0 && kept[i] == '9') kept[i--] = '0';
    if (i < 0)
      kept.insert(kept.begin(), '1');
    else
      ++kept[i];
  }
  return (negative ? "-" : "") + kept + "e" + std::to_string(-scale);
}

double roundDouble(double d, int scale, RoundingMode mode) {
  if (std::isnan(d) || std::isinf(d)) return d;
  auto text = roundDecimalText(formatDouble(d), scale, mode);
  double r = text ? std::strtod(text->c_str(), nullptr) : d;
  return r == 0 ? 0.0 : r;  // BigDecimal has no negative zero
}

float roundFloat(float f, int scale, RoundingMode mode) {
  if (std::isnan(f) || std::isinf(f)) return f;
  auto text = roundDecimalText(formatDouble(static_cast<double>(f)), scale, mode);
  float r = text ? std::strtof(text->c_str(), nullptr) : f;
  return r == 0 ? 0.0f : r;
}

// BigDecimal(x).setScale(scale, mode) narrowed back like BigDecimal.longValue / intValue.
template <typename T>
T roundIntegral(T x, int scale, RoundingMode mode) {
  if (scale >= 0) return x;
  int k = -scale;
  if (k > 38) k = 38;  // |x| < 10^19: rounds to 0 either way
  auto q = rescaleDecimal(Int128{x}, k, 0, 38, mode);
  Int128 r = *q * pow10Int128(k);
  return static_cast<T>(static_cast<uint64_t>(static_cast<unsigned __int128>(r)));
}

template <typename T>
ColumnPtr roundColumn(const KernelArgs& a, int scale, RoundingMode mode) {
  return unaryFixed<T, T>(a, [scale, mode](T x) -> T {
    if constexpr (std::is_same_v<T, double>)
      return roundDouble(x, scale, mode);
    else if constexpr (std::is_same_v<T, float>)
      return roundFloat(x, scale, mode);
    else
      return roundIntegral<T>(x, scale, mode);
  });
}

// RoundBase.dataType for a decimal input.
TypePtr roundedDecimalType(const DataType& t, int scale) {
  int integralLeastNumDigits = t.precision() - t.scale() + 1;
  if (scale < 0) {
    int precision = std::max(integralLeastNumDigits, -scale + 1);
    return DataType::decimal(std::min(precision, kMaxDecimalPrecision), 0);
  }
  int newScale = std::min(t.scale(), scale);
  return DataType::decimal(std::min(integralLeastNumDigits + newScale, kMaxDecimalPrecision),
                           newScale);
}

ExprPtr bindRound(const char* name, RoundingMode mode, std::vector<ExprPtr> args) {
  checkArgCount(name, args, 1, 2);
  std::string sql = callSql(
      name, args.size() == 2
                ? args
                : std::vector<ExprPtr>{args[0], makeLiteral(Value(0), DataType::integer())});
  ExprPtr x = args[0];
  if (x->type->id() == TypeId::kString || x->type->id() == TypeId::kNull)
    x = coerceTo(x, DataType::doubleType());
  if (!x->type->isNumeric()) throwUnexpectedInputType(sql, 1, "\"NUMERIC\"", *x);
  int scale = 0;
  bool nullScale = false;
  ExprPtr scaleArg = args.size() == 2 ? args[1] : makeLiteral(Value(0), DataType::integer());
  if (args.size() == 2) {
    const ExprPtr& s = args[1];
    if (!s->type->isIntegral() && s->type->id() != TypeId::kNull)
      throwUnexpectedInputType(sql, 2, "\"INT\"", *s);
    if (!isConstant(*s))
      throwDataTypeMismatch("NON_FOLDABLE_INPUT", sql,
                            "the input `scale` should be a foldable \"INT\" expression; however, "
                            "got \"" +
                                exprSql(*s) + "\".");
    Value v = evaluateConstant(*s, EvalContext{});
    nullScale = v.isNull();
    if (!nullScale) scale = static_cast<int32_t>(v.asLong());
    scaleArg = makeLiteral(nullScale ? Value::null() : Value(scale), DataType::integer());
  }
  TypePtr type = x->type->id() == TypeId::kDecimal ? roundedDecimalType(*x->type, scale) : x->type;
  if (nullScale)
    return makeCall(name, type, {x, scaleArg},
                    [](const KernelArgs& a) { return makeNullColumn(a.resultType, a.rows); });
  ScalarKernel kernel;
  switch (x->type->id()) {
    case TypeId::kByte:
      kernel = [scale, mode](const KernelArgs& a) { return roundColumn<int8_t>(a, scale, mode); };
      break;
    case TypeId::kShort:
      kernel = [scale, mode](const KernelArgs& a) { return roundColumn<int16_t>(a, scale, mode); };
      break;
    case TypeId::kInt:
      kernel = [scale, mode](const KernelArgs& a) { return roundColumn<int32_t>(a, scale, mode); };
      break;
    case TypeId::kLong:
      kernel = [scale, mode](const KernelArgs& a) { return roundColumn<int64_t>(a, scale, mode); };
      break;
    case TypeId::kFloat:
      kernel = [scale, mode](const KernelArgs& a) { return roundColumn<float>(a, scale, mode); };
      break;
    case TypeId::kDouble:
      kernel = [scale, mode](const KernelArgs& a) { return roundColumn<double>(a, scale, mode); };
      break;
    default: {
      int from = x->type->scale();
      int precision = type->precision();
      kernel = [from, scale, precision, mode](const KernelArgs& a) {
        return mapUnary<Int128, Int128>(a, [&](Int128 v) -> std::optional<Int128> {
          if (scale >= 0) return rescaleDecimal(v, from, std::min(from, scale), precision, mode);
          // Round at 10^-scale, then express at scale 0.
          auto q = rescaleDecimal(v, from - scale, 0, kMaxDecimalPrecision, mode);
          if (!q) return std::nullopt;
          return rescaleDecimal(*q, 0, -scale, precision, RoundingMode::kDown);
        });
      };
    }
  }
  return makeCall(name, type, {x, scaleArg}, std::move(kernel));
}

// Math.floor/ceil then (long): saturating, NaN → 0.
int64_t doubleToLong(double v) {
  if (std::isnan(v)) return 0;
  if (v >= 9.223372036854775807e18) return INT64_MAX;
  if (v <= -9.223372036854775808e18) return INT64_MIN;
  return static_cast<int64_t>(v);
}

template <typename In>
ColumnPtr floorCeilColumn(const KernelArgs& a, bool ceil) {
  if constexpr (std::is_floating_point_v<In>) {
    if (ceil)
      return unaryFixed<int64_t, In>(a, [](In x) { return doubleToLong(std::ceil(double(x))); });
    return unaryFixed<int64_t, In>(a, [](In x) { return doubleToLong(std::floor(double(x))); });
  } else {
    return unaryFixed<int64_t, In>(a, [](In x) { return int64_t{x}; });
  }
}

// ceil(x, scale) / floor(x, scale) (Spark 3.3+ RoundCeil/RoundFloor): x as a decimal, rounded up
// or down at `scale` digits; the result keeps the input's precision.
ExprPtr bindFloorCeilWithScale(const char* pretty, bool ceil, std::vector<ExprPtr> args) {
  std::string sql = callSql(pretty, args);
  ExprPtr x = args[0];
  if (x->type->id() == TypeId::kString || x->type->id() == TypeId::kNull)
    x = coerceTo(x, DataType::doubleType());
  if (!x->type->isNumeric()) throwUnexpectedInputType(sql, 1, "\"DECIMAL\"", *x);
  if (x->type->isIntegral()) {
    int digits = x->type->id() == TypeId::kByte ? 3 : x->type->id() == TypeId::kShort ? 5
                 : x->type->id() == TypeId::kInt ? 10 : 20;
    x = coerceTo(x, DataType::decimal(digits, 0));
  } else if (x->type->id() != TypeId::kDecimal) {
    x = coerceTo(x, DataType::decimal(38, 18));
  }
  const ExprPtr& s = args[1];
  if (!s->type->isIntegral()) throwUnexpectedInputType(sql, 2, "\"INT\"", *s);
  if (!isConstant(*s))
    throwDataTypeMismatch("NON_FOLDABLE_INPUT", sql,
                          "the input `scale` should be a foldable \"INT\" expression; however, got \"" +
                              exprSql(*s) + "\".");
  Value v = evaluateConstant(*s, EvalContext{});
  if (v.isNull()) return makeLiteral(Value::null(), x->type);
  int scale = static_cast<int>(v.asLong());
  int p = x->type->precision(), from = x->type->scale();
  TypePtr type = scale < 0 ? boundedDecimal(std::max(p, 1 - scale), 0) : DataType::decimal(p, std::min(from, scale));
  int precision = type->precision();
  RoundingMode mode = ceil ? RoundingMode::kCeiling : RoundingMode::kFloor;
  return makeCall(pretty, type, {x, makeLiteral(Value(scale), DataType::integer())},
                  [from, scale, precision, mode](const KernelArgs& a) {
                    return mapUnary<Int128, Int128>(a, [&](Int128 d) -> std::optional<Int128> {
                      if (scale >= 0) return rescaleDecimal(d, from, std::min(from, scale), precision, mode);
                      auto q = rescaleDecimal(d, from - scale, 0, kMaxDecimalPrecision, mode);
                      if (!q) return std::nullopt;
                      return rescaleDecimal(*q, 0, -scale, precision, RoundingMode::kDown);
                    });
                  });
}

ExprPtr bindFloorCeil(const char* name, const char* pretty, bool ceil, std::vector<ExprPtr> args) {
  checkArgCount(name, args, 1, 2);
  if (args.size() == 2) return bindFloorCeilWithScale(pretty, ceil, std::move(args));
  ExprPtr x = args[0];
  if (x->type->id() == TypeId::kString || x->type->id() == TypeId::kNull)
    x = coerceTo(x, DataType::doubleType());
  ScalarKernel kernel;
  TypePtr type = DataType::longType();
  switch (x->type->id()) {
    case TypeId::kByte:
      kernel = [ceil](const KernelArgs& a) { return floorCeilColumn<int8_t>(a, ceil); };
      break;
    case TypeId::kShort:
      kernel = [ceil](const KernelArgs& a) { return floorCeilColumn<int16_t>(a, ceil); };
      break;
    case TypeId::kInt:
      kernel = [ceil](const KernelArgs& a) { return floorCeilColumn<int32_t>(a, ceil); };
      break;
    case TypeId::kLong:
      kernel = [ceil](const KernelArgs& a) { return floorCeilColumn<int64_t>(a, ceil); };
      break;
    case TypeId::kFloat:
      kernel = [ceil](const KernelArgs& a) { return floorCeilColumn<float>(a, ceil); };
      break;
    case TypeId::kDouble:
      kernel = [ceil](const KernelArgs& a) { return floorCeilColumn<double>(a, ceil); };
      break;
    case TypeId::kDecimal: {
      int s = x->type->scale();
      type = boundedDecimal(x->type->precision() - s + 1, 0);
      int precision = type->precision();
      RoundingMode mode = ceil ? RoundingMode::kCeiling : RoundingMode::kFloor;
      kernel = [s, precision, mode](const KernelArgs& a) {
        return mapUnary<Int128, Int128>(
            a, [&](Int128 v) { return rescaleDecimal(v, s, 0, precision, mode); });
      };
      break;
    }
    default:
      throwUnexpectedInputType(callSql(pretty, args), 1,
                               "(\"DOUBLE\" or \"DECIMAL\" or \"BIGINT\")", *x);
  }
  return makeCall(pretty, type, {x}, std::move(kernel), nullptr, x->nullable);
}

}  // namespace

void registerRoundingFunctions(FunctionRegistry& registry) {
  registry.addScalar(
      "round",
      [](std::vector<ExprPtr> args, const BindContext&) {
        return bindRound("round", RoundingMode::kHalfUp, std::move(args));
      },
      "round(expr, d) - Returns `expr` rounded to `d` decimal places using HALF_UP rounding mode.");
  registry.addScalar(
      "bround",
      [](std::vector<ExprPtr> args, const BindContext&) {
        return bindRound("bround", RoundingMode::kHalfEven, std::move(args));
      },
      "bround(expr, d) - Returns `expr` rounded to `d` decimal places using HALF_EVEN rounding "
      "mode.");
  registry.addScalar(
      "floor",
      [](std::vector<ExprPtr> args, const BindContext&) {
        return bindFloorCeil("floor", "FLOOR", false, std::move(args));
      },
      "floor(expr[, scale]) - Returns the largest number not greater than `expr`, at `scale` digits.");
  registry.addScalar(
      "ceil",
      [](std::vector<ExprPtr> args, const BindContext&) {
        return bindFloorCeil("ceil", "CEIL", true, std::move(args));
      },
      "ceil(expr[, scale]) - Returns the smallest number not smaller than `expr`, at `scale` digits.");
  registry.addScalar(
      "ceiling",
      [](std::vector<ExprPtr> args, const BindContext&) {
        return bindFloorCeil("ceiling", "ceiling", true, std::move(args));
      },
      "ceiling(expr) - Returns the smallest integer not smaller than `expr`.");
}

}  // namespace spate
