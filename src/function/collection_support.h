#pragma once

// Shared by the collection, array and generator functions: Spark's ordering, equality and hashing
// of values stored in columns, and the wider type of several argument types.

#include <optional>
#include <vector>

#include "expression/expr.h"
#include "function/ordering.h"

namespace spate {

/// Spark's interpreted ordering of two non-null values of one type: numbers by value (NaN equal to
/// itself and above every other value, -0.0 equal to 0.0), strings and binaries by unsigned
/// bytes, booleans false < true, arrays element-wise then by length, structs field by field; NULL
/// elements and fields sort first.
inline int compareValues(const Column& a, int64_t i, const Column& b, int64_t j) {
  return compareRows(a, i, b, j);
}
/// compareValues(...) == 0.
bool valuesEqual(const Column& a, int64_t i, const Column& b, int64_t j);
/// A hash consistent with valuesEqual (for distinct / set operations).
uint64_t hashValue(const Column& column, int64_t i);

/// Throws [DATATYPE_MISMATCH.DATA_DIFF_TYPES] for a call whose arguments do not share a type.
[[noreturn]] void throwDataDiffTypes(std::string_view name, const std::vector<ExprPtr>& args,
                                     const std::vector<ExprPtr>& typed);

/// Builds a result column row by row: rows where any argument is NULL become NULL, the others
/// are produced by `f(row, builder)`, which appends exactly one row.
template <typename F>
ColumnPtr perArray(const KernelArgs& a, F&& f) {
  ColumnBuilder out(a.resultType, a.rows);
  for (int64_t r = 0; r < a.rows; ++r) {
    bool isNull = false;
    for (const auto& c : a.columns) isNull |= c->isNull(r);
    if (isNull) {
      out.appendNull();
      continue;
    }
    f(r, out);
  }
  return out.finish();
}

/// Throws UNEXPECTED_INPUT_TYPE ("ARRAY") unless argument `index` is an array.
void requireArray(std::string_view name, const std::vector<ExprPtr>& args, size_t index);
/// Throws INVALID_ORDERING_TYPE unless `element` can be ordered.
void requireOrderable(std::string_view name, const std::vector<ExprPtr>& args,
                      const TypePtr& element);

/// Hash set of (column, row) values with Spark's equality, for distinct/union/intersect/except.
/// The columns must outlive the set.
class ValueSet {
 public:
  /// Inserts `column` row `i` (non-null) and returns true if no equal value was there yet.
  bool insert(const Column& column, int64_t i);
  /// True if a value equal to `column` row `i` is present.
  bool contains(const Column& column, int64_t i) const;
  void clear();

 private:
  struct Slot {
    const Column* column = nullptr;
    int64_t row = 0;
    uint64_t hash = 0;
  };
  size_t find(const Column& column, int64_t i, uint64_t hash) const;
  void grow();
  std::vector<Slot> slots_;
  size_t size_ = 0;
};

}  // namespace spate
