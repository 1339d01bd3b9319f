#include "sql/lexer.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace spate {
namespace {

std::string kinds(std::string_view sql) {
  std::string out;
  for (const Token& t : tokenize(sql)) {
    if (!out.empty()) out += ' ';
    switch (t.kind) {
      case TokenKind::kWord:
        out += "W:" + t.value;
        break;
      case TokenKind::kQuotedIdentifier:
        out += "Q:" + t.value;
        break;
      case TokenKind::kString:
        out += "S:" + t.value;
        break;
      case TokenKind::kNumber:
        out += "N:" + std::string(t.text);
        break;
      case TokenKind::kOperator:
        out += "O:" + t.value;
        break;
      case TokenKind::kUnknown:
        out += "U:" + std::string(t.text);
        break;
      case TokenKind::kEnd:
        out += "END";
        break;
    }
  }
  return out;
}

TEST(SqlLexerTest, WordsAreLowerCasedButKeepTheirText) {
  auto tokens = tokenize("SeLeCt Foo_1");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[0].value, "select");
  EXPECT_EQ(tokens[1].value, "foo_1");
  EXPECT_EQ(tokens[1].text, "Foo_1");
  EXPECT_EQ(tokens[2].kind, TokenKind::kEnd);
}

TEST(SqlLexerTest, Operators) {
  EXPECT_EQ(kinds("a<=>b<>c<=d>=e!=f==g||h|i"),
            "W:a O:<=> W:b O:<> W:c O:<= W:d O:>= W:e O:!= W:f O:== W:g O:|| W:h O:| W:i END");
  // Spark's !> and !< are <= and >=.
  EXPECT_EQ(kinds("a!>b!<c"), "W:a O:<= W:b O:>= W:c END");
  EXPECT_EQ(kinds("(a)[0].b,;*/%+-~&^:"),
            "O:( W:a O:) O:[ N:0 O:] O:. W:b O:, O:; O:* O:/ O:% O:+ O:- O:~ O:& O:^ O:: END");
}

TEST(SqlLexerTest, Numbers) {
  EXPECT_EQ(kinds("1 12L 3S 4Y 1.5 .5 5. 1e3 1.5E-2 2D 2.5F 3BD 1e3bd"),
            "N:1 N:12L N:3S N:4Y N:1.5 N:.5 N:5. N:1e3 N:1.5E-2 N:2D N:2.5F N:3BD N:1e3bd END");
  // Longest match: an identifier may start with digits; a tie goes to the number.
  EXPECT_EQ(kinds("1a 10Lx 1e 1e3x 123_x"), "W:1a W:10lx W:1e W:1e3x W:123_x END");
  // a.b is three tokens, 1.5 one.
  EXPECT_EQ(kinds("t.a 1.5"), "W:t O:. W:a N:1.5 END");
}

TEST(SqlLexerTest, StringsAndEscapes) {
  EXPECT_EQ(kinds(R"('a\'b' "c\"d" 'x\ny')"), "S:a'b S:c\"d S:x\ny END");
  EXPECT_EQ(tokenize(R"('\t\\\u0041\101')")[0].value, "\t\\AA");
  EXPECT_EQ(tokenize(R"('\uD83D\uDE00')")[0].value, "\xF0\x9F\x98\x80");
  EXPECT_EQ(tokenize(R"('\%\_\q')")[0].value, "\\%\\_q");  // LIKE escapes survive
  // Raw strings keep backslashes; no doubling of quotes (that is two adjacent literals).
  EXPECT_EQ(kinds(R"(r'a\nb' R"c\d")"), "S:a\\nb S:c\\d END");
  EXPECT_EQ(kinds("'it''s'"), "S:it S:s END");
  EXPECT_EQ(kinds("r + 1"), "W:r O:+ N:1 END");
}

TEST(SqlLexerTest, BackquotedIdentifiers) {
  EXPECT_EQ(kinds("`a``b` `select` `x y`"), "Q:a`b Q:select Q:x y END");
}

TEST(SqlLexerTest, CommentsAreSkipped) {
  EXPECT_EQ(kinds("a -- comment ; 'x\n b /* c /* nested */ still */ c /*+ hint */ d"),
            "W:a W:b W:c W:d END");
}

TEST(SqlLexerTest, UnclosedCommentIsAnError) {
  try {
    tokenize("SELECT 1 /* never closed");
    FAIL() << "expected ParseException";
  } catch (const ParseException& e) {
    EXPECT_EQ(e.errorClass(), "UNCLOSED_BRACKETED_COMMENT");
    EXPECT_EQ(std::string(e.what()),
              "[UNCLOSED_BRACKETED_COMMENT] Found an unclosed bracketed comment. Please, append "
              "*/ at the end of the comment.(line 1, pos 9)\n\n== SQL ==\nSELECT 1 /* never "
              "closed\n---------^^^\n");
  }
}

TEST(SqlLexerTest, UnrecognisedCharactersBecomeTokens) {
  EXPECT_EQ(kinds("a # $ {"), "W:a U:# U:$ U:{ END");
  // An unclosed quote is an unrecognised token and lexing goes on after it.
  EXPECT_EQ(kinds("'abc"), "U:' W:abc END");
  EXPECT_EQ(kinds("`abc"), "U:` W:abc END");
}

TEST(SqlLexerTest, Positions) {
  auto tokens = tokenize("SELECT\n  a,\n\tbb");
  EXPECT_EQ(tokens[1].line, 2);
  EXPECT_EQ(tokens[1].column, 2);
  EXPECT_EQ(tokens[3].line, 3);
  EXPECT_EQ(tokens[3].column, 1);
  EXPECT_EQ(tokens[3].begin, 13u);
  EXPECT_EQ(tokens[3].end, 15u);
  EXPECT_EQ(tokens.back().line, 3);
  EXPECT_EQ(tokens.back().column, 3);
  // Columns count UTF-16 units: é is one, an emoji two.
  auto unicode = tokenize("'é😀' x");
  EXPECT_EQ(unicode[1].column, 6);
}

TEST(SqlLexerTest, FormatParseMessage) {
  EXPECT_EQ(formatParseMessage("SELECT FROM t", {1, 7}, "PARSE_SYNTAX_ERROR",
                               "Syntax error at or near 'FROM'."),
            "[PARSE_SYNTAX_ERROR] Syntax error at or near 'FROM'.(line 1, pos 7)\n\n== SQL "
            "==\nSELECT FROM t\n-------^^^\n");
  EXPECT_EQ(formatParseMessage("a\nb\nc\n\n", {2, 0}, "", "msg"),
            "msg(line 2, pos 0)\n\n== SQL ==\na\nb\n^^^\nc\n");
}

}  // namespace
}  // namespace spate
