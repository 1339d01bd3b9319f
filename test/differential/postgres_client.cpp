#include "postgres_client.h"

#include <libpq-fe.h>

namespace spate::differential {

namespace {

// Type OIDs from pg_type.h (stable across PostgreSQL versions).
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

struct ClearResult {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ClearResult>;

std::string trimmedError(const char* message) {
  std::string s = message ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

void PostgresClient::Close::operator()(pg_conn* conn) const { PQfinish(conn); }

PostgresClient::PostgresClient(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
  if (!conn_ || PQstatus(conn_.get()) != CONNECTION_OK)
    throw PostgresError("cannot connect to PostgreSQL (" + conninfo + "): " +
                        trimmedError(conn_ ? PQerrorMessage(conn_.get()) : "out of memory"));
}

void PostgresClient::execute(const std::string& sql) {
  ResultPtr r(PQexec(conn_.get(), sql.c_str()));
  ExecStatusType status = PQresultStatus(r.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    throw PostgresError(trimmedError(PQerrorMessage(conn_.get())));
}

ResultTable PostgresClient::query(const std::string& sql) {
  ResultPtr r(PQexec(conn_.get(), sql.c_str()));
  if (PQresultStatus(r.get()) != PGRES_TUPLES_OK)
    throw PostgresError(trimmedError(PQerrorMessage(conn_.get())));
  ResultTable table;
  int columns = PQnfields(r.get());
  table.numColumns = static_cast<size_t>(columns);
  int rows = PQntuples(r.get());
  table.rows.reserve(rows);
  for (int i = 0; i < rows; ++i) {
    ResultRow row;
    row.reserve(columns);
    for (int c = 0; c < columns; ++c) {
      if (PQgetisnull(r.get(), i, c)) {
        row.push_back(Cell::null());
        continue;
      }
      std::string text = PQgetvalue(r.get(), i, c);
      switch (PQftype(r.get(), c)) {
        case kBoolOid:
          row.push_back(Cell::ofBool(text == "t"));
          break;
        case kInt2Oid:
        case kInt4Oid:
        case kInt8Oid:
        case kNumericOid:
          row.push_back(Cell::ofNumberText(text));
          break;
        case kFloat4Oid:
        case kFloat8Oid: {
          Cell cell = Cell::ofNumberText(text);
          // A float is never exact, even when it prints as an integer.
          if (cell.exact) cell = Cell::ofDouble(static_cast<double>(cell.integer));
          row.push_back(cell);
          break;
        }
        default:
          row.push_back(Cell::ofString(std::move(text)));
      }
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

}  // namespace spate::differential
