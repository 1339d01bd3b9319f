#pragma once

// Tab completion for the `spate sql` shell, as a pure function of the text typed so far and a
// snapshot of the session (tables and their columns, functions, data source formats, running
// streams), so it can be tested without a terminal. The shell's readline glue builds the snapshot
// and hands readline the candidates.

#include <string>
#include <string_view>
#include <vector>

namespace spate::cli {

/// What completion can offer.
struct CompletionCatalog {
  struct Table {
    std::string name;
    std::vector<std::string> columns;
  };
  std::vector<Table> tables;
  std::vector<std::string> functions;
  /// Formats after CREATE TABLE … USING.
  std::vector<std::string> formats;
  /// Names of running streaming queries, after STOP STREAM.
  std::vector<std::string> streams;
};

/// Characters that end the word being completed; readline's rl_completer_word_break_characters is
/// set to the same. A dot is not one: `t.us` is completed as a whole, to `t.user`.
inline constexpr const char* kCompletionWordBreaks = " \t\n,;()=<>+-*/%|!&^~'\"`";

struct Completion {
  /// Byte offset in the text where the word that a candidate replaces starts.
  size_t start = 0;
  /// Sorted, without duplicates; each replaces text[start, cursor).
  std::vector<std::string> candidates;
};

/// Candidates for the word ending at byte `cursor` of `text` (the whole input so far: earlier lines
/// of a multi-line statement, then the current line):
/// - a statement's first word: the statements' keywords;
/// - after FROM, JOIN, INTO, TABLE, STREAM, DESCRIBE: table names;
/// - after `USING` in CREATE TABLE: formats; after STOP STREAM: running streams; after DESCRIBE
///   FUNCTION: functions; after SHOW: TABLES, FUNCTIONS, STREAMS;
/// - `q.prefix`: the columns of the table named or aliased q;
/// - elsewhere: columns (of the tables the statement names, or of every table when it names
///   none), functions and keywords — only columns when nothing is typed yet, if there are any.
/// Matching ignores case. Keywords come in upper case unless the typed prefix is all lower case.
/// Nothing is offered inside a string literal, a quoted identifier or a comment.
Completion completeSql(std::string_view text, size_t cursor, const CompletionCatalog& catalog);

}  // namespace spate::cli
