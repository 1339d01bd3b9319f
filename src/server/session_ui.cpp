#include "server/session_ui.h"

#include "common/error.h"
#include "common/logging.h"
#include "common/strings.h"
#include "server/streaming_ui.h"

namespace spate::server {

namespace {

// Spark's ConfigBuilder message for a value of the wrong type.
[[noreturn]] void badValue(const std::string& key, const std::string& type,
                           const std::string& value) {
  throw IllegalArgumentException(key + " should be " + type + ", but was " + value);
}

int64_t intConf(sql::Session& session, const std::string& key, int64_t fallback, int64_t min,
                int64_t max) {
  auto value = session.conf().getOption(key);
  if (!value) return fallback;
  std::string text(trimWhitespace(*value));
  try {
    size_t used = 0;
    int64_t v = std::stoll(text, &used);
    if (used != text.size()) badValue(key, "int", *value);
    if (v < min || v > max)
      throw IllegalArgumentException(key + " must be between " + std::to_string(min) + " and " +
                                     std::to_string(max) + ", but was " + text);
    return v;
  } catch (const std::logic_error&) {
    badValue(key, "int", *value);
  }
}

bool boolConf(sql::Session& session, const std::string& key, bool fallback) {
  auto value = session.conf().getOption(key);
  if (!value) return fallback;
  std::string text = toLower(trimWhitespace(*value));
  if (text == "true") return true;
  if (text == "false") return false;
  badValue(key, "boolean", *value);
}

}  // namespace

std::shared_ptr<UiServer> startUi(const sql::SessionPtr& session) {
  if (!boolConf(*session, "spark.ui.enabled", true)) return nullptr;
  UiServerOptions options;
  options.port = static_cast<int>(intConf(*session, "spark.ui.port", 4040, 0, 65535));
  options.maxRetries = static_cast<int>(intConf(*session, "spark.port.maxRetries", 16, 0, 65535));
  options.host = std::string(trimWhitespace(session->conf().get("spate.ui.host", "127.0.0.1")));
  if (options.host.empty()) throw IllegalArgumentException("spate.ui.host must not be empty");
  if (auto token = session->conf().getOption("spate.ui.token"); token && !token->empty())
    options.token = *token;
  StreamingUiOptions streaming;
  streaming.retainedProgress = static_cast<size_t>(
      intConf(*session, "spark.sql.streaming.ui.retainedProgressUpdates", 1000, 1, 1'000'000));
  streaming.retainedQueries = static_cast<size_t>(
      intConf(*session, "spark.sql.streaming.ui.retainedQueries", 100, 0, 1'000'000));

  auto ui = UiServer::start(std::move(options));
  auto history = attachStreamingUi(*ui, session->queryManager(), streaming);
  // Stop recording when the UI goes away; the session may already be gone (and its manager).
  std::weak_ptr<sql::Session> weakSession = session;
  ui->onStop([weakSession, history] {
    if (auto s = weakSession.lock()) history->detach(s->queryManager());
  });
  return ui;
}

std::shared_ptr<UiServer> tryStartUi(const sql::SessionPtr& session) {
  try {
    return startUi(session);
  } catch (const IllegalArgumentException&) {
    throw;
  } catch (const std::exception& e) {
    logWarn("SparkUI", "The web UI did not start: {}", e.what());
    return nullptr;
  }
}

}  // namespace spate::server
