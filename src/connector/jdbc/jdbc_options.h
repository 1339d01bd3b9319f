#pragma once

// The jdbc format's write options: Spark's JDBCOptions / JdbcOptionsInWrite with their defaults
// and messages, plus Spate's own (upsertKeys, hypertable, commitsTable). Option keys are
// case-insensitive; values are checked when the options are parsed, as Spark checks them when it
// builds JDBCOptions, so a wrong option fails before anything is written.

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "connector/jdbc/jdbc_url.h"
#include "types/data_type.h"

namespace spate::connector::jdbc {

/// java.sql.Connection's isolation levels, by Spark's option values.
enum class IsolationLevel {
  kNone,
  kReadUncommitted,
  kReadCommitted,
  kRepeatableRead,
  kSerializable
};

struct JdbcWriteOptions {
  std::string url;
  DatabaseUrl database;
  /// `dbtable`, used verbatim in SQL as Spark does (so "schema.table" and quoted names work).
  std::string table;
  /// `batchsize`: rows per COPY data message or INSERT batch; with isolationLevel NONE also rows
  /// per commit.
  int32_t batchSize = 1000;
  bool truncate = false;
  bool cascadeTruncate = false;
  IsolationLevel isolationLevel = IsolationLevel::kReadUncommitted;
  /// Appended to CREATE TABLE (…).
  std::string createTableOptions;
  /// `createTableColumnTypes`: column name → the column type to create it with.
  std::vector<std::pair<std::string, std::string>> createTableColumnTypes;
  /// `upsertKeys`: the key columns of INSERT … ON CONFLICT; empty for plain inserts.
  std::vector<std::string> upsertKeys;
  /// `hypertable`: the time column of a TimescaleDB hypertable (empty: a plain table).
  std::string hypertable;
  /// `commitsTable`: where the streaming sink records the batches it wrote.
  std::string commitsTable = "spate_sink_commits";
  /// Every option as given, to hide their secrets in messages.
  std::map<std::string, std::string> options;

  /// `text` with every password or secret of the options replaced by "*********(redacted)".
  std::string redact(std::string text) const;
};

/// Parses the options with Spark's checks and texts, e.g. IllegalArgumentException
/// "requirement failed: Option 'url' is required.", "Option 'dbtable' or 'query' is required.",
/// "requirement failed: Invalid value `0` for parameter `batchsize`. The minimum value is 1.".
JdbcWriteOptions parseJdbcWriteOptions(const std::map<std::string, std::string>& options);

/// Checks the options that depend on the rows' schema (Spark's AnalysisExceptions):
/// createTableColumnTypes, upsertKeys and hypertable name existing columns, once each.
void checkOptionsAgainstSchema(const JdbcWriteOptions& options, const DataType& schema);

/// Spark's option value name: "READ_UNCOMMITTED", ….
const char* isolationLevelName(IsolationLevel level);

}  // namespace spate::connector::jdbc
