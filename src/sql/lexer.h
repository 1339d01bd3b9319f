#pragma once

// Tokenizer of Spark SQL text, and the formatting of Spark's ParseException messages that point
// at a position of that text.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace spate {

enum class TokenKind {
  kWord,              ///< unquoted identifier or keyword; `value` is its lower-case form
  kQuotedIdentifier,  ///< `name`; `value` is the name with `` unescaped
  kString,            ///< '…', "…", r'…'; `value` is the unescaped content
  kNumber,            ///< numeric literal as written (suffix included); classified by the parser
  kOperator,          ///< punctuation and operators; `value` is the canonical operator
  kUnknown,           ///< a character no token starts with (Spark's UNRECOGNIZED)
  kEnd,               ///< end of input
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string_view text;  ///< the raw source text of the token
  std::string value;
  size_t begin = 0;  ///< byte offsets into the source
  size_t end = 0;
  int line = 1;    ///< 1-based
  int column = 0;  ///< 0-based, in UTF-16 code units as Spark counts them
};

/// Splits `sql` into tokens, skipping whitespace and comments; the last token is kEnd. Throws
/// ParseException for an unclosed bracketed comment. Never fails otherwise: characters that start
/// no token become kUnknown tokens, which the parser then reports.
std::vector<Token> tokenize(std::string_view sql);

/// Spark's unescaping of a string literal's content (without its quotes): \n, \t, \uXXXX, octal…
std::string unescapeSqlString(std::string_view content);

/// Line (1-based) and column (0-based, UTF-16 units) of a byte offset.
struct SourcePosition {
  int line = 1;
  int column = 0;
};
SourcePosition sourcePositionOf(std::string_view sql, size_t offset);

/// Spark's ParseException text: "[CLASS] message(line l, pos p)\n\n== SQL ==\n<sql with a caret
/// line under line l>". Without an error class the message stands alone.
std::string formatParseMessage(std::string_view sql, SourcePosition position,
                               std::string_view errorClass, std::string_view message);
[[noreturn]] void throwParseError(std::string_view sql, SourcePosition position,
                                  const std::string& errorClass, std::string_view message);

}  // namespace spate
