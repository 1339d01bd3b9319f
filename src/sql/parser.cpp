// Entry points of the SQL parser, statement splitting and the token-level helpers of Parser.
#include "sql/parser.h"

#include <algorithm>
#include <array>

#include "common/error.h"
#include "common/strings.h"
#include "sql/parser_internal.h"

namespace spate {

namespace sql_parser {

namespace {

// Spark (non-ANSI) lets almost every keyword be an identifier; these few would make clauses
// ambiguous (`SELECT a FROM t`: is FROM an alias?), so they need backticks. Sorted.
constexpr std::array<std::string_view, 44> kReservedWords = {
    "all",     "and",       "anti",  "as",    "between", "case",  "cross",  "distinct", "else",
    "end",     "except",    "false", "from",  "full",    "group", "having", "ilike",    "in",
    "inner",   "intersect", "is",    "join",  "lateral", "left",  "like",   "limit",    "minus",
    "natural", "not",       "null",  "on",    "or",      "order", "right",  "rlike",    "select",
    "semi",    "then",      "true",  "union", "using",   "when",  "where",  "with",
};

}  // namespace

bool isReservedWord(std::string_view lowerWord) {
  return std::binary_search(kReservedWords.begin(), kReservedWords.end(), lowerWord);
}

bool sameExpr(const ParsedExpr& a, const ParsedExpr& b) {
  if (a.kind != b.kind || a.op != b.op || !equalsIgnoreCase(a.name, b.name) ||
      a.distinct != b.distinct || a.isStar != b.isStar || a.negated != b.negated ||
      a.ascending != b.ascending || a.nullsFirst != b.nullsFirst || a.hasOperand != b.hasOperand ||
      a.hasElse != b.hasElse || a.escapeChar != b.escapeChar ||
      a.nameParts.size() != b.nameParts.size() || a.aliasNames.size() != b.aliasNames.size() ||
      a.children.size() != b.children.size())
    return false;
  for (size_t k = 0; k < a.nameParts.size(); ++k)
    if (!equalsIgnoreCase(a.nameParts[k], b.nameParts[k])) return false;
  for (size_t k = 0; k < a.aliasNames.size(); ++k)
    if (!equalsIgnoreCase(a.aliasNames[k], b.aliasNames[k])) return false;
  if ((a.literalType == nullptr) != (b.literalType == nullptr)) return false;
  if (a.literalType && (!a.literalType->equals(*b.literalType) || !(a.literal == b.literal)))
    return false;
  if ((a.castType == nullptr) != (b.castType == nullptr)) return false;
  if (a.castType && !a.castType->equals(*b.castType)) return false;
  for (size_t k = 0; k < a.children.size(); ++k)
    if (!sameExpr(*a.children[k], *b.children[k])) return false;
  return true;
}

Parser::Parser(std::string_view sql) : sql_(sql), tokens_(tokenize(sql)) {
  heights_.reserve(tokens_.size());
}

bool Parser::isWord(std::string_view lowerWord, size_t k) const {
  const Token& t = peek(k);
  return t.kind == TokenKind::kWord && t.value == lowerWord;
}

bool Parser::isOp(std::string_view op, size_t k) const {
  const Token& t = peek(k);
  return t.kind == TokenKind::kOperator && t.value == op;
}

bool Parser::acceptWord(std::string_view lowerWord) {
  if (!isWord(lowerWord)) return false;
  ++pos_;
  return true;
}

bool Parser::acceptOp(std::string_view op) {
  if (!isOp(op)) return false;
  ++pos_;
  return true;
}

void Parser::expectWord(std::string_view lowerWord) {
  if (!acceptWord(lowerWord)) fail();
}

void Parser::expectOp(std::string_view op) {
  if (!acceptOp(op)) fail();
}

void Parser::failAt(size_t token, std::string hint) const {
  throw SyntaxError{std::min(token, tokens_.size() - 1), std::move(hint)};
}

void Parser::raiseAt(size_t token, const std::string& errorClass, std::string_view message) const {
  throw SyntaxError{std::min(token, tokens_.size() - 1), "", errorClass, std::string(message)};
}

void Parser::raiseSyntax(const SyntaxError& error) const {
  const Token& t = tokens_[error.token];
  SourcePosition position{t.line, t.column};
  if (!error.errorClass.empty()) throwParseError(sql_, position, error.errorClass, error.message);
  std::string near = t.kind == TokenKind::kEnd ? "end of input" : "'" + std::string(t.text) + "'";
  throwParseError(sql_, position, "PARSE_SYNTAX_ERROR",
                  "Syntax error at or near " + near + error.hint + ".");
}

bool Parser::atIdentifier(size_t k) const {
  const Token& t = peek(k);
  return t.kind == TokenKind::kQuotedIdentifier ||
         (t.kind == TokenKind::kWord && !isReservedWord(t.value));
}

std::string Parser::identifier() {
  if (!atIdentifier()) fail();
  const Token& t = tokens_[pos_++];
  return t.kind == TokenKind::kQuotedIdentifier ? t.value : std::string(t.text);
}

bool Parser::atAnyName(size_t k) const {
  TokenKind kind = peek(k).kind;
  return kind == TokenKind::kWord || kind == TokenKind::kQuotedIdentifier;
}

std::string Parser::anyName() {
  if (!atAnyName()) fail();
  const Token& t = tokens_[pos_++];
  return t.kind == TokenKind::kQuotedIdentifier ? t.value : std::string(t.text);
}

std::vector<std::string> Parser::multipartIdentifier() {
  std::vector<std::string> parts{identifier()};
  while (isOp(".") && atAnyName(1)) {
    ++pos_;
    parts.push_back(anyName());
  }
  return parts;
}

std::vector<std::string> Parser::identifierList() {
  expectOp("(");
  std::vector<std::string> names;
  do {
    names.push_back(identifier());
  } while (acceptOp(","));
  expectOp(")");
  return names;
}

std::string Parser::sourceText(size_t firstToken, size_t endToken) const {
  if (endToken <= firstToken) return "";
  size_t begin = tokens_[firstToken].begin;
  size_t end = tokens_[std::min(endToken, tokens_.size()) - 1].end;
  return std::string(sql_.substr(begin, end - begin));
}

StatementPtr Parser::singleStatement() {
  try {
    if (empty()) raiseAt(0, "PARSE_EMPTY_STATEMENT", "Syntax error, unexpected empty statement.");
    StatementPtr st = statement();
    while (acceptOp(";")) {
    }
    if (!isEnd()) fail();
    return st;
  } catch (const SyntaxError& e) {
    raiseSyntax(e);
  }
}

ParsedExprPtr Parser::singleExpression() {
  try {
    if (empty()) raiseAt(0, "PARSE_EMPTY_STATEMENT", "Syntax error, unexpected empty statement.");
    ParsedExprPtr e = namedExpression();
    if (!isEnd()) fail();
    return e;
  } catch (const SyntaxError& e) {
    raiseSyntax(e);
  }
}

}  // namespace sql_parser

namespace {

// Splits a script on `;` outside string literals, quoted identifiers and comments, with the
// lexer's quoting rules.
std::vector<std::string_view> splitStatements(std::string_view sql) {
  std::vector<std::string_view> pieces;
  size_t start = 0, i = 0, n = sql.size();
  auto isWordChar = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
  };
  while (i < n) {
    char c = sql[i];
    if (c == ';') {
      pieces.push_back(sql.substr(start, i - start));
      start = ++i;
    } else if (c == '\'' || c == '"') {
      bool raw =
          i > 0 && (sql[i - 1] == 'r' || sql[i - 1] == 'R') && (i < 2 || !isWordChar(sql[i - 2]));
      ++i;
      while (i < n && sql[i] != c) i += (!raw && sql[i] == '\\') ? 2 : 1;
      ++i;
    } else if (c == '`') {
      ++i;
      while (i < n && sql[i] != '`') ++i;
      ++i;
    } else if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
      while (i < n && sql[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      int depth = 0;
      while (i < n) {
        if (sql[i] == '/' && i + 1 < n && sql[i + 1] == '*') {
          ++depth;
          i += 2;
        } else if (sql[i] == '*' && i + 1 < n && sql[i + 1] == '/') {
          i += 2;
          if (--depth == 0) break;
        } else {
          ++i;
        }
      }
    } else {
      ++i;
    }
  }
  if (start < n) pieces.push_back(sql.substr(start));
  return pieces;
}

}  // namespace

std::vector<StatementPtr> parseStatements(std::string_view sql) {
  std::vector<StatementPtr> out;
  for (std::string_view piece : splitStatements(sql)) {
    piece = trimWhitespace(piece);
    if (piece.empty()) continue;
    sql_parser::Parser parser(piece);
    if (parser.empty()) continue;  // only comments
    out.push_back(parser.singleStatement());
  }
  return out;
}

StatementPtr parseStatement(std::string_view sql) {
  return sql_parser::Parser(sql).singleStatement();
}

ParsedExprPtr parseExpression(std::string_view text) {
  return sql_parser::Parser(text).singleExpression();
}

std::vector<std::string> parseIdentifierParts(std::string_view name) {
  // Spark's UnresolvedAttribute.parseAttributeName: dots separate parts, backticks quote them.
  auto error = [&]() {
    throw ParseException("Syntax error in attribute name: " + std::string(name) + ".");
  };
  std::vector<std::string> parts;
  std::string current;
  bool inBacktick = false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (inBacktick) {
      if (c == '`') {
        if (i + 1 < name.size() && name[i + 1] == '`') {
          current += '`';
          ++i;
        } else {
          inBacktick = false;
          if (i + 1 < name.size() && name[i + 1] != '.') error();
        }
      } else {
        current += c;
      }
    } else if (c == '`') {
      if (!current.empty()) error();
      inBacktick = true;
    } else if (c == '.') {
      if (i == 0 || name[i - 1] == '.' || i == name.size() - 1) error();
      parts.push_back(std::move(current));
      current.clear();
    } else {
      current += c;
    }
  }
  if (inBacktick) error();
  parts.push_back(std::move(current));
  return parts;
}

}  // namespace spate
