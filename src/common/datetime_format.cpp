// Compiling Spark 3 datetime patterns (java.time's DateTimeFormatterBuilder.appendPattern rules
// plus Spark's restrictions) and formatting instants with them.
#include "common/datetime_format.h"

#include <date/tz.h>

#include <mutex>
#include <unordered_map>

#include "common/error.h"

namespace spate {

const char* const kMonthShortNames[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
const char* const kMonthFullNames[12] = {"January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December"};
const char* const kWeekdayShortNames[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
const char* const kWeekdayFullNames[7] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                          "Friday", "Saturday", "Sunday"};

namespace {

using Token = DateTimePattern::Token;
using Field = DateTimePattern::Field;
using Kind = DateTimePattern::Kind;
using Sign = DateTimePattern::Sign;

[[noreturn]] void invalid(const std::string& message) { throw IllegalArgumentException(message); }

// Spark's checks (DateTimeFormatterHelper.convertIncompatiblePattern) on the unquoted parts.
void checkSparkRestrictions(std::string_view pattern, bool forParsing) {
  bool quoted = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\'') {
      quoted = !quoted;
      continue;
    }
    if (quoted) continue;
    if (std::string_view("YWwuec").find(c) != std::string_view::npos)
      invalid(std::string("All week-based patterns are unsupported since Spark 3.0, detected: ") +
              c + ", Please use the SQL function EXTRACT instead");
    if (std::string_view("ABnNp").find(c) != std::string_view::npos ||
        (forParsing && std::string_view("EFqQ").find(c) != std::string_view::npos))
      invalid(std::string("Illegal pattern character: ") + c);
    size_t run = 1;
    while (i + run < pattern.size() && pattern[i + run] == c) ++run;
    if ((std::string_view("GMLEQq").find(c) != std::string_view::npos && run >= 5) ||
        (c == 'y' && run >= 7))
      invalid(std::string("Too many pattern letters: ") + c);
    i += run - 1;
  }
}

bool hasUnquotedEra(std::string_view pattern) {
  bool quoted = false;
  for (char c : pattern) {
    if (c == '\'')
      quoted = !quoted;
    else if (!quoted && c == 'G')
      return true;
  }
  return false;
}

// Builds the token list, tracking java.time's "active value parser" for adjacent value parsing.
class Builder {
 public:
  std::vector<Token> tokens;

  void appendInternal(Token t) {
    tokens.push_back(std::move(t));
    active_ = -1;
  }
  void appendValue(Token t) {
    if (active_ >= 0) {
      Token& base = tokens[active_];
      if (t.minWidth == t.maxWidth && t.sign == Sign::kNotNegative) {
        base.subsequentWidth += t.maxWidth;
        t.subsequentWidth = -1;
        tokens.push_back(std::move(t));
        return;
      }
      base.subsequentWidth = -1;
    }
    active_ = static_cast<int>(tokens.size());
    tokens.push_back(std::move(t));
  }
  void appendNumber(Field field, int minWidth, int maxWidth, Sign sign) {
    Token t;
    t.kind = Kind::kNumber;
    t.field = field;
    t.minWidth = minWidth;
    t.maxWidth = maxWidth;
    t.sign = sign;
    appendValue(std::move(t));
  }
  void appendText(Field field, bool full) {
    Token t;
    t.kind = Kind::kText;
    t.field = field;
    t.full = full;
    appendInternal(std::move(t));
  }
  void appendLiteral(std::string text) {
    if (!tokens.empty() && tokens.back().kind == Kind::kLiteral && active_ < 0) {
      tokens.back().text += text;
      return;
    }
    Token t;
    t.kind = Kind::kLiteral;
    t.text = std::move(text);
    appendInternal(std::move(t));
  }
  void appendOffset(int type, std::string noOffsetText) {
    Token t;
    t.kind = Kind::kOffset;
    t.offsetType = type;
    t.text = std::move(noOffsetText);
    appendInternal(std::move(t));
  }
  void appendKind(Kind kind, bool full = false) {
    Token t;
    t.kind = kind;
    t.full = full;
    appendInternal(std::move(t));
  }

 private:
  int active_ = -1;
};

// Java's parsePattern for one run of `count` letters `c`.
void appendLetters(Builder& b, char c, int count, bool hasEra, bool forParsing) {
  auto tooMany = [c] { invalid(std::string("Too many pattern letters: ") + c); };
  auto numberOrTwoDigits = [&](Field f) {
    if (count == 1)
      b.appendNumber(f, 1, 19, Sign::kNormal);
    else if (count == 2)
      b.appendNumber(f, 2, 2, Sign::kNotNegative);
    else
      tooMany();
  };
  switch (c) {
    case 'G':
      if (count > 5) tooMany();
      b.appendText(Field::kEra, count == 4);
      break;
    case 'y': {
      Field f = hasEra ? Field::kYearOfEra : Field::kYear;
      if (count == 2) {
        Token t;
        t.kind = Kind::kReducedYear;
        t.field = f;
        t.minWidth = t.maxWidth = 2;
        t.sign = Sign::kNotNegative;
        b.appendValue(std::move(t));
      } else if (count < 4) {
        b.appendNumber(f, count, 19, Sign::kNormal);
      } else {
        b.appendNumber(f, count, 19, Sign::kExceedsPad);
      }
      break;
    }
    case 'M':
    case 'L':
    case 'Q':
    case 'q': {
      Field f = (c == 'M' || c == 'L') ? Field::kMonth : Field::kQuarter;
      if (count <= 2)
        numberOrTwoDigits(f);
      else if (count <= 4)
        b.appendText(f, count == 4);
      else
        tooMany();
      break;
    }
    case 'd':
      numberOrTwoDigits(Field::kDayOfMonth);
      break;
    case 'H':
      numberOrTwoDigits(Field::kHourOfDay);
      break;
    case 'k':
      numberOrTwoDigits(Field::kClockHourOfDay);
      break;
    case 'K':
      numberOrTwoDigits(Field::kHourOfAmPm);
      break;
    case 'h':
      numberOrTwoDigits(Field::kClockHourOfAmPm);
      break;
    case 'm':
      numberOrTwoDigits(Field::kMinute);
      break;
    case 's':
      numberOrTwoDigits(Field::kSecond);
      break;
    case 'D':
      if (count == 1)
        b.appendNumber(Field::kDayOfYear, 1, 19, Sign::kNormal);
      else if (count <= 3)
        b.appendNumber(Field::kDayOfYear, count, 3, Sign::kNotNegative);
      else
        tooMany();
      break;
    case 'F':
      if (count != 1) tooMany();
      b.appendNumber(Field::kAlignedWeekdayOfMonth, 1, 19, Sign::kNormal);
      break;
    case 'E':
      if (count > 4) tooMany();
      b.appendText(Field::kDayOfWeek, count == 4);
      break;
    case 'a':
      if (count != 1) tooMany();
      b.appendText(Field::kAmPm, false);
      break;
    case 'S': {
      if (count > 9)
        invalid("Maximum width must be from 1 to 9 inclusive but was " + std::to_string(count));
      Token t;
      t.kind = Kind::kFraction;
      t.minWidth = forParsing ? 1 : count;  // Spark parses 1..n digits
      t.maxWidth = count;
      b.appendInternal(std::move(t));
      break;
    }
    case 'V':
      if (count != 2) invalid("Pattern letter count must be 2: V");
      b.appendKind(Kind::kZoneId);
      break;
    case 'v':
    case 'z':
      if (count > 4) tooMany();
      b.appendKind(Kind::kZoneText, count == 4);
      break;
    case 'O':
      if (count != 1 && count != 4) invalid("Pattern letter count must be 1 or 4: O");
      b.appendKind(Kind::kLocalizedOffset, count == 4);
      break;
    case 'X':
    case 'x':
      if (count > 5) tooMany();
      b.appendOffset(count == 1 ? 1 : count + 1, c == 'X'         ? "Z"
                                                 : count == 1     ? "+00"
                                                 : count % 2 == 0 ? "+0000"
                                                                  : "+00:00");
      break;
    case 'Z':
      if (count < 4)
        b.appendOffset(3, "+0000");
      else if (count == 4)
        b.appendKind(Kind::kLocalizedOffset, true);
      else if (count == 5)
        b.appendOffset(6, "Z");
      else
        tooMany();
      break;
    default:
      invalid(std::string("Unknown pattern letter: ") + c);
  }
}

std::vector<Token> buildTokens(std::string_view pattern, bool forParsing) {
  checkSparkRestrictions(pattern, forParsing);
  const bool hasEra = hasUnquotedEra(pattern);
  Builder b;
  int optionalDepth = 0;
  for (size_t pos = 0; pos < pattern.size(); ++pos) {
    char c = pattern[pos];
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
      size_t start = pos;
      while (pos + 1 < pattern.size() && pattern[pos + 1] == c) ++pos;
      appendLetters(b, c, static_cast<int>(pos - start + 1), hasEra, forParsing);
    } else if (c == '\'') {
      size_t start = pos++;
      for (; pos < pattern.size(); ++pos) {
        if (pattern[pos] == '\'') {
          if (pos + 1 < pattern.size() && pattern[pos + 1] == '\'')
            ++pos;
          else
            break;
        }
      }
      if (pos >= pattern.size())
        invalid("Pattern ends with an incomplete string literal: " + std::string(pattern));
      std::string_view inner = pattern.substr(start + 1, pos - start - 1);
      if (inner.empty()) {
        b.appendLiteral("'");
      } else {
        std::string text;
        for (size_t k = 0; k < inner.size(); ++k) {
          text += inner[k];
          if (inner[k] == '\'') ++k;  // '' inside quotes is one quote
        }
        b.appendLiteral(std::move(text));
      }
    } else if (c == '[') {
      ++optionalDepth;
      b.appendKind(Kind::kOptionalStart);
    } else if (c == ']') {
      if (optionalDepth == 0) invalid("Pattern invalid as it contains ] without previous [");
      --optionalDepth;
      b.appendKind(Kind::kOptionalEnd);
    } else if (c == '{' || c == '}' || c == '#') {
      invalid(std::string("Pattern includes reserved character: '") + c + "'");
    } else {
      b.appendLiteral(std::string(1, c));
    }
  }
  while (optionalDepth-- > 0) b.appendKind(Kind::kOptionalEnd);
  return std::move(b.tokens);
}

// Letters java.text.SimpleDateFormat knows: a pattern that only the legacy formatter accepts
// makes Spark suggest the legacy parser policy.
bool legacyFormatterAccepts(std::string_view pattern) {
  bool quoted = false;
  for (char c : pattern) {
    if (c == '\'') {
      quoted = !quoted;
      continue;
    }
    if (quoted || !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) continue;
    if (std::string_view("GyMdkHmsSEDFwWahKzZYuXL").find(c) == std::string_view::npos) return false;
  }
  return !quoted;
}

// ---- formatting ---------------------------------------------------------------------------

struct LocalFields {
  int64_t utc;
  int64_t offsetSeconds;
  int32_t days;
  CivilDate date;
  int64_t microsOfDay;

  int hour() const { return static_cast<int>(microsOfDay / kMicrosPerHour); }
  int dayOfWeek() const { return static_cast<int>(floorMod(days + 3, 7)) + 1; }  // 1 = Monday
  // From the month and day: no day arithmetic, so no overflow at the ends of the range.
  int dayOfYear() const {
    static constexpr int kBefore[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    bool leap = (date.year % 4 == 0 && date.year % 100 != 0) || date.year % 400 == 0;
    return kBefore[date.month - 1] + static_cast<int>(date.day) + (date.month > 2 && leap ? 1 : 0);
  }
};

int64_t fieldValue(const LocalFields& f, Field field) {
  switch (field) {
    case Field::kYear:
      return f.date.year;
    case Field::kYearOfEra:
      return f.date.year >= 1 ? f.date.year : 1 - int64_t{f.date.year};
    case Field::kMonth:
      return f.date.month;
    case Field::kDayOfMonth:
      return f.date.day;
    case Field::kDayOfYear:
      return f.dayOfYear();
    case Field::kHourOfDay:
      return f.hour();
    case Field::kClockHourOfDay:
      return f.hour() == 0 ? 24 : f.hour();
    case Field::kHourOfAmPm:
      return f.hour() % 12;
    case Field::kClockHourOfAmPm:
      return f.hour() % 12 == 0 ? 12 : f.hour() % 12;
    case Field::kMinute:
      return f.microsOfDay / kMicrosPerMinute % 60;
    case Field::kSecond:
      return f.microsOfDay / kMicrosPerSecond % 60;
    case Field::kAlignedWeekdayOfMonth:
      return (f.date.day - 1) % 7 + 1;
    case Field::kQuarter:
      return (f.date.month - 1) / 3 + 1;
    case Field::kEra:
      return f.date.year >= 1 ? 1 : 0;
    case Field::kAmPm:
      return f.hour() >= 12 ? 1 : 0;
    case Field::kDayOfWeek:
      return f.dayOfWeek();
    case Field::kCount:
      break;
  }
  return 0;
}

// NumberPrinterParser.format.
void formatNumber(std::string& out, int64_t value, const Token& t) {
  uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  std::string digits = std::to_string(magnitude);
  if (value >= 0) {
    if (t.sign == Sign::kExceedsPad && t.minWidth < 19 &&
        static_cast<int>(digits.size()) > t.minWidth)
      out += '+';
  } else {
    out += '-';
  }
  for (int i = static_cast<int>(digits.size()); i < t.minWidth; ++i) out += '0';
  out += digits;
}

void formatText(std::string& out, const LocalFields& f, const Token& t) {
  switch (t.field) {
    case Field::kMonth:
      out += (t.full ? kMonthFullNames : kMonthShortNames)[f.date.month - 1];
      break;
    case Field::kDayOfWeek:
      out += (t.full ? kWeekdayFullNames : kWeekdayShortNames)[f.dayOfWeek() - 1];
      break;
    case Field::kAmPm:
      out += f.hour() >= 12 ? "PM" : "AM";
      break;
    case Field::kEra:
      if (t.full)
        out += f.date.year >= 1 ? "Anno Domini" : "Before Christ";
      else
        out += f.date.year >= 1 ? "AD" : "BC";
      break;
    case Field::kQuarter: {
      int q = (f.date.month - 1) / 3 + 1;
      static const char* const kFull[] = {"1st quarter", "2nd quarter", "3rd quarter",
                                          "4th quarter"};
      if (t.full)
        out += kFull[q - 1];
      else
        out += "Q" + std::to_string(q);
      break;
    }
    default:
      break;
  }
}

// OffsetIdPrinterParser.format for Java's patterns "+HH" (0) … "+HH:MM:SS" (8).
void formatOffset(std::string& out, int64_t totalSeconds, const Token& t) {
  if (totalSeconds == 0) {
    out += t.text;
    return;
  }
  int64_t a = totalSeconds < 0 ? -totalSeconds : totalSeconds;
  int hours = static_cast<int>(a / 3600 % 100), minutes = static_cast<int>(a / 60 % 60),
      seconds = static_cast<int>(a % 60);
  const int type = t.offsetType;
  const bool colon = type % 2 == 0;
  char buf[16];
  int n = snprintf(buf, sizeof buf, "%c%02d", totalSeconds < 0 ? '-' : '+', hours);
  if (type >= 3 || (type >= 1 && minutes > 0)) {
    n += snprintf(buf + n, sizeof buf - n, "%s%02d", colon ? ":" : "", minutes);
    if (type >= 7 || (type >= 5 && seconds > 0))
      n += snprintf(buf + n, sizeof buf - n, "%s%02d", colon ? ":" : "", seconds);
  }
  out.append(buf, n);
}

// LocalizedOffsetIdPrinterParser.format: "GMT", "GMT+8", "GMT+08:00".
void formatLocalizedOffset(std::string& out, int64_t totalSeconds, bool full) {
  out += "GMT";
  if (totalSeconds == 0) return;
  int64_t a = totalSeconds < 0 ? -totalSeconds : totalSeconds;
  int hours = static_cast<int>(a / 3600), minutes = static_cast<int>(a / 60 % 60),
      seconds = static_cast<int>(a % 60);
  char buf[24];
  int n;
  if (full) {
    n = snprintf(buf, sizeof buf, "%c%02d:%02d", totalSeconds < 0 ? '-' : '+', hours, minutes);
    if (seconds) n += snprintf(buf + n, sizeof buf - n, ":%02d", seconds);
  } else {
    n = snprintf(buf, sizeof buf, "%c%d", totalSeconds < 0 ? '-' : '+', hours);
    if (minutes || seconds) n += snprintf(buf + n, sizeof buf - n, ":%02d", minutes);
    if (seconds) n += snprintf(buf + n, sizeof buf - n, ":%02d", seconds);
  }
  out.append(buf, n);
}

// ---- zone names ----------------------------------------------------------------------------

// The tz region behind a session zone, or nullptr for a fixed offset.
const date::time_zone* regionOf(const TimeZone& zone) {
  static std::mutex mutex;
  static std::unordered_map<std::string, const date::time_zone*> cache;
  std::lock_guard lock(mutex);
  auto it = cache.find(zone.id());
  if (it != cache.end()) return it->second;
  const date::time_zone* region = nullptr;
  const std::string& id = zone.id();
  bool fixedOffsetId = id.empty() || id[0] == '+' || id[0] == '-' || id == "UTC" ||
                       id == "Etc/UTC" || id == "GMT" || id == "UT" || id == "Z" ||
                       ((id.starts_with("UTC") || id.starts_with("GMT") || id.starts_with("UT")) &&
                        id.find_first_of("+-") != std::string::npos);
  if (!fixedOffsetId) {
    try {
      region = date::locate_zone(id);
    } catch (const std::exception&) {
      region = nullptr;
    }
  }
  cache.emplace(zone.id(), region);
  return region;
}

// The system tz data stop at 2037; a later instant takes its abbreviation from the same date of
// the latest year up to 2037 with the same calendar (see TimeZone::offsetAtUtc).
int64_t abbreviationInstant(int64_t seconds) {
  constexpr int64_t kFirstUnlisted = 2145916800;  // 2038-01-01T00:00:00Z
  if (seconds < kFirstUnlisted) return seconds;
  int64_t days = std::min<int64_t>(floorDiv(seconds, 86400), 100'000'000);
  int32_t year = civilFromDays(static_cast<int32_t>(days)).year;
  auto isLeap = [](int32_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; };
  auto jan1 = [](int32_t y) { return floorMod(daysFromCivil(y, 1, 1), 7); };
  for (int32_t c = 2037; c > 1997; --c)
    if (isLeap(c) == isLeap(year) && jan1(c) == jan1(year))
      return seconds - (int64_t{daysFromCivil(year, 1, 1)} - daysFromCivil(c, 1, 1)) * 86400;
  return seconds;
}

bool isUtcAlias(const std::string& id) {
  return id == "UTC" || id == "Etc/UTC" || id == "GMT" || id == "UT" || id == "Z";
}

}  // namespace

std::string offsetIdText(int64_t offsetSeconds) {
  if (offsetSeconds == 0) return "Z";
  int64_t a = offsetSeconds < 0 ? -offsetSeconds : offsetSeconds;
  char buf[16];
  int n = snprintf(buf, sizeof buf, "%c%02d:%02d", offsetSeconds < 0 ? '-' : '+',
                   static_cast<int>(a / 3600), static_cast<int>(a / 60 % 60));
  if (a % 60) n += snprintf(buf + n, sizeof buf - n, ":%02d", static_cast<int>(a % 60));
  return std::string(buf, n);
}

std::string zoneIdText(const TimeZone& zone) {
  if (regionOf(zone) || isUtcAlias(zone.id())) return zone.id() == "Etc/UTC" ? "UTC" : zone.id();
  return offsetIdText(zone.offsetAtUtc(0) / kMicrosPerSecond);
}

std::string zoneShortName(const TimeZone& zone, int64_t utcMicros) {
  if (const date::time_zone* region = regionOf(zone)) {
    int64_t seconds = abbreviationInstant(floorDiv(utcMicros, kMicrosPerSecond));
    date::sys_info info = region->get_info(date::sys_seconds{std::chrono::seconds{seconds}});
    const std::string& abbrev = info.abbrev;
    if (!abbrev.empty() && (abbrev[0] == '+' || abbrev[0] == '-')) {
      // Numeric tz abbreviations have no name in java.time either: it prints the GMT offset.
      std::string out;
      formatLocalizedOffset(out, zone.offsetAtUtc(utcMicros) / kMicrosPerSecond, true);
      return out;
    }
    return abbrev;
  }
  if (isUtcAlias(zone.id())) return zone.id() == "Etc/UTC" ? "UTC" : zone.id();
  return offsetIdText(zone.offsetAtUtc(utcMicros) / kMicrosPerSecond);
}

std::string zoneFullName(const TimeZone& zone, int64_t utcMicros) {
  static const std::unordered_map<std::string, std::string> kNames = {
      {"UTC", "Coordinated Universal Time"},
      {"GMT", "Greenwich Mean Time"},
      {"PST", "Pacific Standard Time"},
      {"PDT", "Pacific Daylight Time"},
      {"MST", "Mountain Standard Time"},
      {"MDT", "Mountain Daylight Time"},
      {"CST", "Central Standard Time"},
      {"CDT", "Central Daylight Time"},
      {"EST", "Eastern Standard Time"},
      {"EDT", "Eastern Daylight Time"},
      {"AKST", "Alaska Standard Time"},
      {"AKDT", "Alaska Daylight Time"},
      {"HST", "Hawaii-Aleutian Standard Time"},
      {"BST", "British Summer Time"},
      {"IST", "India Standard Time"},
      {"CET", "Central European Standard Time"},
      {"CEST", "Central European Summer Time"},
      {"EET", "Eastern European Standard Time"},
      {"EEST", "Eastern European Summer Time"},
      {"WET", "Western European Standard Time"},
      {"WEST", "Western European Summer Time"},
      {"JST", "Japan Standard Time"},
      {"KST", "Korean Standard Time"},
      {"AEST", "Australian Eastern Standard Time"},
      {"AEDT", "Australian Eastern Daylight Time"},
  };
  std::string abbrev = zoneShortName(zone, utcMicros);
  if (zone.id() == "Asia/Shanghai" && abbrev == "CST") return "China Standard Time";
  if (zone.id() == "Europe/Dublin" && abbrev == "IST") return "Irish Standard Time";
  auto it = kNames.find(abbrev);
  return it == kNames.end() ? abbrev : it->second;
}

std::shared_ptr<const DateTimePattern> DateTimePattern::compile(std::string_view pattern,
                                                                bool forParsing) {
  try {
    return std::make_shared<const DateTimePattern>(std::string(pattern),
                                                   buildTokens(pattern, forParsing));
  } catch (const IllegalArgumentException& e) {
    if (!legacyFormatterAccepts(pattern)) throw;
    throw IllegalArgumentException(
        "[INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION] You may get a "
        "different result due to the upgrading to Spark >= 3.0: Fail to recognize '" +
            std::string(pattern) +
            "' pattern in the DateTimeFormatter. 1) You can set "
            "\"spark.sql.legacy.timeParserPolicy\" to \"LEGACY\" to restore the behavior before "
            "Spark 3.0. 2) You can form a valid datetime pattern with the guide from "
            "'https://spark.apache.org/docs/latest/sql-ref-datetime-pattern.html'.",
        "INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION");
  }
}

std::string DateTimePattern::format(int64_t utcMicros, const TimeZone& zone) const {
  std::string out;
  formatTo(out, utcMicros, zone);
  return out;
}

void DateTimePattern::formatTo(std::string& out, int64_t utcMicros, const TimeZone& zone) const {
  LocalFields f;
  f.utc = utcMicros;
  int64_t offset = zone.offsetAtUtc(utcMicros);
  f.offsetSeconds = offset / kMicrosPerSecond;
  int64_t local = zone.utcToLocal(utcMicros);
  f.days = static_cast<int32_t>(floorDiv(local, kMicrosPerDay));
  f.microsOfDay = floorMod(local, kMicrosPerDay);
  f.date = civilFromDays(f.days);
  for (const Token& t : tokens_) {
    switch (t.kind) {
      case Kind::kLiteral:
        out += t.text;
        break;
      case Kind::kNumber:
        formatNumber(out, fieldValue(f, t.field), t);
        break;
      case Kind::kReducedYear: {
        int64_t y = fieldValue(f, t.field);
        int64_t v = (y < 0 ? -y : y) % 100;
        out += static_cast<char>('0' + v / 10);
        out += static_cast<char>('0' + v % 10);
        break;
      }
      case Kind::kText:
        formatText(out, f, t);
        break;
      case Kind::kFraction: {
        // Nanosecond digits truncated to the width (we carry microseconds).
        char digits[24];
        snprintf(digits, sizeof digits, "%06d000", static_cast<int>(f.microsOfDay % 1000000));
        out.append(digits, t.maxWidth);
        break;
      }
      case Kind::kZoneText:
        out += t.full ? zoneFullName(zone, utcMicros) : zoneShortName(zone, utcMicros);
        break;
      case Kind::kZoneId:
        out += zoneIdText(zone);
        break;
      case Kind::kOffset:
        formatOffset(out, f.offsetSeconds, t);
        break;
      case Kind::kLocalizedOffset:
        formatLocalizedOffset(out, f.offsetSeconds, t.full);
        break;
      case Kind::kOptionalStart:
      case Kind::kOptionalEnd:
        break;
    }
  }
}

}  // namespace spate
