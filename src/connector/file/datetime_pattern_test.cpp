#include "connector/file/datetime_pattern.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace spate {
namespace {

int64_t utcMicros(int y, int mo, int d, int h = 0, int mi = 0, int s = 0, int64_t micros = 0) {
  return (static_cast<int64_t>(daysFromCivil(y, mo, d)) * 86400 + h * 3600 + mi * 60 + s) *
             1000000 +
         micros;
}

std::optional<int64_t> ts(std::string_view pattern, std::string_view text,
                          const TimeZone& zone = *TimeZone::utc()) {
  return DateTimePattern::compile(pattern).parseTimestamp(text, zone);
}

std::optional<int32_t> date(std::string_view pattern, std::string_view text) {
  return DateTimePattern::compile(pattern).parseDate(text);
}

TEST(DateTimePatternTest, NumericFields) {
  EXPECT_EQ(ts("yyyy-MM-dd HH:mm:ss", "2020-01-05 10:30:15"), utcMicros(2020, 1, 5, 10, 30, 15));
  EXPECT_EQ(date("dd/MM/yyyy", "05/01/2020"), daysFromCivil(2020, 1, 5));
  EXPECT_EQ(date("dd/MM/yyyy", "5/1/2020"), std::nullopt);  // dd needs two digits
  EXPECT_EQ(date("d/M/yyyy", "5/1/2020"), daysFromCivil(2020, 1, 5));
  EXPECT_EQ(date("d/M/yyyy", "15/11/2020"), daysFromCivil(2020, 11, 15));
  EXPECT_EQ(date("yyyyMMdd", "20200105"), daysFromCivil(2020, 1, 5));
  EXPECT_EQ(date("yy-MM-dd", "20-01-05"), daysFromCivil(2020, 1, 5));
  EXPECT_EQ(date("yyyy-MM-dd", "12020-01-05"), std::nullopt);
  EXPECT_EQ(date("yyyy-MM-dd", "+12020-01-05"), daysFromCivil(12020, 1, 5));
  EXPECT_EQ(date("yyyy-DDD", "2020-060"), daysFromCivil(2020, 2, 29));
}

TEST(DateTimePatternTest, WholeTextMustMatchAndDatesMustExist) {
  EXPECT_EQ(date("yyyy-MM-dd", "2020-01-05x"), std::nullopt);
  EXPECT_EQ(date("yyyy-MM-dd", "2020-02-30"), std::nullopt);
  EXPECT_EQ(date("yyyy-MM-dd", "2020-13-01"), std::nullopt);
  EXPECT_EQ(ts("HH:mm", "24:00"), std::nullopt);
  EXPECT_EQ(date("yyyy-MM-dd", ""), std::nullopt);
}

TEST(DateTimePatternTest, FractionsOffsetsAndZones) {
  EXPECT_EQ(ts("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "2020-01-05T10:30:15.123+02:00"),
            utcMicros(2020, 1, 5, 8, 30, 15, 123000));
  EXPECT_EQ(ts("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "2020-01-05T10:30:15.1Z"),
            utcMicros(2020, 1, 5, 10, 30, 15, 100000));
  EXPECT_EQ(ts("yyyy-MM-dd HH:mm:ssZ", "2020-01-05 10:30:15-0130"),
            utcMicros(2020, 1, 5, 12, 0, 15));
  EXPECT_EQ(ts("yyyy-MM-dd HH:mm VV", "2020-07-01 12:00 Europe/Paris"),
            utcMicros(2020, 7, 1, 10, 0));
  auto paris = TimeZone::of("Europe/Paris");
  EXPECT_EQ(ts("yyyy-MM-dd HH:mm", "2020-07-01 12:00", *paris), utcMicros(2020, 7, 1, 10, 0));
  EXPECT_EQ(ts("yyyy-MM-dd HH:mm:ss.SSSSSS", "2020-01-05 10:30:15.123456"),
            utcMicros(2020, 1, 5, 10, 30, 15, 123456));
}

TEST(DateTimePatternTest, TextFieldsIgnoreCase) {
  EXPECT_EQ(date("MMM d, yyyy", "Jan 5, 2020"), daysFromCivil(2020, 1, 5));
  EXPECT_EQ(date("MMM d, yyyy", "jan 5, 2020"), daysFromCivil(2020, 1, 5));
  EXPECT_EQ(date("MMMM d yyyy", "September 9 2021"), daysFromCivil(2021, 9, 9));
  EXPECT_EQ(ts("hh:mm a", "01:30 PM"), utcMicros(1970, 1, 1, 13, 30));
  EXPECT_EQ(ts("hh:mm a", "12:05 am"), utcMicros(1970, 1, 1, 0, 5));
  EXPECT_EQ(ts("yyyy-MM-dd'T'HH", "2020-01-05T07"), utcMicros(2020, 1, 5, 7));
  EXPECT_EQ(ts("'at' HH 'o''clock'", "at 07 o'clock"), utcMicros(1970, 1, 1, 7));
}

TEST(DateTimePatternTest, OptionalSections) {
  EXPECT_EQ(ts("yyyy-MM-dd[ HH:mm]", "2020-01-05"), utcMicros(2020, 1, 5));
  EXPECT_EQ(ts("yyyy-MM-dd[ HH:mm]", "2020-01-05 10:30"), utcMicros(2020, 1, 5, 10, 30));
  EXPECT_EQ(ts("yyyy-MM-dd'T'HH:mm:ss[.SSS][XXX]", "2020-01-05T10:30:15+01:00"),
            utcMicros(2020, 1, 5, 9, 30, 15));
}

TEST(DateTimePatternTest, RejectsUnsupportedLetters) {
  try {
    DateTimePattern::compile("yyyy-bb");
    FAIL();
  } catch (const IllegalArgumentException& e) {
    EXPECT_STREQ(e.what(), "Unknown pattern letter: b");
  }
  try {
    DateTimePattern::compile("EEE yyyy");
    FAIL();
  } catch (const IllegalArgumentException& e) {
    EXPECT_STREQ(e.what(), "Illegal pattern character: E");
  }
  EXPECT_THROW(DateTimePattern::compile("YYYY"), IllegalArgumentException);
  EXPECT_THROW(DateTimePattern::compile("MMMMM"), IllegalArgumentException);
  EXPECT_THROW(DateTimePattern::compile("yyyy]"), IllegalArgumentException);
  EXPECT_THROW(DateTimePattern::compile("'open"), IllegalArgumentException);
}

}  // namespace
}  // namespace spate
