#include "function/hyperloglog.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "function/aggregate_harness.h"

namespace spate::agg {
namespace {

TEST(SparkXxHash64Test, MatchesSparkDocumentedValue) {
  // Spark's documentation: SELECT xxhash64('Spark', array(123), 2) → 5602566077635097486.
  ColumnPtr s = strings({"Spark"});
  ColumnPtr a = column(DataType::array(DataType::integer()), {Value(ValueList{Value(123)})});
  ColumnPtr i = column(DataType::integer(), {Value(2)});
  uint64_t h = sparkXxHash64(*s, 0, 42);
  h = sparkXxHash64(*a, 0, h);
  h = sparkXxHash64(*i, 0, h);
  EXPECT_EQ(static_cast<int64_t>(h), 5602566077635097486LL);
}

TEST(SparkXxHash64Test, NullKeepsSeedAndZeroSignIgnored) {
  ColumnPtr d = doubles({std::nullopt, 0.0, -0.0});
  EXPECT_EQ(sparkXxHash64(*d, 0, 42), 42u);
  EXPECT_EQ(sparkXxHash64(*d, 1, 42), sparkXxHash64(*d, 2, 42));
  // Decimals of precision <= 18 hash as their unscaled long.
  ColumnPtr small = column(DataType::decimal(18, 2), {Value(Int128{12345})});
  ColumnPtr asLong = longs({12345});
  EXPECT_EQ(sparkXxHash64(*small, 0, 42), sparkXxHash64(*asLong, 0, 42));
}

TEST(HyperLogLogTest, PrecisionFromRelativeError) {
  EXPECT_EQ(HyperLogLogPlusPlus(0.05).precision(), 9);
  EXPECT_EQ(HyperLogLogPlusPlus(0.01).precision(), 14);
  EXPECT_EQ(HyperLogLogPlusPlus(0.39).precision(), 4);
  EXPECT_THROW(HyperLogLogPlusPlus(0.4), IllegalArgumentException);
}

TEST(HyperLogLogTest, SparkDocumentedExample) {
  // SELECT approx_count_distinct(col1) FROM VALUES (1), (1), (2), (2), (3) → 3.
  ColumnPtr c = column(DataType::integer(), {Value(1), Value(1), Value(2), Value(2), Value(3)});
  expectAggregate("approx_count_distinct", {c}, Value(int64_t{3}));
  BoundAggregate agg = bindAggregate("approx_count_distinct", columnRefs({DataType::integer()}));
  EXPECT_FALSE(agg.nullable);
  EXPECT_EQ(agg.resultType->id(), TypeId::kLong);
}

TEST(HyperLogLogTest, EmptyAndNulls) {
  expectAggregate("approx_count_distinct", {longs({})}, Value(int64_t{0}));
  expectAggregate("approx_count_distinct", {longs({std::nullopt, std::nullopt})},
                  Value(int64_t{0}));
  expectAggregate("approx_count_distinct", {longs({7, std::nullopt, 7})}, Value(int64_t{1}));
}

/// The estimate for values 0…n-1 of `type`, checked to be the same for every way of splitting.
int64_t estimateOf(int64_t n, const TypePtr& type, double rsd = 0.05) {
  std::vector<std::optional<int64_t>> ls;
  std::vector<std::optional<double>> ds;
  std::vector<std::optional<std::string>> ss;
  for (int64_t i = 0; i < n; ++i) {
    ls.push_back(i);
    ds.push_back(static_cast<double>(i) / 7);
    ss.push_back("value-" + std::to_string(i));
  }
  ColumnPtr c = type->id() == TypeId::kString   ? strings(ss)
                : type->id() == TypeId::kDouble ? doubles(ds)
                                                : longs(ls);
  std::vector<ExprPtr> args = columnRefs({type});
  args.push_back(makeLiteral(Value(rsd), DataType::doubleType()));
  BoundAggregate agg = bindAggregate("approx_count_distinct", args);
  int64_t single = runAggregate(agg, {c}, n).asLong();
  for (RunOptions o : {RunOptions{3, 1000, true, true}, RunOptions{7, 100, false, false}}) {
    EXPECT_EQ(runAggregate(agg, {c}, n, o).asLong(), single) << describe(o);
  }
  return single;
}

TEST(HyperLogLogTest, WithinTheRequestedError) {
  for (const TypePtr& type : {DataType::longType(), DataType::string(), DataType::doubleType()}) {
    for (int64_t n : {10, 100, 300, 1000, 2000, 5000, 20000}) {
      int64_t estimate = estimateOf(n, type);
      // Three standard errors of p = 9 (1.04 / sqrt(512) = 4.6 %).
      EXPECT_NEAR(static_cast<double>(estimate), static_cast<double>(n), 0.14 * n)
          << type->simpleString() << " n=" << n;
    }
  }
  for (int64_t n : {1000, 20000}) {
    EXPECT_NEAR(static_cast<double>(estimateOf(n, DataType::longType(), 0.01)),
                static_cast<double>(n), 0.03 * n);
  }
}

TEST(HyperLogLogTest, SmallCardinalitiesAreExact) {
  for (int64_t n = 0; n <= 8; ++n) EXPECT_EQ(estimateOf(n, DataType::longType()), n) << n;
}

TEST(HyperLogLogTest, RelativeErrorMustBeADoubleLiteral) {
  std::vector<ExprPtr> args = columnRefs({DataType::longType(), DataType::doubleType()});
  EXPECT_THROW(bindAggregate("approx_count_distinct", args), AnalysisException);
  args[1] = makeLiteral(Value(1), DataType::integer());
  EXPECT_THROW(bindAggregate("approx_count_distinct", args), AnalysisException);
  args[1] = makeLiteral(Value(Int128{1}), DataType::decimal(3, 2));  // 0.01
  EXPECT_NO_THROW(bindAggregate("approx_count_distinct", args));
  args[1] = makeLiteral(Value(0.5), DataType::doubleType());
  EXPECT_THROW(bindAggregate("approx_count_distinct", args), IllegalArgumentException);
}

TEST(HyperLogLogTest, NegativeZeroCountsOnce) {
  expectAggregate("approx_count_distinct", {doubles({0.0, -0.0, 1.0})}, Value(int64_t{2}));
}

}  // namespace
}  // namespace spate::agg
