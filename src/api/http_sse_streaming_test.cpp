// The http_sse source through the streaming API: Wikimedia-shaped events from a real HTTP server
// on loopback, parsed with from_json and counted per wiki, across a query restart that resumes
// the feed with Last-Event-ID from the checkpoint.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "api/functions.h"
#include "api/streaming_manual_test_support.h"
#include "common/logging.h"
#include "connector/api/metadata_files.h"
#include "connector/http_sse/sse_test_server.h"

namespace spate::sql {
namespace {

namespace fs = std::filesystem;
using connector::testing::SseTestServer;
using functions::col;
using functions::from_json;
using testing::ManualQuery;
using testing::Rows;

std::string event(const std::string& id, const std::string& wiki, const std::string& title) {
  return "event: message\nid: " + id + "\ndata: {\"$schema\":\"/mediawiki/recentchange/1.0.0\"," +
         "\"wiki\":\"" + wiki + "\",\"title\":\"" + title + "\"}\n\n";
}

// Triggers until a batch writes `expected` (the events arrive asynchronously).
bool triggerUntil(ManualQuery& q, const Rows& expected) {
  for (int i = 0; i < 1000; ++i) {
    if (q.trigger() == expected) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

TEST(HttpSseStreamingTest, CountsPerWikiAcrossARestart) {
  LogLevel saved = logLevel();
  setLogLevel(LogLevel::kError);
  auto spark = Session::builder().master("local[2]").getOrCreate();
  fs::path root = fs::temp_directory_path() / ("spate-http-sse-api-" + connector::randomUuid());
  SseTestServer server;
  {
    DataFrame df = spark->readStream()
                       .format("http_sse")
                       .option("url", server.url())
                       .option("eventTypes", "message")
                       .load()
                       .select({from_json(col("value"), "wiki STRING, title STRING").alias("j")})
                       .select({col("j.wiki")})
                       .groupBy({col("wiki")})
                       .count();
    EXPECT_EQ(df.schema()->simpleString(), "struct<wiki:string,count:bigint>");
    ManualQuery q(df, "per_wiki", OutputMode::kComplete, (root / "checkpoint").string());
    server.send(":ok\n\n" + event("1", "frwiki", "Toulouse") + event("2", "enwiki", "Toulouse") +
                "event: heartbeat\ndata: {}\n\n" + event("3", "frwiki", "Muret"));
    EXPECT_TRUE(triggerUntil(q, Rows{"enwiki,1", "frwiki,2"}));

    q.restart();
    // The new source asks the server to resume after the last committed event.
    EXPECT_EQ(server.waitForRequest(2).lastEventId, "3");
    server.send(event("4", "wikidatawiki", "Q90") + event("5", "frwiki", "Blagnac"));
    EXPECT_TRUE(triggerUntil(q, Rows{"enwiki,1", "frwiki,3", "wikidatawiki,1"}));
  }
  spark->stop();
  fs::remove_all(root);
  setLogLevel(saved);
}

}  // namespace
}  // namespace spate::sql
