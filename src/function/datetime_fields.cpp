// Date and time fields: year … weekofyear on dates, hour/minute/second on timestamps in the
// session time zone, and extract/date_part.
#include "common/error.h"
#include "common/strings.h"
#include "expression/decimal.h"
#include "function/calendar.h"
#include "function/datetime_binding.h"
#include "function/datetime_internal.h"
#include "function/kernel.h"

namespace spate {

namespace {

using namespace datetime;

using DateField = int32_t (*)(int32_t days);
using TimeField = int32_t (*)(int64_t localMicrosOfDay);

int32_t yearField(int32_t d) { return civilFromDays(d).year; }
int32_t yearOfWeekField(int32_t d) { return calendar::isoWeekYear(d); }
int32_t quarterField(int32_t d) { return static_cast<int32_t>(civilFromDays(d).month - 1) / 3 + 1; }
int32_t monthField(int32_t d) { return static_cast<int32_t>(civilFromDays(d).month); }
int32_t dayField(int32_t d) { return static_cast<int32_t>(civilFromDays(d).day); }
int32_t dayOfWeekField(int32_t d) { return calendar::dayOfWeekFromSunday(d); }
int32_t dayOfWeekIsoField(int32_t d) { return calendar::weekdayFromMonday(d) + 1; }
int32_t weekdayField(int32_t d) { return calendar::weekdayFromMonday(d); }
int32_t dayOfYearField(int32_t d) { return calendar::dayOfYear(d); }
int32_t weekOfYearField(int32_t d) { return calendar::isoWeekOfYear(d); }

int32_t hourField(int64_t m) { return static_cast<int32_t>(m / kMicrosPerHour); }
int32_t minuteField(int64_t m) { return static_cast<int32_t>(m / kMicrosPerMinute % 60); }
int32_t secondField(int64_t m) { return static_cast<int32_t>(m / kMicrosPerSecond % 60); }

ExprPtr bindDateField(const std::string& name, std::vector<ExprPtr> args, DateField field) {
  coerceArg(name, args, 0, {DataType::date()});
  return makeCall(name, DataType::integer(), std::move(args),
                  [field](const KernelArgs& a) { return mapUnary<int32_t, int32_t>(a, field); });
}

ExprPtr bindTimeField(const std::string& name, std::vector<ExprPtr> args, TimeField field) {
  coerceArg(name, args, 0, {DataType::timestamp()});
  return makeCall(name, DataType::integer(), std::move(args), [field](const KernelArgs& a) {
    const TimeZone& zone = *a.context.timeZone;
    return mapUnary<int32_t, int64_t>(
        a, [&zone, field](int64_t t) { return field(calendar::localMicrosOfDay(t, zone)); });
  });
}

// Seconds with their fraction as DECIMAL(8, 6) (Spark's SecondWithFraction, used by extract).
ExprPtr bindSecondWithFraction(const std::string& name, std::vector<ExprPtr> args) {
  coerceArg(name, args, 0, {DataType::timestamp()});
  return makeCall(name, DataType::decimal(8, 6), std::move(args), [](const KernelArgs& a) {
    const TimeZone& zone = *a.context.timeZone;
    return mapUnary<Int128, int64_t>(a, [&zone](int64_t t) {
      return Int128{calendar::localMicrosOfDay(t, zone) % kMicrosPerMinute};
    });
  });
}

void addDateField(FunctionRegistry& registry, const std::string& name, DateField field,
                  const std::string& usage) {
  registry.addScalar(
      name,
      [name, field](std::vector<ExprPtr> args, const BindContext&) {
        checkArgCount(name, args, {1});
        return bindDateField(name, std::move(args), field);
      },
      usage);
}

void addTimeField(FunctionRegistry& registry, const std::string& name, TimeField field,
                  const std::string& usage) {
  registry.addScalar(
      name,
      [name, field](std::vector<ExprPtr> args, const BindContext&) {
        checkArgCount(name, args, {1});
        return bindTimeField(name, std::move(args), field);
      },
      usage);
}

// DatePart.parseExtractField: the expression extracting `field` from `source`.
ExprPtr bindExtract(const std::string& name, const std::string& field, ExprPtr source) {
  std::string f = toUpper(field);
  std::vector<ExprPtr> args{std::move(source)};
  auto is = [&f](std::initializer_list<const char*> names) {
    for (const char* n : names)
      if (f == n) return true;
    return false;
  };
  if (is({"YEAR", "Y", "YEARS", "YR", "YRS"})) return bindDateField(name, args, yearField);
  if (is({"YEAROFWEEK"})) return bindDateField(name, args, yearOfWeekField);
  if (is({"QUARTER", "QTR"})) return bindDateField(name, args, quarterField);
  if (is({"MONTH", "MON", "MONS", "MONTHS"})) return bindDateField(name, args, monthField);
  if (is({"WEEK", "W", "WEEKS"})) return bindDateField(name, args, weekOfYearField);
  if (is({"DAY", "D", "DAYS"})) return bindDateField(name, args, dayField);
  if (is({"DAYOFWEEK", "DOW"})) return bindDateField(name, args, dayOfWeekField);
  if (is({"DAYOFWEEK_ISO", "DOW_ISO"})) return bindDateField(name, args, dayOfWeekIsoField);
  if (is({"DOY"})) return bindDateField(name, args, dayOfYearField);
  if (is({"HOUR", "H", "HOURS", "HR", "HRS"})) return bindTimeField(name, args, hourField);
  if (is({"MINUTE", "M", "MIN", "MINS", "MINUTES"})) return bindTimeField(name, args, minuteField);
  if (is({"SECOND", "S", "SEC", "SECONDS", "SECS"})) return bindSecondWithFraction(name, args);
  throw AnalysisException("[INVALID_EXTRACT_FIELD] Cannot extract " + quoteIdentifier(field) +
                              " from \"" + exprSql(*args[0]) + "\".",
                          "INVALID_EXTRACT_FIELD");
}

ExprPtr bindExtractCall(const std::string& name, std::vector<ExprPtr> args) {
  checkArgCount(name, args, {2});
  auto field = args[0]->type->id() == TypeId::kString || args[0]->type->id() == TypeId::kNull
                   ? constantString(args[0])
                   : std::nullopt;
  if (!field)
    throw AnalysisException("[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve \"" +
                                callSql(name, args) +
                                "\" due to data type mismatch: the input field should be a "
                                "foldable \"STRING\" expression; however, got \"" +
                                exprSql(*args[0]) + "\".",
                            "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT");
  if (field->isNull) return makeLiteral(Value::null(), DataType::doubleType());
  return bindExtract(name, field->value, args[1]);
}

}  // namespace

void registerDatetimeFieldFunctions(FunctionRegistry& registry) {
  addDateField(registry, "year", yearField, "year(date) - Returns the year component.");
  addDateField(registry, "quarter", quarterField, "quarter(date) - Returns the quarter, 1 to 4.");
  addDateField(registry, "month", monthField, "month(date) - Returns the month, 1 to 12.");
  addDateField(registry, "day", dayField, "day(date) - Returns the day of the month.");
  addDateField(registry, "dayofmonth", dayField,
               "dayofmonth(date) - Returns the day of the month.");
  addDateField(registry, "dayofweek", dayOfWeekField,
               "dayofweek(date) - Returns the day of the week (1 = Sunday, ..., 7 = Saturday).");
  addDateField(registry, "weekday", weekdayField,
               "weekday(date) - Returns the day of the week (0 = Monday, ..., 6 = Sunday).");
  addDateField(registry, "dayofyear", dayOfYearField,
               "dayofyear(date) - Returns the day of the year.");
  addDateField(registry, "weekofyear", weekOfYearField,
               "weekofyear(date) - Returns the ISO 8601 week of the year.");
  addTimeField(registry, "hour", hourField, "hour(timestamp) - Returns the hour component.");
  addTimeField(registry, "minute", minuteField,
               "minute(timestamp) - Returns the minute component.");
  addTimeField(registry, "second", secondField,
               "second(timestamp) - Returns the second component.");
  registry.addScalar(
      "extract",
      [](std::vector<ExprPtr> args, const BindContext&) {
        return bindExtractCall("extract", std::move(args));
      },
      "extract(field FROM source) - Extracts a part of the date/timestamp.");
  registry.addScalar(
      "date_part",
      [](std::vector<ExprPtr> args, const BindContext&) {
        return bindExtractCall("date_part", std::move(args));
      },
      "date_part(field, source) - Extracts a part of the date/timestamp.");
}

}  // namespace spate
