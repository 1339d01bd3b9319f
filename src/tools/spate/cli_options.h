#pragma once

#include <map>
#include <string>
#include <vector>

namespace spate::cli {

/// Options every subcommand accepts: --master local[N], --conf key=value (repeatable).
struct CommonOptions {
  std::string master = "local[*]";
  std::map<std::string, std::string> conf;
  std::vector<std::string> args;  ///< what remains after the common options
};

/// Splits argv into the common options and the rest; throws std::invalid_argument on a bad option.
CommonOptions parseCommonOptions(const std::vector<std::string>& argv);

/// Spark SQL's variable substitution: ${key} becomes the value of configuration `key`.
std::string substituteVariables(const std::string& text, const std::map<std::string, std::string>& conf);

int runSqlCommand(const CommonOptions& options);
int runTestCommand(const CommonOptions& options);
/// `spate run`'s own options, given before the job file.
struct RunOptions {
  std::string progressJson;  ///< --progress-json FILE (absolute)
  bool plain = false;        ///< --plain: log lines even on a terminal
};

/// Takes --progress-json FILE and --plain out of the arguments that come before the job file, and
/// sets SPATE_PROGRESS_JSON for every session of the job (this process's, or a Python child's);
/// throws std::invalid_argument for a missing value or a file that cannot be written.
std::vector<std::string> takeRunOptions(const std::vector<std::string>& argv, RunOptions& out);

int runRunCommand(const CommonOptions& options, const RunOptions& run);
int runFunctionsCommand(const CommonOptions& options);
int runKafkaBrokerCommand(const CommonOptions& options);
/// `spate run JOB.py` / `spate pyspark`: execs the Python interpreter (options before the job file,
/// the job's own arguments after it).
int runPythonCommand(const std::string& command, const std::vector<std::string>& argv);

}  // namespace spate::cli
