// A libsqlite3 connection for the jdbc sink: WAL journal (readers keep reading while a batch is
// written), a busy timeout for other writers, rows through one prepared INSERT per write inside
// the caller's transaction.
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "common/logging.h"
#include "common/strings.h"
#include "connector/jdbc/jdbc_connection.h"
#include "connector/jdbc/sqlite_types.h"
#include "vector/json_writer.h"

namespace spate::connector::jdbc {

namespace {

constexpr int kBusyTimeoutMs = 10'000;

struct StatementDeleter {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using StatementPtr = std::unique_ptr<sqlite3_stmt, StatementDeleter>;

// How a column's values are bound, decided once per write.
enum class Binding : uint8_t {
  kBool,
  kByte,
  kShort,
  kInt,
  kLong,
  kFloat,
  kDouble,
  kDecimal,
  kText,
  kBlob,
  kDate,
  kTimestamp,
  kInterval,
  kJson,
};

Binding bindingOf(const DataType& type) {
  switch (type.id()) {
    case TypeId::kBoolean:
      return Binding::kBool;
    case TypeId::kByte:
      return Binding::kByte;
    case TypeId::kShort:
      return Binding::kShort;
    case TypeId::kInt:
      return Binding::kInt;
    case TypeId::kLong:
      return Binding::kLong;
    case TypeId::kFloat:
      return Binding::kFloat;
    case TypeId::kDouble:
      return Binding::kDouble;
    case TypeId::kDecimal:
      return Binding::kDecimal;
    case TypeId::kString:
      return Binding::kText;
    case TypeId::kBinary:
      return Binding::kBlob;
    case TypeId::kDate:
      return Binding::kDate;
    case TypeId::kTimestamp:
      return Binding::kTimestamp;
    case TypeId::kInterval:
      return Binding::kInterval;
    default:
      return Binding::kJson;
  }
}

// Transient failures: another writer holds the lock past the busy timeout, I/O errors, a full
// disk. Everything else (SQL errors, constraints, read-only or unopenable files) is the user's.
Error classify(int code, std::string message) {
  switch (code & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_NOMEM:
    case SQLITE_PROTOCOL:
    case SQLITE_INTERRUPT:
      return Error::external(std::move(message), true);
    case SQLITE_CORRUPT:
    case SQLITE_INTERNAL:
      return Error::external(std::move(message), false);
    default:
      return Error::user(std::move(message));
  }
}

class SqliteConnection final : public JdbcConnection {
 public:
  SqliteConnection(sqlite3* db, JdbcWriteOptions options, TimeZonePtr zone)
      : db_(db), options_(std::move(options)), zone_(std::move(zone)) {
    endpoint_ = "SQLite database " + options_.database.sqlitePath;
  }
  ~SqliteConnection() override { sqlite3_close_v2(db_); }

  const JdbcDialect& dialect() const override { return sqliteDialect(); }
  const std::string& endpoint() const override { return endpoint_; }
  bool isBroken() const override { return false; }

  Status begin(IsolationLevel) override {
    // SQLite's transactions are serializable whatever the level asked for; IMMEDIATE takes the
    // write lock now rather than failing to upgrade a read lock later.
    if (Status s = execute("BEGIN IMMEDIATE", "begin a transaction"); !s.ok()) return s;
    inTransaction_ = true;
    return Status::success();
  }
  Status commit() override {
    inTransaction_ = false;
    return execute("COMMIT", "commit");
  }
  void rollback() override {
    if (!inTransaction_) return;
    inTransaction_ = false;
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  bool inTransaction() const override { return inTransaction_; }

  Status execute(const std::string& sql, const std::string& what) override {
    char* error = nullptr;
    int code = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
    if (code == SQLITE_OK) return Status::success();
    std::string message = error ? error : sqlite3_errstr(code);
    sqlite3_free(error);
    return failure(what, code, message);
  }

  Result<std::optional<DbTable>> describeTable(const std::string& table) override {
    sqlite3_stmt* raw = nullptr;
    int code =
        sqlite3_prepare_v2(db_, ("SELECT * FROM " + table + " LIMIT 0").c_str(), -1, &raw, nullptr);
    StatementPtr statement(raw);
    if (code != SQLITE_OK) {
      std::string message = sqlite3_errmsg(db_);
      if (message.starts_with("no such table")) return std::optional<DbTable>();
      return failure("look up table " + table, code, message);
    }
    DbTable columns;
    for (int i = 0; i < sqlite3_column_count(raw); ++i) {
      DbColumn column;
      column.name = sqlite3_column_name(raw, i);
      const char* type = sqlite3_column_decltype(raw, i);
      column.type = type ? type : "";
      columns.push_back(std::move(column));
    }
    return std::optional<DbTable>(std::move(columns));
  }

  std::string uniqueKeyClause(const std::vector<std::string>& quotedKeys) const override {
    return "UNIQUE (" + joinStrings(quotedKeys, ", ") + ")";
  }

  Status writeRows(const WriteTarget& target, const SchemaPtr& schema,
                   std::span<const RowRange> rows, int32_t) override;

  Status makeTimeTable(const std::string& table, const std::string& column) override {
    std::string name = "spate_idx_";
    for (char c : table + "_" + column)
      name += (std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
    if (Status s = execute("CREATE INDEX IF NOT EXISTS " + dialect().quoteIdentifier(name) +
                               " ON " + table + " (" + dialect().quoteIdentifier(column) + ")",
                           "create an index on " + table);
        !s.ok())
      return s;
    logWarn("JdbcSink",
            "SQLite has no hypertables: created {} as a plain table with an index on {} instead",
            table, dialect().quoteIdentifier(column));
    return Status::success();
  }

  Status ensureCommitsTable(const std::string& commitsTable) override {
    return execute("CREATE TABLE IF NOT EXISTS " + commitsTable +
                       " (query_id TEXT NOT NULL, sink_table TEXT NOT NULL, batch_id INTEGER NOT "
                       "NULL, updated_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY "
                       "(query_id, sink_table))",
                   "create the commits table " + commitsTable);
  }

  Result<std::optional<int64_t>> lastCommittedBatch(const std::string& commitsTable,
                                                    const std::string& queryId,
                                                    const std::string& sinkTable) override {
    std::string what = "read the commits table " + commitsTable;
    auto statement = prepare(
        "SELECT batch_id FROM " + commitsTable + " WHERE query_id = ? AND sink_table = ?", what);
    if (!statement.ok()) return statement.error();
    sqlite3_stmt* s = statement->get();
    sqlite3_bind_text(s, 1, queryId.data(), static_cast<int>(queryId.size()), SQLITE_STATIC);
    sqlite3_bind_text(s, 2, sinkTable.data(), static_cast<int>(sinkTable.size()), SQLITE_STATIC);
    int code = sqlite3_step(s);
    if (code == SQLITE_ROW) return std::optional<int64_t>(sqlite3_column_int64(s, 0));
    if (code == SQLITE_DONE) return std::optional<int64_t>();
    return failure(what, code, sqlite3_errmsg(db_));
  }

  Status recordCommittedBatch(const std::string& commitsTable, const std::string& queryId,
                              const std::string& sinkTable, int64_t batchId) override {
    std::string what = "record batch " + std::to_string(batchId) + " in " + commitsTable;
    auto statement = prepare("INSERT INTO " + commitsTable +
                                 " (query_id, sink_table, batch_id) VALUES (?, ?, ?) ON CONFLICT "
                                 "(query_id, sink_table) DO UPDATE SET batch_id = "
                                 "excluded.batch_id, updated_at = CURRENT_TIMESTAMP",
                             what);
    if (!statement.ok()) return statement.error();
    sqlite3_stmt* s = statement->get();
    sqlite3_bind_text(s, 1, queryId.data(), static_cast<int>(queryId.size()), SQLITE_STATIC);
    sqlite3_bind_text(s, 2, sinkTable.data(), static_cast<int>(sinkTable.size()), SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, batchId);
    int code = sqlite3_step(s);
    if (code != SQLITE_DONE) return failure(what, code, sqlite3_errmsg(db_));
    return Status::success();
  }

 private:
  Error failure(const std::string& what, int code, const std::string& message) const {
    return classify(code, options_.redact(endpoint_ + ": " + what + " failed: " + message + " [" +
                                          sqlite3_errstr(code) + "]"));
  }

  Result<StatementPtr> prepare(const std::string& sql, const std::string& what) {
    sqlite3_stmt* raw = nullptr;
    int code = sqlite3_prepare_v2(db_, sql.c_str(), -1, &raw, nullptr);
    StatementPtr statement(raw);
    if (code != SQLITE_OK) return failure(what, code, sqlite3_errmsg(db_));
    return statement;
  }

  sqlite3* db_;
  JdbcWriteOptions options_;
  TimeZonePtr zone_;
  std::string endpoint_;
  bool inTransaction_ = false;
};

Status SqliteConnection::writeRows(const WriteTarget& target, const SchemaPtr& schema,
                                   std::span<const RowRange> rows, int32_t) {
  const auto& fields = schema->fields();
  std::vector<std::string> columns, placeholders;
  for (size_t i = 0; i < fields.size(); ++i) {
    columns.push_back(dialect().quoteIdentifier((*target.columns)[target.targetColumn[i]].name));
    placeholders.push_back("?");
  }
  std::string sql = "INSERT INTO " + target.table + " (" + joinStrings(columns, ", ") +
                    ") VALUES (" + joinStrings(placeholders, ", ") + ")";
  if (!target.upsertKeys.empty()) {
    std::vector<std::string> keys, updates;
    for (int k : target.upsertKeys) keys.push_back(columns[k]);
    for (size_t i = 0; i < columns.size(); ++i)
      if (std::find(target.upsertKeys.begin(), target.upsertKeys.end(), static_cast<int>(i)) ==
          target.upsertKeys.end())
        updates.push_back(columns[i] + " = excluded." + columns[i]);
    sql += " ON CONFLICT (" + joinStrings(keys, ", ") + ") DO " +
           (updates.empty() ? "NOTHING" : "UPDATE SET " + joinStrings(updates, ", "));
  }
  int64_t total = 0;
  for (const auto& r : rows) total += r.end - r.begin;
  if (total == 0) return Status::success();
  std::string what = "write " + std::to_string(total) + " rows into " + target.table;
  auto prepared = prepare(sql, what);
  if (!prepared.ok()) return prepared.error();
  sqlite3_stmt* statement = prepared->get();

  std::vector<Binding> bindings;
  std::vector<std::unique_ptr<JsonWriter>> json(fields.size());
  for (size_t i = 0; i < fields.size(); ++i) {
    bindings.push_back(bindingOf(*fields[i].type));
    if (bindings.back() == Binding::kJson)
      json[i] = std::make_unique<JsonWriter>(fields[i].type, JsonOptions{}, zone_);
  }
  std::string text;
  for (const RowRange& range : rows) {
    const Batch& batch = *range.batch;
    for (int64_t r = range.begin; r < range.end; ++r) {
      for (size_t c = 0; c < fields.size(); ++c) {
        const Column& column = *batch.column(c);
        int index = static_cast<int>(c) + 1;
        if (column.isNull(r)) {
          sqlite3_bind_null(statement, index);
          continue;
        }
        text.clear();
        switch (bindings[c]) {
          case Binding::kBool:
            sqlite3_bind_int(statement, index, column.valueAt<uint8_t>(r) != 0);
            continue;
          case Binding::kByte:
            sqlite3_bind_int(statement, index, column.valueAt<int8_t>(r));
            continue;
          case Binding::kShort:
            sqlite3_bind_int(statement, index, column.valueAt<int16_t>(r));
            continue;
          case Binding::kInt:
            sqlite3_bind_int(statement, index, column.valueAt<int32_t>(r));
            continue;
          case Binding::kLong:
            sqlite3_bind_int64(statement, index, column.valueAt<int64_t>(r));
            continue;
          case Binding::kFloat:
            sqlite3_bind_double(statement, index, column.valueAt<float>(r));
            continue;
          case Binding::kDouble:
            sqlite3_bind_double(statement, index, column.valueAt<double>(r));
            continue;
          case Binding::kText:
          case Binding::kBlob: {
            std::string_view s = column.stringAt(r);
            if (bindings[c] == Binding::kText)
              sqlite3_bind_text(statement, index, s.data(), static_cast<int>(s.size()),
                                SQLITE_STATIC);
            else
              sqlite3_bind_blob(statement, index, s.data(), static_cast<int>(s.size()),
                                SQLITE_STATIC);
            continue;
          }
          case Binding::kDecimal:
            text = formatDecimal(column.valueAt<Int128>(r), fields[c].type->scale());
            break;
          case Binding::kDate:
            text = formatDate(column.valueAt<int32_t>(r));
            break;
          case Binding::kTimestamp:
            appendSqliteTimestamp(column.valueAt<int64_t>(r), text);
            break;
          case Binding::kInterval:
            text = formatInterval(column.valueAt<Interval>(r));
            break;
          case Binding::kJson:
            json[c]->write(column, r, text);
            break;
        }
        sqlite3_bind_text(statement, index, text.data(), static_cast<int>(text.size()),
                          SQLITE_TRANSIENT);
      }
      int code = sqlite3_step(statement);
      if (code != SQLITE_DONE) return failure(what, code, sqlite3_errmsg(db_));
      sqlite3_reset(statement);
    }
  }
  return Status::success();
}

}  // namespace

void appendSqliteTimestamp(int64_t utcMicros, std::string& out) {
  int64_t days = floorDiv(utcMicros, kMicrosPerDay);
  int64_t micros = floorMod(utcMicros, kMicrosPerDay);
  CivilDate date = civilFromDays(static_cast<int32_t>(days));
  char buffer[48];
  int n = std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u %02d:%02d:%02d.%06d", date.year,
                        date.month, date.day, static_cast<int>(micros / kMicrosPerHour),
                        static_cast<int>(micros / kMicrosPerMinute % 60),
                        static_cast<int>(micros / kMicrosPerSecond % 60),
                        static_cast<int>(micros % kMicrosPerSecond));
  out.append(buffer, n);
}

Result<std::unique_ptr<JdbcConnection>> openSqliteConnection(const JdbcWriteOptions& options,
                                                             const TimeZonePtr& zone) {
  const std::string& path = options.database.sqlitePath;
  sqlite3* db = nullptr;
  int code = sqlite3_open_v2(
      path.c_str(), &db,
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr);
  if (code != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    sqlite3_close_v2(db);
    return classify(code, options.redact("SQLite database " + path + ": cannot open: " + message));
  }
  auto connection = std::make_unique<SqliteConnection>(db, options, zone);
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  std::string journalMode = "WAL";
  for (const auto& [name, value] : options.database.sqliteParams) {
    // sqlite-jdbc's URL settings that are pragmas; values must be plain words or numbers.
    static const char* const kPragmas[] = {"journal_mode", "foreign_keys", "synchronous",
                                           "busy_timeout", "cache_size"};
    bool known = false;
    for (const char* p : kPragmas) known |= equalsIgnoreCase(name, p);
    bool plain = !value.empty();
    for (char c : value) plain &= std::isalnum(static_cast<unsigned char>(c)) || c == '-';
    if (!known || !plain) {
      logDebug("JdbcUtils", "Ignoring the SQLite URL setting {}", name);
      continue;
    }
    if (equalsIgnoreCase(name, "journal_mode")) {
      journalMode = value;
      continue;
    }
    if (Status s = connection->execute("PRAGMA " + toLower(name) + "=" + value, "set " + name);
        !s.ok())
      return s.error();
  }
  if (Status s = connection->execute("PRAGMA journal_mode=" + journalMode, "set journal_mode");
      !s.ok())
    return s.error();
  return std::unique_ptr<JdbcConnection>(std::move(connection));
}

}  // namespace spate::connector::jdbc
