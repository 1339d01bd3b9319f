// The C++ programs the user documentation shows (docs/examples/) compile and do what the docs
// say they print.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "common/logging.h"
#include "streaming/micro_batch_execution.h"

// The quick start's program, its main() renamed so that it can be called here.
#define main wordCountMain
#include "../../docs/examples/word_count.cpp"
#undef main
#define main clicksPerWindowMain
#include "../../docs/examples/clicks_per_window.cpp"
#undef main

namespace spate::sql {
namespace {

namespace fs = std::filesystem;

std::string runWordCount(const std::string& input, const std::string& checkpoint) {
  std::string program = "word_count";
  std::vector<char*> argv = {program.data(), const_cast<char*>(input.c_str()),
                             const_cast<char*>(checkpoint.c_str())};
  ::testing::internal::CaptureStdout();
  int rc = wordCountMain(3, argv.data());
  std::string out = ::testing::internal::GetCapturedStdout();
  EXPECT_EQ(rc, 0);
  return out;
}

TEST(DocsExamplesTest, QuickStartWordCount) {
  LogLevel saved = logLevel();
  setLogLevel(LogLevel::kWarn);
  fs::path dir = fs::temp_directory_path() / ("spate-docs-example-" + streaming::randomUuid());
  fs::create_directories(dir / "words");
  std::ofstream(dir / "words" / "1.txt") << "to be or not to be\n";
  EXPECT_EQ(runWordCount((dir / "words").string(), (dir / "ckpt").string()),
            "-------------------------------------------\n"
            "Batch: 0\n"
            "-------------------------------------------\n"
            "+----+-----+\n"
            "|word|count|\n"
            "+----+-----+\n"
            "|  be|    2|\n"
            "|  to|    2|\n"
            "| not|    1|\n"
            "|  or|    1|\n"
            "+----+-----+\n"
            "\n");
  std::ofstream(dir / "words" / "2.txt") << "be quick\n";
  EXPECT_EQ(runWordCount((dir / "words").string(), (dir / "ckpt").string()),
            "-------------------------------------------\n"
            "Batch: 1\n"
            "-------------------------------------------\n"
            "+-----+-----+\n"
            "| word|count|\n"
            "+-----+-----+\n"
            "|   be|    3|\n"
            "|   to|    2|\n"
            "|  not|    1|\n"
            "|   or|    1|\n"
            "|quick|    1|\n"
            "+-----+-----+\n"
            "\n");
  fs::remove_all(dir);
  setLogLevel(saved);
}

// docs/connectors.md, foreachBatch: each batch written as JSON to a directory named after its id.
TEST(DocsExamplesTest, ForeachBatchWritesEachBatch) {
  LogLevel saved = logLevel();
  setLogLevel(LogLevel::kWarn);
  fs::path dir = fs::temp_directory_path() / ("spate-docs-example-" + streaming::randomUuid());
  auto spark = Session::builder().master("local[2]").getOrCreate();
  spark->sql("CREATE TABLE words (word STRING) USING memory");
  DataFrame counts = spark->readStream().table("words").groupBy({col("word")}).count();
  std::string root = (dir / "counts").string();
  // From here to start(), as the page shows it (with its path).
  auto query = counts.writeStream()
                   .outputMode("update")
                   .foreachBatch([root](const DataFrame& batch, int64_t batchId) {
                     batch.write().mode("append").json(root + "/batch=" + std::to_string(batchId));
                   })
                   .start();
  spark->sql("INSERT INTO words VALUES ('a'), ('b'), ('a')");
  query.processAllAvailable();
  spark->sql("INSERT INTO words VALUES ('b')");
  query.processAllAvailable();
  query.stop();
  auto read = [&](const std::string& batch) {
    std::vector<std::string> rows;
    for (const auto& row : spark->read().json(root + "/" + batch).orderBy({col("word")}).collect())
      rows.push_back(row.toString());
    return rows;
  };
  // JSON schema inference orders the fields by name, as Spark's: (count, word).
  EXPECT_EQ(read("batch=0"), (std::vector<std::string>{"[2,a]", "[1,b]"}));
  EXPECT_EQ(read("batch=1"), (std::vector<std::string>{"[2,b]"}));
  fs::remove_all(dir);
  setLogLevel(saved);
}

// docs/streaming.md: the windowed count over JSON files, and the progress listener.
TEST(DocsExamplesTest, ClicksPerWindow) {
  LogLevel saved = logLevel();
  setLogLevel(LogLevel::kWarn);
  fs::path dir = fs::temp_directory_path() / ("spate-docs-example-" + streaming::randomUuid());
  fs::create_directories(dir / "clicks");
  std::ofstream(dir / "clicks" / "1.json") << "{\"user\":\"ann\",\"ts\":\"2024-01-31 10:01:00\"}\n"
                                           << "{\"user\":\"bob\",\"ts\":\"2024-01-31 10:02:00\"}\n"
                                           << "{\"user\":\"ann\",\"ts\":\"2024-01-31 10:12:00\"}\n";
  auto spark = Session::builder()
                   .master("local[2]")
                   .config("spark.sql.session.timeZone", "UTC")
                   .getOrCreate();
  auto listener = std::make_shared<PrintProgress>();
  spark->streams().addListener(listener);
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  StreamingQuery query =
      startClicksPerWindow(spark, (dir / "clicks").string(), (dir / "ckpt").string());
  // The first batch runs at once; the next trigger would come a minute later, so rather than
  // processAllAvailable (which waits for it) wait for batch 0's progress.
  for (int i = 0; i < 6000 && !query.lastProgress(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  query.stop();
  std::string out = ::testing::internal::GetCapturedStdout();
  std::string err = ::testing::internal::GetCapturedStderr();
  spark->streams().removeListener(listener);
  EXPECT_EQ(out,
            "-------------------------------------------\n"
            "Batch: 0\n"
            "-------------------------------------------\n"
            "+-------------------+----+-----+\n"
            "|              start|user|count|\n"
            "+-------------------+----+-----+\n"
            "|2024-01-31 10:00:00| ann|    1|\n"
            "|2024-01-31 10:00:00| bob|    1|\n"
            "|2024-01-31 10:10:00| ann|    1|\n"
            "+-------------------+----+-----+\n"
            "\n")
      << out;
  EXPECT_EQ(err.rfind("{\"id\":\"", 0), 0u) << err;
  EXPECT_NE(err.find("\"name\":\"clicks_per_window\",\"timestamp\""), std::string::npos) << err;
  EXPECT_NE(err.find("\"batchId\":0,\"numInputRows\":3,"), std::string::npos) << err;
  fs::remove_all(dir);
  setLogLevel(saved);
}

}  // namespace
}  // namespace spate::sql
