// Yahoo Streaming Benchmark end to end (docs/benchmarks.md): YSB events as JSON lines through the
// streaming engine (parse → filter views → project → stream–static join → 10 s tumbling windows
// per campaign → sink, checkpointing on), beside the physical limit measured in the same run
// (simdjson on-demand over the same lines, extracting the same fields). Prints one line per
// measurement (`key=value` pairs) for scripts/run_ysb.sh, and exits non-zero when the streaming
// counts differ from a batch count over the same events.
#include <simdjson.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <unordered_map>

#include "api/functions.h"
#include "api/streaming.h"
#include "common/logging.h"
#include "connector/memory/memory_stream.h"
#include "streaming/stream_execution.h"

using namespace spate;
using namespace spate::sql;
using namespace spate::sql::functions;
namespace fs = std::filesystem;

namespace {

constexpr int kCampaigns = 100;
constexpr int kAdsPerCampaign = 10;
constexpr int64_t kStartMs = 1'700'000'000'000;

struct Options {
  int64_t events = 5'000'000;
  int64_t eventsPerFile = 250'000;
  int64_t eventsPerMs = 100;  // event time advances 1 ms every this many events
  std::string dir = "/tmp/spate-ysb";
  std::vector<int> threads = {1, 2};
  std::vector<std::string> modes = {"memory", "file"};
  std::string countsOut;  // where to write the batch counts (for the DuckDB cross-check)
  int repeat = 1;
  bool reuse = false;  // read the files an earlier run wrote instead of generating them
  bool raw = true;     // measure the simdjson limit
  bool check = true;   // compare with a batch count
};

double secondsSince(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

std::string uuid(std::mt19937_64& rng) {
  static const char* hex = "0123456789abcdef";
  std::string s(36, '-');
  for (int i = 0; i < 36; ++i)
    if (i != 8 && i != 13 && i != 18 && i != 23) s[i] = hex[rng() & 15];
  return s;
}

struct Dataset {
  std::vector<std::string> ads, campaigns, users, pages;  // ads[i] belongs to campaigns[i / 10]
  std::vector<std::string> files;                         // each file's text (lines + '\n')
  int64_t bytes = 0;
};

// The YSB generator: every value a string, event_type uniform over view/click/purchase, event
// time advancing steadily with a little disorder (up to 500 ms late). The dimension data comes
// from its own seed, so a run over files written earlier (--reuse) has the same ads.
Dataset generate(const Options& o, bool events) {
  Dataset d;
  std::mt19937_64 ids(2018);
  for (int c = 0; c < kCampaigns; ++c) d.campaigns.push_back(uuid(ids));
  for (int a = 0; a < kCampaigns * kAdsPerCampaign; ++a) d.ads.push_back(uuid(ids));
  for (int i = 0; i < 100; ++i) d.users.push_back(uuid(ids));
  for (int i = 0; i < 100; ++i) d.pages.push_back(uuid(ids));
  if (!events) return d;
  std::mt19937_64 rng(42);
  const char* adTypes[] = {"banner", "modal", "sponsored-search", "mail", "mobile"};
  const char* eventTypes[] = {"view", "click", "purchase"};
  std::string text;
  auto field = [&](const char* name, std::string_view value) {
    text += name;
    text += value;
  };
  for (int64_t i = 0; i < o.events; ++i) {
    int64_t t = kStartMs + i / o.eventsPerMs - static_cast<int64_t>(rng() % 500);
    uint64_t r = rng();
    field("{\"user_id\":\"", d.users[r % 100]);
    field("\",\"page_id\":\"", d.pages[(r >> 8) % 100]);
    field("\",\"ad_id\":\"", d.ads[(r >> 16) % d.ads.size()]);
    field("\",\"ad_type\":\"", adTypes[(r >> 32) % 5]);
    field("\",\"event_type\":\"", eventTypes[(r >> 40) % 3]);
    field("\",\"event_time\":\"", std::to_string(t));
    field("\",\"ip_address\":\"", std::to_string((r >> 48) & 255) + "." +
                                      std::to_string((r >> 56) & 255) + ".1." +
                                      std::to_string(i % 256));
    text += "\"}\n";
    if ((i + 1) % o.eventsPerFile == 0 || i + 1 == o.events) {
      d.bytes += static_cast<int64_t>(text.size());
      text.reserve(text.size() + simdjson::SIMDJSON_PADDING);
      d.files.push_back(std::move(text));
      text = std::string();
    }
  }
  return d;
}

// Reads the files of an earlier run back (same options: same events).
bool readFiles(Dataset& d, const Options& o) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(o.dir, ec)) names.push_back(e.path().string());
  std::sort(names.begin(), names.end());
  if (ec || names.empty() ||
      static_cast<int64_t>(names.size()) != (o.events + o.eventsPerFile - 1) / o.eventsPerFile)
    return false;
  int64_t lines = 0;
  for (const auto& n : names) {
    std::ifstream in(n, std::ios::binary);
    std::string text(fs::file_size(n), '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    lines += std::count(text.begin(), text.end(), '\n');
    d.bytes += static_cast<int64_t>(text.size());
    text.reserve(text.size() + simdjson::SIMDJSON_PADDING);
    d.files.push_back(std::move(text));
  }
  return lines == o.events;
}

void writeFiles(const Dataset& d, const std::string& dir) {
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream ads(dir + ".ads.csv");
  ads << "ad_id,campaign_id\n";
  for (size_t a = 0; a < d.ads.size(); ++a)
    ads << d.ads[a] << ',' << d.campaigns[a / kAdsPerCampaign] << '\n';
  for (size_t i = 0; i < d.files.size(); ++i) {
    char name[64];
    std::snprintf(name, sizeof name, "/events-%05zu.json", i);
    std::ofstream(dir + name, std::ios::binary) << d.files[i];
  }
}

// Lines of one file as STRING batches of the default vector size (the memory source's input).
std::vector<BatchPtr> lineBatches(const std::string& text) {
  std::vector<BatchPtr> out;
  SchemaPtr schema = parseDdlSchema("value STRING");
  size_t pos = 0;
  while (pos < text.size()) {
    ColumnBuilder b(DataType::string(), defaultVectorSize());
    while (pos < text.size() && b.size() < defaultVectorSize()) {
      size_t end = text.find('\n', pos);
      b.appendString(std::string_view(text).substr(pos, end - pos));
      pos = end + 1;
    }
    int64_t n = b.size();
    out.push_back(std::make_shared<Batch>(schema, std::vector<ColumnPtr>{b.finish()}, n));
  }
  return out;
}

using Counts = std::map<std::pair<int64_t, std::string>, int64_t>;  // (window start ms, campaign)

// ---- The physical limit: simdjson on-demand over the same lines, extracting the same fields ----

struct RawResult {
  int64_t views = 0;
  int64_t checksum = 0;
};

RawResult rawParse(const Dataset& d, size_t first, size_t step) {
  simdjson::ondemand::parser parser;
  RawResult r;
  for (size_t f = first; f < d.files.size(); f += step) {
    const std::string& text = d.files[f];  // followed by kPadding readable bytes
    size_t pos = 0;
    while (pos < text.size()) {
      size_t end = text.find('\n', pos);
      if (end == std::string::npos) end = text.size();
      simdjson::padded_string_view line(text.data() + pos, end - pos, text.capacity() - pos);
      pos = end + 1;
      simdjson::ondemand::document doc;
      if (parser.iterate(line).get(doc)) continue;
      std::string_view ad, type, time;
      // Fields in document order, as on-demand reads them best.
      if (doc["ad_id"].get_string().get(ad) || doc["event_type"].get_string().get(type) ||
          doc["event_time"].get_string().get(time))
        continue;
      if (type == "view") {
        ++r.views;
        r.checksum += static_cast<int64_t>(ad[0]) + static_cast<int64_t>(time.back());
      }
    }
  }
  return r;
}

double measureRaw(const Dataset& d, int threads, RawResult& total) {
  auto start = std::chrono::steady_clock::now();
  std::vector<RawResult> results(threads);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&, t] { results[t] = rawParse(d, t, threads); });
  for (auto& w : workers) w.join();
  double s = secondsSince(start);
  total = {};
  for (auto& r : results) {
    total.views += r.views;
    total.checksum += r.checksum;
  }
  return s;
}

// ---- The query ----

SchemaPtr eventSchema() {
  if (std::getenv("YSB_NARROW"))
    return parseDdlSchema("ad_id STRING, event_type STRING, event_time STRING");
  return parseDdlSchema(
      "user_id STRING, page_id STRING, ad_id STRING, ad_type STRING, event_type STRING, "
      "event_time STRING, ip_address STRING");
}

DataFrame adsTable(const SessionPtr& spark, const Dataset& d) {
  std::vector<std::vector<Value>> rows;
  for (size_t a = 0; a < d.ads.size(); ++a)
    rows.push_back({Value(d.ads[a]), Value(d.campaigns[a / kAdsPerCampaign])});
  return spark->createDataFrame(rows, "ad_id STRING, campaign_id STRING");
}

// parse → filter → project → join → window count (the same for the stream and the batch check).
DataFrame ysbQuery(const DataFrame& lines, const DataFrame& ads, bool streaming) {
  DataFrame events =
      lines.select({from_json(col("value"), eventSchema()).alias("e")}).select({col("e.*")});
  DataFrame views =
      events.filter(col("event_type") == lit("view"))
          .select(
              {col("ad_id"), timestamp_millis(col("event_time").cast("long")).alias("event_time")});
  DataFrame joined = views.join(ads, "ad_id");
  if (streaming) joined = joined.withWatermark("event_time", "10 seconds");
  return joined.groupBy({window(col("event_time"), "10 seconds"), col("campaign_id")}).count();
}

void addRows(Counts& counts, const std::vector<BatchPtr>& batches) {
  for (const auto& b : batches)
    for (int64_t r = 0; r < b->numRows(); ++r) {
      auto row = b->rowAt(r);
      int64_t start = row[0].asList()[0].asLong() / 1000;
      counts[{start, row[1].asString()}] = row[2].asLong();  // an update replaces the older count
    }
}

struct Usage {
  double userS = 0, sysS = 0;
  int64_t minorFaults = 0;
  static Usage now() {
    rusage u;
    getrusage(RUSAGE_SELF, &u);
    return {u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6,
            u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6, u.ru_minflt};
  }
  Usage operator-(const Usage& o) const {
    return {userS - o.userS, sysS - o.sysS, minorFaults - o.minorFaults};
  }
};

struct StreamResult {
  Usage usage;
  double seconds = 0;
  int64_t batches = 0;
  Counts counts;
};

StreamResult runStream(const Options& o, const Dataset& d, int threads, const std::string& mode) {
  auto spark = Session::builder()
                   .master("local[" + std::to_string(threads) + "]")
                   .config("spark.sql.session.timeZone", "UTC")
                   .getOrCreate();
  std::string checkpoint = o.dir + "-checkpoint";
  fs::remove_all(checkpoint);
  DataFrame ads = adsTable(spark, d);
  StreamResult result;
  std::mutex mutex;
  std::shared_ptr<connector::MemoryStream> memory;
  if (mode == "memory") {
    spark->sql("CREATE TABLE ysb_lines (value STRING) USING memory");
    memory = spark->findTable("ysb_lines")->memoryStream;
  }
  DataFrame lines =
      memory ? spark->readStream().table("ysb_lines")
             : spark->readStream().format("text").option("maxFilesPerTrigger", 1).load(o.dir);
  auto writer = ysbQuery(lines, ads, true)
                    .writeStream()
                    .outputMode("update")
                    .option("checkpointLocation", checkpoint)
                    .foreachBatch([&](const DataFrame& df, int64_t) {
                      auto rows = df.collectBatches();
                      std::lock_guard lock(mutex);
                      addRows(result.counts, rows);
                      ++result.batches;
                    });
  std::vector<std::vector<BatchPtr>> chunks;
  if (memory)
    for (const auto& f : d.files) chunks.push_back(lineBatches(f));
  Usage before = Usage::now();
  auto start = std::chrono::steady_clock::now();
  if (memory) {
    // The feeder keeps at most one chunk waiting beyond the one being processed, so the query
    // never idles (and never sleeps its polling delay) until the input ends.
    auto query = writer.start();
    auto consumed = [&] {
      auto p = query.lastProgress();
      if (!p || p->sources.empty() || !p->sources[0].endOffset) return int64_t{-1};
      return static_cast<int64_t>(std::stoll(*p->sources[0].endOffset));
    };
    for (size_t i = 0; i < chunks.size(); ++i) {
      while (static_cast<int64_t>(i) - consumed() > 2 && query.isActive())
        std::this_thread::sleep_for(std::chrono::microseconds(200));
      memory->addData(std::move(chunks[i]));
    }
    query.processAllAvailable();
    query.stop();
    if (query.exception()) throw std::runtime_error(*query.exception());
  } else {
    auto query = writer.trigger(streaming::Trigger::availableNow()).start();
    query.awaitTermination();
  }
  result.seconds = secondsSince(start);
  result.usage = Usage::now() - before;
  spark->stop();
  fs::remove_all(checkpoint);
  return result;
}

Counts batchCounts(const Options& o, const Dataset& d) {
  auto spark = Session::builder()
                   .master("local[2]")
                   .config("spark.sql.session.timeZone", "UTC")
                   .getOrCreate();
  DataFrame lines = spark->read().format("text").load(o.dir);
  Counts counts;
  addRows(counts, ysbQuery(lines, adsTable(spark, d), false).collectBatches());
  return counts;
}

std::vector<std::string> parseNames(const std::string& s) {
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

std::vector<int> parseList(const std::string& s) {
  std::vector<int> out;
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t end = s.find(',', pos);
    if (end == std::string::npos) end = s.size();
    out.push_back(std::stoi(s.substr(pos, end - pos)));
    pos = end + 1;
  }
  return out;
}

Options parseArgs(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](const std::string& name) -> std::optional<std::string> {
      if (a.rfind(name + "=", 0) == 0) return a.substr(name.size() + 1);
      return std::nullopt;
    };
    if (auto v = value("--events"))
      o.events = std::stoll(*v);
    else if (auto v = value("--events-per-file"))
      o.eventsPerFile = std::stoll(*v);
    else if (auto v = value("--events-per-ms"))
      o.eventsPerMs = std::stoll(*v);
    else if (auto v = value("--dir"))
      o.dir = *v;
    else if (auto v = value("--threads"))
      o.threads = parseList(*v);
    else if (auto v = value("--modes"))
      o.modes = parseNames(*v);
    else if (auto v = value("--counts-out"))
      o.countsOut = *v;
    else if (auto v = value("--repeat"))
      o.repeat = std::stoi(*v);
    else if (auto v = value("--raw"))
      o.raw = *v != "0";
    else if (auto v = value("--reuse"))
      o.reuse = *v != "0";
    else if (auto v = value("--check"))
      o.check = *v != "0";
    else {
      std::cerr << "usage: ysb [--events=N] [--events-per-file=N] [--events-per-ms=N] [--dir=PATH] "
                   "[--threads=1,2] [--modes=memory,file] [--counts-out=FILE] [--repeat=N]\n";
      std::exit(2);
    }
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  Options o = parseArgs(argc, argv);
  if (!std::getenv("SPATE_LOG_LEVEL")) setLogLevel(LogLevel::kWarn);
  auto genStart = std::chrono::steady_clock::now();
  Dataset d = generate(o, false);
  if (!o.reuse || !readFiles(d, o)) {
    d = generate(o, true);
    writeFiles(d, o.dir);
  }
  std::printf("dataset events=%lld files=%zu bytes=%lld bytes_per_event=%.1f generate_s=%.2f\n",
              static_cast<long long>(o.events), d.files.size(), static_cast<long long>(d.bytes),
              static_cast<double>(d.bytes) / o.events, secondsSince(genStart));

  Counts expected;
  if (o.check) {
    auto checkStart = std::chrono::steady_clock::now();
    expected = batchCounts(o, d);
    int64_t views = 0;
    for (const auto& [k, v] : expected) views += v;
    std::printf("batch_check groups=%zu views=%lld seconds=%.2f\n", expected.size(),
                static_cast<long long>(views), secondsSince(checkStart));
  }

  bool ok = true;
  Counts last;
  for (int threads : o.threads) {
    for (int rep = 0; rep < o.repeat; ++rep) {
      if (o.raw) {
        RawResult raw;
        double rawS = measureRaw(d, threads, raw);
        std::printf("limit=simdjson threads=%d events_per_s=%.0f per_core=%.0f views=%lld\n",
                    threads, o.events / rawS, o.events / rawS / threads,
                    static_cast<long long>(raw.views));
      }
      for (const auto& mode : o.modes) {
        StreamResult s = runStream(o, d, threads, mode);
        bool same = !o.check || s.counts == expected;
        ok = ok && same;
        int64_t views = 0;
        for (const auto& [k, v] : s.counts) views += v;
        double cpu = s.usage.userS + s.usage.sysS;
        std::printf(
            "engine=spate mode=%s threads=%d events_per_s=%.0f per_core=%.0f per_cpu_s=%.0f "
            "batches=%lld "
            "seconds=%.3f user_s=%.2f sys_s=%.2f minor_faults=%lld groups=%zu views=%lld "
            "correct=%s\n",
            mode.c_str(), threads, o.events / s.seconds, o.events / s.seconds / threads,
            o.events / cpu, static_cast<long long>(s.batches), s.seconds, s.usage.userS,
            s.usage.sysS, static_cast<long long>(s.usage.minorFaults), s.counts.size(),
            static_cast<long long>(views),
            !o.check ? "unchecked"
            : same   ? "yes"
                     : "NO");
        std::fflush(stdout);
        last = std::move(s.counts);
      }
    }
  }
  if (!o.countsOut.empty()) {
    std::ofstream out(o.countsOut);
    for (const auto& [k, v] : last) out << k.first << ',' << k.second << ',' << v << '\n';
  }
  return ok ? 0 : 1;
}
