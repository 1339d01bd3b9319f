// Rows into PostgreSQL: binary COPY straight into the table when every column's binary format
// matches the table's column type; otherwise (another column type, or an upsert) COPY into a
// temporary staging table in the sink's own types, then one INSERT … SELECT that casts to the
// table's types (and resolves conflicts on the upsert keys).
#include <libpq-fe.h>

#include <algorithm>

#include "common/logging.h"
#include "connector/jdbc/postgres_connection.h"
#include "connector/jdbc/postgres_copy.h"
#include "connector/jdbc/postgres_statements.h"
#include "connector/jdbc/postgres_types.h"

namespace spate::connector::jdbc {

namespace {

// Rows per COPY data message are `batchsize`, but a message is sent only once this many bytes
// are buffered, so that small batch sizes do not mean many tiny writes.
constexpr size_t kCopyFlushBytes = 256 * 1024;

}  // namespace

Status PostgresConnection::copyRows(const std::string& copySql, const SchemaPtr& schema,
                                    std::span<const RowRange> rows, int32_t chunkRows,
                                    bool rowNumbers, const std::string& what) {
  ResultPtr start(PQexec(conn_, copySql.c_str()));
  if (!start || PQresultStatus(start.get()) != PGRES_COPY_IN) return failure(what, start.get());
  start.reset();

  std::vector<TypePtr> types;
  for (const auto& field : schema->fields()) types.push_back(field.type);
  PostgresCopyEncoder encoder(std::move(types), zone_, rowNumbers);
  Buffer buffer;
  PostgresCopyEncoder::appendHeader(buffer);
  auto send = [&]() {
    if (buffer.empty()) return true;
    bool sent = PQputCopyData(conn_, reinterpret_cast<const char*>(buffer.data()),
                              static_cast<int>(buffer.size())) == 1;
    buffer.clear();
    return sent;
  };
  bool sent = true;
  int64_t rowNumber = 0;
  try {
    for (const RowRange& range : rows) {
      for (int64_t begin = range.begin; begin < range.end && sent; begin += chunkRows) {
        int64_t end = std::min<int64_t>(range.end, begin + chunkRows);
        encoder.encode(*range.batch, begin, end, buffer, rowNumber);
        rowNumber += end - begin;
        if (buffer.size() >= kCopyFlushBytes) sent = send();
      }
    }
  } catch (const std::exception& e) {
    // End the COPY (the server discards it), so that the connection stays usable.
    PQputCopyEnd(conn_, "spate: encoding failed");
    while (pg_result* more = PQgetResult(conn_)) PQclear(more);
    return Error::internal(endpoint_ + ": " + what + " failed: " + e.what());
  }
  PostgresCopyEncoder::appendTrailer(buffer);
  sent = sent && send();
  if (!sent || PQputCopyEnd(conn_, nullptr) != 1) return failure(what, nullptr);
  // The COPY's outcome, then the end of its results.
  ResultPtr result(PQgetResult(conn_));
  Status status = Status::success();
  if (!result || PQresultStatus(result.get()) != PGRES_COMMAND_OK)
    status = failure(what, result.get());
  while (pg_result* more = PQgetResult(conn_)) PQclear(more);
  return status;
}

Status PostgresConnection::writeRows(const WriteTarget& target, const SchemaPtr& schema,
                                     std::span<const RowRange> rows, int32_t chunkRows) {
  int64_t total = 0;
  for (const auto& r : rows) total += r.end - r.begin;
  if (total == 0) return Status::success();

  const auto& fields = schema->fields();
  std::vector<std::string> columns;
  bool direct = target.upsertKeys.empty();
  for (size_t i = 0; i < fields.size(); ++i) {
    const DbColumn& column = (*target.columns)[target.targetColumn[i]];
    columns.push_back(dialect().quoteIdentifier(column.name));
    direct &= binaryCompatible(postgresTypeOid(*fields[i].type), column.typeOid);
  }
  std::string what = "write " + std::to_string(total) + " rows into " + target.table;
  if (direct)
    return copyRows(pg_sql::copyFrom(target.table, columns), schema, rows, chunkRows, false, what);

  std::string staging = "spate_staging_" + std::to_string(++stagingTables_);
  std::vector<std::string> types, stagingColumns, casts;
  for (size_t i = 0; i < fields.size(); ++i) {
    types.push_back(postgresColumnType(*fields[i].type));
    stagingColumns.push_back("c" + std::to_string(i));
    const DbColumn& column = (*target.columns)[target.targetColumn[i]];
    casts.push_back(postgresTypeOid(*fields[i].type) == column.typeOid ? "" : column.type);
  }
  stagingColumns.push_back("spate_row");
  if (auto created = run(pg_sql::createStaging(staging, types), what); !created.ok())
    return created.error();
  if (Status copied =
          copyRows(pg_sql::copyFrom(staging, stagingColumns), schema, rows, chunkRows, true, what);
      !copied.ok())
    return copied;
  auto inserted = run(
      pg_sql::insertFromStaging(target.table, staging, columns, casts, target.upsertKeys), what);
  if (!inserted.ok()) {
    Error error = inserted.error();
    if (error.message.find("SQLSTATE 42P10") != std::string::npos)
      error.message +=
          ". Upserts need a primary key or unique index on the upsertKeys columns "
          "of " +
          target.table + ".";
    return error;
  }
  // Free it now: a transaction may write several chunks (isolationLevel NONE).
  return execute("DROP TABLE " + staging, what);
}

Status PostgresConnection::fallBackToBrin(const std::string& table, const std::string& column,
                                          const std::string& reason) {
  if (Status s = execute(pg_sql::brinIndex(table, dialect().quoteIdentifier(column)),
                         "create a BRIN index on " + table);
      !s.ok())
    return s;
  logWarn("JdbcSink",
          "TimescaleDB is not available on {} ({}): created {} as a plain table with a BRIN "
          "index on {} instead of a hypertable",
          endpoint_, reason, table, dialect().quoteIdentifier(column));
  return Status::success();
}

Status PostgresConnection::makeTimeTable(const std::string& table, const std::string& column) {
  auto probe = run(pg_sql::kTimescaleProbe, "look for the timescaledb extension");
  if (!probe.ok()) return probe.error();
  bool available = std::string_view(PQgetvalue(probe->get(), 0, 0)) == "t";
  bool installed = std::string_view(PQgetvalue(probe->get(), 0, 1)) == "t";
  if (!available) return fallBackToBrin(table, column, "no timescaledb extension on the server");

  // The extension may be listed but unusable (not preloaded, no privilege to create it): then
  // the table stays plain, and the transaction goes on from the savepoint.
  bool savepoint = inTransaction_;
  if (savepoint)
    if (Status s = execute("SAVEPOINT spate_hypertable", "make " + table + " a hypertable");
        !s.ok())
      return s;
  for (const auto& statement : pg_sql::hypertable(table, column, installed)) {
    auto done = run(statement, "make " + table + " a hypertable");
    if (!done.ok()) {
      if (isBroken()) return done.error();
      if (savepoint)
        if (Status s = execute("ROLLBACK TO SAVEPOINT spate_hypertable",
                               "make " + table + " a hypertable");
            !s.ok())
          return s;
      return fallBackToBrin(table, column, done.error().message);
    }
  }
  if (savepoint)
    if (Status s = execute("RELEASE SAVEPOINT spate_hypertable", "make " + table + " a hypertable");
        !s.ok())
      return s;
  logInfo("JdbcSink", "Created {} as a TimescaleDB hypertable on {}", table,
          dialect().quoteIdentifier(column));
  return Status::success();
}

}  // namespace spate::connector::jdbc
