// Expressions: Spark's precedence (OR < AND < NOT < predicates < comparison < | < ^ < & < + - || <
// * / % DIV < unary < postfix), names, function calls and the special function syntaxes.
#include <algorithm>

#include "common/error.h"
#include "common/strings.h"
#include "sql/parser_internal.h"

namespace spate::sql_parser {

namespace {

constexpr int kMaxHeight = 1000;

int binaryPrecedence(const Token& t) {
  if (t.kind == TokenKind::kWord) return t.value == "div" ? 6 : 0;
  if (t.kind != TokenKind::kOperator) return 0;
  const std::string& v = t.value;
  if (v == "*" || v == "/" || v == "%") return 6;
  if (v == "+" || v == "-" || v == "||") return 5;
  if (v == "&") return 4;
  if (v == "^") return 3;
  if (v == "|") return 2;
  if (v == "=" || v == "==" || v == "<=>" || v == "!=" || v == "<>" || v == "<" || v == "<=" ||
      v == ">" || v == ">=")
    return 1;
  return 0;
}

// Words that may name a function although they are reserved as identifiers.
bool isReservedFunctionName(std::string_view w) {
  return w == "left" || w == "right" || w == "like" || w == "ilike" || w == "rlike";
}

}  // namespace

// ---- nodes ----------------------------------------------------------------------------------

Parser::MutableExpr Parser::node(ParsedKind kind) const {
  auto e = std::make_shared<ParsedExpr>();
  e->kind = kind;
  return e;
}

ParsedExprPtr Parser::finish(MutableExpr e, size_t firstToken) {
  if (e->text.empty()) e->text = textFrom(firstToken);
  // Recursive consumers (and destruction) walk the tree: bound its height.
  int height = 1;
  for (const auto& child : e->children) {
    auto it = heights_.find(child.get());
    height = std::max(height, (it == heights_.end() ? 1 : it->second) + 1);
  }
  if (height > kMaxHeight) failAt(firstToken, ": the expression is nested too deeply");
  heights_[e.get()] = height;
  return e;
}

ParsedExprPtr Parser::binary(std::string op, ParsedExprPtr left, ParsedExprPtr right,
                             size_t first) {
  auto e = node(ParsedKind::kBinary);
  e->op = std::move(op);
  e->children = {std::move(left), std::move(right)};
  return finish(e, first);
}

ParsedExprPtr Parser::literal(Value value, TypePtr type, size_t first) {
  auto e = node(ParsedKind::kLiteral);
  e->literal = std::move(value);
  e->literalType = std::move(type);
  return finish(e, first);
}

// ---- boolean levels -------------------------------------------------------------------------

ParsedExprPtr Parser::expression() {
  DepthGuard guard(*this);
  return orExpression();
}

ParsedExprPtr Parser::namedExpression() {
  size_t first = pos_;
  ParsedExprPtr e = expression();
  auto alias = node(ParsedKind::kAlias);
  if (acceptWord("as")) {
    if (isOp("(")) {
      alias->aliasNames = identifierList();
    } else {
      alias->name = anyName();
    }
  } else if (atIdentifier()) {
    if ((isWord("over") || isWord("filter")) && isOp("(", 1))
      failAt(pos_, ": window functions and FILTER clauses are not supported");
    alias->name = identifier();
  } else {
    return e;
  }
  alias->children = {e};
  return finish(alias, first);
}

ParsedExprPtr Parser::orExpression() {
  size_t first = pos_;
  ParsedExprPtr left = andExpression();
  while (acceptWord("or")) left = binary("or", left, andExpression(), first);
  return left;
}

ParsedExprPtr Parser::andExpression() {
  size_t first = pos_;
  ParsedExprPtr left = notExpression();
  while (acceptWord("and")) left = binary("and", left, notExpression(), first);
  return left;
}

ParsedExprPtr Parser::notExpression() {
  size_t first = pos_;
  if (isWord("not") || isOp("!")) {
    DepthGuard guard(*this);
    ++pos_;
    auto e = node(ParsedKind::kNot);
    e->children = {notExpression()};
    return finish(e, first);
  }
  return predicate();
}

ParsedExprPtr Parser::predicate() {
  size_t first = pos_;
  ParsedExprPtr value = valueExpression();
  bool negated = false;
  if (isWord("not") && (isWord("between", 1) || isWord("in", 1) || isWord("like", 1) ||
                        isWord("ilike", 1) || isWord("rlike", 1) || isWord("regexp", 1))) {
    ++pos_;
    negated = true;
  }
  if (acceptWord("between")) {
    auto e = node(ParsedKind::kBetween);
    e->negated = negated;
    ParsedExprPtr low = valueExpression();
    expectWord("and");
    e->children = {value, low, valueExpression()};
    return finish(e, first);
  }
  if (acceptWord("in")) {
    expectOp("(");
    if (isWord("select") || isWord("with") || isWord("values"))
      failAt(pos_, ": subquery expressions are not supported");
    auto e = node(ParsedKind::kIn);
    e->negated = negated;
    e->children = {value};
    do {
      e->children.push_back(expression());
    } while (acceptOp(","));
    expectOp(")");
    return finish(e, first);
  }
  if (isWord("like") || isWord("ilike")) {
    std::string op = peek().value;
    ++pos_;
    return likePredicate(value, negated, op, first);
  }
  if (acceptWord("rlike") || acceptWord("regexp")) {
    auto e = node(ParsedKind::kRLike);
    e->negated = negated;
    e->children = {value, valueExpression()};
    return finish(e, first);
  }
  if (negated) fail();
  if (acceptWord("is")) {
    bool isNot = acceptWord("not");
    if (acceptWord("null") || acceptWord("unknown")) {
      auto e = node(ParsedKind::kIsNull);
      e->negated = isNot;
      e->children = {value};
      return finish(e, first);
    }
    ParsedExprPtr result;
    if (isWord("true") || isWord("false")) {
      // IS [NOT] TRUE|FALSE is Spark's null-safe equality with the boolean.
      size_t tok = pos_++;
      ParsedExprPtr b = literal(Value(tokens_[tok].value == "true"), DataType::boolean(), tok);
      result = binary("<=>", value, b, first);
      if (!isNot) return result;
    } else if (acceptWord("distinct")) {
      expectWord("from");
      result = binary("<=>", value, valueExpression(), first);
      if (isNot) return result;
    } else {
      fail();
    }
    auto e = node(ParsedKind::kNot);
    e->children = {result};
    return finish(e, first);
  }
  return value;
}

ParsedExprPtr Parser::likePredicate(ParsedExprPtr value, bool negated, std::string op,
                                    size_t first) {
  if ((isWord("any") || isWord("some") || isWord("all")) && isOp("(", 1)) {
    // LIKE ANY|SOME|ALL (p, …): a disjunction or conjunction of LIKEs, as Spark evaluates it.
    std::string combine = peek().value == "all" ? "and" : "or";
    pos_ += 2;
    std::vector<MutableExpr> likes;
    do {
      auto e = node(ParsedKind::kLike);
      e->op = op;
      e->negated = negated;
      e->children = {value, expression()};
      likes.push_back(e);
    } while (acceptOp(","));
    expectOp(")");
    std::string text = textFrom(first);
    ParsedExprPtr result;
    for (auto& like : likes) {
      like->text = text;
      ParsedExprPtr done = finish(like, first);
      result = result ? binary(combine, result, done, first) : done;
    }
    return result;
  }
  auto e = node(ParsedKind::kLike);
  e->op = std::move(op);
  e->negated = negated;
  e->children = {value, valueExpression()};
  if (acceptWord("escape")) {
    size_t tok = pos_;
    std::string escape = stringContent();
    if (escape.size() != 1)
      raiseAt(tok, "INVALID_ESC",
              "Found an invalid escape string: " + sqlQuoted(escape) +
                  ". The escape string must contain only one character.");
    e->escapeChar = escape[0];
  }
  return finish(e, first);
}

// ---- arithmetic levels ----------------------------------------------------------------------

ParsedExprPtr Parser::valueExpression(int minPrecedence) {
  size_t first = pos_;
  ParsedExprPtr left = unaryExpression();
  while (true) {
    int precedence = binaryPrecedence(peek());
    if (precedence == 0 || precedence < minPrecedence) break;
    std::string op = peek().value;
    ++pos_;
    ParsedExprPtr right = valueExpression(precedence + 1);
    left = binary(std::move(op), left, right, first);
  }
  return left;
}

ParsedExprPtr Parser::unaryExpression() {
  size_t first = pos_;
  // `-1` is one literal in Spark's grammar (number: MINUS? INTEGER_VALUE), so -2147483648 is an
  // INT and the column is named "-1".
  if (isOp("-") && peek(1).kind == TokenKind::kNumber) {
    ++pos_;
    return postfix(numberLiteral(true, first), first);
  }
  if (isOp("-") || isOp("+") || isOp("~")) {
    DepthGuard guard(*this);
    auto e = node(ParsedKind::kUnary);
    e->op = peek().value;
    ++pos_;
    e->children = {unaryExpression()};
    return finish(e, first);
  }
  return postfix(primary(), first);
}

ParsedExprPtr Parser::postfix(ParsedExprPtr base, size_t first) {
  while (true) {
    if (isOp("[")) {
      ++pos_;
      auto e = node(ParsedKind::kSubscript);
      e->children = {base, expression()};
      expectOp("]");
      base = finish(e, first);
    } else if (isOp(".") && atAnyName(1)) {
      ++pos_;
      auto e = node(ParsedKind::kField);
      e->name = anyName();
      e->children = {base};
      base = finish(e, first);
    } else {
      return base;
    }
  }
}

// ---- primaries ------------------------------------------------------------------------------

ParsedExprPtr Parser::primary() {
  size_t first = pos_;
  const Token& t = peek();
  switch (t.kind) {
    case TokenKind::kNumber:
      return numberLiteral(false, first);
    case TokenKind::kString:
      return stringLiteral();
    case TokenKind::kQuotedIdentifier:
      return nameOrFunction();
    case TokenKind::kOperator:
      if (t.value == "(") return parenthesized();
      if (t.value == "*") {
        ++pos_;
        return finish(node(ParsedKind::kStar), first);
      }
      return parenthesized();  // reports the syntax error at this token
    case TokenKind::kWord:
      break;
    default:
      fail();
  }
  const std::string& w = t.value;
  if (w == "null") {
    ++pos_;
    return literal(Value::null(), DataType::null(), first);
  }
  if (w == "true" || w == "false") {
    ++pos_;
    return literal(Value(w == "true"), DataType::boolean(), first);
  }
  if (w == "case") return caseExpression();
  if ((w == "cast" || w == "try_cast") && isOp("(", 1)) return castExpression();
  if (w == "extract" && isOp("(", 1) && atAnyName(2) && isWord("from", 3))
    return extractExpression();
  if (w == "interval" && atIntervalLiteral(1)) {
    ++pos_;
    Interval value = intervalBody(first).first;
    return literal(Value(value), DataType::interval(), first);
  }
  if (peek(1).kind == TokenKind::kString && !isReservedWord(w)) return typedLiteral();
  if ((w == "current_date" || w == "current_timestamp" || w == "current_user") && !isOp("(", 1)) {
    // Spark resolves these bare words to the functions (unless a column has the name).
    ++pos_;
    auto e = node(ParsedKind::kFunction);
    e->name = std::string(t.text);
    return finish(e, first);
  }
  return nameOrFunction();
}

ParsedExprPtr Parser::parenthesized() {
  size_t first = pos_;
  expectOp("(");
  if (isWord("select") || isWord("with") || isWord("values"))
    failAt(pos_, ": subquery expressions are not supported");
  size_t elementStart = pos_;
  ParsedExprPtr e = expression();
  if (!isOp(")")) {
    // (a, b AS x, …) is a struct, as Spark's rowConstructor.
    auto row = node(ParsedKind::kFunction);
    row->name = "struct";
    auto withAlias = [&](ParsedExprPtr element, size_t start) -> ParsedExprPtr {
      auto alias = node(ParsedKind::kAlias);
      if (acceptWord("as")) {
        alias->name = anyName();
      } else if (atIdentifier()) {
        alias->name = identifier();
      } else {
        return element;
      }
      alias->children = {element};
      return finish(alias, start);
    };
    row->children.push_back(withAlias(e, elementStart));
    if (!isOp(",")) fail();
    while (acceptOp(",")) {
      size_t start = pos_;
      row->children.push_back(withAlias(expression(), start));
    }
    expectOp(")");
    return finish(row, first);
  }
  ++pos_;
  return e;
}

ParsedExprPtr Parser::nameOrFunction() {
  size_t first = pos_;
  const Token& t = peek();
  bool functionName =
      t.kind == TokenKind::kQuotedIdentifier ||
      (t.kind == TokenKind::kWord && (!isReservedWord(t.value) || isReservedFunctionName(t.value)));
  if (functionName && isOp("(", 1)) {
    std::string name = t.kind == TokenKind::kQuotedIdentifier ? t.value : std::string(t.text);
    ++pos_;
    return functionCall(first, std::move(name));
  }
  std::vector<std::string> parts{identifier()};
  while (isOp(".")) {
    if (isOp("*", 1)) {
      pos_ += 2;
      auto star = node(ParsedKind::kStar);
      star->nameParts = std::move(parts);
      return finish(star, first);
    }
    if (!atAnyName(1)) break;
    ++pos_;
    parts.push_back(anyName());
  }
  auto e = node(ParsedKind::kColumn);
  e->nameParts = std::move(parts);
  return finish(e, first);
}

ParsedExprPtr Parser::functionCall(size_t first, std::string name) {
  std::string lower = toLower(name);
  expectOp("(");
  auto call = node(ParsedKind::kFunction);
  call->name = name;

  auto regular = [&]() -> ParsedExprPtr {
    call->children.clear();
    if (lower == "count" && isOp("*") && isOp(")", 1)) {
      pos_ += 2;
      call->isStar = true;
      return finish(call, first);
    }
    if (acceptWord("distinct")) {
      call->distinct = true;
    } else {
      acceptWord("all");
    }
    if (isWord("select") || isWord("with"))
      failAt(pos_, ": subquery expressions are not supported");
    if (!isOp(")")) {
      do {
        call->children.push_back(lower == "struct" ? namedExpression() : expression());
        if (isOp("->")) failAt(pos_, ": lambda functions are not supported");
      } while (acceptOp(","));
    }
    if ((lower == "first" || lower == "last" || lower == "any_value") &&
        (isWord("ignore") || isWord("respect")) && isWord("nulls", 1)) {
      bool ignore = isWord("ignore");
      size_t tok = pos_;
      pos_ += 2;
      if (ignore) {
        auto flag = node(ParsedKind::kLiteral);
        flag->literal = Value(true);
        flag->literalType = DataType::boolean();
        flag->text = "true";
        call->children.push_back(finish(flag, tok));
      }
    }
    expectOp(")");
    // TIMESTAMPADD(HOUR, n, ts): the unit is a keyword, passed on as a string.
    static constexpr std::string_view kUnitFunctions[] = {"timestampadd",  "dateadd",  "date_add",
                                                          "timestampdiff", "datediff", "date_diff",
                                                          "timediff"};
    if (call->children.size() == 3 &&
        std::find(std::begin(kUnitFunctions), std::end(kUnitFunctions), lower) !=
            std::end(kUnitFunctions)) {
      const ParsedExpr& unit = *call->children[0];
      static constexpr std::string_view kUnits[] = {"year",   "quarter",     "month",      "week",
                                                    "day",    "dayofyear",   "hour",       "minute",
                                                    "second", "millisecond", "microsecond"};
      if (unit.kind == ParsedKind::kColumn && unit.nameParts.size() == 1 &&
          std::find(std::begin(kUnits), std::end(kUnits), toLower(unit.nameParts[0])) !=
              std::end(kUnits) &&
          tokens_[first + 2].kind == TokenKind::kWord) {
        auto unitLiteral = node(ParsedKind::kLiteral);
        unitLiteral->literal = Value(toUpper(unit.nameParts[0]));
        unitLiteral->literalType = DataType::string();
        unitLiteral->text = unit.text;
        heights_[unitLiteral.get()] = 1;
        call->children[0] = unitLiteral;
      }
    }
    return finish(call, first);
  };

  if (lower == "substring" || lower == "substr") {
    // SUBSTRING(str FROM pos [FOR len])
    ParsedExprPtr str = expression();
    if (acceptWord("from")) {
      call->children = {str, expression()};
      if (acceptWord("for")) call->children.push_back(expression());
      expectOp(")");
      return finish(call, first);
    }
    call->children = {str};
    while (acceptOp(",")) call->children.push_back(expression());
    expectOp(")");
    return finish(call, first);
  }
  if (lower == "overlay") {
    // OVERLAY(input PLACING replace FROM pos [FOR len])
    ParsedExprPtr input = expression();
    if (acceptWord("placing")) {
      ParsedExprPtr replace = expression();
      expectWord("from");
      call->children = {input, replace, expression()};
      if (acceptWord("for")) call->children.push_back(expression());
      expectOp(")");
      return finish(call, first);
    }
    call->children = {input};
    while (acceptOp(",")) call->children.push_back(expression());
    expectOp(")");
    return finish(call, first);
  }
  if (lower == "position") {
    // POSITION(substr IN str) = position(substr, str)
    return alternatives(
        [&]() -> ParsedExprPtr {
          ParsedExprPtr needle = valueExpression();
          expectWord("in");
          ParsedExprPtr haystack = valueExpression();
          expectOp(")");
          call->children = {needle, haystack};
          return finish(call, first);
        },
        regular);
  }
  if (lower == "trim") {
    // TRIM([BOTH|LEADING|TRAILING] [chars] FROM str): trim/ltrim/rtrim(chars, str), Spark's
    // argument order for the two-argument functions. The plain call is tried first: it is the
    // common one.
    return alternatives(regular, [&]() -> ParsedExprPtr {
      std::string function = "trim";
      if ((isWord("both") || isWord("leading") || isWord("trailing")) && !isOp(",", 1) &&
          !isOp(")", 1)) {
        if (isWord("leading")) function = "ltrim";
        if (isWord("trailing")) function = "rtrim";
        ++pos_;
      }
      ParsedExprPtr chars;
      if (!acceptWord("from")) {
        chars = valueExpression();
        expectWord("from");
      }
      ParsedExprPtr str = valueExpression();
      expectOp(")");
      call->name = function;
      call->children =
          chars ? std::vector<ParsedExprPtr>{chars, str} : std::vector<ParsedExprPtr>{str};
      return finish(call, first);
    });
  }
  return regular();
}

ParsedExprPtr Parser::caseExpression() {
  size_t first = pos_;
  expectWord("case");
  auto e = node(ParsedKind::kCase);
  if (!isWord("when")) {
    e->hasOperand = true;
    e->children.push_back(expression());
  }
  if (!isWord("when")) fail();
  while (acceptWord("when")) {
    e->children.push_back(expression());
    expectWord("then");
    e->children.push_back(expression());
  }
  if (acceptWord("else")) {
    e->hasElse = true;
    e->children.push_back(expression());
  }
  expectWord("end");
  return finish(e, first);
}

ParsedExprPtr Parser::castExpression() {
  size_t first = pos_;
  auto e = node(ParsedKind::kCast);
  if (peek().value == "try_cast") e->op = "try_cast";
  pos_ += 2;
  e->children = {expression()};
  expectWord("as");
  size_t typeStart = pos_;
  int depth = 0;
  while (!isEnd()) {
    if (isOp("(")) {
      ++depth;
    } else if (isOp(")")) {
      if (depth == 0) break;
      --depth;
    }
    ++pos_;
  }
  e->castType = typeFromTokens(typeStart, pos_);
  expectOp(")");
  return finish(e, first);
}

TypePtr Parser::typeFromTokens(size_t begin, size_t end) {
  if (end <= begin) failAt(begin);
  std::string text = sourceText(begin, end);
  try {
    return parseDataType(text);
  } catch (const ParseException& error) {
    std::string_view message = error.what();
    constexpr std::string_view kUnsupported = "[UNSUPPORTED_DATATYPE] ";
    if (message.substr(0, kUnsupported.size()) == kUnsupported)
      raiseAt(begin, "UNSUPPORTED_DATATYPE", message.substr(kUnsupported.size()));
    // A type cut short points at what follows it, anything else at its first token.
    failAt(message.find("near end of input") != std::string_view::npos ? end : begin);
  }
}

ParsedExprPtr Parser::extractExpression() {
  size_t first = pos_;
  pos_ += 2;
  size_t fieldToken = pos_;
  std::string field = anyName();
  expectWord("from");
  ParsedExprPtr source = valueExpression();
  expectOp(")");
  auto e = node(ParsedKind::kFunction);
  e->name = "extract";
  auto fieldLiteral = node(ParsedKind::kLiteral);
  fieldLiteral->literal = Value(field);
  fieldLiteral->literalType = DataType::string();
  fieldLiteral->text = field;
  e->children = {finish(fieldLiteral, fieldToken), source};
  return finish(e, first);
}

}  // namespace spate::sql_parser
