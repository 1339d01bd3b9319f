#include <gtest/gtest.h>

#include <limits>

#include "common/error.h"
#include "function/aggregate_harness.h"
#include "function/aggregate_kernel.h"

namespace spate::agg {
namespace {

const Value kNull = Value::null();
const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

std::string bindError(const std::string& name, std::vector<ExprPtr> args) {
  try {
    bindAggregate(name, std::move(args));
  } catch (const AnalysisException& e) {
    return e.what();
  }
  return "no error";
}

bool isNaN(const Value& v) { return !v.isNull() && std::isnan(v.asDouble()); }

// ---- min / max
// -----------------------------------------------------------------------------------

TEST(MinMaxTest, Longs) {
  ColumnPtr c = longs({3, std::nullopt, -7, 10, 10, 0});
  expectAggregate("min", {c}, Value(int64_t{-7}));
  expectAggregate("max", {c}, Value(int64_t{10}));
  expectAggregate("max", {longs({4})}, Value(int64_t{4}));
  expectAggregate("min", {longs({std::nullopt, std::nullopt})}, kNull);
  expectAggregate("max", {longs({})}, kNull);
  BoundAggregate agg = bindAggregate("max", columnRefs({DataType::longType()}));
  EXPECT_TRUE(agg.resultType->equals(*DataType::longType()));
  EXPECT_TRUE(agg.nullable);
}

TEST(MinMaxTest, SmallIntegralsKeepTheirType) {
  ColumnPtr c = column(DataType::byte(), {Value(-128), Value(127), Value(0)});
  expectAggregate("min", {c}, Value(int64_t{-128}));
  expectAggregate("max", {c}, Value(int64_t{127}));
  EXPECT_TRUE(
      bindAggregate("min", columnRefs({DataType::byte()})).resultType->equals(*DataType::byte()));
}

TEST(MinMaxTest, DoublesOrderNaNAboveInfinity) {
  ColumnPtr c = doubles({1.0, kNaN, -kInf, std::nullopt, kInf, 2.0});
  expectAggregate("min", {c}, Value(-kInf));
  BoundAggregate max = bindAggregate("max", columnRefs({DataType::doubleType()}));
  for (const RunOptions& o : allRunOptions()) {
    EXPECT_TRUE(isNaN(runAggregate(max, {c}, 6, o))) << describe(o);
  }
  expectAggregate("min", {doubles({kNaN, 3.0})}, Value(3.0));
  BoundAggregate min = bindAggregate("min", columnRefs({DataType::doubleType()}));
  EXPECT_TRUE(isNaN(runAggregate(min, {doubles({kNaN, kNaN})}, 2)));
  // -0.0 equals 0.0: the first one seen is kept.
  Value zero = runAggregate(max, {doubles({-0.0, 0.0})}, 2);
  EXPECT_TRUE(std::signbit(zero.asDouble()));
  ColumnPtr floats = column(DataType::floatType(), {Value(1.5), Value(kNaN), Value(-2.5)});
  expectAggregate("min", {floats}, Value(-2.5));
}

TEST(MinMaxTest, StringsCompareBytewise) {
  // "Z" (0x5A) < "a" (0x61) < "ab" < "b" < "é" (0xC3 0xA9): UTF-8 byte order.
  ColumnPtr c = strings({"b", "a", "ab", std::nullopt, "\xC3\xA9", "Z", ""});
  expectAggregate("min", {c}, Value(""));
  expectAggregate("max", {c}, Value("\xC3\xA9"));
  expectAggregate("min", {strings({"b", "a", "ab", "Z"})}, Value("Z"));
  expectAggregate("max", {strings({"ab", "a"})}, Value("ab"));
  expectAggregate("max", {strings({std::nullopt})}, kNull);
  // Long values outgrow a slot's buffer and shrink again.
  std::string longValue(100, 'x');
  expectAggregate("max", {strings({"a", longValue, "b"})}, Value(longValue));
  expectAggregate("min", {strings({longValue, "y", "a"})}, Value("a"));
}

TEST(MinMaxTest, BinaryIsUnsigned) {
  ColumnPtr c =
      column(DataType::binary(), {Value(std::string("\x01", 1)), Value(std::string("\xff", 1)),
                                  Value(std::string("\x00\x02", 2))});
  expectAggregate("min", {c}, Value(std::string("\x00\x02", 2)));
  expectAggregate("max", {c}, Value(std::string("\xff", 1)));
}

TEST(MinMaxTest, DatesTimestampsDecimalsBooleans) {
  ColumnPtr dates = column(DataType::date(), {Value(19000), Value(-5), kNull, Value(19500)});
  expectAggregate("min", {dates}, Value(int64_t{-5}));
  expectAggregate("max", {dates}, Value(int64_t{19500}));
  ColumnPtr timestamps =
      column(DataType::timestamp(), {Value(int64_t{1700000000000000}), Value(int64_t{-1}), kNull});
  expectAggregate("min", {timestamps}, Value(int64_t{-1}));
  expectAggregate("max", {timestamps}, Value(int64_t{1700000000000000}));
  TypePtr decimal = DataType::decimal(38, 2);
  Int128 huge = Int128{1} << 100;
  ColumnPtr decimals = column(decimal, {Value(Int128{5}), Value(huge), Value(-huge)});
  expectAggregate("min", {decimals}, Value(-huge));
  expectAggregate("max", {decimals}, Value(huge));
  ColumnPtr booleans = column(DataType::boolean(), {Value(true), kNull, Value(false)});
  expectAggregate("min", {booleans}, Value(false));
  expectAggregate("max", {booleans}, Value(true));
}

TEST(MinMaxTest, ArraysAndStructs) {
  TypePtr arrayType = DataType::array(DataType::longType());
  // [0, 5] < [1] < [1, NULL] < [1, 2]: element-wise, NULL first, shorter prefix first.
  ColumnPtr arrays = column(arrayType, {Value(ValueList{Value(int64_t{1})}),
                                        Value(ValueList{Value(int64_t{1}), Value(int64_t{2})}),
                                        Value(ValueList{Value(int64_t{1}), kNull}), kNull,
                                        Value(ValueList{Value(int64_t{0}), Value(int64_t{5})})});
  expectAggregate("min", {arrays}, Value(ValueList{Value(int64_t{0}), Value(int64_t{5})}));
  expectAggregate("max", {arrays}, Value(ValueList{Value(int64_t{1}), Value(int64_t{2})}));
  TypePtr structType =
      DataType::structType({{"a", DataType::string(), true}, {"b", DataType::doubleType(), true}});
  ColumnPtr structs = column(structType, {Value(ValueList{Value("x"), Value(2.0)}),
                                          Value(ValueList{Value("x"), Value(kNaN)}),
                                          Value(ValueList{Value("w"), Value(9.0)})});
  expectAggregate("min", {structs}, Value(ValueList{Value("w"), Value(9.0)}));
  Value max = runAggregate(bindAggregate("max", columnRefs({structType})), {structs}, 3);
  EXPECT_EQ(max.asList()[0], Value("x"));
  EXPECT_TRUE(std::isnan(max.asList()[1].asDouble()));
}

TEST(MinMaxTest, MapsAreNotOrderable) {
  TypePtr mapType = DataType::map(DataType::string(), DataType::integer());
  auto ref = std::make_shared<Expr>();
  ref->kind = ExprKind::kColumnRef;
  ref->columnIndex = 0;
  ref->type = mapType;
  ref->functionName = "m";
  EXPECT_EQ(bindError("max", {ref}),
            "[DATATYPE_MISMATCH.INVALID_ORDERING_TYPE] Cannot resolve \"max(m)\" due to data type "
            "mismatch: The `max` does not support ordering on type \"MAP<STRING, INT>\".");
}

TEST(MinMaxTest, GroupedStatesInOneUpdate) {
  BoundAggregate agg = bindAggregate("max", columnRefs({DataType::string()}));
  auto values = runGrouped(agg, {strings({"a", "c", "b", std::nullopt, "a"})}, {0, 1, 0, 2, 1}, 3);
  EXPECT_EQ(values, (std::vector<Value>{Value("b"), Value("c"), kNull}));
}

TEST(BoolAggregateTest, AndOr) {
  ColumnPtr mixed = column(DataType::boolean(), {Value(true), kNull, Value(false)});
  ColumnPtr allTrue = column(DataType::boolean(), {Value(true), kNull, Value(true)});
  for (const char* name : {"bool_and", "every"}) {
    expectAggregate(name, {mixed}, Value(false));
    expectAggregate(name, {allTrue}, Value(true));
    expectAggregate(name, {column(DataType::boolean(), {kNull})}, kNull);
  }
  for (const char* name : {"bool_or", "some", "any"}) {
    expectAggregate(name, {mixed}, Value(true));
    expectAggregate(name, {column(DataType::boolean(), {Value(false)})}, Value(false));
    expectAggregate(name, {column(DataType::boolean(), {})}, kNull);
  }
  EXPECT_NE(bindError("bool_and", columnRefs({DataType::integer()}))
                .find("requires the \"BOOLEAN\" type"),
            std::string::npos);
}

// ---- first / last
// --------------------------------------------------------------------------------

ExprPtr boolLiteral(bool v) { return makeLiteral(Value(v), DataType::boolean()); }

Value runWith(const std::string& name, const ColumnPtr& input, std::vector<ExprPtr> extra,
              RunOptions options = {}) {
  std::vector<ExprPtr> args = columnRefs({input->type()});
  for (auto& e : extra) args.push_back(e);
  BoundAggregate agg = bindAggregate(name, std::move(args));
  return runAggregate(agg, {input}, input->size(), options);
}

TEST(FirstLastTest, RespectAndIgnoreNulls) {
  ColumnPtr c = longs({std::nullopt, 1, 2, std::nullopt, 3, std::nullopt});
  for (const RunOptions& o : allRunOptions()) {
    EXPECT_EQ(runWith("first", c, {}, o), kNull) << describe(o);
    EXPECT_EQ(runWith("first", c, {boolLiteral(true)}, o), Value(int64_t{1})) << describe(o);
    EXPECT_EQ(runWith("first", c, {boolLiteral(false)}, o), kNull) << describe(o);
    EXPECT_EQ(runWith("last", c, {}, o), kNull) << describe(o);
    EXPECT_EQ(runWith("last", c, {boolLiteral(true)}, o), Value(int64_t{3})) << describe(o);
    EXPECT_EQ(runWith("first_value", c, {boolLiteral(true)}, o), Value(int64_t{1}));
    EXPECT_EQ(runWith("last_value", c, {boolLiteral(true)}, o), Value(int64_t{3}));
    EXPECT_EQ(runWith("any_value", c, {boolLiteral(true)}, o), Value(int64_t{1}));
  }
  ColumnPtr d = longs({5, std::nullopt, 6});
  expectAggregate("first", {d}, Value(int64_t{5}));
  expectAggregate("last", {d}, Value(int64_t{6}));
  expectAggregate("first", {longs({})}, kNull);
  expectAggregate("last", {longs({std::nullopt})}, kNull);
}

TEST(FirstLastTest, StringsAndNestedValues) {
  ColumnPtr s = strings({std::nullopt, "apple", "banana", std::nullopt});
  for (const RunOptions& o : allRunOptions()) {
    EXPECT_EQ(runWith("first", s, {boolLiteral(true)}, o), Value("apple")) << describe(o);
    EXPECT_EQ(runWith("last", s, {boolLiteral(true)}, o), Value("banana")) << describe(o);
  }
  expectAggregate("last", {strings({"x", "y"})}, Value("y"));
  TypePtr arrayType = DataType::array(DataType::string());
  ColumnPtr arrays = column(arrayType, {Value(ValueList{Value("a"), kNull}), Value(ValueList{})});
  expectAggregate("first", {arrays}, Value(ValueList{Value("a"), kNull}));
  expectAggregate("last", {arrays}, Value(ValueList{}));
}

TEST(FirstLastTest, SecondArgumentMustBeABooleanLiteral) {
  ColumnPtr c = longs({1});
  EXPECT_EQ(bindError("first", {makeColumnRef(0, DataType::longType()),
                                makeColumnRef(1, DataType::boolean())}),
            "The second argument in first should be a boolean literal.");
  EXPECT_EQ(bindError("last", {makeColumnRef(0, DataType::longType()),
                               makeLiteral(Value(1), DataType::integer())}),
            "The second argument in last should be a boolean literal.");
  EXPECT_EQ(bindError("first",
                      columnRefs({DataType::longType(), DataType::boolean(), DataType::boolean()})),
            "[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `first` requires [1, 2] parameters but the "
            "actual number is 3.");
}

TEST(FirstLastTest, GroupedStatesInOneUpdate) {
  BoundAggregate agg = bindAggregate("last", columnRefs({DataType::longType()}));
  auto values = runGrouped(agg, {longs({1, 2, 3, std::nullopt})}, {0, 1, 0, 1}, 2);
  EXPECT_EQ(values, (std::vector<Value>{Value(int64_t{3}), kNull}));
}

// ---- min_by / max_by
// -----------------------------------------------------------------------------

TEST(ExtremumByTest, ValueAtExtremeOrdering) {
  ColumnPtr x = strings({"a", "b", "c", "d", std::nullopt, "f"});
  ColumnPtr ord = longs({3, 1, std::nullopt, 1, 5, 3});
  // Ties keep the earlier row; rows with a NULL ordering are skipped; x may be NULL.
  expectAggregate("min_by", {x, ord}, Value("b"));
  expectAggregate("max_by", {x, ord}, kNull);
  expectAggregate("max_by", {strings({"a", "b", "c"}), longs({3, 3, 1})}, Value("a"));
  expectAggregate("min_by", {strings({"a"}), longs({std::nullopt})}, kNull);
  expectAggregate("max_by", {strings({}), longs({})}, kNull);
}

TEST(ExtremumByTest, OrderingByStringsAndDoubles) {
  ColumnPtr x = longs({1, 2, 3});
  expectAggregate("max_by", {x, strings({"b", "c", "a"})}, Value(int64_t{2}));
  expectAggregate("min_by", {x, doubles({0.5, kNaN, -1.0})}, Value(int64_t{3}));
  expectAggregate("max_by", {x, doubles({0.5, kNaN, -1.0})}, Value(int64_t{2}));
  TypePtr arrayType = DataType::array(DataType::integer());
  ColumnPtr arrays = column(arrayType, {Value(ValueList{Value(1)}), Value(ValueList{Value(2)})});
  expectAggregate("max_by", {arrays, longs({7, 6})}, Value(ValueList{Value(int64_t{1})}));
}

}  // namespace
}  // namespace spate::agg
