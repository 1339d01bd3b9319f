// The `spate` command line: sql, run, test, --version, --help (interfaces.md).
#include <iostream>
#include <stdexcept>

#include "cli_options.h"
#include "common/error.h"

namespace {

const char* kUsage =
    "Usage: spate <command> [options]\n"
    "\n"
    "Commands:\n"
    "  sql [-e SQL | -f FILE]      run SQL statements, or an interactive SQL shell without -e/-f\n"
    "  run JOB.sql                 run a SQL job; returns when its streaming queries end (Ctrl-C\n"
    "                              stops them)\n"
    "  run JOB.py [ARGS...]        run a PySpark job on Spate (`import pyspark` is Spate's)\n"
    "      run options (before the job file):\n"
    "      --progress-json FILE    append every progress report of the job's queries to FILE, one\n"
    "                              line of JSON each\n"
    "      --plain                 log lines instead of a status line per query on a terminal\n"
    "  pyspark                     interactive Python shell with `spark` defined, as PySpark's\n"
    "  test [--mode NAME] PATH...  run .test files (files or directories)\n"
    "  kafka-broker [--brokers N] [--topic NAME:PARTITIONS]... [--bootstrap-file F]\n"
    "                              run a Kafka-protocol broker on 127.0.0.1 until Ctrl-C\n"
    "  functions [--markdown]      list the SQL functions (--markdown: as docs/functions.md)\n"
    "\n"
    "Options:\n"
    "  --master local[N]           worker threads (local[*] = all cores; default local[*])\n"
    "  --conf key=value            a Spark configuration setting (repeatable)\n"
    "  --version                   print the version\n"
    "  --help                      print this help\n";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kUsage;
    return args.empty() ? 1 : 0;
  }
  if (args[0] == "--version" || args[0] == "version") {
    std::cout << "spate 0.1.0 (Spark 3.5 semantics)\n";
    return 0;
  }
  std::string command = args[0];
  args.erase(args.begin());
  try {
    // spate run's own options (--progress-json, --plain) apply to SQL and Python jobs alike.
    spate::cli::RunOptions run;
    if (command == "run") args = spate::cli::takeRunOptions(args, run);
    // Python jobs take the options before the job file and pass the rest to the job.
    bool pythonJob = command == "run" && [&] {
      for (size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--master" || args[i] == "--conf") {
          ++i;
          continue;
        }
        if (args[i].starts_with("--")) continue;
        return args[i].ends_with(".py");
      }
      return false;
    }();
    if (command == "pyspark" || pythonJob) return spate::cli::runPythonCommand(command, args);
    spate::cli::CommonOptions options = spate::cli::parseCommonOptions(args);
    if (command == "sql") return spate::cli::runSqlCommand(options);
    if (command == "test") return spate::cli::runTestCommand(options);
    if (command == "run") return spate::cli::runRunCommand(options, run);
    if (command == "kafka-broker") return spate::cli::runKafkaBrokerCommand(options);
    if (command == "functions") return spate::cli::runFunctionsCommand(options);
    std::cerr << "spate: unknown command '" << command << "'\n\n" << kUsage;
    return 2;
  } catch (const std::invalid_argument& e) {
    std::cerr << "spate: " << e.what() << "\n";
    return 2;
  } catch (const spate::SpateError& e) {
    std::cerr << "Error: " << e.what() << "\n";
    return 1;
  }
}
