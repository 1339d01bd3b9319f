// `spate run JOB.py` and `spate pyspark`: replace this process with the Python interpreter, with
// the build's Python package (build/python) and the pyspark compatibility package
// (build/python-compat, which makes `import pyspark` resolve to Spate) on PYTHONPATH. --master
// and --conf reach SparkSession as defaults through SPATE_SPARK_CONF (JSON), which the package
// reads when it creates a session; the application's own builder settings override them, as
// spark-submit's do.
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli_options.h"

namespace spate::cli {

namespace {

namespace fs = std::filesystem;

// What `spate pyspark` runs before the prompt: the names PySpark's shell defines.
const char* kShellBootstrap =
    "import pyspark\n"
    "from pyspark.context import SparkContext\n"
    "from pyspark.sql import SparkSession\n"
    "spark = SparkSession.builder.getOrCreate()\n"
    "sc = spark.sparkContext\n"
    "sql = spark.sql\n"
    "import sys\n"
    "if sc.uiWebUrl and sys.stdin.isatty():\n"
    "    print('Spark context Web UI available at ' + sc.uiWebUrl)\n";

std::string jsonString(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
          out += buffer;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string confJson(const std::map<std::string, std::string>& conf) {
  std::string out = "{";
  for (const auto& [k, v] : conf)
    out += (out.size() > 1 ? "," : "") + jsonString(k) + ":" + jsonString(v);
  return out + "}";
}

/// The build directory holding bin/spate, python/ and python-compat/.
fs::path buildDirectory() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) throw std::invalid_argument("cannot locate the spate executable: " + ec.message());
  return exe.parent_path().parent_path();
}

std::string pythonInterpreter() {
  if (const char* python = std::getenv("SPATE_PYTHON"); python && *python) return python;
  // The system interpreter: the one the extension module is built for (see docs/python.md).
  if (fs::exists("/usr/bin/python3")) return "/usr/bin/python3";
  return "python3";
}

}  // namespace

int runPythonCommand(const std::string& command, const std::vector<std::string>& argv) {
  // Options come before the job file; everything after it is the job's own arguments.
  CommonOptions options;
  std::vector<std::string> rest;
  size_t i = 0;
  for (; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "--master" || a == "--conf") {
      if (i + 1 >= argv.size()) throw std::invalid_argument(a + " needs a value");
      std::vector<std::string> pair{a, argv[++i]};
      CommonOptions parsed = parseCommonOptions(pair);
      if (a == "--master") options.master = parsed.master;
      for (const auto& [k, v] : parsed.conf) options.conf[k] = v;
    } else if (a.starts_with("--master=") || a.starts_with("--conf=")) {
      CommonOptions parsed = parseCommonOptions({a});
      if (a.starts_with("--master=")) options.master = parsed.master;
      for (const auto& [k, v] : parsed.conf) options.conf[k] = v;
    } else {
      break;
    }
  }
  rest.assign(argv.begin() + static_cast<long>(i), argv.end());

  fs::path build = buildDirectory();
  fs::path package = build / "python";
  fs::path compat = build / "python-compat";
  if (!fs::exists(package / "spate") || !fs::exists(compat / "pyspark"))
    throw std::invalid_argument("the Python package is not built in " + build.string() +
                                " (build the spate_python_native target)");

  std::map<std::string, std::string> conf = options.conf;
  conf["spark.master"] = options.master;
  std::vector<std::string> args{pythonInterpreter()};
  if (command == "pyspark") {
    if (!rest.empty())
      throw std::invalid_argument("pyspark takes no arguments besides --master and --conf");
    conf.try_emplace("spark.app.name", "PySparkShell");
    args.insert(args.end(), {"-q", "-i", "-c", kShellBootstrap});
  } else {
    if (rest.empty()) throw std::invalid_argument("run needs a job file (JOB.py)");
    conf.try_emplace("spark.app.name", fs::path(rest[0]).filename().string());
    args.insert(args.end(), rest.begin(), rest.end());
  }

  std::string pythonPath = package.string() + ":" + compat.string();
  if (const char* existing = std::getenv("PYTHONPATH"); existing && *existing)
    pythonPath += std::string(":") + existing;
  setenv("PYTHONPATH", pythonPath.c_str(), 1);
  setenv("SPATE_SPARK_CONF", confJson(conf).c_str(), 1);
  // Python's prints interleave in time order with what the engine prints (console sink).
  setenv("PYTHONUNBUFFERED", "1", 0);

  std::vector<char*> raw;
  for (auto& a : args) raw.push_back(a.data());
  raw.push_back(nullptr);
  std::cout.flush();
  execvp(raw[0], raw.data());
  std::cerr << "spate: cannot run " << args[0] << ": " << std::strerror(errno) << "\n";
  return 127;
}

}  // namespace spate::cli
