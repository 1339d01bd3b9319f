// The jdbc format against real SQLite database files (always run): every type through the
// mapping and back (read with libsqlite3 directly), Spark's save modes, truncate, batchsize with
// isolationLevel NONE, createTableColumnTypes/createTableOptions, and the streaming sink's
// exactly-once batches, upserts and complete-mode replacement.
#include <gtest/gtest.h>

#include <filesystem>

#include "common/error.h"
#include "common/logging.h"
#include "connector/api/connector_test_support.h"
#include "connector/jdbc/jdbc_test_support.h"

namespace spate::connector::jdbc {
namespace {

namespace fs = std::filesystem;
using connector::testing::makeContext;
using connector::testing::thrownMessage;
using testing::sqliteRows;
using testing::uniqueName;
using Rows = std::vector<std::string>;

class SqliteSinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / uniqueName("spate-sqlite");
    fs::create_directories(dir);
    db = (dir / "test.db").string();
    url = "jdbc:sqlite:" + db;
  }
  void TearDown() override { fs::remove_all(dir); }

  std::map<std::string, std::string> options(const std::string& table,
                                             std::map<std::string, std::string> extra = {}) {
    extra["url"] = url;
    extra["dbtable"] = table;
    return extra;
  }
  Status write(const std::string& table, SaveMode mode, const BatchPtr& batch,
               std::map<std::string, std::string> extra = {}) {
    const BatchSinkProvider* sink = ConnectorRegistry::instance().findBatchSink("jdbc");
    EXPECT_NE(sink, nullptr);
    return sink->write(makeContext("jdbc", options(table, std::move(extra))), mode, batch->schema(),
                       {batch});
  }
  void writeOk(const std::string& table, SaveMode mode, const BatchPtr& batch,
               std::map<std::string, std::string> extra = {}) {
    Status s = write(table, mode, batch, std::move(extra));
    ASSERT_TRUE(s.ok()) << s.error().message;
  }
  Rows rows(const std::string& sql) { return sqliteRows(db, sql); }

  fs::path dir;
  std::string db, url;
};

BatchPtr batchOf(const std::string& ddl, const std::vector<std::vector<Value>>& rows) {
  return makeBatch(parseDdlSchema(ddl), rows);
}

TEST_F(SqliteSinkTest, EveryTypeThroughTheMappingAndBack) {
  auto schema = parseDdlSchema(
      "b BOOLEAN, y TINYINT, s SMALLINT, i INT, l BIGINT, f FLOAT, d DOUBLE, dec DECIMAL(10,2), "
      "str STRING, bin BINARY, dt DATE, ts TIMESTAMP, iv INTERVAL, arr ARRAY<STRING>, "
      "m MAP<STRING,INT>, st STRUCT<x: INT, y: STRING>");
  // 2024-01-15T10:30:45.123456Z = 1705314645.123456 s; 2024-02-29 = day 19782.
  std::vector<Value> full = {
      Value(true),
      Value(-128),
      Value(32767),
      Value(-2147483647 - 1),
      Value(int64_t{9223372036854775807}),
      Value(1.5),
      Value(0.1),
      Value(Int128{1250}),
      Value("h\xc3\xa9llo \xe4\xb8\x96\xe7\x95\x8c \xf0\x9f\x8e\x89"),
      Value(std::string("\x00\xff\x10", 3)),
      Value(19782),
      Value(int64_t{1705314645123456}),
      Value(Interval{14, 3, 4 * kMicrosPerHour + 5 * kMicrosPerMinute + 6'500'000}),
      Value(ValueList{Value("a"), Value::null()}),
      Value(ValueMap{{Value("k"), Value(1)}}),
      Value(ValueList{Value(1), Value("z")}),
  };
  std::vector<Value> nulls(full.size(), Value::null());
  writeOk("all_types", SaveMode::kErrorIfExists, makeBatch(schema, {full, nulls}));

  EXPECT_EQ(rows("SELECT name, type FROM pragma_table_info('all_types') ORDER BY cid"),
            (Rows{"b|BOOLEAN", "y|TINYINT", "s|SMALLINT", "i|INTEGER", "l|BIGINT", "f|REAL",
                  "d|DOUBLE", "dec|DECIMAL(10,2)", "str|TEXT", "bin|BLOB", "dt|DATE",
                  "ts|TIMESTAMP", "iv|TEXT", "arr|TEXT", "m|TEXT", "st|TEXT"}));
  EXPECT_EQ(rows("SELECT typeof(b), b, typeof(y), y, s, i, l, typeof(f), f, typeof(d), d, "
                 "typeof(dec), dec FROM all_types WHERE b IS NOT NULL"),
            (Rows{"integer|1|integer|-128|32767|-2147483648|9223372036854775807|real|1.5|real|0.1|"
                  "real|12.5"}));
  EXPECT_EQ(
      rows("SELECT str, length(str), typeof(bin), hex(bin), dt, ts, strftime('%s', ts), "
           "iv FROM all_types WHERE b IS NOT NULL"),
      (Rows{"h\xc3\xa9llo \xe4\xb8\x96\xe7\x95\x8c \xf0\x9f\x8e\x89|10|blob|00FF10|2024-02-29|"
            "2024-01-15 10:30:45.123456|1705314645|1 years 2 months 3 days 4 hours 5 "
            "minutes 6.5 seconds"}));
  // Nested values as JSON that SQLite's JSON functions read.
  EXPECT_EQ(rows("SELECT arr, json_extract(arr, '$[0]'), m, json_extract(m, '$.k'), st, "
                 "json_extract(st, '$.y') FROM all_types WHERE b IS NOT NULL"),
            (Rows{"[\"a\",null]|a|{\"k\":1}|1|{\"x\":1,\"y\":\"z\"}|z"}));
  EXPECT_EQ(rows("SELECT count(*) FROM all_types WHERE b IS NULL AND y IS NULL AND s IS NULL AND "
                 "i IS NULL AND l IS NULL AND f IS NULL AND d IS NULL AND dec IS NULL AND str IS "
                 "NULL AND bin IS NULL AND dt IS NULL AND ts IS NULL AND iv IS NULL AND arr IS "
                 "NULL AND m IS NULL AND st IS NULL"),
            Rows{"1"});
  // WAL journal: readers are not blocked by a batch being written.
  EXPECT_EQ(rows("PRAGMA journal_mode"), Rows{"wal"});
}

TEST_F(SqliteSinkTest, SaveModes) {
  auto first = batchOf("id INT, name STRING", {{Value(1), Value("a")}, {Value(2), Value("b")}});
  auto second = batchOf("id INT, name STRING", {{Value(3), Value("c")}});
  writeOk("t", SaveMode::kErrorIfExists, first);  // missing: created

  Status exists = write("t", SaveMode::kErrorIfExists, second);
  ASSERT_FALSE(exists.ok());
  EXPECT_EQ(exists.error().domain, ErrorDomain::kUser);
  EXPECT_EQ(exists.error().message, "Table or view 't' already exists. SaveMode: ErrorIfExists.");

  writeOk("t", SaveMode::kIgnore, second);
  EXPECT_EQ(rows("SELECT id, name FROM t ORDER BY id"), (Rows{"1|a", "2|b"}));

  writeOk("t", SaveMode::kAppend, second);
  EXPECT_EQ(rows("SELECT id, name FROM t ORDER BY id"), (Rows{"1|a", "2|b", "3|c"}));

  // Overwrite drops and recreates the table: the new rows' schema replaces the old one.
  writeOk("t", SaveMode::kOverwrite, batchOf("id BIGINT, score DOUBLE", {{Value(9), Value(0.5)}}));
  EXPECT_EQ(rows("SELECT name, type FROM pragma_table_info('t') ORDER BY cid"),
            (Rows{"id|BIGINT", "score|DOUBLE"}));
  EXPECT_EQ(rows("SELECT id, score FROM t"), Rows{"9|0.5"});
}

TEST_F(SqliteSinkTest, OverwriteWithTruncateKeepsTheTableDefinition) {
  auto batch = batchOf("id INT, name STRING", {{Value(1), Value("a")}});
  // A table made by hand, with a column the rows do not have and its own types.
  writeOk("kept", SaveMode::kAppend, batch,
          {{"createTableColumnTypes", "name VARCHAR(10) DEFAULT 'x'"}});
  {
    sqlite3* handle = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &handle), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(handle, "ALTER TABLE kept ADD COLUMN note TEXT DEFAULT 'n'", nullptr,
                           nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(handle);
  }
  writeOk("kept", SaveMode::kOverwrite,
          batchOf("id INT, name STRING", {{Value(2), Value("b")}, {Value(3), Value("c")}}),
          {{"truncate", "true"}});
  EXPECT_EQ(rows("SELECT name, type FROM pragma_table_info('kept') ORDER BY cid"),
            (Rows{"id|INTEGER", "name|VARCHAR(10)", "note|TEXT"}));
  EXPECT_EQ(rows("SELECT id, name, note FROM kept ORDER BY id"), (Rows{"2|b|n", "3|c|n"}));
}

TEST_F(SqliteSinkTest, AppendMatchesColumnsByNameAndNamesAMissingOne) {
  writeOk("t", SaveMode::kAppend, batchOf("Id INT, Name STRING", {{Value(1), Value("a")}}));
  // Another column order and case: matched by name, ignoring case.
  writeOk("t", SaveMode::kAppend, batchOf("name STRING, id INT", {{Value("b"), Value(2)}}));
  EXPECT_EQ(rows("SELECT Id, Name FROM t ORDER BY Id"), (Rows{"1|a", "2|b"}));
  Status missing =
      write("t", SaveMode::kAppend, batchOf("id INT, extra STRING", {{Value(3), Value("c")}}));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().domain, ErrorDomain::kUser);
  EXPECT_EQ(missing.error().message,
            "Column \"extra\" not found in schema Some(StructType(StructField(Id,IntegerType,true),"
            "StructField(Name,StringType,true)))");
  EXPECT_EQ(rows("SELECT count(*) FROM t"), Rows{"2"});
}

TEST_F(SqliteSinkTest, BatchsizeWithIsolationNoneCommitsEachBatch) {
  std::vector<std::vector<Value>> values;
  for (int i = 1; i <= 7; ++i) values.push_back({i == 6 ? Value::null() : Value(i)});
  auto batch = batchOf("v INT", values);
  auto notNullTable = [&](const std::string& name) {
    writeOk(name, SaveMode::kAppend, batchOf("v INT", {}),
            {{"createTableColumnTypes", "v INTEGER NOT NULL"}});
  };
  // In one transaction (the default READ_UNCOMMITTED), the NULL in row 6 leaves nothing.
  notNullTable("atomic");
  Status failed = write("atomic", SaveMode::kAppend, batch, {{"batchsize", "2"}});
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().domain, ErrorDomain::kUser);
  EXPECT_NE(failed.error().message.find("NOT NULL constraint failed: atomic.v"), std::string::npos)
      << failed.error().message;
  EXPECT_EQ(rows("SELECT count(*) FROM atomic"), Rows{"0"});
  // With NONE every batch of 2 rows commits on its own: rows 1-4 stay, the batch (5, NULL)
  // fails.
  notNullTable("chunked");
  EXPECT_FALSE(
      write("chunked", SaveMode::kAppend, batch, {{"batchsize", "2"}, {"isolationLevel", "NONE"}})
          .ok());
  EXPECT_EQ(rows("SELECT group_concat(v) FROM (SELECT v FROM chunked ORDER BY v)"),
            Rows{"1,2,3,4"});
}

TEST_F(SqliteSinkTest, EveryIsolationLevelWrites) {
  int n = 0;
  for (const char* level :
       {"NONE", "READ_UNCOMMITTED", "READ_COMMITTED", "REPEATABLE_READ", "SERIALIZABLE"}) {
    writeOk("levels", SaveMode::kAppend, batchOf("v INT", {{Value(++n)}}),
            {{"isolationLevel", level}});
  }
  EXPECT_EQ(rows("SELECT count(*), sum(v) FROM levels"), Rows{"5|15"});
}

TEST_F(SqliteSinkTest, CreateTableOptionsAndEmptyWrites) {
  writeOk("strict_t", SaveMode::kErrorIfExists, batchOf("a INT, s STRING", {}),
          {{"createTableOptions", "STRICT"}});
  EXPECT_EQ(rows("SELECT sql FROM sqlite_master WHERE name = 'strict_t'"),
            Rows{"CREATE TABLE strict_t (\"a\" INTEGER, \"s\" TEXT) STRICT"});
  EXPECT_EQ(rows("SELECT count(*) FROM strict_t"), Rows{"0"});
  // A type without a column type is refused before anything is written.
  EXPECT_EQ(thrownMessage<IllegalArgumentException>([&] {
              (void)write("void_t", SaveMode::kAppend,
                          makeBatch(DataType::structType({{"n", DataType::null(), true}}), {}));
            }),
            "Can't get JDBC type for void.");
}

TEST_F(SqliteSinkTest, AnUnopenableDatabaseIsAUserError) {
  url = "jdbc:sqlite:" + (dir / "no" / "such" / "dir.db").string();
  Status s = write("t", SaveMode::kAppend, batchOf("v INT", {{Value(1)}}));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().domain, ErrorDomain::kUser);
  EXPECT_EQ(s.error().message, "SQLite database " + (dir / "no" / "such" / "dir.db").string() +
                                   ": cannot open: unable to open database file");
}

// The streaming sink, driven directly: each batch in one transaction with its record.
class SqliteStreamSinkTest : public SqliteSinkTest {
 protected:
  std::unique_ptr<Sink> sink(const std::string& table, OutputMode mode, const SchemaPtr& schema,
                             std::map<std::string, std::string> extra = {}) {
    const SinkProvider* provider = ConnectorRegistry::instance().findSink("jdbc");
    auto context = makeContext("jdbc", options(table, std::move(extra)));
    provider->check(context, mode, schema);
    return provider->create(context, mode, schema);
  }
  static SinkBatch batch(int64_t id, const BatchPtr& rows, OutputMode mode) {
    SinkBatch b;
    b.batchId = id;
    b.queryId = "query-1";
    b.schema = rows->schema();
    b.rows = {rows};
    b.mode = mode;
    return b;
  }
};

TEST_F(SqliteStreamSinkTest, AReplayedBatchIsSkipped) {
  auto schema = parseDdlSchema("id INT, v STRING");
  auto s = sink("events", OutputMode::kAppend, schema);
  EXPECT_EQ(s->description(), "JdbcSink[url=" + url + ", dbtable=events]");
  auto b0 = batchOf("id INT, v STRING", {{Value(1), Value("a")}, {Value(2), Value("b")}});
  auto b1 = batchOf("id INT, v STRING", {{Value(3), Value("c")}});
  ASSERT_TRUE(s->addBatch(batch(0, b0, OutputMode::kAppend)).ok());
  ASSERT_TRUE(s->addBatch(batch(0, b0, OutputMode::kAppend)).ok());  // replay: skipped
  ASSERT_TRUE(s->addBatch(batch(1, b1, OutputMode::kAppend)).ok());
  // A new sink (a restarted query) replaying batch 1 skips it too.
  auto restarted = sink("events", OutputMode::kAppend, schema);
  ASSERT_TRUE(restarted->addBatch(batch(1, b1, OutputMode::kAppend)).ok());
  EXPECT_EQ(rows("SELECT id, v FROM events ORDER BY id"), (Rows{"1|a", "2|b", "3|c"}));
  EXPECT_EQ(rows("SELECT query_id, sink_table, batch_id FROM spate_sink_commits"),
            Rows{"query-1|events|1"});
  // Another query writing the same table has its own record.
  auto other = batch(0, b1, OutputMode::kAppend);
  other.queryId = "query-2";
  ASSERT_TRUE(restarted->addBatch(other).ok());
  EXPECT_EQ(rows("SELECT count(*) FROM events"), Rows{"4"});
}

TEST_F(SqliteStreamSinkTest, AFailedBatchLeavesNeitherRowsNorRecord) {
  auto schema = parseDdlSchema("id INT, v STRING");
  auto s = sink("strict_rows", OutputMode::kAppend, schema,
                {{"createTableColumnTypes", "v TEXT NOT NULL"}});
  ASSERT_TRUE(s->addBatch(batch(0, batchOf("id INT, v STRING", {{Value(1), Value("a")}}),
                                OutputMode::kAppend))
                  .ok());
  Status failed = s->addBatch(
      batch(1, batchOf("id INT, v STRING", {{Value(2), Value("b")}, {Value(3), Value::null()}}),
            OutputMode::kAppend));
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().domain, ErrorDomain::kUser);
  EXPECT_EQ(rows("SELECT id FROM strict_rows"), Rows{"1"});
  EXPECT_EQ(rows("SELECT batch_id FROM spate_sink_commits"), Rows{"0"});
}

TEST_F(SqliteStreamSinkTest, UpdateModeUpsertsOnTheKeys) {
  auto schema = parseDdlSchema("word STRING, n BIGINT");
  auto s = sink("counts", OutputMode::kUpdate, schema, {{"upsertKeys", "word"}});
  auto b = [&](std::vector<std::vector<Value>> values) {
    return batchOf("word STRING, n BIGINT", values);
  };
  ASSERT_TRUE(
      s->addBatch(batch(0, b({{Value("a"), Value(int64_t{1})}, {Value("b"), Value(int64_t{1})}}),
                        OutputMode::kUpdate))
          .ok());
  ASSERT_TRUE(
      s->addBatch(batch(1, b({{Value("a"), Value(int64_t{3})}, {Value("c"), Value(int64_t{1})}}),
                        OutputMode::kUpdate))
          .ok());
  EXPECT_EQ(rows("SELECT word, n FROM counts ORDER BY word"), (Rows{"a|3", "b|1", "c|1"}));
  EXPECT_EQ(rows("SELECT sql FROM sqlite_master WHERE name = 'counts'"),
            Rows{"CREATE TABLE counts (\"word\" TEXT, \"n\" BIGINT, UNIQUE (\"word\"))"});

  // Update mode without keys, and a non-transactional level, are refused when the query starts.
  EXPECT_EQ(thrownMessage<AnalysisException>([&] { sink("counts", OutputMode::kUpdate, schema); }),
            "The jdbc sink needs the option upsertKeys (the key columns of the rows to update, "
            "e.g. the grouping columns) in Update output mode.");
  EXPECT_THROW(sink("counts", OutputMode::kAppend, schema, {{"isolationLevel", "NONE"}}),
               IllegalArgumentException);
}

TEST_F(SqliteStreamSinkTest, CompleteModeReplacesTheRows) {
  auto schema = parseDdlSchema("word STRING, n BIGINT");
  auto s = sink("totals", OutputMode::kComplete, schema);
  auto b = [&](std::vector<std::vector<Value>> values) {
    return batchOf("word STRING, n BIGINT", values);
  };
  ASSERT_TRUE(
      s->addBatch(batch(0, b({{Value("a"), Value(int64_t{1})}}), OutputMode::kComplete)).ok());
  ASSERT_TRUE(
      s->addBatch(batch(1, b({{Value("a"), Value(int64_t{2})}, {Value("b"), Value(int64_t{1})}}),
                        OutputMode::kComplete))
          .ok());
  EXPECT_EQ(rows("SELECT word, n FROM totals ORDER BY word"), (Rows{"a|2", "b|1"}));
  // An empty result empties the table.
  ASSERT_TRUE(s->addBatch(batch(2, b({}), OutputMode::kComplete)).ok());
  EXPECT_EQ(rows("SELECT count(*) FROM totals"), Rows{"0"});
}

TEST_F(SqliteStreamSinkTest, HypertableOptionIndexesTheTimeColumnWithOneLogLine) {
  auto schema = parseDdlSchema("ts TIMESTAMP, v DOUBLE");
  LogCapture capture;
  auto s = sink("metrics", OutputMode::kAppend, schema, {{"hypertable", "ts"}});
  ASSERT_TRUE(
      s->addBatch(batch(0, batchOf("ts TIMESTAMP, v DOUBLE", {{Value(int64_t{0}), Value(1.0)}}),
                        OutputMode::kAppend))
          .ok());
  ASSERT_TRUE(
      s->addBatch(batch(1, batchOf("ts TIMESTAMP, v DOUBLE", {{Value(int64_t{1}), Value(2.0)}}),
                        OutputMode::kAppend))
          .ok());
  EXPECT_EQ(rows("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'metrics'"),
            Rows{"CREATE INDEX \"spate_idx_metrics_ts\" ON metrics (\"ts\")"});
  int lines = 0;
  for (const auto& line : capture.lines())
    lines += line.find("SQLite has no hypertables") != std::string::npos;
  EXPECT_EQ(lines, 1);
}

}  // namespace
}  // namespace spate::connector::jdbc
