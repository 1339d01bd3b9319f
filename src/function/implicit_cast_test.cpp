// Evaluations that go through the implicit casts the binders insert (skipped while CAST is a
// placeholder for the conversion involved).
#include <gtest/gtest.h>

#include "function/testing.h"

namespace spate {
namespace {

using namespace spate::testing;

const Value kNull = Value::null();
const Value T = Value(true);
const Value F = Value(false);
Value I(int64_t v) { return Value(v); }

TEST(ImplicitCastTest, MixedIntegralArithmetic) {
  SPATE_REQUIRE_CAST(DataType::integer(), DataType::longType());
  auto e = bindCall(
      "add", {makeColumnRef(0, DataType::integer()), makeColumnRef(1, DataType::longType())});
  EXPECT_EQ(e->type->simpleString(), "bigint");
  EXPECT_EQ(evalRows(e, {makeColumn(DataType::integer(), {I(INT32_MAX), kNull}),
                         makeColumn(DataType::longType(), {I(1), I(1)})}),
            (std::vector<Value>{I(int64_t{INT32_MAX} + 1), kNull}));
}

TEST(ImplicitCastTest, StringsInArithmeticBecomeDoubles) {
  SPATE_REQUIRE_CAST(DataType::string(), DataType::doubleType());
  SPATE_REQUIRE_CAST(DataType::integer(), DataType::doubleType());
  auto e = bindCall("add", {stringLit("1.5"), intLit(1)});
  EXPECT_EQ(e->type->simpleString(), "double");
  EXPECT_EQ(evalOne(e), Value(2.5));
  EXPECT_TRUE(evalOne(bindCall("multiply", {stringLit("abc"), intLit(2)})).isNull());
  EXPECT_EQ(evalOne(bindCall("abs", {stringLit("-1.5")})), Value(1.5));
  EXPECT_EQ(evalOne(bindCall("round", {stringLit("2.5")})), Value(3.0));
}

TEST(ImplicitCastTest, DecimalWithIntegralColumn) {
  SPATE_REQUIRE_CAST(DataType::integer(), DataType::decimal(10, 0));
  auto e = bindCall(
      "add", {makeColumnRef(0, DataType::decimal(5, 2)), makeColumnRef(1, DataType::integer())});
  EXPECT_EQ(e->type->simpleString(), "decimal(13,2)");
  EXPECT_EQ(evalRows(e, {makeColumn(DataType::decimal(5, 2), {Value(Int128{150})}),
                         makeColumn(DataType::integer(), {I(2)})}),
            (std::vector<Value>{Value(Int128{350})}));
  // 1.5 * 2 with the literal as decimal(1,0): decimal(4,1).
  auto m = bindCall("multiply", {makeColumnRef(0, DataType::decimal(2, 1)), intLit(2)});
  EXPECT_EQ(m->type->simpleString(), "decimal(4,1)");
  EXPECT_EQ(evalRows(m, {makeColumn(DataType::decimal(2, 1), {Value(Int128{15})})}),
            (std::vector<Value>{Value(Int128{30})}));
}

TEST(ImplicitCastTest, ComparisonsAcrossTypes) {
  SPATE_REQUIRE_CAST(DataType::string(), DataType::integer());
  SPATE_REQUIRE_CAST(DataType::decimal(2, 1), DataType::decimal(3, 2));
  SPATE_REQUIRE_CAST(DataType::string(), DataType::date());
  // '1.5' = 1: the string is cast to INT (1).
  EXPECT_EQ(evalOne(bindCall("equal", {stringLit("1.5"), intLit(1)})), T);
  EXPECT_EQ(evalOne(bindCall("equal", {decimalLit(15, 2, 1), decimalLit(150, 3, 2)})), T);
  EXPECT_EQ(evalOne(bindCall("less", {decimalLit(15, 2, 1), intLit(2)})), T);
  auto d = lit(Value(int64_t{daysFromCivil(2020, 1, 2)}), DataType::date());
  EXPECT_EQ(evalOne(bindCall("less", {stringLit("2020-01-01"), d})), T);
  EXPECT_EQ(evalOne(bindCall("greater", {stringLit("2020-01-03"), d})), T);
  EXPECT_EQ(evalOne(bindCall("equal", {lit(Value(true), DataType::boolean()), intLit(1)})), T);
}

TEST(ImplicitCastTest, WidenedConditionalsAndIn) {
  SPATE_REQUIRE_CAST(DataType::integer(), DataType::string());
  auto c = bindCall("coalesce", {makeColumnRef(0, DataType::integer()), stringLit("x")});
  EXPECT_EQ(evalRows(c, {makeColumn(DataType::integer(), {I(5), kNull})}),
            (std::vector<Value>{Value("5"), Value("x")}));
  auto in = bindCall("in", {makeColumnRef(0, DataType::integer()), stringLit("1"), longLit(2)});
  EXPECT_EQ(evalRows(in, {makeColumn(DataType::integer(), {I(1), I(2), I(3)})}),
            (std::vector<Value>{T, T, F}));
  auto n = bindCall("nullif", {makeColumnRef(0, DataType::integer()), longLit(1)});
  EXPECT_EQ(n->type->simpleString(), "int");
  EXPECT_EQ(evalRows(n, {makeColumn(DataType::integer(), {I(1), I(2)})}),
            (std::vector<Value>{kNull, I(2)}));
}

TEST(ImplicitCastTest, StringPlusIntervalIsAString) {
  SPATE_REQUIRE_CAST(DataType::string(), DataType::timestamp());
  auto e = bindCall("add", {stringLit("2020-01-31 10:00:00"),
                            lit(Value(Interval{1, 0, 0}), DataType::interval())});
  EXPECT_EQ(e->type->simpleString(), "string");
  EXPECT_EQ(evalOne(e), Value("2020-02-29 10:00:00"));
}

}  // namespace
}  // namespace spate
