// `spate run JOB.sql`: runs a SQL job's statements in order; every INSERT INTO <sink table>
// SELECT … FROM STREAM(…) starts a streaming query. Returns when every query has ended; SIGINT
// and SIGTERM stop the queries gracefully (the running batch finishes and commits).
#include <atomic>
#include <chrono>
#include <csignal>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include "api/dataframe.h"
#include "api/streaming.h"
#include "cli_options.h"
#include "common/error.h"
#include "common/strings.h"
#include "server/session_ui.h"
#include "sql/parser.h"

namespace spate::cli {

namespace {

std::atomic<bool> stopRequested{false};

extern "C" void onStopSignal(int) { stopRequested = true; }

}  // namespace

int runRunCommand(const CommonOptions& options) {
  if (options.args.empty()) throw std::invalid_argument("run needs a job file (JOB.sql)");
  const std::string& path = options.args[0];
  std::ifstream in(path);
  if (!in) throw std::invalid_argument("cannot read job file " + path);
  std::stringstream text;
  text << in.rdbuf();

  auto builder = sql::Session::builder().master(options.master).appName("spate-run");
  for (const auto& [k, v] : options.conf) builder.config(k, v);
  auto session = builder.getOrCreate();
  auto ui = server::tryStartUi(session);  // serves until the job returns

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
      if (statement->kind == Statement::Kind::kQuery) std::cout << df.showString(20, 20) << std::flush;
    }
  } catch (const SpateError& e) {
    std::cerr << "Error in job " << path << ": " << e.what() << "\n";
    session->stop();
    return 1;
  }
  while (!session->queryManager().active().empty()) {
    if (stopRequested) {
      std::cerr << "Stopping " << session->queryManager().active().size() << " streaming queries\n";
      session->stop();
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::lock_guard lock(failuresMutex);
  for (const auto& f : failures) std::cerr << f << "\n";
  return failures.empty() ? 0 : 1;
}

}  // namespace spate::cli
