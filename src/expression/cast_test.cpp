// Cast.canCast, makeCast and nested casts (Spark 3.5, non-ANSI).
#include <gtest/gtest.h>

#include "common/error.h"
#include "expression/cast_test_util.h"

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
