// The HTTP server itself: routes, static files, event streams, the token, the Host check and the
// port search. Every server here binds 127.0.0.1 (port 0 = a free port, unless the test is about
// ports).
#include "server/ui_server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "common/logging.h"
#include "server/server_test_support.h"
#include "streaming/checkpoint_log.h"

namespace spate::server {
namespace {

namespace fs = std::filesystem;
using testing::clientOf;
using testing::EventReader;
using testing::Listener;
using testing::waitFor;

// Quiet: each server logs its URL at INFO.
class UiServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    saved = logLevel();
    setLogLevel(LogLevel::kWarn);
  }
  void TearDown() override { setLogLevel(saved); }
  LogLevel saved = LogLevel::kInfo;
};

UiServerOptions anyPort() {
  UiServerOptions options;
  options.port = 0;
  return options;
}

TEST_F(UiServerTest, RoutesSeeMethodPathCapturesParamsHeadersAndBody) {
  auto server = UiServer::start(anyPort());
  server->get("/hello/([a-z]+)/(\\d+)", [](const HttpRequest& r) {
    return HttpResponse::text(r.method + " " + r.path + " " + r.captures.at(0) + " " +
                              r.captures.at(1) + " q=" + r.param("q", "none") +
                              " h=" + r.header("X-Thing").value_or("none"));
  });
  server->post("/echo", [](const HttpRequest& r) { return HttpResponse::json(r.body, 201); });
  auto client = clientOf(*server);
  auto res = client->Get("/hello/abc/42?q=x%20y", {{"X-Thing", "T"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "GET /hello/abc/42 abc 42 q=x y h=T");
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/plain; charset=utf-8");
  res = client->Post("/echo", R"({"a":1})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 201);
  EXPECT_EQ(res->body, R"({"a":1})");
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
  // The pattern covers the whole path; the method must match.
  EXPECT_EQ(client->Get("/hello/abc/42/more")->status, 404);
  EXPECT_EQ(client->Get("/echo")->status, 404);
  EXPECT_EQ(client->Post("/hello/abc/1", "", "text/plain")->status, 404);
}

TEST_F(UiServerTest, FirstMatchingRouteWinsAndRoutesMayBeAddedWhileServing) {
  auto server = UiServer::start(anyPort());
  auto client = clientOf(*server);
  EXPECT_EQ(client->Get("/late")->status, 404);
  server->get("/late", [](const HttpRequest&) { return HttpResponse::text("first"); });
  server->get("/l.*", [](const HttpRequest&) { return HttpResponse::text("second"); });
  EXPECT_EQ(client->Get("/late")->body, "first");
  EXPECT_EQ(client->Get("/lately")->body, "second");
}

TEST_F(UiServerTest, AHandlerThatThrowsGivesA500WithTheMessage) {
  auto server = UiServer::start(anyPort());
  server->get("/boom", [](const HttpRequest&) -> HttpResponse {
    throw std::runtime_error("the handler broke");
  });
  auto res = clientOf(*server)->Get("/boom");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 500);
  EXPECT_NE(res->body.find("the handler broke"), std::string::npos);
}

TEST_F(UiServerTest, RedirectAndExtraHeaders) {
  auto server = UiServer::start(anyPort());
  server->get("/old", [](const HttpRequest&) { return HttpResponse::redirect("/new"); });
  auto res = clientOf(*server)->Get("/old");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 302);
  EXPECT_EQ(res->get_header_value("Location"), "/new");
}

class StaticDirectoryTest : public UiServerTest {
 protected:
  void SetUp() override {
    UiServerTest::SetUp();
    root = fs::temp_directory_path() / ("spate-ui-static-" + streaming::randomUuid());
    fs::create_directories(root / "web" / "css");
    write(root / "web" / "index.html", "<p>dashboard</p>");
    write(root / "web" / "app.js", "console.log(1);");
    write(root / "web" / "css" / "site.css", "p{}");
    write(root / "secret.txt", "do not serve");
  }
  void TearDown() override {
    fs::remove_all(root);
    UiServerTest::TearDown();
  }
  static void write(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }
  fs::path root;
};

TEST_F(StaticDirectoryTest, ServesFilesWithTheirTypeAndIndexHtml) {
  auto server = UiServer::start(anyPort());
  ASSERT_TRUE(server->addStaticDirectory("/crypto/", (root / "web").string()));
  EXPECT_FALSE(server->addStaticDirectory("/missing", (root / "nope").string()));
  auto client = clientOf(*server);
  auto res = client->Get("/crypto/app.js");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "console.log(1);");
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(client->Get("/crypto/css/site.css")->get_header_value("Content-Type"),
            "text/css; charset=utf-8");
  EXPECT_EQ(client->Get("/crypto/")->body, "<p>dashboard</p>");
  res = client->Get("/crypto");
  EXPECT_EQ(res->status, 302);
  EXPECT_EQ(res->get_header_value("Location"), "/crypto/");
  EXPECT_EQ(client->Get("/crypto/nothing.js")->status, 404);
  EXPECT_EQ(client->Get("/cryptoapp.js")->status, 404);  // not under the mount point
}

TEST_F(StaticDirectoryTest, NeverServesFilesOutsideTheDirectory) {
  auto server = UiServer::start(anyPort());
  ASSERT_TRUE(server->addStaticDirectory("/crypto", (root / "web").string()));
  auto client = clientOf(*server);
  EXPECT_EQ(client->Get("/crypto/../secret.txt")->status, 404);
  EXPECT_EQ(client->Get("/crypto/%2e%2e/secret.txt")->status, 404);
  EXPECT_EQ(client->Get("/crypto/css/../../secret.txt")->status, 404);
}

TEST_F(UiServerTest, AssetsAreServedWithTheirType) {
  auto server = UiServer::start(anyPort());
  server->addAsset("/static/x.svg", "image/svg+xml", "<svg/>");
  auto res = clientOf(*server)->Get("/static/x.svg");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body, "<svg/>");
  EXPECT_EQ(res->get_header_value("Content-Type"), "image/svg+xml");
}

TEST_F(UiServerTest, EventStreamSendsPublishedEventsToConnectedClients) {
  UiServerOptions options = anyPort();
  options.eventHeartbeatMs = 20;  // so the closed connection is noticed soon
  auto server = UiServer::start(options);
  auto events = server->addEventStream("/events");
  {
    EventReader reader(*server, "/events", "data: second\n\n");
    waitFor([&] { return events->clients() == 1; });
    events->publish("tick", "first\nline two");
    events->publish("", "second");
    waitFor([&] { return reader.done(); });
    std::string received = reader.received();
    // Heartbeats may come between events.
    for (size_t at; (at = received.find(": ping\n\n")) != std::string::npos;) received.erase(at, 8);
    EXPECT_EQ(received, "event: tick\ndata: first\ndata: line two\n\ndata: second\n\n");
  }
  waitFor([&] { return events->clients() == 0; });  // the closed connection unsubscribed
  EXPECT_EQ(events->published(), 2);
}

TEST_F(UiServerTest, StopEndsOpenEventStreams) {
  auto server = UiServer::start(anyPort());
  auto events = server->addEventStream("/events");
  EventReader reader(*server, "/events", "never sent");
  waitFor([&] { return events->clients() == 1; });
  server->stop();
  // The client is let go (whether its last chunk made it before the socket closed is a race).
  waitFor([&] { return reader.done(); });
  server->stop();  // idempotent
}

TEST_F(UiServerTest, StopRunsTheStopHooksOnce) {
  auto server = UiServer::start(anyPort());
  int calls = 0;
  server->onStop([&] { ++calls; });
  server->stop();
  server->stop();
  EXPECT_EQ(calls, 1);
  server->onStop([&] { ++calls; });  // already stopped: runs at once
  EXPECT_EQ(calls, 2);
}

TEST_F(UiServerTest, WithATokenEveryRequestMustCarryIt) {
  UiServerOptions options = anyPort();
  options.token = "0123456789abcdef0123456789abcdef";
  auto server = UiServer::start(options);
  EXPECT_TRUE(server->requiresToken());
  EXPECT_EQ(server->browserUrl(), server->url() + "/?token=0123456789abcdef0123456789abcdef");
  server->get("/data", [](const HttpRequest&) { return HttpResponse::text("secret data"); });
  server->addAsset("/static/a.css", "text/css", "p{}");
  auto events = server->addEventStream("/events");
  auto client = clientOf(*server);

  for (const char* path : {"/data", "/static/a.css", "/events", "/nothing"}) {
    auto res = client->Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 401) << path;
    EXPECT_EQ(res->body.find("secret data"), std::string::npos);
    EXPECT_EQ(res->get_header_value("WWW-Authenticate"), "Bearer");
  }
  EXPECT_EQ(client->Get("/data?token=wrong")->status, 401);
  EXPECT_EQ(client->Get("/data?token=0123456789abcdef0123456789abcdeX")->status, 401);
  EXPECT_EQ(client->Get("/data", {{"Authorization", "Bearer nope"}})->status, 401);
  EXPECT_EQ(client->Get("/data", {{"Cookie", "spate_ui_token=nope"}})->status, 401);

  auto res = client->Get("/data", {{"Authorization", "Bearer 0123456789abcdef0123456789abcdef"}});
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "secret data");
  // ?token= works and leaves a cookie, which then works alone (pages fetch data with it).
  res = client->Get("/data?token=0123456789abcdef0123456789abcdef");
  EXPECT_EQ(res->status, 200);
  std::string cookie = res->get_header_value("Set-Cookie");
  EXPECT_EQ(cookie,
            "spate_ui_token=0123456789abcdef0123456789abcdef; Path=/; HttpOnly; SameSite=Strict");
  res = client->Get("/static/a.css",
                    {{"Cookie", "other=1; spate_ui_token=0123456789abcdef0123456789abcdef"}});
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "p{}");
  EventReader reader(*server, "/events", "data: hi\n\n",
                     {{"Authorization", "Bearer 0123456789abcdef0123456789abcdef"}});
  waitFor([&] { return events->clients() == 1; });
  events->publish("", "hi");
  waitFor([&] { return reader.done(); });
  EXPECT_EQ(reader.received(), "data: hi\n\n");
}

TEST_F(UiServerTest, OnLoopbackOnlyLoopbackHostNamesAreServed) {
  auto server = UiServer::start(anyPort());
  server->get("/data", [](const HttpRequest&) { return HttpResponse::text("ok"); });
  auto client = clientOf(*server);
  std::string port = std::to_string(server->port());
  // A page of another site whose name resolves to 127.0.0.1 (DNS rebinding) sends its own name.
  auto res = client->Get("/data", {{"Host", "evil.example:" + port}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  EXPECT_EQ(client->Get("/data", {{"Host", "localhost:" + port}})->status, 200);
  EXPECT_EQ(client->Get("/data", {{"Host", "127.0.0.1:" + port}})->status, 200);
  EXPECT_EQ(client->Get("/data", {{"Host", "[::1]:" + port}})->status, 200);
}

TEST_F(UiServerTest, OffLoopbackATokenIsAlwaysRequired) {
  UiServerOptions options;
  options.host = "0.0.0.0";
  UiServerOptions secured = requireTokenOffLoopback(options);
  ASSERT_TRUE(secured.token);
  EXPECT_EQ(secured.token->size(), 32u);
  EXPECT_TRUE(secured.tokenGenerated);
  EXPECT_NE(requireTokenOffLoopback(options).token, secured.token);  // random each time
  options.token = "mine";
  secured = requireTokenOffLoopback(options);
  EXPECT_EQ(secured.token, "mine");
  EXPECT_FALSE(secured.tokenGenerated);
  options = {};
  EXPECT_FALSE(requireTokenOffLoopback(options).token);  // 127.0.0.1
}

TEST_F(UiServerTest, LoopbackHosts) {
  for (const char* host : {"127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1", "[::1]"})
    EXPECT_TRUE(isLoopbackHost(host)) << host;
  for (const char* host : {"0.0.0.0", "::", "10.0.0.1", "128.0.0.1", "example.com", ""})
    EXPECT_FALSE(isLoopbackHost(host)) << host;
}

TEST_F(UiServerTest, ATakenPortMovesToTheNextOne) {
  Listener taken(0);
  ASSERT_GT(taken.port(), 0);
  UiServerOptions options;
  options.port = taken.port();
  setLogLevel(LogLevel::kInfo);
  LogCapture log;
  auto server = UiServer::start(options);
  EXPECT_GT(server->port(), taken.port());
  EXPECT_LE(server->port(), taken.port() + 16);
  std::string expected = "Service 'SparkUI' could not bind on port " +
                         std::to_string(taken.port()) + ". Attempting port " +
                         std::to_string(taken.port() + 1) + ".";
  EXPECT_TRUE(log.contains(expected));
  EXPECT_TRUE(log.contains("Bound SparkUI to 127.0.0.1, and started at http://127.0.0.1:" +
                           std::to_string(server->port())));
  EXPECT_EQ(server->url(), "http://127.0.0.1:" + std::to_string(server->port()));
}

TEST_F(UiServerTest, TwoServersNeverShareAPort) {
  // (cpp-httplib's own SO_REUSEPORT would let the second bind the first's port.)
  auto first = UiServer::start(anyPort());
  UiServerOptions options;
  options.port = first->port();
  auto second = UiServer::start(options);
  EXPECT_NE(second->port(), first->port());
  first->get("/who", [](const HttpRequest&) { return HttpResponse::text("first"); });
  second->get("/who", [](const HttpRequest&) { return HttpResponse::text("second"); });
  for (int i = 0; i < 20; ++i) EXPECT_EQ(clientOf(*first)->Get("/who")->body, "first");
}

TEST_F(UiServerTest, WhenPort4040IsTakenTheUiUsesAFollowingPort) {
  Listener taken(4040);  // if another process already has 4040, it is taken just the same
  auto server = UiServer::start({});
  EXPECT_GT(server->port(), 4040);
  EXPECT_LE(server->port(), 4056);
  auto res = clientOf(*server)->Get("/nothing");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
}

TEST_F(UiServerTest, NoFreePortIsAnErrorWithSparksText) {
  Listener taken(0);
  ASSERT_GT(taken.port(), 0);
  UiServerOptions options;
  options.port = taken.port();
  options.maxRetries = 0;
  try {
    UiServer::start(options);
    FAIL() << "expected a bind failure";
  } catch (const ExecutionException& e) {
    std::string p = std::to_string(taken.port());
    EXPECT_EQ(std::string(e.what()),
              "Failed to bind to address 127.0.0.1:" + p +
                  ": Service 'SparkUI' failed after 0 retries (starting from " + p +
                  ")! Consider explicitly setting the appropriate port for the service 'SparkUI' "
                  "(for example spark.ui.port for SparkUI) to an available port or increasing "
                  "spark.port.maxRetries.");
  }
}

}  // namespace
}  // namespace spate::server
