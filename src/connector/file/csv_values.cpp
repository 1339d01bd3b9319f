#include "connector/file/csv_values.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>

namespace spate {

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isHexDigit(char c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Digits of [begin, end) as a double, with strtod's overflow and underflow results when
// from_chars reports them out of range.
template <typename T>
std::optional<T> convertFloating(std::string_view digits, std::chars_format format) {
  T value{};
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, format);
  if (ec == std::errc() && ptr == digits.data() + digits.size()) return value;
  if (ec != std::errc::result_out_of_range) return std::nullopt;
  std::string copy =
      format == std::chars_format::hex ? "0x" + std::string(digits) : std::string(digits);
  errno = 0;
  if constexpr (std::is_same_v<T, float>) {
    return std::strtof(copy.c_str(), nullptr);
  } else {
    return std::strtod(copy.c_str(), nullptr);
  }
}

template <typename T>
std::optional<T> parseJavaFloating(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  if (s.empty()) return std::nullopt;
  bool negative = false;
  if (s[0] == '+' || s[0] == '-') {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  T sign = negative ? T(-1) : T(1);
  if (s == "NaN") return std::numeric_limits<T>::quiet_NaN();
  if (s == "Infinity") return sign * std::numeric_limits<T>::infinity();
  if (!s.empty()) {
    char last = s.back();
    if (last == 'f' || last == 'F' || last == 'd' || last == 'D') s.remove_suffix(1);
  }
  size_t i = 0, n = s.size();
  if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    // Hexadecimal: 0x h* [. h*] p [sign] d+, with at least one hex digit.
    i = 2;
    size_t digits = 0;
    while (i < n && isHexDigit(s[i])) ++i, ++digits;
    if (i < n && s[i] == '.') {
      ++i;
      while (i < n && isHexDigit(s[i])) ++i, ++digits;
    }
    if (digits == 0 || i >= n || (s[i] != 'p' && s[i] != 'P')) return std::nullopt;
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    size_t expStart = i;
    while (i < n && isDigit(s[i])) ++i;
    if (i == expStart || i != n) return std::nullopt;
    auto value = convertFloating<T>(s.substr(2), std::chars_format::hex);
    if (!value) return std::nullopt;
    return sign * *value;
  }
  size_t digits = 0;
  while (i < n && isDigit(s[i])) ++i, ++digits;
  if (i < n && s[i] == '.') {
    ++i;
    while (i < n && isDigit(s[i])) ++i, ++digits;
  }
  if (digits == 0) return std::nullopt;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    size_t expStart = i;
    while (i < n && isDigit(s[i])) ++i;
    if (i == expStart) return std::nullopt;
  }
  if (i != n) return std::nullopt;
  auto value = convertFloating<T>(s, std::chars_format::general);
  if (!value) return std::nullopt;
  return sign * *value;
}

// The idx-th digit of the unscaled value (integer digits then fraction digits).
char digitAt(const BigDecimalText& d, size_t idx) {
  size_t n = d.integerDigits.size();
  return idx < n ? d.integerDigits[idx] : d.fractionDigits[idx - n];
}

}  // namespace

std::optional<int64_t> parseJavaIntegral(std::string_view s, int64_t min, int64_t max) {
  if (s.empty()) return std::nullopt;
  bool negative = false;
  size_t i = 0;
  if (s[0] == '+' || s[0] == '-') {
    negative = s[0] == '-';
    i = 1;
  }
  if (i == s.size()) return std::nullopt;
  // Accumulate negatively so that INT64_MIN fits.
  int64_t value = 0;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (!isDigit(c)) return std::nullopt;
    int digit = c - '0';
    if (value < (INT64_MIN + digit) / 10) return std::nullopt;
    value = value * 10 - digit;
  }
  if (!negative) {
    if (value == INT64_MIN) return std::nullopt;
    value = -value;
  }
  if (value < min || value > max) return std::nullopt;
  return value;
}

std::optional<double> parseJavaDouble(std::string_view text) {
  return parseJavaFloating<double>(text);
}

std::optional<float> parseJavaFloat(std::string_view text) {
  return parseJavaFloating<float>(text);
}

std::optional<bool> parseJavaBoolean(std::string_view s) {
  auto equalsIgnoreCase = [](std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if ((a[i] | 0x20) != b[i]) return false;
    return true;
  };
  if (equalsIgnoreCase(s, "true")) return true;
  if (equalsIgnoreCase(s, "false")) return false;
  return std::nullopt;
}

int64_t BigDecimalText::precision() const {
  size_t total = integerDigits.size() + fractionDigits.size();
  size_t first = 0;
  while (first < total && digitAt(*this, first) == '0') ++first;
  return first == total ? 1 : static_cast<int64_t>(total - first);
}

std::optional<BigDecimalText> parseBigDecimal(std::string_view s) {
  BigDecimalText d;
  size_t i = 0, n = s.size();
  if (i < n && (s[i] == '+' || s[i] == '-')) {
    d.negative = s[i] == '-';
    ++i;
  }
  size_t start = i;
  while (i < n && isDigit(s[i])) ++i;
  d.integerDigits = s.substr(start, i - start);
  if (i < n && s[i] == '.') {
    ++i;
    start = i;
    while (i < n && isDigit(s[i])) ++i;
    d.fractionDigits = s.substr(start, i - start);
  }
  if (d.integerDigits.empty() && d.fractionDigits.empty()) return std::nullopt;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool negativeExponent = false;
    if (i < n && (s[i] == '+' || s[i] == '-')) {
      negativeExponent = s[i] == '-';
      ++i;
    }
    size_t expStart = i;
    int64_t exponent = 0;
    while (i < n && isDigit(s[i])) {
      exponent = exponent * 10 + (s[i] - '0');
      if (exponent > INT32_MAX) return std::nullopt;  // BigDecimal's exponent is an int
      ++i;
    }
    if (i == expStart) return std::nullopt;
    d.exponent = negativeExponent ? -exponent : exponent;
  }
  if (i != n) return std::nullopt;
  int64_t scale = d.scale();
  if (scale > INT32_MAX || scale < INT32_MIN) return std::nullopt;
  return d;
}

std::optional<Int128> toDecimal(const BigDecimalText& d, int precision, int scale) {
  size_t total = d.integerDigits.size() + d.fractionDigits.size();
  size_t first = 0;
  while (first < total && digitAt(d, first) == '0') ++first;
  size_t significant = total - first;
  // unscaled = digits * 10^shift, rounded HALF_UP when shift < 0.
  int64_t shift = static_cast<int64_t>(scale) - d.scale();
  Int128 unscaled = 0;
  if (significant > 0) {
    int64_t kept = static_cast<int64_t>(significant) + std::min<int64_t>(shift, 0);
    if (kept + std::max<int64_t>(shift, 0) > precision) return std::nullopt;
    for (int64_t k = 0; k < kept; ++k) unscaled = unscaled * 10 + (digitAt(d, first + k) - '0');
    if (kept >= 0 && kept < static_cast<int64_t>(significant) &&
        digitAt(d, first + static_cast<size_t>(kept)) >= '5')
      unscaled += 1;
    for (int64_t k = 0; k < shift; ++k) unscaled *= 10;
  }
  Int128 limit = 1;
  for (int k = 0; k < precision; ++k) limit *= 10;
  if (unscaled >= limit) return std::nullopt;  // rounding carried into one more digit
  return d.negative ? -unscaled : unscaled;
}

std::optional<Int128> parseCsvDecimal(std::string_view text, int precision, int scale) {
  if (text.find(',') == std::string_view::npos) {
    auto number = parseBigDecimal(text);
    if (!number) return std::nullopt;
    return toDecimal(*number, precision, scale);
  }
  std::string withoutCommas;
  withoutCommas.reserve(text.size());
  for (char c : text)
    if (c != ',') withoutCommas += c;
  auto number = parseBigDecimal(withoutCommas);
  if (!number) return std::nullopt;
  return toDecimal(*number, precision, scale);
}

}  // namespace spate
