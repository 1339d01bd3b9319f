// The console sink through the registry, with std::cout captured.
#include "connector/console/console_sink.h"

#include <gtest/gtest.h>

#include <iostream>
#include <sstream>

#include "connector/api/connector_test_support.h"

namespace spate::connector {
namespace {

using testing::makeContext;
using testing::sinkProvider;
using testing::thrownMessage;

// Redirects std::cout into a string for its lifetime.
class CapturedStdout {
 public:
  CapturedStdout() : previous_(std::cout.rdbuf(buffer_.rdbuf())) {}
  ~CapturedStdout() { std::cout.rdbuf(previous_); }
  std::string text() const { return buffer_.str(); }

 private:
  std::ostringstream buffer_;
  std::streambuf* previous_;
};

SinkBatch makeSinkBatch(int64_t batchId, const std::string& ddl,
                        const std::vector<std::vector<Value>>& rows) {
  SinkBatch batch;
  batch.batchId = batchId;
  batch.schema = parseDdlSchema(ddl);
  if (!rows.empty()) batch.rows.push_back(makeBatch(batch.schema, rows));
  return batch;
}

std::string printed(std::map<std::string, std::string> options, const SinkBatch& batch,
                    OutputMode mode = OutputMode::kComplete) {
  CapturedStdout out;
  auto context = makeContext("console", std::move(options));
  sinkProvider("console").check(context, mode, batch.schema);
  auto sink = sinkProvider("console").create(context, mode, batch.schema);
  EXPECT_TRUE(sink->addBatch(batch).ok());
  return out.text();
}

TEST(ConsoleSinkTest, PrintsBannerThenShowOutput) {
  auto batch = makeSinkBatch(1, "error BOOLEAN, count BIGINT",
                             {{Value(false), Value(int64_t{7})}, {Value(true), Value(int64_t{2})}});
  EXPECT_EQ(printed({}, batch),
            "-------------------------------------------\n"
            "Batch: 1\n"
            "-------------------------------------------\n"
            "+-----+-----+\n"
            "|error|count|\n"
            "+-----+-----+\n"
            "|false|    7|\n"
            "| true|    2|\n"
            "+-----+-----+\n"
            "\n");
}

TEST(ConsoleSinkTest, EmptyBatchesArePrintedToo) {
  auto batch = makeSinkBatch(0, "value STRING", {});
  EXPECT_EQ(printed({}, batch, OutputMode::kAppend),
            "-------------------------------------------\n"
            "Batch: 0\n"
            "-------------------------------------------\n"
            "+-----+\n"
            "|value|\n"
            "+-----+\n"
            "+-----+\n"
            "\n");
}

TEST(ConsoleSinkTest, NumRowsAndTruncateOptions) {
  auto batch = makeSinkBatch(
      3, "word STRING, n INT",
      {{Value("a fairly long word, longer than twenty"), Value(1)}, {Value::null(), Value(2)}});
  EXPECT_EQ(printed({{"numRows", "1"}}, batch, OutputMode::kUpdate),
            "-------------------------------------------\n"
            "Batch: 3\n"
            "-------------------------------------------\n"
            "+--------------------+---+\n"
            "|                word|  n|\n"
            "+--------------------+---+\n"
            "|a fairly long wor...|  1|\n"
            "+--------------------+---+\n"
            "only showing top 1 row\n"
            "\n");
  EXPECT_EQ(printed({{"truncate", "false"}}, batch, OutputMode::kUpdate),
            "-------------------------------------------\n"
            "Batch: 3\n"
            "-------------------------------------------\n"
            "+--------------------------------------+---+\n"
            "|word                                  |n  |\n"
            "+--------------------------------------+---+\n"
            "|a fairly long word, longer than twenty|1  |\n"
            "|NULL                                  |2  |\n"
            "+--------------------------------------+---+\n"
            "\n");
}

TEST(ConsoleSinkTest, RowsSpreadOverSeveralBatches) {
  SinkBatch batch = makeSinkBatch(2, "x INT", {{Value(1)}, {Value(2)}});
  batch.rows.push_back(makeBatch(batch.schema, {{Value(3)}}));
  batch.rows.push_back(makeBatch(batch.schema, {{Value(4)}, {Value(5)}}));
  std::string text = printed({{"numRows", "3"}}, batch);
  EXPECT_NE(text.find("|  1|\n|  2|\n|  3|\n+---+\nonly showing top 3 rows\n\n"), std::string::npos)
      << text;
}

TEST(ConsoleSinkTest, InvalidOptions) {
  const auto& provider = sinkProvider("console");
  auto schema = parseDdlSchema("x INT");
  EXPECT_EQ(
      thrownMessage<IllegalArgumentException>([&] {
        provider.check(makeContext("console", {{"numRows", "many"}}), OutputMode::kAppend, schema);
      }),
      "For input string: \"many\"");
  EXPECT_EQ(thrownMessage<IllegalArgumentException>([&] {
              provider.check(makeContext("console", {{"truncate", "maybe"}}), OutputMode::kAppend,
                             schema);
            }),
            "maybe is not a boolean string.");
}

TEST(ConsoleSinkTest, DescriptionAndRowCounting) {
  auto schema = parseDdlSchema("x INT");
  auto sink =
      sinkProvider("console").create(makeContext("console", {}), OutputMode::kAppend, schema);
  EXPECT_TRUE(
      sink->description().starts_with("org.apache.spark.sql.execution.streaming.ConsoleTable$@"));
  EXPECT_TRUE(sink->reportsOutputRows());
}

TEST(ConsoleSinkTest, WritesToAGivenStream) {
  std::ostringstream out;
  auto sink = makeConsoleSink(makeContext("console", {}), out);
  ASSERT_TRUE(sink->addBatch(makeSinkBatch(7, "t TIMESTAMP", {{Value(int64_t{1500000})}})).ok());
  EXPECT_EQ(out.str(),
            "-------------------------------------------\n"
            "Batch: 7\n"
            "-------------------------------------------\n"
            "+--------------------+\n"
            "|                   t|\n"
            "+--------------------+\n"
            "|1970-01-01 00:00:...|\n"
            "+--------------------+\n"
            "\n");
}

}  // namespace
}  // namespace spate::connector
