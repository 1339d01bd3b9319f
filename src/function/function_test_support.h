#pragma once

// Test helpers: bind functions through the registry and evaluate them over small batches.

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

#include "function/registry.h"
#include "vector/batch.h"

namespace spate::testing {

inline ExprPtr lit(Value v, TypePtr type) { return makeLiteral(std::move(v), std::move(type)); }
inline ExprPtr str(std::string_view s) { return lit(Value(std::string(s)), DataType::string()); }
inline ExprPtr i32(int v) { return lit(Value(v), DataType::integer()); }
inline ExprPtr i64(int64_t v) { return lit(Value(v), DataType::longType()); }
inline ExprPtr nullOf(TypePtr type) { return lit(Value::null(), std::move(type)); }
inline ExprPtr boolean(bool v) { return lit(Value(v), DataType::boolean()); }

inline ExprPtr call(std::string_view name, std::vector<ExprPtr> args) {
  const FunctionEntry* entry = FunctionRegistry::instance().find(name);
  if (!entry || !entry->scalar) throw std::runtime_error("no scalar function " + std::string(name));
  return entry->scalar(std::move(args), BindContext{});
}

/// Input columns for a test; column(...) returns a reference to the new column.
class Rows {
 public:
  ExprPtr column(TypePtr type, std::vector<Value> values) {
    if (rows_ < 0) rows_ = static_cast<int64_t>(values.size());
    EXPECT_EQ(rows_, static_cast<int64_t>(values.size()));
    fields_.push_back({"c" + std::to_string(fields_.size()), type, true});
    columns_.push_back(makeColumn(type, values));
    return makeColumnRef(static_cast<int>(columns_.size()) - 1, type);
  }
  std::vector<Value> eval(const ExprPtr& e) const {
    int64_t n = rows_ < 0 ? 1 : rows_;
    Batch batch(DataType::structType(fields_), columns_, n);
    ColumnPtr out = evaluate(*e, batch, EvalContext{});
    EXPECT_TRUE(out->type()->sameType(*e->type));
    std::vector<Value> values;
    for (int64_t i = 0; i < out->size(); ++i) values.push_back(out->valueAt(i));
    return values;
  }

 private:
  int64_t rows_ = -1;
  std::vector<StructField> fields_;
  std::vector<ColumnPtr> columns_;
};

/// Evaluates a call whose arguments are all literals (one row).
inline Value eval1(std::string_view name, std::vector<ExprPtr> args) {
  Rows rows;
  return rows.eval(call(name, std::move(args)))[0];
}

/// Evaluates name(column, extra...) over `values`.
inline std::vector<Value> evalColumn(std::string_view name, TypePtr type, std::vector<Value> values,
                                     std::vector<ExprPtr> extra = {}) {
  Rows rows;
  std::vector<ExprPtr> args{rows.column(std::move(type), std::move(values))};
  for (auto& e : extra) args.push_back(std::move(e));
  return rows.eval(call(name, std::move(args)));
}

inline Value S(std::string_view s) { return Value(std::string(s)); }
inline Value L(int64_t v) { return Value(v); }
inline Value N() { return Value::null(); }
inline Value A(std::vector<Value> v) { return Value(ValueList(std::move(v))); }

/// Renders values for readable failures (NULL, strings quoted, lists in brackets).
inline std::string show(const Value& v) {
  struct Visitor {
    std::string operator()(std::monostate) const { return "NULL"; }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(int64_t x) const { return std::to_string(x); }
    std::string operator()(double x) const { return std::to_string(x); }
    std::string operator()(Int128 x) const { return std::to_string(static_cast<int64_t>(x)); }
    std::string operator()(const std::string& s) const { return "'" + s + "'"; }
    std::string operator()(const Interval&) const { return "interval"; }
    std::string operator()(const std::shared_ptr<const ValueList>& l) const {
      std::string out = "[";
      for (size_t i = 0; i < l->size(); ++i) out += (i ? ", " : "") + show((*l)[i]);
      return out + "]";
    }
    std::string operator()(const std::shared_ptr<const ValueMap>& m) const {
      std::string out = "{";
      for (size_t i = 0; i < m->size(); ++i)
        out += (i ? ", " : "") + show((*m)[i].first) + " -> " + show((*m)[i].second);
      return out + "}";
    }
  };
  return std::visit(Visitor{}, v.storage());
}

inline std::string show(const std::vector<Value>& vs) {
  std::string out;
  for (size_t i = 0; i < vs.size(); ++i) out += (i ? " | " : "") + show(vs[i]);
  return out;
}

#define EXPECT_VALUES(actual, ...) \
  EXPECT_EQ(::spate::testing::show(actual), ::spate::testing::show(std::vector<Value>{__VA_ARGS__}))
#define EXPECT_VALUE(actual, expected) \
  EXPECT_EQ(::spate::testing::show(actual), ::spate::testing::show(expected))

/// Message of the SpateError thrown by `f`, or "" when nothing is thrown.
template <typename F>
std::string errorOf(F&& f) {
  try {
    f();
  } catch (const SpateError& e) {
    return e.what();
  }
  return "";
}

}  // namespace spate::testing
