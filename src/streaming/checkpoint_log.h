#pragma once

// The checkpoint's write-ahead logs, in Spark's layout and file formats (spark_semantics.md §7):
// `metadata` ({"id":…}), `offsets/<batchId>` written before a batch runs, `commits/<batchId>`
// after its sink committed. Every file is written to a temporary name, synced and renamed.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace spate::streaming {

/// Writes `text` to `path` atomically (temp file in the same directory, fsync, rename, fsync of
/// the directory). Throws ExecutionException naming the path on failure.
void writeFileAtomically(const std::string& path, const std::string& text);
/// The file's content, or nullopt when it does not exist.
std::optional<std::string> readFile(const std::string& path);

/// A directory of files named by batch id (Spark's HDFSMetadataLog).
class BatchLog {
 public:
  explicit BatchLog(std::string directory);
  void write(int64_t batchId, const std::string& text) const;
  std::optional<std::string> read(int64_t batchId) const;
  /// The largest batch id present.
  std::optional<int64_t> latest() const;
  void remove(int64_t batchId) const;
  /// Deletes entries with ids below `minBatchId` (minBatchesToRetain).
  void purgeBefore(int64_t minBatchId) const;

 private:
  std::string directory_;
};

/// One entry of the offset log (Spark's OffsetSeq with its metadata line).
struct OffsetSeq {
  int64_t batchWatermarkMs = 0;
  int64_t batchTimestampMs = 0;
  std::map<std::string, std::string> conf;
  /// One end offset (JSON text) per source in source order; nullopt = the source has none yet.
  std::vector<std::optional<std::string>> offsets;

  /// "v1\n{metadata}\n<offset or ->…", no trailing newline.
  std::string serialize() const;
  /// Throws ExecutionException naming `what` on a malformed entry.
  static OffsetSeq parse(const std::string& text, const std::string& what);
};

/// One entry of the commit log.
struct CommitMetadata {
  int64_t nextBatchWatermarkMs = 0;
  std::string serialize() const;
  static CommitMetadata parse(const std::string& text, const std::string& what);
};

/// The `metadata` file: the query id, stable across restarts. Created with `newId` when absent.
std::string readOrCreateQueryId(const std::string& checkpointLocation, const std::string& newId);

/// A random (version 4) UUID string.
std::string randomUuid();

}  // namespace spate::streaming
