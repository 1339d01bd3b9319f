#include "connector/jdbc/jdbc_dialect.h"

#include "common/error.h"
#include "common/strings.h"

namespace spate::connector::jdbc {

namespace {

bool startsWith(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && equalsIgnoreCase(text.substr(0, prefix.size()), prefix);
}

// "(10,2)" after a type name → "10,2"; empty when absent.
std::string typeArguments(std::string_view type) {
  size_t open = type.find('(');
  size_t close = type.find(')', open);
  if (open == std::string_view::npos || close == std::string_view::npos) return "";
  std::string out;
  for (char c : type.substr(open + 1, close - open - 1))
    if (c != ' ') out += c;
  return out;
}

}  // namespace

void throwNoJdbcType(const DataType& type) {
  throw IllegalArgumentException("Can't get JDBC type for " + type.simpleString() + ".");
}

std::string JdbcDialect::quoteIdentifier(std::string_view name) const {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string JdbcDialect::quoteLiteral(std::string_view text) const {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string JdbcDialect::createTableSql(const std::string& table, const DataType& schema,
                                        const JdbcWriteOptions& options,
                                        const std::string& keyClause) const {
  std::string columns;
  for (const auto& field : schema.fields()) {
    std::string type;
    for (const auto& [name, userType] : options.createTableColumnTypes)
      if (equalsIgnoreCase(name, field.name)) type = userType;
    if (type.empty()) type = columnType(*field.type);
    if (!columns.empty()) columns += ", ";
    columns += quoteIdentifier(field.name) + " " + type;
    if (!field.nullable) columns += " NOT NULL";
  }
  if (!keyClause.empty()) columns += ", " + keyClause;
  std::string sql = "CREATE TABLE " + table + " (" + columns + ")";
  if (!options.createTableOptions.empty()) sql += " " + options.createTableOptions;
  return sql;
}

std::string sparkTypeOfColumnType(std::string_view columnType) {
  std::string_view t = trimWhitespace(columnType);
  if (t.size() > 2 && t.substr(t.size() - 2) == "[]")
    return "ArrayType(" + sparkTypeOfColumnType(t.substr(0, t.size() - 2)) + ",true)";
  std::string lower = toLower(t);
  if (lower == "boolean" || lower == "bool") return "BooleanType";
  if (lower == "smallint" || lower == "int2" || lower == "tinyint") return "ShortType";
  if (lower == "integer" || lower == "int" || lower == "int4") return "IntegerType";
  if (lower == "bigint" || lower == "int8") return "LongType";
  if (lower == "real" || lower == "float4") return "FloatType";
  if (lower == "double precision" || lower == "double" || lower == "float8" || lower == "float")
    return "DoubleType";
  if (startsWith(lower, "numeric") || startsWith(lower, "decimal")) {
    std::string args = typeArguments(lower);
    if (args.empty()) return "DecimalType(38,18)";
    if (args.find(',') == std::string::npos) args += ",0";
    return "DecimalType(" + args + ")";
  }
  if (lower == "bytea" || lower == "blob") return "BinaryType";
  if (lower == "date") return "DateType";
  if (startsWith(lower, "timestamp") || startsWith(lower, "time")) return "TimestampType";
  return "StringType";
}

}  // namespace spate::connector::jdbc
