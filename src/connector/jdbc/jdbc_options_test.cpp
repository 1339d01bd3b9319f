// The jdbc format's options and URLs: Spark's defaults and messages (JDBCOptions,
// JdbcOptionsInWrite), pgjdbc URLs as libpq parameters, SQLite paths.
#include "connector/jdbc/jdbc_options.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "connector/api/connector_test_support.h"

namespace spate::connector::jdbc {
namespace {

using connector::testing::thrownMessage;

using Params = std::vector<std::pair<std::string, std::string>>;

JdbcWriteOptions parse(std::map<std::string, std::string> options) {
  return parseJdbcWriteOptions(options);
}

TEST(JdbcOptionsTest, DefaultsAreSparks) {
  auto o = parse({{"url", "jdbc:postgresql://db:5433/crypto"}, {"dbtable", "ticker_data"}});
  EXPECT_EQ(o.table, "ticker_data");
  EXPECT_EQ(o.batchSize, 1000);
  EXPECT_FALSE(o.truncate);
  EXPECT_FALSE(o.cascadeTruncate);
  EXPECT_EQ(o.isolationLevel, IsolationLevel::kReadUncommitted);
  EXPECT_EQ(o.createTableOptions, "");
  EXPECT_TRUE(o.createTableColumnTypes.empty());
  EXPECT_TRUE(o.upsertKeys.empty());
  EXPECT_EQ(o.hypertable, "");
  EXPECT_EQ(o.commitsTable, "spate_sink_commits");
  EXPECT_EQ(o.database.kind, DatabaseKind::kPostgres);
}

TEST(JdbcOptionsTest, RequiredOptionsHaveSparksMessages) {
  EXPECT_EQ(thrownMessage<IllegalArgumentException>([] {
              parse({{"dbtable", "t"}});
            }),
            "requirement failed: Option 'url' is required.");
  EXPECT_EQ(thrownMessage<IllegalArgumentException>([] {
              parse({{"url", "jdbc:sqlite:x"}});
            }),
            "Option 'dbtable' or 'query' is required.");
  EXPECT_EQ(thrownMessage<IllegalArgumentException>([] {
              parse({{"url", "jdbc:sqlite:x"}, {"query", "select 1"}});
            }),
            "requirement failed: Option 'dbtable' is required. Option 'query' is not applicable "
            "while writing.");
  EXPECT_EQ(thrownMessage<IllegalArgumentException>([] {
              parse({{"url", "jdbc:sqlite:x"}, {"dbtable", "t"}, {"query", "q"}});
            }),
            "Both 'dbtable' and 'query' can not be specified at the same time.");
  EXPECT_EQ(thrownMessage<IllegalArgumentException>([] {
              parse({{"url", "jdbc:sqlite:x"}, {"dbtable", ""}});
            }),
            "Option `dbtable` can not be empty.");
  // Keys are case-insensitive.
  EXPECT_EQ(parse({{"URL", "jdbc:sqlite:x"}, {"DbTable", "t"}}).table, "t");
}

TEST(JdbcOptionsTest, NumericAndBooleanOptions) {
  auto with = [](std::string key, std::string value) {
    return parse({{"url", "jdbc:sqlite:x"}, {"dbtable", "t"}, {key, value}});
  };
  EXPECT_EQ(with("batchsize", "7").batchSize, 7);
  EXPECT_EQ(thrownMessage<IllegalArgumentException>([&] { with("batchsize", "0"); }),
            "requirement failed: Invalid value `0` for parameter `batchsize`. The minimum value is "
            "1.");
  EXPECT_EQ(thrownMessage<IllegalArgumentException>([&] { with("batchsize", "ten"); }),
            "For input string: \"ten\"");
  EXPECT_TRUE(with("truncate", "TRUE").truncate);
  EXPECT_FALSE(with("truncate", "false").truncate);
  EXPECT_EQ(thrownMessage<IllegalArgumentException>([&] { with("truncate", "yes"); }),
            "For input string: \"yes\"");
  EXPECT_TRUE(with("cascadeTruncate", "true").cascadeTruncate);
  EXPECT_EQ(thrownMessage<IllegalArgumentException>([&] { with("numPartitions", "0"); }),
            "Invalid value `0` for parameter `numPartitions` in table writing via JDBC. The "
            "minimum value is 1.");
  EXPECT_NO_THROW(with("driver", "org.postgresql.Driver"));  // accepted, not needed
}

TEST(JdbcOptionsTest, IsolationLevelsAreMatchedExactly) {
  auto level = [](std::string value) {
    return parse({{"url", "jdbc:sqlite:x"}, {"dbtable", "t"}, {"isolationLevel", value}})
        .isolationLevel;
  };
  EXPECT_EQ(level("NONE"), IsolationLevel::kNone);
  EXPECT_EQ(level("READ_UNCOMMITTED"), IsolationLevel::kReadUncommitted);
  EXPECT_EQ(level("READ_COMMITTED"), IsolationLevel::kReadCommitted);
  EXPECT_EQ(level("REPEATABLE_READ"), IsolationLevel::kRepeatableRead);
  EXPECT_EQ(level("SERIALIZABLE"), IsolationLevel::kSerializable);
  EXPECT_EQ(thrownMessage<IllegalArgumentException>([&] { level("read_committed"); }),
            "Invalid value `read_committed` for parameter `isolationLevel`. This can be `NONE`, "
            "`READ_UNCOMMITTED`, `READ_COMMITTED`, `REPEATABLE_READ` or `SERIALIZABLE`.");
}

TEST(JdbcOptionsTest, CreateTableColumnTypesUpsertKeysAndHypertable) {
  auto o =
      parse({{"url", "jdbc:sqlite:x"},
             {"dbtable", "t"},
             {"createTableColumnTypes", "pair VARCHAR(20), price DECIMAL(10, 2),`odd name` TEXT"},
             {"upsertKeys", " pair , `window` "},
             {"hypertable", "ts"}});
  EXPECT_EQ(o.createTableColumnTypes,
            (Params{{"pair", "VARCHAR(20)"}, {"price", "DECIMAL(10, 2)"}, {"odd name", "TEXT"}}));
  EXPECT_EQ(o.upsertKeys, (std::vector<std::string>{"pair", "window"}));
  EXPECT_EQ(o.hypertable, "ts");

  auto schema =
      parseDdlSchema("pair STRING, price DOUBLE, `odd name` STRING, window STRING, ts TIMESTAMP");
  EXPECT_NO_THROW(checkOptionsAgainstSchema(o, *schema));
  EXPECT_EQ(thrownMessage<AnalysisException>([&] {
              auto bad = o;
              bad.createTableColumnTypes = {{"nope", "TEXT"}};
              checkOptionsAgainstSchema(bad, *schema);
            }),
            "createTableColumnTypes option column nope not found in schema "
            "struct<pair:string,price:double,odd name:string,window:string,ts:timestamp>");
  EXPECT_EQ(thrownMessage<AnalysisException>([&] {
              auto bad = o;
              bad.createTableColumnTypes = {{"pair", "TEXT"}, {"PAIR", "TEXT"}};
              checkOptionsAgainstSchema(bad, *schema);
            }),
            "[COLUMN_ALREADY_EXISTS] The column `pair` already exists. Consider to choose another "
            "name or rename the existing column.");
  EXPECT_EQ(thrownMessage<AnalysisException>([&] {
              auto bad = o;
              bad.upsertKeys = {"missing"};
              checkOptionsAgainstSchema(bad, *schema);
            }),
            "upsertKeys column missing not found in schema "
            "struct<pair:string,price:double,odd name:string,window:string,ts:timestamp>");
  EXPECT_EQ(thrownMessage<AnalysisException>([&] {
              auto bad = o;
              bad.hypertable = "price";
              checkOptionsAgainstSchema(bad, *schema);
            }),
            "hypertable column price must be a timestamp or a date, not double");
  EXPECT_THROW(parse({{"url", "jdbc:sqlite:x"}, {"dbtable", "t"}, {"createTableColumnTypes", "a"}}),
               ParseException);
}

TEST(JdbcOptionsTest, RedactsSecretsOfTheOptions) {
  auto o = parse({{"url", "jdbc:postgresql://h/db?user=u&password=urlsecret"},
                  {"dbtable", "t"},
                  {"password", "optsecret"}});
  EXPECT_EQ(o.redact("failed for urlsecret and optsecret"),
            "failed for *********(redacted) and *********(redacted)");
}

TEST(JdbcUrlTest, PostgresJdbcUrlsBecomeLibpqParameters) {
  auto url = parseDatabaseUrl("jdbc:postgresql://db.example:15432/crypto_viz_ts", {});
  EXPECT_EQ(url.kind, DatabaseKind::kPostgres);
  EXPECT_EQ(url.libpqParams,
            (Params{{"host", "db.example"}, {"port", "15432"}, {"dbname", "crypto_viz_ts"}}));
  EXPECT_EQ(url.hostPort, "db.example:15432");

  // Defaults, several hosts, IPv6, parameters decoded as pgjdbc does (%XX and +).
  EXPECT_EQ(parseDatabaseUrl("jdbc:postgresql://localhost/", {}).libpqParams,
            (Params{{"host", "localhost"}, {"port", "5432"}}));
  EXPECT_EQ(parseDatabaseUrl("jdbc:postgresql:mydb", {}).libpqParams,
            (Params{{"host", "localhost"}, {"port", "5432"}, {"dbname", "mydb"}}));
  auto many = parseDatabaseUrl("jdbc:postgresql://a:1,[::1]:2,b/d", {});
  EXPECT_EQ(many.libpqParams, (Params{{"host", "a,::1,b"}, {"port", "1,2,5432"}, {"dbname", "d"}}));
  EXPECT_EQ(many.hostPort, "a:1");
  EXPECT_EQ(parseDatabaseUrl("jdbc:postgresql://[::1]:5/d", {}).hostPort, "[::1]:5");
  auto params = parseDatabaseUrl(
      "jdbc:postgresql://h/d?user=me&password=p%40ss+word&ssl=true&ApplicationName=app&"
      "connectTimeout=3&currentSchema=s&prepareThreshold=0",
      {});
  EXPECT_EQ(params.libpqParams, (Params{{"host", "h"},
                                        {"port", "5432"},
                                        {"dbname", "d"},
                                        {"user", "me"},
                                        {"password", "p@ss word"},
                                        {"sslmode", "require"},
                                        {"application_name", "app"},
                                        {"connect_timeout", "3"},
                                        {"options", "-c search_path=s"}}));
}

TEST(JdbcUrlTest, DriverPropertiesFromOptionsLoseToTheUrl) {
  // Spark hands every option to the driver as a property; pgjdbc lets the URL's win.
  auto url = parseDatabaseUrl("jdbc:postgresql://h/d?user=fromurl", {{"user", "fromoption"},
                                                                     {"password", "pw"},
                                                                     {"sslmode", "disable"},
                                                                     {"dbtable", "t"},
                                                                     {"batchsize", "5"}});
  EXPECT_EQ(url.libpqParams, (Params{{"password", "pw"},
                                     {"sslmode", "disable"},
                                     {"user", "fromurl"},
                                     {"host", "h"},
                                     {"port", "5432"},
                                     {"dbname", "d"}}));
}

TEST(JdbcUrlTest, LibpqUrisAndConnectionStringsArePassedThrough) {
  auto uri = parseDatabaseUrl("postgresql://u@h:6543/db", {{"password", "pw"}});
  EXPECT_EQ(uri.libpqParams, (Params{{"password", "pw"}, {"dbname", "postgresql://u@h:6543/db"}}));
  EXPECT_EQ(uri.hostPort, "");
  auto dsn = parseDatabaseUrl("host=127.0.0.1 port=5544 dbname=postgres", {});
  EXPECT_EQ(dsn.libpqParams, (Params{{"dbname", "host=127.0.0.1 port=5544 dbname=postgres"}}));
}

TEST(JdbcUrlTest, SqliteUrlsAndUnsupportedOnes) {
  auto url = parseDatabaseUrl("jdbc:sqlite:/tmp/x.db", {});
  EXPECT_EQ(url.kind, DatabaseKind::kSqlite);
  EXPECT_EQ(url.sqlitePath, "/tmp/x.db");
  EXPECT_EQ(parseDatabaseUrl("jdbc:sqlite::memory:", {}).sqlitePath, ":memory:");
  auto withSettings = parseDatabaseUrl("jdbc:sqlite:/d/x.db?foreign_keys=on&password=p", {});
  EXPECT_EQ(withSettings.sqlitePath, "/d/x.db");
  EXPECT_EQ(withSettings.sqliteParams, (Params{{"foreign_keys", "on"}, {"password", "p"}}));
  // A file: URI keeps its parameters for SQLite itself.
  EXPECT_EQ(parseDatabaseUrl("jdbc:sqlite:file:x.db?mode=rwc", {}).sqlitePath,
            "file:x.db?mode=rwc");
  EXPECT_EQ(parseDatabaseUrl("JDBC:SQLITE:rel.db", {}).sqlitePath, "rel.db");
  EXPECT_THROW(parseDatabaseUrl("jdbc:sqlite:", {}), IllegalArgumentException);
  // The message names the URL without its password.
  EXPECT_EQ(thrownMessage<IllegalArgumentException>(
                [] { parseDatabaseUrl("jdbc:mysql://h/db?user=u&password=hunter22", {}); }),
            "No suitable driver for the url jdbc:mysql://h/db?user=u&password=*********(redacted) "
            "(the jdbc format supports jdbc:postgresql: and jdbc:sqlite: URLs)");
}

}  // namespace
}  // namespace spate::connector::jdbc
