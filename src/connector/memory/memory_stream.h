#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "connector/api/connector.h"

namespace spate::connector {

/// Rows appended to a `USING memory` table (Spark's MemoryStream): each append is one new offset
/// (0, 1, …), so a streaming read between two offsets is replayable. Batch reads see every row.
/// Shared by the session catalog (INSERT INTO, test feeds) and the streaming sources reading it.
class MemoryStream {
 public:
  explicit MemoryStream(SchemaPtr schema) : schema_(std::move(schema)) {}
  const SchemaPtr& schema() const { return schema_; }
  /// Appends rows as one new offset and returns it.
  int64_t addData(std::vector<BatchPtr> rows);
  /// The last offset, -1 before any append.
  int64_t latestOffset() const;
  /// Rows of the appends after `startExclusive` up to `endInclusive`.
  std::vector<BatchPtr> rows(int64_t startExclusive, int64_t endInclusive) const;
  std::vector<BatchPtr> allRows() const;
  /// Calls `listener` after every append until removeListener(handle).
  int addListener(std::function<void()> listener);
  void removeListener(int handle);

 private:
  SchemaPtr schema_;
  mutable std::mutex mutex_;
  std::vector<std::vector<BatchPtr>> appends_;
  std::map<int, std::function<void()>> listeners_;
  int nextListener_ = 0;
};

/// A streaming source over a MemoryStream. Offsets are bare numbers, as Spark's LongOffset.
std::unique_ptr<Source> makeMemorySource(std::shared_ptr<MemoryStream> stream, std::string name,
                                         std::function<void()> dataAvailable = {});

}  // namespace spate::connector
