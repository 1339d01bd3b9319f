// Streaming dropDuplicates (Spark's StreamingDeduplicateExec) and dropDuplicatesWithinWatermark
// (StreamingDeduplicateWithinWatermarkExec). The state holds one entry per key seen; the first row
// of a key is emitted, later ones are dropped. With a watermark, rows at or before the late-events
// watermark are dropped, and entries are evicted: for dropDuplicates when the key's event time
// (the watermarked column must be a key) passes the watermark; within-watermark when the first
// row's event time plus the delay passes it.
#include <chrono>
#include <cstring>

#include "common/error.h"
#include "execution/stateful_operator.h"

namespace spate {

namespace {

constexpr int64_t kNoEventTime = INT64_MIN;

class StreamingDeduplicate : public StatefulOperator {
 public:
  StreamingDeduplicate(const LogicalPlan& node, int64_t operatorId, const StateConfig& config)
      : node_(node), state_(config, operatorId) {
    const AttributeList& input = node.children[0]->output;
    for (size_t i = 0; i < input.size(); ++i)
      if (input[i].watermarkDelayMs) {
        eventTimeColumn_ = static_cast<int>(i);
        delayMs_ = *input[i].watermarkDelayMs;
        break;
      }
    std::vector<StructField> keyFields;
    for (int k : node.keyColumns) {
      if (k == eventTimeColumn_) eventTimeIsKey_ = true;
      keyFields.push_back({input[k].name, input[k].type, input[k].nullable});
    }
    validateStateSchema(config, operatorId, DataType::structType(keyFields),
                        DataType::structType({{"expiresAtMicros", DataType::longType(), true}}));
  }

  std::vector<BatchPtr> process(std::vector<std::vector<BatchPtr>> inputs, const BatchContext& batch,
                                const ExecContext& exec) override {
    metrics_ = StateOperatorMetrics{};
    metrics_.operatorName = node_.withinWatermark ? "dedupeWithinWatermark" : "dedupe";
    auto start = std::chrono::steady_clock::now();
    state_.load(batch.batchId);
    bool useWatermark = batch.hasWatermark && eventTimeColumn_ >= 0;
    int64_t lateLimit = batch.lateEventsWatermarkMs * 1000;
    std::vector<BatchPtr> out;
    std::string key, value;
    try {
      for (const auto& in : inputs[0]) {
        BatchPtr b = in->materialize();
        std::vector<ColumnPtr> keyColumns;
        for (int k : node_.keyColumns) keyColumns.push_back(b->column(k));
        auto selection = std::make_shared<SelectionVector>();
        for (int64_t r = 0; r < b->numRows(); ++r) {
          int64_t eventTime = kNoEventTime;
          if (useWatermark) {
            auto t = eventTimeAt(*b->column(eventTimeColumn_), r);
            if (t) eventTime = *t;
            if (t && *t <= lateLimit) {
              ++metrics_.numRowsDroppedByWatermark;
              continue;
            }
          }
          encodeKey(keyColumns, r, key);
          auto& store = state_.store(state_.partitionOf(key));
          if (store.get(key)) continue;
          int64_t expiry = eventTime;
          if (node_.withinWatermark && eventTime != kNoEventTime) expiry = eventTime + delayMs_ * 1000;
          value.assign(reinterpret_cast<const char*>(&expiry), sizeof expiry);
          store.put(key, value);
          ++metrics_.numRowsUpdated;
          selection->push_back(static_cast<uint32_t>(r));
        }
        if (!selection->empty()) out.push_back(b->withSelection(std::move(selection)));
      }
      bool evictable = node_.withinWatermark || eventTimeIsKey_;
      if (useWatermark && evictable && batch.outputMode != OutputMode::kComplete) {
        int64_t limit = batch.evictionWatermarkMs * 1000;
        for (int p = 0; p < state_.numPartitions(); ++p) {
          auto& store = state_.store(p);
          std::vector<std::string> expired;
          store.forEach([&](std::string_view k, std::string_view v) {
            int64_t t;
            std::memcpy(&t, v.data(), sizeof t);
            if (t != kNoEventTime && t <= limit) expired.emplace_back(k);
          });
          for (const auto& k : expired) store.remove(k);
          metrics_.numRowsRemoved += static_cast<int64_t>(expired.size());
        }
      }
    } catch (...) {
      state_.abort();
      throw;
    }
    metrics_.allUpdatesTimeMs =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    metrics_.commitTimeMs = state_.commit();
    state_.addMetrics(metrics_);
    return out;
  }

  StateOperatorMetrics metrics() const override { return metrics_; }

  bool needsNoDataBatch(int64_t newWatermarkMs, const BatchContext& batch) const override {
    return eventTimeColumn_ >= 0 && (node_.withinWatermark || eventTimeIsKey_) &&
           StatefulOperator::needsNoDataBatch(newWatermarkMs, batch);
  }

 private:
  const LogicalPlan& node_;
  PartitionedState state_;
  int eventTimeColumn_ = -1;
  int64_t delayMs_ = 0;
  bool eventTimeIsKey_ = false;
  StateOperatorMetrics metrics_;
};

}  // namespace

std::unique_ptr<StatefulOperator> makeStreamingDeduplicate(const LogicalPlan& node, int64_t operatorId,
                                                           const StateConfig& config) {
  return std::make_unique<StreamingDeduplicate>(node, operatorId, config);
}

}  // namespace spate
