#include <gtest/gtest.h>

#include "function/aggregate_harness.h"
#include "function/aggregate_kernel.h"

namespace spate::agg {
namespace {

const Value kNull = Value::null();

TEST(DistinctTest, CountOfTuples) {
  ColumnPtr a = strings({"x", "x", "y", "x", std::nullopt, "y"});
  ColumnPtr b = longs({1, 1, 1, 2, 1, std::nullopt});
  // Distinct non-NULL tuples: (x, 1), (y, 1), (x, 2).
  expectAggregate("count", {a, b}, Value(int64_t{3}), true);
  expectAggregate("count", {a}, Value(int64_t{2}), true);
}

TEST(DistinctTest, SumAvgAndStatistics) {
  ColumnPtr c = longs({5, 1, 5, std::nullopt, 3, 1});
  expectAggregate("sum", {c}, Value(int64_t{9}), true);
  expectAggregate("avg", {c}, Value(3.0), true);
  expectAggregateNear("stddev_pop", {c}, std::sqrt(8.0 / 3.0), 1e-12, true);
  TypePtr decimal = DataType::decimal(5, 1);
  ColumnPtr d = column(decimal, {Value(Int128{15}), Value(Int128{15}), Value(Int128{-5})});
  expectAggregate("sum", {d}, Value(Int128{10}), true);
}

TEST(DistinctTest, NestedArguments) {
  TypePtr arrayType = DataType::array(DataType::longType());
  ColumnPtr arrays =
      column(arrayType, {Value(ValueList{Value(int64_t{1})}), Value(ValueList{Value(int64_t{1})}),
                         Value(ValueList{Value(int64_t{1}), kNull}), kNull});
  expectAggregate("count", {arrays}, Value(int64_t{2}), true);
  expectAggregate("collect_list", {arrays},
                  Value(ValueList{Value(ValueList{Value(int64_t{1})}),
                                  Value(ValueList{Value(int64_t{1}), kNull})}),
                  true);
}

TEST(DistinctTest, EmptyInput) {
  expectAggregate("count", {longs({})}, Value(int64_t{0}), true);
  expectAggregate("sum", {longs({})}, kNull, true);
  expectAggregate("collect_list", {longs({})}, Value(ValueList{}), true);
}

TEST(DistinctTest, DuplicateInsensitiveAggregatesAreNotWrapped) {
  for (const char* name : {"min", "max", "collect_set", "approx_count_distinct", "bool_or"}) {
    TypePtr type = std::string(name) == "bool_or" ? DataType::boolean() : DataType::longType();
    BoundAggregate plain = bindAggregate(name, columnRefs({type}));
    BoundAggregate distinct = bindAggregate(name, columnRefs({type}), true);
    EXPECT_TRUE(plain.kernel->bufferType()->equals(*distinct.kernel->bufferType())) << name;
  }
  BoundAggregate sum = bindAggregate("sum", columnRefs({DataType::longType()}), true);
  EXPECT_EQ(sum.kernel->bufferType()->id(), TypeId::kBinary);
  expectAggregate("max", {longs({1, 3, 3})}, Value(int64_t{3}), true);
}

TEST(DistinctTest, GroupedStatesInOneUpdate) {
  BoundAggregate agg = bindAggregate("count", columnRefs({DataType::longType()}), true);
  auto values = runGrouped(agg, {longs({1, 1, 2, 1, std::nullopt})}, {0, 0, 0, 1, 1}, 3);
  EXPECT_EQ(values, (std::vector<Value>{Value(int64_t{2}), Value(int64_t{1}), Value(int64_t{0})}));
}

}  // namespace
}  // namespace spate::agg
