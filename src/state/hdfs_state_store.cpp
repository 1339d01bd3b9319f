#include "state/hdfs_state_store.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <mutex>
#include <set>
#include <unordered_map>
#include <vector>

#include "common/error.h"
#include "state/state_files.h"
#include "state/string_hash.h"

namespace spate::state {

namespace {

struct Entry {
  std::string value;
  uint32_t epoch = 0;      // the store (generation) that last touched the entry; 0 = none
  uint32_t undoIndex = 0;  // the entry's record in that store's undo log
};

// Transparent hashing: lookups take std::string_view without building a std::string.
using StateMap = std::unordered_map<std::string, Entry, StringHash, std::equal_to<>>;

// Heap node (next pointer, cached hash, key and value headers, epoch) rounded to malloc's size
// classes; key and value characters are counted separately.
constexpr int64_t kEntryOverheadBytes = 96;

struct VersionData {
  StateMap map;
  int64_t keyBytes = 0;
  int64_t valueBytes = 0;

  int64_t memoryBytes() const {
    return keyBytes + valueBytes + static_cast<int64_t>(map.size()) * kEntryOverheadBytes +
           static_cast<int64_t>(map.bucket_count() * sizeof(void*));
  }
};

std::string versionFile(const std::string& dir, int64_t version, const char* kind) {
  return dir + "/" + std::to_string(version) + kind;
}

struct StoreFiles {
  std::set<int64_t> deltas;
  std::set<int64_t> snapshots;

  int64_t maxVersion() const {
    int64_t v = -1;
    if (!deltas.empty()) v = *deltas.rbegin();
    if (!snapshots.empty()) v = std::max(v, *snapshots.rbegin());
    return v;
  }
  /// The newest snapshot at or before `version`, 0 (the empty version) if none.
  int64_t snapshotAtOrBefore(int64_t version) const {
    auto it = snapshots.upper_bound(version);
    return it == snapshots.begin() ? 0 : *std::prev(it);
  }
};

StoreFiles listStoreFiles(const std::string& dir) {
  StoreFiles files;
  for (const std::string& name : listDirectory(dir)) {
    if (auto v = parseVersionedName(name, ".delta")) {
      files.deltas.insert(*v);
    } else if (auto v = parseVersionedName(name, ".snapshot")) {
      files.snapshots.insert(*v);
    }
  }
  return files;
}

// State shared by the provider and its stores (a store may outlive the provider object).
struct ProviderCore {
  StateStoreId id;
  StateStoreConf conf;
  std::string dir;
  std::string description;  // Spark's HDFSStateStoreProvider.toString, used in error texts

  std::mutex mutex;
  VersionData data;            // the map of loadedVersion, updated in place by the active store
  int64_t loadedVersion = -1;  // -1: nothing cached
  bool storeActive = false;
  uint32_t epoch = 0;
  int64_t cacheHits = 0;
  int64_t cacheMisses = 0;

  Status readFile(int64_t version, bool snapshot, VersionData& into) const;
  Result<VersionData> load(int64_t version) const;
  Status writeSnapshot(int64_t version) const;
  void cleanup(const StoreFiles& files) const;
};

Status ProviderCore::readFile(int64_t version, bool snapshot, VersionData& into) const {
  const std::string path = versionFile(dir, version, snapshot ? ".snapshot" : ".delta");
  const char* kind = snapshot ? "snapshot" : "delta";
  const std::string prefix =
      std::string("Error reading ") + kind + " file " + path + " of " + description + ": ";
  auto fail = [&](const Error& error) -> Status {
    Error wrapped = error;
    wrapped.message = cannotLoadStateStore("UNCATEGORIZED", prefix + error.message + ".");
    return wrapped;
  };
  bool notFound = false;
  auto opened = Lz4FileReader::open(path, &notFound);
  if (!opened.ok()) {
    if (!notFound) return fail(opened.error());
    return Error::external(cannotLoadStateStore(snapshot ? "CANNOT_READ_MISSING_SNAPSHOT_FILE"
                                                         : "CANNOT_READ_DELTA_FILE_NOT_EXISTS",
                                                prefix + path + " does not exist."),
                           /*retryable=*/false);
  }
  Lz4FileReader& reader = *opened.value();
  std::string key;
  std::string value;
  for (;;) {
    int32_t keyLen = 0;
    if (Status s = reader.readInt32(keyLen); !s.ok()) return fail(s.error());
    if (keyLen == -1) break;
    if (keyLen < 0) {
      return Error::internal(cannotLoadStateStore(
          snapshot ? "CANNOT_READ_SNAPSHOT_FILE_KEY_SIZE" : "CANNOT_READ_DELTA_FILE_KEY_SIZE",
          prefix + "key size cannot be " + std::to_string(keyLen) + "."));
    }
    if (Status s = reader.readBytes(key, static_cast<size_t>(keyLen)); !s.ok()) {
      return fail(s.error());
    }
    int32_t valueLen = 0;
    if (Status s = reader.readInt32(valueLen); !s.ok()) return fail(s.error());
    if (valueLen == -1 && !snapshot) {
      auto it = into.map.find(key);
      if (it != into.map.end()) {
        into.keyBytes -= static_cast<int64_t>(it->first.size());
        into.valueBytes -= static_cast<int64_t>(it->second.value.size());
        into.map.erase(it);
      }
      continue;
    }
    if (valueLen < 0) {
      return Error::internal(
          cannotLoadStateStore(snapshot ? "CANNOT_READ_SNAPSHOT_FILE_VALUE_SIZE" : "UNCATEGORIZED",
                               prefix + "value size cannot be " + std::to_string(valueLen) + "."));
    }
    if (Status s = reader.readBytes(value, static_cast<size_t>(valueLen)); !s.ok()) {
      return fail(s.error());
    }
    auto it = into.map.find(key);
    if (it != into.map.end()) {
      into.valueBytes +=
          static_cast<int64_t>(value.size()) - static_cast<int64_t>(it->second.value.size());
      it->second.value.swap(value);
    } else {
      into.keyBytes += static_cast<int64_t>(key.size());
      into.valueBytes += static_cast<int64_t>(value.size());
      into.map.emplace(std::move(key), Entry{std::move(value)});
      key.clear();
      value.clear();
    }
  }
  if (Status s = reader.finish(); !s.ok()) return fail(s.error());
  return Status::success();
}

Result<VersionData> ProviderCore::load(int64_t version) const {
  VersionData data;
  if (version == 0) return data;
  const StoreFiles files = listStoreFiles(dir);
  const int64_t snapshot = files.snapshotAtOrBefore(version);
  if (snapshot > 0) {
    if (Status s = readFile(snapshot, /*snapshot=*/true, data); !s.ok()) return s.error();
  }
  for (int64_t v = snapshot + 1; v <= version; ++v) {
    if (Status s = readFile(v, /*snapshot=*/false, data); !s.ok()) return s.error();
  }
  return data;
}

Status ProviderCore::writeSnapshot(int64_t version) const {
  auto opened = Lz4FileWriter::open(versionFile(dir, version, ".snapshot"));
  if (!opened.ok()) return opened.error();
  Lz4FileWriter& writer = *opened.value();
  for (const auto& [key, entry] : data.map) {
    writer.writeInt32(static_cast<int32_t>(key.size()));
    writer.write(key);
    writer.writeInt32(static_cast<int32_t>(entry.value.size()));
    writer.write(entry.value);
  }
  writer.writeInt32(-1);
  return writer.finish();
}

void ProviderCore::cleanup(const StoreFiles& files) const {
  // Spark's rule: keep what loads versions latest - minVersionsToRetain … latest. The latest is the
  // version this provider works on when it has one (newer files would be leftovers of a failed
  // run), else the newest file.
  const int64_t latest = loadedVersion >= 0 ? loadedVersion : files.maxVersion();
  const int64_t earliestToRetain = latest - conf.minVersionsToRetain;
  if (earliestToRetain <= 0) return;
  const int64_t keepFrom = files.snapshotAtOrBefore(earliestToRetain);
  if (keepFrom == 0) return;  // no snapshot yet: every delta from 1 is still needed
  for (int64_t v : files.deltas) {
    if (v >= keepFrom) break;
    std::remove(versionFile(dir, v, ".delta").c_str());
  }
  for (int64_t v : files.snapshots) {
    if (v >= keepFrom) break;
    std::remove(versionFile(dir, v, ".snapshot").c_str());
  }
}

class HdfsStateStore final : public StateStore {
 public:
  HdfsStateStore(std::shared_ptr<ProviderCore> core, int64_t version, uint32_t epoch)
      : core_(std::move(core)), data_(core_->data), version_(version), epoch_(epoch) {}
  ~HdfsStateStore() override {
    if (!finished_) abort();
  }

  int64_t version() const override { return version_; }

  std::optional<std::string_view> get(std::string_view key) const override {
    checkOpen();
    auto it = data_.map.find(key);
    if (it == data_.map.end()) return std::nullopt;
    return std::string_view(it->second.value);
  }

  void put(std::string_view key, std::string_view value) override {
    checkOpen();
    auto it = data_.map.find(key);
    if (it != data_.map.end()) {
      Entry& entry = it->second;
      data_.valueBytes +=
          static_cast<int64_t>(value.size()) - static_cast<int64_t>(entry.value.size());
      if (entry.epoch != epoch_) {
        // First touch in this batch: the old value moves to the undo log (no copy), and the key
        // is referenced in place (nodes of an unordered_map never move).
        // `value` may view the old value itself, so copy it before the move.
        std::string fresh(value);
        entry.epoch = epoch_;
        entry.undoIndex = static_cast<uint32_t>(undo_.size());
        undo_.push_back({&it->first, {}, std::move(entry.value)});
        entry.value = std::move(fresh);
      } else {
        entry.value.assign(value.data(), value.size());  // assign copes with aliasing
      }
      return;
    }
    auto [inserted, _] = data_.map.emplace(
        std::string(key), Entry{std::string(value), epoch_, static_cast<uint32_t>(undo_.size())});
    undo_.push_back({&inserted->first, {}, std::nullopt});
    data_.keyBytes += static_cast<int64_t>(key.size());
    data_.valueBytes += static_cast<int64_t>(value.size());
  }

  void remove(std::string_view key) override {
    checkOpen();
    auto it = data_.map.find(key);
    if (it == data_.map.end()) return;
    data_.keyBytes -= static_cast<int64_t>(it->first.size());
    data_.valueBytes -= static_cast<int64_t>(it->second.value.size());
    auto node = data_.map.extract(it);
    Entry& entry = node.mapped();
    if (entry.epoch == epoch_) {
      // Touched before in this batch: its record referenced the key in the node, which is going
      // away, so the record takes the key over.
      UndoRecord& record = undo_[entry.undoIndex];
      SPATE_CHECK(record.keyRef != nullptr, "undo record of a live entry owns its key");
      record.key = std::move(node.key());
      record.keyRef = nullptr;
    } else {
      undo_.push_back({nullptr, std::move(node.key()), std::move(entry.value)});
    }
  }

  void forEach(
      const std::function<void(std::string_view key, std::string_view value)>& f) const override {
    checkOpen();
    for (const auto& [key, entry] : data_.map) f(key, entry.value);
  }

  Result<int64_t> commit() override {
    checkOpen();
    const int64_t newVersion = version_ + 1;
    Status written = writeDelta(newVersion);
    if (!written.ok()) {
      abort();
      return written.error();
    }
    undo_ = {};
    finished_ = true;
    std::lock_guard lock(core_->mutex);
    core_->loadedVersion = newVersion;
    core_->storeActive = false;
    committedMetrics_ = metricsLocked();
    return newVersion;
  }

  void abort() override {
    if (finished_) return;
    rollback();
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
  // How to restore one key: `old` is its value before this batch touched it (nullopt: absent).
  // The key is either referenced in the live map node (keyRef) or owned here once the node is
  // gone. A key has one record per stretch of presence in the map during the batch.
  struct UndoRecord {
    const std::string* keyRef;
    std::string key;
    std::optional<std::string> old;
  };

  void checkOpen() const {
    SPATE_CHECK(!finished_, "Cannot update after already committed or aborted");
  }

  StateStoreMetrics metricsLocked() const {
    StateStoreMetrics m;
    m.numKeys = static_cast<int64_t>(data_.map.size());
    m.memoryUsedBytes = data_.memoryBytes();
    m.customMetrics["loadedMapCacheHitCount"] = core_->cacheHits;
    m.customMetrics["loadedMapCacheMissCount"] = core_->cacheMisses;
    m.customMetrics["stateOnCurrentVersionSizeBytes"] = m.memoryUsedBytes;
    return m;
  }

  // The delta holds the final value of each key put in this batch and a removal for each key
  // that existed before it and is gone now.
  Status writeDelta(int64_t newVersion) {
    const std::string& dir = core_->dir;
    // A snapshot of this version left by an earlier run of the batch would shadow the new delta.
    std::remove(versionFile(dir, newVersion, ".snapshot").c_str());
    auto opened = Lz4FileWriter::open(versionFile(dir, newVersion, ".delta"));
    if (!opened.ok()) return opened.error();
    Lz4FileWriter& writer = *opened.value();
    for (const UndoRecord& record : undo_) {
      const std::string& key = record.keyRef != nullptr ? *record.keyRef : record.key;
      auto it = data_.map.find(key);
      if (it != data_.map.end()) {
        if (it->second.epoch != epoch_) continue;  // written already
        it->second.epoch = 0;
        writer.writeInt32(static_cast<int32_t>(key.size()));
        writer.write(key);
        writer.writeInt32(static_cast<int32_t>(it->second.value.size()));
        writer.write(it->second.value);
      } else if (record.old.has_value()) {
        writer.writeInt32(static_cast<int32_t>(key.size()));
        writer.write(key);
        writer.writeInt32(-1);
      }
    }
    writer.writeInt32(-1);
    return writer.finish();
  }

  // Undoes the records newest first, which restores each key to its state before the batch.
  void rollback() {
    for (auto record = undo_.rbegin(); record != undo_.rend(); ++record) {
      if (record->keyRef != nullptr) {
        auto it = data_.map.find(*record->keyRef);
        SPATE_CHECK(it != data_.map.end(), "undo record references a missing entry");
        data_.valueBytes -= static_cast<int64_t>(it->second.value.size());
        if (record->old.has_value()) {
          data_.valueBytes += static_cast<int64_t>(record->old->size());
          it->second.value = std::move(*record->old);
          it->second.epoch = 0;
        } else {
          data_.keyBytes -= static_cast<int64_t>(it->first.size());
          data_.map.erase(it);
        }
        continue;
      }
      auto it = data_.map.find(record->key);
      if (it != data_.map.end()) {
        data_.keyBytes -= static_cast<int64_t>(it->first.size());
        data_.valueBytes -= static_cast<int64_t>(it->second.value.size());
        data_.map.erase(it);
      }
      if (record->old.has_value()) {
        data_.keyBytes += static_cast<int64_t>(record->key.size());
        data_.valueBytes += static_cast<int64_t>(record->old->size());
        data_.map.emplace(std::move(record->key), Entry{std::move(*record->old)});
      }
    }
    undo_ = {};
  }

  std::shared_ptr<ProviderCore> core_;
  VersionData& data_;
  const int64_t version_;
  const uint32_t epoch_;
  std::vector<UndoRecord> undo_;
  bool finished_ = false;
  std::optional<StateStoreMetrics> committedMetrics_;
};

class HdfsStateStoreProvider final : public StateStoreProvider {
 public:
  HdfsStateStoreProvider(const StateStoreId& id, const StateStoreConf& conf)
      : core_(std::make_shared<ProviderCore>()) {
    core_->id = id;
    core_->conf = conf;
    core_->dir = id.directory();
    core_->description = "HDFSStateStoreProvider[id = (op=" + std::to_string(id.operatorId) +
                         ",part=" + std::to_string(id.partitionId) + "),dir = " + core_->dir + "]";
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
    // Like Spark, version 0 (the empty map) counts neither as a hit nor as a miss.
    if (core_->loadedVersion == version) {
      if (version > 0) ++core_->cacheHits;
    } else {
      if (version > 0) ++core_->cacheMisses;
      auto loaded = core_->load(version);
      if (!loaded.ok()) return loaded.error();
      core_->data = std::move(loaded).value();
      core_->loadedVersion = version;
    }
    if (core_->epoch == std::numeric_limits<uint32_t>::max()) {
      for (auto& [key, entry] : core_->data.map) entry.epoch = 0;
      core_->epoch = 0;
    }
    core_->storeActive = true;
    return std::unique_ptr<StateStore>(
        std::make_unique<HdfsStateStore>(core_, version, ++core_->epoch));
  }

  void doMaintenance() override {
    // Errors are not fatal here (Spark logs them): the next maintenance retries.
    std::lock_guard lock(core_->mutex);
    StoreFiles files = listStoreFiles(core_->dir);
    const int64_t version = core_->loadedVersion;
    if (!core_->storeActive && version > 0 && !files.snapshots.contains(version)) {
      const int64_t base = files.snapshotAtOrBefore(version);
      const auto deltas =
          std::distance(files.deltas.upper_bound(base), files.deltas.upper_bound(version));
      // Spark snapshots when more than minDeltasForSnapshot deltas follow the last snapshot.
      if (deltas > core_->conf.minDeltasForSnapshot && core_->writeSnapshot(version).ok()) {
        files.snapshots.insert(version);
      }
    }
    core_->cleanup(files);
    if (!core_->storeActive) {
      // Temp files of writes that died midway (only a commit in flight writes one otherwise).
      for (const std::string& name : listDirectory(core_->dir)) {
        if (name.starts_with(".") && name.ends_with(".tmp")) {
          std::remove((core_->dir + "/" + name).c_str());
        }
      }
    }
  }

 private:
  std::shared_ptr<ProviderCore> core_;
};

}  // namespace

std::unique_ptr<StateStoreProvider> makeHdfsStateStoreProvider(const StateStoreId& id,
                                                               const StateStoreConf& conf) {
  return std::make_unique<HdfsStateStoreProvider>(id, conf);
}

}  // namespace spate::state
