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
