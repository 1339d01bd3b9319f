#include "execution/hash_aggregation.h"

#include <numeric>

#include "execution/executor.h"

namespace spate {

namespace {
size_t align16(size_t n) { return (n + 15) & ~size_t{15}; }
}  // namespace

HashAggregation::HashAggregation(std::vector<ExprPtr> groupExprs, std::vector<BoundAggregate> aggregates,
                                 std::vector<uint64_t> groupingSets)
    : groupExprs_(std::move(groupExprs)), aggregates_(std::move(aggregates)),
      groupingSets_(std::move(groupingSets)) {
  for (const auto& a : aggregates_) {
    stateOffsets_.push_back(blockSize_);
    blockSize_ += align16(a.kernel->stateSize());
  }
  if (blockSize_ == 0) blockSize_ = 16;
  for (const auto& g : groupExprs_) keyBuilders_.emplace_back(g->type);
  if (groupExprs_.size() == 1 && groupingSets_.empty()) {
    TypeId t = groupExprs_[0]->type->id();
    intKey_ = t == TypeId::kByte || t == TypeId::kShort || t == TypeId::kInt || t == TypeId::kLong ||
              t == TypeId::kDate || t == TypeId::kTimestamp;
  }
  if (!groupingSets_.empty()) keyBuilders_.emplace_back(DataType::longType());
  if (groupExprs_.empty() && groupingSets_.empty()) {
    bool inserted;
    addGroup({}, hashBytes({}), inserted);  // a global aggregate has one row even over no input
  }
}

HashAggregation::~HashAggregation() {
  for (uint32_t g = 0; g < groupCount_; ++g)
    for (size_t k = 0; k < aggregates_.size(); ++k) aggregates_[k].kernel->destroy(stateOf(g) + stateOffsets_[k]);
}

void HashAggregation::initGroup(uint32_t id) {
  SPATE_CHECK(id == groupCount_, "group ids must be dense");
  ++groupCount_;
  if (id / kChunkGroups >= chunks_.size()) chunks_.emplace_back(static_cast<size_t>(kChunkGroups) * blockSize_);
  uint8_t* block = stateOf(id);
  for (size_t k = 0; k < aggregates_.size(); ++k) aggregates_[k].kernel->init(block + stateOffsets_[k]);
}

uint32_t HashAggregation::addGroup(std::string_view key, uint64_t hash, bool& inserted) {
  uint32_t id = table_.findOrInsert(key, hash, inserted);
  if (inserted) initGroup(id);
  return id;
}

int64_t HashAggregation::intKeyAt(const Column& keys, int64_t row) const {
  switch (keys.typeId()) {
    case TypeId::kByte: return keys.valueAt<int8_t>(row);
    case TypeId::kShort: return keys.valueAt<int16_t>(row);
    case TypeId::kInt:
    case TypeId::kDate: return keys.valueAt<int32_t>(row);
    default: return keys.valueAt<int64_t>(row);
  }
}

void HashAggregation::assignIntGroups(const Column& keys, const std::vector<uint32_t>& rows,
                                      std::vector<uint32_t>& groups) {
  size_t n = rows.size();
  bool inserted;
  if (keys.typeId() == TypeId::kLong && !keys.mayHaveNulls()) {
    const int64_t* v = keys.values<int64_t>();
    for (size_t i = 0; i < n; ++i) {
      groups[i] = intTable_.findOrInsert(v[rows[i]], inserted);
      if (inserted) {
        initGroup(groups[i]);
        keyBuilders_[0].appendLong(v[rows[i]]);
      }
    }
    return;
  }
  for (size_t i = 0; i < n; ++i) {
    uint32_t row = rows[i];
    groups[i] = keys.isNull(row) ? intTable_.nullId(inserted, groupCount_)
                                 : intTable_.findOrInsert(intKeyAt(keys, row), inserted);
    if (inserted) {
      initGroup(groups[i]);
      keyBuilders_[0].appendFrom(keys, row);
    }
  }
}

void HashAggregation::consume(const Batch& batch, const EvalContext& context) {
  int64_t n = batch.numRows();
  if (n == 0) return;
  std::vector<uint32_t> rows(n);
  if (batch.hasSelection())
    rows.assign(batch.selection()->begin(), batch.selection()->end());
  else
    std::iota(rows.begin(), rows.end(), 0u);

  std::vector<ColumnPtr> keys;
  for (const auto& g : groupExprs_) keys.push_back(evaluate(*g, batch, context));
  std::vector<std::vector<ColumnPtr>> args(aggregates_.size());
  for (size_t k = 0; k < aggregates_.size(); ++k)
    for (const auto& a : aggregates_[k].args) args[k].push_back(evaluate(*a, batch, context));

  std::vector<uint64_t> sets = groupingSets_.empty() ? std::vector<uint64_t>{0} : groupingSets_;
  size_t numKeys = groupExprs_.size();
  EncodedKeys encoded;
  std::vector<uint32_t> groups(n);
  std::vector<uint8_t*> states(n);
  for (uint64_t set : sets) {
    // Grouping id: bit (numKeys - 1 - i) set when key i is rolled up, as Spark's spark_grouping_id.
    uint64_t nullMask = 0;
    int64_t groupingId = 0;
    if (!groupingSets_.empty()) {
      for (size_t i = 0; i < numKeys; ++i)
        if (!((set >> i) & 1)) {
          nullMask |= uint64_t{1} << i;
          groupingId |= int64_t{1} << (numKeys - 1 - i);
        }
    }
    std::vector<ColumnPtr> keyColumns = keys;
    if (!groupingSets_.empty())
      keyColumns.push_back(makeConstantColumn(DataType::longType(), Value(groupingId), batch.physicalRows()));
    if (keyColumns.empty()) {
      std::fill(groups.begin(), groups.end(), 0u);
    } else if (intKey_) {
      assignIntGroups(*keys[0], rows, groups);
    } else {
      encodeKeys(keyColumns, rows, encoded, nullMask);
      for (int64_t i = 0; i < n; ++i) {
        bool inserted;
        groups[i] = addGroup(encoded.key(i), encoded.hashes[i], inserted);
        if (inserted) {
          for (size_t k = 0; k < numKeys; ++k) {
            if ((nullMask >> k) & 1)
              keyBuilders_[k].appendNull();
            else
              keyBuilders_[k].appendFrom(*keys[k], rows[i]);
          }
          if (!groupingSets_.empty()) keyBuilders_[numKeys].appendLong(groupingId);
        }
      }
    }
    for (size_t k = 0; k < aggregates_.size(); ++k) {
      for (int64_t i = 0; i < n; ++i) states[i] = stateOf(groups[i]) + stateOffsets_[k];
      aggregates_[k].kernel->update(states.data(), args[k], rows.data(), n);
    }
  }
}

void HashAggregation::mergeFrom(HashAggregation& other) {
  std::vector<ColumnPtr> otherKeys;
  for (auto& b : other.keyBuilders_) otherKeys.push_back(b.finish());
  for (uint32_t g = 0; g < other.groupCount_; ++g) {
    bool inserted;
    uint32_t id;
    if (intKey_) {
      const Column& k = *otherKeys[0];
      id = k.isNull(g) ? intTable_.nullId(inserted, groupCount_) : intTable_.findOrInsert(intKeyAt(k, g), inserted);
      if (inserted) initGroup(id);
    } else {
      id = addGroup(other.table_.keyOf(g), other.table_.hashOf(g), inserted);
    }
    if (inserted)
      for (size_t k = 0; k < keyBuilders_.size(); ++k) keyBuilders_[k].appendFrom(*otherKeys[k], g);
    for (size_t k = 0; k < aggregates_.size(); ++k)
      aggregates_[k].kernel->merge(stateOf(id) + stateOffsets_[k], other.stateOf(g) + other.stateOffsets_[k]);
  }
}

std::vector<ColumnPtr> HashAggregation::finishKeys() {
  std::vector<ColumnPtr> keyColumns;
  for (auto& b : keyBuilders_) keyColumns.push_back(b.finish());
  return keyColumns;
}

std::vector<BatchPtr> HashAggregation::finish(const SchemaPtr& schema, int64_t batchRows) {
  std::vector<ColumnPtr> keyColumns;
  for (auto& b : keyBuilders_) keyColumns.push_back(b.finish());
  std::vector<BatchPtr> out;
  int64_t total = static_cast<int64_t>(groupCount_);
  for (int64_t start = 0; start < total; start += batchRows) {
    int64_t rows = std::min(batchRows, total - start);
    std::vector<ColumnPtr> columns;
    for (const auto& k : keyColumns) columns.push_back(sliceColumn(k, start, rows));
    for (size_t a = 0; a < aggregates_.size(); ++a) {
      ColumnBuilder builder(schema->fields()[columns.size()].type, rows);
      for (int64_t g = start; g < start + rows; ++g)
        aggregates_[a].kernel->finalize(stateOf(static_cast<uint32_t>(g)) + stateOffsets_[a], builder);
      columns.push_back(builder.finish());
    }
    out.push_back(std::make_shared<Batch>(schema, std::move(columns), rows));
  }
  return out;
}

std::unique_ptr<HashAggregation> preAggregate(const LogicalPlan& plan, const std::vector<BatchPtr>& input,
                                              const ExecContext& context) {
  int workers = context.pool->size();
  std::vector<std::unique_ptr<HashAggregation>> partials(workers);
  auto make = [&] {
    return std::make_unique<HashAggregation>(plan.groupExprs, plan.aggregates, plan.groupingSets);
  };
  context.pool->parallelFor(static_cast<int64_t>(input.size()), [&](int64_t i, int worker) {
    if (!partials[worker]) partials[worker] = make();
    partials[worker]->consume(*input[i], context.eval);
  });
  std::unique_ptr<HashAggregation> result;
  for (auto& p : partials) {
    if (!p) continue;
    if (!result)
      result = std::move(p);
    else
      result->mergeFrom(*p);
  }
  if (!result) result = make();
  return result;
}

std::vector<BatchPtr> executeAggregate(const LogicalPlan& plan, std::vector<BatchPtr> input,
                                       const ExecContext& context) {
  return preAggregate(plan, input, context)->finish(schemaOf(plan.output), defaultVectorSize());
}

}  // namespace spate
