// Spark SQL tokenizer. It follows SqlBaseLexer.g4: longest match, numbers before identifiers on
// ties, a catch-all token for anything unrecognised, nested bracketed comments.
#include "sql/lexer.h"

#include <cstdint>

#include "common/error.h"
#include "common/strings.h"

namespace spate {

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isIdentifierChar(char c) {
  auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_' || u >= 0x80;
}
bool isSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool isHexDigit(char c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
int hexValue(char c) {
  if (isDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

void appendUtf8(std::string& out, uint32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Tracks line and column while the lexer moves forward through the text.
class PositionTracker {
 public:
  explicit PositionTracker(std::string_view sql) : sql_(sql) {}
  SourcePosition at(size_t offset) {
    while (offset_ < offset && offset_ < sql_.size()) {
      auto c = static_cast<unsigned char>(sql_[offset_++]);
      if (c == '\n') {
        ++position_.line;
        position_.column = 0;
      } else if ((c & 0xC0) != 0x80) {
        position_.column += c >= 0xF0 ? 2 : 1;  // a supplementary character is two UTF-16 units
      }
    }
    return position_;
  }

 private:
  std::string_view sql_;
  size_t offset_ = 0;
  SourcePosition position_;
};

// Operators, longest first so that a prefix never shadows a longer one.
struct OperatorSpelling {
  std::string_view text;
  std::string_view value;
};
constexpr OperatorSpelling kOperators[] = {
    {"<=>", "<=>"}, {"<>", "<>"}, {"<=", "<="}, {">=", ">="}, {"!=", "!="}, {"!>", "<="},
    {"!<", ">="},   {"==", "=="}, {"=>", "=>"}, {"->", "->"}, {"||", "||"}, {"::", "::"},
    {"(", "("},     {")", ")"},   {"[", "["},   {"]", "]"},   {",", ","},   {".", "."},
    {";", ";"},     {"*", "*"},   {"/", "/"},   {"%", "%"},   {"+", "+"},   {"-", "-"},
    {"~", "~"},     {"&", "&"},   {"|", "|"},   {"^", "^"},   {"=", "="},   {"<", "<"},
    {">", ">"},     {"!", "!"},   {":", ":"},   {"?", "?"},
};

class Lexer {
 public:
  explicit Lexer(std::string_view sql) : sql_(sql), tracker_(sql) {}

  std::vector<Token> run() {
    std::vector<Token> tokens;
    tokens.reserve(sql_.size() / 4 + 8);
    while (true) {
      skipSpaceAndComments();
      if (pos_ >= sql_.size()) break;
      tokens.push_back(next());
    }
    Token end;
    end.kind = TokenKind::kEnd;
    end.begin = end.end = sql_.size();
    SourcePosition p = tracker_.at(sql_.size());
    end.line = p.line;
    end.column = p.column;
    tokens.push_back(std::move(end));
    return tokens;
  }

 private:
  char at(size_t i) const { return i < sql_.size() ? sql_[i] : '\0'; }

  void skipSpaceAndComments() {
    while (pos_ < sql_.size()) {
      char c = sql_[pos_];
      if (isSpace(c)) {
        ++pos_;
      } else if (static_cast<unsigned char>(c) == 0xC2 && at(pos_ + 1) == '\xA0') {
        pos_ += 2;  // no-break space, as Spark's WS rule
      } else if (c == '-' && at(pos_ + 1) == '-') {
        while (pos_ < sql_.size() && sql_[pos_] != '\n') ++pos_;
      } else if (c == '/' && at(pos_ + 1) == '*') {
        skipBracketedComment();
      } else {
        return;
      }
    }
  }

  void skipBracketedComment() {
    size_t start = pos_;
    int depth = 0;
    while (pos_ < sql_.size()) {
      if (sql_[pos_] == '/' && at(pos_ + 1) == '*') {
        ++depth;
        pos_ += 2;
      } else if (sql_[pos_] == '*' && at(pos_ + 1) == '/') {
        pos_ += 2;
        if (--depth == 0) return;
      } else {
        ++pos_;
      }
    }
    throwParseError(sql_, tracker_.at(start), "UNCLOSED_BRACKETED_COMMENT",
                    "Found an unclosed bracketed comment. Please, append */ at the end of the "
                    "comment.");
  }

  Token make(TokenKind kind, size_t begin, size_t end, std::string value) {
    Token t;
    t.kind = kind;
    t.begin = begin;
    t.end = end;
    t.text = sql_.substr(begin, end - begin);
    t.value = std::move(value);
    SourcePosition p = tracker_.at(begin);
    t.line = p.line;
    t.column = p.column;
    pos_ = end;
    return t;
  }

  Token next() {
    size_t start = pos_;
    char c = sql_[pos_];
    if (c == '\'' || c == '"') return quotedString(start, start + 1, false);
    if ((c == 'r' || c == 'R') && (at(pos_ + 1) == '\'' || at(pos_ + 1) == '"')) {
      size_t close = sql_.find(at(pos_ + 1), pos_ + 2);
      if (close != std::string_view::npos) {
        return make(TokenKind::kString, start, close + 1,
                    std::string(sql_.substr(pos_ + 2, close - pos_ - 2)));
      }
    }
    if (c == '`') return backquoted(start);
    if (isDigit(c) || (c == '.' && isDigit(at(pos_ + 1)))) return number(start);
    if (isIdentifierChar(c)) {
      size_t end = pos_;
      while (end < sql_.size() && isIdentifierChar(sql_[end])) ++end;
      return make(TokenKind::kWord, start, end, toLower(sql_.substr(start, end - start)));
    }
    for (const auto& op : kOperators) {
      if (sql_.substr(pos_, op.text.size()) == op.text)
        return make(TokenKind::kOperator, start, start + op.text.size(), std::string(op.value));
    }
    // One UTF-8 character (or one stray byte) that starts no token.
    return make(TokenKind::kUnknown, start, start + 1, std::string(1, c));
  }

  Token quotedString(size_t start, size_t contentStart, bool /*raw*/) {
    char quote = sql_[start];
    size_t i = contentStart;
    while (i < sql_.size()) {
      if (sql_[i] == '\\') {
        i += 2;
      } else if (sql_[i] == quote) {
        return make(TokenKind::kString, start, i + 1,
                    unescapeSqlString(sql_.substr(contentStart, i - contentStart)));
      } else {
        ++i;
      }
    }
    // Unclosed: like ANTLR's catch-all rule, the quote alone becomes an unrecognised token.
    return make(TokenKind::kUnknown, start, start + 1, std::string(1, quote));
  }

  Token backquoted(size_t start) {
    std::string name;
    size_t i = start + 1;
    while (i < sql_.size()) {
      if (sql_[i] == '`') {
        if (at(i + 1) == '`') {
          name += '`';
          i += 2;
          continue;
        }
        return make(TokenKind::kQuotedIdentifier, start, i + 1, std::move(name));
      }
      name += sql_[i++];
    }
    return make(TokenKind::kUnknown, start, start + 1, "`");
  }

  Token number(size_t start) {
    size_t i = start;
    while (isDigit(at(i))) ++i;
    bool integral = true;
    if (at(i) == '.') {
      size_t j = i + 1;
      while (isDigit(at(j))) ++j;
      if (i > start || j > i + 1) {
        integral = false;
        i = j;
      }
    }
    if (at(i) == 'e' || at(i) == 'E') {
      size_t k = i + 1;
      if (at(k) == '+' || at(k) == '-') ++k;
      if (isDigit(at(k))) {
        while (isDigit(at(k))) ++k;
        i = k;
        integral = false;
      }
    }
    char s = static_cast<char>(at(i) | 0x20);
    if (s == 'b' && (at(i + 1) | 0x20) == 'd') {
      i += 2;
    } else if (s == 'd' || s == 'f' || (integral && (s == 'l' || s == 's' || s == 'y'))) {
      i += 1;
    }
    // Longest match against an identifier that starts with digits ("1a", "10Lx"); a tie goes to
    // the number, the earlier rule in Spark's lexer.
    bool hasDot = sql_.substr(start, i - start).find('.') != std::string_view::npos;
    if (!hasDot) {
      size_t end = start;
      while (end < sql_.size() && isIdentifierChar(sql_[end])) ++end;
      if (end > i)
        return make(TokenKind::kWord, start, end, toLower(sql_.substr(start, end - start)));
    }
    return make(TokenKind::kNumber, start, i, toLower(sql_.substr(start, i - start)));
  }

  std::string_view sql_;
  PositionTracker tracker_;
  size_t pos_ = 0;
};

}  // namespace

std::vector<Token> tokenize(std::string_view sql) { return Lexer(sql).run(); }

std::string unescapeSqlString(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c != '\\' || i + 1 >= s.size()) {
      out += c;
      ++i;
      continue;
    }
    char n = s[i + 1];
    if (n == 'u' && i + 6 <= s.size() && isHexDigit(s[i + 2]) && isHexDigit(s[i + 3]) &&
        isHexDigit(s[i + 4]) && isHexDigit(s[i + 5])) {
      uint32_t cp = 0;
      for (size_t k = 2; k < 6; ++k) cp = cp * 16 + hexValue(s[i + k]);
      i += 6;
      // A UTF-16 surrogate pair written as two escapes is one character.
      if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 <= s.size() && s[i] == '\\' && s[i + 1] == 'u' &&
          isHexDigit(s[i + 2]) && isHexDigit(s[i + 3]) && isHexDigit(s[i + 4]) &&
          isHexDigit(s[i + 5])) {
        uint32_t low = 0;
        for (size_t k = 2; k < 6; ++k) low = low * 16 + hexValue(s[i + k]);
        if (low >= 0xDC00 && low <= 0xDFFF) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          i += 6;
        }
      }
      appendUtf8(out, cp);
      continue;
    }
    if (n == 'U' && i + 10 <= s.size()) {
      bool hex = true;
      uint32_t cp = 0;
      for (size_t k = 2; k < 10 && hex; ++k) {
        hex = isHexDigit(s[i + k]);
        if (hex) cp = cp * 16 + hexValue(s[i + k]);
      }
      if (hex) {
        appendUtf8(out, cp);
        i += 10;
        continue;
      }
    }
    if (n >= '0' && n <= '3' && i + 4 <= s.size() && s[i + 2] >= '0' && s[i + 2] <= '7' &&
        s[i + 3] >= '0' && s[i + 3] <= '7') {
      appendUtf8(out, (n - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
      i += 4;
      continue;
    }
    switch (n) {
      case '0':
        out += '\0';
        break;
      case 'b':
        out += '\b';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'Z':
        out += '\x1A';
        break;
      case '%':
        out += "\\%";
        break;  // kept escaped: LIKE patterns need them
      case '_':
        out += "\\_";
        break;
      default:
        out += n;
        break;
    }
    i += 2;
  }
  return out;
}

SourcePosition sourcePositionOf(std::string_view sql, size_t offset) {
  return PositionTracker(sql).at(offset);
}

std::string formatParseMessage(std::string_view sql, SourcePosition position,
                               std::string_view errorClass, std::string_view message) {
  std::string out;
  if (!errorClass.empty()) {
    out += '[';
    out += errorClass;
    out += "] ";
  }
  out += message;
  out += "(line " + std::to_string(position.line) + ", pos " + std::to_string(position.column) +
         ")\n\n== SQL ==\n";
  // Java's String.split("\n"), which drops trailing empty lines.
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= sql.size()) {
    size_t nl = sql.find('\n', start);
    if (nl == std::string_view::npos) {
      lines.push_back(sql.substr(start));
      break;
    }
    lines.push_back(sql.substr(start, nl - start));
    start = nl + 1;
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  size_t above = std::min(lines.size(), static_cast<size_t>(std::max(position.line, 0)));
  for (size_t k = 0; k < above; ++k) {
    out += lines[k];
    out += '\n';
  }
  out += std::string(static_cast<size_t>(std::max(position.column, 0)), '-');
  out += "^^^\n";
  for (size_t k = above; k < lines.size(); ++k) {
    out += lines[k];
    out += '\n';
  }
  return out;
}

void throwParseError(std::string_view sql, SourcePosition position, const std::string& errorClass,
                     std::string_view message) {
  throw ParseException(formatParseMessage(sql, position, errorClass, message), errorClass);
}

}  // namespace spate
