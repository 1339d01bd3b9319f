// Conversions between timestamps, dates, strings and numbers: from_unixtime, unix_timestamp,
// to_timestamp, to_date, date_format, timestamp_seconds/millis/micros, unix_seconds/millis/micros,
// unix_date, date_from_unix_date, and the current_* functions.
#include <cmath>

#include "common/datetime_format.h"
#include "common/error.h"
#include "expression/cast.h"
#include "expression/decimal.h"
#include "expression/java_numbers.h"
#include "function/calendar.h"
#include "function/datetime_binding.h"
#include "function/datetime_internal.h"
#include "function/kernel.h"

namespace spate {

namespace {

using namespace datetime;
using PatternPtr = std::shared_ptr<const DateTimePattern>;

constexpr std::string_view kDefaultPattern = "yyyy-MM-dd HH:mm:ss";

// Compiles the patterns of a non-constant format column, remembering the last one; an invalid
// pattern gives NULL rows.
class PatternCache {
 public:
  explicit PatternCache(bool forParsing) : forParsing_(forParsing) {}
  const DateTimePattern* get(std::string_view text) {
    if (!compiled_ || text != text_) {
      text_.assign(text);
      compiled_ = true;
      try {
        pattern_ = DateTimePattern::compile(text, forParsing_);
      } catch (const SpateError&) {
        pattern_ = nullptr;
      }
    }
    return pattern_.get();
  }

 private:
  bool forParsing_;
  bool compiled_ = false;
  std::string text_;
  PatternPtr pattern_;
};

// A format argument: compiled at bind time when constant (and then dropped from the children so
// that it is not materialised per batch), read per row otherwise.
struct FormatArg {
  bool constantNull = false;
  PatternPtr fixed;
};

FormatArg bindFormat(std::vector<ExprPtr>& args, size_t index, bool forParsing) {
  FormatArg out;
  if (auto text = constantString(args[index])) {
    if (text->isNull)
      out.constantNull = true;
    else
      out.fixed = DateTimePattern::compile(text->value, forParsing);
    args.erase(args.begin() + static_cast<std::ptrdiff_t>(index));
  }
  return out;
}

ExprPtr nullOf(const TypePtr& type) { return makeLiteral(Value::null(), type); }

// Formats instants (microseconds, or seconds when `seconds`) of argument 0 with the fixed pattern
// or the one in argument 1.
ColumnPtr formatKernel(const KernelArgs& a, const PatternPtr& fixed, bool seconds) {
  const Column& in = *a.columns[0];
  const Column* formats = fixed ? nullptr : a.columns[1].get();
  const TimeZone& zone = *a.context.timeZone;
  ColumnBuilder out(a.resultType, a.rows);
  PatternCache cache(false);
  std::string buffer;
  for (int64_t i = 0; i < a.rows; ++i) {
    if (in.isNull(i) || (formats && formats->isNull(i))) {
      out.appendNull();
      continue;
    }
    const DateTimePattern* pattern = fixed ? fixed.get() : cache.get(formats->stringAt(i));
    if (!pattern) {
      out.appendNull();
      continue;
    }
    int64_t v = in.valueAt<int64_t>(i);
    // Spark multiplies seconds without an overflow check: keep Java's wrap-around.
    int64_t micros =
        seconds ? static_cast<int64_t>(static_cast<uint64_t>(v) * uint64_t{1000000}) : v;
    buffer.clear();
    pattern->formatTo(buffer, micros, zone);
    out.appendString(buffer);
  }
  return out.finish();
}

// Turns argument 0 (a string parsed with the pattern, a date at local midnight, or a timestamp)
// into an instant and writes finish(instant) (ToTimestamp.eval).
template <typename Out, typename F>
ColumnPtr instantKernel(const KernelArgs& a, const PatternPtr& fixed, F&& finish) {
  const Column& in = *a.columns[0];
  const TimeZone& zone = *a.context.timeZone;
  KernelWriter<Out> w(a.resultType, a.rows);
  PatternCache cache(true);
  const Column* formats = fixed || a.columns.size() < 2 ? nullptr : a.columns[1].get();
  for (int64_t i = 0; i < a.rows; ++i) {
    if (in.isNull(i)) {
      w.setNull(i);
      continue;
    }
    std::optional<int64_t> micros;
    switch (in.typeId()) {
      case TypeId::kDate:
        micros = calendar::startOfDayChecked(in.valueAt<int32_t>(i), zone);
        break;
      case TypeId::kTimestamp:
        micros = in.valueAt<int64_t>(i);
        break;
      default: {
        const DateTimePattern* pattern = fixed.get();
        if (!pattern && formats && !formats->isNull(i)) pattern = cache.get(formats->stringAt(i));
        if (pattern) micros = pattern->parse(in.stringAt(i), zone);
        break;
      }
    }
    if (micros)
      w.set(i, static_cast<Out>(finish(*micros, zone)));
    else
      w.setNull(i);
  }
  return w.finish();
}

// The types Spark's to_timestamp / to_date / unix_timestamp accept as their first argument.
void coerceTimeSource(const std::string& name, std::vector<ExprPtr>& args) {
  coerceArg(name, args, 0, {DataType::string(), DataType::date(), DataType::timestamp()});
}

ExprPtr bindFromUnixTime(std::vector<ExprPtr> args) {
  const std::string name = "from_unixtime";
  checkArgCount(name, args, {1, 2});
  coerceArg(name, args, 0, {DataType::longType()});
  if (args.size() == 1)
    args.push_back(makeLiteral(Value(std::string(kDefaultPattern)), DataType::string()));
  coerceArg(name, args, 1, {DataType::string()});
  FormatArg format = bindFormat(args, 1, false);
  if (format.constantNull) return nullOf(DataType::string());
  return makeCall(
      name, DataType::string(), std::move(args),
      [fixed = format.fixed](const KernelArgs& a) { return formatKernel(a, fixed, true); });
}

ExprPtr bindDateFormat(std::vector<ExprPtr> args) {
  const std::string name = "date_format";
  checkArgCount(name, args, {2});
  coerceArg(name, args, 0, {DataType::timestamp()});
  coerceArg(name, args, 1, {DataType::string()});
  FormatArg format = bindFormat(args, 1, false);
  if (format.constantNull) return nullOf(DataType::string());
  return makeCall(
      name, DataType::string(), std::move(args),
      [fixed = format.fixed](const KernelArgs& a) { return formatKernel(a, fixed, false); });
}

ExprPtr makeVolatileCall(std::string name, TypePtr type, ScalarKernel kernel) {
  auto e = std::make_shared<Expr>(
      *makeCall(std::move(name), std::move(type), {}, std::move(kernel), nullptr, false));
  e->deterministic = false;
  return e;
}

ExprPtr currentTimestampCall(const std::string& name) {
  return makeVolatileCall(name, DataType::timestamp(), [](const KernelArgs& a) {
    return makeConstantColumn(a.resultType, Value(a.context.currentTimestampMicros), a.rows);
  });
}

// unix_timestamp / to_unix_timestamp: seconds, truncated toward zero as Spark's `/`.
ExprPtr bindUnixTimestamp(const std::string& name, std::vector<ExprPtr> args) {
  if (args.empty()) args.push_back(currentTimestampCall("current_timestamp"));
  if (args.size() == 1)
    args.push_back(makeLiteral(Value(std::string(kDefaultPattern)), DataType::string()));
  coerceTimeSource(name, args);
  coerceArg(name, args, 1, {DataType::string()});
  FormatArg format;
  if (args[0]->type->id() == TypeId::kString) {
    format = bindFormat(args, 1, true);
    if (format.constantNull) return nullOf(DataType::longType());
  } else {
    args.pop_back();  // dates and timestamps ignore the format
  }
  return makeCall(
      name, DataType::longType(), std::move(args), [fixed = format.fixed](const KernelArgs& a) {
        return instantKernel<int64_t>(
            a, fixed, [](int64_t micros, const TimeZone&) { return micros / kMicrosPerSecond; });
      });
}

// to_timestamp / to_date with a format (GetTimestamp, then a cast to date for to_date).
ExprPtr bindParseWithFormat(const std::string& name, std::vector<ExprPtr> args, bool toDate) {
  coerceTimeSource(name, args);
  coerceArg(name, args, 1, {DataType::string()});
  TypePtr type = toDate ? DataType::date() : DataType::timestamp();
  FormatArg format;
  if (args[0]->type->id() == TypeId::kString) {
    format = bindFormat(args, 1, true);
    if (format.constantNull) return nullOf(type);
  } else {
    args.pop_back();  // dates and timestamps ignore the format
  }
  if (toDate)
    return makeCall(name, type, std::move(args), [fixed = format.fixed](const KernelArgs& a) {
      return instantKernel<int32_t>(a, fixed, [](int64_t micros, const TimeZone& zone) {
        return calendar::localDate(micros, zone);
      });
    });
  return makeCall(name, type, std::move(args), [fixed = format.fixed](const KernelArgs& a) {
    return instantKernel<int64_t>(a, fixed, [](int64_t micros, const TimeZone&) { return micros; });
  });
}

// to_timestamp(x) / to_date(x): CAST under the function's name.
// to_timestamp also takes numbers (seconds since the epoch), as a cast does.
ExprPtr bindCastLike(const std::string& name, std::vector<ExprPtr> args, const TypePtr& to) {
  bool numericSource = args[0]->type->isNumeric() && to->id() == TypeId::kTimestamp;
  if (!numericSource) coerceTimeSource(name, args);
  if (args[0]->type->equals(*to)) return args[0];
  return makeCall(name, to, std::move(args),
                  [to](const KernelArgs& a) { return castColumn(a.columns[0], to, a.context); });
}

ExprPtr bindToTimestamp(std::vector<ExprPtr> args) {
  checkArgCount("to_timestamp", args, {1, 2});
  if (args.size() == 1) return bindCastLike("to_timestamp", std::move(args), DataType::timestamp());
  return bindParseWithFormat("to_timestamp", std::move(args), false);
}

ExprPtr bindToDate(std::vector<ExprPtr> args) {
  checkArgCount("to_date", args, {1, 2});
  if (args.size() == 1) return bindCastLike("to_date", std::move(args), DataType::date());
  return bindParseWithFormat("to_date", std::move(args), true);
}

// timestamp_seconds: integral seconds × 10^6, decimals exactly, floating point truncated.
// Spark raises an ArithmeticException on overflow or sub-microsecond decimals; this gives NULL.
ExprPtr bindTimestampSeconds(std::vector<ExprPtr> args) {
  const std::string name = "timestamp_seconds";
  checkArgCount(name, args, {1});
  coerceNumericArg(name, args, 0);
  const TypePtr& from = args[0]->type;
  ScalarKernel kernel;
  switch (from->id()) {
    case TypeId::kFloat:
    case TypeId::kDouble:
      kernel = [](const KernelArgs& a) {
        auto convert = [](double d) -> std::optional<int64_t> {
          if (!std::isfinite(d)) return std::nullopt;
          return javaDoubleToLong(d * kMicrosPerSecond);
        };
        if (a.columns[0]->typeId() == TypeId::kFloat)
          return mapUnary<int64_t, float>(a, [&](float f) { return convert(f); });
        return mapUnary<int64_t, double>(a, convert);
      };
      break;
    case TypeId::kDecimal: {
      int scale = from->scale();
      kernel = [scale](const KernelArgs& a) {
        return mapUnary<int64_t, Int128>(a, [scale](Int128 u) -> std::optional<int64_t> {
          auto micros = rescaleDecimal(u, scale, 6, 38);
          if (!micros || (scale > 6 && *micros * pow10Int128(scale - 6) != u)) return std::nullopt;
          if (*micros > INT64_MAX || *micros < INT64_MIN) return std::nullopt;
          return static_cast<int64_t>(*micros);
        });
      };
      break;
    }
    default:
      args[0] = makeCast(args[0], DataType::longType());
      kernel = [](const KernelArgs& a) {
        return mapUnary<int64_t, int64_t>(a, [](int64_t s) -> std::optional<int64_t> {
          int64_t micros;
          if (__builtin_mul_overflow(s, kMicrosPerSecond, &micros)) return std::nullopt;
          return micros;
        });
      };
      break;
  }
  return makeCall(name, DataType::timestamp(), std::move(args), kernel);
}

// timestamp_millis / timestamp_micros: integral input scaled to microseconds.
ExprPtr bindTimestampFromIntegral(const std::string& name, std::vector<ExprPtr> args,
                                  int64_t factor) {
  checkArgCount(name, args, {1});
  coerceIntegralArg(name, args, 0);
  args[0] = makeCast(args[0], DataType::longType());
  return makeCall(name, DataType::timestamp(), std::move(args), [factor](const KernelArgs& a) {
    return mapUnary<int64_t, int64_t>(a, [factor](int64_t v) -> std::optional<int64_t> {
      int64_t micros;
      if (__builtin_mul_overflow(v, factor, &micros)) return std::nullopt;
      return micros;
    });
  });
}

// unix_seconds / unix_millis / unix_micros: floor division of the instant.
ExprPtr bindUnixFromTimestamp(const std::string& name, std::vector<ExprPtr> args, int64_t divisor) {
  checkArgCount(name, args, {1});
  coerceArg(name, args, 0, {DataType::timestamp()});
  return makeCall(name, DataType::longType(), std::move(args), [divisor](const KernelArgs& a) {
    return mapUnary<int64_t, int64_t>(a, [divisor](int64_t t) { return floorDiv(t, divisor); });
  });
}

}  // namespace

void registerDatetimeConversionFunctions(FunctionRegistry& registry) {
  addBinder(
      registry, "current_timestamp",
      [](std::vector<ExprPtr> args) {
        checkArgCount("current_timestamp", args, {0});
        return currentTimestampCall("current_timestamp");
      },
      "current_timestamp() - Returns the current timestamp at the start of query evaluation.");
  addBinder(
      registry, "now",
      [](std::vector<ExprPtr> args) {
        checkArgCount("now", args, {0});
        return currentTimestampCall("now");
      },
      "now() - Returns the current timestamp at the start of query evaluation.");
  for (const char* name : {"current_date", "curdate"}) {
    std::string n = name;
    addBinder(
        registry, n,
        [n](std::vector<ExprPtr> args) {
          checkArgCount(n, args, {0});
          return makeVolatileCall(n, DataType::date(), [](const KernelArgs& a) {
            int64_t days =
                calendar::localDate(a.context.currentTimestampMicros, *a.context.timeZone);
            return makeConstantColumn(a.resultType, Value(days), a.rows);
          });
        },
        n + "() - Returns the current date at the start of query evaluation.");
  }
  addBinder(
      registry, "current_timezone",
      [](std::vector<ExprPtr> args) {
        checkArgCount("current_timezone", args, {0});
        return makeVolatileCall("current_timezone", DataType::string(), [](const KernelArgs& a) {
          return makeConstantColumn(a.resultType, Value(a.context.timeZone->id()), a.rows);
        });
      },
      "current_timezone() - Returns the current session local timezone.");
  addBinder(registry, "from_unixtime", bindFromUnixTime,
            "from_unixtime(unix_time[, fmt]) - Returns unix_time in the specified fmt.");
  addBinder(
      registry, "unix_timestamp",
      [](std::vector<ExprPtr> args) {
        checkArgCount("unix_timestamp", args, {0, 1, 2});
        return bindUnixTimestamp("unix_timestamp", std::move(args));
      },
      "unix_timestamp([timeExp[, fmt]]) - Returns the UNIX timestamp of current or specified "
      "time.");
  addBinder(
      registry, "to_unix_timestamp",
      [](std::vector<ExprPtr> args) {
        checkArgCount("to_unix_timestamp", args, {1, 2});
        return bindUnixTimestamp("to_unix_timestamp", std::move(args));
      },
      "to_unix_timestamp(timeExp[, fmt]) - Returns the UNIX timestamp of the given time.");
  addBinder(registry, "to_timestamp", bindToTimestamp,
            "to_timestamp(timestamp_str[, fmt]) - Parses the timestamp_str expression with the fmt "
            "expression to a timestamp.");
  addBinder(registry, "to_date", bindToDate,
            "to_date(date_str[, fmt]) - Parses the date_str expression with the fmt expression to "
            "a date.");
  addBinder(registry, "date_format", bindDateFormat,
            "date_format(timestamp, fmt) - Converts timestamp to a value of string in the format "
            "specified by the date format fmt.");
  addBinder(registry, "timestamp_seconds", bindTimestampSeconds,
            "timestamp_seconds(seconds) - Creates timestamp from the number of seconds since UTC "
            "epoch.");
  addBinder(
      registry, "timestamp_millis",
      [](std::vector<ExprPtr> args) {
        return bindTimestampFromIntegral("timestamp_millis", std::move(args), 1000);
      },
      "timestamp_millis(milliseconds) - Creates timestamp from the number of milliseconds "
      "since UTC epoch.");
  addBinder(
      registry, "timestamp_micros",
      [](std::vector<ExprPtr> args) {
        return bindTimestampFromIntegral("timestamp_micros", std::move(args), 1);
      },
      "timestamp_micros(microseconds) - Creates timestamp from the number of microseconds "
      "since UTC epoch.");
  addBinder(
      registry, "unix_seconds",
      [](std::vector<ExprPtr> args) {
        return bindUnixFromTimestamp("unix_seconds", std::move(args), kMicrosPerSecond);
      },
      "unix_seconds(timestamp) - Returns the number of seconds since 1970-01-01 00:00:00 UTC.");
  addBinder(
      registry, "unix_millis",
      [](std::vector<ExprPtr> args) {
        return bindUnixFromTimestamp("unix_millis", std::move(args), 1000);
      },
      "unix_millis(timestamp) - Returns the number of milliseconds since 1970-01-01 00:00:00 "
      "UTC.");
  addBinder(
      registry, "unix_micros",
      [](std::vector<ExprPtr> args) {
        return bindUnixFromTimestamp("unix_micros", std::move(args), 1);
      },
      "unix_micros(timestamp) - Returns the number of microseconds since 1970-01-01 00:00:00 "
      "UTC.");
  addBinder(
      registry, "unix_date",
      [](std::vector<ExprPtr> args) {
        checkArgCount("unix_date", args, {1});
        coerceArg("unix_date", args, 0, {DataType::date()});
        return makeCall("unix_date", DataType::integer(), std::move(args), [](const KernelArgs& a) {
          return mapUnary<int32_t, int32_t>(a, [](int32_t d) { return d; });
        });
      },
      "unix_date(date) - Returns the number of days since 1970-01-01.");
  addBinder(
      registry, "date_from_unix_date",
      [](std::vector<ExprPtr> args) {
        checkArgCount("date_from_unix_date", args, {1});
        coerceArg("date_from_unix_date", args, 0, {DataType::integer()});
        return makeCall("date_from_unix_date", DataType::date(), std::move(args),
                        [](const KernelArgs& a) {
                          return mapUnary<int32_t, int32_t>(a, [](int32_t d) { return d; });
                        });
      },
      "date_from_unix_date(days) - Create date from the number of days since 1970-01-01.");
}

}  // namespace spate
