#pragma once

#include <map>
#include <mutex>
#include <vector>

#include "connector/api/connector.h"

namespace spate::connector {

/// Spark's memory sink: the query's name is a table of its results. Append and update modes
/// append each batch's rows; complete mode replaces them. A batch id already received is skipped,
/// so a replayed batch is kept once.
class MemorySink : public Sink {
 public:
  explicit MemorySink(SchemaPtr schema) : schema_(std::move(schema)) {}
  std::string description() const override { return "MemorySink"; }
  Status addBatch(const SinkBatch& batch) override;

  const SchemaPtr& schema() const { return schema_; }
  /// Every row the table holds now.
  std::vector<BatchPtr> rows() const;
  /// The rows batch `batchId` delivered (empty if it delivered none or is unknown).
  std::vector<BatchPtr> batchRows(int64_t batchId) const;
  /// The last batch id received, -1 before any.
  int64_t lastBatchId() const;

 private:
  SchemaPtr schema_;
  mutable std::mutex mutex_;
  int64_t lastBatchId_ = -1;
  bool complete_ = false;
  std::map<int64_t, std::vector<BatchPtr>> batches_;
};

}  // namespace spate::connector
