// Query templates, one function per category. Each fills its random parts from an
// ExpressionGenerator (whose notes list the dialect translations). Templates that use ORDER BY to
// fix the row order make it total — a unique key (id) or every output column as the last keys —
// and set `ordered`; LIMIT only appears with such an order.
#include "query_generator.h"

#include <functional>
#include <set>
#include <stdexcept>

#include "expression_generator.h"
#include "random.h"

namespace spate::differential {

namespace {

constexpr double kStatisticalTolerance = 1e-6;

// Over empty input, Spark 3.5 returns no rows for CUBE/ROLLUP/GROUPING SETS, not even the grand
// total of the empty grouping set (SPARK-29701; fixed only in later Spark versions); PostgreSQL
// returns the grand total as the standard says. Every group of a non-empty input has at least one
// row, so this HAVING on the PostgreSQL side changes nothing else.
const Sql kNoGrandTotalOverEmptyInput{"", " HAVING count(*) > 0"};

class QueryGenerator {
 public:
  QueryGenerator(uint64_t seed, const GeneratorOptions& options)
      : rnd_(seed), ex_(rnd_, options.aggregateFilter), options_(options) {}

  using Template = std::function<Query(QueryGenerator&)>;
  static const std::vector<std::pair<std::string, Template>>& templates();
  Query generate(const Template& fn) {
    statistical_ = false;
    return fn(*this);
  }

 private:
  Query filter();
  Query caseWhen();
  Query like();
  Query threeValued();
  Query arithmetic();
  Query strings();
  Query groupBy();
  Query globalAggregate();
  Query cube();
  Query rollup();
  Query groupingSets();
  Query innerJoin();
  Query outerJoin();
  Query joinAggregate();
  Query orderLimit();
  Query unionAll();
  Query setOperation();
  Query distinct();
  Query subquery();
  Query datetime();

  Query make(const Sql& sql, bool ordered = false) {
    return Query{"", sql.spark, sql.pg, ordered, statistical_ ? kStatisticalTolerance : 1e-9};
  }
  /// Up to `max` aggregates (at least one), noting whether any is a stddev/variance.
  std::vector<Sql> aggregates(const std::string& q, int max);
  /// "" or " WHERE <predicate>" on t1.
  Sql optionalWhere(const std::string& q, double chance = 0.6);
  /// `n` different grouping keys (CUBE(g, g) is legal but not what a test wants).
  std::vector<Sql> groupKeys(size_t n) {
    std::vector<Sql> keys;
    while (keys.size() < n) {
      Sql k = ex_.t1GroupKey("").sql;
      bool repeated = false;
      for (const Sql& e : keys) repeated = repeated || e.spark == k.spark;
      if (!repeated) keys.push_back(k);
    }
    return keys;
  }
  /// Null-safe equality: Spark's `<=>` (or its IS NOT DISTINCT FROM), PostgreSQL's IS NOT
  /// DISTINCT FROM.
  Sql nullSafeEquals(const std::string& a, const std::string& b) {
    return Sql{a + (rnd_.chance(0.7) ? " <=> " : " IS NOT DISTINCT FROM ") + b,
               a + " IS NOT DISTINCT FROM " + b};
  }
  /// Mostly small (top-N), sometimes most of the table.
  Sql limit() {
    return same(" LIMIT " +
                std::to_string(rnd_.chance(0.85) ? rnd_.range(1, 25) : rnd_.range(100, 350)));
  }
  /// A derived table over t1 or t2 with a random filter (keeps outer joins' ON conditions pure).
  Sql filteredT1(const std::string& columns);
  Sql filteredT2();

  Random rnd_;
  ExpressionGenerator ex_;
  GeneratorOptions options_;
  bool statistical_ = false;
};

const std::vector<std::pair<std::string, QueryGenerator::Template>>& QueryGenerator::templates() {
  static const std::vector<std::pair<std::string, Template>> kTemplates = {
      {"filter", &QueryGenerator::filter},
      {"case_when", &QueryGenerator::caseWhen},
      {"like", &QueryGenerator::like},
      {"in_between_null", &QueryGenerator::threeValued},
      {"arithmetic", &QueryGenerator::arithmetic},
      {"strings", &QueryGenerator::strings},
      {"group_by", &QueryGenerator::groupBy},
      {"global_aggregate", &QueryGenerator::globalAggregate},
      {"cube", &QueryGenerator::cube},
      {"rollup", &QueryGenerator::rollup},
      {"grouping_sets", &QueryGenerator::groupingSets},
      {"inner_join", &QueryGenerator::innerJoin},
      {"outer_join", &QueryGenerator::outerJoin},
      {"join_aggregate", &QueryGenerator::joinAggregate},
      {"order_limit", &QueryGenerator::orderLimit},
      {"union_all", &QueryGenerator::unionAll},
      {"set_operation", &QueryGenerator::setOperation},
      {"distinct", &QueryGenerator::distinct},
      {"subquery", &QueryGenerator::subquery},
      {"datetime", &QueryGenerator::datetime},
  };
  return kTemplates;
}

std::vector<Sql> QueryGenerator::aggregates(const std::string& q, int max) {
  std::vector<Sql> out;
  int count = static_cast<int>(rnd_.range(1, max));
  for (int i = 0; i < count; ++i) {
    Aggregate a = ex_.t1Aggregate(q);
    statistical_ = statistical_ || a.statistical;
    out.push_back(a.sql);
  }
  return out;
}

Sql QueryGenerator::optionalWhere(const std::string& q, double chance) {
  if (!rnd_.chance(chance)) return {};
  return " WHERE " + ex_.t1Predicate(q);
}

Sql QueryGenerator::filteredT1(const std::string& columns) {
  if (rnd_.chance(0.3)) return same("t1");
  return "(SELECT " + columns + " FROM t1 WHERE " + ex_.t1Predicate("", 1) + ")";
}

Sql QueryGenerator::filteredT2() {
  if (rnd_.chance(0.4)) return same("t2");
  return "(SELECT * FROM t2 WHERE " + ex_.t2Predicate("", 1) + ")";
}

Query QueryGenerator::filter() {
  if (rnd_.chance(0.25)) return make("SELECT * FROM t1 WHERE " + ex_.t1Predicate(""));
  std::vector<Sql> columns = {same("id")};
  int extra = static_cast<int>(rnd_.range(1, 3));
  for (int i = 0; i < extra; ++i) columns.push_back(ex_.t1Column("").sql);
  return make("SELECT " + joinSql(columns, ", ") + " FROM t1 WHERE " + ex_.t1Predicate("", 3));
}

Query QueryGenerator::caseWhen() {
  std::vector<Sql> columns = {same("id")};
  // Searched CASE with numeric branches (INT/BIGINT/DOUBLE/DECIMAL widen alike in both).
  Sql searched = same("CASE");
  int branches = static_cast<int>(rnd_.range(1, 3));
  for (int i = 0; i < branches; ++i)
    searched = searched + " WHEN " + ex_.t1Predicate("", 1) + " THEN " + ex_.t1Numeric("", 1).sql;
  if (rnd_.chance(0.7)) searched = searched + " ELSE " + ex_.t1Numeric("", 1).sql;
  columns.push_back(searched + " END AS c1");
  // Simple CASE over the group column, with and without ELSE.
  Sql simple = same("CASE g WHEN 'alpha' THEN 1 WHEN 'beta' THEN 2 WHEN 'gamma' THEN 3");
  simple = simple + (rnd_.chance(0.5) ? " ELSE 0 END AS c2" : " END AS c2");
  columns.push_back(simple);
  if (rnd_.chance(0.6)) columns.push_back(ex_.t1String("", 1).sql + " AS c3");
  if (rnd_.chance(0.3))
    columns.push_back("CASE WHEN " + ex_.t1Predicate("", 1) + " THEN TRUE WHEN " +
                      ex_.t1Predicate("", 0) + " THEN FALSE END AS c4");
  return make("SELECT " + joinSql(columns, ", ") + " FROM t1" + optionalWhere("", 0.5));
}

Query QueryGenerator::like() {
  if (rnd_.chance(0.4)) {
    // LIKE as a value: NULL for NULL input in both.
    return make("SELECT id, s, s" + ex_.likeOperator() + ex_.likePattern() + " AS m1, g" +
                ex_.likeOperator() + ex_.likePattern() + " AS m2 FROM t1" + optionalWhere("", 0.3));
  }
  Sql p = "s" + ex_.likeOperator() + ex_.likePattern();
  if (rnd_.chance(0.5))
    p = "(" + p + (rnd_.chance(0.5) ? " OR " : " AND ") + (rnd_.chance(0.5) ? "g" : "s") +
        ex_.likeOperator() + ex_.likePattern() + ")";
  if (rnd_.chance(0.3)) p = p + " AND " + ex_.t1Predicate("", 1);
  return make("SELECT id, g, s FROM t1 WHERE " + p);
}

Query QueryGenerator::threeValued() {
  // Predicates as values: IN with NULLs, BETWEEN, IS NULL, AND/OR over NULL all three-valued.
  std::vector<Sql> columns = {same("id")};
  int n = static_cast<int>(rnd_.range(2, 4));
  for (int i = 0; i < n; ++i)
    columns.push_back(ex_.t1Predicate("", 1) + " AS p" + std::to_string(i));
  if (rnd_.chance(0.5)) columns.push_back(same("COALESCE(k, n, -1) AS c"));
  return make("SELECT " + joinSql(columns, ", ") + " FROM t1" + optionalWhere("", 0.4));
}

Query QueryGenerator::arithmetic() {
  std::vector<Sql> columns = {same("id")};
  int n = static_cast<int>(rnd_.range(1, 3));
  for (int i = 0; i < n; ++i)
    columns.push_back(ex_.t1Numeric("", 2).sql + " AS e" + std::to_string(i));
  return make("SELECT " + joinSql(columns, ", ") + " FROM t1" + optionalWhere("", 0.5));
}

Query QueryGenerator::strings() {
  std::vector<Sql> columns = {same("id")};
  int n = static_cast<int>(rnd_.range(1, 3));
  for (int i = 0; i < n; ++i)
    columns.push_back(ex_.t1String("", 1).sql + " AS v" + std::to_string(i));
  Sql where = rnd_.chance(0.5) ? " WHERE " + ex_.t1String("", 0).sql + " IS NOT NULL" : Sql{};
  return make("SELECT " + joinSql(columns, ", ") + " FROM t1" + where);
}

Query QueryGenerator::groupBy() {
  std::vector<Sql> keys = groupKeys(rnd_.chance(0.35) ? 2 : 1);
  std::vector<Sql> select;
  for (size_t i = 0; i < keys.size(); ++i) select.push_back(keys[i] + " AS k" + std::to_string(i));
  for (const Sql& a : aggregates("", 4)) select.push_back(a);
  // Sometimes by ordinal: GROUP BY 1, 2 means the first select items in both.
  Sql groupBy = joinSql(keys, ", ");
  if (rnd_.chance(0.2)) groupBy = same(keys.size() == 1 ? "1" : "1, 2");
  Sql sql = "SELECT " + joinSql(select, ", ") + " FROM t1" + optionalWhere("", 0.4) + " GROUP BY " +
            groupBy;
  if (rnd_.chance(0.35)) {
    static const std::vector<std::string> kHaving = {
        "count(*) > 3",    "count(*) >= 20", "sum(k) > 100",         "avg(x) > 0",
        "max(y) > 500000", "min(s) < 'm'",   "count(DISTINCT n) > 5"};
    sql = sql + " HAVING " + rnd_.pick(kHaving);
  }
  return make(sql);
}

Query QueryGenerator::globalAggregate() {
  std::vector<Sql> select = aggregates("", 5);
  // An always-false filter checks the empty-input row (count 0, others NULL) now and then.
  Sql where = rnd_.chance(0.1) ? same(" WHERE id < 0") : optionalWhere("", 0.7);
  return make("SELECT " + joinSql(select, ", ") + " FROM t1" + where);
}

Query QueryGenerator::cube() {
  std::vector<Sql> keys = groupKeys(2);
  const Sql &a = keys[0], &b = keys[1];
  std::vector<Sql> select = {a + " AS k0", b + " AS k1", "grouping(" + a + ") AS ga"};
  if (rnd_.chance(0.5)) select.push_back("grouping(" + b + ") AS gb");
  // Spark's grouping_id(cols) must list the grouping columns in order; PostgreSQL's
  // GROUPING(a, b) gives the same bit mask.
  if (rnd_.chance(0.4))
    select.push_back(Sql{"grouping_id(" + a.spark + ", " + b.spark + ") AS gid",
                         "GROUPING(" + a.pg + ", " + b.pg + ") AS gid"});
  for (const Sql& agg : aggregates("", 3)) select.push_back(agg);
  return make("SELECT " + joinSql(select, ", ") + " FROM t1" + optionalWhere("", 0.3) +
              " GROUP BY CUBE(" + a + ", " + b + ")" + kNoGrandTotalOverEmptyInput);
}

Query QueryGenerator::rollup() {
  std::vector<Sql> keys = groupKeys(rnd_.chance(0.3) ? 3 : 2);
  std::vector<Sql> select;
  for (size_t i = 0; i < keys.size(); ++i) select.push_back(keys[i] + " AS k" + std::to_string(i));
  if (rnd_.chance(0.6)) select.push_back("grouping(" + keys.back() + ") AS gl");
  for (const Sql& agg : aggregates("", 3)) select.push_back(agg);
  Sql sql = "SELECT " + joinSql(select, ", ") + " FROM t1" + optionalWhere("", 0.3) +
            " GROUP BY ROLLUP(" + joinSql(keys, ", ") + ")";
  sql = sql + (rnd_.chance(0.2) ? same(" HAVING count(*) > 2") : kNoGrandTotalOverEmptyInput);
  return make(sql);
}

Query QueryGenerator::groupingSets() {
  std::vector<Sql> keys = groupKeys(2);
  const Sql &a = keys[0], &b = keys[1];
  static const std::vector<std::string> kShapes = {"((a, b), (a), ())", "((a), (b))",
                                                   "((a, b), (b))", "((a), (b), ())"};
  std::string shape = rnd_.pick(kShapes);
  Sql sets;
  for (char c : shape) {
    if (c == 'a')
      sets = sets + a;
    else if (c == 'b')
      sets = sets + b;
    else
      sets = sets + std::string(1, c);
  }
  std::vector<Sql> select = {a + " AS k0", b + " AS k1", "grouping(" + a + ") AS ga",
                             "grouping(" + b + ") AS gb"};
  for (const Sql& agg : aggregates("", 3)) select.push_back(agg);
  return make("SELECT " + joinSql(select, ", ") + " FROM t1" + optionalWhere("", 0.3) +
              " GROUP BY GROUPING SETS " + sets + kNoGrandTotalOverEmptyInput);
}

Query QueryGenerator::innerJoin() {
  switch (rnd_.range(0, 10)) {
    case 0:
    case 1: {
      Sql on = rnd_.chance(0.25) ? nullSafeEquals("l.k", "r.k") : same("l.k = r.k");
      if (rnd_.chance(0.4)) on = on + " AND " + ex_.t2Predicate("r.", 0);
      if (rnd_.chance(0.2)) on = on + " AND l.x > r.w";
      return make("SELECT l.id, l.g, " + ex_.t1Column("l.").sql +
                  ", r.name, r.w FROM t1 l JOIN t2 r ON " + on + optionalWhere("l.", 0.6));
    }
    case 2:
      return make("SELECT l.id, l.g, m.label, m.weight, " + ex_.t1Numeric("l.", 1).sql +
                  " AS e FROM t1 l JOIN t3 m ON l.g = m.g" + optionalWhere("l.", 0.5));
    case 3:
      return make(
          "SELECT l.id, r.name, m.label FROM t1 l JOIN t2 r ON l.k = r.k JOIN t3 m ON l.g = "
          "m.g WHERE " +
          ex_.t1Predicate("l.", 1));
    case 4:  // a non-equi join (nested loops)
      return make(same("SELECT m.g, m.weight, r.k, r.qty FROM t3 m JOIN t2 r ON r.qty BETWEEN "
                       "m.weight AND m.weight + ") +
                  std::to_string(rnd_.range(2, 10)));
    case 5:  // USING: the key appears once
      return make("SELECT k, l.id, r.name FROM t1 l JOIN t2 r USING (k)" +
                  optionalWhere("l.", 0.6));
    case 6:  // an expression as the join key
      return make("SELECT l.id, l.n, r.qty, r.name FROM t1 l JOIN t2 r ON l.n = r.qty % 7 - 3" +
                  optionalWhere("l.", 0.5));
    case 8:  // a DOUBLE key: -0.0 joins 0.0 in both
      return make(
          same("SELECT p1.id, p2.id AS id2, p1.x FROM t1 p1 JOIN t1 p2 ON p1.x = p2.x AND p1.id < "
               "p2.id"));
    case 9:  // many duplicate keys on both sides, aggregated
      return make(same(
          "SELECT p1.g, count(*) AS c, sum(p2.y) AS sy, count(DISTINCT p2.id) AS ids FROM t1 p1 "
          "JOIN t1 p2 ON p1.k = p2.k GROUP BY p1.g"));
    case 7:
      return make("SELECT l.id, m.label FROM t1 l CROSS JOIN t3 m WHERE " +
                  ex_.t1Predicate("l.", 1) + " AND m.weight > " +
                  std::to_string(rnd_.range(1, 15)));
    default:  // a self join on different columns
      return make(
          same("SELECT p1.id, p2.id AS id2, p1.k, p2.n FROM t1 p1 JOIN t1 p2 ON p1.k = p2.n "
               "AND p1.g = p2.g WHERE p1.id < " +
               std::to_string(rnd_.range(50, 200))));
  }
}

Query QueryGenerator::outerJoin() {
  static const std::vector<std::string> kKinds = {"LEFT",       "RIGHT",       "FULL",
                                                  "LEFT OUTER", "RIGHT OUTER", "FULL OUTER"};
  std::string kind = rnd_.pick(kKinds);
  bool full = kind.rfind("FULL", 0) == 0;
  switch (rnd_.range(0, 3)) {
    case 0:
    case 1: {
      // PostgreSQL's FULL JOIN needs a hashable or mergeable condition: a plain equality, no
      // null-safe one, no extra filters.
      Sql on = !full && rnd_.chance(0.25) ? nullSafeEquals("l.k", "r.k") : same("l.k = r.k");
      if (!full && rnd_.chance(0.4)) on = on + " AND " + ex_.t2Predicate("r.", 0);
      return make("SELECT l.id, l.k, l.g, r.k AS rk, r.name, r.w FROM " +
                  filteredT1("id, k, g, x") + " l " + kind + " JOIN " + filteredT2() + " r ON " +
                  on);
    }
    case 2:
      return make("SELECT l.id, l.g, m.g AS mg, m.label FROM " + filteredT1("id, g") + " l " +
                  kind + " JOIN t3 m ON l.g = m.g");
    default: {
      // Anti-join shape: rows without a partner, and COALESCE over both sides.
      Sql where =
          full ? same(" WHERE l.id IS NULL OR r.k IS NULL")
               : same(kind.rfind("LEFT", 0) == 0 ? " WHERE r.k IS NULL" : " WHERE l.id IS NULL");
      return make("SELECT COALESCE(l.k, r.k) AS key, l.id, r.name FROM " + filteredT1("id, k") +
                  " l " + kind + " JOIN " + filteredT2() + " r ON l.k = r.k" + where);
    }
  }
}

Query QueryGenerator::joinAggregate() {
  switch (rnd_.range(0, 3)) {
    case 0: {
      std::string kind = rnd_.chance(0.5) ? "JOIN" : "LEFT JOIN";
      return make(
          "SELECT r.name, count(*) AS c, count(l.id) AS cl, sum(l.x) AS sx, max(r.w) AS mw "
          "FROM t1 l " +
          kind + " t2 r ON l.k = r.k" + optionalWhere("l.", 0.5) + " GROUP BY r.name");
    }
    case 1:
      return make(
          same("SELECT m.label, count(l.id) AS c, avg(l.y) AS ay, min(l.s) AS ms FROM t3 m "
               "LEFT JOIN t1 l ON l.g = m.g GROUP BY m.label"));
    case 2: {
      std::vector<Sql> select = {same("l.g"), same("count(DISTINCT r.name) AS names"),
                                 same("sum(r.qty) AS q")};
      for (const Sql& agg : aggregates("l.", 2)) select.push_back(agg);
      return make("SELECT " + joinSql(select, ", ") + " FROM t1 l JOIN t2 r ON l.k = r.k" +
                  optionalWhere("l.", 0.5) + " GROUP BY l.g");
    }
    default:
      return make(
          same("SELECT l.g, r.name, count(*) AS c, sum(r.w) AS sw FROM t1 l JOIN t2 r ON "
               "l.k = r.k GROUP BY ROLLUP(l.g, r.name)"));
  }
}

Query QueryGenerator::orderLimit() {
  switch (rnd_.range(0, 4)) {
    case 0:
    case 1: {
      // id last makes the order total.
      std::vector<Sql> keys = {ex_.t1SortKey("")};
      if (rnd_.chance(0.4)) keys.push_back(ex_.t1SortKey(""));
      keys.push_back(same(rnd_.chance(0.5) ? "id" : "id DESC"));
      Sql columns = same("id, g, k, x, s");
      if (rnd_.chance(0.3)) columns = columns + ", " + ex_.t1Numeric("", 1).sql + " AS e";
      Sql sql = "SELECT " + columns + " FROM t1" + optionalWhere("", 0.5) + " ORDER BY " +
                joinSql(keys, ", ");
      if (rnd_.chance(0.8)) sql = sql + limit();
      return make(sql, true);
    }
    case 2: {
      // Top groups: the key is unique per group, so ordering by the aggregate then the key is
      // total.
      Ex key = ex_.t1GroupKey("");
      std::vector<Sql> aggs = aggregates("", 2);
      Sql sql = "SELECT " + key.sql + " AS key, count(*) AS c, " + joinSql(aggs, ", ") +
                " FROM t1" + optionalWhere("", 0.4) + " GROUP BY " + key.sql + " ORDER BY c" +
                ex_.direction() + ", key" + ex_.direction() + ex_.nullsOrder();
      if (rnd_.chance(0.6)) sql = sql + limit();
      return make(sql, true);
    }
    case 3: {
      // LIMIT below an aggregation: the total order (id last) fixes which rows are kept.
      Sql sql = "SELECT g, count(*) AS c, sum(x) AS sx, max(s) AS ms FROM (SELECT g, x, s FROM t1" +
                optionalWhere("", 0.4) + " ORDER BY " + ex_.t1SortKey("") + ", id LIMIT " +
                std::to_string(rnd_.range(5, 150)) + ") v GROUP BY g";
      return make(sql);
    }
    default: {
      // Every output column is a sort key: identical rows may tie, differing ones cannot.
      Sql sql = "SELECT l.g, r.name, r.w FROM t1 l JOIN t2 r ON l.k = r.k ORDER BY r.w" +
                ex_.direction() + ex_.nullsOrder() + ", l.g" + ex_.nullsOrder() + ", r.name" +
                ex_.nullsOrder() + limit();
      return make(sql, true);
    }
  }
}

Query QueryGenerator::unionAll() {
  switch (rnd_.range(0, 4)) {
    case 0:
      return make("SELECT id AS a, g AS v FROM t1 WHERE " + ex_.t1Predicate("", 1) +
                  " UNION ALL SELECT k, name FROM t2 WHERE " + ex_.t2Predicate("", 1));
    case 1:  // INT, BIGINT and DOUBLE widen alike
      return make("SELECT y AS v FROM t1 WHERE " + ex_.t1Predicate("", 1) +
                  " UNION ALL SELECT k FROM t2 UNION ALL SELECT w FROM t2 WHERE " +
                  ex_.t2Predicate("", 0));
    case 2:
      return make(
          same("SELECT v, count(*) AS c FROM (SELECT g AS v FROM t1 UNION ALL SELECT name "
               "FROM t2 UNION ALL SELECT label FROM t3) u GROUP BY v"));
    case 3: {
      Sql sql = "SELECT k, s AS v FROM t1 WHERE " + ex_.t1Predicate("", 1) +
                " UNION ALL SELECT qty, name FROM t2 ORDER BY k" + ex_.direction() +
                ex_.nullsOrder() + ", v" + ex_.direction() + ex_.nullsOrder() + limit();
      return make(sql, true);
    }
    default:
      return make("SELECT g, count(*) AS c, sum(x) AS sx FROM (SELECT g, x FROM t1 WHERE " +
                  ex_.t1Predicate("", 1) + " UNION ALL SELECT g, x FROM t1 WHERE " +
                  ex_.t1Predicate("", 1) + ") u GROUP BY g");
  }
}

Query QueryGenerator::setOperation() {
  static const std::vector<std::string> kOps = {"UNION",         "INTERSECT",  "EXCEPT",
                                                "INTERSECT ALL", "EXCEPT ALL", "UNION ALL"};
  std::string op = rnd_.pick(kOps);
  if (rnd_.chance(0.5))
    return make("SELECT k FROM t1 WHERE " + ex_.t1Predicate("", 1) + " " + op +
                " SELECT k FROM t2 WHERE " + ex_.t2Predicate("", 1));
  return make("SELECT g, b FROM t1 WHERE " + ex_.t1Predicate("", 1) + " " + op +
              " SELECT g, b FROM t1 WHERE " + ex_.t1Predicate("", 1));
}

Query QueryGenerator::distinct() {
  switch (rnd_.range(0, 3)) {
    case 0: {
      std::vector<Sql> keys = groupKeys(2);
      return make("SELECT DISTINCT " + keys[0] + " AS a, " + keys[1] + " AS b FROM t1" +
                  optionalWhere("", 0.5));
    }
    case 1:
      return make("SELECT DISTINCT l.g, r.name FROM t1 l JOIN t2 r ON l.k = r.k" +
                  optionalWhere("l.", 0.5));
    case 2: {
      Sql key = ex_.t1GroupKey("").sql;
      return make("SELECT DISTINCT " + key + " AS a FROM t1" + optionalWhere("", 0.5) +
                      (rnd_.chance(0.3) ? " ORDER BY 1" : " ORDER BY a") + ex_.direction() +
                      ex_.nullsOrder() + limit(),
                  true);
    }
    default:
      return make(
          same("SELECT count(DISTINCT g) AS a, count(DISTINCT s) AS b, count(DISTINCT k) AS "
               "c, count(DISTINCT y) AS d FROM t1") +
          optionalWhere("", 0.8));
  }
}

Query QueryGenerator::subquery() {
  // Derived tables and WITH; subquery expressions only when enabled (see GeneratorOptions).
  int shape = static_cast<int>(rnd_.range(0, options_.subqueryExpressions ? 12 : 6));
  switch (shape) {
    case 0: {
      Ex key = ex_.t1GroupKey("");
      return make("SELECT v.key, v.c, v.sx FROM (SELECT " + key.sql +
                  " AS key, count(*) AS c, sum(x) AS sx FROM t1 GROUP BY " + key.sql +
                  ") v WHERE v.c > " + std::to_string(rnd_.range(1, 40)));
    }
    case 1:
      return make("WITH big AS (SELECT k, count(*) AS c FROM t1 WHERE " + ex_.t1Predicate("", 1) +
                  " GROUP BY k) SELECT big.k, big.c, r.name FROM big JOIN t2 r ON big.k = r.k");
    case 2:
      return make("WITH a AS (SELECT g, k, x FROM t1 WHERE " + ex_.t1Predicate("", 1) +
                  "), b AS (SELECT k, sum(w) AS sw, count(*) AS c FROM t2 GROUP BY k) SELECT a.g, "
                  "count(*) AS rows, sum(b.sw) AS sw, max(a.x) AS mx FROM a JOIN b ON a.k = b.k "
                  "GROUP BY a.g");
    case 3:  // two levels of derived tables
      return make(
          "SELECT key, c FROM (SELECT key, count(*) AS c FROM (SELECT (k % 5) AS key FROM t1 "
          "WHERE " +
          ex_.t1Predicate("", 1) + ") u GROUP BY key) v WHERE c > " +
          std::to_string(rnd_.range(1, 30)));
    case 4:
      return make("SELECT v.g, v.k, r.name FROM (SELECT DISTINCT g, k FROM t1 WHERE " +
                  ex_.t1Predicate("", 1) + ") v JOIN t2 r ON v.k = r.k");
    case 5:
    case 6: {
      // Spark's LEFT SEMI / LEFT ANTI JOIN are EXISTS / NOT EXISTS in PostgreSQL. A NULL key
      // never matches, so the anti join keeps those rows in both.
      bool anti = shape == 6;
      Sql condition = ex_.t2Predicate("r.", 0);
      return make(Sql{"SELECT l.id, l.k, l.g FROM t1 l LEFT " +
                          std::string(anti ? "ANTI" : "SEMI") + " JOIN t2 r ON l.k = r.k AND " +
                          condition.spark,
                      "SELECT l.id, l.k, l.g FROM t1 l WHERE " + std::string(anti ? "NOT " : "") +
                          "EXISTS (SELECT 1 FROM t2 r WHERE l.k = r.k AND " + condition.pg + ")"});
    }
    case 7:
      return make("SELECT id, k, g FROM t1 WHERE k IN (SELECT k FROM t2 WHERE " +
                  ex_.t2Predicate("", 1) + ")");
    case 8: {
      // NOT IN is NULL-aware: any NULL from the subquery empties the result (in both).
      Sql inner = rnd_.chance(0.8) ? same("k IS NOT NULL AND ") : Sql{};
      return make("SELECT id, k FROM t1 WHERE k NOT IN (SELECT k FROM t2 WHERE " + inner +
                  ex_.t2Predicate("", 0) + ")");
    }
    case 9:
      return make("SELECT l.id, l.k, l.g FROM t1 l WHERE " + same(rnd_.chance(0.5) ? "NOT " : "") +
                  "EXISTS (SELECT 1 FROM t2 r WHERE r.k = l.k AND " + ex_.t2Predicate("r.", 0) +
                  ")");
    case 10: {
      static const std::vector<std::string> kScalars = {
          "(SELECT avg(w) FROM t2)", "(SELECT max(k) FROM t2) - 10", "(SELECT min(w) FROM t2) * 3"};
      return make(same("SELECT id, x FROM t1 WHERE x > " + rnd_.pick(kScalars)));
    }
    case 11:  // correlated scalar subquery: count() of no rows is 0, not NULL
      return make(
          "SELECT l.id, (SELECT count(*) FROM t2 r WHERE r.k = l.k) AS c, (SELECT max(r.w) "
          "FROM t2 r WHERE r.k = l.k) AS mw FROM t1 l WHERE " +
          ex_.t1Predicate("l.", 1));
    default:
      // count(*) / 10 is DOUBLE division in Spark: the PostgreSQL side casts.
      return make(
          Sql{"SELECT g, c FROM (SELECT g, count(*) AS c FROM t1 GROUP BY g) v WHERE c > "
              "(SELECT count(*) / 10 FROM t1 WHERE k < 5)",
              "SELECT g, c FROM (SELECT g, count(*) AS c FROM t1 GROUP BY g) v WHERE c > "
              "(SELECT CAST(count(*) AS DOUBLE PRECISION) / 10 FROM t1 WHERE k < 5)"});
  }
}

Query QueryGenerator::datetime() {
  switch (rnd_.range(0, 6)) {
    case 0:
      return make("SELECT id, d, ts FROM t1 WHERE " + same("d" + ex_.betweenFor("d")) +
                  (rnd_.chance(0.5) ? " OR ts >= " + same(ex_.literalFor("ts")) : Sql{}));
    case 1: {
      int days = static_cast<int>(rnd_.range(1, 40));
      return make(Sql{"SELECT id, CAST(ts AS DATE) AS td, date_add(d, " + std::to_string(days) +
                          ") AS d2, datediff(d, DATE '2024-01-01') AS dd FROM t1",
                      "SELECT id, CAST(ts AS DATE) AS td, d + " + std::to_string(days) +
                          " AS d2, d - DATE '2024-01-01' AS dd FROM t1"} +
                  optionalWhere("", 0.5));
    }
    case 2: {
      static const std::vector<std::pair<std::string, std::string>> kParts = {
          {"month(d)", "EXTRACT(MONTH FROM d)"},         {"dayofmonth(d)", "EXTRACT(DAY FROM d)"},
          {"hour(ts)", "EXTRACT(HOUR FROM ts)"},         {"year(d)", "EXTRACT(YEAR FROM d)"},
          {"dayofweek(d)", "(EXTRACT(DOW FROM d) + 1)"}, {"minute(ts)", "EXTRACT(MINUTE FROM ts)"}};
      const auto& [spark, pg] = rnd_.pick(kParts);
      Sql part{spark, pg};
      return make("SELECT " + part +
                  " AS p, count(*) AS c, min(ts) AS mt, max(d) AS md FROM t1 GROUP BY " + part);
    }
    case 3: {
      static const std::vector<std::string> kUnits = {"year", "month", "week", "day", "hour"};
      Sql trunc = same("date_trunc('" + rnd_.pick(kUnits) + "', ts)");
      return make("SELECT " + trunc + " AS t, count(*) AS c, sum(k) AS sk FROM t1 GROUP BY " +
                  trunc);
    }
    case 4: {
      static const std::vector<std::string> kIntervals = {"INTERVAL '3' HOUR", "INTERVAL '2' DAY",
                                                          "INTERVAL '90' MINUTE"};
      std::string interval = rnd_.pick(kIntervals);
      return make(same("SELECT id, ts, ts + " + interval + " AS later, ts - " + interval +
                       " AS earlier FROM t1 WHERE ts < ") +
                  ex_.literalFor("ts"));
    }
    case 5:
      return make("SELECT id, ts, d, " + Sql{"CAST(ts AS STRING)", "CAST(ts AS TEXT)"} +
                      " AS tss FROM t1 ORDER BY ts" + ex_.direction() + ex_.nullsOrder() + ", id" +
                      limit(),
                  true);
    default:
      return make("SELECT g, min(d) AS a, max(d) AS b, min(ts) AS c, max(ts) AS e FROM t1" +
                  optionalWhere("", 0.5) + " GROUP BY g");
  }
}

}  // namespace

std::vector<Query> generateQueries(uint64_t seed, int count, const GeneratorOptions& options) {
  QueryGenerator generator(seed, options);
  const auto& templates = QueryGenerator::templates();
  std::vector<Query> out;
  std::set<std::string> seen;
  for (int i = 0; static_cast<int>(out.size()) < count; ++i) {
    const auto& [name, fn] = templates[static_cast<size_t>(i) % templates.size()];
    // A few retries for a new query; some templates have few distinct shapes.
    for (int attempt = 0; attempt < 20; ++attempt) {
      Query q = generator.generate(fn);
      if (!seen.insert(q.spark).second) continue;
      q.category = name;
      out.push_back(std::move(q));
      break;
    }
    if (i > count * 30)
      throw std::runtime_error("the query templates give too few distinct queries");
  }
  return out;
}

}  // namespace spate::differential
