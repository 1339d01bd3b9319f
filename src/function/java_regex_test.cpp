// Expected behaviour is java.util.regex's (checked against Java 17).
#include "function/java_regex.h"

#include <gtest/gtest.h>

namespace spate {
namespace {

bool finds(std::string_view pattern, std::string_view text) {
  return JavaRegex::compile(pattern)->contains(text);
}

std::string firstMatch(std::string_view pattern, std::string_view text) {
  std::vector<std::string_view> groups;
  if (!JavaRegex::compile(pattern)->find(text, 0, groups)) return "<none>";
  return std::string(groups[0]);
}

std::string errorOf(std::string_view pattern) {
  try {
    JavaRegex::compile(pattern);
  } catch (const RegexError& e) {
    return e.what();
  }
  return "";
}

TEST(JavaRegexTest, WhitespaceAndLineClasses) {
  EXPECT_TRUE(finds("a\\sb",
                    "a\x0B"
                    "b"));  // Java's \s includes the vertical tab
  EXPECT_FALSE(finds("a\\Sb",
                     "a\x0B"
                     "b"));
  EXPECT_TRUE(finds("a\\vb", "a\nb"));  // Java's \v is vertical whitespace
  EXPECT_TRUE(finds("a\\hb",
                    "a\xC2\xA0"
                    "b"));
  EXPECT_TRUE(finds("a\\Rb", "a\r\nb"));
  EXPECT_TRUE(finds("^a\\Rb$", "a\r\nb"));
  EXPECT_FALSE(finds("a.b", "a\rb"));  // `.` excludes every Java line terminator
  EXPECT_FALSE(finds("a.b",
                     "a\xE2\x80\xA8"
                     "b"));
  EXPECT_TRUE(finds("(?d)a.b", "a\rb"));  // UNIX_LINES: only \n is a terminator
  EXPECT_TRUE(finds("(?s)a.b", "a\nb"));
  EXPECT_TRUE(finds("a.b",
                    "a\xC3\xA9"
                    "b"));  // one code point
}

TEST(JavaRegexTest, InlineFlagsAreScoped) {
  EXPECT_TRUE(finds("((?s)a.)b", "a\nb"));
  EXPECT_FALSE(finds("((?s)a.)b.", "a\nb\n"));
  EXPECT_TRUE(finds("(?s:a.)b", "a\nb"));
  EXPECT_TRUE(finds("(?i)abc", "xABCx"));
  EXPECT_TRUE(finds("a(?i:b)c", "aBc"));
  EXPECT_FALSE(finds("a(?i:b)c", "aBC"));
  EXPECT_TRUE(finds("(?x) a b # comment", "ab"));
  EXPECT_TRUE(finds("(?x)[a b]+", "a"));
  EXPECT_TRUE(finds("(?m)^b", "a\nb"));
}

TEST(JavaRegexTest, Escapes) {
  EXPECT_TRUE(finds("\\0101", "A"));
  EXPECT_TRUE(finds("\\x41\\x{42}", "AB"));
  EXPECT_TRUE(finds("\\u00e9", "\xC3\xA9"));
  EXPECT_TRUE(finds("\\uD83D\\uDE00", "\xF0\x9F\x98\x80"));
  EXPECT_TRUE(finds("\\cA", "\x01"));
  EXPECT_TRUE(finds("\\e", "\x1B"));
  EXPECT_TRUE(finds("\\t\\n", "\t\n"));
  EXPECT_EQ(firstMatch("\\Qa.b*\\E", "xa.b*y"), "a.b*");
  EXPECT_EQ(firstMatch("[\\Q]-\\E]+", "a]-]b"), "]-]");
  EXPECT_TRUE(finds("a\\.b", "a.b"));
  EXPECT_FALSE(finds("a\\.b", "axb"));
  EXPECT_EQ(firstMatch("\\d+", "ab123c"), "123");
  EXPECT_EQ(firstMatch("\\w+", "caf\xC3\xA9"), "caf");
}

TEST(JavaRegexTest, CharacterClasses) {
  EXPECT_EQ(firstMatch("[a-c[x-z]]+", "dabxzq"), "abxz");
  EXPECT_EQ(firstMatch("[]a]+", "x]a]"), "]a]");
  EXPECT_EQ(firstMatch("\\p{Alpha}+", "12ab3"), "ab");
  EXPECT_EQ(firstMatch("\\P{Digit}+", "12ab3"), "ab");
  EXPECT_EQ(firstMatch("[\\p{Punct}]+", "ab!?c"), "!?");
  EXPECT_EQ(firstMatch("\\p{L}+",
                       "1\xC3\xA9\xE6\x97\xA5"
                       "2"),
            "\xC3\xA9\xE6\x97\xA5");
  EXPECT_EQ(firstMatch("\\p{IsLatin}+",
                       "\xCE\xB1"
                       "abc"),
            "abc");
  EXPECT_EQ(firstMatch("\\p{Lu}", "abC"), "C");
  EXPECT_EQ(firstMatch("\\pL", "1a"), "a");
  EXPECT_EQ(firstMatch("[\\s,]+",
                       "a, \x0B"
                       "b"),
            ", \x0B");
  // '-' after a class escape is a literal.
  EXPECT_EQ(firstMatch("[\\s-x]+", "a -x b"), " -x ");
  EXPECT_EQ(firstMatch("[\\d-z]+", "a1-z"), "1-z");
  EXPECT_EQ(firstMatch("[\\p{Alpha}-9]+", "ab-9"), "ab-9");
}

TEST(JavaRegexTest, GroupsAndNames) {
  auto re = JavaRegex::compile("(?<year>\\d{4})-(\\d{2})");
  EXPECT_EQ(re->groupCount(), 2);
  EXPECT_EQ(re->groupIndex("year"), 1);
  EXPECT_EQ(re->groupIndex("month"), -1);
  std::vector<std::string_view> groups;
  ASSERT_TRUE(re->find("on 2024-05", 0, groups));
  EXPECT_EQ(groups[1], "2024");
  EXPECT_EQ(groups[2], "05");
  auto alt = JavaRegex::compile("(a)|(b)");
  ASSERT_TRUE(alt->find("b", 0, groups));
  EXPECT_EQ(groups[1].data(), nullptr);  // did not participate
}

TEST(JavaRegexTest, FindLoopFollowsJavaMatcher) {
  auto re = JavaRegex::compile("b*");
  std::vector<std::pair<size_t, size_t>> spans;
  std::string_view text = "abc";
  re->forEachMatch(text, 0, [&](const std::vector<std::string_view>& g) {
    size_t start = g[0].data() - text.data();
    spans.emplace_back(start, start + g[0].size());
    return true;
  });
  // Java: empty at 0, "b" at [1,2), empty at 2 (right after a non-empty match), empty at 3.
  std::vector<std::pair<size_t, size_t>> expected{{0, 0}, {1, 2}, {2, 2}, {3, 3}};
  EXPECT_EQ(spans, expected);
}

TEST(JavaRegexTest, Replacement) {
  auto re = JavaRegex::compile("(\\w+) (?<second>\\w+)");
  std::vector<std::string_view> groups;
  ASSERT_TRUE(re->find("John Smith", 0, groups));
  std::string out;
  JavaReplacement("${second}, $1 \\$ \\\\", *re).appendTo(groups, out);
  EXPECT_EQ(out, "Smith, John $ \\");
  out.clear();
  JavaReplacement("$12", *re).appendTo(groups, out);  // no group 12: $1 then '2'
  EXPECT_EQ(out, "John2");
  EXPECT_THROW(JavaReplacement("$3", *re).appendTo(groups, out), RegexError);
  EXPECT_THROW(JavaReplacement("$x", *re).appendTo(groups, out), RegexError);
  EXPECT_THROW(JavaReplacement("a\\", *re).appendTo(groups, out), RegexError);
  EXPECT_THROW(JavaReplacement("${nope}", *re).appendTo(groups, out), RegexError);
}

TEST(JavaRegexTest, RejectsWhatRe2CannotRun) {
  EXPECT_NE(errorOf("(a)\\1").find("backreferences"), std::string::npos);
  EXPECT_NE(errorOf("(?<n>a)\\k<n>").find("backreferences"), std::string::npos);
  EXPECT_NE(errorOf("a(?=b)").find("lookahead"), std::string::npos);
  EXPECT_NE(errorOf("a(?!b)").find("lookahead"), std::string::npos);
  EXPECT_NE(errorOf("(?<=a)b").find("lookbehind"), std::string::npos);
  EXPECT_NE(errorOf("(?>a)").find("atomic"), std::string::npos);
  EXPECT_NE(errorOf("a*+").find("possessive"), std::string::npos);
  EXPECT_NE(errorOf("\\Ga").find("\\G"), std::string::npos);
  EXPECT_NE(errorOf("[a&&b]").find("intersection"), std::string::npos);
  EXPECT_NE(errorOf("\\p{InGreek}").find("blocks"), std::string::npos);
  // Java syntax errors.
  EXPECT_NE(errorOf("a{").find("Illegal repetition"), std::string::npos);
  EXPECT_NE(errorOf("x{2,1}").find("Illegal repetition range"), std::string::npos);
  EXPECT_NE(errorOf("*a").find("Dangling meta character"), std::string::npos);
  EXPECT_NE(errorOf("(a").find("Unclosed group"), std::string::npos);
  EXPECT_NE(errorOf("[a").find("Unclosed character class"), std::string::npos);
  EXPECT_NE(errorOf("\\y").find("Illegal/unsupported escape"), std::string::npos);
  EXPECT_EQ(errorOf("a{2,3}?b"), "");
}

TEST(JavaRegexTest, LiteralPatternsSkipRe2) {
  EXPECT_EQ(JavaRegex::compile(",")->literal().value_or("<regex>"), ",");
  EXPECT_EQ(JavaRegex::compile("a\\.b")->literal().value_or("<regex>"), "a.b");
  EXPECT_EQ(JavaRegex::compile("")->literal().value_or("<regex>"), "");
  EXPECT_FALSE(JavaRegex::compile("a.b")->literal().has_value());
  EXPECT_FALSE(JavaRegex::compile("\\d")->literal().has_value());
  EXPECT_EQ(firstMatch("\\|", "a|b"), "|");
  EXPECT_TRUE(finds("é", "café"));
}

TEST(JavaRegexTest, Split) {
  auto split = [](std::string_view text, std::string_view pattern, int limit) {
    std::vector<std::string_view> out;
    javaSplit(text, *JavaRegex::compile(pattern), pattern, limit, out);
    std::string joined;
    for (size_t i = 0; i < out.size(); ++i) joined += (i ? "|" : "") + std::string(out[i]);
    return "[" + joined + "]";
  };
  EXPECT_EQ(split("a,b,", ",", -1), "[a|b|]");
  EXPECT_EQ(split("", ",", -1), "[]");  // one empty piece
  EXPECT_EQ(split("a  b", " ", -1), "[a||b]");
  EXPECT_EQ(split("abc", "x*", -1), "[a|b|c|]");
  EXPECT_EQ(split(",a", ",", -1), "[|a]");
  EXPECT_EQ(split("a,b,c", ",", 2), "[a|b,c]");
  EXPECT_EQ(split("abc", "", 0), "[a|b|c]");
}

}  // namespace
}  // namespace spate
