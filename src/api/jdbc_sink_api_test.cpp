// The jdbc format through the API, against SQLite (JdbcSqliteApiTest, always) and PostgreSQL
// (JdbcPostgresApiTest, under scripts/pg-test-server.sh): the CRYPTO VIZ pattern (foreachBatch +
// write.format("jdbc"), at-least-once as in Spark), the streaming sink's exactly-once batches
// across the engine's fail points and restarts, update and complete output modes, SQL (CREATE
// TABLE … USING jdbc, INSERT INTO … FROM STREAM), secrets kept out of progress and messages, and
// (PostgreSQL) an outage of the server in the middle of a run and an authentication failure.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "api/functions.h"
#include "api/streaming.h"
#include "common/error.h"
#include "common/logging.h"
#include "connector/jdbc/jdbc_test_support.h"
#include "streaming/micro_batch_execution.h"
#include "streaming/trigger.h"

namespace spate::sql {
namespace {

namespace fs = std::filesystem;
namespace jt = connector::jdbc::testing;
using Rows = std::vector<std::string>;

// The test bodies, run against each database by the fixtures below.
class JdbcApiTest {
 public:
  virtual ~JdbcApiTest() = default;

 protected:
  void setUpSession() {
    savedLogLevel = logLevel();
    setLogLevel(LogLevel::kWarn);
    spark = Session::builder()
                .master("local[2]")
                .config("spark.sql.session.timeZone", "UTC")
                .getOrCreate();
    root = fs::temp_directory_path() / jt::uniqueName("spate-jdbc-api");
    fs::create_directories(root);
    checkpoint = (root / "checkpoint").string();
    spark->sql("CREATE TABLE events (id INT, word STRING) USING memory");
  }
  void tearDownSession() {
    if (!spark) return;
    spark->stop();
    fs::remove_all(root);
    setLogLevel(savedLogLevel);
  }

  virtual std::string url() = 0;
  /// Rows of a query on the database, values joined by "|".
  virtual Rows query(const std::string& sql) = 0;

  StreamingQuery startSink(const std::string& table, OutputMode mode, const DataFrame& frame,
                           std::map<std::string, std::string> extra = {}) {
    return frame.writeStream()
        .format("jdbc")
        .option("url", url())
        .option("dbtable", table)
        .options(extra)
        .outputMode(mode)
        .option("checkpointLocation", checkpoint)
        .trigger(streaming::Trigger::manual())
        .clock(clock)
        .start();
  }
  DataFrame events() { return spark->readStream().table("events"); }

  // foreachBatch + batch_df.write.format("jdbc")…mode("append").save(), as the seed writes.
  void seedForeachBatchPattern() {
    std::string table = jt::uniqueName("ticker_data");
    auto start = [&] {
      return events()
          .selectExpr({"id", "upper(word) AS pair"})
          .writeStream()
          .foreachBatch([&, table](const DataFrame& batch, int64_t) {
            batch.write()
                .format("jdbc")
                .option("url", url())
                .option("dbtable", table)
                .option("user", "postgres")
                .option("password", "not-used-by-trust-auth")
                .option("driver", "org.postgresql.Driver")
                .mode("append")
                .save();
          })
          .option("checkpointLocation", checkpoint)
          .trigger(streaming::Trigger::manual())
          .clock(clock)
          .start();
    };
    auto q = start();
    spark->sql("INSERT INTO events VALUES (1, 'xbt/usd'), (2, 'eth/usd')");
    ASSERT_TRUE(q.execution()->runManualTrigger());
    spark->sql("INSERT INTO events VALUES (3, 'sol/usd')");
    ASSERT_TRUE(q.execution()->runManualTrigger());
    EXPECT_EQ(query("SELECT id, pair FROM " + table + " ORDER BY id"),
              (Rows{"1|XBT/USD", "2|ETH/USD", "3|SOL/USD"}));
    // foreachBatch is at-least-once, as in Spark: a batch that failed after its writes ran is
    // run again after a restart, and writes its rows again.
    spark->sql("INSERT INTO events VALUES (4, 'ada/usd')");
    q.execution()->runner().armFailPoint(streaming::FailPoint::kAfterSinkCommit);
    EXPECT_THROW(q.execution()->runManualTrigger(), ExecutionException);
    q.stop();
    auto again = start();
    ASSERT_TRUE(again.execution()->runManualTrigger());
    EXPECT_EQ(query("SELECT id FROM " + table + " WHERE id = 4"), (Rows{"4", "4"}));
    again.stop();
  }

  // writeStream.format("jdbc"): a batch failing before or after the sink's commit, then a
  // restart, leaves exactly one copy of every row.
  void streamingSinkIsExactlyOnceAcrossFailures() {
    std::string table = jt::uniqueName("events_out");
    auto frame = events();
    auto q = startSink(table, OutputMode::kAppend, frame);
    spark->sql("INSERT INTO events VALUES (1, 'a'), (2, 'b')");
    ASSERT_TRUE(q.execution()->runManualTrigger());

    // Written and committed by the sink, not by the engine: the restarted query re-runs batch 1,
    // and the sink finds it already recorded.
    spark->sql("INSERT INTO events VALUES (3, 'c')");
    q.execution()->runner().armFailPoint(streaming::FailPoint::kAfterSinkCommit);
    EXPECT_THROW(q.execution()->runManualTrigger(), ExecutionException);
    EXPECT_EQ(query("SELECT count(*) FROM " + table), Rows{"3"});
    q.stop();
    q = startSink(table, OutputMode::kAppend, frame);
    ASSERT_TRUE(q.execution()->runManualTrigger());

    // Failing before the sink: nothing written; the re-run writes it once.
    spark->sql("INSERT INTO events VALUES (4, 'd'), (5, 'e')");
    q.execution()->runner().armFailPoint(streaming::FailPoint::kBeforeSinkCommit);
    EXPECT_THROW(q.execution()->runManualTrigger(), ExecutionException);
    q.stop();
    q = startSink(table, OutputMode::kAppend, frame);
    ASSERT_TRUE(q.execution()->runManualTrigger());
    spark->sql("INSERT INTO events VALUES (6, 'f')");
    ASSERT_TRUE(q.execution()->runManualTrigger());
    EXPECT_EQ(query("SELECT id, word FROM " + table + " ORDER BY id"),
              (Rows{"1|a", "2|b", "3|c", "4|d", "5|e", "6|f"}));
    EXPECT_EQ(query("SELECT batch_id FROM spate_sink_commits WHERE query_id = '" + q.id() +
                    "' AND sink_table = '" + table + "'"),
              Rows{"3"});
    EXPECT_EQ(q.lastProgress()->sink.numOutputRows, 1);
    q.stop();
  }

  void updateAndCompleteModes() {
    std::string updated = jt::uniqueName("word_counts");
    auto counts = events().groupBy({functions::col("word")}).count();
    auto q = startSink(updated, OutputMode::kUpdate, counts, {{"upsertKeys", "word"}});
    spark->sql("INSERT INTO events VALUES (1, 'a'), (2, 'b'), (3, 'a')");
    ASSERT_TRUE(q.execution()->runManualTrigger());
    spark->sql("INSERT INTO events VALUES (4, 'a'), (5, 'c')");
    ASSERT_TRUE(q.execution()->runManualTrigger());
    EXPECT_EQ(query("SELECT word, count FROM " + updated + " ORDER BY word"),
              (Rows{"a|3", "b|1", "c|1"}));
    q.stop();

    std::string completed = jt::uniqueName("word_totals");
    fs::remove_all(checkpoint);
    auto c = startSink(completed, OutputMode::kComplete, counts);
    ASSERT_TRUE(c.execution()->runManualTrigger());
    spark->sql("INSERT INTO events VALUES (6, 'b')");
    ASSERT_TRUE(c.execution()->runManualTrigger());
    EXPECT_EQ(query("SELECT word, count FROM " + completed + " ORDER BY word"),
              (Rows{"a|3", "b|2", "c|1"}));
    c.stop();
  }

  // CREATE TABLE … USING jdbc OPTIONS (…), then INSERT INTO from a stream (a streaming query)
  // and from a batch query (one batch write).
  void sqlInsertIntoJdbcTable() {
    std::string table = jt::uniqueName("sql_out");
    spark->sql("CREATE TABLE out_table (id BIGINT, word STRING) USING jdbc OPTIONS (url '" + url() +
               "', dbtable '" + table + "', checkpointLocation '" + checkpoint + "')");
    spark->sql("INSERT INTO events VALUES (1, 'a'), (2, 'b')");
    // Columns by position, as Spark's INSERT INTO takes them.
    spark->sql("INSERT INTO out_table SELECT id * 10, word FROM STREAM(events)");
    auto active = spark->streams().active();
    ASSERT_EQ(active.size(), 1u);
    active[0].processAllAvailable();
    spark->sql("INSERT INTO events VALUES (3, 'c')");
    active[0].processAllAvailable();
    EXPECT_EQ(query("SELECT id, word FROM " + table + " ORDER BY id"),
              (Rows{"10|a", "20|b", "30|c"}));
    active[0].stop();
    EXPECT_FALSE(active[0].exception().has_value());
    spark->sql("INSERT INTO out_table VALUES (40, 'd')");
    EXPECT_EQ(query("SELECT count(*) FROM " + table), Rows{"4"});
  }

  // A password given as an option and in the URL shows nowhere: progress, status, explain, logs.
  void secretsStayHidden() {
    std::string table = jt::uniqueName("secret_out");
    std::string secretUrl =
        url() + (url().find('?') == std::string::npos ? "?" : "&") + "password=url-secret-123";
    LogCapture capture;
    setLogLevel(LogLevel::kDebug);
    auto q = events()
                 .writeStream()
                 .format("jdbc")
                 .option("url", secretUrl)
                 .option("dbtable", table)
                 .option("password", "option-secret-456")
                 .option("checkpointLocation", checkpoint)
                 .trigger(streaming::Trigger::manual())
                 .clock(clock)
                 .start();
    spark->sql("INSERT INTO events VALUES (1, 'a')");
    ASSERT_TRUE(q.execution()->runManualTrigger());
    setLogLevel(LogLevel::kWarn);
    std::string everything = q.lastProgress()->json() + q.lastProgress()->prettyJson() +
                             q.status().prettyJson() + q.explain(true);
    for (const auto& line : capture.lines()) everything += line + "\n";
    EXPECT_EQ(everything.find("url-secret-123"), std::string::npos);
    EXPECT_EQ(everything.find("option-secret-456"), std::string::npos);
    EXPECT_NE(q.lastProgress()->sink.description.find("password=*********(redacted)"),
              std::string::npos)
        << q.lastProgress()->sink.description;
    EXPECT_EQ(query("SELECT id FROM " + table), Rows{"1"});
    q.stop();
  }

  SessionPtr spark;
  fs::path root;
  std::string checkpoint;
  std::shared_ptr<streaming::ManualClock> clock = std::make_shared<streaming::ManualClock>(0);
  LogLevel savedLogLevel = LogLevel::kInfo;
};

class JdbcSqliteApiTest : public ::testing::Test, public JdbcApiTest {
 protected:
  void SetUp() override {
    setUpSession();
    db = (root / "api.db").string();
  }
  void TearDown() override { tearDownSession(); }
  std::string url() override { return "jdbc:sqlite:" + db; }
  Rows query(const std::string& sql) override { return jt::sqliteRows(db, sql); }
  std::string db;
};

TEST_F(JdbcSqliteApiTest, SeedForeachBatchPattern) { seedForeachBatchPattern(); }
TEST_F(JdbcSqliteApiTest, StreamingSinkIsExactlyOnceAcrossFailures) {
  streamingSinkIsExactlyOnceAcrossFailures();
}
TEST_F(JdbcSqliteApiTest, UpdateAndCompleteModes) { updateAndCompleteModes(); }
TEST_F(JdbcSqliteApiTest, SqlInsertIntoJdbcTable) { sqlInsertIntoJdbcTable(); }
TEST_F(JdbcSqliteApiTest, SecretsStayHidden) { secretsStayHidden(); }

// DataFrameWriter: jdbc(url, table, properties), save modes and option errors as Spark raises
// them (AnalysisException for an existing table, IllegalArgumentException for options).
TEST_F(JdbcSqliteApiTest, DataFrameWriterJdbc) {
  auto people = spark->createDataFrame({{Value(1), Value("ann")}, {Value(2), Value::null()}},
                                       "id INT, name STRING");
  people.write().jdbc(url(), "people", {{"user", "u"}, {"password", "p"}});
  try {
    people.write().jdbc(url(), "people");
    ADD_FAILURE() << "no exception";
  } catch (const AnalysisException& e) {
    EXPECT_STREQ(e.what(), "Table or view 'people' already exists. SaveMode: ErrorIfExists.");
  }
  people.write().mode("append").jdbc(url(), "people");
  EXPECT_EQ(query("SELECT id, name FROM people ORDER BY id, name"),
            (Rows{"1|ann", "1|ann", "2|NULL", "2|NULL"}));
  try {
    people.write().format("jdbc").option("dbtable", "people").save();
    ADD_FAILURE() << "no exception";
  } catch (const IllegalArgumentException& e) {
    EXPECT_STREQ(e.what(), "requirement failed: Option 'url' is required.");
  }
  EXPECT_THROW(people.write()
                   .format("jdbc")
                   .option("url", url())
                   .option("dbtable", "people")
                   .option("isolationLevel", "bogus")
                   .mode("append")
                   .save(),
               IllegalArgumentException);
}

class JdbcPostgresApiTest : public jt::PostgresTest, public JdbcApiTest {
 protected:
  void SetUp() override {
    jt::PostgresTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    setUpSession();
  }
  void TearDown() override { tearDownSession(); }
  std::string url() override { return server.url; }
  Rows query(const std::string& sql) override { return client->rows(sql); }
};

TEST_F(JdbcPostgresApiTest, SeedForeachBatchPattern) { seedForeachBatchPattern(); }
TEST_F(JdbcPostgresApiTest, StreamingSinkIsExactlyOnceAcrossFailures) {
  streamingSinkIsExactlyOnceAcrossFailures();
}
TEST_F(JdbcPostgresApiTest, UpdateAndCompleteModes) { updateAndCompleteModes(); }
TEST_F(JdbcPostgresApiTest, SqlInsertIntoJdbcTable) { sqlInsertIntoJdbcTable(); }
TEST_F(JdbcPostgresApiTest, SecretsStayHidden) { secretsStayHidden(); }

// The server goes away for a few seconds in the middle of a run: the query retries with backoff,
// its status says what it waits for, and the table ends with every row exactly once.
TEST_F(JdbcPostgresApiTest, ServerOutageInTheMiddleOfARun) {
  std::string table = jt::uniqueName("outage");
  auto q = events()
               .writeStream()
               .format("jdbc")
               .option("url", server.url)
               .option("dbtable", table)
               .option("checkpointLocation", checkpoint)
               .start();  // the query's own thread, the system clock
  int next = 1;
  auto insert = [&](int rows) {
    std::string values;
    for (int i = 0; i < rows; ++i, ++next)
      values += (values.empty() ? "" : ", ") + std::string("(") + std::to_string(next) + ", 'w" +
                std::to_string(next) + "')";
    spark->sql("INSERT INTO events VALUES " + values);
  };
  for (int i = 0; i < 3; ++i) {
    insert(100);
    q.processAllAvailable();
  }
  ASSERT_EQ(client->value("SELECT count(*) FROM " + table), "300");

  pauseServer();
  insert(50);
  insert(50);
  // The query keeps retrying, and says why.
  std::string status;
  for (int i = 0; i < 200 && status.find("Retrying in") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    status = q.status().message;
  }
  EXPECT_TRUE(status.starts_with("Retrying in ")) << status;
  EXPECT_NE(status.find("PostgreSQL at 127.0.0.1:" + server.port), std::string::npos) << status;
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_TRUE(q.isActive());
  resumeServer();
  client = std::make_unique<jt::PgClient>(server.dsn);  // the old session ended with the server
  insert(100);
  q.processAllAvailable();
  EXPECT_TRUE(q.isActive());
  EXPECT_FALSE(q.exception().has_value());
  q.stop();
  // Every id once, and nothing else.
  EXPECT_EQ(client->rows("SELECT count(*), count(DISTINCT id), min(id), max(id), "
                         "bool_and(word = 'w' || id) FROM " +
                         table),
            Rows{"500|500|1|500|t"});
}

// Bad credentials stop the query, with a message naming the problem and not the password.
TEST_F(JdbcPostgresApiTest, AuthenticationFailureStopsTheQuery) {
  std::string role = jt::uniqueName("spate_api_role");
  client->exec("CREATE ROLE " + role + " LOGIN PASSWORD 'the-right-one'");
  auto q = events()
               .writeStream()
               .format("jdbc")
               .option("url", "jdbc:postgresql://127.0.0.1:" + server.port + "/postgres")
               .option("dbtable", jt::uniqueName("t"))
               .option("user", role)
               .option("password", "a-wrong-one")
               .option("checkpointLocation", checkpoint)
               .trigger(streaming::Trigger::manual())
               .clock(clock)
               .start();
  spark->sql("INSERT INTO events VALUES (1, 'a')");
  EXPECT_THROW(q.execution()->runManualTrigger(), AnalysisException);
  EXPECT_FALSE(q.isActive());
  ASSERT_TRUE(q.exception().has_value());
  EXPECT_NE(q.exception()->find("password authentication failed for user \"" + role + "\""),
            std::string::npos)
      << *q.exception();
  EXPECT_EQ(q.exception()->find("a-wrong-one"), std::string::npos);
}

}  // namespace
}  // namespace spate::sql
