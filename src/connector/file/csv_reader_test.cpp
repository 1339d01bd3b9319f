#include <gtest/gtest.h>

#include "common/error.h"
#include "connector/file/file_formats.h"
#include "connector/file/file_test_support.h"

namespace spate {
namespace {

using testing::rowStrings;
using testing::schemaStrings;
using testing::TempDir;
using Strings = std::vector<std::string>;

const char* kUsers = "/work/shared/data/tp4/donnees_utilisateurs.csv";
const char* kGaronne = "/work/shared/data/tp4/hte-garonne.csv";

FileReadResult readCsvFile(const std::string& path, std::map<std::string, std::string> options,
                           const std::string& ddl = "", const TimeZone& zone = *TimeZone::utc()) {
  SchemaPtr schema = ddl.empty() ? nullptr : parseDdlSchema(ddl);
  return readCsv({path}, schema, FileOptions(std::move(options)), zone);
}

TEST(CsvReaderTest, Tp4UsersWithSemicolonHeaderAndInference) {
  auto result = readCsvFile(kUsers, {{"header", "true"}, {"sep", ";"}, {"inferSchema", "true"}});
  EXPECT_EQ(schemaStrings(result), (Strings{"User:string", "FirstName:string", "LastName:string"}));
  auto rows = rowStrings(result);
  ASSERT_EQ(rows.size(), 26u);
  EXPECT_EQ(rows[0], "a|Arthur|Pendragon");
  EXPECT_EQ(rows[6], "g|Genevière|De Carmélide");
  EXPECT_EQ(rows[15], "p|Provençal|Le gaulois");
  EXPECT_EQ(rows[25], "z|Zoro|De La Vega");
  EXPECT_EQ(result.malformedRecords, 0);
}

TEST(CsvReaderTest, Tp4UsersWithoutHeaderReadsTheHeaderAsData) {
  auto result = readCsvFile(kUsers, {{"sep", ";"}});
  EXPECT_EQ(schemaStrings(result), (Strings{"_c0:string", "_c1:string", "_c2:string"}));
  auto rows = rowStrings(result);
  ASSERT_EQ(rows.size(), 27u);
  EXPECT_EQ(rows[0], "User|FirstName|LastName");
}

TEST(CsvReaderTest, Tp4AccentedFileNameAndUtf8Glob) {
  auto direct = readCsvFile("/work/shared/data/tp4/données utilisateurs.csv",
                            {{"header", "true"}, {"sep", ";"}});
  EXPECT_EQ(rowStrings(direct).size(), 26u);
  auto files = listDataFiles("/work/shared/data/tp4/donn[é]es*.csv");
  EXPECT_EQ(files, (Strings{"/work/shared/data/tp4/données utilisateurs.csv"}));
  EXPECT_EQ(listDataFiles("/work/shared/data/tp4/donn?es*.csv").size(), 2u);
}

TEST(CsvReaderTest, Tp4HauteGaronneWithAccents) {
  auto result = readCsvFile(kGaronne, {{"header", "true"}, {"inferSchema", "true"}});
  EXPECT_EQ(schemaStrings(result),
            (Strings{"commune:string", "communeLabel:string", "articleName:string"}));
  auto rows = rowStrings(result);
  ASSERT_EQ(rows.size(), 585u);
  EXPECT_EQ(rows[0], "http://www.wikidata.org/entity/Q17173|Le Fousseret|Le Fousseret");
  EXPECT_EQ(rows[2], "http://www.wikidata.org/entity/Q524478|Puysségur|Puysségur");
  EXPECT_EQ(rows[584], "http://www.wikidata.org/entity/Q55444966|Saint-Béat-Lez|Saint-Béat-Lez");
  int64_t batchRows = 0;
  for (const auto& batch : result.batches) {
    EXPECT_LE(batch->numRows(), defaultVectorSize());
    batchRows += batch->numRows();
  }
  EXPECT_EQ(batchRows, 585);
}

TEST(CsvReaderTest, InfersEachColumnsNarrowestType) {
  TempDir dir;
  std::string path = dir.write("t.csv",
                               "i,l,d,b,t,s,n,dt,dec\n"
                               "1,3000000000,1.5,true,2020-01-01 10:00:00,x,,2020-01-01,"
                               "12345678901234567890\n"
                               "-2,4,2,FALSE,2021-06-30T12:00:00,1,,2020-02-29,1\n");
  auto result = readCsvFile(path, {{"header", "true"}, {"inferSchema", "true"}});
  EXPECT_EQ(schemaStrings(result),
            (Strings{"i:int", "l:bigint", "d:double", "b:boolean", "t:timestamp", "s:string",
                     "n:string", "dt:date", "dec:decimal(20,0)"}));
  EXPECT_EQ(rowStrings(result),
            (Strings{"1|3000000000|1.5|true|2020-01-01 10:00:00|x|NULL|2020-01-01|"
                     "12345678901234567890",
                     "-2|4|2.0|false|2021-06-30 12:00:00|1|NULL|2020-02-29|1"}));
  for (const auto& field : result.schema->fields()) EXPECT_TRUE(field.nullable);
}

// The inferred type of a column holding `values` (one per line, no header; a second column keeps
// lines from being blank).
std::string inferredType(const std::vector<std::string>& values,
                         std::map<std::string, std::string> options = {}) {
  TempDir dir;
  std::string text;
  for (const auto& v : values) text += v + "|x\n";
  std::string path = dir.write("c.csv", text);
  options["inferSchema"] = "true";
  options["sep"] = "|";
  auto result = readCsvFile(path, options);
  if (result.schema->fields().size() != 2) return "no schema";
  return result.schema->fields()[0].type->simpleString();
}

TEST(CsvReaderTest, InferenceMergesTypesAsSpark) {
  EXPECT_EQ(inferredType({"1", "2"}), "int");
  EXPECT_EQ(inferredType({"1", "3000000000"}), "bigint");
  EXPECT_EQ(inferredType({"3000000000", "1"}), "bigint");
  EXPECT_EQ(inferredType({"1", "2.5"}), "double");
  EXPECT_EQ(inferredType({"2.5", "1"}), "double");
  EXPECT_EQ(inferredType({"1", "abc"}), "string");
  EXPECT_EQ(inferredType({"true", "1"}), "string");
  EXPECT_EQ(inferredType({"1", "true"}), "string");
  EXPECT_EQ(inferredType({"true", "False"}), "boolean");
  EXPECT_EQ(inferredType({"1", ""}), "int");
  EXPECT_EQ(inferredType({"", ""}), "string");
  EXPECT_EQ(inferredType({"1e5"}), "double");
  EXPECT_EQ(inferredType({"1.5e1"}), "decimal(2,0)");  // BigDecimal scale 0
  EXPECT_EQ(inferredType({"1", "99999999999999999999"}), "decimal(20,0)");
  EXPECT_EQ(inferredType({"99999999999999999999", "1.5"}), "double");
  EXPECT_EQ(inferredType({std::string(39, '9')}), "double");
  EXPECT_EQ(inferredType({"1,000"}), "string");
  EXPECT_EQ(inferredType({"NaN", "Inf", "-Inf", "Infinity"}), "double");
  EXPECT_EQ(inferredType({" 1"}), "double");  // Java's parseDouble trims
  EXPECT_EQ(inferredType({"1d"}), "double");
  EXPECT_EQ(inferredType({"2020-01-01"}), "date");
  EXPECT_EQ(inferredType({"2020-01-01", "2020-01-01 10:00:00"}), "timestamp");
  EXPECT_EQ(inferredType({"2020-01-01 10:00:00", "2020-01-01"}), "timestamp");
  EXPECT_EQ(inferredType({"2020-1-1"}), "timestamp");
  EXPECT_EQ(inferredType({"2020-13-01"}), "string");
  EXPECT_EQ(inferredType({"2020-01-01", "1"}), "string");
  EXPECT_EQ(inferredType({"2020-01-01"}, {{"preferDate", "false"}}), "timestamp");
  EXPECT_EQ(inferredType({"NA", "1"}, {{"nullValue", "NA"}}), "int");
  EXPECT_EQ(inferredType({"x1", "2"}, {{"nanValue", "x1"}}), "double");
  EXPECT_EQ(inferredType({"05/01/2020"}, {{"dateFormat", "dd/MM/yyyy"}}), "date");
  EXPECT_EQ(inferredType({"05/01/2020 10:30"}, {{"timestampFormat", "dd/MM/yyyy HH:mm"}}),
            "timestamp");
  // With a custom timestamp pattern, dates and timestamps do not merge.
  EXPECT_EQ(
      inferredType({"2020-01-01", "05/01/2020 10:30"}, {{"timestampFormat", "dd/MM/yyyy HH:mm"}}),
      "string");
}

TEST(CsvReaderTest, InferredValuesConvertWithTheSameRules) {
  TempDir dir;
  std::string path = dir.write("c.csv", "1.5e1,2020-01-01, 1\n2,2020-01-01 10:30:00,2.5\n");
  auto result = readCsvFile(path, {{"inferSchema", "true"}});
  EXPECT_EQ(schemaStrings(result), (Strings{"_c0:decimal(2,0)", "_c1:timestamp", "_c2:double"}));
  EXPECT_EQ(rowStrings(result),
            (Strings{"15|2020-01-01 00:00:00|1.0", "2|2020-01-01 10:30:00|2.5"}));
}

TEST(CsvReaderTest, EmptyUnquotedIsNullAndEmptyQuotedIsEmptyValue) {
  TempDir dir;
  std::string path = dir.write("n.csv", "a,b\n,\"\"\nNA,x\n");
  EXPECT_EQ(rowStrings(readCsvFile(path, {{"header", "true"}})), (Strings{"NULL|NULL", "NA|x"}));
  EXPECT_EQ(rowStrings(readCsvFile(path, {{"header", "true"}, {"nullValue", "NA"}})),
            (Strings{"NULL|", "NULL|x"}));
  EXPECT_EQ(rowStrings(readCsvFile(path, {{"header", "true"}, {"emptyValue", "EMPTY"}})),
            (Strings{"NULL|EMPTY", "NA|x"}));
  // nullValue applies to typed columns too.
  std::string typed = dir.write("t.csv", "1,-\n-,2\n");
  EXPECT_EQ(rowStrings(readCsvFile(typed, {{"nullValue", "-"}}, "a INT, b INT")),
            (Strings{"1|NULL", "NULL|2"}));
}

TEST(CsvReaderTest, PermissiveKeepsMalformedRowsWithNulls) {
  TempDir dir;
  std::string path = dir.write("m.csv", "1,2\nx,3\n4\n5,6,7\n8,9\n");
  auto result = readCsvFile(path, {}, "a INT, b INT");
  EXPECT_EQ(rowStrings(result), (Strings{"1|2", "NULL|3", "4|NULL", "5|6", "8|9"}));
  EXPECT_EQ(result.malformedRecords, 3);
  auto corrupt =
      readCsvFile(path, {{"mode", "permissive"}}, "a INT, b INT, _corrupt_record STRING");
  EXPECT_EQ(rowStrings(corrupt),
            (Strings{"1|2|NULL", "NULL|3|x,3", "4|NULL|4", "5|6|5,6,7", "8|9|NULL"}));
  auto renamed =
      readCsvFile(path, {{"columnNameOfCorruptRecord", "bad"}}, "bad STRING, a INT, b INT");
  EXPECT_EQ(rowStrings(renamed),
            (Strings{"NULL|1|2", "x,3|NULL|3", "4|4|NULL", "5,6,7|5|6", "NULL|8|9"}));
  // An unknown mode is PERMISSIVE, as ParseMode.fromString.
  EXPECT_EQ(rowStrings(readCsvFile(path, {{"mode", "bogus"}}, "a INT, b INT")).size(), 5u);
}

TEST(CsvReaderTest, DropMalformedDropsBadRows) {
  TempDir dir;
  std::string path = dir.write("m.csv", "1,2\nx,3\n4\n5,6,7\n8,9\n");
  auto result = readCsvFile(path, {{"mode", "DROPMALFORMED"}}, "a INT, b INT");
  EXPECT_EQ(rowStrings(result), (Strings{"1|2", "8|9"}));
  EXPECT_EQ(result.malformedRecords, 3);
  std::string allBad = dir.write("bad.csv", "x\ny\n");
  EXPECT_TRUE(readCsvFile(allBad, {{"mode", "dropMalformed"}}, "a INT").batches.empty());
}

TEST(CsvReaderTest, FailFastThrowsNamingTheRecord) {
  TempDir dir;
  std::string path = dir.write("m.csv", "1,2\nx,3\n4\n");
  try {
    readCsvFile(path, {{"mode", "FAILFAST"}}, "a INT, b INT");
    FAIL();
  } catch (const ExecutionException& e) {
    EXPECT_EQ(std::string(e.what()),
              "[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected "
              "in record parsing: [null,3].\nParse Mode: FAILFAST. To process malformed records "
              "as null result, try setting the option 'mode' as 'PERMISSIVE'.");
    EXPECT_STREQ(e.exceptionName(), "SparkException");
  }
  try {
    readCsvFile(path, {{"mode", "failfast"}}, "a INT, b STRING, _corrupt_record STRING");
    FAIL();
  } catch (const ExecutionException& e) {
    EXPECT_NE(std::string(e.what()).find("record parsing: [null,3,x,3]."), std::string::npos)
        << e.what();
  }
  std::string good = dir.write("g.csv", "1,2\n");
  EXPECT_EQ(rowStrings(readCsvFile(good, {{"mode", "FAILFAST"}}, "a INT, b INT")),
            (Strings{"1|2"}));
}

TEST(CsvReaderTest, TooFewAndTooManyTokensWithoutSchema) {
  TempDir dir;
  std::string path = dir.write("t.csv", "a,b,c\n1,2\n1,2,3,4\n");
  auto result = readCsvFile(path, {});
  EXPECT_EQ(schemaStrings(result), (Strings{"_c0:string", "_c1:string", "_c2:string"}));
  EXPECT_EQ(rowStrings(result), (Strings{"a|b|c", "1|2|NULL", "1|2|3"}));
  EXPECT_EQ(result.malformedRecords, 2);
}

TEST(CsvReaderTest, DuplicateHeaderNamesGetTheirIndex) {
  TempDir dir;
  std::string path = dir.write("h.csv", "a,b,A,,c,b\n1,2,3,4,5,6\n");
  auto result = readCsvFile(path, {{"header", "true"}});
  EXPECT_EQ(schemaStrings(result), (Strings{"a0:string", "b1:string", "A2:string", "_c3:string",
                                            "c:string", "b5:string"}));
  EXPECT_EQ(rowStrings(result), (Strings{"1|2|3|4|5|6"}));
  auto withNull = readCsvFile(path, {{"header", "true"}, {"nullValue", "c"}});
  EXPECT_EQ(withNull.schema->fields()[4].name, "_c4");
}

TEST(CsvReaderTest, HeaderOnlyFileHasNoRows) {
  TempDir dir;
  std::string path = dir.write("h.csv", "x,y\n");
  auto result = readCsvFile(path, {{"header", "true"}, {"inferSchema", "true"}});
  EXPECT_EQ(schemaStrings(result), (Strings{"x:string", "y:string"}));
  EXPECT_TRUE(result.batches.empty());
}

TEST(CsvReaderTest, Utf8ByteOrderMarkIsDropped) {
  TempDir dir;
  std::string path = dir.write("bom.csv", "\xEF\xBB\xBFid,name\n1,x\n");
  auto result = readCsvFile(path, {{"header", "true"}, {"inferSchema", "true"}});
  EXPECT_EQ(schemaStrings(result), (Strings{"id:int", "name:string"}));
  EXPECT_EQ(rowStrings(result), (Strings{"1|x"}));
}

TEST(CsvReaderTest, EncodingOption) {
  TempDir dir;
  std::string path = dir.write("latin1.csv", "nom\nJos\xE9\n");
  EXPECT_EQ(rowStrings(readCsvFile(path, {{"header", "true"}, {"encoding", "ISO-8859-1"}})),
            (Strings{"José"}));
  EXPECT_EQ(rowStrings(readCsvFile(path, {{"header", "true"}, {"charset", "latin1"}})),
            (Strings{"José"}));
  // Decoded as UTF-8, the stray byte becomes U+FFFD as Java decodes it.
  EXPECT_EQ(rowStrings(readCsvFile(path, {{"header", "true"}})), (Strings{"Jos\xEF\xBF\xBD"}));
  std::string utf16 = dir.write("u16.csv", std::string("\xFF\xFE"
                                                       "a\0,\0b\0\n\0",
                                                       10));
  EXPECT_EQ(rowStrings(readCsvFile(utf16, {{"encoding", "UTF-16"}})), (Strings{"a|b"}));
  EXPECT_THROW(readCsvFile(path, {{"encoding", "no-such-charset"}}), IllegalArgumentException);
}

TEST(CsvReaderTest, QuotedSeparatorsEscapesAndMultiLine) {
  TempDir dir;
  std::string path = dir.write("q.csv",
                               "id,text\n"
                               "1,\"hello, world\"\n"
                               "2,\"line1\nline2\"\n"
                               "3,\"say \\\"hi\\\"\"\n");
  auto multi = readCsvFile(path, {{"header", "true"}, {"multiLine", "true"}});
  EXPECT_EQ(rowStrings(multi), (Strings{"1|hello, world", "2|line1\nline2", "3|say \"hi\""}));
  EXPECT_EQ(multi.malformedRecords, 0);
  auto lines = readCsvFile(path, {{"header", "true"}});
  EXPECT_EQ(rowStrings(lines),
            (Strings{"1|hello, world", "2|line1", "line2\"|NULL", "3|say \"hi\""}));
  EXPECT_EQ(lines.malformedRecords, 1);
  std::string crlf = dir.write("crlf.csv", "id,text\r\n1,\"a\r\nb\"\r\n2,c\r\n");
  EXPECT_EQ(rowStrings(readCsvFile(crlf, {{"header", "true"}, {"multiLine", "true"}})),
            (Strings{"1|a\nb", "2|c"}));
}

TEST(CsvReaderTest, EscapeAndQuoteOptions) {
  TempDir dir;
  std::string path = dir.write("e.csv", "\"a\"\"b\",'c,d'\n");
  EXPECT_EQ(rowStrings(readCsvFile(path, {{"escape", "\""}})), (Strings{"a\"b|'c|d'"}));
  EXPECT_EQ(rowStrings(readCsvFile(path, {{"quote", "'"}})), (Strings{"\"a\"\"b\"|c,d"}));
  EXPECT_EQ(rowStrings(readCsvFile(path, {})), (Strings{"\"a\"\"b\"|'c|d'"}));
  std::string escaped = dir.write("x.csv", "\"a#\"b\",c\n");
  EXPECT_EQ(rowStrings(readCsvFile(escaped, {{"escape", "#"}})), (Strings{"a\"b|c"}));
}

TEST(CsvReaderTest, SeparatorOptions) {
  TempDir dir;
  std::string tab = dir.write("t.tsv", "a\tb\n1\t2\n");
  EXPECT_EQ(rowStrings(readCsvFile(tab, {{"sep", "\\t"}, {"header", "true"}})), (Strings{"1|2"}));
  EXPECT_EQ(rowStrings(readCsvFile(tab, {{"delimiter", "\t"}, {"header", "true"}})),
            (Strings{"1|2"}));
  std::string multi = dir.write("m.csv", "a::b\n1::2\n");
  EXPECT_EQ(rowStrings(readCsvFile(multi, {{"sep", "::"}, {"header", "true"}})), (Strings{"1|2"}));
  EXPECT_THROW(readCsvFile(tab, {{"sep", ""}}), IllegalArgumentException);
  try {
    readCsvFile(tab, {{"sep", "\\"}});
    FAIL();
  } catch (const IllegalArgumentException& e) {
    EXPECT_EQ(std::string(e.what()).substr(0, 34), "Single backslash is prohibited. It");
  }
  try {
    readCsvFile(tab, {{"sep", "\\x"}});
    FAIL();
  } catch (const IllegalArgumentException& e) {
    EXPECT_EQ(std::string(e.what()), "Unsupported special character for delimiter: \\x");
  }
  try {
    readCsvFile(tab, {{"quote", "ab"}});
    FAIL();
  } catch (const IllegalArgumentException& e) {
    EXPECT_EQ(std::string(e.what()), "quote cannot be more than one character");
  }
  try {
    readCsvFile(tab, {{"lineSep", "abc"}});
    FAIL();
  } catch (const IllegalArgumentException& e) {
    EXPECT_EQ(std::string(e.what()), "requirement failed: 'lineSep' can contain only 1 character.");
  }
}

TEST(CsvReaderTest, LineSepAndComment) {
  TempDir dir;
  std::string path = dir.write("l.csv", "a;b|c;d|");
  EXPECT_EQ(rowStrings(readCsvFile(path, {{"sep", ";"}, {"lineSep", "|"}})),
            (Strings{"a|b", "c|d"}));
  std::string commented = dir.write("c.csv", "# comment\nx,y\n\n#1,2\n3,4\n");
  EXPECT_EQ(rowStrings(readCsvFile(commented, {{"comment", "#"}, {"header", "true"}})),
            (Strings{"3|4"}));
  EXPECT_EQ(rowStrings(readCsvFile(commented, {{"header", "true"}})).size(), 3u);
}

TEST(CsvReaderTest, WhitespaceOptionsAndTypedConversion) {
  TempDir dir;
  std::string path = dir.write("w.csv", " 1 , 2 \n");
  auto plain = readCsvFile(path, {}, "a INT, b DOUBLE");
  EXPECT_EQ(rowStrings(plain), (Strings{"NULL|2.0"}));  // "1 " is no int; doubles trim
  EXPECT_EQ(plain.malformedRecords, 1);
  auto trimmed =
      readCsvFile(path, {{"ignoreLeadingWhiteSpace", "true"}, {"ignoreTrailingWhiteSpace", "true"}},
                  "a INT, b DOUBLE");
  EXPECT_EQ(rowStrings(trimmed), (Strings{"1|2.0"}));
}

TEST(CsvReaderTest, TypedColumnsFollowCsvConversions) {
  TempDir dir;
  std::string path = dir.write("n.csv",
                               "1,2,1.5,NaN,1.234,TRUE,x\n"
                               "128,40000,Inf,-Inf,1,2,\n"
                               "-128,-1,1e39,1d,\"1,234.5\",false,\"\"\n");
  auto result = readCsvFile(
      path, {}, "b BYTE, s SHORT, f FLOAT, d DOUBLE, dec DECIMAL(6,2), bo BOOLEAN, bin BINARY");
  auto rows = rowStrings(result);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], "1|2|1.5|NaN|1.23|true|[78]");
  EXPECT_EQ(rows[1], "NULL|NULL|Infinity|-Infinity|1.00|NULL|NULL");
  EXPECT_EQ(rows[2], "-128|-1|Infinity|1.0|1234.50|false|NULL");
  EXPECT_EQ(result.malformedRecords, 1);
}

TEST(CsvReaderTest, DatesAndTimestampsInTheSessionZone) {
  TempDir dir;
  std::string path = dir.write("d.csv",
                               "2020-01-01 10:00:00,2020-1-5\n"
                               "2020-06-01T10:00:00Z,2020-01-05T23:00\n"
                               "garbage,2020-02-30\n");
  auto paris = TimeZone::of("Europe/Paris");
  auto result = readCsvFile(path, {}, "t TIMESTAMP, d DATE", *paris);
  EXPECT_EQ(rowStrings(result), (Strings{"2020-01-01 09:00:00|2020-01-05",
                                         "2020-06-01 10:00:00|2020-01-05", "NULL|NULL"}));
  EXPECT_EQ(rowStrings(result, *paris)[0], "2020-01-01 10:00:00|2020-01-05");
  auto utc = readCsvFile(path, {{"timeZone", "UTC"}}, "t TIMESTAMP, d DATE", *paris);
  EXPECT_EQ(rowStrings(utc)[0], "2020-01-01 10:00:00|2020-01-05");
}

TEST(CsvReaderTest, CustomDateAndTimestampFormats) {
  TempDir dir;
  std::string path = dir.write("f.csv", "05/01/2020,05/01/2020 10:30\n2020-01-05,2020-01-05\n");
  auto result =
      readCsvFile(path, {{"dateFormat", "dd/MM/yyyy"}, {"timestampFormat", "dd/MM/yyyy HH:mm"}},
                  "d DATE, t TIMESTAMP");
  EXPECT_EQ(rowStrings(result), (Strings{"2020-01-05|2020-01-05 10:30:00", "NULL|NULL"}));
  auto fallback = readCsvFile(path,
                              {{"dateFormat", "dd/MM/yyyy"},
                               {"timestampFormat", "dd/MM/yyyy HH:mm"},
                               {"enableDateTimeParsingFallback", "true"}},
                              "d DATE, t TIMESTAMP");
  EXPECT_EQ(rowStrings(fallback)[1], "2020-01-05|2020-01-05 00:00:00");
  EXPECT_THROW(readCsvFile(path, {{"dateFormat", "yyyy-bb"}}, "d DATE, t TIMESTAMP"),
               IllegalArgumentException);
}

TEST(CsvReaderTest, DirectoryOfFilesWithHeaders) {
  TempDir dir;
  dir.write("data/part-0.csv", "k,v\na,1\nb,2\n");
  dir.write("data/part-1.csv", "k,v\nc,3.5\n");
  dir.write("data/_SUCCESS", "");
  auto result = readCsvFile(dir.path() + "/data", {{"header", "true"}, {"inferSchema", "true"}});
  EXPECT_EQ(schemaStrings(result), (Strings{"k:string", "v:double"}));
  EXPECT_EQ(rowStrings(result), (Strings{"a|1.0", "b|2.0", "c|3.5"}));
  auto glob = readCsv({dir.path() + "/data/*-1.csv", dir.path() + "/data/part-0.csv"}, nullptr,
                      testing::fileOptions({{"header", "true"}}), *TimeZone::utc());
  EXPECT_EQ(rowStrings(glob), (Strings{"c|3.5", "a|1", "b|2"}));
}

TEST(CsvReaderTest, RecursiveFileLookup) {
  TempDir dir;
  dir.write("a.csv", "1\n");
  dir.write("sub/b.csv", "2\n");
  EXPECT_EQ(rowStrings(readCsvFile(dir.path(), {})), (Strings{"1"}));
  EXPECT_EQ(rowStrings(readCsvFile(dir.path(), {{"recursiveFileLookup", "true"}})),
            (Strings{"1", "2"}));
}

TEST(CsvReaderTest, EmptyInputs) {
  TempDir dir;
  std::string empty = dir.write("empty.csv", "");
  auto result = readCsvFile(empty, {{"inferSchema", "true"}});
  EXPECT_TRUE(result.schema->fields().empty());
  EXPECT_TRUE(result.batches.empty());
  std::string folder = dir.mkdir("nothing");
  try {
    readCsvFile(folder, {});
    FAIL();
  } catch (const AnalysisException& e) {
    EXPECT_EQ(std::string(e.what()),
              "[UNABLE_TO_INFER_SCHEMA] Unable to infer schema for CSV. It must be specified "
              "manually.");
  }
  auto withSchema = readCsvFile(folder, {}, "a INT");
  EXPECT_EQ(schemaStrings(withSchema), (Strings{"a:int"}));
  EXPECT_TRUE(withSchema.batches.empty());
  try {
    readCsvFile(dir.path() + "/missing.csv", {});
    FAIL();
  } catch (const AnalysisException& e) {
    EXPECT_EQ(std::string(e.what()),
              "[PATH_NOT_FOUND] Path does not exist: file:" + dir.path() + "/missing.csv.");
  }
}

TEST(CsvReaderTest, SchemaChecks) {
  TempDir dir;
  std::string path = dir.write("s.csv", "a,b\n1,2\n");
  try {
    readCsvFile(path, {}, "a ARRAY<INT>");
    FAIL();
  } catch (const AnalysisException& e) {
    EXPECT_EQ(std::string(e.what()),
              "[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The CSV datasource doesn't support the "
              "column `a` of the type \"ARRAY<INT>\".");
  }
  EXPECT_THROW(readCsvFile(path, {}, "a INT, _corrupt_record INT"), AnalysisException);
  auto nullable = readCsvFile(path, {{"header", "true"}}, "a INT NOT NULL, b INT");
  EXPECT_TRUE(nullable.schema->fields()[0].nullable);
  // enforceSchema=false checks the header against the schema.
  EXPECT_EQ(rowStrings(readCsvFile(path, {{"header", "true"}, {"enforceSchema", "false"}},
                                   "A INT, b INT")),
            (Strings{"1|2"}));
  try {
    readCsvFile(path, {{"header", "true"}, {"enforceSchema", "false"}}, "x INT, b INT");
    FAIL();
  } catch (const IllegalArgumentException& e) {
    EXPECT_EQ(std::string(e.what()),
              "CSV header does not conform to the schema.\n Header: a, b\n Schema: x, b\n"
              "Expected: x but found: a\nCSV file: file://" +
                  path);
  }
  try {
    readCsvFile(path, {{"header", "true"}, {"enforceSchema", "false"}}, "a INT");
    FAIL();
  } catch (const IllegalArgumentException& e) {
    EXPECT_EQ(std::string(e.what()),
              "Number of column in CSV header is not equal to number of fields in the schema:\n"
              " Header length: 2, schema size: 1\nCSV file: file://" +
                  path);
  }
  // enforceSchema=true (default) ignores the header's names.
  EXPECT_EQ(rowStrings(readCsvFile(path, {{"header", "true"}}, "x INT, y INT")), (Strings{"1|2"}));
}

TEST(CsvReaderTest, SamplingRatio) {
  TempDir dir;
  std::string path = dir.write("s.csv", "1\n2\n3\n");
  EXPECT_EQ(schemaStrings(readCsvFile(path, {{"inferSchema", "true"}, {"samplingRatio", "1.0"}})),
            (Strings{"_c0:int"}));
  try {
    readCsvFile(path, {{"inferSchema", "true"}, {"samplingRatio", "0"}});
    FAIL();
  } catch (const IllegalArgumentException& e) {
    EXPECT_EQ(std::string(e.what()),
              "requirement failed: samplingRatio (0.0) should be greater than 0");
  }
}

TEST(CsvReaderTest, BatchesHoldAtMostTheVectorSize) {
  TempDir dir;
  std::string path = dir.write("b.csv", "1\n2\n3\n4\n5\n");
  int64_t saved = defaultVectorSize();
  setDefaultVectorSize(2);
  auto result = readCsvFile(path, {}, "a INT");
  auto dropped =
      readCsvFile(dir.write("d.csv", "1\nx\n3\ny\n5\n"), {{"mode", "DROPMALFORMED"}}, "a INT");
  setDefaultVectorSize(saved);
  ASSERT_EQ(result.batches.size(), 3u);
  EXPECT_EQ(result.batches[0]->numRows(), 2);
  EXPECT_EQ(result.batches[2]->numRows(), 1);
  EXPECT_EQ(rowStrings(result), (Strings{"1", "2", "3", "4", "5"}));
  EXPECT_EQ(rowStrings(dropped), (Strings{"1", "3", "5"}));
}

}  // namespace
}  // namespace spate
