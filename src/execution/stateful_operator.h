#pragma once

// Stateful streaming operators (design.md §3): immutable plan nodes, with every piece of mutable
// state in a versioned state store partitioned by key. Micro-batch N loads version N of each
// partition's store and commits version N + 1.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/output_mode.h"
#include "execution/executor.h"
#include "state/state_store.h"

namespace spate {

/// What one micro-batch gives its stateful operators.
struct BatchContext {
  int64_t batchId = 0;
  /// Rows (or groups) whose event time is at or before this are late (the previous batch's
  /// eviction watermark; 0 for the first batch).
  int64_t lateEventsWatermarkMs = 0;
  /// State whose event time is at or before this is emitted (append) and evicted.
  int64_t evictionWatermarkMs = 0;
  /// Whether the query declares a watermark at all.
  bool hasWatermark = false;
  int64_t batchTimestampMs = 0;
  OutputMode outputMode = OutputMode::kAppend;
};

/// Where and how a query keeps its state.
struct StateConfig {
  std::string checkpointLocation;
  state::StateStoreConf store;
  int numPartitions = 1;  ///< spark.sql.shuffle.partitions, pinned in the checkpoint
  /// The query's output mode: some operators keep state only in some modes (LIMIT in append).
  OutputMode outputMode = OutputMode::kAppend;
};

/// Spark's StateOperatorProgress numbers for one operator and one batch.
struct StateOperatorMetrics {
  std::string operatorName;
  int64_t numRowsTotal = 0;
  int64_t numRowsUpdated = 0;
  int64_t numRowsRemoved = 0;
  int64_t numRowsDroppedByWatermark = 0;
  int64_t allUpdatesTimeMs = 0;
  int64_t allRemovalsTimeMs = 0;
  int64_t commitTimeMs = 0;
  int64_t memoryUsedBytes = 0;
  int numShufflePartitions = 0;
  int numStateStoreInstances = 0;
  std::map<std::string, int64_t> customMetrics;
};

/// The stores of one operator (one per shuffle partition, per store name), loaded for a batch.
class PartitionedState {
 public:
  PartitionedState(const StateConfig& config, int64_t operatorId, std::vector<std::string> storeNames = {"default"});
  int numPartitions() const { return numPartitions_; }
  /// The partition of an encoded key (stable across runs: a fixed hash).
  int partitionOf(std::string_view key) const;
  /// Loads every store at `version`; throws ExecutionException when a version cannot be loaded.
  void load(int64_t version);
  state::StateStore& store(int partition, size_t storeIndex = 0) { return *stores_[partition][storeIndex]; }
  /// Commits every store (version + 1) and runs maintenance; returns the time spent in ms.
  int64_t commit();
  /// Drops loaded stores without committing.
  void abort();
  /// Totals over the loaded (or just committed) stores. When `rowStores` is given, only those
  /// store indices count towards numRowsTotal (an operator may keep a row in several stores).
  void addMetrics(StateOperatorMetrics& metrics, const std::vector<size_t>& rowStores = {}) const;

 private:
  int numPartitions_;
  std::vector<std::vector<std::unique_ptr<state::StateStoreProvider>>> providers_;
  std::vector<std::vector<std::unique_ptr<state::StateStore>>> stores_;
  std::vector<state::StateStoreMetrics> lastMetrics_;
};

/// A stateful operator of a running query.
class StatefulOperator {
 public:
  virtual ~StatefulOperator() = default;
  /// Processes one batch: `inputs` holds the children's rows of this batch.
  virtual std::vector<BatchPtr> process(std::vector<std::vector<BatchPtr>> inputs, const BatchContext& batch,
                                        const ExecContext& exec) = 0;
  /// The last processed batch's metrics.
  virtual StateOperatorMetrics metrics() const = 0;
  /// Spark's shouldRunAnotherBatch: whether a no-data batch with `newWatermarkMs` would emit or
  /// evict something after `batch`.
  virtual bool needsNoDataBatch(int64_t newWatermarkMs, const BatchContext& batch) const {
    return batch.hasWatermark && batch.outputMode != OutputMode::kComplete &&
           newWatermarkMs > batch.evictionWatermarkMs;
  }
};

/// Key bytes of row `row` of `columns` (equal keys encode equally; -0.0/NaN normalised).
void encodeKey(const std::vector<ColumnPtr>& columns, int64_t row, std::string& out);

/// The event time in µs a watermarked key column holds at `row`: a timestamp's value, a window
/// struct's end; nullopt for NULL.
std::optional<int64_t> eventTimeAt(const Column& column, int64_t row);

/// Index of the first group/key expression that is a watermarked column of `input`, or -1.
int watermarkedKeyIndex(const std::vector<ExprPtr>& keys, const AttributeList& input);

/// Records the operator's state key/value schemas in the checkpoint on first use; afterwards
/// throws AnalysisException (Spark's state schema message) when they differ in count or types.
void validateStateSchema(const StateConfig& config, int64_t operatorId, const TypePtr& keySchema,
                         const TypePtr& valueSchema);

std::unique_ptr<StatefulOperator> makeStreamingAggregation(const LogicalPlan& node, int64_t operatorId,
                                                           const StateConfig& config);
/// An aggregation grouped by a session window (plan/session_window.h isSessionWindowAggregate).
std::unique_ptr<StatefulOperator> makeStreamingSessionWindow(const LogicalPlan& node,
                                                             int64_t operatorId,
                                                             const StateConfig& config);
std::unique_ptr<StatefulOperator> makeStreamingDeduplicate(const LogicalPlan& node, int64_t operatorId,
                                                           const StateConfig& config);
/// A join of two streams (Spark's StreamingSymmetricHashJoinExec).
std::unique_ptr<StatefulOperator> makeStreamingJoin(const LogicalPlan& node, int64_t operatorId,
                                                    const StateConfig& config);
std::unique_ptr<StatefulOperator> makeStreamingGlobalLimit(const LogicalPlan& node,
                                                           int64_t operatorId,
                                                           const StateConfig& config);

}  // namespace spate
