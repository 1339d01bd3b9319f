// ORDER BY: a stable sort of row indices over the evaluated sort keys, with Spark's ordering.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "execution/executor.h"
#include "function/ordering.h"

namespace spate {

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
