// CAST between numbers, booleans, decimals, timestamps and dates (Spark 3.5, non-ANSI).
#include <gtest/gtest.h>

#include <limits>

#include "expression/cast_test_util.h"
#include "expression/decimal.h"

namespace spate {
namespace {

using namespace cast_test;

const TypePtr kByte = DataType::byte();
const TypePtr kShort = DataType::shortType();
const TypePtr kInt = DataType::integer();
const TypePtr kLong = DataType::longType();
const TypePtr kFloat = DataType::floatType();
const TypePtr kDouble = DataType::doubleType();
const TypePtr kBool = DataType::boolean();
const TypePtr kTs = DataType::timestamp();
const TypePtr kDate = DataType::date();

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(CastNumericTest, IntegralNarrowingWrapsLikeJava) {
  EXPECT_EQ(castValues(kInt, {300, -129, 127, Value::null()}, kByte),
            (std::vector<Value>{i64(44), i64(127), i64(127), Value::null()}));
  EXPECT_EQ(castOne(kLong, i64((int64_t{1} << 32) + 5), kInt), i64(5));
  EXPECT_EQ(castOne(kLong, i64(-2147483649LL), kInt), i64(2147483647));
  EXPECT_EQ(castOne(kInt, 70000, kShort), i64(4464));
  EXPECT_EQ(castOne(kByte, i64(-5), kLong), i64(-5));
}

TEST(CastNumericTest, FloatingToIntegralTruncatesSaturatesAndMapsNaNToZero) {
  EXPECT_EQ(castValues(kDouble, {1.9, -1.9, kNaN, 1e10, -1e10, kInf}, kInt),
            (std::vector<Value>{i64(1), i64(-1), i64(0), i64(INT32_MAX), i64(INT32_MIN),
                                i64(INT32_MAX)}));
  EXPECT_EQ(castValues(kDouble, {1e20, -1e20, kNaN, -kInf}, kLong),
            (std::vector<Value>{i64(INT64_MAX), i64(INT64_MIN), i64(0), i64(INT64_MIN)}));
  // byte/short go through (int) first: (byte)(int)1e10 = (byte)0x7fffffff = -1.
  EXPECT_EQ(castValues(kDouble, {1e10, 300.7, -0.5}, kByte),
            (std::vector<Value>{i64(-1), i64(44), i64(0)}));
  EXPECT_EQ(castOne(kFloat, 3.99, kShort), i64(3));
  EXPECT_EQ(castOne(kFloat, 1e20, kLong), i64(INT64_MAX));
}

TEST(CastNumericTest, IntegralToFloating) {
  EXPECT_EQ(castOne(kLong, i64(INT64_MAX), kDouble), Value(9.223372036854775807e18));
  EXPECT_EQ(castOne(kInt, 16777217, kFloat), Value(16777216.0));
  EXPECT_EQ(castOne(kDouble, 0.1, kFloat), Value(static_cast<double>(0.1f)));
  EXPECT_EQ(castOne(kFloat, 0.1, kDouble), Value(static_cast<double>(0.1f)));
}

TEST(CastNumericTest, BooleansAndNumbers) {
  EXPECT_EQ(castValues(kBool, {true, false, Value::null()}, kInt),
            (std::vector<Value>{i64(1), i64(0), Value::null()}));
  EXPECT_EQ(castOne(kBool, true, kDouble), Value(1.0));
  EXPECT_EQ(castValues(kDouble, {0.0, -0.0, 0.5, kNaN}, kBool),
            (std::vector<Value>{false, false, true, true}));
  EXPECT_EQ(castValues(kLong, {i64(0), i64(-3)}, kBool), (std::vector<Value>{false, true}));
  EXPECT_EQ(castValues(DataType::decimal(5, 2), {dec(0), dec(1)}, kBool),
            (std::vector<Value>{false, true}));
  EXPECT_EQ(castOne(kBool, true, DataType::decimal(3, 2)), dec(100));
  // decimal(1,1) has no room for 1.
  EXPECT_EQ(castOne(kBool, true, DataType::decimal(1, 1)), Value::null());
  EXPECT_EQ(castOne(kBool, false, DataType::decimal(1, 1)), dec(0));
}

TEST(CastNumericTest, ToDecimalRoundsHalfUpAndOverflowsToNull) {
  // Doubles go through Double.toString, so 1.005 rounds up although its binary value is below.
  EXPECT_EQ(castOne(kDouble, 1.005, DataType::decimal(3, 2)), dec(101));
  EXPECT_EQ(castValues(kDouble, {2.5, -2.5, 0.4999}, DataType::decimal(1, 0)),
            (std::vector<Value>{dec(3), dec(-3), dec(0)}));
  EXPECT_EQ(castOne(kDouble, 123.45, DataType::decimal(4, 1)), dec(1235));
  EXPECT_EQ(castOne(kDouble, 123.45, DataType::decimal(3, 1)), Value::null());
  EXPECT_EQ(castValues(kDouble, {kNaN, kInf}, DataType::decimal(10, 2)),
            (std::vector<Value>{Value::null(), Value::null()}));
  EXPECT_EQ(castOne(kDouble, 1e-20, DataType::decimal(10, 2)), dec(0));
  EXPECT_EQ(castOne(kDouble, 1.5e10, DataType::decimal(12, 1)), dec(150000000000LL));
  // A float is widened to double first: 0.1f prints as 0.10000000149011612.
  EXPECT_EQ(castOne(kFloat, 0.1, DataType::decimal(20, 18)), dec(100000001490116120LL));
  EXPECT_EQ(castOne(kLong, i64(12345), DataType::decimal(4, 0)), Value::null());
  EXPECT_EQ(castOne(kLong, i64(12345), DataType::decimal(5, 0)), dec(12345));
  EXPECT_EQ(castOne(kInt, -99, DataType::decimal(4, 2)), dec(-9900));
  EXPECT_EQ(castOne(kInt, 100, DataType::decimal(4, 2)), Value::null());
  EXPECT_EQ(castOne(kLong, i64(INT64_MIN), DataType::decimal(38, 0)), dec(INT64_MIN));
}

TEST(CastNumericTest, DecimalToDecimal) {
  auto from = DataType::decimal(10, 4);
  EXPECT_EQ(
      castValues(from, {dec(12345), dec(12350), dec(-12350), dec(12349)}, DataType::decimal(5, 2)),
      (std::vector<Value>{dec(123), dec(124), dec(-124), dec(123)}));
  EXPECT_EQ(castOne(from, dec(99999999), DataType::decimal(5, 2)), Value::null());  // 9999.9999
  EXPECT_EQ(castOne(from, dec(99999950), DataType::decimal(6, 2)), Value::null());  // → 10000.00
  EXPECT_EQ(castOne(from, dec(99940000), DataType::decimal(6, 2)), dec(999400));
  EXPECT_EQ(castOne(DataType::decimal(2, 0), dec(-7), DataType::decimal(38, 36)),
            Value(Int128{-7} * pow10Int128(36)));
  EXPECT_EQ(castOne(DataType::decimal(38, 0), Value(pow10Int128(37)), DataType::decimal(38, 1)),
            Value::null());
}

TEST(CastNumericTest, DecimalToNumbersTruncatesAndWraps) {
  auto d = DataType::decimal(5, 2);
  EXPECT_EQ(castValues(d, {dec(1299), dec(-1299), dec(50), Value::null()}, kInt),
            (std::vector<Value>{i64(12), i64(-12), i64(0), Value::null()}));
  // 2^64 + 7 keeps its low 64 bits, as BigDecimal.longValue does.
  Int128 big = (Int128{1} << 64) + 7;
  EXPECT_EQ(castOne(DataType::decimal(38, 0), Value(big), kLong), i64(7));
  EXPECT_EQ(castOne(DataType::decimal(10, 0), dec(300), kByte), i64(44));
  EXPECT_EQ(castOne(DataType::decimal(2, 1), dec(1), kDouble), Value(0.1));
  EXPECT_EQ(castOne(DataType::decimal(2, 1), dec(1), kFloat), Value(static_cast<double>(0.1f)));
  EXPECT_EQ(castOne(DataType::decimal(38, 20), Value(pow10Int128(37) + 1), kDouble), Value(1e17));
}

TEST(CastNumericTest, NumbersToTimestampAreSeconds) {
  EXPECT_EQ(
      castValues(kLong, {i64(1), i64(-1), i64(INT64_MAX), i64(INT64_MIN), Value::null()}, kTs),
      (std::vector<Value>{i64(1000000), i64(-1000000), i64(INT64_MAX), i64(INT64_MIN),
                          Value::null()}));
  EXPECT_EQ(castOne(kInt, 1609459200, kTs), i64(utcMicros(2021, 1, 1)));
  EXPECT_EQ(castOne(kByte, i64(-128), kTs), i64(-128000000));
  EXPECT_EQ(castValues(kDouble, {1.5, -1.5, kNaN, kInf, -kInf, 1e300}, kTs),
            (std::vector<Value>{i64(1500000), i64(-1500000), Value::null(), Value::null(),
                                Value::null(), i64(INT64_MAX)}));
  EXPECT_EQ(castOne(kDouble, 1e-7, kTs), i64(0));
  EXPECT_EQ(castOne(kFloat, 1.5, kTs), i64(1500000));
  EXPECT_EQ(castValues(DataType::decimal(8, 7), {dec(12345678), dec(-12345678)}, kTs),
            (std::vector<Value>{i64(1234567), i64(-1234567)}));
  EXPECT_EQ(castOne(DataType::decimal(3, 0), dec(-5), kTs), i64(-5000000));
  // Spark turns true into one microsecond.
  EXPECT_EQ(castValues(kBool, {true, false}, kTs), (std::vector<Value>{i64(1), i64(0)}));
}

TEST(CastNumericTest, TimestampToNumbers) {
  Value t = i64(-1500000);  // 1969-12-31 23:59:58.5
  EXPECT_EQ(castOne(kTs, t, kLong), i64(-2));
  EXPECT_EQ(castOne(kTs, t, kInt), i64(-2));
  EXPECT_EQ(castOne(kTs, t, kDouble), Value(-1.5));
  EXPECT_EQ(castOne(kTs, t, kFloat), Value(-1.5));
  EXPECT_EQ(castOne(kTs, t, DataType::decimal(10, 3)), dec(-1500));
  EXPECT_EQ(castOne(kTs, t, DataType::decimal(1, 1)), Value::null());
  EXPECT_EQ(castOne(kTs, i64(2500000), kLong), i64(2));
  // Seconds beyond the int range wrap.
  EXPECT_EQ(castOne(kTs, i64(2147483653LL * 1000000), kInt), i64(-2147483643));
  EXPECT_EQ(castOne(kTs, i64(300 * 1000000LL), kByte), i64(44));
  EXPECT_EQ(castValues(kTs, {i64(0), i64(1), Value::null()}, kBool),
            (std::vector<Value>{false, true, Value::null()}));
}

TEST(CastNumericTest, DateToNumbersIsNull) {
  Value d = day(2021, 1, 1);
  for (const TypePtr& to :
       {kByte, kShort, kInt, kLong, kFloat, kDouble, kBool, DataType::decimal(10, 0)}) {
    EXPECT_TRUE(canCast(*kDate, *to)) << to->simpleString();
    EXPECT_EQ(castOne(kDate, d, to), Value::null()) << to->simpleString();
  }
}

TEST(CastNumericTest, DatesAndTimestampsUseTheSessionZone) {
  EXPECT_EQ(castOne(kDate, day(2021, 3, 14), kTs, "America/Los_Angeles"),
            i64(utcMicros(2021, 3, 14, 8)));
  EXPECT_EQ(castOne(kDate, day(2021, 7, 1), kTs, "America/Los_Angeles"),
            i64(utcMicros(2021, 7, 1, 7)));
  EXPECT_EQ(castOne(kDate, day(2021, 1, 1), kTs, "+02:00"), i64(utcMicros(2020, 12, 31, 22)));
  EXPECT_EQ(castOne(kDate, day(1950, 1, 1), kTs, "UTC"), i64(utcMicros(1950, 1, 1)));
  // Midnight falls in a DST gap in Sao Paulo on 2018-11-04: the day starts at 01:00 (-02:00).
  EXPECT_EQ(castOne(kDate, day(2018, 11, 4), kTs, "America/Sao_Paulo"),
            i64(utcMicros(2018, 11, 4, 3)));
  EXPECT_EQ(castOne(kTs, i64(utcMicros(2021, 1, 1, 3)), kDate, "America/Los_Angeles"),
            day(2020, 12, 31));
  EXPECT_EQ(castOne(kTs, i64(utcMicros(2021, 1, 1, 23)), kDate, "+02:00"), day(2021, 1, 2));
  EXPECT_EQ(castOne(kTs, i64(-1), kDate), day(1969, 12, 31));
  EXPECT_EQ(castOne(kTs, Value::null(), kDate), Value::null());
}

TEST(CastNumericTest, IntegralToBinaryIsBigEndian) {
  EXPECT_EQ(castOne(kInt, 258, DataType::binary()), Value(std::string("\x00\x00\x01\x02", 4)));
  EXPECT_EQ(castOne(kByte, i64(-1), DataType::binary()), Value(std::string("\xff", 1)));
  EXPECT_EQ(castOne(kShort, i64(1), DataType::binary()), Value(std::string("\x00\x01", 2)));
  EXPECT_EQ(castOne(kLong, i64(1), DataType::binary()), Value(std::string("\0\0\0\0\0\0\0\1", 8)));
  EXPECT_EQ(castOne(kLong, Value::null(), DataType::binary()), Value::null());
}

TEST(CastNumericTest, NullTypeCastsToNullsOfAnyType) {
  auto out = castValues(DataType::null(), {Value::null(), Value::null()}, kInt);
  EXPECT_EQ(out, (std::vector<Value>{Value::null(), Value::null()}));
  EXPECT_TRUE(canCast(*DataType::null(), *DataType::array(kDate)));
}

TEST(CastNumericTest, NullRowsStayNullEverywhere) {
  for (const TypePtr& from :
       {kBool, kByte, kInt, kLong, kFloat, kDouble, kTs, kDate, DataType::decimal(10, 2)}) {
    for (const TypePtr& to : {kBool, kByte, kShort, kInt, kLong, kFloat, kDouble, kTs,
                              DataType::decimal(6, 1), DataType::string()}) {
      if (!canCast(*from, *to)) continue;
      EXPECT_EQ(castOne(from, Value::null(), to), Value::null())
          << from->simpleString() << " -> " << to->simpleString();
    }
  }
}

}  // namespace
}  // namespace spate
