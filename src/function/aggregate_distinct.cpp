// DISTINCT aggregates (count(DISTINCT a, b), sum(DISTINCT x)…): each group keeps the set of its
// distinct argument tuples and feeds them to the wrapped kernel when it is finalized; merging
// two groups is a set union. Floating-point arguments are compared as Spark groups them (-0.0 =
// 0.0, NaN = NaN), and the wrapped kernel sees the normalized values, as after Spark's rewrite of
// distinct aggregates into a grouping on the arguments.
#include <cstdlib>

#include "common/error.h"
#include "function/aggregate_kernel.h"
#include "function/value_codec.h"

namespace spate::agg {

namespace {

struct DistinctState {
  std::unique_ptr<KeySet> keys;
  KeySet& ensure() {
    if (!keys) keys = std::make_unique<KeySet>();
    return *keys;
  }
};

/// A state block of another kernel for the duration of one call.
class ScratchState {
 public:
  explicit ScratchState(const AggregateKernel& kernel) : kernel_(kernel) {
    size_t bytes = (std::max<size_t>(kernel.stateSize(), 1) + 15) / 16 * 16;
    block_.reset(static_cast<uint8_t*>(std::aligned_alloc(16, bytes)));
    if (!block_) throw std::bad_alloc();
    kernel_.init(block_.get());
  }
  ~ScratchState() { kernel_.destroy(block_.get()); }
  ScratchState(const ScratchState&) = delete;
  ScratchState& operator=(const ScratchState&) = delete;
  uint8_t* get() const { return block_.get(); }

 private:
  struct Free {
    void operator()(uint8_t* p) const { std::free(p); }
  };
  const AggregateKernel& kernel_;
  std::unique_ptr<uint8_t, Free> block_;
};

class DistinctKernel final : public StateKernel<DistinctState> {
 public:
  DistinctKernel(std::shared_ptr<const AggregateKernel> inner, std::vector<TypePtr> argTypes)
      : inner_(std::move(inner)), argTypes_(std::move(argTypes)) {}

  void update(uint8_t* const* states, std::span<const ColumnPtr> args, const uint32_t* rowIndex,
              int64_t rows) const override {
    std::string key;
    forEachRow(rowIndex, rows, [&](int64_t i, uint32_t row) {
      key.clear();
      for (const ColumnPtr& arg : args) encodeValue(*arg, row, true, key);
      get(states[i]).ensure().insert(key);
    });
  }
  void merge(uint8_t* into, const uint8_t* from) const override {
    const auto& f = get(from);
    if (!f.keys) return;
    KeySet& keys = get(into).ensure();
    for (size_t k = 0; k < f.keys->size(); ++k) keys.insert((*f.keys)[k]);
  }
  void finalize(const uint8_t* state, ColumnBuilder& out) const override {
    const auto& s = get(state);
    size_t n = s.keys ? s.keys->size() : 0;
    std::vector<ColumnBuilder> builders;
    for (const TypePtr& type : argTypes_) builders.emplace_back(type, static_cast<int64_t>(n));
    for (size_t k = 0; k < n; ++k) {
      std::string_view key = (*s.keys)[k];
      size_t pos = 0;
      for (ColumnBuilder& b : builders) decodeValue(key, pos, b);
    }
    std::vector<ColumnPtr> columns;
    for (ColumnBuilder& b : builders) columns.push_back(b.finish());
    ScratchState scratch(*inner_);
    std::vector<uint8_t*> states(n, scratch.get());
    inner_->update(states.data(), columns, nullptr, static_cast<int64_t>(n));
    inner_->finalize(scratch.get(), out);
  }
  TypePtr bufferType() const override { return DataType::binary(); }
  // The buffer holds each distinct tuple as a uint32 length and the encoded tuple.
  Value serialize(const uint8_t* state) const override {
    const auto& s = get(state);
    std::string bytes;
    for (size_t k = 0; s.keys && k < s.keys->size(); ++k) {
      std::string_view key = (*s.keys)[k];
      uint32_t length = static_cast<uint32_t>(key.size());
      bytes.append(reinterpret_cast<const char*>(&length), sizeof(length));
      bytes.append(key);
    }
    return Value(std::move(bytes));
  }
  void deserialize(const Value& buffer, uint8_t* state) const override {
    auto& s = reset(state);
    if (buffer.isNull()) return;
    std::string_view bytes = buffer.asString();
    size_t pos = 0;
    while (pos < bytes.size()) {
      uint32_t length;
      SPATE_CHECK(pos + sizeof(length) <= bytes.size(), "truncated DISTINCT buffer");
      std::memcpy(&length, bytes.data() + pos, sizeof(length));
      pos += sizeof(length);
      SPATE_CHECK(pos + length <= bytes.size(), "truncated DISTINCT buffer");
      s.ensure().insert(bytes.substr(pos, length));
      pos += length;
    }
  }

 private:
  std::shared_ptr<const AggregateKernel> inner_;
  std::vector<TypePtr> argTypes_;
};

}  // namespace

BoundAggregate makeDistinct(BoundAggregate inner) {
  std::vector<TypePtr> types;
  for (const ExprPtr& arg : inner.args) types.push_back(arg->type);
  inner.kernel = std::make_shared<DistinctKernel>(std::move(inner.kernel), std::move(types));
  return inner;
}

}  // namespace spate::agg
