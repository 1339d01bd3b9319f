#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "common/time.h"
#include "types/data_type.h"
#include "vector/batch.h"
#include "vector/value.h"

namespace spate {

struct Expr;
using ExprPtr = std::shared_ptr<const Expr>;

/// What a kernel may read besides its arguments: the session's time zone and the batch's
/// timestamp (`current_timestamp()` is fixed per query or micro-batch).
struct EvalContext {
  TimeZonePtr timeZone = TimeZone::utc();
  int64_t currentTimestampMicros = 0;
  /// Rows whose JSON could not be parsed (counted for progress metrics); kernels may add to it.
  int64_t* malformedRecords = nullptr;
};

/// Arguments of a vectorised scalar kernel: evaluated argument columns of `rows` rows each.
struct KernelArgs {
  std::span<const ColumnPtr> columns;
  int64_t rows;
  const TypePtr& resultType;
  const EvalContext& context;
  /// Per-call-site state prepared at bind time (compiled regex, parsed schema), or nullptr.
  const void* state;
};
using ScalarKernel = std::function<ColumnPtr(const KernelArgs&)>;

enum class ExprKind {
  kColumnRef,  ///< input column `index`
  kLiteral,    ///< `literal` of `type`
  kCall,       ///< scalar function: `kernel` over evaluated `children`
  kCase,       ///< CASE: children = [cond1, value1, cond2, value2, …, else?]
  kAnd,        ///< three-valued AND of two children
  kOr,         ///< three-valued OR of two children
};

/// A bound (resolved, typed) expression: immutable, shared, evaluated a batch at a time.
struct Expr {
  ExprKind kind = ExprKind::kLiteral;
  TypePtr type;
  bool nullable = true;
  int columnIndex = -1;
  Value literal;
  /// Function name as Spark prints it (for EXPLAIN and generated column names).
  std::string functionName;
  ScalarKernel kernel;
  std::shared_ptr<const void> state;
  /// False for functions whose value changes between calls with the same input (rand()).
  bool deterministic = true;
  std::vector<ExprPtr> children;
};

ExprPtr makeColumnRef(int index, TypePtr type, bool nullable = true);
ExprPtr makeLiteral(Value value, TypePtr type);
ExprPtr makeCall(std::string name, TypePtr type, std::vector<ExprPtr> children, ScalarKernel kernel,
                 std::shared_ptr<const void> state = nullptr, bool nullable = true);

/// Evaluates `expr` over every physical row of `batch` (selections are applied by the caller).
ColumnPtr evaluate(const Expr& expr, const Batch& batch, const EvalContext& context);
/// Evaluates a predicate and returns the selected rows among `batch`'s visible rows (NULL and
/// false rows are dropped).
std::shared_ptr<const SelectionVector> evaluateFilter(const Expr& predicate, const Batch& batch,
                                                      const EvalContext& context);
/// Evaluates an expression that uses no columns (constant folding, literal arguments).
Value evaluateConstant(const Expr& expr, const EvalContext& context);
/// True if the expression reads no input column and is deterministic.
bool isConstant(const Expr& expr);

}  // namespace spate
