#pragma once

// The session's HTTP server (Spark's SparkUI on port 4040): the streaming pages, /metrics and
// /api/v1/streams are attached to it by streaming_ui.h, and applications add their own routes,
// static directories and server-sent-event endpoints (the CRYPTO VIZ dashboard at /crypto).
//
//   auto ui = server::UiServer::start({});            // 127.0.0.1:4040, or 4041, … if taken
//   ui->get("/crypto/api/prices", [](const server::HttpRequest&) {
//     return server::HttpResponse::json(R"({"btc":1})");
//   });
//   ui->addStaticDirectory("/crypto", "apps/crypto_viz/web");
//   auto events = ui->addEventStream("/crypto/events");
//   events->publish("price", R"({"btc":1})");
//
// Routes may be added while the server runs. Bound to a loopback address, the server accepts
// requests only for a loopback Host (against DNS rebinding); with a token, every request must
// carry it (Authorization: Bearer, ?token= or the cookie set by a page load with ?token=).

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "server/event_stream.h"
#include "server/http_types.h"

namespace spate::server {

struct UiServerOptions {
  /// Address to bind (spate.ui.host). Loopback by default.
  std::string host = "127.0.0.1";
  /// First port tried (spark.ui.port); 0 picks any free port.
  int port = 4040;
  /// Further ports tried, one after the other, when the port is taken (spark.port.maxRetries).
  int maxRetries = 16;
  /// The token every request must carry; unset: none required.
  std::optional<std::string> token;
  /// Whether the token was generated (then the startup line prints it: nobody else knows it).
  bool tokenGenerated = false;
  /// Worker threads serving requests. Each open event-stream client holds one for as long as it
  /// is connected, so there are more than cpp-httplib's default 8 (idle threads cost no CPU).
  int threads = 16;
  /// An idle event-stream client gets a ": ping" comment this often; a client that has gone is
  /// noticed (and its thread freed) at the next write.
  int64_t eventHeartbeatMs = 5000;
};

/// Whether `host` is a loopback address or name (127.0.0.0/8, ::1, localhost).
bool isLoopbackHost(const std::string& host);

/// A random token: 32 lower-case hex digits from the system's random source.
std::string generateToken();

/// `options` as start() uses them: a host that is not loopback without a token gets a generated
/// one (tokenGenerated), since anyone on the network could otherwise read and drive the UI.
UiServerOptions requireTokenOffLoopback(UiServerOptions options);

class UiServer {
 public:
  /// Binds (port, port + 1, … up to maxRetries more, logging each taken port as Spark does) and
  /// serves on background threads. Throws ExecutionException with Spark's BindException text
  /// when no port is free. A host that is not loopback without a token gets a generated one.
  static std::shared_ptr<UiServer> start(UiServerOptions options);
  ~UiServer();
  UiServer(const UiServer&) = delete;
  UiServer& operator=(const UiServer&) = delete;

  /// Stops serving and closes every event stream (idempotent; also done by the destructor).
  void stop();

  const std::string& host() const;
  int port() const;
  /// "http://127.0.0.1:4040" (an IPv6 host in brackets; the machine's name when bound to every
  /// address, 0.0.0.0 or ::).
  std::string url() const;
  /// The URL to give a person: url() + "/?token=…" when a token is required.
  std::string browserUrl() const;
  bool requiresToken() const;

  /// Serves `method` requests whose path matches `pattern` (an ECMAScript regex over the whole
  /// path; groups go to HttpRequest::captures). The first matching route, in the order added,
  /// wins; routes win over static directories.
  void addRoute(const std::string& method, const std::string& pattern, RouteHandler handler);
  void get(const std::string& pattern, RouteHandler handler) {
    addRoute("GET", pattern, std::move(handler));
  }
  void post(const std::string& pattern, RouteHandler handler) {
    addRoute("POST", pattern, std::move(handler));
  }
  /// Serves the files under `directory` at `mountPoint` ("/crypto" → /crypto/app.js); a
  /// directory request serves its index.html. False when `directory` does not exist.
  bool addStaticDirectory(const std::string& mountPoint, const std::string& directory);
  /// Serves fixed content at `path` (pages compiled into the program).
  void addAsset(const std::string& path, const std::string& contentType, std::string content);
  /// A server-sent-events endpoint at `path` (GET, text/event-stream).
  std::shared_ptr<EventStream> addEventStream(const std::string& path);
  /// The event stream at `path`, or null.
  std::shared_ptr<EventStream> eventStream(const std::string& path) const;
  /// Runs `hook` when the server stops (before it closes), e.g. to stop feeding it.
  void onStop(std::function<void()> hook);

  class Impl;
  /// Use start().
  explicit UiServer(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace spate::server
