#pragma once

// An open connection to the database a jdbc write goes to. The table writer and the streaming
// sink drive it; PostgreSQL (libpq, binary COPY) and SQLite (libsqlite3, prepared INSERTs)
// implement it. Every failure is a Status whose message names the database ("PostgreSQL at
// host:port", "SQLite database <path>") and what failed, with the options' secrets redacted, and
// whose domain says what to do: kUser (bad credentials, missing permission, wrong table or
// column: stop and say so) or kExternal with a retry hint (server down or restarting, lock
// timeout: retry the batch).

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/result.h"
#include "common/time.h"
#include "connector/jdbc/jdbc_dialect.h"
#include "connector/jdbc/jdbc_options.h"
#include "vector/batch.h"

namespace spate::connector::jdbc {

/// A column of an existing table.
struct DbColumn {
  std::string name;
  /// The column's type as the database spells it ("character varying(20)", "TEXT").
  std::string type;
  /// PostgreSQL: the type OID; 0 for SQLite.
  uint32_t typeOid = 0;
  bool notNull = false;
};

using DbTable = std::vector<DbColumn>;

/// Where rows go: the table, and for each written column (in the rows' order) the table column
/// it fills. With upsert keys (indices into the written columns), a row whose keys exist
/// replaces that row's other columns.
struct WriteTarget {
  std::string table;
  const DbTable* columns = nullptr;
  std::vector<int> targetColumn;
  std::vector<int> upsertKeys;
};

/// Rows [begin, end) of a batch without a selection vector.
struct RowRange {
  BatchPtr batch;
  int64_t begin = 0;
  int64_t end = 0;
};

class JdbcConnection {
 public:
  virtual ~JdbcConnection() = default;

  virtual const JdbcDialect& dialect() const = 0;
  /// "PostgreSQL at 127.0.0.1:5432" / "SQLite database /tmp/x.db", for messages.
  virtual const std::string& endpoint() const = 0;
  /// Whether the connection is lost (the caller drops it and connects again).
  virtual bool isBroken() const = 0;

  /// Starts a transaction. kNone starts one at the database's default level (the caller commits
  /// every batchsize rows then).
  virtual Status begin(IsolationLevel level) = 0;
  virtual Status commit() = 0;
  /// Abandons the current transaction, if any; never fails.
  virtual void rollback() = 0;
  virtual bool inTransaction() const = 0;
  /// Runs a statement without result rows; `what` names it in messages ("create table t").
  virtual Status execute(const std::string& sql, const std::string& what) = 0;

  /// The table's columns in order, or nullopt when no such table exists.
  virtual Result<std::optional<DbTable>> describeTable(const std::string& table) = 0;
  /// The clause that makes `keys` (quoted column names) upsert keys when creating a table.
  virtual std::string uniqueKeyClause(const std::vector<std::string>& quotedKeys) const = 0;
  /// Writes the rows into the target, inside the current transaction.
  virtual Status writeRows(const WriteTarget& target, const SchemaPtr& schema,
                           std::span<const RowRange> rows, int32_t chunkRows) = 0;
  /// After creating `table`: makes it a TimescaleDB hypertable on `column` when the server
  /// can, otherwise indexes the column (BRIN on PostgreSQL) and logs one line saying so.
  virtual Status makeTimeTable(const std::string& table, const std::string& column) = 0;

  /// The streaming sink's record of written batches: one row per (query id, sink table) holding
  /// the last batch id written, updated in the batch's own transaction.
  virtual Status ensureCommitsTable(const std::string& commitsTable) = 0;
  /// The last batch id recorded (locking the record until the transaction ends), or nullopt.
  virtual Result<std::optional<int64_t>> lastCommittedBatch(const std::string& commitsTable,
                                                            const std::string& queryId,
                                                            const std::string& sinkTable) = 0;
  virtual Status recordCommittedBatch(const std::string& commitsTable, const std::string& queryId,
                                      const std::string& sinkTable, int64_t batchId) = 0;
};

/// Opens a connection to the options' database. A server that cannot be reached is a retryable
/// external error; bad credentials or an unknown database a user error.
Result<std::unique_ptr<JdbcConnection>> openConnection(const JdbcWriteOptions& options,
                                                       const TimeZonePtr& zone);

Result<std::unique_ptr<JdbcConnection>> openPostgresConnection(const JdbcWriteOptions& options,
                                                               const TimeZonePtr& zone);
Result<std::unique_ptr<JdbcConnection>> openSqliteConnection(const JdbcWriteOptions& options,
                                                             const TimeZonePtr& zone);

}  // namespace spate::connector::jdbc
