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
int runRunCommand(const CommonOptions& options);
int runKafkaBrokerCommand(const CommonOptions& options);
/// `spate run JOB.py` / `spate pyspark`: execs the Python interpreter (options before the job file,
/// the job's own arguments after it).
int runPythonCommand(const std::string& command, const std::vector<std::string>& argv);

}  // namespace spate::cli
