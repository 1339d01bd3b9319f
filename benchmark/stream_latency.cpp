// Streaming latency at a fixed input rate (docs/benchmarks.md): a feeder thread appends YSB JSON
// lines to a memory source every millisecond; the full YSB query (parse, filter, project,
// stream–static join, 10 s windowed count per campaign, update mode, checkpointing on) runs with
// the default trigger (as fast as possible) into a foreachBatch sink. Reported per rate:
//   - end to end: from the append of a tick's events to the end of the foreachBatch call whose
//     output first counts all of them (the sink keeps the running total of the counts), p50/p99;
//   - per batch: the batch's triggerExecution time from its progress report, p50/p99;
//   - start-up (start() to the first batch delivered) and resident memory.
// Also run with spark.sql.streaming.pollingDelay=1ms (Spark's default is 10 ms: the time an idle
// query waits before looking for new data again, which bounds the latency at low rates).
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>

#include "api/functions.h"
#include "api/streaming.h"
#include "common/logging.h"
#include "connector/memory/memory_stream.h"

using namespace spate;
using namespace spate::sql;
using namespace spate::sql::functions;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  std::vector<int64_t> rates = {1'000, 10'000, 100'000, 500'000};  // events per second
  std::vector<std::string> pollingDelays = {"10ms", "1ms"};
  double seconds = 4;  // per rate
  double warmupSeconds = 0.5;
  int threads = 1;                                      // the feeder takes the other core
  std::vector<std::string> checkpointRoots = {"/tmp"};  // e.g. /dev/shm: no disk flushes
};

int64_t micros(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

int64_t rssKb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6));
  return -1;
}

std::string uuid(std::mt19937_64& rng) {
  static const char* hex = "0123456789abcdef";
  std::string s(36, '-');
  for (int i = 0; i < 36; ++i)
    if (i != 8 && i != 13 && i != 18 && i != 23) s[i] = hex[rng() & 15];
  return s;
}

/// YSB lines from templates: a line is copied and its event time patched in place.
class Generator {
 public:
  Generator() {
    std::mt19937_64 rng(7);
    for (int c = 0; c < 100; ++c) campaigns.push_back(uuid(rng));
    for (int a = 0; a < 1000; ++a) ads.push_back(uuid(rng));
    const char* adTypes[] = {"banner", "modal", "sponsored-search", "mail", "mobile"};
    const char* eventTypes[] = {"view", "click", "purchase"};
    for (int i = 0; i < 4096; ++i) {
      int type = static_cast<int>(rng() % 3);
      std::string line = R"({"user_id":")" + uuid(rng) + R"(","page_id":")" + uuid(rng) +
                         R"(","ad_id":")" + ads[rng() % ads.size()] + R"(","ad_type":")" +
                         adTypes[rng() % 5] + R"(","event_type":")" + eventTypes[type] +
                         R"(","event_time":")";
      size_t timeAt = line.size();
      line += "0000000000000\",\"ip_address\":\"1.2.3.4\"}";
      templates.push_back({line, timeAt, type == 0});
    }
  }

  /// `n` lines with event time `nowMs`; adds the number of views to `views`.
  BatchPtr make(int64_t n, int64_t nowMs, int64_t& views) {
    ColumnBuilder b(DataType::string(), n);
    char digits[16];
    std::snprintf(digits, sizeof digits, "%013lld", static_cast<long long>(nowMs));
    for (int64_t i = 0; i < n; ++i) {
      Template& t = templates[next_++ % templates.size()];
      std::memcpy(t.line.data() + t.timeAt, digits, 13);
      b.appendString(t.line);
      views += t.view;
    }
    return std::make_shared<Batch>(schema_, std::vector<ColumnPtr>{b.finish()}, n);
  }

  std::vector<std::string> campaigns, ads;

 private:
  struct Template {
    std::string line;
    size_t timeAt;
    bool view;
  };
  std::vector<Template> templates;
  size_t next_ = 0;
  SchemaPtr schema_ = parseDdlSchema("value STRING");
};

int64_t percentile(std::vector<int64_t> v, double p) {
  if (v.empty()) return -1;
  size_t k = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  std::nth_element(v.begin(), v.begin() + k, v.end());
  return v[k];
}

struct Delivery {
  int64_t atUs;
  int64_t totalViews;
};

struct ProgressRecorder : streaming::StreamingQueryListener {
  std::mutex mutex;
  std::vector<int64_t> batchMs;
  std::vector<int64_t> batchRows;
  void onQueryProgress(const streaming::QueryProgressEvent& e) override {
    std::lock_guard lock(mutex);
    auto it = e.progress.durationMs.find("triggerExecution");
    if (e.progress.numInputRows() > 0 && it != e.progress.durationMs.end()) {
      batchMs.push_back(it->second);
      batchRows.push_back(e.progress.numInputRows());
    }
  }
};

void runRate(const Options& o, int64_t rate, const std::string& pollingDelay,
             const std::string& root) {
  auto spark = Session::builder()
                   .master("local[" + std::to_string(o.threads) + "]")
                   .config("spark.sql.session.timeZone", "UTC")
                   .config("spark.sql.streaming.pollingDelay", pollingDelay)
                   .getOrCreate();
  std::string checkpoint = root + "/spate-latency-checkpoint-" + std::to_string(::getpid());
  fs::remove_all(checkpoint);
  Generator gen;
  std::vector<std::vector<Value>> adRows;
  for (size_t a = 0; a < gen.ads.size(); ++a)
    adRows.push_back({Value(gen.ads[a]), Value(gen.campaigns[a / 10])});
  DataFrame ads = spark->createDataFrame(adRows, "ad_id STRING, campaign_id STRING");
  spark->sql("CREATE TABLE lines (value STRING) USING memory");
  auto stream = spark->findTable("lines")->memoryStream;
  auto recorder = std::make_shared<ProgressRecorder>();
  spark->streams().addListener(recorder);

  SchemaPtr schema = parseDdlSchema(
      "user_id STRING, page_id STRING, ad_id STRING, ad_type STRING, event_type STRING, event_time "
      "STRING, "
      "ip_address STRING");
  DataFrame counts =
      spark->readStream()
          .table("lines")
          .select({from_json(col("value"), schema).alias("e")})
          .select({col("e.*")})
          .filter(col("event_type") == lit("view"))
          .select(
              {col("ad_id"), timestamp_millis(col("event_time").cast("long")).alias("event_time")})
          .join(ads, "ad_id")
          .withWatermark("event_time", "10 seconds")
          .groupBy({window(col("event_time"), "10 seconds"), col("campaign_id")})
          .count();

  std::mutex mutex;
  std::map<std::pair<int64_t, std::string>, int64_t> latest;  // the sink's view of the counts
  int64_t total = 0;
  std::vector<Delivery> deliveries;
  auto query = counts.writeStream()
                   .outputMode("update")
                   .option("checkpointLocation", checkpoint)
                   .foreachBatch([&](const DataFrame& df, int64_t) {
                     auto rows = df.collectBatches();
                     std::lock_guard lock(mutex);
                     for (const auto& b : rows)
                       for (int64_t r = 0; r < b->numRows(); ++r) {
                         auto row = b->rowAt(r);
                         int64_t& c = latest[{row[0].asList()[0].asLong(), row[1].asString()}];
                         total += row[2].asLong() - c;
                         c = row[2].asLong();
                       }
                     deliveries.push_back({micros(Clock::now()), total});
                   });

  // Start-up: one tick of data before start(), then the time to its delivery.
  int64_t views = 0;
  int64_t perTick = std::max<int64_t>(1, rate / 1000);
  int64_t tickUs = rate >= 1000 ? 1000 : 1'000'000 / rate;
  auto wallMs = [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  stream->addData({gen.make(perTick, wallMs(), views)});
  auto startAt = Clock::now();
  auto running = query.start();
  while (true) {
    {
      std::lock_guard lock(mutex);
      if (!deliveries.empty()) break;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
  double startupMs = std::chrono::duration<double, std::milli>(Clock::now() - startAt).count();
  int64_t idleRss = rssKb();

  // The fixed rate: appends at tick boundaries, each remembered as (time, views so far).
  std::vector<std::pair<int64_t, int64_t>> appends;
  auto begin = Clock::now();
  auto end = begin + std::chrono::microseconds(static_cast<int64_t>(o.seconds * 1e6));
  auto next = begin;
  int64_t events = 0;
  while (next < end) {
    std::this_thread::sleep_until(next);
    auto now = Clock::now();
    stream->addData({gen.make(perTick, wallMs(), views)});
    events += perTick;
    if (now - begin >= std::chrono::microseconds(static_cast<int64_t>(o.warmupSeconds * 1e6)))
      appends.push_back({micros(now), views});
    next += std::chrono::microseconds(tickUs);
  }
  // Wait for the last events to be counted.
  auto deadline = Clock::now() + std::chrono::seconds(30);
  while (Clock::now() < deadline) {
    {
      std::lock_guard lock(mutex);
      if (total >= views) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  int64_t peakRss = rssKb();
  running.stop();
  if (running.exception()) std::fprintf(stderr, "query failed: %s\n", running.exception()->c_str());

  std::vector<int64_t> e2e;
  {
    std::lock_guard lock(mutex);
    size_t d = 0;
    for (const auto& [at, needed] : appends) {
      while (d < deliveries.size() &&
             (deliveries[d].totalViews < needed || deliveries[d].atUs < at))
        ++d;
      if (d == deliveries.size()) break;
      e2e.push_back(deliveries[d].atUs - at);
    }
  }
  std::vector<int64_t> batchMs, batchRows;
  {
    std::lock_guard lock(recorder->mutex);
    batchMs = recorder->batchMs;
    batchRows = recorder->batchRows;
  }
  double achieved = static_cast<double>(events) / o.seconds;
  std::printf(
      "latency rate=%lld polling_delay=%s checkpoint=%s threads=%d achieved_events_per_s=%.0f "
      "batches=%zu rows_per_batch_p50=%lld "
      "batch_ms_p50=%lld batch_ms_p99=%lld e2e_ms_p50=%.2f e2e_ms_p99=%.2f e2e_ms_max=%.2f "
      "startup_ms=%.1f "
      "idle_rss_mb=%.1f peak_rss_mb=%.1f counted=%s\n",
      static_cast<long long>(rate), pollingDelay.c_str(), root.c_str(), o.threads, achieved,
      batchMs.size(), static_cast<long long>(percentile(batchRows, 0.5)),
      static_cast<long long>(percentile(batchMs, 0.5)),
      static_cast<long long>(percentile(batchMs, 0.99)), percentile(e2e, 0.5) / 1000.0,
      percentile(e2e, 0.99) / 1000.0, percentile(e2e, 1.0) / 1000.0, startupMs, idleRss / 1024.0,
      peakRss / 1024.0, total == views ? "all" : "NOT ALL");
  std::fflush(stdout);
  spark->stop();
  fs::remove_all(checkpoint);
}

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t end = s.find(',', pos);
    if (end == std::string::npos) end = s.size();
    out.push_back(s.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

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
    if (auto v = value("--rates")) {
      o.rates.clear();
      for (const auto& r : split(*v)) o.rates.push_back(std::stoll(r));
    } else if (auto v = value("--polling-delays")) {
      o.pollingDelays = split(*v);
    } else if (auto v = value("--checkpoint-roots")) {
      o.checkpointRoots = split(*v);
    } else if (auto v = value("--seconds")) {
      o.seconds = std::stod(*v);
    } else if (auto v = value("--threads")) {
      o.threads = std::stoi(*v);
    } else {
      std::fprintf(
          stderr,
          "usage: spate_stream_latency [--rates=1000,10000,...] [--polling-delays=10ms,1ms] "
          "[--checkpoint-roots=/tmp,/dev/shm] [--seconds=S] [--threads=N]\n");
      return 2;
    }
  }
  for (const auto& root : o.checkpointRoots)
    for (const auto& delay : o.pollingDelays)
      for (int64_t rate : o.rates) runRate(o, rate, delay, root);
  return 0;
}
