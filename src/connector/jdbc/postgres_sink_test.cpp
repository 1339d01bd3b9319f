// The jdbc format against a real PostgreSQL 15 server (scripts/pg-test-server.sh; run by
// scripts/run-tests.sh with SPATE_TEST_PG_REQUIRED=1). Values are read back with the test's own
// libpq connection in PostgreSQL's text output, and compared with the texts PostgreSQL documents
// for them: every type through the mapping, existing tables of other column types, save modes,
// truncate, batchsize, isolation levels, the streaming sink's exactly-once batches, upserts,
// complete mode, authentication and permission failures (passwords redacted) and the BRIN
// fallback of the hypertable option.
#include <gtest/gtest.h>

#include "common/error.h"
#include "common/logging.h"
#include "connector/api/connector_test_support.h"
#include "connector/jdbc/jdbc_test_support.h"

namespace spate::connector::jdbc {
namespace {

using connector::testing::makeContext;
using testing::TextRow;
using testing::uniqueName;
using Rows = std::vector<std::string>;

BatchPtr batchOf(const std::string& ddl, const std::vector<std::vector<Value>>& rows) {
  return makeBatch(parseDdlSchema(ddl), rows);
}

class JdbcPostgresTest : public testing::PostgresTest {
 protected:
  std::map<std::string, std::string> options(const std::string& table,
                                             std::map<std::string, std::string> extra = {}) {
    extra["url"] = server.url;
    extra["dbtable"] = table;
    return extra;
  }
  Status write(const std::string& table, SaveMode mode, const std::vector<BatchPtr>& batches,
               std::map<std::string, std::string> extra = {}) {
    const BatchSinkProvider* sink = ConnectorRegistry::instance().findBatchSink("jdbc");
    return sink->write(makeContext("jdbc", options(table, std::move(extra))), mode,
                       batches.at(0)->schema(), batches);
  }
  void writeOk(const std::string& table, SaveMode mode, const BatchPtr& batch,
               std::map<std::string, std::string> extra = {}) {
    Status s = write(table, mode, {batch}, std::move(extra));
    ASSERT_TRUE(s.ok()) << s.error().message;
  }
  std::unique_ptr<Sink> sink(const std::string& table, OutputMode mode, const SchemaPtr& schema,
                             std::map<std::string, std::string> extra = {}) {
    const SinkProvider* provider = ConnectorRegistry::instance().findSink("jdbc");
    auto context = makeContext("jdbc", options(table, std::move(extra)));
    provider->check(context, mode, schema);
    return provider->create(context, mode, schema);
  }
  static SinkBatch sinkBatch(int64_t id, const BatchPtr& rows, OutputMode mode,
                             std::string queryId = "query-1") {
    SinkBatch b;
    b.batchId = id;
    b.queryId = std::move(queryId);
    b.schema = rows->schema();
    b.rows = {rows};
    b.mode = mode;
    return b;
  }
  Rows rows(const std::string& sql) { return client->rows(sql); }
  std::string columnTypes(const std::string& table) {
    return joinStrings(rows("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE "
                            "attrelid = '" +
                            table + "'::regclass AND attnum > 0 ORDER BY attnum"),
                       ", ");
  }
};

TEST_F(JdbcPostgresTest, EveryTypeThroughTheMappingAndBack) {
  std::string table = uniqueName("all_types");
  auto schema = parseDdlSchema(
      "id INT, b BOOLEAN, y TINYINT, s SMALLINT, i INT, l BIGINT, f FLOAT, d DOUBLE, "
      "dec DECIMAL(10,2), big DECIMAL(38,10), str STRING, bin BINARY, dt DATE, ts TIMESTAMP, "
      "iv INTERVAL, arr ARRAY<STRING>, ints ARRAY<INT>, tss ARRAY<TIMESTAMP>, "
      "decs ARRAY<DECIMAL(5,1)>, m MAP<STRING,INT>, st STRUCT<x: INT, y: STRING>, "
      "nested ARRAY<STRUCT<a: INT>>");
  Int128 big = 0;
  for (char c : std::string("12345678901234567890123456780123456789")) big = big * 10 + (c - '0');
  // 2024-01-15T10:30:45.123456Z = 1705314645.123456 s; 2024-02-29 = day 19782.
  std::vector<Value> first = {
      Value(1),
      Value(true),
      Value(-128),
      Value(32767),
      Value(-2147483647 - 1),
      Value(int64_t{9223372036854775807}),
      Value(1.5),
      Value(0.1),
      Value(Int128{1234567890}),
      Value(big),
      Value("h\xc3\xa9llo \xe4\xb8\x96\xe7\x95\x8c \xf0\x9f\x8e\x89"),
      Value(std::string("\x00\xff\x10", 3)),
      Value(19782),
      Value(int64_t{1705314645123456}),
      Value(Interval{14, 3, 4 * kMicrosPerHour + 5 * kMicrosPerMinute + 6'500'000}),
      Value(ValueList{Value("a"), Value::null(), Value("b c")}),
      Value(ValueList{Value(1), Value(2)}),
      Value(ValueList{Value(int64_t{1705314645123456})}),
      Value(ValueList{Value(Int128{15}), Value(Int128{-20})}),
      Value(ValueMap{{Value("k"), Value(1)}}),
      Value(ValueList{Value(1), Value("z")}),
      Value(ValueList{Value(ValueList{Value(1)})}),
  };
  std::vector<Value> edges = {
      Value(2),
      Value(false),
      Value(0),
      Value(-1),
      Value(0),
      Value(int64_t{-1}),
      Value(-std::numeric_limits<double>::infinity()),
      Value(std::nan("")),
      Value(Int128{-5}),
      Value(Int128{0}),
      Value(""),
      Value(std::string()),
      Value(-1),
      Value(int64_t{-1}),
      Value(Interval{0, 0, -1'000'000}),
      Value(ValueList{}),
      Value(ValueList{}),
      Value(ValueList{}),
      Value(ValueList{}),
      Value(ValueMap{}),
      Value(ValueList{Value::null(), Value("")}),
      Value(ValueList{}),
  };
  std::vector<Value> nulls(first.size(), Value::null());
  nulls[0] = Value(3);
  writeOk(table, SaveMode::kErrorIfExists, makeBatch(schema, {first, edges, nulls}));

  EXPECT_EQ(columnTypes(table),
            "integer, boolean, smallint, smallint, integer, bigint, real, double precision, "
            "numeric(10,2), numeric(38,10), text, bytea, date, timestamp with time zone, interval, "
            "text[], integer[], timestamp with time zone[], numeric(5,1)[], jsonb, jsonb, jsonb");
  std::string columns =
      "b, y, s, i, l, f, d, dec, big, str, bin, dt, ts, iv, arr, ints, tss, "
      "decs, m, st, nested";
  EXPECT_EQ(rows("SELECT " + columns + " FROM " + table + " ORDER BY id"),
            (Rows{"t|-128|32767|-2147483648|9223372036854775807|1.5|0.1|12345678.90|"
                  "1234567890123456789012345678.0123456789|"
                  "h\xc3\xa9llo \xe4\xb8\x96\xe7\x95\x8c \xf0\x9f\x8e\x89|\\x00ff10|2024-02-29|"
                  "2024-01-15 10:30:45.123456+00|1 year 2 mons 3 days 04:05:06.5|"
                  "{a,NULL,\"b c\"}|{1,2}|{\"2024-01-15 10:30:45.123456+00\"}|{1.5,-2.0}|"
                  "{\"k\": 1}|{\"x\": 1, \"y\": \"z\"}|[{\"a\": 1}]",
                  "f|0|-1|0|-1|-Infinity|NaN|-0.05|0.0000000000||\\x|1969-12-31|"
                  "1969-12-31 23:59:59.999999+00|-00:00:01|{}|{}|{}|{}|{}|{\"y\": \"\"}|[]",
                  "NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|"
                  "NULL|NULL|NULL|NULL|NULL|NULL"}));
  // Values compare as what they are, not only as text.
  EXPECT_EQ(rows("SELECT length(str), octet_length(bin), extract(epoch FROM ts), m->>'k', "
                 "st->>'y', arr[3] FROM " +
                 table + " WHERE id = 1"),
            Rows{"10|3|1705314645.123456|1|z|b c"});
}

TEST_F(JdbcPostgresTest, SaveModes) {
  std::string t = uniqueName("modes");
  auto first = batchOf("id INT, name STRING", {{Value(1), Value("a")}, {Value(2), Value("b")}});
  auto second = batchOf("id INT, name STRING", {{Value(3), Value("c")}});
  writeOk(t, SaveMode::kErrorIfExists, first);

  Status exists = write(t, SaveMode::kErrorIfExists, {second});
  ASSERT_FALSE(exists.ok());
  EXPECT_EQ(exists.error().domain, ErrorDomain::kUser);
  EXPECT_EQ(exists.error().message,
            "Table or view '" + t + "' already exists. SaveMode: ErrorIfExists.");

  writeOk(t, SaveMode::kIgnore, second);
  EXPECT_EQ(rows("SELECT id, name FROM " + t + " ORDER BY id"), (Rows{"1|a", "2|b"}));
  writeOk(t, SaveMode::kAppend, second);
  EXPECT_EQ(rows("SELECT id, name FROM " + t + " ORDER BY id"), (Rows{"1|a", "2|b", "3|c"}));

  // Overwrite: DROP and CREATE with the new rows' schema.
  writeOk(t, SaveMode::kOverwrite, batchOf("id BIGINT, score DOUBLE", {{Value(9), Value(0.5)}}));
  EXPECT_EQ(columnTypes(t), "bigint, double precision");
  EXPECT_EQ(rows("SELECT id, score FROM " + t), Rows{"9|0.5"});

  // Overwrite with truncate: TRUNCATE keeps the table (its types, defaults, extra columns).
  client->exec("ALTER TABLE " + t + " ADD COLUMN note TEXT DEFAULT 'n'");
  client->exec("ALTER TABLE " + t + " ALTER COLUMN score TYPE NUMERIC(6,2)");
  writeOk(t, SaveMode::kOverwrite,
          batchOf("id BIGINT, score DOUBLE", {{Value(int64_t{10}), Value(1.25)}}),
          {{"truncate", "true"}});
  EXPECT_EQ(columnTypes(t), "bigint, numeric(6,2), text");
  EXPECT_EQ(rows("SELECT id, score, note FROM " + t), Rows{"10|1.25|n"});
}

TEST_F(JdbcPostgresTest, ExistingTablesOfOtherColumnTypes) {
  // The seed's TimescaleDB DDL (without the hypertable): the rows' binary formats fit, so they
  // go straight in with COPY.
  std::string ticker = uniqueName("ticker_data");
  client->exec("CREATE TABLE " + ticker +
               " (timestamp TIMESTAMPTZ NOT NULL, pair VARCHAR(20) NOT NULL, last DOUBLE "
               "PRECISION NOT NULL, bid DOUBLE PRECISION, ask DOUBLE PRECISION, volume_24h DOUBLE "
               "PRECISION)");
  writeOk(ticker, SaveMode::kAppend,
          batchOf("timestamp TIMESTAMP, pair STRING, last DOUBLE, bid DOUBLE, ask DOUBLE, "
                  "volume_24h DOUBLE",
                  {{Value(int64_t{1705312345000000}), Value("XBT/USD"), Value(99950.5),
                    Value(99950.0), Value(100000.5), Value(15000.5)}}));
  EXPECT_EQ(rows("SELECT * FROM " + ticker),
            Rows{"2024-01-15 09:52:25+00|XBT/USD|99950.5|99950|100000.5|15000.5"});

  // Other types: through a staging table and casts (timestamp without time zone in the
  // session's zone, UTC here; double into numeric; a struct into json; text[] into varchar[]).
  std::string other = uniqueName("other_types");
  client->exec("CREATE TABLE " + other +
               " (ts TIMESTAMP, pair VARCHAR(8) NOT NULL, last NUMERIC(12,2), meta JSON, tags "
               "VARCHAR[], n BIGINT, extra TEXT DEFAULT 'd')");
  writeOk(other, SaveMode::kAppend,
          batchOf("ts TIMESTAMP, pair STRING, last DOUBLE, meta STRUCT<x: INT>, tags "
                  "ARRAY<STRING>, n INT",
                  {{Value(int64_t{1705314645123456}), Value("ETH/USD"), Value(3120.25),
                    Value(ValueList{Value(1)}), Value(ValueList{Value("a"), Value("b")}), Value(7)},
                   {Value::null(), Value("SOL/USD"), Value::null(), Value::null(), Value::null(),
                    Value::null()}}));
  EXPECT_EQ(rows("SELECT * FROM " + other + " ORDER BY pair"),
            (Rows{"2024-01-15 10:30:45.123456|ETH/USD|3120.25|{\"x\": 1}|{a,b}|7|d",
                  "NULL|SOL/USD|NULL|NULL|NULL|NULL|d"}));

  // A value the table refuses: a user error naming the column, and nothing written.
  Status refused =
      write(other, SaveMode::kAppend, {batchOf("pair STRING", {{Value("ok")}, {Value::null()}})});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().domain, ErrorDomain::kUser);
  EXPECT_NE(refused.error().message.find("null value in column \"pair\""), std::string::npos)
      << refused.error().message;
  EXPECT_NE(refused.error().message.find("[SQLSTATE 23502]"), std::string::npos);
  EXPECT_EQ(rows("SELECT count(*) FROM " + other), Rows{"2"});
  Status tooLong =
      write(other, SaveMode::kAppend, {batchOf("pair STRING", {{Value("123456789")}})});
  ASSERT_FALSE(tooLong.ok());
  EXPECT_NE(tooLong.error().message.find("value too long for type character varying(8)"),
            std::string::npos)
      << tooLong.error().message;

  // A column the table does not have: Spark's message.
  Status missing = write(ticker, SaveMode::kAppend, {batchOf("pair STRING, price DOUBLE", {})});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message,
            "Column \"price\" not found in schema Some(StructType(StructField(timestamp,"
            "TimestampType,false),StructField(pair,StringType,false),StructField(last,DoubleType,"
            "false),StructField(bid,DoubleType,true),StructField(ask,DoubleType,true),"
            "StructField(volume_24h,DoubleType,true)))");
}

TEST_F(JdbcPostgresTest, BatchsizeIsolationLevelsAndManyRows) {
  std::vector<std::vector<Value>> values;
  for (int i = 1; i <= 7; ++i) values.push_back({i == 6 ? Value::null() : Value(i)});
  auto batch = batchOf("v INT", values);
  for (const char* mode : {"atomic", "chunked"}) {
    std::string t = uniqueName(mode);
    client->exec("CREATE TABLE " + t + " (v INTEGER NOT NULL)");
    std::map<std::string, std::string> extra = {{"batchsize", "2"}};
    if (std::string(mode) == "chunked") extra["isolationLevel"] = "NONE";
    EXPECT_FALSE(write(t, SaveMode::kAppend, {batch}, extra).ok());
    // One transaction leaves nothing; NONE commits every 2 rows, so 1-4 stay.
    EXPECT_EQ(rows("SELECT coalesce(string_agg(v::text, ',' ORDER BY v), '') FROM " + t),
              Rows{std::string(mode) == "chunked" ? "1,2,3,4" : ""});
  }

  std::string levels = uniqueName("levels");
  int n = 0;
  for (const char* level :
       {"NONE", "READ_UNCOMMITTED", "READ_COMMITTED", "REPEATABLE_READ", "SERIALIZABLE"})
    writeOk(levels, SaveMode::kAppend, batchOf("v INT", {{Value(++n)}}),
            {{"isolationLevel", level}});
  EXPECT_EQ(rows("SELECT count(*), sum(v) FROM " + levels), Rows{"5|15"});

  // 30,000 rows in three batches, one with a selection vector, sent 333 rows per COPY chunk.
  std::string many = uniqueName("many");
  std::vector<BatchPtr> batches;
  for (int b = 0; b < 3; ++b) {
    std::vector<std::vector<Value>> rowsOfBatch;
    for (int i = 0; i < 10000; ++i) {
      int64_t v = b * 10000 + i;
      rowsOfBatch.push_back({Value(v), Value("row " + std::to_string(v))});
    }
    batches.push_back(batchOf("v BIGINT, s STRING", rowsOfBatch));
  }
  auto evens = std::make_shared<SelectionVector>();
  for (uint32_t i = 0; i < 10000; i += 2) evens->push_back(i);
  batches[1] = batches[1]->withSelection(evens);
  Status s = write(many, SaveMode::kAppend, batches, {{"batchsize", "333"}});
  ASSERT_TRUE(s.ok()) << s.error().message;
  // 0..9999, the even ones of 10000..19999, 20000..29999.
  int64_t expectedSum = 0;
  for (int64_t v = 0; v < 30000; ++v)
    if (v < 10000 || v >= 20000 || v % 2 == 0) expectedSum += v;
  EXPECT_EQ(
      rows("SELECT count(*), sum(v), count(DISTINCT s), bool_and(s = 'row ' || v) FROM " + many),
      Rows{"25000|" + std::to_string(expectedSum) + "|25000|t"});
}

TEST_F(JdbcPostgresTest, CreateTableOptionsColumnTypesAndEmptyWrites) {
  std::string t = uniqueName("created");
  writeOk(t, SaveMode::kErrorIfExists, batchOf("pair STRING, price DOUBLE", {}),
          {{"createTableColumnTypes", "pair VARCHAR(20)"},
           {"createTableOptions", "WITH (fillfactor = 70)"}});
  EXPECT_EQ(columnTypes(t), "character varying(20), double precision");
  EXPECT_EQ(
      client->value("SELECT reloptions::text FROM pg_class WHERE oid = '" + t + "'::regclass"),
      "{fillfactor=70}");
  EXPECT_EQ(client->value("SELECT count(*) FROM " + t), "0");
}

TEST_F(JdbcPostgresTest, BatchWritesUpsertOnUpsertKeys) {
  std::string t = uniqueName("upserted");
  auto schema = "pair STRING, last DOUBLE";
  writeOk(t, SaveMode::kAppend,
          batchOf(schema, {{Value("a"), Value(1.0)}, {Value::null(), Value(2.0)}}),
          {{"upsertKeys", "pair"}});
  // The same key twice in one write: the later row wins; a NULL key is upserted too.
  writeOk(t, SaveMode::kAppend,
          batchOf(schema, {{Value("a"), Value(3.0)},
                           {Value("b"), Value(4.0)},
                           {Value("a"), Value(5.0)},
                           {Value::null(), Value(6.0)}}),
          {{"upsertKeys", "pair"}});
  EXPECT_EQ(rows("SELECT pair, last FROM " + t + " ORDER BY pair NULLS FIRST"),
            (Rows{"NULL|6", "a|5", "b|4"}));
}

TEST_F(JdbcPostgresTest, StreamSinkSkipsReplayedBatches) {
  std::string t = uniqueName("events");
  auto schema = parseDdlSchema("id INT, v STRING");
  auto s = sink(t, OutputMode::kAppend, schema);
  EXPECT_EQ(s->description(), "JdbcSink[url=" + server.url + ", dbtable=" + t + "]");
  auto b0 = batchOf("id INT, v STRING", {{Value(1), Value("a")}, {Value(2), Value("b")}});
  auto b1 = batchOf("id INT, v STRING", {{Value(3), Value("c")}});
  ASSERT_TRUE(s->addBatch(sinkBatch(0, b0, OutputMode::kAppend)).ok());
  ASSERT_TRUE(s->addBatch(sinkBatch(0, b0, OutputMode::kAppend)).ok());  // replayed: skipped
  ASSERT_TRUE(s->addBatch(sinkBatch(1, b1, OutputMode::kAppend)).ok());
  auto restarted = sink(t, OutputMode::kAppend, schema);
  ASSERT_TRUE(restarted->addBatch(sinkBatch(1, b1, OutputMode::kAppend)).ok());
  ASSERT_TRUE(restarted->addBatch(sinkBatch(0, b1, OutputMode::kAppend, "query-2")).ok());
  EXPECT_EQ(rows("SELECT id, v FROM " + t + " ORDER BY id"), (Rows{"1|a", "2|b", "3|c", "3|c"}));
  EXPECT_EQ(rows("SELECT query_id, batch_id FROM spate_sink_commits WHERE sink_table = '" + t +
                 "' ORDER BY query_id"),
            (Rows{"query-1|1", "query-2|0"}));

  // A batch that fails leaves neither rows nor record.
  client->exec("ALTER TABLE " + t + " ALTER COLUMN v SET NOT NULL");
  Status failed = restarted->addBatch(
      sinkBatch(2, batchOf("id INT, v STRING", {{Value(4), Value("d")}, {Value(5), Value::null()}}),
                OutputMode::kAppend));
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().domain, ErrorDomain::kUser);
  EXPECT_EQ(client->value("SELECT count(*) FROM " + t), "4");
  EXPECT_EQ(client->value("SELECT batch_id FROM spate_sink_commits WHERE query_id = 'query-1' "
                          "AND sink_table = '" +
                          t + "'"),
            "1");
}

TEST_F(JdbcPostgresTest, StreamSinkUpdateAndCompleteModes) {
  std::string counts = uniqueName("counts");
  auto schema = parseDdlSchema("word STRING, n BIGINT");
  auto b = [](std::vector<std::vector<Value>> v) { return batchOf("word STRING, n BIGINT", v); };
  auto update = sink(counts, OutputMode::kUpdate, schema, {{"upsertKeys", "word"}});
  ASSERT_TRUE(update
                  ->addBatch(sinkBatch(
                      0, b({{Value("a"), Value(int64_t{1})}, {Value::null(), Value(int64_t{1})}}),
                      OutputMode::kUpdate))
                  .ok());
  ASSERT_TRUE(update
                  ->addBatch(sinkBatch(1,
                                       b({{Value("a"), Value(int64_t{2})},
                                          {Value("b"), Value(int64_t{1})},
                                          {Value::null(), Value(int64_t{5})}}),
                                       OutputMode::kUpdate))
                  .ok());
  EXPECT_EQ(rows("SELECT word, n FROM " + counts + " ORDER BY word NULLS FIRST"),
            (Rows{"NULL|5", "a|2", "b|1"}));

  std::string totals = uniqueName("totals");
  auto complete = sink(totals, OutputMode::kComplete, schema);
  ASSERT_TRUE(
      complete->addBatch(sinkBatch(0, b({{Value("a"), Value(int64_t{1})}}), OutputMode::kComplete))
          .ok());
  ASSERT_TRUE(complete
                  ->addBatch(sinkBatch(
                      1, b({{Value("a"), Value(int64_t{2})}, {Value("b"), Value(int64_t{1})}}),
                      OutputMode::kComplete))
                  .ok());
  EXPECT_EQ(rows("SELECT word, n FROM " + totals + " ORDER BY word"), (Rows{"a|2", "b|1"}));
  ASSERT_TRUE(complete->addBatch(sinkBatch(2, b({}), OutputMode::kComplete)).ok());
  EXPECT_EQ(client->value("SELECT count(*) FROM " + totals), "0");

  // Upserts into a table without a unique key on the keys: the query is told what to add.
  std::string plain = uniqueName("plain");
  client->exec("CREATE TABLE " + plain + " (word TEXT, n BIGINT)");
  auto noKey = sink(plain, OutputMode::kUpdate, schema, {{"upsertKeys", "word"}});
  Status s =
      noKey->addBatch(sinkBatch(0, b({{Value("a"), Value(int64_t{1})}}), OutputMode::kUpdate));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().domain, ErrorDomain::kUser);
  EXPECT_NE(s.error().message.find("there is no unique or exclusion constraint matching the ON "
                                   "CONFLICT specification [SQLSTATE 42P10]. Upserts need a "
                                   "primary key or unique index on the upsertKeys columns of " +
                                   plain),
            std::string::npos)
      << s.error().message;
}

TEST_F(JdbcPostgresTest, AuthenticationFailureIsAUserErrorWithoutThePassword) {
  std::string role = uniqueName("spate_role");
  client->exec("CREATE ROLE " + role + " LOGIN PASSWORD 'right-password-1'");
  auto opts = [&](const std::string& password) {
    return std::map<std::string, std::string>{
        {"url", "jdbc:postgresql://127.0.0.1:" + server.port + "/postgres"},
        {"dbtable", uniqueName("t")},
        {"user", role},
        {"password", password}};
  };
  const BatchSinkProvider* batchSink = ConnectorRegistry::instance().findBatchSink("jdbc");
  auto batch = batchOf("v INT", {{Value(1)}});
  Status s = batchSink->write(makeContext("jdbc", opts("wrong-password-2")), SaveMode::kAppend,
                              batch->schema(), {batch});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().domain, ErrorDomain::kUser);
  EXPECT_FALSE(s.error().retryable);
  EXPECT_EQ(s.error().message, "PostgreSQL at 127.0.0.1:" + server.port +
                                   ": cannot connect: connection to server at "
                                   "\"127.0.0.1\", port " +
                                   server.port +
                                   " failed: FATAL: password authentication "
                                   "failed for user \"" +
                                   role + "\"");
  // The password in the URL instead: not in the message nor the sink's description.
  auto inUrl = opts("");
  inUrl.erase("password");
  inUrl["url"] += "?user=" + role + "&password=wrong-password-3";
  auto sinkProvider = ConnectorRegistry::instance().findSink("jdbc");
  auto streamSink =
      sinkProvider->create(makeContext("jdbc", inUrl), OutputMode::kAppend, batch->schema());
  EXPECT_EQ(streamSink->description().find("wrong-password-3"), std::string::npos);
  EXPECT_NE(streamSink->description().find("password=*********(redacted)"), std::string::npos);
  Status fromSink = streamSink->addBatch(sinkBatch(0, batch, OutputMode::kAppend));
  ASSERT_FALSE(fromSink.ok());
  EXPECT_EQ(fromSink.error().domain, ErrorDomain::kUser);
  EXPECT_EQ(fromSink.error().message.find("wrong-password-3"), std::string::npos);

  // The right password but no privilege on the table: a user error naming it.
  std::string owned = uniqueName("owned");
  client->exec("CREATE TABLE " + owned + " (v INT)");
  auto right = opts("right-password-1");
  right["dbtable"] = owned;
  Status denied =
      batchSink->write(makeContext("jdbc", right), SaveMode::kAppend, batch->schema(), {batch});
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().domain, ErrorDomain::kUser);
  EXPECT_NE(
      denied.error().message.find("permission denied for table " + owned + " [SQLSTATE 42501]"),
      std::string::npos)
      << denied.error().message;
}

TEST_F(JdbcPostgresTest, UnreachableServerIsRetryableAndUnknownDatabaseIsNot) {
  auto batch = batchOf("v INT", {{Value(1)}});
  const BatchSinkProvider* batchSink = ConnectorRegistry::instance().findBatchSink("jdbc");
  // A port nothing listens on (the server's own, plus one, is free unless another server took it).
  std::string port = std::to_string(std::stoi(server.port) + 1);
  Status down = batchSink->write(
      makeContext("jdbc",
                  {{"url", "jdbc:postgresql://127.0.0.1:" + port + "/postgres"}, {"dbtable", "t"}}),
      SaveMode::kAppend, batch->schema(), {batch});
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(down.error().domain, ErrorDomain::kExternal);
  EXPECT_TRUE(down.error().retryable);
  EXPECT_TRUE(
      down.error().message.starts_with("PostgreSQL at 127.0.0.1:" + port + ": cannot connect: "))
      << down.error().message;
  Status noDb = batchSink->write(
      makeContext("jdbc", {{"url", "jdbc:postgresql://127.0.0.1:" + server.port + "/nosuchdb"},
                           {"dbtable", "t"},
                           {"user", "postgres"}}),
      SaveMode::kAppend, batch->schema(), {batch});
  ASSERT_FALSE(noDb.ok());
  EXPECT_EQ(noDb.error().domain, ErrorDomain::kUser);
  EXPECT_NE(noDb.error().message.find("database \"nosuchdb\" does not exist"), std::string::npos);
}

TEST_F(JdbcPostgresTest, HypertableWithoutTimescaleFallsBackToBrinWithOneLogLine) {
  ASSERT_EQ(client->value("SELECT count(*) FROM pg_available_extensions WHERE name = "
                          "'timescaledb'"),
            "0");  // this test is about the server without the extension
  std::string t = uniqueName("metrics");
  auto schema = parseDdlSchema("ts TIMESTAMP, pair STRING, v DOUBLE");
  LogCapture capture;
  auto s = sink(t, OutputMode::kAppend, schema, {{"hypertable", "ts"}});
  for (int64_t i = 0; i < 3; ++i)
    ASSERT_TRUE(
        s->addBatch(sinkBatch(i,
                              batchOf("ts TIMESTAMP, pair STRING, v DOUBLE",
                                      {{Value(i * kMicrosPerSecond), Value("p"), Value(1.0)}}),
                              OutputMode::kAppend))
            .ok());
  EXPECT_EQ(
      rows("SELECT indexdef LIKE '%USING brin (ts)' FROM pg_indexes WHERE tablename = '" + t + "'"),
      Rows{"t"});
  std::vector<std::string> lines;
  for (const auto& line : capture.lines())
    if (line.find("TimescaleDB") != std::string::npos) lines.push_back(line);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("WARN JdbcSink: TimescaleDB is not available on PostgreSQL at "
                          "127.0.0.1:" +
                          server.port +
                          " (no timescaledb extension on the "
                          "server): created " +
                          t +
                          " as a plain table with a BRIN index on "
                          "\"ts\" instead of a hypertable"),
            std::string::npos)
      << lines[0];
  EXPECT_EQ(client->value("SELECT count(*) FROM " + t), "3");
}

}  // namespace
}  // namespace spate::connector::jdbc
