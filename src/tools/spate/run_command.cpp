// `spate run JOB.sql`: runs a SQL job's statements in order; every INSERT INTO <sink table>
// SELECT … FROM STREAM(…) starts a streaming query. Returns when every query has ended; SIGINT
// and SIGTERM stop the queries gracefully (the running batch finishes and commits). On a terminal
// a live status line per query shows its progress; --progress-json FILE appends every progress
// event to FILE as a JSON line.
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include "api/dataframe.h"
#include "api/progress_json_log.h"
#include "api/streaming.h"
#include "cli_options.h"
#include "common/error.h"
#include "common/logging.h"
#include "common/strings.h"
#include "common/terminal_output.h"
#include "sql/parser.h"
#include "terminal_status.h"

namespace spate::cli {

namespace {

std::atomic<bool> stopRequested{false};

extern "C" void onStopSignal(int) { stopRequested = true; }

struct RunOptions {
  std::string job;
  std::string progressJson;  ///< --progress-json FILE
  bool plain = false;        ///< --plain: log lines even on a terminal
  std::vector<std::string> jobArgs;
};

// `spate run [--progress-json FILE] [--plain] JOB [ARGS…]`: options come before the job file;
// what follows it belongs to the job.
RunOptions parseRunOptions(const std::vector<std::string>& args) {
  RunOptions out;
  size_t i = 0;
  for (; i < args.size() && out.job.empty(); ++i) {
    const std::string& a = args[i];
    if (a == "--progress-json" || a.starts_with("--progress-json=")) {
      if (a == "--progress-json" && i + 1 >= args.size())
        throw std::invalid_argument("--progress-json needs a file");
      out.progressJson = a == "--progress-json" ? args[++i] : a.substr(16);
    } else if (a == "--plain") {
      out.plain = true;
    } else if (a.starts_with("--")) {
      throw std::invalid_argument("unknown run option '" + a + "'");
    } else {
      out.job = a;
    }
  }
  if (out.job.empty()) throw std::invalid_argument("run needs a job file (JOB.sql)");
  out.jobArgs.assign(args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
  if (!out.progressJson.empty()) {
    // Every session of the job (SQL, or Python in a child process) reads it from the environment
    // (api/progress_json_log.h). Absolute, so a job that changes directory still finds it.
    std::string file = std::filesystem::absolute(out.progressJson).string();
    if (!std::ofstream(file, std::ios::app))
      throw std::invalid_argument("cannot write the progress file " + file);
    ::setenv(sql::kProgressJsonFileEnv, file.c_str(), 1);
  }
  return out;
}

}  // namespace

int runRunCommand(const CommonOptions& options) {
  RunOptions run = parseRunOptions(options.args);
  const std::string& path = run.job;
  if (path.ends_with(".py"))
    throw std::invalid_argument("Python jobs need Spate's Python package, which this build does not include: " + path);
  std::ifstream in(path);
  if (!in) throw std::invalid_argument("cannot read job file " + path);
  std::stringstream text;
  text << in.rdbuf();

  // The live status replaces INFO's per-batch progress logs on a terminal (SPATE_LOG_LEVEL wins).
  std::shared_ptr<TerminalStatus> status;
  if (!run.plain && liveStatusSupported()) {
    if (!std::getenv("SPATE_LOG_LEVEL")) setLogLevel(LogLevel::kWarn);
    status = std::make_shared<TerminalStatus>();
  }

  auto builder = sql::Session::builder().master(options.master).appName("spate-run");
  for (const auto& [k, v] : options.conf) builder.config(k, v);
  auto session = builder.getOrCreate();
  if (status) session->streams().addListener(status);

  std::mutex failuresMutex;
  std::vector<std::string> failures;
  streaming::QueryEventSink observer;
  observer.terminated = [&](const streaming::StreamExecution& q, const std::optional<std::string>& error) {
    if (!error) return;
    std::lock_guard lock(failuresMutex);
    failures.push_back("Query " + (q.name().empty() ? q.id() : q.name()) + " failed: " + *error);
  };
  session->queryManager().addObserver(observer);

  std::signal(SIGINT, onStopSignal);
  std::signal(SIGTERM, onStopSignal);
  try {
    std::string script = substituteVariables(text.str(), session->conf().getAll());
    for (const auto& statement : parseStatements(script)) {
      sql::DataFrame df = session->sql(statement->text);
      if (statement->kind == Statement::Kind::kQuery) {
        std::string shown = df.showString(20, 20);
        withTerminalOutput([&] { std::cout << shown << std::flush; });
      }
    }
  } catch (const SpateError& e) {
    session->stop();
    if (status) status->close();
    std::cerr << "Error in job " << path << ": " << e.what() << "\n";
    return 1;
  }
  while (!session->queryManager().active().empty()) {
    if (stopRequested) {
      size_t active = session->queryManager().active().size();
      withTerminalOutput(
          [&] { std::cerr << "Stopping " << active << " streaming queries" << std::endl; });
      session->stop();
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (status) status->close();
  std::lock_guard lock(failuresMutex);
  for (const auto& f : failures) std::cerr << f << "\n";
  return failures.empty() ? 0 : 1;
}

}  // namespace spate::cli
