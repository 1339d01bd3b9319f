#pragma once

#include "expression/decimal.h"

// Spark's decimal arithmetic on unscaled Int128 values (non-ANSI: NULL on overflow), with the
// result types of DecimalPrecision (spark.sql.decimalOperations.allowPrecisionLoss=true).
// Intermediate results are exact (up to 512 bits), then rounded as java.math.BigDecimal does
// in Spark's Decimal class.

#include <optional>

#include "types/data_type.h"
#include "vector/value.h"

namespace spate {

enum class RoundingMode { kHalfUp, kHalfEven, kFloor, kCeiling, kDown };

/// Result types of e1 op e2 for decimal operands (Spark 3.5):
///   + -  adjust(max(s1,s2) + max(p1-s1, p2-s2) + 1, max(s1,s2))
///   *    adjust(p1 + p2 + 1, s1 + s2)
///   /    adjust(p1 - s1 + s2 + max(6, s1 + p2 + 1), max(6, s1 + p2 + 1))
///   %    adjust(min(p1-s1, p2-s2) + max(s1,s2), max(s1,s2)) (pmod alike)
TypePtr decimalAddType(const DataType& a, const DataType& b);
TypePtr decimalMultiplyType(const DataType& a, const DataType& b);
TypePtr decimalDivideType(const DataType& a, const DataType& b);
TypePtr decimalRemainderType(const DataType& a, const DataType& b);

/// True if |v| < 10^precision.
bool fitsPrecision(Int128 v, int precision);

/// Rescales `v` from scale `from` to scale `to` with `mode`; nullopt if the result does not fit
/// `precision` digits.
std::optional<Int128> rescaleDecimal(Int128 v, int from, int to, int precision, RoundingMode mode);

/// Operands are unscaled values with scales s1 and s2; results are at `outScale`, nullopt when
/// they overflow `outPrecision` (or on division by zero).
struct DecimalOperation {
  int s1 = 0;
  int s2 = 0;
  int outPrecision = 38;
  int outScale = 0;
};
std::optional<Int128> decimalAdd(Int128 a, Int128 b, const DecimalOperation& op);
std::optional<Int128> decimalSubtract(Int128 a, Int128 b, const DecimalOperation& op);
/// Java's BigDecimal.multiply(…, MathContext(38, HALF_UP)), then HALF_UP to the result scale.
std::optional<Int128> decimalMultiply(Int128 a, Int128 b, const DecimalOperation& op);
/// BigDecimal.divide(…, 38, HALF_UP), then HALF_UP to the result scale (the double rounding is
/// reproduced exactly).
std::optional<Int128> decimalDivide(Int128 a, Int128 b, const DecimalOperation& op);
/// Truncated remainder with the dividend's sign, at scale max(s1, s2).
std::optional<Int128> decimalRemainder(Int128 a, Int128 b, const DecimalOperation& op);
/// Positive modulus: r = a % n; r < 0 ? (r + n) % n : r.
std::optional<Int128> decimalPmod(Int128 a, Int128 b, const DecimalOperation& op);
/// `div` on decimals: the truncated quotient as BIGINT (low 64 bits, as BigDecimal.longValue).
std::optional<int64_t> decimalIntegralDivide(Int128 a, Int128 b, int s1, int s2);

/// Three-way comparison of two decimals with different scales (exact).
int compareDecimals(Int128 a, int sa, Int128 b, int sb);

}  // namespace spate
