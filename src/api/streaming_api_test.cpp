// The Structured Streaming C++ API end to end, with real query threads: memory source and sink,
// foreachBatch, triggers (once, availableNow, processingTime on a manual clock), restart from a
// checkpoint, failures, listeners and progress.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <thread>

#include "api/functions.h"
#include "api/streaming.h"
#include "common/error.h"
#include "streaming/streaming_query_exception.h"

namespace spate::sql {
namespace {

namespace fs = std::filesystem;

class StreamingApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    spark = Session::builder().master("local[2]").config("spark.sql.session.timeZone", "UTC").getOrCreate();
    spark->sql("CREATE TABLE events (id INT, name STRING) USING memory");
    checkpoint = (fs::temp_directory_path() / ("spate-api-test-" + streaming::randomUuid())).string();
  }
  void TearDown() override {
    spark->stop();
    fs::remove_all(checkpoint);
  }

  std::vector<std::string> rows(const std::string& sqlText) {
    std::vector<std::string> out;
    for (const auto& r : spark->sql(sqlText).collect()) out.push_back(r.toString());
    std::sort(out.begin(), out.end());
    return out;
  }

  SessionPtr spark;
  std::string checkpoint;
};

TEST_F(StreamingApiTest, MemorySinkTableIsQueryableWhileTheQueryRuns) {
  auto query = spark->readStream().table("events").where("id > 1").writeStream().format("memory").queryName("out").start();
  EXPECT_TRUE(query.isActive());
  EXPECT_EQ(query.name(), "out");
  EXPECT_FALSE(query.lastProgress().has_value());
  spark->sql("INSERT INTO events VALUES (1, 'a'), (2, 'b')");
  query.processAllAvailable();
  EXPECT_EQ(rows("SELECT * FROM out"), (std::vector<std::string>{"[2,b]"}));
  spark->sql("INSERT INTO events VALUES (3, 'c')");
  query.processAllAvailable();
  EXPECT_EQ(rows("SELECT * FROM out"), (std::vector<std::string>{"[2,b]", "[3,c]"}));
  auto progress = query.lastProgress();
  ASSERT_TRUE(progress.has_value());
  EXPECT_EQ(progress->batchId, 1);
  EXPECT_EQ(progress->numInputRows(), 1);
  EXPECT_EQ(progress->sink.numOutputRows, 1);
  EXPECT_EQ(progress->sources.at(0).startOffset, std::optional<std::string>("0"));
  EXPECT_EQ(progress->sources.at(0).endOffset, std::optional<std::string>("1"));
  EXPECT_EQ(query.recentProgress().size(), 2u);
  EXPECT_EQ(spark->streams().active().size(), 1u);
  query.stop();
  EXPECT_FALSE(query.isActive());
  EXPECT_TRUE(query.awaitTermination(1000));
  EXPECT_FALSE(query.exception().has_value());
  EXPECT_EQ(query.status().message, "Stopped");
  EXPECT_TRUE(spark->streams().active().empty());
}

TEST_F(StreamingApiTest, AvailableNowProcessesEverythingThenStops) {
  spark->sql("INSERT INTO events VALUES (1, 'a')");
  spark->sql("INSERT INTO events VALUES (2, 'b')");
  std::mutex mutex;
  std::vector<std::pair<int64_t, int64_t>> batches;
  auto query = spark->readStream()
                   .table("events")
                   .writeStream()
                   .foreachBatch([&](const DataFrame& df, int64_t id) {
                     std::lock_guard lock(mutex);
                     batches.emplace_back(id, df.count());
                   })
                   .trigger(streaming::Trigger::availableNow())
                   .option("checkpointLocation", checkpoint)
                   .start();
  query.awaitTermination();
  EXPECT_FALSE(query.isActive());
  ASSERT_EQ(batches.size(), 1u);
  EXPECT_EQ(batches[0], (std::pair<int64_t, int64_t>{0, 2}));
  EXPECT_EQ(query.lastProgress()->sink.numOutputRows, -1);  // foreachBatch does not count

  // A restart from the checkpoint continues with the next batch id and only new data.
  spark->sql("INSERT INTO events VALUES (3, 'c')");
  auto again = spark->readStream()
                   .table("events")
                   .writeStream()
                   .foreachBatch([&](const DataFrame& df, int64_t id) {
                     std::lock_guard lock(mutex);
                     batches.emplace_back(id, df.count());
                   })
                   .trigger(streaming::Trigger::once())
                   .option("checkpointLocation", checkpoint)
                   .start();
  again.awaitTermination();
  ASSERT_EQ(batches.size(), 2u);
  EXPECT_EQ(batches[1], (std::pair<int64_t, int64_t>{1, 1}));
  EXPECT_EQ(again.id(), query.id());  // the id lives in the checkpoint
  EXPECT_NE(again.runId(), query.runId());
}

TEST_F(StreamingApiTest, ProcessingTimeTriggerFollowsTheClock) {
  auto clock = std::make_shared<streaming::ManualClock>(0);
  std::mutex mutex;
  std::vector<int64_t> stamps;  // current_timestamp() of each batch, in seconds
  spark->sql("INSERT INTO events VALUES (1, 'a')");
  auto query = spark->readStream()
                   .table("events")
                   .select({functions::current_timestamp().cast("long").alias("now")})
                   .writeStream()
                   .foreachBatch([&](const DataFrame& df, int64_t) {
                     auto r = df.collect();
                     std::lock_guard lock(mutex);
                     stamps.push_back(r.empty() ? -1 : r[0].get(0).asLong());
                   })
                   .trigger(streaming::Trigger::processingTime("10 seconds"))
                   .option("checkpointLocation", checkpoint)
                   .clock(clock)
                   .start();
  auto waitForBatches = [&](size_t n) {
    for (int i = 0; i < 2000; ++i) {
      {
        std::lock_guard lock(mutex);
        if (stamps.size() >= n) return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return false;
  };
  ASSERT_TRUE(waitForBatches(1));  // the first trigger runs at once
  spark->sql("INSERT INTO events VALUES (2, 'b')");
  clock->advance(9'000);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  {
    std::lock_guard lock(mutex);
    EXPECT_EQ(stamps.size(), 1u);  // not before the interval has passed
  }
  clock->advance(1'000);
  ASSERT_TRUE(waitForBatches(2));
  query.stop();
  std::lock_guard lock(mutex);
  EXPECT_EQ(stamps, (std::vector<int64_t>{0, 10}));  // current_timestamp() is the batch's trigger time
}

TEST_F(StreamingApiTest, FailureEndsTheQueryWithItsCause) {
  struct Recorder : streaming::StreamingQueryListener {
    std::mutex mutex;
    std::vector<std::string> events;
    void onQueryStarted(const streaming::QueryStartedEvent&) override { add("started"); }
    void onQueryProgress(const streaming::QueryProgressEvent& e) override {
      add("progress " + std::to_string(e.progress.batchId));
    }
    void onQueryTerminated(const streaming::QueryTerminatedEvent& e) override {
      add("terminated " + e.exception.value_or("-"));
    }
    void add(std::string s) {
      std::lock_guard lock(mutex);
      events.push_back(std::move(s));
    }
  };
  auto recorder = std::make_shared<Recorder>();
  spark->streams().addListener(recorder);
  spark->sql("INSERT INTO events VALUES (1, 'a')");
  auto query = spark->readStream()
                   .table("events")
                   .writeStream()
                   .foreachBatch([](const DataFrame&, int64_t) { throw ExecutionException("sink is down"); })
                   .option("checkpointLocation", checkpoint)
                   .start();
  EXPECT_THROW(query.awaitTermination(), streaming::StreamingQueryException);
  EXPECT_EQ(query.exception(), std::optional<std::string>("sink is down"));
  EXPECT_THROW(spark->streams().awaitAnyTermination(), streaming::StreamingQueryException);
  spark->streams().resetTerminated();
  EXPECT_FALSE(spark->streams().awaitAnyTermination(10));
  std::lock_guard lock(recorder->mutex);
  EXPECT_EQ(recorder->events, (std::vector<std::string>{"started", "terminated sink is down"}));
}

TEST_F(StreamingApiTest, StartErrorsUseSparksMessages) {
  auto stream = spark->readStream().table("events");
  try {
    stream.writeStream().outputMode("upsert");
    FAIL();
  } catch (const IllegalArgumentException& e) {
    EXPECT_STREQ(e.what(), "Unknown output mode upsert. Accepted output modes are 'append', 'complete', 'update'");
  }
  try {
    spark->sql("SELECT 1").writeStream().format("memory").queryName("x").start();
    FAIL();
  } catch (const AnalysisException& e) {
    EXPECT_STREQ(e.what(), "[WRITE_STREAM_NOT_ALLOWED] `writeStream` can be called only on streaming Dataset/DataFrame.");
  }
  try {
    stream.writeStream().format("memory").start();
    FAIL();
  } catch (const AnalysisException& e) {
    EXPECT_STREQ(e.what(), "queryName must be specified for memory sink");
  }
  try {
    stream.writeStream().format("json").option("path", checkpoint + "/out").start();
    FAIL();
  } catch (const AnalysisException& e) {
    EXPECT_NE(std::string(e.what()).find("checkpointLocation must be specified"), std::string::npos);
  }
  auto first = stream.writeStream().format("memory").queryName("same").start();
  try {
    stream.writeStream().format("memory").queryName("same").start();
    FAIL();
  } catch (const IllegalArgumentException& e) {
    EXPECT_NE(std::string(e.what()).find("Cannot start query with name same as a query with that name is already active"),
              std::string::npos);
  }
  first.stop();
}

TEST_F(StreamingApiTest, SqlInsertIntoStartsAQueryAndStopStreamStopsIt) {
  spark->sql("CREATE TABLE sink USING console OPTIONS (outputMode 'append')");
  testing::internal::CaptureStdout();
  spark->sql("INSERT INTO sink SELECT id FROM STREAM(events)");
  auto shown = spark->sql("SHOW STREAMS").collect();
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(shown[0].get(0).asString(), "sink");
  spark->sql("INSERT INTO events VALUES (7, 'x')");
  spark->streams().active().at(0).processAllAvailable();
  spark->sql("STOP STREAM sink");
  std::string out = testing::internal::GetCapturedStdout();
  EXPECT_TRUE(spark->streams().active().empty());
  EXPECT_NE(out.find("Batch: 0"), std::string::npos);
  EXPECT_THROW(spark->sql("STOP STREAM sink"), AnalysisException);
}

TEST_F(StreamingApiTest, ToTableUsesTheTablesFormatAndOptions) {
  spark->sql("CREATE TABLE target (id INT, name STRING) USING memory");
  auto query = spark->readStream().table("events").writeStream().toTable("target");
  EXPECT_EQ(query.name(), "target");  // a memory table's query is named after it
  spark->sql("INSERT INTO events VALUES (4, 'd')");
  query.processAllAvailable();
  EXPECT_EQ(rows("SELECT * FROM target"), (std::vector<std::string>{"[4,d]"}));
  query.stop();

  // The writer's own settings win over the table's OPTIONS.
  spark->sql(
      "CREATE TABLE shown USING console OPTIONS (outputMode 'update', queryName 'from_table')");
  testing::internal::CaptureStdout();
  auto named = spark->readStream()
                   .table("events")
                   .writeStream()
                   .outputMode("append")
                   .queryName("mine")
                   .toTable("shown");
  named.processAllAvailable();
  named.stop();
  testing::internal::GetCapturedStdout();
  EXPECT_EQ(named.name(), "mine");
  EXPECT_THROW(spark->readStream().table("events").writeStream().toTable("missing"),
               AnalysisException);
}

}  // namespace
}  // namespace spate::sql

namespace spate::sql {
namespace {

TEST_F(StreamingApiTest, ChangedAggregationCannotReuseTheCheckpoint) {
  spark->sql("INSERT INTO events VALUES (1, 'a')");
  auto start = [&](const std::string& sqlText) {
    return spark->sql(sqlText).writeStream().format("memory").queryName("agg").outputMode("complete")
        .option("checkpointLocation", checkpoint).start();
  };
  auto first = start("SELECT name, count(*) FROM STREAM(events) GROUP BY name");
  first.processAllAvailable();
  first.stop();
  // Same shape with another alias: allowed (field names may change).
  auto renamed = start("SELECT name AS n, count(*) AS c FROM STREAM(events) GROUP BY name");
  renamed.processAllAvailable();
  renamed.stop();
  try {
    start("SELECT id, sum(id) FROM STREAM(events) GROUP BY id");
    FAIL() << "a changed grouping key must not reuse the state";
  } catch (const AnalysisException& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("Provided schema doesn't match to the schema for existing state!"), std::string::npos);
    EXPECT_NE(message.find("- Existing key schema: struct<name:string>"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace spate::sql

namespace spate::sql {
namespace {

// A sink that fails with a retryable external error a given number of times, then works.
class FlakySink : public connector::Sink {
 public:
  explicit FlakySink(std::shared_ptr<std::atomic<int>> failuresLeft, std::shared_ptr<std::atomic<int>> rows)
      : failuresLeft_(std::move(failuresLeft)), rows_(std::move(rows)) {}
  std::string description() const override { return "FlakySink"; }
  Status addBatch(const connector::SinkBatch& batch) override {
    if ((*failuresLeft_)-- > 0) return Error::external("the database is down");
    for (const auto& b : batch.rows) *rows_ += static_cast<int>(b->numRows());
    return Status::success();
  }

 private:
  std::shared_ptr<std::atomic<int>> failuresLeft_, rows_;
};

TEST_F(StreamingApiTest, RetryableSinkErrorsAreRetriedWithoutLosingOrDuplicatingRows) {
  auto failuresLeft = std::make_shared<std::atomic<int>>(2);
  auto rows = std::make_shared<std::atomic<int>>(0);
  connector::ConnectorRegistry::instance().addSink(
      "flaky-test", {nullptr, [=](const connector::ConnectorContext&, OutputMode, const SchemaPtr&) {
                       return std::make_unique<FlakySink>(failuresLeft, rows);
                     }});
  spark->sql("INSERT INTO events VALUES (1, 'a'), (2, 'b')");
  auto query = spark->readStream().table("events").writeStream().format("flaky-test")
                   .option("checkpointLocation", checkpoint).start();
  query.processAllAvailable();
  EXPECT_TRUE(query.isActive());
  EXPECT_EQ(failuresLeft->load(), -1);  // two failures, then one successful write
  EXPECT_EQ(rows->load(), 2);
  EXPECT_EQ(query.lastProgress()->batchId, 0);
  query.stop();
}

}  // namespace
}  // namespace spate::sql


namespace spate::sql {
namespace {

// A one-client line server on an ephemeral loopback port.
class LineServer {
 public:
  LineServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(fd_, 1);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { client_ = ::accept(fd_, nullptr, nullptr); });
  }
  ~LineServer() {
    if (acceptor_.joinable()) acceptor_.join();
    if (client_ >= 0) ::close(client_);
    ::close(fd_);
  }
  int port() const { return port_; }
  void send(const std::string& text) {
    if (acceptor_.joinable()) acceptor_.join();
    ASSERT_EQ(::write(client_, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  }

 private:
  int fd_ = -1, client_ = -1, port_ = 0;
  std::thread acceptor_;
};

TEST_F(StreamingApiTest, SocketWordCountInCompleteMode) {
  using namespace functions;
  LineServer server;
  auto lines = spark->readStream().format("socket").option("host", "127.0.0.1").option("port", server.port()).load();
  auto words = lines.select({explode(split(col("value"), " ")).alias("word")});
  auto query = words.groupBy({col("word")}).count().writeStream().outputMode("complete").format("memory")
                   .queryName("words").start();
  server.send("to be or\nnot to be\n");
  for (int i = 0; i < 2000 && rows("SELECT * FROM words").size() < 4; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  query.processAllAvailable();
  EXPECT_EQ(rows("SELECT * FROM words"), (std::vector<std::string>{"[be,2]", "[not,1]", "[or,1]", "[to,2]"}));
  query.stop();
}

}  // namespace
}  // namespace spate::sql
