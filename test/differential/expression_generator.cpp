// Random expressions in the subset of SQL where Spark 3.5 (non-ANSI) and PostgreSQL 15 agree, or
// where a fixed translation makes them agree. The rules, each applied where the construct is made:
//  - Integer division: Spark's `/` always gives DOUBLE, PostgreSQL's truncates integers, so the
//    PostgreSQL side casts the dividend to DOUBLE PRECISION. Division by zero is NULL in Spark and
//    an error in PostgreSQL, so every divisor is wrapped in NULLIF(…, 0). Decimals are never
//    divided or averaged: Spark's decimal result scale (≥ 6 digits, rounded) differs from NUMERIC.
//  - `%` only on integers (both truncate toward zero, sign of the dividend); PostgreSQL has no
//    `%` for DOUBLE PRECISION. Divisors again NULLIF(…, 0).
//  - Overflow is avoided by magnitude: products only of columns (|y| ≤ 1e6 gives ≤ 1e12).
//  - Numeric literals with a fraction are DECIMAL in Spark and NUMERIC in PostgreSQL; both widen
//    to double against DOUBLE columns. Results are compared numerically, so INT vs NUMERIC (avg,
//    sum of bigint, stddev of integers) and TINYINT vs INT (grouping) are not differences.
//  - round(): Spark rounds the double's shortest decimal form HALF_UP, PostgreSQL's round works on
//    NUMERIC (round(float8, int) does not exist) converted with 15 digits; the two agree on values
//    that have a short decimal form, so round() is applied only to the column x itself.
//  - CAST(double AS INT/BIGINT) truncates in Spark and rounds in PostgreSQL: not generated; nor is
//    CAST(double AS STRING) ("12.0" vs "12"). STRING is TEXT in PostgreSQL.
//  - concat() skips NULLs in PostgreSQL but not in Spark: `||` is used (NULL in both).
//  - Spark's month(d), hour(ts), dayofmonth(d), year(d), dayofweek(d) are EXTRACT(…) in
//    PostgreSQL (dayofweek is 1 = Sunday, PostgreSQL's DOW 0 = Sunday, so + 1);
//    date_add(d, n) is d + n, datediff(a, b) is a - b.
//  - NULL ordering: Spark sorts NULLs first ascending, PostgreSQL last: NULLS FIRST/LAST is always
//    written out.
//  - String order: text columns are COLLATE "C" in PostgreSQL, so both compare bytes.
//  - substr() positions are ≥ 1 (position 0 means 1 in Spark but "before the start" in PostgreSQL).
#include "expression_generator.h"

#include <cstdio>

namespace spate::differential {

namespace {

struct NumericColumn {
  const char* name;
  Ty type;
};

// The numeric columns of t1 and their value ranges (see data_generator.cpp).
const std::vector<NumericColumn> kT1Numeric = {{"id", Ty::kInt},   {"k", Ty::kInt},
                                               {"n", Ty::kInt},    {"y", Ty::kBigint},
                                               {"x", Ty::kDouble}, {"z", Ty::kDecimal}};
const std::vector<NumericColumn> kT1NumericNoDecimal = {
    {"id", Ty::kInt}, {"k", Ty::kInt}, {"n", Ty::kInt}, {"y", Ty::kBigint}, {"x", Ty::kDouble}};
const std::vector<NumericColumn> kT1Integral = {
    {"id", Ty::kInt}, {"k", Ty::kInt}, {"n", Ty::kInt}, {"y", Ty::kBigint}};
const std::vector<std::string> kT1AllColumns = {"id", "g", "k", "n",  "x", "y",
                                                "s",  "b", "d", "ts", "z"};
const std::vector<std::string> kComparisons = {"=", "<>", "<", "<=", ">", ">="};
const std::vector<std::string> kInexactComparisons = {"<>", "<", "<=", ">", ">="};
const std::vector<std::string> kGroupValues = {"alpha", "beta",    "gamma",
                                               "delta", "Epsilon", "zeta"};
const std::vector<std::string> kWordValues = {"apple", "banana", "cherry", "fig", "lemon", "mango",
                                              "pear",  "plum",   "Guava",  "",    "café"};
const std::vector<std::string> kNameValues = {"red", "green", "blue", "cyan", "black", "white"};

Ty typeOfT1Column(const std::string& name) {
  if (name == "g" || name == "s") return Ty::kString;
  if (name == "b") return Ty::kBool;
  if (name == "d") return Ty::kDate;
  if (name == "ts") return Ty::kTimestamp;
  if (name == "x") return Ty::kDouble;
  if (name == "y") return Ty::kBigint;
  if (name == "z") return Ty::kDecimal;
  return Ty::kInt;
}

std::string tenths(int64_t v) {
  std::string sign = v < 0 ? "-" : "";
  int64_t a = v < 0 ? -v : v;
  std::string s = sign + std::to_string(a / 10) + "." + std::to_string(a % 10);
  return v < 0 ? "(" + s + ")" : s;
}

std::string dateLiteral(Random& rnd) {
  // 2024-01-01 + 0..120 days, as in the data.
  static const int kMonthDays[] = {31, 29, 31, 30, 31};
  int day = static_cast<int>(rnd.range(0, 120));
  int month = 0;
  while (day >= kMonthDays[month]) day -= kMonthDays[month++];
  char buf[32];
  std::snprintf(buf, sizeof buf, "DATE '2024-%02d-%02d'", month + 1, day + 1);
  return buf;
}

std::string timestampLiteral(Random& rnd) {
  int day = static_cast<int>(rnd.range(1, 29));
  int month = static_cast<int>(rnd.range(1, 2));
  char buf[48];
  std::snprintf(buf, sizeof buf, "TIMESTAMP '2024-%02d-%02d %02d:%02d:00'", month, day,
                static_cast<int>(rnd.range(0, 23)), static_cast<int>(rnd.range(0, 59)) / 15 * 15);
  return buf;
}

// Whether literal `a` of column `c` (as literalFor renders it) is greater than `b`.
bool literalGreater(const std::string& c, const std::string& a, const std::string& b) {
  auto number = [](std::string s) {
    std::string digits;
    for (char ch : s)
      if (ch != '(' && ch != ')') digits += ch;
    return std::stod(digits);
  };
  if (c == "s" || c == "g" || c == "d" || c == "ts" || c == "name") return a > b;
  return number(a) > number(b);
}

}  // namespace

Sql joinSql(const std::vector<Sql>& parts, const std::string& separator) {
  Sql out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out = out + separator;
    out = out + parts[i];
  }
  return out;
}

std::string intLiteral(int64_t v) {
  return v < 0 ? "(" + std::to_string(v) + ")" : std::to_string(v);
}

std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

bool isIntegral(Ty t) { return t == Ty::kInt || t == Ty::kBigint; }

Ty widerNumeric(Ty a, Ty b) {
  if (a == Ty::kDouble || b == Ty::kDouble) return Ty::kDouble;
  if (a == Ty::kDecimal || b == Ty::kDecimal) return Ty::kDecimal;
  if (a == Ty::kBigint || b == Ty::kBigint) return Ty::kBigint;
  return Ty::kInt;
}

std::string ExpressionGenerator::literalFor(const std::string& name) {
  if (name == "id") return intLiteral(rnd_.range(1, 400));
  if (name == "k") return intLiteral(rnd_.range(0, 19));
  if (name == "n") return intLiteral(rnd_.range(-6, 6));
  if (name == "y") return intLiteral(rnd_.range(-100, 1000) * 1000);
  if (name == "x") return tenths(rnd_.range(-4000, 4000));
  if (name == "z") return tenths(rnd_.range(-45000, 45000));
  if (name == "w") return tenths(rnd_.range(0, 1000));
  if (name == "qty") return intLiteral(rnd_.range(1, 50));
  if (name == "weight") return intLiteral(rnd_.range(1, 20));
  if (name == "g") return quoted(rnd_.pick(kGroupValues));
  if (name == "s") return quoted(rnd_.pick(kWordValues));
  if (name == "name") return quoted(rnd_.pick(kNameValues));
  if (name == "d") return dateLiteral(rnd_);
  if (name == "ts") return timestampLiteral(rnd_);
  if (name == "b") return rnd_.chance(0.5) ? "TRUE" : "FALSE";
  return "0";
}

std::string ExpressionGenerator::betweenFor(const std::string& name) {
  std::string lo = literalFor(name), hi = literalFor(name);
  // Mostly lo <= hi (the literals come in random order); a reversed range is always false.
  if (rnd_.chance(0.85) && literalGreater(name, lo, hi)) std::swap(lo, hi);
  return " BETWEEN " + lo + " AND " + hi;
}

Sql ExpressionGenerator::likePattern() {
  static const std::vector<std::string> kPatterns = {
      "a%",  "%an%", "%e",  "_i%",  "p%r", "%berry", "G%",  "l_m%", "%",   "",   "%a%a%", "b%",
      "%o%", "__",   "%_%", "caf_", "%ï%", "Ö%",     "%語", "ü%",   "m%o", "%y", "Q%"};
  return same(quoted(rnd_.pick(kPatterns)));
}

Sql ExpressionGenerator::likeOperator() {
  // ILIKE compares lower-cased (ASCII data: the same in both).
  static const std::vector<std::string> kOperators = {" LIKE ",  " LIKE ",     " LIKE ",
                                                      " ILIKE ", " NOT LIKE ", " NOT ILIKE "};
  return same(rnd_.pick(kOperators));
}

Sql ExpressionGenerator::nullsOrder() {
  return same(rnd_.chance(0.5) ? " NULLS FIRST" : " NULLS LAST");
}

Sql ExpressionGenerator::direction() { return same(rnd_.chance(0.5) ? " ASC" : " DESC"); }

Ex ExpressionGenerator::t1Column(const std::string& q) {
  const std::string& name = rnd_.pick(kT1AllColumns);
  return {same(q + name), typeOfT1Column(name)};
}

Ex ExpressionGenerator::t1NumericAtom(const std::string& q, bool allowDecimal) {
  const NumericColumn& c = rnd_.pick(allowDecimal ? kT1Numeric : kT1NumericNoDecimal);
  return {same(q + c.name), c.type};
}

Ex ExpressionGenerator::t1Integral(const std::string& q) {
  const NumericColumn& c = rnd_.pick(kT1Integral);
  return {same(q + c.name), c.type};
}

Ex ExpressionGenerator::t1Numeric(const std::string& q, int depth, bool allowDecimal) {
  if (depth <= 0 || rnd_.chance(0.25)) return t1NumericAtom(q, allowDecimal);
  switch (rnd_.range(0, 13)) {
    case 0:
    case 1: {
      Ex a = t1Numeric(q, depth - 1, allowDecimal), b = t1Numeric(q, depth - 1, allowDecimal);
      std::string op = rnd_.chance(0.5) ? " + " : " - ";
      return {"(" + a.sql + op + b.sql + ")", widerNumeric(a.type, b.type)};
    }
    case 2: {  // products of columns only, so magnitudes stay far from overflow
      Ex a = t1NumericAtom(q, allowDecimal), b = t1NumericAtom(q, allowDecimal);
      return {"(" + a.sql + " * " + b.sql + ")", widerNumeric(a.type, b.type)};
    }
    case 3: {  // Spark's `/` is DOUBLE division; NULLIF: x / 0 is NULL in Spark, an error in PG
      Ex a = t1Numeric(q, depth - 1, false), b = t1Numeric(q, depth - 1, false);
      Sql sql{"(" + a.sql.spark + " / NULLIF(" + b.sql.spark + ", 0))",
              "(CAST(" + a.sql.pg + " AS DOUBLE PRECISION) / NULLIF(" + b.sql.pg + ", 0))"};
      return {sql, Ty::kDouble};
    }
    case 4: {  // `%` on integers only
      Ex a = t1Integral(q);
      Ex b =
          rnd_.chance(0.5) ? t1Integral(q) : Ex{same(std::to_string(rnd_.range(2, 7))), Ty::kInt};
      return {"(" + a.sql + " % NULLIF(" + b.sql + ", 0))", widerNumeric(a.type, b.type)};
    }
    case 5: {
      Ex a = t1Numeric(q, depth - 1, allowDecimal);
      if (rnd_.chance(0.5)) return {"(- " + a.sql + ")", a.type};
      return {"abs(" + a.sql + ")", a.type};
    }
    case 6: {
      Ex a = t1Numeric(q, depth - 1, allowDecimal);
      Ex b = rnd_.chance(0.5) ? t1NumericAtom(q, allowDecimal) : Ex{same("0"), Ty::kInt};
      return {"COALESCE(" + a.sql + ", " + b.sql + ")", widerNumeric(a.type, b.type)};
    }
    case 7: {
      Sql p = t1Predicate(q, 1);
      Ex a = t1Numeric(q, depth - 1, allowDecimal), b = t1Numeric(q, depth - 1, allowDecimal);
      if (rnd_.chance(0.2)) return {"CASE WHEN " + p + " THEN " + a.sql + " END", a.type};
      return {"CASE WHEN " + p + " THEN " + a.sql + " ELSE " + b.sql + " END",
              widerNumeric(a.type, b.type)};
    }
    case 8: {  // both skip NULL arguments
      Ex a = t1Numeric(q, depth - 1, allowDecimal), b = t1Numeric(q, depth - 1, allowDecimal);
      std::string f = rnd_.chance(0.5) ? "greatest(" : "least(";
      return {f + a.sql + ", " + b.sql + ")", widerNumeric(a.type, b.type)};
    }
    case 9: {
      switch (rnd_.range(0, 3)) {
        case 0:  // see the note on round() above; DECIMAL rounds HALF_UP in both
          if (allowDecimal && rnd_.chance(0.5))
            return {same("round(" + q + "z, " + std::to_string(rnd_.range(-2, 1)) + ")"),
                    Ty::kDecimal};
          return {Sql{"round(" + q + "x, 1)", "round(CAST(" + q + "x AS NUMERIC), 1)"},
                  Ty::kDouble};
        case 1: {
          Ex a = t1Numeric(q, depth - 1, false);
          return {"sqrt(abs(" + a.sql + "))", Ty::kDouble};
        }
        default: {
          Ex a = t1Numeric(q, depth - 1, false);
          std::string f = rnd_.chance(0.5) ? "floor(" : "ceil(";
          return {f + a.sql + ")", isIntegral(a.type) ? a.type : Ty::kBigint};
        }
      }
    }
    case 10: {
      Ex s = t1String(q, 0);
      switch (rnd_.range(0, 5)) {
        case 0:  // instr(str, sub) is strpos(str, sub) in PostgreSQL
          return {Sql{"instr(" + s.sql.spark + ", 'a')", "strpos(" + s.sql.pg + ", 'a')"},
                  Ty::kInt};
        case 1:
          return {"position('e' IN " + s.sql + ")", Ty::kInt};
        case 2:
          return {"ascii(" + s.sql + ")", Ty::kInt};
        case 3:
          return {(rnd_.chance(0.5) ? "char_length(" : "octet_length(") + s.sql + ")", Ty::kInt};
        default:
          return {"length(" + s.sql + ")", Ty::kInt};
      }
    }
    case 11: {
      if (!allowDecimal) return t1Numeric(q, depth - 1, allowDecimal);
      // DECIMAL (Spark) / NUMERIC (PG) literals: exact in both for integer operands.
      Ex a = t1NumericAtom(q, true);
      static const std::vector<std::string> kDecimals = {"1.5", "0.25", "2.75", "0.1"};
      std::string op = rnd_.chance(0.5) ? " * " : " + ";
      return {"(" + a.sql + op + rnd_.pick(kDecimals) + ")",
              a.type == Ty::kDouble ? Ty::kDouble : Ty::kDecimal};
    }
    case 12: {  // DOUBLE math; the PostgreSQL functions resolve to their float8 forms
      Ex a = t1Numeric(q, depth - 1, false);
      switch (rnd_.range(0, 5)) {
        case 0:
          return {"sign(" + a.sql + ")", Ty::kDouble};
        case 1:
          return {same("exp(" + q + "n)"), Ty::kDouble};
        case 2:
          return {"ln(abs(" + a.sql + ") + 1)", Ty::kDouble};
        case 3:
          return {"power(" + a.sql + ", 2)", Ty::kDouble};
        case 4:
          return {"cbrt(" + a.sql + ")", Ty::kDouble};
        default: {
          Ex i = t1Integral(q);
          return {"mod(" + i.sql + ", NULLIF(" + q + "n, 0))", i.type};
        }
      }
    }
    default: {
      Ex a = t1Numeric(q, depth - 1, allowDecimal);
      return {"NULLIF(" + a.sql + ", " + literalFor("n") + ")", a.type};
    }
  }
}

Ex ExpressionGenerator::t1String(const std::string& q, int depth) {
  const std::string s = q + "s", g = q + "g";
  switch (rnd_.range(0, 13)) {
    case 0:
      return {same(s), Ty::kString};
    case 1:
      return {same(g), Ty::kString};
    case 2:
      return {same(rnd_.chance(0.5) ? "upper(" + s + ")" : "lower(" + g + ")"), Ty::kString};
    case 3:  // `||` is NULL if either side is (concat() would differ in PostgreSQL)
      return {same("(" + s + " || '-' || " + g + ")"), Ty::kString};
    case 4:
      return {same("substr(" + s + ", " + std::to_string(rnd_.range(1, 3)) + ", " +
                   std::to_string(rnd_.range(1, 4)) + ")"),
              Ty::kString};
    case 5:
      return {same(rnd_.chance(0.5) ? "COALESCE(" + s + ", 'none')"
                                    : "COALESCE(" + s + ", " + g + ", '?')"),
              Ty::kString};
    case 6: {
      if (depth <= 0) return {same(s), Ty::kString};
      Sql p = t1Predicate(q, 1);
      if (rnd_.chance(0.5))
        return {"CASE WHEN " + p + " THEN " + s + " ELSE " + g + " END", Ty::kString};
      Sql p2 = t1Predicate(q, 0);
      return {"CASE WHEN " + p + " THEN 'yes' WHEN " + p2 + " THEN 'maybe' END", Ty::kString};
    }
    case 7:
      return {same("replace(" + s + ", 'a', 'A')"), Ty::kString};
    case 8:
      switch (rnd_.range(0, 3)) {
        case 0:
          return {same("left(" + s + ", " + std::to_string(rnd_.range(1, 4)) + ")"), Ty::kString};
        case 1:
          return {same("reverse(" + s + ")"), Ty::kString};
        case 2:
          return {same("lpad(" + s + ", " + std::to_string(rnd_.range(3, 8)) + ", '*')"),
                  Ty::kString};
        default:
          return {same("rpad(" + g + ", 6, '.')"), Ty::kString};
      }
    case 9: {  // STRING is TEXT in PostgreSQL; doubles are never cast to text (see above)
               // DECIMAL keeps its scale ("12.30") in both.
      static const std::vector<std::string> kCastable = {"k", "y", "b", "d", "ts", "z"};
      std::string c = q + rnd_.pick(kCastable);
      return {Sql{"CAST(" + c + " AS STRING)", "CAST(" + c + " AS TEXT)"}, Ty::kString};
    }
    case 10:
      return {same("trim(' ' || " + s + " || ' ')"), Ty::kString};
    case 11:
      return {same("NULLIF(" + g + ", " + literalFor("g") + ")"), Ty::kString};
    case 12:
      switch (rnd_.range(0, 6)) {
        case 0:
          return {same("repeat(" + s + ", 2)"), Ty::kString};
        case 1:  // characters without a counterpart are deleted, in both
          return {same("translate(" + s + ", 'aeo', 'AE')"), Ty::kString};
        case 2:
          return {same(rnd_.chance(0.5) ? "ltrim('  ' || " + s + ")" : "rtrim(" + s + " || '  ')"),
                  Ty::kString};
        case 3:
          return {same("split_part(" + s + ", 'a', " + std::to_string(rnd_.range(1, 3)) + ")"),
                  Ty::kString};
        case 4:  // skips NULLs in both (unlike concat)
          return {same("concat_ws('/', " + s + ", " + g + ")"), Ty::kString};
        default:
          return {same("md5(" + s + ")"), Ty::kString};
      }
    default:
      return {same("(upper(substr(" + g + ", 1, 1)) || lower(" + s + "))"), Ty::kString};
  }
}

Sql ExpressionGenerator::t1Atom(const std::string& q) {
  switch (rnd_.range(0, 15)) {
    case 0:
    case 1: {
      const NumericColumn& c = rnd_.pick(kT1Numeric);
      const auto& ops = c.type == Ty::kDouble ? kInexactComparisons : kComparisons;
      return same(q + c.name + " " + rnd_.pick(ops) + " " + literalFor(c.name));
    }
    case 2: {
      static const std::vector<std::string> kColumns = {"k", "n", "x", "y", "id", "s", "d", "z"};
      const std::string& c = rnd_.pick(kColumns);
      std::string notKw = rnd_.chance(0.3) ? " NOT" : "";
      return same(q + c + notKw + betweenFor(c));
    }
    case 3: {  // IN lists, sometimes with a NULL (three-valued: NOT IN (…, NULL) is never true)
      const std::string c = rnd_.chance(0.5) ? "k" : "n";
      std::string list;
      int items = static_cast<int>(rnd_.range(1, 5));
      for (int i = 0; i < items; ++i) list += (i ? ", " : "") + literalFor(c);
      if (rnd_.chance(0.2)) list += ", NULL";
      return same(q + c + (rnd_.chance(0.3) ? " NOT IN (" : " IN (") + list + ")");
    }
    case 4: {
      const std::string c = rnd_.chance(0.6) ? "g" : "s";
      std::string list;
      int items = static_cast<int>(rnd_.range(1, 3));
      for (int i = 0; i < items; ++i) list += (i ? ", " : "") + literalFor(c);
      if (rnd_.chance(0.15)) list += ", NULL";
      return same(q + c + (rnd_.chance(0.3) ? " NOT IN (" : " IN (") + list + ")");
    }
    case 5:
      return same(q + rnd_.pick(kT1AllColumns) + (rnd_.chance(0.5) ? " IS NULL" : " IS NOT NULL"));
    case 6:
    case 7: {
      const std::string c = rnd_.chance(0.7) ? "s" : "g";
      return q + c + likeOperator() + likePattern();
    }
    case 8: {
      static const std::vector<std::string> kForms = {"b", "NOT b", "b = FALSE", "b <> TRUE"};
      std::string form = rnd_.pick(kForms);
      return same(form == "NOT b" ? "NOT " + q + "b" : q + form);
    }
    case 9: {
      const std::string c = rnd_.chance(0.5) ? "s" : "g";
      return same(q + c + " " + rnd_.pick(kComparisons) + " " + literalFor(c));
    }
    case 10: {
      Ex a = t1Numeric(q, 1), b = t1Numeric(q, 0);
      return a.sql + " " + rnd_.pick(kInexactComparisons) + " " + b.sql;
    }
    case 11: {
      const std::string c = rnd_.chance(0.5) ? "d" : "ts";
      return same(q + c + " " + rnd_.pick(kInexactComparisons) + " " + literalFor(c));
    }
    case 12:
      return same("length(" + q + "s) " + rnd_.pick(kComparisons) + " " +
                  std::to_string(rnd_.range(0, 8)));
    case 13: {
      static const std::vector<std::pair<std::string, std::string>> kPairs = {
          {"k", "n"}, {"k", "id % 20"}, {"g", "'beta'"}, {"b", "TRUE"}, {"n", "0"}};
      const auto& [a, b] = rnd_.pick(kPairs);
      std::string bq = b[0] == '\'' || b == "TRUE" || b == "0" ? b : q + b;
      return same(q + a + (rnd_.chance(0.5) ? " IS DISTINCT FROM " : " IS NOT DISTINCT FROM ") +
                  bq);
    }
    case 14: {
      Ex a = t1Numeric(q, 2);
      return a.sql + " " + rnd_.pick(kInexactComparisons) + " " +
             (a.type == Ty::kBigint ? literalFor("y") : literalFor("k"));
    }
    default: {
      Ex s = t1String(q, 0);
      return s.sql + " " + rnd_.pick(kComparisons) + " " + literalFor("s");
    }
  }
}

Sql ExpressionGenerator::t1Predicate(const std::string& q, int depth) {
  if (depth > 0 && rnd_.chance(0.45)) {
    double r = static_cast<double>(rnd_.range(0, 99));
    if (r < 55) return "(" + t1Predicate(q, depth - 1) + " AND " + t1Predicate(q, depth - 1) + ")";
    if (r < 90) return "(" + t1Predicate(q, depth - 1) + " OR " + t1Predicate(q, depth - 1) + ")";
    return "(NOT " + t1Predicate(q, depth - 1) + ")";
  }
  return t1Atom(q);
}

Aggregate ExpressionGenerator::t1Aggregate(const std::string& q) {
  switch (rnd_.range(0, 18)) {
    case 0:
      return {same("count(*)")};
    case 1:
      return {same("count(" + q + rnd_.pick(kT1AllColumns) + ")")};
    case 2: {
      static const std::vector<std::string> kColumns = {"g", "k", "n", "s", "b", "d", "x", "z"};
      if (rnd_.chance(0.2)) return {same("count(DISTINCT " + q + "k % 3)")};
      return {same("count(DISTINCT " + q + rnd_.pick(kColumns) + ")")};
    }
    case 3:
    case 4: {  // SUM(INT) is BIGINT in both; SUM(BIGINT) is NUMERIC in PG — compared as numbers
      Ex a = t1Numeric(q, 1);
      return {"sum(" + a.sql + ")"};
    }
    case 5: {  // AVG(INT) is NUMERIC in PG, DOUBLE in Spark — compared with a tolerance
      Ex a = t1Numeric(q, 1, false);
      return {"avg(" + a.sql + ")"};
    }
    case 6:
    case 7: {
      static const std::vector<std::string> kColumns = {"id", "g", "k", "n",  "x",
                                                        "y",  "s", "d", "ts", "z"};
      return {same((rnd_.chance(0.5) ? "min(" : "max(") + q + rnd_.pick(kColumns) + ")")};
    }
    case 8: {
      static const std::vector<std::string> kFunctions = {"stddev_samp", "var_samp", "stddev_pop",
                                                          "var_pop",     "stddev",   "variance"};
      static const std::vector<std::string> kColumns = {"x", "y", "k", "n", "z"};
      return {same(rnd_.pick(kFunctions) + "(" + q + rnd_.pick(kColumns) + ")"), true};
    }
    case 9:
      return {same((rnd_.chance(0.5) ? "bool_and(" : "bool_or(") + q + "b)")};
    case 10:
      return {same((rnd_.chance(0.5) ? "sum(DISTINCT " : "count(DISTINCT ") + q +
                   (rnd_.chance(0.5) ? "n" : "k") + ")")};
    case 11:
      if (!aggregateFilter_) return {"count(CASE WHEN " + t1Predicate(q, 1) + " THEN 1 END)"};
      return {"count(*) FILTER (WHERE " + t1Predicate(q, 1) + ")"};
    case 12: {
      Ex a = t1Numeric(q, 0);
      if (!aggregateFilter_)
        return {"sum(CASE WHEN " + t1Predicate(q, 0) + " THEN " + a.sql + " END)"};
      return {"sum(" + a.sql + ") FILTER (WHERE " + t1Predicate(q, 0) + ")"};
    }
    case 13:
      return {"sum(CASE WHEN " + t1Predicate(q, 1) + " THEN 1 ELSE 0 END)"};
    case 14: {
      Ex s = t1String(q, 0);
      return {(rnd_.chance(0.5) ? "min(" : "max(") + s.sql + ")"};
    }
    case 15:
      return {same("max(length(" + q + "s))")};
    case 16: {
      Ex a = t1Numeric(q, 2, false);
      return {(rnd_.chance(0.5) ? "min(" : "max(") + a.sql + ")"};
    }
    case 17:
      // AVG(DECIMAL(10,2)) is DECIMAL(14,6) in Spark, rounded HALF_UP; NUMERIC keeps more digits.
      if (rnd_.chance(0.5)) return {Sql{"avg(" + q + "z)", "round(avg(" + q + "z), 6)"}};
      return {same("sum(" + q + "z)")};
    default:
      return {same("avg(" + q + (rnd_.chance(0.5) ? "x" : "y") + ")")};
  }
}

Ex ExpressionGenerator::t1GroupKey(const std::string& q) {
  switch (rnd_.range(0, 13)) {
    case 0:
    case 1:
      return {same(q + "g"), Ty::kString};
    case 2:
      return {same(q + "k"), Ty::kInt};
    case 3:
      return {same(q + "b"), Ty::kBool};
    case 4:
      return {same(q + "n"), Ty::kInt};
    case 5:
      return {same("(" + q + "k % 3)"), Ty::kInt};
    case 6:
      return {same("CASE WHEN " + q + "x >= 0 THEN 'pos' WHEN " + q + "x < 0 THEN 'neg' END"),
              Ty::kString};
    case 7:
      return {same("substr(" + q + "s, 1, 1)"), Ty::kString};
    case 8:
      return {Sql{"month(" + q + "d)", "EXTRACT(MONTH FROM " + q + "d)"}, Ty::kInt};
    case 9:
      return {same("length(" + q + "s)"), Ty::kInt};
    case 10:
      return {same("(" + q + "y % 4)"), Ty::kBigint};
    case 11:
      return {same("round(" + q + "z, -3)"), Ty::kDecimal};
    case 12:  // many groups; x has -0.0 and 0.0, which are one group in both
      return rnd_.chance(0.5) ? Ex{same("(" + q + "id % 37)"), Ty::kInt}
                              : Ex{same(q + "x"), Ty::kDouble};
    default:
      return {same("COALESCE(" + q + "g, 'none')"), Ty::kString};
  }
}

Sql ExpressionGenerator::t1SortKey(const std::string& q) {
  Sql key;
  switch (rnd_.range(0, 5)) {
    case 0:
    case 1:
    case 2: {
      static const std::vector<std::string> kColumns = {"g", "k", "n",  "x", "y",
                                                        "s", "d", "ts", "b", "z"};
      key = same(q + rnd_.pick(kColumns));
      break;
    }
    case 3:
      key = t1Numeric(q, 1).sql;
      break;
    case 4:
      key = t1String(q, 0).sql;
      break;
    default:
      key = t1GroupKey(q).sql;
  }
  return key + direction() + nullsOrder();
}

Ex ExpressionGenerator::t2Column(const std::string& q) {
  switch (rnd_.range(0, 3)) {
    case 0:
      return {same(q + "k"), Ty::kInt};
    case 1:
      return {same(q + "name"), Ty::kString};
    case 2:
      return {same(q + "w"), Ty::kDouble};
    default:
      return {same(q + "qty"), Ty::kInt};
  }
}

Sql ExpressionGenerator::t2Predicate(const std::string& q, int depth) {
  if (depth > 0 && rnd_.chance(0.3))
    return "(" + t2Predicate(q, depth - 1) + (rnd_.chance(0.6) ? " AND " : " OR ") +
           t2Predicate(q, depth - 1) + ")";
  switch (rnd_.range(0, 6)) {
    case 0:
      return same(q + "w " + rnd_.pick(kInexactComparisons) + " " + literalFor("w"));
    case 1:
      return same(q + "qty" + betweenFor("qty"));
    case 2:
      return same(q + "name IN (" + literalFor("name") + ", " + literalFor("name") + ")");
    case 3:
      return same(q + (rnd_.chance(0.5) ? "k" : "w") +
                  (rnd_.chance(0.5) ? " IS NULL" : " IS NOT NULL"));
    case 4:
      return same(q + "name LIKE " + quoted(rnd_.chance(0.5) ? "%e%" : "b%"));
    case 5:
      return same(q + "k " + rnd_.pick(kComparisons) + " " + intLiteral(rnd_.range(0, 24)));
    default:
      return same("(" + q + "qty % 3) = " + std::to_string(rnd_.range(0, 2)));
  }
}

}  // namespace spate::differential
