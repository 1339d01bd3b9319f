#include "connector/jdbc/postgres_connection.h"

#include <libpq-fe.h>

#include "common/logging.h"
#include "common/strings.h"
#include "connector/jdbc/postgres_statements.h"

namespace spate::connector::jdbc {

namespace {

constexpr const char* kDefaultConnectTimeoutSeconds = "10";

// libpq's messages span lines ("…failed: Connection refused\n\tIs the server running…"): one
// line reads better in a query status and a log.
std::string oneLine(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// The first host and port a libpq connection string or URI names, for messages.
std::string endpointOf(const DatabaseUrl& url) {
  if (!url.hostPort.empty()) return url.hostPort;
  std::string host, port;
  for (const auto& [keyword, value] : url.libpqParams) {
    if (keyword == "dbname") {
      char* error = nullptr;
      PQconninfoOption* parsed = PQconninfoParse(value.c_str(), &error);
      if (error) PQfreemem(error);
      if (!parsed) continue;
      for (PQconninfoOption* o = parsed; o->keyword; ++o) {
        if (!o->val) continue;
        if (std::string_view(o->keyword) == "host" || std::string_view(o->keyword) == "hostaddr")
          host = o->val;
        if (std::string_view(o->keyword) == "port") port = o->val;
      }
      PQconninfoFree(parsed);
    } else if (keyword == "host") {
      host = value;
    } else if (keyword == "port") {
      port = value;
    }
  }
  host = host.substr(0, host.find(','));
  port = port.substr(0, port.find(','));
  return (host.empty() ? "localhost" : host) + ":" + (port.empty() ? "5432" : port);
}

// A session time zone PostgreSQL reads the same way: region ids and UTC (a numeric offset means
// the opposite sign in POSIX zone syntax, so those are left to the server's default).
bool isPortableZone(const std::string& id) {
  return id == "UTC" || id.find('/') != std::string::npos;
}

const char* beginSql(IsolationLevel level) {
  switch (level) {
    case IsolationLevel::kNone:
      return "BEGIN";
    case IsolationLevel::kReadUncommitted:
      return "BEGIN ISOLATION LEVEL READ UNCOMMITTED";
    case IsolationLevel::kReadCommitted:
      return "BEGIN ISOLATION LEVEL READ COMMITTED";
    case IsolationLevel::kRepeatableRead:
      return "BEGIN ISOLATION LEVEL REPEATABLE READ";
    case IsolationLevel::kSerializable:
      return "BEGIN ISOLATION LEVEL SERIALIZABLE";
  }
  return "BEGIN";
}

}  // namespace

Error classifyPostgresError(const std::string& sqlstate, bool connectionLost, std::string message) {
  if (connectionLost) return Error::external(std::move(message), true);
  std::string cls = sqlstate.substr(0, 2);
  // Transient: connection exceptions, shutdown/restart (57P01-57P03), insufficient resources,
  // serialization failure and deadlock, lock timeout, system errors, a read-only standby after
  // a failover.
  if (cls == "08" || cls == "53" || cls == "58" || sqlstate == "57P01" || sqlstate == "57P02" ||
      sqlstate == "57P03" || sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03" ||
      sqlstate == "25006")
    return Error::external(std::move(message), true);
  // The user's to fix: credentials, privileges, names, syntax, data, constraints, unsupported
  // features, unknown database or schema.
  if (cls == "28" || cls == "42" || cls == "22" || cls == "23" || cls == "0A" || cls == "3D" ||
      cls == "3F" || cls == "44" || cls == "2B")
    return Error::user(std::move(message));
  return Error::external(std::move(message), false);
}

Error classifyPostgresConnectError(std::string message) {
  // The server rejected who we are or where we asked to go (SQLSTATE 28P01/28000/3D000), or the
  // connection parameters are wrong: retrying cannot help.
  static const char* const kUserErrors[] = {
      "password authentication failed",
      "authentication failed",
      "no pg_hba.conf entry",
      "does not exist",  // role "x" / database "x" does not exist
      "no password supplied",
      "password is required",
      "invalid connection option",
      "invalid sslmode value",
      "invalid integer value",
      "invalid value for parameter",
      "server does not support SSL",
      "permission denied",
      "is not permitted to log in",
      "invalid URI",
      "missing \"=\" after",
      "unterminated quoted string",
  };
  for (const char* part : kUserErrors)
    if (contains(message, part)) return Error::user(std::move(message));
  // Unreachable, refusing, starting up, shutting down, too many clients: wait and retry.
  return Error::external(std::move(message), true);
}

void PostgresConnection::ResultDeleter::operator()(pg_result* result) const { PQclear(result); }

PostgresConnection::PostgresConnection(pg_conn* conn, JdbcWriteOptions options, TimeZonePtr zone,
                                       std::string endpoint)
    : conn_(conn),
      options_(std::move(options)),
      zone_(std::move(zone)),
      endpoint_(std::move(endpoint)) {}

PostgresConnection::~PostgresConnection() { PQfinish(conn_); }

Result<std::unique_ptr<JdbcConnection>> PostgresConnection::open(const JdbcWriteOptions& options,
                                                                 const TimeZonePtr& zone) {
  std::string endpoint = "PostgreSQL at " + endpointOf(options.database);
  // Defaults first: the URL's and the options' parameters come later and win.
  std::vector<std::pair<std::string, std::string>> params = {
      {"connect_timeout", kDefaultConnectTimeoutSeconds},
      {"fallback_application_name", "spate"},
      {"client_encoding", "UTF8"},
  };
  for (const auto& p : options.database.libpqParams) params.push_back(p);
  std::vector<const char*> keywords, values;
  for (const auto& [k, v] : params) {
    keywords.push_back(k.c_str());
    values.push_back(v.c_str());
  }
  keywords.push_back(nullptr);
  values.push_back(nullptr);
  pg_conn* conn = PQconnectdbParams(keywords.data(), values.data(), 1);
  if (!conn) return Error::external(endpoint + ": cannot connect: out of memory", true);
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = oneLine(PQerrorMessage(conn));
    PQfinish(conn);
    return classifyPostgresConnectError(options.redact(endpoint + ": cannot connect: " + message));
  }
  // Notices ("relation … already exists, skipping") go to the debug log, not to stderr.
  PQsetNoticeProcessor(
      conn,
      [](void*, const char* message) { logDebug("JdbcSink", "PostgreSQL: {}", oneLine(message)); },
      nullptr);
  std::unique_ptr<PostgresConnection> connection(
      new PostgresConnection(conn, options, zone, std::move(endpoint)));
  if (zone && isPortableZone(zone->id())) {
    // Writes into timestamp-without-time-zone columns then keep the session's wall-clock time,
    // as Spark's JDBC writes (in the JVM's zone) do.
    auto set = connection->run("SELECT set_config('TimeZone', $1, false)", "set the time zone",
                               {zone->id()});
    if (!set.ok()) return set.error();
  }
  return std::unique_ptr<JdbcConnection>(std::move(connection));
}

bool PostgresConnection::isBroken() const { return PQstatus(conn_) != CONNECTION_OK; }

Error PostgresConnection::failure(const std::string& what, pg_result* result) const {
  std::string sqlstate, message;
  if (result) {
    if (const char* s = PQresultErrorField(result, PG_DIAG_SQLSTATE)) sqlstate = s;
    if (const char* m = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY)) message = m;
    if (const char* d = PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL))
      message += std::string(" (") + d + ")";
    if (const char* h = PQresultErrorField(result, PG_DIAG_MESSAGE_HINT))
      message += std::string(" Hint: ") + h;
  }
  if (message.empty()) message = PQerrorMessage(conn_);
  message = oneLine(message);
  if (!sqlstate.empty()) message += " [SQLSTATE " + sqlstate + "]";
  bool lost = PQstatus(conn_) != CONNECTION_OK;
  return classifyPostgresError(
      sqlstate, lost,
      options_.redact(endpoint_ + ": " + what + " failed: " + message +
                      (lost && sqlstate.empty() ? " (connection lost)" : "")));
}

Result<PostgresConnection::ResultPtr> PostgresConnection::run(
    const std::string& sql, const std::string& what, const std::vector<std::string>& params) {
  std::vector<const char*> values;
  for (const auto& p : params) values.push_back(p.c_str());
  ResultPtr result(params.empty()
                       ? PQexec(conn_, sql.c_str())
                       : PQexecParams(conn_, sql.c_str(), static_cast<int>(params.size()), nullptr,
                                      values.data(), nullptr, nullptr, 0));
  ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return failure(what, result.get());
  return result;
}

Status PostgresConnection::begin(IsolationLevel level) {
  auto result = run(beginSql(level), "begin a transaction");
  if (!result.ok()) return result.error();
  inTransaction_ = true;
  return Status::success();
}

Status PostgresConnection::commit() {
  inTransaction_ = false;
  auto result = run("COMMIT", "commit");
  if (!result.ok()) return result.error();
  // COMMIT of a failed transaction answers ROLLBACK instead of an error.
  if (std::string_view(PQcmdStatus(result->get())) == "ROLLBACK")
    return Error::external(options_.redact(endpoint_ + ": commit failed: the transaction was "
                                                       "rolled back"),
                           true);
  return Status::success();
}

void PostgresConnection::rollback() {
  if (!inTransaction_) return;
  inTransaction_ = false;
  if (isBroken()) return;
  ResultPtr result(PQexec(conn_, "ROLLBACK"));
}

Status PostgresConnection::execute(const std::string& sql, const std::string& what) {
  auto result = run(sql, what);
  if (!result.ok()) return result.error();
  return Status::success();
}

Result<std::optional<DbTable>> PostgresConnection::describeTable(const std::string& table) {
  auto result = run(pg_sql::kDescribeTable, "look up table " + table, {table});
  if (!result.ok()) return result.error();
  pg_result* r = result->get();
  if (PQntuples(r) == 0 || PQgetisnull(r, 0, 0)) return std::optional<DbTable>();
  DbTable columns;
  for (int i = 0; i < PQntuples(r); ++i) {
    if (PQgetisnull(r, i, 1)) continue;  // a table without columns
    DbColumn column;
    column.name = PQgetvalue(r, i, 1);
    column.typeOid = static_cast<uint32_t>(std::stoul(PQgetvalue(r, i, 2)));
    column.type = PQgetvalue(r, i, 3);
    column.notNull = std::string_view(PQgetvalue(r, i, 4)) == "t";
    columns.push_back(std::move(column));
  }
  return std::optional<DbTable>(std::move(columns));
}

std::string PostgresConnection::uniqueKeyClause(const std::vector<std::string>& quotedKeys) const {
  // NULLS NOT DISTINCT (PostgreSQL 15+): a NULL key (a group of NULLs) is upserted like any other.
  bool nullsNotDistinct = PQserverVersion(conn_) >= 150000;
  return std::string("UNIQUE ") + (nullsNotDistinct ? "NULLS NOT DISTINCT " : "") + "(" +
         joinStrings(quotedKeys, ", ") + ")";
}

Status PostgresConnection::ensureCommitsTable(const std::string& commitsTable) {
  auto result =
      run(pg_sql::createCommitsTable(commitsTable), "create the commits table " + commitsTable);
  if (!result.ok()) {
    Error error = result.error();
    // Two sinks creating it at once: one loses the race on the catalog's unique index.
    if (contains(error.message, "SQLSTATE 23505")) {
      error.domain = ErrorDomain::kExternal;
      error.retryable = true;
    }
    return error;
  }
  return Status::success();
}

Result<std::optional<int64_t>> PostgresConnection::lastCommittedBatch(
    const std::string& commitsTable, const std::string& queryId, const std::string& sinkTable) {
  auto result = run(pg_sql::selectCommittedBatch(commitsTable),
                    "read the commits table " + commitsTable, {queryId, sinkTable});
  if (!result.ok()) return result.error();
  pg_result* r = result->get();
  if (PQntuples(r) == 0) return std::optional<int64_t>();
  return std::optional<int64_t>(std::stoll(PQgetvalue(r, 0, 0)));
}

Status PostgresConnection::recordCommittedBatch(const std::string& commitsTable,
                                                const std::string& queryId,
                                                const std::string& sinkTable, int64_t batchId) {
  auto result = run(pg_sql::upsertCommittedBatch(commitsTable),
                    "record batch " + std::to_string(batchId) + " in " + commitsTable,
                    {queryId, sinkTable, std::to_string(batchId)});
  if (!result.ok()) {
    Error error = result.error();
    // Another writer of the same query recorded its first batch at the same time: retrying
    // finds its record.
    if (contains(error.message, "SQLSTATE 23505")) {
      error.domain = ErrorDomain::kExternal;
      error.retryable = true;
    }
    return error;
  }
  return Status::success();
}

Result<std::unique_ptr<JdbcConnection>> openPostgresConnection(const JdbcWriteOptions& options,
                                                               const TimeZonePtr& zone) {
  return PostgresConnection::open(options, zone);
}

}  // namespace spate::connector::jdbc
