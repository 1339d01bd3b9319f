// Sources and sinks through the streaming API end to end, driven by a manual trigger and a
// manual clock (what a .test file cannot do: create files, read the console): file source ->
// memory sink across a restart, rate source on the manual clock, the console sink's exact output
// (spark_semantics.md §4.1), and the file sink's _spark_metadata log across a failure and restart
// (§4.4, §5.2, §5.3, §7).
#include <gtest/gtest.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "api/functions.h"
#include "api/streaming_manual_test_support.h"
#include "common/error.h"
#include "common/logging.h"
#include "common/strings.h"
#include "streaming/streaming_query_exception.h"

namespace spate::sql {
namespace {

namespace fs = std::filesystem;
using testing::ManualQuery;
using testing::Rows;

std::string readFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void writeFile(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  // Write under a temporary name first, as a producer should, so the source never sees half a file.
  fs::path temp = path.parent_path() / ("." + path.filename().string() + ".tmp");
  std::ofstream(temp) << content;
  fs::rename(temp, path);
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  for (auto& l : splitString(text, '\n'))
    if (!l.empty()) out.push_back(l);
  return out;
}

class StreamingConnectorsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    savedLogLevel = logLevel();
    setLogLevel(LogLevel::kWarn);
    spark = Session::builder()
                .master("local[2]")
                .config("spark.sql.session.timeZone", "UTC")
                .getOrCreate();
    root = fs::temp_directory_path() / ("spate-connectors-test-" + streaming::randomUuid());
    fs::create_directories(root);
  }
  void TearDown() override {
    spark->stop();
    fs::remove_all(root);
    setLogLevel(savedLogLevel);
  }

  std::vector<std::string> sortedRows(const DataFrame& df) {
    std::vector<std::string> out;
    for (const auto& r : df.collect()) out.push_back(r.toString());
    std::sort(out.begin(), out.end());
    return out;
  }

  SessionPtr spark;
  fs::path root;
  LogLevel savedLogLevel = LogLevel::kInfo;
};

TEST_F(StreamingConnectorsTest, FileSourceToMemorySinkTakesEachFileOnce) {
  fs::path in = root / "in";
  fs::create_directories(in);
  std::string checkpoint = (root / "checkpoint").string();
  DataFrame df =
      spark->readStream().schema("id INT, name STRING").json(in.string()).where("id > 0");
  ManualQuery q(df, "files", OutputMode::kAppend, checkpoint);
  EXPECT_EQ(q.processAll(), Rows{});
  EXPECT_EQ(q.runner().lastCommittedBatchId(), -1);  // an empty directory runs no batch

  writeFile(in / "a.json",
            "{\"id\":1,\"name\":\"a\"}\n{\"id\":2,\"name\":\"b\"}\n{\"id\":0,\"name\":\"z\"}\n");
  EXPECT_EQ(q.processAll(), (Rows{"1,a", "2,b"}));
  writeFile(in / "b.json", "{\"id\":3}\n{\"id\":\"x\",\"name\":\"bad\"}\n");
  EXPECT_EQ(q.processAll(), (Rows{"3,NULL"}));  // a mismatched type is NULL, filtered out by id > 0
  EXPECT_EQ(q.processAll(), Rows{});
  EXPECT_EQ(q.runner().lastCommittedBatchId(), 1);

  // The offset log records the file log's position; the file log lists each batch's files.
  auto offsets = lines(readFile(fs::path(checkpoint) / "offsets" / "1"));
  ASSERT_EQ(offsets.size(), 3u);
  EXPECT_EQ(offsets[0], "v1");
  EXPECT_EQ(offsets[2], "{\"logOffset\":1}");
  auto logged = lines(readFile(fs::path(checkpoint) / "sources" / "0" / "0"));
  ASSERT_EQ(logged.size(), 2u);
  EXPECT_EQ(logged[0], "v1");
  EXPECT_TRUE(std::regex_match(
      logged[1], std::regex(R"(\{"path":"file://.*/in/a\.json","timestamp":\d+,"batchId":0\})")))
      << logged[1];

  // After a restart only new files are read.
  q.restart();
  writeFile(in / "c.json", "{\"id\":4,\"name\":\"d\"}\n");
  EXPECT_EQ(q.processAll(), (Rows{"4,d"}));
  EXPECT_EQ(q.runner().lastCommittedBatchId(), 2);
  EXPECT_EQ(sortedRows(spark->sql("SELECT * FROM files")),
            (std::vector<std::string>{"[1,a]", "[2,b]", "[3,null]", "[4,d]"}));
}

TEST_F(StreamingConnectorsTest, RateSourceFollowsTheManualClock) {
  DataFrame df = spark->readStream()
                     .format("rate")
                     .option("rowsPerSecond", 10)
                     .option("numPartitions", 2)
                     .load()
                     .select({functions::col("value"), functions::col("timestamp")});
  std::string checkpoint = (root / "rate").string();
  ManualQuery q(df, "rate", OutputMode::kAppend, checkpoint);
  EXPECT_EQ(q.processAll(), Rows{});  // no whole second has passed since the source's creation
  // The creation time (the clock's 0) is kept in the checkpoint.
  EXPECT_EQ(readFile(fs::path(checkpoint) / "sources" / "0" / "0"), "v1\n0");

  q.clock().advance(1'000);
  Rows first;
  for (int v = 0; v < 10; ++v)
    first.push_back(std::to_string(v) + ",1970-01-01 00:00:00" +
                    (v ? "." + std::to_string(v) : ""));
  std::sort(first.begin(), first.end());
  EXPECT_EQ(q.processAll(), first);

  // Two seconds in one batch: values 10..29, spread evenly (v -> v * 100 ms).
  q.clock().advance(2'000);
  Rows rows = q.processAll();
  ASSERT_EQ(rows.size(), 20u);
  EXPECT_NE(std::find(rows.begin(), rows.end(), "10,1970-01-01 00:00:01"), rows.end());
  EXPECT_NE(std::find(rows.begin(), rows.end(), "15,1970-01-01 00:00:01.5"), rows.end());
  EXPECT_NE(std::find(rows.begin(), rows.end(), "29,1970-01-01 00:00:02.9"), rows.end());

  // A restart keeps the creation time: the next second gives 30..39.
  q.restart();
  q.clock().advance(1'000);
  rows = q.processAll();
  ASSERT_EQ(rows.size(), 10u);
  EXPECT_EQ(rows.front(), "30,1970-01-01 00:00:03");
  EXPECT_EQ(rows.back(), "39,1970-01-01 00:00:03.9");
}

TEST_F(StreamingConnectorsTest, ConsoleSinkPrintsEveryBatch) {
  spark->sql("CREATE TABLE flags (error BOOLEAN) USING memory");
  auto clock = std::make_shared<streaming::ManualClock>(0);
  auto start = [&](const std::string& sqlText, const std::string& mode, bool truncate) {
    return spark->sql(sqlText)
        .writeStream()
        .format("console")
        .outputMode(mode)
        .option("truncate", truncate)
        .trigger(streaming::Trigger::manual())
        .clock(clock)
        .start();
  };
  auto complete =
      start("SELECT error, count(*) AS count FROM STREAM(flags) GROUP BY error ORDER BY error",
            "complete", true);
  auto update =
      start("SELECT error, count(*) AS count FROM STREAM(flags) GROUP BY error", "update", false);
  auto none = start("SELECT error FROM STREAM(flags) WHERE error IS NULL", "append", true);
  const std::string banner = "-------------------------------------------\n";

  spark->sql("INSERT INTO flags VALUES (false), (true), (false)");
  ::testing::internal::CaptureStdout();
  complete.execution()->runManualTrigger();
  EXPECT_EQ(::testing::internal::GetCapturedStdout(), banner + "Batch: 0\n" + banner +
                                                          "+-----+-----+\n"
                                                          "|error|count|\n"
                                                          "+-----+-----+\n"
                                                          "|false|    2|\n"
                                                          "| true|    1|\n"
                                                          "+-----+-----+\n"
                                                          "\n");
  // A batch without output rows is printed too.
  ::testing::internal::CaptureStdout();
  none.execution()->runManualTrigger();
  EXPECT_EQ(::testing::internal::GetCapturedStdout(), banner + "Batch: 0\n" + banner +
                                                          "+-----+\n"
                                                          "|error|\n"
                                                          "+-----+\n"
                                                          "+-----+\n"
                                                          "\n");
  update.execution()->runManualTrigger();

  spark->sql("INSERT INTO flags VALUES (false), (false), (false), (false), (false), (true)");
  ::testing::internal::CaptureStdout();
  complete.execution()->runManualTrigger();
  EXPECT_EQ(::testing::internal::GetCapturedStdout(), banner + "Batch: 1\n" + banner +
                                                          "+-----+-----+\n"
                                                          "|error|count|\n"
                                                          "+-----+-----+\n"
                                                          "|false|    7|\n"
                                                          "| true|    2|\n"
                                                          "+-----+-----+\n"
                                                          "\n");

  // Update mode prints the changed groups only; truncate=false aligns left.
  update.execution()->runManualTrigger();  // batch 1: the six rows above
  spark->sql("INSERT INTO flags VALUES (true)");
  ::testing::internal::CaptureStdout();
  update.execution()->runManualTrigger();
  EXPECT_EQ(::testing::internal::GetCapturedStdout(), banner + "Batch: 2\n" + banner +
                                                          "+-----+-----+\n"
                                                          "|error|count|\n"
                                                          "+-----+-----+\n"
                                                          "|true |3    |\n"
                                                          "+-----+-----+\n"
                                                          "\n");
  ::testing::internal::CaptureStdout();
  complete.execution()->runManualTrigger();
  EXPECT_EQ(::testing::internal::GetCapturedStdout(), banner + "Batch: 2\n" + banner +
                                                          "+-----+-----+\n"
                                                          "|error|count|\n"
                                                          "+-----+-----+\n"
                                                          "|false|    7|\n"
                                                          "| true|    3|\n"
                                                          "+-----+-----+\n"
                                                          "\n");
  // No new data: no batch, nothing printed.
  ::testing::internal::CaptureStdout();
  EXPECT_FALSE(complete.execution()->runManualTrigger());
  EXPECT_EQ(::testing::internal::GetCapturedStdout(), "");
  complete.stop();
  update.stop();
  none.stop();
}

TEST_F(StreamingConnectorsTest, FileSinkLogSurvivesAFailureAndRestart) {
  spark->sql("CREATE TABLE events (id INT, name STRING) USING memory");
  fs::path out = root / "out";
  std::string checkpoint = (root / "checkpoint").string();
  auto clock = std::make_shared<streaming::ManualClock>(0);
  auto start = [&] {
    return spark->sql("SELECT id, name FROM STREAM(events)")
        .writeStream()
        .format("json")
        .option("path", out.string())
        .option("checkpointLocation", checkpoint)
        .trigger(streaming::Trigger::manual())
        .clock(clock)
        .start();
  };
  auto partFiles = [&] {
    int n = 0;
    for (const auto& e : fs::directory_iterator(out))
      if (e.path().filename().string().starts_with("part-")) ++n;
    return n;
  };
  const std::regex entry(
      R"(\{"path":"file://.*/out/part-[^"]*\.json","size":\d+,"isDir":false,"modificationTime":\d+,)"
      R"("blockReplication":1,"blockSize":33554432,"action":"add"\})");

  auto query = start();
  spark->sql("INSERT INTO events VALUES (1, 'a'), (2, 'b')");
  ASSERT_TRUE(query.execution()->runManualTrigger());
  spark->sql("INSERT INTO events VALUES (3, 'c')");
  ASSERT_TRUE(query.execution()->runManualTrigger());
  for (const char* batch : {"0", "1"}) {
    auto log = lines(readFile(out / "_spark_metadata" / batch));
    ASSERT_EQ(log.size(), 2u) << batch;
    EXPECT_EQ(log[0], "v1");
    EXPECT_TRUE(std::regex_match(log[1], entry)) << log[1];
  }
  EXPECT_EQ(partFiles(), 2);

  // Batch 2 fails after the sink committed it, before the commit log: the restarted query re-runs
  // it and the sink skips it, so its rows are not written twice.
  spark->sql("INSERT INTO events VALUES (4, 'd')");
  query.execution()->runner().armFailPoint(streaming::FailPoint::kAfterSinkCommit);
  EXPECT_THROW(query.execution()->runManualTrigger(), ExecutionException);
  EXPECT_TRUE(fs::exists(out / "_spark_metadata" / "2"));
  EXPECT_FALSE(fs::exists(fs::path(checkpoint) / "commits" / "2"));
  query.stop();

  auto again = start();
  ASSERT_TRUE(again.execution()->runManualTrigger());
  EXPECT_TRUE(fs::exists(fs::path(checkpoint) / "commits" / "2"));
  EXPECT_EQ(partFiles(), 3);
  spark->sql("INSERT INTO events VALUES (5, 'e')");
  ASSERT_TRUE(again.execution()->runManualTrigger());
  EXPECT_EQ(lines(readFile(out / "_spark_metadata" / "3")).size(), 2u);
  EXPECT_EQ(partFiles(), 4);
  again.stop();

  // Readers go through the log: every row once.
  EXPECT_EQ(sortedRows(spark->read().json(out.string())),
            (std::vector<std::string>{"[1,a]", "[2,b]", "[3,c]", "[4,d]", "[5,e]"}));
}

}  // namespace
}  // namespace spate::sql

namespace spate::sql {
namespace {

// Spark creates sources on the query's thread: a socket source with nothing listening gives a
// started query that terminates with the connection error (StreamingQueryException), not an
// exception from start() — what a lab student who forgot the server sees.
TEST(StreamingStartupErrorTest, UnreachableSourceTerminatesTheStartedQuery) {
  auto spark = Session::builder().master("local[1]").getOrCreate();
  int port = 0;
  {
    // A port nothing listens on: bind one, note it, close it.
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    port = ntohs(address.sin_port);
    ::close(fd);
  }
  auto lines = spark->readStream().format("socket").option("host", "127.0.0.1").option("port", std::to_string(port)).load();
  std::vector<std::string> events;
  StreamingQuery query = lines.writeStream().format("memory").queryName("nothing_listens").start();
  EXPECT_FALSE(query.isActive());
  ASSERT_TRUE(query.exception());
  EXPECT_EQ(*query.exception(), "Connection refused: cannot connect to socket source at 127.0.0.1:" + std::to_string(port));
  EXPECT_THROW(query.awaitTermination(), streaming::StreamingQueryException);
  spark->stop();
}

}  // namespace
}  // namespace spate::sql
