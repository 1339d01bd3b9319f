#pragma once

// A libpq connection for the jdbc sink (see jdbc_connection.h). Statements run in text mode;
// rows go in with binary COPY (postgres_writer.cpp).

#include <memory>
#include <string>
#include <vector>

#include "connector/jdbc/jdbc_connection.h"

struct pg_conn;
struct pg_result;

namespace spate::connector::jdbc {

/// Who is to blame for a PostgreSQL error, from its SQLSTATE (empty when the server sent none)
/// and whether the connection is gone: lost connections, shutdowns, resource shortages and
/// serialization failures are retryable; authentication, permission, syntax, undefined objects,
/// bad data and constraint violations are the user's.
Error classifyPostgresError(const std::string& sqlstate, bool connectionLost, std::string message);

/// Same for a failed connection attempt, where libpq gives only the message text.
Error classifyPostgresConnectError(std::string message);

class PostgresConnection final : public JdbcConnection {
 public:
  static Result<std::unique_ptr<JdbcConnection>> open(const JdbcWriteOptions& options,
                                                      const TimeZonePtr& zone);
  ~PostgresConnection() override;

  const JdbcDialect& dialect() const override { return postgresDialect(); }
  const std::string& endpoint() const override { return endpoint_; }
  bool isBroken() const override;
  Status begin(IsolationLevel level) override;
  Status commit() override;
  void rollback() override;
  bool inTransaction() const override { return inTransaction_; }
  Status execute(const std::string& sql, const std::string& what) override;
  Result<std::optional<DbTable>> describeTable(const std::string& table) override;
  std::string uniqueKeyClause(const std::vector<std::string>& quotedKeys) const override;
  Status writeRows(const WriteTarget& target, const SchemaPtr& schema,
                   std::span<const RowRange> rows, int32_t chunkRows) override;
  Status makeTimeTable(const std::string& table, const std::string& column) override;
  Status ensureCommitsTable(const std::string& commitsTable) override;
  Result<std::optional<int64_t>> lastCommittedBatch(const std::string& commitsTable,
                                                    const std::string& queryId,
                                                    const std::string& sinkTable) override;
  Status recordCommittedBatch(const std::string& commitsTable, const std::string& queryId,
                              const std::string& sinkTable, int64_t batchId) override;

 private:
  struct ResultDeleter {
    void operator()(pg_result* result) const;
  };
  using ResultPtr = std::unique_ptr<pg_result, ResultDeleter>;

  PostgresConnection(pg_conn* conn, JdbcWriteOptions options, TimeZonePtr zone,
                     std::string endpoint);
  /// Runs a statement (with text parameters); a failure becomes an Error naming `what`.
  Result<ResultPtr> run(const std::string& sql, const std::string& what,
                        const std::vector<std::string>& params = {});
  Error failure(const std::string& what, pg_result* result) const;
  /// COPY … FROM STDIN of the ranges' rows, `chunkRows` rows per data message.
  Status copyRows(const std::string& copySql, const SchemaPtr& schema,
                  std::span<const RowRange> rows, int32_t chunkRows, bool rowNumbers,
                  const std::string& what);
  Status fallBackToBrin(const std::string& table, const std::string& column,
                        const std::string& reason);

  pg_conn* conn_;
  JdbcWriteOptions options_;
  TimeZonePtr zone_;
  std::string endpoint_;
  bool inTransaction_ = false;
  int stagingTables_ = 0;
};

}  // namespace spate::connector::jdbc
