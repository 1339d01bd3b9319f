#include "connector/jdbc/jdbc_table_writer.h"

#include <algorithm>

#include "common/error.h"
#include "common/strings.h"

namespace spate::connector::jdbc {

namespace {

int findColumn(const DbTable& columns, const std::string& name) {
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i].name == name) return static_cast<int>(i);
  for (size_t i = 0; i < columns.size(); ++i)
    if (equalsIgnoreCase(columns[i].name, name)) return static_cast<int>(i);
  return -1;
}

// Scala's toString of the table's schema as Spark reads it: Some(StructType(StructField(…),…)).
std::string sparkSchemaString(const DbTable& columns) {
  std::string out = "Some(StructType(";
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i) out += ",";
    out += "StructField(" + columns[i].name + "," + sparkTypeOfColumnType(columns[i].type) + "," +
           (columns[i].notNull ? "false" : "true") + ")";
  }
  return out + "))";
}

int fieldIndexOf(const DataType& schema, const std::string& name) {
  int exact = schema.fieldIndex(name, true);
  return exact >= 0 ? exact : schema.fieldIndex(name, false);
}

// Runs `body` in one transaction at `level`, or as is with NONE.
template <typename Body>
Status transactionally(JdbcConnection& connection, IsolationLevel level, Body body) {
  if (level == IsolationLevel::kNone) return body();
  if (Status s = connection.begin(level); !s.ok()) return s;
  Status s = body();
  if (!s.ok()) {
    connection.rollback();
    return s;
  }
  return connection.commit();
}

}  // namespace

std::vector<RowRange> rowRangesOf(const std::vector<BatchPtr>& batches) {
  std::vector<RowRange> out;
  for (const auto& batch : batches) {
    if (!batch || batch->numRows() == 0) continue;
    BatchPtr b = batch->hasSelection() ? batch->materialize() : batch;
    out.push_back({b, 0, b->numRows()});
  }
  return out;
}

void checkWritableTypes(const DataType& schema) {
  for (const auto& field : schema.fields()) {
    postgresDialect().columnType(*field.type);
    sqliteDialect().columnType(*field.type);
  }
}

Result<WriteTarget> resolveTarget(const std::string& table, const DbTable& columns,
                                  const DataType& schema,
                                  const std::vector<std::string>& upsertKeys) {
  WriteTarget target;
  target.table = table;
  target.columns = &columns;
  for (const auto& field : schema.fields()) {
    int i = findColumn(columns, field.name);
    if (i < 0)
      return Error::user("Column \"" + field.name + "\" not found in schema " +
                         sparkSchemaString(columns));
    target.targetColumn.push_back(i);
  }
  for (const auto& key : upsertKeys) target.upsertKeys.push_back(fieldIndexOf(schema, key));
  return target;
}

Status createTable(JdbcConnection& connection, const JdbcWriteOptions& options,
                   const DataType& schema, bool withUpsertKeys) {
  const JdbcDialect& dialect = connection.dialect();
  std::string keyClause;
  if (withUpsertKeys && !options.upsertKeys.empty()) {
    std::vector<std::string> keys;
    for (const auto& key : options.upsertKeys)
      keys.push_back(dialect.quoteIdentifier(schema.fields()[fieldIndexOf(schema, key)].name));
    keyClause = connection.uniqueKeyClause(keys);
  }
  if (Status s =
          connection.execute(dialect.createTableSql(options.table, schema, options, keyClause),
                             "create table " + options.table);
      !s.ok())
    return s;
  if (options.hypertable.empty()) return Status::success();
  const std::string& column = schema.fields()[fieldIndexOf(schema, options.hypertable)].name;
  return connection.makeTimeTable(options.table, column);
}

Status insertRows(JdbcConnection& connection, const JdbcWriteOptions& options,
                  const WriteTarget& target, const SchemaPtr& schema,
                  std::span<const RowRange> rows) {
  if (options.isolationLevel != IsolationLevel::kNone || connection.inTransaction())
    return connection.writeRows(target, schema, rows, options.batchSize);
  // Not transactional: every `batchsize` rows are written and committed on their own, so a
  // failure keeps the batches before it (as Spark's auto-commit writes do).
  std::vector<RowRange> chunk;
  int64_t inChunk = 0;
  auto flush = [&]() -> Status {
    if (chunk.empty()) return Status::success();
    Status s = transactionally(connection, IsolationLevel::kReadCommitted, [&] {
      return connection.writeRows(target, schema, chunk, options.batchSize);
    });
    chunk.clear();
    inChunk = 0;
    return s;
  };
  for (const RowRange& range : rows) {
    for (int64_t begin = range.begin; begin < range.end;) {
      int64_t take = std::min<int64_t>(range.end - begin, options.batchSize - inChunk);
      chunk.push_back({range.batch, begin, begin + take});
      inChunk += take;
      begin += take;
      if (inChunk == options.batchSize)
        if (Status s = flush(); !s.ok()) return s;
    }
  }
  return flush();
}

Status writeJdbcTable(const JdbcWriteOptions& options, SaveMode mode, const SchemaPtr& schema,
                      const std::vector<BatchPtr>& rows, const TimeZonePtr& zone) {
  checkOptionsAgainstSchema(options, *schema);
  checkWritableTypes(*schema);
  auto opened = openConnection(options, zone);
  if (!opened.ok()) return opened.error();
  JdbcConnection& connection = **opened;
  auto existing = connection.describeTable(options.table);
  if (!existing.ok()) return existing.error();
  std::vector<RowRange> ranges = rowRangesOf(rows);

  bool exists = existing->has_value();
  if (exists && mode == SaveMode::kErrorIfExists)
    return Error::user("Table or view '" + options.table +
                       "' already exists. SaveMode: ErrorIfExists.");
  if (exists && mode == SaveMode::kIgnore) return Status::success();

  std::optional<DbTable> columns = std::move(*existing);
  return transactionally(connection, options.isolationLevel, [&]() -> Status {
    if (exists && mode == SaveMode::kOverwrite) {
      if (options.truncate) {
        if (Status s = connection.execute(
                connection.dialect().truncateSql(options.table, options.cascadeTruncate),
                "truncate table " + options.table);
            !s.ok())
          return s;
      } else {
        if (Status s = connection.execute(connection.dialect().dropTableSql(options.table),
                                          "drop table " + options.table);
            !s.ok())
          return s;
        exists = false;
      }
    }
    if (!exists) {
      if (Status s = createTable(connection, options, *schema, true); !s.ok()) return s;
      auto created = connection.describeTable(options.table);
      if (!created.ok()) return created.error();
      if (!created->has_value())
        return Error::user(connection.endpoint() + ": table " + options.table +
                           " cannot be found after creating it");
      columns = std::move(*created);
    }
    auto target = resolveTarget(options.table, *columns, *schema, options.upsertKeys);
    if (!target.ok()) return target.error();
    return insertRows(connection, options, *target, schema, ranges);
  });
}

}  // namespace spate::connector::jdbc
