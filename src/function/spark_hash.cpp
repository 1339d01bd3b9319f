#include "function/spark_hash.h"

#include <xxhash.h>

#include <bit>
#include <cstring>

namespace spate::spark_hash {

namespace {

constexpr uint32_t kC1 = 0xcc9e2d51;
constexpr uint32_t kC2 = 0x1b873593;

uint32_t mixK1(uint32_t k1) { return std::rotl(k1 * kC1, 15) * kC2; }
uint32_t mixH1(uint32_t h1, uint32_t k1) { return std::rotl(h1 ^ k1, 13) * 5 + 0xe6546b64; }
uint32_t fmix(uint32_t h1, uint32_t length) {
  h1 ^= length;
  h1 ^= h1 >> 16;
  h1 *= 0x85ebca6b;
  h1 ^= h1 >> 13;
  h1 *= 0xc2b2ae35;
  h1 ^= h1 >> 16;
  return h1;
}

struct Murmur3 {
  using Hash = int32_t;
  static Hash hashInt(int32_t v, Hash seed) { return murmur3Int(v, seed); }
  static Hash hashLong(int64_t v, Hash seed) { return murmur3Long(v, seed); }
  static Hash hashBytes(const void* d, size_t n, Hash seed) { return murmur3Bytes(d, n, seed); }
};

struct XxHash64 {
  using Hash = int64_t;
  static Hash hashInt(int32_t v, Hash seed) { return xxhash64Int(v, seed); }
  static Hash hashLong(int64_t v, Hash seed) { return xxhash64Long(v, seed); }
  static Hash hashBytes(const void* d, size_t n, Hash seed) { return xxhash64Bytes(d, n, seed); }
};

int32_t floatBits(float f) {
  if (f == 0.0f) return 0;        // -0.0 hashes as 0.0
  if (f != f) return 0x7fc00000;  // Float.floatToIntBits canonical NaN
  return std::bit_cast<int32_t>(f);
}

int64_t doubleBits(double d) {
  if (d == 0.0) return 0;
  if (d != d) return 0x7ff8000000000000LL;
  return std::bit_cast<int64_t>(d);
}

// BigInteger.toByteArray: minimal big-endian two's complement.
size_t decimalBytes(Int128 v, uint8_t* out) {
  unsigned __int128 magnitude = static_cast<unsigned __int128>(v < 0 ? ~v : v);
  int bits = 0;
  while (magnitude) {
    ++bits;
    magnitude >>= 1;
  }
  size_t n = static_cast<size_t>(bits / 8 + 1);
  unsigned __int128 u = static_cast<unsigned __int128>(v);
  for (size_t k = 0; k < n; ++k) out[n - 1 - k] = static_cast<uint8_t>(u >> (8 * k));
  return n;
}

template <typename H>
typename H::Hash hashValue(const Column& c, int64_t i, typename H::Hash seed) {
  if (c.isNull(i)) return seed;
  const DataType& type = *c.type();
  switch (type.id()) {
    case TypeId::kNull:
      return seed;
    case TypeId::kBoolean:
      return H::hashInt(c.valueAt<uint8_t>(i) ? 1 : 0, seed);
    case TypeId::kByte:
      return H::hashInt(c.valueAt<int8_t>(i), seed);
    case TypeId::kShort:
      return H::hashInt(c.valueAt<int16_t>(i), seed);
    case TypeId::kInt:
    case TypeId::kDate:
      return H::hashInt(c.valueAt<int32_t>(i), seed);
    case TypeId::kLong:
    case TypeId::kTimestamp:
      return H::hashLong(c.valueAt<int64_t>(i), seed);
    case TypeId::kFloat:
      return H::hashInt(floatBits(c.valueAt<float>(i)), seed);
    case TypeId::kDouble:
      return H::hashLong(doubleBits(c.valueAt<double>(i)), seed);
    case TypeId::kDecimal: {
      Int128 v = c.valueAt<Int128>(i);
      if (type.precision() <= 18) return H::hashLong(static_cast<int64_t>(v), seed);
      uint8_t bytes[17];
      size_t n = decimalBytes(v, bytes);
      return H::hashBytes(bytes, n, seed);
    }
    case TypeId::kString:
    case TypeId::kBinary: {
      std::string_view s = c.stringAt(i);
      return H::hashBytes(s.data(), s.size(), seed);
    }
    case TypeId::kInterval: {
      Interval v = c.valueAt<Interval>(i);
      return H::hashInt(v.months, H::hashInt(v.days, H::hashLong(v.micros, seed)));
    }
    case TypeId::kArray: {
      typename H::Hash h = seed;
      for (int64_t k = c.listStart(i), e = k + c.listLength(i); k < e; ++k)
        h = hashValue<H>(*c.child(0), k, h);
      return h;
    }
    case TypeId::kMap: {
      typename H::Hash h = seed;
      for (int64_t k = c.listStart(i), e = k + c.listLength(i); k < e; ++k) {
        h = hashValue<H>(*c.child(0), k, h);
        h = hashValue<H>(*c.child(1), k, h);
      }
      return h;
    }
    case TypeId::kStruct: {
      typename H::Hash h = seed;
      for (size_t f = 0; f < c.numChildren(); ++f) h = hashValue<H>(*c.child(f), i, h);
      return h;
    }
  }
  return seed;
}

template <typename H, typename T, typename F>
void hashFixed(const Column& c, typename H::Hash* hashes, F&& f) {
  const T* v = c.values<T>();
  int64_t n = c.size();
  if (!c.mayHaveNulls()) {
    for (int64_t i = 0; i < n; ++i) hashes[i] = f(v[i], hashes[i]);
  } else {
    for (int64_t i = 0; i < n; ++i)
      if (c.isValid(i)) hashes[i] = f(v[i], hashes[i]);
  }
}

template <typename H>
void hashColumn(const Column& c, typename H::Hash* hashes) {
  using Hash = typename H::Hash;
  switch (c.typeId()) {
    case TypeId::kInt:
    case TypeId::kDate:
      hashFixed<H, int32_t>(c, hashes, [](int32_t v, Hash s) { return H::hashInt(v, s); });
      return;
    case TypeId::kLong:
    case TypeId::kTimestamp:
      hashFixed<H, int64_t>(c, hashes, [](int64_t v, Hash s) { return H::hashLong(v, s); });
      return;
    case TypeId::kDouble:
      hashFixed<H, double>(c, hashes,
                           [](double v, Hash s) { return H::hashLong(doubleBits(v), s); });
      return;
    case TypeId::kString:
    case TypeId::kBinary:
      for (int64_t i = 0; i < c.size(); ++i) {
        if (c.isNull(i)) continue;
        std::string_view s = c.stringAt(i);
        hashes[i] = H::hashBytes(s.data(), s.size(), hashes[i]);
      }
      return;
    default:
      for (int64_t i = 0; i < c.size(); ++i) hashes[i] = hashValue<H>(c, i, hashes[i]);
  }
}

}  // namespace

int32_t murmur3Int(int32_t value, int32_t seed) {
  uint32_t h1 = mixH1(static_cast<uint32_t>(seed), mixK1(static_cast<uint32_t>(value)));
  return static_cast<int32_t>(fmix(h1, 4));
}

int32_t murmur3Long(int64_t value, int32_t seed) {
  uint64_t u = static_cast<uint64_t>(value);
  uint32_t h1 = mixH1(static_cast<uint32_t>(seed), mixK1(static_cast<uint32_t>(u)));
  h1 = mixH1(h1, mixK1(static_cast<uint32_t>(u >> 32)));
  return static_cast<int32_t>(fmix(h1, 8));
}

int32_t murmur3Bytes(const void* data, size_t length, int32_t seed) {
  const auto* b = static_cast<const uint8_t*>(data);
  size_t aligned = length - length % 4;
  uint32_t h1 = static_cast<uint32_t>(seed);
  for (size_t i = 0; i < aligned; i += 4) {
    uint32_t word;
    std::memcpy(&word, b + i, 4);  // little-endian, as Platform.getInt on x86/ARM
    h1 = mixH1(h1, mixK1(word));
  }
  // Spark's legacy tail: each remaining byte, sign-extended, is mixed as a whole block.
  for (size_t i = aligned; i < length; ++i) {
    int32_t halfWord = static_cast<int8_t>(b[i]);
    h1 = mixH1(h1, mixK1(static_cast<uint32_t>(halfWord)));
  }
  return static_cast<int32_t>(fmix(h1, static_cast<uint32_t>(length)));
}

// Spark's XXH64 is the reference XXH64 over the value's little-endian bytes.
int64_t xxhash64Int(int32_t value, int64_t seed) {
  return static_cast<int64_t>(XXH64(&value, sizeof value, static_cast<XXH64_hash_t>(seed)));
}

int64_t xxhash64Long(int64_t value, int64_t seed) {
  return static_cast<int64_t>(XXH64(&value, sizeof value, static_cast<XXH64_hash_t>(seed)));
}

int64_t xxhash64Bytes(const void* data, size_t length, int64_t seed) {
  return static_cast<int64_t>(XXH64(length ? data : "", length, static_cast<XXH64_hash_t>(seed)));
}

void murmur3Column(const Column& column, int32_t* hashes) { hashColumn<Murmur3>(column, hashes); }

void xxhash64Column(const Column& column, int64_t* hashes) { hashColumn<XxHash64>(column, hashes); }

}  // namespace spate::spark_hash
