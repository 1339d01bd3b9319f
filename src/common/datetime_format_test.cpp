// Spark 3 datetime patterns: formatting and parsing of every supported pattern letter.
#include "common/datetime_format.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace spate {
namespace {

int64_t utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0, int64_t us = 0) {
  return int64_t{daysFromCivil(y, mo, d)} * kMicrosPerDay + h * kMicrosPerHour +
         mi * kMicrosPerMinute + s * kMicrosPerSecond + us;
}

std::string fmt(const std::string& pattern, int64_t micros, const std::string& zone = "UTC") {
  return DateTimePattern::compile(pattern, false)->format(micros, *TimeZone::of(zone));
}

std::optional<int64_t> parse(const std::string& pattern, const std::string& text,
                             const std::string& zone = "UTC") {
  return DateTimePattern::compile(pattern, true)->parse(text, *TimeZone::of(zone));
}

std::string compileError(const std::string& pattern, bool forParsing) {
  try {
    DateTimePattern::compile(pattern, forParsing);
  } catch (const IllegalArgumentException& e) {
    return e.what();
  }
  return "<no error>";
}

// Thursday 2021-03-04, the 63rd day of the year.
const int64_t kT = utc(2021, 3, 4, 5, 6, 7, 123456);

TEST(DateTimeFormatTest, DateFields) {
  EXPECT_EQ(fmt("yyyy-MM-dd HH:mm:ss", kT), "2021-03-04 05:06:07");
  EXPECT_EQ(fmt("y", kT), "2021");
  EXPECT_EQ(fmt("yy", kT), "21");
  EXPECT_EQ(fmt("yyy", kT), "2021");
  EXPECT_EQ(fmt("yyyyy", kT), "02021");
  EXPECT_EQ(fmt("yyyyyy", kT), "002021");
  EXPECT_EQ(fmt("M MM MMM MMMM", kT), "3 03 Mar March");
  EXPECT_EQ(fmt("L LL LLL LLLL", kT), "3 03 Mar March");
  EXPECT_EQ(fmt("d dd", kT), "4 04");
  EXPECT_EQ(fmt("D DD DDD", kT), "63 63 063");
  EXPECT_EQ(fmt("D DD DDD", utc(2021, 1, 5)), "5 05 005");
  EXPECT_EQ(fmt("E EE EEE EEEE", kT), "Thu Thu Thu Thursday");
  EXPECT_EQ(fmt("EEEE", utc(2021, 3, 7)), "Sunday");
  EXPECT_EQ(fmt("Q QQ QQQ QQQQ", kT), "1 01 Q1 1st quarter");
  EXPECT_EQ(fmt("q QQQQ", utc(2021, 12, 31)), "4 4th quarter");
  EXPECT_EQ(fmt("G GGGG", kT), "AD Anno Domini");
  EXPECT_EQ(fmt("F", kT), "4");
  EXPECT_EQ(fmt("F", utc(2021, 3, 15)), "1");
  EXPECT_EQ(fmt("MMMM", utc(2021, 9, 1)), "September");
}

TEST(DateTimeFormatTest, TimeFields) {
  EXPECT_EQ(fmt("H HH h hh K KK k kk m mm s ss a", kT), "5 05 5 05 5 05 5 05 6 06 7 07 AM");
  int64_t evening = utc(2021, 3, 4, 17, 0);
  EXPECT_EQ(fmt("H h K k a", evening), "17 5 5 17 PM");
  int64_t midnight = utc(2021, 3, 4);
  EXPECT_EQ(fmt("H h K k a", midnight), "0 12 0 24 AM");
  int64_t noon = utc(2021, 3, 4, 12);
  EXPECT_EQ(fmt("H h K k a", noon), "12 12 0 12 PM");
  EXPECT_EQ(fmt("S SS SSS SSSS SSSSS SSSSSS", kT), "1 12 123 1234 12345 123456");
  EXPECT_EQ(fmt("SSSSSSSSS", kT), "123456000");
  EXPECT_EQ(fmt("ss.SSS", utc(2021, 3, 4, 0, 0, 1, 5000)), "01.005");
}

TEST(DateTimeFormatTest, LiteralsAndSections) {
  EXPECT_EQ(fmt("yyyy'T'HH", kT), "2021T05");
  EXPECT_EQ(fmt("''", kT), "'");
  EXPECT_EQ(fmt("h 'o''clock'", kT), "5 o'clock");
  EXPECT_EQ(fmt("yyyy''MM", kT), "2021'03");
  EXPECT_EQ(fmt("yyyy/MM/dd, HH.mm", kT), "2021/03/04, 05.06");
  EXPECT_EQ(fmt("yyyy[-MM]", kT), "2021-03");
  EXPECT_EQ(fmt("", kT), "");
}

TEST(DateTimeFormatTest, Years) {
  EXPECT_EQ(fmt("yyyy-MM-dd", utc(12345, 1, 2)), "+12345-01-02");
  EXPECT_EQ(fmt("yyyy", utc(-44, 3, 15)), "-0044");
  EXPECT_EQ(fmt("y", utc(-44, 3, 15)), "-44");
  EXPECT_EQ(fmt("yy", utc(-44, 3, 15)), "44");
  EXPECT_EQ(fmt("G yyyy", utc(-44, 3, 15)), "BC 0045");  // with an era, y is the year of era
  EXPECT_EQ(fmt("yyyy", utc(33, 1, 1)), "0033");
  EXPECT_EQ(fmt("yyyy-MM-dd HH:mm:ss.SSSSSS", -1), "1969-12-31 23:59:59.999999");
  EXPECT_EQ(fmt("yyyy-MM-dd HH:mm:ss", utc(1900, 1, 1, 0, 0, 1)), "1900-01-01 00:00:01");
}

TEST(DateTimeFormatTest, ZonesAndOffsets) {
  const std::string la = "America/Los_Angeles";
  int64_t winter = utc(2021, 1, 1, 12);
  EXPECT_EQ(fmt("HH z zzzz", winter, la), "04 PST Pacific Standard Time");
  EXPECT_EQ(fmt("Z ZZ ZZZ ZZZZ ZZZZZ", winter, la), "-0800 -0800 -0800 GMT-08:00 -08:00");
  EXPECT_EQ(fmt("X XX XXX XXXX XXXXX", winter, la), "-08 -0800 -08:00 -0800 -08:00");
  EXPECT_EQ(fmt("x xx xxx xxxx xxxxx", winter, la), "-08 -0800 -08:00 -0800 -08:00");
  EXPECT_EQ(fmt("O OOOO VV", winter, la), "GMT-8 GMT-08:00 America/Los_Angeles");
  int64_t summer = utc(2021, 7, 1, 12);
  EXPECT_EQ(fmt("HH z X", summer, la), "05 PDT -07");
  EXPECT_EQ(fmt("z X x xx xxx Z ZZZZZ O VV", winter, "UTC"),
            "UTC Z +00 +0000 +00:00 +0000 Z GMT UTC");
  EXPECT_EQ(fmt("X XXX O OOOO z", winter, "+05:30"), "+0530 +05:30 GMT+5:30 GMT+05:30 +05:30");
  EXPECT_EQ(fmt("z", winter, "Asia/Kolkata"), "IST");
  EXPECT_EQ(fmt("HH:mm z", winter, "Europe/Paris"), "13:00 CET");
  EXPECT_EQ(fmt("HH:mm z", summer, "Europe/Paris"), "14:00 CEST");
  // DST in Los Angeles starts at 2021-03-14 02:00 local (10:00 UTC).
  EXPECT_EQ(fmt("yyyy-MM-dd HH:mm z", utc(2021, 3, 14, 9, 59), la), "2021-03-14 01:59 PST");
  EXPECT_EQ(fmt("yyyy-MM-dd HH:mm z", utc(2021, 3, 14, 10), la), "2021-03-14 03:00 PDT");
  // Rules keep applying after the last year listed in the tz data (2037).
  EXPECT_EQ(fmt("yyyy-MM-dd HH:mm z", utc(2050, 7, 1, 12), la), "2050-07-01 05:00 PDT");
}

TEST(DateTimeFormatTest, InvalidPatterns) {
  EXPECT_EQ(compileError("yyyy-MM-dd iii", false), "Unknown pattern letter: i");
  EXPECT_EQ(compileError("A", false), "Illegal pattern character: A");
  EXPECT_EQ(compileError("'abc", false), "Pattern ends with an incomplete string literal: 'abc");
  // SimpleDateFormat rejects 'i' too, so the java.time message stays.
  EXPECT_EQ(compileError("{i", false), "Pattern includes reserved character: '{'");
  EXPECT_EQ(compileError("]i", false), "Pattern invalid as it contains ] without previous [");
  EXPECT_EQ(compileError("VVV", false), "Pattern letter count must be 2: V");
  EXPECT_EQ(compileError("OO", false), "Pattern letter count must be 1 or 4: O");
  // Patterns the legacy SimpleDateFormat accepts get Spark's upgrade hint.
  const std::string upgrade =
      "[INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION] You may get a different "
      "result due to the upgrading to Spark >= 3.0: Fail to recognize 'YYYY-MM-dd' pattern in the "
      "DateTimeFormatter. 1) You can set \"spark.sql.legacy.timeParserPolicy\" to \"LEGACY\" to "
      "restore the behavior before Spark 3.0. 2) You can form a valid datetime pattern with the "
      "guide from 'https://spark.apache.org/docs/latest/sql-ref-datetime-pattern.html'.";
  EXPECT_EQ(compileError("YYYY-MM-dd", false), upgrade);
  for (const char* p :
       {"ddd", "MMMMM", "yyyyyyy", "EEEEE", "HHH", "SSSSSSSSSS", "ww", "u", "aa", "yyyy{", "yyyy]"})
    EXPECT_NE(compileError(p, false).find("DATETIME_PATTERN_RECOGNITION"), std::string::npos) << p;
  for (const char* p : {"E", "F", "yyyy-MM-dd EEE"})
    EXPECT_NE(compileError(p, true).find("DATETIME_PATTERN_RECOGNITION"), std::string::npos) << p;
  EXPECT_EQ(compileError("QQQ", true), "Illegal pattern character: Q");
  EXPECT_EQ(compileError("E", false), "<no error>");
  EXPECT_EQ(compileError("'YYYY' yyyy", false), "<no error>");
}

TEST(DateTimeParseTest, FullAndPartialPatterns) {
  EXPECT_EQ(parse("yyyy-MM-dd HH:mm:ss", "2021-03-04 05:06:07"), utc(2021, 3, 4, 5, 6, 7));
  EXPECT_EQ(parse("yyyy", "2021"), utc(2021, 1, 1));
  EXPECT_EQ(parse("MM-dd", "03-04"), utc(1970, 3, 4));
  EXPECT_EQ(parse("HH:mm", "10:30"), utc(1970, 1, 1, 10, 30));
  EXPECT_EQ(parse("yyyy-MM", "2021-12"), utc(2021, 12, 1));
  EXPECT_EQ(parse("dd/MM/yyyy", "31/12/1969"), utc(1969, 12, 31));
  EXPECT_EQ(parse("yyyy-MM-dd HH:mm:ss", "1969-12-31 23:59:59"), -kMicrosPerSecond);
  EXPECT_EQ(parse("yyyy-MM-dd", "1850-06-01", "America/Los_Angeles"),
            utc(1850, 6, 1) + (7 * 3600 + 52 * 60 + 58) * kMicrosPerSecond);
}

TEST(DateTimeParseTest, StrictWidthsAndValidation) {
  EXPECT_EQ(parse("yyyy-MM-dd", "2021-3-4"), std::nullopt);
  EXPECT_EQ(parse("yyyy-M-d", "2021-3-4"), utc(2021, 3, 4));
  EXPECT_EQ(parse("yyyy-M-d", "2021-03-04"), utc(2021, 3, 4));
  EXPECT_EQ(parse("yyyy-MM-dd", "2021-02-29"), std::nullopt);
  EXPECT_EQ(parse("yyyy-MM-dd", "2020-02-29"), utc(2020, 2, 29));
  EXPECT_EQ(parse("yyyy-MM-dd", "2021-04-31"), std::nullopt);
  EXPECT_EQ(parse("yyyy-MM-dd", "2021-13-01"), std::nullopt);
  EXPECT_EQ(parse("yyyy-MM-dd", "2021-00-01"), std::nullopt);
  EXPECT_EQ(parse("HH:mm", "25:00"), std::nullopt);
  EXPECT_EQ(parse("HH:mm", "23:60"), std::nullopt);
  EXPECT_EQ(parse("MM-dd", "02-29"), std::nullopt);  // 1970 is not a leap year
  EXPECT_EQ(parse("yyyy-MM-dd", "2021-03-04x"), std::nullopt);
  EXPECT_EQ(parse("yyyy-MM-dd", "2021-03-04 "), std::nullopt);
  EXPECT_EQ(parse("yyyy-MM-dd", " 2021-03-04"), std::nullopt);
  EXPECT_EQ(parse("yyyy-MM-dd", ""), std::nullopt);
  EXPECT_EQ(parse("yyyy-MM-dd", "2021-03-+4"), std::nullopt);
  EXPECT_EQ(parse("d", "-4"), std::nullopt);
}

TEST(DateTimeParseTest, CaseInsensitiveText) {
  EXPECT_EQ(parse("dd MMM yyyy", "04 mar 2021"), utc(2021, 3, 4));
  EXPECT_EQ(parse("dd MMM yyyy", "04 MAR 2021"), utc(2021, 3, 4));
  EXPECT_EQ(parse("dd MMMM yyyy", "04 March 2021"), utc(2021, 3, 4));
  EXPECT_EQ(parse("dd MMMM yyyy", "04 Mar 2021"), std::nullopt);
  EXPECT_EQ(parse("dd MMM yyyy", "04 Sept 2021"), std::nullopt);
  EXPECT_EQ(parse("yyyy-MM-dd'T'HH", "2021-03-04t05"), utc(2021, 3, 4, 5));
  EXPECT_EQ(parse("yyyy''MM", "2021'03"), utc(2021, 3, 1));
}

TEST(DateTimeParseTest, HoursAndAmPm) {
  EXPECT_EQ(parse("hh:mm a", "12:30 AM"), utc(1970, 1, 1, 0, 30));
  EXPECT_EQ(parse("hh:mm a", "12:30 PM"), utc(1970, 1, 1, 12, 30));
  EXPECT_EQ(parse("hh:mm a", "01:00 pm"), utc(1970, 1, 1, 13));
  EXPECT_EQ(parse("hh:mm", "12:30"), utc(1970, 1, 1, 0, 30));  // no am/pm: Spark assumes AM
  EXPECT_EQ(parse("hh:mm", "13:30"), std::nullopt);
  EXPECT_EQ(parse("HH a", "13 AM"), std::nullopt);  // conflicting fields
  EXPECT_EQ(parse("HH a", "13 PM"), utc(1970, 1, 1, 13));
  EXPECT_EQ(parse("a", "PM"), utc(1970, 1, 1, 12));
  EXPECT_EQ(parse("kk:mm", "24:00"), utc(1970, 1, 1));
  EXPECT_EQ(parse("kk:mm", "00:00"), std::nullopt);
  EXPECT_EQ(parse("K a", "11 PM"), utc(1970, 1, 1, 23));
  EXPECT_EQ(parse("K", "12"), std::nullopt);
}

TEST(DateTimeParseTest, Fractions) {
  EXPECT_EQ(parse("ss.SSS", "07.1"), utc(1970, 1, 1, 0, 0, 7, 100000));
  EXPECT_EQ(parse("ss.SSS", "07.123"), utc(1970, 1, 1, 0, 0, 7, 123000));
  EXPECT_EQ(parse("ss.SSS", "07.1234"), std::nullopt);
  EXPECT_EQ(parse("ss.SSS", "07."), std::nullopt);
  EXPECT_EQ(parse("ss.SSSSSS", "07.123456"), utc(1970, 1, 1, 0, 0, 7, 123456));
  EXPECT_EQ(parse("ss.SSSSSSSSS", "07.123456789"), utc(1970, 1, 1, 0, 0, 7, 123456));
  EXPECT_EQ(parse("yyyy-MM-dd HH:mm:ss.SSSSSS", "1969-12-31 23:59:59.999999"), -1);
}

TEST(DateTimeParseTest, ZonesAndOffsets) {
  EXPECT_EQ(parse("yyyy-MM-dd HH:mm XXX", "2021-01-01 10:00 +02:00"), utc(2021, 1, 1, 8));
  EXPECT_EQ(parse("yyyy-MM-dd HH:mm XXX", "2021-01-01 10:00 Z"), utc(2021, 1, 1, 10));
  EXPECT_EQ(parse("yyyy-MM-dd HH:mm XXX", "2021-01-01 10:00 +0200"), std::nullopt);
  EXPECT_EQ(parse("yyyy-MM-dd HH:mm Z", "2021-01-01 10:00 -0530"), utc(2021, 1, 1, 15, 30));
  EXPECT_EQ(parse("yyyy-MM-dd HH:mm X", "2021-01-01 10:00 +01"), utc(2021, 1, 1, 9));
  EXPECT_EQ(parse("yyyy-MM-dd HH:mm x", "2021-01-01 10:00 +00"), utc(2021, 1, 1, 10));
  EXPECT_EQ(parse("yyyy-MM-dd HH:mm O", "2021-01-01 10:00 GMT+8"), utc(2021, 1, 1, 2));
  EXPECT_EQ(parse("yyyy-MM-dd HH:mm VV", "2021-01-01 10:00 America/Los_Angeles"),
            utc(2021, 1, 1, 18));
  EXPECT_EQ(parse("yyyy-MM-dd HH:mm z", "2021-01-01 10:00 PST"), utc(2021, 1, 1, 18));
  EXPECT_EQ(parse("yyyy-MM-dd HH:mm z", "2021-07-01 10:00 PDT"), utc(2021, 7, 1, 17));
  EXPECT_EQ(parse("yyyy-MM-dd HH:mm z", "2021-07-01 10:00 UTC"), utc(2021, 7, 1, 10));
  EXPECT_EQ(parse("yyyy-MM-dd HH:mm z", "2021-07-01 10:00 Europe/Paris"), utc(2021, 7, 1, 8));
  EXPECT_EQ(parse("yyyy-MM-dd HH:mm z", "2021-07-01 10:00 Nowhere/City"), std::nullopt);
  // Without a zone in the text the session zone applies.
  EXPECT_EQ(parse("yyyy-MM-dd HH:mm", "2021-07-01 10:00", "America/Los_Angeles"),
            utc(2021, 7, 1, 17));
  EXPECT_EQ(parse("yyyy-MM-dd HH:mm", "2021-07-01 10:00", "+02:00"), utc(2021, 7, 1, 8));
}

TEST(DateTimeParseTest, DaylightSavingGapsAndOverlaps) {
  const std::string la = "America/Los_Angeles";
  // 02:30 does not exist on 2021-03-14: java.time moves it forward by the gap (03:30 PDT).
  EXPECT_EQ(parse("yyyy-MM-dd HH:mm", "2021-03-14 02:30", la), utc(2021, 3, 14, 10, 30));
  // 01:30 happens twice on 2021-11-07: the earlier offset (PDT) wins.
  EXPECT_EQ(parse("yyyy-MM-dd HH:mm", "2021-11-07 01:30", la), utc(2021, 11, 7, 8, 30));
  EXPECT_EQ(parse("yyyy-MM-dd HH:mm", "2050-07-01 10:00", la), utc(2050, 7, 1, 17));
}

TEST(DateTimeParseTest, AdjacentValues) {
  EXPECT_EQ(parse("yyyyMMdd", "20210304"), utc(2021, 3, 4));
  EXPECT_EQ(parse("yyyyMMddHHmmss", "20210304050607"), utc(2021, 3, 4, 5, 6, 7));
  EXPECT_EQ(parse("yyMMdd", "210304"), utc(2021, 3, 4));
  EXPECT_EQ(parse("yyyyMMdd", "2021034"), std::nullopt);
  // java.time cannot split this one: the variable-width fraction ends the adjacent run.
  EXPECT_EQ(parse("yyyyMMddHHmmssSSS", "20210304050607123"), std::nullopt);
  EXPECT_EQ(parse("HHmm", "0530"), utc(1970, 1, 1, 5, 30));
}

TEST(DateTimeParseTest, Years) {
  EXPECT_EQ(parse("yyyy", "+12345"), utc(12345, 1, 1));
  EXPECT_EQ(parse("yyyy", "12345"), std::nullopt);
  EXPECT_EQ(parse("yyyy", "+2021"), std::nullopt);
  EXPECT_EQ(parse("yyyy", "-0044"), std::nullopt);  // conflicts with the default era AD
  EXPECT_EQ(parse("yy", "99"), utc(2099, 1, 1));
  EXPECT_EQ(parse("yy", "00"), utc(2000, 1, 1));
  EXPECT_EQ(parse("y", "21"), utc(21, 1, 1));
  EXPECT_EQ(parse("G yyyy", "BC 0044"), utc(-43, 1, 1));
  EXPECT_EQ(parse("G yyyy", "ad 2021"), utc(2021, 1, 1));
  EXPECT_EQ(parse("yyyy DDD", "2021 063"), utc(2021, 3, 4));
  EXPECT_EQ(parse("yyyy D", "2021 366"), std::nullopt);
  EXPECT_EQ(parse("yyyy D", "2020 366"), utc(2020, 12, 31));
  EXPECT_EQ(parse("yyyy-MM D", "2021-03 63"), utc(2021, 3, 4));
  EXPECT_EQ(parse("yyyy-MM D", "2021-04 63"), std::nullopt);
}

TEST(DateTimeParseTest, OptionalSections) {
  const std::string p = "yyyy-MM-dd[ HH:mm:ss]";
  EXPECT_EQ(parse(p, "2021-03-04"), utc(2021, 3, 4));
  EXPECT_EQ(parse(p, "2021-03-04 05:06:07"), utc(2021, 3, 4, 5, 6, 7));
  EXPECT_EQ(parse(p, "2021-03-04 05"), std::nullopt);
  EXPECT_EQ(parse("yyyy-MM-dd['T'HH:mm][ HH:mm]", "2021-03-04 05:06"), utc(2021, 3, 4, 5, 6));
}

}  // namespace
}  // namespace spate
