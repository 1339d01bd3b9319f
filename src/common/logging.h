#pragma once

// Engine logging, shaped like Spark's log4j2 console output (Spark's default pattern
// "%d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n", local time):
//   24/03/01 12:00:05 INFO MicroBatchExecution: Starting new streaming query.
// Lines go to stderr. One process-wide threshold, default INFO as Spark's own default log4j2
// configuration (spark-shell lowers it to WARN; a shell can call setLogLevel the same way). The
// environment variable SPATE_LOG_LEVEL (a level name) overrides the default at startup.
// Thread-safe: a line is written whole, under a lock.
//
//   logInfo("MicroBatchExecution", "Streaming query made progress: {}", progress.prettyJson());

#include <fmt/format.h>

#include <atomic>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace spate {

/// Spark's (log4j's) levels, in increasing severity. kAll and kOff are thresholds only.
enum class LogLevel { kAll, kTrace, kDebug, kInfo, kWarn, kError, kFatal, kOff };

/// "ALL", "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "OFF".
const char* logLevelName(LogLevel level);
/// A level name in any case; nullopt if unknown.
std::optional<LogLevel> parseLogLevel(std::string_view name);

/// Only messages at `level` or more severe are written.
void setLogLevel(LogLevel level);
/// SparkContext.setLogLevel: a level name in any case; otherwise IllegalArgumentException
/// "requirement failed: Supplied level <name> did not match one of: ALL,DEBUG,…".
void setLogLevel(std::string_view name);
LogLevel logLevel();

namespace detail {
extern std::atomic<LogLevel> logThreshold;
}

inline bool isLogEnabled(LogLevel level) {
  return level != LogLevel::kOff && level != LogLevel::kAll &&
         level >= detail::logThreshold.load(std::memory_order_relaxed);
}

/// Writes one line if `level` is enabled. `logger` is the short class name Spark prints
/// ("MicroBatchExecution", "CheckpointFileManager", …).
void logMessage(LogLevel level, std::string_view logger, std::string_view message);

/// The line (without newline) for a message logged at the local time `localTime`.
std::string formatLogLine(const std::tm& localTime, LogLevel level, std::string_view logger,
                          std::string_view message);

/// logInfo(logger, "fmt {}", args…): formats only when the level is enabled.
template <typename... Args>
void logAt(LogLevel level, std::string_view logger, fmt::format_string<Args...> format,
           Args&&... args) {
  if (!isLogEnabled(level)) return;
  logMessage(level, logger, fmt::format(format, std::forward<Args>(args)...));
}
template <typename... Args>
void logTrace(std::string_view logger, fmt::format_string<Args...> format, Args&&... args) {
  logAt(LogLevel::kTrace, logger, format, std::forward<Args>(args)...);
}
template <typename... Args>
void logDebug(std::string_view logger, fmt::format_string<Args...> format, Args&&... args) {
  logAt(LogLevel::kDebug, logger, format, std::forward<Args>(args)...);
}
template <typename... Args>
void logInfo(std::string_view logger, fmt::format_string<Args...> format, Args&&... args) {
  logAt(LogLevel::kInfo, logger, format, std::forward<Args>(args)...);
}
template <typename... Args>
void logWarn(std::string_view logger, fmt::format_string<Args...> format, Args&&... args) {
  logAt(LogLevel::kWarn, logger, format, std::forward<Args>(args)...);
}
template <typename... Args>
void logError(std::string_view logger, fmt::format_string<Args...> format, Args&&... args) {
  logAt(LogLevel::kError, logger, format, std::forward<Args>(args)...);
}

/// Test hook: while alive, enabled lines are collected here instead of going to stderr. The
/// threshold is left alone (set it in the test if needed). Captures nest; the innermost wins.
class LogCapture {
 public:
  LogCapture();
  ~LogCapture();
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;

  /// The captured lines, without newlines, oldest first.
  std::vector<std::string> lines() const;
  /// Whether some captured line contains `text`.
  bool contains(std::string_view text) const;
  void clear();

 private:
  friend void logMessage(LogLevel, std::string_view, std::string_view);
  LogCapture* previous_;
  std::vector<std::string> lines_;  // guarded by the logging lock
};

}  // namespace spate
