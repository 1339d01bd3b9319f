#pragma once

#include <vector>

#include "execution/thread_pool.h"
#include "expression/expr.h"
#include "plan/logical_plan.h"
#include "vector/batch.h"

namespace spate {

/// What running a plan needs: the worker threads and the evaluation settings.
struct ExecContext {
  ThreadPool* pool = nullptr;
  EvalContext eval;
};

/// Runs a batch plan to completion and returns its rows (batches may carry selections).
std::vector<BatchPtr> executePlan(const LogicalPlan& plan, const ExecContext& context);

/// Runs fn over every batch in parallel, returning the outputs in input order.
std::vector<BatchPtr> parallelMap(const std::vector<BatchPtr>& input, const ExecContext& context,
                                  const std::function<BatchPtr(const BatchPtr&)>& fn);

// Operators (one file each).
std::vector<BatchPtr> executeAggregate(const LogicalPlan& plan, std::vector<BatchPtr> input,
                                       const ExecContext& context);
/// An aggregation grouped by a session window: sessions merged per the other keys.
std::vector<BatchPtr> executeSessionWindowAggregate(const LogicalPlan& plan,
                                                    std::vector<BatchPtr> input,
                                                    const ExecContext& context);
std::vector<BatchPtr> executeJoin(const LogicalPlan& plan, std::vector<BatchPtr> left,
                                  std::vector<BatchPtr> right, const ExecContext& context);
std::vector<BatchPtr> executeSort(const LogicalPlan& plan, std::vector<BatchPtr> input,
                                  const ExecContext& context);
std::vector<BatchPtr> executeGenerate(const LogicalPlan& plan, std::vector<BatchPtr> input,
                                      const ExecContext& context);
std::vector<BatchPtr> executeSetOperation(const LogicalPlan& plan, std::vector<BatchPtr> left,
                                          std::vector<BatchPtr> right, const ExecContext& context);


}  // namespace spate
