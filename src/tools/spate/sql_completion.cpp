#include "sql_completion.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <optional>
#include <set>

#include "common/error.h"
#include "common/strings.h"
#include "sql/lexer.h"

namespace spate::cli {

namespace {

// The words the parser knows (sql/parser*.cpp), data types and interval units.
constexpr const char* kKeywords[] = {
    "ALL",          "AND",      "ANTI",      "ANY",      "ARRAY",     "AS",        "ASC",
    "BETWEEN",      "BIGINT",   "BINARY",    "BOOLEAN",  "BY",        "CASE",      "CAST",
    "CREATE",       "CROSS",    "CUBE",      "DATE",     "DAY",       "DAYS",      "DECIMAL",
    "DELAY",        "DESC",     "DESCRIBE",  "DISTINCT", "DOUBLE",    "DROP",      "ELSE",
    "END",          "ESCAPE",   "EXCEPT",    "EXISTS",   "EXPLAIN",   "EXTENDED",  "FALSE",
    "FIRST",        "FLOAT",    "FROM",      "FULL",     "FUNCTION",  "FUNCTIONS", "GROUP",
    "GROUPING",     "HAVING",   "HOUR",      "HOURS",    "IF",        "ILIKE",     "IN",
    "INNER",        "INSERT",   "INT",       "INTEGER",  "INTERSECT", "INTERVAL",  "INTO",
    "IS",           "JOIN",     "LAST",      "LEFT",     "LIKE",      "LIMIT",     "MAP",
    "MILLISECONDS", "MINUS",    "MINUTE",    "MINUTES",  "MONTH",     "MONTHS",    "NATURAL",
    "NOT",          "NULL",     "NULLS",     "OF",       "ON",        "OPTIONS",   "OR",
    "ORDER",        "OUTER",    "QUERY",     "REGEXP",   "REPLACE",   "RIGHT",     "RLIKE",
    "ROLLUP",       "SECOND",   "SECONDS",   "SELECT",   "SEMI",      "SET",       "SETS",
    "SHOW",         "SMALLINT", "STOP",      "STREAM",   "STREAMS",   "STRING",    "STRUCT",
    "TABLE",        "TABLES",   "TEMPORARY", "THEN",     "TIMESTAMP", "TINYINT",   "TRUE",
    "TRY_CAST",     "UNION",    "USING",     "VALUES",   "VIEW",      "WATERMARK", "WEEK",
    "WEEKS",        "WHEN",     "WHERE",     "WITH",     "YEAR",      "YEARS",
};

constexpr const char* kStatementKeywords[] = {"CREATE", "DESCRIBE", "DROP",   "EXIT", "EXPLAIN",
                                              "INSERT", "QUIT",     "SELECT", "SET",  "SHOW",
                                              "STOP",   "VALUES",   "WITH"};

bool isKeyword(std::string_view lowerWord) {
  for (const char* k : kKeywords)
    if (equalsIgnoreCase(lowerWord, k)) return true;
  return false;
}

bool isBreak(char c) { return std::strchr(kCompletionWordBreaks, c) != nullptr && c != '\0'; }

struct Scan {
  bool insideLiteral = false;  // a string, quoted identifier or comment is open at the cursor
  size_t statementStart = 0;
};

// Where the statement around the cursor starts, and whether the cursor is inside something that
// is not SQL words (completion must stay quiet there).
Scan scanTo(std::string_view text, size_t cursor) {
  Scan scan;
  char quote = 0;
  bool lineComment = false;
  bool blockComment = false;
  for (size_t i = 0; i < cursor; ++i) {
    char c = text[i];
    char next = i + 1 < text.size() ? text[i + 1] : '\0';
    if (lineComment) {
      if (c == '\n') lineComment = false;
    } else if (blockComment) {
      if (c == '*' && next == '/') blockComment = false, ++i;
    } else if (quote) {
      if (c == '\\' && quote != '`')
        ++i;
      else if (c == quote)
        quote = 0;
    } else if (c == '\'' || c == '"' || c == '`') {
      quote = c;
    } else if (c == '-' && next == '-') {
      lineComment = true, ++i;
    } else if (c == '/' && next == '*') {
      blockComment = true, ++i;
    } else if (c == ';') {
      scan.statementStart = i + 1;
    }
  }
  scan.insideLiteral = quote || lineComment || blockComment;
  return scan;
}

// The end of the statement that starts at `from` (its ';' or the end of the text).
size_t statementEnd(std::string_view text, size_t from) {
  char quote = 0;
  for (size_t i = from; i < text.size(); ++i) {
    char c = text[i];
    if (quote) {
      if (c == '\\' && quote != '`')
        ++i;
      else if (c == quote)
        quote = 0;
    } else if (c == '\'' || c == '"' || c == '`') {
      quote = c;
    } else if (c == ';') {
      return i;
    }
  }
  return text.size();
}

// Tokens of a piece of SQL; an unfinished comment further on ends it instead of failing.
std::vector<Token> tokensOf(std::string_view sql) {
  try {
    return tokenize(sql);
  } catch (const SpateError&) {
    return {};
  }
}

// The lower-case form used to recognise context words and names.
std::string wordOf(const Token& t) {
  if (t.kind == TokenKind::kWord || t.kind == TokenKind::kQuotedIdentifier ||
      t.kind == TokenKind::kOperator)
    return toLower(t.value);
  if (t.kind == TokenKind::kString) return "'";
  return std::string(t.text);
}

bool isName(const Token& t) {
  return t.kind == TokenKind::kWord || t.kind == TokenKind::kQuotedIdentifier;
}

// Keyword case follows what was typed: lower case only when the prefix is all lower case.
bool wantsLowerCase(std::string_view prefix) {
  bool letter = false;
  for (char c : prefix) {
    if (std::isupper(static_cast<unsigned char>(c))) return false;
    if (std::isalpha(static_cast<unsigned char>(c))) letter = true;
  }
  return letter;
}

class Candidates {
 public:
  explicit Candidates(std::string_view prefix) : prefix_(prefix), lower_(wantsLowerCase(prefix)) {}
  void add(std::string_view candidate, std::string_view qualifier = "") {
    if (candidate.size() >= prefix_.size() &&
        equalsIgnoreCase(candidate.substr(0, prefix_.size()), prefix_))
      out_.insert(std::string(qualifier) + std::string(candidate));
  }
  void addKeyword(std::string_view keyword) {
    add(lower_ ? toLower(keyword) : std::string(keyword));
  }
  template <typename Range>
  void addKeywords(const Range& keywords) {
    for (const auto& k : keywords) addKeyword(k);
  }
  bool empty() const { return out_.empty(); }
  std::vector<std::string> take() { return {out_.begin(), out_.end()}; }

 private:
  std::string_view prefix_;
  bool lower_;
  std::set<std::string> out_;
};

}  // namespace

Completion completeSql(std::string_view text, size_t cursor, const CompletionCatalog& catalog) {
  cursor = std::min(cursor, text.size());
  Completion result;
  size_t wordStart = cursor;
  while (wordStart > 0 && !isBreak(text[wordStart - 1])) --wordStart;
  result.start = wordStart;
  Scan scan = scanTo(text, cursor);
  if (scan.insideLiteral) return result;
  std::string_view word = text.substr(wordStart, cursor - wordStart);

  // The statement's tokens before the word (context) and all of them but the word (its tables).
  size_t stmtStart = scan.statementStart;
  std::string_view statement = text.substr(stmtStart, statementEnd(text, cursor) - stmtStart);
  std::vector<Token> before;
  std::vector<Token> all;
  for (const Token& t : tokensOf(statement)) {
    if (t.kind == TokenKind::kEnd) break;
    size_t begin = stmtStart + t.begin;
    if (begin + t.text.size() <= wordStart) before.push_back(t);
    if (begin != wordStart) all.push_back(t);
  }
  std::string p1 = before.empty() ? "" : wordOf(before.back());
  std::string p2 = before.size() < 2 ? "" : wordOf(before[before.size() - 2]);
  std::string first = before.empty() ? "" : wordOf(before.front());

  // Tables the statement names, and their aliases (`clicks c`, `clicks AS c`).
  std::map<std::string, const CompletionCatalog::Table*> byName;
  for (const auto& table : catalog.tables) byName[toLower(table.name)] = &table;
  std::map<std::string, const CompletionCatalog::Table*> named;  // lower-case name or alias
  for (size_t i = 0; i < all.size(); ++i) {
    if (!isName(all[i])) continue;
    auto it = byName.find(toLower(all[i].value));
    if (it == byName.end()) continue;
    named[it->first] = it->second;
    size_t aliasAt = i + 1 < all.size() && wordOf(all[i + 1]) == "as" ? i + 2 : i + 1;
    if (aliasAt < all.size() && isName(all[aliasAt]) &&
        (all[aliasAt].kind == TokenKind::kQuotedIdentifier || !isKeyword(all[aliasAt].value)))
      named[toLower(all[aliasAt].value)] = it->second;
  }

  // `q.prefix`: the columns of q.
  if (size_t dot = word.rfind('.'); dot != std::string_view::npos) {
    std::string_view qualifier = word.substr(0, dot + 1);
    std::string_view last = word.substr(0, dot);
    if (size_t inner = last.rfind('.'); inner != std::string_view::npos)
      last = last.substr(inner + 1);
    Candidates out(word.substr(dot + 1));
    const CompletionCatalog::Table* table = nullptr;
    if (auto it = named.find(toLower(last)); it != named.end())
      table = it->second;
    else if (auto it = byName.find(toLower(last)); it != byName.end())
      table = it->second;
    if (table)
      for (const auto& column : table->columns) out.add(column, qualifier);
    result.candidates = out.take();
    return result;
  }

  Candidates out(word);
  auto addTables = [&] {
    for (const auto& table : catalog.tables) out.add(table.name);
  };
  if (before.empty()) {
    out.addKeywords(kStatementKeywords);
  } else if (p1 == "from" || p1 == "join") {
    addTables();
    out.addKeyword("STREAM");
  } else if (p1 == "into" || p1 == "table" || p1 == "view" || (p1 == "exists" && p2 == "if") ||
             (p1 == "stream" && p2 != "stop") || (p1 == "(" && p2 == "stream")) {
    addTables();
  } else if (p1 == "stream" && p2 == "stop") {
    for (const auto& s : catalog.streams) out.add(s);
  } else if (p1 == "describe") {
    addTables();
    out.addKeywords(std::initializer_list<const char*>{"FUNCTION", "QUERY", "TABLE"});
  } else if (p1 == "function" && p2 == "describe") {
    for (const auto& f : catalog.functions) out.add(f);
  } else if (p1 == "using" && first == "create") {
    for (const auto& f : catalog.formats) out.add(f);
  } else if (p1 == "show") {
    out.addKeywords(std::initializer_list<const char*>{"FUNCTIONS", "STREAMS", "TABLES"});
  } else {
    // An expression, a clause keyword or an alias: columns first.
    bool noTable = named.empty();
    for (const auto& table : catalog.tables) {
      if (!noTable && !named.contains(toLower(table.name))) continue;
      for (const auto& column : table.columns) out.add(column);
    }
    if (!word.empty() || out.empty()) {
      for (const auto& f : catalog.functions) out.add(f);
      out.addKeywords(kKeywords);
    }
  }
  result.candidates = out.take();
  return result;
}

}  // namespace spate::cli
