#include "connector/file/csv_options.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>

#include "common/error.h"
#include "common/strings.h"

namespace spate {

namespace {

size_t utf8Length(std::string_view s) {
  size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

size_t utf8CharBytes(std::string_view s, size_t i) {
  auto b = static_cast<unsigned char>(s[i]);
  size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
  return std::min(n, s.size() - i);
}

// CSVExprUtils.toChar: one character of a delimiter, with Java-style escapes.
std::string delimiterChar(std::string_view s) {
  if (s == "\\")
    throw IllegalArgumentException(
        "Single backslash is prohibited. It has special meaning as beginning of an escape "
        "sequence. To get the backslash character, pass a string with two backslashes as the "
        "delimiter.");
  if (utf8Length(s) == 1) return std::string(s);
  if (s.size() == 2 && s[0] == '\\') {
    switch (s[1]) {
      case 't':
        return "\t";
      case 'r':
        return "\r";
      case 'b':
        return "\b";
      case 'f':
        return "\f";
      case '"':
        return "\"";
      case '\'':
        return "'";
      case '\\':
        return "\\";
      default:
        break;
    }
  }
  if (!s.empty() && s[0] == '\\')
    throw IllegalArgumentException("Unsupported special character for delimiter: " +
                                   std::string(s));
  throw IllegalArgumentException("Delimiter cannot be more than one character: " + std::string(s));
}

// CSVExprUtils.toDelimiterStr: each character or backslash escape of the option, in turn.
std::string delimiterString(std::string_view s) {
  if (s.empty()) throw IllegalArgumentException("Delimiter cannot be empty string");
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    size_t n = s[i] == '\\' ? std::min<size_t>(2, s.size() - i) : utf8CharBytes(s, i);
    out += delimiterChar(s.substr(i, n));
    i += n;
  }
  return out;
}

// CSVOptions.getChar: absent → default, "" → '\0' (off), one character → it.
char optionChar(const FileOptions& options, std::string_view name, char fallback) {
  auto value = options.get(name);
  if (!value) return fallback;
  if (value->empty()) return '\0';
  if (value->size() == 1) return (*value)[0];
  if (utf8Length(*value) == 1)
    throw IllegalArgumentException(std::string(name) +
                                   " must be an ASCII character in Spate: " + *value);
  throw IllegalArgumentException(std::string(name) + " cannot be more than one character");
}

ParseMode parseModeOf(std::string_view name) {
  // ParseMode.fromString: unknown names fall back to PERMISSIVE (Spark logs a warning).
  if (equalsIgnoreCase(name, "DROPMALFORMED")) return ParseMode::kDropMalformed;
  if (equalsIgnoreCase(name, "FAILFAST")) return ParseMode::kFailFast;
  return ParseMode::kPermissive;
}

UnescapedQuoteHandling quoteHandlingOf(std::string_view name) {
  std::string upper = toUpper(name);
  if (upper == "STOP_AT_DELIMITER") return UnescapedQuoteHandling::kStopAtDelimiter;
  if (upper == "STOP_AT_CLOSING_QUOTE") return UnescapedQuoteHandling::kStopAtClosingQuote;
  if (upper == "BACK_TO_DELIMITER") return UnescapedQuoteHandling::kBackToDelimiter;
  if (upper == "SKIP_VALUE") return UnescapedQuoteHandling::kSkipValue;
  if (upper == "RAISE_ERROR") return UnescapedQuoteHandling::kRaiseError;
  throw IllegalArgumentException(
      "No enum constant com.univocity.parsers.csv.UnescapedQuoteHandling." + upper);
}

double parseRatio(const std::string& text) {
  std::string trimmed(trimWhitespace(text));
  char* end = nullptr;
  errno = 0;
  double value = std::strtod(trimmed.c_str(), &end);
  if (trimmed.empty() || *end != '\0')
    throw IllegalArgumentException("For input string: \"" + text + "\"");
  return value;
}

}  // namespace

CsvReadOptions CsvReadOptions::parse(const FileOptions& options, const TimeZone& sessionZone) {
  CsvReadOptions o;
  CsvFormat& f = o.format;
  auto sep = options.get("sep");
  if (!sep) sep = options.get("delimiter");
  f.delimiter = delimiterString(sep ? *sep : ",");
  f.quote = optionChar(options, "quote", '"');
  f.escape = optionChar(options, "escape", '\\');
  auto escapeEscape = options.get("charToEscapeQuoteEscaping");
  if (escapeEscape && !escapeEscape->empty()) {
    if (escapeEscape->size() != 1)
      throw IllegalArgumentException("charToEscapeQuoteEscaping cannot be more than one character");
    f.escapeEscape = (*escapeEscape)[0];
  } else {
    // univocity's default: the escape itself, unless it is the quote.
    f.escapeEscape = f.quote == f.escape ? '\0' : f.escape;
  }
  auto comment = options.get("comment");
  f.comment = comment && comment->size() == 1 ? (*comment)[0] : '\0';
  if (comment && comment->size() > 1) optionChar(options, "comment", '\0');  // throws
  f.ignoreLeadingWhiteSpace = options.getBool("ignoreLeadingWhiteSpace", false);
  f.ignoreTrailingWhiteSpace = options.getBool("ignoreTrailingWhiteSpace", false);
  f.multiLine = options.getBool("multiLine", false);
  if (auto lineSep = options.get("lineSep")) {
    if (lineSep->empty())
      throw IllegalArgumentException("requirement failed: 'lineSep' cannot be an empty string.");
    if (utf8Length(*lineSep) > 2)
      throw IllegalArgumentException("requirement failed: 'lineSep' can contain only 1 character.");
    f.lineSep = *lineSep;
  }
  if (auto handling = options.get("unescapedQuoteHandling"))
    f.unescapedQuoteHandling = quoteHandlingOf(*handling);

  o.header = options.getBool("header", false);
  o.inferSchema = options.getBool("inferSchema", false);
  o.enforceSchema = options.getBool("enforceSchema", true);
  o.preferDate = options.getBool("preferDate", true);
  o.nullValue = options.getOr("nullValue", "");
  o.emptyValue = options.getOr("emptyValue", "");
  o.nanValue = options.getOr("nanValue", "NaN");
  o.positiveInf = options.getOr("positiveInf", "Inf");
  o.negativeInf = options.getOr("negativeInf", "-Inf");
  if (auto mode = options.get("mode")) o.mode = parseModeOf(*mode);
  o.columnNameOfCorruptRecord = options.getOr("columnNameOfCorruptRecord", "_corrupt_record");
  auto charset = options.get("encoding");
  if (!charset) charset = options.get("charset");
  if (charset) o.charset = *charset;
  if (auto ratio = options.get("samplingRatio")) o.samplingRatio = parseRatio(*ratio);

  if (auto pattern = options.get("dateFormat")) o.dateFormat = DateTimePattern::compile(*pattern, true);
  if (auto pattern = options.get("timestampFormat"))
    o.timestampFormat = DateTimePattern::compile(*pattern, true);
  auto fallback = options.get("enableDateTimeParsingFallback");
  if (fallback) {
    bool enabled = options.getBool("enableDateTimeParsingFallback", false);
    o.dateFallback = o.timestampFallback = enabled;
  } else {
    o.dateFallback = !o.dateFormat;
    o.timestampFallback = !o.timestampFormat;
  }
  if (auto zoneId = options.get("timeZone")) {
    o.zoneOverride = TimeZone::of(*zoneId);
    if (!o.zoneOverride) throw IllegalArgumentException("Unknown time-zone ID: " + *zoneId);
    o.zone = o.zoneOverride.get();
  } else {
    o.zone = &sessionZone;
  }
  return o;
}

}  // namespace spate
