// Queries: WITH, SELECT cores, set operations (INTERSECT binds tighter than UNION and EXCEPT),
// ORDER BY / LIMIT, grouping analytics, and relations (tables, streams, subqueries, VALUES, joins).
#include <algorithm>

#include "common/strings.h"
#include "sql/parser_internal.h"

namespace spate::sql_parser {

namespace {

constexpr int kMaxChain = 1000;  // set operations or joins in one chain

// Words that cannot be an implicit table alias: they start clauses that may follow a relation.
bool startsRelationClause(std::string_view w) {
  static constexpr std::string_view kWords[] = {"watermark", "window", "tablesample", "pivot",
                                                "unpivot",   "sort",   "cluster",     "distribute",
                                                "offset",    "lateral"};
  return std::find(std::begin(kWords), std::end(kWords), w) != std::end(kWords);
}

ParsedExprPtr starExpr() {
  auto star = std::make_shared<ParsedExpr>();
  star->kind = ParsedKind::kStar;
  star->text = "*";
  return star;
}

// The grouping sets of CUBE(m1, …, mk) in Spark's order: ((a, b), (a), (b), ()).
std::vector<std::vector<ParsedExprPtr>> cubeSets(
    const std::vector<std::vector<ParsedExprPtr>>& members) {
  std::vector<std::vector<ParsedExprPtr>> sets{{}};
  for (size_t k = members.size(); k-- > 0;) {
    std::vector<std::vector<ParsedExprPtr>> next;
    for (const auto& rest : sets) {
      std::vector<ParsedExprPtr> with = members[k];
      with.insert(with.end(), rest.begin(), rest.end());
      next.push_back(std::move(with));
    }
    next.insert(next.end(), sets.begin(), sets.end());
    sets = std::move(next);
  }
  return sets;
}

// ROLLUP(m1, …, mk): the prefixes, longest first.
std::vector<std::vector<ParsedExprPtr>> rollupSets(
    const std::vector<std::vector<ParsedExprPtr>>& members) {
  std::vector<std::vector<ParsedExprPtr>> sets;
  for (size_t n = members.size() + 1; n-- > 0;) {
    std::vector<ParsedExprPtr> set;
    for (size_t k = 0; k < n; ++k) set.insert(set.end(), members[k].begin(), members[k].end());
    sets.push_back(std::move(set));
  }
  return sets;
}

int indexIn(std::vector<ParsedExprPtr>& groupBy, const ParsedExprPtr& e) {
  for (size_t k = 0; k < groupBy.size(); ++k)
    if (sameExpr(*groupBy[k], *e)) return static_cast<int>(k);
  groupBy.push_back(e);
  return static_cast<int>(groupBy.size() - 1);
}

}  // namespace

bool Parser::atQueryStart(size_t k) const {
  return isWord("select", k) || isWord("with", k) || isWord("values", k) || isOp("(", k) ||
         (isWord("table", k) && atIdentifier(k + 1));
}

QueryPtr Parser::selectStarFrom(RelationPtr from) {
  auto q = std::make_shared<Query>();
  q->select.selectList = {starExpr()};
  q->select.from = std::move(from);
  return q;
}

QueryPtr Parser::withColumnAliases(QueryPtr query, std::string alias,
                                   std::vector<std::string> columns) {
  auto rel = std::make_shared<Relation>();
  rel->kind = Relation::Kind::kSubquery;
  rel->subquery = std::move(query);
  rel->alias = std::move(alias);
  rel->columnAliases = std::move(columns);
  return selectStarFrom(rel);
}

QueryPtr Parser::query() {
  DepthGuard guard(*this);
  std::vector<std::pair<std::string, QueryPtr>> ctes;
  if (acceptWord("with")) {
    do {
      size_t nameToken = pos_;
      std::string name = identifier();
      for (const auto& [existing, _] : ctes)
        if (equalsIgnoreCase(existing, name))
          raiseAt(nameToken, "DUPLICATED_CTE_NAMES",
                  "CTE definition can't have duplicate names: " + quoteIdentifier(name) + ".");
      std::vector<std::string> columns;
      if (isOp("(") && !atQueryStart(1)) columns = identifierList();
      acceptWord("as");
      expectOp("(");
      QueryPtr q = query();
      expectOp(")");
      if (!columns.empty()) q = withColumnAliases(q, name, std::move(columns));
      ctes.emplace_back(std::move(name), std::move(q));
    } while (acceptOp(","));
  }
  QueryPtr q = withOrderAndLimit(setExpression());
  if (ctes.empty()) return q;
  std::shared_ptr<Query> out;
  if (q->ctes.empty()) {
    out = std::make_shared<Query>(*q);
  } else {
    auto rel = std::make_shared<Relation>();
    rel->kind = Relation::Kind::kSubquery;
    rel->subquery = q;
    out = std::const_pointer_cast<Query>(selectStarFrom(rel));
  }
  out->ctes = std::move(ctes);
  return out;
}

QueryPtr Parser::setExpression() {
  QueryPtr left = intersectExpression();
  int count = 0;
  while (isWord("union") || isWord("except") || isWord("minus")) {
    if (++count > kMaxChain) failAt(pos_, ": too many set operations");
    auto q = std::make_shared<Query>();
    q->kind = Query::Kind::kSetOperation;
    q->setOperator = isWord("union") ? "union" : "except";
    ++pos_;
    q->setAll = acceptWord("all");
    if (!q->setAll) acceptWord("distinct");
    q->left = left;
    q->right = intersectExpression();
    left = q;
  }
  return left;
}

QueryPtr Parser::intersectExpression() {
  QueryPtr left = queryPrimary();
  int count = 0;
  while (acceptWord("intersect")) {
    if (++count > kMaxChain) failAt(pos_, ": too many set operations");
    auto q = std::make_shared<Query>();
    q->kind = Query::Kind::kSetOperation;
    q->setOperator = "intersect";
    q->setAll = acceptWord("all");
    if (!q->setAll) acceptWord("distinct");
    q->left = left;
    q->right = queryPrimary();
    left = q;
  }
  return left;
}

QueryPtr Parser::queryPrimary() {
  if (isWord("select")) return selectQuery();
  if (isWord("values")) return valuesQuery();
  if (isWord("table") && atIdentifier(1)) {
    ++pos_;
    auto rel = std::make_shared<Relation>();
    rel->tableName = multipartIdentifier();
    return selectStarFrom(rel);
  }
  if (acceptOp("(")) {
    QueryPtr q = query();
    expectOp(")");
    return q;
  }
  fail();
}

QueryPtr Parser::withOrderAndLimit(QueryPtr query) {
  std::vector<ParsedExprPtr> orderBy;
  std::optional<int64_t> limit;
  if (isWord("order") && isWord("by", 1)) {
    pos_ += 2;
    do {
      orderBy.push_back(sortItem());
    } while (acceptOp(","));
  }
  if (acceptWord("limit") && !acceptWord("all")) {
    size_t first = pos_;
    bool negative = acceptOp("-");
    if (peek().kind != TokenKind::kNumber) fail();
    ParsedExprPtr n = numberLiteral(negative, first);
    if (n->literalType->id() != TypeId::kInt)
      raiseAt(first, "INVALID_LIMIT_LIKE_EXPRESSION.DATA_TYPE",
              "The limit like expression \"" + n->text +
                  "\" is invalid. The limit expression must be integer type, but got \"" +
                  n->literalType->sql() + "\".");
    if (n->literal.asLong() < 0)
      raiseAt(first, "INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE",
              "The limit like expression \"" + n->text +
                  "\" is invalid. The limit expression must be equal to or greater than 0, but "
                  "got " +
                  std::to_string(n->literal.asLong()) + ".");
    limit = n->literal.asLong();
  }
  if (orderBy.empty() && !limit) return query;
  std::shared_ptr<Query> out;
  if (query->orderBy.empty() && !query->limit && query->ctes.empty()) {
    out = std::make_shared<Query>(*query);
  } else {
    // (SELECT … LIMIT 5) ORDER BY a: the inner query keeps its own clauses.
    auto rel = std::make_shared<Relation>();
    rel->kind = Relation::Kind::kSubquery;
    rel->subquery = query;
    out = std::const_pointer_cast<Query>(selectStarFrom(rel));
  }
  out->orderBy = std::move(orderBy);
  out->limit = limit;
  return out;
}

ParsedExprPtr Parser::sortItem() {
  size_t first = pos_;
  auto e = node(ParsedKind::kSortOrder);
  e->children = {expression()};
  if (acceptWord("desc")) {
    e->ascending = false;
  } else {
    acceptWord("asc");
  }
  // Spark's default: NULLS FIRST when ascending, NULLS LAST when descending.
  e->nullsFirst = e->ascending;
  if (acceptWord("nulls")) {
    if (acceptWord("first")) {
      e->nullsFirst = true;
    } else {
      expectWord("last");
      e->nullsFirst = false;
    }
  }
  return finish(e, first);
}

QueryPtr Parser::selectQuery() {
  expectWord("select");
  auto q = std::make_shared<Query>();
  SelectCore& core = q->select;
  core.distinct = acceptWord("distinct");
  if (!core.distinct) acceptWord("all");
  do {
    core.selectList.push_back(namedExpression());
  } while (acceptOp(","));
  if (acceptWord("from")) core.from = fromClause();
  if (acceptWord("where")) core.where = expression();
  if (isWord("group") && isWord("by", 1)) {
    pos_ += 2;
    groupByClause(core);
  }
  if (acceptWord("having")) core.having = expression();
  return q;
}

QueryPtr Parser::valuesQuery() { return selectStarFrom(valuesRelation()); }

std::vector<ParsedExprPtr> Parser::groupingSet() {
  if (!isOp("(")) return {expression()};
  // `(a, b)` is a set of expressions; `(a + b) * 2` is one expression.
  return alternatives(
      [&]() {
        ++pos_;
        std::vector<ParsedExprPtr> set;
        if (!isOp(")")) {
          do {
            set.push_back(expression());
          } while (acceptOp(","));
        }
        expectOp(")");
        if (!isOp(",") && !isOp(")")) fail();
        return set;
      },
      [&]() { return std::vector<ParsedExprPtr>{expression()}; });
}

void Parser::groupByClause(SelectCore& core) {
  if (acceptWord("all")) {
    core.groupByAll = true;
    return;
  }
  struct Element {
    GroupingKind kind = GroupingKind::kPlain;
    std::vector<std::vector<ParsedExprPtr>> members;  // cube/rollup members or grouping sets
  };
  std::vector<Element> elements;
  std::vector<ParsedExprPtr> plain;
  do {
    if ((isWord("cube") || isWord("rollup")) && isOp("(", 1)) {
      Element e;
      e.kind = isWord("cube") ? GroupingKind::kCube : GroupingKind::kRollup;
      pos_ += 2;
      if (!isOp(")")) {
        do {
          e.members.push_back(groupingSet());
        } while (acceptOp(","));
      }
      expectOp(")");
      elements.push_back(std::move(e));
    } else if (isWord("grouping") && isWord("sets", 1) && isOp("(", 2)) {
      Element e;
      e.kind = GroupingKind::kGroupingSets;
      pos_ += 3;
      do {
        e.members.push_back(groupingSet());
      } while (acceptOp(","));
      expectOp(")");
      elements.push_back(std::move(e));
    } else {
      plain.push_back(expression());
    }
  } while (acceptOp(","));

  if (elements.empty()) {
    if (isWord("with") && (isWord("cube", 1) || isWord("rollup", 1))) {
      // GROUP BY a, b WITH ROLLUP
      core.grouping = isWord("cube", 1) ? GroupingKind::kCube : GroupingKind::kRollup;
      pos_ += 2;
    } else if (isWord("grouping") && isWord("sets", 1)) {
      // GROUP BY a, b GROUPING SETS ((a), (b)): the listed expressions, then the sets.
      pos_ += 2;
      expectOp("(");
      core.grouping = GroupingKind::kGroupingSets;
      core.groupBy = plain;
      do {
        std::vector<int> indices;
        for (const auto& e : groupingSet()) indices.push_back(indexIn(core.groupBy, e));
        core.groupingSets.push_back(std::move(indices));
      } while (acceptOp(","));
      expectOp(")");
      return;
    }
    core.groupBy = std::move(plain);
    return;
  }

  bool singleMembers = true;
  for (const auto& e : elements)
    for (const auto& m : e.members) singleMembers = singleMembers && m.size() == 1;
  if (plain.empty() && elements.size() == 1 && elements[0].kind != GroupingKind::kGroupingSets &&
      singleMembers) {
    core.grouping = elements[0].kind;
    for (const auto& m : elements[0].members) core.groupBy.push_back(m[0]);
    return;
  }
  // Anything else is grouping sets: plain expressions join every set, and the analytics
  // combine as a cartesian product (Spark's GroupingAnalytics).
  core.grouping = GroupingKind::kGroupingSets;
  core.groupBy = plain;
  std::vector<std::vector<ParsedExprPtr>> product{{}};
  for (const auto& e : elements) {
    std::vector<std::vector<ParsedExprPtr>> sets =
        e.kind == GroupingKind::kCube     ? cubeSets(e.members)
        : e.kind == GroupingKind::kRollup ? rollupSets(e.members)
                                          : e.members;
    for (const auto& set : sets)
      for (const auto& expr : set) indexIn(core.groupBy, expr);
    std::vector<std::vector<ParsedExprPtr>> next;
    if (product.size() * sets.size() > 4096) failAt(pos_, ": too many grouping sets");
    for (const auto& left : product) {
      for (const auto& set : sets) {
        std::vector<ParsedExprPtr> combined = left;
        combined.insert(combined.end(), set.begin(), set.end());
        next.push_back(std::move(combined));
      }
    }
    product = std::move(next);
  }
  for (const auto& set : product) {
    std::vector<int> indices;
    for (size_t k = 0; k < plain.size(); ++k) indices.push_back(static_cast<int>(k));
    for (const auto& expr : set) {
      int index = indexIn(core.groupBy, expr);
      if (std::find(indices.begin(), indices.end(), index) == indices.end())
        indices.push_back(index);
    }
    core.groupingSets.push_back(std::move(indices));
  }
}

// ---- relations ------------------------------------------------------------------------------

RelationPtr Parser::fromClause() {
  RelationPtr left = relation();
  int count = 0;
  while (acceptOp(",")) {
    if (++count > kMaxChain) failAt(pos_, ": too many joins");
    auto join = std::make_shared<Relation>();
    join->kind = Relation::Kind::kJoin;
    join->joinKind = JoinKind::kCross;
    join->left = left;
    join->right = relation();
    left = join;
  }
  return left;
}

RelationPtr Parser::relation() {
  RelationPtr left = relationPrimary();
  int count = 0;
  while (true) {
    bool natural = acceptWord("natural");
    JoinKind kind = JoinKind::kInner;
    if (acceptWord("join")) {
      kind = JoinKind::kInner;
    } else if (isWord("inner") && isWord("join", 1)) {
      pos_ += 2;
    } else if (!natural && isWord("cross") && isWord("join", 1)) {
      pos_ += 2;
      kind = JoinKind::kCross;
    } else if (acceptWord("left")) {
      if (acceptWord("semi")) {
        kind = JoinKind::kLeftSemi;
      } else if (acceptWord("anti")) {
        kind = JoinKind::kLeftAnti;
      } else {
        acceptWord("outer");
        kind = JoinKind::kLeft;
      }
      expectWord("join");
    } else if (acceptWord("right")) {
      acceptWord("outer");
      expectWord("join");
      kind = JoinKind::kRight;
    } else if (acceptWord("full")) {
      acceptWord("outer");
      expectWord("join");
      kind = JoinKind::kFull;
    } else if ((isWord("semi") || isWord("anti")) && isWord("join", 1)) {
      kind = isWord("semi") ? JoinKind::kLeftSemi : JoinKind::kLeftAnti;
      pos_ += 2;
    } else {
      if (natural) fail();
      return left;
    }
    if (++count > kMaxChain) failAt(pos_, ": too many joins");
    auto join = std::make_shared<Relation>();
    join->kind = Relation::Kind::kJoin;
    join->joinKind = kind;
    join->natural = natural;
    join->left = left;
    join->right = relationPrimary();
    if (!natural) {
      if (acceptWord("on")) {
        join->condition = expression();
      } else if (acceptWord("using")) {
        join->usingColumns = identifierList();
      }
    }
    left = join;
  }
}

RelationPtr Parser::relationPrimary() {
  DepthGuard guard(*this);
  if (isWord("stream") && (isOp("(", 1) || atIdentifier(1))) return streamRelation();
  if (isWord("values")) return valuesRelation();
  if (isOp("(")) {
    auto subquery = [&]() -> RelationPtr {
      ++pos_;
      auto rel = std::make_shared<Relation>();
      rel->kind = Relation::Kind::kSubquery;
      rel->subquery = query();
      expectOp(")");
      tableAlias(*rel);
      return rel;
    };
    auto nested = [&]() -> RelationPtr {
      ++pos_;
      RelationPtr inner = relation();
      expectOp(")");
      auto rel = std::make_shared<Relation>(*inner);
      Relation aliased;
      tableAlias(aliased);
      if (!aliased.alias.empty()) {
        rel->alias = aliased.alias;
        rel->columnAliases = aliased.columnAliases;
      }
      return rel;
    };
    size_t k = 1;
    while (isOp("(", k)) ++k;
    bool queryFirst =
        isWord("select", k) || isWord("with", k) || isWord("values", k) || isWord("table", k);
    return queryFirst ? alternatives(subquery, nested) : alternatives(nested, subquery);
  }
  auto rel = std::make_shared<Relation>();
  rel->tableName = multipartIdentifier();
  if (isOp("(")) failAt(pos_, ": table-valued functions are not supported");
  tableAlias(*rel);
  return rel;
}

RelationPtr Parser::streamRelation() {
  expectWord("stream");
  auto rel = std::make_shared<Relation>();
  rel->stream = true;
  if (acceptOp("(")) {
    rel->tableName = multipartIdentifier();
    expectOp(")");
  } else {
    rel->tableName = multipartIdentifier();
  }
  bool aliased = false;
  for (int clause = 0; clause < 2; ++clause) {
    if (rel->watermarkColumn.empty() && isWord("watermark") && atIdentifier(1)) {
      // WATERMARK col DELAY OF INTERVAL 5 SECONDS | DELAY OF '5 seconds'
      ++pos_;
      rel->watermarkColumn = joinStrings(multipartIdentifier(), ".");
      expectWord("delay");
      expectWord("of");
      size_t delayToken = pos_;
      if (isWord("interval") && atIntervalLiteral(1)) {
        ++pos_;
        rel->watermarkDelay = intervalBody(delayToken).second;
      } else {
        std::string text(trimWhitespace(stringContent()));
        if (!parseInterval(text))
          raiseAt(delayToken, "INVALID_TYPED_LITERAL",
                  "The value of the typed literal \"INTERVAL\" is invalid: '" + text + "'.");
        rel->watermarkDelay = std::move(text);
      }
    } else if (!aliased) {
      size_t before = pos_;
      tableAlias(*rel);
      aliased = pos_ != before;
      if (!aliased) break;
    }
  }
  return rel;
}

RelationPtr Parser::valuesRelation() {
  expectWord("values");
  auto rel = std::make_shared<Relation>();
  rel->kind = Relation::Kind::kValues;
  do {
    std::vector<ParsedExprPtr> row;
    if (acceptOp("(")) {
      do {
        row.push_back(expression());
      } while (acceptOp(","));
      expectOp(")");
    } else {
      row.push_back(expression());
    }
    rel->values.push_back(std::move(row));
  } while (acceptOp(","));
  tableAlias(*rel);
  return rel;
}

void Parser::tableAlias(Relation& relation, bool allowColumns) {
  if (acceptWord("as")) {
    relation.alias = identifier();
  } else if (atIdentifier() &&
             !(peek().kind == TokenKind::kWord && startsRelationClause(peek().value))) {
    relation.alias = identifier();
  } else {
    return;
  }
  if (allowColumns && isOp("(")) relation.columnAliases = identifierList();
}

}  // namespace spate::sql_parser
