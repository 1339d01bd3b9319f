#pragma once

// Which database a `url` option names and how to reach it. Spark hands the URL to a JDBC driver;
// Spate speaks to PostgreSQL through libpq and to SQLite through libsqlite3, so the URL (and the
// driver properties given as options, as Spark passes them to the driver) become libpq
// connection parameters or a database file path here.

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace spate::connector::jdbc {

enum class DatabaseKind { kPostgres, kSqlite };

struct DatabaseUrl {
  DatabaseKind kind = DatabaseKind::kPostgres;
  /// PostgreSQL: libpq keyword/value pairs in order. A leading "dbname" may hold a whole
  /// connection string or postgresql:// URI (libpq expands it; later pairs override it).
  std::vector<std::pair<std::string, std::string>> libpqParams;
  /// PostgreSQL: "host:port" of the first host when the URL says it (empty for a DSN or URI,
  /// which libpq reads itself).
  std::string hostPort;
  /// SQLite: the database path or file: URI given to sqlite3_open_v2.
  std::string sqlitePath;
  /// SQLite: sqlite-jdbc style "?name=value&…" settings after a plain path (journal_mode,
  /// foreign_keys, synchronous, busy_timeout, cache_size; others are ignored).
  std::vector<std::pair<std::string, std::string>> sqliteParams;
};

/// Parses `url` with the driver properties among `options` (user, password, sslmode, …; keys
/// case-insensitive). Accepted forms:
///   jdbc:postgresql://host[:port][,host2[:port2]…]/[database][?param=value&…]
///   jdbc:postgresql:database, jdbc:postgresql:/
///   postgresql://… and postgres://… URIs, and libpq "host=… port=…" connection strings
///   jdbc:sqlite:PATH[?pragma=value&…] (jdbc:sqlite::memory:, jdbc:sqlite:file:…?mode=… URIs)
/// Throws IllegalArgumentException for any other URL (Spark: "No suitable driver").
DatabaseUrl parseDatabaseUrl(const std::string& url,
                             const std::map<std::string, std::string>& options);

/// "%41" → "A", "+" kept: URL query values as pgjdbc decodes them.
std::string percentDecode(std::string_view text);

}  // namespace spate::connector::jdbc
