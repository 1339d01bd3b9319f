#include "sql/parser.h"

#include <gtest/gtest.h>

#include <random>

#include "common/error.h"
#include "common/strings.h"

namespace spate {
namespace {

// A compact, independent rendering of parsed expressions for the assertions below.
std::string dump(const ParsedExprPtr& e);

std::string dumpList(const std::vector<ParsedExprPtr>& list, size_t from = 0) {
  std::string out;
  for (size_t k = from; k < list.size(); ++k) out += " " + dump(list[k]);
  return out;
}

std::string dumpLiteral(const ParsedExpr& e) {
  const Value& v = e.literal;
  if (v.isNull()) return "null";
  switch (e.literalType->id()) {
    case TypeId::kBoolean:
      return v.asBool() ? "true" : "false";
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
      return std::to_string(v.asLong()) + ":" + e.literalType->simpleString();
    case TypeId::kFloat:
    case TypeId::kDouble:
      return formatDouble(v.asDouble()) + ":" + e.literalType->simpleString();
    case TypeId::kDecimal:
      return formatDecimal(v.asDecimal(), e.literalType->scale()) + ":" +
             e.literalType->simpleString();
    case TypeId::kString:
      return "'" + v.asString() + "'";
    case TypeId::kInterval: {
      const Interval& i = v.asInterval();
      return "interval(" + std::to_string(i.months) + "," + std::to_string(i.days) + "," +
             std::to_string(i.micros) + ")";
    }
    case TypeId::kBinary: {
      std::string out = "X";
      for (unsigned char c : v.asString()) {
        static const char* kHex = "0123456789ABCDEF";
        out += kHex[c >> 4];
        out += kHex[c & 15];
      }
      return out;
    }
    default:
      return "?";
  }
}

std::string dump(const ParsedExprPtr& p) {
  const ParsedExpr& e = *p;
  switch (e.kind) {
    case ParsedKind::kColumn:
      return joinStrings(e.nameParts, ".");
    case ParsedKind::kStar:
      return e.nameParts.empty() ? "*" : joinStrings(e.nameParts, ".") + ".*";
    case ParsedKind::kLiteral:
      return dumpLiteral(e);
    case ParsedKind::kFunction:
      return e.name + "(" + (e.distinct ? "distinct" : "") + (e.isStar ? "*" : "") +
             dumpList(e.children) + ")";
    case ParsedKind::kUnary:
      return "(" + e.op + dumpList(e.children) + ")";
    case ParsedKind::kBinary:
      return "(" + e.op + dumpList(e.children) + ")";
    case ParsedKind::kNot:
      return "(not" + dumpList(e.children) + ")";
    case ParsedKind::kIsNull:
      return std::string(e.negated ? "(isnotnull" : "(isnull") + dumpList(e.children) + ")";
    case ParsedKind::kIn:
      return std::string(e.negated ? "(notin" : "(in") + dumpList(e.children) + ")";
    case ParsedKind::kBetween:
      return std::string(e.negated ? "(notbetween" : "(between") + dumpList(e.children) + ")";
    case ParsedKind::kLike:
      return "(" + std::string(e.negated ? "not" : "") + e.op + dumpList(e.children) +
             (e.escapeChar ? std::string(" escape ") + *e.escapeChar : "") + ")";
    case ParsedKind::kRLike:
      return std::string(e.negated ? "(notrlike" : "(rlike") + dumpList(e.children) + ")";
    case ParsedKind::kCase:
      return std::string("(case") + (e.hasOperand ? "[op]" : "") + (e.hasElse ? "[else]" : "") +
             dumpList(e.children) + ")";
    case ParsedKind::kCast:
      return "(" + (e.op.empty() ? std::string("cast") : e.op) + dumpList(e.children) + " " +
             e.castType->simpleString() + ")";
    case ParsedKind::kAlias:
      return "(as" + dumpList(e.children) + " " +
             (e.aliasNames.empty() ? e.name : "(" + joinStrings(e.aliasNames, ",") + ")") + ")";
    case ParsedKind::kSubscript:
      return "([]" + dumpList(e.children) + ")";
    case ParsedKind::kField:
      return "(." + dumpList(e.children) + " " + e.name + ")";
    case ParsedKind::kSortOrder:
      return std::string(e.ascending ? "(asc" : "(desc") + dumpList(e.children) +
             (e.nullsFirst ? " nulls_first)" : " nulls_last)");
  }
  return "?";
}

std::string expr(std::string_view text) { return dump(parseExpression(text)); }

// The full message of the ParseException `parse` throws ("" if none).
template <typename F>
std::string parseError(F&& parse) {
  try {
    parse();
  } catch (const ParseException& e) {
    return e.what();
  }
  return "";
}

std::string exprError(std::string_view text) {
  return parseError([&] { parseExpression(text); });
}
std::string sqlError(std::string_view text) {
  return parseError([&] { parseStatement(text); });
}

QueryPtr parseQuery(std::string_view sql) {
  StatementPtr st = parseStatement(sql);
  EXPECT_EQ(st->kind, Statement::Kind::kQuery);
  return st->query;
}

// ---- literals -------------------------------------------------------------------------------

TEST(SqlParserLiteralTest, IntegersTakeTheSmallestFittingType) {
  EXPECT_EQ(expr("1"), "1:int");
  EXPECT_EQ(expr("2147483647"), "2147483647:int");
  EXPECT_EQ(expr("2147483648"), "2147483648:bigint");
  EXPECT_EQ(expr("-2147483648"), "-2147483648:int");
  EXPECT_EQ(expr("-2147483649"), "-2147483649:bigint");
  EXPECT_EQ(expr("9223372036854775807"), "9223372036854775807:bigint");
  EXPECT_EQ(expr("-9223372036854775808"), "-9223372036854775808:bigint");
  EXPECT_EQ(expr("9223372036854775808"), "9223372036854775808:decimal(19,0)");
  EXPECT_EQ(expr("00012"), "12:int");
  EXPECT_EQ(expr("123456789012345678901234567890"), "123456789012345678901234567890:decimal(30,0)");
}

TEST(SqlParserLiteralTest, Suffixes) {
  EXPECT_EQ(expr("1L"), "1:bigint");
  EXPECT_EQ(expr("7s"), "7:smallint");
  EXPECT_EQ(expr("-128Y"), "-128:tinyint");
  EXPECT_EQ(expr("2D"), "2.0:double");
  EXPECT_EQ(expr("1.5D"), "1.5:double");
  EXPECT_EQ(expr("1.5F"), "1.5:float");
  EXPECT_EQ(expr("1e2D"), "100.0:double");
  EXPECT_EQ(expr("10BD"), "10:decimal(2,0)");
  EXPECT_EQ(expr("1.50BD"), "1.50:decimal(3,2)");
  EXPECT_EQ(expr("1e2BD"), "100:decimal(3,0)");
  EXPECT_EQ(expr("1.23E-1BD"), "0.123:decimal(3,3)");
}

TEST(SqlParserLiteralTest, OutOfRangeLiterals) {
  EXPECT_EQ(exprError("128Y"),
            "[INVALID_NUMERIC_LITERAL_RANGE] Numeric literal 128 is outside the valid range for "
            "tinyint with minimum value of -128 and maximum value of 127. Please adjust the value "
            "accordingly.(line 1, pos 0)\n\n== SQL ==\n128Y\n^^^\n");
  EXPECT_NE(exprError("-32769S").find("Numeric literal -32769 is outside the valid range for "
                                      "smallint with minimum value of -32768"),
            std::string::npos);
  EXPECT_NE(exprError("9223372036854775808L").find("for bigint"), std::string::npos);
  EXPECT_NE(exprError("1e400").find("[INVALID_NUMERIC_LITERAL_RANGE] Numeric literal 1e400 is "
                                    "outside the valid range for double with minimum value of "
                                    "-1.7976931348623157E+308 and maximum value of "
                                    "1.7976931348623157E+308."),
            std::string::npos);
  EXPECT_NE(exprError("1e39F").find("for float"), std::string::npos);
  EXPECT_NE(exprError("1234567890123456789012345678901234567890")
                .find("[DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION] Decimal precision 40 exceeds max "
                      "precision 38."),
            std::string::npos);
  EXPECT_NE(exprError("0.0000000000000000000000000000000000000001").find("Decimal precision 40"),
            std::string::npos);
}

TEST(SqlParserLiteralTest, DecimalsAndDoubles) {
  EXPECT_EQ(expr("1.5"), "1.5:decimal(2,1)");
  auto lit = parseExpression("1.5");
  EXPECT_EQ(lit->literal.asDecimal(), Int128{15});
  EXPECT_EQ(expr("-1.5"), "-1.5:decimal(2,1)");
  EXPECT_EQ(expr("0.5"), "0.5:decimal(1,1)");
  EXPECT_EQ(expr(".5"), "0.5:decimal(1,1)");
  EXPECT_EQ(expr("5."), "5:decimal(1,0)");
  EXPECT_EQ(expr("0.00"), "0.00:decimal(2,2)");
  EXPECT_EQ(expr("0.001"), "0.001:decimal(3,3)");
  EXPECT_EQ(expr("123.4560"), "123.4560:decimal(7,4)");
  EXPECT_EQ(expr("1.5E2"), "150.0:double");
  EXPECT_EQ(expr("1e3"), "1000.0:double");
  EXPECT_EQ(expr("2.5e-1"), "0.25:double");
  EXPECT_EQ(expr("-1E2"), "-100.0:double");
}

TEST(SqlParserLiteralTest, StringsBooleansNull) {
  EXPECT_EQ(expr("'abc'"), "'abc'");
  EXPECT_EQ(expr("\"dq\""), "'dq'");
  EXPECT_EQ(expr("'a' 'b'  \"c\""), "'abc'");
  EXPECT_EQ(expr(R"('it\'s\n')"), "'it's\n'");
  EXPECT_EQ(expr(R"('\u00e9')"), "'\xC3\xA9'");
  EXPECT_EQ(expr("TRUE"), "true");
  EXPECT_EQ(expr("false"), "false");
  auto null = parseExpression("NULL");
  EXPECT_EQ(null->kind, ParsedKind::kLiteral);
  EXPECT_TRUE(null->literal.isNull());
  EXPECT_EQ(null->literalType->id(), TypeId::kNull);
  EXPECT_EQ(parseExpression("'x'")->literalType->id(), TypeId::kString);
}

TEST(SqlParserLiteralTest, Binary) {
  EXPECT_EQ(expr("X'0AFF'"), "X0AFF");
  EXPECT_EQ(expr("x'f'"), "X0F");
  EXPECT_EQ(expr("X''"), "X");
  EXPECT_EQ(exprError("X'0G'"),
            "[INVALID_TYPED_LITERAL] The value of the typed literal \"X\" is invalid: '0G'.(line "
            "1, pos 0)\n\n== SQL ==\nX'0G'\n^^^\n");
}

TEST(SqlParserLiteralTest, DateAndTimestampAreCastsOfStrings) {
  auto d = parseExpression("DATE '2024-01-01'");
  EXPECT_EQ(dump(d), "(cast '2024-01-01' date)");
  EXPECT_EQ(d->text, "DATE '2024-01-01'");
  EXPECT_EQ(d->children[0]->text, "'2024-01-01'");
  EXPECT_EQ(expr("timestamp '2024-01-01 10:00:00'"), "(cast '2024-01-01 10:00:00' timestamp)");
  EXPECT_EQ(expr("TIMESTAMP_LTZ '2024-01-01'"), "(cast '2024-01-01' timestamp)");
  EXPECT_EQ(exprError("DATE '2024-13-01'"),
            "[INVALID_TYPED_LITERAL] The value of the typed literal \"DATE\" is invalid: "
            "'2024-13-01'.(line 1, pos 0)\n\n== SQL ==\nDATE '2024-13-01'\n^^^\n");
  EXPECT_NE(exprError("SELECT 1").find("Syntax error"), std::string::npos);
  EXPECT_NE(exprError("foo 'bar'").find("[UNSUPPORTED_TYPED_LITERAL] Literals of the type \"FOO\""),
            std::string::npos);
}

TEST(SqlParserLiteralTest, Intervals) {
  constexpr int64_t kSecond = 1000000;
  EXPECT_EQ(expr("INTERVAL '5' SECOND"), "interval(0,0," + std::to_string(5 * kSecond) + ")");
  EXPECT_EQ(expr("INTERVAL 5 SECONDS"), "interval(0,0," + std::to_string(5 * kSecond) + ")");
  EXPECT_EQ(expr("interval 1 hour 30 minutes"),
            "interval(0,0," + std::to_string(5400 * kSecond) + ")");
  EXPECT_EQ(expr("INTERVAL '1 2:3:4' DAY TO SECOND"),
            "interval(0,1," + std::to_string((2 * 3600 + 3 * 60 + 4) * kSecond) + ")");
  EXPECT_EQ(expr("INTERVAL '10 seconds'"), "interval(0,0," + std::to_string(10 * kSecond) + ")");
  EXPECT_EQ(expr("INTERVAL 2 DAYS 3 HOURS"),
            "interval(0,2," + std::to_string(3 * 3600 * kSecond) + ")");
  EXPECT_EQ(expr("INTERVAL -5 MINUTES"), "interval(0,0," + std::to_string(-300 * kSecond) + ")");
  EXPECT_EQ(expr("INTERVAL 1 YEAR 2 MONTHS"), "interval(14,0,0)");
  EXPECT_EQ(parseExpression("INTERVAL 5 SECONDS")->literalType->id(), TypeId::kInterval);
  // An interval literal is an ordinary operand.
  EXPECT_EQ(expr("ts + INTERVAL 5 SECONDS - x"),
            "(- (+ ts interval(0,0," + std::to_string(5 * kSecond) + ")) x)");
  // Without a value INTERVAL is a name.
  EXPECT_EQ(expr("interval + 1"), "(+ interval 1:int)");
  EXPECT_NE(exprError("INTERVAL 'five' SECOND").find("[INVALID_TYPED_LITERAL]"), std::string::npos);
  EXPECT_NE(exprError("INTERVAL 5 parsecs").find("[PARSE_SYNTAX_ERROR]"), std::string::npos);
}

// ---- expressions ----------------------------------------------------------------------------

TEST(SqlParserExpressionTest, BooleanPrecedence) {
  EXPECT_EQ(expr("a OR b AND c"), "(or a (and b c))");
  EXPECT_EQ(expr("a AND b OR c"), "(or (and a b) c)");
  EXPECT_EQ(expr("NOT a AND b"), "(and (not a) b)");
  EXPECT_EQ(expr("NOT a = b"), "(not (= a b))");
  EXPECT_EQ(expr("NOT NOT a"), "(not (not a))");
  EXPECT_EQ(expr("!a OR b"), "(or (not a) b)");
  EXPECT_EQ(expr("a OR b OR c"), "(or (or a b) c)");
}

TEST(SqlParserExpressionTest, ArithmeticPrecedence) {
  EXPECT_EQ(expr("a + b * c"), "(+ a (* b c))");
  EXPECT_EQ(expr("a * b + c"), "(+ (* a b) c)");
  EXPECT_EQ(expr("a - b - c"), "(- (- a b) c)");
  EXPECT_EQ(expr("a / b * c % d"), "(% (* (/ a b) c) d)");
  EXPECT_EQ(expr("a DIV b"), "(div a b)");
  EXPECT_EQ(expr("a div b + c"), "(+ (div a b) c)");
  EXPECT_EQ(expr("a || b + c"), "(+ (|| a b) c)");
  EXPECT_EQ(expr("a + b || c"), "(|| (+ a b) c)");
  EXPECT_EQ(expr("a & b + c"), "(& a (+ b c))");
  EXPECT_EQ(expr("a ^ b & c"), "(^ a (& b c))");
  EXPECT_EQ(expr("a | b ^ c"), "(| a (^ b c))");
  EXPECT_EQ(expr("a | b = c"), "(= (| a b) c)");
  EXPECT_EQ(expr("a + b = c * d"), "(= (+ a b) (* c d))");
  EXPECT_EQ(expr("(a + b) * c"), "(* (+ a b) c)");
  EXPECT_EQ(expr("a < b < c"), "(< (< a b) c)");
}

TEST(SqlParserExpressionTest, UnaryOperators) {
  EXPECT_EQ(expr("-a * b"), "(* (- a) b)");
  EXPECT_EQ(expr("- 5 * b"), "(* -5:int b)");
  EXPECT_EQ(expr("a - -1"), "(- a -1:int)");
  EXPECT_EQ(expr("a -1"), "(- a 1:int)");
  EXPECT_EQ(expr("+a"), "(+ a)");
  EXPECT_EQ(expr("~a & b"), "(& (~ a) b)");
  EXPECT_EQ(expr("- -a"), "(- (- a))");
  EXPECT_EQ(parseExpression("-1")->text, "-1");
}

TEST(SqlParserExpressionTest, Comparisons) {
  EXPECT_EQ(expr("a = b"), "(= a b)");
  EXPECT_EQ(expr("a == b"), "(== a b)");
  EXPECT_EQ(expr("a <=> b"), "(<=> a b)");
  EXPECT_EQ(expr("a != b"), "(!= a b)");
  EXPECT_EQ(expr("a <> b"), "(<> a b)");
  EXPECT_EQ(expr("a <= b AND a >= c AND a < d AND a > e"),
            "(and (and (and (<= a b) (>= a c)) (< a d)) (> a e))");
}

TEST(SqlParserExpressionTest, Predicates) {
  EXPECT_EQ(expr("a IN (1, 2)"), "(in a 1:int 2:int)");
  EXPECT_EQ(expr("a NOT IN ('x')"), "(notin a 'x')");
  EXPECT_EQ(expr("a BETWEEN 1 AND 2 AND c"), "(and (between a 1:int 2:int) c)");
  EXPECT_EQ(expr("a NOT BETWEEN b + 1 AND c"), "(notbetween a (+ b 1:int) c)");
  EXPECT_EQ(expr("a LIKE 'x%'"), "(like a 'x%')");
  EXPECT_EQ(expr("a NOT LIKE 'x!%' ESCAPE '!'"), "(notlike a 'x!%' escape !)");
  EXPECT_EQ(expr("a ILIKE 'X%'"), "(ilike a 'X%')");
  EXPECT_EQ(expr("a RLIKE '^x'"), "(rlike a '^x')");
  EXPECT_EQ(expr("a REGEXP '^x'"), "(rlike a '^x')");
  EXPECT_EQ(expr("a NOT RLIKE '^x'"), "(notrlike a '^x')");
  EXPECT_EQ(expr("a IS NULL"), "(isnull a)");
  EXPECT_EQ(expr("a IS NOT NULL OR b"), "(or (isnotnull a) b)");
  EXPECT_EQ(expr("a = b IS NULL"), "(isnull (= a b))");
  EXPECT_EQ(expr("a IS TRUE"), "(<=> a true)");
  EXPECT_EQ(expr("a IS NOT FALSE"), "(not (<=> a false))");
  EXPECT_EQ(expr("a IS DISTINCT FROM b"), "(not (<=> a b))");
  EXPECT_EQ(expr("a IS NOT DISTINCT FROM b"), "(<=> a b)");
  EXPECT_EQ(expr("a LIKE ANY ('a%', 'b%')"), "(or (like a 'a%') (like a 'b%'))");
  EXPECT_EQ(expr("a NOT LIKE ALL ('a%', 'b%')"), "(and (notlike a 'a%') (notlike a 'b%'))");
  EXPECT_EQ(expr("gt like '%stairs%'"), "(like gt '%stairs%')");
  EXPECT_NE(exprError("a LIKE 'x' ESCAPE 'ab'")
                .find("[INVALID_ESC] Found an invalid escape string: 'ab'. The escape string must "
                      "contain only one character."),
            std::string::npos);
  EXPECT_NE(exprError("a IN (SELECT 1)").find("subquery expressions are not supported"),
            std::string::npos);
  EXPECT_NE(exprError("EXISTS (SELECT 1)").find("subquery expressions are not supported"),
            std::string::npos);
  EXPECT_NE(exprError("(SELECT max(a) FROM t) + 1").find("subquery expressions are not supported"),
            std::string::npos);
  EXPECT_NE(exprError("transform(xs, x -> x + 1)").find("lambda functions are not supported"),
            std::string::npos);
}

TEST(SqlParserExpressionTest, ColumnsStarsAndFields) {
  auto c = parseExpression("t.a.b");
  EXPECT_EQ(c->kind, ParsedKind::kColumn);
  EXPECT_EQ(c->nameParts, (std::vector<std::string>{"t", "a", "b"}));
  EXPECT_EQ(expr("window.start"), "window.start");
  EXPECT_EQ(expr("window.end"), "window.end");  // END is reserved, but not after a dot
  EXPECT_EQ(expr("`a``b`.`c d`"), "a`b.c d");
  EXPECT_EQ(expr("`select`"), "select");
  EXPECT_EQ(expr("*"), "*");
  EXPECT_EQ(expr("t.*"), "t.*");
  EXPECT_EQ(expr("data.*"), "data.*");
  EXPECT_EQ(expr("x[0]"), "([] x 0:int)");
  EXPECT_EQ(expr("m['k'].f"), "(. ([] m 'k') f)");
  EXPECT_EQ(expr("a.b[1 + 1]"), "([] a.b (+ 1:int 1:int))");
  EXPECT_EQ(expr("from_json(v, 's').a.b"), "(. (. from_json( v 's') a) b)");
  EXPECT_EQ(expr("x[0][1]"), "([] ([] x 0:int) 1:int)");
}

TEST(SqlParserExpressionTest, NonReservedKeywordsAreIdentifiers) {
  EXPECT_EQ(expr("window + count + value + key + timestamp + date + user + type"),
            "(+ (+ (+ (+ (+ (+ (+ window count) value) key) timestamp) date) user) type)");
  EXPECT_EQ(expr("first + last + year + month + stream + interval + values + table"),
            "(+ (+ (+ (+ (+ (+ (+ first last) year) month) stream) interval) values) table)");
  EXPECT_EQ(expr("count(value)"), "count( value)");
  EXPECT_EQ(expr("left('abc', 2)"), "left( 'abc' 2:int)");
  EXPECT_EQ(expr("like(a, 'x')"), "like( a 'x')");
  EXPECT_EQ(expr("if(a, 1, 2)"), "if( a 1:int 2:int)");
  EXPECT_EQ(expr("date(ts)"), "date( ts)");
  EXPECT_NE(exprError("from").find("Syntax error at or near 'from'"), std::string::npos);
}

TEST(SqlParserExpressionTest, FunctionCalls) {
  EXPECT_EQ(expr("count(*)"), "count(*)");
  EXPECT_EQ(expr("COUNT(DISTINCT a, b)"), "COUNT(distinct a b)");
  EXPECT_EQ(expr("count(1)"), "count( 1:int)");
  EXPECT_EQ(expr("now()"), "now()");
  EXPECT_EQ(expr("`my func`(a)"), "my func( a)");
  EXPECT_EQ(expr("sum(ALL x)"), "sum( x)");
  EXPECT_EQ(expr("window(ts, '10 seconds')"), "window( ts '10 seconds')");
  EXPECT_EQ(expr("struct(a AS x, b)"), "struct( (as a x) b)");
  EXPECT_EQ(expr("(a, b AS y)"), "struct( a (as b y))");
  EXPECT_EQ(expr("current_date"), "current_date()");
  EXPECT_EQ(expr("CURRENT_TIMESTAMP()"), "CURRENT_TIMESTAMP()");
  EXPECT_EQ(expr("first(x IGNORE NULLS)"), "first( x true)");
  EXPECT_EQ(expr("last(x RESPECT NULLS)"), "last( x)");
  EXPECT_EQ(expr("timestampadd(HOUR, 1, ts)"), "timestampadd( 'HOUR' 1:int ts)");
  EXPECT_EQ(expr("date_add(d, 1)"), "date_add( d 1:int)");
}

TEST(SqlParserExpressionTest, SpecialFunctionSyntax) {
  EXPECT_EQ(expr("EXTRACT(YEAR FROM ts)"), "extract( 'YEAR' ts)");
  EXPECT_EQ(expr("substring(s FROM 2 FOR 3)"), "substring( s 2:int 3:int)");
  EXPECT_EQ(expr("substr(s, 2)"), "substr( s 2:int)");
  EXPECT_EQ(expr("position('a' IN s)"), "position( 'a' s)");
  EXPECT_EQ(expr("position('a', s, 2)"), "position( 'a' s 2:int)");
  EXPECT_EQ(expr("trim(s)"), "trim( s)");
  EXPECT_EQ(expr("trim(BOTH 'x' FROM s)"), "trim( 'x' s)");
  EXPECT_EQ(expr("trim(LEADING FROM s)"), "ltrim( s)");
  EXPECT_EQ(expr("trim(TRAILING 'x' FROM s)"), "rtrim( 'x' s)");
  EXPECT_EQ(expr("trim('x' FROM s)"), "trim( 'x' s)");
  EXPECT_EQ(expr("overlay(a PLACING 'b' FROM 2 FOR 1)"), "overlay( a 'b' 2:int 1:int)");
}

TEST(SqlParserExpressionTest, Casts) {
  EXPECT_EQ(expr("CAST(value AS STRING)"), "(cast value string)");
  EXPECT_EQ(expr("cast(a as decimal(10, 2))"), "(cast a decimal(10,2))");
  EXPECT_EQ(expr("TRY_CAST(a AS array<string>)"), "(try_cast a array<string>)");
  EXPECT_EQ(expr("CAST(a AS struct<x: int, y: map<string, array<int>>>)"),
            "(cast a struct<x:int,y:map<string,array<int>>>)");
  EXPECT_EQ(expr("cast(cast(Creation_Time as double)/1000000000 as timestamp)"),
            "(cast (/ (cast Creation_Time double) 1000000000:int) timestamp)");
  EXPECT_EQ(exprError("CAST(a AS foo)"),
            "[UNSUPPORTED_DATATYPE] Unsupported data type \"FOO\".(line 1, pos 10)\n\n== SQL "
            "==\nCAST(a AS foo)\n----------^^^\n");
  EXPECT_NE(exprError("CAST(a AS )").find("at or near ')'"), std::string::npos);
  EXPECT_NE(exprError("CAST(a AS array<int)").find("at or near ')'"), std::string::npos);
  EXPECT_NE(exprError("CAST(a AS int").find("end of input"), std::string::npos);
}

TEST(SqlParserExpressionTest, CaseExpressions) {
  EXPECT_EQ(expr("CASE WHEN a > 0.6 THEN 'positive' WHEN a < 0.4 THEN 'negative' ELSE "
                 "'neutral' END"),
            "(case[else] (> a 0.6:decimal(1,1)) 'positive' (< a 0.4:decimal(1,1)) 'negative' "
            "'neutral')");
  EXPECT_EQ(expr("CASE x WHEN 1 THEN 'a' END"), "(case[op] x 1:int 'a')");
  EXPECT_EQ(expr("CASE WHEN Device IS NULL AND Index IS NULL AND Model IS NULL AND User IS NULL "
                 "AND gt IS NULL THEN TRUE ELSE FALSE END"),
            "(case[else] (and (and (and (and (isnull Device) (isnull Index)) (isnull Model)) "
            "(isnull User)) (isnull gt)) true false)");
  EXPECT_NE(exprError("CASE END").find("at or near 'END'"), std::string::npos);
}

TEST(SqlParserExpressionTest, Aliases) {
  EXPECT_EQ(expr("a + 1 AS b"), "(as (+ a 1:int) b)");
  EXPECT_EQ(expr("a b"), "(as a b)");
  EXPECT_EQ(expr("a AS `x y`"), "(as a x y)");
  EXPECT_EQ(expr("a AS from"), "(as a from)");
  EXPECT_EQ(expr("explode(m) AS (k, v)"), "(as explode( m) (k,v))");
  auto alias = parseExpression("count(*) AS n");
  EXPECT_EQ(alias->kind, ParsedKind::kAlias);
  EXPECT_EQ(alias->name, "n");
  EXPECT_TRUE(alias->aliasNames.empty());
  EXPECT_NE(exprError("a b c").find("at or near 'c'"), std::string::npos);
  EXPECT_NE(exprError("rank() OVER (ORDER BY a)").find("window functions"), std::string::npos);
  EXPECT_EQ(expr("a over"), "(as a over)");
}

TEST(SqlParserExpressionTest, TextIsTheExactSource) {
  auto e = parseExpression("  (a  +  b) * c  AS  x ");
  EXPECT_EQ(e->text, "(a  +  b) * c  AS  x");
  EXPECT_EQ(e->children[0]->text, "(a  +  b) * c");
  EXPECT_EQ(e->children[0]->children[0]->text, "a  +  b");
  EXPECT_EQ(e->children[0]->children[1]->text, "c");
  auto f = parseExpression("upper( name )");
  EXPECT_EQ(f->text, "upper( name )");
  EXPECT_EQ(f->children[0]->text, "name");
  EXPECT_EQ(parseExpression("count(*)")->text, "count(*)");
  EXPECT_EQ(parseExpression("'aggregated_articles'")->text, "'aggregated_articles'");
}

// ---- queries --------------------------------------------------------------------------------

TEST(SqlParserQueryTest, SimpleSelect) {
  QueryPtr q = parseQuery("SELECT a, b AS c, count(*) FROM db.t WHERE a > 1 LIMIT 10");
  EXPECT_EQ(q->kind, Query::Kind::kSelect);
  const SelectCore& s = q->select;
  EXPECT_FALSE(s.distinct);
  ASSERT_EQ(s.selectList.size(), 3u);
  EXPECT_EQ(dump(s.selectList[1]), "(as b c)");
  ASSERT_TRUE(s.from);
  EXPECT_EQ(s.from->kind, Relation::Kind::kTable);
  EXPECT_EQ(s.from->tableName, (std::vector<std::string>{"db", "t"}));
  EXPECT_EQ(dump(s.where), "(> a 1:int)");
  EXPECT_EQ(q->limit, 10);
  EXPECT_TRUE(q->orderBy.empty());
  EXPECT_TRUE(q->ctes.empty());
}

TEST(SqlParserQueryTest, SelectWithoutFromAndDistinct) {
  QueryPtr q = parseQuery("select distinct 1 + 1, 'x'");
  EXPECT_TRUE(q->select.distinct);
  EXPECT_FALSE(q->select.from);
  EXPECT_EQ(q->select.selectList.size(), 2u);
  EXPECT_FALSE(parseQuery("SELECT ALL a FROM t")->select.distinct);
  QueryPtr star = parseQuery("SELECT * FROM iot_data");
  EXPECT_EQ(dump(star->select.selectList[0]), "*");
}

TEST(SqlParserQueryTest, OrderByDefaults) {
  QueryPtr q = parseQuery(
      "SELECT a FROM t ORDER BY a, b DESC, c ASC NULLS LAST, d DESC NULLS FIRST LIMIT 5");
  ASSERT_EQ(q->orderBy.size(), 4u);
  EXPECT_EQ(dump(q->orderBy[0]), "(asc a nulls_first)");
  EXPECT_EQ(dump(q->orderBy[1]), "(desc b nulls_last)");
  EXPECT_EQ(dump(q->orderBy[2]), "(asc c nulls_last)");
  EXPECT_EQ(dump(q->orderBy[3]), "(desc d nulls_first)");
  EXPECT_EQ(q->orderBy[1]->text, "b DESC");
  EXPECT_EQ(q->limit, 5);
  EXPECT_FALSE(parseQuery("SELECT a FROM t LIMIT ALL")->limit.has_value());
  EXPECT_EQ(parseQuery("SELECT a FROM t LIMIT 0")->limit, 0);
  EXPECT_NE(sqlError("SELECT a FROM t LIMIT -1")
                .find("[INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE] The limit like expression "
                      "\"-1\" is invalid. The limit expression must be equal to or greater than 0, "
                      "but got -1."),
            std::string::npos);
  EXPECT_NE(sqlError("SELECT a FROM t LIMIT 1.5")
                .find("must be integer type, but got "
                      "\"DECIMAL(2,1)\""),
            std::string::npos);
  EXPECT_NE(sqlError("SELECT a FROM t LIMIT x").find("at or near 'x'"), std::string::npos);
}

TEST(SqlParserQueryTest, GroupByAndHaving) {
  QueryPtr q = parseQuery("SELECT a, sum(b) FROM t GROUP BY a, b + 1 HAVING sum(b) > 0");
  EXPECT_EQ(q->select.grouping, GroupingKind::kPlain);
  ASSERT_EQ(q->select.groupBy.size(), 2u);
  EXPECT_EQ(dump(q->select.groupBy[1]), "(+ b 1:int)");
  EXPECT_EQ(dump(q->select.having), "(> sum( b) 0:int)");
  EXPECT_TRUE(parseQuery("SELECT a FROM t GROUP BY ALL")->select.groupByAll);
  QueryPtr w = parseQuery("SELECT window, count(*) FROM t GROUP BY window(ts, '10 seconds'), k");
  EXPECT_EQ(dump(w->select.groupBy[0]), "window( ts '10 seconds')");
}

TEST(SqlParserQueryTest, GroupingAnalytics) {
  const SelectCore cube = parseQuery("SELECT 1 FROM t GROUP BY CUBE(a, b)")->select;
  EXPECT_EQ(cube.grouping, GroupingKind::kCube);
  EXPECT_EQ(dumpList(cube.groupBy), " a b");
  const SelectCore rollup = parseQuery("SELECT 1 FROM t GROUP BY rollup(a, b)")->select;
  EXPECT_EQ(rollup.grouping, GroupingKind::kRollup);
  EXPECT_EQ(dumpList(rollup.groupBy), " a b");
  const SelectCore withRollup = parseQuery("SELECT 1 FROM t GROUP BY a, b WITH ROLLUP")->select;
  EXPECT_EQ(withRollup.grouping, GroupingKind::kRollup);
  EXPECT_EQ(dumpList(withRollup.groupBy), " a b");
  EXPECT_EQ(parseQuery("SELECT 1 FROM t GROUP BY a WITH CUBE")->select.grouping,
            GroupingKind::kCube);

  const SelectCore sets =
      parseQuery("SELECT 1 FROM t GROUP BY GROUPING SETS ((a, b), (a), ())")->select;
  EXPECT_EQ(sets.grouping, GroupingKind::kGroupingSets);
  EXPECT_EQ(dumpList(sets.groupBy), " a b");
  EXPECT_EQ(sets.groupingSets, (std::vector<std::vector<int>>{{0, 1}, {0}, {}}));

  const SelectCore bare =
      parseQuery("SELECT 1 FROM t GROUP BY GROUPING SETS (b, (a + 1) * 2, (A, b))")->select;
  EXPECT_EQ(dumpList(bare.groupBy), " b (* (+ a 1:int) 2:int) A");
  EXPECT_EQ(bare.groupingSets, (std::vector<std::vector<int>>{{0}, {1}, {2, 0}}));

  // Hive's form: the listed expressions, then sets of them.
  const SelectCore hive =
      parseQuery("SELECT 1 FROM t GROUP BY a, b GROUPING SETS ((a), (b, a))")->select;
  EXPECT_EQ(hive.grouping, GroupingKind::kGroupingSets);
  EXPECT_EQ(dumpList(hive.groupBy), " a b");
  EXPECT_EQ(hive.groupingSets, (std::vector<std::vector<int>>{{0}, {1, 0}}));

  // Mixed: plain expressions join every set of the cube, in Spark's cube order.
  const SelectCore mixed = parseQuery("SELECT 1 FROM t GROUP BY a, CUBE(b, c)")->select;
  EXPECT_EQ(mixed.grouping, GroupingKind::kGroupingSets);
  EXPECT_EQ(dumpList(mixed.groupBy), " a b c");
  EXPECT_EQ(mixed.groupingSets, (std::vector<std::vector<int>>{{0, 1, 2}, {0, 1}, {0, 2}, {0}}));
  const SelectCore tuples = parseQuery("SELECT 1 FROM t GROUP BY ROLLUP((a, b), c)")->select;
  EXPECT_EQ(tuples.grouping, GroupingKind::kGroupingSets);
  EXPECT_EQ(tuples.groupingSets, (std::vector<std::vector<int>>{{0, 1, 2}, {0, 1}, {}}));
}

TEST(SqlParserQueryTest, SetOperations) {
  QueryPtr q = parseQuery("SELECT 1 UNION SELECT 2 INTERSECT SELECT 3");
  ASSERT_EQ(q->kind, Query::Kind::kSetOperation);
  EXPECT_EQ(q->setOperator, "union");
  EXPECT_FALSE(q->setAll);
  EXPECT_EQ(q->right->setOperator, "intersect");

  QueryPtr left = parseQuery("SELECT 1 EXCEPT SELECT 2 UNION ALL SELECT 3");
  EXPECT_EQ(left->setOperator, "union");
  EXPECT_TRUE(left->setAll);
  EXPECT_EQ(left->left->setOperator, "except");

  EXPECT_EQ(parseQuery("SELECT 1 MINUS SELECT 2")->setOperator, "except");
  EXPECT_FALSE(parseQuery("SELECT 1 UNION DISTINCT SELECT 2")->setAll);
  EXPECT_TRUE(parseQuery("SELECT 1 INTERSECT ALL SELECT 2")->setAll);

  QueryPtr ordered = parseQuery("SELECT a FROM t UNION SELECT b FROM u ORDER BY a LIMIT 3");
  EXPECT_EQ(ordered->kind, Query::Kind::kSetOperation);
  EXPECT_EQ(ordered->orderBy.size(), 1u);
  EXPECT_EQ(ordered->limit, 3);
  EXPECT_TRUE(ordered->right->orderBy.empty());

  QueryPtr paren = parseQuery("(SELECT a FROM t LIMIT 1) UNION (SELECT b FROM u)");
  EXPECT_EQ(paren->left->limit, 1);
  QueryPtr grouped = parseQuery("SELECT 1 UNION (SELECT 2 UNION SELECT 3)");
  EXPECT_EQ(grouped->right->kind, Query::Kind::kSetOperation);

  // A second ORDER BY on a parenthesised query wraps it instead of overwriting its clauses.
  QueryPtr wrapped = parseQuery("(SELECT a FROM t ORDER BY a LIMIT 5) ORDER BY a DESC");
  EXPECT_EQ(wrapped->select.from->kind, Relation::Kind::kSubquery);
  EXPECT_EQ(wrapped->select.from->subquery->limit, 5);
  EXPECT_FALSE(wrapped->orderBy[0]->ascending);
  EXPECT_NE(sqlError("SELECT a FROM t ORDER BY a UNION SELECT 1").find("at or near 'UNION'"),
            std::string::npos);
}

TEST(SqlParserQueryTest, CommonTableExpressions) {
  QueryPtr q = parseQuery(
      "WITH a AS (SELECT 1 AS x), b (y) AS (SELECT x FROM a), c (SELECT 2) SELECT * FROM b");
  ASSERT_EQ(q->ctes.size(), 3u);
  EXPECT_EQ(q->ctes[0].first, "a");
  EXPECT_EQ(q->ctes[1].first, "b");
  // Column aliases become SELECT * FROM (query) AS b(y).
  const Relation& b = *q->ctes[1].second->select.from;
  EXPECT_EQ(b.kind, Relation::Kind::kSubquery);
  EXPECT_EQ(b.alias, "b");
  EXPECT_EQ(b.columnAliases, (std::vector<std::string>{"y"}));
  EXPECT_EQ(q->ctes[2].first, "c");
  EXPECT_EQ(q->select.from->tableName, (std::vector<std::string>{"b"}));
  QueryPtr u = parseQuery("WITH a AS (SELECT 1) SELECT * FROM a UNION SELECT * FROM a");
  EXPECT_EQ(u->kind, Query::Kind::kSetOperation);
  EXPECT_EQ(u->ctes.size(), 1u);
  EXPECT_NE(sqlError("WITH a AS (SELECT 1), A AS (SELECT 2) SELECT 1")
                .find("[DUPLICATED_CTE_NAMES] CTE definition can't have duplicate names: `A`."),
            std::string::npos);
}

TEST(SqlParserQueryTest, TableAliases) {
  QueryPtr q = parseQuery("SELECT * FROM t AS x(a, b)");
  const Relation& r = *q->select.from;
  EXPECT_EQ(r.alias, "x");
  EXPECT_EQ(r.columnAliases, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(parseQuery("SELECT * FROM t x")->select.from->alias, "x");
  EXPECT_EQ(parseQuery("SELECT * FROM t `my alias`")->select.from->alias, "my alias");
  EXPECT_EQ(parseQuery("SELECT * FROM t")->select.from->alias, "");
  EXPECT_EQ(parseQuery("SELECT * FROM t WHERE a")->select.from->alias, "");
  EXPECT_NE(sqlError("SELECT * FROM t WINDOW w AS (x)").find("at or near 'WINDOW'"),
            std::string::npos);
  EXPECT_NE(sqlError("SELECT * FROM range(10)").find("table-valued functions are not supported"),
            std::string::npos);
}

TEST(SqlParserQueryTest, Joins) {
  auto join = [](std::string_view sql) { return parseQuery(sql)->select.from; };
  RelationPtr comma = join("SELECT * FROM a, b, c");
  EXPECT_EQ(comma->kind, Relation::Kind::kJoin);
  EXPECT_EQ(comma->joinKind, JoinKind::kCross);
  EXPECT_EQ(comma->left->kind, Relation::Kind::kJoin);
  EXPECT_EQ(comma->right->tableName, (std::vector<std::string>{"c"}));

  struct Case {
    const char* sql;
    JoinKind kind;
  };
  for (const Case& c : {Case{"SELECT * FROM a JOIN b ON a.k = b.k", JoinKind::kInner},
                        Case{"SELECT * FROM a INNER JOIN b ON a.k = b.k", JoinKind::kInner},
                        Case{"SELECT * FROM a LEFT JOIN b ON a.k = b.k", JoinKind::kLeft},
                        Case{"SELECT * FROM a LEFT OUTER JOIN b ON a.k = b.k", JoinKind::kLeft},
                        Case{"SELECT * FROM a RIGHT OUTER JOIN b ON a.k = b.k", JoinKind::kRight},
                        Case{"SELECT * FROM a FULL JOIN b ON a.k = b.k", JoinKind::kFull},
                        Case{"SELECT * FROM a FULL OUTER JOIN b ON a.k = b.k", JoinKind::kFull},
                        Case{"SELECT * FROM a LEFT SEMI JOIN b ON a.k = b.k", JoinKind::kLeftSemi},
                        Case{"SELECT * FROM a SEMI JOIN b ON a.k = b.k", JoinKind::kLeftSemi},
                        Case{"SELECT * FROM a LEFT ANTI JOIN b ON a.k = b.k", JoinKind::kLeftAnti},
                        Case{"SELECT * FROM a ANTI JOIN b ON a.k = b.k", JoinKind::kLeftAnti}}) {
    RelationPtr r = join(c.sql);
    EXPECT_EQ(r->kind, Relation::Kind::kJoin) << c.sql;
    EXPECT_EQ(r->joinKind, c.kind) << c.sql;
    EXPECT_EQ(dump(r->condition), "(= a.k b.k)") << c.sql;
  }
  RelationPtr cross = join("SELECT * FROM a CROSS JOIN b");
  EXPECT_EQ(cross->joinKind, JoinKind::kCross);
  EXPECT_FALSE(cross->condition);
  RelationPtr natural = join("SELECT * FROM a NATURAL LEFT JOIN b");
  EXPECT_TRUE(natural->natural);
  EXPECT_EQ(natural->joinKind, JoinKind::kLeft);
  RelationPtr natural2 = join("SELECT * FROM a NATURAL JOIN b");
  EXPECT_TRUE(natural2->natural);
  EXPECT_EQ(natural2->joinKind, JoinKind::kInner);
  RelationPtr using_ = join("SELECT * FROM a x JOIN b y USING (k1, k2)");
  EXPECT_EQ(using_->usingColumns, (std::vector<std::string>{"k1", "k2"}));
  EXPECT_EQ(using_->left->alias, "x");
  EXPECT_EQ(using_->right->alias, "y");
  // Joins chain to the left; a comma binds loosest.
  RelationPtr chain = join("SELECT * FROM a, b JOIN c ON x JOIN d ON y");
  EXPECT_EQ(chain->joinKind, JoinKind::kCross);
  EXPECT_EQ(chain->right->kind, Relation::Kind::kJoin);
  EXPECT_EQ(dump(chain->right->condition), "y");
  EXPECT_EQ(dump(chain->right->left->condition), "x");
  RelationPtr nested = join("SELECT * FROM (a JOIN b ON x) AS j JOIN c ON y");
  EXPECT_EQ(nested->left->kind, Relation::Kind::kJoin);
  EXPECT_EQ(nested->left->alias, "j");
}

TEST(SqlParserQueryTest, SubqueriesAndValues) {
  RelationPtr sub = parseQuery("SELECT s.a FROM (SELECT a FROM t) AS s")->select.from;
  EXPECT_EQ(sub->kind, Relation::Kind::kSubquery);
  EXPECT_EQ(sub->alias, "s");
  EXPECT_EQ(sub->subquery->select.from->tableName, (std::vector<std::string>{"t"}));
  EXPECT_EQ(parseQuery("SELECT * FROM (SELECT 1) s")->select.from->alias, "s");
  EXPECT_EQ(parseQuery("SELECT * FROM (SELECT 1)")->select.from->alias, "");
  EXPECT_EQ(parseQuery("SELECT * FROM ((SELECT 1) UNION (SELECT 2)) u")->select.from->kind,
            Relation::Kind::kSubquery);
  EXPECT_EQ(parseQuery("SELECT * FROM ((SELECT 1) AS x JOIN y)")->select.from->kind,
            Relation::Kind::kJoin);

  RelationPtr values =
      parseQuery("SELECT * FROM VALUES (1, 'a'), (2, 'b') AS t(id, name)")->select.from;
  EXPECT_EQ(values->kind, Relation::Kind::kValues);
  ASSERT_EQ(values->values.size(), 2u);
  EXPECT_EQ(dumpList(values->values[1]), " 2:int 'b'");
  EXPECT_EQ(values->alias, "t");
  EXPECT_EQ(values->columnAliases, (std::vector<std::string>{"id", "name"}));

  QueryPtr bare = parseQuery("VALUES 1, 2, 3");
  EXPECT_EQ(dump(bare->select.selectList[0]), "*");
  EXPECT_EQ(bare->select.from->values.size(), 3u);
  QueryPtr table = parseQuery("TABLE db.t");
  EXPECT_EQ(table->select.from->tableName, (std::vector<std::string>{"db", "t"}));
}

TEST(SqlParserQueryTest, StreamingRelations) {
  RelationPtr s = parseQuery("SELECT * FROM STREAM(clicks)")->select.from;
  EXPECT_TRUE(s->stream);
  EXPECT_EQ(s->tableName, (std::vector<std::string>{"clicks"}));
  EXPECT_EQ(s->alias, "");

  RelationPtr bare = parseQuery("SELECT * FROM stream db.clicks c")->select.from;
  EXPECT_TRUE(bare->stream);
  EXPECT_EQ(bare->tableName, (std::vector<std::string>{"db", "clicks"}));
  EXPECT_EQ(bare->alias, "c");

  RelationPtr wm =
      parseQuery("SELECT * FROM STREAM(clicks) WATERMARK ts DELAY OF INTERVAL 5 SECONDS AS c")
          ->select.from;
  EXPECT_TRUE(wm->stream);
  EXPECT_EQ(wm->watermarkColumn, "ts");
  EXPECT_EQ(wm->watermarkDelay, "5 seconds");
  EXPECT_EQ(wm->alias, "c");

  EXPECT_EQ(parseQuery("SELECT * FROM STREAM x WATERMARK ts DELAY OF '10 seconds'")
                ->select.from->watermarkDelay,
            "10 seconds");
  EXPECT_EQ(parseQuery("SELECT * FROM STREAM x WATERMARK ts DELAY OF INTERVAL 1 HOUR 30 MINUTES")
                ->select.from->watermarkDelay,
            "1 hour 30 minutes");
  EXPECT_EQ(parseQuery("SELECT * FROM STREAM x WATERMARK ts DELAY OF INTERVAL '5' SECOND")
                ->select.from->watermarkDelay,
            "5 second");
  RelationPtr aliasFirst =
      parseQuery("SELECT * FROM STREAM(x) e WATERMARK `event time` DELAY OF '1 minute'")
          ->select.from;
  EXPECT_EQ(aliasFirst->alias, "e");
  EXPECT_EQ(aliasFirst->watermarkColumn, "event time");

  // A table that happens to be called stream.
  RelationPtr table = parseQuery("SELECT * FROM stream JOIN t ON x")->select.from;
  EXPECT_FALSE(table->left->stream);
  EXPECT_EQ(table->left->tableName, (std::vector<std::string>{"stream"}));

  RelationPtr join =
      parseQuery(
          "SELECT * FROM STREAM(a) WATERMARK t DELAY OF INTERVAL 10 SECONDS JOIN b ON "
          "a.k = b.k")
          ->select.from;
  EXPECT_EQ(join->kind, Relation::Kind::kJoin);
  EXPECT_TRUE(join->left->stream);
  EXPECT_EQ(join->left->watermarkDelay, "10 seconds");

  EXPECT_NE(sqlError("SELECT * FROM STREAM(x) WATERMARK ts DELAY OF 'soon'")
                .find("[INVALID_TYPED_LITERAL]"),
            std::string::npos);

  QueryPtr q = parseQuery(
      "SELECT window.start, count(*) FROM STREAM(clicks) WATERMARK ts DELAY OF INTERVAL 5 "
      "SECONDS\nGROUP BY window(ts, '10 seconds')");
  EXPECT_EQ(dump(q->select.selectList[0]), "window.start");
  EXPECT_EQ(dump(q->select.groupBy[0]), "window( ts '10 seconds')");
  EXPECT_EQ(q->select.from->watermarkDelay, "5 seconds");
}

// ---- statements -----------------------------------------------------------------------------

TEST(SqlParserStatementTest, CreateTable) {
  StatementPtr st = parseStatement(
      "CREATE TABLE clicks (usr STRING, ts TIMESTAMP NOT NULL COMMENT 'event time', amount "
      "DECIMAL(10, 2), tags ARRAY<STRING>, m MAP<STRING, STRUCT<a: INT, b: DOUBLE>>) USING memory");
  EXPECT_EQ(st->kind, Statement::Kind::kCreateTable);
  EXPECT_EQ(st->name, (std::vector<std::string>{"clicks"}));
  EXPECT_FALSE(st->isView);
  EXPECT_FALSE(st->temporary);
  EXPECT_EQ(st->format, "memory");
  ASSERT_TRUE(st->schema);
  EXPECT_EQ(st->schema->simpleString(),
            "struct<usr:string,ts:timestamp,amount:decimal(10,2),tags:array<string>,m:map<string,"
            "struct<a:int,b:double>>>");
  EXPECT_FALSE(st->schema->fields()[1].nullable);
  EXPECT_FALSE(st->query);

  StatementPtr kafka = parseStatement(
      "CREATE TEMPORARY TABLE IF NOT EXISTS src USING kafka OPTIONS (kafka.bootstrap.servers "
      "'localhost:9092', subscribe = 'trades', 'startingOffsets' 'earliest', maxOffsetsPerTrigger "
      "1000, failOnDataLoss false, ratio 0.5)");
  EXPECT_TRUE(kafka->temporary);
  EXPECT_TRUE(kafka->ifNotExists);
  EXPECT_FALSE(kafka->schema);
  EXPECT_EQ(kafka->options,
            (std::map<std::string, std::string>{{"kafka.bootstrap.servers", "localhost:9092"},
                                                {"subscribe", "trades"},
                                                {"startingOffsets", "earliest"},
                                                {"maxOffsetsPerTrigger", "1000"},
                                                {"failOnDataLoss", "false"},
                                                {"ratio", "0.5"}}));

  StatementPtr view = parseStatement(
      "CREATE OR REPLACE TEMPORARY VIEW v USING csv OPTIONS (path '/tmp/x.csv', "
      "header true) LOCATION '/data'");
  EXPECT_EQ(view->kind, Statement::Kind::kCreateTable);
  EXPECT_TRUE(view->isView);
  EXPECT_TRUE(view->orReplace);
  EXPECT_EQ(view->options.at("path"), "/data");
  EXPECT_EQ(view->options.at("header"), "true");

  StatementPtr ctas = parseStatement("CREATE TABLE t USING parquet AS SELECT 1 AS a");
  EXPECT_EQ(ctas->kind, Statement::Kind::kCreateTable);
  ASSERT_TRUE(ctas->query);

  StatementPtr sink = parseStatement(
      "create table out using jdbc options (url 'jdbc:sqlite:/tmp/x.db', dbtable 'prices', "
      "outputMode 'update', trigger '5 seconds', checkpointLocation '/tmp/ck', user 'u', "
      "password 'p')");
  EXPECT_EQ(sink->options.size(), 7u);
  EXPECT_EQ(sink->options.at("user"), "u");

  EXPECT_EQ(parseStatement("CREATE TABLE t USING org.apache.spark.sql.kafka")->format,
            "org.apache.spark.sql.kafka");
  EXPECT_NE(sqlError("CREATE TABLE t USING x OPTIONS (a '1', a '2')")
                .find("[DUPLICATE_KEY] Found duplicate keys `a`.(line 1, pos 31)"),
            std::string::npos);
  EXPECT_NE(sqlError("CREATE TABLE t (a FOO) USING memory")
                .find("[UNSUPPORTED_DATATYPE] Unsupported data type \"FOO\".(line 1, pos 18)"),
            std::string::npos);
  EXPECT_NE(sqlError("CREATE TEMPORARY VIEW v").find("end of input"), std::string::npos);
}

TEST(SqlParserStatementTest, CreateViewAs) {
  StatementPtr st =
      parseStatement("CREATE OR REPLACE TEMPORARY VIEW recent AS SELECT * FROM t WHERE ts > 0");
  EXPECT_EQ(st->kind, Statement::Kind::kCreateViewAs);
  EXPECT_TRUE(st->orReplace);
  EXPECT_TRUE(st->temporary);
  EXPECT_TRUE(st->isView);
  EXPECT_EQ(st->name, (std::vector<std::string>{"recent"}));
  ASSERT_TRUE(st->query);
  EXPECT_EQ(dump(st->query->select.where), "(> ts 0:int)");

  StatementPtr cols = parseStatement("CREATE VIEW v (x COMMENT 'first', y) AS SELECT 1, 2");
  EXPECT_EQ(cols->kind, Statement::Kind::kCreateViewAs);
  EXPECT_FALSE(cols->temporary);
  EXPECT_EQ(cols->query->select.from->columnAliases, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(parseStatement("CREATE GLOBAL TEMP VIEW g AS SELECT 1")->kind,
            Statement::Kind::kCreateViewAs);
}

TEST(SqlParserStatementTest, DropInsertShow) {
  StatementPtr drop = parseStatement("DROP TABLE IF EXISTS db.t");
  EXPECT_EQ(drop->kind, Statement::Kind::kDropTable);
  EXPECT_TRUE(drop->ifExists);
  EXPECT_FALSE(drop->isView);
  EXPECT_EQ(drop->name, (std::vector<std::string>{"db", "t"}));
  StatementPtr dropView = parseStatement("drop view v");
  EXPECT_TRUE(dropView->isView);
  EXPECT_FALSE(dropView->ifExists);

  StatementPtr insert = parseStatement(
      "INSERT INTO sink SELECT window.start, count(*) FROM STREAM(clicks) GROUP BY window(ts, '1 "
      "minute')");
  EXPECT_EQ(insert->kind, Statement::Kind::kInsertInto);
  EXPECT_EQ(insert->name, (std::vector<std::string>{"sink"}));
  EXPECT_TRUE(insert->query->select.from->stream);
  StatementPtr values = parseStatement("INSERT INTO TABLE t VALUES (1, 'a'), (2, 'b')");
  EXPECT_EQ(values->query->select.from->values.size(), 2u);
  EXPECT_NE(sqlError("INSERT OVERWRITE t SELECT 1").find("at or near 'OVERWRITE'"),
            std::string::npos);

  EXPECT_EQ(parseStatement("SHOW TABLES")->kind, Statement::Kind::kShowTables);
  EXPECT_EQ(parseStatement("show functions")->kind, Statement::Kind::kShowFunctions);
  EXPECT_EQ(parseStatement("SHOW STREAMS")->kind, Statement::Kind::kShowStreams);
  StatementPtr stop = parseStatement("STOP STREAM q1");
  EXPECT_EQ(stop->kind, Statement::Kind::kStopStream);
  EXPECT_EQ(stop->name, (std::vector<std::string>{"q1"}));
  EXPECT_EQ(parseStatement("STOP STREAM 'my query'")->name, (std::vector<std::string>{"my query"}));
}

TEST(SqlParserStatementTest, DescribeAndExplain) {
  StatementPtr d = parseStatement("DESCRIBE t");
  EXPECT_EQ(d->kind, Statement::Kind::kDescribe);
  EXPECT_EQ(d->name, (std::vector<std::string>{"t"}));
  EXPECT_FALSE(d->query);
  EXPECT_EQ(parseStatement("DESC TABLE db.t")->name, (std::vector<std::string>{"db", "t"}));
  EXPECT_TRUE(parseStatement("DESCRIBE EXTENDED t")->extended);
  EXPECT_TRUE(parseStatement("DESCRIBE QUERY SELECT 1")->query);
  EXPECT_TRUE(parseStatement("DESCRIBE SELECT a FROM t")->query);
  EXPECT_TRUE(parseStatement("DESC WITH x AS (SELECT 1) SELECT * FROM x")->query);
  StatementPtr f = parseStatement("DESCRIBE FUNCTION upper");
  EXPECT_TRUE(f->describeFunction);
  EXPECT_EQ(f->name, (std::vector<std::string>{"upper"}));
  StatementPtr fe = parseStatement("DESC FUNCTION EXTENDED count");
  EXPECT_TRUE(fe->describeFunction);
  EXPECT_TRUE(fe->extended);
  EXPECT_EQ(parseStatement("DESCRIBE FUNCTION +")->name, (std::vector<std::string>{"+"}));

  StatementPtr e = parseStatement("EXPLAIN SELECT * FROM t");
  EXPECT_EQ(e->kind, Statement::Kind::kExplain);
  EXPECT_FALSE(e->extended);
  EXPECT_EQ(e->explainMode, "");
  ASSERT_TRUE(e->query);
  StatementPtr ex = parseStatement("EXPLAIN EXTENDED SELECT 1");
  EXPECT_TRUE(ex->extended);
  EXPECT_EQ(ex->explainMode, "extended");
  StatementPtr fm = parseStatement("EXPLAIN FORMATTED SELECT 1");
  EXPECT_FALSE(fm->extended);
  EXPECT_EQ(fm->explainMode, "formatted");
}

TEST(SqlParserStatementTest, Set) {
  StatementPtr all = parseStatement("SET");
  EXPECT_EQ(all->kind, Statement::Kind::kSet);
  EXPECT_EQ(all->key, "");
  EXPECT_FALSE(all->hasValue);
  StatementPtr key = parseStatement("SET spark.sql.shuffle.partitions");
  EXPECT_EQ(key->key, "spark.sql.shuffle.partitions");
  EXPECT_FALSE(key->hasValue);
  StatementPtr kv = parseStatement("SET spark.sql.shuffle.partitions=4");
  EXPECT_EQ(kv->key, "spark.sql.shuffle.partitions");
  EXPECT_EQ(kv->value, "4");
  EXPECT_TRUE(kv->hasValue);
  StatementPtr spaced = parseStatement("set  a.b  =  some value, with: stuff ;");
  EXPECT_EQ(spaced->key, "a.b");
  EXPECT_EQ(spaced->value, "some value, with: stuff");
  EXPECT_EQ(spaced->text, "set  a.b  =  some value, with: stuff");
  StatementPtr empty = parseStatement("SET x=");
  EXPECT_TRUE(empty->hasValue);
  EXPECT_EQ(empty->value, "");
  EXPECT_EQ(parseStatement("SET `odd key`=`v`")->key, "odd key");
  EXPECT_EQ(parseStatement("SET -v")->key, "-v");
  StatementPtr tz = parseStatement("SET TIME ZONE 'America/New_York'");
  EXPECT_EQ(tz->key, "spark.sql.session.timeZone");
  EXPECT_EQ(tz->value, "America/New_York");
  EXPECT_EQ(sqlError("SET a b = c"),
            "[INVALID_SET_SYNTAX] Expected format is 'SET', 'SET key', or 'SET key=value'. If you "
            "want to include special characters in key, or include semicolon in value, please use "
            "backquotes, e.g., SET `key`=`value`.(line 1, pos 0)\n\n== SQL ==\nSET a b = "
            "c\n^^^\n");
}

TEST(SqlParserStatementTest, StatementText) {
  EXPECT_EQ(parseStatement("  SELECT 1  ;; ")->text, "SELECT 1");
  EXPECT_EQ(parseStatement("SELECT a\nFROM t -- trailing comment")->text, "SELECT a\nFROM t");
}

TEST(SqlParserStatementTest, ParseStatementsSplitsOnSemicolons) {
  auto statements = parseStatements(
      "CREATE TABLE t (a STRING) USING memory;\n"
      "-- a comment; not a statement\n"
      ";;\n"
      "SELECT 'a;b', \"c;d\", `e;f` FROM t /* ; */ ;\n"
      "  SET x = y  ;\n"
      "/* only a comment */;\n"
      "SHOW TABLES");
  ASSERT_EQ(statements.size(), 4u);
  EXPECT_EQ(statements[0]->kind, Statement::Kind::kCreateTable);
  EXPECT_EQ(statements[1]->kind, Statement::Kind::kQuery);
  EXPECT_EQ(statements[1]->text, "SELECT 'a;b', \"c;d\", `e;f` FROM t");
  EXPECT_EQ(dump(statements[1]->query->select.selectList[2]), "e;f");
  EXPECT_EQ(statements[2]->value, "y");
  EXPECT_EQ(statements[3]->kind, Statement::Kind::kShowTables);
  EXPECT_TRUE(parseStatements("").empty());
  EXPECT_TRUE(parseStatements(" ; -- nothing\n ; ").empty());
  EXPECT_EQ(parseStatements(R"(SELECT 'it\'s;' ; SELECT 2)").size(), 2u);
  // Errors point into the failing statement alone.
  EXPECT_EQ(parseError([] { parseStatements("SELECT 1;\nSELECT FROM t"); }),
            "[PARSE_SYNTAX_ERROR] Syntax error at or near 'FROM'.(line 1, pos 7)\n\n== SQL "
            "==\nSELECT FROM t\n-------^^^\n");
}

// ---- errors ---------------------------------------------------------------------------------

TEST(SqlParserErrorTest, SparkFormat) {
  try {
    parseStatement("SELECT FROM t");
    FAIL() << "expected ParseException";
  } catch (const ParseException& e) {
    EXPECT_EQ(std::string(e.what()),
              "[PARSE_SYNTAX_ERROR] Syntax error at or near 'FROM'.(line 1, pos 7)\n\n== SQL "
              "==\nSELECT FROM t\n-------^^^\n");
    EXPECT_EQ(e.errorClass(), "PARSE_SYNTAX_ERROR");
  }
  EXPECT_EQ(sqlError("SELECT 1 +"),
            "[PARSE_SYNTAX_ERROR] Syntax error at or near end of input.(line 1, pos 10)\n\n== SQL "
            "==\nSELECT 1 +\n----------^^^\n");
  EXPECT_EQ(sqlError("SELECT * FROM t WHERE"),
            "[PARSE_SYNTAX_ERROR] Syntax error at or near end of input.(line 1, pos 21)\n\n== SQL "
            "==\nSELECT * FROM t WHERE\n---------------------^^^\n");
  EXPECT_EQ(sqlError("SELECT 'abc"),
            "[PARSE_SYNTAX_ERROR] Syntax error at or near '''.(line 1, pos 7)\n\n== SQL "
            "==\nSELECT 'abc\n-------^^^\n");
  EXPECT_EQ(sqlError("SELECT a # b"),
            "[PARSE_SYNTAX_ERROR] Syntax error at or near '#'.(line 1, pos 9)\n\n== SQL "
            "==\nSELECT a # b\n---------^^^\n");
  EXPECT_EQ(sqlError("SELECT 1; SELECT 2"),
            "[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELECT'.(line 1, pos 10)\n\n== SQL "
            "==\nSELECT 1; SELECT 2\n----------^^^\n");
  EXPECT_EQ(sqlError("FOO BAR"),
            "[PARSE_SYNTAX_ERROR] Syntax error at or near 'FOO'.(line 1, pos 0)\n\n== SQL "
            "==\nFOO BAR\n^^^\n");
  EXPECT_EQ(sqlError("  "),
            "[PARSE_EMPTY_STATEMENT] Syntax error, unexpected empty statement.(line 1, pos 2)\n\n"
            "== SQL ==\n  \n--^^^\n");
}

TEST(SqlParserErrorTest, MultiLineCaretGoesUnderTheOffendingLine) {
  EXPECT_EQ(sqlError("SELECT a\nFROM t\nWHERE a = = 1"),
            "[PARSE_SYNTAX_ERROR] Syntax error at or near '='.(line 3, pos 10)\n\n== SQL "
            "==\nSELECT a\nFROM t\nWHERE a = = 1\n----------^^^\n");
  EXPECT_EQ(sqlError("SELECT a,\nFROM t\nWHERE x"),
            "[PARSE_SYNTAX_ERROR] Syntax error at or near 'FROM'.(line 2, pos 0)\n\n== SQL "
            "==\nSELECT a,\nFROM t\n^^^\nWHERE x\n");
  EXPECT_EQ(exprError("a +\n  ) b"),
            "[PARSE_SYNTAX_ERROR] Syntax error at or near ')'.(line 2, pos 2)\n\n== SQL ==\na "
            "+\n  ) b\n--^^^\n");
}

// ---- robustness -----------------------------------------------------------------------------

// Parses and reports whether anything but a ParseException escaped.
template <typename F>
bool onlyParseExceptions(F&& parse, const std::string& input) {
  try {
    parse();
  } catch (const ParseException&) {
  } catch (const std::exception& e) {
    ADD_FAILURE() << "input: " << input << "\nthrew " << e.what();
    return false;
  }
  return true;
}

std::string repeat(std::string_view piece, int times) {
  std::string out;
  for (int k = 0; k < times; ++k) out += piece;
  return out;
}

TEST(SqlParserRobustnessTest, DeepNesting) {
  std::string ok = std::string(100, '(') + "1" + std::string(100, ')');
  EXPECT_EQ(parseExpression(ok)->literal.asLong(), 1);
  for (const std::string& deep :
       {std::string(100000, '(') + "1" + std::string(100000, ')'), std::string(100000, '('),
        repeat("- ", 50000) + "a", "a" + repeat("[a", 50000)}) {
    EXPECT_NE(exprError(deep).find("nested too deeply"), std::string::npos);
  }
  std::string nots;
  for (int k = 0; k < 50000; ++k) nots += "NOT ";
  EXPECT_NE(exprError(nots + "a").find("nested too deeply"), std::string::npos);
  std::string queries = "SELECT * FROM " + std::string(20000, '(') + "SELECT 1";
  EXPECT_NE(sqlError(queries).find("[PARSE_SYNTAX_ERROR]"), std::string::npos);
  // Ambiguous parentheses in FROM backtrack; the work stays bounded.
  std::string ambiguous = "SELECT * FROM " + repeat("((SELECT * FROM ", 60) + "t";
  EXPECT_NE(sqlError(ambiguous).find("[PARSE_SYNTAX_ERROR]"), std::string::npos);
  std::string functions;
  for (int k = 0; k < 20000; ++k) functions += "f(";
  EXPECT_NE(exprError(functions).find("nested too deeply"), std::string::npos);
}

TEST(SqlParserRobustnessTest, LongChainsAreBounded) {
  std::string sum = "a";
  for (int k = 0; k < 500; ++k) sum += " + a";
  EXPECT_EQ(parseExpression(sum)->kind, ParsedKind::kBinary);
  std::string longSum = "a";
  for (int k = 0; k < 100000; ++k) longSum += "+a";
  EXPECT_NE(exprError(longSum).find("nested too deeply"), std::string::npos);
  std::string unions = "SELECT 1";
  for (int k = 0; k < 5000; ++k) unions += " UNION SELECT 1";
  EXPECT_NE(sqlError(unions).find("too many set operations"), std::string::npos);
  std::string joins = "SELECT * FROM t";
  for (int k = 0; k < 5000; ++k) joins += ", t";
  EXPECT_NE(sqlError(joins).find("too many joins"), std::string::npos);
  std::string list = "a IN (1";
  for (int k = 0; k < 100000; ++k) list += ", 1";
  EXPECT_EQ(parseExpression(list + ")")->children.size(), 100002u);
}

const std::vector<std::string>& validCorpus() {
  static const std::vector<std::string> corpus = {
      "SELECT window.start, count(*) FROM STREAM(clicks) WATERMARK ts DELAY OF INTERVAL 5 SECONDS "
      "GROUP BY window(ts, '10 seconds')",
      "WITH a AS (SELECT x, y FROM t WHERE x BETWEEN 1 AND 10) SELECT DISTINCT a.x, sum(y) AS s "
      "FROM a LEFT JOIN b ON a.x = b.x GROUP BY CUBE(a.x) HAVING s > 1.5 ORDER BY s DESC LIMIT 3",
      "CREATE TEMPORARY TABLE k (v STRING, ts TIMESTAMP) USING kafka OPTIONS "
      "(kafka.bootstrap.servers 'h:1', subscribe='t')",
      "INSERT INTO sink SELECT CAST(value AS STRING), from_json(v, 'a INT').a, x[0], "
      "CASE WHEN a IS NULL THEN -1 ELSE a END FROM STREAM src",
      "SELECT a FROM t UNION ALL (SELECT b FROM u INTERSECT SELECT c FROM v) EXCEPT VALUES (1)",
      "SELECT 'it\\'s', X'0A', DATE '2024-01-01', INTERVAL '1 2:3:4' DAY TO SECOND, 1.5e3, 2L, "
      "`q``x` FROM t /* c */ -- d",
      "SET spark.sql.shuffle.partitions = 4",
      "EXPLAIN EXTENDED SELECT trim(BOTH 'x' FROM s), position('a' IN s), a NOT LIKE 'x' ESCAPE "
      "'!' FROM t",
  };
  return corpus;
}

TEST(SqlParserRobustnessTest, CorpusParses) {
  for (const std::string& sql : validCorpus()) {
    EXPECT_NO_THROW(parseStatement(sql)) << sql;
  }
}

TEST(SqlParserRobustnessTest, TruncationsOfValidSql) {
  for (const std::string& sql : validCorpus()) {
    for (size_t n = 0; n <= sql.size(); ++n) {
      std::string prefix = sql.substr(0, n);
      onlyParseExceptions([&] { parseStatement(prefix); }, prefix);
      onlyParseExceptions([&] { parseStatements(prefix); }, prefix);
      onlyParseExceptions([&] { parseExpression(prefix); }, prefix);
      std::string suffix = sql.substr(n);
      onlyParseExceptions([&] { parseStatement(suffix); }, suffix);
    }
  }
}

TEST(SqlParserRobustnessTest, RandomInput) {
  std::mt19937 rng(20240101);
  const std::vector<std::string> pieces = {"SELECT",   "FROM",
                                           "WHERE",    "GROUP",
                                           "BY",       "ORDER",
                                           "(",        ")",
                                           ",",        ".",
                                           "*",        "+",
                                           "-",        "'",
                                           "\"",       "`",
                                           "a",        "t",
                                           "1",        "1.5",
                                           "1e9",      "9999999999999999999999999999999999999999",
                                           "AND",      "OR",
                                           "NOT",      "IN",
                                           "LIKE",     "IS",
                                           "NULL",     "CASE",
                                           "WHEN",     "THEN",
                                           "END",      "CAST",
                                           "AS",       "INTERVAL",
                                           "5",        "SECONDS",
                                           "STREAM",   "WATERMARK",
                                           "DELAY",    "OF",
                                           "JOIN",     "ON",
                                           "UNION",    "WITH",
                                           "VALUES",   "CREATE",
                                           "TABLE",    "USING",
                                           "OPTIONS",  ";",
                                           "/*",       "*/",
                                           "--",       "\n",
                                           "[",        "]",
                                           "<",        ">",
                                           "=",        "DATE",
                                           "X",        "'2024-01-01'",
                                           "CUBE",     "GROUPING",
                                           "SETS",     "SET",
                                           "=",        "trim",
                                           "position", "BOTH",
                                           "EXTRACT",  "LIMIT",
                                           "-1",       "\\",
                                           "\xC3\xA9", "\xFF",
                                           "#"};
  for (int iteration = 0; iteration < 4000; ++iteration) {
    std::string sql;
    int length = 1 + static_cast<int>(rng() % 24);
    for (int k = 0; k < length; ++k) {
      if (rng() % 8 == 0) {
        sql += static_cast<char>(rng() % 256);  // raw bytes, NUL included
      } else {
        sql += pieces[rng() % pieces.size()];
        if (rng() % 3) sql += ' ';
      }
    }
    onlyParseExceptions([&] { parseStatement(sql); }, sql);
    onlyParseExceptions([&] { parseStatements(sql); }, sql);
    onlyParseExceptions([&] { parseExpression(sql); }, sql);
  }
}

TEST(SqlParserRobustnessTest, MutationsOfValidSql) {
  std::mt19937 rng(7);
  for (int iteration = 0; iteration < 3000; ++iteration) {
    std::string sql = validCorpus()[rng() % validCorpus().size()];
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < edits && !sql.empty(); ++k) {
      size_t at = rng() % sql.size();
      switch (rng() % 3) {
        case 0:
          sql.erase(at, 1 + rng() % 5);
          break;
        case 1:
          sql.insert(at, 1, "()'`,;.*-"[rng() % 9]);
          break;
        default:
          sql[at] = static_cast<char>(rng() % 128);
          break;
      }
    }
    onlyParseExceptions([&] { parseStatement(sql); }, sql);
    onlyParseExceptions([&] { parseStatements(sql); }, sql);
  }
}

// ---- identifiers ----------------------------------------------------------------------------

TEST(SqlParserIdentifierTest, ParseIdentifierParts) {
  EXPECT_EQ(parseIdentifierParts("a"), (std::vector<std::string>{"a"}));
  EXPECT_EQ(parseIdentifierParts("a.b.c"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(parseIdentifierParts("`a.b`.c"), (std::vector<std::string>{"a.b", "c"}));
  EXPECT_EQ(parseIdentifierParts("`a``b`"), (std::vector<std::string>{"a`b"}));
  EXPECT_EQ(parseIdentifierParts("my col"), (std::vector<std::string>{"my col"}));
  EXPECT_EQ(parseIdentifierParts(""), (std::vector<std::string>{""}));
  for (const char* bad : {"a..b", ".a", "a.", "`a", "`a`b", "a`b`"}) {
    EXPECT_THROW(parseIdentifierParts(bad), ParseException) << bad;
  }
  EXPECT_EQ(parseError([] { parseIdentifierParts("a..b"); }),
            "Syntax error in attribute name: a..b.");
}

}  // namespace
}  // namespace spate
