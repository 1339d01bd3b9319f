// year … weekofyear, hour/minute/second, extract and date_part.
#include <gtest/gtest.h>

#include "function/datetime_test_util.h"

namespace spate {
namespace {

using namespace datetime_test;

TEST(DatetimeFieldsTest, DateFieldsOfAThursday) {
  Arg d = date("2021-03-04");
  EXPECT_EQ(call("year", {d}), Value(2021));
  EXPECT_EQ(call("quarter", {d}), Value(1));
  EXPECT_EQ(call("month", {d}), Value(3));
  EXPECT_EQ(call("day", {d}), Value(4));
  EXPECT_EQ(call("dayofmonth", {d}), Value(4));
  EXPECT_EQ(call("dayofweek", {d}), Value(5));  // Sunday = 1
  EXPECT_EQ(call("weekday", {d}), Value(3));    // Monday = 0
  EXPECT_EQ(call("dayofyear", {d}), Value(63));
  EXPECT_EQ(call("weekofyear", {d}), Value(9));
}

TEST(DatetimeFieldsTest, WeekBoundariesAndOldDates) {
  // 2021-01-01 is a Friday in ISO week 53 of 2020; 2019-12-30 is in week 1 of 2020.
  EXPECT_EQ(call("weekofyear", {date("2021-01-01")}), Value(53));
  EXPECT_EQ(call("weekofyear", {date("2021-01-04")}), Value(1));
  EXPECT_EQ(call("weekofyear", {date("2019-12-30")}), Value(1));
  EXPECT_EQ(call("extract", {strLit("YEAROFWEEK"), date("2021-01-01")}), Value(2020));
  EXPECT_EQ(call("extract", {strLit("YEAROFWEEK"), date("2019-12-30")}), Value(2020));
  Arg old = date("1969-12-31");  // a Wednesday
  EXPECT_EQ(call("year", {old}), Value(1969));
  EXPECT_EQ(call("dayofweek", {old}), Value(4));
  EXPECT_EQ(call("weekday", {old}), Value(2));
  EXPECT_EQ(call("dayofyear", {old}), Value(365));
  EXPECT_EQ(call("quarter", {date("1900-12-01")}), Value(4));
  EXPECT_EQ(call("dayofyear", {date("2020-12-31")}), Value(366));
  EXPECT_EQ(call("dayofweek", {date("0001-01-01")}), Value(2));  // a Monday (proleptic)
}

TEST(DatetimeFieldsTest, InputsAreCastToDates) {
  EXPECT_EQ(call("year", {str("2021-03-04 10:00:00")}), Value(2021));
  EXPECT_EQ(call("month", {str("not a date")}), Value::null());
  EXPECT_EQ(call("year", {nullOf(DataType::date())}), Value::null());
  EXPECT_EQ(call("year", {nullOf(DataType::null())}), Value::null());
  // A timestamp becomes its local date in the session zone.
  EXPECT_EQ(call("year", {ts("2021-01-01 03:00:00")}, "America/Los_Angeles"), Value(2020));
  EXPECT_EQ(call("day", {ts("2021-01-01 23:00:00")}, "+02:00"), Value(2));
}

TEST(DatetimeFieldsTest, TimeFieldsInTheSessionZone) {
  Arg t = ts("2021-03-04 05:06:07.89");
  EXPECT_EQ(call("hour", {t}), Value(5));
  EXPECT_EQ(call("minute", {t}), Value(6));
  EXPECT_EQ(call("second", {t}), Value(7));
  EXPECT_EQ(call("hour", {t}, "America/Los_Angeles"), Value(21));
  EXPECT_EQ(call("hour", {t}, "+05:30"), Value(10));
  EXPECT_EQ(call("minute", {t}, "+05:30"), Value(36));
  EXPECT_EQ(call("hour", {col(DataType::timestamp(), Value(int64_t{-1}))}), Value(23));
  EXPECT_EQ(call("second", {col(DataType::timestamp(), Value(int64_t{-1}))}), Value(59));
  EXPECT_EQ(call("hour", {str("2021-03-04 10:20:30")}), Value(10));
  EXPECT_EQ(call("hour", {date("2021-03-04")}, "America/Los_Angeles"), Value(0));
  EXPECT_EQ(call("second", {nullOf(DataType::timestamp())}), Value::null());
  // Los Angeles jumps from 01:59:59 PST to 03:00:00 PDT at 2021-03-14 10:00 UTC.
  EXPECT_EQ(call("hour", {ts("2021-03-14 09:59:59")}, "America/Los_Angeles"), Value(1));
  EXPECT_EQ(call("hour", {ts("2021-03-14 10:00:00")}, "America/Los_Angeles"), Value(3));
}

TEST(DatetimeFieldsTest, Extract) {
  Arg t = ts("2021-03-04 05:06:07.89");
  EXPECT_EQ(call("extract", {strLit("YEAR"), t}), Value(2021));
  EXPECT_EQ(call("extract", {strLit("yrs"), t}), Value(2021));
  EXPECT_EQ(call("extract", {strLit("QUARTER"), t}), Value(1));
  EXPECT_EQ(call("extract", {strLit("mon"), t}), Value(3));
  EXPECT_EQ(call("extract", {strLit("WEEK"), t}), Value(9));
  EXPECT_EQ(call("extract", {strLit("DAY"), t}), Value(4));
  EXPECT_EQ(call("extract", {strLit("DAYOFWEEK"), t}), Value(5));
  EXPECT_EQ(call("extract", {strLit("DOW_ISO"), t}), Value(4));
  EXPECT_EQ(call("extract", {strLit("DOY"), t}), Value(63));
  EXPECT_EQ(call("extract", {strLit("HOUR"), t}), Value(5));
  EXPECT_EQ(call("extract", {strLit("m"), t}), Value(6));
  EXPECT_EQ(text("extract", {strLit("SECOND"), t}), "7.890000");
  EXPECT_EQ(bind("extract", {strLit("SECOND"), t})->type->simpleString(), "decimal(8,6)");
  EXPECT_EQ(call("extract", {strLit("HOUR"), t}, "America/Los_Angeles"), Value(21));
  EXPECT_EQ(call("extract", {strLit("YEAR"), date("1969-12-31")}), Value(1969));
  EXPECT_EQ(call("date_part", {strLit("doy"), date("2020-12-31")}), Value(366));
  EXPECT_EQ(call("date_part", {strLit("HOUR"), str("2021-03-04 10:20:30")}), Value(10));
  EXPECT_EQ(call("date_part", {lit(DataType::string(), Value::null()), t}), Value::null());
  EXPECT_EQ(bindError("extract", {strLit("CENTURY"), t}),
            "[INVALID_EXTRACT_FIELD] Cannot extract `CENTURY` from \"_c0\".");
  EXPECT_EQ(bindError("date_part", {str("YEAR"), t}),
            "[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve \"date_part(_c0, _c1)\" due to "
            "data type mismatch: the input field should be a foldable \"STRING\" expression; "
            "however, got \"_c0\".");
}

TEST(DatetimeFieldsTest, BindErrors) {
  EXPECT_EQ(bindError("year", {}),
            "[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `year` requires 1 parameters but the actual "
            "number is 0.");
  EXPECT_EQ(bindError("year", {lit(DataType::boolean(), Value(true))}),
            "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"year(true)\" due to data "
            "type mismatch: Parameter 1 requires the \"DATE\" type, however \"true\" has the type "
            "\"BOOLEAN\".");
  EXPECT_EQ(bindError("hour", {i32(3)}),
            "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"hour(_c0)\" due to data "
            "type mismatch: Parameter 1 requires the \"TIMESTAMP\" type, however \"_c0\" has the "
            "type \"INT\".");
}

TEST(DatetimeFieldsTest, ManyRowsWithNulls) {
  ExprPtr e = bind("month", {col(DataType::date(), Value::null())});
  auto schema = DataType::structType({{"d", DataType::date()}});
  std::vector<std::vector<Value>> rows;
  for (int i = 0; i < 5000; ++i)
    rows.push_back({i % 3 == 0 ? Value::null() : Value(int64_t{i * 7})});
  auto batch = makeBatch(schema, rows);
  ColumnPtr out = evaluate(*e, *batch, EvalContext{});
  for (int i = 0; i < 5000; ++i) {
    if (i % 3 == 0) {
      EXPECT_TRUE(out->isNull(i));
    } else {
      EXPECT_EQ(out->valueAt<int32_t>(i), static_cast<int32_t>(civilFromDays(i * 7).month));
    }
  }
}

}  // namespace
}  // namespace spate
