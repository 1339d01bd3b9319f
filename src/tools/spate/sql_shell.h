#pragma once

// Line editing for the interactive `spate sql` shell on a terminal: readline with tab completion
// from the session (sql_completion.h) and a history file. Only used when standard input is a
// terminal: piped input is never echoed, completed or written to the history.

#include <optional>
#include <string>

#include "api/session.h"
#include "sql_completion.h"

namespace spate::cli {

/// Entries kept in memory and in the history file.
inline constexpr int kHistorySize = 1000;

/// The history file: $SPATE_HISTORY_FILE if set (empty: none), else ~/.spate_history.
std::string historyFilePath();

/// What the session offers for completion now: its tables and their columns, the registry's
/// functions, the data source formats that are registered, the running queries' names.
CompletionCatalog completionCatalog(sql::Session& session);

/// Whether a statement names a secret (a password, token or key in OPTIONS or SET, credentials in
/// a URL): such statements stay in the session's history but are not written to the file.
bool containsSecret(const std::string& statement);

/// readline for one shell: installs completion over `session`, loads the history file, and
/// appends each statement to it at once (a crash loses nothing).
class ShellLineEditor {
 public:
  explicit ShellLineEditor(sql::Session& session);
  ~ShellLineEditor();
  ShellLineEditor(const ShellLineEditor&) = delete;
  ShellLineEditor& operator=(const ShellLineEditor&) = delete;

  /// One line, or nullopt at end of input (Ctrl-D). `pending` is what the statement being typed
  /// holds so far (earlier lines), which completion takes into account.
  std::optional<std::string> readLine(const char* prompt, const std::string& pending);
  /// Records a complete statement.
  void addHistory(const std::string& statement);

 private:
  std::string historyFile_;
};

}  // namespace spate::cli
