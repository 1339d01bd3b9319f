#include "function/collection_support.h"

#include <bit>
#include <cmath>
#include <cstring>

#include "common/error.h"
#include "common/strings.h"
#include "function/argument_checks.h"

namespace spate {

namespace {

int compareNullable(const Column& a, int64_t i, const Column& b, int64_t j) {
  bool an = a.isNull(i), bn = b.isNull(j);
  if (an || bn) return an == bn ? 0 : an ? -1 : 1;
  return compareValues(a, i, b, j);
}

uint64_t mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

uint64_t hashBytes(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return mix(h);
}

uint64_t hashNullable(const Column& c, int64_t i) {
  return c.isNull(i) ? 0x9e3779b97f4a7c15ULL : hashValue(c, i);
}

}  // namespace

bool valuesEqual(const Column& a, int64_t i, const Column& b, int64_t j) {
  return compareValues(a, i, b, j) == 0;
}

uint64_t hashValue(const Column& c, int64_t i) {
  switch (c.typeId()) {
    case TypeId::kNull:
      return 0;
    case TypeId::kBoolean:
      return mix(c.valueAt<uint8_t>(i));
    case TypeId::kByte:
      return mix(static_cast<uint64_t>(c.valueAt<int8_t>(i)));
    case TypeId::kShort:
      return mix(static_cast<uint64_t>(c.valueAt<int16_t>(i)));
    case TypeId::kInt:
    case TypeId::kDate:
      return mix(static_cast<uint64_t>(c.valueAt<int32_t>(i)));
    case TypeId::kLong:
    case TypeId::kTimestamp:
      return mix(static_cast<uint64_t>(c.valueAt<int64_t>(i)));
    case TypeId::kFloat:
    case TypeId::kDouble: {
      double d = c.typeId() == TypeId::kFloat ? c.valueAt<float>(i) : c.valueAt<double>(i);
      if (d == 0) d = 0;  // -0.0 equals 0.0
      if (std::isnan(d)) return 0x7ff8000000000000ULL;
      return mix(std::bit_cast<uint64_t>(d));
    }
    case TypeId::kDecimal: {
      Int128 v = c.valueAt<Int128>(i);
      return mix(static_cast<uint64_t>(v) ^ mix(static_cast<uint64_t>(v >> 64)));
    }
    case TypeId::kString:
    case TypeId::kBinary:
      return hashBytes(c.stringAt(i));
    case TypeId::kInterval: {
      Interval v = c.valueAt<Interval>(i);
      return mix(static_cast<uint64_t>(v.micros) ^
                 mix((uint64_t(uint32_t(v.months)) << 32) | uint32_t(v.days)));
    }
    case TypeId::kArray:
    case TypeId::kMap: {
      uint64_t h = 0x12345678ULL + static_cast<uint64_t>(c.listLength(i));
      for (int64_t k = c.listStart(i), e = k + c.listLength(i); k < e; ++k) {
        h = mix(h ^ hashNullable(*c.child(0), k));
        if (c.typeId() == TypeId::kMap) h = mix(h ^ hashNullable(*c.child(1), k));
      }
      return h;
    }
    case TypeId::kStruct: {
      uint64_t h = 0x87654321ULL;
      for (size_t f = 0; f < c.numChildren(); ++f) h = mix(h ^ hashNullable(*c.child(f), i));
      return h;
    }
  }
  return 0;
}


void throwDataDiffTypes(std::string_view name, const std::vector<ExprPtr>& args,
                        const std::vector<ExprPtr>& typed) {
  std::string list = "[";
  for (size_t k = 0; k < typed.size(); ++k) {
    if (k) list += ", ";
    list += quotedType(*typed[k]->type);
  }
  list += "]";
  throwDataTypeMismatch(
      name, args, "DATA_DIFF_TYPES",
      "Input to `" + std::string(name) + "` should all be the same type, but it's " + list + ".");
}

void requireArray(std::string_view name, const std::vector<ExprPtr>& args, size_t index) {
  if (args[index]->type->id() != TypeId::kArray)
    throwUnexpectedInputType(name, args, index, "\"ARRAY\"");
}

void requireOrderable(std::string_view name, const std::vector<ExprPtr>& args,
                      const TypePtr& element) {
  if (!isOrderable(*element))
    throwDataTypeMismatch(name, args, "INVALID_ORDERING_TYPE",
                          "The `" + std::string(name) + "` does not support ordering on type " +
                              quotedType(*element) + ".");
}

// ---- ValueSet ----------------------------------------------------------------------------------

size_t ValueSet::find(const Column& column, int64_t i, uint64_t hash) const {
  size_t mask = slots_.size() - 1;
  size_t k = hash & mask;
  while (slots_[k].column) {
    const Slot& s = slots_[k];
    if (s.hash == hash && valuesEqual(*s.column, s.row, column, i)) return k;
    k = (k + 1) & mask;
  }
  return k;
}

void ValueSet::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 16 : old.size() * 2, Slot{});
  size_t mask = slots_.size() - 1;
  for (const Slot& s : old) {
    if (!s.column) continue;
    size_t k = s.hash & mask;
    while (slots_[k].column) k = (k + 1) & mask;
    slots_[k] = s;
  }
}

bool ValueSet::insert(const Column& column, int64_t i) {
  if ((size_ + 1) * 2 > slots_.size()) grow();
  uint64_t h = hashValue(column, i);
  size_t k = find(column, i, h);
  if (slots_[k].column) return false;
  slots_[k] = {&column, i, h};
  ++size_;
  return true;
}

bool ValueSet::contains(const Column& column, int64_t i) const {
  if (slots_.empty()) return false;
  return slots_[find(column, i, hashValue(column, i))].column != nullptr;
}

void ValueSet::clear() {
  std::fill(slots_.begin(), slots_.end(), Slot{});
  size_ = 0;
}

}  // namespace spate
