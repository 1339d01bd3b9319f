#include "common/logging.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>

#include "common/error.h"
#include "common/strings.h"
#include "common/terminal_output.h"

namespace spate {

namespace detail {
std::atomic<LogLevel> logThreshold{LogLevel::kInfo};
}

namespace {

constexpr const char* kLevelNames[] = {"ALL",  "TRACE", "DEBUG", "INFO",
                                       "WARN", "ERROR", "FATAL", "OFF"};

std::mutex& logMutex() {
  static std::mutex mutex;
  return mutex;
}

LogCapture* activeCapture = nullptr;  // guarded by logMutex()

// SPATE_LOG_LEVEL overrides the default threshold once, at startup.
const bool kEnvironmentApplied = [] {
  if (const char* name = std::getenv("SPATE_LOG_LEVEL")) {
    if (auto level = parseLogLevel(name)) detail::logThreshold.store(*level);
  }
  return true;
}();

}  // namespace

const char* logLevelName(LogLevel level) { return kLevelNames[static_cast<int>(level)]; }

std::optional<LogLevel> parseLogLevel(std::string_view name) {
  for (int i = 0; i < static_cast<int>(std::size(kLevelNames)); ++i) {
    if (equalsIgnoreCase(name, kLevelNames[i])) return static_cast<LogLevel>(i);
  }
  return std::nullopt;
}

void setLogLevel(LogLevel level) { detail::logThreshold.store(level); }

void setLogLevel(std::string_view name) {
  auto level = parseLogLevel(name);
  if (!level) {
    // SparkContext.VALID_LOG_LEVELS, listed as in Spark's source.
    throw IllegalArgumentException(
        "requirement failed: Supplied level " + std::string(name) +
        " did not match one of: ALL,DEBUG,ERROR,FATAL,INFO,OFF,TRACE,WARN");
  }
  setLogLevel(*level);
}

LogLevel logLevel() { return detail::logThreshold.load(); }

std::string formatLogLine(const std::tm& localTime, LogLevel level, std::string_view logger,
                          std::string_view message) {
  char stamp[32];
  std::snprintf(stamp, sizeof stamp, "%02d/%02d/%02d %02d:%02d:%02d", localTime.tm_year % 100,
                localTime.tm_mon + 1, localTime.tm_mday, localTime.tm_hour, localTime.tm_min,
                localTime.tm_sec);
  std::string line;
  line.reserve(32 + logger.size() + message.size());
  line += stamp;
  line += ' ';
  line += logLevelName(level);
  line += ' ';
  line += logger;
  line += ": ";
  line += message;
  return line;
}

void logMessage(LogLevel level, std::string_view logger, std::string_view message) {
  if (!isLogEnabled(level)) return;
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm local{};
  localtime_r(&now, &local);
  std::string line = formatLogLine(local, level, logger, message);
  std::lock_guard<std::mutex> lock(logMutex());
  if (activeCapture != nullptr) {
    activeCapture->lines_.push_back(std::move(line));
    return;
  }
  line += '\n';
  withTerminalOutput([&] {
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
  });
}

LogCapture::LogCapture() {
  std::lock_guard<std::mutex> lock(logMutex());
  previous_ = activeCapture;
  activeCapture = this;
}

LogCapture::~LogCapture() {
  std::lock_guard<std::mutex> lock(logMutex());
  activeCapture = previous_;
}

std::vector<std::string> LogCapture::lines() const {
  std::lock_guard<std::mutex> lock(logMutex());
  return lines_;
}

bool LogCapture::contains(std::string_view text) const {
  std::lock_guard<std::mutex> lock(logMutex());
  return std::any_of(lines_.begin(), lines_.end(),
                     [&](const std::string& line) { return line.find(text) != std::string::npos; });
}

void LogCapture::clear() {
  std::lock_guard<std::mutex> lock(logMutex());
  lines_.clear();
}

}  // namespace spate
