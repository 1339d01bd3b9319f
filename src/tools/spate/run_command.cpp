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
#include "server/session_ui.h"
#include "sql/parser.h"
#include "terminal_status.h"

namespace spate::cli {

namespace {

std::atomic<bool> stopRequested{false};

extern "C" void onStopSignal(int) { stopRequested = true; }

}  // namespace

std::vector<std::string> takeRunOptions(const std::vector<std::string>& argv, RunOptions& out) {
  std::vector<std::string> rest;
  size_t i = 0;
  for (; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "--progress-json" || a.starts_with("--progress-json=")) {
      if (a == "--progress-json" && i + 1 >= argv.size())
        throw std::invalid_argument("--progress-json needs a file");
      out.progressJson = a == "--progress-json" ? argv[++i] : a.substr(16);
    } else if (a == "--plain") {
      out.plain = true;
    } else if (a == "--master" || a == "--conf") {
      rest.push_back(a);
      if (i + 1 < argv.size()) rest.push_back(argv[++i]);
    } else if (a.starts_with("--")) {
      rest.push_back(a);
    } else {
      break;  // the job file: what follows belongs to the job
    }
  }
  rest.insert(rest.end(), argv.begin() + static_cast<std::ptrdiff_t>(i), argv.end());
  if (!out.progressJson.empty()) {
    // Absolute, so a job that changes directory still finds it (api/progress_json_log.h).
    out.progressJson = std::filesystem::absolute(out.progressJson).string();
    if (!std::ofstream(out.progressJson, std::ios::app))
      throw std::invalid_argument("cannot write the progress file " + out.progressJson);
    ::setenv(sql::kProgressJsonFileEnv, out.progressJson.c_str(), 1);
  }
  return rest;
}

int runRunCommand(const CommonOptions& options, const RunOptions& run) {
  if (options.args.empty()) throw std::invalid_argument("run needs a job file (JOB.sql)");
  const std::string& path = options.args[0];
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
  auto ui = server::tryStartUi(session);  // serves until the job returns
  // The live status quiets INFO, and with it the UI's "started at" line: give the URL here.
  if (ui && status && !isLogEnabled(LogLevel::kInfo))
    std::cerr << "Spark Web UI available at " << ui->url() << "\n";

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
