#include <gtest/gtest.h>

#include <limits>

#include "common/error.h"
#include "function/aggregate_harness.h"
#include "function/aggregate_kernel.h"
#include "function/value_codec.h"

namespace spate::agg {
namespace {

const Value kNull = Value::null();

Value list(std::vector<Value> values) { return Value(ValueList(std::move(values))); }
Value l(int64_t v) { return Value(v); }

TEST(CollectTest, ListKeepsOrderAndDuplicatesSkipsNulls) {
  ColumnPtr c = longs({1, std::nullopt, 2, 1, 3});
  expectAggregate("collect_list", {c}, list({l(1), l(2), l(1), l(3)}));
  expectAggregate("array_agg", {c}, list({l(1), l(2), l(1), l(3)}));
  expectAggregate("collect_list", {longs({std::nullopt})}, list({}));
  expectAggregate("collect_list", {longs({})}, list({}));
  BoundAggregate agg = bindAggregate("collect_list", columnRefs({DataType::longType()}));
  EXPECT_TRUE(agg.resultType->equals(*DataType::array(DataType::longType(), false)));
  EXPECT_FALSE(agg.nullable);
}

TEST(CollectTest, SetKeepsFirstOccurrences) {
  expectAggregate("collect_set", {longs({3, 1, std::nullopt, 3, 2, 1})}, list({l(3), l(1), l(2)}));
  expectAggregate("collect_set", {strings({"b", "a", "b", std::nullopt, ""})},
                  list({Value("b"), Value("a"), Value("")}));
  expectAggregate("collect_set", {longs({})}, list({}));
}

TEST(CollectTest, SetComparesFloatingPointAsSparkGroups) {
  double nan = std::numeric_limits<double>::quiet_NaN();
  BoundAggregate agg = bindAggregate("collect_set", columnRefs({DataType::doubleType()}));
  for (const RunOptions& o : allRunOptions()) {
    Value got = runAggregate(agg, {doubles({0.0, -0.0, nan, -nan, 1.0})}, 5, o);
    ASSERT_EQ(got.asList().size(), 3u) << describe(o);
    EXPECT_EQ(got.asList()[0], Value(0.0));
    EXPECT_TRUE(std::isnan(got.asList()[1].asDouble()));
    EXPECT_EQ(got.asList()[2], Value(1.0));
  }
  // collect_list keeps -0.0 as it is.
  Value all = runAggregate(bindAggregate("collect_list", columnRefs({DataType::doubleType()})),
                           {doubles({-0.0})}, 1);
  EXPECT_TRUE(std::signbit(all.asList()[0].asDouble()));
}

TEST(CollectTest, EveryType) {
  ColumnPtr booleans = column(DataType::boolean(), {Value(true), kNull, Value(false)});
  expectAggregate("collect_list", {booleans}, list({Value(true), Value(false)}));
  ColumnPtr dates = column(DataType::date(), {Value(1), Value(-1)});
  expectAggregate("collect_list", {dates}, list({l(1), l(-1)}));
  TypePtr decimal = DataType::decimal(30, 3);
  expectAggregate("collect_set", {column(decimal, {Value(Int128{5}), Value(Int128{5})})},
                  list({Value(Int128{5})}));
  ColumnPtr binary = column(DataType::binary(), {Value(std::string("\0a", 2))});
  expectAggregate("collect_list", {binary}, list({Value(std::string("\0a", 2))}));
  TypePtr arrayType = DataType::array(DataType::string());
  ColumnPtr arrays = column(arrayType, {Value(ValueList{Value("x"), kNull}), kNull,
                                        Value(ValueList{}), Value(ValueList{Value("x"), kNull})});
  expectAggregate("collect_list", {arrays},
                  list({list({Value("x"), kNull}), list({}), list({Value("x"), kNull})}));
  expectAggregate("collect_set", {arrays}, list({list({Value("x"), kNull}), list({})}));
  TypePtr structType = DataType::structType(
      {{"a", DataType::integer(), true}, {"b", DataType::array(DataType::doubleType()), true}});
  Value s1 = list({l(1), list({Value(1.5)})});
  Value s2 = list({kNull, kNull});
  expectAggregate("collect_list", {column(structType, {s1, s2, s1})}, list({s1, s2, s1}));
  TypePtr mapType = DataType::map(DataType::string(), DataType::longType());
  Value m = Value(ValueMap{{Value("k"), l(1)}, {Value("j"), kNull}});
  expectAggregate("collect_list", {column(mapType, {m, kNull})}, list({m}));
}

TEST(CollectTest, SetRejectsMaps) {
  TypePtr mapType = DataType::map(DataType::string(), DataType::longType());
  try {
    bindAggregate("collect_set", columnRefs({DataType::array(mapType)}));
    FAIL() << "expected an AnalysisException";
  } catch (const AnalysisException& e) {
    EXPECT_EQ(std::string(e.what()),
              "[DATATYPE_MISMATCH.UNSUPPORTED_INPUT_TYPE] Cannot resolve \"collect_set(#0)\" due "
              "to data type mismatch: The input of `collect_set` can't be \"MAP\" type data.");
  }
}

TEST(CollectTest, DistinctList) {
  expectAggregate("collect_list", {longs({2, 1, 2, std::nullopt, 1})}, list({l(2), l(1)}), true);
}

TEST(CollectTest, GroupedStatesInOneUpdate) {
  BoundAggregate agg = bindAggregate("collect_list", columnRefs({DataType::string()}));
  auto values = runGrouped(agg, {strings({"a", "b", "c", std::nullopt})}, {1, 0, 1, 2}, 3);
  EXPECT_EQ(values,
            (std::vector<Value>{list({Value("b")}), list({Value("a"), Value("c")}), list({})}));
}

TEST(ValueCodecTest, RoundTripsThroughColumnsAndValues) {
  TypePtr type =
      DataType::structType({{"a", DataType::interval(), true},
                            {"m", DataType::map(DataType::integer(), DataType::string()), true},
                            {"t", DataType::timestamp(), true}});
  Value v = list({Value(Interval{1, 2, 3}), Value(ValueMap{{l(7), Value("seven")}}), l(-9)});
  ColumnPtr c = column(type, {v, kNull});
  for (int64_t row = 0; row < 2; ++row) {
    std::string fromColumn;
    std::string fromValue;
    encodeValue(*c, row, false, fromColumn);
    encodeValue(c->valueAt(row), *type, false, fromValue);
    EXPECT_EQ(fromColumn, fromValue);
    size_t pos = 0;
    EXPECT_EQ(decodeValue(fromColumn, pos, *type), c->valueAt(row));
    EXPECT_EQ(pos, fromColumn.size());
    ColumnBuilder b(type);
    pos = 0;
    decodeValue(fromColumn, pos, b);
    EXPECT_EQ(b.finish()->valueAt(0), c->valueAt(row));
  }
}

TEST(ValueCodecTest, KeySetDeduplicatesManyKeys) {
  KeySet set;
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 10000; ++i) {
      EXPECT_EQ(set.insert("key" + std::to_string(i)), round == 0);
    }
  }
  EXPECT_EQ(set.size(), 10000u);
  EXPECT_EQ(set[1234], "key1234");
  EXPECT_TRUE(set.insert(""));
  EXPECT_FALSE(set.insert(""));
}

}  // namespace
}  // namespace spate::agg
