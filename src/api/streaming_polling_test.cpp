// spark.sql.streaming.pollingDelay: how long the default trigger waits after a trigger that found
// no new data before it looks again (10 ms unless configured) — for sources that cannot say when
// data arrives (files). Sources that can (memory, socket) wake the query at once.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "api/streaming.h"

namespace spate::sql {
namespace {

namespace fs = std::filesystem;

struct IdleCounter : streaming::StreamingQueryListener {
  std::atomic<int> idle{0};
  void onQueryIdle(const streaming::QueryIdleEvent&) override { ++idle; }
};

template <typename F>
bool eventually(F condition) {
  for (int i = 0; i < 2000; ++i) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return false;
}

// Starts a query with the default trigger on a manual clock over a JSON directory, waits for its
// first idle trigger, adds a file, and checks that it is read exactly `delayMs` clock milliseconds
// later.
void expectPollingDelay(const std::optional<std::string>& conf, int64_t delayMs) {
  auto builder = Session::builder().master("local[1]");
  if (conf) builder.config("spark.sql.streaming.pollingDelay", *conf);
  auto spark = builder.getOrCreate();
  auto idle = std::make_shared<IdleCounter>();
  spark->streams().addListener(idle);
  auto clock = std::make_shared<streaming::ManualClock>(0);
  std::atomic<int> batches{0};
  std::string checkpoint =
      (fs::temp_directory_path() / ("spate-polling-" + streaming::randomUuid())).string();
  std::string input = checkpoint + "-in";
  fs::create_directories(input);
  auto query = spark->readStream()
                   .schema("id INT")
                   .json(input)
                   .writeStream()
                   .foreachBatch([&](const DataFrame&, int64_t) { ++batches; })
                   .option("checkpointLocation", checkpoint)
                   .clock(clock)
                   .start();
  ASSERT_TRUE(eventually([&] { return idle->idle.load() >= 1; }));
  std::ofstream(input + "/1.json") << "{\"id\": 1}\n";
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  EXPECT_EQ(batches.load(), 0);
  clock->advance(delayMs - 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  EXPECT_EQ(batches.load(), 0) << "read before the polling delay passed";
  clock->advance(1);
  EXPECT_TRUE(eventually([&] { return batches.load() == 1; }));
  query.stop();
  spark->stop();
  fs::remove_all(checkpoint);
  fs::remove_all(input);
}

TEST(StreamingPollingDelayTest, DefaultIsTenMilliseconds) { expectPollingDelay(std::nullopt, 10); }

TEST(StreamingPollingDelayTest, ConfiguredDelayIsATimeString) {
  expectPollingDelay("5s", 5000);
  expectPollingDelay("250", 250);  // a bare number is milliseconds
}

TEST(StreamingPollingDelayTest, MemorySourceWakesTheQueryWithoutWaitingForThePoll) {
  auto spark = Session::builder().master("local[1]").config("spark.sql.streaming.pollingDelay", "1h").getOrCreate();
  spark->sql("CREATE TABLE events (id INT) USING memory");
  auto idle = std::make_shared<IdleCounter>();
  spark->streams().addListener(idle);
  auto clock = std::make_shared<streaming::ManualClock>(0);
  std::atomic<int> batches{0};
  std::string checkpoint = (fs::temp_directory_path() / ("spate-polling-" + streaming::randomUuid())).string();
  auto query = spark->readStream()
                   .table("events")
                   .writeStream()
                   .foreachBatch([&](const DataFrame&, int64_t) { ++batches; })
                   .option("checkpointLocation", checkpoint)
                   .clock(clock)
                   .start();
  ASSERT_TRUE(eventually([&] { return idle->idle.load() >= 1; }));
  spark->sql("INSERT INTO events VALUES (1)");
  EXPECT_TRUE(eventually([&] { return batches.load() == 1; }));  // the clock never moved
  query.stop();
  spark->stop();
  fs::remove_all(checkpoint);
}

}  // namespace
}  // namespace spate::sql
