// Kafka → parse → PostgreSQL end to end (issue 4 §7, docs/benchmarks.md), beside both physical
// limits measured in the same run on the same data:
//   (a) a bare librdkafka consumer reading every message (the Kafka client's limit);
//   (b) raw libpq binary COPY of the same rows, already parsed, into a table (the PostgreSQL
//       limit);
//   (c) the Spate streaming query readStream kafka → from_json → select the ticker_data columns
//       → writeStream jdbc (exactly-once streaming sink, append), Trigger.AvailableNow,
//       checkpointing on, with local[1] and local[2].
// N rawticker JSON messages (~125 bytes) are produced into a librdkafka mock broker running in a
// child process, so that the CPU time measured (CLOCK_PROCESS_CPUTIME_ID: every thread of this
// process) is the client's own; the PostgreSQL server's CPU time (another process) is read from
// /proc and shown apart. Every run writes into a fresh table and must leave exactly N rows with
// the expected sum of `last`. Best of the rounds (least disturbed by the machine's other work).
// Needs a PostgreSQL server: run under scripts/pg-test-server.sh.
//
//   spate_kafka_pg_pipeline [events] [partitions] [rounds]     (default 1000000 64 3)
#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "api/functions.h"
#include "api/session.h"
#include "api/streaming.h"
#include "common/logging.h"
#include "kafka_bench_util.h"
#include "pg_bench_util.h"

namespace {

using namespace spate;
using namespace spate::bench;

const std::string kTopic = "rawticker";

// A measured run with the PostgreSQL server's CPU time during it.
struct Run {
  Measure m;
  double serverCpu = 0;
  std::map<std::string, int64_t> durationMs;  // the query's progress, summed over its batches
};

// The best of the rounds, each figure on its own: the least disturbed by other work.
struct Best {
  double wall = 1e100, cpu = 1e100, serverCpu = 1e100;
  std::map<std::string, int64_t> durationMs;  // of the fastest run
  void add(const Run& r) {
    if (r.m.wall < wall) durationMs = r.durationMs;
    wall = std::min(wall, r.m.wall);
    cpu = std::min(cpu, r.m.cpu);
    serverCpu = std::min(serverCpu, r.serverCpu);
  }
};

class Bench {
 public:
  Bench(int64_t events, std::string bootstrap, int partitions, const TickerRows& rows)
      : events_(events),
        bootstrap_(std::move(bootstrap)),
        partitions_(partitions),
        rows_(rows),
        postmaster_(testServerPid()) {
    url_ = std::getenv("SPATE_TEST_PG_URL");
    conn_ = PQconnectdb(std::getenv("SPATE_PG_DSN"));
    if (PQstatus(conn_) != CONNECTION_OK) die(PQerrorMessage(conn_));
    pgExec(conn_, "SET client_min_messages = warning");
    for (int64_t i = 0; i < events; ++i) expectedLastSum_ += rows.last[i];
  }
  ~Bench() { PQfinish(conn_); }

  Run bare() {
    Run r;
    r.m = bareConsumer(bootstrap_, kTopic, partitions_);
    if (r.m.messages != events_)
      die("the bare consumer read " + std::to_string(r.m.messages) + " messages");
    return r;
  }

  Run raw() {
    freshTable("bench_raw");
    return timed("bench_raw", [&] { rawCopy(conn_, rows_, "bench_raw"); });
  }

  Run pipeline(int threads, int round) {
    std::string table = "bench_pipeline_" + std::to_string(threads);
    freshTable(table);
    std::string checkpoint =
        (std::filesystem::temp_directory_path() /
         ("spate-kafka-pg-bench-" + std::to_string(getpid()) + "-" + std::to_string(round)))
            .string();
    std::filesystem::remove_all(checkpoint);
    auto spark = sql::Session::builder()
                     .master("local[" + std::to_string(threads) + "]")
                     .config("spark.sql.session.timeZone", "UTC")
                     .getOrCreate();
    std::map<std::string, int64_t> durations;
    Run r = timed(table, [&] {
      using namespace spate::sql::functions;
      auto query = spark->readStream()
                       .format("kafka")
                       .option("kafka.bootstrap.servers", bootstrap_)
                       .option("kafka.fetch.wait.max.ms", "10")
                       .option("subscribe", kTopic)
                       .option("startingOffsets", "earliest")
                       .load()
                       .select({from_json(col("value").cast("string"),
                                          "pair STRING, last DOUBLE, bid DOUBLE, ask DOUBLE, "
                                          "volume_24h DOUBLE, timestamp DOUBLE, pct_change DOUBLE")
                                    .alias("t")})
                       .select({timestamp_seconds(col("t.timestamp")).alias("timestamp"),
                                col("t.pair").alias("pair"), col("t.last").alias("last"),
                                col("t.bid").alias("bid"), col("t.ask").alias("ask"),
                                col("t.volume_24h").alias("volume_24h")})
                       .writeStream()
                       .format("jdbc")
                       .option("url", url_)
                       .option("dbtable", table)
                       .option("checkpointLocation", checkpoint)
                       .trigger(streaming::Trigger::availableNow())
                       .start();
      query.awaitTermination();
      for (const auto& progress : query.recentProgress())
        for (const auto& [phase, ms] : progress.durationMs) durations[phase] += ms;
    });
    r.durationMs = std::move(durations);
    spark->stop();
    std::filesystem::remove_all(checkpoint);
    return r;
  }

 private:
  void freshTable(const std::string& table) {
    pgExec(conn_, "DROP TABLE IF EXISTS " + table + "; CREATE TABLE " + table + kTickerDdl);
  }

  // Runs `write`, then checks that `table` holds exactly the N rows, their `last` values intact.
  Run timed(const std::string& table, const std::function<void()>& write) {
    Run r;
    double server0 = serverCpuSeconds(postmaster_);
    double wall0 = wallSeconds(), cpu0 = cpuSeconds();
    write();
    r.m.wall = wallSeconds() - wall0;
    r.m.cpu = cpuSeconds() - cpu0;
    r.serverCpu = serverCpuSeconds(postmaster_) - server0;
    r.m.messages = std::stoll(pgValue(conn_, "SELECT count(*) FROM " + table));
    double sum = std::stod(pgValue(conn_, "SELECT sum(last) FROM " + table));
    if (r.m.messages != events_ ||
        std::fabs(sum - expectedLastSum_) > 1e-9 * std::fabs(expectedLastSum_))
      die(table + " holds " + std::to_string(r.m.messages) + " rows with sum(last) " +
          std::to_string(sum) + ", expected " + std::to_string(events_) + " rows and " +
          std::to_string(expectedLastSum_));
    return r;
  }

  int64_t events_;
  std::string bootstrap_;
  int partitions_;
  const TickerRows& rows_;
  long postmaster_;
  std::string url_;
  PGconn* conn_ = nullptr;
  double expectedLastSum_ = 0;
};

std::string rate(double events, double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f M", events / seconds / 1e6);
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  int64_t events = argc > 1 ? std::atoll(argv[1]) : 1'000'000;
  int partitions = argc > 2 ? std::atoi(argv[2]) : 64;
  int rounds = argc > 3 ? std::atoi(argv[3]) : 3;
  if (events <= 0 || partitions <= 0 || rounds <= 0)
    die("usage: spate_kafka_pg_pipeline [events] [partitions] [rounds]");
  if (!std::getenv("SPATE_PG_DSN") || !std::getenv("SPATE_TEST_PG_URL"))
    die("run under scripts/pg-test-server.sh (SPATE_PG_DSN, SPATE_TEST_PG_URL)");
  setLogLevel(LogLevel::kWarn);

  TickerRows rows = makeTickerRows(events);
  std::string bootstrap;
  pid_t broker = startBroker(kTopic, partitions, bootstrap);
  int64_t bytes = 0;
  produce(bootstrap, kTopic, events, partitions, [&](int64_t i, char* out, size_t capacity) {
    int n = tickerJson(rows, static_cast<size_t>(i), out, capacity);
    bytes += n;
    return n;
  });
  std::printf(
      "%lld rawticker JSON events (%.0f bytes on average) in %d partitions of a mock broker "
      "in another process; best of %d rounds\n",
      static_cast<long long>(events), static_cast<double>(bytes) / events, partitions, rounds);

  Best bare, raw, local1, local2;
  {
    Bench bench(events, bootstrap, partitions, rows);
    // Interleaved, so that the machine's load and the server's state are alike for all four.
    for (int r = 0; r < rounds; ++r) {
      bare.add(bench.bare());
      raw.add(bench.raw());
      local1.add(bench.pipeline(1, r));
      local2.add(bench.pipeline(2, r));
    }
  }
  kill(broker, SIGKILL);
  waitpid(broker, nullptr, 0);

  auto n = static_cast<double>(events);
  double limitCore = std::min(n / bare.cpu, n / raw.cpu);
  double limitWall = std::min(n / bare.wall, n / raw.wall);
  std::printf(
      "| run | wall s | events/s | cpu s (this process) | events/s/core | PG server cpu s | "
      "vs min(a,b) per core | vs min(a,b) wall |\n|---|---|---|---|---|---|---|---|\n");
  bool serverKnown = testServerPid() > 0;
  auto line = [&](const char* name, const Best& b, bool postgres, bool pipeline) {
    char text[32] = "";
    if (postgres) std::snprintf(text, sizeof text, serverKnown ? "%.3f" : "?", b.serverCpu);
    std::string server = text, vsCore, vsWall;
    if (pipeline) {
      std::snprintf(text, sizeof text, "%.0f %%", 100 * (n / b.cpu) / limitCore);
      vsCore = text;
      std::snprintf(text, sizeof text, "%.0f %%", 100 * (n / b.wall) / limitWall);
      vsWall = text;
    }
    std::printf("| %s | %.3f | %s | %.3f | %s | %s | %s | %s |\n", name, b.wall,
                rate(n, b.wall).c_str(), b.cpu, rate(n, b.cpu).c_str(), server.c_str(),
                vsCore.c_str(), vsWall.c_str());
  };
  line("(a) bare librdkafka consumer", bare, false, false);
  line("(b) raw libpq binary COPY (parsed rows)", raw, true, false);
  line("(c) Spate kafka → from_json → select → jdbc, local[1]", local1, true, true);
  line("(c) Spate kafka → from_json → select → jdbc, local[2]", local2, true, true);
  for (const auto* b : {&local1, &local2}) {
    std::printf("%s durationMs of the fastest run:", b == &local1 ? "local[1]" : "local[2]");
    for (const auto& [phase, ms] : b->durationMs)
      std::printf(" %s=%lld", phase.c_str(), static_cast<long long>(ms));
    std::printf("\n");
  }
  std::printf("every run of (b) and (c) left exactly %lld rows with the expected sum(last)\n",
              static_cast<long long>(events));
  return 0;
}
