#pragma once

// Spark's ordering and equality of SQL values, row by row (the typed fast paths live in the
// comparison kernels; this is the general form, also used for nested types).

#include <cmath>
#include <cstdint>
#include <cstring>

#include "vector/column.h"

namespace spate {

/// SQLOrderingUtil.compareDoubles: -0.0 equals 0.0, NaN equals NaN and is larger than any other
/// value (including +Infinity).
inline int compareDoubles(double x, double y) {
  if (x == y) return 0;
  bool nx = std::isnan(x), ny = std::isnan(y);
  if (nx || ny) return nx == ny ? 0 : nx ? 1 : -1;
  return x < y ? -1 : 1;
}

/// Byte-wise (unsigned) comparison, as UTF8String.compareTo and binary ordering.
inline int compareBytes(std::string_view a, std::string_view b) {
  size_t n = std::min(a.size(), b.size());
  int c = n ? std::memcmp(a.data(), b.data(), n) : 0;
  if (c != 0) return c < 0 ? -1 : 1;
  return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

/// Compares non-null row `i` of `a` with non-null row `j` of `b` (same type): numbers by value
/// (doubles as compareDoubles), strings and binary byte-wise, false < true, arrays and structs
/// lexicographically with NULL elements first and shorter arrays first. Intervals compare by
/// (months, days, micros), only meaningful for equality.
int compareRows(const Column& a, int64_t i, const Column& b, int64_t j);

/// True if Spark can order values of this type (RowOrdering.isOrderable): atomic types, NULL,
/// and arrays/structs of orderable types; not maps or intervals.
bool isOrderable(const DataType& type);

}  // namespace spate
