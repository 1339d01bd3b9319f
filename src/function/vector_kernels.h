#pragma once

// Tight loops over fixed-width columns for the hot arithmetic and comparison paths: values are
// computed for every slot (null slots hold harmless values) and the validity bitmaps are ANDed
// word by word, so the loops have no branches and vectorise. Row functions must therefore be
// total (no UB on any input, e.g. division checks its divisor).

#include <memory>
#include <type_traits>

#include "expression/expr.h"
#include "vector/column.h"

// The release build is -O2, where GCC 12 only vectorises loops it deems "very cheap" (not these);
// the hot loops opt in to the cheap cost model.
#if defined(__GNUC__) && !defined(__clang__)
#define SPATE_VECTORIZE __attribute__((optimize("tree-vectorize", "vect-cost-model=cheap")))
#else
#define SPATE_VECTORIZE
#endif

namespace spate {

/// The buffer element type of a kernel value type (bool is stored as one byte).
template <typename T>
using StorageOf = std::conditional_t<std::is_same_v<T, bool>, uint8_t, T>;

/// Sets `out`'s validity to the rows valid in both `a` and `b`.
inline void intersectValidity(Column& out, const Column& a, const Column& b) {
  const uint64_t* va = a.validityBits();
  const uint64_t* vb = b.validityBits();
  if (!va && !vb) return;
  size_t words = bitmapWords(out.size());
  Buffer& bits = out.mutableValidity();
  bits.resize(words * 8);
  uint64_t* o = bits.as<uint64_t>();
  if (va && vb) {
    for (size_t w = 0; w < words; ++w) o[w] = va[w] & vb[w];
  } else {
    const uint64_t* v = va ? va : vb;
    for (size_t w = 0; w < words; ++w) o[w] = v[w];
  }
}

/// Copies `a`'s validity to `out`.
inline void copyValidity(Column& out, const Column& a) {
  if (const uint64_t* v = a.validityBits()) {
    size_t words = bitmapWords(out.size());
    Buffer& bits = out.mutableValidity();
    bits.resize(words * 8);
    std::memcpy(bits.data(), v, words * 8);
  }
}

inline std::shared_ptr<Column> makeFixedColumn(const TypePtr& type, int64_t rows, size_t width) {
  auto out = std::make_shared<Column>(type, rows);
  out->mutableData().resize(rows * width);
  return out;
}

/// out[i] = f(a[i], b[i]) over raw storage; NULL where either input is NULL.
template <typename Out, typename In1, typename In2, typename F>
SPATE_VECTORIZE ColumnPtr binaryFixed(const KernelArgs& args, F&& f) {
  const Column& a = *args.columns[0];
  const Column& b = *args.columns[1];
  int64_t n = args.rows;
  auto out = makeFixedColumn(args.resultType, n, sizeof(StorageOf<Out>));
  auto* o = out->mutableData().template as<StorageOf<Out>>();
  const auto* x = a.values<StorageOf<In1>>();
  const auto* y = b.values<StorageOf<In2>>();
  for (int64_t i = 0; i < n; ++i) o[i] = f(x[i], y[i]);
  intersectValidity(*out, a, b);
  return out;
}

/// As binaryFixed, but `f(x, y, out)` returns false to make the row NULL.
template <typename Out, typename In1, typename In2, typename F>
ColumnPtr binaryFixedNullable(const KernelArgs& args, F&& f) {
  const Column& a = *args.columns[0];
  const Column& b = *args.columns[1];
  int64_t n = args.rows;
  auto out = makeFixedColumn(args.resultType, n, sizeof(StorageOf<Out>));
  auto* o = out->mutableData().template as<StorageOf<Out>>();
  const auto* x = a.values<StorageOf<In1>>();
  const auto* y = b.values<StorageOf<In2>>();
  intersectValidity(*out, a, b);
  for (int64_t i = 0; i < n; ++i) {
    if (!f(x[i], y[i], o[i])) {
      o[i] = StorageOf<Out>{};
      out->setNull(i);
    }
  }
  return out;
}

/// out[i] = f(a[i]); NULL where a is NULL.
template <typename Out, typename In, typename F>
SPATE_VECTORIZE ColumnPtr unaryFixed(const KernelArgs& args, F&& f) {
  const Column& a = *args.columns[0];
  int64_t n = args.rows;
  auto out = makeFixedColumn(args.resultType, n, sizeof(StorageOf<Out>));
  auto* o = out->mutableData().template as<StorageOf<Out>>();
  const auto* x = a.values<StorageOf<In>>();
  for (int64_t i = 0; i < n; ++i) o[i] = f(x[i]);
  copyValidity(*out, a);
  return out;
}

/// As unaryFixed, but `f(x, out)` returns false to make the row NULL.
template <typename Out, typename In, typename F>
ColumnPtr unaryFixedNullable(const KernelArgs& args, F&& f) {
  const Column& a = *args.columns[0];
  int64_t n = args.rows;
  auto out = makeFixedColumn(args.resultType, n, sizeof(StorageOf<Out>));
  auto* o = out->mutableData().template as<StorageOf<Out>>();
  const auto* x = a.values<StorageOf<In>>();
  copyValidity(*out, a);
  for (int64_t i = 0; i < n; ++i) {
    if (!f(x[i], o[i])) {
      o[i] = StorageOf<Out>{};
      out->setNull(i);
    }
  }
  return out;
}

}  // namespace spate
