// Expected values come from Spark's documented examples, Java's String behaviour (which Spark
// delegates to) or the rules of Spark's UTF8String worked out by hand.
#include "function/function_test_support.h"

namespace spate {
namespace {

using namespace spate::testing;

TypePtr STR = DataType::string();

TEST(StringFunctionsTest, Length) {
  EXPECT_VALUE(eval1("char_length", {str("Spark SQL ")}), L(10));
  EXPECT_VALUES(evalColumn("length", STR, {S(""), S("é"), S("日本"), N(), S("a\xF0\x9F\x98\x80")}),
                L(0), L(1), L(2), N(), L(2));
  EXPECT_VALUE(eval1("length", {lit(S("ab\xC3\xA9"), DataType::binary())}), L(4));
  EXPECT_VALUE(eval1("character_length", {str("日本")}), L(2));
  EXPECT_VALUE(eval1("octet_length", {str("Spark SQL")}), L(9));
  EXPECT_VALUE(eval1("octet_length", {str("日本")}), L(6));
  EXPECT_VALUE(eval1("bit_length", {str("Spark SQL")}), L(72));
  EXPECT_VALUE(eval1("bit_length", {str("é")}), L(16));
  EXPECT_VALUE(eval1("length", {nullOf(STR)}), N());
}

TEST(StringFunctionsTest, LengthChecksArity) {
  std::string message = errorOf([] { call("length", {str("a"), str("b")}); });
  EXPECT_EQ(message.rfind("[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `length` requires 1 "
                          "parameters but the actual number is 2.",
                          0),
            0u)
      << message;
}

TEST(StringFunctionsTest, RejectsComplexTypes) {
  std::string message =
      errorOf([] { call("upper", {lit(A({L(1)}), DataType::array(DataType::integer()))}); });
  EXPECT_NE(message.find("[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve \"upper("),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("Parameter 1 requires the \"STRING\" type"), std::string::npos);
  EXPECT_NE(message.find("has the type \"ARRAY<INT>\""), std::string::npos);
}

TEST(StringFunctionsTest, Case) {
  EXPECT_VALUES(evalColumn("upper", STR, {S("SparkSql"), S("éàßǆ"), S("日本"), N(), S("")}),
                S("SPARKSQL"), S("ÉÀSSǄ"), S("日本"), N(), S(""));
  EXPECT_VALUES(evalColumn("lower", STR, {S("SparkSql"), S("ΟΔΟΣ ΣΑ"), S("ÉÀ Σ"), N()}),
                S("sparksql"), S("οδος σα"), S("éà σ"), N());
  EXPECT_VALUE(eval1("lower", {str("İ")}), S("i\xCC\x87"));
  EXPECT_VALUE(eval1("ucase", {str("abc")}), S("ABC"));
  EXPECT_VALUE(eval1("lcase", {str("ABC")}), S("abc"));
}

TEST(StringFunctionsTest, Initcap) {
  EXPECT_VALUES(evalColumn("initcap", STR,
                           {S("sPark sql"), S("élan vital"), S("ǆemal ǆ"), S("a  b"), S("日本 語"),
                            N(), S("")}),
                S("Spark Sql"), S("Élan Vital"), S("ǅemal ǅ"), S("A  B"), S("日本 語"), N(), S(""));
}

TEST(StringFunctionsTest, Trim) {
  EXPECT_VALUES(evalColumn("trim", STR, {S("    SparkSQL   "), S("\tx\t"), S("   "), N()}),
                S("SparkSQL"), S("\tx\t"), S(""), N());
  EXPECT_VALUE(eval1("ltrim", {str("    SparkSQL   ")}), S("SparkSQL   "));
  EXPECT_VALUE(eval1("rtrim", {str("    SparkSQL   ")}), S("    SparkSQL"));
  // Function form: trim(trimStr, str).
  EXPECT_VALUE(eval1("trim", {str("SL"), str("SSparkSQLS")}), S("parkSQ"));
  EXPECT_VALUE(eval1("ltrim", {str("SL"), str("SSparkSQLS")}), S("parkSQLS"));
  EXPECT_VALUE(eval1("rtrim", {str("SL"), str("SSparkSQLS")}), S("SSparkSQ"));
  EXPECT_VALUE(eval1("btrim", {str("SSparkSQLS"), str("SL")}), S("parkSQ"));
  EXPECT_VALUE(eval1("btrim", {str("    SparkSQL   ")}), S("SparkSQL"));
  EXPECT_VALUE(eval1("trim", {str("日é"), str("é日本é日")}), S("本"));
  EXPECT_VALUE(eval1("trim", {str(""), str(" x ")}), S(" x "));
  EXPECT_VALUE(eval1("trim", {nullOf(STR), str("x")}), N());
}

TEST(StringFunctionsTest, Substring) {
  EXPECT_VALUE(eval1("substr", {str("Spark SQL"), i32(5)}), S("k SQL"));
  EXPECT_VALUE(eval1("substr", {str("Spark SQL"), i32(-3)}), S("SQL"));
  EXPECT_VALUE(eval1("substr", {str("Spark SQL"), i32(5), i32(1)}), S("k"));
  EXPECT_VALUE(eval1("substring", {str("Spark SQL"), i32(0), i32(2)}), S("Sp"));
  EXPECT_VALUE(eval1("substring", {str("Spark SQL"), i32(1), i32(2)}), S("Sp"));
  // start = len - 5 = -2: the window [-2, 1) keeps one character.
  EXPECT_VALUE(eval1("substring", {str("abc"), i32(-5), i32(3)}), S("a"));
  EXPECT_VALUE(eval1("substring", {str("abc"), i32(10)}), S(""));
  EXPECT_VALUE(eval1("substring", {str("abc"), i32(2), i32(-1)}), S(""));
  EXPECT_VALUE(eval1("substring", {str("abc"), i32(2), i32(2147483647)}), S("bc"));
  EXPECT_VALUE(eval1("substring", {str("日本語テキスト"), i32(2), i32(3)}), S("本語テ"));
  EXPECT_VALUE(eval1("substring", {str("日本語"), i32(-2)}), S("本語"));
  EXPECT_VALUE(eval1("substring", {str("éa"), i32(2)}), S("a"));
  EXPECT_VALUE(eval1("substring", {nullOf(STR), i32(1)}), N());
  EXPECT_VALUE(eval1("substring", {str("abc"), nullOf(DataType::integer())}), N());
  EXPECT_VALUE(eval1("substring", {lit(S("abcd"), DataType::binary()), i32(-2), i32(1)}), S("c"));
  Rows rows;
  auto s = rows.column(STR, {S("hello"), N(), S("é日本")});
  auto p = rows.column(DataType::integer(), {L(2), L(1), L(-1)});
  EXPECT_VALUES(rows.eval(call("substring", {s, p})), S("ello"), N(), S("本"));
}

TEST(StringFunctionsTest, LeftRight) {
  EXPECT_VALUE(eval1("left", {str("Spark SQL"), i32(3)}), S("Spa"));
  EXPECT_VALUE(eval1("left", {str("Spark SQL"), i32(-1)}), S(""));
  EXPECT_VALUE(eval1("right", {str("Spark SQL"), i32(3)}), S("SQL"));
  EXPECT_VALUE(eval1("right", {str("abc"), i32(5)}), S("abc"));
  EXPECT_VALUE(eval1("right", {str("abc"), i32(0)}), S(""));
  EXPECT_VALUE(eval1("right", {str("日本語"), i32(2)}), S("本語"));
  EXPECT_VALUE(eval1("left", {nullOf(STR), i32(2)}), N());
}

TEST(StringFunctionsTest, Concat) {
  EXPECT_VALUE(eval1("concat", {str("Spark"), str("SQL")}), S("SparkSQL"));
  EXPECT_VALUE(eval1("concat", {str("a"), nullOf(STR), str("b")}), N());
  EXPECT_VALUE(eval1("concat", {}), S(""));
  EXPECT_VALUE(eval1("concat", {str("日"), str(""), str("本")}), S("日本"));
  Value bin = eval1("concat", {lit(S("a"), DataType::binary()), lit(S("b"), DataType::binary())});
  EXPECT_VALUE(bin, S("ab"));
  EXPECT_EQ(call("concat", {lit(S("a"), DataType::binary())})->type->id(), TypeId::kBinary);
}

TEST(StringFunctionsTest, ConcatWs) {
  EXPECT_VALUE(eval1("concat_ws", {str(" "), str("Spark"), str("SQL")}), S("Spark SQL"));
  EXPECT_VALUE(eval1("concat_ws", {str("s")}), S(""));
  EXPECT_VALUE(eval1("concat_ws", {str("/"), str("a"), nullOf(STR), str("b")}), S("a/b"));
  EXPECT_VALUE(eval1("concat_ws", {nullOf(STR), str("a")}), N());
  auto arr = lit(A({S("x"), N(), S("y")}), DataType::array(STR));
  EXPECT_VALUE(eval1("concat_ws", {str(","), str("a"), arr, str("é")}), S("a,x,y,é"));
  EXPECT_VALUE(eval1("concat_ws", {str(","), nullOf(DataType::array(STR))}), S(""));
}

TEST(StringFunctionsTest, InstrLocate) {
  EXPECT_VALUE(eval1("instr", {str("SparkSQL"), str("SQL")}), L(6));
  EXPECT_VALUE(eval1("instr", {str("SparkSQL"), str("x")}), L(0));
  EXPECT_VALUE(eval1("instr", {str("abc"), str("")}), L(1));
  EXPECT_VALUE(eval1("instr", {str("日本語"), str("語")}), L(3));
  EXPECT_VALUE(eval1("instr", {nullOf(STR), str("a")}), N());
  EXPECT_VALUE(eval1("locate", {str("bar"), str("foobarbar")}), L(4));
  EXPECT_VALUE(eval1("locate", {str("bar"), str("foobarbar"), i32(5)}), L(7));
  EXPECT_VALUE(eval1("position", {str("bar"), str("foobarbar")}), L(4));
  EXPECT_VALUE(eval1("locate", {str("bar"), str("foobarbar"), i32(0)}), L(0));
  EXPECT_VALUE(eval1("locate", {str("a"), str("abc"), nullOf(DataType::integer())}), L(0));
  EXPECT_VALUE(eval1("locate", {nullOf(STR), str("abc")}), N());
  EXPECT_VALUE(eval1("locate", {str(""), str("abc"), i32(3)}), L(1));
  EXPECT_VALUE(eval1("locate", {str("本"), str("日本日本"), i32(3)}), L(4));
  EXPECT_VALUE(eval1("locate", {str("c"), str("abc"), i32(9)}), L(0));
}

TEST(StringFunctionsTest, ContainsStartsEnds) {
  EXPECT_VALUE(eval1("contains", {str("Spark SQL"), str("Spark")}), Value(true));
  EXPECT_VALUE(eval1("contains", {str("Spark SQL"), str("")}), Value(true));
  EXPECT_VALUE(eval1("contains", {str("Spark SQL"), nullOf(STR)}), N());
  EXPECT_VALUE(eval1("startswith", {str("Spark SQL"), str("SQL")}), Value(false));
  EXPECT_VALUE(eval1("startswith", {str("日本"), str("日")}), Value(true));
  EXPECT_VALUE(eval1("endswith", {str("Spark SQL"), str("SQL")}), Value(true));
  EXPECT_VALUE(
      eval1("endswith", {lit(S("abc"), DataType::binary()), lit(S("bc"), DataType::binary())}),
      Value(true));
}

TEST(StringFunctionsTest, Pad) {
  EXPECT_VALUE(eval1("lpad", {str("hi"), i32(5), str("??")}), S("???hi"));
  EXPECT_VALUE(eval1("lpad", {str("hi"), i32(1), str("??")}), S("h"));
  EXPECT_VALUE(eval1("lpad", {str("hi"), i32(5)}), S("   hi"));
  EXPECT_VALUE(eval1("rpad", {str("hi"), i32(5), str("??")}), S("hi???"));
  EXPECT_VALUE(eval1("rpad", {str("hi"), i32(1), str("??")}), S("h"));
  EXPECT_VALUE(eval1("rpad", {str("hi"), i32(5)}), S("hi   "));
  EXPECT_VALUE(eval1("lpad", {str("hi"), i32(5), str("")}), S("hi"));
  EXPECT_VALUE(eval1("lpad", {str("hi"), i32(-1), str("x")}), S(""));
  EXPECT_VALUE(eval1("lpad", {str("日本"), i32(5), str("é")}), S("ééé日本"));
  EXPECT_VALUE(eval1("rpad", {str("日本語"), i32(2), str("x")}), S("日本"));
  EXPECT_VALUE(eval1("lpad", {nullOf(STR), i32(5), str("x")}), N());
}

TEST(StringFunctionsTest, RepeatSpaceReverse) {
  EXPECT_VALUE(eval1("repeat", {str("123"), i32(2)}), S("123123"));
  EXPECT_VALUE(eval1("repeat", {str("é"), i32(3)}), S("ééé"));
  EXPECT_VALUE(eval1("repeat", {str("x"), i32(-1)}), S(""));
  EXPECT_VALUE(eval1("space", {i32(3)}), S("   "));
  EXPECT_VALUE(eval1("space", {i32(-3)}), S(""));
  EXPECT_VALUE(eval1("reverse", {str("Spark SQL")}), S("LQS krapS"));
  EXPECT_VALUE(eval1("reverse", {str("日本語é")}), S("é語本日"));
  EXPECT_VALUE(eval1("reverse", {nullOf(STR)}), N());
  EXPECT_VALUE(eval1("reverse", {lit(A({L(2), L(1), L(4)}), DataType::array(DataType::integer()))}),
               A({L(4), L(1), L(2)}));
}

TEST(StringFunctionsTest, ReplaceTranslateOverlay) {
  EXPECT_VALUE(eval1("replace", {str("ABCabc"), str("abc"), str("DEF")}), S("ABCDEF"));
  EXPECT_VALUE(eval1("replace", {str("ABCabc"), str("abc")}), S("ABC"));
  EXPECT_VALUE(eval1("replace", {str("abc"), str(""), str("x")}), S("abc"));
  EXPECT_VALUE(eval1("replace", {str("aaa"), str("aa"), str("b")}), S("ba"));
  EXPECT_VALUE(eval1("replace", {str("日本日本"), str("本"), str("é")}), S("日é日é"));
  EXPECT_VALUE(eval1("translate", {str("AaBbCc"), str("abc"), str("123")}), S("A1B2C3"));
  EXPECT_VALUE(eval1("translate", {str("abcd"), str("abd"), str("x")}), S("xc"));
  EXPECT_VALUE(eval1("translate", {str("aba"), str("aa"), str("xy")}), S("xbx"));
  EXPECT_VALUE(eval1("translate", {str("日本語"), str("本"), str("é")}), S("日é語"));
  EXPECT_VALUE(eval1("translate", {nullOf(STR), str("a"), str("b")}), N());
  EXPECT_VALUE(eval1("overlay", {str("Spark SQL"), str("_"), i32(6)}), S("Spark_SQL"));
  EXPECT_VALUE(eval1("overlay", {str("Spark SQL"), str("CORE"), i32(7)}), S("Spark CORE"));
  EXPECT_VALUE(eval1("overlay", {str("Spark SQL"), str("ANSI "), i32(7), i32(0)}),
               S("Spark ANSI SQL"));
  EXPECT_VALUE(eval1("overlay", {str("Spark SQL"), str("tructured"), i32(2), i32(4)}),
               S("Structured SQL"));
}

TEST(StringFunctionsTest, AsciiChr) {
  EXPECT_VALUE(eval1("ascii", {str("222")}), L(50));
  EXPECT_VALUE(eval1("ascii", {str("")}), L(0));
  EXPECT_VALUE(eval1("ascii", {str("é")}), L(233));
  EXPECT_VALUE(eval1("chr", {i64(65)}), S("A"));
  EXPECT_VALUE(eval1("char", {i64(321)}), S("A"));
  EXPECT_VALUE(eval1("chr", {i64(233)}), S("é"));
  EXPECT_VALUE(eval1("chr", {i64(256)}), S(std::string(1, '\0')));
  EXPECT_VALUE(eval1("chr", {i64(-1)}), S(""));
  EXPECT_VALUE(eval1("chr", {nullOf(DataType::longType())}), N());
}

TEST(StringFunctionsTest, SplitPartAndSubstringIndex) {
  EXPECT_VALUE(eval1("split_part", {str("11.12.13"), str("."), i32(3)}), S("13"));
  EXPECT_VALUE(eval1("split_part", {str("11.12.13"), str("."), i32(-1)}), S("13"));
  EXPECT_VALUE(eval1("split_part", {str("11.12.13"), str("."), i32(4)}), S(""));
  EXPECT_VALUE(eval1("split_part", {str("a,,b"), str(","), i32(2)}), S(""));
  EXPECT_VALUE(eval1("split_part", {str("abc"), str(""), i32(1)}), S("abc"));
  EXPECT_VALUE(eval1("split_part", {str(""), str(","), i32(1)}), S(""));
  EXPECT_VALUE(eval1("split_part", {str("日-本"), str("-"), i32(2)}), S("本"));
  EXPECT_VALUE(eval1("split_part", {nullOf(STR), str("."), i32(1)}), N());
  std::string message = errorOf([] { eval1("split_part", {str("a.b"), str("."), i32(0)}); });
  EXPECT_EQ(message,
            "[INVALID_INDEX_OF_ZERO] The index 0 is invalid. An index shall be either < 0 or > 0 "
            "(the first element has index 1).");
  EXPECT_VALUE(eval1("substring_index", {str("www.apache.org"), str("."), i32(2)}),
               S("www.apache"));
  EXPECT_VALUE(eval1("substring_index", {str("www.apache.org"), str("."), i32(-2)}),
               S("apache.org"));
  EXPECT_VALUE(eval1("substring_index", {str("www.apache.org"), str("."), i32(0)}), S(""));
  EXPECT_VALUE(eval1("substring_index", {str("www.apache.org"), str("x"), i32(1)}),
               S("www.apache.org"));
  EXPECT_VALUE(eval1("find_in_set", {str("ab"), str("abc,b,ab,c,def")}), L(3));
  EXPECT_VALUE(eval1("find_in_set", {str("a,b"), str("a,b")}), L(0));
  EXPECT_VALUE(eval1("find_in_set", {str(""), str("a,,b")}), L(2));
}

TEST(StringFunctionsTest, Elt) {
  EXPECT_VALUE(eval1("elt", {i32(1), str("scala"), str("java")}), S("scala"));
  EXPECT_VALUE(eval1("elt", {i32(2), str("a"), str("b")}), S("b"));
  EXPECT_VALUE(eval1("elt", {i32(3), str("a"), str("b")}), N());
  EXPECT_VALUE(eval1("elt", {i32(0), str("a")}), N());
  EXPECT_VALUE(eval1("elt", {nullOf(DataType::integer()), str("a")}), N());
}

TEST(StringFunctionsTest, LevenshteinSoundex) {
  EXPECT_VALUE(eval1("levenshtein", {str("kitten"), str("sitting")}), L(3));
  EXPECT_VALUE(eval1("levenshtein", {str("kitten"), str("sitting"), i32(2)}), L(-1));
  EXPECT_VALUE(eval1("levenshtein", {str("kitten"), str("sitting"), i32(3)}), L(3));
  EXPECT_VALUE(eval1("levenshtein", {str(""), str("日本")}), L(2));
  EXPECT_VALUE(eval1("levenshtein", {str("日本"), str("日本語")}), L(1));
  EXPECT_VALUE(eval1("levenshtein", {nullOf(STR), str("a")}), N());
  EXPECT_VALUE(eval1("soundex", {str("Miller")}), S("M460"));
  EXPECT_VALUE(eval1("soundex", {str("Robert")}), S("R163"));
  EXPECT_VALUE(eval1("soundex", {str("Tymczak")}), S("T522"));
  EXPECT_VALUE(eval1("soundex", {str("Ashcraft")}), S("A261"));
  EXPECT_VALUE(eval1("soundex", {str("1abc")}), S("1abc"));
  EXPECT_VALUE(eval1("soundex", {str("")}), S(""));
}

TEST(StringFunctionsTest, Encodings) {
  EXPECT_VALUE(eval1("base64", {lit(S("Spark SQL"), DataType::binary())}), S("U3BhcmsgU1FM"));
  EXPECT_VALUE(eval1("base64", {str("é")}), S("w6k="));
  EXPECT_VALUE(eval1("base64", {str("")}), S(""));
  // Java's MIME encoder: 76-character lines separated by CRLF.
  std::string b64 = std::get<std::string>(eval1("base64", {str(std::string(58, 'a'))}).storage());
  EXPECT_EQ(b64.size(), 80u + 2u);
  EXPECT_EQ(b64.substr(76, 2), "\r\n");
  EXPECT_VALUE(eval1("unbase64", {str("U3BhcmsgU1FM")}), S("Spark SQL"));
  EXPECT_VALUE(eval1("unbase64", {str("w6k=")}), S("é"));
  EXPECT_VALUE(eval1("unbase64", {str("U3Bh\r\ncmsg U1FM")}), S("Spark SQL"));
  EXPECT_VALUE(eval1("unbase64", {str("A")}), N());
  EXPECT_VALUE(eval1("unbase64", {nullOf(STR)}), N());
  EXPECT_VALUE(eval1("hex", {i64(17)}), S("11"));
  EXPECT_VALUE(eval1("hex", {i64(-1)}), S("FFFFFFFFFFFFFFFF"));
  EXPECT_VALUE(eval1("hex", {i32(255)}), S("FF"));
  EXPECT_VALUE(eval1("hex", {str("Spark SQL")}), S("537061726B2053514C"));
  EXPECT_VALUE(eval1("hex", {str("é")}), S("C3A9"));
  EXPECT_VALUE(eval1("unhex", {str("537061726B2053514C")}), S("Spark SQL"));
  EXPECT_VALUE(eval1("unhex", {str("F")}), S("\x0F"));
  EXPECT_VALUE(eval1("unhex", {str("GG")}), N());
  EXPECT_VALUE(eval1("encode", {str("abc"), str("utf-8")}), S("abc"));
  EXPECT_VALUE(eval1("encode", {str("é"), str("ISO-8859-1")}), S("\xE9"));
  EXPECT_VALUE(eval1("encode", {str("é日"), str("US-ASCII")}), S("??"));
  EXPECT_VALUE(eval1("encode", {str("é"), str("UTF-16BE")}), S(std::string("\x00\xE9", 2)));
  EXPECT_VALUE(eval1("encode", {str("a"), str("UTF-16")}), S(std::string("\xFE\xFF\x00\x61", 4)));
  EXPECT_VALUE(eval1("decode", {lit(S("\xE9"), DataType::binary()), str("ISO-8859-1")}), S("é"));
  EXPECT_VALUE(
      eval1("decode", {lit(S(std::string("\x61\x00", 2)), DataType::binary()), str("UTF-16LE")}),
      S("a"));
  EXPECT_VALUE(eval1("decode", {lit(S("a\xFF"), DataType::binary()), str("UTF-8")}),
               S("a\xEF\xBF\xBD"));
  EXPECT_VALUE(eval1("decode", {lit(S("abc"), DataType::binary()), str("utf-8")}), S("abc"));
  std::string message = errorOf([] { call("encode", {str("a"), str("EBCDIC")}); });
  EXPECT_NE(message.find("[INVALID_PARAMETER_VALUE.CHARSET]"), std::string::npos) << message;
}

TEST(StringFunctionsTest, FormatString) {
  EXPECT_VALUE(eval1("format_string", {str("Hello World %d %s"), i32(100), str("days")}),
               S("Hello World 100 days"));
  EXPECT_VALUE(eval1("printf", {str("%s|%5.1f|%d|%-4s|%04x|%S"), str("x"),
                                lit(Value(3.14159), DataType::doubleType()), i32(100), str("ab"),
                                i32(255), str("é")}),
               S("x|  3.1|100|ab  |00ff|É"));
  // java.util.Formatter rounds the shortest decimal form half-up.
  EXPECT_VALUE(
      eval1("format_string",
            {str("%.2f %.1f %.2f %f"), lit(Value(0.125), DataType::doubleType()),
             lit(Value(0.15), DataType::doubleType()), lit(Value(2.675), DataType::doubleType()),
             lit(Value(1.0 / 3), DataType::doubleType())}),
      S("0.13 0.2 2.68 0.333333"));
  EXPECT_VALUE(
      eval1("format_string",
            {str("%.3e|%g|%g|%,d|%(d|%08d"), lit(Value(12345.6789), DataType::doubleType()),
             lit(Value(0.0001), DataType::doubleType()),
             lit(Value(123456789.0), DataType::doubleType()), i32(1234567), i32(-5), i32(-42)}),
      S("1.235e+04|0.000100000|1.23457e+08|1,234,567|(5)|-0000042"));
  EXPECT_VALUE(eval1("format_string", {str("%2$s %1$s %<s %s"), str("a"), str("b")}), S("b a a a"));
  EXPECT_VALUE(
      eval1("format_string", {str("%s and %d%%"), nullOf(STR), nullOf(DataType::integer())}),
      S("null and null%"));
  EXPECT_VALUE(eval1("format_string", {nullOf(STR), str("a")}), N());
  EXPECT_VALUE(eval1("format_string", {str("%b %c"), nullOf(STR), i32(233)}), S("false é"));
  std::string message = errorOf([] { eval1("format_string", {str("%d"), str("x")}); });
  EXPECT_NE(message.find("d != org.apache.spark.unsafe.types.UTF8String"), std::string::npos)
      << message;
  message = errorOf([] { eval1("format_string", {str("%s %s"), str("x")}); });
  EXPECT_NE(message.find("MissingFormatArgumentException"), std::string::npos) << message;
}

TEST(StringFunctionsTest, ColumnInputsWithNulls) {
  Rows rows;
  auto a = rows.column(STR, {S("a"), N(), S("日本"), S("")});
  auto b = rows.column(STR, {S("b"), S("x"), N(), S("")});
  EXPECT_VALUES(rows.eval(call("concat", {a, b})), S("ab"), N(), N(), S(""));
  EXPECT_VALUES(rows.eval(call("concat_ws", {str("-"), a, b})), S("a-b"), S("x"), S("日本"),
                S("-"));
  EXPECT_VALUES(rows.eval(call("upper", {a})), S("A"), N(), S("日本"), S(""));
}

}  // namespace
}  // namespace spate

namespace spate {
namespace {

using namespace spate::testing;

// Malformed UTF-8 and random bytes must never crash or throw (non-ANSI: bad input is data).
TEST(StringFunctionsTest, MalformedUtf8NeverCrashes) {
  std::vector<Value> inputs{S("\xFF"),
                            S("\xC3"),
                            S("a\xE6\x97"),
                            S("\x80\x80"),
                            S("\xF4\x90\x80\x80"),
                            S("\xED\xA0\x80"),
                            S("é\xC3"),
                            S(""),
                            N()};
  uint32_t seed = 12345;
  for (int k = 0; k < 200; ++k) {
    std::string s;
    int n = static_cast<int>(seed % 12);
    for (int i = 0; i < n; ++i) {
      seed = seed * 1103515245 + 12345;
      s.push_back(static_cast<char>((seed >> 16) & 0xFF));
    }
    seed = seed * 1103515245 + 12345;
    inputs.push_back(S(s));
  }
  auto STRING = DataType::string();
  for (const char* f :
       {"length", "upper", "lower", "initcap", "reverse", "trim", "soundex", "ascii", "base64",
        "unbase64", "unhex", "hex", "md5", "hash", "xxhash64", "crc32"}) {
    EXPECT_NO_THROW(evalColumn(f, STRING, inputs)) << f;
  }
  EXPECT_NO_THROW(evalColumn("substring", STRING, inputs, {i32(-2), i32(3)}));
  EXPECT_NO_THROW(evalColumn("substring", STRING, inputs, {i32(2)}));
  EXPECT_NO_THROW(evalColumn("lpad", STRING, inputs, {i32(7), str("\xE6\x97")}));
  EXPECT_NO_THROW(evalColumn("translate", STRING, inputs, {str("\xC3"), str("x")}));
  EXPECT_NO_THROW(evalColumn("trim", STRING, inputs, {str("\xC3\xFF")}));
  EXPECT_NO_THROW(evalColumn("locate", STRING, inputs, {str("\xC3"), i32(2)}));
  EXPECT_NO_THROW(evalColumn("levenshtein", STRING, inputs, {str("\xC3x")}));
  EXPECT_NO_THROW(evalColumn("like", STRING, inputs, {str("%_\xC3%")}));
  EXPECT_NO_THROW(evalColumn("ilike", STRING, inputs, {str("_%")}));
  EXPECT_NO_THROW(evalColumn("rlike", STRING, inputs, {str(".")}));
  EXPECT_NO_THROW(evalColumn("split", STRING, inputs, {str("")}));
  EXPECT_NO_THROW(evalColumn("split", STRING, inputs, {str("x*")}));
  EXPECT_NO_THROW(evalColumn("regexp_replace", STRING, inputs, {str(""), str("-")}));
  EXPECT_NO_THROW(evalColumn("regexp_extract_all", STRING, inputs, {str("(.)"), i32(1)}));
  EXPECT_NO_THROW(evalColumn("decode", DataType::binary(), inputs, {str("UTF-16")}));
  EXPECT_NO_THROW(evalColumn("encode", STRING, inputs, {str("US-ASCII")}));
  EXPECT_NO_THROW(
      evalColumn("format_string", STRING, {S("%s"), S("%5.2s")}, {str("\xC3\xA9\xC3")}));
}

}  // namespace
}  // namespace spate
