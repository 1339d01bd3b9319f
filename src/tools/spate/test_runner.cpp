// `spate test`: runs .test files (spec/test_format.md): batch records (statement, query,
// require-env) and streaming directives (start, feed, trigger, check, advance clock, stop, restart,
// crash), optionally under a mode (restart_each_trigger, crash_points, partitions_4, rocksdb_state,
// vector_size_7). Each file runs in a fresh session (local[2], UTC) with its own checkpoint
// directory; streaming queries use a manual trigger and a manual clock starting at 0.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>

#include "api/dataframe.h"
#include "api/streaming.h"
#include "connector/memory/memory_stream.h"
#include "expression/cast.h"
#include "streaming/micro_batch_execution.h"
#include "cli_options.h"
#include "common/error.h"
#include "common/logging.h"
#include "common/strings.h"
#include "vector/batch.h"

namespace spate::cli {

namespace {

struct Record {
  std::string kind;  // "statement", "query"
  std::vector<std::string> header;
  int line = 0;
  std::string sql;
  bool hasExpected = false;
  std::vector<std::string> expected;
};

struct FileResult {
  int passed = 0;
  int failed = 0;
  bool skipped = false;
  std::string skipReason;
};

std::vector<std::string> readLines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

// Renders one value as the .test format prints it.
std::string renderValue(const Value& v, const DataType& type, char typeLetter, const TimeZone& zone) {
  if (v.isNull()) return "NULL";
  if (typeLetter == 'R' && (type.id() == TypeId::kDouble || type.id() == TypeId::kFloat || type.id() == TypeId::kDecimal)) {
    double d = type.id() == TypeId::kDecimal ? std::stod(formatValue(v, type, zone, false)) : v.asDouble();
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
    char buf[64];
    snprintf(buf, sizeof buf, "%.6g", d);
    return buf;
  }
  std::string s = formatValue(v, type, zone, false);
  if (s.empty()) return "(empty)";
  return s;
}

// Renders rows as the .test format prints them; `types` may be shorter than the row (reals then
// follow the column type).
std::vector<std::string> renderRows(const std::vector<BatchPtr>& batches, const DataType& schema,
                                    const std::string& types, const TimeZone& zone) {
  std::vector<std::string> out;
  for (const auto& b : batches) {
    for (int64_t r = 0; r < b->numRows(); ++r) {
      int64_t physical = b->hasSelection() ? (*b->selection())[r] : r;
      auto row = b->rowAt(physical);
      std::string line;
      for (size_t c = 0; c < row.size(); ++c) {
        if (c) line += "\t";
        const DataType& type = *schema.fields()[c].type;
        char letter = c < types.size() ? types[c]
                      : (type.id() == TypeId::kDouble || type.id() == TypeId::kFloat) ? 'R'
                                                                                       : 'T';
        line += renderValue(row[c], type, letter, zone);
      }
      out.push_back(line);
    }
  }
  return out;
}

// A streaming query started by a `start` record, with what survives its restarts.
struct TestQuery {
  std::string name;
  std::string sql;
  OutputMode mode = OutputMode::kAppend;
  int partitions = 0;
  std::shared_ptr<streaming::ManualClock> clock = std::make_shared<streaming::ManualClock>(0);
  std::shared_ptr<connector::MemorySink> sink;
  std::string checkpoint;
  std::optional<sql::StreamingQuery> query;
  // What earlier runs of the query (before a restart, crash or failure) reported, so that
  // `check dropped` counts in total and `check state` holds before the first batch of a run.
  int64_t droppedBefore = 0;
  std::optional<int64_t> lastStateRows;
};

class TestFileRunner {
 public:
  TestFileRunner(std::string path, const std::string& mode) : path_(std::move(path)), mode_(mode) {}

  FileResult run() {
    FileResult result;
    auto lines = readLines(path_);
    for (const auto& l : lines) {
      if (l.starts_with("# skip-mode " + mode_ + ":") || (l.starts_with("# skip-mode " + mode_) && !mode_.empty())) {
        result.skipped = true;
        result.skipReason = "skipped in mode " + mode_;
        return result;
      }
    }
    auto builder = sql::Session::builder();
    builder.master("local[2]").config("spark.sql.session.timeZone", "UTC");
    if (mode_ == "rocksdb_state") builder.config("spark.sql.streaming.stateStore.providerClass", "rocksdb");
    session_ = builder.getOrCreate();
    checkpointRoot_ = std::filesystem::temp_directory_path() / ("spate-test-" + streaming::randomUuid());
    struct Cleanup {
      TestFileRunner* runner;
      ~Cleanup() { runner->cleanup(); }
    } cleanup{this};
    size_t i = 0;
    while (i < lines.size()) {
      const std::string& line = lines[i];
      std::string trimmed(trimWhitespace(line));
      if (trimmed.empty() || trimmed[0] == '#') {
        ++i;
        continue;
      }
      auto words = splitWhitespace(trimmed);
      if (words[0] == "require-env") {
        if (words.size() < 2 || !std::getenv(words[1].c_str())) {
          result.skipped = true;
          result.skipReason = "requires environment variable " + (words.size() > 1 ? words[1] : "?");
          return result;
        }
        ++i;
        continue;
      }
      Record r;
      r.kind = words[0];
      r.header = words;
      r.line = static_cast<int>(i + 1);
      ++i;
      // SQL until a blank line or ----
      std::string sql;
      while (i < lines.size() && !trimWhitespace(lines[i]).empty() && lines[i] != "----") {
        sql += lines[i] + "\n";
        ++i;
      }
      r.sql = sql;
      if (i < lines.size() && lines[i] == "----") {
        r.hasExpected = true;
        ++i;
        while (i < lines.size() && !lines[i].empty()) r.expected.push_back(lines[i++]);
      }
      if (execute(r))
        ++result.passed;
      else
        ++result.failed;
    }
    return result;
  }

 private:
  void cleanup() {
    for (auto& [name, q] : queries_)
      if (q.query) {
        try {
          q.query->stop();
        } catch (...) {
        }
      }
    queries_.clear();
    session_.reset();
    std::error_code ec;
    std::filesystem::remove_all(checkpointRoot_, ec);
  }

  void fail(const Record& r, const std::string& message) {
    std::cerr << path_ << ":" << r.line << ": " << message << "\n";
  }

  bool matchesError(const std::string& actual, const std::vector<std::string>& expected) {
    if (expected.empty()) return true;
    std::string want = joinStrings(expected, "\n");
    if (want.starts_with("<REGEX>:")) {
      try {
        return std::regex_search(actual, std::regex(want.substr(8)));
      } catch (const std::regex_error&) {
        return false;
      }
    }
    return actual.find(want) != std::string::npos;
  }

  bool execute(const Record& r) {
    const std::string& kind = r.kind;
    if (kind == "statement") {
      bool expectError = r.header.size() > 1 && r.header[1] == "error";
      try {
        session_->sql(r.sql).collectBatches();
        if (expectError) {
          fail(r, "statement succeeded but an error was expected");
          return false;
        }
        return true;
      } catch (const std::exception& e) {
        if (expectError) {
          if (matchesError(e.what(), r.expected)) return true;
          fail(r, std::string("error differs.\n  expected: ") + joinStrings(r.expected, "\n") + "\n  actual:   " + e.what());
          return false;
        }
        fail(r, std::string("statement failed: ") + e.what());
        return false;
      }
    }
    if (kind == "query") {
      std::string types = r.header.size() > 1 ? r.header[1] : "";
      bool expectError = types == "error";
      std::string sortMode = r.header.size() > 2 ? r.header[2] : "nosort";
      std::vector<std::string> actual;
      try {
        sql::DataFrame df = session_->sql(r.sql);
        auto schema = df.schema();
        if (!expectError && types.size() != schema->fields().size()) {
          fail(r, "the query returns " + std::to_string(schema->fields().size()) + " columns but the record declares " +
                      std::to_string(types.size()) + " ('" + types + "')");
          return false;
        }
        auto zone = session_->timeZone();
        for (const auto& row : df.collect()) {
          std::string line;
          for (size_t c = 0; c < row.size(); ++c) {
            if (c) line += "\t";
            line += renderValue(row.get(c), *schema->fields()[c].type, c < types.size() ? types[c] : 'T', *zone);
          }
          actual.push_back(line);
        }
      } catch (const std::exception& e) {
        if (expectError && matchesError(e.what(), r.expected)) return true;
        fail(r, std::string("query failed: ") + e.what());
        return false;
      }
      if (expectError) {
        fail(r, "query succeeded but an error was expected");
        return false;
      }
      std::vector<std::string> expected = r.expected;
      if (sortMode == "rowsort") {
        std::sort(actual.begin(), actual.end());
        std::sort(expected.begin(), expected.end());
      }
      if (actual != expected) {
        std::string msg = "query result differs.\n  SQL: " + std::string(trimWhitespace(r.sql)) + "\n  expected:\n";
        for (const auto& l : expected) msg += "    " + l + "\n";
        msg += "  actual:\n";
        for (const auto& l : actual) msg += "    " + l + "\n";
        fail(r, msg);
        return false;
      }
      return true;
    }
    if (kind == "start") return startQuery(r);
    if (kind == "feed") return feed(r);
    if (kind == "trigger") return trigger(r);
    if (kind == "check") return check(r);
    if (kind == "advance") return advanceClock(r);
    if (kind == "stop" || kind == "restart" || kind == "crash") return control(r);
    fail(r, "unknown or unsupported directive '" + kind + "'");
    return false;
  }

  TestQuery* findQuery(const Record& r, size_t word) {
    if (r.header.size() <= word) {
      fail(r, "the directive needs a query name");
      return nullptr;
    }
    auto it = queries_.find(r.header[word]);
    if (it == queries_.end()) {
      fail(r, "no query named '" + r.header[word] + "' was started");
      return nullptr;
    }
    return &it->second;
  }

  // Starts (or restarts from its checkpoint) the query's streaming execution.
  void launch(TestQuery& q) {
    if (q.partitions > 0)
      session_->conf().set("spark.sql.shuffle.partitions", std::to_string(q.partitions));
    else if (mode_ == "partitions_4")
      session_->conf().set("spark.sql.shuffle.partitions", "4");
    else
      session_->conf().set("spark.sql.shuffle.partitions", "1");
    sql::DataFrame df = session_->sql(q.sql);
    if (!q.sink) q.sink = std::make_shared<connector::MemorySink>(df.schema());
    q.query = df.writeStream()
                  .format("memory")
                  .queryName(q.name)
                  .outputMode(q.mode)
                  .trigger(streaming::Trigger::manual())
                  .clock(q.clock)
                  .memorySink(q.sink)
                  .option("checkpointLocation", q.checkpoint)
                  .start();
  }

  // Forgets the query's in-memory objects (after a stop, a crash or a failure), keeping the
  // numbers the checks need.
  void retire(TestQuery& q) {
    if (!q.query) return;
    auto& runner = q.query->execution()->runner();
    q.droppedBefore += runner.droppedByWatermark();
    if (runner.lastReport()) q.lastStateRows = runner.stateRows();
    q.query.reset();
  }

  void restart(TestQuery& q) {
    if (q.query) q.query->stop();
    retire(q);
    launch(q);
  }

  bool startQuery(const Record& r) {
    if (r.header.size() < 3) {
      fail(r, "start needs a query name and an output mode");
      return false;
    }
    TestQuery q;
    q.name = r.header[1];
    auto mode = parseOutputMode(r.header[2]);
    if (!mode) {
      fail(r, "unknown output mode '" + r.header[2] + "'");
      return false;
    }
    q.mode = *mode;
    bool expectError = false;
    for (size_t i = 3; i < r.header.size(); ++i) {
      if (r.header[i] == "partitions" && i + 1 < r.header.size())
        q.partitions = std::stoi(r.header[++i]);
      else if (r.header[i] == "error")
        expectError = true;
    }
    q.sql = r.sql;
    q.checkpoint = (checkpointRoot_ / q.name).string();
    try {
      launch(q);
    } catch (const std::exception& e) {
      if (expectError && matchesError(e.what(), r.expected)) return true;
      fail(r, std::string(expectError ? "error differs.\n  expected: " + joinStrings(r.expected, "\n") + "\n  actual:   "
                                      : "start failed: ") +
                  e.what());
      return false;
    }
    if (expectError) {
      fail(r, "start succeeded but an error was expected");
      return false;
    }
    queries_[q.name] = std::move(q);
    return true;
  }

  bool feed(const Record& r) {
    if (r.header.size() < 2) {
      fail(r, "feed needs a table name");
      return false;
    }
    const sql::CatalogEntry* table = session_->findTable(r.header[1]);
    if (!table || !table->memoryStream) {
      fail(r, "'" + r.header[1] + "' is not a table USING memory");
      return false;
    }
    SchemaPtr schema = table->memoryStream->schema();
    size_t width = schema->fields().size();
    std::vector<ColumnBuilder> text;
    for (size_t c = 0; c < width; ++c) text.emplace_back(DataType::string());
    int64_t rows = 0;
    for (const auto& line : splitString(r.sql, '\n')) {
      if (line.empty()) continue;
      auto values = splitString(line, '\t');
      if (values.size() != width) {
        fail(r, "feed row '" + line + "' has " + std::to_string(values.size()) + " values, the table has " +
                    std::to_string(width) + " columns");
        return false;
      }
      for (size_t c = 0; c < width; ++c) {
        if (values[c] == "NULL")
          text[c].appendNull();
        else
          text[c].appendValue(Value(values[c]));
      }
      ++rows;
    }
    EvalContext context;
    context.timeZone = session_->timeZone();
    std::vector<ColumnPtr> columns;
    for (size_t c = 0; c < width; ++c) columns.push_back(castColumn(text[c].finish(), schema->fields()[c].type, context));
    table->memoryStream->addData({std::make_shared<Batch>(schema, std::move(columns), rows)});
    return true;
  }

  bool trigger(const Record& r) {
    TestQuery* q = findQuery(r, 1);
    if (!q) return false;
    std::string option = r.header.size() > 2 ? r.header[2] : "nosort";
    bool all = option == "all";
    // Trigger.Once: one batch, never a no-data batch.
    bool once = option == "once";
    bool expectError = option == "error";
    bool rowsort = option == "rowsort" || (r.header.size() > 3 && r.header[3] == "rowsort");
    if (!q->query) {
      fail(r, "query '" + q->name + "' is stopped");
      return false;
    }
    try {
      if (mode_ == "restart_each_trigger" && !expectError) restart(*q);
      if (mode_ == "crash_points" && !expectError) crashAndRestart(*q, !once);
    } catch (const std::exception& e) {
      fail(r, std::string("restart failed: ") + e.what());
      return false;
    }
    auto& runner = q->query->execution()->runner();
    int64_t before = runner.lastCommittedBatchId();
    try {
      if (all) {
        while (q->query->execution()->runManualTrigger()) {
        }
      } else {
        q->query->execution()->runManualTrigger(!once);
      }
    } catch (const std::exception& e) {
      retire(*q);
      if (expectError && matchesError(e.what(), r.expected)) return true;
      fail(r, std::string(expectError ? "error differs.\n  expected: " + joinStrings(r.expected, "\n") +
                                            "\n  actual:   "
                                      : "trigger failed: ") +
                  e.what());
      return false;
    }
    if (expectError) {
      fail(r, "the trigger succeeded but an error was expected");
      return false;
    }
    int64_t after = q->query->execution()->runner().lastCommittedBatchId();
    std::vector<std::string> actual;
    for (int64_t id = before + 1; id <= after; ++id) {
      auto rows = renderRows(q->sink->batchRows(id), *q->sink->schema(), "", *session_->timeZone());
      actual.insert(actual.end(), rows.begin(), rows.end());
    }
    std::vector<std::string> expected = r.expected;
    if (rowsort) {
      std::sort(actual.begin(), actual.end());
      std::sort(expected.begin(), expected.end());
    }
    if (actual != expected) {
      std::string msg = "trigger output differs (batches " + std::to_string(before + 1) + ".." +
                        std::to_string(after) + ").\n  expected:\n";
      for (const auto& l : expected) msg += "    " + l + "\n";
      msg += "  actual:\n";
      for (const auto& l : actual) msg += "    " + l + "\n";
      fail(r, msg);
      return false;
    }
    return true;
  }

  // crash_points mode: fail the next batch at one fail point (rotating), then restart; the
  // trigger that follows re-runs the batch and must give the same output.
  void crashAndRestart(TestQuery& q, bool allowNoDataBatch) {
    static const char* kPoints[] = {"after-offset-log", "after-state-commit", "before-sink-commit",
                                    "after-sink-commit"};
    auto point = streaming::parseFailPoint(kPoints[crashCounter_++ % 4]);
    q.query->execution()->runner().armFailPoint(*point);
    try {
      q.query->execution()->runManualTrigger(allowNoDataBatch);
      // Nothing ran (no batch to fail): disarm.
      q.query->execution()->runner().armFailPoint(streaming::FailPoint::kNone);
      return;
    } catch (const std::exception&) {
    }
    retire(q);
    launch(q);
  }

  bool check(const Record& r) {
    if (r.header.size() < 4) {
      fail(r, "check needs what, a query and a value");
      return false;
    }
    TestQuery* q = findQuery(r, 2);
    if (!q) return false;
    if (!q->query) {
      fail(r, "query '" + q->name + "' is stopped");
      return false;
    }
    auto& runner = q->query->execution()->runner();
    const std::string& what = r.header[1];
    std::string expected;
    for (size_t i = 3; i < r.header.size(); ++i) expected += (i > 3 ? " " : "") + r.header[i];
    std::string actual;
    if (what == "watermark") {
      actual = formatTimestamp(runner.watermarkMs() * 1000, *session_->timeZone());
      auto want = parseTimestamp(expected, *session_->timeZone());
      if (want && *want == runner.watermarkMs() * 1000) return true;
    } else if (what == "batch") {
      actual = std::to_string(runner.lastCommittedBatchId());
    } else if (what == "state") {
      expected = r.header.size() > 4 ? r.header[4] : "";
      bool ranSinceStart = runner.lastReport().has_value();
      actual = std::to_string(ranSinceStart ? runner.stateRows() : q->lastStateRows.value_or(0));
    } else if (what == "dropped") {
      actual = std::to_string(q->droppedBefore + runner.droppedByWatermark());
    } else {
      fail(r, "unknown check '" + what + "'");
      return false;
    }
    if (actual == expected) return true;
    fail(r, "check " + what + " differs: expected " + expected + ", actual " + actual);
    return false;
  }

  bool advanceClock(const Record& r) {
    if (r.header.size() < 4 || r.header[1] != "clock") {
      fail(r, "expected: advance clock <query> <interval>");
      return false;
    }
    TestQuery* q = findQuery(r, 2);
    if (!q) return false;
    std::string text;
    for (size_t i = 3; i < r.header.size(); ++i) text += (i > 3 ? " " : "") + r.header[i];
    auto interval = parseInterval(text);
    if (!interval) {
      fail(r, "not an interval: " + text);
      return false;
    }
    q->clock->advance(interval->days * 86'400'000LL + interval->micros / 1000);
    return true;
  }

  bool control(const Record& r) {
    TestQuery* q = findQuery(r, 1);
    if (!q) return false;
    try {
      if (r.kind == "stop") {
        if (q->query) q->query->stop();
        retire(*q);
      } else if (r.kind == "restart") {
        restart(*q);
      } else {
        auto point = r.header.size() > 2 ? streaming::parseFailPoint(r.header[2]) : std::nullopt;
        if (!point) {
          fail(r, "unknown fail point");
          return false;
        }
        if (!q->query) {
          fail(r, "query '" + q->name + "' is stopped");
          return false;
        }
        q->query->execution()->runner().armFailPoint(*point);
      }
    } catch (const std::exception& e) {
      fail(r, r.kind + " failed: " + e.what());
      return false;
    }
    return true;
  }

  std::string path_;
  std::string mode_;
  sql::SessionPtr session_;
  std::filesystem::path checkpointRoot_;
  std::map<std::string, TestQuery> queries_;
  int crashCounter_ = 0;
};

std::vector<std::string> collectFiles(const std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  for (const auto& in : inputs) {
    std::filesystem::path p(in);
    if (std::filesystem::is_directory(p)) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(p))
        if (e.is_regular_file() && e.path().extension() == ".test") files.push_back(e.path().string());
    } else if (std::filesystem::exists(p)) {
      files.push_back(p.string());
    } else {
      throw std::invalid_argument("no such test file or directory: " + in);
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

int runTestCommand(const CommonOptions& options) {
  std::string mode;
  std::vector<std::string> inputs;
  for (size_t i = 0; i < options.args.size(); ++i) {
    if (options.args[i] == "--mode") {
      if (i + 1 >= options.args.size()) throw std::invalid_argument("--mode needs a value");
      mode = options.args[++i];
    } else {
      inputs.push_back(options.args[i]);
    }
  }
  // Per-batch progress lines would drown the test output; SPATE_LOG_LEVEL still wins.
  if (!std::getenv("SPATE_LOG_LEVEL")) setLogLevel(LogLevel::kWarn);
  if (mode == "vector_size_7") setDefaultVectorSize(7);
  else if (!mode.empty() && mode != "partitions_4" && mode != "restart_each_trigger" && mode != "crash_points" &&
           mode != "rocksdb_state")
    throw std::invalid_argument("unknown mode '" + mode + "'");
  auto files = collectFiles(inputs);
  int passed = 0, failed = 0, skipped = 0, failedFiles = 0;
  for (const auto& f : files) {
    FileResult r;
    try {
      r = TestFileRunner(f, mode).run();
    } catch (const std::exception& e) {
      std::cerr << f << ": " << e.what() << "\n";
      r.failed = 1;
    }
    if (r.skipped) {
      ++skipped;
      std::cout << "SKIP " << f << " (" << r.skipReason << ")\n";
      continue;
    }
    passed += r.passed;
    failed += r.failed;
    if (r.failed) ++failedFiles;
    std::cout << (r.failed ? "FAIL " : "ok   ") << f << " (" << r.passed << " records)\n";
  }
  std::cout << files.size() << " files, " << failedFiles << " failing\n";
  std::cout << passed << " passed, " << failed << " failed, " << skipped << " skipped\n";
  return failed == 0 ? 0 : 1;
}

}  // namespace spate::cli
