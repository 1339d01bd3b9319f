#include "execution/aggregate_states.h"

#include "function/value_codec.h"

namespace spate {

AggregateStates::AggregateStates(const std::vector<BoundAggregate>& aggregates)
    : aggregates_(aggregates) {
  size_t size = 0;
  for (const auto& a : aggregates) {
    offsets_.push_back(size);
    size += (a.kernel->stateSize() + 15) / 16 * 16;
  }
  memory_.resize(size / 16 + 1);
  for (size_t i = 0; i < aggregates.size(); ++i) aggregates[i].kernel->init(at(i));
}

AggregateStates::~AggregateStates() {
  for (size_t i = 0; i < aggregates_.size(); ++i) aggregates_[i].kernel->destroy(at(i));
}

void AggregateStates::reset() {
  for (size_t i = 0; i < aggregates_.size(); ++i) {
    aggregates_[i].kernel->destroy(at(i));
    aggregates_[i].kernel->init(at(i));
  }
}

void AggregateStates::decode(std::string_view bytes, size_t& pos) {
  for (size_t i = 0; i < aggregates_.size(); ++i) {
    const auto& k = *aggregates_[i].kernel;
    k.destroy(at(i));
    k.init(at(i));
    k.deserialize(agg::decodeValue(bytes, pos, *k.bufferType()), at(i));
  }
}

void AggregateStates::encode(std::string& out) {
  for (size_t i = 0; i < aggregates_.size(); ++i) {
    const auto& k = *aggregates_[i].kernel;
    agg::encodeValue(k.serialize(at(i)), *k.bufferType(), false, out);
  }
}

void AggregateStates::finalize(std::vector<ColumnBuilder>& builders, size_t first) {
  for (size_t i = 0; i < aggregates_.size(); ++i)
    aggregates_[i].kernel->finalize(at(i), builders[first + i]);
}

RowBatchBuilder::RowBatchBuilder(SchemaPtr schema) : schema_(std::move(schema)) { reset(); }

void RowBatchBuilder::reset() {
  builders_.clear();
  for (const auto& f : schema_->fields()) builders_.emplace_back(f.type);
  rows_ = 0;
}

void RowBatchBuilder::endRow() {
  if (++rows_ >= defaultVectorSize()) flush();
}

void RowBatchBuilder::flush() {
  if (rows_ == 0) return;
  std::vector<ColumnPtr> columns;
  for (auto& b : builders_) columns.push_back(b.finish());
  batches_.push_back(std::make_shared<Batch>(schema_, std::move(columns), rows_));
  reset();
}

std::vector<BatchPtr> RowBatchBuilder::finish() {
  flush();
  return std::move(batches_);
}

}  // namespace spate
