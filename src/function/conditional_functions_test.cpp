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

ColumnPtr ints(std::vector<Value> v) { return makeColumn(DataType::integer(), v); }
ExprPtr intCol(int i, bool nullable = true) {
  return makeColumnRef(i, DataType::integer(), nullable);
}

TEST(CoalesceTest, FirstNonNull) {
  auto e = bindCall("coalesce", {intCol(0), intCol(1), intLit(9)});
  EXPECT_EQ(e->type->simpleString(), "int");
  EXPECT_FALSE(e->nullable);  // the literal is never NULL
  EXPECT_EQ(evalRows(e, {ints({I(1), kNull, kNull}), ints({I(2), I(3), kNull})}),
            (std::vector<Value>{I(1), I(3), I(9)}));
  auto n = bindCall("coalesce", {intCol(0), intCol(1)});
  EXPECT_TRUE(n->nullable);
  EXPECT_EQ(evalRows(n, {ints({kNull}), ints({kNull})}), (std::vector<Value>{kNull}));
  auto s = makeColumn(DataType::string(), {kNull, Value("b")});
  auto t = makeColumn(DataType::string(), {Value("x"), Value("y")});
  auto se = bindCall("coalesce",
                     {makeColumnRef(0, DataType::string()), makeColumnRef(1, DataType::string())});
  EXPECT_EQ(evalRows(se, {s, t}), (std::vector<Value>{Value("x"), Value("b")}));
  EXPECT_EQ(evalOne(bindCall("coalesce", {nullLit(), intLit(2)})), I(2));
  EXPECT_EQ(evalRows(bindCall("nvl", {intCol(0), intLit(0)}), {ints({kNull, I(5)})}),
            (std::vector<Value>{I(0), I(5)}));
  EXPECT_EQ(evalRows(bindCall("ifnull", {intCol(0), intLit(0)}), {ints({kNull})}),
            (std::vector<Value>{I(0)}));
}

TEST(CoalesceTest, TypesAreWidened) {
  auto e = bindCall("coalesce", {intCol(0), makeColumnRef(1, DataType::string())});
  EXPECT_EQ(e->type->simpleString(), "string");
  EXPECT_EQ(bindCall("coalesce", {intCol(0), makeColumnRef(1, DataType::longType())})
                ->type->simpleString(),
            "bigint");
  try {
    bindCall("coalesce", {named(0, DataType::integer(), "a"),
                          named(1, DataType::array(DataType::integer()), "b")});
    FAIL();
  } catch (const AnalysisException& ex) {
    EXPECT_STREQ(
        ex.what(),
        "[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve \"coalesce(a, b)\" due to data "
        "type mismatch: Input to `coalesce` should all be the same type, but it's "
        "[\"INT\", \"ARRAY<INT>\"].");
  }
  try {
    bindCall("coalesce", {});
    FAIL();
  } catch (const AnalysisException& ex) {
    EXPECT_STREQ(ex.what(),
                 "[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `coalesce` requires > 0 parameters but "
                 "the actual number is 0.");
  }
}

TEST(IfTest, PicksPerRowAndNullConditionIsFalse) {
  auto cond = makeColumn(DataType::boolean(), {Value(true), Value(false), kNull});
  auto e = bindCall("if", {makeColumnRef(0, DataType::boolean()), intCol(1), intCol(2)});
  EXPECT_EQ(evalRows(e, {cond, ints({I(1), I(2), I(3)}), ints({I(10), I(20), I(30)})}),
            (std::vector<Value>{I(1), I(20), I(30)}));
  auto strings =
      bindCall("if", {makeColumnRef(0, DataType::boolean()), stringLit("yes"), nullLit()});
  EXPECT_EQ(strings->type->simpleString(), "string");
  EXPECT_EQ(evalRows(strings, {cond}), (std::vector<Value>{Value("yes"), kNull, kNull}));
  try {
    bindCall("if", {named(0, DataType::integer(), "c"), intLit(1), intLit(2)});
    FAIL();
  } catch (const AnalysisException& ex) {
    EXPECT_STREQ(ex.what(),
                 "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"(IF(c, 1, 2))\" due "
                 "to data type mismatch: Parameter 1 requires the \"BOOLEAN\" type, however \"c\" "
                 "has the type \"INT\".");
  }
}

TEST(ConditionalTest, Nvl2AndNullIf) {
  auto e = bindCall("nvl2", {intCol(0), stringLit("set"), stringLit("unset")});
  EXPECT_EQ(evalRows(e, {ints({I(1), kNull})}), (std::vector<Value>{Value("set"), Value("unset")}));
  auto n = bindCall("nullif", {intCol(0), intCol(1)});
  EXPECT_EQ(n->type->simpleString(), "int");
  EXPECT_EQ(evalRows(n, {ints({I(1), I(1), kNull, I(3)}), ints({I(1), I(2), I(1), kNull})}),
            (std::vector<Value>{kNull, I(1), kNull, I(3)}));
}

TEST(GreatestLeastTest, SkipNulls) {
  auto g = bindCall("greatest", {intCol(0), intCol(1), intCol(2)});
  auto l = bindCall("least", {intCol(0), intCol(1), intCol(2)});
  auto a = ints({I(1), kNull, kNull});
  auto b = ints({kNull, I(5), kNull});
  auto c = ints({I(3), I(-2), kNull});
  EXPECT_EQ(evalRows(g, {a, b, c}), (std::vector<Value>{I(3), I(5), kNull}));
  EXPECT_EQ(evalRows(l, {a, b, c}), (std::vector<Value>{I(1), I(-2), kNull}));
  auto d = makeColumn(DataType::doubleType(), {D(1.0), D(kNaN)});
  auto e = makeColumn(DataType::doubleType(), {D(kNaN), D(2.0)});
  auto gd = bindCall("greatest", {makeColumnRef(0, DataType::doubleType()),
                                  makeColumnRef(1, DataType::doubleType())});
  auto ld = bindCall("least", {makeColumnRef(0, DataType::doubleType()),
                               makeColumnRef(1, DataType::doubleType())});
  auto gv = evalRows(gd, {d, e});
  EXPECT_TRUE(std::isnan(gv[0].asDouble()));
  EXPECT_TRUE(std::isnan(gv[1].asDouble()));
  EXPECT_EQ(evalRows(ld, {d, e}), (std::vector<Value>{D(1.0), D(2.0)}));
  auto s = bindCall("greatest", {stringLit("apple"), stringLit("banana"), nullLit()});
  EXPECT_EQ(evalOne(s), Value("banana"));
  try {
    bindCall("greatest", {intLit(1)});
    FAIL();
  } catch (const AnalysisException& ex) {
    EXPECT_STREQ(ex.what(),
                 "[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `greatest` requires > 1 parameters but "
                 "the actual number is 1.");
  }
  // No string promotion for greatest/least.
  EXPECT_THROW(bindCall("greatest", {intLit(1), stringLit("2")}), AnalysisException);
}

TEST(ConditionalTest, Nanvl) {
  auto a = makeColumn(DataType::doubleType(), {D(kNaN), D(2.0), kNull, D(kNaN)});
  auto b = makeColumn(DataType::doubleType(), {D(1.0), kNull, D(1.0), kNull});
  auto e = bindCall("nanvl", {makeColumnRef(0, DataType::doubleType()),
                              makeColumnRef(1, DataType::doubleType())});
  EXPECT_EQ(evalRows(e, {a, b}), (std::vector<Value>{D(1.0), D(2.0), kNull, kNull}));
}

TEST(ConditionalTest, AssertTrue) {
  auto ok = bindCall("assert_true", {makeColumnRef(0, DataType::boolean())});
  EXPECT_EQ(ok->type->simpleString(), "void");
  EXPECT_FALSE(ok->deterministic);
  EXPECT_EQ(evalRows(ok, {makeColumn(DataType::boolean(), {Value(true)})}),
            (std::vector<Value>{kNull}));
  auto check = bindCall("assert_true",
                        {bindCall("greater", {named(0, DataType::integer(), "a"), intLit(0)})});
  try {
    evalRows(check, {ints({I(1), I(0)})});
    FAIL();
  } catch (const ExecutionException& ex) {
    EXPECT_STREQ(ex.what(), "[USER_RAISED_EXCEPTION] '(a > 0)' is not true!");
  }
  EXPECT_THROW(evalRows(check, {ints({kNull})}), ExecutionException);
}

}  // namespace
}  // namespace spate
