#include "execution/executor.h"

#include "common/error.h"
#include "plan/session_window.h"

namespace spate {

std::vector<BatchPtr> parallelMap(const std::vector<BatchPtr>& input, const ExecContext& context,
                                  const std::function<BatchPtr(const BatchPtr&)>& fn) {
  std::vector<BatchPtr> out(input.size());
  context.pool->parallelFor(static_cast<int64_t>(input.size()),
                            [&](int64_t i, int) { out[i] = fn(input[i]); });
  return out;
}

namespace {

void markColumnRefs(const Expr& e, std::vector<bool>& used) {
  if (e.kind == ExprKind::kColumnRef && e.columnIndex >= 0 && static_cast<size_t>(e.columnIndex) < used.size())
    used[e.columnIndex] = true;
  for (const auto& c : e.children) markColumnRefs(*c, used);
}

// A batch's selected rows, gathering only the columns in `used`; the others become NULL columns
// of the right length, which nothing reads.
BatchPtr compactUsedColumns(const Batch& batch, const std::vector<bool>& used) {
  const auto& selection = *batch.selection();
  int64_t rows = static_cast<int64_t>(selection.size());
  std::vector<ColumnPtr> columns;
  columns.reserve(batch.numColumns());
  for (size_t i = 0; i < batch.numColumns(); ++i)
    columns.push_back(i < used.size() && used[i] ? gatherColumn(batch.column(i), selection)
                                                 : makeNullColumn(batch.column(i)->type(), rows));
  return std::make_shared<Batch>(batch.schema(), std::move(columns), rows);
}

// One projection or filter over one batch. A chain of them runs batch by batch (a vector goes
// through every stage before the next vector starts), so the intermediate columns of a chain
// never exist for the whole input at once.
class Stage {
 public:
  explicit Stage(const LogicalPlan& plan) : plan_(plan) {
    if (plan.kind == PlanKind::kProject) {
      schema_ = schemaOf(plan.output);
      used_.assign(plan.children[0]->output.size(), false);
      for (const auto& e : plan.exprs) markColumnRefs(*e, used_);
    }
  }

  /// The stage's output for `batch`, or nullptr when a filter keeps no row.
  BatchPtr apply(const BatchPtr& batch, const ExecContext& context) const {
    if (plan_.kind == PlanKind::kFilter) {
      auto selection = evaluateFilter(*plan_.predicate, *batch, context.eval);
      if (selection->empty()) return nullptr;
      if (static_cast<int64_t>(selection->size()) == batch->physicalRows()) return batch->withSelection(nullptr);
      return batch->withSelection(std::move(selection));
    }
    std::vector<ColumnPtr> columns;
    columns.reserve(plan_.exprs.size());
    // Sparse selections are compacted first so kernels do not work on dropped rows (only the
    // columns the expressions read are gathered).
    BatchPtr source = batch;
    if (batch->hasSelection() && batch->numRows() * 2 < batch->physicalRows())
      source = batch->numColumns() == used_.size() ? compactUsedColumns(*batch, used_) : batch->materialize();
    for (const auto& e : plan_.exprs) columns.push_back(evaluate(*e, *source, context.eval));
    return std::make_shared<Batch>(schema_, std::move(columns), source->physicalRows(), source->selection());
  }

 private:
  const LogicalPlan& plan_;
  SchemaPtr schema_;
  std::vector<bool> used_;
};

// A chain of projections and filters (top first in `plan`) over the rows of the first node below
// it that is neither.
std::vector<BatchPtr> executeStages(const LogicalPlan& plan, const ExecContext& context) {
  std::vector<Stage> stages;  // bottom first
  const LogicalPlan* node = &plan;
  std::vector<const LogicalPlan*> chain;
  while (node->kind == PlanKind::kProject || node->kind == PlanKind::kFilter) {
    chain.push_back(node);
    node = node->children[0].get();
  }
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) stages.emplace_back(**it);
  std::vector<BatchPtr> out = parallelMap(executePlan(*node, context), context, [&](const BatchPtr& input) {
    BatchPtr batch = input;
    for (const auto& stage : stages) {
      batch = stage.apply(batch, context);
      if (!batch) break;
    }
    return batch;
  });
  std::erase(out, nullptr);
  return out;
}

std::vector<BatchPtr> executeLimit(const LogicalPlan& plan, const std::vector<BatchPtr>& input) {
  std::vector<BatchPtr> out;
  int64_t remaining = plan.limit;
  for (const auto& b : input) {
    if (remaining <= 0) break;
    if (b->numRows() <= remaining) {
      out.push_back(b);
      remaining -= b->numRows();
      continue;
    }
    auto m = b->materialize();
    std::vector<ColumnPtr> columns;
    for (const auto& c : m->columns()) columns.push_back(sliceColumn(c, 0, remaining));
    out.push_back(std::make_shared<Batch>(m->schema(), std::move(columns), remaining));
    remaining = 0;
  }
  return out;
}

// Re-labels batches with the plan's schema (names differ between union children and scans).
std::vector<BatchPtr> relabel(std::vector<BatchPtr> batches, const SchemaPtr& schema) {
  for (auto& b : batches)
    if (!b->schema()->equals(*schema)) b = b->withSchema(schema);
  return batches;
}

}  // namespace

std::vector<BatchPtr> executePlan(const LogicalPlan& plan, const ExecContext& context) {
  switch (plan.kind) {
    case PlanKind::kScan: {
      std::vector<BatchPtr> rows = plan.provider();
      std::erase_if(rows, [](const BatchPtr& b) { return b->numRows() == 0; });
      return relabel(std::move(rows), schemaOf(plan.output));
    }
    case PlanKind::kProject:
    case PlanKind::kFilter:
      return executeStages(plan, context);
    case PlanKind::kAggregate:
      if (isSessionWindowAggregate(plan))
        return executeSessionWindowAggregate(plan, executePlan(*plan.children[0], context),
                                             context);
      return executeAggregate(plan, executePlan(*plan.children[0], context), context);
    case PlanKind::kJoin:
      return executeJoin(plan, executePlan(*plan.children[0], context), executePlan(*plan.children[1], context),
                         context);
    case PlanKind::kUnion: {
      SchemaPtr schema = schemaOf(plan.output);
      std::vector<BatchPtr> out;
      for (const auto& child : plan.children)
        for (auto& b : executePlan(*child, context)) out.push_back(b);
      return relabel(std::move(out), schema);
    }
    case PlanKind::kSort:
      return executeSort(plan, executePlan(*plan.children[0], context), context);
    case PlanKind::kLimit:
      return executeLimit(plan, executePlan(*plan.children[0], context));
    case PlanKind::kGenerate:
      return executeGenerate(plan, executePlan(*plan.children[0], context), context);
    case PlanKind::kWatermark:  // ignored in batch queries, as in Spark
      return executePlan(*plan.children[0], context);
    case PlanKind::kDeduplicate:
      throw InternalError("Deduplicate runs only in streaming queries");
    case PlanKind::kExcept:
      return executeSetOperation(plan, executePlan(*plan.children[0], context),
                                 executePlan(*plan.children[1], context), context);
  }
  throw InternalError("unknown plan node");
}

}  // namespace spate
