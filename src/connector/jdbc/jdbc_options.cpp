#include "connector/jdbc/jdbc_options.h"

#include <optional>

#include "common/error.h"
#include "common/redaction.h"
#include "common/strings.h"
#include "connector/api/option_values.h"

namespace spate::connector::jdbc {

namespace {

std::optional<std::string> find(const std::map<std::string, std::string>& options,
                                std::string_view key) {
  for (const auto& [k, v] : options)
    if (equalsIgnoreCase(k, key)) return v;
  return std::nullopt;
}

// Scala's StringOps.toBoolean, which Spark applies to `truncate`.
bool scalaToBoolean(const std::string& value) {
  if (equalsIgnoreCase(value, "true")) return true;
  if (equalsIgnoreCase(value, "false")) return false;
  throw IllegalArgumentException("For input string: \"" + value + "\"");
}

void require(bool condition, const std::string& message) {
  if (!condition) throw IllegalArgumentException("requirement failed: " + message);
}

IsolationLevel parseIsolationLevel(const std::string& value) {
  // Spark matches the names exactly (case-sensitively).
  if (value == "NONE") return IsolationLevel::kNone;
  if (value == "READ_UNCOMMITTED") return IsolationLevel::kReadUncommitted;
  if (value == "READ_COMMITTED") return IsolationLevel::kReadCommitted;
  if (value == "REPEATABLE_READ") return IsolationLevel::kRepeatableRead;
  if (value == "SERIALIZABLE") return IsolationLevel::kSerializable;
  throw IllegalArgumentException("Invalid value `" + value +
                                 "` for parameter `isolationLevel`. This can be `NONE`, "
                                 "`READ_UNCOMMITTED`, `READ_COMMITTED`, `REPEATABLE_READ` or "
                                 "`SERIALIZABLE`.");
}

// Splits at commas outside parentheses and quotes: "a DECIMAL(10,2), `b c` TEXT".
std::vector<std::string> splitTopLevel(std::string_view text) {
  std::vector<std::string> parts;
  std::string current;
  int depth = 0;
  char quote = 0;
  for (char c : text) {
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '`' || c == '"' || c == '\'') {
      quote = c;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (c == ',' && depth == 0) {
      parts.push_back(current);
      current.clear();
      continue;
    }
    current += c;
  }
  parts.push_back(current);
  return parts;
}

// createTableColumnTypes: "name TYPE, …". Spark reads it with its DDL parser; Spate passes each
// type through to the database unchanged, so database type names (TEXT, VARCHAR(20),
// TIMESTAMPTZ) work too.
std::vector<std::pair<std::string, std::string>> parseColumnTypes(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& part : splitTopLevel(text)) {
    std::string_view item = trimWhitespace(part);
    if (item.empty())
      throw ParseException("Invalid createTableColumnTypes option value: " + text +
                           " (expected \"column TYPE, …\")");
    std::string name;
    size_t end;
    if (item.front() == '`' || item.front() == '"') {
      char q = item.front();
      end = 1;
      while (end < item.size()) {
        if (item[end] == q) {
          if (end + 1 < item.size() && item[end + 1] == q) {
            name += q;
            end += 2;
            continue;
          }
          break;
        }
        name += item[end++];
      }
      ++end;
    } else {
      end = item.find_first_of(" \t\n");
      name = std::string(item.substr(0, end));
    }
    std::string_view type = end >= item.size() ? "" : trimWhitespace(item.substr(end));
    if (name.empty() || type.empty())
      throw ParseException("Invalid createTableColumnTypes option value: " + text +
                           " (expected \"column TYPE, …\")");
    out.emplace_back(name, std::string(type));
  }
  return out;
}

std::vector<std::string> parseColumnList(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& part : splitTopLevel(text)) {
    std::string name(trimWhitespace(part));
    if (name.size() >= 2 && (name.front() == '`' || name.front() == '"') &&
        name.back() == name.front())
      name = name.substr(1, name.size() - 2);
    if (!name.empty()) out.push_back(name);
  }
  return out;
}

int fieldIndexOf(const DataType& schema, const std::string& name) {
  int exact = schema.fieldIndex(name, true);
  return exact >= 0 ? exact : schema.fieldIndex(name, false);
}

void checkNoDuplicates(const std::vector<std::string>& names) {
  for (size_t i = 0; i < names.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (equalsIgnoreCase(names[i], names[j]))
        throw AnalysisException("[COLUMN_ALREADY_EXISTS] The column " +
                                    quoteIdentifier(toLower(names[i])) +
                                    " already exists. Consider to choose another name or rename "
                                    "the existing column.",
                                "COLUMN_ALREADY_EXISTS");
}

}  // namespace

std::string JdbcWriteOptions::redact(std::string text) const {
  return redactSecrets(std::move(text), options);
}

const char* isolationLevelName(IsolationLevel level) {
  switch (level) {
    case IsolationLevel::kNone:
      return "NONE";
    case IsolationLevel::kReadUncommitted:
      return "READ_UNCOMMITTED";
    case IsolationLevel::kReadCommitted:
      return "READ_COMMITTED";
    case IsolationLevel::kRepeatableRead:
      return "REPEATABLE_READ";
    case IsolationLevel::kSerializable:
      return "SERIALIZABLE";
  }
  return "";
}

JdbcWriteOptions parseJdbcWriteOptions(const std::map<std::string, std::string>& options) {
  JdbcWriteOptions out;
  out.options = options;
  auto url = find(options, "url");
  require(url.has_value(), "Option 'url' is required.");
  out.url = *url;
  auto table = find(options, "dbtable");
  auto query = find(options, "query");
  if (table && query)
    throw IllegalArgumentException(
        "Both 'dbtable' and 'query' can not be specified at the same time.");
  if (!table && !query) throw IllegalArgumentException("Option 'dbtable' or 'query' is required.");
  if (table && table->empty()) throw IllegalArgumentException("Option `dbtable` can not be empty.");
  if (query && query->empty()) throw IllegalArgumentException("Option `query` can not be empty.");
  out.database = parseDatabaseUrl(out.url, options);
  // JdbcOptionsInWrite: a write needs a table.
  require(table.has_value(),
          "Option 'dbtable' is required. Option 'query' is not applicable while writing.");
  out.table = std::string(trimWhitespace(*table));

  if (auto size = find(options, "batchsize")) {
    out.batchSize = parseJavaInt(*size);
    require(out.batchSize >= 1, "Invalid value `" + std::to_string(out.batchSize) +
                                    "` for parameter `batchsize`. The minimum value is 1.");
  }
  if (auto v = find(options, "truncate")) out.truncate = scalaToBoolean(*v);
  if (auto v = find(options, "cascadeTruncate")) out.cascadeTruncate = scalaToBoolean(*v);
  if (auto v = find(options, "isolationLevel")) out.isolationLevel = parseIsolationLevel(*v);
  if (auto v = find(options, "createTableOptions")) out.createTableOptions = *v;
  if (auto v = find(options, "createTableColumnTypes"))
    out.createTableColumnTypes = parseColumnTypes(*v);
  if (auto v = find(options, "numPartitions")) {
    int32_t n = parseJavaInt(*v);
    if (n < 1)
      throw IllegalArgumentException("Invalid value `" + std::to_string(n) +
                                     "` for parameter `numPartitions` in table writing via JDBC. "
                                     "The minimum value is 1.");
  }
  if (auto v = find(options, "upsertKeys")) {
    out.upsertKeys = parseColumnList(*v);
    if (out.upsertKeys.empty())
      throw IllegalArgumentException("Option `upsertKeys` can not be empty.");
  }
  if (auto v = find(options, "hypertable")) {
    out.hypertable = std::string(trimWhitespace(*v));
    if (out.hypertable.empty())
      throw IllegalArgumentException("Option `hypertable` can not be empty.");
  }
  if (auto v = find(options, "commitsTable")) {
    out.commitsTable = std::string(trimWhitespace(*v));
    if (out.commitsTable.empty())
      throw IllegalArgumentException("Option `commitsTable` can not be empty.");
  }
  return out;
}

void checkOptionsAgainstSchema(const JdbcWriteOptions& options, const DataType& schema) {
  if (!options.createTableColumnTypes.empty()) {
    std::vector<std::string> names;
    for (const auto& [name, type] : options.createTableColumnTypes) names.push_back(name);
    checkNoDuplicates(names);
    for (const auto& name : names)
      if (fieldIndexOf(schema, name) < 0)
        throw AnalysisException("createTableColumnTypes option column " + name +
                                " not found in schema " + schema.simpleString());
  }
  if (!options.upsertKeys.empty()) {
    checkNoDuplicates(options.upsertKeys);
    for (const auto& key : options.upsertKeys)
      if (fieldIndexOf(schema, key) < 0)
        throw AnalysisException("upsertKeys column " + key + " not found in schema " +
                                schema.simpleString());
  }
  if (!options.hypertable.empty()) {
    int i = fieldIndexOf(schema, options.hypertable);
    if (i < 0)
      throw AnalysisException("hypertable column " + options.hypertable + " not found in schema " +
                              schema.simpleString());
    TypeId id = schema.fields()[i].type->id();
    if (id != TypeId::kTimestamp && id != TypeId::kDate)
      throw AnalysisException("hypertable column " + options.hypertable +
                              " must be a timestamp or a date, not " +
                              schema.fields()[i].type->simpleString());
  }
}

}  // namespace spate::connector::jdbc
