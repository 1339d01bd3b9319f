// spate.streaming.progressJsonFile: every progress event as one compact JSON line, appended and
// flushed per event; the file can change at run time; $SPATE_PROGRESS_JSON is the default.
#include "api/progress_json_log.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "api/streaming_manual_test_support.h"
#include "common/logging.h"

namespace spate::sql {
namespace {

namespace fs = std::filesystem;
using testing::ManualQuery;

std::vector<std::string> readLines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

class ProgressJsonLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    savedLogLevel = logLevel();
    setLogLevel(LogLevel::kWarn);
    dir = fs::temp_directory_path() / ("spate-progress-json-test-" + streaming::randomUuid());
    fs::create_directories(dir);
  }
  void TearDown() override {
    fs::remove_all(dir);
    setLogLevel(savedLogLevel);
  }
  SessionPtr session(const std::map<std::string, std::string>& conf = {}) {
    auto builder = Session::builder().master("local[1]");
    for (const auto& [k, v] : conf) builder.config(k, v);
    auto spark = builder.getOrCreate();
    spark->sql("CREATE TABLE ints (value INT) USING memory");
    return spark;
  }

  fs::path dir;
  LogLevel savedLogLevel = LogLevel::kInfo;
};

TEST_F(ProgressJsonLogTest, AppendsEachProgressAsOneJsonLine) {
  std::string file = (dir / "progress.jsonl").string();
  {
    std::ofstream existing(file);
    existing << "earlier line\n";  // appended to, never truncated
  }
  auto spark = session({{kProgressJsonFileConf, file}});
  ManualQuery q(spark->sql("SELECT value FROM STREAM(ints)"), "q", OutputMode::kAppend,
                (dir / "ckpt").string());
  spark->sql("INSERT INTO ints VALUES (1), (2)");
  q.trigger();
  // Flushed per event: the line is there while the query still runs.
  ASSERT_EQ(readLines(file).size(), 2u);
  spark->sql("INSERT INTO ints VALUES (3)");
  q.trigger();

  auto progress = q.query().recentProgress();
  ASSERT_EQ(progress.size(), 2u);
  std::vector<std::string> expected = {"earlier line", progress[0].json(), progress[1].json()};
  EXPECT_EQ(readLines(file), expected);
  EXPECT_NE(expected[1].find("\"batchId\":0,\"numInputRows\":2,"), std::string::npos)
      << expected[1];
  EXPECT_NE(expected[2].find("\"batchId\":1,\"numInputRows\":1,"), std::string::npos)
      << expected[2];
}

TEST_F(ProgressJsonLogTest, SetAtRunTimeSwitchesTheFile) {
  auto spark = session();
  ManualQuery q(spark->sql("SELECT value FROM STREAM(ints)"), "q", OutputMode::kAppend,
                (dir / "ckpt").string());
  spark->sql("INSERT INTO ints VALUES (1)");
  q.trigger();  // no file configured: nothing written anywhere
  std::string first = (dir / "first.jsonl").string();
  std::string second = (dir / "second.jsonl").string();
  spark->sql("SET " + std::string(kProgressJsonFileConf) + "=" + first);
  spark->sql("INSERT INTO ints VALUES (2)");
  q.trigger();
  spark->sql("SET " + std::string(kProgressJsonFileConf) + "=" + second);
  spark->sql("INSERT INTO ints VALUES (3)");
  q.trigger();
  auto progress = q.query().recentProgress();
  ASSERT_EQ(progress.size(), 3u);
  EXPECT_EQ(readLines(first), std::vector<std::string>{progress[1].json()});
  EXPECT_EQ(readLines(second), std::vector<std::string>{progress[2].json()});
}

TEST_F(ProgressJsonLogTest, TheEnvironmentGivesTheDefault) {
  std::string file = (dir / "from-env.jsonl").string();
  ::setenv(kProgressJsonFileEnv, file.c_str(), 1);
  auto spark = session();
  ::unsetenv(kProgressJsonFileEnv);
  EXPECT_EQ(spark->conf().get(kProgressJsonFileConf), file);
  ManualQuery q(spark->sql("SELECT value FROM STREAM(ints)"), "q", OutputMode::kAppend,
                (dir / "ckpt").string());
  spark->sql("INSERT INTO ints VALUES (1)");
  q.trigger();
  EXPECT_EQ(readLines(file), std::vector<std::string>{q.query().lastProgress()->json()});
}

TEST_F(ProgressJsonLogTest, AnUnwritableFileWarnsAndTheQueryGoesOn) {
  std::string file = (dir / "missing-dir" / "progress.jsonl").string();
  auto spark = session({{kProgressJsonFileConf, file}});
  ManualQuery q(spark->sql("SELECT value FROM STREAM(ints)"), "q", OutputMode::kAppend,
                (dir / "ckpt").string());
  LogCapture capture;
  spark->sql("INSERT INTO ints VALUES (1)");
  EXPECT_EQ(q.trigger(), std::vector<std::string>{"1"});
  spark->sql("INSERT INTO ints VALUES (2)");
  EXPECT_EQ(q.trigger(), std::vector<std::string>{"2"});
  EXPECT_TRUE(capture.contains("Cannot append streaming progress to " + file));
  EXPECT_EQ(capture.lines().size(), 1u);  // warned once, not per batch
  EXPECT_TRUE(q.query().isActive());
}

}  // namespace
}  // namespace spate::sql
