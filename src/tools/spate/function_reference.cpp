#include "function_reference.h"

#include <fmt/format.h>

#include <cctype>
#include <map>

#include "sql/analyzer.h"

namespace spate::cli {

namespace {

struct Section {
  const char* family;
  const char* title;
  const char* intro;
};

// The registry's families in the order and with the titles the reference uses.
constexpr Section kSections[] = {
    {"aggregate", "Aggregate functions",
     "Used with `GROUP BY` (or over the whole input); `count(DISTINCT x)` and the like are not "
     "supported on streams, as in Spark."},
    {"planner", "Event-time windows and grouping",
     "Resolved by the planner rather than the registry (so `SHOW FUNCTIONS` does not list "
     "them). `window` and `session_window` are used in `GROUP BY`; the grouping column is named "
     "after the function, so `window.start` and `window.end` can be selected."},
    {"arithmetic", "Arithmetic",
     "Besides the operators `+`, `-`, `*`, `/` (always a DOUBLE or DECIMAL), `%`, `div` and the "
     "bitwise `&`, `|`, `^`, `~`:"},
    {"cast", "Casts", "`int(x)` is `CAST(x AS INT)`, and so on for every type name."},
    {"collection", "Arrays, maps and structs", ""},
    {"conditional", "Conditional functions", ""},
    {"datetime", "Date and time functions",
     "Timestamps are microseconds since the epoch, shown in `spark.sql.session.timeZone`."},
    {"generator", "Generators",
     "Table-generating functions: one input row gives zero or more output rows."},
    {"hash", "Hash functions", ""},
    {"json", "JSON functions", ""},
    {"math", "Mathematical functions", ""},
    {"predicate", "Predicates", ""},
    {"regex", "Regular expressions", "Patterns are Java regular expressions, as in Spark."},
    {"string", "String functions", ""},
};

// Descriptions read as sentences: a capital and a full stop. A description that starts by naming
// a function ("explode, with a row of NULLs …") keeps the name's case.
std::string sentence(std::string text, const FunctionRegistry& registry) {
  if (text.empty()) return text;
  size_t word = 0;
  while (word < text.size() &&
         (std::isalnum(static_cast<unsigned char>(text[word])) || text[word] == '_'))
    ++word;
  bool namesFunction = word < text.size() && (text[word] == ',' || text[word] == '(') &&
                       registry.find(text.substr(0, word));
  if (std::islower(static_cast<unsigned char>(text[0])) && !namesFunction)
    text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  if (text.back() != '.') text += '.';
  return text;
}

std::string kindOf(const FunctionEntry& entry) {
  if (entry.generator) return "generator";
  if (entry.aggregate) return "aggregate";
  return "scalar";
}

// A table cell: `|` would end it, a newline would end the row.
std::string cell(std::string text) {
  std::string out;
  for (char c : text) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n')
      out += ' ';
    else
      out += c;
  }
  return out;
}

// GitHub's heading anchor: lower case, spaces to dashes, punctuation dropped.
std::string anchor(std::string_view title) {
  std::string out;
  for (char c : title) {
    if (std::isalnum(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::tolower(c));
    else if (c == ' ' || c == '-')
      out += '-';
  }
  return out;
}

}  // namespace

std::vector<FunctionDoc> functionDocs(const FunctionRegistry& registry) {
  std::vector<FunctionDoc> out;
  for (const auto& name : registry.names()) {
    if (isOperatorFunctionName(name)) continue;
    const FunctionEntry& entry = *registry.find(name);
    FunctionDoc doc{name, kindOf(entry), entry.family, "", "", entry.aliasOf};
    // Usage reads "name(args) - What it does."; an alias shares its target's text.
    std::string usage = entry.usage;
    size_t dash = usage.find(" - ");
    doc.signature = dash == std::string::npos ? name : usage.substr(0, dash);
    doc.description = dash == std::string::npos ? usage : usage.substr(dash + 3);
    // A synonym registered with its twin's binder and usage ("any" reads "bool_or(expr) - …").
    std::string called = doc.signature.substr(0, doc.signature.find('('));
    if (doc.aliasOf.empty() && called != name && doc.signature.size() > called.size() &&
        registry.find(called))
      doc.aliasOf = called;
    if (!doc.aliasOf.empty() && doc.signature.starts_with(doc.aliasOf + "("))
      doc.signature = name + doc.signature.substr(doc.aliasOf.size());
    doc.description = sentence(doc.description, registry);
    if (!doc.aliasOf.empty())
      doc.description = "Alias of `" + doc.aliasOf + "`." +
                        (doc.description.empty() ? "" : " " + doc.description);
    out.push_back(std::move(doc));
  }
  for (const auto& doc : plannerFunctionDocs()) out.push_back(doc);
  return out;
}

const std::vector<FunctionDoc>& plannerFunctionDocs() {
  static const std::vector<FunctionDoc> docs = {
      {"grouping", "scalar", "planner", "grouping(col)",
       "1 when `col` is rolled up in this row's grouping set (with `CUBE`, `ROLLUP` or `GROUPING "
       "SETS`), 0 otherwise.",
       ""},
      {"grouping_id", "scalar", "planner", "grouping_id([col1, ...])",
       "The bits of `grouping` of the columns (of every grouping column when none are given).", ""},
      {"session_window", "scalar", "planner", "session_window(timeColumn, gapDuration)",
       "A session window {start, end}: rows of a key closer than `gapDuration` (an interval "
       "string, or an expression giving one per row) fall in one session; sessions that overlap "
       "or touch merge.",
       ""},
      {"window", "scalar", "planner",
       "window(timeColumn, windowDuration[, slideDuration[, startTime]])",
       "The tumbling (or, with `slideDuration`, sliding) event-time window {start, end} of "
       "`timeColumn`. Windows start at `startTime` plus multiples of the slide (of the duration "
       "without a slide), so with a slide shorter than the duration a row is in several windows.",
       ""},
  };
  return docs;
}

std::string functionReferenceMarkdown(const std::vector<FunctionDoc>& functions) {
  std::map<std::string, std::vector<const FunctionDoc*>> byFamily;
  std::map<std::string, int> kinds;
  for (const auto& f : functions) {
    byFamily[f.family].push_back(&f);
    ++kinds[f.kind];
  }
  std::string out;
  out += "# Function reference\n\n";
  out +=
      "<!-- Generated from the function registry by `spate functions --markdown`; do not edit.\n"
      "     `scripts/check-function-docs.sh --update` rewrites it; `make test` fails when it is "
      "stale. -->\n\n";
  out += fmt::format(
      "Every SQL function Spate has: {} functions ({} scalar, {} aggregate, {} generator), "
      "usable in SQL statements and in DataFrame expression strings (`expr`, `selectExpr`, "
      "`filter`). Names are case-insensitive. Semantics are Spark 3.5's with its default "
      "`spark.sql.ansi.enabled=false` (a failed cast or a division by zero gives NULL). In the "
      "SQL shell, `SHOW FUNCTIONS` lists them and `DESCRIBE FUNCTION name` prints one's usage.\n\n",
      functions.size(), kinds["scalar"], kinds["aggregate"], kinds["generator"]);
  struct Shown {
    std::string family, title, intro;
  };
  std::vector<Shown> sections;
  for (const auto& s : kSections)
    if (byFamily.contains(s.family)) sections.push_back({s.family, s.title, s.intro});
  // A family this file does not know yet still gets a section, titled after its name.
  for (const auto& [family, list] : byFamily) {
    bool known = false;
    for (const auto& s : kSections) known = known || family == s.family;
    if (!known)
      sections.push_back({family, family.empty() ? "Other functions" : family + " functions", ""});
  }

  for (const auto& s : sections)
    out += fmt::format("- [{}](#{}) ({})\n", s.title, anchor(s.title), byFamily[s.family].size());
  for (const auto& s : sections) {
    out += fmt::format("\n## {}\n\n", s.title);
    if (!s.intro.empty()) out += s.intro + "\n\n";
    out += "| name | kind | usage | description |\n|---|---|---|---|\n";
    for (const FunctionDoc* f : byFamily[s.family])
      out += fmt::format("| `{}` | {} | `{}` | {} |\n", f->name, f->kind, cell(f->signature),
                         cell(f->description));
  }
  return out;
}

std::string functionListText(const std::vector<FunctionDoc>& functions) {
  std::string out;
  for (const auto& f : functions)
    out += f.name + "\t" + f.kind + "\t" + f.signature + (f.description.empty() ? "" : " - ") +
           f.description + "\n";
  return out;
}

}  // namespace spate::cli
