#include "vector/json_options.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "vector/json_text.h"

namespace spate {
namespace {

constexpr int64_t kNewYear2024 = 1704067200LL * 1000000;  // 2024-01-01 00:00:00 UTC

TEST(DateTimePatternTest, FormatsAsJavaTime) {
  auto spark = DateTimePattern::compile("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", false);
  EXPECT_EQ(spark->formatTimestamp(kNewYear2024 + 123456, *TimeZone::utc()),
            "2024-01-01T00:00:00.123Z");
  EXPECT_EQ(spark->formatTimestamp(kNewYear2024, *TimeZone::of("+05:30")),
            "2024-01-01T05:30:00.000+05:30");
  EXPECT_EQ(spark->formatTimestamp(kNewYear2024, *TimeZone::of("America/Los_Angeles")),
            "2023-12-31T16:00:00.000-08:00");
  EXPECT_EQ(spark->formatTimestamp(-1, *TimeZone::utc()), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(DateTimePattern::compile("dd MMM yy, h:mm a, EEEE", false)
                ->formatTimestamp(kNewYear2024 + 13 * kMicrosPerHour, *TimeZone::utc()),
            "01 Jan 24, 1:00 PM, Monday");
  EXPECT_EQ(DateTimePattern::compile("MMMM d, D", false)
                ->formatTimestamp(kNewYear2024 + 40 * kMicrosPerDay, *TimeZone::utc()),
            "February 10, 41");
  EXPECT_EQ(DateTimePattern::compile("HH:mm xx Z X", false)
                ->formatTimestamp(kNewYear2024, *TimeZone::utc()),
            "00:00 +0000 +0000 Z");
  EXPECT_EQ(DateTimePattern::compile("yyyy-MM-dd", false)->formatDate(19782), "2024-02-29");
  EXPECT_EQ(DateTimePattern::compile("yyyy-MM-dd", false)->formatDate(daysFromCivil(12345, 1, 2)),
            "+12345-01-02");
  EXPECT_EQ(DateTimePattern::compile("''yyyy''", false)->formatDate(0), "'1970'");
  EXPECT_EQ(
      DateTimePattern::compile("'at' HH 'o''clock'", false)->formatTimestamp(0, *TimeZone::utc()),
      "at 00 o'clock");
}

TEST(DateTimePatternTest, ParsesStrictly) {
  auto p = DateTimePattern::compile("dd/MM/yyyy HH:mm[:ss][.SSS]", true);
  EXPECT_EQ(p->parseTimestamp("01/01/2024 00:00", *TimeZone::utc()), kNewYear2024);
  EXPECT_EQ(p->parseTimestamp("01/01/2024 00:00:05.5", *TimeZone::utc()), kNewYear2024 + 5500000);
  EXPECT_EQ(p->parseTimestamp("01/01/2024 01:00", *TimeZone::of("+01:00")), kNewYear2024);
  EXPECT_EQ(p->parseTimestamp("1/1/2024 00:00", *TimeZone::utc()), std::nullopt);
  EXPECT_EQ(p->parseTimestamp("01/01/2024 00:00 extra", *TimeZone::utc()), std::nullopt);
  EXPECT_EQ(p->parseTimestamp("31/02/2024 00:00", *TimeZone::utc()), std::nullopt);
  EXPECT_EQ(p->parseTimestamp("01/01/2024 24:00", *TimeZone::utc()), std::nullopt);
  auto zoned = DateTimePattern::compile("yyyy-MM-dd'T'HH:mm:ssXXX", true);
  EXPECT_EQ(zoned->parseTimestamp("2024-01-01T02:00:00+02:00", *TimeZone::utc()), kNewYear2024);
  EXPECT_EQ(zoned->parseTimestamp("2024-01-01T00:00:00Z", *TimeZone::of("+09:00")), kNewYear2024);
  auto twelve = DateTimePattern::compile("yyyy-MM-dd hh:mm a", true);
  EXPECT_EQ(twelve->parseTimestamp("2024-01-01 12:30 am", *TimeZone::utc()),
            kNewYear2024 + 30 * kMicrosPerMinute);
  EXPECT_EQ(twelve->parseTimestamp("2024-01-01 01:00 PM", *TimeZone::utc()),
            kNewYear2024 + 13 * kMicrosPerHour);
  EXPECT_EQ(DateTimePattern::compile("MMM d yyyy", true)->parseDate("feb 29 2024"), 19782);
  EXPECT_EQ(DateTimePattern::compile("yy-MM-dd", true)->parseDate("24-02-29"), 19782);
  EXPECT_EQ(DateTimePattern::compile("yyyyMMdd", true)->parseDate("20240229"), 19782);
}

TEST(DateTimePatternTest, RejectsUnknownLetters) {
  EXPECT_THROW(DateTimePattern::compile("yyyy-bb", true), IllegalArgumentException);
  EXPECT_THROW(DateTimePattern::compile("'open", true), IllegalArgumentException);
}

TEST(JsonOptionsTest, FromMap) {
  JsonOptions o = JsonOptions::fromMap({{"MODE", "dropMalformed"},
                                        {"columnNameOfCorruptRecord", "bad"},
                                        {"timeZone", "Europe/Paris"},
                                        {"primitivesAsString", "TRUE"},
                                        {"multiLine", "true"},
                                        {"timestampFormat", "yyyy"},
                                        {"unknownOption", "x"}});
  EXPECT_EQ(o.mode, JsonParseMode::kDropMalformed);
  EXPECT_EQ(o.columnNameOfCorruptRecord, "bad");
  EXPECT_EQ(o.timeZone->id(), "Europe/Paris");
  EXPECT_TRUE(o.primitivesAsString);
  EXPECT_TRUE(o.multiLine);
  EXPECT_EQ(o.timestampFormat->pattern(), "yyyy");
  EXPECT_EQ(JsonOptions::fromMap({{"mode", "nonsense"}}).mode, JsonParseMode::kPermissive);
  EXPECT_THROW(JsonOptions::fromMap({{"multiLine", "yes"}}), IllegalArgumentException);
  EXPECT_THROW(JsonOptions::fromMap({{"timeZone", "Mars/Olympus"}}), IllegalArgumentException);
}

TEST(JsonTextTest, EscapingAndNumbers) {
  std::string out;
  appendJsonString(out, std::string("a\"b\\c/\b\f\n\r\t\x01\x1f\x7f\xc3\xa9", 16));
  EXPECT_EQ(out, "\"a\\\"b\\\\c/\\b\\f\\n\\r\\t\\u0001\\u001F\x7f\xc3\xa9\"");
  auto canonical = [](std::string_view token) {
    std::string s;
    appendCanonicalJsonNumber(s, token, classifyJsonNumber(token));
    return s;
  };
  EXPECT_EQ(canonical("-0"), "0");
  EXPECT_EQ(canonical("100"), "100");
  EXPECT_EQ(canonical("1.0"), "1.0");
  EXPECT_EQ(canonical("1E2"), "100.0");
  EXPECT_EQ(canonical("0.00001"), "1.0E-5");
  EXPECT_EQ(canonical("123456789.125"), "1.23456789125E8");
  EXPECT_EQ(canonical("-1e999"), "\"-Infinity\"");
  EXPECT_EQ(classifyJsonNumber("01"), JsonNumberKind::kInvalid);
  EXPECT_EQ(classifyJsonNumber("1."), JsonNumberKind::kInvalid);
  EXPECT_EQ(classifyJsonNumber(".5"), JsonNumberKind::kInvalid);
  EXPECT_EQ(classifyJsonNumber("+1"), JsonNumberKind::kInvalid);
  EXPECT_EQ(classifyJsonNumber("-"), JsonNumberKind::kInvalid);
  EXPECT_EQ(classifyJsonNumber("1e+5"), JsonNumberKind::kFloat);
}

TEST(JsonTextTest, DecimalsAndBase64) {
  EXPECT_EQ(javaBigDecimalString(150, 2), "1.50");
  EXPECT_EQ(javaBigDecimalString(-5, 3), "-0.005");
  EXPECT_EQ(javaBigDecimalString(1, 7), "1E-7");
  EXPECT_EQ(javaBigDecimalString(0, 10), "0E-10");
  EXPECT_EQ(javaBigDecimalString(123, 0), "123");
  EXPECT_EQ(javaBigDecimalString(12, -3), "1.2E+4");
  EXPECT_EQ(parseDecimalText("2.345", 4, 2), Int128{235});
  EXPECT_EQ(parseDecimalText("-2.344", 4, 2), Int128{-234});
  EXPECT_EQ(parseDecimalText("99.995", 4, 2), std::nullopt);
  EXPECT_EQ(parseDecimalText("1e-9", 4, 2), Int128{0});
  EXPECT_EQ(parseDecimalText(".5", 2, 1), Int128{5});
  EXPECT_EQ(parseDecimalText("abc", 4, 2), std::nullopt);
  EXPECT_EQ(decimalPrecisionScale("0.001"), std::make_pair(1, 3));
  EXPECT_EQ(decimalPrecisionScale("1.50"), std::make_pair(3, 2));
  EXPECT_EQ(decimalPrecisionScale("1e3"), std::make_pair(1, -3));
  EXPECT_EQ(base64Encode(""), "");
  EXPECT_EQ(base64Encode("f"), "Zg==");
  EXPECT_EQ(base64Encode("fo"), "Zm8=");
  EXPECT_EQ(base64Encode("foo"), "Zm9v");
  std::string decoded;
  EXPECT_TRUE(base64Decode("Zm9v YmE=", decoded));
  EXPECT_EQ(decoded, "fooba");
  EXPECT_FALSE(base64Decode("Zm9", decoded));
  EXPECT_FALSE(base64Decode("Zg==Zg==", decoded));
  EXPECT_FALSE(base64Decode("Z===", decoded));
}

TEST(JsonTextTest, UnescapeExtentAndRepair) {
  std::string s;
  EXPECT_TRUE(unescapeJsonString(R"("a\u00e9\ud83d\ude00\/")", s));
  EXPECT_EQ(s, "aé😀/");
  EXPECT_TRUE(unescapeJsonString(R"('it\'s')", s));
  EXPECT_EQ(s, "it's");
  EXPECT_TRUE(unescapeJsonString(R"("\udc00")", s));
  EXPECT_EQ(s, "?");
  EXPECT_FALSE(unescapeJsonString(R"("\q")", s));
  EXPECT_FALSE(unescapeJsonString(R"("\u12")", s));
  EXPECT_EQ(jsonValueExtent(R"( {"a":"}"} x)"), 10u);
  EXPECT_EQ(jsonValueExtent(R"([1,{]})"), std::string_view::npos);
  EXPECT_EQ(jsonValueExtent("5"), std::string_view::npos);
  JsonOptions o;
  EXPECT_FALSE(repairJsonText(R"({"a":"b"})", o, s));
  EXPECT_TRUE(repairJsonText(R"({'a':'say "x"'})", o, s));
  EXPECT_EQ(s, R"({"a":"say \"x\""})");
  EXPECT_TRUE(repairJsonText("{\"a\":\"\xff\"}", o, s));
  EXPECT_EQ(s, "{\"a\":\"\xEF\xBF\xBD\"}");
  EXPECT_TRUE(repairJsonText(R"({"a":NaN,"Infinity":-Infinity})", o, s));
  EXPECT_EQ(s, R"({"a":"NaN","Infinity":"-Infinity"})");
  EXPECT_TRUE(isBlankJson(" \t\r\n"));
  EXPECT_FALSE(isBlankJson(" x"));
}

}  // namespace
}  // namespace spate
