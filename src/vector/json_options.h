#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/time.h"

namespace spate {

/// Spark's ParseMode for JSON/CSV records that cannot be parsed.
enum class JsonParseMode { kPermissive, kDropMalformed, kFailFast };

/// Spark's ParseMode.fromString: case-insensitive; unknown names fall back to PERMISSIVE.
JsonParseMode parseModeFromString(std::string_view name);
const char* parseModeName(JsonParseMode mode);

/// A java.time DateTimeFormatter pattern as Spark users write it in `timestampFormat` and
/// `dateFormat`: letters y M L d D H h k K m s S a E X x Z V, quoted literals ('T', ''),
/// optional sections [ ] and any other character as a literal.
class DateTimePattern {
 public:
  /// Throws IllegalArgumentException for letters Spark does not accept.
  explicit DateTimePattern(std::string_view pattern);

  const std::string& pattern() const { return pattern_; }
  std::string formatTimestamp(int64_t utcMicros, const TimeZone& zone) const;
  std::string formatDate(int32_t days) const;
  /// Strict parse of the whole text; fields absent from the pattern default to 1970-01-01
  /// 00:00:00 and a text without an offset is read in `zone`.
  std::optional<int64_t> parseTimestamp(std::string_view text, const TimeZone& zone) const;
  std::optional<int32_t> parseDate(std::string_view text) const;

  struct Token {
    char letter = 0;  // 0 for a literal
    int count = 0;
    std::string literal;
    int optionalDepthChange = 0;  // +1 opens an optional section, -1 closes one
  };

 private:
  std::string pattern_;
  std::vector<Token> tokens_;
};

/// The options of from_json / to_json / schema_of_json and the JSON file source, with Spark's
/// names and defaults (JSONOptions).
struct JsonOptions {
  JsonParseMode mode = JsonParseMode::kPermissive;
  std::string columnNameOfCorruptRecord = "_corrupt_record";
  /// `timeZone` option; null means the session time zone.
  TimeZonePtr timeZone;
  /// `timestampFormat` / `dateFormat`; null means Spark's defaults (lenient cast-style parsing,
  /// and "yyyy-MM-dd'T'HH:mm:ss.SSSXXX" / "yyyy-MM-dd" when writing).
  std::shared_ptr<const DateTimePattern> timestampFormat;
  std::shared_ptr<const DateTimePattern> dateFormat;
  bool allowNonNumericNumbers = true;
  bool allowSingleQuotes = true;
  bool primitivesAsString = false;
  bool prefersDecimal = false;
  bool dropFieldIfAllNull = false;
  bool multiLine = false;
  /// to_json: omit NULL struct fields (spark.sql.jsonGenerator.ignoreNullFields).
  bool ignoreNullFields = true;

  /// Reads Spark's option map (keys case-insensitive). Throws IllegalArgumentException for an
  /// invalid boolean or time zone.
  static JsonOptions fromMap(const std::map<std::string, std::string>& options);
};

}  // namespace spate
