// Literals with Spark's types: numbers (INT, BIGINT, DECIMAL(p, s), DOUBLE and suffixed forms),
// strings, typed literals (DATE, TIMESTAMP, X, INTERVAL '…') and INTERVAL unit literals.
#include <algorithm>
#include <cmath>
#include <limits>

#include "common/strings.h"
#include "sql/parser_internal.h"

namespace spate::sql_parser {

namespace {

constexpr int kMaxDecimalPrecision = 38;

bool isIntervalUnit(const Token& t) {
  static constexpr std::string_view kUnits[] = {
      "year",         "years",       "month",        "months",     "week",
      "weeks",        "day",         "days",         "hour",       "hours",
      "minute",       "minutes",     "second",       "seconds",    "millisecond",
      "milliseconds", "microsecond", "microseconds", "nanosecond", "nanoseconds"};
  if (t.kind != TokenKind::kWord) return false;
  return std::find(std::begin(kUnits), std::end(kUnits), t.value) != std::end(kUnits);
}

std::string numericRangeMessage(const std::string& raw, const char* min, const char* max,
                                const char* type) {
  return "Numeric literal " + raw + " is outside the valid range for " + type +
         " with minimum value of " + min + " and maximum value of " + max +
         ". Please adjust the value accordingly.";
}

}  // namespace

std::string sqlQuoted(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

// ---- literals -------------------------------------------------------------------------------

std::string Parser::stringContent() {
  if (peek().kind != TokenKind::kString) fail();
  std::string out;
  while (peek().kind == TokenKind::kString) out += tokens_[pos_++].value;
  return out;
}

ParsedExprPtr Parser::stringLiteral() {
  size_t first = pos_;
  std::string value = stringContent();
  return literal(Value(std::move(value)), DataType::string(), first);
}

ParsedExprPtr Parser::typedLiteral() {
  size_t first = pos_;
  std::string type = toUpper(peek().text);
  ++pos_;
  size_t stringToken = pos_;
  std::string content = stringContent();
  auto invalid = [&]() {
    raiseAt(
        first, "INVALID_TYPED_LITERAL",
        "The value of the typed literal \"" + type + "\" is invalid: " + sqlQuoted(content) + ".");
  };
  if (type == "DATE" || type == "TIMESTAMP" || type == "TIMESTAMP_LTZ" || type == "TIMESTAMP_NTZ") {
    // Validated here for Spark's error; the analyzer folds the cast with the session zone.
    bool date = type == "DATE";
    if (date ? !parseDate(content).has_value()
             : !parseTimestamp(content, *TimeZone::utc()).has_value())
      invalid();
    auto cast = node(ParsedKind::kCast);
    cast->castType = date ? DataType::date() : DataType::timestamp();
    cast->children = {literal(Value(content), DataType::string(), stringToken)};
    return finish(cast, first);
  }
  if (type == "INTERVAL") {
    std::optional<Interval> value = parseInterval(content);
    if (!value) invalid();
    return literal(Value(*value), DataType::interval(), first);
  }
  if (type == "X") {
    std::string hex = content.size() % 2 ? "0" + content : content;
    std::string bytes;
    for (size_t k = 0; k < hex.size(); k += 2) {
      auto nibble = [&](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        invalid();
        return 0;
      };
      bytes += static_cast<char>(nibble(hex[k]) * 16 + nibble(hex[k + 1]));
    }
    return literal(Value(std::move(bytes)), DataType::binary(), first);
  }
  raiseAt(first, "UNSUPPORTED_TYPED_LITERAL",
          "Literals of the type \"" + type +
              "\" are not supported. Supported types are \"DATE\", \"TIMESTAMP_NTZ\", "
              "\"TIMESTAMP_LTZ\", \"TIMESTAMP\", \"INTERVAL\", \"X\".");
}

bool Parser::atIntervalLiteral(size_t k) const {
  if (isOp("-", k) || isOp("+", k)) ++k;
  return peek(k).kind == TokenKind::kString ||
         (peek(k).kind == TokenKind::kNumber && isIntervalUnit(peek(k + 1)));
}

bool Parser::atIntervalValue(size_t k) const {
  if (isOp("-", k) || isOp("+", k)) ++k;
  TokenKind kind = peek(k).kind;
  return kind == TokenKind::kNumber || kind == TokenKind::kString;
}

std::pair<Interval, std::string> Parser::intervalBody(size_t intervalToken) {
  std::string parseText, delayText;
  // INTERVAL '1 hour 30 minutes': the whole value in one string.
  if (peek().kind == TokenKind::kString && !isIntervalUnit(peek(1)) &&
      peek(1).kind != TokenKind::kString) {
    delayText = std::string(trimWhitespace(stringContent()));
    parseText = delayText;
  } else {
    bool first = true;
    while (true) {
      std::string sign;
      if (acceptOp("-")) {
        sign = "-";
      } else {
        acceptOp("+");
      }
      std::string value;
      if (peek().kind == TokenKind::kNumber) {
        value = std::string(tokens_[pos_++].text);
      } else {
        value = stringContent();
      }
      value = sign + std::string(trimWhitespace(value));
      if (!isIntervalUnit(peek())) fail();
      std::string unit = tokens_[pos_++].value;
      if (first && isWord("to")) {
        // INTERVAL '1 2:3:4' DAY TO SECOND
        ++pos_;
        if (!isIntervalUnit(peek())) fail();
        std::string to = tokens_[pos_++].value;
        parseText = delayText = "'" + value + "' " + unit + " to " + to;
        break;
      }
      if (!delayText.empty()) delayText += ' ';
      delayText += value + " " + unit;
      first = false;
      size_t k = (isOp("-") || isOp("+")) ? 1 : 0;
      if (!atIntervalValue(0) || !isIntervalUnit(peek(k + 1))) break;
    }
    parseText = parseText.empty() ? delayText : parseText;
  }
  std::optional<Interval> value = parseInterval(parseText);
  if (!value)
    raiseAt(
        intervalToken, "INVALID_TYPED_LITERAL",
        "The value of the typed literal \"INTERVAL\" is invalid: " + sqlQuoted(parseText) + ".");
  return {*value, delayText};
}

ParsedExprPtr Parser::numberLiteral(bool negative, size_t first) {
  size_t tok = pos_++;
  const Token& t = tokens_[tok];
  std::string lower = t.value;
  std::string raw(t.text);
  char suffix = 0;  // 'l', 's', 'y', 'd', 'f', 'b' (BD), or 0
  if (lower.size() > 2 && lower.compare(lower.size() - 2, 2, "bd") == 0) {
    suffix = 'b';
    lower.resize(lower.size() - 2);
    raw.resize(raw.size() - 2);
  } else if (char c = lower.back(); c == 'l' || c == 's' || c == 'y' || c == 'd' || c == 'f') {
    suffix = c;
    lower.pop_back();
    raw.pop_back();
  }
  std::string signedRaw = (negative ? "-" : "") + raw;
  bool fractional = lower.find_first_of(".e") != std::string::npos;

  auto rangeError = [&](const char* min, const char* max, const char* type) {
    raiseAt(first, "INVALID_NUMERIC_LITERAL_RANGE", numericRangeMessage(signedRaw, min, max, type));
  };
  auto precisionError = [&](int precision) {
    raiseAt(first, "DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION",
            "Decimal precision " + std::to_string(precision) + " exceeds max precision 38.");
  };

  if (suffix == 'd' || suffix == 'f' || (suffix == 0 && lower.find('e') != std::string::npos)) {
    double v = std::strtod(lower.c_str(), nullptr);
    if (negative) v = -v;
    if (suffix == 'f') {
      if (!std::isfinite(v) || std::fabs(v) > std::numeric_limits<float>::max())
        rangeError("-3.4028234663852886E+38", "3.4028234663852886E+38", "float");
      return literal(Value(static_cast<double>(static_cast<float>(v))), DataType::floatType(),
                     first);
    }
    if (!std::isfinite(v))
      rangeError("-1.7976931348623157E+308", "1.7976931348623157E+308", "double");
    return literal(Value(v), DataType::doubleType(), first);
  }

  // Exact decimal arithmetic: unscaled digits and a scale, as java.math.BigDecimal.
  std::string mantissa = lower;
  int64_t exponent = 0;
  if (size_t e = mantissa.find('e'); e != std::string::npos) {
    std::string expText = mantissa.substr(e + 1);
    mantissa.resize(e);
    if (expText.size() > 6) precisionError(kMaxDecimalPrecision + 1);
    exponent = std::stoll(expText);
  }
  std::string digits;
  int64_t scale = 0;
  if (size_t dot = mantissa.find('.'); dot != std::string::npos) {
    digits = mantissa.substr(0, dot) + mantissa.substr(dot + 1);
    scale = static_cast<int64_t>(mantissa.size() - dot - 1);
  } else {
    digits = mantissa;
  }
  scale -= exponent;
  size_t nonZero = digits.find_first_not_of('0');
  digits = nonZero == std::string::npos ? "0" : digits.substr(nonZero);
  if (scale < 0) {
    if (digits != "0") digits.append(static_cast<size_t>(-scale), '0');
    scale = 0;
  }
  int precision = static_cast<int>(std::min<size_t>(digits.size(), 1000));

  if (!fractional && suffix != 'b') {
    // Integral literals: INT if it fits, else BIGINT, else DECIMAL(p, 0); suffixes fix the type.
    bool tooLong = digits.size() > 19;
    Int128 magnitude = 0;
    if (!tooLong)
      for (char c : digits) magnitude = magnitude * 10 + (c - '0');
    Int128 v = negative ? -magnitude : magnitude;
    auto inRange = [&](int64_t min, int64_t max) { return !tooLong && v >= min && v <= max; };
    switch (suffix) {
      case 'l':
        if (!inRange(std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()))
          rangeError("-9223372036854775808", "9223372036854775807", "bigint");
        return literal(Value(static_cast<int64_t>(v)), DataType::longType(), first);
      case 's':
        if (!inRange(-32768, 32767)) rangeError("-32768", "32767", "smallint");
        return literal(Value(static_cast<int64_t>(v)), DataType::shortType(), first);
      case 'y':
        if (!inRange(-128, 127)) rangeError("-128", "127", "tinyint");
        return literal(Value(static_cast<int64_t>(v)), DataType::byte(), first);
      default:
        break;
    }
    if (inRange(std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max()))
      return literal(Value(static_cast<int64_t>(v)), DataType::integer(), first);
    if (inRange(std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()))
      return literal(Value(static_cast<int64_t>(v)), DataType::longType(), first);
  }
  int typePrecision = std::max<int64_t>(precision, scale) > 1000
                          ? 1000
                          : static_cast<int>(std::max<int64_t>(precision, scale));
  if (typePrecision > kMaxDecimalPrecision) precisionError(typePrecision);
  Int128 unscaled = 0;
  for (char c : digits) unscaled = unscaled * 10 + (c - '0');
  if (negative) unscaled = -unscaled;
  return literal(Value(unscaled), DataType::decimal(typePrecision, static_cast<int>(scale)), first);
}

}  // namespace spate::sql_parser
