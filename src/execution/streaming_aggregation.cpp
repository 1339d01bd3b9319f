// Streaming aggregation (Spark's StateStoreRestore/StateStoreSave pair): each batch is
// pre-aggregated with the batch hash aggregation, then merged group by group into the state
// store. The output depends on the output mode (spark_semantics.md §2.2):
//   append   — groups whose watermarked key has passed the eviction watermark, then removed;
//   update   — groups changed by this batch, then groups past the watermark are removed;
//   complete — every group in state.
// A state value is the group's event time (8 bytes, for eviction without decoding keys) followed
// by each aggregate's serialized buffer.
#include <chrono>
#include <cstring>

#include "common/error.h"
#include "execution/aggregate_states.h"
#include "execution/hash_aggregation.h"
#include "execution/stateful_operator.h"
#include "function/value_codec.h"

namespace spate {

namespace {

constexpr int64_t kNoEventTime = INT64_MIN;

int64_t elapsedMs(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - since).count();
}

int64_t readEventTime(std::string_view value) {
  int64_t t;
  std::memcpy(&t, value.data(), sizeof t);
  return t;
}

class StreamingAggregation : public StatefulOperator {
 public:
  StreamingAggregation(const LogicalPlan& node, int64_t operatorId, const StateConfig& config)
      : node_(node), state_(config, operatorId) {
    const AttributeList& input = node.children[0]->output;
    watermarkKey_ = watermarkedKeyIndex(node.groupExprs, input);
    numKeyColumns_ = node.groupExprs.size() + (node.groupingSets.empty() ? 0 : 1);
    schema_ = schemaOf(node.output);
    std::vector<StructField> keyFields, valueFields{{"eventTime", DataType::longType(), true}};
    for (size_t k = 0; k < numKeyColumns_; ++k)
      keyFields.push_back({node.output[k].name, node.output[k].type, node.output[k].nullable});
    for (const auto& a : node.aggregates) valueFields.push_back({a.name, a.kernel->bufferType(), true});
    validateStateSchema(config, operatorId, DataType::structType(keyFields), DataType::structType(valueFields));
  }

  std::vector<BatchPtr> process(std::vector<std::vector<BatchPtr>> inputs, const BatchContext& batch,
                                const ExecContext& exec) override {
    metrics_ = StateOperatorMetrics{};
    metrics_.operatorName = "stateStoreSave";
    auto updateStart = std::chrono::steady_clock::now();
    std::unique_ptr<HashAggregation> partial = preAggregate(node_, inputs[0], exec);
    std::vector<ColumnPtr> keys = partial->finishKeys();
    int64_t groups = static_cast<int64_t>(partial->numGroups());

    // Group ids per partition, keys encoded once.
    int partitions = state_.numPartitions();
    std::vector<std::string> encoded(groups);
    std::vector<std::vector<uint32_t>> byPartition(partitions);
    for (int64_t g = 0; g < groups; ++g) {
      encodeKey(keys, g, encoded[g]);
      byPartition[state_.partitionOf(encoded[g])].push_back(static_cast<uint32_t>(g));
    }

    state_.load(batch.batchId);
    bool lateFilter = watermarkKey_ >= 0 && batch.hasWatermark && batch.outputMode != OutputMode::kComplete;
    // Evicting scans the whole state: only worth it when the watermark moved since the last scan
    // (or since this object was created, e.g. after a restart).
    bool evict = watermarkKey_ >= 0 && batch.hasWatermark && batch.outputMode != OutputMode::kComplete &&
                 (!lastEvictionScanMs_ || batch.evictionWatermarkMs > *lastEvictionScanMs_);
    std::vector<std::vector<BatchPtr>> outputs(partitions);
    std::vector<StateOperatorMetrics> partMetrics(partitions);
    try {
      exec.pool->parallelFor(partitions, [&](int64_t p, int) {
        auto& store = state_.store(static_cast<int>(p));
        auto& m = partMetrics[p];
        Output out(schema_, node_.aggregates.size());
        AggregateStates block(node_.aggregates);
        std::string value;
        for (uint32_t g : byPartition[p]) {
          int64_t eventTime = kNoEventTime;
          if (watermarkKey_ >= 0) eventTime = eventTimeAt(*keys[watermarkKey_], g).value_or(kNoEventTime);
          if (lateFilter && eventTime != kNoEventTime && eventTime <= batch.lateEventsWatermarkMs * 1000) {
            ++m.numRowsDroppedByWatermark;
            continue;
          }
          auto old = store.get(encoded[g]);
          if (old) {
            size_t pos = sizeof(int64_t);
            block.decode(*old, pos);
          } else {
            block.reset();
          }
          for (size_t a = 0; a < node_.aggregates.size(); ++a)
            node_.aggregates[a].kernel->merge(block.at(a), partial->aggregateState(g, a));
          value.assign(reinterpret_cast<const char*>(&eventTime), sizeof eventTime);
          block.encode(value);
          store.put(encoded[g], value);
          ++m.numRowsUpdated;
          if (batch.outputMode == OutputMode::kUpdate) {
            for (size_t k = 0; k < numKeyColumns_; ++k) out.builders[k].appendFrom(*keys[k], g);
            block.finalize(out.builders, numKeyColumns_);
            out.flushIfFull();
          }
        }
        if (batch.outputMode == OutputMode::kComplete) {
          store.forEach([&](std::string_view key, std::string_view v) {
            out.appendEntry(key, v, block);
          });
        } else if (evict) {
          auto removeStart = std::chrono::steady_clock::now();
          std::vector<std::string> expired;
          int64_t limit = batch.evictionWatermarkMs * 1000;
          store.forEach([&](std::string_view key, std::string_view v) {
            int64_t t = readEventTime(v);
            if (t == kNoEventTime || t > limit) return;
            if (batch.outputMode == OutputMode::kAppend) out.appendEntry(key, v, block);
            expired.emplace_back(key);
          });
          for (const auto& k : expired) store.remove(k);
          m.numRowsRemoved += static_cast<int64_t>(expired.size());
          m.allRemovalsTimeMs += elapsedMs(removeStart);
        }
        outputs[p] = out.finish();
      });
    } catch (...) {
      state_.abort();
      throw;
    }
    metrics_.allUpdatesTimeMs = elapsedMs(updateStart);
    for (const auto& m : partMetrics) {
      metrics_.numRowsUpdated += m.numRowsUpdated;
      metrics_.numRowsRemoved += m.numRowsRemoved;
      metrics_.numRowsDroppedByWatermark += m.numRowsDroppedByWatermark;
      metrics_.allRemovalsTimeMs += m.allRemovalsTimeMs;
    }
    metrics_.commitTimeMs = state_.commit();
    state_.addMetrics(metrics_);
    if (evict) lastEvictionScanMs_ = batch.evictionWatermarkMs;
    std::vector<BatchPtr> result;
    for (auto& o : outputs) result.insert(result.end(), o.begin(), o.end());
    return result;
  }

  StateOperatorMetrics metrics() const override { return metrics_; }

  bool needsNoDataBatch(int64_t newWatermarkMs, const BatchContext& batch) const override {
    return watermarkKey_ >= 0 && StatefulOperator::needsNoDataBatch(newWatermarkMs, batch);
  }

 private:
  /// Output rows of one partition: keys then aggregate results, in batches of the vector size.
  struct Output {
    Output(SchemaPtr s, size_t aggregates) : schema(std::move(s)), aggregateCount(aggregates) { reset(); }
    SchemaPtr schema;
    size_t aggregateCount;
    std::vector<ColumnBuilder> builders;
    std::vector<BatchPtr> batches;

    void reset() {
      builders.clear();
      for (const auto& f : schema->fields()) builders.emplace_back(f.type);
    }
    void flushIfFull() {
      if (builders[0].size() >= defaultVectorSize()) flush();
    }
    void flush() {
      if (builders.empty() || builders[0].size() == 0) return;
      int64_t rows = builders[0].size();
      std::vector<ColumnPtr> columns;
      for (auto& b : builders) columns.push_back(b.finish());
      batches.push_back(std::make_shared<Batch>(schema, std::move(columns), rows));
      reset();
    }
    /// Appends the group stored as (key, value).
    void appendEntry(std::string_view key, std::string_view value, AggregateStates& block) {
      size_t pos = 0;
      size_t keyColumns = schema->fields().size() - aggregateCount;
      for (size_t k = 0; k < keyColumns; ++k) agg::decodeValue(key, pos, builders[k]);
      size_t valuePos = sizeof(int64_t);
      block.decode(value, valuePos);
      block.finalize(builders, keyColumns);
      flushIfFull();
    }
    std::vector<BatchPtr> finish() {
      flush();
      return std::move(batches);
    }
  };

  const LogicalPlan& node_;
  PartitionedState state_;
  int watermarkKey_ = -1;
  size_t numKeyColumns_ = 0;
  SchemaPtr schema_;
  StateOperatorMetrics metrics_;
  std::optional<int64_t> lastEvictionScanMs_;
};

}  // namespace

std::unique_ptr<StatefulOperator> makeStreamingAggregation(const LogicalPlan& node, int64_t operatorId,
                                                           const StateConfig& config) {
  return std::make_unique<StreamingAggregation>(node, operatorId, config);
}

}  // namespace spate
