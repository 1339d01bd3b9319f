#include <algorithm>
#include <chrono>
#include <xxhash.h>

#include "common/error.h"
#include "execution/stateful_operator.h"
#include "function/value_codec.h"

namespace spate {

PartitionedState::PartitionedState(const StateConfig& config, int64_t operatorId,
                                   std::vector<std::string> storeNames)
    : numPartitions_(std::max(1, config.numPartitions)) {
  providers_.resize(numPartitions_);
  stores_.resize(numPartitions_);
  for (int p = 0; p < numPartitions_; ++p)
    for (const auto& name : storeNames) {
      state::StateStoreId id{config.checkpointLocation, operatorId, p, name};
      providers_[p].push_back(state::StateStoreProvider::create(id, config.store));
    }
}

int PartitionedState::partitionOf(std::string_view key) const {
  if (numPartitions_ == 1) return 0;
  return static_cast<int>(XXH3_64bits(key.data(), key.size()) % static_cast<uint64_t>(numPartitions_));
}

void PartitionedState::load(int64_t version) {
  for (int p = 0; p < numPartitions_; ++p) {
    stores_[p].clear();
    for (auto& provider : providers_[p]) {
      auto store = provider->getStore(version);
      if (!store.ok())
        throw ExecutionException("Cannot load state version " + std::to_string(version) + ": " +
                                 store.error().message);
      stores_[p].push_back(std::move(store).value());
    }
  }
}

int64_t PartitionedState::commit() {
  auto start = std::chrono::steady_clock::now();
  lastMetrics_.clear();
  for (int p = 0; p < numPartitions_; ++p) {
    for (size_t s = 0; s < stores_[p].size(); ++s) {
      lastMetrics_.push_back(stores_[p][s]->metrics());
      auto committed = stores_[p][s]->commit();
      if (!committed.ok()) throw ExecutionException("Cannot commit state: " + committed.error().message);
      providers_[p][s]->doMaintenance();
    }
    stores_[p].clear();
  }
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
}

void PartitionedState::abort() {
  for (auto& partition : stores_) {
    for (auto& s : partition) s->abort();
    partition.clear();
  }
}

void PartitionedState::addMetrics(StateOperatorMetrics& metrics, const std::vector<size_t>& rowStores) const {
  metrics.numShufflePartitions = numPartitions_;
  metrics.numStateStoreInstances = static_cast<int>(lastMetrics_.size());
  size_t storesPerPartition = providers_.empty() ? 1 : std::max<size_t>(1, providers_[0].size());
  for (size_t i = 0; i < lastMetrics_.size(); ++i) {
    const auto& m = lastMetrics_[i];
    if (rowStores.empty() ||
        std::find(rowStores.begin(), rowStores.end(), i % storesPerPartition) != rowStores.end())
      metrics.numRowsTotal += m.numKeys;
    metrics.memoryUsedBytes += m.memoryUsedBytes;
    for (const auto& [k, v] : m.customMetrics) metrics.customMetrics[k] += v;
  }
}

void encodeKey(const std::vector<ColumnPtr>& columns, int64_t row, std::string& out) {
  out.clear();
  for (const auto& c : columns) agg::encodeValue(*c, row, /*normalize=*/true, out);
}

std::optional<int64_t> eventTimeAt(const Column& column, int64_t row) {
  if (column.isNull(row)) return std::nullopt;
  if (column.typeId() == TypeId::kStruct) {
    const Column& end = *column.child(1);
    if (end.isNull(row)) return std::nullopt;
    return end.values<int64_t>()[row];
  }
  return column.values<int64_t>()[row];
}

int watermarkedKeyIndex(const std::vector<ExprPtr>& keys, const AttributeList& input) {
  for (size_t i = 0; i < keys.size(); ++i) {
    const Expr& e = *keys[i];
    if (e.kind == ExprKind::kColumnRef && e.columnIndex >= 0 &&
        input[e.columnIndex].watermarkDelayMs.has_value())
      return static_cast<int>(i);
  }
  return -1;
}

}  // namespace spate
