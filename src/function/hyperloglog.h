#pragma once

#include <cstdint>

#include "vector/column.h"

namespace spate {

/// Spark's XxHash64Function (the `xxhash64` SQL function's per-value step): the XXH64 hash of row
/// `row` of `column` chained from `seed`. Booleans, bytes, shorts, ints and dates hash as a 4-byte
/// int; longs and timestamps as 8 bytes; floats/doubles by their Java bits (NaN canonical);
/// decimals of precision ≤ 18 as their unscaled long, wider ones as Java's
/// BigInteger.toByteArray; strings and binary as their bytes; intervals as micros, then days,
/// then months; arrays, maps and structs chain their elements. A NULL leaves `seed` unchanged.
uint64_t sparkXxHash64(const Column& column, int64_t row, uint64_t seed);

/// HyperLogLog++ registers and estimate as Spark's HyperLogLogPlusPlusHelper: p = ceil(2 *
/// log2(1.106 / relativeSD)) index bits, one byte per register (Spark packs 6-bit registers into
/// longs; the values are the same). Estimates use linear counting below Spark's thresholds and
/// the raw HLL estimate above 5m, both as Spark computes them. In between, where Spark subtracts
/// an empirical bias interpolated from the HLL++ paper's tables, Spate uses Ertl's improved raw
/// estimator (2017), which needs no tables and is unbiased there: results in that range can
/// differ from Spark's by a fraction of the requested relative error.
class HyperLogLogPlusPlus {
 public:
  /// Throws IllegalArgumentException when relativeSD gives fewer than 4 index bits (> 39 %).
  explicit HyperLogLogPlusPlus(double relativeSD);

  int precision() const { return p_; }
  int numRegisters() const { return m_; }

  /// Folds a value hash into `registers` (numRegisters() bytes).
  void add(uint8_t* registers, uint64_t hash) const {
    uint32_t index = static_cast<uint32_t>(hash >> (64 - p_));
    uint8_t rank = static_cast<uint8_t>(__builtin_clzll((hash << p_) | wPadding_) + 1);
    if (rank > registers[index]) registers[index] = rank;
  }
  void merge(uint8_t* into, const uint8_t* from) const;
  /// The cardinality estimate, rounded to the nearest long.
  int64_t estimate(const uint8_t* registers) const;

 private:
  double improvedRawEstimate(const uint8_t* registers) const;
  int p_;
  int m_;
  uint64_t wPadding_;
  double alphaM2_;
};

}  // namespace spate
