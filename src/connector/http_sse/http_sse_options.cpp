// Option parsing for the http_sse source, with messages in the style of Spark's socket source.
#include "connector/http_sse/http_sse_options.h"

#include "common/error.h"
#include "common/strings.h"
#include "connector/api/option_values.h"

namespace spate::connector {

namespace {

constexpr std::string_view kHeaderPrefix = "header.";

bool startsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && equalsIgnoreCase(text.substr(0, prefix.size()), prefix);
}

bool optionBoolNamed(const ConnectorContext& context, const std::string& key) {
  try {
    return optionBool(context, key, false);
  } catch (const IllegalArgumentException&) {
    throw AnalysisException(key + " must be set to either \"true\" or \"false\"");
  }
}

int64_t optionDurationMs(const ConnectorContext& context, const std::string& key, int64_t fallback,
                         int64_t minimum) {
  auto text = context.option(key);
  if (!text) return fallback;
  int64_t ms = parseTimeString(*text, TimeUnit::kMilliseconds);
  if (ms < minimum)
    throw IllegalArgumentException("The http_sse option " + key + " must be at least " +
                                   std::to_string(minimum) + " ms, but was '" + *text + "'.");
  return ms;
}

// Header names are tokens (RFC 9110); values must not break the request's lines.
void checkHeader(const std::string& name, const std::string& value) {
  bool nameOk = !name.empty();
  for (char c : name)
    if (c <= ' ' || c >= 127 || c == ':') nameOk = false;
  if (!nameOk)
    throw IllegalArgumentException("Invalid HTTP header name in option \"header." + name + "\".");
  if (value.find_first_of("\r\n") != std::string::npos)
    throw IllegalArgumentException("The value of option \"header." + name +
                                   "\" must not contain a line break.");
}

}  // namespace

std::string defaultHttpSseUserAgent() { return "Spate/0.1.0 (http_sse source) libcurl"; }

HttpSseOptions parseHttpSseOptions(const ConnectorContext& context) {
  HttpSseOptions o;
  auto url = context.option("url");
  if (!url || trimWhitespace(*url).empty())
    throw AnalysisException("Set a url to read from with option(\"url\", ...).");
  o.url = std::string(trimWhitespace(*url));
  std::string lower = toLower(o.url);
  if (lower.rfind("http://", 0) != 0 && lower.rfind("https://", 0) != 0)
    throw AnalysisException("The http_sse source reads http:// or https:// URLs; option url is '" +
                            o.url + "'.");
  for (const auto& [key, value] : context.options) {
    if (!startsWithIgnoreCase(key, kHeaderPrefix)) continue;
    std::string name = key.substr(kHeaderPrefix.size());
    checkHeader(name, value);
    if (equalsIgnoreCase(name, "User-Agent")) {
      o.userAgent = value;
      continue;
    }
    o.headers.emplace_back(name, value);
  }
  if (auto agent = context.option("userAgent")) o.userAgent = *agent;
  if (o.userAgent.empty()) o.userAgent = defaultHttpSseUserAgent();
  if (o.userAgent.find_first_of("\r\n") != std::string::npos)
    throw IllegalArgumentException(
        "The value of option \"userAgent\" must not contain a line break.");
  if (auto types = context.option("eventTypes")) {
    for (const std::string& part : splitString(*types, ',')) {
      std::string_view type = trimWhitespace(part);
      if (!type.empty()) o.eventTypes.insert(std::string(type));
    }
    if (o.eventTypes.empty())
      throw AnalysisException("Option eventTypes names no event type: '" + *types + "'.");
  }
  if (auto id = context.option("lastEventId")) {
    if (id->find_first_of("\r\n") != std::string::npos)
      throw IllegalArgumentException(
          "The value of option \"lastEventId\" must not contain a line break.");
    o.lastEventId = *id;
  }
  o.includeMetadata = optionBoolNamed(context, "includeMetadata");
  o.includeTimestamp = optionBoolNamed(context, "includeTimestamp");
  o.reconnectDelayMs = optionDurationMs(context, "reconnectDelay", 1000, 0);
  o.maxReconnectDelayMs = optionDurationMs(context, "maxReconnectDelay", 30000, 0);
  o.connectTimeoutMs = optionDurationMs(context, "connectTimeout", 10000, 1);
  o.idleTimeoutMs = optionDurationMs(context, "idleTimeout", 60000, 1000);
  if (context.option("maxEventsPerTrigger")) {
    int64_t max = optionLong(context, "maxEventsPerTrigger", 0);
    if (max <= 0)
      throw IllegalArgumentException(
          "Invalid value '" + std::to_string(max) +
          "' for option 'maxEventsPerTrigger', must be a positive integer");
    o.maxEventsPerTrigger = max;
  }
  return o;
}

SchemaPtr httpSseSchema(const HttpSseOptions& options) {
  std::vector<StructField> fields{{"value", DataType::string(), true}};
  if (options.includeMetadata) {
    fields.push_back({"event", DataType::string(), true});
    fields.push_back({"id", DataType::string(), true});
  }
  if (options.includeTimestamp) fields.push_back({"timestamp", DataType::timestamp(), true});
  return DataType::structType(std::move(fields));
}

}  // namespace spate::connector
