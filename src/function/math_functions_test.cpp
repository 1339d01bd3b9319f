#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "common/error.h"
#include "function/testing.h"

namespace spate {
namespace {

using namespace spate::testing;

const Value kNull = Value::null();
Value I(int64_t v) { return Value(v); }
Value D(double v) { return Value(v); }
const double kNaN = std::numeric_limits<double>::quiet_NaN();

Value one(std::string_view fn, std::vector<ExprPtr> args) {
  return evalOne(bindCall(fn, std::move(args)));
}
double dbl(std::string_view fn, std::vector<ExprPtr> args) {
  return one(fn, std::move(args)).asDouble();
}

TEST(RoundTest, DoublesRoundThroughTheirDecimalString) {
  EXPECT_EQ(dbl("round", {doubleLit(2.5)}), 3.0);
  EXPECT_EQ(dbl("round", {doubleLit(-2.5)}), -3.0);
  EXPECT_EQ(dbl("round", {doubleLit(0.5)}), 1.0);
  EXPECT_EQ(dbl("round", {doubleLit(1.005), intLit(2)}), 1.01);  // "1.005" → HALF_UP
  EXPECT_EQ(dbl("round", {doubleLit(1234.5678), intLit(-2)}), 1200.0);
  EXPECT_EQ(dbl("round", {doubleLit(3.14159), intLit(3)}), 3.142);
  EXPECT_EQ(dbl("round", {doubleLit(1e20), intLit(2)}), 1e20);
  EXPECT_EQ(dbl("round", {doubleLit(9.99), intLit(1)}), 10.0);
  double negZero = dbl("round", {doubleLit(-0.4)});
  EXPECT_EQ(negZero, 0.0);
  EXPECT_FALSE(std::signbit(negZero));  // BigDecimal has no negative zero
  EXPECT_TRUE(std::isnan(dbl("round", {doubleLit(kNaN), intLit(2)})));
  EXPECT_EQ(dbl("bround", {doubleLit(2.5)}), 2.0);
  EXPECT_EQ(dbl("bround", {doubleLit(3.5)}), 4.0);
  EXPECT_EQ(dbl("bround", {doubleLit(-2.5)}), -2.0);
  EXPECT_EQ(dbl("bround", {doubleLit(0.125), intLit(2)}), 0.12);
  auto f = bindCall("round", {lit(Value(2.5), DataType::floatType())});
  EXPECT_EQ(f->type->simpleString(), "float");
  EXPECT_EQ(evalOne(f), D(3.0));
}

TEST(RoundTest, IntegralsAndDecimals) {
  auto r = bindCall("round", {intLit(125), intLit(-1)});
  EXPECT_EQ(r->type->simpleString(), "int");
  EXPECT_EQ(evalOne(r), I(130));
  EXPECT_EQ(one("round", {intLit(-125), intLit(-1)}), I(-130));
  EXPECT_EQ(one("bround", {intLit(125), intLit(-1)}), I(120));
  EXPECT_EQ(one("round", {intLit(125), intLit(2)}), I(125));
  EXPECT_EQ(one("round", {longLit(INT64_MAX), intLit(-30)}), I(0));
  // round(1.235 as decimal(4,3), 2) = 1.24 as decimal(4,2).
  auto d = bindCall("round", {decimalLit(1235, 4, 3), intLit(2)});
  EXPECT_EQ(d->type->simpleString(), "decimal(4,2)");
  EXPECT_EQ(evalOne(d), Value(Int128{124}));
  EXPECT_EQ(one("bround", {decimalLit(1225, 4, 3), intLit(2)}), Value(Int128{122}));
  auto n = bindCall("round", {decimalLit(12345, 5, 2), intLit(-1)});  // 123.45 → 120
  EXPECT_EQ(n->type->simpleString(), "decimal(4,0)");
  EXPECT_EQ(evalOne(n), Value(Int128{120}));
  auto up = bindCall("round", {decimalLit(995, 3, 1)});  // 99.5 → 100 as decimal(3,0)
  EXPECT_EQ(up->type->simpleString(), "decimal(3,0)");
  EXPECT_EQ(evalOne(up), Value(Int128{100}));
}

TEST(RoundTest, NullsAndScaleChecks) {
  auto col = makeColumn(DataType::doubleType(), {D(1.25), kNull});
  EXPECT_EQ(
      evalRows(bindCall("round", {makeColumnRef(0, DataType::doubleType()), intLit(1)}), {col}),
      (std::vector<Value>{D(1.3), kNull}));
  EXPECT_EQ(evalRows(bindCall("round", {makeColumnRef(0, DataType::doubleType()),
                                        nullLit(DataType::integer())}),
                     {col}),
            (std::vector<Value>{kNull, kNull}));
  try {
    bindCall("round", {named(0, DataType::doubleType(), "x"), named(1, DataType::integer(), "d")});
    FAIL();
  } catch (const AnalysisException& e) {
    EXPECT_STREQ(e.what(),
                 "[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve \"round(x, d)\" due to "
                 "data type mismatch: the input `scale` should be a foldable \"INT\" expression; "
                 "however, got \"d\".");
  }
}

TEST(FloorCeilTest, DoublesToBigintAndDecimals) {
  auto f = bindCall("floor", {doubleLit(-1.5)});
  EXPECT_EQ(f->type->simpleString(), "bigint");
  EXPECT_EQ(evalOne(f), I(-2));
  EXPECT_EQ(one("ceil", {doubleLit(1.2)}), I(2));
  EXPECT_EQ(one("ceiling", {doubleLit(-1.2)}), I(-1));
  EXPECT_EQ(one("ceil", {doubleLit(1e300)}), I(INT64_MAX));
  EXPECT_EQ(one("floor", {doubleLit(kNaN)}), I(0));
  EXPECT_EQ(one("floor", {intLit(7)}), I(7));
  EXPECT_TRUE(one("floor", {nullLit(DataType::doubleType())}).isNull());
  auto d = bindCall("ceil", {decimalLit(121, 3, 2)});  // 1.21
  EXPECT_EQ(d->type->simpleString(), "decimal(2,0)");
  EXPECT_EQ(evalOne(d), Value(Int128{2}));
  EXPECT_EQ(one("floor", {decimalLit(-121, 3, 2)}), Value(Int128{-2}));
}

TEST(MathTest, DoubleFunctions) {
  EXPECT_EQ(dbl("sqrt", {intLit(4)}), 2.0);
  EXPECT_TRUE(std::isnan(dbl("sqrt", {doubleLit(-1)})));
  EXPECT_EQ(dbl("cbrt", {doubleLit(27)}), 3.0);
  EXPECT_EQ(dbl("exp", {intLit(0)}), 1.0);
  EXPECT_EQ(dbl("expm1", {intLit(0)}), 0.0);
  EXPECT_EQ(dbl("ln", {doubleLit(M_E)}), 1.0);
  EXPECT_EQ(dbl("log10", {intLit(100)}), 2.0);
  EXPECT_EQ(dbl("log2", {intLit(8)}), 3.0);
  EXPECT_EQ(dbl("log", {intLit(2), intLit(8)}), 3.0);
  EXPECT_EQ(dbl("log", {doubleLit(M_E)}), 1.0);
  EXPECT_EQ(dbl("log1p", {intLit(0)}), 0.0);
  EXPECT_EQ(dbl("pow", {intLit(2), intLit(10)}), 1024.0);
  EXPECT_EQ(dbl("power", {doubleLit(4), doubleLit(0.5)}), 2.0);
  EXPECT_EQ(dbl("hypot", {intLit(3), intLit(4)}), 5.0);
  EXPECT_EQ(dbl("atan2", {intLit(0), intLit(1)}), 0.0);
  EXPECT_EQ(dbl("degrees", {doubleLit(M_PI)}), 180.0);
  EXPECT_EQ(dbl("radians", {intLit(180)}), M_PI);
  EXPECT_EQ(dbl("signum", {intLit(-3)}), -1.0);
  EXPECT_EQ(dbl("sign", {doubleLit(2.5)}), 1.0);
  EXPECT_EQ(dbl("sin", {intLit(0)}), 0.0);
  EXPECT_EQ(dbl("cos", {intLit(0)}), 1.0);
  EXPECT_EQ(dbl("tanh", {intLit(0)}), 0.0);
  EXPECT_EQ(dbl("pi", {}), M_PI);
  EXPECT_EQ(dbl("e", {}), M_E);
}

TEST(MathTest, LogarithmsAreNullOutOfRange) {
  EXPECT_TRUE(one("ln", {intLit(0)}).isNull());
  EXPECT_TRUE(one("ln", {doubleLit(-1)}).isNull());
  EXPECT_TRUE(one("log10", {intLit(0)}).isNull());
  EXPECT_TRUE(one("log2", {intLit(-2)}).isNull());
  EXPECT_TRUE(one("log1p", {intLit(-1)}).isNull());
  EXPECT_TRUE(one("log", {intLit(0), intLit(8)}).isNull());
  EXPECT_TRUE(one("log", {intLit(2), intLit(0)}).isNull());
  EXPECT_TRUE(one("sqrt", {nullLit()}).isNull());
  auto c = makeColumn(DataType::longType(), {I(1), kNull, I(-5)});
  EXPECT_EQ(evalRows(bindCall("ln", {makeColumnRef(0, DataType::longType())}), {c}),
            (std::vector<Value>{D(0.0), kNull, kNull}));
}

TEST(MathTest, AbsFactorialAndShifts) {
  EXPECT_EQ(one("abs", {intLit(INT32_MIN)}), I(INT32_MIN));  // wraps, as Java's Math.abs
  EXPECT_EQ(one("abs", {intLit(-7)}), I(7));
  EXPECT_EQ(one("abs", {doubleLit(-1.5)}), D(1.5));
  EXPECT_EQ(one("abs", {decimalLit(-150, 5, 2)}), Value(Int128{150}));
  EXPECT_EQ(one("factorial", {intLit(5)}), I(120));
  EXPECT_EQ(one("factorial", {intLit(20)}), I(2432902008176640000));
  EXPECT_EQ(one("factorial", {intLit(0)}), I(1));
  EXPECT_TRUE(one("factorial", {intLit(21)}).isNull());
  EXPECT_TRUE(one("factorial", {intLit(-1)}).isNull());
  EXPECT_EQ(one("shiftleft", {intLit(1), intLit(3)}), I(8));
  EXPECT_EQ(one("shiftleft", {intLit(1), intLit(33)}), I(2));  // Java masks the distance
  EXPECT_EQ(one("shiftleft", {longLit(1), intLit(33)}), I(int64_t{1} << 33));
  EXPECT_EQ(one("shiftright", {intLit(-8), intLit(1)}), I(-4));
  EXPECT_EQ(one("shiftrightunsigned", {intLit(-8), intLit(28)}), I(15));
}

TEST(MathTest, RandMatchesSparksSeededSequence) {
  // Spark's documented examples: rand(0) = 0.7604953758285915, randn(0) = 1.6034991609278433.
  auto r = bindCall("rand", {intLit(0)});
  EXPECT_FALSE(r->deterministic);
  EXPECT_FALSE(isConstant(*r));
  EXPECT_EQ(evalOne(r).asDouble(), 0.7604953758285915);
  EXPECT_EQ(one("rand", {nullLit()}).asDouble(), 0.7604953758285915);
  EXPECT_EQ(one("randn", {longLit(0)}).asDouble(), 1.6034991609278433);
  // Unseeded values stay in [0, 1) and change from row to row.
  auto u = bindCall("random", {});
  auto values = evalRows(u, {makeColumn(DataType::integer(), {I(1), I(2), I(3)})});
  for (const auto& v : values) {
    EXPECT_GE(v.asDouble(), 0.0);
    EXPECT_LT(v.asDouble(), 1.0);
  }
  EXPECT_NE(values[0], values[1]);
}

TEST(NumberFormatTest, BinHexConv) {
  EXPECT_EQ(one("bin", {intLit(13)}), Value("1101"));
  EXPECT_EQ(one("bin", {longLit(-1)}), Value(std::string(64, '1')));
  EXPECT_EQ(one("bin", {intLit(0)}), Value("0"));
  EXPECT_EQ(one("hex", {intLit(17)}), Value("11"));
  EXPECT_EQ(one("hex", {intLit(255)}), Value("FF"));
  EXPECT_EQ(one("hex", {longLit(-1)}), Value("FFFFFFFFFFFFFFFF"));
  EXPECT_EQ(one("hex", {stringLit("Spark SQL")}), Value("537061726B2053514C"));
  EXPECT_EQ(one("hex", {lit(Value(std::string("\x01\xab", 2)), DataType::binary())}),
            Value("01AB"));
  EXPECT_TRUE(one("hex", {nullLit(DataType::string())}).isNull());
  EXPECT_EQ(one("conv", {stringLit("100"), intLit(2), intLit(10)}), Value("4"));
  EXPECT_EQ(one("conv", {stringLit("-10"), intLit(16), intLit(-10)}), Value("-16"));
  EXPECT_EQ(one("conv", {stringLit("ff"), intLit(16), intLit(2)}), Value("11111111"));
  EXPECT_EQ(one("conv", {stringLit("-1"), intLit(10), intLit(16)}), Value("FFFFFFFFFFFFFFFF"));
  EXPECT_TRUE(one("conv", {stringLit("1"), intLit(1), intLit(10)}).isNull());
}

TEST(NumberFormatTest, FormatNumber) {
  EXPECT_EQ(one("format_number", {doubleLit(12332.123456), intLit(4)}), Value("12,332.1235"));
  EXPECT_EQ(one("format_number", {doubleLit(0.125), intLit(2)}), Value("0.12"));  // HALF_EVEN
  EXPECT_EQ(one("format_number", {doubleLit(1.005), intLit(2)}), Value("1.00"));  // 1.00499…
  EXPECT_EQ(one("format_number", {doubleLit(-1234.5), intLit(0)}), Value("-1,234"));
  EXPECT_EQ(one("format_number", {doubleLit(0.1), intLit(20)}), Value("0.10000000000000000000"));
  EXPECT_EQ(one("format_number", {doubleLit(1e20), intLit(1)}),
            Value("100,000,000,000,000,000,000.0"));
  EXPECT_EQ(one("format_number", {intLit(5), intLit(2)}), Value("5.00"));
  EXPECT_EQ(one("format_number", {longLit(-1234567), intLit(0)}), Value("-1,234,567"));
  EXPECT_EQ(one("format_number", {decimalLit(1234565, 7, 3), intLit(2)}), Value("1,234.56"));
  EXPECT_EQ(one("format_number", {decimalLit(123, 3, 2), intLit(4)}), Value("1.2300"));
  EXPECT_TRUE(one("format_number", {doubleLit(1), intLit(-1)}).isNull());
  EXPECT_TRUE(one("format_number", {nullLit(DataType::doubleType()), intLit(2)}).isNull());
}

TEST(MathTest, InputTypeErrors) {
  try {
    bindCall("sqrt", {named(0, DataType::boolean(), "b")});
    FAIL();
  } catch (const AnalysisException& e) {
    EXPECT_STREQ(e.what(),
                 "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"SQRT(b)\" due to data "
                 "type mismatch: Parameter 1 requires the \"DOUBLE\" type, however \"b\" has the "
                 "type \"BOOLEAN\".");
  }
  EXPECT_THROW(bindCall("abs", {named(0, DataType::boolean(), "b")}), AnalysisException);
  EXPECT_THROW(bindCall("sqrt", {}), AnalysisException);
}

}  // namespace
}  // namespace spate
