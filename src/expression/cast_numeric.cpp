// CAST to boolean and numeric types from booleans, numbers, decimals, dates and timestamps
// (Spark's non-ANSI Cast: Java conversions, NULL on decimal overflow, NULL from dates).
#include <optional>
#include <type_traits>

#include "common/error.h"
#include "expression/cast_kernels.h"
#include "expression/decimal.h"
#include "expression/java_numbers.h"

namespace spate {

namespace {

template <typename Out, typename In, typename F>
ColumnPtr mapValues(const Column& in, const TypePtr& to, F&& f) {
  auto out = makeFixedOutput(in, to);
  const In* src = in.values<In>();
  Out* dst = out->mutableData().template as<Out>();
  const int64_t n = in.size();
  for (int64_t i = 0; i < n; ++i) dst[i] = static_cast<Out>(f(src[i]));
  return out;
}

// As mapValues for conversions that can fail: `f` returns std::optional and nullopt gives NULL.
template <typename Out, typename In, typename F>
ColumnPtr mapValuesOrNull(const Column& in, const TypePtr& to, F&& f) {
  auto out = makeFixedOutput(in, to);
  const In* src = in.values<In>();
  Out* dst = out->mutableData().template as<Out>();
  const int64_t n = in.size();
  for (int64_t i = 0; i < n; ++i) {
    if (in.isNull(i)) {
      dst[i] = Out{};
      continue;
    }
    std::optional<Out> r = f(src[i]);
    if (r) {
      dst[i] = *r;
    } else {
      dst[i] = Out{};
      out->setNull(i);
    }
  }
  return out;
}

// Calls f(int8_t{}) … f(int64_t{}) for the integral type stored by `id`.
template <typename F>
ColumnPtr dispatchIntegral(TypeId id, F&& f) {
  switch (id) {
    case TypeId::kByte:
      return f(int8_t{});
    case TypeId::kShort:
      return f(int16_t{});
    case TypeId::kInt:
      return f(int32_t{});
    default:
      return f(int64_t{});
  }
}

[[noreturn]] void unsupported(const Column& in, const TypePtr& to) {
  throw InternalError("no cast kernel from " + in.type()->simpleString() + " to " +
                      to->simpleString());
}

// Java narrowing from floating point: (long) d, or (int) d then the low bits for byte/short.
template <typename Out>
Out floatingToIntegral(double d) {
  if constexpr (std::is_same_v<Out, int64_t>)
    return javaDoubleToLong(d);
  else
    return static_cast<Out>(javaDoubleToInt(d));
}

template <typename Out>
ColumnPtr toIntegral(const Column& in, const TypePtr& to) {
  switch (in.typeId()) {
    case TypeId::kBoolean:
      return mapValues<Out, uint8_t>(in, to, [](uint8_t b) { return b ? 1 : 0; });
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
      return dispatchIntegral(in.typeId(), [&](auto tag) {
        using In = decltype(tag);
        return mapValues<Out, In>(in, to, [](In v) { return static_cast<Out>(v); });
      });
    case TypeId::kFloat:
      return mapValues<Out, float>(in, to, [](float f) { return floatingToIntegral<Out>(f); });
    case TypeId::kDouble:
      return mapValues<Out, double>(in, to, [](double d) { return floatingToIntegral<Out>(d); });
    case TypeId::kDecimal: {
      // Truncate toward zero, then keep the low bits (BigDecimal.longValue).
      Int128 divisor = pow10Int128(in.type()->scale());
      return mapValues<Out, Int128>(in, to, [divisor](Int128 u) {
        return static_cast<Out>(static_cast<int64_t>(u / divisor));
      });
    }
    case TypeId::kTimestamp:
      return mapValues<Out, int64_t>(
          in, to, [](int64_t t) { return static_cast<Out>(floorDiv(t, kMicrosPerSecond)); });
    case TypeId::kDate:  // Spark (like Hive) gives NULL for date → number
      return makeNullColumn(to, in.size());
    default:
      unsupported(in, to);
  }
}

template <typename Out>
ColumnPtr toFloating(const Column& in, const TypePtr& to) {
  switch (in.typeId()) {
    case TypeId::kBoolean:
      return mapValues<Out, uint8_t>(in, to, [](uint8_t b) { return b ? 1 : 0; });
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
      return dispatchIntegral(in.typeId(), [&](auto tag) {
        using In = decltype(tag);
        return mapValues<Out, In>(in, to, [](In v) { return static_cast<Out>(v); });
      });
    case TypeId::kFloat:
      return mapValues<Out, float>(in, to, [](float f) { return static_cast<Out>(f); });
    case TypeId::kDouble:
      return mapValues<Out, double>(in, to, [](double d) { return static_cast<Out>(d); });
    case TypeId::kDecimal: {
      int scale = in.type()->scale();
      return mapValues<Out, Int128>(in, to, [scale](Int128 u) {
        if constexpr (std::is_same_v<Out, float>)
          return decimalToFloat(u, scale);
        else
          return decimalToDouble(u, scale);
      });
    }
    case TypeId::kTimestamp:
      return mapValues<Out, int64_t>(in, to, [](int64_t t) {
        return static_cast<Out>(static_cast<double>(t) / kMicrosPerSecond);
      });
    case TypeId::kDate:
      return makeNullColumn(to, in.size());
    default:
      unsupported(in, to);
  }
}

ColumnPtr toDecimal(const Column& in, const TypePtr& to) {
  const int p = to->precision(), s = to->scale();
  switch (in.typeId()) {
    case TypeId::kBoolean:
      return mapValuesOrNull<Int128, uint8_t>(
          in, to, [p, s](uint8_t b) { return rescaleDecimal(b ? 1 : 0, 0, s, p); });
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
      return dispatchIntegral(in.typeId(), [&](auto tag) {
        using In = decltype(tag);
        return mapValuesOrNull<Int128, In>(in, to,
                                           [p, s](In v) { return rescaleDecimal(v, 0, s, p); });
      });
    case TypeId::kFloat:
      return mapValuesOrNull<Int128, float>(in, to,
                                            [p, s](float f) { return doubleToDecimal(f, p, s); });
    case TypeId::kDouble:
      return mapValuesOrNull<Int128, double>(in, to,
                                             [p, s](double d) { return doubleToDecimal(d, p, s); });
    case TypeId::kDecimal: {
      int fromScale = in.type()->scale();
      return mapValuesOrNull<Int128, Int128>(
          in, to, [p, s, fromScale](Int128 u) { return rescaleDecimal(u, fromScale, s, p); });
    }
    case TypeId::kTimestamp:  // through a double, as Spark does (precision is lost)
      return mapValuesOrNull<Int128, int64_t>(in, to, [p, s](int64_t t) {
        return doubleToDecimal(static_cast<double>(t) / kMicrosPerSecond, p, s);
      });
    case TypeId::kDate:
      return makeNullColumn(to, in.size());
    default:
      unsupported(in, to);
  }
}

ColumnPtr toBoolean(const Column& in, const TypePtr& to) {
  switch (in.typeId()) {
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
      return dispatchIntegral(in.typeId(), [&](auto tag) {
        using In = decltype(tag);
        return mapValues<uint8_t, In>(in, to, [](In v) { return v != 0; });
      });
    case TypeId::kFloat:
      return mapValues<uint8_t, float>(in, to, [](float f) { return f != 0; });
    case TypeId::kDouble:
      return mapValues<uint8_t, double>(in, to, [](double d) { return d != 0; });
    case TypeId::kDecimal:
      return mapValues<uint8_t, Int128>(in, to, [](Int128 u) { return u != 0; });
    case TypeId::kTimestamp:
      return mapValues<uint8_t, int64_t>(in, to, [](int64_t t) { return t != 0; });
    case TypeId::kDate:
      return makeNullColumn(to, in.size());
    default:
      unsupported(in, to);
  }
}

}  // namespace

ColumnPtr castToNumericColumn(const Column& in, const TypePtr& to, const EvalContext& context) {
  switch (to->id()) {
    case TypeId::kBoolean:
      return toBoolean(in, to);
    case TypeId::kByte:
      return toIntegral<int8_t>(in, to);
    case TypeId::kShort:
      return toIntegral<int16_t>(in, to);
    case TypeId::kInt:
      return toIntegral<int32_t>(in, to);
    case TypeId::kLong:
      return toIntegral<int64_t>(in, to);
    case TypeId::kFloat:
      return toFloating<float>(in, to);
    case TypeId::kDouble:
      return toFloating<double>(in, to);
    case TypeId::kDecimal:
      return toDecimal(in, to);
    default:
      unsupported(in, to);
  }
}

}  // namespace spate
