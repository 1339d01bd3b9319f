#include "connector/api/option_values.h"

#include <limits>

#include "common/error.h"
#include "common/strings.h"

namespace spate::connector {

namespace {

[[noreturn]] void throwNumberFormat(std::string_view text) {
  throw IllegalArgumentException("For input string: \"" + std::string(text) + "\"");
}

// Parses Java's decimal integer syntax into [min, max]; nullopt when invalid or out of range.
std::optional<int64_t> parseDecimal(std::string_view text, int64_t min, int64_t max) {
  if (text.empty()) return std::nullopt;
  size_t i = 0;
  bool negative = false;
  if (text[0] == '-' || text[0] == '+') {
    negative = text[0] == '-';
    if (text.size() == 1) return std::nullopt;
    i = 1;
  }
  // Accumulate negatively so that the minimum value is representable.
  int64_t value = 0;
  int64_t limit = negative ? min : -max;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c < '0' || c > '9') return std::nullopt;
    int digit = c - '0';
    if (value < (limit + digit) / 10) return std::nullopt;
    value = value * 10 - digit;
    if (value < limit) return std::nullopt;
  }
  return negative ? value : -value;
}

}  // namespace

int64_t parseJavaLong(std::string_view text) {
  auto value =
      parseDecimal(text, std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max());
  if (!value) throwNumberFormat(text);
  return *value;
}

int32_t parseJavaInt(std::string_view text) {
  auto value =
      parseDecimal(text, std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max());
  if (!value) throwNumberFormat(text);
  return static_cast<int32_t>(*value);
}

int64_t optionLong(const ConnectorContext& context, const std::string& key, int64_t fallback) {
  auto value = context.option(key);
  return value ? parseJavaLong(*value) : fallback;
}

int32_t optionInt(const ConnectorContext& context, const std::string& key, int32_t fallback) {
  auto value = context.option(key);
  return value ? parseJavaInt(*value) : fallback;
}

bool optionBool(const ConnectorContext& context, const std::string& key, bool fallback) {
  auto value = context.option(key);
  if (!value) return fallback;
  if (equalsIgnoreCase(*value, "true")) return true;
  if (equalsIgnoreCase(*value, "false")) return false;
  throw IllegalArgumentException(*value + " is not a boolean string.");
}

int64_t parseTimeString(std::string_view text, TimeUnit unit) {
  static constexpr const char* kHelp =
      "Time must be specified as seconds (s), milliseconds (ms), microseconds (us), minutes (m or "
      "min), hour (h), or day (d). E.g. 50s, 100ms, or 250us.\n";
  std::string lower = toLower(trimWhitespace(text));
  size_t digitsEnd = lower.starts_with('-') ? 1 : 0;
  size_t digitsStart = digitsEnd;
  while (digitsEnd < lower.size() && lower[digitsEnd] >= '0' && lower[digitsEnd] <= '9')
    ++digitsEnd;
  size_t suffixEnd = digitsEnd;
  while (suffixEnd < lower.size() && lower[suffixEnd] >= 'a' && lower[suffixEnd] <= 'z')
    ++suffixEnd;
  if (digitsEnd == digitsStart || suffixEnd != lower.size())
    throw IllegalArgumentException(std::string(kHelp) +
                                   "Failed to parse time string: " + std::string(text));
  auto number =
      parseDecimal(std::string_view(lower).substr(0, digitsEnd),
                   std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max());
  if (!number)
    throw IllegalArgumentException(std::string(kHelp) + "For input string: \"" +
                                   lower.substr(0, digitsEnd) + "\"");
  std::string suffix = lower.substr(digitsEnd);
  // Microseconds per unit of the suffix; none means `unit` itself.
  int64_t micros;
  if (suffix.empty()) {
    micros = unit == TimeUnit::kMicroseconds ? 1 : unit == TimeUnit::kMilliseconds ? 1000 : 1000000;
  } else if (suffix == "us") {
    micros = 1;
  } else if (suffix == "ms") {
    micros = 1000;
  } else if (suffix == "s") {
    micros = 1000000;
  } else if (suffix == "m" || suffix == "min") {
    micros = 60 * int64_t{1000000};
  } else if (suffix == "h") {
    micros = 3600 * int64_t{1000000};
  } else if (suffix == "d") {
    micros = 86400 * int64_t{1000000};
  } else {
    throw IllegalArgumentException(std::string(kHelp) + "Invalid suffix: \"" + suffix + "\"");
  }
  int64_t target = unit == TimeUnit::kMicroseconds   ? 1
                   : unit == TimeUnit::kMilliseconds ? 1000
                                                     : 1000000;
  // TimeUnit.convert: a larger source unit multiplies with saturation, a smaller one truncates.
  if (micros >= target) {
    int64_t factor = micros / target;
    int64_t result;
    if (__builtin_mul_overflow(*number, factor, &result))
      return *number < 0 ? std::numeric_limits<int64_t>::min()
                         : std::numeric_limits<int64_t>::max();
    return result;
  }
  return *number / (target / micros);
}

void checkUserSchema(const ConnectorContext& context, const SchemaPtr& actual) {
  if (!context.userSchema || context.userSchema->equals(*actual)) return;
  throw AnalysisException(
      "The user-specified schema doesn't match the actual schema:\nuser-specified: " +
      schemaDdl(*context.userSchema) + ", actual: " + schemaDdl(*actual) +
      ". If you're using\nDataFrameReader.schema API or creating a table, please do not specify "
      "the schema.\nOr if you're scanning an existed table, please drop it and re-create it.");
}

std::string schemaDdl(const DataType& schema) {
  std::string out;
  for (const auto& field : schema.fields()) {
    if (!out.empty()) out += ',';
    out += quoteIdentifierIfNeeded(field.name) + " " + field.type->sql();
    if (!field.nullable) out += " NOT NULL";
  }
  return out;
}

}  // namespace spate::connector
