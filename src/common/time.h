#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace spate {

/// Timestamps are microseconds since 1970-01-01T00:00:00Z; dates are days since 1970-01-01.
constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
constexpr int64_t kMicrosPerHour = 60 * kMicrosPerMinute;
constexpr int64_t kMicrosPerDay = 24 * kMicrosPerHour;

struct CivilDate {
  int32_t year;
  uint32_t month;  // 1..12
  uint32_t day;    // 1..31
};

int32_t daysFromCivil(int32_t year, uint32_t month, uint32_t day);
CivilDate civilFromDays(int32_t days);
bool isValidCivilDate(int32_t year, uint32_t month, uint32_t day);

/// floor(a / b) and floorMod for b > 0, as Java's Math.floorDiv / floorMod.
constexpr int64_t floorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
constexpr int64_t floorMod(int64_t a, int64_t b) {
  int64_t m = a % b;  // no intermediate product: safe for every a
  return m != 0 && ((m < 0) != (b < 0)) ? m + b : m;
}

/// A session time zone (`spark.sql.session.timeZone`): an IANA region or a fixed offset.
class TimeZone {
 public:
  /// Parses "UTC", "Z", "+01:00", "-0530", "GMT+1", "UTC+02:00" or an IANA name such as
  /// "Europe/Paris". Returns nullptr for an unknown zone.
  static std::shared_ptr<const TimeZone> of(std::string_view name);
  static std::shared_ptr<const TimeZone> utc();
  /// The machine's zone (Spark's default is the JVM's zone), from $TZ or /etc/localtime.
  static std::string systemZoneId();

  const std::string& id() const { return id_; }
  /// Offset from UTC in microseconds at a UTC instant.
  int64_t offsetAtUtc(int64_t utcMicros) const;
  /// UTC instant of a local wall-clock time; gaps move forward, overlaps take the earlier offset
  /// (as java.time does).
  int64_t localToUtc(int64_t localMicros) const;
  /// Saturates at the ends of the timestamp range.
  int64_t utcToLocal(int64_t utcMicros) const {
    int64_t local;
    if (__builtin_add_overflow(utcMicros, offsetAtUtc(utcMicros), &local))
      return utcMicros < 0 ? INT64_MIN : INT64_MAX;
    return local;
  }

 private:
  TimeZone(std::string id, const void* zone, int64_t fixedOffset)
      : id_(std::move(id)), zone_(zone), fixedOffset_(fixedOffset) {}
  std::string id_;
  const void* zone_;  // date::time_zone*, or nullptr for a fixed offset
  int64_t fixedOffset_;
};
using TimeZonePtr = std::shared_ptr<const TimeZone>;

/// Spark's rendering of a timestamp: `yyyy-MM-dd HH:mm:ss` plus the fraction without trailing
/// zeros (".5", ".123456"), no fraction when it is zero.
std::string formatTimestamp(int64_t utcMicros, const TimeZone& zone);
std::string formatLocalTimestamp(int64_t localMicros);
/// `yyyy-MM-dd` (years beyond 9999 or before 0 get a sign as Spark prints them).
std::string formatDate(int32_t days);

/// Spark's lenient string-to-timestamp cast: `yyyy`, `yyyy-MM`, `yyyy-MM-dd`,
/// `yyyy-MM-dd[ T]HH:mm[:ss[.ffffff]][zone]`, `THH:mm:ss`-less forms, zones `Z`, `+hh:mm`, `UTC`,
/// region ids. Invalid text gives nullopt.
std::optional<int64_t> parseTimestamp(std::string_view text, const TimeZone& zone);
/// Spark's string-to-date cast: `yyyy`, `yyyy-MM`, `yyyy-MM-dd` and `yyyy-MM-dd …` (rest ignored).
std::optional<int32_t> parseDate(std::string_view text);

/// Spark's CalendarInterval: months, days and microseconds are kept apart because their lengths vary.
struct Interval {
  int32_t months = 0;
  int32_t days = 0;
  int64_t micros = 0;
  bool operator==(const Interval&) const = default;
  /// Duration in microseconds with a day of 24 h and a month of 31 days (watermark delays).
  int64_t durationMicros(int64_t microsPerMonth = 31 * kMicrosPerDay) const {
    return months * microsPerMonth + days * kMicrosPerDay + micros;
  }
};

/// Parses "10 seconds", "interval 1 hour 30 minutes", "5 minutes", "200 milliseconds", "1 day",
/// "interval '5' second", "interval '1 2:3:4' day to second". nullopt when invalid.
std::optional<Interval> parseInterval(std::string_view text);
/// Spark's CalendarInterval.toString: "1 hours 30 minutes", "10 seconds", "1.5 seconds".
std::string formatInterval(const Interval& interval);

/// Microseconds since the epoch from the system clock.
int64_t currentTimeMicros();

}  // namespace spate
