// Bounded state: 10 M events through a watermarked sliding-window aggregation (window 10 s
// sliding 5 s, watermark 10 s, 1,000 keys, event time advancing 100 events per millisecond) must
// keep its state rows and the process's resident memory flat. The rate-micro-batch source
// generates the events (it keeps nothing once a batch is read). Prints state rows and RSS every
// --every batches and exits non-zero when, after the warm-up, state rows exceed what the open
// windows can hold or RSS grows more than the allowed margin above its post-warm-up level.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>

#include "api/functions.h"
#include "api/streaming.h"
#include "common/logging.h"

using namespace spate;
using namespace spate::sql;
using namespace spate::sql::functions;
namespace fs = std::filesystem;

namespace {

struct Options {
  int64_t events = 10'000'000;
  int64_t rowsPerBatch = 100'000;
  int64_t keys = 1000;
  int every = 10;                   // print every this many batches
  int warmupBatches = 20;           // ~20 s of event time: the windows have reached steady state
  int64_t rssMarginKb = 64 * 1024;  // allowed RSS growth after the warm-up
  int threads = 2;
};

int64_t rssKb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6));
  return -1;
}

struct Sample {
  int64_t batchId, inputRows, stateRows, rssKb;
};

struct Recorder : streaming::StreamingQueryListener {
  std::mutex mutex;
  std::vector<Sample> samples;
  std::atomic<int64_t> rows{0};
  void onQueryProgress(const streaming::QueryProgressEvent& e) override {
    int64_t state = 0;
    for (const auto& op : e.progress.stateOperators) state += op.numRowsTotal;
    rows += e.progress.numInputRows();
    std::lock_guard lock(mutex);
    samples.push_back({e.progress.batchId, e.progress.numInputRows(), state, rssKb()});
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (!std::getenv("SPATE_LOG_LEVEL")) setLogLevel(LogLevel::kWarn);
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](const std::string& name) -> std::optional<std::string> {
      if (a.rfind(name + "=", 0) == 0) return a.substr(name.size() + 1);
      return std::nullopt;
    };
    if (auto v = value("--events"))
      o.events = std::stoll(*v);
    else if (auto v = value("--rows-per-batch"))
      o.rowsPerBatch = std::stoll(*v);
    else if (auto v = value("--every"))
      o.every = std::stoi(*v);
    else if (auto v = value("--warmup-batches"))
      o.warmupBatches = std::stoi(*v);
    else if (auto v = value("--rss-margin-mb"))
      o.rssMarginKb = std::stoll(*v) * 1024;
    else if (auto v = value("--threads"))
      o.threads = std::stoi(*v);
    else {
      std::fprintf(stderr,
                   "usage: spate_bounded_state [--events=N] [--rows-per-batch=N] [--every=N] "
                   "[--warmup-batches=N] [--rss-margin-mb=N] [--threads=N]\n");
      return 2;
    }
  }
  auto spark = Session::builder()
                   .master("local[" + std::to_string(o.threads) + "]")
                   .config("spark.sql.session.timeZone", "UTC")
                   .getOrCreate();
  auto recorder = std::make_shared<Recorder>();
  spark->streams().addListener(recorder);
  std::string checkpoint = "/tmp/spate-bounded-state-" + std::to_string(::getpid());
  fs::remove_all(checkpoint);

  // Event time: 100 events per millisecond of the generated sequence (value), 1 s per batch.
  int64_t perMs = std::max<int64_t>(1, o.rowsPerBatch / 1000);
  DataFrame counts =
      spark->readStream()
          .format("rate-micro-batch")
          .option("rowsPerBatch", o.rowsPerBatch)
          .load()
          .select({expr("timestamp_millis(value div " + std::to_string(perMs) + ")").alias("ts"),
                   (col("value") % sql::Column(o.keys)).alias("key")})
          .withWatermark("ts", "10 seconds")
          .groupBy({window(col("ts"), "10 seconds", "5 seconds"), col("key")})
          .count();
  std::atomic<int64_t> emitted{0};
  auto start = std::chrono::steady_clock::now();
  auto query = counts.writeStream()
                   .outputMode("append")
                   .option("checkpointLocation", checkpoint)
                   .foreachBatch([&](const DataFrame& df, int64_t) { emitted += df.count(); })
                   .start();
  int64_t batches = (o.events + o.rowsPerBatch - 1) / o.rowsPerBatch;
  while (recorder->rows.load() < o.events && query.isActive())
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  query.stop();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  spark->stop();
  fs::remove_all(checkpoint);
  if (query.exception()) {
    std::fprintf(stderr, "query failed: %s\n", query.exception()->c_str());
    return 1;
  }

  // Windows open at once: those ending in (max - watermark, max + window]: 4 of them per key.
  const int64_t stateBound = 5 * o.keys;
  std::vector<Sample> samples;
  {
    std::lock_guard lock(recorder->mutex);
    samples = recorder->samples;
  }
  int64_t warmRss = -1, maxState = 0, maxRss = 0, dataBatches = 0;
  bool ok = true;
  for (const auto& s : samples) {
    if (s.inputRows == 0) continue;
    ++dataBatches;
    if (dataBatches % o.every == 0 || dataBatches == 1)
      std::printf("batch=%lld events=%lld state_rows=%lld rss_mb=%.1f\n",
                  static_cast<long long>(s.batchId),
                  static_cast<long long>(dataBatches * o.rowsPerBatch),
                  static_cast<long long>(s.stateRows), s.rssKb / 1024.0);
    if (dataBatches == o.warmupBatches) warmRss = s.rssKb;
    if (dataBatches > o.warmupBatches) {
      maxState = std::max(maxState, s.stateRows);
      maxRss = std::max(maxRss, s.rssKb);
      if (s.stateRows > stateBound) {
        std::printf("FAIL: %lld state rows at batch %lld (bound %lld)\n",
                    static_cast<long long>(s.stateRows), static_cast<long long>(s.batchId),
                    static_cast<long long>(stateBound));
        ok = false;
      }
    }
  }
  if (dataBatches < batches) {
    std::printf("FAIL: %lld batches ran, %lld expected\n", static_cast<long long>(dataBatches),
                static_cast<long long>(batches));
    ok = false;
  }
  if (warmRss >= 0 && maxRss > warmRss + o.rssMarginKb) {
    std::printf("FAIL: RSS grew from %.1f MB after the warm-up to %.1f MB\n", warmRss / 1024.0,
                maxRss / 1024.0);
    ok = false;
  }
  std::printf(
      "bounded_state events=%lld batches=%lld seconds=%.1f events_per_s=%.0f max_state_rows=%lld "
      "state_bound=%lld rss_after_warmup_mb=%.1f max_rss_mb=%.1f emitted_rows=%lld %s\n",
      static_cast<long long>(dataBatches * o.rowsPerBatch), static_cast<long long>(dataBatches),
      seconds, dataBatches * o.rowsPerBatch / seconds, static_cast<long long>(maxState),
      static_cast<long long>(stateBound), warmRss / 1024.0, maxRss / 1024.0,
      static_cast<long long>(emitted.load()), ok ? "ok" : "FAILED");
  return ok ? 0 : 1;
}
