#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "vector/value.h"

namespace spate {

/// Decimal arithmetic on unscaled Int128 values as Spark's Decimal does it (java.math.BigDecimal
/// semantics, ROUND_HALF_UP when a scale is reduced, NULL when a precision overflows).

/// 10^n for n in [0, 38].
Int128 pow10Int128(int n);

/// True if |unscaled| < 10^precision.
bool decimalFitsPrecision(Int128 unscaled, int precision);

/// Changes the scale of `unscaled` from `fromScale` to `toScale`, rounding HALF_UP, and checks that
/// the result fits `toPrecision` digits; nullopt on overflow (Decimal.toPrecision /
/// changePrecision).
std::optional<Int128> rescaleDecimal(Int128 unscaled, int fromScale, int toScale, int toPrecision);

/// Parses java.math.BigDecimal's string grammar ("-1.5", ".5", "1e3", "1.2E-7"; no surrounding
/// whitespace) and rounds HALF_UP to decimal(precision, scale). nullopt when the text is not a
/// number or the value overflows the precision.
std::optional<Int128> parseDecimal(std::string_view text, int precision, int scale);

/// Spark's Decimal(double) (which goes through Double.toString) rounded HALF_UP to
/// decimal(precision, scale); nullopt for NaN, infinities and overflow.
std::optional<Int128> doubleToDecimal(double value, int precision, int scale);

/// BigDecimal.doubleValue / floatValue: the nearest double / float.
double decimalToDouble(Int128 unscaled, int scale);
float decimalToFloat(Int128 unscaled, int scale);

/// java.math.BigDecimal.toString: plain notation unless the adjusted exponent is below -6
/// ("1E-7", "0E-8", "1.5E-7"), which is how a non-ANSI CAST(decimal AS STRING) prints.
std::string decimalToJavaString(Int128 unscaled, int scale);

}  // namespace spate
