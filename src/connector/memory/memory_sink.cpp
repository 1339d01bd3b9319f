#include "connector/memory/memory_sink.h"

namespace spate::connector {

Status MemorySink::addBatch(const SinkBatch& batch) {
  std::lock_guard lock(mutex_);
  if (batch.batchId <= lastBatchId_) return Status::success();
  std::vector<BatchPtr> rows;
  for (const auto& b : batch.rows)
    if (b->numRows() > 0) rows.push_back(b->materialize()->withSchema(schema_));
  complete_ = batch.mode == OutputMode::kComplete;
  if (complete_) batches_.clear();
  batches_[batch.batchId] = std::move(rows);
  lastBatchId_ = batch.batchId;
  return Status::success();
}

std::vector<BatchPtr> MemorySink::rows() const {
  std::lock_guard lock(mutex_);
  std::vector<BatchPtr> out;
  for (const auto& [id, rows] : batches_) out.insert(out.end(), rows.begin(), rows.end());
  return out;
}

std::vector<BatchPtr> MemorySink::batchRows(int64_t batchId) const {
  std::lock_guard lock(mutex_);
  auto it = batches_.find(batchId);
  return it == batches_.end() ? std::vector<BatchPtr>{} : it->second;
}

int64_t MemorySink::lastBatchId() const {
  std::lock_guard lock(mutex_);
  return lastBatchId_;
}

}  // namespace spate::connector
