// `spate test`: runs .test files (spec/test_format.md), batch part: statement ok|error, query,
// require-env, comments. Each file runs in a fresh session (local[2], UTC).
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
#include "cli_options.h"
#include "common/error.h"
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
    session_ = sql::Session::builder()
                   .master("local[2]")
                   .config("spark.sql.session.timeZone", "UTC")
                   .getOrCreate();
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
    fail(r, "unknown or unsupported directive '" + kind + "'");
    return false;
  }

  std::string path_;
  std::string mode_;
  sql::SessionPtr session_;
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
