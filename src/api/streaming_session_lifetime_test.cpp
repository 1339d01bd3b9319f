// A session that ran streaming queries is freed once its last handle goes: its queries (and their
// sinks) must not keep it alive, or every such session would keep its worker threads and tables.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>

#include "api/streaming.h"

namespace spate::sql {
namespace {

namespace fs = std::filesystem;

TEST(StreamingSessionLifetimeTest, ForeachBatchQueryDoesNotKeepTheSessionAlive) {
  std::weak_ptr<Session> weak;
  std::atomic<int64_t> rows{0};
  std::string checkpoint =
      (fs::temp_directory_path() / ("spate-lifetime-" + streaming::randomUuid())).string();
  {
    auto spark = Session::builder().master("local[2]").getOrCreate();
    weak = spark;
    spark->sql("CREATE TABLE events (id INT) USING memory");
    spark->sql("INSERT INTO events VALUES (1), (2)");
    auto query = spark->readStream()
                     .table("events")
                     .writeStream()
                     .foreachBatch([&](const DataFrame& df, int64_t) { rows += df.count(); })
                     .option("checkpointLocation", checkpoint)
                     .start();
    query.processAllAvailable();
    query.stop();
    spark->stop();
  }
  EXPECT_EQ(rows.load(), 2);
  EXPECT_TRUE(weak.expired());
  fs::remove_all(checkpoint);
}

TEST(StreamingSessionLifetimeTest, MemorySinkQueryDoesNotKeepTheSessionAlive) {
  std::weak_ptr<Session> weak;
  {
    auto spark = Session::builder().master("local[1]").getOrCreate();
    weak = spark;
    spark->sql("CREATE TABLE events (id INT) USING memory");
    auto query =
        spark->readStream().table("events").writeStream().format("memory").queryName("out").start();
    spark->sql("INSERT INTO events VALUES (1)");
    query.processAllAvailable();
    EXPECT_EQ(spark->sql("SELECT * FROM out").count(), 1);
    query.stop();
  }
  EXPECT_TRUE(weak.expired());
}

}  // namespace
}  // namespace spate::sql
