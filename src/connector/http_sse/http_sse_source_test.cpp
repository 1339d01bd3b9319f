// The http_sse source against a real HTTP server on loopback (cpp-httplib, sse_test_server.h).
#include "connector/http_sse/http_sse_source.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "common/logging.h"
#include "connector/api/connector_test_support.h"
#include "connector/http_sse/sse_test_server.h"

namespace spate::connector {
namespace {

namespace fs = std::filesystem;
using testing::makeContext;
using testing::rowStrings;
using testing::sourceProvider;
using testing::SseTestServer;
using testing::thrownMessage;
using testing::valueOf;

ConnectorContext sseContext(const std::string& url, std::map<std::string, std::string> extra = {},
                            std::string metadataPath = "") {
  extra["url"] = url;
  return makeContext("http_sse", std::move(extra), std::move(metadataPath));
}

// Waits (bounded) until the source offers events up to `offset`.
void waitForOffset(Source& source, const std::string& offset,
                   const std::optional<std::string>& start = std::nullopt) {
  for (int i = 0; i < 1000; ++i) {
    auto latest = source.latestOffset(start);
    if (latest.ok() && *latest && **latest == offset) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  FAIL() << "the source never reached offset " << offset;
}

// A loopback port nothing listens on.
int unusedPort() {
  SseTestServer server;
  int port = server.port();
  server.shutdown();
  return port;
}

class HttpSseSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    saved_ = logLevel();
    setLogLevel(LogLevel::kError);  // reconnection warnings are expected here
  }
  void TearDown() override { setLogLevel(saved_); }
  LogLevel saved_ = LogLevel::kInfo;
};

TEST_F(HttpSseSourceTest, OptionErrors) {
  const auto& provider = sourceProvider("http_sse");
  EXPECT_EQ(thrownMessage<AnalysisException>([&] { provider.schema(makeContext("http_sse", {})); }),
            "Set a url to read from with option(\"url\", ...).");
  EXPECT_EQ(thrownMessage<AnalysisException>([&] {
              provider.schema(makeContext("http_sse", {{"url", "ftp://h/x"}}));
            }),
            "The http_sse source reads http:// or https:// URLs; option url is 'ftp://h/x'.");
  EXPECT_EQ(thrownMessage<AnalysisException>([&] {
              provider.schema(sseContext("http://h/", {{"includeMetadata", "yes"}}));
            }),
            "includeMetadata must be set to either \"true\" or \"false\"");
  EXPECT_EQ(thrownMessage<IllegalArgumentException>([&] {
              provider.schema(sseContext("http://h/", {{"maxEventsPerTrigger", "0"}}));
            }),
            "Invalid value '0' for option 'maxEventsPerTrigger', must be a positive integer");
  EXPECT_EQ(thrownMessage<IllegalArgumentException>([&] {
              provider.schema(sseContext("http://h/", {{"reconnectDelay", "soon"}}));
            }).substr(0, 34),
            "Time must be specified as seconds ");
  EXPECT_EQ(thrownMessage<IllegalArgumentException>([&] {
              provider.schema(sseContext("http://h/", {{"header.Bad Name", "x"}}));
            }),
            "Invalid HTTP header name in option \"header.Bad Name\".");
  EXPECT_EQ(thrownMessage<IllegalArgumentException>([&] {
              provider.schema(sseContext("http://h/", {{"header.X-A", "a\r\nX-B: b"}}));
            }),
            "The value of option \"header.X-A\" must not contain a line break.");
}

TEST_F(HttpSseSourceTest, Schemas) {
  const auto& provider = sourceProvider("http_sse");
  EXPECT_EQ(provider.schema(sseContext("http://h/"))->simpleString(), "struct<value:string>");
  EXPECT_EQ(provider
                .schema(sseContext("HTTPS://h/",
                                   {{"INCLUDEMETADATA", "true"}, {"includeTimestamp", "TRUE"}}))
                ->simpleString(),
            "struct<value:string,event:string,id:string,timestamp:timestamp>");
}

TEST_F(HttpSseSourceTest, UnreachableServerIsAClearError) {
  int port = unusedPort();
  std::string url = "http://127.0.0.1:" + std::to_string(port) + "/stream";
  std::string message = thrownMessage<ExecutionException>(
      [&] { sourceProvider("http_sse").create(sseContext(url)); });
  EXPECT_NE(message.find("Failed to connect to 127.0.0.1 port " + std::to_string(port)),
            std::string::npos)
      << message;
  EXPECT_TRUE(message.ends_with(": cannot connect to http_sse source at " + url)) << message;
}

TEST_F(HttpSseSourceTest, RefusedStreamsAreClearErrors) {
  SseTestServer server;
  server.respondWith(404, "text/plain", "no such stream");
  EXPECT_EQ(thrownMessage<ExecutionException>(
                [&] { sourceProvider("http_sse").create(sseContext(server.url())); }),
            "HTTP 404 Not Found: cannot connect to http_sse source at " + server.url());
  server.respondWith(200, "application/json", "{}");
  EXPECT_EQ(thrownMessage<ExecutionException>(
                [&] { sourceProvider("http_sse").create(sseContext(server.url())); }),
            "the response's Content-Type is 'application/json', not 'text/event-stream': cannot "
            "connect to http_sse source at " +
                server.url());
}

TEST_F(HttpSseSourceTest, SecretsInTheUrlAreRedacted) {
  int port = unusedPort();
  std::string url = "http://127.0.0.1:" + std::to_string(port) + "/stream?token=hunter22";
  std::string message = thrownMessage<ExecutionException>(
      [&] { sourceProvider("http_sse").create(sseContext(url)); });
  EXPECT_EQ(message.find("hunter22"), std::string::npos) << message;
  EXPECT_NE(message.find("*********(redacted)"), std::string::npos) << message;
}

TEST_F(HttpSseSourceTest, OffsetsCountEventsAndCommitDropsThem) {
  SseTestServer server;
  auto source =
      sourceProvider("http_sse")
          .create(sseContext(server.url(), {{"userAgent", "tp4-test/1.0 (ops@example.org)"},
                                            {"header.X-Trace", "abc"}}));
  EXPECT_EQ(source->description(), "HttpSseStream[url: " + server.url() + "]");
  auto request = server.waitForRequest(1);
  EXPECT_EQ(request.userAgent, "tp4-test/1.0 (ops@example.org)");
  EXPECT_EQ(request.accept, "text/event-stream");
  EXPECT_EQ(request.lastEventId, "");
  auto trace = request.headers.find("X-Trace");
  ASSERT_NE(trace, request.headers.end());
  EXPECT_EQ(trace->second, "abc");
  // No event yet: Spark's initial LongOffset(-1), and an empty batch.
  EXPECT_EQ(*valueOf(source->latestOffset(std::nullopt)), "-1");
  EXPECT_TRUE(valueOf(source->getBatch(std::nullopt, "-1")).empty());
  server.send(":ok\n\ndata: a\n\ndata: b1\ndata: b2\n\n");
  server.send("event: message\nid: 3\ndata: c\n\ndata: partial");
  waitForOffset(*source, "2");
  EXPECT_EQ(rowStrings(valueOf(source->getBatch(std::nullopt, "2"))),
            (std::vector<std::string>{"a", "b1\nb2", "c"}));
  // Replayable until committed.
  EXPECT_EQ(rowStrings(valueOf(source->getBatch(std::string("0"), "2"))),
            (std::vector<std::string>{"b1\nb2", "c"}));
  ASSERT_TRUE(source->commit("1").ok());
  EXPECT_EQ(rowStrings(valueOf(source->getBatch(std::string("1"), "2"))),
            (std::vector<std::string>{"c"}));
  server.send("\n\n");  // ends "partial"
  waitForOffset(*source, "3", std::string("1"));
  EXPECT_EQ(rowStrings(valueOf(source->getBatch(std::string("2"), "3"))),
            (std::vector<std::string>{"partial"}));
  EXPECT_EQ(source->metrics().at("numReconnects"), "0");
  source->stop();
}

TEST_F(HttpSseSourceTest, MetadataColumnsAndEventTypeFilter) {
  SseTestServer server;
  int64_t now = 1700000000123;
  auto context = sseContext(
      server.url(),
      {{"includeMetadata", "true"}, {"includeTimestamp", "true"}, {"eventTypes", "message, edit"}});
  auto source = makeHttpSseSource(context, [&] { return now; });
  server.send("id: 1\ndata: one\n\nevent: heartbeat\nid: 2\ndata: skip\n\n");
  server.send("event: edit\ndata: {\"x\": \"é\"}\n\nid:\ndata: three\n\n");
  waitForOffset(*source, "2");
  EXPECT_EQ(rowStrings(valueOf(source->getBatch(std::nullopt, "2"))),
            (std::vector<std::string>{"one|message|1|2023-11-14 22:13:20.123",
                                      "{\"x\": \"é\"}|edit|2|2023-11-14 22:13:20.123",
                                      "three|message|NULL|2023-11-14 22:13:20.123"}));
}

TEST_F(HttpSseSourceTest, MaxEventsPerTriggerAndAvailableNow) {
  SseTestServer server;
  auto source =
      sourceProvider("http_sse").create(sseContext(server.url(), {{"maxEventsPerTrigger", "2"}}));
  server.send("data: 0\n\ndata: 1\n\ndata: 2\n\ndata: 3\n\ndata: 4\n\n");
  waitForOffset(*source, "1");  // from the start (-1): two events
  // Wait until all five are buffered: from offset 3 the cap no longer limits.
  waitForOffset(*source, "4", std::string("3"));
  EXPECT_EQ(*valueOf(source->latestOffset(std::string("0"))), "2");
  source->prepareForTriggerAvailableNow();
  server.send("data: 5\n\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(*valueOf(source->latestOffset(std::string("3"))), "4");  // 5 came after the cut
}

TEST_F(HttpSseSourceTest, ReconnectsWithLastEventIdAfterTheServerEndsTheStream) {
  SseTestServer server;
  auto source = sourceProvider("http_sse").create(sseContext(server.url()));
  server.send("retry: 10\nid: e1\ndata: one\n\nid: e2\ndata: two\n\nid: e3\ndata: cut");
  server.endStream();
  auto second = server.waitForRequest(2);
  EXPECT_EQ(second.lastEventId, "e2");  // e3 never completed
  server.send("id: e3\ndata: three\n\n");
  waitForOffset(*source, "2");
  EXPECT_EQ(rowStrings(valueOf(source->getBatch(std::nullopt, "2"))),
            (std::vector<std::string>{"one", "two", "three"}));
  EXPECT_EQ(source->metrics().at("numReconnects"), "1");
}

TEST_F(HttpSseSourceTest, AServerErrorIsRetriedAndARejectionStopsTheSourceAfterItsEvents) {
  SseTestServer server;
  auto source = sourceProvider("http_sse").create(sseContext(server.url()));
  server.send("retry: 10\nid: 1\ndata: kept\n\n");
  waitForOffset(*source, "0");
  server.respondWith(503, "text/plain", "busy");
  server.endStream();
  server.waitForRequest(3);  // 503, then retried
  server.respondWith(410, "text/plain", "gone");
  // The event received before is still offered; only once caught up does the error show.
  bool stopped = false;
  for (int i = 0; i < 1000 && !stopped; ++i) {
    auto latest = source->latestOffset(std::string("0"));
    if (latest.ok()) {
      ASSERT_EQ(**latest, "0");
    } else if (latest.error().domain == ErrorDomain::kExternal) {
      // While the server answers 503: a retryable error.
      EXPECT_EQ(latest.error().message, "The http_sse source is reconnecting to " + server.url() +
                                            " after: HTTP 503 Service Unavailable");
    } else {
      EXPECT_EQ(latest.error().domain, ErrorDomain::kUser);
      EXPECT_EQ(latest.error().message,
                "The http_sse source at " + server.url() + " stopped: HTTP 410 Gone");
      stopped = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(stopped);
  EXPECT_EQ(*valueOf(source->latestOffset(std::nullopt)), "0");
  EXPECT_EQ(rowStrings(valueOf(source->getBatch(std::nullopt, "0"))),
            (std::vector<std::string>{"kept"}));
}

TEST_F(HttpSseSourceTest, AnUnreachableServerIsARetryableErrorOnceCaughtUp) {
  auto server = std::make_unique<SseTestServer>();
  std::string url = server->url();
  auto source =
      sourceProvider("http_sse")
          .create(sseContext(url, {{"reconnectDelay", "10ms"}, {"maxReconnectDelay", "20ms"}}));
  server->send("data: x\n\n");
  waitForOffset(*source, "0");
  server->shutdown();
  for (int i = 0; i < 1000; ++i) {
    auto latest = source->latestOffset(std::string("0"));
    if (!latest.ok()) {
      EXPECT_EQ(latest.error().domain, ErrorDomain::kExternal);
      EXPECT_TRUE(latest.error().retryable);
      EXPECT_TRUE(latest.error().message.starts_with("The http_sse source is reconnecting to " +
                                                     url + " after: "))
          << latest.error().message;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  FAIL() << "no error while the server is down";
}

TEST_F(HttpSseSourceTest, ARestartResumesAfterTheLastCommittedEvent) {
  fs::path dir = fs::temp_directory_path() / ("spate-http-sse-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  SseTestServer server;
  {
    auto source = sourceProvider("http_sse").create(sseContext(server.url(), {}, dir.string()));
    server.send("id: a\ndata: 0\n\nid: b\ndata: 1\n\nid: c\ndata: 2\n\nid: d\ndata: 3\n\n");
    waitForOffset(*source, "3");
    // Batch 0 = offsets up to 1 committed; batch 1 up to 3 planned, then the query stops.
    ASSERT_TRUE(source->commit("1").ok());
    source->stop();
  }
  auto source = sourceProvider("http_sse").create(sseContext(server.url(), {}, dir.string()));
  auto request = server.waitForRequest(2);
  EXPECT_EQ(request.lastEventId, "b");
  EXPECT_EQ(*valueOf(source->latestOffset(std::string("1"))), "1");
  // The server resumes after "b": the planned batch is read again with the same offsets.
  server.send("id: c\ndata: 2\n\nid: d\ndata: 3\n\nid: e\ndata: 4\n\n");
  EXPECT_EQ(rowStrings(valueOf(source->getBatch(std::string("1"), "3"))),
            (std::vector<std::string>{"2", "3"}));
  ASSERT_TRUE(source->commit("3").ok());
  waitForOffset(*source, "4", std::string("3"));
  EXPECT_EQ(rowStrings(valueOf(source->getBatch(std::string("3"), "4"))),
            (std::vector<std::string>{"4"}));
  source->stop();
  fs::remove_all(dir);
}

TEST_F(HttpSseSourceTest, EventsAlreadyCommittedAreSkippedWhenTheCheckpointIsAhead) {
  // The query committed offset 2 but crashed before the source recorded it: the source resumes
  // from scratch and must not offer events 0..2 again.
  SseTestServer server;
  auto source = sourceProvider("http_sse").create(sseContext(server.url()));
  ASSERT_TRUE(source->commit("2").ok());
  server.send("data: 0\n\ndata: 1\n\ndata: 2\n\ndata: 3\n\n");
  waitForOffset(*source, "3", std::string("2"));
  EXPECT_EQ(rowStrings(valueOf(source->getBatch(std::string("2"), "3"))),
            (std::vector<std::string>{"3"}));
}

TEST_F(HttpSseSourceTest, StopEndsAnOpenStreamPromptly) {
  SseTestServer server;
  auto source = sourceProvider("http_sse").create(sseContext(server.url()));
  server.waitForRequest(1);
  // The server never ends the stream: stop() must interrupt curl (a hang here is the bug).
  source->stop();
  EXPECT_EQ(source->metrics().at("connected"), "false");
}

}  // namespace
}  // namespace spate::connector
