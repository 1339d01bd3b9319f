#include "expression/decimal.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace spate {

namespace {

using UInt128 = unsigned __int128;

constexpr int kMaxDigits = 38;

struct Pow10Table {
  Int128 values[kMaxDigits + 1];
  constexpr Pow10Table() : values() {
    values[0] = 1;
    for (int i = 1; i <= kMaxDigits; ++i) values[i] = values[i - 1] * 10;
  }
};
constexpr Pow10Table kPow10;

UInt128 magnitude(Int128 v) { return v < 0 ? -static_cast<UInt128>(v) : static_cast<UInt128>(v); }

std::string magnitudeDigits(Int128 v) {
  UInt128 m = magnitude(v);
  char buf[48];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + static_cast<int>(m % 10));
    m /= 10;
  } while (m);
  std::string out(n, '0');
  for (int i = 0; i < n; ++i) out[i] = buf[n - 1 - i];
  return out;
}

}  // namespace

Int128 pow10Int128(int n) { return kPow10.values[n]; }

bool decimalFitsPrecision(Int128 unscaled, int precision) {
  if (precision >= kMaxDigits + 1) return true;
  if (precision <= 0) return unscaled == 0;
  return magnitude(unscaled) < static_cast<UInt128>(kPow10.values[precision]);
}

std::optional<Int128> rescaleDecimal(Int128 v, int fromScale, int toScale, int toPrecision) {
  if (toScale >= fromScale) {
    int diff = toScale - fromScale;
    if (v == 0) return Int128{0};
    // The result needs the digits of v plus `diff` zeros.
    if (!decimalFitsPrecision(v, toPrecision - diff)) return std::nullopt;
    return v * kPow10.values[diff];
  }
  int diff = fromScale - toScale;
  if (diff > kMaxDigits) return Int128{0};
  Int128 divisor = kPow10.values[diff];
  Int128 quotient = v / divisor;
  Int128 remainder = v % divisor;
  // HALF_UP: a discarded fraction of at least one half rounds away from zero.
  if (magnitude(remainder) >= static_cast<UInt128>(divisor / 2)) quotient += v < 0 ? -1 : 1;
  if (!decimalFitsPrecision(quotient, toPrecision)) return std::nullopt;
  return quotient;
}

std::optional<Int128> parseDecimal(std::string_view s, int precision, int scale) {
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  // Significant digits (from the first non-zero one); 40 are enough to fill 38 digits and decide
  // the rounding, later ones only move the decimal point.
  constexpr int kKeep = 40;
  char digits[kKeep];
  int kept = 0;
  int64_t significant = 0;  // significant digits seen
  int64_t pointPos = 0;     // significant digits before the decimal point
  bool anyDigit = false, seenPoint = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      anyDigit = true;
      if (significant == 0 && c == '0') {
        if (seenPoint) --pointPos;  // a leading zero of the fraction
        continue;
      }
      if (kept < kKeep) digits[kept++] = c;
      ++significant;
      if (!seenPoint) ++pointPos;
    } else if (c == '.' && !seenPoint) {
      seenPoint = true;
    } else {
      break;
    }
  }
  if (!anyDigit) return std::nullopt;
  if (i < s.size()) {
    if (s[i] != 'e' && s[i] != 'E') return std::nullopt;
    ++i;
    bool expNegative = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) expNegative = s[i++] == '-';
    if (i == s.size()) return std::nullopt;
    int64_t exponent = 0;
    for (; i < s.size(); ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      exponent = exponent * 10 + (s[i] - '0');
      if (exponent > INT32_MAX) return std::nullopt;  // BigDecimal rejects such exponents
    }
    pointPos += expNegative ? -exponent : exponent;
  }
  if (significant == 0) return Int128{0};
  // The unscaled result is the first (pointPos + scale) significant digits.
  int64_t take = pointPos + scale;
  if (take > kMaxDigits) return std::nullopt;
  if (take < 0) return Int128{0};
  Int128 unscaled = 0;
  for (int64_t k = 0; k < take; ++k) unscaled = unscaled * 10 + (k < kept ? digits[k] - '0' : 0);
  if (take < kept && digits[take] >= '5') unscaled += 1;
  if (!decimalFitsPrecision(unscaled, precision)) return std::nullopt;
  return negative ? -unscaled : unscaled;
}

std::optional<Int128> doubleToDecimal(double value, int precision, int scale) {
  if (!std::isfinite(value)) return std::nullopt;
  // Shortest round-trip digits, as Double.toString chooses them.
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  return parseDecimal(std::string_view(buf, res.ptr - buf), precision, scale);
}

double decimalToDouble(Int128 unscaled, int scale) {
  static constexpr double kExact[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                      1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  // Both operands exact: one IEEE division rounds correctly.
  if (scale >= 0 && scale <= 22 && magnitude(unscaled) < (UInt128{1} << 53))
    return static_cast<double>(static_cast<int64_t>(unscaled)) / kExact[scale];
  return std::strtod(formatDecimal(unscaled, scale).c_str(), nullptr);
}

float decimalToFloat(Int128 unscaled, int scale) {
  static constexpr float kExact[] = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f,
                                     1e6f, 1e7f, 1e8f, 1e9f, 1e10f};
  if (scale >= 0 && scale <= 10 && magnitude(unscaled) < (UInt128{1} << 24))
    return static_cast<float>(static_cast<int64_t>(unscaled)) / kExact[scale];
  return std::strtof(formatDecimal(unscaled, scale).c_str(), nullptr);
}

std::string decimalToJavaString(Int128 unscaled, int scale) {
  std::string coefficient = magnitudeDigits(unscaled);
  int64_t adjusted = -static_cast<int64_t>(scale) + static_cast<int64_t>(coefficient.size()) - 1;
  if (scale >= 0 && adjusted >= -6) return formatDecimal(unscaled, scale);
  std::string out = unscaled < 0 ? "-" : "";
  out += coefficient[0];
  if (coefficient.size() > 1) {
    out += '.';
    out.append(coefficient, 1, std::string::npos);
  }
  out += 'E';
  if (adjusted > 0) out += '+';
  out += std::to_string(adjusted);
  return out;
}

}  // namespace spate
