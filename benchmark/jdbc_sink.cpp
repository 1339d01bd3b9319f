// The jdbc sink's throughput (docs/benchmarks.md), beside its limit measured in the same run:
// 1 M rows shaped like CRYPTO VIZ's ticker_data (timestamp, pair, last, bid, ask, volume_24h)
// written to PostgreSQL
//   - raw: a hand-written binary COPY with libpq, encoding each row straight from plain arrays
//     of the same values (what any client must at least do);
//   - Spate batch write: df.write.format("jdbc").mode("append") through the registry's batch
//     sink (connect, look the table up, COPY built from the columns, commit);
//   - Spate streaming sink: addBatch of the same rows as one micro-batch, exactly once (commits
//     table lookup and record in the same transaction);
//   - the seed's pipeline without Kafka: rawticker JSON lines in a memory source → from_json →
//     the seed's projection → the streaming jdbc sink, on one worker thread (local[1]),
//     Trigger.AvailableNow, checkpointing on;
// and to SQLite: raw prepared INSERTs in one transaction against the sink.
// Needs a PostgreSQL server: run under scripts/pg-test-server.sh (SPATE_PG_DSN,
// SPATE_TEST_PG_URL). Best of --repeat runs (3); each run writes into an empty table.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "api/functions.h"
#include "api/streaming.h"
#include "common/logging.h"
#include "connector/api/connector.h"
#include "connector/jdbc/postgres_copy.h"
#include "connector/memory/memory_stream.h"
#include "pg_bench_util.h"
#include "vector/batch.h"

using namespace spate;
using namespace spate::bench;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int64_t kBatchRows = 4096;

struct Options {
  int64_t rows = 1'000'000;
  int repeat = 3;
};

// The rows twice: as plain arrays (for the raw writers) and as Spate batches.
struct Data : bench::TickerRows {
  std::vector<BatchPtr> batches;
  SchemaPtr schema;
};

Data makeData(int64_t rows) {
  Data d;
  static_cast<bench::TickerRows&>(d) = bench::makeTickerRows(rows);
  d.schema = parseDdlSchema(
      "timestamp TIMESTAMP, pair STRING, last DOUBLE, bid DOUBLE, ask DOUBLE, volume_24h DOUBLE");
  for (int64_t start = 0; start < rows; start += kBatchRows) {
    int64_t end = std::min(rows, start + kBatchRows);
    std::vector<ColumnBuilder> b;
    for (const auto& f : d.schema->fields()) b.emplace_back(f.type, end - start);
    for (int64_t i = start; i < end; ++i) {
      b[0].appendLong(d.ts[i]);
      b[1].appendString(d.pair[i]);
      b[2].appendDouble(d.last[i]);
      b[3].appendDouble(d.bid[i]);
      b[4].appendDouble(d.ask[i]);
      b[5].appendDouble(d.volume[i]);
    }
    std::vector<ColumnPtr> columns;
    for (auto& builder : b) columns.push_back(builder.finish());
    d.batches.push_back(std::make_shared<Batch>(d.schema, std::move(columns), end - start));
  }
  return d;
}

double seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

connector::ConnectorContext context(std::map<std::string, std::string> options) {
  connector::ConnectorContext c;
  c.format = "jdbc";
  c.options = std::move(options);
  c.timeZone = TimeZone::utc();
  return c;
}

void sinkBatchWrite(const Data& d, const std::string& url, const std::string& table) {
  const auto* sink = connector::ConnectorRegistry::instance().findBatchSink("jdbc");
  Status s = sink->write(context({{"url", url}, {"dbtable", table}}), connector::SaveMode::kAppend,
                         d.schema, d.batches);
  if (!s.ok()) die(s.error().message);
}

void sinkStreamBatch(const Data& d, const std::string& url, const std::string& table,
                     int64_t batchId) {
  const auto* provider = connector::ConnectorRegistry::instance().findSink("jdbc");
  auto sink =
      provider->create(context({{"url", url}, {"dbtable", table}}), OutputMode::kAppend, d.schema);
  connector::SinkBatch batch;
  batch.batchId = batchId;
  batch.queryId = "benchmark-" + table;
  batch.schema = d.schema;
  batch.rows = d.batches;
  Status s = sink->addBatch(batch);
  if (!s.ok()) die(s.error().message);
}

// Best time of `repeat` runs of `write` into a freshly emptied table.
double best(int repeat, const std::function<void()>& reset, const std::function<void()>& write) {
  double fastest = 1e100;
  for (int i = 0; i < repeat; ++i) {
    reset();
    auto start = Clock::now();
    write();
    fastest = std::min(fastest, seconds(start));
  }
  return fastest;
}

// The rawticker messages of the rows, as the Kraken producer writes them.
std::vector<BatchPtr> tickerJson(const Data& d) {
  SchemaPtr schema = parseDdlSchema("value STRING");
  std::vector<BatchPtr> out;
  char line[256];
  for (size_t start = 0; start < d.ts.size(); start += 100'000) {
    size_t end = std::min(d.ts.size(), start + 100'000);
    ColumnBuilder b(DataType::string(), static_cast<int64_t>(end - start));
    for (size_t i = start; i < end; ++i) {
      int n = bench::tickerJson(d, i, line, sizeof line);
      b.appendString(std::string_view(line, n));
    }
    out.push_back(std::make_shared<Batch>(schema, std::vector<ColumnPtr>{b.finish()},
                                          static_cast<int64_t>(end - start)));
  }
  return out;
}

// Seconds from start() to the end of the query (every line written).
double pipeline(const std::vector<BatchPtr>& lines, const std::string& url,
                const std::string& table) {
  using namespace spate::sql::functions;
  auto spark = sql::Session::builder()
                   .master("local[1]")
                   .config("spark.sql.session.timeZone", "UTC")
                   .getOrCreate();
  std::string checkpoint =
      (std::filesystem::temp_directory_path() / ("spate-jdbc-bench-" + table)).string();
  std::filesystem::remove_all(checkpoint);
  spark->sql("CREATE TABLE rawticker (value STRING) USING memory");
  spark->findTable("rawticker")->memoryStream->addData(lines);
  auto ticker = spark->readStream()
                    .table("rawticker")
                    .select({from_json(col("value"),
                                       "pair STRING, last DOUBLE, bid DOUBLE, ask DOUBLE, "
                                       "volume_24h DOUBLE, timestamp DOUBLE, pct_change DOUBLE")
                                 .alias("t")})
                    .select({from_unixtime(col("t.timestamp")).cast("timestamp").alias("timestamp"),
                             col("t.pair").alias("pair"), col("t.last").alias("last"),
                             col("t.bid").alias("bid"), col("t.ask").alias("ask"),
                             col("t.volume_24h").alias("volume_24h")});
  auto start = Clock::now();
  auto query = ticker.writeStream()
                   .format("jdbc")
                   .option("url", url)
                   .option("dbtable", table)
                   .option("checkpointLocation", checkpoint)
                   .trigger(streaming::Trigger::availableNow())
                   .start();
  query.awaitTermination();
  double elapsed = seconds(start);
  spark->stop();
  std::filesystem::remove_all(checkpoint);
  return elapsed;
}

void rawSqlite(const Data& d, const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) die("cannot open " + path);
  sqlite3_exec(db, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO raw VALUES (?, ?, ?, ?, ?, ?)", -1, &s, nullptr);
  char text[40];
  for (size_t i = 0; i < d.ts.size(); ++i) {
    // Timestamps as ISO text, as the sink stores them.
    int64_t secs = d.ts[i] / 1'000'000, micros = d.ts[i] % 1'000'000;
    std::time_t t = secs;
    std::tm tm;
    gmtime_r(&t, &tm);
    int n = std::snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d:%02d.%06lld",
                          tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                          tm.tm_sec, static_cast<long long>(micros));
    sqlite3_bind_text(s, 1, text, n, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, d.pair[i].data(), static_cast<int>(d.pair[i].size()), SQLITE_STATIC);
    sqlite3_bind_double(s, 3, d.last[i]);
    sqlite3_bind_double(s, 4, d.bid[i]);
    sqlite3_bind_double(s, 5, d.ask[i]);
    sqlite3_bind_double(s, 6, d.volume[i]);
    if (sqlite3_step(s) != SQLITE_DONE) die(sqlite3_errmsg(db));
    sqlite3_reset(s);
  }
  sqlite3_finalize(s);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_close(db);
}

void sqliteExec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK)
    die(sql + ": " + (error ? error : ""));
  sqlite3_close(db);
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--rows=", 0) == 0)
      options.rows = std::stoll(a.substr(7));
    else if (a.rfind("--repeat=", 0) == 0)
      options.repeat = std::stoi(a.substr(9));
    else
      die("usage: spate_jdbc_sink [--rows=N] [--repeat=N]");
  }
  const char* dsn = std::getenv("SPATE_PG_DSN");
  const char* url = std::getenv("SPATE_TEST_PG_URL");
  if (!dsn || !url) die("run under scripts/pg-test-server.sh (SPATE_PG_DSN, SPATE_TEST_PG_URL)");
  setLogLevel(LogLevel::kWarn);

  Data d = makeData(options.rows);
  PGconn* conn = PQconnectdb(dsn);
  if (PQstatus(conn) != CONNECTION_OK) die(PQerrorMessage(conn));
  const std::string ddl = kTickerDdl;
  pgExec(conn, "SET client_min_messages = warning");
  for (const char* t : {"bench_raw", "bench_batch", "bench_stream"})
    pgExec(conn, std::string("DROP TABLE IF EXISTS ") + t + "; CREATE TABLE " + t + ddl);
  auto truncate = [&](const char* t) {
    return [conn, t] { pgExec(conn, std::string("TRUNCATE ") + t); };
  };
  auto rows = static_cast<double>(options.rows);
  auto check = [&](const char* t) {
    std::string n = pgValue(conn, std::string("SELECT count(*) FROM ") + t);
    if (n != std::to_string(options.rows)) die(std::string(t) + " holds " + n + " rows");
  };

  pgExec(conn, "SET client_min_messages = warning");
  // Interleaved, so that the server's state (caches, checkpoints) is alike for all three.
  double raw = 1e100, batch = 1e100, stream = 1e100;
  for (int i = 0; i < options.repeat; ++i) {
    raw = std::min(raw, best(1, truncate("bench_raw"), [&] { rawCopy(conn, d, "bench_raw"); }));
    check("bench_raw");
    batch = std::min(
        batch, best(1, truncate("bench_batch"), [&] { sinkBatchWrite(d, url, "bench_batch"); }));
    check("bench_batch");
    stream = std::min(stream, best(1, truncate("bench_stream"),
                                   [&] { sinkStreamBatch(d, url, "bench_stream", i); }));
    check("bench_stream");
  }
  // The sink's own CPU work: encoding the COPY data from the columns, nothing sent.
  double encode = best(
      options.repeat, [] {},
      [&] {
        std::vector<TypePtr> types;
        for (const auto& f : d.schema->fields()) types.push_back(f.type);
        connector::jdbc::PostgresCopyEncoder encoder(types, TimeZone::utc());
        Buffer buffer;
        for (const auto& b : d.batches) {
          buffer.clear();
          encoder.encode(*b, 0, b->numRows(), buffer);
        }
      });
  std::printf("PostgreSQL, %lld rows of ticker_data (6 columns), best of %d:\n",
              static_cast<long long>(options.rows), options.repeat);
  std::printf("| writer | seconds | rows/s | vs raw COPY |\n|---|---|---|---|\n");
  std::printf("| raw binary COPY (libpq, hand-encoded) | %.3f | %.2f M | 100%% |\n", raw,
              rows / raw / 1e6);
  std::printf("| Spate batch write (df.write.format(\"jdbc\")) | %.3f | %.2f M | %.0f%% |\n", batch,
              rows / batch / 1e6, 100 * raw / batch);
  std::printf("| Spate streaming sink (one exactly-once batch) | %.3f | %.2f M | %.0f%% |\n",
              stream, rows / stream / 1e6, 100 * raw / stream);
  std::vector<BatchPtr> lines = tickerJson(d);
  double flow = 1e100;
  for (int i = 0; i < options.repeat; ++i) {
    std::string table = "bench_pipeline_" + std::to_string(i);
    flow = std::min(flow, pipeline(lines, url, table));
    check(table.c_str());
  }
  std::printf(
      "| pipeline: JSON lines → from_json → jdbc sink (streaming query, local[1]) | %.3f | "
      "%.2f M | %.0f%% |\n",
      flow, rows / flow / 1e6, 100 * raw / flow);
  std::printf("| (binary COPY encoding from the columns alone, nothing sent) | %.3f | %.1f M | |\n",
              encode, rows / encode / 1e6);
  PQfinish(conn);

  // SQLite on the local disk.
  std::string dir = (std::filesystem::temp_directory_path() / "spate-jdbc-bench").string();
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string path = dir + "/bench.db";
  const std::string sqliteDdl =
      " (timestamp TIMESTAMP, pair TEXT, last DOUBLE, bid DOUBLE, ask DOUBLE, volume_24h DOUBLE)";
  sqliteExec(path, "CREATE TABLE raw" + sqliteDdl + "; CREATE TABLE sink" + sqliteDdl);
  double rawLite = best(
      options.repeat, [&] { sqliteExec(path, "DELETE FROM raw"); }, [&] { rawSqlite(d, path); });
  double sinkLite = best(
      options.repeat, [&] { sqliteExec(path, "DELETE FROM sink"); },
      [&] { sinkBatchWrite(d, "jdbc:sqlite:" + path, "sink"); });
  std::printf("\nSQLite (WAL, one transaction), same rows:\n");
  std::printf("| writer | seconds | rows/s | vs raw |\n|---|---|---|---|\n");
  std::printf("| raw prepared INSERT | %.3f | %.2f M | 100%% |\n", rawLite, rows / rawLite / 1e6);
  std::printf("| Spate batch write | %.3f | %.2f M | %.0f%% |\n", sinkLite, rows / sinkLite / 1e6,
              100 * rawLite / sinkLite);
  std::filesystem::remove_all(dir);
  return 0;
}
