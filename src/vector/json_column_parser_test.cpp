#include "vector/json_column_parser.h"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>

#include "common/error.h"

namespace spate {
namespace {

ColumnPtr stringColumn(const std::vector<std::optional<std::string>>& rows) {
  std::vector<Value> values;
  for (const auto& r : rows) values.push_back(r ? Value(*r) : Value::null());
  return makeColumn(DataType::string(), values);
}

TypePtr schemaOf(const std::string& ddl) {
  if (ddl.rfind("array<", 0) == 0 || ddl.rfind("map<", 0) == 0) return parseDataType(ddl);
  return parseDdlSchema(ddl);
}

struct Parsed {
  ColumnPtr column;
  int64_t malformed = 0;
  std::string at(int64_t i) const {
    return formatValue(column->valueAt(i), *column->type(), *TimeZone::utc());
  }
};

Parsed parse(const std::string& ddl, const std::vector<std::optional<std::string>>& rows,
             JsonOptions options = {}) {
  Parsed p;
  JsonColumnParser parser(schemaOf(ddl), std::move(options), TimeZone::utc());
  p.column = parser.parseColumn(*stringColumn(rows), &p.malformed);
  return p;
}

std::string one(const std::string& ddl, const std::string& json, JsonOptions options = {}) {
  return parse(ddl, {json}, std::move(options)).at(0);
}

// The string buffers are sized from the first rows of a column; later rows much longer (or
// NULL, or without the field) must still come out whole.
TEST(JsonColumnParserTest, StringsLongerThanTheSampledRows) {
  std::vector<std::optional<std::string>> rows;
  std::vector<std::string> expected;
  for (int i = 0; i < 300; ++i) {
    std::string b = std::string(i < 32 ? 1 : i, static_cast<char>('a' + i % 26));
    if (i % 50 == 49) {
      rows.push_back(std::nullopt);
      expected.push_back("NULL");
    } else if (i % 40 == 39) {
      rows.push_back(R"({"a":)" + std::to_string(i) + "}");
      expected.push_back("{" + std::to_string(i) + ", NULL}");
    } else {
      rows.push_back(R"({"a":)" + std::to_string(i) + R"(,"b":")" + b + R"("})");
      expected.push_back("{" + std::to_string(i) + ", " + b + "}");
    }
  }
  Parsed p = parse("a INT, b STRING", rows);
  ASSERT_EQ(p.column->size(), 300);
  for (int i = 0; i < 300; ++i) EXPECT_EQ(p.at(i), expected[i]) << "row " << i;
}

// ---- spark_semantics.md §9.1 table, schema `a INT, b STRING` ----

TEST(JsonColumnParserTest, SpecTable) {
  Parsed p =
      parse("a INT, b STRING", {std::nullopt, R"({"a":1,"b":"x"})", R"({"a":1})",
                                R"({"a":1,"b":"x","c":3})", R"({"A":1})", R"({"a":"1"})",
                                R"({"a":1.5})", R"({"a":1,"b":2})", R"({"a" 1})", "", "   \n\t "});
  EXPECT_EQ(p.at(0), "NULL");
  EXPECT_TRUE(p.column->isNull(0));
  EXPECT_EQ(p.at(1), "{1, x}");
  EXPECT_EQ(p.at(2), "{1, NULL}");
  EXPECT_EQ(p.at(3), "{1, x}");
  EXPECT_EQ(p.at(4), "{NULL, NULL}");
  EXPECT_EQ(p.at(5), "{NULL, NULL}");
  EXPECT_EQ(p.at(6), "{NULL, NULL}");
  EXPECT_EQ(p.at(7), "{1, 2}");
  EXPECT_EQ(p.at(8), "{NULL, NULL}");
  EXPECT_FALSE(p.column->isNull(8));  // a struct of nulls, not NULL
  EXPECT_EQ(p.at(9), "NULL");
  EXPECT_TRUE(p.column->isNull(9));
  EXPECT_EQ(p.at(10), "NULL");
  // Rows 5 and 6 fail a conversion, row 8 is invalid JSON.
  EXPECT_EQ(p.malformed, 3);
}

TEST(JsonColumnParserTest, PartialResultKeepsOtherFields) {
  EXPECT_EQ(one("a INT, b STRING, c DOUBLE", R"({"a":"1","b":"x","c":2})"), "{NULL, x, 2.0}");
  EXPECT_EQ(one("a INT, b STRING", R"({"b":"x","a":true})"), "{NULL, x}");
  EXPECT_EQ(one("a INT, b BOOLEAN", R"({"a":{"k":[1,2]},"b":true})"), "{NULL, true}");
  EXPECT_EQ(one("a INT, b BOOLEAN", R"({"a":[1,{"k":2}],"b":false})"), "{NULL, false}");
}

TEST(JsonColumnParserTest, NestedFailureNullsTheTopLevelField) {
  // A bad element inside an array: the array field is NULL and parsing resumes after it.
  EXPECT_EQ(one("arr ARRAY<INT>, b INT", R"({"arr":[1,"x",3],"b":2})"), "{NULL, 2}");
  // Inside a nested object, Spark's top-level loop ends with the nested object: later fields
  // stay NULL, earlier ones keep their values.
  EXPECT_EQ(one("a INT, s STRUCT<x: INT, y: INT>, b INT", R"({"a":1,"s":{"x":"bad","y":1},"b":2})"),
            "{1, NULL, NULL}");
  EXPECT_EQ(one("s STRUCT<x: INT>, b INT", R"({"b":2,"s":{"x":"bad"}})"), "{NULL, 2}");
}

TEST(JsonColumnParserTest, MalformedDocuments) {
  Parsed p = parse("a INT", {R"({"a":1)", R"({"a":1,})", "[1,2]", "5", "\"str\"", "null",
                             "{\"a\":01}", "{\"a\":tru}", R"({"a":[1,}]})", "{\"a\":\"x\ty\"}"});
  for (int64_t i = 0; i < p.column->size(); ++i) {
    EXPECT_EQ(p.at(i), "{NULL}") << i;
    EXPECT_FALSE(p.column->isNull(i)) << i;
  }
  EXPECT_EQ(p.malformed, 10);
}

TEST(JsonColumnParserTest, TrailingTextAfterTheDocumentIsIgnoredAsInSpark) {
  EXPECT_EQ(one("a INT", R"({"a":1} trailing)"), "{1}");
  EXPECT_EQ(one("a INT", R"({"a":1}{"a":2})"), "{1}");
  EXPECT_EQ(one("a INT", R"(  {"a":1}   )"), "{1}");
}

TEST(JsonColumnParserTest, CorruptRecordColumn) {
  Parsed p = parse("a INT, _corrupt_record STRING", {R"({"a":1})", R"({"a" 1})", R"({"a":"x"})",
                                                     R"({"a":2,"_corrupt_record":"ignored"})"});
  EXPECT_EQ(p.at(0), "{1, NULL}");
  EXPECT_EQ(p.at(1), R"({NULL, {"a" 1}})");
  EXPECT_EQ(p.at(2), R"({NULL, {"a":"x"}})");
  EXPECT_EQ(p.at(3), "{2, NULL}");
  JsonOptions options;
  options.columnNameOfCorruptRecord = "bad";
  EXPECT_EQ(one("a INT, bad STRING", "{", options), "{NULL, {}");
}

TEST(JsonColumnParserTest, FailFast) {
  JsonOptions options;
  options.mode = JsonParseMode::kFailFast;
  EXPECT_EQ(one("a INT", R"({"a":1})", options), "{1}");
  try {
    parse("a INT", {R"({"a":1})", R"({"a" 1})"}, options);
    FAIL() << "expected an exception";
  } catch (const ExecutionException& e) {
    EXPECT_EQ(
        std::string(e.what()),
        "[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record "
        "parsing: {\"a\" 1}.\nParse Mode: FAILFAST. To process malformed records as null result, "
        "try setting the option 'mode' as 'PERMISSIVE'.");
    EXPECT_EQ(e.errorClass(), "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION");
  }
  try {
    parse("a INT", {"[1]"}, options);
    FAIL() << "expected an exception";
  } catch (const ExecutionException& e) {
    EXPECT_EQ(std::string(e.what()),
              "[MALFORMED_RECORD_IN_PARSING.CANNOT_PARSE_JSON_ARRAYS_AS_STRUCTS] Malformed records "
              "are detected in "
              "record parsing: [1].\nParse Mode: FAILFAST. To process malformed records as null "
              "result, try setting "
              "the option 'mode' as 'PERMISSIVE'. Parsing JSON arrays as structs is forbidden.");
  }
  // A conversion failure is a malformed record too.
  EXPECT_THROW(parse("a INT", {R"({"a":"1"})"}, options), ExecutionException);
  // NULL and blank input are not malformed.
  EXPECT_EQ(parse("a INT", {std::nullopt, " "}, options).at(1), "NULL");
}

TEST(JsonColumnParserTest, CaseSensitiveKeysAndDuplicates) {
  EXPECT_EQ(one("a INT, A INT", R"({"A":1,"a":2})"), "{2, 1}");
  EXPECT_EQ(one("a INT", R"({"a":1,"a":2})"), "{2}");
  EXPECT_EQ(one("a ARRAY<INT>", R"({"a":[1,2],"a":[3]})"), "{[3]}");
  EXPECT_EQ(one("a STRING", R"({"a":"x","a":null})"), "{NULL}");
}

TEST(JsonColumnParserTest, FieldsOutOfOrderAndUnknownKeys) {
  EXPECT_EQ(one("a INT, b INT, c INT", R"({"c":3,"x":{"a":9},"b":2,"a":1})"), "{1, 2, 3}");
  EXPECT_EQ(one("a INT, b INT", R"({})"), "{NULL, NULL}");
}

TEST(JsonColumnParserTest, SpecialKeys) {
  EXPECT_EQ(
      one("`$schema` STRING, `a.b` INT, `é` INT, `` INT", R"({"$schema":"s","a.b":1,"é":2,"":3})"),
      "{s, 1, 2, 3}");
  // Escaped keys are decoded before matching.
  EXPECT_EQ(one("ab INT, `q\"` INT", R"({"\u0061b":1,"q\"":2})"), "{1, 2}");
  std::string longName(100, 'k');
  EXPECT_EQ(one("`" + longName + "` INT", "{\"" + longName + "\":7}"), "{7}");
}

TEST(JsonColumnParserTest, Integers) {
  EXPECT_EQ(one("a BIGINT", R"({"a":9223372036854775807})"), "{9223372036854775807}");
  EXPECT_EQ(one("a BIGINT", R"({"a":-9223372036854775808})"), "{-9223372036854775808}");
  EXPECT_EQ(one("a BIGINT", R"({"a":1424688581345765603})"), "{1424688581345765603}");
  EXPECT_EQ(one("a BIGINT", R"({"a":9223372036854775808})"), "{NULL}");
  EXPECT_EQ(one("a BIGINT", R"({"a":1e3})"), "{NULL}");
  EXPECT_EQ(one("a INT", R"({"a":2147483647})"), "{2147483647}");
  EXPECT_EQ(one("a INT", R"({"a":2147483648})"), "{NULL}");
  EXPECT_EQ(one("a INT", R"({"a":-0})"), "{0}");
  EXPECT_EQ(one("a SMALLINT", R"({"a":32767})"), "{32767}");
  EXPECT_EQ(one("a SMALLINT", R"({"a":32768})"), "{NULL}");
  EXPECT_EQ(one("a TINYINT", R"({"a":-128})"), "{-128}");
  EXPECT_EQ(one("a TINYINT", R"({"a":255})"), "{-1}");  // Jackson's getByteValue
  EXPECT_EQ(one("a TINYINT", R"({"a":256})"), "{NULL}");
  EXPECT_EQ(one("a INT", R"({"a":null})"), "{NULL}");
  EXPECT_EQ(one("a INT", R"({"a":true})"), "{NULL}");
}

TEST(JsonColumnParserTest, Floating) {
  EXPECT_EQ(one("a DOUBLE", R"({"a":1})"), "{1.0}");
  EXPECT_EQ(one("a DOUBLE", R"({"a":-1.5e-3})"), "{-0.0015}");
  EXPECT_EQ(one("a DOUBLE", R"({"a":1e400})"), "{Infinity}");
  EXPECT_EQ(one("a DOUBLE", R"({"a":"NaN"})"), "{NaN}");
  EXPECT_EQ(one("a DOUBLE", R"({"a":"Infinity"})"), "{Infinity}");
  EXPECT_EQ(one("a DOUBLE", R"({"a":"-Infinity"})"), "{-Infinity}");
  EXPECT_EQ(one("a DOUBLE", R"({"a":"+INF"})"), "{Infinity}");
  EXPECT_EQ(one("a DOUBLE", R"({"a":"1.5"})"), "{NULL}");
  EXPECT_EQ(one("a DOUBLE", R"({"a":""})"), "{NULL}");
  // Unquoted NaN and infinities are accepted too (Jackson's ALLOW_NON_NUMERIC_NUMBERS).
  EXPECT_EQ(one("a DOUBLE, b DOUBLE, c FLOAT", R"({"a":NaN,"b":-Infinity,"c":+INF})"),
            "{NaN, -Infinity, Infinity}");
  EXPECT_EQ(one("a INT, b STRING", R"({"a":NaN,"b":"NaN"})"), "{NULL, NaN}");
  JsonOptions strict;
  strict.allowNonNumericNumbers = false;
  EXPECT_EQ(one("a DOUBLE", R"({"a":"NaN"})", strict), "{NULL}");
  EXPECT_EQ(one("a DOUBLE", R"({"a":NaN})", strict), "{NULL}");
  EXPECT_EQ(one("a FLOAT", R"({"a":0.1})"), "{0.1}");
  EXPECT_EQ(one("a FLOAT", R"({"a":3})"), "{3.0}");
  EXPECT_EQ(one("a FLOAT", R"({"a":"-INF"})"), "{-Infinity}");
}

TEST(JsonColumnParserTest, Decimals) {
  EXPECT_EQ(one("a DECIMAL(5,2)", R"({"a":1.005})"), "{1.01}");  // HALF_UP
  EXPECT_EQ(one("a DECIMAL(5,2)", R"({"a":-1.005})"), "{-1.01}");
  EXPECT_EQ(one("a DECIMAL(5,2)", R"({"a":123})"), "{123.00}");
  EXPECT_EQ(one("a DECIMAL(5,2)", R"({"a":1234})"), "{NULL}");
  EXPECT_EQ(one("a DECIMAL(5,2)", R"({"a":"1,234.5"})"), "{NULL}");
  EXPECT_EQ(one("a DECIMAL(6,1)", R"({"a":"1,234.56"})"), "{1234.6}");
  EXPECT_EQ(one("a DECIMAL(10,0)", R"({"a":1.2e3})"), "{1200}");
  EXPECT_EQ(one("a DECIMAL(38,0)", R"({"a":12345678901234567890123456789012345678})"),
            "{12345678901234567890123456789012345678}");
}

TEST(JsonColumnParserTest, BooleansOnlyFromLiterals) {
  EXPECT_EQ(one("a BOOLEAN, b BOOLEAN", R"({"a":true,"b":false})"), "{true, false}");
  EXPECT_EQ(one("a BOOLEAN", R"({"a":"true"})"), "{NULL}");
  EXPECT_EQ(one("a BOOLEAN", R"({"a":1})"), "{NULL}");
}

TEST(JsonColumnParserTest, StringsKeepJsonText) {
  EXPECT_EQ(one("a STRING", R"({"a":{"x": 1, "y" : [true, null, "s\"q"]}})"),
            R"({{"x":1,"y":[true,null,"s\"q"]}})");
  EXPECT_EQ(one("a STRING", R"({"a":[ 1.50, 1e2, -0, 12345678901234567890 ]})"),
            "{[1.5,100.0,0,12345678901234567890]}");
  EXPECT_EQ(one("a STRING", R"({"a":2.50})"), "{2.5}");
  EXPECT_EQ(one("a STRING", R"({"a":1e10})"), "{1.0E10}");
  EXPECT_EQ(one("a STRING", R"({"a":1e400})"), "{\"Infinity\"}");
  EXPECT_EQ(one("a STRING", R"({"a":false})"), "{false}");
  EXPECT_EQ(one("a STRING", R"({"a":{"\u0041":"\u00e9\/"}})"), "{{\"A\":\"é/\"}}");
  EXPECT_EQ(one("a STRING", R"({"a":""})"), "{}");
  Parsed p = parse("a STRING", {R"({"a":""})"});
  EXPECT_FALSE(p.column->child(0)->isNull(0));
}

TEST(JsonColumnParserTest, EscapesAndSurrogates) {
  EXPECT_EQ(one("a STRING", R"({"a":"\u00e9\u4e2d\ud83d\ude00\n\t\"\\\/"})"), "{é中😀\n\t\"\\/}");
  EXPECT_EQ(one("a STRING", R"({"a":"\ud800x"})"), "{?x}");  // a lone surrogate, as Java encodes it
  EXPECT_EQ(one("a STRING", "{\"a\":\"caf\xc3\xa9\"}"), "{café}");
  EXPECT_EQ(one("a STRING", "{\"a\":\"bad\xff\"}"), "{bad\xEF\xBF\xBD}");
  EXPECT_EQ(one("a STRING", R"({"a":"\x"})"), "{NULL}");
}

TEST(JsonColumnParserTest, SingleQuotesAsJacksonAllows) {
  EXPECT_EQ(one("a STRING, b INT", R"({'a':'it''s', 'b':1})"), "{NULL, NULL}");
  EXPECT_EQ(one("a STRING, b INT", R"({'a':'say "hi"', 'b':1})"), "{say \"hi\", 1}");
  JsonOptions strict;
  strict.allowSingleQuotes = false;
  EXPECT_EQ(one("a STRING", R"({'a':'x'})", strict), "{NULL}");
}

TEST(JsonColumnParserTest, CommentsAndControlCharactersWhenAllowed) {
  std::string commented = "{/* c */\"a\":1, // line\n\"b\":\"/*not*/\"}";
  EXPECT_EQ(one("a INT, b STRING", commented), "{NULL, NULL}");
  JsonOptions comments;
  comments.allowComments = true;
  EXPECT_EQ(one("a INT, b STRING", commented, comments), "{1, /*not*/}");
  JsonOptions control;
  control.allowUnquotedControlChars = true;
  EXPECT_EQ(one("a STRING", "{\"a\":\"x\ty\"}", control), "{x\ty}");
  EXPECT_EQ(one("a STRING", "{\"a\":{\"k\":\"x\ty\"}}", control), "{{\"k\":\"x\\ty\"}}");
}

TEST(JsonColumnParserTest, Timestamps) {
  EXPECT_EQ(one("t TIMESTAMP", R"({"t":"2024-01-01T10:20:30.5Z"})"), "{2024-01-01 10:20:30.5}");
  EXPECT_EQ(one("t TIMESTAMP", R"({"t":"2024-01-01 10:20:30"})"), "{2024-01-01 10:20:30}");
  EXPECT_EQ(one("t TIMESTAMP", R"({"t":1704067200})"), "{2024-01-01 00:00:00}");
  EXPECT_EQ(one("t TIMESTAMP", R"({"t":1.5})"), "{NULL}");
  EXPECT_EQ(one("t TIMESTAMP", R"({"t":"not a time"})"), "{NULL}");
  JsonOptions zoned;
  zoned.timeZone = TimeZone::of("+02:00");
  EXPECT_EQ(one("t TIMESTAMP", R"({"t":"2024-01-01 10:00:00"})", zoned), "{2024-01-01 08:00:00}");
  JsonOptions formatted;
  formatted.timestampFormat = DateTimePattern::compile("dd/MM/yyyy HH:mm", true);
  EXPECT_EQ(one("t TIMESTAMP", R"({"t":"31/12/2023 23:59"})", formatted), "{2023-12-31 23:59:00}");
  EXPECT_EQ(one("t TIMESTAMP", R"({"t":"2023-12-31 23:59"})", formatted), "{NULL}");
}

TEST(JsonColumnParserTest, Dates) {
  EXPECT_EQ(one("d DATE", R"({"d":"2024-02-29"})"), "{2024-02-29}");
  EXPECT_EQ(one("d DATE", R"({"d":"2024-02-30"})"), "{NULL}");
  EXPECT_EQ(one("d DATE", R"({"d":"19000"})"), "{+19000-01-01}");  // a five-digit year
  EXPECT_EQ(one("d DATE", R"({"d":"190"})"), "{1970-07-10}");      // Spark 1.5 day numbers
  EXPECT_EQ(one("d DATE", R"({"d":19000})"), "{NULL}");
  JsonOptions formatted;
  formatted.dateFormat = DateTimePattern::compile("MM/dd/yyyy", true);
  EXPECT_EQ(one("d DATE", R"({"d":"02/29/2024"})", formatted), "{2024-02-29}");
}

TEST(JsonColumnParserTest, Binary) {
  Parsed p = parse("b BINARY", {R"({"b":"aGVsbG8="})", R"({"b":"!!"})", R"({"b":""})"});
  EXPECT_EQ(p.column->child(0)->stringAt(0), "hello");
  EXPECT_TRUE(p.column->child(0)->isNull(1));
  EXPECT_EQ(p.column->child(0)->stringAt(2), "");
}

TEST(JsonColumnParserTest, NestedTypes) {
  EXPECT_EQ(one("s STRUCT<x: INT, y: ARRAY<STRING>>, m MAP<STRING, DOUBLE>",
                R"({"s":{"y":["a",null,"b"],"x":1},"m":{"k1":1,"k2":null}})"),
            "{{1, [a, NULL, b]}, {k1 -> 1.0, k2 -> NULL}}");
  EXPECT_EQ(one("a ARRAY<ARRAY<INT>>", R"({"a":[[1,2],[],null,[3]]})"),
            "{[[1, 2], [], NULL, [3]]}");
  EXPECT_EQ(one("a ARRAY<STRUCT<k: STRING>>", R"({"a":[{"k":"v"},{},null]})"),
            "{[{v}, {NULL}, NULL]}");
  EXPECT_EQ(one("s STRUCT<x: INT>", R"({"s":null})"), "{NULL}");
  EXPECT_EQ(one("s STRUCT<x: INT>", R"({"s":5})"), "{NULL}");
  EXPECT_EQ(one("m MAP<STRING, INT>", R"({"m":{"a":1,"b":"x"}})"), "{NULL}");
}

TEST(JsonColumnParserTest, NonStructRoots) {
  Parsed a =
      parse("array<int>", {"[1,2,null]", "[]", R"({"a":1})", "[1,\"x\"]", "null", std::nullopt});
  EXPECT_EQ(a.at(0), "[1, 2, NULL]");
  EXPECT_EQ(a.at(1), "[]");
  EXPECT_EQ(a.at(2), "NULL");
  EXPECT_EQ(a.at(3), "NULL");
  EXPECT_EQ(a.at(4), "NULL");
  EXPECT_EQ(a.at(5), "NULL");
  Parsed s = parse("array<struct<i: INT>>", {R"([{"i":1},{"i":2}])", R"({"i":4})"});
  EXPECT_EQ(s.at(0), "[{1}, {2}]");
  EXPECT_EQ(s.at(1), "[{4}]");
  Parsed m = parse("map<string, int>", {R"({"a":1,"b":2})", R"({"a":"x"})", "[1]"});
  EXPECT_EQ(m.at(0), "{a -> 1, b -> 2}");
  EXPECT_EQ(m.at(1), "NULL");
  EXPECT_EQ(m.at(2), "NULL");
}

TEST(JsonColumnParserTest, DocumentsForTheFileReader) {
  JsonColumnParser parser(parseDdlSchema("a INT"), JsonOptions{}, TimeZone::utc(), true);
  std::string text = R"({"a":1}   [{"a":2},{"a":3}]  [] {"a":4)";
  text.append(kJsonPadding, ' ');
  parser.appendDocument(text.data(), 7);        // {"a":1}
  parser.appendDocument(text.data() + 7, 3);    // blank: no row
  parser.appendDocument(text.data() + 10, 17);  // two rows
  parser.appendDocument(text.data() + 29, 2);   // []: no row
  parser.appendDocument(text.data() + 32, 6);   // malformed
  EXPECT_EQ(parser.size(), 4);
  EXPECT_EQ(parser.malformedRecords(), 1);
  ColumnPtr c = parser.finish();
  EXPECT_EQ(formatValue(c->valueAt(0), *c->type(), *TimeZone::utc()), "{1}");
  EXPECT_EQ(formatValue(c->valueAt(2), *c->type(), *TimeZone::utc()), "{3}");
  EXPECT_EQ(formatValue(c->valueAt(3), *c->type(), *TimeZone::utc()), "{NULL}");
}

TEST(JsonColumnParserTest, ManyRowsAndReuse) {
  std::vector<std::optional<std::string>> rows;
  for (int i = 0; i < 5000; ++i) {
    if (i % 7 == 0)
      rows.push_back(std::nullopt);
    else if (i % 11 == 0)
      rows.push_back("{bad");
    else
      rows.push_back("{\"a\":" + std::to_string(i) + ",\"b\":\"s" + std::to_string(i) + "\"}");
  }
  JsonColumnParser parser(parseDdlSchema("a BIGINT, b STRING"), JsonOptions{}, TimeZone::utc());
  for (int round = 0; round < 2; ++round) {
    int64_t malformed = 0;
    ColumnPtr c = parser.parseColumn(*stringColumn(rows), &malformed);
    ASSERT_EQ(c->size(), 5000);
    int64_t expectedMalformed = 0;
    for (int i = 0; i < 5000; ++i) {
      if (i % 7 == 0) {
        EXPECT_TRUE(c->isNull(i));
      } else if (i % 11 == 0) {
        ++expectedMalformed;
        EXPECT_TRUE(c->child(0)->isNull(i));
      } else {
        EXPECT_EQ(c->child(0)->valueAt<int64_t>(i), i);
        EXPECT_EQ(c->child(1)->stringAt(i), "s" + std::to_string(i));
      }
    }
    EXPECT_EQ(malformed, expectedMalformed);
  }
}

}  // namespace
}  // namespace spate

namespace spate {
namespace {

// Random damage to valid documents must give a row per input and never crash.
TEST(JsonColumnParserFuzzTest, MutatedDocumentsNeverCrash) {
  const std::vector<std::string> seeds = {
      R"({"a":1,"b":"x","c":[1,2,{"d":null}],"e":{"f":1.5e3,"g":"\u00e9\ud83d\ude00"},"h":true})",
      R"([{"a":1},{"a":"2"},[3],null])",
      R"({"a":{"a":{"a":{"a":[[[]]]}}},"b":"\\\"","c":-0.0,"d":12345678901234567890123})",
      R"({'a':'b', "c": NaN, "d": 007, "e": "x" /* c */})"};
  const std::vector<std::string> schemas = {
      "a INT, b STRING, c ARRAY<STRING>, e STRUCT<f: DOUBLE, g: STRING>, h BOOLEAN, "
      "_corrupt_record STRING",
      "a STRING, b BINARY, c DECIMAL(10,2), d TIMESTAMP, e DATE, h MAP<STRING, ARRAY<INT>>",
      "array<struct<a: bigint>>", "map<string, string>"};
  const char noise[] = "{}[]\",:\\'0123456789eE+-.tfnul \t\n\x01\xff\xc3";
  uint64_t state = 12345;
  auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return state >> 33;
  };
  for (const auto& schema : schemas) {
    std::vector<std::optional<std::string>> rows;
    for (int i = 0; i < 3000; ++i) {
      std::string doc = seeds[next() % seeds.size()];
      int edits = static_cast<int>(next() % 4);
      for (int e = 0; e < edits && !doc.empty(); ++e) {
        size_t pos = next() % doc.size();
        switch (next() % 3) {
          case 0:
            doc.erase(pos, 1 + next() % 3);
            break;
          case 1:
            doc.insert(pos, 1, noise[next() % (sizeof noise - 1)]);
            break;
          default:
            doc[pos] = noise[next() % (sizeof noise - 1)];
        }
      }
      if (next() % 7 == 0) doc = doc.substr(0, next() % (doc.size() + 1));
      rows.push_back(doc);
    }
    for (JsonParseMode mode : {JsonParseMode::kPermissive, JsonParseMode::kFailFast}) {
      JsonOptions options;
      options.mode = mode;
      options.allowComments = true;
      try {
        Parsed p = parse(schema, rows, options);
        ASSERT_EQ(p.column->size(), static_cast<int64_t>(rows.size()));
        for (int64_t i = 0; i < p.column->size(); ++i) p.at(i);
      } catch (const ExecutionException&) {
        EXPECT_EQ(mode, JsonParseMode::kFailFast);
      }
    }
    JsonColumnParser reader(schemaOf(schema), JsonOptions{}, TimeZone::utc(), true);
    for (const auto& r : rows) {
      std::string padded = *r + std::string(kJsonPadding, '}');
      reader.appendDocument(padded.data(), r->size());
    }
    ColumnPtr c = reader.finish();
    for (int64_t i = 0; i < c->size(); ++i)
      formatValue(c->valueAt(i), *c->type(), *TimeZone::utc());
  }
}

}  // namespace
}  // namespace spate
