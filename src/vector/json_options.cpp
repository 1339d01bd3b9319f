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
    case JsonParseMode::kPermissive: return "PERMISSIVE";
    case JsonParseMode::kDropMalformed: return "DROPMALFORMED";
    case JsonParseMode::kFailFast: return "FAILFAST";
  }
  return "PERMISSIVE";
}

namespace {

constexpr std::string_view kLetters = "yuMLdDHhkKmsSaEXxZVzO";
const char* const kMonthNames[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};
const char* const kDayNames[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

void appendPadded(std::string& out, int64_t value, int width) {
  if (value < 0) {
    out += '-';
    value = -value;
  }
  std::string digits = std::to_string(value);
  if (static_cast<int>(digits.size()) < width) out.append(width - digits.size(), '0');
  out += digits;
}

void appendOffset(std::string& out, int64_t offsetSeconds, char letter, int count) {
  if (offsetSeconds == 0 && (letter == 'X' || (letter == 'Z' && count == 5))) {
    out += 'Z';
    return;
  }
  if (letter == 'O' || (letter == 'Z' && count == 4)) {
    out += "GMT";
    if (offsetSeconds == 0) return;
  }
  out += offsetSeconds < 0 ? '-' : '+';
  int64_t a = offsetSeconds < 0 ? -offsetSeconds : offsetSeconds;
  int64_t hours = a / 3600, minutes = a / 60 % 60, seconds = a % 60;
  if (letter == 'O' && count == 1) {
    out += std::to_string(hours);
    if (minutes || seconds) {
      out += ':';
      appendPadded(out, minutes, 2);
    }
    return;
  }
  appendPadded(out, hours, 2);
  bool colon = (letter == 'X' || letter == 'x') ? (count == 3 || count == 5)
                                                : (count >= 4);  // Z: ZZZZ/ZZZZZ use colons
  if ((letter == 'X' || letter == 'x') && count == 1) {
    if (minutes) appendPadded(out, minutes, 2);
    return;
  }
  if (colon) out += ':';
  appendPadded(out, minutes, 2);
  if (seconds && (count == 4 || count == 5)) {
    if (colon) out += ':';
    appendPadded(out, seconds, 2);
  }
}

struct Fields {
  int64_t year = 1970;
  int month = 1, day = 1, dayOfYear = 0;
  int hour = 0, minute = 0, second = 0;
  int64_t nanos = 0;
  int amPm = -1;  // 0 AM, 1 PM
  bool hour12 = false;
  std::optional<int64_t> offsetSeconds;
  TimeZonePtr zone;
};

bool iequalsPrefix(std::string_view text, size_t pos, std::string_view word) {
  if (text.size() - pos < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[pos + i])) != std::tolower(static_cast<unsigned char>(word[i])))
      return false;
  return true;
}

bool readDigits(std::string_view text, size_t& pos, int minDigits, int maxDigits, int64_t& value) {
  size_t start = pos;
  value = 0;
  while (pos < text.size() && static_cast<int>(pos - start) < maxDigits &&
         std::isdigit(static_cast<unsigned char>(text[pos])))
    value = value * 10 + (text[pos++] - '0');
  if (static_cast<int>(pos - start) >= minDigits) return true;
  pos = start;
  return false;
}

bool parseOffset(std::string_view text, size_t& pos, char letter, int64_t& offset) {
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z') && letter != 'x') {
    ++pos;
    offset = 0;
    return true;
  }
  if (iequalsPrefix(text, pos, "GMT") || iequalsPrefix(text, pos, "UTC")) {
    pos += 3;
    if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) {
      offset = 0;
      return true;
    }
  }
  if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) return false;
  int sign = text[pos++] == '-' ? -1 : 1;
  int64_t hours = 0, minutes = 0, seconds = 0;
  if (!readDigits(text, pos, 1, 2, hours)) return false;
  bool colon = pos < text.size() && text[pos] == ':';
  if (colon) ++pos;
  if (readDigits(text, pos, 2, 2, minutes)) {
    bool colon2 = pos < text.size() && text[pos] == ':';
    size_t save = pos;
    if (colon2) ++pos;
    if (!readDigits(text, pos, 2, 2, seconds)) {
      pos = save;
      seconds = 0;
    }
  } else if (colon) {
    return false;
  }
  if (hours > 18 || minutes > 59 || seconds > 59) return false;
  offset = sign * (hours * 3600 + minutes * 60 + seconds);
  return true;
}

class PatternParser {
 public:
  PatternParser(const std::vector<DateTimePattern::Token>& tokens, std::string_view text)
      : tokens_(tokens), text_(text) {}

  bool parse(Fields& f) {
    size_t pos = 0;
    if (!parseRange(0, tokens_.size(), pos, f)) return false;
    return pos == text_.size();
  }

 private:
  // Index just past the token that closes the optional section opened at `open`.
  size_t sectionEnd(size_t open) const {
    int depth = 0;
    for (size_t i = open; i < tokens_.size(); ++i) {
      depth += tokens_[i].optionalDepthChange;
      if (depth == 0) return i + 1;
    }
    return tokens_.size();
  }

  bool parseRange(size_t begin, size_t end, size_t& pos, Fields& f) {
    for (size_t i = begin; i < end; ++i) {
      const auto& t = tokens_[i];
      if (t.optionalDepthChange > 0) {
        size_t close = sectionEnd(i);
        size_t savePos = pos;
        Fields saveFields = f;
        if (!parseRange(i + 1, close - 1, pos, f)) {
          pos = savePos;
          f = saveFields;
        }
        i = close - 1;
        continue;
      }
      if (t.optionalDepthChange < 0) continue;
      if (!parseToken(t, pos, f)) return false;
    }
    return true;
  }

  bool parseToken(const DateTimePattern::Token& t, size_t& pos, Fields& f) {
    std::string_view s = text_;
    if (t.letter == 0) {
      if (!iequalsPrefix(s, pos, t.literal)) return false;
      pos += t.literal.size();
      return true;
    }
    int64_t v = 0;
    int fixed = t.count >= 2 ? t.count : 0;
    switch (t.letter) {
      case 'y':
      case 'u': {
        bool negative = false;
        if (pos < s.size() && (s[pos] == '-' || s[pos] == '+') && t.count != 2) negative = s[pos++] == '-';
        if (t.count == 2) {
          if (!readDigits(s, pos, 2, 2, v)) return false;
          f.year = 2000 + v;
        } else {
          if (!readDigits(s, pos, t.count == 1 ? 1 : t.count, 9, v)) return false;
          f.year = negative ? -v : v;
        }
        return true;
      }
      case 'M':
      case 'L':
        if (t.count >= 3) {
          for (int m = 0; m < 12; ++m) {
            std::string_view name = kMonthNames[m];
            if (t.count == 3) name = name.substr(0, 3);
            if (iequalsPrefix(s, pos, name)) {
              pos += name.size();
              f.month = m + 1;
              return true;
            }
          }
          return false;
        }
        if (!readDigits(s, pos, fixed ? 2 : 1, 2, v)) return false;
        f.month = static_cast<int>(v);
        return true;
      case 'd':
        if (!readDigits(s, pos, fixed ? 2 : 1, 2, v)) return false;
        f.day = static_cast<int>(v);
        return true;
      case 'D':
        if (!readDigits(s, pos, t.count, 3, v)) return false;
        f.dayOfYear = static_cast<int>(v);
        return true;
      case 'H':
      case 'k':
        if (!readDigits(s, pos, fixed ? 2 : 1, 2, v)) return false;
        f.hour = static_cast<int>(t.letter == 'k' && v == 24 ? 0 : v);
        return true;
      case 'h':
      case 'K':
        if (!readDigits(s, pos, fixed ? 2 : 1, 2, v)) return false;
        f.hour = static_cast<int>(t.letter == 'h' && v == 12 ? 0 : v);
        f.hour12 = true;
        return true;
      case 'm':
        if (!readDigits(s, pos, fixed ? 2 : 1, 2, v)) return false;
        f.minute = static_cast<int>(v);
        return true;
      case 's':
        if (!readDigits(s, pos, fixed ? 2 : 1, 2, v)) return false;
        f.second = static_cast<int>(v);
        return true;
      case 'S': {
        // Spark parses a run of S as a fraction of 1..count digits.
        size_t start = pos;
        if (!readDigits(s, pos, 1, t.count, v)) return false;
        int digits = static_cast<int>(pos - start);
        for (int i = digits; i < 9; ++i) v *= 10;
        f.nanos = v;
        return true;
      }
      case 'a':
        if (iequalsPrefix(s, pos, "AM")) f.amPm = 0;
        else if (iequalsPrefix(s, pos, "PM")) f.amPm = 1;
        else return false;
        pos += 2;
        return true;
      case 'E':
        for (const char* day : kDayNames) {
          std::string_view name = day;
          if (t.count <= 3) name = name.substr(0, 3);
          if (iequalsPrefix(s, pos, name)) {
            pos += name.size();
            return true;
          }
        }
        return false;
      case 'X':
      case 'x':
      case 'Z':
      case 'O': {
        int64_t offset = 0;
        if (!parseOffset(s, pos, t.letter, offset)) return false;
        f.offsetSeconds = offset;
        return true;
      }
      case 'V':
      case 'z': {
        size_t start = pos;
        while (pos < s.size() && (std::isalnum(static_cast<unsigned char>(s[pos])) || s[pos] == '/' ||
                                  s[pos] == '_' || s[pos] == '+' || s[pos] == '-' || s[pos] == ':'))
          ++pos;
        f.zone = TimeZone::of(s.substr(start, pos - start));
        return f.zone != nullptr;
      }
    }
    return false;
  }

  const std::vector<DateTimePattern::Token>& tokens_;
  std::string_view text_;
};

// Days since the epoch of the parsed date fields, or nullopt when they are not a valid date.
std::optional<int32_t> resolveDate(Fields& f) {
  if (f.year < -290000 || f.year > 290000) return std::nullopt;
  int32_t year = static_cast<int32_t>(f.year);
  if (f.dayOfYear > 0) {
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (f.dayOfYear > (leap ? 366 : 365)) return std::nullopt;
    return daysFromCivil(year, 1, 1) + f.dayOfYear - 1;
  }
  if (!isValidCivilDate(year, f.month, f.day)) return std::nullopt;
  return daysFromCivil(year, f.month, f.day);
}

}  // namespace

DateTimePattern::DateTimePattern(std::string_view pattern) : pattern_(pattern) {
  int depth = 0;
  for (size_t i = 0; i < pattern.size();) {
    char c = pattern[i];
    if (std::isalpha(static_cast<unsigned char>(c))) {
      if (kLetters.find(c) == std::string_view::npos)
        throw IllegalArgumentException(std::string("Unknown pattern letter: ") + c);
      size_t j = i;
      while (j < pattern.size() && pattern[j] == c) ++j;
      tokens_.push_back({c, static_cast<int>(j - i), "", 0});
      i = j;
    } else if (c == '\'') {
      size_t j = i + 1;
      std::string literal;
      for (;;) {
        if (j >= pattern.size())
          throw IllegalArgumentException("Pattern ends with an incomplete string literal: " + pattern_);
        if (pattern[j] == '\'') {
          if (j + 1 < pattern.size() && pattern[j + 1] == '\'') {
            literal += '\'';
            j += 2;
            continue;
          }
          break;
        }
        literal += pattern[j++];
      }
      if (j == i + 1) literal = "'";  // '' is a quote
      tokens_.push_back({0, 0, literal, 0});
      i = j + 1;
    } else if (c == '[') {
      ++depth;
      tokens_.push_back({0, 0, "", 1});
      ++i;
    } else if (c == ']') {
      if (depth == 0) throw IllegalArgumentException("Pattern invalid as it contains ] without previous [");
      --depth;
      tokens_.push_back({0, 0, "", -1});
      ++i;
    } else {
      if (!tokens_.empty() && tokens_.back().letter == 0 && tokens_.back().optionalDepthChange == 0 &&
          !tokens_.back().literal.empty())
        tokens_.back().literal += c;
      else
        tokens_.push_back({0, 0, std::string(1, c), 0});
      ++i;
    }
  }
  while (depth-- > 0) tokens_.push_back({0, 0, "", -1});
}

std::string DateTimePattern::formatTimestamp(int64_t utcMicros, const TimeZone& zone) const {
  int64_t offsetMicros = zone.offsetAtUtc(utcMicros);
  int64_t local = utcMicros + offsetMicros;
  int32_t days = static_cast<int32_t>(floorDiv(local, kMicrosPerDay));
  int64_t timeOfDay = floorMod(local, kMicrosPerDay);
  CivilDate date = civilFromDays(days);
  int hour = static_cast<int>(timeOfDay / kMicrosPerHour);
  int minute = static_cast<int>(timeOfDay / kMicrosPerMinute % 60);
  int second = static_cast<int>(timeOfDay / kMicrosPerSecond % 60);
  int64_t micros = timeOfDay % kMicrosPerSecond;
  std::string out;
  for (const auto& t : tokens_) {
    if (t.optionalDepthChange) continue;
    if (t.letter == 0) {
      out += t.literal;
      continue;
    }
    switch (t.letter) {
      case 'y':
      case 'u':
        if (t.count == 2) {
          appendPadded(out, ((date.year % 100) + 100) % 100, 2);
        } else {
          if (t.count >= 4 && date.year > 9999) out += '+';
          appendPadded(out, date.year, t.count == 1 ? 1 : t.count);
        }
        break;
      case 'M':
      case 'L':
        if (t.count >= 4) out += kMonthNames[date.month - 1];
        else if (t.count == 3) out += std::string_view(kMonthNames[date.month - 1]).substr(0, 3);
        else appendPadded(out, date.month, t.count);
        break;
      case 'd': appendPadded(out, date.day, t.count); break;
      case 'D': appendPadded(out, days - daysFromCivil(date.year, 1, 1) + 1, t.count); break;
      case 'H': appendPadded(out, hour, t.count); break;
      case 'k': appendPadded(out, hour == 0 ? 24 : hour, t.count); break;
      case 'h': appendPadded(out, hour % 12 == 0 ? 12 : hour % 12, t.count); break;
      case 'K': appendPadded(out, hour % 12, t.count); break;
      case 'm': appendPadded(out, minute, t.count); break;
      case 's': appendPadded(out, second, t.count); break;
      case 'S': {
        char digits[16];
        std::snprintf(digits, sizeof digits, "%06lld000", static_cast<long long>(micros));
        out.append(digits, std::min(t.count, 9));
        for (int i = 9; i < t.count; ++i) out += '0';
        break;
      }
      case 'a': out += hour < 12 ? "AM" : "PM"; break;
      case 'E': {
        int dow = static_cast<int>(floorMod(days + 3, 7));  // 1970-01-01 was a Thursday
        std::string_view name = kDayNames[dow];
        out += t.count <= 3 ? name.substr(0, 3) : name;
        break;
      }
      case 'X':
      case 'x':
      case 'Z':
      case 'O': appendOffset(out, offsetMicros / kMicrosPerSecond, t.letter, t.count); break;
      case 'V':
      case 'z': out += zone.id(); break;
    }
  }
  return out;
}

std::string DateTimePattern::formatDate(int32_t days) const {
  return formatTimestamp(static_cast<int64_t>(days) * kMicrosPerDay, *TimeZone::utc());
}

std::optional<int64_t> DateTimePattern::parseTimestamp(std::string_view text, const TimeZone& zone) const {
  Fields f;
  if (!PatternParser(tokens_, text).parse(f)) return std::nullopt;
  if (f.hour12) {
    if (f.hour > 11) return std::nullopt;
    if (f.amPm == 1) f.hour += 12;
  } else if (f.amPm == 1 && f.hour < 12) {
    f.hour += 12;
  }
  if (f.hour > 23 || f.minute > 59 || f.second > 59) return std::nullopt;
  auto days = resolveDate(f);
  if (!days) return std::nullopt;
  int64_t local = *days * kMicrosPerDay + f.hour * kMicrosPerHour + f.minute * kMicrosPerMinute +
                  f.second * kMicrosPerSecond + f.nanos / 1000;
  if (f.offsetSeconds) return local - *f.offsetSeconds * kMicrosPerSecond;
  if (f.zone) return f.zone->localToUtc(local);
  return zone.localToUtc(local);
}

std::optional<int32_t> DateTimePattern::parseDate(std::string_view text) const {
  Fields f;
  if (!PatternParser(tokens_, text).parse(f)) return std::nullopt;
  if (f.hour > 23 || f.minute > 59 || f.second > 59) return std::nullopt;
  return resolveDate(f);
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
    if (key == "mode") o.mode = parseModeFromString(value);
    else if (key == "columnnameofcorruptrecord") o.columnNameOfCorruptRecord = value;
    else if (key == "timezone") {
      o.timeZone = TimeZone::of(value);
      if (!o.timeZone) throw IllegalArgumentException("Invalid time zone: " + value);
    } else if (key == "timestampformat") o.timestampFormat = std::make_shared<DateTimePattern>(value);
    else if (key == "dateformat") o.dateFormat = std::make_shared<DateTimePattern>(value);
    else if (key == "allownonnumericnumbers") o.allowNonNumericNumbers = parseBoolOption(rawKey, value);
    else if (key == "allowsinglequotes") o.allowSingleQuotes = parseBoolOption(rawKey, value);
    else if (key == "primitivesasstring") o.primitivesAsString = parseBoolOption(rawKey, value);
    else if (key == "prefersdecimal") o.prefersDecimal = parseBoolOption(rawKey, value);
    else if (key == "dropfieldifallnull") o.dropFieldIfAllNull = parseBoolOption(rawKey, value);
    else if (key == "multiline") o.multiLine = parseBoolOption(rawKey, value);
    else if (key == "ignorenullfields") o.ignoreNullFields = parseBoolOption(rawKey, value);
  }
  return o;
}

}  // namespace spate
