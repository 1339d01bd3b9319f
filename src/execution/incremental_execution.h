#pragma once

#include <map>
#include <memory>
#include <set>
#include <vector>

#include "execution/stateful_operator.h"

namespace spate {

/// Event times seen by one withWatermark node in one batch (µs).
struct EventTimeStats {
  int64_t count = 0;
  int64_t minUs = 0;
  int64_t maxUs = 0;
  double sumUs = 0;
};

/// Runs a streaming plan one micro-batch at a time (Spark's IncrementalExecution): streaming scans
/// read the batch's source rows, static subtrees run as batch plans, and stateful nodes
/// (aggregations, deduplication, stream–stream joins) keep their state in state stores.
class IncrementalExecution {
 public:
  IncrementalExecution(PlanPtr plan, StateConfig config);
  ~IncrementalExecution();

  /// The streaming scans, in source order (sources are numbered in this order).
  const std::vector<const LogicalPlan*>& streamingScans() const { return scans_; }
  /// The withWatermark nodes, in a fixed order.
  const std::vector<const LogicalPlan*>& watermarkNodes() const { return watermarks_; }

  /// Runs one batch; `sourceRows[i]` are the rows of streaming scan i.
  std::vector<BatchPtr> run(const BatchContext& batch, std::vector<std::vector<BatchPtr>> sourceRows,
                            const ExecContext& exec);
  /// Per watermark node, the event times seen by the last run().
  const std::vector<EventTimeStats>& eventTimeStats() const { return stats_; }
  /// Per stateful operator, in operator id order, the last run's metrics.
  std::vector<StateOperatorMetrics> stateMetrics() const;
  bool hasStatefulOperators() const { return !operators_.empty(); }
  /// Spark's shouldRunAnotherBatch after `batch` given the new global watermark.
  bool needsNoDataBatch(int64_t newWatermarkMs, const BatchContext& batch) const;

 private:
  std::vector<BatchPtr> execute(const LogicalPlan& node);
  std::vector<BatchPtr> executeOnce(const LogicalPlan& node);
  /// A copy of a stateless streaming node and the stateless nodes below it, whose streaming
  /// boundaries (sources, watermarks, stateful operators) are replaced by this batch's rows.
  PlanPtr statelessCopy(const LogicalPlan& node);
  void collect(const LogicalPlan& node);

  PlanPtr plan_;
  StateConfig config_;
  std::vector<const LogicalPlan*> scans_;
  std::vector<const LogicalPlan*> watermarks_;
  std::map<const LogicalPlan*, std::unique_ptr<StatefulOperator>> operators_;
  std::vector<const LogicalPlan*> operatorOrder_;
  std::map<const LogicalPlan*, bool> streaming_;
  /// Streaming nodes with several parents, and their rows during run().
  std::set<const LogicalPlan*> shared_;
  std::map<const LogicalPlan*, std::vector<BatchPtr>> sharedRows_;
  std::vector<EventTimeStats> stats_;
  // Valid during run().
  const BatchContext* batch_ = nullptr;
  const ExecContext* exec_ = nullptr;
  std::vector<std::vector<BatchPtr>>* sourceRows_ = nullptr;
};

}  // namespace spate
