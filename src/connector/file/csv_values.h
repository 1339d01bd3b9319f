#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "vector/value.h"

namespace spate {

// The JVM conversions Spark's CSV reader applies to field text (UnivocityParser, CSVInferSchema).
// They are CSV's own rules, stricter or looser than CAST in places: "1 " is not an int but is a
// double, "1d" is a double, "1,000" is a decimal.

/// Java's Long.parseLong / Integer.parseInt / Short / Byte: an optional sign and ASCII digits,
/// nothing else, within [min, max].
std::optional<int64_t> parseJavaIntegral(std::string_view text, int64_t min, int64_t max);
inline std::optional<int64_t> parseJavaLong(std::string_view text) {
  return parseJavaIntegral(text, INT64_MIN, INT64_MAX);
}
inline std::optional<int64_t> parseJavaInt(std::string_view text) {
  return parseJavaIntegral(text, INT32_MIN, INT32_MAX);
}

/// Java's Double.parseDouble: surrounding chars <= ' ' trimmed, "NaN", "Infinity", decimal or
/// hexadecimal ("0x1.8p1") notation, an optional f/F/d/D suffix.
std::optional<double> parseJavaDouble(std::string_view text);
/// Java's Float.parseFloat (same grammar, rounded once to float).
std::optional<float> parseJavaFloat(std::string_view text);

/// Scala's String.toBoolean: "true" or "false" in any case.
std::optional<bool> parseJavaBoolean(std::string_view text);

/// A number in java.math.BigDecimal's string form: [sign] digits [. digits] [e [sign] digits].
struct BigDecimalText {
  bool negative = false;
  std::string_view integerDigits;
  std::string_view fractionDigits;
  int64_t exponent = 0;

  /// BigDecimal.scale(): fraction digits minus the exponent.
  int64_t scale() const { return static_cast<int64_t>(fractionDigits.size()) - exponent; }
  /// BigDecimal.precision(): significant digits of the unscaled value (1 for zero).
  int64_t precision() const;
};
/// Parses BigDecimal's grammar; nullopt when `new BigDecimal(text)` would throw.
std::optional<BigDecimalText> parseBigDecimal(std::string_view text);
/// Decimal(value, precision, scale): rounded HALF_UP to `scale`; nullopt when the rounded value
/// needs more than `precision` digits.
std::optional<Int128> toDecimal(const BigDecimalText& number, int precision, int scale);
/// Spark's CSV decimal conversion for Locale.US: commas removed, then BigDecimal and toDecimal.
std::optional<Int128> parseCsvDecimal(std::string_view text, int precision, int scale);

}  // namespace spate
