#pragma once

// Java's primitive conversions, which Spark's non-ANSI casts inherit: narrowing keeps the low bits,
// floating point to integer truncates toward zero, saturates, and maps NaN to 0.

#include <cmath>
#include <cstdint>

namespace spate {

/// Java's (long) d.
inline int64_t javaDoubleToLong(double d) {
  if (std::isnan(d)) return 0;
  if (d >= 9223372036854775807.0) return INT64_MAX;
  if (d <= -9223372036854775808.0) return INT64_MIN;
  return static_cast<int64_t>(d);
}

/// Java's (int) d.
inline int32_t javaDoubleToInt(double d) {
  if (std::isnan(d)) return 0;
  if (d >= 2147483647.0) return INT32_MAX;
  if (d <= -2147483648.0) return INT32_MIN;
  return static_cast<int32_t>(d);
}

/// Java's TimeUnit.SECONDS.toMicros: saturates instead of overflowing.
inline int64_t secondsToMicrosSaturated(int64_t seconds) {
  constexpr int64_t kLimit = INT64_MAX / 1'000'000;
  if (seconds > kLimit) return INT64_MAX;
  if (seconds < -kLimit) return INT64_MIN;
  return seconds * 1'000'000;
}

}  // namespace spate
