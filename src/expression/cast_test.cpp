// Cast.canCast, makeCast and nested casts (Spark 3.5, non-ANSI).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "common/error.h"
#include "expression/cast_test_util.h"
#include "expression/decimal.h"

namespace spate {
namespace {

using namespace cast_test;

const TypePtr kString = DataType::string();
const TypePtr kInt = DataType::integer();
const TypePtr kLong = DataType::longType();
const TypePtr kDouble = DataType::doubleType();
const TypePtr kBool = DataType::boolean();
const TypePtr kTs = DataType::timestamp();
const TypePtr kDate = DataType::date();
const TypePtr kBinary = DataType::binary();
const TypePtr kInterval = DataType::interval();

TEST(CanCastTest, AtomicMatrix) {
  const std::vector<TypePtr> numbers = {
      DataType::byte(), DataType::shortType(),   kInt, kLong, DataType::floatType(),
      kDouble,          DataType::decimal(10, 2)};
  for (const auto& n : numbers) {
    for (const auto& m : numbers) EXPECT_TRUE(canCast(*n, *m));
    EXPECT_TRUE(canCast(*n, *kString));
    EXPECT_TRUE(canCast(*kString, *n));
    EXPECT_TRUE(canCast(*n, *kBool));
    EXPECT_TRUE(canCast(*kBool, *n));
    EXPECT_TRUE(canCast(*n, *kTs));
    EXPECT_TRUE(canCast(*kTs, *n));
    EXPECT_TRUE(canCast(*kDate, *n));
    EXPECT_FALSE(canCast(*n, *kDate)) << n->simpleString();
    EXPECT_FALSE(canCast(*n, *kInterval));
    EXPECT_FALSE(canCast(*kBinary, *n));
    EXPECT_EQ(canCast(*n, *kBinary), n->isIntegral()) << n->simpleString();
  }
  EXPECT_TRUE(canCast(*kString, *kBinary));
  EXPECT_TRUE(canCast(*kBinary, *kString));
  EXPECT_TRUE(canCast(*kString, *kInterval));
  EXPECT_TRUE(canCast(*kInterval, *kString));
  EXPECT_FALSE(canCast(*kInterval, *kLong));
  EXPECT_TRUE(canCast(*kDate, *kTs));
  EXPECT_TRUE(canCast(*kTs, *kDate));
  EXPECT_TRUE(canCast(*kDate, *kBool));
  EXPECT_TRUE(canCast(*kTs, *kBool));
  EXPECT_TRUE(canCast(*kBool, *kTs));
  EXPECT_FALSE(canCast(*kBool, *kDate));
  EXPECT_FALSE(canCast(*kTs, *kBinary));
  EXPECT_FALSE(canCast(*kBinary, *kBool));
  EXPECT_FALSE(canCast(*kDate, *kInterval));
}

TEST(CanCastTest, NestedTypes) {
  EXPECT_TRUE(canCast(*DataType::array(kInt), *DataType::array(kString)));
  EXPECT_TRUE(canCast(*DataType::array(kInt), *kString));
  EXPECT_FALSE(canCast(*DataType::array(kInt), *kInt));
  EXPECT_FALSE(canCast(*DataType::array(kBool), *DataType::array(kDate)));
  // A cast that may produce NULL cannot target non-null elements.
  EXPECT_FALSE(canCast(*DataType::array(kString, false), *DataType::array(kInt, false)));
  EXPECT_TRUE(canCast(*DataType::array(kInt, false), *DataType::array(kLong, false)));
  EXPECT_FALSE(canCast(*DataType::array(kInt, true), *DataType::array(kLong, false)));
  EXPECT_TRUE(canCast(*DataType::map(kInt, kInt), *DataType::map(kString, kLong)));
  // Map keys must stay non-null.
  EXPECT_FALSE(canCast(*DataType::map(kString, kInt), *DataType::map(kInt, kInt)));
  auto ab = DataType::structType({{"a", kString}, {"b", kInt}});
  EXPECT_TRUE(canCast(*ab, *DataType::structType({{"x", kInt}, {"y", kString}})));
  EXPECT_FALSE(canCast(*ab, *DataType::structType({{"x", kInt}})));
  EXPECT_FALSE(canCast(*ab, *DataType::structType({{"x", kInt, false}, {"y", kString}})));
  EXPECT_FALSE(canCast(*ab, *DataType::array(kInt)));
}

TEST(MakeCastTest, ReturnsInputForEqualTypes) {
  ExprPtr column = makeColumnRef(0, kInt);
  EXPECT_EQ(makeCast(column, DataType::integer()), column);
}

TEST(MakeCastTest, BindsAndEvaluates) {
  ExprPtr e = makeCast(makeColumnRef(0, kString, false), kInt);
  EXPECT_EQ(e->functionName, "cast");
  EXPECT_TRUE(e->type->equals(*kInt));
  EXPECT_TRUE(e->nullable);  // string → int may fail
  auto schema = DataType::structType({{"s", kString}});
  auto batch = makeBatch(schema, {{Value("1")}, {Value("x")}, {Value::null()}});
  ColumnPtr out = evaluate(*e, *batch, EvalContext{});
  EXPECT_EQ(out->valueAt(0), i64(1));
  EXPECT_TRUE(out->isNull(1));
  EXPECT_TRUE(out->isNull(2));
  EXPECT_FALSE(makeCast(makeColumnRef(0, kInt, false), kLong)->nullable);
  EXPECT_TRUE(makeCast(makeColumnRef(0, kDouble, false), kInt)->nullable);
}

TEST(MakeCastTest, UsesTheSessionZoneOfTheEvaluation) {
  ExprPtr e = makeCast(makeColumnRef(0, kTs), kString);
  auto batch = makeBatch(DataType::structType({{"t", kTs}}), {{i64(0)}});
  EvalContext context;
  context.timeZone = TimeZone::of("Asia/Tokyo");
  EXPECT_EQ(evaluate(*e, *batch, context)->valueAt(0), Value("1970-01-01 09:00:00"));
}

TEST(MakeCastTest, RejectsWithSparksMessage) {
  try {
    makeCast(makeLiteral(Value(true), kBool), kDate);
    FAIL() << "expected an AnalysisException";
  } catch (const AnalysisException& e) {
    EXPECT_EQ(std::string(e.what()),
              "[DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION] Cannot resolve \"CAST(true AS DATE)\" "
              "due to data type mismatch: cannot cast \"BOOLEAN\" to \"DATE\".");
    EXPECT_EQ(e.errorClass(), "DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION");
  }
  try {
    makeCast(makeLiteral(Value(1), kInt), kDate);
    FAIL() << "expected an AnalysisException";
  } catch (const AnalysisException& e) {
    EXPECT_EQ(std::string(e.what()),
              "[DATATYPE_MISMATCH.CAST_WITH_FUNC_SUGGESTION] Cannot resolve \"CAST(1 AS DATE)\" "
              "due to data type mismatch: cannot cast \"INT\" to \"DATE\". To convert values from "
              "\"INT\" to \"DATE\", you can use the functions `DATE_FROM_UNIX_DATE` instead.");
  }
  EXPECT_THROW(makeCast(makeColumnRef(0, DataType::array(kInt)), kInt), AnalysisException);
  EXPECT_THROW(makeCast(makeLiteral(Value(int64_t{3}), kLong), DataType::array(kLong)),
               AnalysisException);
}

TEST(NestedCastTest, ArraysCastElementWise) {
  auto out = castValues(DataType::array(kString),
                        {ValueList{"1", "x", Value::null(), " 4 "}, ValueList{}, Value::null()},
                        DataType::array(kInt));
  EXPECT_EQ(out, (std::vector<Value>{ValueList{1, Value::null(), Value::null(), 4}, ValueList{},
                                     Value::null()}));
  auto nested = castValues(DataType::array(DataType::array(kDouble)),
                           {Value(ValueList{ValueList{1.7, -2.2}, Value::null()})},
                           DataType::array(DataType::array(kLong)));
  EXPECT_EQ(nested,
            (std::vector<Value>{Value(ValueList{ValueList{i64(1), i64(-2)}, Value::null()})}));
}

TEST(NestedCastTest, MapsCastKeysAndValues) {
  auto out = castValues(DataType::map(kInt, kString),
                        {ValueMap{{1, "true"}, {2, "no"}, {3, "maybe"}}, Value::null()},
                        DataType::map(kString, kBool));
  EXPECT_EQ(out, (std::vector<Value>{ValueMap{{"1", true}, {"2", false}, {"3", Value::null()}},
                                     Value::null()}));
}

TEST(NestedCastTest, StructsCastFieldsByPosition) {
  auto from = DataType::structType({{"a", kString}, {"b", kInt}});
  auto to = DataType::structType({{"x", kInt}, {"y", kString}});
  auto out =
      castValues(from, {ValueList{"12", 5}, ValueList{"bad", Value::null()}, Value::null()}, to);
  EXPECT_EQ(out, (std::vector<Value>{ValueList{12, "5"}, ValueList{Value::null(), Value::null()},
                                     Value::null()}));
  // Only the names differ: the children are shared.
  auto renamed = DataType::structType({{"p", kString}, {"q", kInt}});
  ColumnPtr input = makeColumn(from, {Value(ValueList{"a", 1})});
  ColumnPtr cast = castColumn(input, renamed, EvalContext{});
  EXPECT_TRUE(cast->type()->equals(*renamed));
  EXPECT_EQ(cast->child(0), input->child(0));
}

TEST(NestedCastTest, TimestampsInsideUseTheZone) {
  Value out = castOne(DataType::array(kString), ValueList{"2021-01-01 00:00:00"},
                      DataType::array(kTs), "America/Los_Angeles");
  EXPECT_EQ(out, Value(ValueList{i64(utcMicros(2021, 1, 1, 8))}));
}

TEST(NestedCastTest, NullElementTypes) {
  auto out = castValues(DataType::array(DataType::null()), {ValueList{Value::null()}, ValueList{}},
                        DataType::array(kInt));
  EXPECT_EQ(out, (std::vector<Value>{ValueList{Value::null()}, ValueList{}}));
}

TEST(NestedCastTest, EmptyColumns) {
  for (const TypePtr& from : {kString, DataType::array(kInt), kInt}) {
    ColumnPtr empty = makeColumn(from, {});
    for (const TypePtr& to : {kString, kInt, DataType::binary()}) {
      if (!canCast(*from, *to)) continue;
      EXPECT_EQ(castColumn(empty, to, EvalContext{})->size(), 0);
    }
  }
}

}  // namespace
}  // namespace spate

namespace spate {
namespace {

using namespace cast_test;

// Every pair of types Spark can cast between runs through castColumn: sizes and input nulls are
// kept, and nothing throws for typical, extreme or garbage-looking values.
TEST(CastMatrixTest, EveryCastablePairRuns) {
  struct Sample {
    TypePtr type;
    std::vector<Value> values;
  };
  const int64_t kMax = INT64_MAX, kMin = INT64_MIN;
  const std::vector<Sample> samples = {
      {DataType::null(), {Value::null(), Value::null()}},
      {DataType::boolean(), {true, false, Value::null()}},
      {DataType::byte(), {i64(-128), i64(127), Value::null()}},
      {DataType::shortType(), {i64(-32768), i64(7), Value::null()}},
      {DataType::integer(), {i64(INT32_MIN), i64(INT32_MAX), Value::null()}},
      {DataType::longType(), {i64(kMin), i64(kMax), i64(0), Value::null()}},
      {DataType::floatType(), {1e38, -1e-38, std::nan(""), Value::null()}},
      {DataType::doubleType(),
       {1e308, -4.9e-324, -std::numeric_limits<double>::infinity(), Value::null()}},
      {DataType::decimal(38, 10), {Value(pow10Int128(37)), Value(-pow10Int128(37)), Value::null()}},
      {DataType::decimal(5, 5), {dec(99999), dec(-1), Value::null()}},
      {DataType::string(),
       {"", " 12 ", "2021-01-01 10:00:00", "true", "1 day", "x\xff", Value::null()}},
      {DataType::binary(), {std::string("\0\1", 2), Value::null()}},
      {DataType::date(),
       {i64(-719528), i64(2932896), i64(INT32_MAX), i64(INT32_MIN), Value::null()}},
      {DataType::timestamp(), {i64(kMin), i64(kMax), i64(-1), Value::null()}},
      {DataType::interval(), {Value(Interval{1, 2, 3}), Value::null()}},
      {DataType::array(DataType::integer()), {ValueList{1, Value::null()}, Value::null()}},
      {DataType::map(DataType::string(), DataType::longType()),
       {ValueMap{{"k", i64(1)}}, Value::null()}},
      {DataType::structType({{"a", DataType::doubleType()}, {"b", DataType::string()}}),
       {ValueList{1.5, "2"}, Value::null()}},
  };
  std::vector<TypePtr> targets;
  for (const auto& s : samples) targets.push_back(s.type);
  targets.push_back(DataType::decimal(3, 1));
  targets.push_back(DataType::array(DataType::string()));
  targets.push_back(DataType::map(DataType::string(), DataType::string()));
  targets.push_back(DataType::structType({{"x", DataType::integer()}, {"y", DataType::date()}}));
  int pairs = 0;
  for (const auto& from : samples) {
    for (const auto& to : targets) {
      if (!canCast(*from.type, *to)) continue;
      ++pairs;
      for (const char* zone : {"UTC", "America/Los_Angeles", "+02:00"}) {
        std::vector<Value> out;
        ASSERT_NO_THROW(out = castValues(from.type, from.values, to, zone))
            << from.type->simpleString() << " -> " << to->simpleString();
        for (size_t i = 0; i < out.size(); ++i) {
          if (from.values[i].isNull()) {
            EXPECT_TRUE(out[i].isNull());
          }
        }
      }
    }
  }
  EXPECT_GT(pairs, 150);
}

TEST(CastMatrixTest, TimeZoneRulesContinueAfter2037) {
  EXPECT_EQ(
      castToText(DataType::timestamp(), i64(utcMicros(2050, 7, 1, 12)), "America/Los_Angeles"),
      "2050-07-01 05:00:00");
  // DST starts on the second Sunday of March 2040 (the 11th), at 02:00.
  EXPECT_EQ(castOne(DataType::string(), "2040-03-11 01:59:59", DataType::timestamp(),
                    "America/Los_Angeles"),
            i64(utcMicros(2040, 3, 11, 9, 59, 59)));
  EXPECT_EQ(castOne(DataType::string(), "2040-03-11 03:00:00", DataType::timestamp(),
                    "America/Los_Angeles"),
            i64(utcMicros(2040, 3, 11, 10)));
  EXPECT_EQ(castToText(DataType::timestamp(), i64(utcMicros(2100, 1, 15, 12)), "Europe/Paris"),
            "2100-01-15 13:00:00");
  EXPECT_EQ(castToText(DataType::timestamp(), i64(utcMicros(2100, 7, 15, 12)), "Europe/Paris"),
            "2100-07-15 14:00:00");
}

}  // namespace
}  // namespace spate
