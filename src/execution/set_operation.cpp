// EXCEPT and INTERSECT (DISTINCT or ALL) over whole rows, by hashing encoded rows.
#include <numeric>
#include <unordered_map>

#include "execution/executor.h"
#include "execution/key_encoder.h"

namespace spate {

std::vector<BatchPtr> executeSetOperation(const LogicalPlan& plan, std::vector<BatchPtr> left,
                                          std::vector<BatchPtr> right, const ExecContext& context) {
  SchemaPtr schema = schemaOf(plan.output);
  // Count right rows per key.
  KeyTable rightKeys;
  std::vector<int64_t> rightCounts;
  EncodedKeys encoded;
  for (const auto& b : right) {
    BatchPtr m = b->materialize();
    std::vector<uint32_t> rows(m->numRows());
    std::iota(rows.begin(), rows.end(), 0u);
    encodeKeys(m->columns(), rows, encoded);
    for (size_t i = 0; i < rows.size(); ++i) {
      bool inserted;
      uint32_t id = rightKeys.findOrInsert(encoded.key(i), encoded.hashes[i], inserted);
      if (inserted) rightCounts.push_back(0);
      ++rightCounts[id];
    }
  }
  KeyTable seen;
  std::vector<int64_t> emitted;
  std::vector<BatchPtr> out;
  for (const auto& b : left) {
    BatchPtr m = b->materialize();
    std::vector<uint32_t> rows(m->numRows());
    std::iota(rows.begin(), rows.end(), 0u);
    encodeKeys(m->columns(), rows, encoded);
    std::vector<uint32_t> keep;
    for (size_t i = 0; i < rows.size(); ++i) {
      uint32_t r = rightKeys.find(encoded.key(i), encoded.hashes[i]);
      int64_t inRight = r == UINT32_MAX ? 0 : rightCounts[r];
      bool inserted;
      uint32_t s = seen.findOrInsert(encoded.key(i), encoded.hashes[i], inserted);
      if (inserted) emitted.push_back(0);
      int64_t already = emitted[s]++;
      bool emit;
      if (plan.isIntersect)
        emit = plan.setAll ? already < inRight : (already == 0 && inRight > 0);
      else
        emit = plan.setAll ? already >= inRight : (already == 0 && inRight == 0);
      if (emit) keep.push_back(static_cast<uint32_t>(i));
    }
    if (keep.empty()) continue;
    std::vector<ColumnPtr> columns;
    for (const auto& c : m->columns()) columns.push_back(gatherColumn(c, keep));
    out.push_back(std::make_shared<Batch>(schema, std::move(columns), static_cast<int64_t>(keep.size())));
  }
  return out;
}

}  // namespace spate
