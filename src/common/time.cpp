#include "common/time.h"

#include <date/tz.h>

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <unordered_map>

#include "common/strings.h"

namespace spate {

// 64-bit intermediates: the whole int32 day range (about ±5.8 million years) must not overflow.
int32_t daysFromCivil(int32_t year, uint32_t m, uint32_t d) {
  const int64_t y = int64_t{year} - (m <= 2);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const uint32_t yoe = static_cast<uint32_t>(y - era * 400);
  const uint32_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const uint32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<int32_t>(era * 146097 + doe - 719468);
}

CivilDate civilFromDays(int32_t days) {
  const int64_t z = int64_t{days} + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const uint32_t doe = static_cast<uint32_t>(z - era * 146097);
  const uint32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int32_t y = static_cast<int32_t>(yoe + era * 400);
  const uint32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const uint32_t mp = (5 * doy + 2) / 153;
  const uint32_t d = doy - (153 * mp + 2) / 5 + 1;
  const uint32_t m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

bool isValidCivilDate(int32_t year, uint32_t month, uint32_t day) {
  if (month < 1 || month > 12 || day < 1) return false;
  static constexpr uint32_t kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  uint32_t max = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= max;
}

namespace {

// Parses "+hh:mm", "+hhmm", "+hh", "+h" after an optional GMT/UTC/UT prefix. Returns the offset in
// microseconds.
std::optional<int64_t> parseOffset(std::string_view s) {
  if (s.empty() || (s[0] != '+' && s[0] != '-')) return std::nullopt;
  int sign = s[0] == '-' ? -1 : 1;
  s.remove_prefix(1);
  int hours = 0, minutes = 0, seconds = 0;
  size_t i = 0;
  auto digits = [&](int& out, size_t maxLen) {
    size_t start = i;
    while (i < s.size() && i - start < maxLen && std::isdigit(static_cast<unsigned char>(s[i])))
      out = out * 10 + (s[i++] - '0');
    return i - start;
  };
  size_t n = digits(hours, 2);
  if (n == 0) return std::nullopt;
  if (i < s.size() && s[i] == ':') ++i;
  if (i < s.size()) {
    if (digits(minutes, 2) != 2) return std::nullopt;
    if (i < s.size() && s[i] == ':') ++i;
    if (i < s.size() && digits(seconds, 2) != 2) return std::nullopt;
  }
  if (i != s.size() || hours > 18 || minutes > 59 || seconds > 59) return std::nullopt;
  return sign * (hours * kMicrosPerHour + minutes * kMicrosPerMinute + seconds * kMicrosPerSecond);
}

std::string offsetId(int64_t offset) {
  if (offset == 0) return "Z";
  int64_t a = offset < 0 ? -offset : offset;
  char buf[16];
  snprintf(buf, sizeof buf, "%c%02d:%02d", offset < 0 ? '-' : '+',
           static_cast<int>(a / kMicrosPerHour), static_cast<int>(a / kMicrosPerMinute % 60));
  return buf;
}

}  // namespace

std::shared_ptr<const TimeZone> TimeZone::utc() {
  static const auto zone = std::shared_ptr<const TimeZone>(new TimeZone("UTC", nullptr, 0));
  return zone;
}

std::shared_ptr<const TimeZone> TimeZone::of(std::string_view name) {
  std::string trimmed(trimWhitespace(name));
  if (trimmed.empty()) return nullptr;
  if (trimmed == "UTC" || trimmed == "Z" || trimmed == "GMT" || trimmed == "UT" ||
      trimmed == "Etc/UTC")
    return trimmed == "UTC" ? utc()
                            : std::shared_ptr<const TimeZone>(new TimeZone(trimmed, nullptr, 0));
  std::string_view rest = trimmed;
  for (std::string_view prefix : {"UTC", "GMT", "UT"}) {
    if (rest.starts_with(prefix) && rest.size() > prefix.size() &&
        (rest[prefix.size()] == '+' || rest[prefix.size()] == '-')) {
      rest.remove_prefix(prefix.size());
      break;
    }
  }
  if (auto offset = parseOffset(rest))
    return std::shared_ptr<const TimeZone>(new TimeZone(trimmed, nullptr, *offset));

  static std::mutex mutex;
  static std::unordered_map<std::string, std::shared_ptr<const TimeZone>> cache;
  std::lock_guard lock(mutex);
  if (auto it = cache.find(trimmed); it != cache.end()) return it->second;
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(trimmed);
  } catch (const std::exception&) {
    return nullptr;
  }
  auto result = std::shared_ptr<const TimeZone>(new TimeZone(trimmed, zone, 0));
  cache.emplace(trimmed, result);
  return result;
}

std::string TimeZone::systemZoneId() {
  if (const char* tz = std::getenv("TZ"); tz && *tz) return *tz == ':' ? tz + 1 : tz;
  std::ifstream timezoneFile("/etc/timezone");
  std::string id;
  if (timezoneFile >> id && of(id)) return id;
  try {
    return std::string(date::current_zone()->name());
  } catch (const std::exception&) {
    return "UTC";
  }
}

namespace {

// The system tz database lists transitions up to 2037 only, while java.time keeps applying the
// zone's last rules. Rules name weekdays of months, so a later year behaves like the latest year
// up to 2037 with the same calendar (leap or not, same weekday on January 1st). Returns the
// seconds to subtract from a time in such a later year.
int64_t ruleYearShift(int64_t seconds) {
  constexpr int64_t kFirstUnlisted = 2145916800;  // 2038-01-01T00:00:00Z
  if (seconds < kFirstUnlisted) return 0;
  int64_t days = floorDiv(seconds, 86400);
  if (days > 100'000'000) days = 100'000'000;  // beyond any representable timestamp
  int32_t year = civilFromDays(static_cast<int32_t>(days)).year;
  auto isLeap = [](int32_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; };
  auto jan1Weekday = [](int32_t y) { return floorMod(daysFromCivil(y, 1, 1), 7); };
  for (int32_t candidate = 2037; candidate > 2037 - 40; --candidate) {
    if (isLeap(candidate) == isLeap(year) && jan1Weekday(candidate) == jan1Weekday(year))
      return (int64_t{daysFromCivil(year, 1, 1)} - daysFromCivil(candidate, 1, 1)) * 86400;
  }
  return 0;
}

}  // namespace

int64_t TimeZone::offsetAtUtc(int64_t utcMicros) const {
  if (!zone_) return fixedOffset_;
  auto zone = static_cast<const date::time_zone*>(zone_);
  int64_t seconds = floorDiv(utcMicros, kMicrosPerSecond);
  seconds -= ruleYearShift(seconds);
  auto info = zone->get_info(date::sys_seconds{std::chrono::seconds{seconds}});
  return info.offset.count() * kMicrosPerSecond;
}

int64_t TimeZone::localToUtc(int64_t localMicros) const {
  if (!zone_) {
    int64_t utc;
    if (__builtin_sub_overflow(localMicros, fixedOffset_, &utc))
      return localMicros < 0 ? INT64_MIN : INT64_MAX;
    return utc;
  }
  auto zone = static_cast<const date::time_zone*>(zone_);
  int64_t seconds = floorDiv(localMicros, kMicrosPerSecond);
  seconds -= ruleYearShift(seconds);
  auto info = zone->get_info(date::local_seconds{std::chrono::seconds{seconds}});
  // Unique: the only offset; ambiguous: the earlier instant, as java.time; nonexistent: the
  // offset before the gap, which moves the time forward by the gap's length.
  int64_t utc;
  if (__builtin_sub_overflow(localMicros, info.first.offset.count() * kMicrosPerSecond, &utc))
    return localMicros < 0 ? INT64_MIN : INT64_MAX;
  return utc;
}

std::string formatDate(int32_t days) {
  CivilDate c = civilFromDays(days);
  char buf[32];
  if (c.year >= 0 && c.year <= 9999)
    snprintf(buf, sizeof buf, "%04d-%02u-%02u", c.year, c.month, c.day);
  else
    snprintf(buf, sizeof buf, "%+05d-%02u-%02u", c.year, c.month, c.day);
  return buf;
}

std::string formatLocalTimestamp(int64_t local) {
  int64_t days = floorDiv(local, kMicrosPerDay);
  int64_t micros = floorMod(local, kMicrosPerDay);
  std::string out = formatDate(static_cast<int32_t>(days));
  char buf[32];
  int64_t secs = micros / kMicrosPerSecond;
  snprintf(buf, sizeof buf, " %02d:%02d:%02d", static_cast<int>(secs / 3600),
           static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
  out += buf;
  int64_t fraction = micros % kMicrosPerSecond;
  if (fraction != 0) {
    snprintf(buf, sizeof buf, ".%06d", static_cast<int>(fraction));
    std::string f(buf);
    while (f.back() == '0') f.pop_back();
    out += f;
  }
  return out;
}

std::string formatTimestamp(int64_t utcMicros, const TimeZone& zone) {
  return formatLocalTimestamp(zone.utcToLocal(utcMicros));
}

namespace {

struct Cursor {
  std::string_view s;
  size_t i = 0;
  bool done() const { return i >= s.size(); }
  char peek() const { return done() ? '\0' : s[i]; }
  // Reads 1..maxLen digits; returns the count read.
  size_t digits(int64_t& out, size_t maxLen) {
    size_t start = i;
    out = 0;
    while (i < s.size() && i - start < maxLen && std::isdigit(static_cast<unsigned char>(s[i])))
      out = out * 10 + (s[i++] - '0');
    return i - start;
  }
};

// Parses the date part "[+-]yyyy[-[m]m[-[d]d]]"; leaves the cursor after it.
std::optional<int32_t> parseDatePart(Cursor& c) {
  int sign = 1;
  if (c.peek() == '+' || c.peek() == '-') sign = c.s[c.i++] == '-' ? -1 : 1;
  int64_t year = 0, month = 1, day = 1;
  size_t n = c.digits(year, 7);
  if (n < 4) return std::nullopt;
  if (c.peek() == '-') {
    ++c.i;
    if (c.digits(month, 2) == 0) return std::nullopt;
    if (c.peek() == '-') {
      ++c.i;
      if (c.digits(day, 2) == 0) return std::nullopt;
    }
  }
  int32_t y = static_cast<int32_t>(sign * year);
  if (!isValidCivilDate(y, static_cast<uint32_t>(month), static_cast<uint32_t>(day)))
    return std::nullopt;
  return daysFromCivil(y, static_cast<uint32_t>(month), static_cast<uint32_t>(day));
}

// Parses "[h]h:[m]m[:[s]s[.f…]]"; returns micros of the day.
std::optional<int64_t> parseTimePart(Cursor& c) {
  int64_t h, m, s = 0, fraction = 0;
  if (c.digits(h, 2) == 0 || c.peek() != ':') return std::nullopt;
  ++c.i;
  if (c.digits(m, 2) == 0) return std::nullopt;
  if (c.peek() == ':') {
    ++c.i;
    if (c.digits(s, 2) == 0) return std::nullopt;
    if (c.peek() == '.') {
      ++c.i;
      size_t start = c.i;
      int64_t scale = 100000;
      while (!c.done() && std::isdigit(static_cast<unsigned char>(c.peek()))) {
        if (scale > 0) fraction += (c.peek() - '0') * scale;
        scale /= 10;
        ++c.i;
      }
      if (c.i == start) return std::nullopt;
    }
  }
  if (h > 23 || m > 59 || s > 59) return std::nullopt;
  return h * kMicrosPerHour + m * kMicrosPerMinute + s * kMicrosPerSecond + fraction;
}

}  // namespace

std::optional<int32_t> parseDate(std::string_view text) {
  Cursor c{trimWhitespace(text)};
  auto days = parseDatePart(c);
  if (!days) return std::nullopt;
  if (!c.done() && c.peek() != ' ' && c.peek() != 'T') return std::nullopt;
  return days;
}

std::optional<int64_t> parseTimestamp(std::string_view text, const TimeZone& zone) {
  Cursor c{trimWhitespace(text)};
  if (c.s.empty()) return std::nullopt;
  int64_t days;
  bool timeOnly = c.s[0] == 'T' || (c.s.size() > 2 && (c.s[1] == ':' || c.s[2] == ':'));
  if (timeOnly) {
    if (c.peek() == 'T') ++c.i;
    days = floorDiv(zone.utcToLocal(currentTimeMicros()), kMicrosPerDay);
  } else {
    auto d = parseDatePart(c);
    if (!d) return std::nullopt;
    days = *d;
    if (c.done()) return zone.localToUtc(days * kMicrosPerDay);
    if (c.peek() != ' ' && c.peek() != 'T') return std::nullopt;
    ++c.i;
    if (c.done()) return zone.localToUtc(days * kMicrosPerDay);
  }
  auto time = parseTimePart(c);
  if (!time) return std::nullopt;
  int64_t local = days * kMicrosPerDay + *time;
  std::string_view rest = trimWhitespace(c.s.substr(c.i));
  if (rest.empty()) return zone.localToUtc(local);
  auto explicitZone = TimeZone::of(rest);
  if (!explicitZone) return std::nullopt;
  return explicitZone->localToUtc(local);
}

namespace {

struct UnitInfo {
  std::string_view name;
  int kind;  // 0 months, 1 days, 2 micros
  int64_t factor;
};

constexpr UnitInfo kUnits[] = {
    {"year", 0, 12},
    {"month", 0, 1},
    {"week", 1, 7},
    {"day", 1, 1},
    {"hour", 2, kMicrosPerHour},
    {"minute", 2, kMicrosPerMinute},
    {"second", 2, kMicrosPerSecond},
    {"millisecond", 2, 1000},
    {"microsecond", 2, 1},
};

const UnitInfo* findUnit(std::string_view word) {
  std::string w = toLower(word);
  if (w.size() > 1 && w.back() == 's') w.pop_back();
  if (w == "ms" || w == "msec") w = "millisecond";
  if (w == "us") w = "microsecond";
  if (w == "sec") w = "second";
  if (w == "min") w = "minute";
  for (const auto& u : kUnits)
    if (u.name == w) return &u;
  return nullptr;
}

bool addUnit(Interval& out, const UnitInfo& unit, long double value) {
  switch (unit.kind) {
    case 0:
      out.months += static_cast<int32_t>(value * unit.factor);
      return value == static_cast<int64_t>(value);
    case 1:
      out.days += static_cast<int32_t>(value * unit.factor);
      return value == static_cast<int64_t>(value);
    default:
      out.micros += static_cast<int64_t>(value * unit.factor);
      return true;
  }
}

// ANSI form: '<value>' <unit> [TO <unit>], e.g. '1 2:3:4' DAY TO SECOND.
std::optional<Interval> parseAnsiInterval(std::string_view quoted, std::string_view qualifier) {
  std::string q = toLower(trimWhitespace(qualifier));
  std::string value(trimWhitespace(quoted));
  int sign = 1;
  if (!value.empty() && (value[0] == '-' || value[0] == '+')) {
    sign = value[0] == '-' ? -1 : 1;
    value.erase(0, 1);
  }
  auto words = splitWhitespace(q);
  if (words.empty()) return std::nullopt;
  if (words.size() == 1) {
    const UnitInfo* unit = findUnit(words[0]);
    if (!unit) return std::nullopt;
    char* end = nullptr;
    long double v = std::strtold(value.c_str(), &end);
    if (end == value.c_str() || *end != '\0') return std::nullopt;
    Interval out;
    if (!addUnit(out, *unit, sign * v)) return std::nullopt;
    return out;
  }
  if (words.size() != 3 || words[1] != "to") return std::nullopt;
  // Field-separated value: days ' ' hours ':' minutes ':' seconds, fitted to the qualifier.
  const UnitInfo* from = findUnit(words[0]);
  const UnitInfo* to = findUnit(words[2]);
  if (!from || !to) return std::nullopt;
  if (from->kind == 0) {  // YEAR TO MONTH
    auto dash = value.find('-');
    if (dash == std::string::npos) return std::nullopt;
    Interval out;
    out.months = sign * (std::atoi(value.substr(0, dash).c_str()) * 12 +
                         std::atoi(value.substr(dash + 1).c_str()));
    return out;
  }
  std::vector<std::string> parts;
  std::string current;
  for (char ch : value) {
    if (ch == ' ' || ch == ':') {
      parts.push_back(current);
      current.clear();
    } else {
      current += ch;
    }
  }
  parts.push_back(current);
  static constexpr std::string_view kOrder[] = {"day", "hour", "minute", "second"};
  size_t first = 0, last = 0;
  for (size_t k = 0; k < 4; ++k) {
    if (kOrder[k] == from->name) first = k;
    if (kOrder[k] == to->name) last = k;
  }
  if (last < first || parts.size() != last - first + 1) return std::nullopt;
  Interval out;
  for (size_t k = 0; k < parts.size(); ++k) {
    char* end = nullptr;
    long double v = std::strtold(parts[k].c_str(), &end);
    if (parts[k].empty() || *end != '\0') return std::nullopt;
    addUnit(out, *findUnit(kOrder[first + k]), sign * v);
  }
  return out;
}

}  // namespace

std::optional<Interval> parseInterval(std::string_view text) {
  std::string_view s = trimWhitespace(text);
  if (s.size() >= 8 && toLower(s.substr(0, 8)) == "interval") s = trimWhitespace(s.substr(8));
  if (s.empty()) return std::nullopt;
  if (s[0] == '\'' || s[0] == '"') {
    auto close = s.find(s[0], 1);
    if (close == std::string_view::npos) return std::nullopt;
    std::string_view inner = s.substr(1, close - 1);
    std::string_view qualifier = trimWhitespace(s.substr(close + 1));
    if (qualifier.empty()) return parseInterval(inner);
    return parseAnsiInterval(inner, qualifier);
  }
  auto words = splitWhitespace(s);
  if (words.size() % 2 != 0) return std::nullopt;
  Interval out;
  for (size_t k = 0; k < words.size(); k += 2) {
    std::string number = words[k];
    if (!number.empty() && number[0] == '\'' && number.back() == '\'' && number.size() > 1)
      number = number.substr(1, number.size() - 2);
    char* end = nullptr;
    long double v = std::strtold(number.c_str(), &end);
    if (number.empty() || *end != '\0') return std::nullopt;
    const UnitInfo* unit = findUnit(words[k + 1]);
    if (!unit || !addUnit(out, *unit, v)) return std::nullopt;
  }
  return out;
}

std::string formatInterval(const Interval& iv) {
  std::string out;
  auto add = [&](int64_t v, const char* unit) {
    if (v == 0) return;
    if (!out.empty()) out += ' ';
    out += std::to_string(v) + " " + unit;
  };
  add(iv.months / 12, "years");
  add(iv.months % 12, "months");
  add(iv.days, "days");
  int64_t micros = iv.micros;
  add(micros / kMicrosPerHour, "hours");
  micros %= kMicrosPerHour;
  add(micros / kMicrosPerMinute, "minutes");
  micros %= kMicrosPerMinute;
  if (micros != 0) {
    if (!out.empty()) out += ' ';
    int64_t secs = micros / kMicrosPerSecond, frac = std::abs(micros % kMicrosPerSecond);
    std::string s = (micros < 0 && secs == 0 ? "-" : "") + std::to_string(secs);
    if (frac) {
      char buf[16];
      snprintf(buf, sizeof buf, ".%06d", static_cast<int>(frac));
      std::string f(buf);
      while (f.back() == '0') f.pop_back();
      s += f;
    }
    out += s + " seconds";
  }
  return out.empty() ? "0 seconds" : out;
}

int64_t currentTimeMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace spate
