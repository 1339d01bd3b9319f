#include <algorithm>

#include "common/error.h"
#include "expression/expr.h"

namespace spate {

ExprPtr makeColumnRef(int index, TypePtr type, bool nullable) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::kColumnRef;
  e->columnIndex = index;
  e->type = std::move(type);
  e->nullable = nullable;
  return e;
}

ExprPtr makeLiteral(Value value, TypePtr type) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::kLiteral;
  e->nullable = value.isNull();
  e->literal = std::move(value);
  e->type = std::move(type);
  return e;
}

ExprPtr makeCall(std::string name, TypePtr type, std::vector<ExprPtr> children, ScalarKernel kernel,
                 std::shared_ptr<const void> state, bool nullable) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::kCall;
  e->functionName = std::move(name);
  e->type = std::move(type);
  e->children = std::move(children);
  e->kernel = std::move(kernel);
  e->state = std::move(state);
  e->nullable = nullable;
  return e;
}

namespace {

// Three-valued logic: for AND, false wins over NULL; for OR, true wins over NULL.
ColumnPtr evaluateLogical(const Expr& expr, const Batch& batch, const EvalContext& context, bool isAnd) {
  ColumnPtr left = evaluate(*expr.children[0], batch, context);
  ColumnPtr right = evaluate(*expr.children[1], batch, context);
  int64_t n = batch.physicalRows();
  auto out = std::make_shared<Column>(DataType::boolean(), n);
  out->mutableData().resize(n);
  uint8_t* o = out->mutableData().data();
  const uint8_t* l = left->values<uint8_t>();
  const uint8_t* r = right->values<uint8_t>();
  if (!left->mayHaveNulls() && !right->mayHaveNulls()) {
    for (int64_t i = 0; i < n; ++i) o[i] = isAnd ? (l[i] & r[i]) : (l[i] | r[i]);
    return out;
  }
  for (int64_t i = 0; i < n; ++i) {
    bool ln = left->isNull(i), rn = right->isNull(i);
    bool lv = !ln && l[i], rv = !rn && r[i];
    if (isAnd) {
      if ((!ln && !lv) || (!rn && !rv)) {
        o[i] = 0;
      } else if (ln || rn) {
        o[i] = 0;
        out->setNull(i);
      } else {
        o[i] = 1;
      }
    } else {
      if (lv || rv) {
        o[i] = 1;
      } else if (ln || rn) {
        o[i] = 0;
        out->setNull(i);
      } else {
        o[i] = 0;
      }
    }
  }
  return out;
}

// CASE: evaluates every branch over the batch and picks per row (no branch can fail in non-ANSI
// mode, so eager evaluation is safe).
ColumnPtr evaluateCase(const Expr& expr, const Batch& batch, const EvalContext& context) {
  int64_t n = batch.physicalRows();
  size_t pairs = expr.children.size() / 2;
  bool hasElse = expr.children.size() % 2 == 1;
  std::vector<uint32_t> pick(n, kNullIndex);  // branch index per row
  std::vector<ColumnPtr> values;
  for (size_t b = 0; b < pairs; ++b) {
    ColumnPtr cond = evaluate(*expr.children[2 * b], batch, context);
    const uint8_t* c = cond->values<uint8_t>();
    for (int64_t i = 0; i < n; ++i)
      if (pick[i] == kNullIndex && c[i] && cond->isValid(i)) pick[i] = static_cast<uint32_t>(b);
  }
  for (size_t b = 0; b < pairs; ++b) values.push_back(evaluate(*expr.children[2 * b + 1], batch, context));
  if (hasElse) values.push_back(evaluate(*expr.children.back(), batch, context));
  ColumnBuilder builder(expr.type, n);
  for (int64_t i = 0; i < n; ++i) {
    uint32_t b = pick[i] != kNullIndex ? pick[i] : hasElse ? static_cast<uint32_t>(pairs) : kNullIndex;
    if (b == kNullIndex)
      builder.appendNull();
    else
      builder.appendFrom(*values[b], i);
  }
  return builder.finish();
}

}  // namespace

ColumnPtr evaluate(const Expr& expr, const Batch& batch, const EvalContext& context) {
  switch (expr.kind) {
    case ExprKind::kColumnRef:
      return batch.column(expr.columnIndex);
    case ExprKind::kLiteral:
      return makeConstantColumn(expr.type, expr.literal, batch.physicalRows());
    case ExprKind::kAnd:
      return evaluateLogical(expr, batch, context, true);
    case ExprKind::kOr:
      return evaluateLogical(expr, batch, context, false);
    case ExprKind::kCase:
      return evaluateCase(expr, batch, context);
    case ExprKind::kCall: {
      std::vector<ColumnPtr> args;
      args.reserve(expr.children.size());
      for (const auto& c : expr.children) args.push_back(evaluate(*c, batch, context));
      KernelArgs kernelArgs{args, batch.physicalRows(), expr.type, context, expr.state.get()};
      ColumnPtr result = expr.kernel(kernelArgs);
      SPATE_CHECK(result->size() == batch.physicalRows(), "kernel '" + expr.functionName + "' returned the wrong row count");
      return result;
    }
  }
  throw InternalError("unknown expression kind");
}

std::shared_ptr<const SelectionVector> evaluateFilter(const Expr& predicate, const Batch& batch,
                                                      const EvalContext& context) {
  ColumnPtr result = evaluate(predicate, batch, context);
  const uint8_t* v = result->values<uint8_t>();
  auto selection = std::make_shared<SelectionVector>();
  auto keep = [&](int64_t i) { return v[i] && result->isValid(i); };
  if (batch.hasSelection()) {
    for (uint32_t i : *batch.selection())
      if (keep(i)) selection->push_back(i);
  } else {
    int64_t n = batch.physicalRows();
    selection->reserve(n);
    for (int64_t i = 0; i < n; ++i)
      if (keep(i)) selection->push_back(static_cast<uint32_t>(i));
  }
  return selection;
}

bool isConstant(const Expr& expr) {
  if (expr.kind == ExprKind::kColumnRef || !expr.deterministic) return false;
  return std::all_of(expr.children.begin(), expr.children.end(),
                     [](const ExprPtr& c) { return isConstant(*c); });
}

Value evaluateConstant(const Expr& expr, const EvalContext& context) {
  if (expr.kind == ExprKind::kLiteral) return expr.literal;
  static const auto kEmptySchema = DataType::structType({});
  Batch one(kEmptySchema, {}, 1);
  return evaluate(expr, one, context)->valueAt(0);
}

}  // namespace spate
