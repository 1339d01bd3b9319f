#pragma once

// The SQL text the PostgreSQL writer sends, built apart from the connection so that it can be
// tested without a server (notably the TimescaleDB statements, which no server here can run).

#include <string>
#include <vector>

namespace spate::connector::jdbc::pg_sql {

/// COPY <table> (<columns>) FROM STDIN (FORMAT binary). `columns` are quoted identifiers.
std::string copyFrom(const std::string& table, const std::vector<std::string>& columns);

/// A temporary table holding one write's rows in the sink's own column types (c0, c1, … and
/// the input order in spate_row), dropped at commit.
std::string createStaging(const std::string& staging, const std::vector<std::string>& types);

/// Moves the staging rows into the table: each staged column ci cast to its table column's type
/// where `casts[i]` is not empty. With `keyColumns` (indices into the columns), the last row of
/// each key wins and replaces the table's row with that key (INSERT … ON CONFLICT (keys) DO
/// UPDATE; DO NOTHING when every column is a key).
std::string insertFromStaging(const std::string& table, const std::string& staging,
                              const std::vector<std::string>& targetColumns,
                              const std::vector<std::string>& casts,
                              const std::vector<int>& keyColumns);

/// TimescaleDB: the statements that make a new table a hypertable on `column` (a column name,
/// not quoted): CREATE EXTENSION when it is available but not installed, then create_hypertable.
std::vector<std::string> hypertable(const std::string& table, const std::string& column,
                                    bool extensionInstalled);

/// Without TimescaleDB: a BRIN index on the time column (small, and fast for append-mostly
/// time-ordered data).
std::string brinIndex(const std::string& table, const std::string& quotedColumn);

/// Whether the timescaledb extension is available to the server, and whether it is installed.
inline constexpr const char* kTimescaleProbe =
    "SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'), "
    "EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')";

/// The table's columns: oid (NULL when there is no such table), name, type OID, type text, not
/// null; $1 is the table name as written in SQL.
inline constexpr const char* kDescribeTable =
    "SELECT c.oid, a.attname, a.atttypid, format_type(a.atttypid, a.atttypmod), a.attnotnull "
    "FROM (SELECT to_regclass($1)::oid AS oid) c "
    "LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
    "ORDER BY a.attnum";

std::string createCommitsTable(const std::string& commitsTable);
/// $1 query id, $2 sink table; locks the record until the transaction ends.
std::string selectCommittedBatch(const std::string& commitsTable);
/// $1 query id, $2 sink table, $3 batch id.
std::string upsertCommittedBatch(const std::string& commitsTable);

}  // namespace spate::connector::jdbc::pg_sql
