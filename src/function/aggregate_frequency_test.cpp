#include <gtest/gtest.h>

#include "common/error.h"
#include "function/aggregate_harness.h"
#include "function/aggregate_kernel.h"

namespace spate::agg {
namespace {

const Value kNull = Value::null();

ColumnPtr ints(const std::vector<std::optional<int>>& values) {
  std::vector<Value> v;
  for (const auto& x : values) v.push_back(x ? Value(*x) : kNull);
  return makeColumn(DataType::integer(), v);
}

/// Runs `name(x, <literal percentage>[, frequency])` every way and checks the result.
void expectPercentile(const std::vector<ColumnPtr>& inputs, const Value& percentage,
                      const TypePtr& percentageType, const Value& expected) {
  std::vector<ExprPtr> args = {makeColumnRef(0, inputs[0]->type()),
                               makeLiteral(percentage, percentageType)};
  if (inputs.size() == 2) args.push_back(makeColumnRef(1, inputs[1]->type()));
  BoundAggregate agg = bindAggregate("percentile", args);
  for (const RunOptions& o : allRunOptions()) {
    EXPECT_EQ(runAggregate(agg, inputs, inputs[0]->size(), o), expected) << describe(o);
  }
}

TEST(ModeTest, MostFrequentValue) {
  // Spark's documentation examples.
  expectAggregate("mode", {ints({0, 10, 10})}, Value(int64_t{10}));
  expectAggregate("mode", {ints({0, 10, 10, std::nullopt, std::nullopt, std::nullopt})},
                  Value(int64_t{10}));
  expectAggregate("mode", {ints({std::nullopt})}, kNull);
  expectAggregate("mode", {ints({})}, kNull);
  // Ties give the lowest value.
  expectAggregate("mode", {ints({5, -10, 5, -10, 7})}, Value(int64_t{-10}));
  expectAggregate("mode", {strings({"b", "a", "b", "c", "a"})}, Value("a"));
  EXPECT_TRUE(bindAggregate("mode", columnRefs({DataType::string()}))
                  .resultType->equals(*DataType::string()));
}

TEST(PercentileTest, SparkDocumentedValues) {
  ColumnPtr c = ints({0, 10});
  expectPercentile({c}, Value(0.3), DataType::doubleType(), Value(3.0));
  expectPercentile({c}, Value(ValueList{Value(0.25), Value(0.75)}),
                   DataType::array(DataType::doubleType()),
                   Value(ValueList{Value(2.5), Value(7.5)}));
  expectAggregate("median", {c}, Value(5.0));
}

TEST(PercentileTest, InterpolationAndEdges) {
  ColumnPtr c = longs({4, 1, std::nullopt, 3, 2});
  expectPercentile({c}, Value(0.5), DataType::doubleType(), Value(2.5));
  expectPercentile({c}, Value(0.0), DataType::doubleType(), Value(1.0));
  expectPercentile({c}, Value(1.0), DataType::doubleType(), Value(4.0));
  expectPercentile({longs({7})}, Value(0.9), DataType::doubleType(), Value(7.0));
  expectPercentile({longs({})}, Value(0.5), DataType::doubleType(), kNull);
  expectPercentile({longs({std::nullopt})}, Value(0.5), DataType::doubleType(), kNull);
  // Repeated values: positions inside one value's run need no interpolation.
  expectPercentile({longs({1, 1, 1, 10})}, Value(0.5), DataType::doubleType(), Value(1.0));
  // Decimal literal percentage (0.25) and decimal values (2.50, 5.00).
  TypePtr decimal = DataType::decimal(5, 2);
  expectPercentile({column(decimal, {Value(Int128{250}), Value(Int128{500})})}, Value(Int128{25}),
                   decimal, Value(3.125));
  expectAggregate("median", {doubles({1.0, std::nullopt, -3.0})}, Value(-1.0));
}

TEST(PercentileTest, Frequencies) {
  ColumnPtr values = longs({1, 10, 5});
  ColumnPtr frequencies = longs({3, 1, 0});
  expectPercentile({values, frequencies}, Value(0.5), DataType::doubleType(), Value(1.0));
  expectPercentile({values, frequencies}, Value(1.0), DataType::doubleType(), Value(10.0));
  BoundAggregate agg = bindAggregate("percentile", {makeColumnRef(0, DataType::longType()),
                                                    makeLiteral(Value(0.5), DataType::doubleType()),
                                                    makeColumnRef(1, DataType::longType())});
  EXPECT_THROW(runAggregate(agg, {longs({1}), longs({-1})}, 1), ExecutionException);
}

TEST(PercentileTest, BindErrors) {
  auto percentile = [](ExprPtr percentage) {
    try {
      bindAggregate("percentile", {makeColumnRef(0, DataType::longType()), percentage});
    } catch (const AnalysisException& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(percentile(makeLiteral(Value(1.5), DataType::doubleType())),
            "[DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE] Cannot resolve \"percentile(#0, 1.5)\" due "
            "to data type mismatch: The percentage must be between [0.0, 1.0] (current value = "
            "1.5D).");
  EXPECT_NE(percentile(makeColumnRef(1, DataType::doubleType())).find("NON_FOLDABLE_INPUT"),
            std::string::npos);
  EXPECT_NE(percentile(makeLiteral(Value("x"), DataType::string())).find("UNEXPECTED_INPUT_TYPE"),
            std::string::npos);
}

}  // namespace
}  // namespace spate::agg
