// The in-memory provider's files: delta/snapshot format (decoded here independently with the raw
// LZ4 frame API), snapshots and cleanup, corrupt files, cache metrics.

#include "state/hdfs_state_store.h"

#include <gtest/gtest.h>
#include <lz4frame.h>

#include <cstring>
#include <fstream>
#include <iterator>

#include "state/state_test_support.h"

namespace spate::state {
namespace {

using testing::Content;
using testing::contentOf;
using testing::filesIn;
using testing::load;
using testing::TempDir;

// A record as the files hold it; no value = removal.
struct Record {
  std::string key;
  std::optional<std::string> value;
  bool operator<(const Record& o) const { return key < o.key; }
  bool operator==(const Record& o) const = default;
};

std::string readBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeBytes(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string decompress(const std::string& compressed) {
  LZ4F_dctx* ctx = nullptr;
  EXPECT_FALSE(LZ4F_isError(LZ4F_createDecompressionContext(&ctx, LZ4F_VERSION)));
  std::string out;
  size_t pos = 0;
  size_t hint = 1;
  while (hint != 0 && pos < compressed.size()) {
    char buffer[65536];
    size_t dst = sizeof(buffer);
    size_t src = compressed.size() - pos;
    hint = LZ4F_decompress(ctx, buffer, &dst, compressed.data() + pos, &src, nullptr);
    EXPECT_FALSE(LZ4F_isError(hint)) << LZ4F_getErrorName(hint);
    if (LZ4F_isError(hint)) break;
    out.append(buffer, dst);
    pos += src;
  }
  EXPECT_EQ(hint, 0u) << "frame incomplete";
  EXPECT_EQ(pos, compressed.size()) << "bytes after the frame";
  LZ4F_freeDecompressionContext(ctx);
  return out;
}

std::string compress(const std::string& raw, bool checksum = false) {
  LZ4F_preferences_t prefs;
  std::memset(&prefs, 0, sizeof(prefs));
  prefs.frameInfo.blockSizeID = LZ4F_max64KB;
  prefs.frameInfo.blockMode = LZ4F_blockIndependent;
  prefs.frameInfo.contentChecksumFlag =
      checksum ? LZ4F_contentChecksumEnabled : LZ4F_noContentChecksum;
  std::string out(LZ4F_compressFrameBound(raw.size(), &prefs), '\0');
  const size_t n = LZ4F_compressFrame(out.data(), out.size(), raw.data(), raw.size(), &prefs);
  EXPECT_FALSE(LZ4F_isError(n));
  out.resize(n);
  return out;
}

std::string int32be(int32_t v) {
  const auto u = static_cast<uint32_t>(v);
  return {static_cast<char>(u >> 24), static_cast<char>(u >> 16), static_cast<char>(u >> 8),
          static_cast<char>(u)};
}

int32_t readInt32(const std::string& bytes, size_t& pos) {
  EXPECT_LE(pos + 4, bytes.size());
  uint32_t u = 0;
  for (int i = 0; i < 4; ++i) u = (u << 8) | static_cast<unsigned char>(bytes[pos + i]);
  pos += 4;
  return static_cast<int32_t>(u);
}

std::string encode(const std::vector<Record>& records, bool terminate = true) {
  std::string raw;
  for (const Record& r : records) {
    raw += int32be(static_cast<int32_t>(r.key.size())) + r.key;
    raw += r.value ? int32be(static_cast<int32_t>(r.value->size())) + *r.value : int32be(-1);
  }
  if (terminate) raw += int32be(-1);
  return raw;
}

// The records of a store file, sorted by key.
std::vector<Record> recordsOf(const std::string& path) {
  const std::string compressed = readBytes(path);
  EXPECT_GE(compressed.size(), 4u);
  EXPECT_EQ(compressed.substr(0, 4), std::string("\x04\x22\x4d\x18", 4)) << "LZ4 frame magic";
  const std::string raw = decompress(compressed);
  std::vector<Record> records;
  size_t pos = 0;
  for (;;) {
    const int32_t keyLen = readInt32(raw, pos);
    if (keyLen == -1 || ::testing::Test::HasFailure()) break;
    Record r{raw.substr(pos, static_cast<size_t>(keyLen)), std::nullopt};
    pos += static_cast<size_t>(keyLen);
    const int32_t valueLen = readInt32(raw, pos);
    if (valueLen >= 0) {
      r.value = raw.substr(pos, static_cast<size_t>(valueLen));
      pos += static_cast<size_t>(valueLen);
    } else {
      EXPECT_EQ(valueLen, -1);
    }
    records.push_back(std::move(r));
  }
  EXPECT_EQ(pos, raw.size()) << "bytes after the end marker";
  std::sort(records.begin(), records.end());
  return records;
}

class HdfsStateStoreTest : public ::testing::Test {
 protected:
  StateStoreId id() const { return StateStoreId{dir_.path(), 0, 4}; }
  std::string storeDir() const { return id().directory(); }
  std::string file(const std::string& name) const { return storeDir() + "/" + name; }
  std::unique_ptr<StateStoreProvider> newProvider(StateStoreConf conf = {}) const {
    return makeHdfsStateStoreProvider(id(), conf);
  }
  static std::unique_ptr<StateStore> open(StateStoreProvider& provider, int64_t version) {
    auto store = provider.getStore(version);
    EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error().message);
    return store.ok() ? std::move(store).value() : nullptr;
  }
  static void commit(StateStore& store) {
    auto version = store.commit();
    ASSERT_TRUE(version.ok()) << version.error().message;
  }
  Error loadError(int64_t version) const {
    auto store = newProvider()->getStore(version);
    EXPECT_FALSE(store.ok());
    return store.ok() ? Error{} : store.error();
  }

  TempDir dir_;
};

TEST_F(HdfsStateStoreTest, DeltaFileHoldsTheBatchChanges) {
  auto provider = newProvider();
  auto store = open(*provider, 0);
  store->put("a", "1");
  store->put("b", "22");
  store->put("c", "333");
  store->put("c", "3");
  commit(*store);
  EXPECT_EQ(filesIn(storeDir()), (std::vector<std::string>{"1.delta"}));
  EXPECT_EQ(recordsOf(file("1.delta")), (std::vector<Record>{{"a", "1"}, {"b", "22"}, {"c", "3"}}));

  store = open(*provider, 1);
  store->put("a", "1x");
  store->remove("b");
  store->put("d", "new");
  store->remove("d");
  store->remove("never-there");
  store->remove("c");
  store->put("c", "back");
  commit(*store);
  EXPECT_EQ(recordsOf(file("2.delta")),
            (std::vector<Record>{{"a", "1x"}, {"b", std::nullopt}, {"c", "back"}}));

  // Exact bytes of a one-record delta.
  store = open(*provider, 2);
  store->put("k", "v");
  commit(*store);
  EXPECT_EQ(decompress(readBytes(file("3.delta"))),
            std::string("\0\0\0\x01k\0\0\0\x01v\xff\xff\xff\xff", 14));

  // A batch without changes still writes its (empty) delta.
  store = open(*provider, 3);
  commit(*store);
  EXPECT_EQ(decompress(readBytes(file("4.delta"))), std::string("\xff\xff\xff\xff"));
  EXPECT_EQ(filesIn(storeDir()),
            (std::vector<std::string>{"1.delta", "2.delta", "3.delta", "4.delta"}));
}

TEST_F(HdfsStateStoreTest, AbortWritesNothing) {
  auto provider = newProvider();
  auto store = open(*provider, 0);
  store->put("a", "1");
  store->abort();
  EXPECT_TRUE(filesIn(storeDir()).empty());
}

TEST_F(HdfsStateStoreTest, ReadsFilesWrittenByOthers) {
  std::filesystem::create_directories(storeDir());
  // Other frame settings than ours (independent 64 KiB blocks, no checksum), duplicate puts and
  // the removal of a key that does not exist.
  writeBytes(file("1.delta"),
             compress(encode({{"x", "1"}, {"y", "2"}, {"x", "3"}, {"y", {}}, {"zz", {}}})));
  writeBytes(file("2.delta"), compress(encode({{"z", "9"}}), /*checksum=*/true));
  // Version 3 has only a snapshot, version 4 a delta on top of it.
  writeBytes(file("3.snapshot"), compress(encode({{"s", "1"}, {"t", "0"}})));
  writeBytes(file("4.delta"), compress(encode({{"t", "2"}, {"u", "3"}})));
  auto provider = newProvider();
  EXPECT_EQ(load(*provider, 1), (Content{{"x", "3"}}));
  EXPECT_EQ(load(*provider, 2), (Content{{"x", "3"}, {"z", "9"}}));
  EXPECT_EQ(load(*provider, 3), (Content{{"s", "1"}, {"t", "0"}}));
  EXPECT_EQ(load(*provider, 4), (Content{{"s", "1"}, {"t", "2"}, {"u", "3"}}));
}

TEST_F(HdfsStateStoreTest, SnapshotsAndCleanupFollowSpark) {
  StateStoreConf conf;
  conf.minDeltasForSnapshot = 2;
  conf.minVersionsToRetain = 3;
  std::map<int64_t, Content> versions;
  {
    auto provider = newProvider(conf);
    Content content;
    for (int64_t v = 1; v <= 10; ++v) {
      auto store = open(*provider, v - 1);
      const std::string key = "key" + std::to_string(v);
      store->put(key, "value" + std::to_string(v));
      content[key] = "value" + std::to_string(v);
      if (v % 2 == 0) {
        store->remove("key" + std::to_string(v - 1));
        content.erase("key" + std::to_string(v - 1));
      }
      commit(*store);
      versions[v] = content;
      provider->doMaintenance();
      // A snapshot when more than 2 deltas follow the last one (Spark's rule); files older than
      // what loads version latest - 3 are deleted.
      if (v == 3) {
        EXPECT_EQ(filesIn(storeDir()),
                  (std::vector<std::string>{"1.delta", "2.delta", "3.delta", "3.snapshot"}));
      }
      if (v == 5) {
        EXPECT_EQ(filesIn(storeDir()),
                  (std::vector<std::string>{"1.delta", "2.delta", "3.delta", "3.snapshot",
                                            "4.delta", "5.delta"}));
      }
      if (v == 6) {
        EXPECT_EQ(filesIn(storeDir()),
                  (std::vector<std::string>{"3.delta", "3.snapshot", "4.delta", "5.delta",
                                            "6.delta", "6.snapshot"}));
      }
    }
  }
  EXPECT_EQ(filesIn(storeDir()),
            (std::vector<std::string>{"10.delta", "6.delta", "6.snapshot", "7.delta", "8.delta",
                                      "9.delta", "9.snapshot"}));
  // A snapshot holds every entry of its version.
  std::vector<Record> expected;
  for (const auto& [k, v] : versions[9]) expected.push_back({k, v});
  EXPECT_EQ(recordsOf(file("9.snapshot")), expected);
  // Version 9 loads from its snapshot alone.
  std::filesystem::remove(file("7.delta"));
  std::filesystem::remove(file("8.delta"));
  std::filesystem::remove(file("9.delta"));
  auto provider = newProvider(conf);
  EXPECT_EQ(load(*provider, 9), versions[9]);
  EXPECT_EQ(load(*provider, 10), versions[10]);
  EXPECT_EQ(load(*provider, 6), versions[6]);
  auto missing = provider->getStore(7);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find(file("7.delta") + " does not exist"), std::string::npos)
      << missing.error().message;
}

TEST_F(HdfsStateStoreTest, MissingFileMessageIsSparks) {
  auto provider = newProvider();
  auto store = open(*provider, 0);
  store->put("a", "1");
  commit(*store);
  const Error error = loadError(2);
  EXPECT_EQ(error.domain, ErrorDomain::kExternal);
  EXPECT_EQ(error.message,
            "[CANNOT_LOAD_STATE_STORE.CANNOT_READ_DELTA_FILE_NOT_EXISTS] An error occurred during "
            "loading state. Error reading delta file " +
                file("2.delta") + " of HDFSStateStoreProvider[id = (op=0,part=4),dir = " +
                storeDir() + "]: " + file("2.delta") + " does not exist.");
}

TEST_F(HdfsStateStoreTest, CorruptFilesAreInternalErrors) {
  std::filesystem::create_directories(storeDir());
  auto expectCorrupt = [&](const std::string& name, std::string_view bytes,
                           const std::string& expectedText) {
    writeBytes(file(name), bytes);
    const int64_t version = std::stoll(name);
    const Error error = loadError(version);
    EXPECT_EQ(error.domain, ErrorDomain::kInternal) << name << ": " << error.message;
    EXPECT_NE(error.message.find("[CANNOT_LOAD_STATE_STORE."), std::string::npos) << error.message;
    EXPECT_NE(error.message.find(file(name)), std::string::npos) << error.message;
    EXPECT_NE(error.message.find(expectedText), std::string::npos) << error.message;
    std::filesystem::remove(file(name));
  };
  const std::string good = compress(encode({{"a", "1"}, {"b", "2"}}), /*checksum=*/true);
  expectCorrupt("1.delta", good.substr(0, good.size() - 5), "truncated");
  expectCorrupt("1.delta", "this is not lz4", "Error reading delta file");
  for (size_t at : {size_t{13}, good.size() - 6, good.size() - 1}) {  // data, end mark, checksum
    std::string flipped = good;
    flipped[at] ^= 0x55;
    expectCorrupt("1.delta", flipped, "Error reading delta file");
  }
  expectCorrupt("1.delta", compress(int32be(-5)),
                "CANNOT_READ_DELTA_FILE_KEY_SIZE] An error occurred during loading state. Error "
                "reading delta file");
  expectCorrupt("1.delta", compress(int32be(-5)), ": key size cannot be -5.");
  expectCorrupt("1.delta", compress(encode({{"a", "1"}}, /*terminate=*/false)),
                "unexpected end of data");
  expectCorrupt("1.delta", compress(encode({{"a", "1"}}) + "extra"), "data after the end marker");
  expectCorrupt("1.delta", compress(encode({{"a", "1"}})) + "extra", "data after the LZ4 frame");
  expectCorrupt("1.snapshot", compress(encode({{"a", {}}})),
                "CANNOT_READ_SNAPSHOT_FILE_VALUE_SIZE] An error occurred during loading state. "
                "Error reading snapshot file");
  expectCorrupt("1.snapshot", compress(int32be(-7)), "CANNOT_READ_SNAPSHOT_FILE_KEY_SIZE");
}

TEST_F(HdfsStateStoreTest, LatestVersionComesFromMemory) {
  auto provider = newProvider();
  auto store = open(*provider, 0);
  store->put("a", "1");
  commit(*store);
  StateStoreMetrics metrics = store->metrics();
  EXPECT_EQ(metrics.customMetrics.at("loadedMapCacheHitCount"), 0);
  EXPECT_EQ(metrics.customMetrics.at("loadedMapCacheMissCount"), 0);
  // The next batch does not read files: they could be gone.
  std::filesystem::remove(file("1.delta"));
  store = open(*provider, 1);
  EXPECT_EQ(store->get("a"), "1");
  store->put("b", "2");
  commit(*store);
  metrics = store->metrics();
  EXPECT_EQ(metrics.customMetrics.at("loadedMapCacheHitCount"), 1);
  EXPECT_EQ(metrics.customMetrics.at("loadedMapCacheMissCount"), 0);
  store = open(*provider, 2);
  metrics = store->metrics();
  EXPECT_EQ(metrics.customMetrics.at("loadedMapCacheHitCount"), 2);
  store->abort();
  // A reload (an older version) is a miss; the version it loaded is then cached.
  auto old = provider->getStore(1);
  ASSERT_FALSE(old.ok());  // 1.delta is gone
  writeBytes(file("1.delta"), compress(encode({{"a", "1"}})));
  EXPECT_EQ(load(*provider, 1), (Content{{"a", "1"}}));
  store = open(*provider, 1);
  metrics = store->metrics();
  EXPECT_EQ(metrics.customMetrics.at("loadedMapCacheHitCount"), 3);
  EXPECT_EQ(metrics.customMetrics.at("loadedMapCacheMissCount"), 2);
}

TEST_F(HdfsStateStoreTest, MemoryMetrics) {
  auto provider = newProvider();
  auto store = open(*provider, 0);
  const StateStoreMetrics empty = store->metrics();
  EXPECT_EQ(empty.numKeys, 0);
  int64_t dataBytes = 0;
  for (int i = 0; i < 1000; ++i) {
    const std::string key = "key" + std::to_string(i);
    const std::string value(100, 'v');
    store->put(key, value);
    dataBytes += static_cast<int64_t>(key.size() + value.size());
  }
  commit(*store);
  const StateStoreMetrics metrics = store->metrics();
  EXPECT_EQ(metrics.numKeys, 1000);
  // key and value bytes plus a per-entry overhead, within reason.
  EXPECT_GT(metrics.memoryUsedBytes, dataBytes + 1000 * 32);
  EXPECT_LT(metrics.memoryUsedBytes, dataBytes + 1000 * 300);
  EXPECT_EQ(metrics.customMetrics.at("stateOnCurrentVersionSizeBytes"), metrics.memoryUsedBytes);
  // Removing everything gives the memory back (the bucket array aside).
  store = open(*provider, 1);
  for (int i = 0; i < 1000; ++i) store->remove("key" + std::to_string(i));
  commit(*store);
  EXPECT_EQ(store->metrics().numKeys, 0);
  EXPECT_LT(store->metrics().memoryUsedBytes, 1000 * 32);
  // An aborted batch leaves the numbers of its version.
  store = open(*provider, 2);
  const int64_t before = store->metrics().memoryUsedBytes;
  store->put("x", std::string(5000, 'x'));
  EXPECT_GT(store->metrics().memoryUsedBytes, before + 5000);
  store->abort();
  store = open(*provider, 2);
  EXPECT_EQ(store->metrics().memoryUsedBytes, before);
}

TEST_F(HdfsStateStoreTest, TempFilesAreIgnoredAndCleaned) {
  std::filesystem::create_directories(storeDir());
  writeBytes(file(".1.delta.0123abcd.tmp"), "partial");
  writeBytes(file(".2.snapshot.99.tmp"), "partial");
  writeBytes(file("notes.txt"), "not ours");
  writeBytes(file("x.delta"), "not a version");
  auto provider = newProvider();
  auto store = open(*provider, 0);
  store->put("a", "1");
  commit(*store);
  EXPECT_EQ(load(*provider, 1), (Content{{"a", "1"}}));
  EXPECT_EQ(load(*newProvider(), 1), (Content{{"a", "1"}}));
  provider->doMaintenance();
  EXPECT_EQ(filesIn(storeDir()), (std::vector<std::string>{"1.delta", "notes.txt", "x.delta"}));
}

}  // namespace
}  // namespace spate::state
