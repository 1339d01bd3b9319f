// date_add … date_trunc, make_date/make_timestamp and the UTC shifts.
#include <gtest/gtest.h>

#include "function/datetime_test_util.h"

namespace spate {
namespace {

using namespace datetime_test;

const std::string kLA = "America/Los_Angeles";

TEST(DatetimeArithmeticTest, DateAddSubDiff) {
  EXPECT_EQ(text("date_add", {date("2021-02-28"), i32(1)}), "2021-03-01");
  EXPECT_EQ(text("date_add", {date("2020-02-28"), i32(1)}), "2020-02-29");
  EXPECT_EQ(text("date_add", {date("2021-01-01"), i32(-1)}), "2020-12-31");
  EXPECT_EQ(text("date_add", {date("1970-01-01"), i64(-365)}), "1969-01-01");
  EXPECT_EQ(text("date_add", {str("2021-01-01 10:00:00"), lit(DataType::byte(), Value(2))}),
            "2021-01-03");
  EXPECT_EQ(text("date_add", {date("2021-01-01"), f64(1.9)}), "2021-01-02");
  EXPECT_EQ(text("date_add", {date("2021-01-01"), str("10")}), "2021-01-11");
  EXPECT_EQ(text("dateadd", {date("2021-01-01"), i32(31)}), "2021-02-01");
  EXPECT_EQ(text("date_add", {nullOf(DataType::date()), i32(1)}), "<NULL>");
  EXPECT_EQ(text("date_add", {date("2021-01-01"), nullOf(DataType::integer())}), "<NULL>");
  EXPECT_EQ(text("date_sub", {date("2021-03-01"), i32(1)}), "2021-02-28");
  EXPECT_EQ(text("date_sub", {date("2021-03-01"), i32(-1)}), "2021-03-02");
  EXPECT_EQ(call("datediff", {date("2021-03-01"), date("2021-02-01")}), Value(28));
  EXPECT_EQ(call("datediff", {date("2021-02-01"), date("2021-03-01")}), Value(-28));
  EXPECT_EQ(call("datediff", {str("2021-03-01 23:59:59"), str("2021-03-01")}), Value(0));
  EXPECT_EQ(call("date_diff", {date("1970-01-01"), date("1969-12-01")}), Value(31));
  EXPECT_EQ(call("datediff", {date("2021-03-01"), nullOf(DataType::date())}), Value::null());
  EXPECT_EQ(bindError("date_add", {date("2021-01-01"), lit(DataType::boolean(), Value(true))}),
            "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"date_add(_c0, true)\" due "
            "to data type mismatch: Parameter 2 requires the (\"INT\" or \"SMALLINT\" or "
            "\"TINYINT\") type, however \"true\" has the type \"BOOLEAN\".");
}

TEST(DatetimeArithmeticTest, AddMonthsAndLastDay) {
  EXPECT_EQ(text("add_months", {date("2021-01-31"), i32(1)}), "2021-02-28");
  EXPECT_EQ(text("add_months", {date("2020-01-31"), i32(1)}), "2020-02-29");
  EXPECT_EQ(text("add_months", {date("2021-03-31"), i32(-1)}), "2021-02-28");
  // Spark 3 keeps the day: the end of February does not stick to month ends.
  EXPECT_EQ(text("add_months", {date("2021-02-28"), i32(1)}), "2021-03-28");
  EXPECT_EQ(text("add_months", {date("2021-01-15"), i32(-13)}), "2019-12-15");
  EXPECT_EQ(text("add_months", {date("1969-12-31"), i32(2)}), "1970-02-28");
  EXPECT_EQ(text("add_months", {date("2021-01-15"), nullOf(DataType::integer())}), "<NULL>");
  EXPECT_EQ(text("last_day", {date("2020-02-10")}), "2020-02-29");
  EXPECT_EQ(text("last_day", {date("2021-02-10")}), "2021-02-28");
  EXPECT_EQ(text("last_day", {str("2021-12-05")}), "2021-12-31");
  EXPECT_EQ(text("last_day", {nullOf(DataType::date())}), "<NULL>");
}

TEST(DatetimeArithmeticTest, MonthsBetween) {
  // Spark's documented examples.
  EXPECT_EQ(call("months_between", {str("1997-02-28 10:30:00"), str("1996-10-30")}),
            Value(3.94959677));
  EXPECT_EQ(call("months_between", {str("1997-02-28 10:30:00"), str("1996-10-30"),
                                    lit(DataType::boolean(), Value(false))}),
            Value(3.9495967741935485));
  EXPECT_EQ(call("months_between", {date("2021-02-28"), date("2021-01-31")}), Value(1.0));
  EXPECT_EQ(call("months_between", {ts("2021-03-15 10:00:00"), ts("2021-01-15 23:00:00")}),
            Value(2.0));
  EXPECT_EQ(call("months_between", {date("2021-01-01"), date("2021-03-01")}), Value(-2.0));
  EXPECT_EQ(call("months_between", {date("2021-01-02"), date("2021-01-01")}), Value(0.03225806));
  EXPECT_EQ(call("months_between", {ts("2021-01-01 00:00:00"), nullOf(DataType::timestamp())}),
            Value::null());
}

TEST(DatetimeArithmeticTest, NextDay) {
  EXPECT_EQ(text("next_day", {date("2015-01-14"), strLit("TU")}), "2015-01-20");
  EXPECT_EQ(text("next_day", {date("2015-01-14"), strLit("wed")}), "2015-01-21");
  EXPECT_EQ(text("next_day", {date("2015-01-14"), strLit("Thursday")}), "2015-01-15");
  EXPECT_EQ(text("next_day", {date("2015-01-14"), str("sun")}), "2015-01-18");
  EXPECT_EQ(text("next_day", {date("2015-01-14"), str("xx")}), "<NULL>");
  EXPECT_EQ(text("next_day", {date("2015-01-14"), strLit(" MON")}), "<NULL>");
  EXPECT_EQ(text("next_day", {date("2015-01-14"), lit(DataType::string(), Value::null())}),
            "<NULL>");
}

TEST(DatetimeArithmeticTest, MakeDateAndTimestamp) {
  EXPECT_EQ(text("make_date", {i32(2013), i32(7), i32(15)}), "2013-07-15");
  EXPECT_EQ(text("make_date", {i32(2019), i32(13), i32(1)}), "<NULL>");
  EXPECT_EQ(text("make_date", {i32(2019), i32(2), i32(29)}), "<NULL>");
  EXPECT_EQ(text("make_date", {i32(1900), i32(2), i32(28)}), "1900-02-28");
  EXPECT_EQ(text("make_date", {i32(2019), nullOf(DataType::integer()), i32(1)}), "<NULL>");
  Arg sec = col(DataType::decimal(5, 3), Value(Int128{45887}));
  EXPECT_EQ(text("make_timestamp", {i32(2014), i32(12), i32(28), i32(6), i32(30), sec}),
            "2014-12-28 06:30:45.887");
  EXPECT_EQ(
      call("make_timestamp", {i32(2014), i32(12), i32(28), i32(6), i32(30), sec, strLit("CET")}),
      Value(utcMicros(2014, 12, 28, 5, 30, 45, 887000)));
  EXPECT_EQ(call("make_timestamp", {i32(2014), i32(12), i32(28), i32(6), i32(30), sec}, kLA),
            Value(utcMicros(2014, 12, 28, 14, 30, 45, 887000)));
  EXPECT_EQ(text("make_timestamp", {i32(2019), i32(6), i32(30), i32(23), i32(59), i32(60)}),
            "2019-07-01 00:00:00");
  EXPECT_EQ(text("make_timestamp", {i32(2019), i32(6), i32(30), i32(23), i32(59), f64(60.5)}),
            "<NULL>");
  EXPECT_EQ(text("make_timestamp", {i32(2019), i32(13), i32(1), i32(10), i32(11), i32(12)}),
            "<NULL>");
  EXPECT_EQ(text("make_timestamp", {i32(2019), i32(1), i32(1), i32(24), i32(0), i32(0)}), "<NULL>");
  EXPECT_EQ(text("make_timestamp", {i32(2019), i32(1), i32(1), i32(1), i32(0), i32(-1)}), "<NULL>");
  EXPECT_EQ(text("make_timestamp",
                 {i32(2019), i32(1), i32(1), i32(1), i32(0), i32(0), str("Nowhere/City")}),
            "<NULL>");
  EXPECT_EQ(text("make_timestamp",
                 {i32(1960), i32(1), i32(1), i32(0), i32(0), nullOf(DataType::decimal(16, 6))}),
            "<NULL>");
  EXPECT_EQ(text("make_timestamp", {i32(1960), i32(1), i32(1), i32(0), i32(0), f64(0.000001)}),
            "1960-01-01 00:00:00.000001");
}

TEST(DatetimeArithmeticTest, Trunc) {
  EXPECT_EQ(text("trunc", {date("2019-08-04"), strLit("week")}), "2019-07-29");
  EXPECT_EQ(text("trunc", {date("2019-08-04"), strLit("quarter")}), "2019-07-01");
  EXPECT_EQ(text("trunc", {date("2019-08-04"), strLit("MM")}), "2019-08-01");
  EXPECT_EQ(text("trunc", {date("2019-08-04"), strLit("mon")}), "2019-08-01");
  EXPECT_EQ(text("trunc", {date("2019-08-04"), strLit("year")}), "2019-01-01");
  EXPECT_EQ(text("trunc", {date("2019-08-04"), strLit("yy")}), "2019-01-01");
  EXPECT_EQ(text("trunc", {date("2019-08-04"), strLit("DAY")}), "<NULL>");
  EXPECT_EQ(text("trunc", {date("2019-08-04"), strLit("bad")}), "<NULL>");
  EXPECT_EQ(text("trunc", {date("2019-08-04"), str("Q")}), "<NULL>");
  EXPECT_EQ(text("trunc", {date("2019-08-04"), str("QUARTER")}), "2019-07-01");
  EXPECT_EQ(text("trunc", {str("2019-08-04 10:00:00"), str("YEAR")}), "2019-01-01");
  EXPECT_EQ(text("trunc", {date("1969-12-31"), strLit("WEEK")}), "1969-12-29");
}

TEST(DatetimeArithmeticTest, DateTrunc) {
  Arg t = ts("2015-03-05 09:32:05.359123");
  EXPECT_EQ(text("date_trunc", {strLit("YEAR"), t}), "2015-01-01 00:00:00");
  EXPECT_EQ(text("date_trunc", {strLit("yyyy"), t}), "2015-01-01 00:00:00");
  EXPECT_EQ(text("date_trunc", {strLit("QUARTER"), t}), "2015-01-01 00:00:00");
  EXPECT_EQ(text("date_trunc", {strLit("MM"), t}), "2015-03-01 00:00:00");
  EXPECT_EQ(text("date_trunc", {strLit("WEEK"), t}), "2015-03-02 00:00:00");
  EXPECT_EQ(text("date_trunc", {strLit("DD"), t}), "2015-03-05 00:00:00");
  EXPECT_EQ(text("date_trunc", {strLit("HOUR"), t}), "2015-03-05 09:00:00");
  EXPECT_EQ(text("date_trunc", {strLit("MINUTE"), t}), "2015-03-05 09:32:00");
  EXPECT_EQ(text("date_trunc", {strLit("SECOND"), t}), "2015-03-05 09:32:05");
  EXPECT_EQ(text("date_trunc", {strLit("MILLISECOND"), t}), "2015-03-05 09:32:05.359");
  EXPECT_EQ(text("date_trunc", {strLit("MICROSECOND"), t}), "2015-03-05 09:32:05.359123");
  EXPECT_EQ(text("date_trunc", {strLit("DECADE"), t}), "<NULL>");
  EXPECT_EQ(text("date_trunc", {str("hour"), t}), "2015-03-05 09:00:00");
  EXPECT_EQ(text("date_trunc", {str("nope"), t}), "<NULL>");
  EXPECT_EQ(
      text("date_trunc", {strLit("MILLISECOND"), col(DataType::timestamp(), Value(int64_t{-1}))}),
      "1969-12-31 23:59:59.999");
  EXPECT_EQ(text("date_trunc", {strLit("DAY"), str("2015-03-05T09:32:05")}), "2015-03-05 00:00:00");
}

TEST(DatetimeArithmeticTest, DateTruncInTheSessionZone) {
  // 2021-03-14 12:00 PDT: the day started at 00:00 PST (08:00 UTC).
  EXPECT_EQ(call("date_trunc", {strLit("DAY"), ts("2021-03-14 19:00:00")}, kLA),
            Value(utcMicros(2021, 3, 14, 8)));
  EXPECT_EQ(call("date_trunc", {strLit("MONTH"), ts("2021-03-14 19:00:00")}, kLA),
            Value(utcMicros(2021, 3, 1, 8)));
  // 01:30 happens twice on 2021-11-07; truncation keeps the offset of each.
  EXPECT_EQ(call("date_trunc", {strLit("HOUR"), ts("2021-11-07 08:30:00")}, kLA),
            Value(utcMicros(2021, 11, 7, 8)));
  EXPECT_EQ(call("date_trunc", {strLit("HOUR"), ts("2021-11-07 09:30:00")}, kLA),
            Value(utcMicros(2021, 11, 7, 9)));
  // Half-hour zones truncate hours locally.
  EXPECT_EQ(call("date_trunc", {strLit("HOUR"), ts("2021-01-01 00:45:00")}, "Asia/Kolkata"),
            Value(utcMicros(2021, 1, 1, 0, 30)));
  EXPECT_EQ(call("date_trunc", {strLit("YEAR"), ts("2021-01-01 03:00:00")}, kLA),
            Value(utcMicros(2020, 1, 1, 8)));
}

TEST(DatetimeArithmeticTest, UtcShifts) {
  EXPECT_EQ(text("to_utc_timestamp", {str("2016-08-31"), strLit("Asia/Seoul")}),
            "2016-08-30 15:00:00");
  EXPECT_EQ(text("from_utc_timestamp", {str("2016-08-31"), strLit("Asia/Seoul")}),
            "2016-08-31 09:00:00");
  EXPECT_EQ(text("from_utc_timestamp", {ts("2021-01-01 00:00:00"), strLit("PST")}),
            "2020-12-31 16:00:00");
  EXPECT_EQ(text("from_utc_timestamp", {ts("2021-07-01 00:00:00"), str("America/Los_Angeles")}),
            "2021-06-30 17:00:00");
  EXPECT_EQ(text("to_utc_timestamp", {ts("2021-07-01 00:00:00"), str("+02:00")}),
            "2021-06-30 22:00:00");
  EXPECT_EQ(text("to_utc_timestamp", {ts("2021-07-01 00:00:00"), str("+2:00")}),
            "2021-06-30 22:00:00");
  EXPECT_EQ(text("to_utc_timestamp", {ts("2021-07-01 00:00:00"), str("Mars/Olympus")}), "<NULL>");
  EXPECT_EQ(text("to_utc_timestamp", {ts("2021-07-01 00:00:00"), strLit("Mars/Olympus")}),
            "<NULL>");
  EXPECT_EQ(text("from_utc_timestamp", {nullOf(DataType::timestamp()), strLit("UTC")}), "<NULL>");
}

}  // namespace
}  // namespace spate

namespace spate {
namespace {

using namespace datetime_test;

// The ends of the date and timestamp ranges must not crash or overflow (NULL or a saturated or
// wrapped value is fine where Spark would fail).
TEST(DatetimeExtremesTest, NoFunctionCrashesAtTheEndsOfTheRanges) {
  std::vector<Arg> dates = {col(DataType::date(), Value(int64_t{INT32_MAX})),
                            col(DataType::date(), Value(int64_t{INT32_MIN})),
                            col(DataType::date(), Value(int64_t{-719528}))};
  std::vector<Arg> stamps = {col(DataType::timestamp(), Value(int64_t{INT64_MAX})),
                             col(DataType::timestamp(), Value(int64_t{INT64_MIN})),
                             col(DataType::timestamp(), Value(int64_t{INT64_MIN + 1}))};
  for (const char* zone : {"UTC", "America/Los_Angeles", "-18:00", "+18:00"}) {
    for (const Arg& d : dates) {
      for (const char* f :
           {"year", "quarter", "month", "day", "dayofweek", "weekday", "dayofyear", "weekofyear",
            "last_day", "hour", "unix_date", "to_timestamp", "unix_timestamp", "date_format"}) {
        std::vector<Arg> args = {d};
        if (std::string(f) == "date_format") args.push_back(strLit("yyyy-MM-dd HH:mm:ss.SSS z"));
        EXPECT_NO_THROW(call(f, args, zone)) << f;
      }
      EXPECT_NO_THROW(call("date_add", {d, i32(INT32_MAX)}, zone));
      EXPECT_NO_THROW(call("date_sub", {d, i32(INT32_MAX)}, zone));
      EXPECT_NO_THROW(call("datediff", {d, date("1970-01-01")}, zone));
      EXPECT_NO_THROW(call("add_months", {d, i32(INT32_MAX)}, zone));
      EXPECT_NO_THROW(call("add_months", {d, i32(INT32_MIN)}, zone));
      EXPECT_NO_THROW(call("next_day", {d, strLit("MO")}, zone));
      for (const char* level : {"WEEK", "MONTH", "QUARTER", "YEAR"})
        EXPECT_NO_THROW(call("trunc", {d, strLit(level)}, zone));
      EXPECT_NO_THROW(call("extract", {strLit("YEAROFWEEK"), d}, zone));
      EXPECT_NO_THROW(call("months_between", {d, date("1970-01-01")}, zone));
    }
    for (const Arg& t : stamps) {
      for (const char* f : {"year", "hour", "minute", "second", "unix_seconds", "unix_millis",
                            "unix_timestamp", "to_date", "weekofyear"})
        EXPECT_NO_THROW(call(f, {t}, zone)) << f;
      EXPECT_NO_THROW(call("date_format", {t, strLit("G yyyy-MM-dd HH:mm:ss.SSSSSS XXX z")}, zone));
      EXPECT_NO_THROW(call("extract", {strLit("SECOND"), t}, zone));
      for (const char* level : {"MICROSECOND", "MILLISECOND", "SECOND", "MINUTE", "HOUR", "DAY",
                                "WEEK", "MONTH", "QUARTER", "YEAR"})
        EXPECT_NO_THROW(call("date_trunc", {strLit(level), t}, zone)) << level;
      EXPECT_NO_THROW(call("months_between", {t, ts("2000-01-01 00:00:00")}, zone));
      EXPECT_NO_THROW(call("from_utc_timestamp", {t, strLit("+18:00")}, zone));
      EXPECT_NO_THROW(call("to_utc_timestamp", {t, strLit("-18:00")}, zone));
      EXPECT_NO_THROW(call("to_utc_timestamp", {t, strLit("America/Los_Angeles")}, zone));
    }
    for (int64_t s : {INT64_MAX, INT64_MIN, int64_t{-1}}) {
      EXPECT_NO_THROW(call("from_unixtime", {i64(s)}, zone));
      EXPECT_NO_THROW(call("timestamp_seconds", {i64(s)}, zone));
      EXPECT_NO_THROW(call("timestamp_millis", {i64(s)}, zone));
      EXPECT_NO_THROW(call("to_timestamp", {i64(s)}, zone));
    }
    EXPECT_NO_THROW(call("timestamp_seconds", {f64(1e300)}, zone));
    EXPECT_NO_THROW(call("make_timestamp",
                         {i32(INT32_MAX), i32(12), i32(31), i32(23), i32(59), f64(59.999999)},
                         zone));
    EXPECT_NO_THROW(call("make_date", {i32(INT32_MIN), i32(1), i32(1)}, zone));
    EXPECT_NO_THROW(
        call("to_timestamp", {str("+290000-01-01 00:00:00"), strLit("yyyy-MM-dd HH:mm:ss")}, zone));
    EXPECT_NO_THROW(call("to_timestamp", {str("-290000-01-01"), strLit("G yyyy-MM-dd")}, zone));
  }
}

}  // namespace
}  // namespace spate
