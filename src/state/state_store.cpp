#include "state/state_store.h"

#include "common/error.h"
#include "common/strings.h"
#include "state/hdfs_state_store.h"
#include "state/rocksdb_state_store.h"

namespace spate::state {

namespace {

constexpr const char* kHdfsClassName =
    "org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider";
constexpr const char* kRocksDbClassName =
    "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider";

}  // namespace

std::string StateStoreId::directory() const {
  std::string dir = checkpointLocation;
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  dir += "/state/" + std::to_string(operatorId) + "/" + std::to_string(partitionId);
  if (storeName != "default") dir += "/" + storeName;
  return dir;
}

std::unique_ptr<StateStoreProvider> StateStoreProvider::create(const StateStoreId& id,
                                                               const StateStoreConf& conf) {
  // Short names are ours (case-insensitive); Spark only knows the class names.
  const std::string shortName = toLower(conf.provider);
  if (shortName == "hdfs" || conf.provider == kHdfsClassName) {
    return makeHdfsStateStoreProvider(id, conf);
  }
  if (shortName == "rocksdb" || conf.provider == kRocksDbClassName) {
    return makeRocksDbStateStoreProvider(id, conf);
  }
  throw IllegalArgumentException("Unknown state store provider class: " + conf.provider +
                                 ". Valid values are hdfs, rocksdb, " + kHdfsClassName + ", " +
                                 kRocksDbClassName + ".");
}

}  // namespace spate::state
