#include "vector/batch.h"

#include <atomic>

namespace spate {

namespace {
std::atomic<int64_t> gVectorSize{2048};
}

int64_t defaultVectorSize() { return gVectorSize.load(std::memory_order_relaxed); }
void setDefaultVectorSize(int64_t rows) { gVectorSize.store(rows < 1 ? 1 : rows); }

Batch::Batch(SchemaPtr schema, std::vector<ColumnPtr> columns, int64_t numRows,
             std::shared_ptr<const SelectionVector> selection)
    : schema_(std::move(schema)), columns_(std::move(columns)), numRows_(numRows),
      selection_(std::move(selection)) {
  SPATE_CHECK(schema_->fields().size() == columns_.size(), "batch schema and columns differ in arity");
  for (const auto& c : columns_) SPATE_CHECK(c->size() == numRows_, "batch column of the wrong length");
}

BatchPtr Batch::materialize() const {
  if (!selection_) return std::make_shared<Batch>(schema_, columns_, numRows_);
  std::vector<ColumnPtr> columns;
  columns.reserve(columns_.size());
  for (const auto& c : columns_) columns.push_back(gatherColumn(c, *selection_));
  return std::make_shared<Batch>(schema_, std::move(columns), static_cast<int64_t>(selection_->size()));
}

BatchPtr Batch::withSchema(SchemaPtr schema) const {
  return std::make_shared<Batch>(std::move(schema), columns_, numRows_, selection_);
}

BatchPtr Batch::withSelection(std::shared_ptr<const SelectionVector> selection) const {
  return std::make_shared<Batch>(schema_, columns_, numRows_, std::move(selection));
}

std::vector<Value> Batch::rowAt(int64_t row) const {
  int64_t physical = selection_ ? (*selection_)[row] : row;
  std::vector<Value> out;
  out.reserve(columns_.size());
  for (const auto& c : columns_) out.push_back(c->valueAt(physical));
  return out;
}

BatchPtr makeBatch(const SchemaPtr& schema, const std::vector<std::vector<Value>>& rows) {
  std::vector<ColumnPtr> columns;
  for (size_t f = 0; f < schema->fields().size(); ++f) {
    ColumnBuilder builder(schema->fields()[f].type, static_cast<int64_t>(rows.size()));
    for (const auto& row : rows) builder.appendValue(row.at(f));
    columns.push_back(builder.finish());
  }
  return std::make_shared<Batch>(schema, std::move(columns), static_cast<int64_t>(rows.size()));
}

BatchPtr concatBatches(const SchemaPtr& schema, std::span<const BatchPtr> batches) {
  std::vector<ColumnPtr> columns;
  int64_t rows = 0;
  std::vector<BatchPtr> materialized;
  for (const auto& b : batches) {
    materialized.push_back(b->hasSelection() ? b->materialize() : b);
    rows += b->numRows();
  }
  for (size_t f = 0; f < schema->fields().size(); ++f) {
    std::vector<ColumnPtr> parts;
    for (const auto& b : materialized) parts.push_back(b->column(f));
    columns.push_back(parts.empty() ? makeNullColumn(schema->fields()[f].type, 0)
                                    : concatColumns(schema->fields()[f].type, parts));
  }
  return std::make_shared<Batch>(schema, std::move(columns), rows);
}

}  // namespace spate
