#include "vector/column.h"

#include <bit>

namespace spate {

int64_t Column::nullCount() const {
  if (validity_.empty()) return 0;
  const uint64_t* bits = validity_.as<uint64_t>();
  int64_t valid = 0;
  int64_t fullWords = size_ >> 6;
  for (int64_t w = 0; w < fullWords; ++w) valid += std::popcount(bits[w]);
  for (int64_t i = fullWords << 6; i < size_; ++i) valid += testBit(bits, i);
  return size_ - valid;
}

void Column::setNull(int64_t i) {
  if (validity_.empty()) {
    validity_.resize(bitmapWords(size_) * 8);
    std::memset(validity_.data(), 0xff, validity_.size());
  }
  clearBit(validity_.as<uint64_t>(), i);
}

void Column::compactValidity() {
  if (!validity_.empty() && nullCount() == 0) validity_ = Buffer();
}

Value Column::valueAt(int64_t i) const {
  if (isNull(i)) return Value::null();
  switch (typeId()) {
    case TypeId::kNull: return Value::null();
    case TypeId::kBoolean: return Value(valueAt<uint8_t>(i) != 0);
    case TypeId::kByte: return Value(int64_t{valueAt<int8_t>(i)});
    case TypeId::kShort: return Value(int64_t{valueAt<int16_t>(i)});
    case TypeId::kInt:
    case TypeId::kDate: return Value(int64_t{valueAt<int32_t>(i)});
    case TypeId::kLong:
    case TypeId::kTimestamp: return Value(valueAt<int64_t>(i));
    case TypeId::kFloat: return Value(double{valueAt<float>(i)});
    case TypeId::kDouble: return Value(valueAt<double>(i));
    case TypeId::kDecimal: return Value(valueAt<Int128>(i));
    case TypeId::kInterval: return Value(valueAt<Interval>(i));
    case TypeId::kString:
    case TypeId::kBinary: return Value(std::string(stringAt(i)));
    case TypeId::kArray: {
      ValueList list;
      for (int64_t k = listStart(i), e = k + listLength(i); k < e; ++k) list.push_back(children_[0]->valueAt(k));
      return Value(std::move(list));
    }
    case TypeId::kMap: {
      ValueMap map;
      for (int64_t k = listStart(i), e = k + listLength(i); k < e; ++k)
        map.emplace_back(children_[0]->valueAt(k), children_[1]->valueAt(k));
      return Value(std::move(map));
    }
    case TypeId::kStruct: {
      ValueList fields;
      for (const auto& c : children_) fields.push_back(c->valueAt(i));
      return Value(std::move(fields));
    }
  }
  return Value::null();
}

ColumnBuilder::ColumnBuilder(TypePtr type, int64_t expectedRows) : type_(std::move(type)) {
  switch (type_->id()) {
    case TypeId::kString:
    case TypeId::kBinary:
      offsets_.push<int32_t>(0);
      break;
    case TypeId::kArray:
      offsets_.push<int32_t>(0);
      children_.emplace_back(type_->element());
      break;
    case TypeId::kMap:
      offsets_.push<int32_t>(0);
      children_.emplace_back(type_->key());
      children_.emplace_back(type_->value());
      break;
    case TypeId::kStruct:
      for (const auto& f : type_->fields()) children_.emplace_back(f.type, expectedRows);
      break;
    default:
      break;
  }
  if (expectedRows > 0) reserve(expectedRows);
}

void ColumnBuilder::reserve(int64_t rows) {
  int w = type_->fixedWidth();
  if (w && type_->id() != TypeId::kNull) data_.reserve(rows * w);
  if (!offsets_.empty()) offsets_.reserve((rows + 1) * 4);
}

void ColumnBuilder::growValidity(bool valid) {
  size_t needed = bitmapWords(size_ + 1) * 8;
  if (validity_.size() < needed) {
    size_t old = validity_.size();
    validity_.resize(needed);
    std::memset(validity_.data() + old, 0, needed - old);
  }
  if (valid) setBit(validity_.as<uint64_t>(), size_);
}

void ColumnBuilder::appendNull() {
  if (validity_.empty()) {
    // First null: every earlier row was valid.
    validity_.resize(bitmapWords(size_ + 1) * 8);
    std::memset(validity_.data(), 0, validity_.size());
    for (int64_t i = 0; i < size_; ++i) setBit(validity_.as<uint64_t>(), i);
  }
  growValidity(false);
  switch (type_->id()) {
    case TypeId::kString:
    case TypeId::kBinary:
      offsets_.push<int32_t>(static_cast<int32_t>(chars_.size()));
      break;
    case TypeId::kArray:
    case TypeId::kMap:
      offsets_.push<int32_t>(static_cast<int32_t>(children_[0].size()));
      break;
    case TypeId::kStruct:
      for (auto& c : children_) c.appendNull();
      break;
    case TypeId::kNull:
      break;
    default: {
      int w = type_->fixedWidth();
      data_.resizeZeroed(data_.size() + w);
    }
  }
  ++size_;
}

void ColumnBuilder::appendIntegral(int64_t v) {
  switch (type_->id()) {
    case TypeId::kByte: appendFixed(static_cast<int8_t>(v)); break;
    case TypeId::kShort: appendFixed(static_cast<int16_t>(v)); break;
    case TypeId::kInt:
    case TypeId::kDate: appendFixed(static_cast<int32_t>(v)); break;
    case TypeId::kBoolean: appendFixed<uint8_t>(v != 0); break;
    default: appendFixed(v); break;
  }
}

void ColumnBuilder::appendString(std::string_view v) {
  chars_.append(v.data(), v.size());
  offsets_.push<int32_t>(static_cast<int32_t>(chars_.size()));
  if (!validity_.empty()) growValidity(true);
  ++size_;
}

void ColumnBuilder::endList() {
  offsets_.push<int32_t>(static_cast<int32_t>(children_[0].size()));
  if (!validity_.empty()) growValidity(true);
  ++size_;
}

void ColumnBuilder::endStruct() {
  if (!validity_.empty()) growValidity(true);
  ++size_;
}

void ColumnBuilder::appendValue(const Value& v) {
  if (v.isNull()) {
    appendNull();
    return;
  }
  switch (type_->id()) {
    case TypeId::kNull: appendNull(); break;
    case TypeId::kBoolean: appendBool(v.asBool()); break;
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kDate:
    case TypeId::kLong:
    case TypeId::kTimestamp: appendIntegral(v.asLong()); break;
    case TypeId::kFloat: appendFloat(static_cast<float>(v.asDouble())); break;
    case TypeId::kDouble: appendDouble(v.asDouble()); break;
    case TypeId::kDecimal: appendDecimal(v.asDecimal()); break;
    case TypeId::kInterval: appendInterval(v.asInterval()); break;
    case TypeId::kString:
    case TypeId::kBinary: appendString(v.asString()); break;
    case TypeId::kArray:
      for (const auto& e : v.asList()) children_[0].appendValue(e);
      endList();
      break;
    case TypeId::kMap:
      for (const auto& [k, val] : v.asMap()) {
        children_[0].appendValue(k);
        children_[1].appendValue(val);
      }
      endList();
      break;
    case TypeId::kStruct: {
      const auto& fields = v.asList();
      SPATE_CHECK(fields.size() == children_.size(), "struct value arity differs from its type");
      for (size_t i = 0; i < fields.size(); ++i) children_[i].appendValue(fields[i]);
      endStruct();
      break;
    }
  }
}

void ColumnBuilder::appendFrom(const Column& c, int64_t i) {
  if (c.isNull(i)) {
    appendNull();
    return;
  }
  switch (type_->id()) {
    case TypeId::kNull: appendNull(); break;
    case TypeId::kString:
    case TypeId::kBinary: appendString(c.stringAt(i)); break;
    case TypeId::kArray:
    case TypeId::kMap:
      for (int64_t k = c.listStart(i), e = k + c.listLength(i); k < e; ++k) {
        children_[0].appendFrom(*c.child(0), k);
        if (type_->id() == TypeId::kMap) children_[1].appendFrom(*c.child(1), k);
      }
      endList();
      break;
    case TypeId::kStruct:
      for (size_t f = 0; f < children_.size(); ++f) children_[f].appendFrom(*c.child(f), i);
      endStruct();
      break;
    default: {
      int w = type_->fixedWidth();
      data_.append(c.dataBuffer().data() + i * w, w);
      if (!validity_.empty()) growValidity(true);
      ++size_;
    }
  }
}

ColumnPtr ColumnBuilder::finish() {
  auto column = std::make_shared<Column>(type_, size_);
  column->mutableData() = std::move(data_);
  column->mutableOffsets() = std::move(offsets_);
  column->mutableChars() = std::move(chars_);
  column->mutableValidity() = std::move(validity_);
  for (auto& c : children_) column->mutableChildren().push_back(c.finish());
  if (type_->id() == TypeId::kNull && size_ > 0 && column->validityBuffer().empty())
    for (int64_t i = 0; i < size_; ++i) column->setNull(i);
  size_ = 0;
  return column;
}

ColumnPtr makeConstantColumn(const TypePtr& type, const Value& value, int64_t n) {
  if (value.isNull()) return makeNullColumn(type, n);
  int w = type->fixedWidth();
  if (w && type->id() != TypeId::kNull) {
    ColumnBuilder one(type, 1);
    one.appendValue(value);
    ColumnPtr single = one.finish();
    auto column = std::make_shared<Column>(type, n);
    column->mutableData().resize(n * w);
    const uint8_t* src = single->dataBuffer().data();
    uint8_t* dst = column->mutableData().data();
    for (int64_t i = 0; i < n; ++i) std::memcpy(dst + i * w, src, w);
    return column;
  }
  ColumnBuilder builder(type, n);
  for (int64_t i = 0; i < n; ++i) builder.appendValue(value);
  return builder.finish();
}

ColumnPtr makeNullColumn(const TypePtr& type, int64_t n) {
  ColumnBuilder builder(type, n);
  for (int64_t i = 0; i < n; ++i) builder.appendNull();
  return builder.finish();
}

ColumnPtr makeColumn(const TypePtr& type, const std::vector<Value>& values) {
  ColumnBuilder builder(type, static_cast<int64_t>(values.size()));
  for (const auto& v : values) builder.appendValue(v);
  return builder.finish();
}

namespace {

template <typename T>
void gatherFixed(const Column& src, std::span<const uint32_t> idx, Column& dst) {
  dst.mutableData().resize(idx.size() * sizeof(T));
  T* out = dst.mutableData().as<T>();
  const T* in = src.values<T>();
  for (size_t i = 0; i < idx.size(); ++i) out[i] = idx[i] == kNullIndex ? T{} : in[idx[i]];
}

}  // namespace

ColumnPtr gatherColumn(const ColumnPtr& column, std::span<const uint32_t> indices) {
  const Column& src = *column;
  int64_t n = static_cast<int64_t>(indices.size());
  bool anyNullIndex = false;
  for (uint32_t i : indices) anyNullIndex |= i == kNullIndex;
  int w = src.type()->fixedWidth();
  if (w && src.typeId() != TypeId::kNull) {
    auto out = std::make_shared<Column>(src.type(), n);
    switch (w) {
      case 1: gatherFixed<uint8_t>(src, indices, *out); break;
      case 2: gatherFixed<uint16_t>(src, indices, *out); break;
      case 4: gatherFixed<uint32_t>(src, indices, *out); break;
      case 8: gatherFixed<uint64_t>(src, indices, *out); break;
      default: gatherFixed<Int128>(src, indices, *out); break;
    }
    if ((src.mayHaveNulls() || anyNullIndex) && n > 0) {
      Buffer& bits = out->mutableValidity();
      bits.resize(bitmapWords(n) * 8);
      std::memset(bits.data(), 0, bits.size());
      uint64_t* b = bits.as<uint64_t>();
      for (int64_t i = 0; i < n; ++i)
        if (indices[i] != kNullIndex && src.isValid(indices[i])) setBit(b, i);
      out->compactValidity();
    }
    return out;
  }
  if (src.typeId() == TypeId::kString || src.typeId() == TypeId::kBinary) {
    auto out = std::make_shared<Column>(src.type(), n);
    Buffer& offsets = out->mutableOffsets();
    offsets.resize((n + 1) * 4);
    int32_t* o = offsets.as<int32_t>();
    o[0] = 0;
    size_t total = 0;
    for (int64_t i = 0; i < n; ++i) {
      if (indices[i] != kNullIndex) total += src.stringAt(indices[i]).size();
      o[i + 1] = static_cast<int32_t>(total);
    }
    Buffer& chars = out->mutableChars();
    chars.resize(total);
    for (int64_t i = 0; i < n; ++i) {
      if (indices[i] == kNullIndex) continue;
      auto s = src.stringAt(indices[i]);
      if (!s.empty()) std::memcpy(chars.data() + o[i], s.data(), s.size());
    }
    if (src.mayHaveNulls() || anyNullIndex) {
      for (int64_t i = 0; i < n; ++i)
        if (indices[i] == kNullIndex || src.isNull(indices[i])) out->setNull(i);
    }
    return out;
  }
  if (src.typeId() == TypeId::kStruct) {
    auto out = std::make_shared<Column>(src.type(), n);
    for (size_t f = 0; f < src.numChildren(); ++f)
      out->mutableChildren().push_back(gatherColumn(src.child(f), indices));
    for (int64_t i = 0; i < n; ++i)
      if (indices[i] == kNullIndex || src.isNull(indices[i])) out->setNull(i);
    return out;
  }
  ColumnBuilder builder(src.type(), n);
  for (uint32_t i : indices) {
    if (i == kNullIndex)
      builder.appendNull();
    else
      builder.appendFrom(src, i);
  }
  return builder.finish();
}

ColumnPtr concatColumns(const TypePtr& type, std::span<const ColumnPtr> columns) {
  if (columns.size() == 1) return columns[0];
  int64_t total = 0;
  for (const auto& c : columns) total += c->size();
  int w = type->fixedWidth();
  if (w && type->id() != TypeId::kNull) {
    auto out = std::make_shared<Column>(type, total);
    out->mutableData().resize(total * w);
    bool anyNulls = false;
    int64_t at = 0;
    for (const auto& c : columns) {
      if (c->size()) std::memcpy(out->mutableData().data() + at * w, c->dataBuffer().data(), c->size() * w);
      anyNulls |= c->mayHaveNulls();
      at += c->size();
    }
    if (anyNulls) {
      at = 0;
      for (const auto& c : columns) {
        if (c->mayHaveNulls())
          for (int64_t i = 0; i < c->size(); ++i)
            if (c->isNull(i)) out->setNull(at + i);
        at += c->size();
      }
    }
    return out;
  }
  ColumnBuilder builder(type, total);
  for (const auto& c : columns)
    for (int64_t i = 0; i < c->size(); ++i) builder.appendFrom(*c, i);
  return builder.finish();
}

ColumnPtr sliceColumn(const ColumnPtr& column, int64_t offset, int64_t length) {
  if (offset == 0 && length == column->size()) return column;
  std::vector<uint32_t> idx(length);
  for (int64_t i = 0; i < length; ++i) idx[i] = static_cast<uint32_t>(offset + i);
  return gatherColumn(column, idx);
}

}  // namespace spate
