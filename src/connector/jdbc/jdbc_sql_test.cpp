// What the jdbc sink sends, checked without a server: type mappings, generated SQL (including
// the TimescaleDB statements, which no server here can run), the binary COPY bytes, and how
// database errors are classified.
#include <gtest/gtest.h>

#include "common/error.h"
#include "connector/jdbc/jdbc_dialect.h"
#include "connector/jdbc/postgres_connection.h"
#include "connector/jdbc/postgres_copy.h"
#include "connector/jdbc/postgres_statements.h"
#include "connector/jdbc/postgres_types.h"
#include "connector/jdbc/sqlite_types.h"
#include "vector/batch.h"

namespace spate::connector::jdbc {
namespace {

std::string hex(const Buffer& buffer) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < buffer.size(); ++i) {
    out += digits[buffer.data()[i] >> 4];
    out += digits[buffer.data()[i] & 15];
  }
  return out;
}

std::string numericHex(Int128 unscaled, int scale) {
  Buffer b;
  PostgresCopyEncoder::appendNumeric(unscaled, scale, b);
  return hex(b);
}

TEST(JdbcTypeMappingTest, PostgresColumnTypesFollowSparksDialect) {
  struct Case {
    std::string ddl, column;
    uint32_t oid;
  };
  const Case cases[] = {
      {"boolean", "BOOLEAN", pg_oid::kBool},
      {"tinyint", "SMALLINT", pg_oid::kInt2},
      {"smallint", "SMALLINT", pg_oid::kInt2},
      {"int", "INTEGER", pg_oid::kInt4},
      {"bigint", "BIGINT", pg_oid::kInt8},
      {"float", "FLOAT4", pg_oid::kFloat4},
      {"double", "FLOAT8", pg_oid::kFloat8},
      {"decimal(10,2)", "NUMERIC(10,2)", pg_oid::kNumeric},
      {"string", "TEXT", pg_oid::kText},
      {"binary", "BYTEA", pg_oid::kBytea},
      {"date", "DATE", pg_oid::kDate},
      {"timestamp", "TIMESTAMPTZ", pg_oid::kTimestamptz},
      {"interval", "INTERVAL", pg_oid::kInterval},
      {"array<string>", "TEXT[]", pg_oid::kTextArray},
      {"array<int>", "INTEGER[]", pg_oid::kInt4Array},
      {"array<timestamp>", "TIMESTAMPTZ[]", pg_oid::kTimestamptzArray},
      {"array<decimal(5,1)>", "NUMERIC(5,1)[]", pg_oid::kNumericArray},
      {"array<array<int>>", "JSONB", pg_oid::kJsonb},
      {"map<string,int>", "JSONB", pg_oid::kJsonb},
      {"struct<a:int,b:string>", "JSONB", pg_oid::kJsonb},
  };
  for (const auto& c : cases) {
    TypePtr type = parseDataType(c.ddl);
    EXPECT_EQ(postgresColumnType(*type), c.column) << c.ddl;
    EXPECT_EQ(postgresTypeOid(*type), c.oid) << c.ddl;
  }
  try {
    postgresColumnType(*DataType::null());
    ADD_FAILURE() << "no exception";
  } catch (const IllegalArgumentException& e) {
    EXPECT_STREQ(e.what(), "Can't get JDBC type for void.");
  }
  EXPECT_TRUE(binaryCompatible(pg_oid::kText, pg_oid::kVarchar));
  EXPECT_TRUE(binaryCompatible(pg_oid::kText, pg_oid::kBpchar));
  EXPECT_FALSE(binaryCompatible(pg_oid::kFloat8, pg_oid::kNumeric));
  EXPECT_FALSE(binaryCompatible(pg_oid::kTimestamptz, pg_oid::kTimestamp));
  EXPECT_FALSE(binaryCompatible(pg_oid::kTextArray, 1015));  // varchar[]: element type differs
}

TEST(JdbcTypeMappingTest, SqliteDeclaredTypes) {
  const std::pair<const char*, const char*> cases[] = {
      {"boolean", "BOOLEAN"},
      {"tinyint", "TINYINT"},
      {"smallint", "SMALLINT"},
      {"int", "INTEGER"},
      {"bigint", "BIGINT"},
      {"float", "REAL"},
      {"double", "DOUBLE"},
      {"decimal(10,2)", "DECIMAL(10,2)"},
      {"string", "TEXT"},
      {"binary", "BLOB"},
      {"date", "DATE"},
      {"timestamp", "TIMESTAMP"},
      {"interval", "TEXT"},
      {"array<string>", "TEXT"},
      {"map<string,int>", "TEXT"},
  };
  for (const auto& [ddl, type] : cases)
    EXPECT_EQ(sqliteColumnType(*parseDataType(ddl)), type) << ddl;
  EXPECT_THROW(sqliteColumnType(*DataType::null()), IllegalArgumentException);

  std::string text;
  appendSqliteTimestamp(0, text);
  EXPECT_EQ(text, "1970-01-01 00:00:00.000000");
  text.clear();
  // 2024-02-29 23:59:59.5 UTC = 1709251199.5 s.
  appendSqliteTimestamp(1709251199500000, text);
  EXPECT_EQ(text, "2024-02-29 23:59:59.500000");
  text.clear();
  appendSqliteTimestamp(-1, text);  // one microsecond before the epoch
  EXPECT_EQ(text, "1969-12-31 23:59:59.999999");
}

TEST(JdbcTypeMappingTest, SparkTypesOfDatabaseColumns) {
  EXPECT_EQ(sparkTypeOfColumnType("integer"), "IntegerType");
  EXPECT_EQ(sparkTypeOfColumnType("character varying(20)"), "StringType");
  EXPECT_EQ(sparkTypeOfColumnType("numeric(10,2)"), "DecimalType(10,2)");
  EXPECT_EQ(sparkTypeOfColumnType("numeric"), "DecimalType(38,18)");
  EXPECT_EQ(sparkTypeOfColumnType("timestamp with time zone"), "TimestampType");
  EXPECT_EQ(sparkTypeOfColumnType("double precision"), "DoubleType");
  EXPECT_EQ(sparkTypeOfColumnType("text[]"), "ArrayType(StringType,true)");
  EXPECT_EQ(sparkTypeOfColumnType("jsonb"), "StringType");
}

TEST(JdbcSqlTest, CreateTableAsSparkWritesIt) {
  JdbcWriteOptions options;
  auto schema = parseDdlSchema("pair STRING NOT NULL, last DOUBLE, `we\"ird` INT");
  EXPECT_EQ(postgresDialect().createTableSql("ticker", *schema, options),
            "CREATE TABLE ticker (\"pair\" TEXT NOT NULL, \"last\" FLOAT8, \"we\"\"ird\" INTEGER)");
  options.createTableColumnTypes = {{"PAIR", "VARCHAR(20)"}};
  options.createTableOptions = "WITH (fillfactor = 90)";
  EXPECT_EQ(postgresDialect().createTableSql("s.ticker", *schema, options, "UNIQUE (\"pair\")"),
            "CREATE TABLE s.ticker (\"pair\" VARCHAR(20) NOT NULL, \"last\" FLOAT8, \"we\"\"ird\" "
            "INTEGER, UNIQUE (\"pair\")) WITH (fillfactor = 90)");
  EXPECT_EQ(sqliteDialect().createTableSql("t", *parseDdlSchema("ts TIMESTAMP, v DECIMAL(4,1)"),
                                           JdbcWriteOptions{}),
            "CREATE TABLE t (\"ts\" TIMESTAMP, \"v\" DECIMAL(4,1))");
  EXPECT_EQ(postgresDialect().truncateSql("t", false), "TRUNCATE TABLE ONLY t");
  EXPECT_EQ(postgresDialect().truncateSql("t", true), "TRUNCATE TABLE ONLY t CASCADE");
  EXPECT_EQ(sqliteDialect().truncateSql("t", true), "DELETE FROM t");
}

TEST(JdbcSqlTest, PostgresStatements) {
  EXPECT_EQ(pg_sql::copyFrom("t", {"\"a\"", "\"b\""}),
            "COPY t (\"a\", \"b\") FROM STDIN (FORMAT binary)");
  EXPECT_EQ(pg_sql::createStaging("spate_staging_1", {"TEXT", "FLOAT8"}),
            "CREATE TEMPORARY TABLE spate_staging_1 (c0 TEXT, c1 FLOAT8, spate_row BIGINT) ON "
            "COMMIT DROP");
  EXPECT_EQ(pg_sql::insertFromStaging("t", "st", {"\"a\"", "\"b\""}, {"", "numeric(10,2)"}, {}),
            "INSERT INTO t (\"a\", \"b\") SELECT s.c0, CAST(s.c1 AS numeric(10,2)) FROM st s "
            "ORDER BY s.spate_row");
  EXPECT_EQ(pg_sql::insertFromStaging("t", "st", {"\"k\"", "\"v\"", "\"w\""}, {"", "", ""}, {0}),
            "INSERT INTO t (\"k\", \"v\", \"w\") SELECT DISTINCT ON (s.c0) s.c0, s.c1, s.c2 FROM "
            "st s ORDER BY s.c0, s.spate_row DESC ON CONFLICT (\"k\") DO UPDATE SET \"v\" = "
            "EXCLUDED.\"v\", \"w\" = EXCLUDED.\"w\"");
  EXPECT_EQ(pg_sql::insertFromStaging("t", "st", {"\"k\""}, {""}, {0}),
            "INSERT INTO t (\"k\") SELECT DISTINCT ON (s.c0) s.c0 FROM st s ORDER BY s.c0, "
            "s.spate_row DESC ON CONFLICT (\"k\") DO NOTHING");
  EXPECT_EQ(pg_sql::brinIndex("ticker_data", "\"timestamp\""),
            "CREATE INDEX ON ticker_data USING brin (\"timestamp\")");
  EXPECT_EQ(pg_sql::upsertCommittedBatch("spate_sink_commits"),
            "INSERT INTO spate_sink_commits (query_id, sink_table, batch_id) VALUES ($1, $2, "
            "$3::bigint) ON CONFLICT (query_id, sink_table) DO UPDATE SET batch_id = "
            "EXCLUDED.batch_id, updated_at = now()");
}

// TimescaleDB is not installable here: its path is checked as the SQL it sends.
TEST(JdbcSqlTest, HypertableStatements) {
  EXPECT_EQ(pg_sql::hypertable("ticker_data", "timestamp", false),
            (std::vector<std::string>{
                "CREATE EXTENSION IF NOT EXISTS timescaledb",
                "SELECT create_hypertable('ticker_data', 'timestamp', if_not_exists => TRUE, "
                "migrate_data => TRUE)"}));
  EXPECT_EQ(pg_sql::hypertable("public.\"Odd\"", "it's", true),
            (std::vector<std::string>{
                "SELECT create_hypertable('public.\"Odd\"', 'it''s', if_not_exists => TRUE, "
                "migrate_data => TRUE)"}));
}

TEST(PostgresCopyEncoderTest, NumericSendFormat) {
  // ndigits, weight, sign, dscale, then base-10000 digits (all int16, big-endian).
  EXPECT_EQ(numericHex(12345678, 3),
            "0003"
            "0001"
            "0000"
            "0003"
            "0001"
            "0929"
            "1a7c");
  EXPECT_EQ(numericHex(-5, 2),
            "0001"
            "ffff"
            "4000"
            "0002"
            "01f4");  // -0.05: 500 × 10000⁻¹
  EXPECT_EQ(numericHex(0, 2),
            "0000"
            "0000"
            "0000"
            "0002");
  EXPECT_EQ(numericHex(10001, 4),
            "0002"
            "0000"
            "0000"
            "0004"
            "0001"
            "0001");  // 1.0001
  Int128 e20 = 1;
  for (int i = 0; i < 20; ++i) e20 *= 10;
  EXPECT_EQ(numericHex(e20, 0),
            "0001"
            "0005"
            "0000"
            "0000"
            "0001");
  Int128 nines = 0;  // 38 nines
  for (int i = 0; i < 38; ++i) nines = nines * 10 + 9;
  EXPECT_EQ(numericHex(-nines, 0),
            "000a"
            "0009"
            "4000"
            "0000"
            "0063"
            "270f"
            "270f"
            "270f"
            "270f"
            "270f"
            "270f"
            "270f"
            "270f"
            "270f");
  EXPECT_EQ(numericHex(1, 38),
            "0001"
            "fff6"
            "0000"
            "0026"
            "0064");  // 1e-38 = 100 × 10000⁻¹⁰
}

TEST(PostgresCopyEncoderTest, RowsColumnByColumn) {
  auto schema = parseDdlSchema("a INT, b STRING, c BOOLEAN, d DATE, e TIMESTAMP, f DOUBLE");
  auto batch = makeBatch(
      schema,
      {{Value(1), Value("h\xc3\xa9"), Value(true), Value(10958), Value(int64_t{0}), Value(0.1)},
       {Value::null(), Value::null(), Value::null(), Value::null(), Value::null(), Value::null()}});
  std::vector<TypePtr> types;
  for (const auto& f : schema->fields()) types.push_back(f.type);
  PostgresCopyEncoder encoder(types, TimeZone::utc());
  Buffer out;
  PostgresCopyEncoder::appendHeader(out);
  encoder.encode(*batch, 0, 2, out);
  PostgresCopyEncoder::appendTrailer(out);
  EXPECT_EQ(hex(out),
            // "PGCOPY\n\377\r\n\0", flags, header extension
            "5047434f50590aff0d0a00"
            "00000000"
            "00000000"
            // row 1: 6 fields
            "0006"
            "00000004"
            "00000001"
            "00000003"
            "68c3a9"
            "00000001"
            "01"
            "00000004"
            "00000001"  // 2000-01-02: day 1 of PostgreSQL's epoch
            "00000008"
            "fffca2fec4c82000"  // 1970-01-01T00:00Z: -946684800 s in µs
            "00000008"
            "3fb999999999999a"  // 0.1
            // row 2: six NULLs
            "0006"
            "ffffffff"
            "ffffffff"
            "ffffffff"
            "ffffffff"
            "ffffffff"
            "ffffffff"
            "ffff");

  // A range in the middle of a batch, with row numbers (staging tables).
  PostgresCopyEncoder numbered({DataType::integer()}, TimeZone::utc(), true);
  auto ints = makeBatch(parseDdlSchema("x INT"), {{Value(7)}, {Value(8)}, {Value(9)}});
  Buffer rows;
  numbered.encode(*ints, 1, 3, rows, 40);
  EXPECT_EQ(hex(rows),
            "0002"
            "00000004"
            "00000008"
            "00000008"
            "0000000000000028"
            "0002"
            "00000004"
            "00000009"
            "00000008"
            "0000000000000029");
}

TEST(PostgresCopyEncoderTest, ArraysAndJsonb) {
  auto schema = parseDdlSchema("a ARRAY<STRING>, m MAP<STRING, INT>");
  auto batch = makeBatch(schema, {{Value(ValueList{Value("x"), Value::null()}),
                                   Value(ValueMap{{Value("k"), Value(1)}})},
                                  {Value(ValueList{}), Value::null()}});
  PostgresCopyEncoder encoder({schema->fields()[0].type, schema->fields()[1].type},
                              TimeZone::utc());
  Buffer out;
  encoder.encode(*batch, 0, 2, out);
  EXPECT_EQ(hex(out),
            // text[] {x,NULL}: ndim 1, has nulls, element text (25), size 2, lower bound 1
            "0002"
            "0000001d"
            "00000001"
            "00000001"
            "00000019"
            "00000002"
            "00000001"
            "00000001"
            "78"
            "ffffffff"
            // jsonb: version 1 then {"k":1}
            "00000008"
            "01"
            "7b226b223a317d"
            // empty text[]: ndim 0, no nulls, element text
            "0002"
            "0000000c"
            "00000000"
            "00000000"
            "00000019"
            "ffffffff");
}

TEST(JdbcErrorsTest, PostgresErrorsByDomain) {
  auto domainOf = [](const std::string& sqlstate, bool lost = false) {
    Error e = classifyPostgresError(sqlstate, lost, "m");
    return std::string(e.domain == ErrorDomain::kUser ? "user" : "external") +
           (e.retryable ? "+retry" : "");
  };
  EXPECT_EQ(domainOf("28P01"), "user");            // invalid password
  EXPECT_EQ(domainOf("28000"), "user");            // invalid authorization
  EXPECT_EQ(domainOf("42501"), "user");            // insufficient privilege
  EXPECT_EQ(domainOf("42P01"), "user");            // undefined table
  EXPECT_EQ(domainOf("23502"), "user");            // not-null violation
  EXPECT_EQ(domainOf("22021"), "user");            // bad encoding
  EXPECT_EQ(domainOf("57P01"), "external+retry");  // admin shutdown
  EXPECT_EQ(domainOf("08006"), "external+retry");  // connection failure
  EXPECT_EQ(domainOf("53300"), "external+retry");  // too many connections
  EXPECT_EQ(domainOf("40001"), "external+retry");  // serialization failure
  EXPECT_EQ(domainOf("", true), "external+retry");
  EXPECT_EQ(domainOf("XX000"), "external");

  auto connect = [](const std::string& message) {
    Error e = classifyPostgresConnectError(message);
    return std::string(e.domain == ErrorDomain::kUser ? "user" : "external") +
           (e.retryable ? "+retry" : "");
  };
  EXPECT_EQ(connect("connection to server at \"h\", port 1 failed: FATAL:  password "
                    "authentication failed for user \"u\""),
            "user");
  EXPECT_EQ(connect("FATAL:  database \"nope\" does not exist"), "user");
  EXPECT_EQ(connect("connection to server at \"127.0.0.1\", port 1 failed: Connection refused"),
            "external+retry");
  EXPECT_EQ(connect("FATAL:  the database system is starting up"), "external+retry");
}

}  // namespace
}  // namespace spate::connector::jdbc
