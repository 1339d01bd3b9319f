#pragma once

// Internal to the CAST implementation (cast*.cpp): one vectorised kernel per target family. Each
// takes a non-null-typed input column whose type differs from `to`, and returns a column of `to`
// with the input's nulls plus the rows the cast turns into NULL.

#include <cstring>
#include <memory>
#include <string_view>

#include "expression/cast.h"

namespace spate {

ColumnPtr castToStringColumn(const Column& input, const TypePtr& to, const EvalContext& context);
ColumnPtr castStringColumn(const Column& input, const TypePtr& to, const EvalContext& context);
/// Targets boolean, integral, float, double and decimal from non-string sources.
ColumnPtr castToNumericColumn(const Column& input, const TypePtr& to, const EvalContext& context);
/// Timestamp from boolean, numbers and dates; date from timestamps; binary from integers.
ColumnPtr castToDatetimeColumn(const Column& input, const TypePtr& to, const EvalContext& context);

/// A fixed-width output column sharing nothing with its input but a copy of its validity.
inline std::shared_ptr<Column> makeFixedOutput(const Column& input, const TypePtr& to) {
  auto out = std::make_shared<Column>(to, input.size());
  out->mutableData().resize(static_cast<size_t>(input.size()) * to->fixedWidth());
  if (input.mayHaveNulls()) out->mutableValidity() = input.validityBuffer();
  return out;
}

/// A string or binary column under another of those two types (the bytes are kept).
ColumnPtr relabelStringColumn(const Column& input, const TypePtr& to);

/// Appends string rows in order straight into a column's offsets and chars.
class StringColumnWriter {
 public:
  StringColumnWriter(TypePtr type, int64_t rows, size_t expectedBytesPerRow = 8)
      : column_(std::make_shared<Column>(std::move(type), rows)) {
    Buffer& offsets = column_->mutableOffsets();
    offsets.resize(static_cast<size_t>(rows + 1) * sizeof(int32_t));
    offsets.as<int32_t>()[0] = 0;
    column_->mutableChars().reserve(static_cast<size_t>(rows) * expectedBytesPerRow);
  }

  /// Room for `maxBytes` more bytes; write them and call commit(row, written).
  char* reserve(size_t maxBytes) {
    Buffer& chars = column_->mutableChars();
    chars.reserve(chars.size() + maxBytes);
    return reinterpret_cast<char*>(chars.data() + chars.size());
  }
  void commit(int64_t row, size_t written) {
    Buffer& chars = column_->mutableChars();
    chars.resize(chars.size() + written);
    column_->mutableOffsets().as<int32_t>()[row + 1] = static_cast<int32_t>(chars.size());
  }
  void append(int64_t row, std::string_view s) {
    column_->mutableChars().append(s.data(), s.size());
    column_->mutableOffsets().as<int32_t>()[row + 1] =
        static_cast<int32_t>(column_->mutableChars().size());
  }
  void setNull(int64_t row) {
    int32_t* o = column_->mutableOffsets().as<int32_t>();
    o[row + 1] = o[row];
    column_->setNull(row);
  }
  /// Starts the bitmap as a copy of `input`'s (rows must then be written with commit/append, and
  /// null rows with `skipNull`).
  void copyValidity(const Column& input) {
    if (input.mayHaveNulls()) column_->mutableValidity() = input.validityBuffer();
  }
  void skipNull(int64_t row) {
    int32_t* o = column_->mutableOffsets().as<int32_t>();
    o[row + 1] = o[row];
  }
  ColumnPtr finish() { return std::move(column_); }

 private:
  std::shared_ptr<Column> column_;
};

}  // namespace spate
