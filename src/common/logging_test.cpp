#include "common/logging.h"

#include <gtest/gtest.h>

#include <regex>
#include <thread>

#include "common/error.h"

namespace spate {
namespace {

// Restores the process-wide threshold after each test.
class LoggingTest : public ::testing::Test {
 protected:
  void SetUp() override { saved_ = logLevel(); }
  void TearDown() override { setLogLevel(saved_); }
  LogLevel saved_ = LogLevel::kInfo;
};

TEST_F(LoggingTest, LineFormatIsSparkConsolePattern) {
  std::tm t{};
  t.tm_year = 2024 - 1900;
  t.tm_mon = 2;  // March
  t.tm_mday = 1;
  t.tm_hour = 9;
  t.tm_min = 5;
  t.tm_sec = 7;
  EXPECT_EQ(formatLogLine(t, LogLevel::kInfo, "MicroBatchExecution", "Starting new query."),
            "24/03/01 09:05:07 INFO MicroBatchExecution: Starting new query.");
  EXPECT_EQ(formatLogLine(t, LogLevel::kWarn, "ResolveWriteToStream", "x"),
            "24/03/01 09:05:07 WARN ResolveWriteToStream: x");
  t.tm_year = 2009 - 1900;
  t.tm_mon = 11;
  t.tm_mday = 31;
  t.tm_hour = 23;
  EXPECT_EQ(formatLogLine(t, LogLevel::kError, "E", ""), "09/12/31 23:05:07 ERROR E: ");
}

TEST_F(LoggingTest, CapturedLinesCarryTimeLevelLoggerAndMessage) {
  setLogLevel(LogLevel::kInfo);
  LogCapture capture;
  logInfo("MicroBatchExecution", "Streaming query has been idle for {} ms", 10);
  ASSERT_EQ(capture.lines().size(), 1u);
  std::regex pattern(
      R"(\d\d/\d\d/\d\d \d\d:\d\d:\d\d INFO MicroBatchExecution: Streaming query has been idle )"
      R"(for 10 ms)");
  EXPECT_TRUE(std::regex_match(capture.lines()[0], pattern)) << capture.lines()[0];
  EXPECT_TRUE(capture.contains("idle for 10"));
  capture.clear();
  EXPECT_TRUE(capture.lines().empty());
}

TEST_F(LoggingTest, ThresholdFiltersMessages) {
  LogCapture capture;
  setLogLevel(LogLevel::kWarn);
  logDebug("A", "debug");
  logInfo("A", "info");
  logWarn("A", "warn");
  logError("A", "error");
  logMessage(LogLevel::kFatal, "A", "fatal");
  auto lines = capture.lines();
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_NE(lines[0].find(" WARN A: warn"), std::string::npos);
  EXPECT_NE(lines[1].find(" ERROR A: error"), std::string::npos);
  EXPECT_NE(lines[2].find(" FATAL A: fatal"), std::string::npos);

  capture.clear();
  setLogLevel(LogLevel::kOff);
  logError("A", "error");
  logMessage(LogLevel::kFatal, "A", "fatal");
  EXPECT_TRUE(capture.lines().empty());

  setLogLevel(LogLevel::kAll);
  logTrace("A", "trace");
  logDebug("A", "debug");
  ASSERT_EQ(capture.lines().size(), 2u);
  EXPECT_NE(capture.lines()[0].find(" TRACE A: trace"), std::string::npos);
  EXPECT_TRUE(isLogEnabled(LogLevel::kTrace));
  EXPECT_FALSE(isLogEnabled(LogLevel::kOff));
}

TEST_F(LoggingTest, DisabledLevelsDoNotFormatArguments) {
  setLogLevel(LogLevel::kError);
  int evaluated = 0;
  LogCapture capture;
  // The arguments are evaluated (function call), but nothing is formatted or written.
  logInfo("A", "{}", [&] {
    ++evaluated;
    return 1;
  }());
  EXPECT_EQ(evaluated, 1);
  EXPECT_TRUE(capture.lines().empty());
}

TEST_F(LoggingTest, LevelNamesParseInAnyCase) {
  EXPECT_EQ(parseLogLevel("warn"), LogLevel::kWarn);
  EXPECT_EQ(parseLogLevel("Info"), LogLevel::kInfo);
  EXPECT_EQ(parseLogLevel("ALL"), LogLevel::kAll);
  EXPECT_EQ(parseLogLevel("off"), LogLevel::kOff);
  EXPECT_EQ(parseLogLevel("trace"), LogLevel::kTrace);
  EXPECT_EQ(parseLogLevel("fatal"), LogLevel::kFatal);
  EXPECT_EQ(parseLogLevel("warning"), std::nullopt);
  EXPECT_EQ(parseLogLevel(""), std::nullopt);
  EXPECT_STREQ(logLevelName(LogLevel::kDebug), "DEBUG");

  setLogLevel("error");
  EXPECT_EQ(logLevel(), LogLevel::kError);
  try {
    setLogLevel("verbose");
    FAIL() << "expected IllegalArgumentException";
  } catch (const IllegalArgumentException& e) {
    EXPECT_STREQ(e.what(),
                 "requirement failed: Supplied level verbose did not match one of: "
                 "ALL,DEBUG,ERROR,FATAL,INFO,OFF,TRACE,WARN");
  }
  EXPECT_EQ(logLevel(), LogLevel::kError);
}

TEST_F(LoggingTest, NestedCapturesAndThreads) {
  setLogLevel(LogLevel::kInfo);
  LogCapture outer;
  {
    LogCapture inner;
    logInfo("T", "inner");
    EXPECT_EQ(inner.lines().size(), 1u);
  }
  logInfo("T", "outer");
  ASSERT_EQ(outer.lines().size(), 1u);
  EXPECT_TRUE(outer.contains("T: outer"));

  outer.clear();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t] {
      for (int i = 0; i < 100; ++i) logInfo("Worker", "thread {} line {}", t, i);
    });
  }
  for (auto& thread : threads) thread.join();
  auto lines = outer.lines();
  ASSERT_EQ(lines.size(), 400u);
  for (const auto& line : lines) EXPECT_NE(line.find(" INFO Worker: thread "), std::string::npos);
}

}  // namespace
}  // namespace spate
