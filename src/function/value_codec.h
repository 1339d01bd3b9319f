#pragma once

// A compact byte encoding of column values for aggregate states that must own arbitrary values
// (collect_list, collect_set, DISTINCT sets, min_by/max_by): equal values encode to equal bytes,
// so a set of values is a set of byte strings. Layout: a tag byte (0 = NULL, 1 = value), then
// fixed-width values as their raw little-endian bytes, strings/binary as a uint32 length and the
// bytes, arrays and maps as a uint32 count and their tagged elements (keys and values
// alternating), structs as their tagged fields.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vector/column.h"

namespace spate::agg {

/// Appends row `row` of `column`. With `normalize`, -0.0 is written as 0.0 and every NaN as the
/// same NaN, Spark's grouping equality for floating point (collect_set, DISTINCT).
void encodeValue(const Column& column, int64_t row, bool normalize, std::string& out);
/// Appends a Value of `type`.
void encodeValue(const Value& value, const DataType& type, bool normalize, std::string& out);
/// Decodes the value at `pos` (advanced past it) and appends it to `out`, whose type is the
/// encoded value's type.
void decodeValue(std::string_view bytes, size_t& pos, ColumnBuilder& out);
/// Decodes the value at `pos` (advanced past it) as a Value of `type`.
Value decodeValue(std::string_view bytes, size_t& pos, const DataType& type);

/// A list of byte strings stored end to end.
class EncodedValues {
 public:
  size_t size() const { return ends_.size(); }
  std::string_view operator[](size_t i) const {
    size_t start = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(bytes_).substr(start, ends_[i] - start);
  }
  void add(std::string_view value) {
    bytes_.append(value);
    ends_.push_back(bytes_.size());
  }
  size_t byteSize() const { return bytes_.size(); }

 private:
  std::string bytes_;
  std::vector<size_t> ends_;
};

/// Distinct byte strings in insertion order (open addressing over EncodedValues).
class KeySet {
 public:
  /// Adds `key` unless present; true if it was added.
  bool insert(std::string_view key) { return emplace(key).second; }
  /// Adds `key` unless present: its index, and whether it was added.
  std::pair<size_t, bool> emplace(std::string_view key);
  size_t size() const { return keys_.size(); }
  std::string_view operator[](size_t i) const { return keys_[i]; }

 private:
  void grow();
  EncodedValues keys_;
  std::vector<uint64_t> hashes_;
  std::vector<uint32_t> slots_;  // key index + 1; 0 = empty
};

}  // namespace spate::agg
