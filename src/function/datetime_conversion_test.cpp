// from_unixtime, unix_timestamp, to_timestamp, to_date, date_format, timestamp_seconds …,
// current_timestamp … .
#include <gtest/gtest.h>

#include <limits>

#include "common/error.h"
#include "function/datetime_test_util.h"

namespace spate {
namespace {

using namespace datetime_test;

const std::string kLA = "America/Los_Angeles";
Value micros(int64_t v) { return Value(v); }

TEST(DatetimeConversionTest, FromUnixtime) {
  EXPECT_EQ(text("from_unixtime", {i64(0)}), "1970-01-01 00:00:00");
  EXPECT_EQ(text("from_unixtime", {i64(0)}, kLA), "1969-12-31 16:00:00");
  EXPECT_EQ(text("from_unixtime", {i64(-1)}), "1969-12-31 23:59:59");
  EXPECT_EQ(text("from_unixtime", {i64(1615000000), strLit("yyyy-MM-dd")}), "2021-03-06");
  EXPECT_EQ(text("from_unixtime", {i64(1615000000), str("HH:mm:ss z")}, kLA), "19:06:40 PST");
  EXPECT_EQ(text("from_unixtime", {i64(1615000000), str("yyyy-MM-dd iii")}), "<NULL>");
  EXPECT_EQ(text("from_unixtime", {i64(1615000000), nullOf(DataType::string())}), "<NULL>");
  EXPECT_EQ(text("from_unixtime", {i64(1615000000), lit(DataType::string(), Value::null())}),
            "<NULL>");
  EXPECT_EQ(text("from_unixtime", {nullOf(DataType::longType())}), "<NULL>");
  // Numbers and strings are cast to BIGINT seconds first.
  EXPECT_EQ(text("from_unixtime", {f64(1.9)}), "1970-01-01 00:00:01");
  EXPECT_EQ(text("from_unixtime", {str("100")}), "1970-01-01 00:01:40");
  EXPECT_THROW(bind("from_unixtime", {i64(0), strLit("yyyy-MM-dd iii")}), IllegalArgumentException);
  EXPECT_NE(
      bindError("from_unixtime", {i64(0), strLit("YYYY")}).find("DATETIME_PATTERN_RECOGNITION"),
      std::string::npos);
  EXPECT_EQ(
      bindError("from_unixtime", {ts("2021-01-01 00:00:00")}),
      "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"from_unixtime(_c0)\" due to "
      "data type mismatch: Parameter 1 requires the \"BIGINT\" type, however \"_c0\" has the "
      "type \"TIMESTAMP\".");
}

TEST(DatetimeConversionTest, UnixTimestamp) {
  const int64_t now = 1615000000123456;
  EXPECT_EQ(call("unix_timestamp", {}, "UTC", now), Value(int64_t{1615000000}));
  EXPECT_EQ(call("unix_timestamp", {str("2021-03-06 03:06:40")}), Value(int64_t{1615000000}));
  EXPECT_EQ(call("unix_timestamp", {str("2021-03-06 03:06:40")}, kLA), Value(int64_t{1615028800}));
  EXPECT_EQ(call("unix_timestamp", {str("2021-03-06"), strLit("yyyy-MM-dd")}),
            Value(int64_t{1614988800}));
  EXPECT_EQ(call("unix_timestamp", {str("2021-03-06")}), Value::null());  // default pattern
  EXPECT_EQ(call("unix_timestamp", {str("06/03/2021"), str("dd/MM/yyyy")}),
            Value(int64_t{1614988800}));
  EXPECT_EQ(call("unix_timestamp", {str("bad"), strLit("yyyy")}), Value::null());
  // Timestamps divide with truncation toward zero, as Spark's Long division.
  EXPECT_EQ(call("unix_timestamp", {col(DataType::timestamp(), micros(-1500000))}),
            Value(int64_t{-1}));
  EXPECT_EQ(call("unix_timestamp", {date("1970-01-02")}), Value(int64_t{86400}));
  EXPECT_EQ(call("unix_timestamp", {date("1970-01-02")}, kLA), Value(int64_t{115200}));
  // The format does not matter for dates and timestamps.
  EXPECT_EQ(call("unix_timestamp", {date("1970-01-02"), lit(DataType::string(), Value::null())}),
            Value(int64_t{86400}));
  EXPECT_EQ(call("unix_timestamp", {str("2021-03-06"), lit(DataType::string(), Value::null())}),
            Value::null());
  EXPECT_EQ(call("to_unix_timestamp", {str("2021-03-06 03:06:40")}), Value(int64_t{1615000000}));
  EXPECT_EQ(bindError("to_unix_timestamp", {}),
            "[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `to_unix_timestamp` requires [1, 2] "
            "parameters but the actual number is 0.");
  EXPECT_EQ(bindError("unix_timestamp", {str("a"), str("b"), str("c")}),
            "[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `unix_timestamp` requires [0, 1, 2] "
            "parameters but the actual number is 3.");
}

TEST(DatetimeConversionTest, ToTimestamp) {
  EXPECT_EQ(call("to_timestamp", {str("2021-03-04 05:06:07")}),
            micros(utcMicros(2021, 3, 4, 5, 6, 7)));
  EXPECT_EQ(call("to_timestamp", {str("2021-03-04 05:06:07")}, kLA),
            micros(utcMicros(2021, 3, 4, 13, 6, 7)));
  EXPECT_EQ(call("to_timestamp", {str("bad")}), Value::null());
  EXPECT_EQ(call("to_timestamp", {str("04/03/2021 05:06"), strLit("dd/MM/yyyy HH:mm")}),
            micros(utcMicros(2021, 3, 4, 5, 6)));
  EXPECT_EQ(call("to_timestamp", {str("04/03/2021 05:06"), strLit("dd/MM/yyyy HH:mm")}, kLA),
            micros(utcMicros(2021, 3, 4, 13, 6)));
  EXPECT_EQ(call("to_timestamp", {str("2021-03-04"), strLit("dd/MM/yyyy")}), Value::null());
  EXPECT_EQ(call("to_timestamp", {str("12.5"), str("ss.S")}), micros(12500000));
  // Numbers are seconds, as in a cast.
  EXPECT_EQ(call("to_timestamp", {f64(1.5)}), micros(1500000));
  EXPECT_EQ(call("to_timestamp", {i64(-1)}), micros(-1000000));
  EXPECT_EQ(call("to_timestamp", {date("2021-03-04")}, kLA), micros(utcMicros(2021, 3, 4, 8)));
  EXPECT_EQ(call("to_timestamp", {date("2021-03-04"), strLit("yyyy")}, kLA),
            micros(utcMicros(2021, 3, 4, 8)));
  EXPECT_EQ(call("to_timestamp", {ts("2021-03-04 01:02:03"), strLit("yyyy")}),
            micros(utcMicros(2021, 3, 4, 1, 2, 3)));
  EXPECT_EQ(call("to_timestamp", {nullOf(DataType::string())}), Value::null());
  EXPECT_THROW(bind("to_timestamp", {str("x"), strLit("yyyy-MM-dd EEE")}),
               IllegalArgumentException);
}

TEST(DatetimeConversionTest, ToDate) {
  EXPECT_EQ(call("to_date", {str("2021-03-04 10:00")}), Value(int64_t{*parseDate("2021-03-04")}));
  EXPECT_EQ(call("to_date", {str("04/03/2021"), strLit("dd/MM/yyyy")}),
            Value(int64_t{*parseDate("2021-03-04")}));
  EXPECT_EQ(call("to_date", {str("2021-03-04 23:00 -05:00"), strLit("yyyy-MM-dd HH:mm XXX")}),
            Value(int64_t{*parseDate("2021-03-05")}));
  EXPECT_EQ(call("to_date", {ts("2021-01-01 03:00:00")}, kLA),
            Value(int64_t{*parseDate("2020-12-31")}));
  EXPECT_EQ(call("to_date", {str("bad")}), Value::null());
  EXPECT_EQ(call("to_date", {str("2021-02-30"), str("yyyy-MM-dd")}), Value::null());
  EXPECT_EQ(call("to_date", {date("1950-06-01")}), Value(int64_t{*parseDate("1950-06-01")}));
}

TEST(DatetimeConversionTest, DateFormat) {
  Arg t = ts("2021-03-04 05:06:07.123456");
  EXPECT_EQ(text("date_format", {t, strLit("yyyy/MM/dd HH:mm:ss.SSS")}), "2021/03/04 05:06:07.123");
  EXPECT_EQ(text("date_format", {t, strLit("yyyy-MM-dd HH:mm XXX")}, kLA),
            "2021-03-03 21:06 -08:00");
  EXPECT_EQ(text("date_format", {t, str("EEEE, d MMMM y")}), "Thursday, 4 March 2021");
  EXPECT_EQ(text("date_format", {str("2021-03-04"), strLit("EEE")}), "Thu");
  EXPECT_EQ(text("date_format", {date("1969-07-20"), strLit("yyyy-MM-dd a")}), "1969-07-20 AM");
  EXPECT_EQ(text("date_format", {nullOf(DataType::timestamp()), strLit("yyyy")}), "<NULL>");
  EXPECT_EQ(text("date_format", {t, nullOf(DataType::string())}), "<NULL>");
}

TEST(DatetimeConversionTest, TimestampFromNumbers) {
  EXPECT_EQ(call("timestamp_seconds", {i64(1)}), micros(1000000));
  EXPECT_EQ(call("timestamp_seconds", {i32(-2)}), micros(-2000000));
  EXPECT_EQ(call("timestamp_seconds", {f64(1.5)}), micros(1500000));
  EXPECT_EQ(call("timestamp_seconds", {f64(-1.5)}), micros(-1500000));
  EXPECT_EQ(call("timestamp_seconds", {f64(std::numeric_limits<double>::quiet_NaN())}),
            Value::null());
  EXPECT_EQ(call("timestamp_seconds", {col(DataType::floatType(), Value(0.25))}), micros(250000));
  EXPECT_EQ(call("timestamp_seconds", {col(DataType::decimal(7, 6), Value(Int128{1000001}))}),
            micros(1000001));
  // Spark raises an error for sub-microsecond decimals and overflow; Spate gives NULL.
  EXPECT_EQ(call("timestamp_seconds", {col(DataType::decimal(8, 7), Value(Int128{10000001}))}),
            Value::null());
  EXPECT_EQ(call("timestamp_seconds", {i64(INT64_MAX / 1000)}), Value::null());
  EXPECT_EQ(call("timestamp_seconds", {str("2")}), micros(2000000));
  EXPECT_EQ(call("timestamp_millis", {i64(1500)}), micros(1500000));
  EXPECT_EQ(call("timestamp_millis", {i32(-1)}), micros(-1000));
  EXPECT_EQ(call("timestamp_micros", {i64(5)}), micros(5));
  EXPECT_EQ(call("timestamp_micros", {nullOf(DataType::longType())}), Value::null());
  EXPECT_EQ(
      bindError("timestamp_millis", {f64(1)}),
      "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"timestamp_millis(_c0)\" due "
      "to data type mismatch: Parameter 1 requires the \"INTEGRAL\" type, however \"_c0\" "
      "has the type \"DOUBLE\".");
  EXPECT_EQ(bindError("timestamp_seconds", {date("2021-01-01")}).substr(0, 41),
            "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE]");
}

TEST(DatetimeConversionTest, NumbersFromTimestamps) {
  Arg before = col(DataType::timestamp(), micros(-1500));
  EXPECT_EQ(call("unix_seconds", {before}), Value(int64_t{-1}));
  EXPECT_EQ(call("unix_millis", {before}), Value(int64_t{-2}));
  EXPECT_EQ(call("unix_micros", {before}), Value(int64_t{-1500}));
  EXPECT_EQ(call("unix_seconds", {str("1970-01-01 00:01:00")}), Value(int64_t{60}));
  EXPECT_EQ(call("unix_date", {date("1970-01-11")}), Value(10));
  EXPECT_EQ(call("unix_date", {date("1969-12-31")}), Value(-1));
  EXPECT_EQ(call("date_from_unix_date", {i32(18000)}), Value(int64_t{*parseDate("2019-04-14")}));
  EXPECT_EQ(call("unix_seconds", {nullOf(DataType::timestamp())}), Value::null());
}

TEST(DatetimeConversionTest, CurrentTime) {
  const int64_t now = utcMicros(2021, 1, 1, 3, 4, 5, 6);
  EXPECT_EQ(call("current_timestamp", {}, "UTC", now), micros(now));
  EXPECT_EQ(call("now", {}, kLA, now), micros(now));
  EXPECT_EQ(call("current_date", {}, "UTC", now), Value(int64_t{*parseDate("2021-01-01")}));
  EXPECT_EQ(call("current_date", {}, kLA, now), Value(int64_t{*parseDate("2020-12-31")}));
  EXPECT_EQ(call("curdate", {}, kLA, now), Value(int64_t{*parseDate("2020-12-31")}));
  EXPECT_EQ(call("current_timezone", {}, kLA), Value(kLA));
  ExprPtr e = bind("current_timestamp", {});
  EXPECT_FALSE(e->deterministic);
  EXPECT_FALSE(e->nullable);
  EXPECT_FALSE(isConstant(*e));
  EXPECT_EQ(bindError("now", {i32(1)}),
            "[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `now` requires 0 parameters but the actual "
            "number is 1.");
}

}  // namespace
}  // namespace spate
