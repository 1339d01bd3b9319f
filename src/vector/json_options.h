#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/datetime_format.h"
#include "common/time.h"

namespace spate {

/// Spark's ParseMode for JSON/CSV records that cannot be parsed.
enum class JsonParseMode { kPermissive, kDropMalformed, kFailFast };

/// Spark's ParseMode.fromString: case-insensitive; unknown names fall back to PERMISSIVE.
JsonParseMode parseModeFromString(std::string_view name);
const char* parseModeName(JsonParseMode mode);

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
  bool allowComments = false;
  bool allowUnquotedControlChars = false;
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
