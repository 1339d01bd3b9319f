#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "common/error.h"
#include "function/testing.h"

namespace spate {
namespace {

using namespace spate::testing;

const Value kNull = Value::null();
const Value T = Value(true);
const Value F = Value(false);
Value I(int64_t v) { return Value(v); }
Value D(double v) { return Value(v); }
const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

std::vector<Value> compare(std::string_view op, const ColumnPtr& a, const ColumnPtr& b) {
  auto e = bindCall(op, {makeColumnRef(0, a->type()), makeColumnRef(1, b->type())});
  EXPECT_EQ(e->type->simpleString(), "boolean");
  return evalRows(e, {a, b});
}

TEST(ComparisonTest, IntegersWithNulls) {
  auto a = makeColumn(DataType::integer(), {I(1), I(2), I(3), kNull});
  auto b = makeColumn(DataType::integer(), {I(2), I(2), I(2), I(1)});
  EXPECT_EQ(compare("equal", a, b), (std::vector<Value>{F, T, F, kNull}));
  EXPECT_EQ(compare("not_equal", a, b), (std::vector<Value>{T, F, T, kNull}));
  EXPECT_EQ(compare("less", a, b), (std::vector<Value>{T, F, F, kNull}));
  EXPECT_EQ(compare("less_equal", a, b), (std::vector<Value>{T, T, F, kNull}));
  EXPECT_EQ(compare("greater", a, b), (std::vector<Value>{F, F, T, kNull}));
  EXPECT_EQ(compare("greater_equal", a, b), (std::vector<Value>{F, T, T, kNull}));
}

TEST(ComparisonTest, NaNEqualsNaNAndIsTheLargestDouble) {
  auto a = makeColumn(DataType::doubleType(), {D(kNaN), D(kNaN), D(kInf), D(-0.0), D(1.0)});
  auto b = makeColumn(DataType::doubleType(), {D(kNaN), D(1e308), D(kNaN), D(0.0), D(kNaN)});
  EXPECT_EQ(compare("equal", a, b), (std::vector<Value>{T, F, F, T, F}));
  EXPECT_EQ(compare("greater", a, b), (std::vector<Value>{F, T, F, F, F}));
  EXPECT_EQ(compare("less", a, b), (std::vector<Value>{F, F, T, F, T}));
  EXPECT_EQ(compare("less_equal", a, b), (std::vector<Value>{T, F, T, T, T}));
  EXPECT_EQ(compare("greater_equal", a, b), (std::vector<Value>{T, T, F, T, F}));
  auto f = makeColumn(DataType::floatType(), {D(kNaN)});
  EXPECT_EQ(compare("equal", f, f), (std::vector<Value>{T}));
}

TEST(ComparisonTest, StringsCompareByteWise) {
  auto a = makeColumn(DataType::string(),
                      {Value("a"), Value("abc"), Value("ab"), Value("\xC3\xA9"), Value("")});
  auto b = makeColumn(DataType::string(),
                      {Value("b"), Value("abd"), Value("abc"), Value("z"), Value("")});
  EXPECT_EQ(compare("less", a, b), (std::vector<Value>{T, T, T, F, F}));
  EXPECT_EQ(compare("equal", a, b), (std::vector<Value>{F, F, F, F, T}));
}

TEST(ComparisonTest, OtherAtomicTypes) {
  auto bools = makeColumn(DataType::boolean(), {F, T});
  auto trues = makeColumn(DataType::boolean(), {T, T});
  EXPECT_EQ(compare("less", bools, trues), (std::vector<Value>{T, F}));
  auto d1 = makeColumn(DataType::decimal(5, 2), {Value(Int128{123}), Value(Int128{-5})});
  auto d2 = makeColumn(DataType::decimal(5, 2), {Value(Int128{124}), Value(Int128{-5})});
  EXPECT_EQ(compare("less", d1, d2), (std::vector<Value>{T, F}));
  auto dates = makeColumn(DataType::date(), {I(10), I(20)});
  auto other = makeColumn(DataType::date(), {I(20), I(20)});
  EXPECT_EQ(compare("greater_equal", dates, other), (std::vector<Value>{F, T}));
  auto bin = makeColumn(DataType::binary(), {Value(std::string("\x01\xff", 2))});
  auto bin2 = makeColumn(DataType::binary(), {Value(std::string("\x02", 1))});
  EXPECT_EQ(compare("less", bin, bin2), (std::vector<Value>{T}));
  auto iv = makeColumn(DataType::interval(), {Value(Interval{1, 2, 3}), Value(Interval{1, 2, 3})});
  auto iv2 = makeColumn(DataType::interval(), {Value(Interval{1, 2, 3}), Value(Interval{0, 2, 3})});
  EXPECT_EQ(compare("equal", iv, iv2), (std::vector<Value>{T, F}));
  EXPECT_THROW(bindCall("less", {makeColumnRef(0, DataType::interval()),
                                 makeColumnRef(1, DataType::interval())}),
               AnalysisException);
}

TEST(ComparisonTest, ArraysAndStructsAreLexicographic) {
  auto arr = DataType::array(DataType::integer());
  auto a = makeColumn(arr, {Value(ValueList{I(1), I(2)}), Value(ValueList{I(1)}),
                            Value(ValueList{kNull}), Value(ValueList{I(1), kNull})});
  auto b = makeColumn(arr, {Value(ValueList{I(1), I(3)}), Value(ValueList{I(1), I(0)}),
                            Value(ValueList{I(0)}), Value(ValueList{I(1), kNull})});
  EXPECT_EQ(compare("less", a, b), (std::vector<Value>{T, T, T, F}));
  EXPECT_EQ(compare("equal", a, b), (std::vector<Value>{F, F, F, T}));
  auto st =
      DataType::structType({{"x", DataType::integer(), true}, {"y", DataType::string(), true}});
  auto s1 =
      makeColumn(st, {Value(ValueList{I(1), Value("b")}), Value(ValueList{kNull, Value("a")})});
  auto s2 =
      makeColumn(st, {Value(ValueList{I(1), Value("c")}), Value(ValueList{I(0), Value("a")})});
  EXPECT_EQ(compare("less", s1, s2), (std::vector<Value>{T, T}));
}

TEST(ComparisonTest, NullSafeEqualityIsNeverNull) {
  auto a = makeColumn(DataType::integer(), {I(1), kNull, kNull, I(2)});
  auto b = makeColumn(DataType::integer(), {I(1), kNull, I(1), I(3)});
  auto e = bindCall("equal_null_safe",
                    {makeColumnRef(0, DataType::integer()), makeColumnRef(1, DataType::integer())});
  EXPECT_FALSE(e->nullable);
  EXPECT_EQ(evalRows(e, {a, b}), (std::vector<Value>{T, T, F, F}));
  auto s = makeColumn(DataType::string(), {Value("x"), kNull});
  EXPECT_EQ(compare("equal_null_safe", s, s), (std::vector<Value>{T, T}));
  EXPECT_EQ(evalOne(bindCall("equal_null_safe", {nullLit(), nullLit()})), T);
  EXPECT_TRUE(evalOne(bindCall("equal", {nullLit(), nullLit()})).isNull());
}

TEST(ComparisonTest, CoercionBetweenSides) {
  auto i = makeColumnRef(0, DataType::integer());
  auto l = makeColumnRef(1, DataType::longType());
  auto eq = bindCall("equal", {i, l});
  EXPECT_EQ(eq->children[0]->type->simpleString(), "bigint");
  EXPECT_EQ(bindCall("equal", {makeColumnRef(0, DataType::string()), i})
                ->children[0]
                ->type->simpleString(),
            "int");
  EXPECT_EQ(
      bindCall("less", {makeColumnRef(0, DataType::string()), makeColumnRef(1, DataType::date())})
          ->children[0]
          ->type->simpleString(),
      "date");
  // true = 1 compares the boolean as a number.
  EXPECT_EQ(bindCall("equal", {makeColumnRef(0, DataType::boolean()), i})
                ->children[0]
                ->type->simpleString(),
            "int");
  EXPECT_THROW(bindCall("less", {makeColumnRef(0, DataType::boolean()), i}), AnalysisException);
  // A null literal becomes a typed null.
  auto n = bindCall("less", {i, nullLit()});
  EXPECT_EQ(n->children[1]->type->simpleString(), "int");
  EXPECT_EQ(evalRows(n, {makeColumn(DataType::integer(), {I(1)})}), (std::vector<Value>{kNull}));
}

TEST(ComparisonTest, MixedNumericTypesEvaluate) {
  SPATE_REQUIRE_CAST(DataType::integer(), DataType::longType());
  EXPECT_EQ(compare("less", makeColumn(DataType::integer(), {I(1), I(5)}),
                    makeColumn(DataType::longType(), {I(2), I(5)})),
            (std::vector<Value>{T, F}));
}

TEST(ComparisonTest, ErrorTexts) {
  try {
    bindCall("equal", {named(0, DataType::integer(), "a"),
                       named(1, DataType::array(DataType::integer()), "b")});
    FAIL();
  } catch (const AnalysisException& e) {
    EXPECT_STREQ(e.what(),
                 "[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] Cannot resolve \"(a = b)\" due to data "
                 "type mismatch: the left and right operands of the binary operator have "
                 "incompatible types (\"INT\" and \"ARRAY<INT>\").");
  }
  auto map = DataType::map(DataType::string(), DataType::integer());
  try {
    bindCall("less", {named(0, map, "m"), named(1, map, "n")});
    FAIL();
  } catch (const AnalysisException& e) {
    EXPECT_STREQ(e.what(),
                 "[DATATYPE_MISMATCH.INVALID_ORDERING_TYPE] Cannot resolve \"(m < n)\" due to data "
                 "type mismatch: The `<` does not support ordering on type \"MAP<STRING, INT>\".");
  }
  try {
    bindCall("not_equal", {named(0, DataType::integer(), "a"), named(1, DataType::boolean(), "b")});
  } catch (const AnalysisException& e) {
    // != is NOT(a = b) in Spark; BooleanEquality makes it valid.
    FAIL() << e.what();
  }
}

TEST(PredicateTest, NotAndNullTests) {
  auto b = makeColumn(DataType::boolean(), {T, F, kNull});
  EXPECT_EQ(evalRows(bindCall("not", {makeColumnRef(0, DataType::boolean())}), {b}),
            (std::vector<Value>{F, T, kNull}));
  auto isNull = bindCall("isnull", {makeColumnRef(0, DataType::boolean())});
  auto notNull = bindCall("isnotnull", {makeColumnRef(0, DataType::boolean())});
  EXPECT_FALSE(isNull->nullable);
  EXPECT_FALSE(notNull->nullable);
  EXPECT_EQ(evalRows(isNull, {b}), (std::vector<Value>{F, F, T}));
  EXPECT_EQ(evalRows(notNull, {b}), (std::vector<Value>{T, T, F}));
  auto s = makeColumn(DataType::string(), {Value("x")});
  EXPECT_EQ(evalRows(bindCall("isnull", {makeColumnRef(0, DataType::string())}), {s}),
            (std::vector<Value>{F}));
  try {
    bindCall("not", {named(0, DataType::integer(), "x")});
    FAIL();
  } catch (const AnalysisException& e) {
    EXPECT_STREQ(e.what(),
                 "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"(NOT x)\" due to data "
                 "type mismatch: Parameter 1 requires the \"BOOLEAN\" type, however \"x\" has the "
                 "type \"INT\".");
  }
}

TEST(PredicateTest, IsNan) {
  auto d = makeColumn(DataType::doubleType(), {D(kNaN), D(1.0), kNull});
  auto e = bindCall("isnan", {makeColumnRef(0, DataType::doubleType())});
  EXPECT_FALSE(e->nullable);
  EXPECT_EQ(evalRows(e, {d}), (std::vector<Value>{T, F, F}));
  auto f = makeColumn(DataType::floatType(), {D(kNaN)});
  EXPECT_EQ(evalRows(bindCall("isnan", {makeColumnRef(0, DataType::floatType())}), {f}),
            (std::vector<Value>{T}));
}

std::vector<Value> in(const ColumnPtr& value, std::vector<ExprPtr> items) {
  items.insert(items.begin(), makeColumnRef(0, value->type()));
  return evalRows(bindCall("in", std::move(items)), {value});
}

TEST(InTest, ThreeValuedWithConstantList) {
  auto v = makeColumn(DataType::integer(), {I(1), I(3), kNull});
  EXPECT_EQ(in(v, {intLit(1), intLit(2)}), (std::vector<Value>{T, F, kNull}));
  // Not found and the list holds NULL → NULL; found → true regardless.
  EXPECT_EQ(in(v, {intLit(1), nullLit(DataType::integer())}),
            (std::vector<Value>{T, kNull, kNull}));
  EXPECT_EQ(in(v, {intLit(1), nullLit()}), (std::vector<Value>{T, kNull, kNull}));
  auto s = makeColumn(DataType::string(), {Value("a"), Value("b")});
  EXPECT_EQ(in(s, {stringLit("b"), stringLit("c")}), (std::vector<Value>{F, T}));
  auto d = makeColumn(DataType::doubleType(), {D(kNaN), D(-0.0), D(2.0)});
  EXPECT_EQ(in(d, {doubleLit(kNaN), doubleLit(0.0)}), (std::vector<Value>{T, T, F}));
  auto dec = makeColumn(DataType::decimal(5, 2), {Value(Int128{150})});
  EXPECT_EQ(in(dec, {decimalLit(150, 5, 2)}), (std::vector<Value>{T}));
  auto arr = DataType::array(DataType::integer());
  auto a = makeColumn(arr, {Value(ValueList{I(1)}), Value(ValueList{I(2)})});
  EXPECT_EQ(in(a, {lit(Value(ValueList{I(2)}), arr)}), (std::vector<Value>{F, T}));
}

TEST(InTest, ColumnsInTheList) {
  auto v = makeColumn(DataType::integer(), {I(1), I(2), I(3), kNull});
  auto x = makeColumn(DataType::integer(), {I(0), kNull, I(3), I(1)});
  auto e = bindCall("in", {makeColumnRef(0, DataType::integer()),
                           makeColumnRef(1, DataType::integer()), intLit(1)});
  EXPECT_EQ(evalRows(e, {v, x}), (std::vector<Value>{T, kNull, T, kNull}));
}

TEST(InTest, CoercionAndErrors) {
  // The value and the list are widened together; strings win.
  auto e = bindCall("in", {makeColumnRef(0, DataType::integer()), stringLit("1"),
                           makeColumnRef(1, DataType::longType())});
  for (const auto& c : e->children) EXPECT_EQ(c->type->simpleString(), "string");
  try {
    bindCall("in", {named(0, DataType::integer(), "a"),
                    named(1, DataType::array(DataType::integer()), "b")});
    FAIL();
  } catch (const AnalysisException& ex) {
    EXPECT_STREQ(ex.what(),
                 "[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve \"(a IN (b))\" due to data "
                 "type mismatch: Input to `in` should all be the same type, but it's [\"INT\", "
                 "\"ARRAY<INT>\"].");
  }
}

}  // namespace
}  // namespace spate
