#include "function/value_codec.h"

#include <xxhash.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "common/error.h"
#include "function/aggregate_kernel.h"

namespace spate::agg {

namespace {

constexpr char kNullTag = 0;
constexpr char kValueTag = 1;

template <typename T>
void putRaw(std::string& out, T v) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &v, sizeof(T));
  out.append(bytes, sizeof(T));
}

template <typename T>
T getRaw(std::string_view bytes, size_t& pos) {
  SPATE_CHECK(pos + sizeof(T) <= bytes.size(), "truncated encoded value");
  T v;
  std::memcpy(&v, bytes.data() + pos, sizeof(T));
  pos += sizeof(T);
  return v;
}

template <typename T>
T normalized(T v, bool normalize) {
  if constexpr (std::is_floating_point_v<T>) {
    if (normalize) {
      if (std::isnan(v)) return std::numeric_limits<T>::quiet_NaN();
      if (v == 0) return T(0);
    }
  }
  return v;
}

void putString(std::string& out, std::string_view s) {
  putRaw(out, static_cast<uint32_t>(s.size()));
  out.append(s);
}

std::string_view getString(std::string_view bytes, size_t& pos) {
  uint32_t n = getRaw<uint32_t>(bytes, pos);
  SPATE_CHECK(pos + n <= bytes.size(), "truncated encoded string");
  std::string_view s = bytes.substr(pos, n);
  pos += n;
  return s;
}

}  // namespace

void encodeValue(const Column& column, int64_t row, bool normalize, std::string& out) {
  if (isNullAt(column, row)) {
    out.push_back(kNullTag);
    return;
  }
  out.push_back(kValueTag);
  switch (column.typeId()) {
    case TypeId::kString:
    case TypeId::kBinary:
      putString(out, column.stringAt(row));
      return;
    case TypeId::kArray:
    case TypeId::kMap: {
      int64_t start = column.listStart(row);
      int64_t length = column.listLength(row);
      putRaw(out, static_cast<uint32_t>(length));
      for (int64_t k = start; k < start + length; ++k) {
        encodeValue(*column.child(0), k, normalize, out);
        if (column.typeId() == TypeId::kMap) encodeValue(*column.child(1), k, normalize, out);
      }
      return;
    }
    case TypeId::kStruct:
      for (size_t f = 0; f < column.numChildren(); ++f) {
        encodeValue(*column.child(f), row, normalize, out);
      }
      return;
    default:
      visitFixedType(column.typeId(), [&](auto tag) {
        using T = typename decltype(tag)::type;
        putRaw(out, normalized(column.values<T>()[row], normalize));
      });
  }
}

void encodeValue(const Value& value, const DataType& type, bool normalize, std::string& out) {
  if (value.isNull() || type.id() == TypeId::kNull) {
    out.push_back(kNullTag);
    return;
  }
  out.push_back(kValueTag);
  switch (type.id()) {
    case TypeId::kString:
    case TypeId::kBinary:
      putString(out, value.asString());
      return;
    case TypeId::kArray: {
      const ValueList& list = value.asList();
      putRaw(out, static_cast<uint32_t>(list.size()));
      for (const Value& v : list) encodeValue(v, *type.element(), normalize, out);
      return;
    }
    case TypeId::kMap: {
      const ValueMap& map = value.asMap();
      putRaw(out, static_cast<uint32_t>(map.size()));
      for (const auto& [k, v] : map) {
        encodeValue(k, *type.key(), normalize, out);
        encodeValue(v, *type.value(), normalize, out);
      }
      return;
    }
    case TypeId::kStruct: {
      const ValueList& fields = value.asList();
      for (size_t f = 0; f < type.fields().size(); ++f) {
        encodeValue(fields[f], *type.fields()[f].type, normalize, out);
      }
      return;
    }
    default:
      visitFixedType(type.id(), [&](auto tag) {
        using T = typename decltype(tag)::type;
        putRaw(out, normalized(fixedFromValue<T>(value), normalize));
      });
  }
}

void decodeValue(std::string_view bytes, size_t& pos, ColumnBuilder& out) {
  if (getRaw<char>(bytes, pos) == kNullTag) {
    out.appendNull();
    return;
  }
  switch (out.type()->id()) {
    case TypeId::kString:
    case TypeId::kBinary:
      out.appendString(getString(bytes, pos));
      return;
    case TypeId::kArray:
    case TypeId::kMap: {
      uint32_t n = getRaw<uint32_t>(bytes, pos);
      bool isMap = out.type()->id() == TypeId::kMap;
      for (uint32_t k = 0; k < n; ++k) {
        decodeValue(bytes, pos, out.child(0));
        if (isMap) decodeValue(bytes, pos, out.child(1));
      }
      out.endList();
      return;
    }
    case TypeId::kStruct:
      for (size_t f = 0; f < out.type()->fields().size(); ++f)
        decodeValue(bytes, pos, out.child(f));
      out.endStruct();
      return;
    default:
      visitFixedType(out.type()->id(), [&](auto tag) {
        using T = typename decltype(tag)::type;
        out.appendFixed(getRaw<T>(bytes, pos));
      });
  }
}

Value decodeValue(std::string_view bytes, size_t& pos, const DataType& type) {
  if (getRaw<char>(bytes, pos) == kNullTag) return Value::null();
  switch (type.id()) {
    case TypeId::kString:
    case TypeId::kBinary:
      return Value(std::string(getString(bytes, pos)));
    case TypeId::kArray: {
      uint32_t n = getRaw<uint32_t>(bytes, pos);
      ValueList list;
      list.reserve(n);
      for (uint32_t k = 0; k < n; ++k) list.push_back(decodeValue(bytes, pos, *type.element()));
      return Value(std::move(list));
    }
    case TypeId::kMap: {
      uint32_t n = getRaw<uint32_t>(bytes, pos);
      ValueMap map;
      map.reserve(n);
      for (uint32_t k = 0; k < n; ++k) {
        Value key = decodeValue(bytes, pos, *type.key());
        map.emplace_back(std::move(key), decodeValue(bytes, pos, *type.value()));
      }
      return Value(std::move(map));
    }
    case TypeId::kStruct: {
      ValueList fields;
      for (const auto& f : type.fields()) fields.push_back(decodeValue(bytes, pos, *f.type));
      return Value(std::move(fields));
    }
    default:
      return visitFixedType(type.id(), [&](auto tag) {
        using T = typename decltype(tag)::type;
        return fixedToValue(getRaw<T>(bytes, pos));
      });
  }
}

std::pair<size_t, bool> KeySet::emplace(std::string_view key) {
  if ((keys_.size() + 1) * 2 > slots_.size()) grow();
  uint64_t hash = XXH3_64bits(key.data(), key.size());
  size_t mask = slots_.size() - 1;
  for (size_t slot = hash & mask;; slot = (slot + 1) & mask) {
    uint32_t entry = slots_[slot];
    if (entry == 0) {
      keys_.add(key);
      hashes_.push_back(hash);
      slots_[slot] = static_cast<uint32_t>(keys_.size());
      return {keys_.size() - 1, true};
    }
    if (hashes_[entry - 1] == hash && keys_[entry - 1] == key) return {entry - 1, false};
  }
}

void KeySet::grow() {
  size_t capacity = slots_.empty() ? 16 : slots_.size() * 2;
  slots_.assign(capacity, 0);
  size_t mask = capacity - 1;
  for (size_t i = 0; i < hashes_.size(); ++i) {
    size_t slot = hashes_[i] & mask;
    while (slots_[slot] != 0) slot = (slot + 1) & mask;
    slots_[slot] = static_cast<uint32_t>(i + 1);
  }
}

}  // namespace spate::agg
