// The socket source against a loopback server on an ephemeral port.
#include "connector/socket/socket_source.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "connector/api/connector_test_support.h"

namespace spate::connector {
namespace {

using testing::makeContext;
using testing::rowStrings;
using testing::sourceProvider;
using testing::thrownMessage;
using testing::valueOf;

// A TCP server on 127.0.0.1 that accepts one client and sends it what the test writes.
class LoopbackServer {
 public:
  LoopbackServer() {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(listener_, 1);
    socklen_t length = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    acceptor_ = std::thread([this] { client_ = ::accept(listener_, nullptr, nullptr); });
  }
  ~LoopbackServer() {
    ::shutdown(listener_, SHUT_RDWR);  // ends a pending accept()
    close();
    ::close(listener_);
  }

  int port() const { return port_; }
  void send(std::string_view text) {
    if (acceptor_.joinable()) acceptor_.join();
    ASSERT_EQ(::write(client_, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  }
  void close() {
    if (acceptor_.joinable()) acceptor_.join();
    if (client_ >= 0) ::close(client_);
    client_ = -1;
  }

 private:
  int listener_ = -1;
  int client_ = -1;
  int port_ = 0;
  std::thread acceptor_;
};

ConnectorContext socketContext(int port, std::map<std::string, std::string> extra = {}) {
  extra["host"] = "127.0.0.1";
  extra["port"] = std::to_string(port);
  return makeContext("socket", std::move(extra));
}

// Waits (bounded) until the source has buffered lines up to `offset`.
void waitForOffset(Source& source, const std::string& offset) {
  for (int i = 0; i < 500; ++i) {
    auto latest = valueOf(source.latestOffset(std::nullopt));
    if (latest && *latest == offset) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  FAIL() << "the source never reached offset " << offset;
}

TEST(SocketSourceTest, OptionErrorsHaveSparksMessages) {
  const auto& provider = sourceProvider("socket");
  EXPECT_EQ(thrownMessage<AnalysisException>([&] {
              provider.schema(makeContext("socket", {{"port", "1"}}));
            }),
            "Set a host to read from with option(\"host\", ...).");
  EXPECT_EQ(thrownMessage<AnalysisException>([&] {
              provider.schema(makeContext("socket", {{"host", "localhost"}}));
            }),
            "Set a port to read from with option(\"port\", ...).");
  EXPECT_EQ(thrownMessage<AnalysisException>([&] {
              provider.schema(makeContext(
                  "socket", {{"host", "h"}, {"port", "1"}, {"includeTimestamp", "yes"}}));
            }),
            "includeTimestamp must be set to either \"true\" or \"false\"");
  EXPECT_EQ(thrownMessage<IllegalArgumentException>([&] {
              provider.schema(makeContext("socket", {{"host", "h"}, {"port", "http"}}));
            }),
            "For input string: \"http\"");
}

TEST(SocketSourceTest, Schemas) {
  const auto& provider = sourceProvider("socket");
  EXPECT_EQ(provider.schema(makeContext("socket", {{"host", "h"}, {"port", "1"}}))->simpleString(),
            "struct<value:string>");
  EXPECT_EQ(provider
                .schema(makeContext("socket",
                                    {{"HOST", "h"}, {"Port", "1"}, {"includeTimestamp", "TRUE"}}))
                ->simpleString(),
            "struct<value:string,timestamp:timestamp>");
}

// A loopback port nothing listens on: an ephemeral port bound and released again.
int unusedPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

TEST(SocketSourceTest, NothingListeningIsAClearError) {
  int port = unusedPort();
  EXPECT_EQ(
      thrownMessage<ExecutionException>(
          [&] { sourceProvider("socket").create(socketContext(port)); }),
      "Connection refused: cannot connect to socket source at 127.0.0.1:" + std::to_string(port));
}

TEST(SocketSourceTest, OffsetsCountLinesAndCommitDropsThem) {
  LoopbackServer server;
  auto source = sourceProvider("socket").create(socketContext(server.port()));
  EXPECT_EQ(source->description(),
            "TextSocketV2[host: 127.0.0.1, port: " + std::to_string(server.port()) + "]");
  // No line yet: Spark's initial LongOffset(-1).
  EXPECT_EQ(*valueOf(source->latestOffset(std::nullopt)), "-1");
  EXPECT_TRUE(valueOf(source->getBatch(std::nullopt, "-1")).empty());
  server.send("a\nb b\r\nc\rd");
  waitForOffset(*source, "2");
  EXPECT_EQ(rowStrings(valueOf(source->getBatch(std::nullopt, "2"))),
            (std::vector<std::string>{"a", "b b", "c"}));
  // Replayable until committed.
  EXPECT_EQ(rowStrings(valueOf(source->getBatch(std::string("0"), "2"))),
            (std::vector<std::string>{"b b", "c"}));
  ASSERT_TRUE(source->commit("1").ok());
  EXPECT_EQ(rowStrings(valueOf(source->getBatch(std::string("1"), "2"))),
            (std::vector<std::string>{"c"}));
  // "d" continues until the next line end; an empty line is a row.
  server.send("\xC3\xA9t\xC3\xA9\n\n");
  server.close();
  waitForOffset(*source, "4");
  EXPECT_EQ(rowStrings(valueOf(source->getBatch(std::string("2"), "4"))),
            (std::vector<std::string>{"d\xC3\xA9t\xC3\xA9", ""}));
  auto outOfOrder = source->commit("0");
  ASSERT_FALSE(outOfOrder.ok());
  EXPECT_EQ(outOfOrder.error().message, "Offsets committed out of order: 1 followed by 0");
}

TEST(SocketSourceTest, UnterminatedLastLineCountsWhenTheStreamEnds) {
  LoopbackServer server;
  auto source = sourceProvider("socket").create(socketContext(server.port()));
  server.send("x\ny");
  server.close();
  waitForOffset(*source, "1");
  EXPECT_EQ(rowStrings(valueOf(source->getBatch(std::nullopt, "1"))),
            (std::vector<std::string>{"x", "y"}));
}

TEST(SocketSourceTest, RowsComeInSparksPartitionOrder) {
  LoopbackServer server;
  auto source =
      sourceProvider("socket").create(socketContext(server.port(), {{"numPartitions", "2"}}));
  server.send("a\nb\nc\nd\ne\n");
  waitForOffset(*source, "4");
  EXPECT_EQ(rowStrings(valueOf(source->getBatch(std::nullopt, "4"))),
            (std::vector<std::string>{"a", "c", "e", "b", "d"}));
}

TEST(SocketSourceTest, IncludeTimestampUsesTheReceiveClock) {
  LoopbackServer server;
  auto source = makeSocketSource(socketContext(server.port(), {{"includeTimestamp", "true"}}),
                                 [] { return int64_t{1'700'000'000'123}; });
  EXPECT_EQ(source->schema()->simpleString(), "struct<value:string,timestamp:timestamp>");
  server.send("hello\n");
  waitForOffset(*source, "0");
  EXPECT_EQ(rowStrings(valueOf(source->getBatch(std::nullopt, "0"))),
            (std::vector<std::string>{"hello|2023-11-14 22:13:20.123"}));
}

TEST(SocketSourceTest, AvailableNowStopsAtTheLinesOfItsStart) {
  LoopbackServer server;
  auto source = sourceProvider("socket").create(socketContext(server.port()));
  server.send("x\n");
  waitForOffset(*source, "0");
  source->prepareForTriggerAvailableNow();
  server.send("y\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(*valueOf(source->latestOffset(std::nullopt)), "0");
}

TEST(SocketSourceTest, StopEndsTheReaderWhileTheServerStaysOpen) {
  LoopbackServer server;
  auto source = sourceProvider("socket").create(socketContext(server.port()));
  source->stop();
  source->stop();  // idempotent
  SUCCEED();
}

}  // namespace
}  // namespace spate::connector
