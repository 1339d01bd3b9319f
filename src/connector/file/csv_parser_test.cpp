#include "connector/file/csv_parser.h"

#include <gtest/gtest.h>

namespace spate {
namespace {

using Records = std::vector<std::vector<std::string>>;

// Records of `text`; an empty unquoted field shows as "<null>", an empty quoted one as "<empty>".
Records tokenize(std::string_view text, const CsvFormat& format = {},
                 std::vector<std::string>* raws = nullptr) {
  CsvTokenizer tokenizer(format, text);
  TextArena arena;
  std::vector<CsvField> fields;
  std::string_view raw;
  Records out;
  while (tokenizer.next(fields, arena, raw)) {
    std::vector<std::string> record;
    for (const auto& f : fields) {
      if (f.kind == CsvField::kUnquotedEmpty) {
        record.push_back("<null>");
      } else if (f.kind == CsvField::kQuotedEmpty) {
        record.push_back("<empty>");
      } else {
        record.emplace_back(f.text());
      }
    }
    if (raws) raws->emplace_back(raw);
    out.push_back(std::move(record));
    fields.clear();
  }
  return out;
}

CsvFormat multiLine() {
  CsvFormat f;
  f.multiLine = true;
  return f;
}

TEST(CsvTokenizerTest, SplitsFieldsAndLines) {
  EXPECT_EQ(tokenize("a,b,c\n1,2,3\n"), (Records{{"a", "b", "c"}, {"1", "2", "3"}}));
  EXPECT_EQ(tokenize("a,b"), (Records{{"a", "b"}}));
  EXPECT_EQ(tokenize("x"), (Records{{"x"}}));
  EXPECT_EQ(tokenize(""), Records{});
}

TEST(CsvTokenizerTest, LineEndsAreLfCrLfAndCr) {
  EXPECT_EQ(tokenize("a\r\nb\rc\nd"), (Records{{"a"}, {"b"}, {"c"}, {"d"}}));
}

TEST(CsvTokenizerTest, BlankAndCommentLinesAreSkipped) {
  EXPECT_EQ(tokenize("a\n\n   \n\t\nb\n"), (Records{{"a"}, {"b"}}));
  CsvFormat f;
  f.comment = '#';
  EXPECT_EQ(tokenize("#x,y\na\n #b\n", f), (Records{{"a"}, {" #b"}}));
  // Without the comment option '#' is data.
  EXPECT_EQ(tokenize("#x\n"), (Records{{"#x"}}));
}

TEST(CsvTokenizerTest, EmptyFieldsAreUnquotedEmpty) {
  EXPECT_EQ(tokenize("a,,c\n"), (Records{{"a", "<null>", "c"}}));
  EXPECT_EQ(tokenize(",\n"), (Records{{"<null>", "<null>"}}));
  EXPECT_EQ(tokenize("a,\n"), (Records{{"a", "<null>"}}));
  EXPECT_EQ(tokenize(",a\n"), (Records{{"<null>", "a"}}));
  EXPECT_EQ(tokenize("\"\",x\n"), (Records{{"<empty>", "x"}}));
}

TEST(CsvTokenizerTest, WhitespaceIsKeptUnlessIgnored) {
  EXPECT_EQ(tokenize(" a , b \n"), (Records{{" a ", " b "}}));
  CsvFormat f;
  f.ignoreLeadingWhiteSpace = true;
  f.ignoreTrailingWhiteSpace = true;
  EXPECT_EQ(tokenize(" a , b ,  \n", f), (Records{{"a", "b", "<null>"}}));
  // A quote after blanks opens a quoted value only when leading blanks are ignored.
  EXPECT_EQ(tokenize(" \"a,b\"\n"), (Records{{" \"a", "b\""}}));
  EXPECT_EQ(tokenize(" \"a,b\" \n", f), (Records{{"a,b"}}));
}

TEST(CsvTokenizerTest, QuotedValuesKeepDelimiters) {
  EXPECT_EQ(tokenize("\"a,b\",c\n"), (Records{{"a,b", "c"}}));
  EXPECT_EQ(tokenize("\"a\" ,c\n"), (Records{{"a", "c"}}));  // blanks after the quote dropped
  EXPECT_EQ(tokenize("x,\"a b\"\n"), (Records{{"x", "a b"}}));
}

TEST(CsvTokenizerTest, BackslashEscapesQuotesByDefault) {
  EXPECT_EQ(tokenize(R"("a\"b",c)"), (Records{{"a\"b", "c"}}));
  EXPECT_EQ(tokenize(R"("C:\dir\x")"), (Records{{R"(C:\dir\x)"}}));
  EXPECT_EQ(tokenize(R"("a\\",b)"), (Records{{"a\\", "b"}}));
  // Unquoted values are taken literally.
  EXPECT_EQ(tokenize(R"(a\"b,c)"), (Records{{R"(a\"b)", "c"}}));
}

TEST(CsvTokenizerTest, CharToEscapeQuoteEscaping) {
  CsvFormat f;
  f.escapeEscape = '#';
  // "#\" is a literal backslash, so the next quote closes the value; a lone '#' is dropped as
  // univocity does.
  EXPECT_EQ(tokenize(R"("a#\",b)", f), (Records{{"a\\", "b"}}));
  EXPECT_EQ(tokenize(R"("a#b",c)", f), (Records{{"ab", "c"}}));
  EXPECT_EQ(tokenize(R"("a\"b",c)", f), (Records{{"a\"b", "c"}}));
}

TEST(CsvTokenizerTest, DoubledQuotesNeedEscapeSetToQuote) {
  // Default escape is '\': the value is read up to the delimiter, quotes included (univocity's
  // STOP_AT_DELIMITER handling of an unescaped quote).
  EXPECT_EQ(tokenize("\"a\"\"b\",c\n"), (Records{{"\"a\"\"b\"", "c"}}));
  CsvFormat f;
  f.escape = '"';
  f.escapeEscape = '\0';
  EXPECT_EQ(tokenize("\"a\"\"b\",c\n", f), (Records{{"a\"b", "c"}}));
  EXPECT_EQ(tokenize("\"\"\"\"\n", f), (Records{{"\""}}));
}

TEST(CsvTokenizerTest, TextAfterClosingQuoteJoinsTheValue) {
  EXPECT_EQ(tokenize("\"ab\"cd,e\n"), (Records{{"\"ab\"cd", "e"}}));
  EXPECT_EQ(tokenize("\"ab\" cd,e\n"), (Records{{"\"ab\" cd", "e"}}));
  CsvFormat skip;
  skip.unescapedQuoteHandling = UnescapedQuoteHandling::kSkipValue;
  EXPECT_EQ(tokenize("\"ab\"cd,e\n", skip), (Records{{"<null>", "e"}}));
  CsvFormat closing;
  closing.unescapedQuoteHandling = UnescapedQuoteHandling::kStopAtClosingQuote;
  EXPECT_EQ(tokenize("\"a\"b,c\",d\n", closing), (Records{{"a\"b,c", "d"}}));
  CsvFormat raise;
  raise.unescapedQuoteHandling = UnescapedQuoteHandling::kRaiseError;
  CsvTokenizer tokenizer(raise, "\"ab\"cd,e\n");
  TextArena arena;
  std::vector<CsvField> fields;
  std::string_view raw;
  ASSERT_TRUE(tokenizer.next(fields, arena, raw));
  EXPECT_TRUE(tokenizer.lastRecordMalformed());
  EXPECT_EQ(fields.size(), 2u);
}

TEST(CsvTokenizerTest, UnterminatedQuoteRunsToTheEndOfTheLine) {
  EXPECT_EQ(tokenize("a,\"b,c\nd\n"), (Records{{"a", "b,c"}, {"d"}}));
  // With multiLine it runs to the end of the input.
  EXPECT_EQ(tokenize("a,\"b,c\nd\n", multiLine()), (Records{{"a", "b,c\nd\n"}}));
}

TEST(CsvTokenizerTest, MultiLineKeepsLineEndsInsideQuotes) {
  std::vector<std::string> raws;
  EXPECT_EQ(tokenize("id,text\n1,\"two\nlines\"\n2,x\n", multiLine(), &raws),
            (Records{{"id", "text"}, {"1", "two\nlines"}, {"2", "x"}}));
  EXPECT_EQ(raws[1], "1,\"two\nlines\"");
  // Without multiLine the quoted line end splits the record.
  EXPECT_EQ(tokenize("1,\"two\nlines\"\n"), (Records{{"1", "two"}, {"lines\""}}));
}

TEST(CsvTokenizerTest, MultiLineNormalizesDetectedCrLfInsideQuotes) {
  EXPECT_EQ(tokenize("a,\"x\r\ny\"\r\nb,c\r\n", multiLine()), (Records{{"a", "x\ny"}, {"b", "c"}}));
  EXPECT_EQ(tokenize("a\r\n\r\nb\r\n", multiLine()), (Records{{"a"}, {"b"}}));
}

TEST(CsvTokenizerTest, MultiCharacterDelimiter) {
  CsvFormat f;
  f.delimiter = "||";
  EXPECT_EQ(tokenize("a||b|c||\"d||e\"\n", f), (Records{{"a", "b|c", "d||e"}}));
  EXPECT_EQ(tokenize("a||\n", f), (Records{{"a", "<null>"}}));
}

TEST(CsvTokenizerTest, TabAndSemicolonDelimiters) {
  CsvFormat tab;
  tab.delimiter = "\t";
  EXPECT_EQ(tokenize("a\tb c\t\n", tab), (Records{{"a", "b c", "<null>"}}));
  CsvFormat semicolon;
  semicolon.delimiter = ";";
  EXPECT_EQ(tokenize("a;b,c\n", semicolon), (Records{{"a", "b,c"}}));
}

TEST(CsvTokenizerTest, CustomLineSeparator) {
  CsvFormat f;
  f.lineSep = "|";
  EXPECT_EQ(tokenize("a,b|c\nd|", f), (Records{{"a", "b"}, {"c\nd"}}));
}

TEST(CsvTokenizerTest, QuoteCanBeDisabled) {
  CsvFormat f;
  f.quote = '\0';
  EXPECT_EQ(tokenize("\"a,b\"\n", f), (Records{{"\"a", "b\""}}));
}

TEST(CsvTokenizerTest, RawRecordTextExcludesTheLineEnd) {
  std::vector<std::string> raws;
  tokenize("a,b\r\n\nc\n", {}, &raws);
  EXPECT_EQ(raws, (std::vector<std::string>{"a,b", "c"}));
}

TEST(TextArenaTest, CopiesSurviveLaterCopies) {
  TextArena arena;
  std::string big(100000, 'x');
  std::string_view a = arena.copy("hello");
  std::string_view b = arena.copy(big);
  std::string_view c = arena.copy("world");
  EXPECT_EQ(a, "hello");
  EXPECT_EQ(b, big);
  EXPECT_EQ(c, "world");
  arena.reset();
  EXPECT_EQ(arena.copy("again"), "again");
}

}  // namespace
}  // namespace spate
