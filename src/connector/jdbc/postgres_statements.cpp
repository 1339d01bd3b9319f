#include "connector/jdbc/postgres_statements.h"

#include "common/strings.h"
#include "connector/jdbc/jdbc_dialect.h"

namespace spate::connector::jdbc::pg_sql {

namespace {

std::string stagingColumn(size_t i) { return "c" + std::to_string(i); }

}  // namespace

std::string copyFrom(const std::string& table, const std::vector<std::string>& columns) {
  return "COPY " + table + " (" + joinStrings(columns, ", ") + ") FROM STDIN (FORMAT binary)";
}

std::string createStaging(const std::string& staging, const std::vector<std::string>& types) {
  std::string sql = "CREATE TEMPORARY TABLE " + staging + " (";
  for (size_t i = 0; i < types.size(); ++i) sql += stagingColumn(i) + " " + types[i] + ", ";
  return sql + "spate_row BIGINT) ON COMMIT DROP";
}

std::string insertFromStaging(const std::string& table, const std::string& staging,
                              const std::vector<std::string>& targetColumns,
                              const std::vector<std::string>& casts,
                              const std::vector<int>& keyColumns) {
  std::vector<std::string> values;
  for (size_t i = 0; i < targetColumns.size(); ++i) {
    std::string v = "s." + stagingColumn(i);
    values.push_back(casts[i].empty() ? v : "CAST(" + v + " AS " + casts[i] + ")");
  }
  std::string sql = "INSERT INTO " + table + " (" + joinStrings(targetColumns, ", ") + ") SELECT ";
  if (keyColumns.empty())
    return sql + joinStrings(values, ", ") + " FROM " + staging + " s ORDER BY s.spate_row";
  // One row per key (the last one), since ON CONFLICT cannot update a row twice in a statement.
  std::vector<std::string> keys, conflict;
  for (int k : keyColumns) {
    keys.push_back("s." + stagingColumn(k));
    conflict.push_back(targetColumns[k]);
  }
  sql += "DISTINCT ON (" + joinStrings(keys, ", ") + ") " + joinStrings(values, ", ") + " FROM " +
         staging + " s ORDER BY " + joinStrings(keys, ", ") + ", s.spate_row DESC";
  sql += " ON CONFLICT (" + joinStrings(conflict, ", ") + ") DO ";
  std::vector<std::string> updates;
  for (size_t i = 0; i < targetColumns.size(); ++i) {
    bool isKey = false;
    for (int k : keyColumns) isKey |= static_cast<size_t>(k) == i;
    if (!isKey) updates.push_back(targetColumns[i] + " = EXCLUDED." + targetColumns[i]);
  }
  return sql + (updates.empty() ? "NOTHING" : "UPDATE SET " + joinStrings(updates, ", "));
}

std::vector<std::string> hypertable(const std::string& table, const std::string& column,
                                    bool extensionInstalled) {
  const JdbcDialect& d = postgresDialect();
  std::vector<std::string> out;
  if (!extensionInstalled) out.push_back("CREATE EXTENSION IF NOT EXISTS timescaledb");
  // The table as a regclass literal is parsed like the table name in SQL (search path, quoted
  // names); the column is a plain name. migrate_data: the table may already hold this batch's
  // rows when it is created inside the batch's transaction.
  out.push_back("SELECT create_hypertable(" + d.quoteLiteral(table) + ", " +
                d.quoteLiteral(column) + ", if_not_exists => TRUE, migrate_data => TRUE)");
  return out;
}

std::string brinIndex(const std::string& table, const std::string& quotedColumn) {
  return "CREATE INDEX ON " + table + " USING brin (" + quotedColumn + ")";
}

std::string createCommitsTable(const std::string& commitsTable) {
  return "CREATE TABLE IF NOT EXISTS " + commitsTable +
         " (query_id TEXT NOT NULL, sink_table TEXT NOT NULL, batch_id BIGINT NOT NULL, "
         "updated_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (query_id, sink_table))";
}

std::string selectCommittedBatch(const std::string& commitsTable) {
  return "SELECT batch_id FROM " + commitsTable +
         " WHERE query_id = $1 AND sink_table = $2 FOR UPDATE";
}

std::string upsertCommittedBatch(const std::string& commitsTable) {
  return "INSERT INTO " + commitsTable +
         " (query_id, sink_table, batch_id) VALUES ($1, $2, $3::bigint) "
         "ON CONFLICT (query_id, sink_table) DO UPDATE SET batch_id = EXCLUDED.batch_id, "
         "updated_at = now()";
}

}  // namespace spate::connector::jdbc::pg_sql
