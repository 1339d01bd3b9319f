// `spate sql`: runs statements from -e / -f, or an interactive shell (on a terminal: line editing,
// completion and history, sql_shell.h).
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "api/dataframe.h"
#include "cli_options.h"
#include "common/error.h"
#include "common/strings.h"
#include "server/session_ui.h"
#include "sql/parser.h"
#include "sql_shell.h"

namespace spate::cli {

namespace {

struct PrintOptions {
  int maxRows = 1000;
  int truncate = 20;
};

sql::SessionPtr makeSession(const CommonOptions& options) {
  auto builder = sql::Session::builder().master(options.master).appName("spate-sql");
  for (const auto& [k, v] : options.conf) builder.config(k, v);
  return builder.getOrCreate();
}

// Runs every statement of a script; prints each result that has columns. Returns false on error.
bool runScript(sql::Session& session, const std::string& script, const PrintOptions& print,
               const std::map<std::string, std::string>& conf) {
  std::string text = substituteVariables(script, conf);
  try {
    for (const auto& statement : parseStatements(text)) {
      sql::DataFrame df = session.sql(statement->text);
      if (!df.plan()->output.empty() || statement->kind == Statement::Kind::kQuery)
        std::cout << df.showString(print.maxRows, print.truncate) << std::flush;
    }
    return true;
  } catch (const SpateError& e) {
    std::cerr << "Error in query: " << e.what() << "\n";
    return false;
  } catch (const std::exception& e) {
    std::cerr << "Error: " << e.what() << "\n";
    return false;
  }
}

bool statementComplete(const std::string& buffer) {
  // Complete when the last non-blank character outside quotes and comments is ';'.
  char quote = 0;
  bool lastSemicolon = false;
  for (size_t i = 0; i < buffer.size(); ++i) {
    char c = buffer[i];
    if (quote) {
      if (c == '\\') ++i;
      else if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '"' || c == '`') {
      quote = c;
      lastSemicolon = false;
    } else if (c == '-' && i + 1 < buffer.size() && buffer[i + 1] == '-') {
      while (i < buffer.size() && buffer[i] != '\n') ++i;
    } else if (c == ';') {
      lastSemicolon = true;
    } else if (!std::isspace(static_cast<unsigned char>(c))) {
      lastSemicolon = false;
    }
  }
  return lastSemicolon;
}

int interactive(sql::Session& session, const PrintOptions& print,
                const std::map<std::string, std::string>& conf) {
  // Line editing, completion and history only on a terminal: piped input is not echoed, and a
  // script's statements do not belong in the user's history.
  std::optional<ShellLineEditor> editor;
  if (isatty(STDIN_FILENO)) {
    editor.emplace(session);
    std::cout << "Spate SQL shell (Spark 3.5 SQL). End statements with ';', quit with 'exit;' or "
                 "Ctrl-D.\n";
  }
  std::string buffer;
  for (;;) {
    std::string text;
    if (editor) {
      auto line = editor->readLine(buffer.empty() ? "spark-sql> " : "         > ", buffer);
      if (!line) break;
      text = std::move(*line);
    } else if (!std::getline(std::cin, text)) {
      break;
    }
    if (buffer.empty() && trimWhitespace(text).empty()) continue;
    buffer += text + "\n";
    if (!statementComplete(buffer)) continue;
    std::string statement(trimWhitespace(buffer));
    buffer.clear();
    if (editor) editor->addHistory(statement);
    std::string lower = toLower(statement);
    if (lower == "exit;" || lower == "quit;") break;
    runScript(session, statement, print, conf);
  }
  return 0;
}

}  // namespace

int runSqlCommand(const CommonOptions& options) {
  PrintOptions print;
  std::string script;
  bool haveScript = false;
  const auto& args = options.args;
  for (size_t i = 0; i < args.size(); ++i) {
    auto value = [&](const char* name) {
      if (i + 1 >= args.size()) throw std::invalid_argument(std::string(name) + " needs a value");
      return args[++i];
    };
    if (args[i] == "-e") {
      script += value("-e") + "\n";
      haveScript = true;
    } else if (args[i] == "-f") {
      std::string path = value("-f");
      std::ifstream in(path);
      if (!in) throw std::invalid_argument("cannot read file '" + path + "'");
      std::stringstream ss;
      ss << in.rdbuf();
      script += ss.str() + "\n";
      haveScript = true;
    } else if (args[i] == "--max-rows") {
      print.maxRows = std::stoi(value("--max-rows"));
    } else if (args[i] == "--truncate") {
      print.truncate = std::stoi(value("--truncate"));
    } else {
      throw std::invalid_argument("unknown sql option '" + args[i] + "'");
    }
  }
  auto session = makeSession(options);
  std::map<std::string, std::string> conf = session->conf().getAll();
  if (!haveScript) {
    // The shell lives long enough to look at; a one-shot -e/-f run would be gone before a page.
    auto ui = server::tryStartUi(session);
    return interactive(*session, print, conf);
  }
  return runScript(*session, script, print, conf) ? 0 : 1;
}

}  // namespace spate::cli
