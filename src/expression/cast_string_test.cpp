// CAST to and from STRING (Spark 3.5, non-ANSI).
#include <gtest/gtest.h>

#include <cstring>
#include <limits>
#include <random>

#include "expression/cast_test_util.h"

namespace spate {
namespace {

using namespace cast_test;

const TypePtr kString = DataType::string();
const TypePtr kInt = DataType::integer();
const TypePtr kLong = DataType::longType();
const TypePtr kDouble = DataType::doubleType();
const TypePtr kFloat = DataType::floatType();
const TypePtr kTs = DataType::timestamp();
const TypePtr kDate = DataType::date();

std::vector<Value> fromStrings(std::vector<Value> texts, const TypePtr& to,
                               const std::string& zone = "UTC") {
  return castValues(kString, texts, to, zone);
}

// ---- string → numbers ---------------------------------------------------------------------

TEST(CastFromStringTest, IntegralAcceptsSignsWhitespaceAndTruncatesFractions) {
  EXPECT_EQ(fromStrings({" 42 ", "+7", "-0", "1.9", "-1.9", "1.", ".5", "\t\n5\r",
                         "\x7f"
                         "8"},
                        kInt),
            (std::vector<Value>{i64(42), i64(7), i64(0), i64(1), i64(-1), i64(1), i64(0), i64(5),
                                i64(8)}));
  // UTF8String.toInt breaks at the '.', so a lone "." parses as 0 in Spark.
  EXPECT_EQ(fromStrings({"."}, kInt), (std::vector<Value>{i64(0)}));
  EXPECT_EQ(fromStrings({"", " ", "+", "-", "abc", "1e3", "1 2", "0x10", "1.a", "1..2", "١"}, kInt),
            std::vector<Value>(11, Value::null()));
  EXPECT_EQ(fromStrings({"2147483647", "-2147483648", "2147483648", "-2147483649"}, kInt),
            (std::vector<Value>{i64(INT32_MAX), i64(INT32_MIN), Value::null(), Value::null()}));
  EXPECT_EQ(fromStrings({"9223372036854775807", "-9223372036854775808", "9223372036854775808",
                         "99999999999999999999"},
                        kLong),
            (std::vector<Value>{i64(INT64_MAX), i64(INT64_MIN), Value::null(), Value::null()}));
  // Narrow types are range-checked, not wrapped.
  EXPECT_EQ(fromStrings({"127", "-128", "128", "300"}, DataType::byte()),
            (std::vector<Value>{i64(127), i64(-128), Value::null(), Value::null()}));
  EXPECT_EQ(fromStrings({"32767", "40000.5"}, DataType::shortType()),
            (std::vector<Value>{i64(32767), Value::null()}));
  EXPECT_EQ(fromStrings({Value::null()}, kInt), (std::vector<Value>{Value::null()}));
}

TEST(CastFromStringTest, DoubleFollowsJavaParseDoubleAndSparkSpecialLiterals) {
  auto out =
      fromStrings({"1.5", " 1e3 ", "1d", "2.5f", "-.5", "5.", "0x1p3", "1E-2D", "+4"}, kDouble);
  EXPECT_EQ(out, (std::vector<Value>{1.5, 1000.0, 1.0, 2.5, -0.5, 5.0, 8.0, 0.01, 4.0}));
  constexpr double kInf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(fromStrings({"Infinity", "-Infinity", "inf", "+INF", "-inf", "INFINITY", "1e400",
                         "-1e400", "1e-400"},
                        kDouble),
            (std::vector<Value>{kInf, -kInf, kInf, kInf, -kInf, kInf, kInf, -kInf, 0.0}));
  for (const char* nan : {"NaN", "nan", " NAN ", "+NaN", "-NaN"}) {
    Value v = fromStrings({nan}, kDouble)[0];
    ASSERT_FALSE(v.isNull()) << nan;
    EXPECT_TRUE(std::isnan(v.asDouble())) << nan;
  }
  EXPECT_EQ(
      fromStrings({"", "abc", "1.5.5", "1e", "e5", ".", "-nan", "1f5", "0x10", "1_000"}, kDouble),
      std::vector<Value>(10, Value::null()));
}

TEST(CastFromStringTest, FloatRoundsOnce) {
  EXPECT_EQ(fromStrings({"0.1", "3.4028236e38", "16777217"}, kFloat),
            (std::vector<Value>{static_cast<double>(0.1f), std::numeric_limits<double>::infinity(),
                                16777216.0}));
}

TEST(CastFromStringTest, Decimal) {
  auto d42 = DataType::decimal(4, 2);
  EXPECT_EQ(fromStrings({" 1.235 ", "-0.005", "12.3", "1e1", "100", "abc", "", "Infinity"}, d42),
            (std::vector<Value>{dec(124), dec(-1), dec(1230), dec(1000), Value::null(),
                                Value::null(), Value::null(), Value::null()}));
  EXPECT_EQ(fromStrings({"1E-10", "+.5", "99.995", "-99.994"}, DataType::decimal(4, 2)),
            (std::vector<Value>{dec(0), dec(50), Value::null(), dec(-9999)}));
  EXPECT_EQ(fromStrings({"123456789012345678901234567890.123456789"}, DataType::decimal(38, 8)),
            (std::vector<Value>{Value(static_cast<Int128>(12345678901234567890ULL) *
                                          static_cast<Int128>(1000000000000000000ULL) +
                                      static_cast<Int128>(123456789012345679LL))}));
  EXPECT_EQ(fromStrings({"1e39", "1e-99999", "0000000000000000000000000000000000000000001.5"},
                        DataType::decimal(38, 1)),
            (std::vector<Value>{Value::null(), dec(0), dec(15)}));
}

TEST(CastFromStringTest, Boolean) {
  const TypePtr kBool = DataType::boolean();
  EXPECT_EQ(fromStrings({"t", "TRUE", " yes ", "1", "Y", "True"}, kBool),
            std::vector<Value>(6, Value(true)));
  EXPECT_EQ(fromStrings({"f", "False", "no", "0", "N", "\tfalse\n"}, kBool),
            std::vector<Value>(6, Value(false)));
  EXPECT_EQ(fromStrings({"2", "tru", "", "yess", "01"}, kBool),
            std::vector<Value>(5, Value::null()));
}

TEST(CastFromStringTest, DateAndTimestampUseTheSessionZone) {
  EXPECT_EQ(fromStrings({"2021-03-04", "2021-3-4", " 2021-03-04 10:00:00", "2021-03", "2021-02-30",
                         "x", ""},
                        kDate),
            (std::vector<Value>{day(2021, 3, 4), day(2021, 3, 4), day(2021, 3, 4), day(2021, 3, 1),
                                Value::null(), Value::null(), Value::null()}));
  EXPECT_EQ(fromStrings({"2021-01-01 10:00:00"}, kTs, "America/Los_Angeles"),
            (std::vector<Value>{i64(utcMicros(2021, 1, 1, 18))}));
  EXPECT_EQ(fromStrings({"2021-07-01 10:00:00"}, kTs, "America/Los_Angeles"),
            (std::vector<Value>{i64(utcMicros(2021, 7, 1, 17))}));
  EXPECT_EQ(fromStrings({"2021-01-01 10:00:00"}, kTs, "+02:00"),
            (std::vector<Value>{i64(utcMicros(2021, 1, 1, 8))}));
  EXPECT_EQ(fromStrings({"2021-01-01T10:00:00Z", "2021-01-01 10:00:00.5+01:00",
                         "1969-12-31 23:59:59.999999", "not a time"},
                        kTs, "America/Los_Angeles"),
            (std::vector<Value>{i64(utcMicros(2021, 1, 1, 10)),
                                i64(utcMicros(2021, 1, 1, 9, 0, 0, 500000)),
                                i64(utcMicros(1970, 1, 1, 7, 59, 59, 999999)), Value::null()}));
}

TEST(CastFromStringTest, BinaryAndInterval) {
  EXPECT_EQ(fromStrings({"abc", "", Value::null()}, DataType::binary()),
            (std::vector<Value>{Value("abc"), Value(""), Value::null()}));
  Interval ninetyMinutes{0, 0, 90 * kMicrosPerMinute};
  EXPECT_EQ(fromStrings({"1 hour 30 minutes", "interval 2 days", "bogus"}, DataType::interval()),
            (std::vector<Value>{Value(ninetyMinutes), Value(Interval{0, 2, 0}), Value::null()}));
}

// ---- anything → string --------------------------------------------------------------------

TEST(CastToStringTest, Numbers) {
  EXPECT_EQ(castValues(kInt, {0, -17, 2147483647, Value::null()}, kString),
            (std::vector<Value>{"0", "-17", "2147483647", Value::null()}));
  EXPECT_EQ(castToText(kLong, i64(INT64_MIN)), "-9223372036854775808");
  EXPECT_EQ(castToText(DataType::byte(), i64(-128)), "-128");
  EXPECT_EQ(castValues(kDouble,
                       {1.0, 1e7, 1.0e-4, 0.001, -0.0, 123456.789,
                        std::numeric_limits<double>::quiet_NaN(),
                        -std::numeric_limits<double>::infinity()},
                       kString),
            (std::vector<Value>{"1.0", "1.0E7", "1.0E-4", "0.001", "-0.0", "123456.789", "NaN",
                                "-Infinity"}));
  EXPECT_EQ(castToText(kFloat, static_cast<double>(1.1f)), "1.1");
  EXPECT_EQ(castToText(kFloat, 1e10), "1.0E10");
  EXPECT_EQ(castValues(DataType::boolean(), {true, false}, kString),
            (std::vector<Value>{"true", "false"}));
}

TEST(CastToStringTest, DecimalsUseBigDecimalToString) {
  EXPECT_EQ(castToText(DataType::decimal(10, 2), dec(150)), "1.50");
  EXPECT_EQ(castToText(DataType::decimal(10, 2), dec(-5)), "-0.05");
  EXPECT_EQ(castToText(DataType::decimal(10, 0), dec(42)), "42");
  EXPECT_EQ(castToText(DataType::decimal(10, 7), dec(1234567)), "0.1234567");
  EXPECT_EQ(castToText(DataType::decimal(10, 6), dec(1)), "0.000001");
  // Below 1E-6 Java switches to scientific notation, zero included.
  EXPECT_EQ(castToText(DataType::decimal(10, 8), dec(0)), "0E-8");
  EXPECT_EQ(castToText(DataType::decimal(20, 10), dec(1)), "1E-10");
  EXPECT_EQ(castToText(DataType::decimal(20, 8), dec(-12)), "-1.2E-7");
  EXPECT_EQ(castToText(DataType::decimal(38, 0), Value(Int128{1} << 100)),
            "1267650600228229401496703205376");
}

TEST(CastToStringTest, DatesAndTimestamps) {
  EXPECT_EQ(castToText(kDate, day(2021, 3, 4)), "2021-03-04");
  EXPECT_EQ(castToText(kDate, day(1, 1, 1)), "0001-01-01");
  EXPECT_EQ(castToText(kDate, day(10000, 1, 1)), "+10000-01-01");
  EXPECT_EQ(castToText(kDate, day(0, 1, 1)), "0000-01-01");
  EXPECT_EQ(castToText(kDate, day(9999, 12, 31)), "9999-12-31");
  EXPECT_EQ(castToText(kDate, day(-1, 12, 31)), "-0001-12-31");
  EXPECT_EQ(castToText(kTs, i64(utcMicros(2021, 1, 1, 10))), "2021-01-01 10:00:00");
  EXPECT_EQ(castToText(kTs, i64(utcMicros(2021, 1, 1, 10, 0, 0, 500000))), "2021-01-01 10:00:00.5");
  EXPECT_EQ(castToText(kTs, i64(utcMicros(2021, 1, 1, 10, 0, 0, 123456))),
            "2021-01-01 10:00:00.123456");
  EXPECT_EQ(castToText(kTs, i64(utcMicros(2021, 1, 1, 10, 0, 0, 100))), "2021-01-01 10:00:00.0001");
  EXPECT_EQ(castToText(kTs, i64(-1)), "1969-12-31 23:59:59.999999");
  EXPECT_EQ(castToText(kTs, i64(utcMicros(1900, 1, 1))), "1900-01-01 00:00:00");
  EXPECT_EQ(castToText(kTs, i64(utcMicros(2021, 1, 1, 10)), "America/Los_Angeles"),
            "2021-01-01 02:00:00");
  EXPECT_EQ(castToText(kTs, i64(utcMicros(2021, 7, 1, 10)), "America/Los_Angeles"),
            "2021-07-01 03:00:00");
  EXPECT_EQ(castToText(kTs, i64(utcMicros(2021, 1, 1, 23)), "+02:00"), "2021-01-02 01:00:00");
  // Los Angeles used local mean time (-07:52:58) before 1883.
  EXPECT_EQ(castToText(kTs, i64(utcMicros(1850, 1, 1, 12)), "America/Los_Angeles"),
            "1850-01-01 04:07:02");
  EXPECT_EQ(castToText(kTs, i64(utcMicros(12345, 6, 7, 8, 9, 10))), "+12345-06-07 08:09:10");
}

TEST(CastToStringTest, BinaryIntervalAndStrings) {
  EXPECT_EQ(castToText(DataType::binary(), Value(std::string("a\0b", 3))), std::string("a\0b", 3));
  EXPECT_EQ(castToText(DataType::interval(), Value(Interval{14, 3, 90 * kMicrosPerMinute})),
            "1 years 2 months 3 days 1 hours 30 minutes");
  auto column = makeColumn(kString, {"x"});
  EXPECT_EQ(castColumn(column, kString, EvalContext{}), column);
}

TEST(CastToStringTest, NestedValues) {
  auto arrayType = DataType::array(kInt);
  EXPECT_EQ(
      castValues(arrayType, {ValueList{1, Value::null(), 3}, ValueList{}, Value::null()}, kString),
      (std::vector<Value>{"[1, null, 3]", "[]", Value::null()}));
  auto mapType = DataType::map(kString, kDouble);
  EXPECT_EQ(castToText(mapType, ValueMap{{"a", 1.0}, {"b", Value::null()}}),
            "{a -> 1.0, b -> null}");
  EXPECT_EQ(castToText(mapType, ValueMap{}), "{}");
  auto structType = DataType::structType({{"a", kInt}, {"b", kString}});
  EXPECT_EQ(castToText(structType, ValueList{1, Value::null()}), "{1, null}");
  EXPECT_EQ(castToText(structType, ValueList{Value::null(), "x"}), "{null, x}");
  auto nested = DataType::array(DataType::structType(
      {{"t", kTs}, {"d", DataType::decimal(5, 2)}, {"xs", DataType::array(kString)}}));
  EXPECT_EQ(
      castToText(nested,
                 ValueList{ValueList{i64(utcMicros(2021, 1, 1)), dec(150), ValueList{"p", "q"}},
                           Value::null()},
                 "+01:00"),
      "[{2021-01-01 01:00:00, 1.50, [p, q]}, null]");
  EXPECT_EQ(castToText(DataType::array(DataType::binary()), ValueList{"ab"}), "[ab]");
}

}  // namespace
}  // namespace spate

namespace spate {
namespace {

// The column kernel lays doubles out itself; it must agree with formatDouble everywhere.
TEST(CastToStringTest, FloatingMatchesFormatDouble) {
  std::mt19937_64 rng(7);
  std::vector<Value> doubles, floats;
  std::vector<double> raw;
  for (int i = 0; i < 20000; ++i) {
    uint64_t bits = rng();
    double d;
    std::memcpy(&d, &bits, sizeof d);
    if (i % 4 == 1) d = static_cast<double>(static_cast<int64_t>(rng() % 100000000)) / 1000;
    if (i % 4 == 2)
      d = std::ldexp(static_cast<double>(rng() % 1000), static_cast<int>(rng() % 60) - 40);
    raw.push_back(d);
    doubles.emplace_back(d);
    floats.emplace_back(static_cast<double>(static_cast<float>(d)));
  }
  auto outD = cast_test::castValues(DataType::doubleType(), doubles, DataType::string());
  auto outF = cast_test::castValues(DataType::floatType(), floats, DataType::string());
  for (size_t i = 0; i < raw.size(); ++i) {
    ASSERT_EQ(outD[i].asString(), formatDouble(raw[i])) << i;
    ASSERT_EQ(outF[i].asString(), formatFloat(static_cast<float>(raw[i]))) << i;
  }
}

}  // namespace
}  // namespace spate
