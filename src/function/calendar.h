#pragma once

// Calendar arithmetic on days since the epoch (proleptic Gregorian, as java.time and Spark 3) and
// conversions between instants and local dates in a session time zone.

#include <algorithm>
#include <cstdint>
#include <optional>

#include "common/time.h"

namespace spate::calendar {

inline bool isLeapYear(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

inline int daysInMonth(int64_t year, uint32_t month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return kDays[month - 1] + (month == 2 && isLeapYear(year) ? 1 : 0);
}

/// 1 … 366, from the month and day (no day arithmetic, so no overflow at the ends of the range).
inline int32_t dayOfYear(const CivilDate& c) {
  static constexpr int kBefore[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
  return kBefore[c.month - 1] + static_cast<int32_t>(c.day) +
         (c.month > 2 && isLeapYear(c.year) ? 1 : 0);
}

inline int32_t dayOfYear(int32_t days) { return dayOfYear(civilFromDays(days)); }

/// 1 = Sunday … 7 = Saturday (Spark's dayofweek).
inline int32_t dayOfWeekFromSunday(int32_t days) {
  return static_cast<int32_t>(floorMod(int64_t{days} + 4, 7)) + 1;
}

/// 0 = Monday … 6 = Sunday (Spark's weekday).
inline int32_t weekdayFromMonday(int32_t days) {
  return static_cast<int32_t>(floorMod(int64_t{days} + 3, 7));
}

/// The Thursday of the ISO week holding `days`: its year is the ISO week-based year. (At the very
/// end of the int range the day number wraps, as Java's int arithmetic would.)
inline int32_t isoWeekThursday(int32_t days) {
  return static_cast<int32_t>(int64_t{days} - weekdayFromMonday(days) + 3);
}

/// ISO 8601 week of the year (weeks start on Monday; week 1 holds January 4th).
inline int32_t isoWeekOfYear(int32_t days) {
  return (dayOfYear(isoWeekThursday(days)) - 1) / 7 + 1;
}

inline int32_t isoWeekYear(int32_t days) { return civilFromDays(isoWeekThursday(days)).year; }

inline int32_t lastDayOfMonth(int32_t days) {
  CivilDate c = civilFromDays(days);
  return static_cast<int32_t>(int64_t{days} + daysInMonth(c.year, c.month) - c.day);
}

/// The dates java.time can represent and Spark's int day numbers hold.
constexpr int64_t kMinYear = -5'000'000;
constexpr int64_t kMaxYear = 5'000'000;

/// LocalDate.plusMonths: the day is clamped to the end of the target month.
inline std::optional<int32_t> addMonths(int32_t days, int64_t months) {
  CivilDate c = civilFromDays(days);
  int64_t total = int64_t{c.year} * 12 + (c.month - 1) + months;
  int64_t year = floorDiv(total, 12);
  auto month = static_cast<uint32_t>(total - year * 12 + 1);
  if (year < kMinYear || year > kMaxYear) return std::nullopt;
  int day = std::min<int>(static_cast<int>(c.day), daysInMonth(year, month));
  return daysFromCivil(static_cast<int32_t>(year), month, static_cast<uint32_t>(day));
}

/// LocalDate.of(year, month, day), nullopt when invalid.
inline std::optional<int32_t> makeDate(int64_t year, int64_t month, int64_t day) {
  if (year < kMinYear || year > kMaxYear || month < 1 || month > 12 || day < 1 ||
      day > daysInMonth(year, static_cast<uint32_t>(month)))
    return std::nullopt;
  return daysFromCivil(static_cast<int32_t>(year), static_cast<uint32_t>(month),
                       static_cast<uint32_t>(day));
}

/// The local date of an instant in `zone`.
inline int32_t localDate(int64_t utcMicros, const TimeZone& zone) {
  return static_cast<int32_t>(floorDiv(zone.utcToLocal(utcMicros), kMicrosPerDay));
}

/// Microseconds since local midnight of an instant in `zone`.
inline int64_t localMicrosOfDay(int64_t utcMicros, const TimeZone& zone) {
  return floorMod(zone.utcToLocal(utcMicros), kMicrosPerDay);
}

/// Days whose midnight is a representable timestamp in every zone.
constexpr int64_t kMaxTimestampDays = INT64_MAX / kMicrosPerDay - 1;

/// The first instant of a local date in `zone` (LocalDate.atStartOfDay(zone)); nullopt beyond
/// the timestamp range (where Spark fails with an overflow).
inline std::optional<int64_t> startOfDayChecked(int32_t days, const TimeZone& zone) {
  if (days > kMaxTimestampDays || days < -kMaxTimestampDays) return std::nullopt;
  return zone.localToUtc(int64_t{days} * kMicrosPerDay);
}

/// As startOfDayChecked, saturating.
inline int64_t startOfDay(int32_t days, const TimeZone& zone) {
  if (auto t = startOfDayChecked(days, zone)) return *t;
  return days < 0 ? INT64_MIN : INT64_MAX;
}

}  // namespace spate::calendar
