// spate_differential: generated queries over generated data, run by Spate and by PostgreSQL, the
// results compared. Prints every mismatch and ends with "N passed, M failed"; exits 1 on any
// failure, 2 when it cannot run at all.
//
//   spate_differential [DSN] [--dsn DSN] [--seed N] [--queries N] [--vector-sizes N,M] [--rows N]
//                      [--category NAME] [--query N] [--list] [--verbose] [--all-constructs]
//
// DSN is a libpq conninfo; without one, $SPATE_PG_DSN. scripts/run-differential.sh starts a
// throwaway server and runs this.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <thread>

#include "api/dataframe.h"
#include "api/session.h"
#include "data_generator.h"
#include "postgres_client.h"
#include "query_generator.h"
#include "result_table.h"
#include "vector/batch.h"

namespace spate::differential {

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string dsn;
  uint64_t seed = 20240521;
  int queries = 1000;
  /// Each query runs once per vector size: 64 splits the 400-row table into several batches and
  /// morsels, 5 into many, so batch boundaries fall everywhere.
  std::vector<int> vectorSizes = {64, 5};
  std::string category;         ///< run only this category
  int queryNumber = -1;         ///< run only this query (1-based)
  bool list = false;            ///< print the queries, run nothing
  int rows = 400;               ///< rows of t1
  GeneratorOptions constructs;  ///< --all-constructs: also what Spate does not support yet
  bool verbose = false;
};

constexpr const char* kUsage =
    "usage: spate_differential [DSN] [--dsn DSN] [--seed N] [--queries N] [--vector-sizes N,M] "
    "[--rows N]\n"
    "                          [--category NAME] [--query N] [--list] [--verbose]\n"
    "                          [--all-constructs]\n"
    "DSN is a libpq conninfo; the default is $SPATE_PG_DSN.\n";

Options parseOptions(int argc, char** argv) {
  Options o;
  if (const char* env = std::getenv("SPATE_PG_DSN")) o.dsn = env;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << "missing value for " << a << "\n" << kUsage;
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--dsn") {
      o.dsn = value();
    } else if (a == "--seed") {
      o.seed = std::stoull(value());
    } else if (a == "--queries") {
      o.queries = std::stoi(value());
    } else if (a == "--vector-sizes") {
      o.vectorSizes.clear();
      std::string list = value();
      for (size_t start = 0; start <= list.size();) {
        size_t comma = list.find(',', start);
        if (comma == std::string::npos) comma = list.size();
        o.vectorSizes.push_back(std::stoi(list.substr(start, comma - start)));
        start = comma + 1;
      }
    } else if (a == "--category") {
      o.category = value();
    } else if (a == "--query") {
      o.queryNumber = std::stoi(value());
    } else if (a == "--rows") {
      o.rows = std::stoi(value());
    } else if (a == "--list") {
      o.list = true;
    } else if (a == "--all-constructs") {
      o.constructs = {true, true};
    } else if (a == "--verbose" || a == "-v") {
      o.verbose = true;
    } else if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      std::exit(0);
    } else if (!a.empty() && a[0] != '-') {
      o.dsn = a;
    } else {
      std::cerr << "unknown option " << a << "\n" << kUsage;
      std::exit(2);
    }
  }
  return o;
}

// The query being run, for the crash handler and the watchdog (a fixed buffer: the signal handler
// may only write(2) it).
char gCurrentQuery[16384];
std::atomic<int64_t> gQueryStartedMs{0};

void setCurrentQuery(const std::string& text) {
  std::snprintf(gCurrentQuery, sizeof gCurrentQuery, "%s", text.c_str());
  gQueryStartedMs =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch())
          .count();
}

void writeStderr(const char* s) {
  ssize_t ignored = ::write(2, s, std::strlen(s));
  (void)ignored;
}

extern "C" void onCrash(int sig) {
  writeStderr("\nspate_differential: crashed while running this query:\n  ");
  writeStderr(gCurrentQuery);
  writeStderr("\n");
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

/// Ends the run if one query hangs, naming it (a hang would otherwise only show as a CI timeout).
void watchdog(std::stop_token stop, int limitSeconds) {
  while (!stop.stop_requested()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    int64_t started = gQueryStartedMs.load();
    if (started == 0) continue;
    int64_t now =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch())
            .count();
    if (now - started > limitSeconds * 1000LL) {
      writeStderr("\nspate_differential: a query ran for more than the time limit:\n  ");
      writeStderr(gCurrentQuery);
      writeStderr("\n");
      std::_Exit(3);
    }
  }
}

Cell spateCell(const Value& v, const DataType& type, const TimeZone& zone) {
  if (v.isNull()) return Cell::null();
  switch (type.id()) {
    case TypeId::kBoolean:
      return Cell::ofBool(v.asBool());
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
      return Cell::ofInteger(v.asLong());
    case TypeId::kFloat:
    case TypeId::kDouble:
      return Cell::ofDouble(v.asDouble());
    case TypeId::kDecimal:
      return Cell::ofNumberText(formatDecimal(v.asDecimal(), type.scale()));
    case TypeId::kString:
      return Cell::ofString(v.asString());
    default:  // dates and timestamps as Spark casts them to STRING, as PostgreSQL prints them
      return Cell::ofString(formatValue(v, type, zone, false));
  }
}

ResultTable runSpate(sql::Session& session, const std::string& text) {
  sql::DataFrame df = session.sql(text);
  SchemaPtr schema = df.schema();
  std::vector<sql::Row> rows = df.collect();
  const auto& fields = schema->fields();
  TimeZonePtr zone = session.timeZone();
  ResultTable table;
  table.numColumns = fields.size();
  for (const sql::Row& row : rows) {
    ResultRow out;
    for (size_t c = 0; c < fields.size(); ++c)
      out.push_back(spateCell(row.get(c), *fields[c].type, *zone));
    table.rows.push_back(std::move(out));
  }
  return table;
}

/// Session settings and our own schema, so a DSN pointing at a real database never touches its
/// tables. Returns the data options the server supports.
DataOptions preparePostgres(PostgresClient& pg, int rows) {
  pg.execute("SET client_min_messages = warning");
  pg.execute("SET client_encoding = 'UTF8'");
  pg.execute("DROP SCHEMA IF EXISTS spate_differential CASCADE");
  pg.execute("CREATE SCHEMA spate_differential");
  pg.execute("SET search_path TO spate_differential");
  // Output forms that match Spark's casts to STRING: ISO dates, no time zone conversion.
  pg.execute("SET DateStyle = 'ISO, YMD'");
  pg.execute("SET TimeZone = 'UTC'");
  pg.execute("SET extra_float_digits = 1");  // shortest exact float8 output
  pg.execute("SET statement_timeout = '30s'");
  DataOptions data;
  data.factRows = rows;
  // glibc ≥ 2.35 has C.utf8 (byte order, Unicode case mapping); without it, ASCII text only.
  ResultTable collation = pg.query("SELECT count(*) FROM pg_collation WHERE collname = 'C.utf8'");
  if (collation.rows.at(0).at(0).integer == 0) {
    std::cout << "note: PostgreSQL has no C.utf8 collation; the data has ASCII text only\n";
    data.textCollation = "C";
    data.nonAsciiText = false;
  }
  return data;
}

void printFailure(size_t number, const Query& q, int vectorSize, const std::string& reason,
                  const ResultTable* actual, const ResultTable* expected) {
  std::cout << "FAIL #" << number << " [" << q.category << "] (vector size " << vectorSize
            << ")\n  spark:    " << q.spark << "\n";
  if (q.postgres != q.spark) std::cout << "  postgres: " << q.postgres << "\n";
  std::cout << "  " << reason << "\n";
  CompareOptions options{q.ordered, q.tolerance};
  if (actual) {
    ResultTable a = comparisonOrder(*actual, options);
    std::cout << "  Spate (" << a.rows.size() << " rows" << (q.ordered ? "" : ", sorted") << "):\n"
              << formatTable(a, 25);
  }
  if (expected) {
    ResultTable e = comparisonOrder(*expected, options);
    std::cout << "  PostgreSQL (" << e.rows.size() << " rows" << (q.ordered ? "" : ", sorted")
              << "):\n"
              << formatTable(e, 25);
  }
  std::cout << std::flush;
}

void listQueries(const std::vector<Query>& queries, const Options& options) {
  for (size_t i = 0; i < queries.size(); ++i) {
    const Query& q = queries[i];
    if (!options.category.empty() && q.category != options.category) continue;
    std::cout << "#" << i + 1 << " [" << q.category << "]" << (q.ordered ? " ordered" : "")
              << "\n  " << q.spark << "\n";
    if (q.postgres != q.spark) std::cout << "  pg: " << q.postgres << "\n";
  }
}

sql::SessionPtr spateSession(const std::vector<GeneratedTable>& tables, int vectorSize) {
  // createDataFrame cuts the rows into batches of the default vector size.
  setDefaultVectorSize(vectorSize);
  sql::SessionPtr session = sql::Session::builder()
                                .master("local[2]")
                                .appName("spate_differential")
                                .config("spark.sql.session.timeZone", "UTC")
                                .getOrCreate();
  for (const auto& table : tables)
    session->createDataFrame(table.rows, table.schema()).createOrReplaceTempView(table.name);
  return session;
}

/// PostgreSQL's result of one query, or why it has none.
struct Expected {
  std::optional<ResultTable> table;
  std::string error;
};

int run(const Options& options) {
  auto started = Clock::now();
  std::vector<Query> queries = generateQueries(options.seed, options.queries, options.constructs);
  if (options.list) {
    listQueries(queries, options);
    return 0;
  }
  if (options.dsn.empty()) {
    std::cerr << "spate_differential: no PostgreSQL DSN (set SPATE_PG_DSN or pass one)\n" << kUsage;
    return 2;
  }
  std::vector<size_t> selected;
  for (size_t i = 0; i < queries.size(); ++i) {
    if (!options.category.empty() && queries[i].category != options.category) continue;
    if (options.queryNumber > 0 && static_cast<int>(i) + 1 != options.queryNumber) continue;
    selected.push_back(i);
  }

  std::signal(SIGSEGV, onCrash);
  std::signal(SIGABRT, onCrash);
  std::signal(SIGFPE, onCrash);
  std::signal(SIGBUS, onCrash);
  std::jthread guard(watchdog, 60);

  // PostgreSQL once; its results serve every Spate configuration.
  PostgresClient pg(options.dsn);
  std::vector<GeneratedTable> tables =
      generateTables(options.seed, preparePostgres(pg, options.rows));
  for (const auto& table : tables)
    for (const auto& statement : postgresLoadStatements(table)) pg.execute(statement);
  std::vector<Expected> expected(queries.size());
  int nonEmpty = 0;
  auto postgresStarted = Clock::now();
  for (size_t i : selected) {
    setCurrentQuery(queries[i].postgres);
    try {
      expected[i].table = pg.query(queries[i].postgres);
      if (!expected[i].table->rows.empty()) ++nonEmpty;
    } catch (const std::exception& e) {
      // PostgreSQL rejecting a query is a generator bug: the query is outside the shared subset.
      expected[i].error = e.what();
    }
  }
  double postgresSeconds = std::chrono::duration<double>(Clock::now() - postgresStarted).count();
  gQueryStartedMs = 0;
  try {
    pg.execute("DROP SCHEMA IF EXISTS spate_differential CASCADE");
  } catch (const std::exception&) {
  }

  int passed = 0, failed = 0;
  std::map<std::string, std::pair<int, int>> byCategory;  // passed, total
  double spateSeconds = 0;
  for (int vectorSize : options.vectorSizes) {
    sql::SessionPtr session = spateSession(tables, vectorSize);
    for (size_t i : selected) {
      const Query& q = queries[i];
      auto& [categoryPassed, categoryTotal] = byCategory[q.category];
      ++categoryTotal;
      if (options.verbose)
        std::cout << "#" << i + 1 << " [" << q.category << "] " << q.spark << std::endl;
      if (!expected[i].table) {
        ++failed;
        printFailure(i + 1, q, vectorSize, "PostgreSQL error: " + expected[i].error, nullptr,
                     nullptr);
        continue;
      }
      ResultTable actual;
      setCurrentQuery(q.spark);
      auto t0 = Clock::now();
      try {
        actual = runSpate(*session, q.spark);
      } catch (const std::exception& e) {
        ++failed;
        printFailure(i + 1, q, vectorSize, std::string("Spate error: ") + e.what(), nullptr,
                     &*expected[i].table);
        continue;
      }
      spateSeconds += std::chrono::duration<double>(Clock::now() - t0).count();
      gQueryStartedMs = 0;
      if (auto difference = compareResults(actual, *expected[i].table, {q.ordered, q.tolerance})) {
        ++failed;
        printFailure(i + 1, q, vectorSize, "results differ: " + *difference, &actual,
                     &*expected[i].table);
      } else {
        ++passed;
        ++categoryPassed;
      }
    }
  }
  gQueryStartedMs = 0;
  guard.request_stop();

  std::cout << "categories:";
  for (const auto& [name, counts] : byCategory)
    std::cout << " " << name << " " << counts.first << "/" << counts.second;
  std::string sizes;
  for (int size : options.vectorSizes) sizes += (sizes.empty() ? "" : ",") + std::to_string(size);
  std::printf(
      "\n%zu queries (%d with non-empty results), each run with vector sizes %s; seed %llu; "
      "Spate %.2f s, PostgreSQL %.2f s, total %.2f s\n",
      selected.size(), nonEmpty, sizes.c_str(), static_cast<unsigned long long>(options.seed),
      spateSeconds, postgresSeconds, std::chrono::duration<double>(Clock::now() - started).count());
  std::printf("%d passed, %d failed\n", passed, failed);
  std::fflush(stdout);
  return failed > 0 ? 1 : 0;
}

}  // namespace

}  // namespace spate::differential

int main(int argc, char** argv) {
  using namespace spate::differential;
  Options options = parseOptions(argc, argv);
  try {
    return run(options);
  } catch (const std::exception& e) {
    std::cerr << "spate_differential: " << e.what() << "\n";
    return 2;
  }
}
