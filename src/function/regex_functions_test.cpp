// Expected values: Spark's documented examples and java.util.regex results (Matcher with a region
// for regexp_replace's position, String.split for split).
#include "function/function_test_support.h"
#include "function/java_regex.h"

namespace spate {
namespace {

using namespace spate::testing;

TypePtr STR = DataType::string();

Value replace(std::string_view s, std::string_view p, std::string_view r, int pos = 1) {
  return eval1("regexp_replace", {str(s), str(p), str(r), i32(pos)});
}

TEST(RegexFunctionsTest, Rlike) {
  EXPECT_VALUE(eval1("rlike", {str("%SystemDrive%\\Users\\John"), str("%SystemDrive%\\\\Users.*")}),
               Value(true));
  EXPECT_VALUE(eval1("regexp", {str("abc"), str("b")}), Value(true));
  EXPECT_VALUE(eval1("regexp_like", {str("abc"), str("^b")}), Value(false));
  EXPECT_VALUE(eval1("rlike", {str("日本語"), str("本.$")}), Value(true));
  EXPECT_VALUE(eval1("rlike", {nullOf(STR), str("a")}), N());
  EXPECT_VALUE(eval1("rlike", {str("a"), nullOf(STR)}), N());
  // Non-constant patterns are compiled per distinct value.
  Rows rows;
  auto s = rows.column(STR, {S("abc"), S("abc"), S("xyz"), N()});
  auto p = rows.column(STR, {S("^a"), S("^b"), S("y"), S("a")});
  EXPECT_VALUES(rows.eval(call("rlike", {s, p})), Value(true), Value(false), Value(true), N());
}

TEST(RegexFunctionsTest, RegexpReplace) {
  EXPECT_VALUE(replace("100-200", "(\\d+)", "num"), S("num-num"));
  EXPECT_VALUE(replace("John Smith", "(\\w+) (\\w+)", "$2, $1"), S("Smith, John"));
  EXPECT_VALUE(replace("abc", "b*", "-"), S("-a--c-"));
  EXPECT_VALUE(replace("abc", "", "-"), S("-a-b-c-"));
  EXPECT_VALUE(replace("ab", "(a)", "$10"), S("a0b"));
  EXPECT_VALUE(replace("a.b", "\\.", "\\$"), S("a$b"));
  EXPECT_VALUE(replace("abc", "(?<first>a)", "${first}${first}"), S("aabc"));
  EXPECT_VALUE(replace("日本語", "本", "x"), S("日x語"));
  EXPECT_VALUE(replace("a\nb", ".", "x"), S("x\nx"));
  EXPECT_VALUE(replace("a\nb", "(?s).", "x"), S("xxx"));
  EXPECT_VALUE(replace("ABC abc", "(?i)b", "x"), S("AxC axc"));
  EXPECT_VALUE(replace("café", "\\w+", "W"), S("Wé"));
  // Position: the search starts in a region beginning at that character; `^` matches there.
  EXPECT_VALUE(replace("aaa", "a", "b", 2), S("abb"));
  EXPECT_VALUE(replace("aaa", "^a", "b", 2), S("aba"));
  EXPECT_VALUE(replace("日本本", "本", "x", 3), S("日本x"));
  EXPECT_VALUE(replace("abc", "c", "x", 4), S("abc"));
  EXPECT_VALUE(eval1("regexp_replace", {nullOf(STR), str("a"), str("b")}), N());
  EXPECT_VALUE(eval1("regexp_replace", {str("a"), str("a"), nullOf(STR)}), N());
  std::string message = errorOf([] {
    call("regexp_replace", {str("a"), str("a"), str("b"), i32(0)});
  });
  EXPECT_NE(message.find("[DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE]"), std::string::npos) << message;
  EXPECT_NE(message.find("The `position` must be between (0, 2147483647] (current value = 0)."),
            std::string::npos)
      << message;
  // A bad group reference fails only when there is something to replace (as Java).
  EXPECT_VALUE(replace("xyz", "a", "$2"), S("xyz"));
  message = errorOf([] { replace("abc", "a", "$2"); });
  EXPECT_NE(message.find("No group 2"), std::string::npos) << message;
}

TEST(RegexFunctionsTest, RegexpReplaceColumns) {
  Rows rows;
  auto s = rows.column(STR, {S("a1b2"), S("x"), N(), S("é1日")});
  auto p = rows.column(STR, {S("\\d"), S("x"), S("a"), S("\\p{L}")});
  auto r = rows.column(STR, {S("#"), S("$0$0"), S("b"), S("L")});
  EXPECT_VALUES(rows.eval(call("regexp_replace", {s, p, r})), S("a#b#"), S("xx"), N(), S("L1L"));
}

TEST(RegexFunctionsTest, RegexpExtract) {
  EXPECT_VALUE(eval1("regexp_extract", {str("100-200"), str("(\\d+)-(\\d+)"), i32(1)}), S("100"));
  EXPECT_VALUE(eval1("regexp_extract", {str("100-200"), str("(\\d+)-(\\d+)")}), S("100"));
  EXPECT_VALUE(eval1("regexp_extract", {str("100-200"), str("(\\d+)-(\\d+)"), i32(0)}),
               S("100-200"));
  EXPECT_VALUE(eval1("regexp_extract", {str("foo"), str("(\\d+)"), i32(1)}), S(""));
  EXPECT_VALUE(eval1("regexp_extract", {str("b"), str("(a)|(b)"), i32(1)}), S(""));
  EXPECT_VALUE(eval1("regexp_extract", {str("日本123"), str("(\\p{L}+)(\\d+)"), i32(2)}), S("123"));
  EXPECT_VALUE(eval1("regexp_extract", {nullOf(STR), str("a"), i32(0)}), N());
  // The group index is checked only when there is a match.
  EXPECT_VALUE(eval1("regexp_extract", {str("xyz"), str("(a)"), i32(2)}), S(""));
  std::string message = errorOf([] { eval1("regexp_extract", {str("abc"), str("(a)"), i32(2)}); });
  EXPECT_EQ(message,
            "[INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX] The value of parameter(s) `idx` in "
            "`regexp_extract` is invalid: Expects group index between 0 and 1, but got 2.");
  message = errorOf([] { eval1("regexp_extract", {str("abc"), str("(a)"), i32(-1)}); });
  EXPECT_NE(message.find("between 0 and 1, but got -1."), std::string::npos) << message;
}

TEST(RegexFunctionsTest, RegexpExtractAllCountSubstrInstr) {
  EXPECT_VALUE(eval1("regexp_extract_all", {str("100-200, 300-400"), str("(\\d+)-(\\d+)"), i32(1)}),
               A({S("100"), S("300")}));
  EXPECT_VALUE(eval1("regexp_extract_all", {str("a1b22c333"), str("\\d+"), i32(0)}),
               A({S("1"), S("22"), S("333")}));
  EXPECT_VALUE(eval1("regexp_extract_all", {str("abc"), str("\\d+"), i32(0)}), A({}));
  EXPECT_VALUE(eval1("regexp_extract_all", {nullOf(STR), str("\\d+")}), N());
  EXPECT_VALUE(eval1("regexp_count", {str("Steven Jones and Stephen Smith are the best players"),
                                      str("Ste(v|ph)en")}),
               L(2));
  EXPECT_VALUE(eval1("regexp_count", {str("abcdefghijklmnopqrstuvwxyz"), str("[a-c]{3}")}), L(1));
  EXPECT_VALUE(eval1("regexp_count", {str("abc"), str("")}), L(4));
  EXPECT_VALUE(eval1("regexp_count", {nullOf(STR), str("a")}), N());
  EXPECT_VALUE(eval1("regexp_substr", {str("Steven Jones and Stephen Smith are the best players"),
                                       str("Ste(v|ph)en")}),
               S("Steven"));
  EXPECT_VALUE(eval1("regexp_substr", {str("Steven Jones"), str("Jeck")}), N());
  EXPECT_VALUE(eval1("regexp_instr", {str("user@spark.apache.org"), str("@[^.]*")}), L(5));
  EXPECT_VALUE(eval1("regexp_instr", {str("日本@x"), str("@")}), L(3));
  EXPECT_VALUE(eval1("regexp_instr", {str("abc"), str("z")}), L(0));
}

TEST(RegexFunctionsTest, Split) {
  auto split = [](std::string_view s, std::string_view p, int limit = -1) {
    return eval1("split", {str(s), str(p), i32(limit)});
  };
  EXPECT_VALUE(split("oneAtwoBthreeC", "[ABC]"), A({S("one"), S("two"), S("three"), S("")}));
  EXPECT_VALUE(split("oneAtwoBthreeC", "[ABC]", 2), A({S("one"), S("twoBthreeC")}));
  EXPECT_VALUE(split("a,b,", ","), A({S("a"), S("b"), S("")}));
  EXPECT_VALUE(split("", ","), A({S("")}));
  EXPECT_VALUE(split("a  b", " "), A({S("a"), S(""), S("b")}));
  EXPECT_VALUE(split("a,b,c", ",", 2), A({S("a"), S("b,c")}));
  EXPECT_VALUE(split("a,b", ",", 1), A({S("a,b")}));
  EXPECT_VALUE(split("a,b,", ",", 0), A({S("a"), S("b"), S("")}));
  EXPECT_VALUE(split(",a", ","), A({S(""), S("a")}));
  EXPECT_VALUE(split("a1b2c3", "\\d"), A({S("a"), S("b"), S("c"), S("")}));
  // A pattern matching the empty string splits between characters.
  EXPECT_VALUE(split("abc", "x*"), A({S("a"), S("b"), S("c"), S("")}));
  EXPECT_VALUE(split("abc", ""), A({S("a"), S("b"), S("c")}));
  EXPECT_VALUE(split("abc", "", 2), A({S("a"), S("bc")}));
  EXPECT_VALUE(split("日本語", ""), A({S("日"), S("本"), S("語")}));
  EXPECT_VALUE(split("", ""), A({S("")}));
  EXPECT_VALUE(split("日,本", ","), A({S("日"), S("本")}));
  EXPECT_VALUE(eval1("split", {str("a,b"), str(",")}), A({S("a"), S("b")}));
  EXPECT_VALUE(eval1("split", {nullOf(STR), str(",")}), N());
  EXPECT_EQ(call("split", {str("a"), str(",")})->type->simpleString(), "array<string>");
}

TEST(RegexFunctionsTest, UnsupportedAndInvalidPatterns) {
  std::string message = errorOf([] { call("rlike", {str("aa"), str("(a)\\1")}); });
  EXPECT_NE(message.find("[INVALID_PARAMETER_VALUE.PATTERN] The value of parameter(s) `regexp` "
                         "in `rlike` is invalid: '(a)\\\\1'."),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("backreferences"), std::string::npos) << message;
  EXPECT_NE(errorOf([] {
              call("rlike", {str("a"), str("a(?=b)")});
            }).find("lookahead"),
            std::string::npos);
  EXPECT_NE(errorOf([] {
              call("rlike", {str("a"), str("(?<!b)a")});
            }).find("lookbehind"),
            std::string::npos);
  EXPECT_NE(errorOf([] {
              call("rlike", {str("a"), str("a++")});
            }).find("possessive"),
            std::string::npos);
  EXPECT_NE(errorOf([] {
              call("rlike", {str("a"), str("[a-z&&[^b]]")});
            }).find("intersection"),
            std::string::npos);
  EXPECT_NE(errorOf([] {
              call("split", {str("a"), str("[")});
            }).find("INVALID_PARAMETER_VALUE"),
            std::string::npos);
  // Patterns only known at run time fail when they are used.
  Rows rows;
  auto p = rows.column(STR, {S("(")});
  auto e = call("rlike", {str("a"), p});
  EXPECT_NE(errorOf([&] { rows.eval(e); }).find("INVALID_PARAMETER_VALUE.PATTERN"),
            std::string::npos);
}

TEST(LikeTest, Patterns) {
  auto like = [](std::string_view s, std::string_view p) {
    return eval1("like", {str(s), str(p)});
  };
  EXPECT_VALUE(like("Spark", "_park"), Value(true));
  EXPECT_VALUE(like("Spark", "_PARK"), Value(false));
  EXPECT_VALUE(like("Spark", "S%"), Value(true));
  EXPECT_VALUE(like("Spark", "%k"), Value(true));
  EXPECT_VALUE(like("Spark", "%ar%"), Value(true));
  EXPECT_VALUE(like("Spark", "Sp%rk"), Value(true));
  EXPECT_VALUE(like("Spk", "Sp%rk"), Value(false));
  EXPECT_VALUE(like("Spark", "Spark"), Value(true));
  EXPECT_VALUE(like("Spark", "Spar"), Value(false));
  EXPECT_VALUE(like("", "%"), Value(true));
  EXPECT_VALUE(like("", ""), Value(true));
  EXPECT_VALUE(like("a", ""), Value(false));
  EXPECT_VALUE(like("a\nb", "a_b"), Value(true));
  EXPECT_VALUE(like("a\nb", "a%"), Value(true));
  EXPECT_VALUE(like("日本語", "日_語"), Value(true));
  EXPECT_VALUE(like("日本語", "__"), Value(false));
  EXPECT_VALUE(like("日本語", "%本%"), Value(true));
  EXPECT_VALUE(like("abcabd", "%ab_"), Value(true));
  EXPECT_VALUE(like("abcabdx", "a%b_x"), Value(true));
  EXPECT_VALUE(like("aaa", "a%a%a"), Value(true));
  EXPECT_VALUE(like("aa", "a%a%a"), Value(false));
  EXPECT_VALUE(like("100%", "100\\%"), Value(true));
  EXPECT_VALUE(like("1000", "100\\%"), Value(false));
  EXPECT_VALUE(like("a_b", "a\\_b"), Value(true));
  EXPECT_VALUE(like("axb", "a\\_b"), Value(false));
  EXPECT_VALUE(like("a\\b", "a\\\\b"), Value(true));
  EXPECT_VALUE(eval1("like", {nullOf(STR), str("%")}), N());
  EXPECT_VALUE(eval1("like", {str("a"), nullOf(STR)}), N());
  EXPECT_VALUE(
      eval1("like", {str("%SystemDrive%/Users/John"), str("/%SystemDrive/%//Users%"), str("/")}),
      Value(true));
}

TEST(LikeTest, EscapeErrors) {
  std::string message = errorOf([] { eval1("like", {str("a"), str("a\\b")}); });
  EXPECT_EQ(message,
            "[INVALID_FORMAT.ESC_IN_THE_MIDDLE] The format is invalid: 'a\\\\b'. The escape "
            "character is not allowed to precede 'b'.");
  message = errorOf([] { eval1("like", {str("a"), str("a\\")}); });
  EXPECT_EQ(message,
            "[INVALID_FORMAT.ESC_AT_THE_END] The format is invalid: 'a\\\\'. The escape character "
            "is not allowed to end with.");
  message = errorOf([] { call("like", {str("a"), str("a"), str("ab")}); });
  EXPECT_NE(message.find("INVALID_ESCAPE_CHAR"), std::string::npos) << message;
}

TEST(LikeTest, IlikeAndColumns) {
  EXPECT_VALUE(eval1("ilike", {str("Spark"), str("_PARK")}), Value(true));
  EXPECT_VALUE(eval1("ilike", {str("ÉCOLE"), str("éc%")}), Value(true));
  EXPECT_VALUE(eval1("ilike", {nullOf(STR), str("a")}), N());
  Rows rows;
  auto s = rows.column(STR, {S("apple"), S("banana"), N(), S("Apple")});
  auto p = rows.column(STR, {S("a%"), S("%an%"), S("%"), S("a%")});
  EXPECT_VALUES(rows.eval(call("like", {s, p})), Value(true), Value(true), N(), Value(false));
  EXPECT_VALUES(rows.eval(call("ilike", {s, p})), Value(true), Value(true), N(), Value(true));
  EXPECT_VALUES(rows.eval(call("like", {s, str("%p_e")})), Value(true), Value(false), N(),
                Value(true));
}

}  // namespace
}  // namespace spate
