#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "types/data_type.h"
#include "vector/column.h"

namespace spate {

/// Default number of rows per batch (design.md §3); tests may lower it.
int64_t defaultVectorSize();
void setDefaultVectorSize(int64_t rows);

/// Row indices selected within a batch, ascending.
using SelectionVector = std::vector<uint32_t>;

/// An immutable set of rows: a schema, one column per field, and an optional selection vector that
/// filters attach instead of copying.
class Batch {
 public:
  Batch(SchemaPtr schema, std::vector<ColumnPtr> columns, int64_t numRows,
        std::shared_ptr<const SelectionVector> selection = nullptr);

  const SchemaPtr& schema() const { return schema_; }
  const std::vector<ColumnPtr>& columns() const { return columns_; }
  const ColumnPtr& column(size_t i) const { return columns_[i]; }
  size_t numColumns() const { return columns_.size(); }
  /// Physical rows in the columns.
  int64_t physicalRows() const { return numRows_; }
  /// Rows visible through the selection.
  int64_t numRows() const { return selection_ ? static_cast<int64_t>(selection_->size()) : numRows_; }
  const std::shared_ptr<const SelectionVector>& selection() const { return selection_; }
  bool hasSelection() const { return selection_ != nullptr; }

  /// Applies the selection: a batch whose columns hold exactly the visible rows.
  std::shared_ptr<const Batch> materialize() const;
  /// Same columns, another schema (renames) or another selection.
  std::shared_ptr<const Batch> withSchema(SchemaPtr schema) const;
  std::shared_ptr<const Batch> withSelection(std::shared_ptr<const SelectionVector> selection) const;

  /// Row-at-a-time access to visible row `row` (slow path).
  std::vector<Value> rowAt(int64_t row) const;

 private:
  SchemaPtr schema_;
  std::vector<ColumnPtr> columns_;
  int64_t numRows_;
  std::shared_ptr<const SelectionVector> selection_;
};
using BatchPtr = std::shared_ptr<const Batch>;

/// Builds batches from rows of Values (createDataFrame, tests).
BatchPtr makeBatch(const SchemaPtr& schema, const std::vector<std::vector<Value>>& rows);
/// Concatenates materialized batches of one schema into one batch.
BatchPtr concatBatches(const SchemaPtr& schema, std::span<const BatchPtr> batches);

}  // namespace spate
