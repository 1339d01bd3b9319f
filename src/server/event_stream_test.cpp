#include "server/event_stream.h"

#include <gtest/gtest.h>

#include <thread>

namespace spate::server {
namespace {

TEST(EventStreamTest, WireFormat) {
  EXPECT_EQ(EventStream::format("progress", "{\"a\":1}"), "event: progress\ndata: {\"a\":1}\n\n");
  EXPECT_EQ(EventStream::format("", "x"), "data: x\n\n");
  // Each line of the data is its own data: line (EventSource joins them with \n).
  EXPECT_EQ(EventStream::format("e", "a\nb\n"), "event: e\ndata: a\ndata: b\ndata: \n\n");
  EXPECT_EQ(EventStream::format("", ""), "data: \n\n");
}

TEST(EventStreamTest, SubscribersGetWhatIsPublishedAfterTheySubscribed) {
  auto stream = std::make_shared<EventStream>();
  stream->publish("", "before anyone listens");
  auto a = stream->subscribe();
  auto b = stream->subscribe();
  EXPECT_EQ(stream->clients(), 2u);
  stream->publish("", "1");
  stream->publish("", "2");
  EXPECT_EQ(a->next(1000), "data: 1\n\ndata: 2\n\n");  // everything queued, at once
  b.reset();
  EXPECT_EQ(stream->clients(), 1u);
  stream->publish("", "3");
  EXPECT_EQ(a->next(1000), "data: 3\n\n");
  EXPECT_EQ(stream->published(), 4);
}

TEST(EventStreamTest, AnIdleClientGetsAHeartbeatComment) {
  auto stream = std::make_shared<EventStream>();
  auto a = stream->subscribe();
  EXPECT_EQ(a->next(1), ": ping\n\n");
}

TEST(EventStreamTest, ASlowClientLosesItsOldestEvents) {
  auto stream = std::make_shared<EventStream>();
  auto a = stream->subscribe();
  for (size_t i = 0; i < EventStream::kClientQueueLimit + 5; ++i)
    stream->publish("", std::to_string(i));
  std::string all = *a->next(1000);
  EXPECT_EQ(all.find("data: 4\n"), std::string::npos);
  EXPECT_EQ(all.rfind("data: 5\n\n", 0), 0u);
  EXPECT_NE(all.find("data: " + std::to_string(EventStream::kClientQueueLimit + 4) + "\n"),
            std::string::npos);
}

TEST(EventStreamTest, CloseWakesAWaitingClient) {
  auto stream = std::make_shared<EventStream>();
  auto a = stream->subscribe();
  std::optional<std::string> got = "unset";
  std::thread waiter([&] { got = a->next(60'000); });
  stream->close();
  waiter.join();
  EXPECT_EQ(got, std::nullopt);
}

}  // namespace
}  // namespace spate::server
