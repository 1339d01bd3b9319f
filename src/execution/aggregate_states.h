#pragma once

// Aggregate states held outside a hash table: one group's states (a streaming state entry, a
// merged session) and the builders of an aggregation's output rows.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "function/registry.h"
#include "vector/batch.h"

namespace spate {

/// One group's aggregate states, laid out as the kernels need them (16-byte aligned).
class AggregateStates {
 public:
  explicit AggregateStates(const std::vector<BoundAggregate>& aggregates);
  ~AggregateStates();
  AggregateStates(const AggregateStates&) = delete;
  AggregateStates& operator=(const AggregateStates&) = delete;

  uint8_t* at(size_t i) { return reinterpret_cast<uint8_t*>(memory_.data()) + offsets_[i]; }
  /// Back to the initial (empty group) states.
  void reset();
  /// Folds another group's states into these; `stateOf(i)` gives that group's state of aggregate i.
  template <typename StateOf>
  void mergeFrom(StateOf&& stateOf) {
    for (size_t i = 0; i < aggregates_.size(); ++i) aggregates_[i].kernel->merge(at(i), stateOf(i));
  }
  void mergeFrom(AggregateStates& other) {
    mergeFrom([&](size_t i) -> const uint8_t* { return other.at(i); });
  }
  /// Replaces the states with the serialized buffers at `bytes[pos…]` (pos is advanced).
  void decode(std::string_view bytes, size_t& pos);
  /// Appends the serialized buffers.
  void encode(std::string& out);
  /// Appends each aggregate's result to builders[first + i].
  void finalize(std::vector<ColumnBuilder>& builders, size_t first);

 private:
  const std::vector<BoundAggregate>& aggregates_;
  std::vector<unsigned __int128> memory_;
  std::vector<size_t> offsets_;
};

/// Output rows of an operator, in batches of the vector size.
class RowBatchBuilder {
 public:
  explicit RowBatchBuilder(SchemaPtr schema);
  /// The column builders of the current batch; call endRow() after appending one row to each.
  std::vector<ColumnBuilder>& builders() { return builders_; }
  void endRow();
  std::vector<BatchPtr> finish();

 private:
  void reset();
  void flush();
  SchemaPtr schema_;
  std::vector<ColumnBuilder> builders_;
  int64_t rows_ = 0;
  std::vector<BatchPtr> batches_;
};

}  // namespace spate
