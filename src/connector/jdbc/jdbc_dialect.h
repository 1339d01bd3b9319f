#pragma once

// What differs in SQL text between the databases the jdbc format writes to (Spark's
// JdbcDialect): the column type of each Spark type, identifier quoting, TRUNCATE. The SQL Spate
// generates for a write is built here so that it can be tested without a server.

#include <string>
#include <string_view>
#include <vector>

#include "connector/jdbc/jdbc_options.h"
#include "types/data_type.h"

namespace spate::connector::jdbc {

class JdbcDialect {
 public:
  virtual ~JdbcDialect() = default;
  /// "PostgreSQL" or "SQLite", for messages.
  virtual const char* name() const = 0;
  /// The column type CREATE TABLE gives a Spark type. Throws IllegalArgumentException (Spark's
  /// "Can't get JDBC type for void.") for a type the database cannot hold.
  virtual std::string columnType(const DataType& type) const = 0;
  /// TRUNCATE for SaveMode.Overwrite with truncate=true.
  virtual std::string truncateSql(const std::string& table, bool cascade) const = 0;

  /// "name" with embedded quotes doubled (both databases follow the SQL standard).
  std::string quoteIdentifier(std::string_view name) const;
  /// 'text' with embedded quotes doubled.
  std::string quoteLiteral(std::string_view text) const;
  /// Spark's CREATE TABLE: `CREATE TABLE <table> ("a" TYPE[ NOT NULL], …[, <keyClause>])
  /// <createTableOptions>`, column types from createTableColumnTypes where given. `keyClause`
  /// (e.g. "UNIQUE (\"k\")") is added for upsert tables.
  std::string createTableSql(const std::string& table, const DataType& schema,
                             const JdbcWriteOptions& options,
                             const std::string& keyClause = "") const;
  std::string dropTableSql(const std::string& table) const { return "DROP TABLE " + table; }
  /// Complete output mode replaces the table's rows inside the batch's transaction; DELETE keeps
  /// the old rows visible to readers until the commit (TRUNCATE would not).
  std::string deleteAllSql(const std::string& table) const { return "DELETE FROM " + table; }
};

const JdbcDialect& postgresDialect();
const JdbcDialect& sqliteDialect();

/// Spark's toString of the Catalyst type a database column type reads as (IntegerType,
/// DecimalType(10,2), ArrayType(StringType,true), …), for Spark's "Column … not found in schema
/// Some(StructType(…))" message.
std::string sparkTypeOfColumnType(std::string_view columnType);

/// The error Spark raises for a type without a column type.
[[noreturn]] void throwNoJdbcType(const DataType& type);

}  // namespace spate::connector::jdbc
