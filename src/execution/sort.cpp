// ORDER BY: a stable sort of row indices over the evaluated sort keys, with Spark's ordering.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "execution/executor.h"

namespace spate {

namespace {

template <typename T>
int compareNumbers(T x, T y) {
  if constexpr (std::is_floating_point_v<T>) {
    bool xn = std::isnan(x), yn = std::isnan(y);
    if (xn || yn) return xn == yn ? 0 : (xn ? 1 : -1);
  }
  return x < y ? -1 : (y < x ? 1 : 0);
}

int compareNullable(const Column& a, int64_t i, const Column& b, int64_t j) {
  bool an = a.isNull(i), bn = b.isNull(j);
  if (an || bn) return an == bn ? 0 : (an ? -1 : 1);
  return compareRows(a, i, b, j);
}

}  // namespace

int compareRows(const Column& a, int64_t i, const Column& b, int64_t j) {
  switch (a.typeId()) {
    case TypeId::kNull: return 0;
    case TypeId::kBoolean: return compareNumbers<int>(a.valueAt<uint8_t>(i), b.valueAt<uint8_t>(j));
    case TypeId::kByte: return compareNumbers(a.valueAt<int8_t>(i), b.valueAt<int8_t>(j));
    case TypeId::kShort: return compareNumbers(a.valueAt<int16_t>(i), b.valueAt<int16_t>(j));
    case TypeId::kInt:
    case TypeId::kDate: return compareNumbers(a.valueAt<int32_t>(i), b.valueAt<int32_t>(j));
    case TypeId::kLong:
    case TypeId::kTimestamp: return compareNumbers(a.valueAt<int64_t>(i), b.valueAt<int64_t>(j));
    case TypeId::kFloat: return compareNumbers(a.valueAt<float>(i), b.valueAt<float>(j));
    case TypeId::kDouble: return compareNumbers(a.valueAt<double>(i), b.valueAt<double>(j));
    case TypeId::kDecimal: return compareNumbers(a.valueAt<Int128>(i), b.valueAt<Int128>(j));
    case TypeId::kInterval: {
      const Interval x = a.valueAt<Interval>(i), y = b.valueAt<Interval>(j);
      return compareNumbers(x.durationMicros(30 * kMicrosPerDay), y.durationMicros(30 * kMicrosPerDay));
    }
    case TypeId::kString:
    case TypeId::kBinary: {
      int c = a.stringAt(i).compare(b.stringAt(j));
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case TypeId::kArray:
    case TypeId::kMap: {
      int64_t la = a.listLength(i), lb = b.listLength(j);
      int64_t sa = a.listStart(i), sb = b.listStart(j);
      for (int64_t k = 0; k < std::min(la, lb); ++k) {
        int c = compareNullable(*a.child(0), sa + k, *b.child(0), sb + k);
        if (c == 0 && a.typeId() == TypeId::kMap) c = compareNullable(*a.child(1), sa + k, *b.child(1), sb + k);
        if (c) return c;
      }
      return compareNumbers(la, lb);
    }
    case TypeId::kStruct:
      for (size_t f = 0; f < a.numChildren(); ++f) {
        int c = compareNullable(*a.child(f), i, *b.child(f), j);
        if (c) return c;
      }
      return 0;
  }
  return 0;
}

std::vector<BatchPtr> executeSort(const LogicalPlan& plan, std::vector<BatchPtr> input,
                                  const ExecContext& context) {
  SchemaPtr schema = schemaOf(plan.output);
  if (input.empty()) return {};
  BatchPtr all = concatBatches(schema, input);
  int64_t n = all->numRows();
  std::vector<ColumnPtr> keys;
  for (const auto& k : plan.sortKeys) keys.push_back(evaluate(*k.expr, *all, context.eval));
  std::vector<uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    for (size_t k = 0; k < keys.size(); ++k) {
      const Column& c = *keys[k];
      bool xn = c.isNull(x), yn = c.isNull(y);
      int cmp;
      if (xn || yn) {
        if (xn == yn) continue;
        cmp = xn ? -1 : 1;
        if (!plan.sortKeys[k].nullsFirst) cmp = -cmp;
        return cmp < 0;
      }
      cmp = compareRows(c, x, c, y);
      if (cmp == 0) continue;
      if (!plan.sortKeys[k].ascending) cmp = -cmp;
      return cmp < 0;
    }
    return false;
  });
  std::vector<BatchPtr> out;
  int64_t size = defaultVectorSize();
  for (int64_t start = 0; start < n; start += size) {
    int64_t rows = std::min(size, n - start);
    std::span<const uint32_t> idx(order.data() + start, rows);
    std::vector<ColumnPtr> columns;
    for (const auto& c : all->columns()) columns.push_back(gatherColumn(c, idx));
    out.push_back(std::make_shared<Batch>(schema, std::move(columns), rows));
  }
  return out;
}

}  // namespace spate
