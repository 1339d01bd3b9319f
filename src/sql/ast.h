#pragma once

// The parsed, unresolved form of Spark SQL: expressions as written (names not yet resolved) and
// statements. The parser produces it; the DataFrame API builds ParsedExpr trees too (col("a"),
// expr("…")); the analyzer binds expressions against a schema, and plan/ turns queries into plans.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "types/data_type.h"
#include "vector/value.h"

namespace spate {

struct ParsedExpr;
using ParsedExprPtr = std::shared_ptr<const ParsedExpr>;
struct Query;
using QueryPtr = std::shared_ptr<const Query>;

enum class ParsedKind {
  kColumn,      ///< nameParts: ["t", "a"] for t.a, ["data", "field"] for struct access
  kStar,        ///< nameParts: qualifier ("t.*", "data.*"), empty for "*"
  kLiteral,     ///< literal of literalType (NULL has type void)
  kFunction,    ///< name(args…); distinct for count(DISTINCT …); isStar for count(*)
  kUnary,       ///< op: "-", "+", "~"
  kBinary,      ///< op: "+", "-", "*", "/", "%", "div", "=", "==", "<=>", "!=", "<>", "<", "<=", ">",
                ///< ">=", "and", "or", "&", "|", "^", "||"
  kNot,         ///< NOT child
  kIsNull,      ///< child IS [NOT] NULL (negated)
  kIn,          ///< children[0] [NOT] IN (children[1..])
  kBetween,     ///< children[0] [NOT] BETWEEN children[1] AND children[2]
  kLike,        ///< children[0] [NOT] LIKE|ILIKE children[1] [ESCAPE escapeChar]; op "like"/"ilike"
  kRLike,       ///< children[0] [NOT] RLIKE|REGEXP children[1]
  kCase,        ///< CASE [operand] WHEN … THEN … [ELSE …] END: children = [operand?] + pairs + [else?]
  kCast,        ///< CAST(child AS castType); op "try_cast" for TRY_CAST
  kAlias,       ///< child AS name (aliasNames has several for "AS (a, b)")
  kSubscript,   ///< children[0][children[1]]: array index (0-based) or map key
  kField,       ///< children[0].name on a non-column expression (e.g. from_json(...).a)
  kSortOrder,   ///< ORDER BY item: child, ascending, nullsFirst
};

struct ParsedExpr {
  ParsedKind kind;
  std::vector<std::string> nameParts;
  std::string name;  ///< function name, alias or field name
  std::string op;
  Value literal;
  TypePtr literalType;
  TypePtr castType;
  bool distinct = false;
  bool isStar = false;
  bool negated = false;
  bool ascending = true;
  bool nullsFirst = true;
  bool hasOperand = false;  ///< CASE x WHEN …
  bool hasElse = false;
  std::optional<char> escapeChar;
  std::vector<std::string> aliasNames;
  std::vector<ParsedExprPtr> children;
  /// The SQL text this expression came from (Spark names unaliased columns after it).
  std::string text;
  /// For kColumn built from a DataFrame (df["a"]): the attribute it refers to, resolved by id
  /// before names are looked at; 0 when unset.
  int64_t attributeId = 0;
};

// ---- Queries ----------------------------------------------------------------------------------

struct Relation;
using RelationPtr = std::shared_ptr<const Relation>;

enum class JoinKind { kInner, kLeft, kRight, kFull, kLeftSemi, kLeftAnti, kCross };

struct Relation {
  enum class Kind { kTable, kSubquery, kJoin, kValues } kind = Kind::kTable;
  std::vector<std::string> tableName;  ///< kTable (possibly qualified)
  bool stream = false;                 ///< STREAM(name) / STREAM name
  std::string watermarkColumn;         ///< WATERMARK col DELAY OF INTERVAL …
  std::string watermarkDelay;          ///< interval text, e.g. "5 seconds"
  std::string alias;
  std::vector<std::string> columnAliases;  ///< alias(c1, c2)
  QueryPtr subquery;                       ///< kSubquery
  RelationPtr left, right;                 ///< kJoin
  JoinKind joinKind = JoinKind::kInner;
  ParsedExprPtr condition;              ///< ON …
  std::vector<std::string> usingColumns;  ///< USING (…)
  bool natural = false;
  std::vector<std::vector<ParsedExprPtr>> values;  ///< kValues: VALUES (…), (…)
};

enum class GroupingKind { kPlain, kCube, kRollup, kGroupingSets };

struct SelectCore {
  bool distinct = false;
  std::vector<ParsedExprPtr> selectList;
  RelationPtr from;  ///< nullptr for SELECT without FROM
  ParsedExprPtr where;
  GroupingKind grouping = GroupingKind::kPlain;
  std::vector<ParsedExprPtr> groupBy;
  /// GROUPING SETS ((a, b), (a), ()): indices into groupBy.
  std::vector<std::vector<int>> groupingSets;
  bool groupByAll = false;
  ParsedExprPtr having;
};

struct Query {
  enum class Kind { kSelect, kSetOperation } kind = Kind::kSelect;
  std::vector<std::pair<std::string, QueryPtr>> ctes;  ///< WITH name AS (…)
  SelectCore select;
  std::string setOperator;  ///< "union", "intersect", "except"
  bool setAll = false;      ///< UNION ALL
  QueryPtr left, right;
  std::vector<ParsedExprPtr> orderBy;  ///< kSortOrder items
  std::optional<int64_t> limit;
};

// ---- Statements --------------------------------------------------------------------------------

struct Statement {
  enum class Kind {
    kQuery,            ///< query
    kCreateTable,      ///< CREATE [TEMPORARY] TABLE|VIEW name [(schema)] USING format OPTIONS (…)
                       ///< [AS query]: `query` is set for CREATE TABLE … AS SELECT
    kCreateViewAs,     ///< CREATE [OR REPLACE] [TEMPORARY] VIEW name AS query
    kDropTable,        ///< DROP TABLE|VIEW [IF EXISTS] name
    kInsertInto,       ///< INSERT INTO name query
    kShowTables,
    kShowFunctions,
    kDescribe,         ///< DESCRIBE [TABLE] name | DESCRIBE QUERY query | DESCRIBE FUNCTION name
    kExplain,          ///< EXPLAIN [EXTENDED] query
    kSet,              ///< SET key=value | SET key | SET
    kShowStreams,
    kStopStream,       ///< STOP STREAM name
  } kind = Kind::kQuery;
  QueryPtr query;
  std::vector<std::string> name;
  bool temporary = false;
  bool orReplace = false;
  bool ifExists = false;
  bool ifNotExists = false;  ///< CREATE … IF NOT EXISTS
  bool isView = false;
  bool extended = false;
  std::string explainMode;  ///< EXPLAIN mode as written: "extended", "formatted", "codegen", …
  bool describeFunction = false;
  SchemaPtr schema;  ///< column list of CREATE TABLE, if given
  std::string format;
  std::map<std::string, std::string> options;  ///< keys as written (lookups are case-insensitive)
  std::string key, value;                      ///< SET
  bool hasValue = false;
  std::string text;  ///< the statement's SQL text
};
using StatementPtr = std::shared_ptr<const Statement>;

}  // namespace spate
