// Parsing with a compiled Spark datetime pattern: java.time's strict, case-insensitive parsers
// (adjacent value parsing included), STRICT field resolution, and Spark's defaults for missing
// fields (1970-01-01 00:00:00 in the session time zone).
#include <array>
#include <unordered_map>

#include "common/datetime_format.h"
#include "common/strings.h"

namespace spate {

namespace {

using Token = DateTimePattern::Token;
using Field = DateTimePattern::Field;
using Kind = DateTimePattern::Kind;
using Sign = DateTimePattern::Sign;

struct Parsed {
  std::array<int64_t, static_cast<size_t>(Field::kCount)> values{};
  uint32_t present = 0;
  int64_t nanos = 0;
  bool hasNanos = false;
  bool hasOffset = false;
  int64_t offsetSeconds = 0;
  TimeZonePtr zone;

  bool has(Field f) const { return present & (1u << static_cast<int>(f)); }
  int64_t get(Field f) const { return values[static_cast<size_t>(f)]; }
  // A field parsed twice must agree with itself (java.time's setParsedField).
  bool set(Field f, int64_t v) {
    if (has(f)) return get(f) == v;
    values[static_cast<size_t>(f)] = v;
    present |= 1u << static_cast<int>(f);
    return true;
  }
};

bool isDigit(char c) { return c >= '0' && c <= '9'; }
char lowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool matchesIgnoreCase(std::string_view text, size_t pos, std::string_view word) {
  if (text.size() - pos < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i)
    if (lowerAscii(text[pos + i]) != lowerAscii(word[i])) return false;
  return true;
}

// NumberPrinterParser.parse in strict mode.
bool parseNumber(const Token& t, std::string_view s, size_t& pos, int64_t& out) {
  size_t p = pos;
  if (p >= s.size()) return false;
  bool negative = false, positive = false;
  if (s[p] == '+') {
    if (t.sign != Sign::kExceedsPad) return false;
    positive = true;
    ++p;
  } else if (s[p] == '-') {
    if (t.sign == Sign::kNotNegative) return false;
    negative = true;
    ++p;
  }
  const size_t start = p;
  const int effMin = t.minWidth;
  int effMax = t.maxWidth + std::max(t.subsequentWidth, 0);
  size_t count = 0;
  for (int pass = 0; pass < 2; ++pass) {
    size_t maxEnd = std::min(start + static_cast<size_t>(effMax), s.size());
    size_t q = start;
    while (q < maxEnd && isDigit(s[q])) ++q;
    count = q - start;
    if (count < static_cast<size_t>(effMin)) return false;
    if (t.subsequentWidth > 0 && pass == 0) {
      // Leave the digits of the fixed-width fields that follow.
      effMax = std::max(effMin, static_cast<int>(count) - t.subsequentWidth);
      continue;
    }
    break;
  }
  int64_t value = 0;
  for (size_t k = start; k < start + count; ++k) {
    if (value > (INT64_MAX - 9) / 10) return false;  // no field accepts such values
    value = value * 10 + (s[k] - '0');
  }
  if (negative) {
    if (value == 0) return false;  // strict parsing rejects "-0"
    value = -value;
  } else if (t.sign == Sign::kExceedsPad) {
    // A sign is required exactly when the digits exceed the pad width.
    if (positive ? count <= static_cast<size_t>(t.minWidth)
                 : count > static_cast<size_t>(t.minWidth))
      return false;
  }
  out = value;
  pos = start + count;
  return true;
}

// Matches the longest of `names` (case-insensitively); returns its index.
int matchName(std::string_view s, size_t& pos, const char* const* names, int n) {
  int best = -1;
  size_t bestLength = 0;
  for (int i = 0; i < n; ++i) {
    std::string_view name = names[i];
    if (name.size() > bestLength && matchesIgnoreCase(s, pos, name)) {
      best = i;
      bestLength = name.size();
    }
  }
  if (best >= 0) pos += bestLength;
  return best;
}

bool parseText(const Token& t, std::string_view s, size_t& pos, Parsed& p) {
  static const char* const kAmPm[] = {"AM", "PM"};
  static const char* const kEraShort[] = {"BC", "AD"};
  static const char* const kEraFull[] = {"Before Christ", "Anno Domini"};
  static const char* const kQuarterShort[] = {"Q1", "Q2", "Q3", "Q4"};
  static const char* const kQuarterFull[] = {"1st quarter", "2nd quarter", "3rd quarter",
                                             "4th quarter"};
  int index;
  switch (t.field) {
    case Field::kMonth:
      index = matchName(s, pos, t.full ? kMonthFullNames : kMonthShortNames, 12);
      return index >= 0 && p.set(Field::kMonth, index + 1);
    case Field::kDayOfWeek:
      index = matchName(s, pos, t.full ? kWeekdayFullNames : kWeekdayShortNames, 7);
      return index >= 0 && p.set(Field::kDayOfWeek, index + 1);
    case Field::kAmPm:
      index = matchName(s, pos, kAmPm, 2);
      return index >= 0 && p.set(Field::kAmPm, index);
    case Field::kEra:
      index = matchName(s, pos, t.full ? kEraFull : kEraShort, 2);
      return index >= 0 && p.set(Field::kEra, index);
    case Field::kQuarter:
      index = matchName(s, pos, t.full ? kQuarterFull : kQuarterShort, 4);
      return index >= 0 && p.set(Field::kQuarter, index + 1);
    default:
      return false;
  }
}

// Two digits 00..59 at pos.
bool twoDigits(std::string_view s, size_t pos, int& out) {
  if (pos + 2 > s.size() || !isDigit(s[pos]) || !isDigit(s[pos + 1])) return false;
  out = (s[pos] - '0') * 10 + (s[pos + 1] - '0');
  return out <= 59;
}

// OffsetIdPrinterParser.parse for Java's patterns "+HH" (0) … "+HH:MM:SS" (8).
bool parseOffset(std::string_view s, size_t& pos, int type, std::string_view noOffsetText,
                 int64_t& offsetSeconds) {
  if (pos >= s.size()) return false;
  if (!noOffsetText.empty() && matchesIgnoreCase(s, pos, noOffsetText)) {
    pos += noOffsetText.size();
    offsetSeconds = 0;
    return true;
  }
  char sign = s[pos];
  if (sign != '+' && sign != '-') return false;
  int parts[3] = {0, 0, 0};
  size_t p = pos + 1;
  const bool colon = type % 2 == 0;
  for (int part = 0; part < 3; ++part) {
    if ((type + 3) / 2 < part + 1) break;  // the pattern has no such part
    bool required = part == 0 || (part == 1 && type >= 3);
    size_t q = p;
    if (colon && part > 0) {
      if (q >= s.size() || s[q] != ':') {
        if (required) return false;
        break;
      }
      ++q;
    }
    if (!twoDigits(s, q, parts[part])) {
      if (required) return false;
      break;
    }
    p = q + 2;
  }
  int64_t total = parts[0] * 3600 + parts[1] * 60 + parts[2];
  if (total > 18 * 3600) return false;
  offsetSeconds = sign == '-' ? -total : total;
  pos = p;
  return true;
}

// "GMT", "GMT+8", "GMT+08:00", "GMT-5:30".
bool parseLocalizedOffset(std::string_view s, size_t& pos, int64_t& offsetSeconds) {
  if (!matchesIgnoreCase(s, pos, "GMT")) return false;
  size_t p = pos + 3;
  offsetSeconds = 0;
  if (p < s.size() && (s[p] == '+' || s[p] == '-')) {
    bool negative = s[p] == '-';
    size_t q = p + 1;
    int hours = 0, digits = 0;
    while (q < s.size() && isDigit(s[q]) && digits < 2)
      hours = hours * 10 + (s[q++] - '0'), ++digits;
    if (digits == 0) return false;
    int minutes = 0, seconds = 0;
    if (q < s.size() && s[q] == ':' && twoDigits(s, q + 1, minutes)) {
      q += 3;
      if (q < s.size() && s[q] == ':' && twoDigits(s, q + 1, seconds)) q += 3;
    }
    int64_t total = hours * 3600 + minutes * 60 + seconds;
    if (total > 18 * 3600) return false;
    offsetSeconds = negative ? -total : total;
    p = q;
  }
  pos = p;
  return true;
}

// Zone names java.time understands when parsing 'z' (English metazone names and abbreviations).
const std::unordered_map<std::string, std::string>& zoneNameAliases() {
  static const std::unordered_map<std::string, std::string> kAliases = [] {
    std::unordered_map<std::string, std::string> m;
    auto add = [&m](std::initializer_list<const char*> names, const char* zone) {
      for (const char* n : names) m[toLower(n)] = zone;
    };
    add({"PST", "PDT", "Pacific Standard Time", "Pacific Daylight Time", "Pacific Time"},
        "America/Los_Angeles");
    add({"MST", "MDT", "Mountain Standard Time", "Mountain Daylight Time"}, "America/Denver");
    add({"CST", "CDT", "Central Standard Time", "Central Daylight Time"}, "America/Chicago");
    add({"EST", "EDT", "Eastern Standard Time", "Eastern Daylight Time"}, "America/New_York");
    add({"AKST", "AKDT", "Alaska Standard Time", "Alaska Daylight Time"}, "America/Anchorage");
    add({"HST", "Hawaii-Aleutian Standard Time"}, "Pacific/Honolulu");
    add({"BST", "British Summer Time"}, "Europe/London");
    add({"CET", "CEST", "Central European Standard Time", "Central European Summer Time"},
        "Europe/Paris");
    add({"EET", "EEST", "Eastern European Standard Time", "Eastern European Summer Time"},
        "Europe/Bucharest");
    add({"WET", "WEST", "Western European Standard Time", "Western European Summer Time"},
        "Europe/Lisbon");
    add({"JST", "Japan Standard Time"}, "Asia/Tokyo");
    add({"KST", "Korean Standard Time"}, "Asia/Seoul");
    add({"IST", "India Standard Time"}, "Asia/Kolkata");
    add({"AEST", "AEDT", "Australian Eastern Standard Time", "Australian Eastern Daylight Time"},
        "Australia/Sydney");
    add({"Coordinated Universal Time"}, "UTC");
    add({"Greenwich Mean Time"}, "GMT");
    return m;
  }();
  return kAliases;
}

bool isZoneIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '/' || c == '_' ||
         c == '-' || c == '+';
}

// ZoneIdPrinterParser / ZoneTextPrinterParser.parse: offsets, UTC/GMT/UT with an optional offset,
// region ids (longest match), and for 'z' the English zone names.
bool parseZone(std::string_view s, size_t& pos, bool names, Parsed& p) {
  if (pos >= s.size()) return false;
  char c = s[pos];
  if (c == '+' || c == '-') {
    int64_t offset;
    if (!parseOffset(s, pos, 6, "", offset)) return false;
    p.zone = TimeZone::of(offsetIdText(offset));
    return p.zone != nullptr;
  }
  for (std::string_view prefix : {"UTC", "GMT", "UT"}) {
    if (!matchesIgnoreCase(s, pos, prefix)) continue;
    size_t q = pos + prefix.size();
    int64_t offset = 0;
    if (q < s.size() && (s[q] == '+' || s[q] == '-')) {
      size_t r = q;
      if (parseOffset(s, r, 6, "", offset)) q = r;
    }
    // A longer name may start with the prefix ("GMT Standard Time" is not one of ours).
    pos = q;
    p.zone = offset == 0 ? TimeZone::of(std::string(prefix)) : TimeZone::of(offsetIdText(offset));
    return p.zone != nullptr;
  }
  size_t bestEnd = pos;
  TimeZonePtr best;
  if (names) {
    // Names may contain spaces: try the known ones.
    for (const auto& [name, zone] : zoneNameAliases()) {
      if (name.size() > bestEnd - pos && matchesIgnoreCase(s, pos, name)) {
        // Only whole words.
        size_t end = pos + name.size();
        if (end < s.size() &&
            ((s[end] >= 'a' && s[end] <= 'z') || (s[end] >= 'A' && s[end] <= 'Z')))
          continue;
        if (auto z = TimeZone::of(zone)) {
          best = z;
          bestEnd = end;
        }
      }
    }
  }
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
    size_t end = pos;
    while (end < s.size() && isZoneIdChar(s[end])) ++end;
    for (; end > pos + 1 && end > bestEnd; --end) {
      std::string_view candidate = s.substr(pos, end - pos);
      if (candidate.back() == '/' || candidate.back() == '-' || candidate.back() == '+') continue;
      if (auto z = TimeZone::of(candidate)) {
        best = z;
        bestEnd = end;
        break;
      }
    }
  }
  if (!best) {
    if (c == 'Z' || c == 'z') {
      p.zone = TimeZone::utc();
      ++pos;
      return true;
    }
    return false;
  }
  p.zone = best;
  pos = bestEnd;
  return true;
}

class Parser {
 public:
  Parser(const std::vector<Token>& tokens, std::string_view text) : tokens_(tokens), s_(text) {}

  bool run(Parsed& p) {
    size_t pos = 0;
    return parseRange(0, tokens_.size(), pos, p) && pos == s_.size();
  }

 private:
  size_t matchingEnd(size_t start) const {
    int depth = 0;
    for (size_t i = start; i < tokens_.size(); ++i) {
      if (tokens_[i].kind == Kind::kOptionalStart) ++depth;
      if (tokens_[i].kind == Kind::kOptionalEnd && --depth == 0) return i;
    }
    return tokens_.size();
  }

  bool parseRange(size_t from, size_t to, size_t& pos, Parsed& p) {
    for (size_t i = from; i < to; ++i) {
      const Token& t = tokens_[i];
      if (t.kind == Kind::kOptionalStart) {
        size_t end = matchingEnd(i);
        size_t savedPos = pos;
        Parsed saved = p;
        if (!parseRange(i + 1, end, pos, p)) {
          pos = savedPos;
          p = saved;
        }
        i = end;
        continue;
      }
      if (!parseToken(t, pos, p)) return false;
    }
    return true;
  }

  bool parseToken(const Token& t, size_t& pos, Parsed& p) {
    switch (t.kind) {
      case Kind::kLiteral:
        if (!matchesIgnoreCase(s_, pos, t.text)) return false;
        pos += t.text.size();
        return true;
      case Kind::kNumber: {
        int64_t v;
        return parseNumber(t, s_, pos, v) && p.set(t.field, v);
      }
      case Kind::kReducedYear: {
        int64_t v;
        return parseNumber(t, s_, pos, v) && p.set(t.field, 2000 + v);
      }
      case Kind::kText:
        return parseText(t, s_, pos, p);
      case Kind::kFraction: {
        size_t q = pos;
        int64_t nanos = 0;
        int digits = 0;
        while (q < s_.size() && digits < t.maxWidth && isDigit(s_[q])) {
          nanos = nanos * 10 + (s_[q++] - '0');
          ++digits;
        }
        if (digits < t.minWidth) return false;
        for (int k = digits; k < 9; ++k) nanos *= 10;
        if (p.hasNanos && p.nanos != nanos) return false;
        p.nanos = nanos;
        p.hasNanos = true;
        pos = q;
        return true;
      }
      case Kind::kZoneText:
      case Kind::kZoneId:
        return parseZone(s_, pos, t.kind == Kind::kZoneText, p);
      case Kind::kOffset:
      case Kind::kLocalizedOffset: {
        int64_t offset;
        bool ok = t.kind == Kind::kOffset ? parseOffset(s_, pos, t.offsetType, t.text, offset)
                                          : parseLocalizedOffset(s_, pos, offset);
        if (!ok || (p.hasOffset && p.offsetSeconds != offset)) return false;
        p.hasOffset = true;
        p.offsetSeconds = offset;
        return true;
      }
      case Kind::kOptionalStart:
      case Kind::kOptionalEnd:
        return true;
    }
    return false;
  }

  const std::vector<Token>& tokens_;
  std::string_view s_;
};

bool isLeapYear(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// Largest |year| whose dates keep timestamps in range.
constexpr int64_t kMaxYear = 290000;

// The local date: java.time's STRICT resolution where the fields suffice, Spark's defaults
// (year 1970, January, day 1) otherwise.
std::optional<int32_t> resolveDate(const Parsed& p) {
  const int64_t era = p.has(Field::kEra) ? p.get(Field::kEra) : 1;  // Spark defaults ERA to AD
  int64_t year = 1970;
  if (p.has(Field::kYearOfEra)) {
    int64_t yoe = p.get(Field::kYearOfEra);
    if (yoe < 1) return std::nullopt;
    year = era == 1 ? yoe : 1 - yoe;
    if (p.has(Field::kYear) && p.get(Field::kYear) != year) return std::nullopt;
  } else if (p.has(Field::kYear)) {
    year = p.get(Field::kYear);
    if ((year >= 1 ? 1 : 0) != era) return std::nullopt;  // conflicts with the (default) era
  }
  if (year > kMaxYear || year < -kMaxYear) return std::nullopt;
  if (p.has(Field::kMonth) && (p.get(Field::kMonth) < 1 || p.get(Field::kMonth) > 12))
    return std::nullopt;
  if (p.has(Field::kDayOfMonth) &&
      (p.get(Field::kDayOfMonth) < 1 || p.get(Field::kDayOfMonth) > 31))
    return std::nullopt;
  int32_t days;
  if (p.has(Field::kDayOfYear)) {
    int64_t doy = p.get(Field::kDayOfYear);
    if (doy < 1 || doy > (isLeapYear(year) ? 366 : 365)) return std::nullopt;
    days = daysFromCivil(static_cast<int32_t>(year), 1, 1) + static_cast<int32_t>(doy) - 1;
    CivilDate c = civilFromDays(days);
    if ((p.has(Field::kMonth) && p.get(Field::kMonth) != c.month) ||
        (p.has(Field::kDayOfMonth) && p.get(Field::kDayOfMonth) != c.day))
      return std::nullopt;
  } else {
    auto month = static_cast<uint32_t>(p.has(Field::kMonth) ? p.get(Field::kMonth) : 1);
    auto day = static_cast<uint32_t>(p.has(Field::kDayOfMonth) ? p.get(Field::kDayOfMonth) : 1);
    if (!isValidCivilDate(static_cast<int32_t>(year), month, day)) return std::nullopt;
    days = daysFromCivil(static_cast<int32_t>(year), month, day);
  }
  if (p.has(Field::kQuarter) && (civilFromDays(days).month - 1) / 3 + 1 != p.get(Field::kQuarter))
    return std::nullopt;
  if (p.has(Field::kDayOfWeek) && floorMod(days + 3, 7) + 1 != p.get(Field::kDayOfWeek))
    return std::nullopt;
  return days;
}

// Microseconds of the day from the hour fields, as java.time's STRICT resolver and Spark's
// toLocalTime combine them.
std::optional<int64_t> resolveTime(const Parsed& p) {
  auto inRange = [&p](Field f, int64_t lo, int64_t hi) {
    return !p.has(f) || (p.get(f) >= lo && p.get(f) <= hi);
  };
  if (!inRange(Field::kHourOfDay, 0, 23) || !inRange(Field::kClockHourOfDay, 1, 24) ||
      !inRange(Field::kHourOfAmPm, 0, 11) || !inRange(Field::kClockHourOfAmPm, 1, 12) ||
      !inRange(Field::kMinute, 0, 59) || !inRange(Field::kSecond, 0, 59))
    return std::nullopt;
  std::optional<int64_t> hourOfDay;
  if (p.has(Field::kHourOfDay)) hourOfDay = p.get(Field::kHourOfDay);
  if (p.has(Field::kClockHourOfDay)) {
    int64_t h = p.get(Field::kClockHourOfDay) % 24;
    if (hourOfDay && *hourOfDay != h) return std::nullopt;
    hourOfDay = h;
  }
  std::optional<int64_t> hourOfAmPm;
  if (p.has(Field::kHourOfAmPm)) hourOfAmPm = p.get(Field::kHourOfAmPm);
  if (p.has(Field::kClockHourOfAmPm)) {
    int64_t h = p.get(Field::kClockHourOfAmPm) % 12;
    if (hourOfAmPm && *hourOfAmPm != h) return std::nullopt;
    hourOfAmPm = h;
  }
  std::optional<int64_t> amPm;
  if (p.has(Field::kAmPm)) amPm = p.get(Field::kAmPm);
  int64_t hour;
  if (hourOfAmPm && amPm) {
    int64_t h = *amPm * 12 + *hourOfAmPm;
    if (hourOfDay && *hourOfDay != h) return std::nullopt;
    hour = h;
  } else if (hourOfDay) {
    if (amPm && *hourOfDay / 12 != *amPm) return std::nullopt;
    if (hourOfAmPm && *hourOfDay % 12 != *hourOfAmPm) return std::nullopt;
    hour = *hourOfDay;
  } else if (hourOfAmPm) {
    hour = *hourOfAmPm;  // no am/pm: Spark takes it as AM
  } else {
    hour = amPm && *amPm == 1 ? 12 : 0;
  }
  int64_t minute = p.has(Field::kMinute) ? p.get(Field::kMinute) : 0;
  int64_t second = p.has(Field::kSecond) ? p.get(Field::kSecond) : 0;
  return hour * kMicrosPerHour + minute * kMicrosPerMinute + second * kMicrosPerSecond +
         p.nanos / 1000;
}

}  // namespace

std::optional<int64_t> DateTimePattern::parse(std::string_view text, const TimeZone& zone) const {
  Parsed p;
  if (!Parser(tokens_, text).run(p)) return std::nullopt;
  if (p.has(Field::kAlignedWeekdayOfMonth)) return std::nullopt;  // only for formatting
  auto days = resolveDate(p);
  if (!days) return std::nullopt;
  auto time = resolveTime(p);
  if (!time) return std::nullopt;
  int64_t local = int64_t{*days} * kMicrosPerDay + *time;
  if (p.zone) return p.zone->localToUtc(local);
  if (p.hasOffset) return local - p.offsetSeconds * kMicrosPerSecond;
  return zone.localToUtc(local);
}

}  // namespace spate
