#pragma once

// Helpers for the jdbc tests (not part of the engine): the suite's PostgreSQL server, reading
// back what the sink wrote with libpq and libsqlite3 directly (never through the sink's code),
// and unique table names.
//
// PostgreSQL tests use the fixture PostgresTest. They run against the server
// scripts/pg-test-server.sh starts (SPATE_TEST_PG_URL, SPATE_PG_DSN); scripts/run-tests.sh runs
// them with SPATE_TEST_PG_REQUIRED=1, where a missing server fails them. Run alone without a
// server, they are skipped.

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <atomic>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "common/strings.h"
#include "connector/api/metadata_files.h"

namespace spate::connector::jdbc::testing {

struct PgServer {
  std::string url;  ///< jdbc:postgresql://127.0.0.1:<port>/postgres?user=postgres
  std::string dsn;  ///< libpq connection string of the superuser
  std::string port;
  std::string dir;     ///< the server's directory (pause/resume)
  std::string script;  ///< scripts/pg-test-server.sh
};

inline std::optional<PgServer> pgServer() {
  const char* url = std::getenv("SPATE_TEST_PG_URL");
  const char* dsn = std::getenv("SPATE_PG_DSN");
  if (!url || !dsn) return std::nullopt;
  auto env = [](const char* name) {
    const char* v = std::getenv(name);
    return std::string(v ? v : "");
  };
  return PgServer{url, dsn, env("SPATE_TEST_PG_PORT"), env("SPATE_TEST_PG_DIR"),
                  env("SPATE_TEST_PG_SCRIPT")};
}

/// A name no other test uses: "<prefix>_<n>_<random>".
inline std::string uniqueName(const std::string& prefix) {
  static std::atomic<int> counter{0};
  std::string id = connector::randomUuid().substr(0, 8);
  for (char& c : id)
    if (c == '-') c = '_';
  return prefix + "_" + std::to_string(++counter) + "_" + id;
}

using TextRow = std::vector<std::optional<std::string>>;

/// A libpq connection of the test itself, with TimeZone UTC.
class PgClient {
 public:
  explicit PgClient(const std::string& dsn) : conn_(PQconnectdb(dsn.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK)
      ADD_FAILURE() << "test client cannot connect: " << PQerrorMessage(conn_);
    else
      exec("SET TimeZone = 'UTC'");
  }
  ~PgClient() { PQfinish(conn_); }
  PgClient(const PgClient&) = delete;
  PgClient& operator=(const PgClient&) = delete;

  /// Runs a statement; a failure fails the test.
  void exec(const std::string& sql) {
    PGresult* r = PQexec(conn_, sql.c_str());
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
      ADD_FAILURE() << sql << ": " << PQresultErrorMessage(r);
    PQclear(r);
  }
  /// Every row of a query, values in PostgreSQL's text output, nullopt for NULL.
  std::vector<TextRow> query(const std::string& sql) {
    std::vector<TextRow> out;
    PGresult* r = PQexec(conn_, sql.c_str());
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
      ADD_FAILURE() << sql << ": " << PQresultErrorMessage(r);
    } else {
      for (int i = 0; i < PQntuples(r); ++i) {
        TextRow row;
        for (int j = 0; j < PQnfields(r); ++j)
          row.push_back(PQgetisnull(r, i, j) ? std::nullopt
                                             : std::optional<std::string>(PQgetvalue(r, i, j)));
        out.push_back(std::move(row));
      }
    }
    PQclear(r);
    return out;
  }
  /// Rows as "a|b|NULL" strings.
  std::vector<std::string> rows(const std::string& sql) {
    std::vector<std::string> out;
    for (const auto& row : query(sql)) {
      std::string line;
      for (size_t j = 0; j < row.size(); ++j) line += (j ? "|" : "") + row[j].value_or("NULL");
      out.push_back(line);
    }
    return out;
  }
  /// The single value of a query.
  std::string value(const std::string& sql) {
    auto r = query(sql);
    if (r.size() != 1 || r[0].size() != 1) {
      ADD_FAILURE() << sql << ": expected one value";
      return "";
    }
    return r[0][0].value_or("NULL");
  }

 private:
  PGconn* conn_;
};

/// Tests that need the suite's PostgreSQL server.
class PostgresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto found = pgServer();
    if (!found) {
      if (std::getenv("SPATE_TEST_PG_REQUIRED"))
        FAIL() << "SPATE_TEST_PG_URL and SPATE_PG_DSN are not set: the PostgreSQL suite must run "
                  "under scripts/pg-test-server.sh";
      GTEST_SKIP() << "no PostgreSQL server (run under scripts/pg-test-server.sh)";
    }
    server = *found;
    client = std::make_unique<PgClient>(server.dsn);
  }
  /// Stops the server keeping its data, or starts it again (outage tests).
  void pauseServer() { runScript("pause"); }
  void resumeServer() { runScript("resume"); }

  PgServer server;
  std::unique_ptr<PgClient> client;

 private:
  void runScript(const std::string& command) {
    std::string line = "bash '" + server.script + "' " + command + " '" + server.dir + "'";
    ASSERT_EQ(std::system(line.c_str()), 0) << line;
  }
};

/// Every row of a SQLite query, values as text (sqlite3_column_text), NULL as "NULL", joined by
/// "|"; with `types`, each value is followed by ":" and its storage class (typeof).
inline std::vector<std::string> sqliteRows(const std::string& path, const std::string& sql) {
  std::vector<std::string> out;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << "cannot open " << path << ": " << sqlite3_errmsg(db);
    sqlite3_close(db);
    return out;
  }
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db);
  } else {
    while (sqlite3_step(s) == SQLITE_ROW) {
      std::string line;
      for (int j = 0; j < sqlite3_column_count(s); ++j) {
        if (j) line += "|";
        const unsigned char* text = sqlite3_column_text(s, j);
        line += text ? std::string(reinterpret_cast<const char*>(text),
                                   static_cast<size_t>(sqlite3_column_bytes(s, j)))
                     : "NULL";
      }
      out.push_back(line);
    }
  }
  sqlite3_finalize(s);
  sqlite3_close(db);
  return out;
}

}  // namespace spate::connector::jdbc::testing
