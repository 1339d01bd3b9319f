#include "server/streaming_ui.h"

#include <charconv>

#include "common/time.h"
#include "server/embedded_assets.h"
#include "server/prometheus_text.h"
#include "server/streaming_metrics.h"
#include "server/streams_api.h"

namespace spate::server {

namespace {

constexpr size_t kDefaultRecentProgress = 100;  // Spark's recentProgress length

int64_t nowMs() { return currentTimeMicros() / 1000; }

std::optional<int64_t> parseInteger(const std::string& text) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

HttpResponse badRequest(const std::string& message) {
  return HttpResponse::text(message + "\n", 400);
}

HttpResponse noStore(HttpResponse response) {
  response.headers["Cache-Control"] = "no-store";
  return response;
}

}  // namespace

std::shared_ptr<QueryHistory> attachStreamingUi(UiServer& server, streaming::QueryManager& manager,
                                                const StreamingUiOptions& options) {
  auto history = std::make_shared<QueryHistory>(options.retainedProgress, options.retainedQueries);
  auto events = server.addEventStream("/api/v1/streams/events");
  history->setEventCallback(
      [events](std::string_view event, const std::function<std::string()>& json) {
        if (events->clients() > 0) events->publish(event, json());
      });

  for (const auto& asset : embeddedAssets()) {
    server.addAsset("/static/" + std::string(asset.name), std::string(asset.contentType),
                    std::string(asset.content));
  }
  auto page = [](const char* name) {
    const EmbeddedAsset* asset = findEmbeddedAsset(name);
    std::string html = asset ? std::string(asset->content) : std::string();
    return [html](const HttpRequest&) { return noStore(HttpResponse::html(html)); };
  };
  server.get("/", [](const HttpRequest&) { return HttpResponse::redirect("/streaming/"); });
  server.get("/streaming",
             [](const HttpRequest&) { return HttpResponse::redirect("/streaming/"); });
  server.get("/streaming/", page("streaming.html"));
  server.get("/streaming/query/?", page("query.html"));

  server.get("/api/v1/streams", [history](const HttpRequest& request) {
    size_t limit = kDefaultRecentProgress;
    if (auto text = request.params.find("progress"); text != request.params.end()) {
      auto n = parseInteger(text->second);
      if (!n || *n < 0) return badRequest("progress must be a non-negative integer");
      limit = static_cast<size_t>(*n);
    }
    return noStore(HttpResponse::json(streamsJson(history->snapshot(limit), nowMs())));
  });
  server.get("/api/v1/streams/([0-9a-fA-F-]+)", [history](const HttpRequest& request) {
    std::optional<int64_t> after;
    if (auto text = request.params.find("after"); text != request.params.end()) {
      after = parseInteger(text->second);
      if (!after) return badRequest("after must be a batch id");
    }
    size_t limit = history->retainedProgress();
    if (auto text = request.params.find("progress"); text != request.params.end()) {
      auto n = parseInteger(text->second);
      if (!n || *n < 0) return badRequest("progress must be a non-negative integer");
      limit = static_cast<size_t>(*n);
    }
    auto query = history->find(request.captures.at(0), after, limit);
    if (!query)
      return HttpResponse::notFound("No streaming query with id " + request.captures.at(0));
    return noStore(HttpResponse::json(streamJson(*query, nowMs())));
  });
  server.get("/metrics", [history](const HttpRequest&) {
    HttpResponse response = HttpResponse::text(renderStreamingMetrics(history->snapshot(0)));
    response.contentType = kPrometheusContentType;
    return noStore(std::move(response));
  });
  history->attach(manager);
  return history;
}

}  // namespace spate::server
