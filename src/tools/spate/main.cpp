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
    "  run [--progress-json FILE] [--plain] JOB.sql\n"
    "                              run a SQL job; returns when its streaming queries end (Ctrl-C\n"
    "                              stops them); a status line per query on a terminal unless\n"
    "                              --plain; --progress-json appends every progress report to FILE\n"
    "                              as a line of JSON\n"
    "  test [--mode NAME] PATH...  run .test files (files or directories)\n"
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
    spate::cli::CommonOptions options = spate::cli::parseCommonOptions(args);
    if (command == "sql") return spate::cli::runSqlCommand(options);
    if (command == "test") return spate::cli::runTestCommand(options);
    if (command == "run") return spate::cli::runRunCommand(options);
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
