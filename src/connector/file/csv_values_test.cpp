#include "connector/file/csv_values.h"

#include <gtest/gtest.h>

#include <cmath>

namespace spate {
namespace {

TEST(CsvValuesTest, IntegralsFollowJavaParseInt) {
  EXPECT_EQ(parseJavaInt("123"), 123);
  EXPECT_EQ(parseJavaInt("+7"), 7);
  EXPECT_EQ(parseJavaInt("-0"), 0);
  EXPECT_EQ(parseJavaInt("007"), 7);
  EXPECT_EQ(parseJavaInt("2147483647"), 2147483647);
  EXPECT_EQ(parseJavaInt("-2147483648"), INT32_MIN);
  EXPECT_FALSE(parseJavaInt("2147483648"));
  EXPECT_FALSE(parseJavaInt(" 1"));
  EXPECT_FALSE(parseJavaInt("1 "));
  EXPECT_FALSE(parseJavaInt("1.0"));
  EXPECT_FALSE(parseJavaInt(""));
  EXPECT_FALSE(parseJavaInt("-"));
  EXPECT_FALSE(parseJavaInt("+"));
  EXPECT_FALSE(parseJavaInt("1e3"));
  EXPECT_EQ(parseJavaLong("9223372036854775807"), INT64_MAX);
  EXPECT_EQ(parseJavaLong("-9223372036854775808"), INT64_MIN);
  EXPECT_FALSE(parseJavaLong("9223372036854775808"));
  EXPECT_FALSE(parseJavaLong("-9223372036854775809"));
  EXPECT_FALSE(parseJavaLong("99999999999999999999999"));
  EXPECT_EQ(parseJavaIntegral("127", -128, 127), 127);
  EXPECT_FALSE(parseJavaIntegral("128", -128, 127));
  EXPECT_EQ(parseJavaIntegral("-32768", -32768, 32767), -32768);
}

TEST(CsvValuesTest, DoublesFollowJavaParseDouble) {
  EXPECT_EQ(parseJavaDouble("1.5"), 1.5);
  EXPECT_EQ(parseJavaDouble("1 "), 1.0);  // Java trims blanks
  EXPECT_EQ(parseJavaDouble("\t-2.5e3\n"), -2500.0);
  EXPECT_EQ(parseJavaDouble("1d"), 1.0);
  EXPECT_EQ(parseJavaDouble("2.5F"), 2.5);
  EXPECT_EQ(parseJavaDouble(".5"), 0.5);
  EXPECT_EQ(parseJavaDouble("1."), 1.0);
  EXPECT_EQ(parseJavaDouble("+3"), 3.0);
  EXPECT_EQ(parseJavaDouble("0x1p3"), 8.0);
  EXPECT_EQ(parseJavaDouble("0x1.8P1"), 3.0);
  EXPECT_EQ(parseJavaDouble("-Infinity"), -INFINITY);
  EXPECT_TRUE(std::isnan(*parseJavaDouble("NaN")));
  EXPECT_EQ(parseJavaDouble("1e400"), INFINITY);
  EXPECT_EQ(parseJavaDouble("1e-400"), 0.0);
  EXPECT_TRUE(std::signbit(*parseJavaDouble("-0.0")));
  EXPECT_FALSE(parseJavaDouble("inf"));
  EXPECT_FALSE(parseJavaDouble("Inf"));
  EXPECT_FALSE(parseJavaDouble("nan"));
  EXPECT_FALSE(parseJavaDouble("1,5"));
  EXPECT_FALSE(parseJavaDouble("1e"));
  EXPECT_FALSE(parseJavaDouble("."));
  EXPECT_FALSE(parseJavaDouble(""));
  EXPECT_FALSE(parseJavaDouble("   "));
  EXPECT_FALSE(parseJavaDouble("0x1"));  // hex needs the binary exponent
  EXPECT_FALSE(parseJavaDouble("1dd"));
  EXPECT_EQ(parseJavaFloat("0.1"), 0.1f);
  EXPECT_EQ(parseJavaFloat("1e39"), INFINITY);
}

TEST(CsvValuesTest, BooleansIgnoreCase) {
  EXPECT_EQ(parseJavaBoolean("true"), true);
  EXPECT_EQ(parseJavaBoolean("TRUE"), true);
  EXPECT_EQ(parseJavaBoolean("False"), false);
  EXPECT_FALSE(parseJavaBoolean("1"));
  EXPECT_FALSE(parseJavaBoolean("yes"));
  EXPECT_FALSE(parseJavaBoolean(" true"));
  EXPECT_FALSE(parseJavaBoolean("tru"));
}

TEST(CsvValuesTest, BigDecimalPrecisionAndScale) {
  auto d = parseBigDecimal("12345678901234567890");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->precision(), 20);
  EXPECT_EQ(d->scale(), 0);
  d = parseBigDecimal("-001.50");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->precision(), 3);  // unscaled 150
  EXPECT_EQ(d->scale(), 2);
  d = parseBigDecimal("1.5e1");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->scale(), 0);
  EXPECT_EQ(d->precision(), 2);
  d = parseBigDecimal("1e5");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->scale(), -5);
  EXPECT_EQ(parseBigDecimal("0")->precision(), 1);
  EXPECT_TRUE(parseBigDecimal("123."));
  EXPECT_TRUE(parseBigDecimal(".5"));
  EXPECT_FALSE(parseBigDecimal("."));
  EXPECT_FALSE(parseBigDecimal("1,000"));
  EXPECT_FALSE(parseBigDecimal(" 1"));
  EXPECT_FALSE(parseBigDecimal("1e"));
  EXPECT_FALSE(parseBigDecimal("1e99999999999"));
  EXPECT_FALSE(parseBigDecimal("NaN"));
}

TEST(CsvValuesTest, DecimalConversionRoundsHalfUp) {
  EXPECT_EQ(parseCsvDecimal("1.005", 10, 2), Int128{101});
  EXPECT_EQ(parseCsvDecimal("-1.005", 10, 2), Int128{-101});
  EXPECT_EQ(parseCsvDecimal("1.004", 10, 2), Int128{100});
  EXPECT_EQ(parseCsvDecimal("12", 5, 2), Int128{1200});
  EXPECT_EQ(parseCsvDecimal("1,234.5", 10, 1), Int128{12345});  // Locale.US drops commas
  EXPECT_EQ(parseCsvDecimal("1e2", 5, 0), Int128{100});
  EXPECT_EQ(parseCsvDecimal("0.0000001", 3, 2), Int128{0});
  EXPECT_EQ(parseCsvDecimal("0.005", 3, 2), Int128{1});
  EXPECT_EQ(parseCsvDecimal("99.995", 4, 2), std::nullopt);  // rounds to 100.00
  EXPECT_EQ(parseCsvDecimal("99.994", 4, 2), Int128{9999});
  EXPECT_EQ(parseCsvDecimal("123456", 5, 0), std::nullopt);
  EXPECT_EQ(parseCsvDecimal("abc", 5, 0), std::nullopt);
  EXPECT_EQ(parseCsvDecimal("0e999999", 5, 2), Int128{0});
  EXPECT_EQ(parseCsvDecimal("1e999999", 38, 0), std::nullopt);
  Int128 max38 = 1;
  for (int i = 0; i < 38; ++i) max38 *= 10;
  EXPECT_EQ(parseCsvDecimal(std::string(38, '9'), 38, 0), max38 - 1);
}

}  // namespace
}  // namespace spate
