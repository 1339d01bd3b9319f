// CAST to timestamp (from booleans, numbers as seconds, dates), to date (from timestamps) and to
// binary (from integers), with Spark's non-ANSI rules.
#include <cmath>
#include <optional>
#include <type_traits>

#include "common/error.h"
#include "expression/cast_kernels.h"
#include "expression/decimal.h"
#include "expression/java_numbers.h"

namespace spate {

namespace {

using UInt128 = unsigned __int128;

template <typename In, typename F>
ColumnPtr mapToTimestamp(const Column& in, const TypePtr& to, F&& f) {
  auto out = makeFixedOutput(in, to);
  const In* src = in.values<In>();
  int64_t* dst = out->mutableData().as<int64_t>();
  for (int64_t i = 0, n = in.size(); i < n; ++i) dst[i] = f(src[i]);
  return out;
}

// Spark's doubleToTimestamp: NaN and infinities give NULL, otherwise (long)(d * 1e6).
template <typename In>
ColumnPtr floatingToTimestamp(const Column& in, const TypePtr& to) {
  auto out = makeFixedOutput(in, to);
  const In* src = in.values<In>();
  int64_t* dst = out->mutableData().as<int64_t>();
  for (int64_t i = 0, n = in.size(); i < n; ++i) {
    double d = static_cast<double>(src[i]);
    if (std::isfinite(d)) {
      dst[i] = javaDoubleToLong(d * kMicrosPerSecond);
    } else {
      dst[i] = 0;
      if (in.isValid(i)) out->setNull(i);
    }
  }
  return out;
}

// (decimal * 1e6).longValue: truncation toward zero, then the low 64 bits.
int64_t decimalToMicros(Int128 unscaled, int scale) {
  if (scale >= 6) return static_cast<int64_t>(unscaled / pow10Int128(scale - 6));
  UInt128 product = static_cast<UInt128>(unscaled) * static_cast<UInt128>(pow10Int128(6 - scale));
  return static_cast<int64_t>(static_cast<uint64_t>(product));
}

// Local midnight in the session time zone; NULL for dates whose midnight is beyond the timestamp
// range (Spark fails with an overflow there).
ColumnPtr dateToTimestamp(const Column& in, const TypePtr& to, const TimeZone& zone) {
  constexpr int64_t kMaxDays = INT64_MAX / kMicrosPerDay - 1;
  auto out = makeFixedOutput(in, to);
  const int32_t* src = in.values<int32_t>();
  int64_t* dst = out->mutableData().as<int64_t>();
  for (int64_t i = 0, n = in.size(); i < n; ++i) {
    dst[i] = 0;
    if (in.isNull(i)) continue;
    if (src[i] > kMaxDays || src[i] < -kMaxDays)
      out->setNull(i);
    else
      dst[i] = zone.localToUtc(int64_t{src[i]} * kMicrosPerDay);
  }
  return out;
}

ColumnPtr toTimestamp(const Column& in, const TypePtr& to, const EvalContext& context) {
  switch (in.typeId()) {
    case TypeId::kBoolean:  // true is one microsecond, as in Spark
      return mapToTimestamp<uint8_t>(in, to, [](uint8_t b) -> int64_t { return b ? 1 : 0; });
    case TypeId::kByte:
      return mapToTimestamp<int8_t>(in, to, [](int8_t v) { return secondsToMicrosSaturated(v); });
    case TypeId::kShort:
      return mapToTimestamp<int16_t>(in, to, [](int16_t v) { return secondsToMicrosSaturated(v); });
    case TypeId::kInt:
      return mapToTimestamp<int32_t>(in, to, [](int32_t v) { return secondsToMicrosSaturated(v); });
    case TypeId::kLong:
      return mapToTimestamp<int64_t>(in, to, [](int64_t v) { return secondsToMicrosSaturated(v); });
    case TypeId::kFloat:
      return floatingToTimestamp<float>(in, to);
    case TypeId::kDouble:
      return floatingToTimestamp<double>(in, to);
    case TypeId::kDecimal: {
      int scale = in.type()->scale();
      return mapToTimestamp<Int128>(in, to,
                                    [scale](Int128 u) { return decimalToMicros(u, scale); });
    }
    case TypeId::kDate:
      return dateToTimestamp(in, to, *context.timeZone);
    default:
      throw InternalError("no cast kernel from " + in.type()->simpleString() + " to timestamp");
  }
}

ColumnPtr timestampToDate(const Column& in, const TypePtr& to, const EvalContext& context) {
  auto out = makeFixedOutput(in, to);
  const int64_t* src = in.values<int64_t>();
  int32_t* dst = out->mutableData().as<int32_t>();
  const TimeZone& zone = *context.timeZone;
  for (int64_t i = 0, n = in.size(); i < n; ++i)
    dst[i] = static_cast<int32_t>(floorDiv(zone.utcToLocal(src[i]), kMicrosPerDay));
  return out;
}

// NumberConverter.toBinary: the value's big-endian bytes at its own width.
template <typename In>
ColumnPtr integralToBinary(const Column& in, const TypePtr& to) {
  StringColumnWriter writer(to, in.size(), sizeof(In));
  writer.copyValidity(in);
  const In* src = in.values<In>();
  for (int64_t i = 0, n = in.size(); i < n; ++i) {
    if (in.isNull(i)) {
      writer.skipNull(i);
      continue;
    }
    auto v = static_cast<std::make_unsigned_t<In>>(src[i]);
    char* p = writer.reserve(sizeof(In));
    for (size_t b = 0; b < sizeof(In); ++b)
      p[b] = static_cast<char>(v >> (8 * (sizeof(In) - 1 - b)));
    writer.commit(i, sizeof(In));
  }
  return writer.finish();
}

}  // namespace

ColumnPtr castToDatetimeColumn(const Column& in, const TypePtr& to, const EvalContext& context) {
  switch (to->id()) {
    case TypeId::kTimestamp:
      return toTimestamp(in, to, context);
    case TypeId::kDate:
      if (in.typeId() == TypeId::kTimestamp) return timestampToDate(in, to, context);
      break;
    case TypeId::kBinary:
      switch (in.typeId()) {
        case TypeId::kByte:
          return integralToBinary<int8_t>(in, to);
        case TypeId::kShort:
          return integralToBinary<int16_t>(in, to);
        case TypeId::kInt:
          return integralToBinary<int32_t>(in, to);
        case TypeId::kLong:
          return integralToBinary<int64_t>(in, to);
        default:
          break;
      }
      break;
    default:
      break;
  }
  throw InternalError("no cast kernel from " + in.type()->simpleString() + " to " +
                      to->simpleString());
}

}  // namespace spate
