#include "function/datetime_arithmetic.h"

#include <cmath>
#include <limits>

#include "function/analysis_errors.h"
#include "function/calendar.h"
#include "function/coercion.h"
#include "function/kernel.h"
#include "function/vector_kernels.h"

namespace spate {

namespace {

int32_t wrapInt(int64_t v) { return static_cast<int32_t>(static_cast<uint32_t>(v)); }
int64_t wrapLongAdd(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}

// LocalDate.plusMonths(months).plusDays(days) on a day number.
int64_t addMonthsAndDays(int32_t days, int32_t months, int32_t plusDays) {
  CivilDate c = civilFromDays(days);
  if (months != 0) {
    int64_t total = int64_t{c.year} * 12 + (c.month - 1) + months;
    int64_t year = total >= 0 ? total / 12 : -((-total + 11) / 12);
    auto month = static_cast<uint32_t>(total - year * 12 + 1);
    year = std::clamp<int64_t>(year, -290000, 290000);
    auto y = static_cast<int32_t>(year);
    c = CivilDate{y, month, std::min(c.day, static_cast<uint32_t>(calendar::daysInMonth(y, month)))};
  }
  return int64_t{daysFromCivil(c.year, c.month, c.day)} + plusDays;
}

int64_t dateToTimestamp(int32_t days, const TimeZone& zone) {
  return zone.localToUtc(int64_t{days} * kMicrosPerDay);
}

int32_t timestampToDate(int64_t micros, const TimeZone& zone) {
  return static_cast<int32_t>(floorDiv(zone.utcToLocal(micros), kMicrosPerDay));
}

// IntervalUtils.fromDoubles: months and days truncate, the day fraction moves to microseconds;
// nullopt when a part leaves the int range (Spark's ArithmeticException, NULL in non-ANSI mode).
std::optional<Interval> intervalFromDoubles(double months, double days, double micros) {
  auto toInt = [](double v) -> std::optional<int32_t> {
    if (std::isnan(v)) return 0;  // Java's (long) NaN is 0
    if (v >= 9.3e18 || v <= -9.3e18) return std::nullopt;
    auto l = static_cast<int64_t>(v);
    if (l < std::numeric_limits<int32_t>::min() || l > std::numeric_limits<int32_t>::max())
      return std::nullopt;
    return static_cast<int32_t>(l);
  };
  auto m = toInt(months), d = toInt(days);
  if (!m || !d) return std::nullopt;
  double totalMicros = micros + static_cast<double>(kMicrosPerDay) * (days - *d);
  int64_t rounded;
  if (std::isnan(totalMicros)) {
    rounded = 0;
  } else if (totalMicros >= 9.2233720368547758e18) {
    rounded = std::numeric_limits<int64_t>::max();
  } else if (totalMicros <= -9.2233720368547758e18) {
    rounded = std::numeric_limits<int64_t>::min();
  } else {
    rounded = static_cast<int64_t>(std::floor(totalMicros + 0.5));  // Math.round
  }
  return Interval{*m, *d, rounded};
}

bool is(const ExprPtr& e, TypeId id) { return e->type->id() == id; }

ExprPtr call(std::string_view name, TypePtr type, std::vector<ExprPtr> args, ScalarKernel kernel) {
  return makeCall(std::string(name), std::move(type), std::move(args), std::move(kernel));
}

// A constant interval operand with a time part but no months makes date ± interval a TIMESTAMP,
// as Spark 3.5 does for day-time interval literals (INTERVAL 1 HOUR); otherwise the result is a
// DATE (DateAddInterval / DateAddYMInterval / day intervals).
bool dateIntervalGivesTimestamp(const ExprPtr& interval) {
  if (!isConstant(*interval)) return false;
  Value v = evaluateConstant(*interval, EvalContext{});
  return !v.isNull() && v.asInterval().months == 0 && v.asInterval().micros != 0;
}

ExprPtr bindDatePlusInterval(std::string_view name, ExprPtr date, ExprPtr interval, int sign,
                             const std::vector<ExprPtr>& original) {
  if (dateIntervalGivesTimestamp(interval)) {
    return call(name, DataType::timestamp(), {date, interval}, [sign](const KernelArgs& a) {
      const TimeZone& zone = *a.context.timeZone;
      return mapBinary<int64_t, int32_t, Interval>(a, [&](int32_t d, Interval iv) {
        if (sign < 0) iv = negateInterval(iv);
        return timestampAddInterval(dateToTimestamp(d, zone), iv, zone);
      });
    });
  }
  return call(name, DataType::date(), {date, interval}, [sign](const KernelArgs& a) {
    const TimeZone& zone = *a.context.timeZone;
    return mapBinary<int32_t, int32_t, Interval>(a, [&](int32_t d, Interval iv) {
      if (sign < 0) iv = negateInterval(iv);
      return dateAddInterval(d, iv, zone);
    });
  });
}

ExprPtr bindTimestampPlusInterval(std::string_view name, ExprPtr ts, ExprPtr interval, int sign) {
  return call(name, DataType::timestamp(), {ts, interval}, [sign](const KernelArgs& a) {
    const TimeZone& zone = *a.context.timeZone;
    return mapBinary<int64_t, int64_t, Interval>(a, [&](int64_t t, Interval iv) {
      if (sign < 0) iv = negateInterval(iv);
      return timestampAddInterval(t, iv, zone);
    });
  });
}

ExprPtr bindDatePlusDays(std::string_view name, ExprPtr date, ExprPtr days, int sign,
                         const std::vector<ExprPtr>& original) {
  if (!days->type->isNumeric() && !is(days, TypeId::kNull))
    throwUnexpectedInputType(callSql(sign > 0 ? "date_add" : "date_sub", {date, days}), 2,
                             "(\"INT\" or \"SMALLINT\" or \"TINYINT\")", *days);
  days = coerceTo(days, DataType::integer());
  return call(name, DataType::date(), {date, days}, [sign](const KernelArgs& a) {
    return binaryFixed<int32_t, int32_t, int32_t>(a, [sign](int32_t d, int32_t n) {
      return wrapInt(int64_t{d} + (sign > 0 ? int64_t{n} : -int64_t{n}));
    });
  });
}

// timestamp - timestamp (either side may be a date, taken at midnight in the session zone):
// Spark 3.5 returns INTERVAL DAY TO SECOND; Spate's interval carries the microseconds.
ExprPtr bindTimestampDifference(std::string_view name, ExprPtr l, ExprPtr r) {
  bool leftDate = is(l, TypeId::kDate), rightDate = is(r, TypeId::kDate);
  return call(name, DataType::interval(), {l, r}, [leftDate, rightDate](const KernelArgs& a) {
    const TimeZone& zone = *a.context.timeZone;
    const Column& x = *a.columns[0];
    const Column& y = *a.columns[1];
    KernelWriter<Interval> w(a.resultType, a.rows);
    for (int64_t i = 0; i < a.rows; ++i) {
      if (x.isNull(i) || y.isNull(i)) {
        w.setNull(i);
        continue;
      }
      int64_t t1 = leftDate ? dateToTimestamp(x.valueAt<int32_t>(i), zone) : x.valueAt<int64_t>(i);
      int64_t t2 = rightDate ? dateToTimestamp(y.valueAt<int32_t>(i), zone) : y.valueAt<int64_t>(i);
      w.set(i,
            Interval{0, 0,
                     static_cast<int64_t>(static_cast<uint64_t>(t1) - static_cast<uint64_t>(t2))});
    }
    return w.finish();
  });
}

}  // namespace

Interval negateInterval(const Interval& v) {
  return Interval{wrapInt(-int64_t{v.months}), wrapInt(-int64_t{v.days}),
                  static_cast<int64_t>(0 - static_cast<uint64_t>(v.micros))};
}

int64_t timestampAddInterval(int64_t micros, const Interval& interval, const TimeZone& zone) {
  if (interval.months == 0 && interval.days == 0) return wrapLongAdd(micros, interval.micros);
  int64_t local = zone.utcToLocal(micros);
  int64_t day = floorDiv(local, kMicrosPerDay);
  int64_t timeOfDay = local - day * kMicrosPerDay;
  day = std::clamp<int64_t>(day, -106'000'000, 106'000'000);
  int64_t newDay = addMonthsAndDays(static_cast<int32_t>(day), interval.months, interval.days);
  newDay = std::clamp<int64_t>(newDay, -106'000'000, 106'000'000);
  int64_t utc = zone.localToUtc(newDay * kMicrosPerDay + timeOfDay);
  return wrapLongAdd(utc, interval.micros);
}

int32_t dateAddInterval(int32_t days, const Interval& interval, const TimeZone& zone) {
  if (interval.micros == 0) {
    int64_t d = addMonthsAndDays(days, interval.months, interval.days);
    return wrapInt(d);
  }
  return timestampToDate(timestampAddInterval(dateToTimestamp(days, zone), interval, zone), zone);
}

std::optional<ExprPtr> bindDatetimeArithmetic(std::string_view name,
                                              const std::vector<ExprPtr>& args,
                                              const BindContext& context) {
  const ExprPtr& l = args[0];
  const ExprPtr& r = args[1];
  TypeId lt = l->type->id(), rt = r->type->id();
  bool add = name == "add", subtract = name == "subtract";
  if (add || subtract) {
    int sign = add ? 1 : -1;
    if (lt == TypeId::kInterval && rt == TypeId::kInterval) {
      return call(name, DataType::interval(), {l, r}, [sign](const KernelArgs& a) {
        return binaryFixed<Interval, Interval, Interval>(a, [sign](Interval x, Interval y) {
          if (sign < 0) y = negateInterval(y);
          return Interval{wrapInt(int64_t{x.months} + y.months), wrapInt(int64_t{x.days} + y.days),
                          wrapLongAdd(x.micros, y.micros)};
        });
      });
    }
    // interval + date/timestamp/string is commutative; interval - x is not allowed.
    if (add && lt == TypeId::kInterval &&
        (rt == TypeId::kDate || rt == TypeId::kTimestamp || rt == TypeId::kString))
      return bindDatetimeArithmetic(name, {r, l}, context);
    if (rt == TypeId::kInterval) {
      if (lt == TypeId::kDate) return bindDatePlusInterval(name, l, r, sign, args);
      if (lt == TypeId::kTimestamp) return bindTimestampPlusInterval(name, l, r, sign);
      if (lt == TypeId::kString) {
        // TimeAdd on a string casts it to a timestamp; the result is cast back to a string.
        ExprPtr ts = bindTimestampPlusInterval(name, coerceTo(l, DataType::timestamp()), r, sign);
        return coerceTo(ts, DataType::string());
      }
      if (lt == TypeId::kNull)
        return bindTimestampPlusInterval(name, coerceTo(l, DataType::timestamp()), r, sign);
      return std::nullopt;
    }
    if (lt == TypeId::kDate && rt != TypeId::kString && rt != TypeId::kDate &&
        rt != TypeId::kTimestamp)
      return bindDatePlusDays(name, l, r, sign, args);
    if (add && rt == TypeId::kDate && lt != TypeId::kString && lt != TypeId::kTimestamp) {
      if (lt == TypeId::kDate)
        throwUnexpectedInputType(callSql("date_add", {l, r}), 2,
                                 "(\"INT\" or \"SMALLINT\" or \"TINYINT\")", *r);
      return bindDatePlusDays(name, r, l, sign, args);
    }
    if (subtract) {
      bool lTime = lt == TypeId::kTimestamp || lt == TypeId::kDate;
      bool rTime = rt == TypeId::kTimestamp || rt == TypeId::kDate;
      if (lt == TypeId::kDate && rt == TypeId::kDate) {
        // Spark 3.5 returns INTERVAL DAY; Spate's interval carries the day count.
        return call(name, DataType::interval(), {l, r}, [](const KernelArgs& a) {
          return binaryFixed<Interval, int32_t, int32_t>(a, [](int32_t x, int32_t y) {
            return Interval{0, wrapInt(int64_t{x} - y), 0};
          });
        });
      }
      if (lTime && rTime) return bindTimestampDifference(name, l, r);
      if (lt == TypeId::kTimestamp && rt == TypeId::kString)
        return bindTimestampDifference(name, l, coerceTo(r, DataType::timestamp()));
      if (lt == TypeId::kString && rt == TypeId::kTimestamp)
        return bindTimestampDifference(name, coerceTo(l, DataType::timestamp()), r);
    }
    return std::nullopt;
  }
  if (name == "multiply") {
    bool intervalLeft = lt == TypeId::kInterval;
    if (!intervalLeft && rt != TypeId::kInterval) return std::nullopt;
    ExprPtr interval = intervalLeft ? l : r;
    ExprPtr number = intervalLeft ? r : l;
    if (!number->type->isNumeric() && number->type->id() != TypeId::kNull) return std::nullopt;
    number = coerceTo(number, DataType::doubleType());
    return call("multiply", DataType::interval(), {interval, number}, [](const KernelArgs& a) {
      return mapBinary<Interval, Interval, double>(a, [](Interval v, double n) {
        return intervalFromDoubles(n * v.months, n * v.days, n * static_cast<double>(v.micros));
      });
    });
  }
  if (name == "divide" && lt == TypeId::kInterval) {
    if (!r->type->isNumeric() && rt != TypeId::kNull) return std::nullopt;
    ExprPtr number = coerceTo(r, DataType::doubleType());
    return call("divide", DataType::interval(), {l, number}, [](const KernelArgs& a) {
      return mapBinary<Interval, Interval, double>(
          a, [](Interval v, double n) -> std::optional<Interval> {
            if (n == 0) return std::nullopt;
            return intervalFromDoubles(v.months / n, v.days / n, static_cast<double>(v.micros) / n);
          });
    });
  }
  return std::nullopt;
}

}  // namespace spate
