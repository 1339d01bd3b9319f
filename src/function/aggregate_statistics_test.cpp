#include <gtest/gtest.h>

#include <iomanip>
#include <limits>

#include "common/error.h"
#include "function/aggregate_harness.h"
#include "function/aggregate_kernel.h"

namespace spate::agg {
namespace {

const Value kNull = Value::null();

/// Compared bit for bit with the value Spark documents. Spark's documentation examples run on
/// local[*] with more cores than rows: every row of the VALUES relation is its own partition,
/// partially aggregated alone, and the partial buffers are merged in order into an empty one.
/// Matching these bits checks both the update and the merge formulas.
void expectExact(const std::string& name, const std::vector<ColumnPtr>& inputs, double expected) {
  std::vector<TypePtr> types;
  for (const auto& c : inputs) types.push_back(c->type());
  BoundAggregate agg = bindAggregate(name, columnRefs(types));
  int rows = static_cast<int>(inputs[0]->size());
  RunOptions sparkDocs{rows, 1, false, true};
  Value got = runAggregate(agg, inputs, inputs[0]->size(), sparkDocs);
  ASSERT_FALSE(got.isNull()) << name;
  EXPECT_EQ(got.asDouble(), expected) << name << std::setprecision(17) << " got " << got.asDouble();
}

ColumnPtr ints(const std::vector<std::optional<int>>& values) {
  std::vector<Value> v;
  for (const auto& x : values) v.push_back(x ? Value(*x) : Value::null());
  return makeColumn(DataType::integer(), v);
}

TEST(CentralMomentTest, SparkDocumentedValues) {
  ColumnPtr c = ints({1, 2, 3});
  expectExact("stddev_pop", {c}, 0.816496580927726);
  expectExact("stddev_samp", {c}, 1.0);
  expectExact("stddev", {c}, 1.0);
  expectExact("std", {c}, 1.0);
  expectExact("var_pop", {c}, 0.6666666666666666);
  expectExact("var_samp", {c}, 1.0);
  expectExact("variance", {c}, 1.0);
  expectExact("skewness", {ints({-10, -20, 100, 1000})}, 1.1135657469022013);
  expectExact("skewness", {ints({-1000, -100, 10, 20})}, -1.1135657469022011);
  expectExact("kurtosis", {ints({-10, -20, 100, 1000})}, -0.7014368047529618);
  expectExact("kurtosis", {ints({1, 10, 100, 10, 1})}, 0.19432323191698986);
}

TEST(CentralMomentTest, PartialStatesMergeToTheSameResult) {
  ColumnPtr c = doubles({2.5, std::nullopt, -1.0, 7.25, 3.0, 3.0, 100.0, -42.5, 0.125});
  // Reference values from the two-pass definitions over the 8 non-NULL values.
  std::vector<double> xs = {2.5, -1.0, 7.25, 3.0, 3.0, 100.0, -42.5, 0.125};
  double n = static_cast<double>(xs.size());
  double mean = 0;
  for (double x : xs) mean += x / n;
  double m2 = 0, m3 = 0, m4 = 0;
  for (double x : xs) {
    double d = x - mean;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  expectAggregateNear("var_pop", {c}, m2 / n);
  expectAggregateNear("var_samp", {c}, m2 / (n - 1));
  expectAggregateNear("stddev_pop", {c}, std::sqrt(m2 / n));
  expectAggregateNear("stddev_samp", {c}, std::sqrt(m2 / (n - 1)));
  expectAggregateNear("skewness", {c}, std::sqrt(n) * m3 / std::sqrt(m2 * m2 * m2), 1e-10);
  expectAggregateNear("kurtosis", {c}, n * m4 / (m2 * m2) - 3.0, 1e-10);
}

TEST(CentralMomentTest, EmptyAndSingleRow) {
  for (const char* name :
       {"stddev_samp", "stddev_pop", "var_samp", "var_pop", "skewness", "kurtosis"}) {
    expectAggregateNear(name, {doubles({})}, std::nullopt);
    expectAggregateNear(name, {doubles({std::nullopt, std::nullopt})}, std::nullopt);
  }
  // One row: the sample statistics divide by n - 1 = 0 → NULL (legacy.statisticalAggregate off).
  expectAggregateNear("stddev_samp", {doubles({4.0})}, std::nullopt);
  expectAggregateNear("var_samp", {doubles({4.0, std::nullopt})}, std::nullopt);
  expectAggregateNear("stddev_pop", {doubles({4.0})}, 0.0);
  expectAggregateNear("var_pop", {doubles({4.0})}, 0.0);
  // m2 = 0 → NULL for the shape statistics.
  expectAggregateNear("skewness", {doubles({4.0, 4.0})}, std::nullopt);
  expectAggregateNear("kurtosis", {doubles({4.0})}, std::nullopt);
}

TEST(CentralMomentTest, InputTypes) {
  expectAggregateNear("var_samp", {longs({1, 3})}, 2.0);
  expectAggregateNear("var_samp", {column(DataType::floatType(), {Value(1.5), Value(2.5)})}, 0.5);
  expectAggregateNear("var_samp", {column(DataType::shortType(), {Value(-1), Value(1)})}, 2.0);
  BoundAggregate fromString = bindAggregate("stddev", columnRefs({DataType::string()}));
  EXPECT_EQ(fromString.args[0]->type->id(), TypeId::kDouble);
  EXPECT_EQ(fromString.name, "stddev");
  try {
    bindAggregate("stddev", columnRefs({DataType::boolean()}));
    FAIL() << "expected an AnalysisException";
  } catch (const AnalysisException& e) {
    EXPECT_NE(std::string(e.what()).find("requires the \"DOUBLE\" type, however \"#0\" has the "
                                         "type \"BOOLEAN\""),
              std::string::npos)
        << e.what();
  }
}

TEST(CentralMomentTest, NaNPropagates) {
  BoundAggregate agg = bindAggregate("stddev_pop", columnRefs({DataType::doubleType()}));
  Value v = runAggregate(agg, {doubles({1.0, std::numeric_limits<double>::quiet_NaN()})}, 2);
  EXPECT_TRUE(std::isnan(v.asDouble()));
}

TEST(CentralMomentTest, Distinct) {
  // Distinct values {1, 2, 3}: sample variance 1.
  expectAggregateNear("var_samp", {longs({1, 1, 2, 3, 3, std::nullopt})}, 1.0, 1e-12, true);
}

TEST(CovarianceTest, SparkDocumentedValues) {
  ColumnPtr x = ints({1, 2, 3});
  expectExact("covar_pop", {x, x}, 0.6666666666666666);
  expectExact("covar_samp", {x, x}, 1.0);
  expectExact("corr", {ints({3, 3, 6}), ints({2, 3, 4})}, 0.8660254037844387);
}

TEST(CovarianceTest, NullPairsAndEdgeCases) {
  ColumnPtr x = doubles({1.0, 2.0, std::nullopt, 4.0, 5.0});
  ColumnPtr y = doubles({2.0, std::nullopt, 3.0, 8.0, 10.0});
  // Pairs (1, 2), (4, 8), (5, 10): means 10/3 and 20/3.
  double mx = 10.0 / 3, my = 20.0 / 3;
  double ck = (1 - mx) * (2 - my) + (4 - mx) * (8 - my) + (5 - mx) * (10 - my);
  double sx = (1 - mx) * (1 - mx) + (4 - mx) * (4 - mx) + (5 - mx) * (5 - mx);
  double sy = (2 - my) * (2 - my) + (8 - my) * (8 - my) + (10 - my) * (10 - my);
  expectAggregateNear("covar_pop", {x, y}, ck / 3);
  expectAggregateNear("covar_samp", {x, y}, ck / 2);
  expectAggregateNear("corr", {x, y}, ck / std::sqrt(sx * sy));
  for (const char* name : {"covar_pop", "covar_samp", "corr"}) {
    expectAggregateNear(name, {doubles({}), doubles({})}, std::nullopt);
    expectAggregateNear(name, {doubles({1.0, std::nullopt}), doubles({std::nullopt, 2.0})},
                        std::nullopt);
  }
  expectAggregateNear("covar_pop", {doubles({1.0}), doubles({2.0})}, 0.0);
  expectAggregateNear("covar_samp", {doubles({1.0}), doubles({2.0})}, std::nullopt);
  expectAggregateNear("corr", {doubles({1.0}), doubles({2.0})}, std::nullopt);
  // Constant x: corr divides 0 by 0.
  BoundAggregate corr =
      bindAggregate("corr", columnRefs({DataType::doubleType(), DataType::doubleType()}));
  Value v = runAggregate(corr, {doubles({1.0, 1.0}), doubles({1.0, 2.0})}, 2);
  EXPECT_TRUE(std::isnan(v.asDouble()));
}

TEST(CovarianceTest, MixedInputTypes) {
  expectAggregateNear("covar_samp", {longs({1, 2, 3}), ints({2, 4, 6})}, 2.0);
}

}  // namespace
}  // namespace spate::agg
