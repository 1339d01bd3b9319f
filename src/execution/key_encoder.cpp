#include "execution/key_encoder.h"

#include <xxhash.h>

#include <cmath>
#include <cstring>

namespace spate {

uint64_t hashBytes(std::string_view bytes) { return XXH3_64bits(bytes.data(), bytes.size()); }

namespace {

void encodeValue(const Column& c, int64_t row, Buffer& out) {
  if (c.isNull(row)) {
    out.push<uint8_t>(0);
    return;
  }
  out.push<uint8_t>(1);
  switch (c.typeId()) {
    case TypeId::kFloat: {
      float f = c.valueAt<float>(row);
      if (f == 0.0f) f = 0.0f;
      if (std::isnan(f)) f = std::numeric_limits<float>::quiet_NaN();
      out.push(f);
      return;
    }
    case TypeId::kDouble: {
      double d = c.valueAt<double>(row);
      if (d == 0.0) d = 0.0;
      if (std::isnan(d)) d = std::numeric_limits<double>::quiet_NaN();
      out.push(d);
      return;
    }
    case TypeId::kString:
    case TypeId::kBinary: {
      auto s = c.stringAt(row);
      out.push<uint32_t>(static_cast<uint32_t>(s.size()));
      out.append(s.data(), s.size());
      return;
    }
    case TypeId::kArray:
    case TypeId::kMap: {
      int64_t start = c.listStart(row), n = c.listLength(row);
      out.push<uint32_t>(static_cast<uint32_t>(n));
      for (int64_t k = start; k < start + n; ++k) {
        encodeValue(*c.child(0), k, out);
        if (c.typeId() == TypeId::kMap) encodeValue(*c.child(1), k, out);
      }
      return;
    }
    case TypeId::kStruct:
      for (size_t f = 0; f < c.numChildren(); ++f) encodeValue(*c.child(f), row, out);
      return;
    case TypeId::kNull:
      return;
    default: {
      int w = c.type()->fixedWidth();
      out.append(c.dataBuffer().data() + row * w, w);
    }
  }
}

}  // namespace

void encodeKeys(std::span<const ColumnPtr> columns, std::span<const uint32_t> rows, EncodedKeys& out,
                uint64_t nullMask) {
  size_t n = rows.size();
  out.bytes.clear();
  out.offsets.resize(n + 1);
  out.hashes.resize(n);
  out.hasNull.assign(n, 0);
  out.offsets[0] = 0;
  // Fast path: one fixed-width key column without nulls.
  if (columns.size() == 1 && nullMask == 0) {
    const Column& c = *columns[0];
    int w = c.type()->fixedWidth();
    if (w && !c.mayHaveNulls() && c.typeId() != TypeId::kFloat && c.typeId() != TypeId::kDouble &&
        c.typeId() != TypeId::kNull) {
      out.bytes.resize(n * (w + 1));
      uint8_t* p = out.bytes.data();
      const uint8_t* src = c.dataBuffer().data();
      for (size_t i = 0; i < n; ++i) {
        p[i * (w + 1)] = 1;
        std::memcpy(p + i * (w + 1) + 1, src + static_cast<size_t>(rows[i]) * w, w);
        out.offsets[i + 1] = static_cast<uint32_t>((i + 1) * (w + 1));
        out.hashes[i] = XXH3_64bits(p + i * (w + 1), w + 1);
      }
      return;
    }
  }
  for (size_t i = 0; i < n; ++i) {
    for (size_t k = 0; k < columns.size(); ++k) {
      if ((nullMask >> k) & 1) {
        out.bytes.push<uint8_t>(0);
        out.hasNull[i] = 1;
        continue;
      }
      if (columns[k]->isNull(rows[i])) out.hasNull[i] = 1;
      encodeValue(*columns[k], rows[i], out.bytes);
    }
    out.offsets[i + 1] = static_cast<uint32_t>(out.bytes.size());
  }
  for (size_t i = 0; i < n; ++i) out.hashes[i] = hashBytes(out.key(i));
}

KeyTable::KeyTable() : slots_(16, Slot{0, UINT32_MAX}), mask_(15), keyOffsets_{0} {}

uint32_t KeyTable::findOrInsert(std::string_view key, uint64_t hash, bool& inserted) {
  size_t pos = hash & mask_;
  for (;;) {
    Slot& s = slots_[pos];
    if (s.id == UINT32_MAX) break;
    if (s.hash == hash && keyOf(s.id) == key) {
      inserted = false;
      return s.id;
    }
    pos = (pos + 1) & mask_;
  }
  uint32_t id = static_cast<uint32_t>(size());
  slots_[pos] = {hash, id};
  keys_.append(key.data(), key.size());
  keyOffsets_.push_back(keys_.size());
  hashes_.push_back(hash);
  inserted = true;
  if (size() * 2 > slots_.size()) grow();
  return id;
}

uint32_t KeyTable::find(std::string_view key, uint64_t hash) const {
  size_t pos = hash & mask_;
  for (;;) {
    const Slot& s = slots_[pos];
    if (s.id == UINT32_MAX) return UINT32_MAX;
    if (s.hash == hash && keyOf(s.id) == key) return s.id;
    pos = (pos + 1) & mask_;
  }
}

void KeyTable::grow() {
  std::vector<Slot> old;
  old.swap(slots_);
  slots_.assign(old.size() * 2, Slot{0, UINT32_MAX});
  mask_ = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.id == UINT32_MAX) continue;
    size_t pos = s.hash & mask_;
    while (slots_[pos].id != UINT32_MAX) pos = (pos + 1) & mask_;
    slots_[pos] = s;
  }
}

}  // namespace spate
