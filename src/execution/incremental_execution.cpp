#include "execution/incremental_execution.h"

#include <algorithm>

#include "common/error.h"
#include "plan/session_window.h"

namespace spate {

IncrementalExecution::IncrementalExecution(PlanPtr plan, StateConfig config)
    : plan_(std::move(plan)), config_(std::move(config)) {
  collect(*plan_);
  stats_.resize(watermarks_.size());
  int64_t operatorId = 0;
  for (const LogicalPlan* node : operatorOrder_) {
    if (isSessionWindowAggregate(*node))
      operators_[node] = makeStreamingSessionWindow(*node, operatorId++, config_);
    else if (node->kind == PlanKind::kAggregate)
      operators_[node] = makeStreamingAggregation(*node, operatorId++, config_);
    else if (node->kind == PlanKind::kDeduplicate)
      operators_[node] = makeStreamingDeduplicate(*node, operatorId++, config_);
    else if (node->kind == PlanKind::kLimit)
      operators_[node] = makeStreamingGlobalLimit(*node, operatorId++, config_);
    else
      operators_[node] = makeStreamingJoin(*node, operatorId++, config_);
  }
}

IncrementalExecution::~IncrementalExecution() = default;

// Pre-order walk: stateful operators get ids from the top of the plan down, sources and
// watermarks are numbered left to right.
// A subtree shared by several parents (a stream joined with itself through a view) is collected
// once: one source, one watermark, one operator; execute() runs it once per batch.
void IncrementalExecution::collect(const LogicalPlan& node) {
  if (streaming_.count(&node)) {
    if (streaming_[&node]) shared_.insert(&node);
    return;
  }
  bool streaming = isStreamingPlan(node);
  streaming_[&node] = streaming;
  if (!streaming) return;
  if (node.kind == PlanKind::kScan) scans_.push_back(&node);
  if (node.kind == PlanKind::kWatermark) watermarks_.push_back(&node);
  bool stateful = node.kind == PlanKind::kAggregate || node.kind == PlanKind::kDeduplicate ||
                  (node.kind == PlanKind::kJoin && isStreamingPlan(*node.children[0]) &&
                   isStreamingPlan(*node.children[1])) ||
                  // Spark's StreamingGlobalLimitExec: the limit counts over the whole stream.
                  (node.kind == PlanKind::kLimit && config_.outputMode == OutputMode::kAppend);
  if (stateful) operatorOrder_.push_back(&node);
  for (const auto& c : node.children) collect(*c);
}

std::vector<BatchPtr> IncrementalExecution::run(const BatchContext& batch,
                                                std::vector<std::vector<BatchPtr>> sourceRows,
                                                const ExecContext& exec) {
  if (sourceRows.size() != scans_.size()) throw InternalError("one row set per streaming source expected");
  std::fill(stats_.begin(), stats_.end(), EventTimeStats{});
  batch_ = &batch;
  exec_ = &exec;
  sourceRows_ = &sourceRows;
  sharedRows_.clear();
  auto out = execute(*plan_);
  sharedRows_.clear();
  batch_ = nullptr;
  exec_ = nullptr;
  sourceRows_ = nullptr;
  return out;
}

std::vector<BatchPtr> IncrementalExecution::execute(const LogicalPlan& node) {
  if (!streaming_.at(&node)) return executePlan(node, *exec_);
  if (!shared_.count(&node)) return executeOnce(node);
  auto done = sharedRows_.find(&node);
  if (done != sharedRows_.end()) return done->second;
  return sharedRows_[&node] = executeOnce(node);
}

std::vector<BatchPtr> IncrementalExecution::executeOnce(const LogicalPlan& node) {
  switch (node.kind) {
    case PlanKind::kScan: {
      size_t i = std::find(scans_.begin(), scans_.end(), &node) - scans_.begin();
      SchemaPtr schema = schemaOf(node.output);
      std::vector<BatchPtr> rows;
      for (auto& b : (*sourceRows_)[i])
        if (b->numRows() > 0) rows.push_back(b->schema()->equals(*schema) ? b : b->withSchema(schema));
      return rows;
    }
    case PlanKind::kWatermark: {
      auto rows = execute(*node.children[0]);
      size_t w = std::find(watermarks_.begin(), watermarks_.end(), &node) - watermarks_.begin();
      EventTimeStats& s = stats_[w];
      for (const auto& b : rows) {
        const Column& c = *b->column(node.eventTimeColumn);
        auto observe = [&](int64_t r) {
          if (c.isNull(r)) return;
          int64_t t = c.values<int64_t>()[r];
          if (s.count == 0 || t < s.minUs) s.minUs = t;
          if (s.count == 0 || t > s.maxUs) s.maxUs = t;
          s.sumUs += static_cast<double>(t);
          ++s.count;
        };
        if (b->hasSelection())
          for (uint32_t r : *b->selection()) observe(r);
        else
          for (int64_t r = 0; r < b->physicalRows(); ++r) observe(r);
      }
      return rows;
    }
    default:
      break;
  }
  auto op = operators_.find(&node);
  if (op != operators_.end()) {
    std::vector<std::vector<BatchPtr>> inputs;
    for (const auto& c : node.children) inputs.push_back(execute(*c));
    return op->second->process(std::move(inputs), *batch_, *exec_);
  }
  // A stateless node over streaming input: run it, with the stateless nodes below it, as one batch
  // plan over this batch's rows of the sources, watermarks and stateful operators below (so the
  // batch executor can pipeline chains of projections and filters).
  return executePlan(*statelessCopy(node), *exec_);
}

PlanPtr IncrementalExecution::statelessCopy(const LogicalPlan& node) {
  auto copy = std::make_shared<LogicalPlan>(node);
  for (auto& child : copy->children) {
    if (!streaming_.at(child.get())) continue;
    // Shared subtrees stay boundaries too: execute() runs them once per batch.
    bool boundary = child->kind == PlanKind::kScan || child->kind == PlanKind::kWatermark ||
                    operators_.count(child.get()) > 0 || shared_.count(child.get()) > 0;
    if (!boundary) {
      child = statelessCopy(*child);
      continue;
    }
    auto rows = std::make_shared<std::vector<BatchPtr>>(execute(*child));
    child = makeScan("MicroBatch", child->output, [rows] { return *rows; });
  }
  return copy;
}

std::vector<StateOperatorMetrics> IncrementalExecution::stateMetrics() const {
  std::vector<StateOperatorMetrics> out;
  for (const LogicalPlan* node : operatorOrder_) out.push_back(operators_.at(node)->metrics());
  return out;
}

bool IncrementalExecution::needsNoDataBatch(int64_t newWatermarkMs, const BatchContext& batch) const {
  for (const auto& [node, op] : operators_)
    if (op->needsNoDataBatch(newWatermarkMs, batch)) return true;
  return false;
}

}  // namespace spate
