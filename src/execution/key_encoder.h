#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "vector/buffer.h"
#include "vector/column.h"

namespace spate {

/// Group and join keys encoded as comparable byte strings: per key column a null flag, then the
/// value's bytes (doubles normalised so -0.0 = 0.0 and every NaN is one NaN, as Spark groups them;
/// strings length-prefixed; nested values recursively). Equal keys ⇔ equal bytes.
struct EncodedKeys {
  Buffer bytes;
  std::vector<uint32_t> offsets;  ///< size rows + 1
  std::vector<uint64_t> hashes;
  /// Rows whose key has a NULL part (joins never match them).
  std::vector<uint8_t> hasNull;

  std::string_view key(size_t i) const {
    return {reinterpret_cast<const char*>(bytes.data()) + offsets[i], offsets[i + 1] - offsets[i]};
  }
  size_t size() const { return hashes.size(); }
};

/// Encodes the keys of `rows` (physical row indices) of `columns`. `nullMask` bit i set forces key
/// column i to NULL (rolled-up columns of grouping sets).
void encodeKeys(std::span<const ColumnPtr> columns, std::span<const uint32_t> rows, EncodedKeys& out,
                uint64_t nullMask = 0);

uint64_t hashBytes(std::string_view bytes);

/// Open-addressing map from encoded key bytes to dense ids 0, 1, 2, … in insertion order.
class KeyTable {
 public:
  KeyTable();
  /// The id of `key`, inserting it (with the next id) if new; `inserted` tells which.
  uint32_t findOrInsert(std::string_view key, uint64_t hash, bool& inserted);
  /// The id of `key`, or UINT32_MAX.
  uint32_t find(std::string_view key, uint64_t hash) const;
  size_t size() const { return keyOffsets_.size() - 1; }
  std::string_view keyOf(uint32_t id) const {
    return {reinterpret_cast<const char*>(keys_.data()) + keyOffsets_[id], keyOffsets_[id + 1] - keyOffsets_[id]};
  }
  uint64_t hashOf(uint32_t id) const { return hashes_[id]; }

 private:
  void grow();
  struct Slot {
    uint64_t hash;
    uint32_t id;  // UINT32_MAX = empty
  };
  std::vector<Slot> slots_;
  size_t mask_;
  Buffer keys_;
  std::vector<uint64_t> keyOffsets_;
  std::vector<uint64_t> hashes_;
};

}  // namespace spate

namespace spate {

/// Open-addressing map from a 64-bit integer key to dense ids, for the common single integral
/// group key (no encoding, no byte comparison). NULL is kept as a separate id.
class IntKeyTable {
 public:
  IntKeyTable() : slots_(16, Slot{0, UINT32_MAX}), mask_(15) {}
  uint32_t findOrInsert(int64_t key, bool& inserted) {
    size_t pos = hash(key) & mask_;
    for (;;) {
      Slot& s = slots_[pos];
      if (s.id == UINT32_MAX) break;
      if (s.key == key) {
        inserted = false;
        return s.id;
      }
      pos = (pos + 1) & mask_;
    }
    uint32_t id = static_cast<uint32_t>(keys_.size() + (nullId_ != UINT32_MAX));
    slots_[pos] = {key, id};
    keys_.push_back(key);
    ids_.push_back(id);
    inserted = true;
    if (keys_.size() * 2 > slots_.size()) grow();
    return id;
  }
  uint32_t nullId(bool& inserted, uint32_t nextId) {
    inserted = nullId_ == UINT32_MAX;
    if (inserted) nullId_ = nextId;
    return nullId_;
  }
  /// Keys in insertion order with their ids (the null id is separate).
  const std::vector<int64_t>& keys() const { return keys_; }
  const std::vector<uint32_t>& ids() const { return ids_; }
  uint32_t nullIdOrNone() const { return nullId_; }

 private:
  static uint64_t hash(int64_t key) {
    uint64_t h = static_cast<uint64_t>(key) * 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 29);
  }
  void grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(old.size() * 2, Slot{0, UINT32_MAX});
    mask_ = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.id == UINT32_MAX) continue;
      size_t pos = hash(s.key) & mask_;
      while (slots_[pos].id != UINT32_MAX) pos = (pos + 1) & mask_;
      slots_[pos] = s;
    }
  }
  struct Slot {
    int64_t key;
    uint32_t id;
  };
  std::vector<Slot> slots_;
  size_t mask_;
  std::vector<int64_t> keys_;
  std::vector<uint32_t> ids_;
  uint32_t nullId_ = UINT32_MAX;
};

}  // namespace spate
