// PostgreSQL helpers shared by the benchmarks: rows shaped like CRYPTO VIZ's ticker_data, their
// rawticker JSON messages, the hand-written libpq binary COPY that is the server's physical limit,
// and the server's CPU time (a separate process, so not in the benchmark's own CPU time).
#pragma once

#include <dirent.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bench_util.h"

namespace spate::bench {

/// The columns of ticker_data as the PostgreSQL table declares them.
inline constexpr const char* kTickerDdl =
    " (timestamp TIMESTAMPTZ NOT NULL, pair VARCHAR(20) NOT NULL, last DOUBLE PRECISION NOT "
    "NULL, bid DOUBLE PRECISION, ask DOUBLE PRECISION, volume_24h DOUBLE PRECISION)";

/// Ticker rows as plain arrays: what the raw writers encode from.
struct TickerRows {
  std::vector<int64_t> ts;  // microseconds since the Unix epoch
  std::vector<std::string> pair;
  std::vector<double> last, bid, ask, volume;
};

inline TickerRows makeTickerRows(int64_t rows) {
  static const char* kPairs[] = {"XBT/USD", "ETH/USD", "USDT/USD", "SOL/USD",
                                 "ADA/USD", "DOT/USD", "LINK/USD"};
  TickerRows d;
  for (int64_t i = 0; i < rows; ++i) {
    d.ts.push_back(1'705'312'345'000'000 + i * 1000);
    d.pair.push_back(kPairs[i % 7]);
    double price = 100 + static_cast<double>(i % 10007) * 0.37;
    d.last.push_back(price);
    d.bid.push_back(price - 0.5);
    d.ask.push_back(price + 0.5);
    d.volume.push_back(15000.5 + static_cast<double>(i % 101));
  }
  return d;
}

/// Row i as the Kraken producer writes it to rawticker (~125 bytes); returns its length.
inline int tickerJson(const TickerRows& d, size_t i, char* out, size_t capacity) {
  return std::snprintf(out, capacity,
                       "{\"pair\": \"%s\", \"last\": %.2f, \"bid\": %.2f, \"ask\": %.2f, "
                       "\"volume_24h\": %.1f, \"timestamp\": %.3f, \"pct_change\": null}",
                       d.pair[i].c_str(), d.last[i], d.bid[i], d.ask[i], d.volume[i],
                       static_cast<double>(d.ts[i]) / 1e6);
}

inline void pgExec(PGconn* conn, const std::string& sql) {
  PGresult* r = PQexec(conn, sql.c_str());
  if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
    die(sql + ": " + PQresultErrorMessage(r));
  PQclear(r);
}

inline std::string pgValue(PGconn* conn, const std::string& sql) {
  PGresult* r = PQexec(conn, sql.c_str());
  if (PQresultStatus(r) != PGRES_TUPLES_OK) die(sql + ": " + PQresultErrorMessage(r));
  std::string v = PQgetvalue(r, 0, 0);
  PQclear(r);
  return v;
}

inline char* put16(char* p, uint16_t v) {
  v = __builtin_bswap16(v);
  std::memcpy(p, &v, 2);
  return p + 2;
}
inline char* put32(char* p, uint32_t v) {
  v = __builtin_bswap32(v);
  std::memcpy(p, &v, 4);
  return p + 4;
}
inline char* put64(char* p, uint64_t v) {
  v = __builtin_bswap64(v);
  std::memcpy(p, &v, 8);
  return p + 8;
}
inline char* putDouble(char* p, double d) {
  uint64_t v;
  std::memcpy(&v, &d, 8);
  return put64(put32(p, 8), v);
}

/// The limit: binary COPY encoded row by row from the arrays, sent in 256 KB messages, in one
/// transaction.
inline void rawCopy(PGconn* conn, const TickerRows& d, const std::string& table) {
  constexpr int64_t kPostgresEpochMicros = 946'684'800'000'000;
  pgExec(conn, "BEGIN");
  PGresult* r = PQexec(conn, ("COPY " + table + " FROM STDIN (FORMAT binary)").c_str());
  if (PQresultStatus(r) != PGRES_COPY_IN) die(PQresultErrorMessage(r));
  PQclear(r);
  std::vector<char> buffer(512 * 1024);
  char* p = buffer.data();
  std::memcpy(p, "PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0", 19);
  p += 19;
  auto flush = [&] {
    if (PQputCopyData(conn, buffer.data(), static_cast<int>(p - buffer.data())) != 1)
      die(PQerrorMessage(conn));
    p = buffer.data();
  };
  for (size_t i = 0; i < d.ts.size(); ++i) {
    p = put16(p, 6);
    p = put64(put32(p, 8), static_cast<uint64_t>(d.ts[i] - kPostgresEpochMicros));
    const std::string& s = d.pair[i];
    p = put32(p, static_cast<uint32_t>(s.size()));
    std::memcpy(p, s.data(), s.size());
    p += s.size();
    p = putDouble(p, d.last[i]);
    p = putDouble(p, d.bid[i]);
    p = putDouble(p, d.ask[i]);
    p = putDouble(p, d.volume[i]);
    if (p - buffer.data() > 256 * 1024) flush();
  }
  p = put16(p, 0xFFFF);
  flush();
  if (PQputCopyEnd(conn, nullptr) != 1) die(PQerrorMessage(conn));
  r = PQgetResult(conn);
  if (PQresultStatus(r) != PGRES_COMMAND_OK) die(PQresultErrorMessage(r));
  PQclear(r);
  while ((r = PQgetResult(conn))) PQclear(r);
  pgExec(conn, "COMMIT");
}

namespace detail {
// utime + stime (+ cutime + cstime when `children`) of /proc/<pid>/stat, in clock ticks; sets
// `ppid`. 0 when the process is gone.
inline int64_t procTicks(const std::string& pid, bool children, long* ppid) {
  std::ifstream in("/proc/" + pid + "/stat");
  std::string line;
  if (!std::getline(in, line)) return 0;
  size_t close = line.rfind(')');  // the command name may hold spaces
  if (close == std::string::npos) return 0;
  std::istringstream fields(line.substr(close + 2));
  std::string f[15];  // fields 3 (state) … 17 (cstime)
  for (auto& x : f)
    if (!(fields >> x)) return 0;
  if (ppid) *ppid = std::stol(f[1]);
  int64_t t = std::stoll(f[11]) + std::stoll(f[12]);
  if (children) t += std::stoll(f[13]) + std::stoll(f[14]);
  return t;
}
}  // namespace detail

/// CPU seconds used so far by a PostgreSQL server: the postmaster with every child it has
/// reaped (backends that ended) plus every live child (backends, checkpointer, WAL writer…).
/// `postmaster` is the first line of <data>/postmaster.pid; 0 when /proc cannot tell.
inline double serverCpuSeconds(long postmaster) {
  if (postmaster <= 0) return 0;
  int64_t ticks = detail::procTicks(std::to_string(postmaster), true, nullptr);
  if (DIR* proc = opendir("/proc")) {
    while (dirent* e = readdir(proc)) {
      if (e->d_name[0] < '1' || e->d_name[0] > '9') continue;
      long ppid = 0;
      int64_t t = detail::procTicks(e->d_name, false, &ppid);
      if (ppid == postmaster) ticks += t;
    }
    closedir(proc);
  }
  return static_cast<double>(ticks) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

/// The postmaster's pid of the server pg-test-server.sh started (SPATE_TEST_PG_DIR), or 0.
inline long testServerPid() {
  const char* dir = std::getenv("SPATE_TEST_PG_DIR");
  if (!dir) return 0;
  std::ifstream in(std::string(dir) + "/data/postmaster.pid");
  long pid = 0;
  in >> pid;
  return in ? pid : 0;
}

}  // namespace spate::bench
