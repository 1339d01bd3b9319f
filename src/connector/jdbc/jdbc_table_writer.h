#pragma once

// Batch writes of the jdbc format (df.write.format("jdbc").mode(m).save(), INSERT INTO a table
// USING jdbc from a batch query) with Spark's save-mode semantics (JdbcRelationProvider), and
// the steps the streaming sink shares with them: matching columns to an existing table,
// creating a table, writing rows.

#include <span>
#include <string>
#include <vector>

#include "common/result.h"
#include "connector/api/connector.h"
#include "connector/jdbc/jdbc_connection.h"

namespace spate::connector::jdbc {

/// The rows of `batches` as ranges over materialized batches (empty batches left out).
std::vector<RowRange> rowRangesOf(const std::vector<BatchPtr>& batches);

/// Checks that every column of `schema` has a column type (Spark's "Can't get JDBC type for
/// …"), throwing IllegalArgumentException otherwise.
void checkWritableTypes(const DataType& schema);

/// Matches the written columns to the table's by name (exactly, else ignoring case, as Spark's
/// JdbcUtils.getInsertStatement does); a missing one is Spark's AnalysisException text
/// `Column "x" not found in schema Some(StructType(…))` as a user error.
Result<WriteTarget> resolveTarget(const std::string& table, const DbTable& columns,
                                  const DataType& schema,
                                  const std::vector<std::string>& upsertKeys);

/// CREATE TABLE with the mapped column types (and a unique key on the upsert keys when
/// `withUpsertKeys`), then the hypertable or its BRIN fallback when the `hypertable` option asks.
Status createTable(JdbcConnection& connection, const JdbcWriteOptions& options,
                   const DataType& schema, bool withUpsertKeys);

/// Writes the rows in the open transaction, or, with isolationLevel NONE, in transactions of
/// `batchsize` rows each (Spark commits every batch of a non-transactional write).
Status insertRows(JdbcConnection& connection, const JdbcWriteOptions& options,
                  const WriteTarget& target, const SchemaPtr& schema,
                  std::span<const RowRange> rows);

/// One batch write with `mode`'s semantics: the table created when missing; append; overwrite
/// (TRUNCATE when truncate=true, else DROP and CREATE); errorifexists ("Table or view '<t>'
/// already exists. SaveMode: ErrorIfExists."); ignore. Everything in one transaction unless
/// isolationLevel is NONE. Option errors throw; database errors are returned.
Status writeJdbcTable(const JdbcWriteOptions& options, SaveMode mode, const SchemaPtr& schema,
                      const std::vector<BatchPtr>& rows, const TimeZonePtr& zone);

}  // namespace spate::connector::jdbc
