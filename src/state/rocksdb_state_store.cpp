#include "state/rocksdb_state_store.h"

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/checkpoint.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "common/error.h"
#include "state/state_files.h"
#include "state/string_hash.h"

namespace spate::state {

namespace {

namespace fs = std::filesystem;

constexpr const char* kMetaColumnFamily = "spate_meta";
constexpr const char* kNumKeysKey = "numKeys";
constexpr const char* kWorkingPrefix = "rocksdb-working-";
constexpr size_t kBlockCacheBytes = 8 << 20;  // RocksDB's and Spark's default per instance

Error rocksError(const std::string& what, const rocksdb::Status& status) {
  if (status.IsCorruption()) return Error::internal(what + ": " + status.ToString());
  return Error::external(what + ": " + status.ToString());
}

std::string encodeInt64(int64_t v) {
  std::string bytes(8, '\0');
  for (int i = 0; i < 8; ++i)
    bytes[i] = static_cast<char>(static_cast<uint64_t>(v) >> (56 - 8 * i));
  return bytes;
}

std::optional<int64_t> decodeInt64(std::string_view bytes) {
  if (bytes.size() != 8) return std::nullopt;
  uint64_t v = 0;
  for (char c : bytes) v = (v << 8) | static_cast<unsigned char>(c);
  return static_cast<int64_t>(v);
}

int64_t nowNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Working directories of processes that are gone (a crash leaves them behind).
void removeStaleWorkingDirs(const std::string& dir) {
  for (const std::string& name : listDirectory(dir)) {
    if (!name.starts_with(kWorkingPrefix)) continue;
    const std::string rest = name.substr(std::string_view(kWorkingPrefix).size());
    const long pid = std::strtol(rest.c_str(), nullptr, 10);
    if (pid <= 0 || pid == static_cast<long>(::getpid())) continue;
    if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
      std::error_code ec;
      fs::remove_all(dir + "/" + name, ec);
    }
  }
}

// Fills `to` with `from`'s files: SST files are immutable and hard-linked, the others copied
// because RocksDB may rewrite them in the working instance.
Status cloneCheckpoint(const std::string& from, const std::string& to) {
  std::error_code ec;
  fs::create_directories(to, ec);
  if (ec) return Error::external("Cannot create directory " + to + ": " + ec.message());
  for (const std::string& name : listDirectory(from)) {
    const std::string src = from + "/" + name;
    const std::string dst = to + "/" + name;
    if (name.ends_with(".sst")) {
      fs::create_hard_link(src, dst, ec);
      if (!ec) continue;
    }
    fs::copy_file(src, dst, fs::copy_options::overwrite_existing, ec);
    if (ec) return Error::external("Cannot copy " + src + " to " + dst + ": " + ec.message());
  }
  return Status::success();
}

struct CommitTimings {
  int64_t writeBatchMs = 0;
  int64_t flushMs = 0;
  int64_t checkpointMs = 0;
  int64_t fileSyncMs = 0;
};

// State shared by the provider and its stores.
struct RocksCore {
  StateStoreId id;
  StateStoreConf conf;
  std::string dir;
  std::string description;
  std::string workingDir;

  std::mutex mutex;
  std::unique_ptr<rocksdb::DB> db;
  rocksdb::ColumnFamilyHandle* dataCf = nullptr;
  rocksdb::ColumnFamilyHandle* metaCf = nullptr;
  std::shared_ptr<rocksdb::Cache> blockCache;
  int64_t workingVersion = -1;  // the version the working instance holds; -1: none or unknown
  int64_t numKeys = 0;          // of workingVersion
  bool storeActive = false;

  ~RocksCore() {
    close();
    std::error_code ec;
    fs::remove_all(workingDir, ec);
  }

  std::string checkpointDir(int64_t version) const {
    return dir + "/" + std::to_string(version) + ".checkpoint";
  }

  void close() {
    if (db == nullptr) return;
    for (auto* cf : {dataCf, metaCf}) {
      if (cf != nullptr) db->DestroyColumnFamilyHandle(cf);
    }
    dataCf = metaCf = nullptr;
    db->Close();
    db.reset();
    workingVersion = -1;
  }

  rocksdb::Options options(bool create) const {
    rocksdb::Options opts;
    opts.create_if_missing = create;
    opts.create_missing_column_families = true;
    opts.info_log_level = rocksdb::WARN_LEVEL;
    opts.keep_log_file_num = 2;
    opts.avoid_flush_during_shutdown = true;  // every committed version is in a checkpoint
    rocksdb::BlockBasedTableOptions table;
    table.block_cache = blockCache;
    // Puts check whether the key exists (for the exact key count); the filter makes misses cheap.
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    opts.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
    return opts;
  }

  // Rebuilds the working instance at `version`: empty for 0, else from its checkpoint.
  Status openAt(int64_t version) {
    close();
    std::error_code ec;
    fs::remove_all(workingDir, ec);
    if (ec) return Error::external("Cannot delete " + workingDir + ": " + ec.message());
    const std::string source = checkpointDir(version);
    if (version > 0) {
      if (!fs::is_directory(source, ec)) {
        return Error::external(
            cannotLoadStateStore(
                "CANNOT_READ_STREAMING_STATE_FILE",
                "Error reading streaming state file of " + description + ": " + source +
                    " does not exist. If the stream job is restarted with a new or updated state "
                    "operation, please create a new checkpoint location or clear the existing "
                    "checkpoint location."),
            /*retryable=*/false);
      }
      if (Status s = cloneCheckpoint(source, workingDir); !s.ok()) return s;
    } else if (Status s = ensureDirectory(workingDir); !s.ok()) {
      return s;
    }
    const rocksdb::Options opts = options(/*create=*/version == 0);
    std::vector<rocksdb::ColumnFamilyDescriptor> families = {
        {rocksdb::kDefaultColumnFamilyName, opts}, {kMetaColumnFamily, opts}};
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    rocksdb::Status status = rocksdb::DB::Open(opts, workingDir, families, &handles, &raw);
    auto corrupt = [&](const std::string& why) {
      return Error::internal(cannotLoadStateStore(
          "UNCATEGORIZED",
          "Error reading state checkpoint " + source + " of " + description + ": " + why + "."));
    };
    if (!status.ok()) {
      if (version > 0 && !status.IsIOError()) return corrupt(status.ToString());
      return rocksError("Cannot open RocksDB instance " + workingDir, status);
    }
    db.reset(raw);
    dataCf = handles[0];
    metaCf = handles[1];
    numKeys = 0;
    if (version > 0) {
      std::string value;
      status = db->Get(rocksdb::ReadOptions(), metaCf, kNumKeysKey, &value);
      std::optional<int64_t> count = status.ok() ? decodeInt64(value) : std::nullopt;
      if (!count) {
        close();
        return corrupt("no key count");
      }
      numKeys = *count;
    }
    workingVersion = version;
    return Status::success();
  }

  // Makes the working instance (now at `version`) durable as <version>.checkpoint.
  Status writeCheckpoint(int64_t version, CommitTimings& timings) {
    int64_t start = nowNanos();
    rocksdb::FlushOptions flush;
    flush.wait = true;
    rocksdb::Status status = db->Flush(flush, std::vector{dataCf, metaCf});
    if (!status.ok()) return rocksError("Cannot flush " + workingDir, status);
    timings.flushMs = (nowNanos() - start) / 1000000;

    start = nowNanos();
    const std::string finalDir = checkpointDir(version);
    const std::string name = std::to_string(version) + ".checkpoint";
    const std::string tempDir = dir + "/" + tempSiblingName(name);
    rocksdb::Checkpoint* raw = nullptr;
    status = rocksdb::Checkpoint::Create(db.get(), &raw);
    if (!status.ok()) return rocksError("Cannot checkpoint " + workingDir, status);
    std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
    status = checkpoint->CreateCheckpoint(tempDir);
    if (!status.ok()) return rocksError("Cannot create checkpoint " + tempDir, status);
    timings.checkpointMs = (nowNanos() - start) / 1000000;

    // Replacing a checkpoint of an earlier run of this batch: move it aside first, since a
    // directory cannot be renamed over a non-empty one.
    start = nowNanos();
    std::error_code ec;
    std::string replaced;
    if (fs::exists(finalDir, ec)) {
      replaced = dir + "/" + tempSiblingName(name);
      fs::rename(finalDir, replaced, ec);
      if (ec) return Error::external("Cannot rename " + finalDir + ": " + ec.message());
    }
    fs::rename(tempDir, finalDir, ec);
    if (ec) return Error::external("Cannot rename " + tempDir + ": " + ec.message());
    Status synced = fsyncDirectory(dir);
    if (!replaced.empty()) fs::remove_all(replaced, ec);
    timings.fileSyncMs = (nowNanos() - start) / 1000000;
    return synced;
  }

  int64_t property(const std::string& name) const {
    uint64_t value = 0;
    uint64_t total = 0;
    for (auto* cf : {dataCf, metaCf}) {
      if (db->GetIntProperty(cf, name, &value)) total += value;
    }
    return static_cast<int64_t>(total);
  }
};

class RocksDbStateStore final : public StateStore {
 public:
  RocksDbStateStore(std::shared_ptr<RocksCore> core, int64_t version)
      : core_(std::move(core)),
        db_(core_->db.get()),
        cf_(core_->dataCf),
        version_(version),
        numKeys_(core_->numKeys) {}
  ~RocksDbStateStore() override {
    if (!finished_) abort();
  }

  int64_t version() const override { return version_; }

  std::optional<std::string_view> get(std::string_view key) const override {
    checkOpen();
    ++getCount_;
    if (auto it = pending_.find(key); it != pending_.end()) {
      if (!it->second.value) return std::nullopt;
      return std::string_view(*it->second.value);
    }
    std::string& slot = values_.emplace_back();
    rocksdb::Status status = db_->Get(readOptions_, cf_, toSlice(key), &slot);
    if (status.IsNotFound()) {
      values_.pop_back();
      return std::nullopt;
    }
    check(status, "get");
    return std::string_view(slot);
  }

  void put(std::string_view key, std::string_view value) override {
    checkOpen();
    ++putCount_;
    // `value` may view memory of this store (a get() result), so it is copied first.
    std::string copy(value);
    if (auto it = pending_.find(key); it != pending_.end()) {
      if (!it->second.value) ++numKeys_;
      it->second.value = std::move(copy);
    } else {
      const bool inDb = dbContains(key);
      if (!inDb) ++numKeys_;
      pending_.emplace(std::string(key), Pending{std::move(copy), inDb});
    }
    values_.clear();
  }

  void remove(std::string_view key) override {
    checkOpen();
    if (auto it = pending_.find(key); it != pending_.end()) {
      if (it->second.value) --numKeys_;
      if (it->second.inDb) {
        it->second.value.reset();
      } else {
        pending_.erase(it);
      }
    } else if (dbContains(key)) {
      --numKeys_;
      pending_.emplace(std::string(key), Pending{std::nullopt, true});
    }
    values_.clear();
  }

  void forEach(
      const std::function<void(std::string_view key, std::string_view value)>& f) const override {
    checkOpen();
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(readOptions_, cf_));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const std::string_view key(it->key().data(), it->key().size());
      if (pending_.contains(key)) continue;  // updated or removed in this batch
      f(key, std::string_view(it->value().data(), it->value().size()));
    }
    check(it->status(), "iteration");
    for (const auto& [key, entry] : pending_) {
      if (entry.value) f(key, *entry.value);
    }
  }

  Result<int64_t> commit() override {
    checkOpen();
    const int64_t newVersion = version_ + 1;
    values_.clear();
    finished_ = true;
    std::lock_guard lock(core_->mutex);
    core_->storeActive = false;
    const int64_t start = nowNanos();
    rocksdb::WriteBatch batch;
    for (const auto& [key, entry] : pending_) {
      rocksdb::Status status =
          entry.value ? batch.Put(cf_, key, *entry.value) : batch.Delete(cf_, key);
      check(status, "write batch");
    }
    check(batch.Put(core_->metaCf, kNumKeysKey, encodeInt64(numKeys_)), "write batch");
    pending_ = {};
    rocksdb::WriteOptions write;
    write.disableWAL = true;  // durability comes from the checkpoint
    rocksdb::Status status = db_->Write(write, &batch);
    // From here on the instance may hold part of the new version until the checkpoint exists.
    core_->workingVersion = -1;
    if (!status.ok()) return rocksError("Cannot write to " + core_->workingDir, status);
    timings_.writeBatchMs = (nowNanos() - start) / 1000000;
    if (Status s = core_->writeCheckpoint(newVersion, timings_); !s.ok()) return s.error();
    core_->workingVersion = newVersion;
    core_->numKeys = numKeys_;
    committedMetrics_ = metricsLocked();
    return newVersion;
  }

  void abort() override {
    if (finished_) return;
    pending_ = {};
    values_.clear();
    finished_ = true;
    std::lock_guard lock(core_->mutex);
    core_->storeActive = false;
  }

  StateStoreMetrics metrics() const override {
    if (committedMetrics_) return *committedMetrics_;
    std::lock_guard lock(core_->mutex);
    return metricsLocked();
  }

 private:
  // An update of this batch: the new value (nullopt = removed) and whether the working instance
  // holds the key (a removal must reach it then).
  struct Pending {
    std::optional<std::string> value;
    bool inDb = false;
  };

  static rocksdb::Slice toSlice(std::string_view s) { return {s.data(), s.size()}; }

  void checkOpen() const {
    SPATE_CHECK(!finished_, "Cannot update after already committed or aborted");
  }

  static void check(const rocksdb::Status& status, const char* what) {
    if (!status.ok()) {
      throw ExecutionException(std::string("RocksDB ") + what + " failed: " + status.ToString());
    }
  }

  bool dbContains(std::string_view key) const {
    rocksdb::PinnableSlice value;  // pins the block instead of copying the value
    rocksdb::Status status = db_->Get(readOptions_, cf_, toSlice(key), &value);
    if (status.IsNotFound()) return false;
    check(status, "get");
    return true;
  }

  StateStoreMetrics metricsLocked() const {
    StateStoreMetrics m;
    m.numKeys = numKeys_;
    if (core_->db != nullptr) {
      m.memoryUsedBytes = core_->property(rocksdb::DB::Properties::kEstimateTableReadersMem) +
                          core_->property(rocksdb::DB::Properties::kSizeAllMemTables) +
                          static_cast<int64_t>(core_->blockCache->GetUsage());
      m.customMetrics["rocksdbSstFileSize"] =
          core_->property(rocksdb::DB::Properties::kTotalSstFilesSize);
      m.customMetrics["rocksdbPinnedBlocksMemoryUsage"] =
          static_cast<int64_t>(core_->blockCache->GetPinnedUsage());
    }
    for (const auto& [key, entry] : pending_) {
      m.memoryUsedBytes += static_cast<int64_t>(key.size()) + kPendingOverheadBytes +
                           (entry.value ? static_cast<int64_t>(entry.value->size()) : 0);
    }
    m.customMetrics["rocksdbGetCount"] = getCount_;
    m.customMetrics["rocksdbPutCount"] = putCount_;
    m.customMetrics["rocksdbCommitWriteBatchLatency"] = timings_.writeBatchMs;
    m.customMetrics["rocksdbCommitFlushLatency"] = timings_.flushMs;
    m.customMetrics["rocksdbCommitCheckpointLatency"] = timings_.checkpointMs;
    m.customMetrics["rocksdbCommitFileSyncLatencyMs"] = timings_.fileSyncMs;
    return m;
  }

  // Hash node with key, optional value and flag, rounded to malloc's size classes.
  static constexpr int64_t kPendingOverheadBytes = 112;

  std::shared_ptr<RocksCore> core_;
  rocksdb::DB* db_;
  rocksdb::ColumnFamilyHandle* cf_;
  const int64_t version_;
  int64_t numKeys_;
  rocksdb::ReadOptions readOptions_;
  // The batch's updates over the working instance, which only sees them at commit (so abort just
  // drops them). A hash map rather than RocksDB's WriteBatchWithIndex, whose skiplist made every
  // put several times slower.
  std::unordered_map<std::string, Pending, StringHash, std::equal_to<>> pending_;
  // Values get() read from the instance, kept until the next update so every view stays valid.
  mutable std::deque<std::string> values_;
  mutable int64_t getCount_ = 0;
  int64_t putCount_ = 0;
  CommitTimings timings_;
  bool finished_ = false;
  std::optional<StateStoreMetrics> committedMetrics_;
};

class RocksDbStateStoreProvider final : public StateStoreProvider {
 public:
  RocksDbStateStoreProvider(const StateStoreId& id, const StateStoreConf& conf)
      : core_(std::make_shared<RocksCore>()) {
    static std::atomic<uint64_t> instances{0};
    core_->id = id;
    core_->conf = conf;
    std::error_code ec;
    core_->dir = fs::absolute(id.directory(), ec).lexically_normal().string();
    if (core_->dir.size() > 1 && core_->dir.back() == '/') core_->dir.pop_back();
    core_->description = "RocksDBStateStoreProvider[id = (op=" + std::to_string(id.operatorId) +
                         ",part=" + std::to_string(id.partitionId) + "),dir = " + core_->dir + "]";
    core_->workingDir = core_->dir + "/" + kWorkingPrefix + std::to_string(::getpid()) + "-" +
                        std::to_string(instances.fetch_add(1));
    core_->blockCache = rocksdb::NewLRUCache(kBlockCacheBytes);
  }

  Result<std::unique_ptr<StateStore>> getStore(int64_t version) override {
    if (version < 0) {
      return Error::internal(cannotLoadStateStore(
          "UNEXPECTED_VERSION",
          "Version cannot be " + std::to_string(version) + " because it is less than 0."));
    }
    std::lock_guard lock(core_->mutex);
    if (core_->storeActive) {
      return Error::internal("The state store of " + core_->description +
                             " is still being updated; commit or abort it first.");
    }
    if (core_->db == nullptr || core_->workingVersion != version) {
      if (core_->db == nullptr) removeStaleWorkingDirs(core_->dir);
      if (Status s = core_->openAt(version); !s.ok()) return s.error();
    }
    core_->storeActive = true;
    return std::unique_ptr<StateStore>(std::make_unique<RocksDbStateStore>(core_, version));
  }

  void doMaintenance() override {
    std::lock_guard lock(core_->mutex);
    std::map<int64_t, std::string> checkpoints;
    std::vector<std::string> leftovers;
    for (const std::string& name : listDirectory(core_->dir)) {
      if (auto v = parseVersionedName(name, ".checkpoint")) {
        checkpoints.emplace(*v, name);
      } else if (name.starts_with(".") && name.ends_with(".tmp")) {
        leftovers.push_back(name);
      }
    }
    std::error_code ec;
    // Checkpoints being written or replaced are only in flight during a commit.
    if (!core_->storeActive) {
      for (const std::string& name : leftovers) fs::remove_all(core_->dir + "/" + name, ec);
    }
    if (checkpoints.empty()) return;
    // Spark keeps the newest minVersionsToRetain versions. The newest is the working version when
    // there is one (newer checkpoints are leftovers of a failed run).
    const int64_t latest =
        core_->workingVersion >= 0 ? core_->workingVersion : checkpoints.rbegin()->first;
    const int64_t keepFrom = latest - core_->conf.minVersionsToRetain + 1;
    for (const auto& [version, name] : checkpoints) {
      if (version >= keepFrom) break;
      fs::remove_all(core_->dir + "/" + name, ec);
    }
  }

 private:
  std::shared_ptr<RocksCore> core_;
};

}  // namespace

std::unique_ptr<StateStoreProvider> makeRocksDbStateStoreProvider(const StateStoreId& id,
                                                                  const StateStoreConf& conf) {
  return std::make_unique<RocksDbStateStoreProvider>(id, conf);
}

}  // namespace spate::state
