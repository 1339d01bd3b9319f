// The RocksDB provider's layout: checkpoints per version, the working instance, maintenance,
// corrupt checkpoints, metrics.

#include "state/rocksdb_state_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "state/state_test_support.h"

namespace spate::state {
namespace {

using testing::Content;
using testing::filesIn;
using testing::load;
using testing::TempDir;

class RocksDbStateStoreTest : public ::testing::Test {
 protected:
  StateStoreId id() const { return StateStoreId{dir_.path(), 2, 0}; }
  std::string storeDir() const { return id().directory(); }
  std::unique_ptr<StateStoreProvider> newProvider(StateStoreConf conf = {}) const {
    return makeRocksDbStateStoreProvider(id(), conf);
  }
  static void update(StateStoreProvider& provider, int64_t version, const Content& puts) {
    auto store = provider.getStore(version);
    ASSERT_TRUE(store.ok()) << store.error().message;
    for (const auto& [k, v] : puts) store.value()->put(k, v);
    auto committed = store.value()->commit();
    ASSERT_TRUE(committed.ok()) << committed.error().message;
    ASSERT_EQ(*committed, version + 1);
  }
  std::vector<std::string> checkpointsAndWorkingDirs() const {
    std::vector<std::string> names;
    for (const std::string& name : filesIn(storeDir())) {
      names.push_back(name.starts_with("rocksdb-working-") ? "rocksdb-working" : name);
    }
    return names;
  }

  TempDir dir_;
};

TEST_F(RocksDbStateStoreTest, CheckpointPerVersionAndAWorkingInstance) {
  {
    auto provider = newProvider();
    update(*provider, 0, {{"a", "1"}});
    update(*provider, 1, {{"b", "2"}});
    update(*provider, 2, {{"c", "3"}});
    EXPECT_EQ(checkpointsAndWorkingDirs(),
              (std::vector<std::string>{"1.checkpoint", "2.checkpoint", "3.checkpoint",
                                        "rocksdb-working"}));
    for (const char* version : {"1", "2", "3"}) {
      const std::string checkpoint = storeDir() + "/" + version + ".checkpoint";
      EXPECT_TRUE(std::filesystem::exists(checkpoint + "/CURRENT")) << checkpoint;
    }
    EXPECT_TRUE(filesIn(storeDir())
                    .back()
                    .starts_with("rocksdb-working-" + std::to_string(::getpid()) + "-"));
  }
  // The working instance is a cache and goes away with its provider.
  EXPECT_EQ(checkpointsAndWorkingDirs(),
            (std::vector<std::string>{"1.checkpoint", "2.checkpoint", "3.checkpoint"}));
}

TEST_F(RocksDbStateStoreTest, LatestVersionComesFromTheWorkingInstance) {
  auto provider = newProvider();
  update(*provider, 0, {{"a", "1"}});
  update(*provider, 1, {{"b", "2"}});
  std::filesystem::remove_all(storeDir() + "/2.checkpoint");
  EXPECT_EQ(load(*provider, 2), (Content{{"a", "1"}, {"b", "2"}}));
  // Another version rebuilds the working instance from its checkpoint.
  EXPECT_EQ(load(*provider, 1), (Content{{"a", "1"}}));
  auto gone = provider->getStore(2);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().domain, ErrorDomain::kExternal);
  EXPECT_NE(gone.error().message.find(
                "[CANNOT_LOAD_STATE_STORE.CANNOT_READ_STREAMING_STATE_FILE] An error occurred "
                "during loading state. Error reading streaming state file of "
                "RocksDBStateStoreProvider[id = (op=2,part=0),dir = "),
            std::string::npos)
      << gone.error().message;
  EXPECT_NE(gone.error().message.find(storeDir() + "/2.checkpoint does not exist."),
            std::string::npos)
      << gone.error().message;
}

TEST_F(RocksDbStateStoreTest, MaintenanceKeepsTheNewestCheckpoints) {
  StateStoreConf conf;
  conf.minVersionsToRetain = 2;
  auto provider = newProvider(conf);
  for (int64_t v = 0; v < 5; ++v) update(*provider, v, {{"k" + std::to_string(v), "v"}});
  std::filesystem::create_directories(storeDir() + "/.3.checkpoint.dead.tmp");
  provider->doMaintenance();
  EXPECT_EQ(checkpointsAndWorkingDirs(),
            (std::vector<std::string>{"4.checkpoint", "5.checkpoint", "rocksdb-working"}));
  EXPECT_EQ(load(*provider, 4).size(), 4u);
  EXPECT_EQ(load(*provider, 5).size(), 5u);
  EXPECT_FALSE(provider->getStore(3).ok());
}

TEST_F(RocksDbStateStoreTest, WorkingDirsOfDeadProcessesAreRemoved) {
  const std::string dead = storeDir() + "/rocksdb-working-999999999-0";  // above any pid_max
  const std::string live = storeDir() + "/rocksdb-working-" + std::to_string(::getpid()) + "-999";
  std::filesystem::create_directories(dead);
  std::filesystem::create_directories(live);
  auto provider = newProvider();
  update(*provider, 0, {{"a", "1"}});
  EXPECT_FALSE(std::filesystem::exists(dead));
  EXPECT_TRUE(std::filesystem::exists(live));  // may belong to another provider of this process
}

TEST_F(RocksDbStateStoreTest, CorruptCheckpointIsAnInternalError) {
  {
    auto provider = newProvider();
    update(*provider, 0, {{"a", "1"}});
    update(*provider, 1, {{"b", "2"}});
  }
  std::filesystem::remove(storeDir() + "/2.checkpoint/CURRENT");
  auto provider = newProvider();
  auto store = provider->getStore(2);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().domain, ErrorDomain::kInternal) << store.error().message;
  EXPECT_NE(store.error().message.find(storeDir() + "/2.checkpoint"), std::string::npos)
      << store.error().message;
  EXPECT_EQ(load(*provider, 1), (Content{{"a", "1"}}));
}

TEST_F(RocksDbStateStoreTest, Metrics) {
  auto provider = newProvider();
  auto store = std::move(provider->getStore(0)).value();
  store->put("a", "1");
  store->put("b", "2");
  store->put("a", "1b");
  store->remove("missing");
  EXPECT_EQ(store->get("a"), "1b");
  EXPECT_FALSE(store->get("zzz").has_value());
  StateStoreMetrics metrics = store->metrics();
  EXPECT_EQ(metrics.numKeys, 2);
  EXPECT_GT(metrics.memoryUsedBytes, 0);
  EXPECT_EQ(metrics.customMetrics.at("rocksdbPutCount"), 3);
  EXPECT_EQ(metrics.customMetrics.at("rocksdbGetCount"), 2);
  ASSERT_TRUE(store->commit().ok());
  metrics = store->metrics();
  EXPECT_EQ(metrics.numKeys, 2);
  EXPECT_GT(metrics.customMetrics.at("rocksdbSstFileSize"), 0);
  for (const char* name : {"rocksdbCommitWriteBatchLatency", "rocksdbCommitFlushLatency",
                           "rocksdbCommitCheckpointLatency", "rocksdbCommitFileSyncLatencyMs",
                           "rocksdbPinnedBlocksMemoryUsage"}) {
    EXPECT_TRUE(metrics.customMetrics.contains(name)) << name;
  }
  // The exact key count survives a restart (it is stored with each version).
  store.reset();
  provider.reset();
  provider = newProvider();
  store = std::move(provider->getStore(1)).value();
  EXPECT_EQ(store->metrics().numKeys, 2);
}

}  // namespace
}  // namespace spate::state
