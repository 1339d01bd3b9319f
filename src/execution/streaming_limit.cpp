// Streaming LIMIT in append mode (Spark's StreamingGlobalLimitExec): the limit holds for the
// whole stream, so the number of rows emitted so far is kept in state (one entry) and each batch
// emits rows, in input order, only until the limit is reached. Other output modes apply the limit
// to each batch's result (a stateless node).
#include <chrono>
#include <cstring>

#include "execution/stateful_operator.h"

namespace spate {

namespace {

class StreamingGlobalLimit : public StatefulOperator {
 public:
  StreamingGlobalLimit(const LogicalPlan& node, int64_t operatorId, const StateConfig& config)
      : node_(node), state_(singlePartition(config), operatorId) {}

  std::vector<BatchPtr> process(std::vector<std::vector<BatchPtr>> inputs,
                                const BatchContext& batch, const ExecContext& /*exec*/) override {
    metrics_ = StateOperatorMetrics{};
    metrics_.operatorName = "globalLimit";
    auto start = std::chrono::steady_clock::now();
    state_.load(batch.batchId);
    auto& store = state_.store(0);
    int64_t before = 0;
    if (auto v = store.get(kKey); v && v->size() == sizeof before)
      std::memcpy(&before, v->data(), sizeof before);
    int64_t emitted = before;
    std::vector<BatchPtr> out;
    for (const auto& b : inputs[0]) {
      if (emitted >= node_.limit) break;
      int64_t rows = b->numRows();
      if (rows == 0) continue;
      int64_t take = std::min(rows, node_.limit - emitted);
      emitted += take;
      if (take == rows) {
        out.push_back(b);
        continue;
      }
      auto selection = std::make_shared<SelectionVector>();
      for (int64_t r = 0; r < take; ++r)
        selection->push_back(b->hasSelection() ? (*b->selection())[r] : static_cast<uint32_t>(r));
      out.push_back(b->withSelection(std::move(selection)));
    }
    if (emitted > before) {
      std::string value(sizeof emitted, '\0');
      std::memcpy(value.data(), &emitted, sizeof emitted);
      store.put(kKey, value);
      metrics_.numRowsUpdated = 1;
    }
    metrics_.allUpdatesTimeMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::steady_clock::now() - start)
                                    .count();
    metrics_.commitTimeMs = state_.commit();
    state_.addMetrics(metrics_);
    return out;
  }

  StateOperatorMetrics metrics() const override { return metrics_; }

  bool needsNoDataBatch(int64_t, const BatchContext&) const override { return false; }

 private:
  // Spark plans the global limit on a single partition.
  static StateConfig singlePartition(StateConfig config) {
    config.numPartitions = 1;
    return config;
  }

  static constexpr std::string_view kKey = "count";
  const LogicalPlan& node_;
  PartitionedState state_;
  StateOperatorMetrics metrics_;
};

}  // namespace

std::unique_ptr<StatefulOperator> makeStreamingGlobalLimit(const LogicalPlan& node,
                                                           int64_t operatorId,
                                                           const StateConfig& config) {
  return std::make_unique<StreamingGlobalLimit>(node, operatorId, config);
}

}  // namespace spate
