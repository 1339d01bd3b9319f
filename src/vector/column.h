#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "types/data_type.h"
#include "vector/buffer.h"
#include "vector/value.h"

namespace spate {

class Column;
using ColumnPtr = std::shared_ptr<const Column>;

/// An immutable column of one Spark type.
///
/// Physical layout by type:
/// - fixed width (boolean as one byte, integers, float/double, date int32, timestamp int64,
///   decimal Int128, interval {int32 months, int32 days, int64 micros}): `data` holds the values;
/// - string/binary: `offsets` (size+1 int32) into `chars`;
/// - array: `offsets` into child 0; map: `offsets` into child 0 (keys) and child 1 (values);
/// - struct: one child per field, each of the same size as the struct column.
/// `validity` is a bitmap (bit set = value present); an empty bitmap means no nulls.
class Column {
 public:
  Column(TypePtr type, int64_t size) : type_(std::move(type)), size_(size) {}

  const TypePtr& type() const { return type_; }
  TypeId typeId() const { return type_->id(); }
  int64_t size() const { return size_; }

  bool mayHaveNulls() const { return !validity_.empty(); }
  bool isNull(int64_t i) const {
    return !validity_.empty() && !((validity_.as<uint64_t>()[i >> 6] >> (i & 63)) & 1);
  }
  bool isValid(int64_t i) const { return !isNull(i); }
  const uint64_t* validityBits() const { return validity_.empty() ? nullptr : validity_.as<uint64_t>(); }
  int64_t nullCount() const;

  template <typename T>
  const T* values() const { return data_.as<T>(); }
  template <typename T>
  T valueAt(int64_t i) const { return data_.as<T>()[i]; }

  const int32_t* offsets() const { return offsets_.as<int32_t>(); }
  std::string_view stringAt(int64_t i) const {
    const int32_t* o = offsets_.as<int32_t>();
    return {reinterpret_cast<const char*>(chars_.data()) + o[i], static_cast<size_t>(o[i + 1] - o[i])};
  }
  /// Start and length of array/map element i within the child column(s).
  int64_t listStart(int64_t i) const { return offsets_.as<int32_t>()[i]; }
  int64_t listLength(int64_t i) const {
    return offsets_.as<int32_t>()[i + 1] - offsets_.as<int32_t>()[i];
  }
  const ColumnPtr& child(size_t i) const { return children_[i]; }
  size_t numChildren() const { return children_.size(); }

  /// Row-at-a-time access for slow paths (literals, collect, tests).
  Value valueAt(int64_t i) const;

  // Construction: builders and kernels fill these before the column is shared.
  Buffer& mutableData() { return data_; }
  Buffer& mutableOffsets() { return offsets_; }
  Buffer& mutableChars() { return chars_; }
  Buffer& mutableValidity() { return validity_; }
  std::vector<ColumnPtr>& mutableChildren() { return children_; }
  const Buffer& dataBuffer() const { return data_; }
  const Buffer& charsBuffer() const { return chars_; }
  const Buffer& validityBuffer() const { return validity_; }
  void setSize(int64_t size) { size_ = size; }
  /// Marks row i null, creating the bitmap (all valid) on first use.
  void setNull(int64_t i);
  /// Drops the bitmap if every row is valid.
  void compactValidity();

 private:
  TypePtr type_;
  int64_t size_;
  Buffer validity_;
  Buffer data_;
  Buffer offsets_;
  Buffer chars_;
  std::vector<ColumnPtr> children_;
};

/// Bitmap helpers over 64-bit words.
inline size_t bitmapWords(int64_t bits) { return static_cast<size_t>((bits + 63) >> 6); }
inline bool testBit(const uint64_t* bits, int64_t i) { return (bits[i >> 6] >> (i & 63)) & 1; }
inline void setBit(uint64_t* bits, int64_t i) { bits[i >> 6] |= uint64_t{1} << (i & 63); }
inline void clearBit(uint64_t* bits, int64_t i) { bits[i >> 6] &= ~(uint64_t{1} << (i & 63)); }

/// Appends values to a new column. Nested types append into `child(i)` and then close the row with
/// `endList()` (array/map) or `endStruct()` (struct).
class ColumnBuilder {
 public:
  explicit ColumnBuilder(TypePtr type, int64_t expectedRows = 0);
  ColumnBuilder(ColumnBuilder&&) = default;

  const TypePtr& type() const { return type_; }
  int64_t size() const { return size_; }
  void reserve(int64_t rows);

  void appendNull();
  void appendBool(bool v) { appendFixed<uint8_t>(v ? 1 : 0); }
  void appendByte(int8_t v) { appendFixed(v); }
  void appendShort(int16_t v) { appendFixed(v); }
  void appendInt(int32_t v) { appendFixed(v); }
  void appendLong(int64_t v) { appendFixed(v); }
  void appendFloat(float v) { appendFixed(v); }
  void appendDouble(double v) { appendFixed(v); }
  void appendDecimal(Int128 v) { appendFixed(v); }
  void appendInterval(const Interval& v) { appendFixed(v); }
  /// Appends any integral, date or timestamp value, narrowing to the column's width.
  void appendIntegral(int64_t v);
  void appendString(std::string_view v);
  /// Appends a row of a fixed-width type from raw bytes of the right width.
  template <typename T>
  void appendFixed(T v) {
    data_.push(v);
    if (!validity_.empty()) growValidity(true);
    ++size_;
  }

  ColumnBuilder& child(size_t i) { return children_[i]; }
  /// Closes an array/map row whose elements were appended to the child builder(s).
  void endList();
  /// Closes a struct row whose fields were appended to the child builders.
  void endStruct();

  /// Slow path: appends a Value of this builder's type.
  void appendValue(const Value& value);
  /// Appends row `i` of `column` (same type).
  void appendFrom(const Column& column, int64_t i);

  ColumnPtr finish();

 private:
  void growValidity(bool valid);
  TypePtr type_;
  int64_t size_ = 0;
  Buffer validity_;
  Buffer data_;
  Buffer offsets_;
  Buffer chars_;
  std::vector<ColumnBuilder> children_;
};

/// Creates a column of `n` copies of `value`.
ColumnPtr makeConstantColumn(const TypePtr& type, const Value& value, int64_t n);
/// Creates an all-null column.
ColumnPtr makeNullColumn(const TypePtr& type, int64_t n);
/// Builds a column from values (tests and createDataFrame).
ColumnPtr makeColumn(const TypePtr& type, const std::vector<Value>& values);

/// Marker index meaning "a null row" in gather indices (outer joins).
constexpr uint32_t kNullIndex = UINT32_MAX;

/// New column holding rows `indices` of `column`, in that order; kNullIndex yields null.
ColumnPtr gatherColumn(const ColumnPtr& column, std::span<const uint32_t> indices);
/// Rows of several columns of one type, end to end.
ColumnPtr concatColumns(const TypePtr& type, std::span<const ColumnPtr> columns);
/// Rows [offset, offset + length) of a column.
ColumnPtr sliceColumn(const ColumnPtr& column, int64_t offset, int64_t length);

}  // namespace spate
