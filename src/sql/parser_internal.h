#pragma once

// The recursive-descent Spark SQL parser behind parser.h. Internal to sql/: its implementation is
// split by grammar area (parser_expression.cpp, parser_query.cpp, parser_statement.cpp).

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/time.h"
#include "sql/ast.h"
#include "sql/lexer.h"

namespace spate::sql_parser {

/// A syntax error at a token, thrown inside the parser and turned into a ParseException at the
/// top; alternatives catch it to backtrack.
struct SyntaxError {
  size_t token;
  std::string hint;  ///< appended to "Syntax error at or near 'x'", e.g. ": too deeply nested"
  /// Set for errors with their own class (INVALID_NUMERIC_LITERAL_RANGE…) and message.
  std::string errorClass;
  std::string message;
};

/// Words that are never a bare identifier (column, table, alias); backticks make them one.
bool isReservedWord(std::string_view lowerWord);

/// A string as Spark quotes values in messages: 'it\'s'.
std::string sqlQuoted(std::string_view s);

/// Structural equality of parsed expressions, ignoring their text (names case-insensitively).
bool sameExpr(const ParsedExpr& a, const ParsedExpr& b);

class Parser {
 public:
  explicit Parser(std::string_view sql);

  /// True when the text holds no token (only blanks and comments).
  bool empty() const { return tokens_.size() == 1; }
  StatementPtr singleStatement();
  ParsedExprPtr singleExpression();

 private:
  using MutableExpr = std::shared_ptr<ParsedExpr>;
  friend class DepthGuard;

  // ---- tokens (parser.cpp) ----
  const Token& peek(size_t k = 0) const { return tokens_[std::min(pos_ + k, tokens_.size() - 1)]; }
  bool isWord(std::string_view lowerWord, size_t k = 0) const;
  bool isOp(std::string_view op, size_t k = 0) const;
  bool isEnd(size_t k = 0) const { return peek(k).kind == TokenKind::kEnd; }
  bool acceptWord(std::string_view lowerWord);
  bool acceptOp(std::string_view op);
  void expectWord(std::string_view lowerWord);
  void expectOp(std::string_view op);
  [[noreturn]] void fail() const { failAt(pos_); }
  [[noreturn]] void failAt(size_t token, std::string hint = "") const;
  /// An error with its own class and message, pointing at a token.
  [[noreturn]] void raiseAt(size_t token, const std::string& errorClass,
                            std::string_view message) const;
  [[noreturn]] void raiseSyntax(const SyntaxError& error) const;
  /// Runs `first`; on a syntax error runs `second` from the same token; when both fail the error
  /// that got further is reported.
  template <typename F1, typename F2>
  auto alternatives(F1&& first, F2&& second) -> decltype(first());

  /// A non-reserved word or a quoted identifier at peek(k).
  bool atIdentifier(size_t k = 0) const;
  std::string identifier();
  /// Any word or quoted identifier (after a dot, after AS): reserved words allowed.
  bool atAnyName(size_t k = 0) const;
  std::string anyName();
  std::vector<std::string> multipartIdentifier();
  std::vector<std::string> identifierList();  ///< ( a, b, … )
  std::string sourceText(size_t firstToken, size_t endToken) const;
  std::string textFrom(size_t firstToken) const { return sourceText(firstToken, pos_); }

  // ---- expressions (parser_expression.cpp) ----
  MutableExpr node(ParsedKind kind) const;
  ParsedExprPtr finish(MutableExpr expr, size_t firstToken);
  ParsedExprPtr binary(std::string op, ParsedExprPtr left, ParsedExprPtr right, size_t first);
  ParsedExprPtr expression();
  ParsedExprPtr namedExpression();
  ParsedExprPtr orExpression();
  ParsedExprPtr andExpression();
  ParsedExprPtr notExpression();
  ParsedExprPtr predicate();
  ParsedExprPtr likePredicate(ParsedExprPtr value, bool negated, std::string op, size_t first);
  ParsedExprPtr valueExpression(int minPrecedence = 0);
  ParsedExprPtr unaryExpression();
  ParsedExprPtr postfix(ParsedExprPtr base, size_t first);
  ParsedExprPtr primary();
  ParsedExprPtr parenthesized();
  ParsedExprPtr nameOrFunction();
  ParsedExprPtr functionCall(size_t first, std::string name);
  bool specialFunctionArgs(const std::string& lowerName, std::vector<ParsedExprPtr>& args,
                           std::string& name);
  ParsedExprPtr caseExpression();
  ParsedExprPtr castExpression();
  ParsedExprPtr extractExpression();
  TypePtr typeFromTokens(size_t begin, size_t end);
  ParsedExprPtr numberLiteral(bool negative, size_t first);
  ParsedExprPtr stringLiteral();
  ParsedExprPtr typedLiteral();
  ParsedExprPtr literal(Value value, TypePtr type, size_t first);
  // ---- literals (parser_literal.cpp) ----
  bool atIntervalValue(size_t k) const;
  /// INTERVAL at k-1 starts a literal: a string, or a number followed by a unit.
  bool atIntervalLiteral(size_t k) const;
  /// After INTERVAL: the value and the text Spark's withWatermark would take ("5 seconds").
  std::pair<Interval, std::string> intervalBody(size_t intervalToken);
  std::string stringContent();  ///< one or more adjacent string literals

  // ---- queries (parser_query.cpp) ----
  bool atQueryStart(size_t k = 0) const;
  QueryPtr query();
  QueryPtr setExpression();
  QueryPtr intersectExpression();
  QueryPtr queryPrimary();
  QueryPtr selectQuery();
  QueryPtr valuesQuery();
  QueryPtr withOrderAndLimit(QueryPtr query);
  ParsedExprPtr sortItem();
  void groupByClause(SelectCore& core);
  std::vector<ParsedExprPtr> groupingSet();
  RelationPtr fromClause();
  RelationPtr relation();
  RelationPtr relationPrimary();
  RelationPtr streamRelation();
  RelationPtr valuesRelation();
  void tableAlias(Relation& relation, bool allowColumns = true);
  static QueryPtr selectStarFrom(RelationPtr from);
  static QueryPtr withColumnAliases(QueryPtr query, std::string alias,
                                    std::vector<std::string> columns);

  // ---- statements (parser_statement.cpp) ----
  StatementPtr statement();
  void createStatement(Statement& st);
  void dropStatement(Statement& st);
  void insertStatement(Statement& st);
  void showStatement(Statement& st);
  void describeStatement(Statement& st);
  void explainStatement(Statement& st);
  void setStatement(Statement& st);
  void stopStatement(Statement& st);
  std::map<std::string, std::string> propertyList();
  size_t statementEndToken() const;

  std::string_view sql_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
  size_t failedAlternatives_ = 0;
  size_t reparsedTokens_ = 0;  ///< tokens read by failed alternatives
  std::unordered_map<const ParsedExpr*, int> heights_;
};

template <typename F1, typename F2>
auto Parser::alternatives(F1&& first, F2&& second) -> decltype(first()) {
  size_t start = pos_;
  try {
    return first();
  } catch (const SyntaxError& e1) {
    // A failed alternative's tokens are read again; bounding that work keeps adversarial input
    // (nested ambiguous parentheses) from going exponential.
    reparsedTokens_ += e1.token - std::min(e1.token, start) + 1;
    if (++failedAlternatives_ > 2000 + tokens_.size() / 4 ||
        reparsedTokens_ > 1000000 + 16 * tokens_.size())
      failAt(start, ": the statement is too complex");
    pos_ = start;
    try {
      return second();
    } catch (const SyntaxError& e2) {
      throw e1.token >= e2.token ? e1 : e2;
    }
  }
}

/// Bounds recursion so that deeply nested input gives a ParseException, not a stack overflow.
class DepthGuard {
 public:
  static constexpr int kMaxDepth = 200;
  explicit DepthGuard(Parser& parser) : parser_(parser) {
    if (parser_.depth_ >= kMaxDepth)
      parser_.failAt(parser_.pos_, ": the statement is nested too deeply");
    ++parser_.depth_;
  }
  ~DepthGuard() { --parser_.depth_; }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;

 private:
  Parser& parser_;
};

}  // namespace spate::sql_parser
