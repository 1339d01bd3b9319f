// Hash join (equi-keys, optional residual condition) and nested-loop join (no keys), with Spark's
// inner/outer/semi/anti semantics. The right side is built into a hash table; left batches probe in
// parallel.
#include <atomic>
#include <numeric>

#include "execution/executor.h"
#include "execution/key_encoder.h"

namespace spate {

namespace {

struct BuildSide {
  BatchPtr rows;                 // all right rows, materialized
  KeyTable table;                // distinct key → id
  std::vector<uint32_t> first;   // key id → first row
  std::vector<uint32_t> next;    // row → next row with the same key (UINT32_MAX ends)
};

BatchPtr joinedBatch(const SchemaPtr& schema, const Batch& left, const std::vector<uint32_t>& leftRows,
                     const Batch* right, const std::vector<uint32_t>& rightRows, size_t leftColumns,
                     size_t rightColumns, const std::vector<TypePtr>& rightTypes) {
  std::vector<ColumnPtr> columns;
  for (size_t c = 0; c < leftColumns; ++c) columns.push_back(gatherColumn(left.column(c), leftRows));
  for (size_t c = 0; c < rightColumns; ++c) {
    if (right)
      columns.push_back(gatherColumn(right->column(c), rightRows));
    else
      columns.push_back(makeNullColumn(rightTypes[c], static_cast<int64_t>(leftRows.size())));
  }
  return std::make_shared<Batch>(schema, std::move(columns), static_cast<int64_t>(leftRows.size()));
}

}  // namespace

std::vector<BatchPtr> executeJoin(const LogicalPlan& plan, std::vector<BatchPtr> left,
                                  std::vector<BatchPtr> right, const ExecContext& context) {
  const JoinKind kind = plan.joinKind;
  const bool leftOnly = kind == JoinKind::kLeftSemi || kind == JoinKind::kLeftAnti;
  const auto& leftAttrs = plan.children[0]->output;
  const auto& rightAttrs = plan.children[1]->output;
  SchemaPtr leftSchema = schemaOf(leftAttrs), rightSchema = schemaOf(rightAttrs);
  SchemaPtr pairSchema = schemaOf([&] {
    AttributeList all = leftAttrs;
    all.insert(all.end(), rightAttrs.begin(), rightAttrs.end());
    return all;
  }());
  SchemaPtr outSchema = schemaOf(plan.output);
  std::vector<TypePtr> rightTypes;
  for (const auto& a : rightAttrs) rightTypes.push_back(a.type);

  BuildSide build;
  build.rows = right.empty() ? makeBatch(rightSchema, {}) : concatBatches(rightSchema, right);
  int64_t rightCount = build.rows->numRows();
  const bool hasKeys = !plan.leftKeys.empty();
  if (hasKeys && rightCount > 0) {
    std::vector<ColumnPtr> keys;
    for (const auto& k : plan.rightKeys) keys.push_back(evaluate(*k, *build.rows, context.eval));
    std::vector<uint32_t> rows(rightCount);
    std::iota(rows.begin(), rows.end(), 0u);
    EncodedKeys encoded;
    encodeKeys(keys, rows, encoded);
    build.next.assign(rightCount, UINT32_MAX);
    // Insert in reverse so chains list rows in their original order.
    for (int64_t r = rightCount - 1; r >= 0; --r) {
      if (encoded.hasNull[r]) continue;
      bool inserted;
      uint32_t id = build.table.findOrInsert(encoded.key(r), encoded.hashes[r], inserted);
      if (inserted) build.first.push_back(UINT32_MAX);
      build.next[r] = build.first[id];
      build.first[id] = static_cast<uint32_t>(r);
    }
  }
  std::vector<std::atomic<uint8_t>> rightMatched(rightCount);

  auto probe = [&](const BatchPtr& batchIn) -> BatchPtr {
    BatchPtr batch = batchIn->materialize();
    int64_t n = batch->numRows();
    std::vector<uint32_t> leftRows, rightRows;
    if (hasKeys) {
      std::vector<ColumnPtr> keys;
      for (const auto& k : plan.leftKeys) keys.push_back(evaluate(*k, *batch, context.eval));
      std::vector<uint32_t> rows(n);
      std::iota(rows.begin(), rows.end(), 0u);
      EncodedKeys encoded;
      encodeKeys(keys, rows, encoded);
      for (int64_t i = 0; i < n; ++i) {
        if (encoded.hasNull[i] || rightCount == 0) continue;
        uint32_t id = build.table.find(encoded.key(i), encoded.hashes[i]);
        if (id == UINT32_MAX) continue;
        for (uint32_t r = build.first[id]; r != UINT32_MAX; r = build.next[r]) {
          leftRows.push_back(static_cast<uint32_t>(i));
          rightRows.push_back(r);
        }
      }
    } else {
      for (int64_t i = 0; i < n; ++i)
        for (int64_t r = 0; r < rightCount; ++r) {
          leftRows.push_back(static_cast<uint32_t>(i));
          rightRows.push_back(static_cast<uint32_t>(r));
        }
    }
    if (plan.condition && !leftRows.empty()) {
      BatchPtr pairs = joinedBatch(pairSchema, *batch, leftRows, build.rows.get(), rightRows,
                                   leftAttrs.size(), rightAttrs.size(), rightTypes);
      auto keep = evaluateFilter(*plan.condition, *pairs, context.eval);
      std::vector<uint32_t> l, r;
      for (uint32_t k : *keep) {
        l.push_back(leftRows[k]);
        r.push_back(rightRows[k]);
      }
      leftRows.swap(l);
      rightRows.swap(r);
    }
    std::vector<uint8_t> leftMatched(n, 0);
    for (uint32_t l : leftRows) leftMatched[l] = 1;
    if (kind == JoinKind::kRight || kind == JoinKind::kFull)
      for (uint32_t r : rightRows) rightMatched[r].store(1, std::memory_order_relaxed);
    if (leftOnly) {
      std::vector<uint32_t> keep;
      for (int64_t i = 0; i < n; ++i)
        if (leftMatched[i] == (kind == JoinKind::kLeftSemi ? 1 : 0)) keep.push_back(static_cast<uint32_t>(i));
      if (keep.empty()) return nullptr;
      return joinedBatch(outSchema, *batch, keep, nullptr, {}, leftAttrs.size(), 0, rightTypes);
    }
    if (kind == JoinKind::kLeft || kind == JoinKind::kFull) {
      for (int64_t i = 0; i < n; ++i)
        if (!leftMatched[i]) {
          leftRows.push_back(static_cast<uint32_t>(i));
          rightRows.push_back(kNullIndex);
        }
    }
    if (leftRows.empty()) return nullptr;
    return joinedBatch(outSchema, *batch, leftRows, build.rows.get(), rightRows, leftAttrs.size(),
                       rightAttrs.size(), rightTypes);
  };

  std::vector<BatchPtr> out = parallelMap(left, context, probe);
  std::erase(out, nullptr);
  if (kind == JoinKind::kRight || kind == JoinKind::kFull) {
    std::vector<uint32_t> unmatched;
    for (int64_t r = 0; r < rightCount; ++r)
      if (!rightMatched[r].load()) unmatched.push_back(static_cast<uint32_t>(r));
    if (!unmatched.empty()) {
      std::vector<ColumnPtr> columns;
      for (const auto& a : leftAttrs) columns.push_back(makeNullColumn(a.type, static_cast<int64_t>(unmatched.size())));
      for (size_t c = 0; c < rightAttrs.size(); ++c) columns.push_back(gatherColumn(build.rows->column(c), unmatched));
      out.push_back(std::make_shared<Batch>(outSchema, std::move(columns), static_cast<int64_t>(unmatched.size())));
    }
  }
  return out;
}

}  // namespace spate
