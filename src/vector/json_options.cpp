#include "vector/json_options.h"

#include <cctype>
#include <cstdio>

#include "common/error.h"
#include "common/strings.h"

namespace spate {

JsonParseMode parseModeFromString(std::string_view name) {
  std::string upper = toUpper(name);
  if (upper == "DROPMALFORMED") return JsonParseMode::kDropMalformed;
  if (upper == "FAILFAST") return JsonParseMode::kFailFast;
  return JsonParseMode::kPermissive;
}

const char* parseModeName(JsonParseMode mode) {
  switch (mode) {
    case JsonParseMode::kPermissive:
      return "PERMISSIVE";
    case JsonParseMode::kDropMalformed:
      return "DROPMALFORMED";
    case JsonParseMode::kFailFast:
      return "FAILFAST";
  }
  return "PERMISSIVE";
}

namespace {

bool parseBoolOption(const std::string& key, const std::string& value) {
  std::string v = toLower(trimWhitespace(value));
  if (v == "true") return true;
  if (v == "false") return false;
  throw IllegalArgumentException(key + " should be a boolean, but got: " + value);
}

}  // namespace

JsonOptions JsonOptions::fromMap(const std::map<std::string, std::string>& options) {
  JsonOptions o;
  for (const auto& [rawKey, value] : options) {
    std::string key = toLower(rawKey);
    if (key == "mode")
      o.mode = parseModeFromString(value);
    else if (key == "columnnameofcorruptrecord")
      o.columnNameOfCorruptRecord = value;
    else if (key == "timezone") {
      o.timeZone = TimeZone::of(value);
      if (!o.timeZone) throw IllegalArgumentException("Invalid time zone: " + value);
    } else if (key == "timestampformat")
      o.timestampFormat = DateTimePattern::compile(value, true);
    else if (key == "dateformat")
      o.dateFormat = DateTimePattern::compile(value, true);
    else if (key == "allownonnumericnumbers")
      o.allowNonNumericNumbers = parseBoolOption(rawKey, value);
    else if (key == "allowsinglequotes")
      o.allowSingleQuotes = parseBoolOption(rawKey, value);
    else if (key == "allowcomments")
      o.allowComments = parseBoolOption(rawKey, value);
    else if (key == "allowunquotedcontrolchars")
      o.allowUnquotedControlChars = parseBoolOption(rawKey, value);
    else if (key == "primitivesasstring")
      o.primitivesAsString = parseBoolOption(rawKey, value);
    else if (key == "prefersdecimal")
      o.prefersDecimal = parseBoolOption(rawKey, value);
    else if (key == "dropfieldifallnull")
      o.dropFieldIfAllNull = parseBoolOption(rawKey, value);
    else if (key == "multiline")
      o.multiLine = parseBoolOption(rawKey, value);
    else if (key == "ignorenullfields")
      o.ignoreNullFields = parseBoolOption(rawKey, value);
  }
  return o;
}

}  // namespace spate
