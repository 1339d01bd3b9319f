#pragma once

// Test harness for aggregate kernels: binds an aggregate through the registry and runs it over
// columns the way the hash aggregation does — partial states per split, fed in several update
// calls, optionally round-tripped through serialize/deserialize, merged in order, finalized.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "function/registry.h"

namespace spate::agg {

/// One state block of a kernel, initialised on construction and destroyed with the block.
class StateBlock {
 public:
  explicit StateBlock(const AggregateKernel& kernel, bool initialise = true) : kernel_(&kernel) {
    EXPECT_EQ(kernel.stateSize() % 8, 0u) << "state sizes are multiples of 8";
    size_t bytes = (std::max<size_t>(kernel.stateSize(), 1) + 15) / 16 * 16;
    block_.reset(static_cast<uint8_t*>(std::aligned_alloc(16, bytes)));
    // Poison raw memory so a deserialize that relies on init() shows up.
    std::memset(block_.get(), 0xAB, bytes);
    if (initialise) kernel.init(block_.get());
  }
  ~StateBlock() {
    if (block_) kernel_->destroy(block_.get());
  }
  StateBlock(StateBlock&&) = default;
  uint8_t* get() const { return block_.get(); }

 private:
  struct Free {
    void operator()(uint8_t* p) const { std::free(p); }
  };
  const AggregateKernel* kernel_;
  std::unique_ptr<uint8_t, Free> block_;
};

/// Column references c0…cn over `types`.
inline std::vector<ExprPtr> columnRefs(const std::vector<TypePtr>& types) {
  std::vector<ExprPtr> refs;
  for (size_t i = 0; i < types.size(); ++i)
    refs.push_back(makeColumnRef(static_cast<int>(i), types[i]));
  return refs;
}

inline BoundAggregate bindAggregate(const std::string& name, std::vector<ExprPtr> args,
                                    bool distinct = false) {
  const FunctionEntry* entry = FunctionRegistry::instance().find(name);
  if (!entry || !entry->aggregate) throw std::runtime_error("no aggregate " + name);
  return entry->aggregate(std::move(args), distinct, BindContext{});
}

/// Evaluates the bound (coerced) arguments over input columns.
inline std::vector<ColumnPtr> evaluateArgs(const BoundAggregate& agg,
                                           const std::vector<ColumnPtr>& inputs, int64_t rows) {
  std::vector<StructField> fields;
  for (size_t i = 0; i < inputs.size(); ++i) {
    fields.push_back({"c" + std::to_string(i), inputs[i]->type(), true});
  }
  Batch batch(DataType::structType(fields), inputs, rows);
  std::vector<ColumnPtr> args;
  for (const ExprPtr& arg : agg.args) args.push_back(evaluate(*arg, batch, EvalContext{}));
  return args;
}

struct RunOptions {
  int splits = 1;              ///< partial states over contiguous row ranges, merged in order
  int chunk = 3;               ///< rows per update call within a split
  bool roundTrip = false;      ///< serialize→deserialize each partial state before merging
  bool mergeIntoEmpty = true;  ///< merge the partials into a fresh state (else into the first)
};

/// Runs `agg` over `inputs` (all of `rows` rows) and returns the finalized value.
inline Value runAggregate(const BoundAggregate& agg, const std::vector<ColumnPtr>& inputs,
                          int64_t rows, RunOptions options = {}) {
  const AggregateKernel& kernel = *agg.kernel;
  std::vector<ColumnPtr> args = evaluateArgs(agg, inputs, rows);
  std::vector<StateBlock> partials;
  for (int s = 0; s < options.splits; ++s) {
    int64_t begin = rows * s / options.splits;
    int64_t end = rows * (s + 1) / options.splits;
    StateBlock state(kernel);
    for (int64_t start = begin; start < end; start += options.chunk) {
      int64_t n = std::min<int64_t>(options.chunk, end - start);
      std::vector<uint32_t> index(n);
      for (int64_t i = 0; i < n; ++i) index[i] = static_cast<uint32_t>(start + i);
      std::vector<uint8_t*> states(n, state.get());
      kernel.update(states.data(), args, index.data(), n);
    }
    if (options.roundTrip) {
      Value buffer = kernel.serialize(state.get());
      StateBlock restored(kernel, /*initialise=*/s % 2 == 0);  // raw or initialised memory
      kernel.deserialize(buffer, restored.get());
      partials.push_back(std::move(restored));
    } else {
      partials.push_back(std::move(state));
    }
  }
  StateBlock total(kernel);
  size_t first = 0;
  uint8_t* into = total.get();
  if (!options.mergeIntoEmpty && !partials.empty()) {
    into = partials[0].get();
    first = 1;
  }
  for (size_t i = first; i < partials.size(); ++i) kernel.merge(into, partials[i].get());
  ColumnBuilder out(agg.resultType);
  kernel.finalize(into, out);
  ColumnPtr column = out.finish();
  EXPECT_EQ(column->size(), 1);
  return column->valueAt(0);
}

/// Runs `agg` with one state per group (row i belongs to groups[i]) and every row fed in a
/// single update call, as the hash aggregation does; returns each group's value.
inline std::vector<Value> runGrouped(const BoundAggregate& agg,
                                     const std::vector<ColumnPtr>& inputs,
                                     const std::vector<uint32_t>& groups, int numGroups) {
  const AggregateKernel& kernel = *agg.kernel;
  int64_t rows = static_cast<int64_t>(groups.size());
  std::vector<ColumnPtr> args = evaluateArgs(agg, inputs, rows);
  std::vector<StateBlock> states;
  for (int g = 0; g < numGroups; ++g) states.emplace_back(kernel);
  std::vector<uint8_t*> pointers(rows);
  for (int64_t i = 0; i < rows; ++i) pointers[i] = states[groups[i]].get();
  kernel.update(pointers.data(), args, nullptr, rows);
  ColumnBuilder out(agg.resultType);
  for (int g = 0; g < numGroups; ++g) kernel.finalize(states[g].get(), out);
  ColumnPtr column = out.finish();
  std::vector<Value> values;
  for (int g = 0; g < numGroups; ++g) values.push_back(column->valueAt(g));
  return values;
}

/// Every way of running the same rows: single pass, splits of 2, 3 and 7 (more than rows for
/// small inputs), with and without state round trips, merged into a fresh or the first state.
inline std::vector<RunOptions> allRunOptions() {
  std::vector<RunOptions> options;
  for (int splits : {1, 2, 3, 7}) {
    for (bool roundTrip : {false, true}) {
      options.push_back({splits, 3, roundTrip, true});
      options.push_back({splits, 2, roundTrip, false});
    }
  }
  return options;
}

inline std::string describe(const RunOptions& o) {
  return "splits=" + std::to_string(o.splits) + " chunk=" + std::to_string(o.chunk) +
         " roundTrip=" + std::to_string(o.roundTrip) +
         " mergeIntoEmpty=" + std::to_string(o.mergeIntoEmpty);
}

inline std::string show(const Value& v, const DataType& type) {
  return formatValue(v, type, *TimeZone::utc(), true);
}

/// Checks every way of running `name(inputs…)` gives `expected` (exact Value equality).
inline void expectAggregate(const std::string& name, const std::vector<ColumnPtr>& inputs,
                            const Value& expected, bool distinct = false, int64_t rows = -1) {
  std::vector<TypePtr> types;
  for (const auto& c : inputs) types.push_back(c->type());
  BoundAggregate agg = bindAggregate(name, columnRefs(types), distinct);
  if (rows < 0) rows = inputs.empty() ? 0 : inputs[0]->size();
  for (const RunOptions& o : allRunOptions()) {
    Value got = runAggregate(agg, inputs, rows, o);
    EXPECT_EQ(got, expected) << name << " " << describe(o) << ": got " << show(got, *agg.resultType)
                             << ", expected " << show(expected, *agg.resultType);
  }
}

/// Same for DOUBLE results, within a relative tolerance (partial merges round differently).
inline void expectAggregateNear(const std::string& name, const std::vector<ColumnPtr>& inputs,
                                std::optional<double> expected, double tolerance = 1e-12,
                                bool distinct = false) {
  std::vector<TypePtr> types;
  for (const auto& c : inputs) types.push_back(c->type());
  BoundAggregate agg = bindAggregate(name, columnRefs(types), distinct);
  int64_t rows = inputs.empty() ? 0 : inputs[0]->size();
  for (const RunOptions& o : allRunOptions()) {
    Value got = runAggregate(agg, inputs, rows, o);
    if (!expected) {
      EXPECT_TRUE(got.isNull()) << name << " " << describe(o);
      continue;
    }
    ASSERT_FALSE(got.isNull()) << name << " " << describe(o);
    EXPECT_NEAR(got.asDouble(), *expected, tolerance * std::max(1.0, std::abs(*expected)))
        << name << " " << describe(o);
  }
}

/// Column helpers.
inline ColumnPtr longs(const std::vector<std::optional<int64_t>>& values) {
  std::vector<Value> v;
  for (const auto& x : values) v.push_back(x ? Value(*x) : Value::null());
  return makeColumn(DataType::longType(), v);
}
inline ColumnPtr doubles(const std::vector<std::optional<double>>& values) {
  std::vector<Value> v;
  for (const auto& x : values) v.push_back(x ? Value(*x) : Value::null());
  return makeColumn(DataType::doubleType(), v);
}
inline ColumnPtr strings(const std::vector<std::optional<std::string>>& values) {
  std::vector<Value> v;
  for (const auto& x : values) v.push_back(x ? Value(*x) : Value::null());
  return makeColumn(DataType::string(), v);
}
inline ColumnPtr column(const TypePtr& type, const std::vector<Value>& values) {
  return makeColumn(type, values);
}

}  // namespace spate::agg
