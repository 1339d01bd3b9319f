// CAST(string AS x) with Spark's non-ANSI parsers: invalid text or overflow gives NULL.
#include <charconv>
#include <cstdlib>
#include <limits>
#include <optional>
#include <string>

#include "common/error.h"
#include "common/strings.h"
#include "expression/cast_kernels.h"
#include "expression/decimal.h"

namespace spate {

namespace {

// UTF8String's trimAll and integer parsers skip whitespace and ISO control characters.
inline bool isSpaceOrControl(char c) {
  auto u = static_cast<unsigned char>(c);
  return u <= ' ' || u == 0x7f;
}

std::string_view trimSpaceOrControl(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && isSpaceOrControl(s[b])) ++b;
  while (e > b && isSpaceOrControl(s[e - 1])) --e;
  return s.substr(b, e - b);
}

// UTF8String.toLong / toInt: optional sign, digits, and an optional '.' followed by digits that
// are checked and dropped ("1.9" → 1, "." → 0); overflow fails.
template <typename T>
std::optional<T> parseIntegral(std::string_view text) {
  std::string_view s = trimSpaceOrControl(text);
  if (s.empty()) return std::nullopt;
  size_t i = 0;
  bool negative = s[0] == '-';
  if (negative || s[0] == '+') {
    if (s.size() == 1) return std::nullopt;
    ++i;
  }
  // Accumulate negatively so that the minimum value fits, as Spark does.
  constexpr T kStop = std::numeric_limits<T>::min() / 10;
  T result = 0;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '.') {
      ++i;
      break;
    }
    if (c < '0' || c > '9') return std::nullopt;
    if (result < kStop) return std::nullopt;
    T digit = static_cast<T>(c - '0');
    if (result * 10 < std::numeric_limits<T>::min() + digit) return std::nullopt;
    result = static_cast<T>(result * 10 - digit);
  }
  for (; i < s.size(); ++i)
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  if (!negative) {
    if (result == std::numeric_limits<T>::min()) return std::nullopt;
    result = -result;
  }
  return result;
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isHexDigit(char c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Checks Java's FloatingDecimal grammar for the unsigned part of a number and returns the length
// of the part to convert (without a trailing f/F/d/D), or 0 when the text is not a number.
size_t javaDecimalLength(std::string_view s) {
  size_t i = 0, digits = 0;
  while (i < s.size() && isDigit(s[i])) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && isDigit(s[i])) ++i, ++digits;
  }
  if (digits == 0) return 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t start = i;
    while (i < s.size() && isDigit(s[i])) ++i;
    if (i == start) return 0;
  }
  size_t length = i;
  if (i < s.size() && (s[i] == 'f' || s[i] == 'F' || s[i] == 'd' || s[i] == 'D')) ++i;
  return i == s.size() ? length : 0;
}

// Hexadecimal significand "0x1.8p3": returns the length after "0x" to convert, or 0.
size_t javaHexLength(std::string_view s) {
  size_t i = 0, digits = 0;
  while (i < s.size() && isHexDigit(s[i])) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && isHexDigit(s[i])) ++i, ++digits;
  }
  if (digits == 0 || i == s.size() || (s[i] != 'p' && s[i] != 'P')) return 0;
  ++i;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  size_t start = i;
  while (i < s.size() && isDigit(s[i])) ++i;
  if (i == start) return 0;
  size_t length = i;
  if (i < s.size() && (s[i] == 'f' || s[i] == 'F' || s[i] == 'd' || s[i] == 'D')) ++i;
  return i == s.size() ? length : 0;
}

template <typename T>
T convertFloating(std::string_view number, std::chars_format format) {
  T value{};
  auto r = std::from_chars(number.data(), number.data() + number.size(), value, format);
  if (r.ec == std::errc::result_out_of_range) {
    // Java rounds to infinity or zero; strtod does the same.
    std::string copy(number);
    if (format == std::chars_format::hex) copy.insert(0, "0x");
    if constexpr (std::is_same_v<T, float>)
      return std::strtof(copy.c_str(), nullptr);
    else
      return std::strtod(copy.c_str(), nullptr);
  }
  return value;
}

// Java's Double.parseDouble / Float.parseFloat, then Spark's case-insensitive special literals.
template <typename T>
std::optional<T> parseFloating(std::string_view text) {
  std::string_view s = trimWhitespace(text);
  if (s.empty()) return std::nullopt;
  std::string_view body = s;
  bool negative = false;
  if (body[0] == '+' || body[0] == '-') {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  if (body == "NaN") return std::numeric_limits<T>::quiet_NaN();
  if (body == "Infinity")
    return negative ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::infinity();
  if (body.size() > 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X')) {
    if (size_t n = javaHexLength(body.substr(2))) {
      T v = convertFloating<T>(body.substr(2, n), std::chars_format::hex);
      return negative ? -v : v;
    }
  } else if (size_t n = javaDecimalLength(body)) {
    T v = convertFloating<T>(body.substr(0, n), std::chars_format::general);
    return negative ? -v : v;
  }
  std::string lower = toLower(s);
  if (lower == "inf" || lower == "+inf" || lower == "infinity" || lower == "+infinity")
    return std::numeric_limits<T>::infinity();
  if (lower == "-inf" || lower == "-infinity") return -std::numeric_limits<T>::infinity();
  if (lower == "nan") return std::numeric_limits<T>::quiet_NaN();
  return std::nullopt;
}

std::optional<bool> parseBoolean(std::string_view text) {
  std::string_view s = trimSpaceOrControl(text);
  if (s.size() > 5) return std::nullopt;
  std::string lower = toLower(s);
  if (lower == "t" || lower == "true" || lower == "y" || lower == "yes" || lower == "1")
    return true;
  if (lower == "f" || lower == "false" || lower == "n" || lower == "no" || lower == "0")
    return false;
  return std::nullopt;
}

// Applies `parse` (string_view → std::optional<Out>) to each valid row.
template <typename Out, typename F>
ColumnPtr parseRows(const Column& in, const TypePtr& to, F&& parse) {
  auto out = makeFixedOutput(in, to);
  Out* dst = out->mutableData().template as<Out>();
  for (int64_t i = 0, n = in.size(); i < n; ++i) {
    dst[i] = Out{};
    if (in.isNull(i)) continue;
    auto r = parse(in.stringAt(i));
    if (r)
      dst[i] = static_cast<Out>(*r);
    else
      out->setNull(i);
  }
  return out;
}

template <typename Out>
ColumnPtr parseSmallIntegral(const Column& in, const TypePtr& to) {
  return parseRows<Out>(in, to, [](std::string_view s) -> std::optional<Out> {
    auto v = parseIntegral<int32_t>(s);
    if (!v || *v < std::numeric_limits<Out>::min() || *v > std::numeric_limits<Out>::max())
      return std::nullopt;
    return static_cast<Out>(*v);
  });
}

}  // namespace

ColumnPtr castStringColumn(const Column& in, const TypePtr& to, const EvalContext& context) {
  switch (to->id()) {
    case TypeId::kBoolean:
      return parseRows<uint8_t>(in, to, parseBoolean);
    case TypeId::kByte:
      return parseSmallIntegral<int8_t>(in, to);
    case TypeId::kShort:
      return parseSmallIntegral<int16_t>(in, to);
    case TypeId::kInt:
      return parseRows<int32_t>(in, to, parseIntegral<int32_t>);
    case TypeId::kLong:
      return parseRows<int64_t>(in, to, parseIntegral<int64_t>);
    case TypeId::kFloat:
      return parseRows<float>(in, to, parseFloating<float>);
    case TypeId::kDouble:
      return parseRows<double>(in, to, parseFloating<double>);
    case TypeId::kDecimal: {
      int p = to->precision(), s = to->scale();
      return parseRows<Int128>(in, to, [p, s](std::string_view text) {
        return parseDecimal(trimWhitespace(text), p, s);
      });
    }
    case TypeId::kDate:
      return parseRows<int32_t>(in, to, parseDate);
    case TypeId::kTimestamp: {
      const TimeZone& zone = *context.timeZone;
      return parseRows<int64_t>(
          in, to, [&zone](std::string_view text) { return parseTimestamp(text, zone); });
    }
    case TypeId::kInterval:
      return parseRows<Interval>(in, to, parseInterval);
    case TypeId::kBinary:
    case TypeId::kString:
      return relabelStringColumn(in, to);
    default:
      break;
  }
  throw InternalError("no cast kernel from string to " + to->simpleString());
}

}  // namespace spate
