#pragma once

// Versioned key-value state for stateful streaming operators (Spark's StateStore). One store per
// (operator, shuffle partition, store name). Micro-batch N reads version N and commits version
// N + 1; a restart loads any committed version, so a failed batch can be re-run from the state it
// started with. Keys and values are opaque byte strings (the operators encode rows).

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace spate::state {

/// Where a store's files live: <checkpoint>/state/<operatorId>/<partitionId>[/<storeName>].
struct StateStoreId {
  std::string checkpointLocation;  ///< the query's checkpoint directory
  int64_t operatorId = 0;
  int partitionId = 0;
  std::string storeName = "default";  ///< "default" has no sub-directory (Spark's layout)

  std::string directory() const;
};

/// Settings (Spark's configuration names in comments).
struct StateStoreConf {
  /// spark.sql.streaming.stateStore.minDeltasForSnapshot
  int minDeltasForSnapshot = 10;
  /// spark.sql.streaming.minBatchesToRetain
  int minVersionsToRetain = 100;
  /// spark.sql.streaming.stateStore.providerClass: "hdfs" (in memory with delta/snapshot files,
  /// Spark's HDFSBackedStateStoreProvider) or "rocksdb" (Spark's RocksDBStateStoreProvider);
  /// Spark's full class names are accepted.
  std::string provider = "hdfs";
};

/// Spark's StateOperatorProgress numbers for one store version.
struct StateStoreMetrics {
  int64_t numKeys = 0;
  int64_t memoryUsedBytes = 0;
  /// Provider-specific ("loadedMapCacheHitCount", "stateOnCurrentVersionSizeBytes", …).
  std::map<std::string, int64_t> customMetrics;
};

/// One version of one store being updated by a micro-batch. Not thread-safe: one batch, one thread
/// (partitions run in parallel, each with its own store).
class StateStore {
 public:
  virtual ~StateStore() = default;
  /// The version this store was loaded at.
  virtual int64_t version() const = 0;
  /// The value of `key`; the view is valid until the next put/remove/commit/abort.
  virtual std::optional<std::string_view> get(std::string_view key) const = 0;
  virtual void put(std::string_view key, std::string_view value) = 0;
  virtual void remove(std::string_view key) = 0;
  /// Calls f(key, value) for every entry (any order). f must not modify the store; collect keys
  /// and remove them afterwards.
  virtual void forEach(const std::function<void(std::string_view key, std::string_view value)>& f) const = 0;
  /// Writes version() + 1 durably (temp file, fsync, rename) and returns it. The store is then
  /// finished.
  virtual Result<int64_t> commit() = 0;
  /// Throws the updates away; the store is then finished.
  virtual void abort() = 0;
  virtual StateStoreMetrics metrics() const = 0;
};

/// Loads versions of one store and maintains its files (snapshots, cleanup of old versions).
class StateStoreProvider {
 public:
  virtual ~StateStoreProvider() = default;
  /// A provider for `conf.provider`; throws IllegalArgumentException naming an unknown provider.
  static std::unique_ptr<StateStoreProvider> create(const StateStoreId& id, const StateStoreConf& conf);

  /// The store at `version` (0 = empty), ready for the updates that produce version + 1. A version
  /// that was never committed gives an external error naming the missing file.
  virtual Result<std::unique_ptr<StateStore>> getStore(int64_t version) = 0;
  /// Periodic work after commits: snapshots every minDeltasForSnapshot deltas, deleting files no
  /// longer needed to load the last minVersionsToRetain versions.
  virtual void doMaintenance() = 0;
};

}  // namespace spate::state
