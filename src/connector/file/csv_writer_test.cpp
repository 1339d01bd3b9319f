// CSV writing as Spark's CSV sink does it (univocity's quoting, Spark's write defaults).
#include "connector/file/csv_writer.h"

#include <gtest/gtest.h>

#include <cmath>

#include "common/error.h"
#include "connector/file/file_test_support.h"

namespace spate {
namespace {

std::string field(const std::string* value, std::map<std::string, std::string> options = {},
                  size_t column = 1) {
  CsvWriter writer(
      parseDdlSchema("a STRING, b STRING"),
      CsvWriteOptions::parse(testing::fileOptions(std::move(options)), TimeZone::utc()));
  std::string out;
  writer.writeField(column, value, out);
  return out;
}

std::string field(const std::string& value, std::map<std::string, std::string> options = {},
                  size_t column = 1) {
  return field(&value, std::move(options), column);
}

TEST(FileSinkCsvWriterTest, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(field("plain"), "plain");
  EXPECT_EQ(field("a,b"), "\"a,b\"");
  EXPECT_EQ(field("say \"hi\""), "\"say \\\"hi\\\"\"");
  EXPECT_EQ(field("\"quoted"), "\"\\\"quoted\"");
  EXPECT_EQ(field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(field("cr\rhere"), "\"cr\rhere\"");
  // A backslash alone needs no quotes; inside quotes it is escaped.
  EXPECT_EQ(field("C:\\dir"), "C:\\dir");
  EXPECT_EQ(field("C:\\dir,x"), "\"C:\\\\dir,x\"");
}

TEST(FileSinkCsvWriterTest, NullsEmptiesAndWhitespace) {
  EXPECT_EQ(field(nullptr), "");
  EXPECT_EQ(field(""), "\"\"");
  EXPECT_EQ(field("  padded  "), "padded");
  EXPECT_EQ(field("   "), "\"\"");
  EXPECT_EQ(field("  padded  ", {{"ignoreLeadingWhiteSpace", "false"}}), "  padded");
  EXPECT_EQ(field(nullptr, {{"nullValue", "NULL"}}), "NULL");
  EXPECT_EQ(field("", {{"emptyValue", "EMPTY"}}), "EMPTY");
  EXPECT_EQ(field(nullptr, {{"quoteAll", "true"}}), "\"\"");
}

TEST(FileSinkCsvWriterTest, CommentCharacterInTheFirstColumnIsQuoted) {
  EXPECT_EQ(field("#tag", {}, 0), "\"#tag\"");
  EXPECT_EQ(field("#tag", {}, 1), "#tag");
  EXPECT_EQ(field("#tag", {{"comment", "!"}}, 0), "#tag");
  EXPECT_EQ(field("!x", {{"comment", "!"}}, 0), "\"!x\"");
}

TEST(FileSinkCsvWriterTest, Options) {
  EXPECT_EQ(field("a;b", {{"sep", ";"}}), "\"a;b\"");
  EXPECT_EQ(field("a,b", {{"sep", ";"}}), "a,b");
  EXPECT_EQ(field("x", {{"quoteAll", "true"}}), "\"x\"");
  EXPECT_EQ(field("a\"b", {{"escapeQuotes", "false"}}), "a\"b");
  EXPECT_EQ(field("a'b,c", {{"quote", "'"}}), "'a\\'b,c'");
  EXPECT_EQ(field("a\"b", {{"escape", "\""}}), "\"a\"\"b\"");
  EXPECT_EQ(field("a|b", {{"lineSep", "|"}}), "\"a|b\"");
}

TEST(FileSinkCsvWriterTest, RowsAndValueFormats) {
  auto schema = parseDdlSchema(
      "i INT, d DOUBLE, f FLOAT, b BOOLEAN, dec DECIMAL(10,2), dt DATE, ts TIMESTAMP, s STRING");
  auto batch =
      makeBatch(schema, {{Value(1), Value(1.0e10), Value(0.5), Value(true), Value(Int128{12345}),
                          Value(int64_t{18262}), Value(int64_t{1577836800123000}), Value("x")},
                         {Value::null(), Value(std::nan("")), Value::null(), Value(false),
                          Value::null(), Value::null(), Value::null(), Value::null()}});
  CsvWriter writer(schema, CsvWriteOptions::parse(testing::fileOptions({}), TimeZone::utc()));
  std::string out;
  writer.writeHeader(out);
  writer.writeRows(*batch, out);
  EXPECT_EQ(out,
            "i,d,f,b,dec,dt,ts,s\n"
            "1,1.0E10,0.5,true,123.45,2020-01-01,2020-01-01T00:00:00.123Z,x\n"
            ",NaN,,false,,,,\n");
  std::string formatted;
  CsvWriter custom(
      schema, CsvWriteOptions::parse(testing::fileOptions({{"timestampFormat", "yyyy/MM/dd HH:mm"},
                                                           {"dateFormat", "dd.MM.yyyy"},
                                                           {"timeZone", "+01:00"}}),
                                     TimeZone::utc()));
  custom.writeRows(*batch, formatted);
  EXPECT_EQ(formatted.substr(0, formatted.find('\n')),
            "1,1.0E10,0.5,true,123.45,01.01.2020,2020/01/01 01:00,x");
}

TEST(FileSinkCsvWriterTest, NestedTypesAreRejected) {
  EXPECT_THROW(CsvWriter::verifySchema(*parseDdlSchema("m MAP<STRING, INT>")), AnalysisException);
  EXPECT_NO_THROW(CsvWriter::verifySchema(*parseDdlSchema("a INT, b BINARY, c DATE")));
}

}  // namespace
}  // namespace spate
