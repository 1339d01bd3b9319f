// Date and timestamp arithmetic: date_add/date_sub/datediff, add_months, months_between,
// last_day, next_day, make_date, make_timestamp, trunc, date_trunc, to/from_utc_timestamp.
#include <cmath>

#include "common/error.h"
#include "common/strings.h"
#include "expression/cast.h"
#include "function/calendar.h"
#include "function/datetime_binding.h"
#include "function/datetime_internal.h"
#include "function/kernel.h"

namespace spate {

namespace {

using namespace datetime;

ExprPtr nullOf(const TypePtr& type) { return makeLiteral(Value::null(), type); }

// ---- date_add, date_sub, datediff, add_months, last_day, next_day, make_date ---------------

ExprPtr bindDateAdd(const std::string& name, std::vector<ExprPtr> args, int sign) {
  checkArgCount(name, args, {2});
  coerceArg(name, args, 0, {DataType::date()});
  coerceArg(name, args, 1, {DataType::integer(), DataType::shortType(), DataType::byte()});
  args[1] = makeCast(args[1], DataType::integer());
  return makeCall(name, DataType::date(), std::move(args), [sign](const KernelArgs& a) {
    // Java int arithmetic: wraps around.
    return mapBinary<int32_t, int32_t, int32_t>(a, [sign](int32_t d, int32_t n) {
      uint32_t delta = sign > 0 ? static_cast<uint32_t>(n) : 0u - static_cast<uint32_t>(n);
      return static_cast<int32_t>(static_cast<uint32_t>(d) + delta);
    });
  });
}

ExprPtr bindDateDiff(const std::string& name, std::vector<ExprPtr> args) {
  checkArgCount(name, args, {2});
  coerceArg(name, args, 0, {DataType::date()});
  coerceArg(name, args, 1, {DataType::date()});
  return makeCall(name, DataType::integer(), std::move(args), [](const KernelArgs& a) {
    return mapBinary<int32_t, int32_t, int32_t>(a, [](int32_t end, int32_t start) {
      return static_cast<int32_t>(static_cast<uint32_t>(end) - static_cast<uint32_t>(start));
    });
  });
}

ExprPtr bindAddMonths(std::vector<ExprPtr> args) {
  const std::string name = "add_months";
  checkArgCount(name, args, {2});
  coerceArg(name, args, 0, {DataType::date()});
  coerceArg(name, args, 1, {DataType::integer()});
  return makeCall(name, DataType::date(), std::move(args), [](const KernelArgs& a) {
    return mapBinary<int32_t, int32_t, int32_t>(
        a, [](int32_t d, int32_t months) { return calendar::addMonths(d, months); });
  });
}

ExprPtr bindLastDay(std::vector<ExprPtr> args) {
  checkArgCount("last_day", args, {1});
  coerceArg("last_day", args, 0, {DataType::date()});
  return makeCall("last_day", DataType::date(), std::move(args), [](const KernelArgs& a) {
    return mapUnary<int32_t, int32_t>(a, calendar::lastDayOfMonth);
  });
}

// DateTimeUtils.getDayOfWeekFromString: 0 = Monday … 6 = Sunday, -1 when unknown.
int dayOfWeekFromString(std::string_view text) {
  static const char* const kNames[7][3] = {{"MO", "MON", "MONDAY"},    {"TU", "TUE", "TUESDAY"},
                                           {"WE", "WED", "WEDNESDAY"}, {"TH", "THU", "THURSDAY"},
                                           {"FR", "FRI", "FRIDAY"},    {"SA", "SAT", "SATURDAY"},
                                           {"SU", "SUN", "SUNDAY"}};
  std::string upper = toUpper(text);
  for (int d = 0; d < 7; ++d)
    for (const char* n : kNames[d])
      if (upper == n) return d;
  return -1;
}

int32_t nextDay(int32_t days, int weekday) {
  int delta = static_cast<int>(floorMod(weekday - calendar::weekdayFromMonday(days) - 1, 7)) + 1;
  return static_cast<int32_t>(int64_t{days} + delta);  // wraps at the end of the range, as Java
}

ExprPtr bindNextDay(std::vector<ExprPtr> args) {
  const std::string name = "next_day";
  checkArgCount(name, args, {2});
  coerceArg(name, args, 0, {DataType::date()});
  coerceArg(name, args, 1, {DataType::string()});
  if (auto text = constantString(args[1])) {
    int weekday = text->isNull ? -1 : dayOfWeekFromString(text->value);
    if (weekday < 0) return nullOf(DataType::date());  // non-ANSI: an unknown day gives NULL
    args.pop_back();
    return makeCall(name, DataType::date(), std::move(args), [weekday](const KernelArgs& a) {
      return mapUnary<int32_t, int32_t>(a, [weekday](int32_t d) { return nextDay(d, weekday); });
    });
  }
  return makeCall(name, DataType::date(), std::move(args), [](const KernelArgs& a) {
    return mapBinary<int32_t, int32_t, std::string_view>(
        a, [](int32_t d, std::string_view text) -> std::optional<int32_t> {
          int weekday = dayOfWeekFromString(text);
          if (weekday < 0) return std::nullopt;
          return nextDay(d, weekday);
        });
  });
}

ExprPtr bindMakeDate(std::vector<ExprPtr> args) {
  const std::string name = "make_date";
  checkArgCount(name, args, {3});
  for (size_t i = 0; i < 3; ++i) coerceArg(name, args, i, {DataType::integer()});
  return makeCall(name, DataType::date(), std::move(args), [](const KernelArgs& a) {
    return mapTernary<int32_t, int32_t, int32_t, int32_t>(
        a, [](int32_t y, int32_t m, int32_t d) { return calendar::makeDate(y, m, d); });
  });
}

// ---- months_between -----------------------------------------------------------------------

// DateTimeUtils.monthsBetween: whole months when the days of month match or both are month ends,
// otherwise the difference in seconds over a 31-day month.
double monthsBetween(int64_t t1, int64_t t2, bool roundOff, const TimeZone& zone) {
  int32_t d1 = calendar::localDate(t1, zone), d2 = calendar::localDate(t2, zone);
  CivilDate c1 = civilFromDays(d1), c2 = civilFromDays(d2);
  double monthDiff =
      static_cast<double>((int64_t{c1.year} * 12 + c1.month) - (int64_t{c2.year} * 12 + c2.month));
  if (c1.day == c2.day ||
      (d1 == calendar::lastDayOfMonth(d1) && d2 == calendar::lastDayOfMonth(d2)))
    return monthDiff;
  // Wrapping subtraction: only the ends of the timestamp range could overflow.
  auto sinceMidnight = [&zone](int64_t t, int32_t d) {
    return static_cast<int64_t>(static_cast<uint64_t>(t) -
                                static_cast<uint64_t>(calendar::startOfDay(d, zone)));
  };
  int64_t seconds1 = sinceMidnight(t1, d1) / kMicrosPerSecond;
  int64_t seconds2 = sinceMidnight(t2, d2) / kMicrosPerSecond;
  int64_t secondsDiff =
      (static_cast<int64_t>(c1.day) - static_cast<int64_t>(c2.day)) * 86400 + seconds1 - seconds2;
  double diff = monthDiff + static_cast<double>(secondsDiff) / (31.0 * 86400);
  if (!roundOff) return diff;
  // Math.round(diff * 1e8) / 1e8
  return static_cast<double>(static_cast<int64_t>(std::floor(diff * 1e8 + 0.5))) / 1e8;
}

ExprPtr bindMonthsBetween(std::vector<ExprPtr> args) {
  const std::string name = "months_between";
  checkArgCount(name, args, {2, 3});
  coerceArg(name, args, 0, {DataType::timestamp()});
  coerceArg(name, args, 1, {DataType::timestamp()});
  if (args.size() == 3) coerceArg(name, args, 2, {DataType::boolean()});
  return makeCall(name, DataType::doubleType(), std::move(args), [](const KernelArgs& a) {
    const TimeZone& zone = *a.context.timeZone;
    if (a.columns.size() == 2)
      return mapBinary<double, int64_t, int64_t>(
          a, [&zone](int64_t t1, int64_t t2) { return monthsBetween(t1, t2, true, zone); });
    return mapTernary<double, int64_t, int64_t, bool>(
        a, [&zone](int64_t t1, int64_t t2, bool r) { return monthsBetween(t1, t2, r, zone); });
  });
}

// ---- make_timestamp -----------------------------------------------------------------------

// MakeTimestamp.toMicros: seconds as DECIMAL(16, 6); 60 seconds only with no fraction (the next
// minute, as PostgreSQL).
std::optional<int64_t> makeTimestamp(int64_t year, int64_t month, int64_t day, int64_t hour,
                                     int64_t minute, Int128 secondsUnscaled, const TimeZone& zone) {
  auto totalMicros = static_cast<int32_t>(static_cast<int64_t>(secondsUnscaled));  // .toInt
  int64_t seconds = floorDiv(totalMicros, kMicrosPerSecond);
  int64_t micros = floorMod(totalMicros, kMicrosPerSecond);
  if (year < -290000 || year > 290000) return std::nullopt;
  auto date = calendar::makeDate(year, month, day);
  if (!date || hour < 0 || hour > 23 || minute < 0 || minute > 59) return std::nullopt;
  int64_t extra = 0;
  if (seconds == 60) {
    if (micros != 0) return std::nullopt;
    seconds = 0;
    extra = kMicrosPerMinute;
  } else if (seconds < 0 || seconds > 59) {
    return std::nullopt;
  }
  int64_t local = int64_t{*date} * kMicrosPerDay + hour * kMicrosPerHour +
                  minute * kMicrosPerMinute + seconds * kMicrosPerSecond + micros + extra;
  return zone.localToUtc(local);
}

ExprPtr bindMakeTimestamp(std::vector<ExprPtr> args) {
  const std::string name = "make_timestamp";
  checkArgCount(name, args, {6, 7});
  for (size_t i = 0; i < 5; ++i) coerceArg(name, args, i, {DataType::integer()});
  coerceArg(name, args, 5, {DataType::decimal(16, 6)});
  if (args.size() == 7) coerceArg(name, args, 6, {DataType::string()});
  return makeCall(name, DataType::timestamp(), std::move(args), [](const KernelArgs& a) {
    KernelWriter<int64_t> w(a.resultType, a.rows);
    const bool hasZone = a.columns.size() == 7;
    TimeZonePtr lastZone;
    std::string lastZoneId;
    for (int64_t i = 0; i < a.rows; ++i) {
      bool anyNull = false;
      for (const auto& c : a.columns) anyNull |= c->isNull(i);
      if (anyNull) {
        w.setNull(i);
        continue;
      }
      const TimeZone* zone = a.context.timeZone.get();
      if (hasZone) {
        std::string_view id = a.columns[6]->stringAt(i);
        if (!lastZone || id != lastZoneId) {
          lastZoneId.assign(id);
          lastZone = zoneFromFunctionArgument(id);
        }
        zone = lastZone.get();
      }
      std::optional<int64_t> t;
      if (zone) {
        auto field = [&](int k) { return int64_t{a.columns[k]->valueAt<int32_t>(i)}; };
        t = makeTimestamp(field(0), field(1), field(2), field(3), field(4),
                          a.columns[5]->valueAt<Int128>(i), *zone);
      }
      if (t)
        w.set(i, *t);
      else
        w.setNull(i);
    }
    return w.finish();
  });
}

// ---- trunc, date_trunc --------------------------------------------------------------------

enum class TruncLevel {
  kInvalid,
  kMicrosecond,
  kMillisecond,
  kSecond,
  kMinute,
  kHour,
  kDay,
  kWeek,
  kMonth,
  kQuarter,
  kYear
};

// DateTimeUtils.parseTruncLevel (case-insensitive, not trimmed).
TruncLevel parseTruncLevel(std::string_view text) {
  std::string f = toUpper(text);
  if (f == "MICROSECOND") return TruncLevel::kMicrosecond;
  if (f == "MILLISECOND") return TruncLevel::kMillisecond;
  if (f == "SECOND") return TruncLevel::kSecond;
  if (f == "MINUTE") return TruncLevel::kMinute;
  if (f == "HOUR") return TruncLevel::kHour;
  if (f == "DAY" || f == "DD") return TruncLevel::kDay;
  if (f == "WEEK") return TruncLevel::kWeek;
  if (f == "MON" || f == "MONTH" || f == "MM") return TruncLevel::kMonth;
  if (f == "QUARTER") return TruncLevel::kQuarter;
  if (f == "YEAR" || f == "YYYY" || f == "YY") return TruncLevel::kYear;
  return TruncLevel::kInvalid;
}

int32_t truncDate(int32_t days, TruncLevel level) {
  CivilDate c = civilFromDays(days);
  switch (level) {
    case TruncLevel::kWeek:
      return static_cast<int32_t>(int64_t{days} - calendar::weekdayFromMonday(days));
    case TruncLevel::kMonth:
      return static_cast<int32_t>(int64_t{days} - c.day + 1);
    case TruncLevel::kQuarter:
      return daysFromCivil(c.year, (c.month - 1) / 3 * 3 + 1, 1);
    case TruncLevel::kYear:
      return daysFromCivil(c.year, 1, 1);
    default:
      return days;
  }
}

// Java's wrapping long subtraction.
int64_t wrappingSub(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b));
}

// ZonedDateTime.truncatedTo: truncate the local time, keep the current offset when still valid.
int64_t truncLocal(int64_t t, int64_t unit, const TimeZone& zone) {
  int64_t offset = zone.offsetAtUtc(t);
  int64_t local = zone.utcToLocal(t);
  int64_t truncated = wrappingSub(local, floorMod(local, unit));
  int64_t candidate;
  if (!__builtin_sub_overflow(truncated, offset, &candidate) &&
      zone.offsetAtUtc(candidate) == offset)
    return candidate;
  return zone.localToUtc(truncated);
}

int64_t truncTimestamp(int64_t t, TruncLevel level, const TimeZone& zone) {
  switch (level) {
    case TruncLevel::kMicrosecond:
      return t;
    case TruncLevel::kMillisecond:
      return wrappingSub(t, floorMod(t, 1000));
    case TruncLevel::kSecond:
      return wrappingSub(t, floorMod(t, kMicrosPerSecond));
    case TruncLevel::kMinute:
      return truncLocal(t, kMicrosPerMinute, zone);
    case TruncLevel::kHour:
      return truncLocal(t, kMicrosPerHour, zone);
    case TruncLevel::kDay:
      return truncLocal(t, kMicrosPerDay, zone);
    default:
      return calendar::startOfDay(truncDate(calendar::localDate(t, zone), level), zone);
  }
}

ExprPtr bindTrunc(std::vector<ExprPtr> args) {
  const std::string name = "trunc";
  checkArgCount(name, args, {2});
  coerceArg(name, args, 0, {DataType::date()});
  coerceArg(name, args, 1, {DataType::string()});
  auto dateLevel = [](std::string_view text) {
    TruncLevel level = parseTruncLevel(text);
    return level < TruncLevel::kWeek ? TruncLevel::kInvalid : level;  // only date levels
  };
  if (auto text = constantString(args[1])) {
    TruncLevel level = text->isNull ? TruncLevel::kInvalid : dateLevel(text->value);
    if (level == TruncLevel::kInvalid) return nullOf(DataType::date());
    args.pop_back();
    return makeCall(name, DataType::date(), std::move(args), [level](const KernelArgs& a) {
      return mapUnary<int32_t, int32_t>(a, [level](int32_t d) { return truncDate(d, level); });
    });
  }
  return makeCall(name, DataType::date(), std::move(args), [dateLevel](const KernelArgs& a) {
    return mapBinary<int32_t, int32_t, std::string_view>(
        a, [&](int32_t d, std::string_view text) -> std::optional<int32_t> {
          TruncLevel level = dateLevel(text);
          if (level == TruncLevel::kInvalid) return std::nullopt;
          return truncDate(d, level);
        });
  });
}

ExprPtr bindDateTrunc(std::vector<ExprPtr> args) {
  const std::string name = "date_trunc";
  checkArgCount(name, args, {2});
  coerceArg(name, args, 0, {DataType::string()});
  coerceArg(name, args, 1, {DataType::timestamp()});
  if (auto text = constantString(args[0])) {
    TruncLevel level = text->isNull ? TruncLevel::kInvalid : parseTruncLevel(text->value);
    if (level == TruncLevel::kInvalid) return nullOf(DataType::timestamp());
    args.erase(args.begin());
    return makeCall(name, DataType::timestamp(), std::move(args), [level](const KernelArgs& a) {
      const TimeZone& zone = *a.context.timeZone;
      return mapUnary<int64_t, int64_t>(
          a, [level, &zone](int64_t t) { return truncTimestamp(t, level, zone); });
    });
  }
  return makeCall(name, DataType::timestamp(), std::move(args), [](const KernelArgs& a) {
    const TimeZone& zone = *a.context.timeZone;
    return mapBinary<int64_t, std::string_view, int64_t>(
        a, [&zone](std::string_view text, int64_t t) -> std::optional<int64_t> {
          TruncLevel level = parseTruncLevel(text);
          if (level == TruncLevel::kInvalid) return std::nullopt;
          return truncTimestamp(t, level, zone);
        });
  });
}

// ---- to_utc_timestamp, from_utc_timestamp -------------------------------------------------

// from_utc_timestamp renders the instant in `zone` and reads it back as UTC; to_utc_timestamp
// does the reverse (DateTimeUtils.convertTz).
int64_t shiftZone(int64_t t, const TimeZone& zone, bool fromUtc) {
  return fromUtc ? zone.utcToLocal(t) : zone.localToUtc(t);
}

ExprPtr bindUtcShift(const std::string& name, std::vector<ExprPtr> args, bool fromUtc) {
  checkArgCount(name, args, {2});
  coerceArg(name, args, 0, {DataType::timestamp()});
  coerceArg(name, args, 1, {DataType::string()});
  if (auto text = constantString(args[1])) {
    TimeZonePtr zone = text->isNull ? nullptr : zoneFromFunctionArgument(text->value);
    if (!zone) return nullOf(DataType::timestamp());
    args.pop_back();
    return makeCall(name, DataType::timestamp(), std::move(args),
                    [zone, fromUtc](const KernelArgs& a) {
                      return mapUnary<int64_t, int64_t>(
                          a, [&](int64_t t) { return shiftZone(t, *zone, fromUtc); });
                    });
  }
  return makeCall(name, DataType::timestamp(), std::move(args), [fromUtc](const KernelArgs& a) {
    TimeZonePtr zone;
    std::string lastId;
    return mapBinary<int64_t, int64_t, std::string_view>(
        a, [&](int64_t t, std::string_view id) -> std::optional<int64_t> {
          if (!zone || id != lastId) {
            lastId.assign(id);
            zone = zoneFromFunctionArgument(id);
          }
          if (!zone) return std::nullopt;
          return shiftZone(t, *zone, fromUtc);
        });
  });
}

}  // namespace

void registerDatetimeArithmeticFunctions(FunctionRegistry& registry) {
  for (const char* name : {"date_add", "dateadd"})
    addBinder(
        registry, name,
        [n = std::string(name)](std::vector<ExprPtr> args) {
          return bindDateAdd(n, std::move(args), 1);
        },
        std::string(name) +
            "(start_date, num_days) - Returns the date that is num_days after start_date.");
  addBinder(
      registry, "date_sub",
      [](std::vector<ExprPtr> args) { return bindDateAdd("date_sub", std::move(args), -1); },
      "date_sub(start_date, num_days) - Returns the date that is num_days before start_date.");
  for (const char* name : {"datediff", "date_diff"})
    addBinder(
        registry, name,
        [n = std::string(name)](std::vector<ExprPtr> args) {
          return bindDateDiff(n, std::move(args));
        },
        std::string(name) +
            "(endDate, startDate) - Returns the number of days from startDate to endDate.");
  addBinder(registry, "add_months", bindAddMonths,
            "add_months(start_date, num_months) - Returns the date that is num_months after "
            "start_date.");
  addBinder(registry, "months_between", bindMonthsBetween,
            "months_between(timestamp1, timestamp2[, roundOff]) - Returns the number of months "
            "between timestamp1 and timestamp2.");
  addBinder(registry, "last_day", bindLastDay,
            "last_day(date) - Returns the last day of the month which the date belongs to.");
  addBinder(registry, "next_day", bindNextDay,
            "next_day(start_date, day_of_week) - Returns the first date which is later than "
            "start_date and named as indicated.");
  addBinder(registry, "make_date", bindMakeDate,
            "make_date(year, month, day) - Create date from year, month and day fields.");
  addBinder(registry, "make_timestamp", bindMakeTimestamp,
            "make_timestamp(year, month, day, hour, min, sec[, timezone]) - Create timestamp from "
            "year, month, day, hour, min, sec and timezone fields.");
  addBinder(registry, "trunc", bindTrunc,
            "trunc(date, fmt) - Returns date with the time portion of the day truncated to the "
            "unit specified by the format model fmt.");
  addBinder(registry, "date_trunc", bindDateTrunc,
            "date_trunc(fmt, ts) - Returns timestamp ts truncated to the unit specified by the "
            "format model fmt.");
  addBinder(
      registry, "to_utc_timestamp",
      [](std::vector<ExprPtr> args) {
        return bindUtcShift("to_utc_timestamp", std::move(args), false);
      },
      "to_utc_timestamp(timestamp, timezone) - Interprets timestamp as a time in the given time "
      "zone and renders it in UTC.");
  addBinder(
      registry, "from_utc_timestamp",
      [](std::vector<ExprPtr> args) {
        return bindUtcShift("from_utc_timestamp", std::move(args), true);
      },
      "from_utc_timestamp(timestamp, timezone) - Interprets timestamp as a time in UTC and "
      "renders it in the given time zone.");
}

}  // namespace spate
