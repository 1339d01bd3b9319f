// State store hot paths for both providers: puts of new keys, updates of existing keys, gets, and
// a whole micro-batch (10% of a 100k-key state updated, then committed durably).
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "state/state_store.h"

namespace spate::state {
namespace {

constexpr int kKeys = 100000;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "spate-bench-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Keys like an aggregation's grouping keys (~20 bytes), values like its buffers (~24 bytes).
struct Data {
  std::vector<std::string> keys;
  std::vector<std::string> values;
  Data() {
    std::mt19937_64 rng(42);
    for (int i = 0; i < kKeys; ++i) {
      keys.push_back("group-" + std::to_string(rng() % 1000000000000));
      values.push_back(std::string(16, 'v') + std::to_string(i % 100000000));
    }
  }
};

const Data& data() {
  static const Data d;
  return d;
}

std::unique_ptr<StateStoreProvider> provider(const TempDir& dir, const char* name) {
  StateStoreConf conf;
  conf.provider = name;
  return StateStoreProvider::create(StateStoreId{dir.path(), 0, 0}, conf);
}

// Version 1 holds every key.
void fill(StateStoreProvider& p) {
  auto store = std::move(p.getStore(0)).value();
  for (int i = 0; i < kKeys; ++i) store->put(data().keys[i], data().values[i]);
  (void)store->commit().value();
}

void BM_PutNewKeys(benchmark::State& state, const char* name) {
  TempDir dir;
  auto p = provider(dir, name);
  for (auto _ : state) {
    auto store = std::move(p->getStore(0)).value();
    for (int i = 0; i < kKeys; ++i) store->put(data().keys[i], data().values[i]);
    state.PauseTiming();
    store->abort();
    store.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * kKeys);
}

void BM_UpdateExistingKeys(benchmark::State& state, const char* name) {
  TempDir dir;
  auto p = provider(dir, name);
  fill(*p);
  for (auto _ : state) {
    auto store = std::move(p->getStore(1)).value();
    for (int i = 0; i < kKeys; ++i) store->put(data().keys[i], data().values[kKeys - 1 - i]);
    state.PauseTiming();
    store->abort();
    store.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * kKeys);
}

void BM_Get(benchmark::State& state, const char* name) {
  TempDir dir;
  auto p = provider(dir, name);
  fill(*p);
  for (auto _ : state) {
    // A store per iteration: RocksDB's store keeps the values it returned until an update.
    auto store = std::move(p->getStore(1)).value();
    for (int i = 0; i < kKeys; ++i) benchmark::DoNotOptimize(store->get(data().keys[i]));
    store->abort();
  }
  state.SetItemsProcessed(state.iterations() * kKeys);
}

void BM_MicroBatchCommit(benchmark::State& state, const char* name) {
  TempDir dir;
  auto p = provider(dir, name);
  fill(*p);
  int64_t version = 1;
  int offset = 0;
  for (auto _ : state) {
    auto store = std::move(p->getStore(version)).value();
    for (int i = 0; i < kKeys / 10; ++i) {
      const int k = (offset + i) % kKeys;
      store->put(data().keys[k], data().values[(k + 1) % kKeys]);
    }
    version = store->commit().value();
    offset += kKeys / 10;
  }
  state.SetItemsProcessed(state.iterations() * (kKeys / 10));
}

BENCHMARK_CAPTURE(BM_PutNewKeys, hdfs, "hdfs")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_PutNewKeys, rocksdb, "rocksdb")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_UpdateExistingKeys, hdfs, "hdfs")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_UpdateExistingKeys, rocksdb, "rocksdb")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Get, hdfs, "hdfs")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Get, rocksdb, "rocksdb")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_MicroBatchCommit, hdfs, "hdfs")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_MicroBatchCommit, rocksdb, "rocksdb")->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace spate::state

BENCHMARK_MAIN();
