#include "sql_shell.h"

#include <fcntl.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "common/redaction.h"
#include "connector/api/connector.h"
#include "function/registry.h"
#include "function_reference.h"
#include "sql/analyzer.h"
#include "sql/parser.h"

namespace spate::cli {

namespace {

// readline calls plain functions: the shell's session and the statement typed so far.
sql::Session* completionSession = nullptr;
const std::string* pendingText = nullptr;
std::vector<std::string> matches;
size_t nextMatch = 0;

char* nextCompletion(const char*, int state) {
  if (state == 0) nextMatch = 0;
  if (nextMatch >= matches.size()) return nullptr;
  return strdup(matches[nextMatch++].c_str());  // readline frees it
}

char** attemptCompletion(const char* text, int start, int) {
  rl_attempted_completion_over = 1;  // never fall back to file names
  if (!completionSession) return nullptr;
  std::string before = pendingText ? *pendingText : "";
  std::string all = before + rl_line_buffer;
  Completion completion = completeSql(all, before.size() + static_cast<size_t>(rl_point),
                                      completionCatalog(*completionSession));
  // Both split words at kCompletionWordBreaks, so they agree on where the word starts.
  if (completion.start != before.size() + static_cast<size_t>(start)) return nullptr;
  matches = std::move(completion.candidates);
  return rl_completion_matches(text, nextCompletion);
}

// Formats completed after USING: those the session handles itself, and the registered ones.
const char* kKnownFormats[] = {
    "console", "csv",  "foreach", "http_sse",         "jdbc",   "json", "kafka",
    "memory",  "noop", "rate",    "rate-micro-batch", "socket", "text"};

}  // namespace

std::string historyFilePath() {
  if (const char* file = std::getenv("SPATE_HISTORY_FILE")) return file;
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::string(home) + "/.spate_history";
  return "";
}

CompletionCatalog completionCatalog(sql::Session& session) {
  CompletionCatalog catalog;
  for (const auto& entry : session.tables()) {
    CompletionCatalog::Table table{entry.name, {}};
    if (entry.plan)
      for (const auto& attribute : entry.plan->output) table.columns.push_back(attribute.name);
    catalog.tables.push_back(std::move(table));
  }
  for (const auto& name : FunctionRegistry::instance().names())
    if (!isOperatorFunctionName(name)) catalog.functions.push_back(name);
  for (const auto& doc : plannerFunctionDocs()) catalog.functions.push_back(doc.name);
  const auto& connectors = connector::ConnectorRegistry::instance();
  for (const char* format : kKnownFormats) {
    bool builtIn = std::strcmp(format, "memory") == 0 || std::strcmp(format, "csv") == 0 ||
                   std::strcmp(format, "json") == 0 || std::strcmp(format, "text") == 0;
    if (builtIn || connectors.findSource(format) || connectors.findSink(format) ||
        connectors.findBatchSource(format) || connectors.findBatchSink(format))
      catalog.formats.push_back(format);
  }
  for (const auto& query : session.queryManager().active())
    if (!query->name().empty()) catalog.streams.push_back(query->name());
  return catalog;
}

bool containsSecret(const std::string& statement) {
  try {
    StatementPtr parsed = parseStatement(statement);
    if (parsed->kind == Statement::Kind::kSet && isSecretKey(parsed->key)) return true;
    for (const auto& [key, value] : parsed->options)
      if (isSecretKey(key) || redactUrl(value) != value) return true;
  } catch (const std::exception&) {
    // Not a statement the parser knows: nothing to recognise a secret by.
  }
  return false;
}

ShellLineEditor::ShellLineEditor(sql::Session& session) : historyFile_(historyFilePath()) {
  completionSession = &session;
  static std::string wordBreaks = kCompletionWordBreaks;
  rl_completer_word_break_characters = wordBreaks.data();
  rl_attempted_completion_function = attemptCompletion;
  rl_readline_name = "spate";  // `$if spate` in ~/.inputrc
  using_history();
  stifle_history(kHistorySize);
  // Timestamp lines ("#<epoch>", as bash writes them) let a multi-line statement come back from the
  // file as one entry.
  history_comment_char = '#';
  history_write_timestamps = 1;
  history_multiline_entries = 1;
  if (!historyFile_.empty()) read_history(historyFile_.c_str());
}

ShellLineEditor::~ShellLineEditor() {
  completionSession = nullptr;
  pendingText = nullptr;
  rl_attempted_completion_function = nullptr;
}

std::optional<std::string> ShellLineEditor::readLine(const char* prompt,
                                                     const std::string& pending) {
  pendingText = &pending;
  char* line = readline(prompt);
  pendingText = nullptr;
  if (!line) return std::nullopt;
  std::string text = line;
  std::free(line);
  return text;
}

void ShellLineEditor::addHistory(const std::string& statement) {
  HIST_ENTRY* last = history_length > 0 ? history_get(history_base + history_length - 1) : nullptr;
  if (last && statement == last->line) return;  // no repeated entries
  add_history(statement.c_str());
  if (historyFile_.empty() || containsSecret(statement)) return;
  // append_history needs the file; queries can hold private data, so only the user reads it.
  int fd = ::open(historyFile_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  if (fd < 0) return;
  ::close(fd);
  append_history(1, historyFile_.c_str());
  history_truncate_file(historyFile_.c_str(), kHistorySize);
}

}  // namespace spate::cli
