#pragma once

// Helpers for the function unit tests: bind through the registry, evaluate over columns.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "expression/cast.h"
#include "function/registry.h"
#include "vector/batch.h"

namespace spate::testing {

inline ExprPtr bindCall(std::string_view name, std::vector<ExprPtr> args,
                        BindContext context = {}) {
  const FunctionEntry* entry = FunctionRegistry::instance().find(name);
  if (!entry || !entry->scalar) throw std::runtime_error("no scalar function " + std::string(name));
  return entry->scalar(std::move(args), context);
}

inline ExprPtr lit(Value v, TypePtr type) { return makeLiteral(std::move(v), std::move(type)); }
inline ExprPtr intLit(int64_t v) { return lit(Value(v), DataType::integer()); }
inline ExprPtr longLit(int64_t v) { return lit(Value(v), DataType::longType()); }
inline ExprPtr doubleLit(double v) { return lit(Value(v), DataType::doubleType()); }
inline ExprPtr stringLit(std::string v) { return lit(Value(std::move(v)), DataType::string()); }
inline ExprPtr nullLit(TypePtr type = DataType::null()) { return lit(Value::null(), type); }
inline ExprPtr decimalLit(Int128 unscaled, int precision, int scale) {
  return lit(Value(unscaled), DataType::decimal(precision, scale));
}

/// A column reference printed as `name` in messages (the analyzer stores names there).
inline ExprPtr named(int index, TypePtr type, std::string name) {
  auto e = std::make_shared<Expr>(*makeColumnRef(index, std::move(type)));
  e->functionName = std::move(name);
  return e;
}

/// Evaluates `expr` over a batch of `columns` (all of one length) and returns its values.
inline std::vector<Value> evalRows(const ExprPtr& expr, const std::vector<ColumnPtr>& columns,
                                   const EvalContext& context = {}) {
  std::vector<StructField> fields;
  for (size_t i = 0; i < columns.size(); ++i)
    fields.push_back({"c" + std::to_string(i), columns[i]->type(), true});
  int64_t rows = columns.empty() ? 1 : columns[0]->size();
  Batch batch(DataType::structType(fields), columns, rows);
  ColumnPtr out = evaluate(*expr, batch, context);
  std::vector<Value> values;
  for (int64_t i = 0; i < out->size(); ++i) values.push_back(out->valueAt(i));
  return values;
}

/// Evaluates an expression that reads no column.
inline Value evalOne(const ExprPtr& expr, const EvalContext& context = {}) {
  return evalRows(expr, {}, context).at(0);
}

/// Skips the test while the shared CAST is still a placeholder for this conversion.
#define SPATE_REQUIRE_CAST(from, to)                                        \
  do {                                                                      \
    if (!canCast(*(from), *(to))) GTEST_SKIP() << "CAST not available yet"; \
  } while (false)

}  // namespace spate::testing
