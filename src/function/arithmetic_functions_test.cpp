#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "common/error.h"
#include "function/datetime_arithmetic.h"
#include "function/decimal_arithmetic.h"
#include "function/testing.h"

namespace spate {
namespace {

using namespace spate::testing;

ColumnPtr ints(std::vector<Value> v) { return makeColumn(DataType::integer(), v); }
ColumnPtr longs(std::vector<Value> v) { return makeColumn(DataType::longType(), v); }
ColumnPtr doubles(std::vector<Value> v) { return makeColumn(DataType::doubleType(), v); }

std::vector<Value> binaryOp(std::string_view op, const ColumnPtr& a, const ColumnPtr& b) {
  auto e = bindCall(op, {makeColumnRef(0, a->type()), makeColumnRef(1, b->type())});
  return evalRows(e, {a, b});
}

Value I(int64_t v) { return Value(v); }
const Value kNull = Value::null();

TEST(ArithmeticTest, IntegralAddSubtractMultiplyWrapLikeJava) {
  EXPECT_EQ(binaryOp("add", ints({I(1), I(INT32_MAX), kNull}), ints({I(2), I(1), I(3)})),
            (std::vector<Value>{I(3), I(INT32_MIN), kNull}));
  EXPECT_EQ(binaryOp("subtract", ints({I(INT32_MIN), I(5)}), ints({I(1), kNull})),
            (std::vector<Value>{I(INT32_MAX), kNull}));
  EXPECT_EQ(binaryOp("multiply", longs({I(INT64_MAX), I(-3)}), longs({I(2), I(4)})),
            (std::vector<Value>{I(-2), I(-12)}));
  auto bytes = makeColumn(DataType::byte(), {I(127), I(-128)});
  auto e =
      bindCall("add", {makeColumnRef(0, DataType::byte()), makeColumnRef(1, DataType::byte())});
  EXPECT_EQ(e->type->simpleString(), "tinyint");
  EXPECT_EQ(evalRows(e, {bytes, makeColumn(DataType::byte(), {I(1), I(-1)})}),
            (std::vector<Value>{I(-128), I(127)}));
  auto shorts = makeColumn(DataType::shortType(), {I(300)});
  EXPECT_EQ(binaryOp("multiply", shorts, shorts),
            (std::vector<Value>{I(24464)}));  // 90000 mod 2^16
}

TEST(ArithmeticTest, ResultTypesAndNullability) {
  auto i = makeColumnRef(0, DataType::integer(), false);
  auto l = makeColumnRef(1, DataType::longType(), false);
  auto sum = bindCall("add", {i, i});
  EXPECT_EQ(sum->type->simpleString(), "int");
  EXPECT_FALSE(sum->nullable);
  EXPECT_TRUE(bindCall("mod", {i, i})->nullable);
  EXPECT_EQ(bindCall("add", {i, l})->type->simpleString(), "bigint");
  EXPECT_EQ(bindCall("divide", {i, i})->type->simpleString(), "double");
  EXPECT_EQ(bindCall("div", {i, i})->type->simpleString(), "bigint");
  EXPECT_EQ(bindCall("mod", {i, l})->type->simpleString(), "bigint");
  EXPECT_EQ(bindCall("add", {makeColumnRef(0, DataType::string()), i})->type->simpleString(),
            "double");
  EXPECT_EQ(bindCall("add", {nullLit(), nullLit()})->type->simpleString(), "double");
  EXPECT_EQ(bindCall("add", {nullLit(), i})->type->simpleString(), "int");
  EXPECT_EQ(bindCall("bitwise_and", {nullLit(), nullLit()})->type->simpleString(), "int");
  EXPECT_EQ(
      bindCall("multiply", {makeColumnRef(0, DataType::floatType()), i})->type->simpleString(),
      "float");
}

TEST(ArithmeticTest, DivisionIsDoubleAndNullOnZero) {
  EXPECT_EQ(binaryOp("divide", doubles({Value(7.0), Value(1.0), Value(-1.0), Value(0.0)}),
                     doubles({Value(2.0), Value(0.0), Value(-0.0), Value(0.0)})),
            (std::vector<Value>{Value(3.5), kNull, kNull, kNull}));
}

TEST(ArithmeticTest, IntegerDivisionCastsOperandsToDouble) {
  SPATE_REQUIRE_CAST(DataType::integer(), DataType::doubleType());
  EXPECT_EQ(binaryOp("divide", ints({I(7), I(1)}), ints({I(2), I(0)})),
            (std::vector<Value>{Value(3.5), kNull}));
}

TEST(ArithmeticTest, RemainderFollowsTheDividendsSign) {
  EXPECT_EQ(binaryOp("mod", ints({I(7), I(-7), I(7), I(INT32_MIN), kNull}),
                     ints({I(3), I(3), I(0), I(-1), I(2)})),
            (std::vector<Value>{I(1), I(-1), kNull, I(0), kNull}));
  EXPECT_EQ(binaryOp("mod", doubles({Value(5.5), Value(-5.5), Value(1.0)}),
                     doubles({Value(2.0), Value(2.0), Value(0.0)})),
            (std::vector<Value>{Value(1.5), Value(-1.5), kNull}));
}

TEST(ArithmeticTest, PmodIsNonNegativeForPositiveDivisors) {
  EXPECT_EQ(binaryOp("pmod", ints({I(-7), I(7), I(-7), I(7)}), ints({I(3), I(-3), I(-3), I(0)})),
            (std::vector<Value>{I(2), I(1), I(-1), kNull}));
  EXPECT_EQ(binaryOp("pmod", doubles({Value(-7.5)}), doubles({Value(2.0)})),
            (std::vector<Value>{Value(0.5)}));
  // Byte arithmetic happens in int, as in Java: (-1 + -128) % -128 = -1.
  auto b = [](int64_t v) { return makeColumn(DataType::byte(), {I(v)}); };
  EXPECT_EQ(binaryOp("pmod", b(-1), b(-128)), (std::vector<Value>{I(-1)}));
}

TEST(ArithmeticTest, IntegralDivideTruncatesToBigint) {
  EXPECT_EQ(
      binaryOp("div", longs({I(7), I(-7), I(7), I(INT64_MIN)}), longs({I(2), I(2), I(0), I(-1)})),
      (std::vector<Value>{I(3), I(-3), kNull, I(INT64_MIN)}));
}

TEST(ArithmeticTest, BitwiseOperators) {
  EXPECT_EQ(binaryOp("bitwise_and", ints({I(12)}), ints({I(10)})), (std::vector<Value>{I(8)}));
  EXPECT_EQ(binaryOp("bitwise_or", ints({I(12)}), ints({I(10)})), (std::vector<Value>{I(14)}));
  EXPECT_EQ(binaryOp("bitwise_xor", ints({I(12), kNull}), ints({I(10), I(1)})),
            (std::vector<Value>{I(6), kNull}));
  auto n = bindCall("bitwise_not", {makeColumnRef(0, DataType::longType())});
  EXPECT_EQ(evalRows(n, {longs({I(0), I(5), kNull})}), (std::vector<Value>{I(-1), I(-6), kNull}));
}

TEST(ArithmeticTest, UnaryMinusAndPlus) {
  auto neg = bindCall("negative", {makeColumnRef(0, DataType::integer())});
  EXPECT_EQ(evalRows(neg, {ints({I(5), I(INT32_MIN), kNull})}),
            (std::vector<Value>{I(-5), I(INT32_MIN), kNull}));
  auto negD = bindCall("negative", {makeColumnRef(0, DataType::doubleType())});
  EXPECT_EQ(evalRows(negD, {doubles({Value(1.5)})}), (std::vector<Value>{Value(-1.5)}));
  auto negI = bindCall("negative", {lit(Value(Interval{1, 2, 3}), DataType::interval())});
  EXPECT_EQ(evalOne(negI), Value(Interval{-1, -2, -3}));
  auto pos = bindCall("positive", {makeColumnRef(0, DataType::integer())});
  EXPECT_EQ(evalRows(pos, {ints({I(-5)})}), (std::vector<Value>{I(-5)}));
}

TEST(ArithmeticTest, TypeErrorsUseSparksTexts) {
  auto a = named(0, DataType::boolean(), "a");
  auto b = named(1, DataType::integer(), "b");
  auto arr = named(2, DataType::array(DataType::integer()), "c");
  try {
    bindCall("add", {a, b});
    FAIL();
  } catch (const AnalysisException& e) {
    EXPECT_STREQ(e.what(),
                 "[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] Cannot resolve \"(a + b)\" due to data "
                 "type mismatch: the left and right operands of the binary operator have "
                 "incompatible types (\"BOOLEAN\" and \"INT\").");
  }
  try {
    bindCall("add", {a, a});
    FAIL();
  } catch (const AnalysisException& e) {
    EXPECT_STREQ(e.what(),
                 "[DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE] Cannot resolve \"(a + a)\" due to data "
                 "type mismatch: the binary operator requires the input type (\"NUMERIC\" or "
                 "\"INTERVAL DAY TO SECOND\" or \"INTERVAL YEAR TO MONTH\" or \"INTERVAL\"), not "
                 "\"BOOLEAN\".");
    EXPECT_EQ(e.errorClass(), "DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE");
  }
  EXPECT_THROW(bindCall("multiply", {b, arr}), AnalysisException);
  try {
    bindCall("bitwise_and", {a, a});
    FAIL();
  } catch (const AnalysisException& e) {
    EXPECT_NE(std::string(e.what()).find("requires the input type \"INTEGRAL\", not \"BOOLEAN\""),
              std::string::npos);
  }
  try {
    bindCall("negative", {a});
    FAIL();
  } catch (const AnalysisException& e) {
    EXPECT_NE(std::string(e.what()).find("Cannot resolve \"(- a)\""), std::string::npos);
  }
  try {
    bindCall("add", {b});
    FAIL();
  } catch (const AnalysisException& e) {
    EXPECT_STREQ(e.what(),
                 "[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `add` requires 2 parameters but the "
                 "actual number is 1.");
  }
}

// ---- Decimals --------------------------------------------------------------------------------

std::vector<Value> decimalOp(std::string_view op, TypePtr lt, std::vector<Value> l, TypePtr rt,
                             std::vector<Value> r, std::string* type = nullptr) {
  auto e = bindCall(op, {makeColumnRef(0, lt), makeColumnRef(1, rt)});
  if (type) *type = e->type->simpleString();
  return evalRows(e, {makeColumn(lt, l), makeColumn(rt, r)});
}

TEST(DecimalArithmeticTest, AddAndSubtractAlignScales) {
  std::string type;
  // 1.23 + 4.5 = 5.73 as decimal(4,2).
  EXPECT_EQ(decimalOp("add", DataType::decimal(3, 2), {Value(Int128{123})}, DataType::decimal(2, 1),
                      {Value(Int128{45})}, &type),
            (std::vector<Value>{Value(Int128{573})}));
  EXPECT_EQ(type, "decimal(4,2)");
  EXPECT_EQ(decimalOp("subtract", DataType::decimal(3, 2), {Value(Int128{123}), kNull},
                      DataType::decimal(2, 1), {Value(Int128{45}), Value(Int128{1})}),
            (std::vector<Value>{Value(Int128{-327}), kNull}));
}

TEST(DecimalArithmeticTest, MultiplyAndOverflowToNull) {
  std::string type;
  EXPECT_EQ(decimalOp("multiply", DataType::decimal(2, 1), {Value(Int128{15})},
                      DataType::decimal(2, 1), {Value(Int128{-15})}, &type),
            (std::vector<Value>{Value(Int128{-225})}));
  EXPECT_EQ(type, "decimal(5,2)");
  // decimal(38,0) * decimal(38,0) is decimal(38,0): 10^20 * 10^20 overflows.
  Int128 e20 = pow10Int128(20);
  EXPECT_EQ(decimalOp("multiply", DataType::decimal(38, 0), {Value(e20), Value(Int128{3})},
                      DataType::decimal(38, 0), {Value(e20), Value(Int128{4})}),
            (std::vector<Value>{kNull, Value(Int128{12})}));
}

TEST(DecimalArithmeticTest, DivideRoundsHalfUpAtTheResultScale) {
  std::string type;
  auto one = DataType::decimal(1, 0);
  EXPECT_EQ(
      decimalOp("divide", one,
                {Value(Int128{1}), Value(Int128{2}), Value(Int128{-2}), Value(Int128{1})}, one,
                {Value(Int128{3}), Value(Int128{3}), Value(Int128{3}), Value(Int128{0})}, &type),
      (std::vector<Value>{Value(Int128{333333}), Value(Int128{666667}), Value(Int128{-666667}),
                          kNull}));
  EXPECT_EQ(type, "decimal(7,6)");
}

TEST(DecimalArithmeticTest, RemainderPmodAndDiv) {
  auto t = DataType::decimal(2, 1);
  EXPECT_EQ(decimalOp("mod", t, {Value(Int128{75}), Value(Int128{-75}), Value(Int128{1})}, t,
                      {Value(Int128{20}), Value(Int128{20}), Value(Int128{0})}),
            (std::vector<Value>{Value(Int128{15}), Value(Int128{-15}), kNull}));
  EXPECT_EQ(decimalOp("pmod", t, {Value(Int128{-75})}, t, {Value(Int128{20})}),
            (std::vector<Value>{Value(Int128{5})}));
  std::string type;
  EXPECT_EQ(decimalOp("div", t, {Value(Int128{75}), Value(Int128{-75})}, t,
                      {Value(Int128{20}), Value(Int128{20})}, &type),
            (std::vector<Value>{I(3), I(-3)}));
  EXPECT_EQ(type, "bigint");
}

TEST(DecimalArithmeticTest, IntegralLiteralsTakeOnlyTheirDigits) {
  // decimal(38,18) * 2: the literal is decimal(1,0), so the result is decimal(38,16), not (38,7).
  auto e = bindCall("multiply", {makeColumnRef(0, DataType::decimal(38, 18)), intLit(2)});
  EXPECT_EQ(e->type->simpleString(), "decimal(38,16)");
  auto c = bindCall("multiply", {makeColumnRef(0, DataType::decimal(38, 18)),
                                 makeColumnRef(1, DataType::integer())});
  EXPECT_EQ(c->type->simpleString(), "decimal(38,7)");
  EXPECT_EQ(bindCall("add", {makeColumnRef(0, DataType::decimal(5, 2)), doubleLit(1)})
                ->type->simpleString(),
            "double");
}

TEST(DecimalArithmeticTest, KernelsAreExactBeyond128Bits) {
  DecimalOperation add{0, 38, 38, 6};
  // 10^37 + 0.5 at scale 38 needs 76 digits; the sum rounds to scale 6.
  EXPECT_EQ(decimalAdd(pow10Int128(37), pow10Int128(37) * 5, add), std::nullopt);  // overflow
  DecimalOperation add2{0, 38, 38, 6};
  EXPECT_EQ(decimalAdd(Int128{12}, pow10Int128(37) * 5, add2), Int128{12500000});
  // MathContext(38): a 40-digit product keeps 38 significant digits before the final rounding.
  DecimalOperation mul{20, 20, 38, 10};
  Int128 a = pow10Int128(19) + 1;  // 0.1000000000000000001 at scale 20
  EXPECT_EQ(decimalMultiply(a, a, mul), std::optional<Int128>(pow10Int128(8)));
  // Division whose quotient needs more than 128 bits before rounding.
  DecimalOperation div{0, 38, 38, 6};
  EXPECT_EQ(decimalDivide(Int128{1}, pow10Int128(37) * 3, div), Int128{3333333});
  EXPECT_EQ(compareDecimals(Int128{15}, 1, Int128{150}, 2), 0);
  EXPECT_EQ(compareDecimals(Int128{-15}, 1, Int128{-149}, 2), -1);
}

TEST(DecimalArithmeticTest, RescaleRoundingModes) {
  EXPECT_EQ(rescaleDecimal(125, 2, 1, 10, RoundingMode::kHalfUp), Int128{13});
  EXPECT_EQ(rescaleDecimal(125, 2, 1, 10, RoundingMode::kHalfEven), Int128{12});
  EXPECT_EQ(rescaleDecimal(-125, 2, 1, 10, RoundingMode::kHalfUp), Int128{-13});
  EXPECT_EQ(rescaleDecimal(-121, 2, 0, 10, RoundingMode::kFloor), Int128{-2});
  EXPECT_EQ(rescaleDecimal(121, 2, 0, 10, RoundingMode::kCeiling), Int128{2});
  EXPECT_EQ(rescaleDecimal(999, 0, 1, 3, RoundingMode::kHalfUp), std::nullopt);
}

// ---- Date/time arithmetic ---------------------------------------------------------------------

int32_t day(int y, unsigned m, unsigned d) { return daysFromCivil(y, m, d); }
int64_t utc(int y, unsigned m, unsigned d, int h) {
  return int64_t{day(y, m, d)} * kMicrosPerDay + h * kMicrosPerHour;
}

TEST(DatetimeArithmeticTest, DatePlusDays) {
  auto dates = makeColumn(DataType::date(), {I(day(2020, 1, 31)), kNull});
  auto e =
      bindCall("add", {makeColumnRef(0, DataType::date()), makeColumnRef(1, DataType::integer())});
  EXPECT_EQ(e->type->simpleString(), "date");
  EXPECT_EQ(evalRows(e, {dates, ints({I(1), I(1)})}),
            (std::vector<Value>{I(day(2020, 2, 1)), kNull}));
  auto s = bindCall("subtract", {makeColumnRef(0, DataType::date()), intLit(31)});
  EXPECT_EQ(evalRows(s, {dates}), (std::vector<Value>{I(day(2019, 12, 31)), kNull}));
  auto r = bindCall("add", {intLit(1), makeColumnRef(0, DataType::date())});
  EXPECT_EQ(evalRows(r, {dates})[0], I(day(2020, 2, 1)));
}

TEST(DatetimeArithmeticTest, TimestampPlusIntervalUsesTheCalendar) {
  auto ts = makeColumn(DataType::timestamp(), {I(utc(2020, 1, 31, 10))});
  auto month = lit(Value(Interval{1, 0, 0}), DataType::interval());
  auto e = bindCall("add", {makeColumnRef(0, DataType::timestamp()), month});
  EXPECT_EQ(e->type->simpleString(), "timestamp");
  EXPECT_EQ(evalRows(e, {ts}), (std::vector<Value>{I(utc(2020, 2, 29, 10))}));
  auto minus = bindCall("subtract", {makeColumnRef(0, DataType::timestamp()), month});
  EXPECT_EQ(evalRows(minus, {ts}), (std::vector<Value>{I(utc(2019, 12, 31, 10))}));
  // A day is a calendar day in the session zone: across the DST change it lasts 23 hours.
  EvalContext la{TimeZone::of("America/Los_Angeles")};
  auto noon = makeColumn(DataType::timestamp(), {I(utc(2021, 3, 13, 20))});  // 12:00 PST
  auto plusDay = bindCall("add", {makeColumnRef(0, DataType::timestamp()),
                                  lit(Value(Interval{0, 1, 0}), DataType::interval())});
  EXPECT_EQ(evalRows(plusDay, {noon}, la), (std::vector<Value>{I(utc(2021, 3, 14, 19))}));
  auto plus24h =
      bindCall("add", {makeColumnRef(0, DataType::timestamp()),
                       lit(Value(Interval{0, 0, 24 * kMicrosPerHour}), DataType::interval())});
  EXPECT_EQ(evalRows(plus24h, {noon}, la), (std::vector<Value>{I(utc(2021, 3, 14, 20))}));
}

TEST(DatetimeArithmeticTest, DatePlusInterval) {
  auto dates = makeColumn(DataType::date(), {I(day(2020, 1, 31))});
  auto d = bindCall("add", {makeColumnRef(0, DataType::date()),
                            lit(Value(Interval{1, 1, 0}), DataType::interval())});
  EXPECT_EQ(d->type->simpleString(), "date");
  EXPECT_EQ(evalRows(d, {dates}), (std::vector<Value>{I(day(2020, 3, 1))}));
  // INTERVAL 1 HOUR is a day-time interval in Spark 3.5: date + it is a timestamp.
  auto t = bindCall("add", {makeColumnRef(0, DataType::date()),
                            lit(Value(Interval{0, 0, kMicrosPerHour}), DataType::interval())});
  EXPECT_EQ(t->type->simpleString(), "timestamp");
  EXPECT_EQ(evalRows(t, {dates}), (std::vector<Value>{I(utc(2020, 1, 31, 1))}));
  // A non-constant interval with a time part stays a date (DateAddInterval).
  EXPECT_EQ(
      dateAddInterval(day(2020, 1, 31), Interval{0, 0, 25 * kMicrosPerHour}, *TimeZone::utc()),
      day(2020, 2, 1));
}

TEST(DatetimeArithmeticTest, DifferencesAreIntervals) {
  auto a = makeColumn(DataType::timestamp(), {I(utc(2020, 1, 2, 0))});
  auto b = makeColumn(DataType::timestamp(), {I(utc(2020, 1, 1, 12))});
  auto e = bindCall("subtract", {makeColumnRef(0, DataType::timestamp()),
                                 makeColumnRef(1, DataType::timestamp())});
  EXPECT_EQ(e->type->simpleString(), "interval");
  EXPECT_EQ(evalRows(e, {a, b}), (std::vector<Value>{Value(Interval{0, 0, 12 * kMicrosPerHour})}));
  auto d = bindCall("subtract",
                    {makeColumnRef(0, DataType::date()), makeColumnRef(1, DataType::date())});
  EXPECT_EQ(evalRows(d, {makeColumn(DataType::date(), {I(day(2020, 3, 1))}),
                         makeColumn(DataType::date(), {I(day(2020, 2, 1))})}),
            (std::vector<Value>{Value(Interval{0, 29, 0})}));
  auto i = bindCall("add", {lit(Value(Interval{1, 2, 3}), DataType::interval()),
                            lit(Value(Interval{1, 1, 1}), DataType::interval())});
  EXPECT_EQ(evalOne(i), Value(Interval{2, 3, 4}));
}

TEST(DatetimeArithmeticTest, IntervalTimesAndDividedByNumbers) {
  auto iv = lit(Value(Interval{1, 1, 0}), DataType::interval());
  EXPECT_EQ(evalOne(bindCall("multiply", {iv, doubleLit(2)})), Value(Interval{2, 2, 0}));
  EXPECT_EQ(evalOne(bindCall("multiply", {doubleLit(3), iv})), Value(Interval{3, 3, 0}));
  // Fractions of months are dropped; fractions of days move to microseconds.
  EXPECT_EQ(evalOne(bindCall("divide", {iv, doubleLit(2)})),
            Value(Interval{0, 0, 12 * kMicrosPerHour}));
  EXPECT_TRUE(evalOne(bindCall("divide", {iv, doubleLit(0)})).isNull());
}

}  // namespace
}  // namespace spate
