#pragma once

// The metadata logs of Spark's file source and file sink (CompactibleFileStreamLog): one file per
// batch id holding "v1" and one JSON line per file, compacted every `compactInterval` batches into
// "<batchId>.compact", which holds every entry up to that batch.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace spate::connector {

/// A file the file source took into a batch (FileStreamSource.FileEntry).
struct SourceFileEntry {
  std::string path;  // "file:///…"
  int64_t timestamp = 0;
  int64_t batchId = 0;

  std::string json() const;
  static std::optional<SourceFileEntry> parse(std::string_view json);
};

/// A file the file sink wrote (SinkFileStatus).
struct SinkFileStatus {
  std::string path;  // "file:///…"
  int64_t size = 0;
  bool isDir = false;
  int64_t modificationTime = 0;
  int32_t blockReplication = 1;
  int64_t blockSize = 33554432;
  std::string action = "add";

  std::string json() const;
  static std::optional<SinkFileStatus> parse(std::string_view json);
};

/// Spark's CompactibleFileStreamLog over JSON entry lines. With an empty directory the log lives
/// in memory (a source used without a checkpoint).
class CompactibleFileLog {
 public:
  struct Settings {
    int defaultCompactInterval = 10;
    /// Delete batch files made obsolete by a compaction (…log.deletion).
    bool deleteExpiredLog = true;
    /// …log.cleanupDelay: files younger than this are kept.
    int64_t cleanupDelayMs = 10 * 60 * 1000;
    /// spark.sql.streaming.minBatchesToRetain.
    int64_t minBatchesToRetain = 100;
    /// Drops obsolete entries when compacting (the sink drops deleted files); identity if empty.
    std::function<std::vector<std::string>(std::vector<std::string>)> compactEntries;
  };

  CompactibleFileLog(std::string directory, Settings settings);

  /// Writes batch `batchId` unless it exists (then false). A compaction batch also holds every
  /// earlier entry.
  Result<bool> add(int64_t batchId, const std::vector<std::string>& entries);
  /// The entries of batch `batchId`'s file (for a compaction batch, every entry so far); nullopt
  /// when it does not exist.
  Result<std::optional<std::vector<std::string>>> get(int64_t batchId) const;
  /// The highest batch id written.
  Result<std::optional<int64_t>> latestBatchId() const;
  /// Every entry (the latest compaction and the batches after it), compacted.
  Result<std::vector<std::string>> allEntries() const;

  int compactInterval() const { return compactInterval_; }
  bool isCompactionBatch(int64_t batchId) const { return (batchId + 1) % compactInterval_ == 0; }
  /// The file name of a batch: "<id>" or "<id>.compact".
  std::string fileName(int64_t batchId) const;

 private:
  Result<std::optional<std::string>> readFile(const std::string& name) const;
  Result<bool> createFile(const std::string& name, const std::string& content);
  std::vector<std::string> listBatchFiles() const;
  void deleteExpiredLog(int64_t currentBatchId);

  std::string directory_;
  Settings settings_;
  int compactInterval_;
  std::map<std::string, std::string> memoryFiles_;  // when directory_ is empty
};

/// Spark's CompactibleFileStreamLog.deriveCompactInterval: an interval compatible with an
/// existing compaction batch.
int deriveCompactInterval(int defaultInterval, int latestCompactBatchId);

/// The files a file sink log in `<path>/_spark_metadata` lists (deleted files and directories
/// left out), or nullopt when `path` (a local path, "file:" prefix allowed) is not a directory
/// holding such a log (FileStreamSink.hasMetadata).
Result<std::optional<std::vector<SinkFileStatus>>> sinkLogEntries(const std::string& path);

/// The data files of sinkLogEntries as local paths, in log order.
Result<std::optional<std::vector<std::string>>> sinkLogDataFiles(const std::string& path);

}  // namespace spate::connector
