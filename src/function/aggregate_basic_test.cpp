#include <gtest/gtest.h>

#include <limits>

#include "common/error.h"
#include "function/aggregate_harness.h"
#include "function/aggregate_kernel.h"

namespace spate::agg {
namespace {

const Value kNull = Value::null();

/// A column reference that carries its name for error messages.
ExprPtr namedColumn(int index, TypePtr type, std::string name) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::kColumnRef;
  e->columnIndex = index;
  e->type = std::move(type);
  e->functionName = std::move(name);
  return e;
}

std::string bindError(const std::string& name, std::vector<ExprPtr> args, bool distinct = false) {
  try {
    bindAggregate(name, std::move(args), distinct);
  } catch (const AnalysisException& e) {
    return e.what();
  }
  return "no error";
}

// ---- count
// ---------------------------------------------------------------------------------------

TEST(CountTest, StarCountsEveryRow) {
  BoundAggregate agg = bindAggregate("count", {});
  EXPECT_EQ(agg.resultType->id(), TypeId::kLong);
  EXPECT_FALSE(agg.nullable);
  EXPECT_TRUE(agg.args.empty());
  expectAggregate("count", {}, Value(int64_t{5}), false, 5);
  expectAggregate("count", {}, Value(int64_t{0}), false, 0);
}

TEST(CountTest, LiteralArgumentCountsRowsIncludingNulls) {
  BoundAggregate agg = bindAggregate("count", {makeLiteral(Value(1), DataType::integer())});
  EXPECT_TRUE(agg.args.empty());  // count(1) runs as count(*)
  std::vector<ColumnPtr> inputs = {longs({1, std::nullopt, 3})};
  for (const RunOptions& o : allRunOptions()) {
    EXPECT_EQ(runAggregate(agg, inputs, 3, o), Value(int64_t{3})) << describe(o);
  }
  // count(NULL) counts nothing.
  BoundAggregate nullCount = bindAggregate("count", {makeLiteral(Value::null(), DataType::null())});
  EXPECT_EQ(runAggregate(nullCount, inputs, 3), Value(int64_t{0}));
}

TEST(CountTest, ColumnSkipsNulls) {
  expectAggregate("count", {longs({1, std::nullopt, 3, std::nullopt, 5})}, Value(int64_t{3}));
  expectAggregate("count", {longs({std::nullopt, std::nullopt})}, Value(int64_t{0}));
  expectAggregate("count", {longs({})}, Value(int64_t{0}));
  expectAggregate("count", {strings({"x"})}, Value(int64_t{1}));
}

TEST(CountTest, SeveralArgumentsCountRowsWithoutAnyNull) {
  expectAggregate("count", {longs({1, std::nullopt, 3, 4}), strings({"a", "b", std::nullopt, "d"})},
                  Value(int64_t{2}));
}

TEST(CountTest, DistinctValuesAndTuples) {
  expectAggregate("count", {longs({1, 1, 2, std::nullopt, 2, 3})}, Value(int64_t{3}), true);
  expectAggregate("count", {longs({})}, Value(int64_t{0}), true);
  expectAggregate("count", {longs({std::nullopt})}, Value(int64_t{0}), true);
  // Tuples with a NULL are not counted; (1, a) twice counts once.
  expectAggregate("count",
                  {longs({1, 1, 1, 2, std::nullopt}), strings({"a", "a", "b", std::nullopt, "a"})},
                  Value(int64_t{2}), true);
  // -0.0 and 0.0 are one value, NaNs are one value (Spark's grouping of floating point).
  double nan = std::numeric_limits<double>::quiet_NaN();
  expectAggregate("count", {doubles({0.0, -0.0, nan, -nan, 1.5})}, Value(int64_t{3}), true);
  // count(DISTINCT 1) is 1 when there are rows.
  BoundAggregate one = bindAggregate("count", {makeLiteral(Value(1), DataType::integer())}, true);
  EXPECT_EQ(runAggregate(one, {}, 4, {2, 1, true}), Value(int64_t{1}));
  EXPECT_EQ(runAggregate(one, {}, 0), Value(int64_t{0}));
}

TEST(CountTest, CountIfCountsTrue) {
  ColumnPtr flags =
      column(DataType::boolean(), {Value(true), Value(false), kNull, Value(true), Value(true)});
  expectAggregate("count_if", {flags}, Value(int64_t{3}));
  expectAggregate("count_if", {column(DataType::boolean(), {})}, Value(int64_t{0}));
  EXPECT_EQ(bindError("count_if", {namedColumn(0, DataType::integer(), "n")}),
            "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"count_if(n)\" due to data "
            "type mismatch: Parameter 1 requires the \"BOOLEAN\" type, however \"n\" has the type "
            "\"INT\".");
}

TEST(CountTest, GroupedStatesInOneUpdate) {
  BoundAggregate agg = bindAggregate("count", columnRefs({DataType::longType()}));
  auto values = runGrouped(agg, {longs({1, std::nullopt, 3, 4, 5})}, {0, 1, 0, 2, 0}, 4);
  EXPECT_EQ(values, (std::vector<Value>{Value(int64_t{3}), Value(int64_t{0}), Value(int64_t{1}),
                                        Value(int64_t{0})}));
}

// ---- sum
// -----------------------------------------------------------------------------------------

TEST(SumTest, LongsAndNulls) {
  expectAggregate("sum", {longs({1, 2, std::nullopt, 4})}, Value(int64_t{7}));
  expectAggregate("sum", {longs({42})}, Value(int64_t{42}));
  expectAggregate("sum", {longs({std::nullopt, std::nullopt})}, kNull);
  expectAggregate("sum", {longs({})}, kNull);
  BoundAggregate agg = bindAggregate("sum", columnRefs({DataType::longType()}));
  EXPECT_EQ(agg.resultType->id(), TypeId::kLong);
  EXPECT_TRUE(agg.nullable);
}

TEST(SumTest, IntegralTypesSumAsBigintAndWrap) {
  ColumnPtr ints = column(DataType::integer(), {Value(2147483647), Value(1), kNull});
  expectAggregate("sum", {ints}, Value(int64_t{2147483648LL}));
  ColumnPtr bytes = column(DataType::byte(), {Value(100), Value(100), Value(-1)});
  expectAggregate("sum", {bytes}, Value(int64_t{199}));
  ColumnPtr shorts = column(DataType::shortType(), {Value(-32768), Value(-1)});
  expectAggregate("sum", {shorts}, Value(int64_t{-32769}));
  // Non-ANSI: Java long overflow wraps around.
  expectAggregate("sum", {longs({std::numeric_limits<int64_t>::max(), 1})},
                  Value(std::numeric_limits<int64_t>::min()));
}

TEST(SumTest, FloatingPoint) {
  expectAggregate("sum", {doubles({0.5, 0.25, std::nullopt, 0.125})}, Value(0.875));
  ColumnPtr floats = column(DataType::floatType(), {Value(1.5), Value(2.25)});
  BoundAggregate agg = bindAggregate("sum", columnRefs({DataType::floatType()}));
  EXPECT_EQ(agg.resultType->id(), TypeId::kDouble);
  expectAggregate("sum", {floats}, Value(3.75));
  double inf = std::numeric_limits<double>::infinity();
  Value nanSum = runAggregate(bindAggregate("sum", columnRefs({DataType::doubleType()})),
                              {doubles({inf, -inf})}, 2);
  EXPECT_TRUE(std::isnan(nanSum.asDouble()));
}

TEST(SumTest, DecimalWidensByTenDigits) {
  TypePtr type = DataType::decimal(10, 2);
  BoundAggregate agg = bindAggregate("sum", columnRefs({type}));
  EXPECT_TRUE(agg.resultType->equals(*DataType::decimal(20, 2)));
  ColumnPtr values =
      column(type, {Value(Int128{125}), Value(Int128{250}), kNull, Value(Int128{-5})});
  expectAggregate("sum", {values}, Value(Int128{370}));
  expectAggregate("sum", {column(type, {kNull})}, kNull);
  EXPECT_TRUE(bindAggregate("sum", columnRefs({DataType::decimal(35, 4)}))
                  .resultType->equals(*DataType::decimal(38, 4)));
}

TEST(SumTest, DecimalOverflowGivesNull) {
  TypePtr type = DataType::decimal(38, 0);
  Int128 big = 1;
  for (int i = 0; i < 37; ++i) big *= 10;
  std::vector<Value> values(10, Value(big));  // 10^38 does not fit decimal(38, 0)
  expectAggregate("sum", {column(type, values)}, kNull);
  values.pop_back();
  expectAggregate("sum", {column(type, values)}, Value(big * 9));
}

TEST(SumTest, Distinct) {
  expectAggregate("sum", {longs({1, 1, 2, std::nullopt, 2, 3})}, Value(int64_t{6}), true);
  expectAggregate("sum", {longs({std::nullopt})}, kNull, true);
  expectAggregate("sum", {doubles({0.5, 0.5, -0.0, 0.0})}, Value(0.5), true);
}

TEST(SumTest, RejectsNonNumericWithSparkMessage) {
  EXPECT_EQ(bindError("sum", {namedColumn(0, DataType::boolean(), "flag")}),
            "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"sum(flag)\" due to data "
            "type mismatch: Parameter 1 requires the \"NUMERIC\" or \"ANSI INTERVAL\" type, "
            "however \"flag\" has the type \"BOOLEAN\".");
  EXPECT_EQ(bindError("sum", columnRefs({DataType::longType(), DataType::longType()})),
            "[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `sum` requires 1 parameters but the actual "
            "number is 2.");
  EXPECT_EQ(bindError("avg", {namedColumn(0, DataType::timestamp(), "ts")}),
            "[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"avg(ts)\" due to data "
            "type mismatch: Parameter 1 requires the \"NUMERIC\" or \"ANSI INTERVAL\" type, "
            "however \"ts\" has the type \"TIMESTAMP\".");
}

TEST(SumTest, StringArgumentIsCastToDouble) {
  BoundAggregate agg = bindAggregate("sum", columnRefs({DataType::string()}));
  EXPECT_EQ(agg.resultType->id(), TypeId::kDouble);
  EXPECT_EQ(agg.args[0]->type->id(), TypeId::kDouble);
}

TEST(SumTest, NullTypedArgument) {
  BoundAggregate agg = bindAggregate("sum", {makeLiteral(Value::null(), DataType::null())});
  EXPECT_EQ(agg.resultType->id(), TypeId::kDouble);
  EXPECT_TRUE(runAggregate(agg, {}, 3).isNull());
}

TEST(SumTest, GroupedStatesInOneUpdate) {
  BoundAggregate agg = bindAggregate("sum", columnRefs({DataType::longType()}));
  auto values = runGrouped(agg, {longs({1, 10, 2, std::nullopt, 100})}, {0, 1, 0, 2, 1}, 3);
  EXPECT_EQ(values, (std::vector<Value>{Value(int64_t{3}), Value(int64_t{110}), kNull}));
}

// ---- avg
// -----------------------------------------------------------------------------------------

TEST(AvgTest, IntegralGivesDouble) {
  expectAggregate("avg", {longs({1, 2, std::nullopt, 4})}, Value(7.0 / 3.0));
  expectAggregate("avg", {longs({5})}, Value(5.0));
  expectAggregate("avg", {longs({std::nullopt})}, kNull);
  expectAggregate("avg", {longs({})}, kNull);
  expectAggregate("mean", {column(DataType::integer(), {Value(1), Value(2)})}, Value(1.5));
  EXPECT_EQ(bindAggregate("mean", columnRefs({DataType::longType()})).name, "mean");
}

TEST(AvgTest, Doubles) {
  expectAggregate("avg", {doubles({0.5, 1.5, 4.0})}, Value(2.0));
  expectAggregate("avg", {doubles({1.0, 1.0, 2.0, 3.0})}, Value(2.0), true);  // (1 + 2 + 3) / 3
  double inf = std::numeric_limits<double>::infinity();
  expectAggregate("avg", {doubles({inf, 1.0})}, Value(inf));
}

TEST(AvgTest, DecimalResultTypeAndRounding) {
  TypePtr type = DataType::decimal(10, 2);
  BoundAggregate agg = bindAggregate("avg", columnRefs({type}));
  EXPECT_TRUE(agg.resultType->equals(*DataType::decimal(14, 6)));
  // (1.00 + 2.00 + 2.00) / 3 = 1.666666… → 1.666667
  expectAggregate("avg",
                  {column(type, {Value(Int128{100}), Value(Int128{200}), Value(Int128{200})})},
                  Value(Int128{1666667}));
  expectAggregate("avg",
                  {column(type, {Value(Int128{-100}), Value(Int128{-200}), Value(Int128{-200})})},
                  Value(Int128{-1666667}));
  expectAggregate("avg", {column(type, {kNull})}, kNull);
  EXPECT_TRUE(bindAggregate("avg", columnRefs({DataType::decimal(38, 36)}))
                  .resultType->equals(*DataType::decimal(38, 38)));
}

TEST(AvgTest, DecimalAverageRoundsLikeSpark) {
  // decimal(10, 0): sum decimal(20, 0), Divide scale max(38 - 20, 6) = 18, result decimal(14, 4).
  EXPECT_EQ(decimalAverage(1, 32, 0, 18, 14, 4), Int128{313});  // 0.03125 → 0.0313 (HALF_UP)
  EXPECT_EQ(decimalAverage(-1, 32, 0, 18, 14, 4), Int128{-313});
  EXPECT_EQ(decimalAverage(3, 2, 0, 18, 14, 4), Int128{15000});
  EXPECT_EQ(decimalAverage(0, 7, 0, 18, 14, 4), Int128{0});
  // decimal(28, 0): sum decimal(38, 0), Divide scale 6, result decimal(32, 4). 1 / 20001 =
  // 0.0000499975… is 0.000050 at the Divide's scale, which the cast rounds up to 0.0001.
  EXPECT_EQ(decimalAverage(1, 20001, 0, 6, 32, 4), Int128{1});
  // Carry through every digit: 0.99999995 at scale 4 → 1.0000.
  EXPECT_EQ(decimalAverage(99999995, 100000000, 0, 18, 14, 4), Int128{10000});
  // Too many integer digits for the result precision → NULL.
  Int128 big = 1;
  for (int i = 0; i < 37; ++i) big *= 10;
  EXPECT_EQ(decimalAverage(big, 1, 0, 6, 38, 4), std::nullopt);
}

// ---- product
// -------------------------------------------------------------------------------------

TEST(ProductTest, MultipliesAsDouble) {
  expectAggregate("product", {doubles({2.0, 3.0, std::nullopt, 0.5})}, Value(3.0));
  expectAggregate("product", {longs({-2, 5})}, Value(-10.0));
  expectAggregate("product", {longs({std::nullopt})}, kNull);
  expectAggregate("product", {longs({})}, kNull);
}

}  // namespace
}  // namespace spate::agg
