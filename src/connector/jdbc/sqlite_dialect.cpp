// SQLite's SQL text and type mapping. Spark has no SQLite dialect; these declared types give
// each column the affinity that keeps its values: integers INTEGER, floating point REAL, and
// text for what SQLite has no type for (dates and timestamps as ISO-8601 text, which SQLite's
// date functions read; intervals; nested values as JSON, which its JSON functions read).
#include "common/error.h"
#include "connector/jdbc/jdbc_dialect.h"
#include "connector/jdbc/sqlite_types.h"

namespace spate::connector::jdbc {

namespace {

class SqliteDialect final : public JdbcDialect {
 public:
  const char* name() const override { return "SQLite"; }
  std::string columnType(const DataType& type) const override { return sqliteColumnType(type); }
  std::string truncateSql(const std::string& table, bool) const override {
    // SQLite has no TRUNCATE; an unqualified DELETE is its truncate optimisation.
    return "DELETE FROM " + table;
  }
};

}  // namespace

std::string sqliteColumnType(const DataType& type) {
  switch (type.id()) {
    case TypeId::kBoolean:
      return "BOOLEAN";
    case TypeId::kByte:
      return "TINYINT";
    case TypeId::kShort:
      return "SMALLINT";
    case TypeId::kInt:
      return "INTEGER";
    case TypeId::kLong:
      return "BIGINT";
    case TypeId::kFloat:
      return "REAL";
    case TypeId::kDouble:
      return "DOUBLE";
    case TypeId::kDecimal:
      return "DECIMAL(" + std::to_string(type.precision()) + "," + std::to_string(type.scale()) +
             ")";
    case TypeId::kString:
      return "TEXT";
    case TypeId::kBinary:
      return "BLOB";
    case TypeId::kDate:
      return "DATE";
    case TypeId::kTimestamp:
      return "TIMESTAMP";
    case TypeId::kInterval:
      return "TEXT";
    case TypeId::kArray:
    case TypeId::kMap:
    case TypeId::kStruct:
      if (type.id() == TypeId::kArray && type.element()->id() == TypeId::kNull)
        throwNoJdbcType(type);
      return "TEXT";
    case TypeId::kNull:
      throwNoJdbcType(type);
  }
  throwNoJdbcType(type);
}

const JdbcDialect& sqliteDialect() {
  static const SqliteDialect dialect;
  return dialect;
}

}  // namespace spate::connector::jdbc
