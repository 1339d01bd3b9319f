#pragma once

// Lifts functions written for one row's values to vectorised kernels with Spark's null handling
// (any NULL argument gives NULL unless the function is written with std::optional arguments).
//
//   registry.addScalar("length", ...) binder returns
//   makeCall("length", DataType::integer(), args, [](const KernelArgs& a) {
//     return mapUnary<int32_t, std::string_view>(a, [](std::string_view s) { return utf8Length(s); });
//   });
//
// Row functions take C++ values: bool, int8_t…int64_t, float, double, Int128, std::string_view,
// Interval. They return the output value, or std::optional<Out> to produce NULL. String results
// are returned as std::string (or std::string_view that outlives the call).

#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "expression/expr.h"
#include "vector/column.h"

namespace spate {

template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};

template <typename T>
inline T readValue(const Column& c, int64_t i) {
  if constexpr (std::is_same_v<T, std::string_view>) {
    return c.stringAt(i);
  } else if constexpr (std::is_same_v<T, bool>) {
    return c.valueAt<uint8_t>(i) != 0;
  } else {
    return c.valueAt<T>(i);
  }
}

/// Writes a column of `rows` values of type Out (a fixed-width C++ type, or std::string for
/// string/binary results).
template <typename Out>
class KernelWriter {
 public:
  KernelWriter(const TypePtr& type, int64_t rows) : builder_(type, rows), column_(nullptr) {
    if constexpr (!isString) {
      column_ = std::make_shared<Column>(type, rows);
      column_->mutableData().resize(rows * sizeof(Storage));
    }
  }
  void set(int64_t i, const Out& v) {
    if constexpr (isString) {
      builder_.appendString(v);
    } else if constexpr (std::is_same_v<Out, bool>) {
      column_->mutableData().template as<uint8_t>()[i] = v ? 1 : 0;
    } else {
      column_->mutableData().template as<Out>()[i] = v;
    }
  }
  void setNull(int64_t i) {
    if constexpr (isString) {
      builder_.appendNull();
    } else {
      column_->mutableData().template as<Storage>()[i] = Storage{};
      column_->setNull(i);
    }
  }
  ColumnPtr finish() {
    if constexpr (isString) return builder_.finish();
    else return column_;
  }

 private:
  static constexpr bool isString = std::is_same_v<Out, std::string> || std::is_same_v<Out, std::string_view>;
  using Storage = std::conditional_t<std::is_same_v<Out, bool>, uint8_t, Out>;
  ColumnBuilder builder_;
  std::shared_ptr<Column> column_;
};

namespace detail {
template <typename R>
struct Unwrap {
  using type = R;
};
template <typename R>
struct Unwrap<std::optional<R>> {
  using type = R;
};
}  // namespace detail

/// out[i] = f(a[i]); NULL when a[i] is NULL or f returns nullopt.
template <typename Out, typename In, typename F>
ColumnPtr mapUnary(const KernelArgs& args, F&& f) {
  const Column& a = *args.columns[0];
  KernelWriter<Out> w(args.resultType, args.rows);
  for (int64_t i = 0; i < args.rows; ++i) {
    if (a.isNull(i)) {
      w.setNull(i);
      continue;
    }
    auto r = f(readValue<In>(a, i));
    if constexpr (IsOptional<decltype(r)>::value) {
      if (r) w.set(i, *r);
      else w.setNull(i);
    } else {
      w.set(i, r);
    }
  }
  return w.finish();
}

/// out[i] = f(a[i], b[i]); NULL when either is NULL or f returns nullopt.
template <typename Out, typename In1, typename In2, typename F>
ColumnPtr mapBinary(const KernelArgs& args, F&& f) {
  const Column& a = *args.columns[0];
  const Column& b = *args.columns[1];
  KernelWriter<Out> w(args.resultType, args.rows);
  for (int64_t i = 0; i < args.rows; ++i) {
    if (a.isNull(i) || b.isNull(i)) {
      w.setNull(i);
      continue;
    }
    auto r = f(readValue<In1>(a, i), readValue<In2>(b, i));
    if constexpr (IsOptional<decltype(r)>::value) {
      if (r) w.set(i, *r);
      else w.setNull(i);
    } else {
      w.set(i, r);
    }
  }
  return w.finish();
}

/// out[i] = f(a[i], b[i], c[i]); NULL when any is NULL or f returns nullopt.
template <typename Out, typename In1, typename In2, typename In3, typename F>
ColumnPtr mapTernary(const KernelArgs& args, F&& f) {
  const Column& a = *args.columns[0];
  const Column& b = *args.columns[1];
  const Column& c = *args.columns[2];
  KernelWriter<Out> w(args.resultType, args.rows);
  for (int64_t i = 0; i < args.rows; ++i) {
    if (a.isNull(i) || b.isNull(i) || c.isNull(i)) {
      w.setNull(i);
      continue;
    }
    auto r = f(readValue<In1>(a, i), readValue<In2>(b, i), readValue<In3>(c, i));
    if constexpr (IsOptional<decltype(r)>::value) {
      if (r) w.set(i, *r);
      else w.setNull(i);
    } else {
      w.set(i, r);
    }
  }
  return w.finish();
}

/// Calls `f(typeTag)` with a value of the C++ type that stores `id` (int32_t for INT and DATE,
/// int64_t for BIGINT and TIMESTAMP, …), for writing one kernel over several numeric types.
template <typename F>
decltype(auto) dispatchNumeric(TypeId id, F&& f) {
  switch (id) {
    case TypeId::kByte: return f(int8_t{});
    case TypeId::kShort: return f(int16_t{});
    case TypeId::kInt:
    case TypeId::kDate: return f(int32_t{});
    case TypeId::kLong:
    case TypeId::kTimestamp: return f(int64_t{});
    case TypeId::kFloat: return f(float{});
    case TypeId::kDouble: return f(double{});
    case TypeId::kDecimal: return f(Int128{});
    default: throw InternalError("dispatchNumeric: not a numeric type");
  }
}

}  // namespace spate
