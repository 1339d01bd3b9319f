#pragma once

#include <memory>
#include <vector>

#include "execution/key_encoder.h"
#include "function/registry.h"
#include "vector/batch.h"

namespace spate {

/// Hash aggregation state for one thread (or one streaming partition): groups keyed by their
/// encoded key, each owning one block of aggregate states. Partial aggregations of several threads
/// are combined with mergeFrom. Grouping sets (CUBE/ROLLUP) add a grouping id to every key.
class HashAggregation {
 public:
  HashAggregation(std::vector<ExprPtr> groupExprs, std::vector<BoundAggregate> aggregates,
                  std::vector<uint64_t> groupingSets);
  ~HashAggregation();
  HashAggregation(const HashAggregation&) = delete;
  HashAggregation& operator=(const HashAggregation&) = delete;

  void consume(const Batch& batch, const EvalContext& context);
  void mergeFrom(HashAggregation& other);
  /// Rows of the result: grouping columns, the grouping id (with grouping sets), aggregate results.
  std::vector<BatchPtr> finish(const SchemaPtr& schema, int64_t batchRows);
  size_t numGroups() const { return groupCount_; }
  /// The groups' key columns (group expressions, then the grouping id), in group order, for
  /// callers that read states directly (streaming aggregation). Call once, instead of finish().
  std::vector<ColumnPtr> finishKeys();
  /// The state of aggregate `aggregate` of group `group`.
  const uint8_t* aggregateState(uint32_t group, size_t aggregate) {
    return stateOf(group) + stateOffsets_[aggregate];
  }

 private:
  uint8_t* stateOf(uint32_t group) {
    return chunks_[group / kChunkGroups].data() + static_cast<size_t>(group % kChunkGroups) * blockSize_;
  }
  uint32_t addGroup(std::string_view key, uint64_t hash, bool& inserted);
  /// Allocates and initialises the state block of a group created with id `id`.
  void initGroup(uint32_t id);
  /// Group ids of `rows` for a single integral key (the fast path).
  void assignIntGroups(const Column& keys, const std::vector<uint32_t>& rows, std::vector<uint32_t>& groups);
  int64_t intKeyAt(const Column& keys, int64_t row) const;

  static constexpr uint32_t kChunkGroups = 1024;
  std::vector<ExprPtr> groupExprs_;
  std::vector<BoundAggregate> aggregates_;
  std::vector<uint64_t> groupingSets_;
  std::vector<size_t> stateOffsets_;
  size_t blockSize_ = 0;
  KeyTable table_;
  bool intKey_ = false;  // one integral group key: IntKeyTable instead of encoded keys
  IntKeyTable intTable_;
  uint32_t groupCount_ = 0;
  std::vector<Buffer> chunks_;
  std::vector<ColumnBuilder> keyBuilders_;  // one per group expr, then the grouping id
};

struct LogicalPlan;
struct ExecContext;
/// Aggregates `input` with the worker threads (per-thread tables merged into one).
std::unique_ptr<HashAggregation> preAggregate(const LogicalPlan& plan, const std::vector<BatchPtr>& input,
                                              const ExecContext& context);

}  // namespace spate
