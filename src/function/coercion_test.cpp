#include "function/coercion.h"

#include <gtest/gtest.h>

#include "function/decimal_arithmetic.h"

namespace spate {
namespace {

std::string show(const std::optional<TypePtr>& t) { return t ? (*t)->simpleString() : "none"; }

TypePtr dec(int p, int s) { return DataType::decimal(p, s); }

TEST(CoercionTest, WiderTypeFollowsNumericPrecedence) {
  EXPECT_EQ(show(findWiderType(DataType::integer(), DataType::longType())), "bigint");
  EXPECT_EQ(show(findWiderType(DataType::byte(), DataType::shortType())), "smallint");
  EXPECT_EQ(show(findWiderType(DataType::longType(), DataType::floatType())), "float");
  EXPECT_EQ(show(findWiderType(DataType::integer(), DataType::doubleType())), "double");
  EXPECT_EQ(show(findWiderType(DataType::floatType(), DataType::doubleType())), "double");
}

TEST(CoercionTest, WiderTypeWithDecimals) {
  // A byte fits decimal(5,2) as is (decimal(3,0) needs 3 integer digits); an int needs (10,0).
  EXPECT_EQ(show(findWiderType(DataType::byte(), dec(5, 2))), "decimal(5,2)");
  EXPECT_EQ(show(findWiderType(DataType::integer(), dec(5, 2))), "decimal(12,2)");
  EXPECT_EQ(show(findWiderType(DataType::longType(), dec(5, 2))), "decimal(22,2)");
  EXPECT_EQ(show(findWiderType(dec(10, 2), dec(5, 4))), "decimal(12,4)");
  EXPECT_EQ(show(findWiderType(dec(38, 0), dec(38, 38))), "decimal(38,38)");
  EXPECT_EQ(show(findWiderType(dec(10, 2), DataType::doubleType())), "double");
  EXPECT_EQ(show(findWiderType(DataType::floatType(), dec(10, 2))), "double");
}

TEST(CoercionTest, WiderTypeForOtherAtomicTypes) {
  EXPECT_EQ(show(findWiderType(DataType::date(), DataType::timestamp())), "timestamp");
  EXPECT_EQ(show(findWiderType(DataType::null(), DataType::string())), "string");
  EXPECT_EQ(show(findWiderType(DataType::integer(), DataType::null())), "int");
  EXPECT_EQ(show(findWiderType(DataType::string(), DataType::integer())), "string");
  EXPECT_EQ(show(findWiderType(DataType::date(), DataType::string())), "string");
  // Strings never absorb booleans or binary.
  EXPECT_EQ(show(findWiderType(DataType::string(), DataType::boolean())), "none");
  EXPECT_EQ(show(findWiderType(DataType::binary(), DataType::string())), "none");
  EXPECT_EQ(show(findWiderType(DataType::boolean(), DataType::integer())), "none");
  EXPECT_EQ(show(findWiderType(DataType::integer(), DataType::array(DataType::integer()))), "none");
}

TEST(CoercionTest, WiderTypeForNestedTypes) {
  auto a = findWiderType(DataType::array(DataType::integer(), false),
                         DataType::array(DataType::longType(), false));
  ASSERT_TRUE(a);
  EXPECT_EQ((*a)->simpleString(), "array<bigint>");
  EXPECT_FALSE((*a)->containsNull());
  auto b = findWiderType(DataType::array(DataType::integer(), false),
                         DataType::array(DataType::integer(), true));
  ASSERT_TRUE(b);
  EXPECT_TRUE((*b)->containsNull());
  // String promotion inside arrays; the string → int direction would make elements nullable.
  EXPECT_EQ(show(findWiderType(DataType::array(DataType::string()),
                               DataType::array(DataType::integer()))),
            "array<string>");
  auto s = findWiderType(DataType::structType({{"a", DataType::integer(), false}}),
                         DataType::structType({{"A", DataType::longType(), true}}));
  ASSERT_TRUE(s);
  EXPECT_EQ((*s)->simpleString(), "struct<a:bigint>");
  EXPECT_TRUE((*s)->fields()[0].nullable);
  EXPECT_EQ(show(findWiderType(DataType::structType({{"a", DataType::integer(), true}}),
                               DataType::structType({{"b", DataType::integer(), true}}))),
            "none");
  EXPECT_EQ(show(findWiderType(DataType::map(DataType::integer(), DataType::integer()),
                               DataType::map(DataType::longType(), DataType::doubleType()))),
            "map<bigint,double>");
}

TEST(CoercionTest, WiderTypeOfManyFoldsStringsFirst) {
  // (timestamp, int) alone has no wider type, but with a string everything becomes a string.
  EXPECT_EQ(show(findWiderType({DataType::timestamp(), DataType::integer(), DataType::string()})),
            "string");
  EXPECT_EQ(show(findWiderType({DataType::integer(), DataType::null(), DataType::longType()})),
            "bigint");
  EXPECT_EQ(show(findWiderType({DataType::integer(), DataType::boolean()})), "none");
  EXPECT_EQ(show(findWiderTypeWithoutStringPromotion({DataType::integer(), DataType::string()})),
            "none");
  EXPECT_EQ(show(findWiderTypeWithoutStringPromotion({DataType::integer(), dec(5, 2)})),
            "decimal(12,2)");
}

TEST(CoercionTest, ComparisonOperandTypes) {
  // Spark 3.5 PromoteStrings: the string side is cast to the other side's atomic type, except
  // decimals (compared as doubles).
  EXPECT_EQ(show(comparisonOperandType(DataType::string(), DataType::integer())), "int");
  EXPECT_EQ(show(comparisonOperandType(DataType::longType(), DataType::string())), "bigint");
  EXPECT_EQ(show(comparisonOperandType(DataType::string(), dec(10, 2))), "double");
  EXPECT_EQ(show(comparisonOperandType(DataType::string(), DataType::date())), "date");
  EXPECT_EQ(show(comparisonOperandType(DataType::timestamp(), DataType::string())), "timestamp");
  EXPECT_EQ(show(comparisonOperandType(DataType::string(), DataType::boolean())), "boolean");
  EXPECT_EQ(show(comparisonOperandType(DataType::string(), DataType::null())), "string");
  EXPECT_EQ(show(comparisonOperandType(DataType::date(), DataType::timestamp())), "timestamp");
  EXPECT_EQ(show(comparisonOperandType(DataType::integer(), DataType::longType())), "bigint");
  EXPECT_EQ(show(comparisonOperandType(DataType::integer(), dec(5, 2))), "decimal(12,2)");
  EXPECT_EQ(show(comparisonOperandType(dec(5, 2), dec(7, 1))), "decimal(8,2)");
  EXPECT_EQ(show(comparisonOperandType(DataType::doubleType(), dec(5, 2))), "double");
  EXPECT_EQ(show(comparisonOperandType(DataType::integer(), DataType::boolean())), "none");
  EXPECT_EQ(show(comparisonOperandType(DataType::array(DataType::integer()),
                                       DataType::array(DataType::string()))),
            "none");
  EXPECT_EQ(show(comparisonOperandType(DataType::array(DataType::integer()),
                                       DataType::array(DataType::longType()))),
            "array<bigint>");
  EXPECT_EQ(show(comparisonOperandType(DataType::string(), DataType::interval())), "none");
}

TEST(CoercionTest, ArithmeticOperandTypes) {
  EXPECT_EQ(show(arithmeticOperandType(DataType::string(), DataType::integer())), "double");
  EXPECT_EQ(show(arithmeticOperandType(DataType::integer(), DataType::longType())), "bigint");
  EXPECT_EQ(show(arithmeticOperandType(DataType::byte(), DataType::byte())), "tinyint");
  EXPECT_EQ(show(arithmeticOperandType(DataType::null(), DataType::null())), "double");
  EXPECT_EQ(show(arithmeticOperandType(DataType::null(), DataType::integer())), "int");
  EXPECT_EQ(show(arithmeticOperandType(DataType::integer(), dec(5, 2))), "decimal(12,2)");
  EXPECT_EQ(show(arithmeticOperandType(DataType::doubleType(), dec(5, 2))), "double");
  EXPECT_EQ(show(arithmeticOperandType(DataType::boolean(), DataType::integer())), "none");
  EXPECT_EQ(show(arithmeticOperandType(DataType::date(), DataType::integer())), "none");
}

TEST(CoercionTest, DecimalTypeRules) {
  EXPECT_EQ(decimalForType(*DataType::byte())->simpleString(), "decimal(3,0)");
  EXPECT_EQ(decimalForType(*DataType::shortType())->simpleString(), "decimal(5,0)");
  EXPECT_EQ(decimalForType(*DataType::integer())->simpleString(), "decimal(10,0)");
  EXPECT_EQ(decimalForType(*DataType::longType())->simpleString(), "decimal(20,0)");
  EXPECT_EQ(decimalForType(*DataType::doubleType())->simpleString(), "decimal(30,15)");
  EXPECT_EQ(decimalForIntegralLiteral(0)->simpleString(), "decimal(1,0)");
  EXPECT_EQ(decimalForIntegralLiteral(-25)->simpleString(), "decimal(2,0)");
  EXPECT_EQ(decimalForIntegralLiteral(INT64_MIN)->simpleString(), "decimal(19,0)");
  EXPECT_EQ(adjustPrecisionScale(20, 5)->simpleString(), "decimal(20,5)");
  EXPECT_EQ(adjustPrecisionScale(40, 10)->simpleString(), "decimal(38,8)");
  EXPECT_EQ(adjustPrecisionScale(60, 4)->simpleString(), "decimal(38,4)");
  EXPECT_EQ(adjustPrecisionScale(77, 36)->simpleString(), "decimal(38,6)");
}

// Result types from Spark's DecimalPrecisionSuite (d1 = decimal(2,1), d2 = decimal(5,2)).
TEST(CoercionTest, DecimalPrecisionSuiteResultTypes) {
  auto d1 = dec(2, 1), d2 = dec(5, 2);
  EXPECT_EQ(decimalAddType(*d1, *d2)->simpleString(), "decimal(6,2)");
  EXPECT_EQ(decimalMultiplyType(*d1, *d2)->simpleString(), "decimal(8,3)");
  EXPECT_EQ(decimalDivideType(*d1, *d2)->simpleString(), "decimal(10,7)");
  EXPECT_EQ(decimalDivideType(*d2, *d1)->simpleString(), "decimal(10,6)");
  EXPECT_EQ(decimalRemainderType(*d1, *d2)->simpleString(), "decimal(3,2)");
  EXPECT_EQ(decimalRemainderType(*d2, *d1)->simpleString(), "decimal(3,2)");
  EXPECT_EQ(decimalAddType(*decimalAddType(*d1, *d2), *d1)->simpleString(), "decimal(7,2)");
  EXPECT_EQ(decimalAddType(*decimalAddType(*d1, *d1), *d1)->simpleString(), "decimal(4,1)");
  EXPECT_EQ(decimalMultiplyType(*decimalMultiplyType(*d1, *d1), *d2)->simpleString(),
            "decimal(11,4)");
  EXPECT_EQ(decimalDivideType(*d2, *decimalAddType(*d1, *d1))->simpleString(), "decimal(10,6)");
  // Maximum precision: allowPrecisionLoss keeps at least 6 fraction digits.
  auto m = dec(38, 18);
  EXPECT_EQ(decimalAddType(*m, *m)->simpleString(), "decimal(38,17)");
  EXPECT_EQ(decimalMultiplyType(*m, *m)->simpleString(), "decimal(38,6)");
  EXPECT_EQ(decimalDivideType(*m, *m)->simpleString(), "decimal(38,6)");
}

}  // namespace
}  // namespace spate
