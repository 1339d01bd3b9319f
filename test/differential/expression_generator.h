#pragma once

#include <string>
#include <vector>

#include "random.h"

namespace spate::differential {

/// One piece of SQL in both dialects. Most pieces read the same; where the dialects differ, the
/// builder that makes the piece writes each side (see the notes in expression_generator.cpp).
struct Sql {
  std::string spark;
  std::string pg;
};

inline Sql same(const std::string& s) { return {s, s}; }
inline Sql operator+(Sql a, const Sql& b) {
  a.spark += b.spark;
  a.pg += b.pg;
  return a;
}
inline Sql operator+(Sql a, const std::string& s) {
  a.spark += s;
  a.pg += s;
  return a;
}
inline Sql operator+(const std::string& s, const Sql& b) { return {s + b.spark, s + b.pg}; }
Sql joinSql(const std::vector<Sql>& parts, const std::string& separator);

/// Result types the builders track, to keep expressions well-typed in both engines and away from
/// the places where Spark's and PostgreSQL's typing rules disagree.
enum class Ty { kInt, kBigint, kDecimal, kDouble, kString, kBool, kDate, kTimestamp };

struct Ex {
  Sql sql;
  Ty type;
};

struct Aggregate {
  Sql sql;
  bool statistical = false;  ///< stddev/variance: compared with a looser tolerance
};

/// Random expressions over the generated tables. `q` is a table qualifier such as "l." or "" that
/// prefixes column names.
class ExpressionGenerator {
 public:
  /// `aggregateFilter`: whether aggregates may carry FILTER (WHERE …) (see GeneratorOptions).
  ExpressionGenerator(Random& rnd, bool aggregateFilter)
      : rnd_(rnd), aggregateFilter_(aggregateFilter) {}

  // t1(id, g, k, n, x, y, s, b, d, ts, z)
  Sql t1Predicate(const std::string& q, int depth = 2);
  Ex t1Numeric(const std::string& q, int depth = 2, bool allowDecimal = true);
  Ex t1String(const std::string& q, int depth = 1);
  Aggregate t1Aggregate(const std::string& q);
  /// A grouping key: a column or an expression (k % 3, a CASE, substr, month(d) …).
  Ex t1GroupKey(const std::string& q);
  /// A column of t1, any type.
  Ex t1Column(const std::string& q);
  /// A sort key `expr ASC|DESC NULLS FIRST|LAST` whose values are computed identically by both
  /// engines (no aggregates).
  Sql t1SortKey(const std::string& q);

  // t2(k, name, w, qty)
  Sql t2Predicate(const std::string& q, int depth = 1);
  Ex t2Column(const std::string& q);

  Sql likePattern();
  /// LIKE, NOT LIKE, ILIKE or NOT ILIKE.
  Sql likeOperator();
  Sql nullsOrder();
  Sql direction();
  /// A literal of column `name`'s range (for comparisons), rendered so that a minus sign never
  /// follows another operator ("(-5)").
  std::string literalFor(const std::string& name);
  /// " BETWEEN lo AND hi" over literals of column `name`, usually with lo <= hi.
  std::string betweenFor(const std::string& name);

 private:
  Sql t1Atom(const std::string& q);
  Ex t1NumericAtom(const std::string& q, bool allowDecimal);
  Ex t1Integral(const std::string& q);
  Random& rnd_;
  bool aggregateFilter_;
};

std::string intLiteral(int64_t v);
std::string quoted(const std::string& s);
Ty widerNumeric(Ty a, Ty b);
bool isIntegral(Ty t);

}  // namespace spate::differential
