#include "api/functions.h"

#include "common/error.h"
#include "sql/parser.h"

namespace spate::sql::functions {

namespace {
Column fn(const std::string& name, std::vector<Column> args, bool distinct = false) {
  std::vector<ParsedExprPtr> exprs;
  for (const auto& a : args) exprs.push_back(a.expr());
  return Column(parsedFunction(name, std::move(exprs), distinct));
}
Column str(const std::string& s) { return Column::literal(s); }
}  // namespace

Column col(const std::string& name) { return Column(parsedColumn(name)); }
Column column(const std::string& name) { return col(name); }
Column lit(const Value& value, const TypePtr& type) { return Column(parsedLiteral(value, type)); }
Column lit(const Column& literal) { return literal; }
Column lit(const std::string& value) { return Column::literal(value); }
Column lit(const char* value) { return Column::literal(value); }
Column expr(const std::string& sqlExpression) { return Column(parseExpression(sqlExpression)); }
Column callFunction(const std::string& name, const std::vector<Column>& args) { return fn(name, args); }

Column when(const Column& condition, const Column& value) {
  auto e = std::make_shared<ParsedExpr>();
  e->kind = ParsedKind::kCase;
  e->children = {condition.expr(), value.expr()};
  e->text = "CASE WHEN " + condition.expr()->text + " THEN " + value.expr()->text + " END";
  return Column(e);
}

Column count(const Column& c) {
  if (c.expr()->kind == ParsedKind::kStar) {
    auto e = std::make_shared<ParsedExpr>(*parsedFunction("count", {}));
    e->isStar = true;
    return Column(e);
  }
  return fn("count", {c});
}
Column countDistinct(const std::vector<Column>& columns) { return fn("count", columns, true); }
Column count_distinct(const std::vector<Column>& columns) { return fn("count", columns, true); }
Column sum(const Column& c) { return fn("sum", {c}); }
Column sum_distinct(const Column& c) { return fn("sum", {c}, true); }
Column avg(const Column& c) { return fn("avg", {c}); }
Column mean(const Column& c) { return fn("mean", {c}); }
Column min(const Column& c) { return fn("min", {c}); }
Column max(const Column& c) { return fn("max", {c}); }
Column first(const Column& c, bool ignoreNulls) { return ignoreNulls ? fn("first", {c, Column(true)}) : fn("first", {c}); }
Column last(const Column& c, bool ignoreNulls) { return ignoreNulls ? fn("last", {c, Column(true)}) : fn("last", {c}); }
Column stddev(const Column& c) { return fn("stddev", {c}); }
Column stddev_samp(const Column& c) { return fn("stddev_samp", {c}); }
Column stddev_pop(const Column& c) { return fn("stddev_pop", {c}); }
Column variance(const Column& c) { return fn("variance", {c}); }
Column var_samp(const Column& c) { return fn("var_samp", {c}); }
Column var_pop(const Column& c) { return fn("var_pop", {c}); }
Column collect_list(const Column& c) { return fn("collect_list", {c}); }
Column collect_set(const Column& c) { return fn("collect_set", {c}); }
Column approx_count_distinct(const Column& c, double rsd) {
  return rsd == 0.05 ? fn("approx_count_distinct", {c}) : fn("approx_count_distinct", {c, Column(rsd)});
}
Column min_by(const Column& c, const Column& ord) { return fn("min_by", {c, ord}); }
Column max_by(const Column& c, const Column& ord) { return fn("max_by", {c, ord}); }

namespace {
Column optionsMap(const std::map<std::string, std::string>& options) {
  std::vector<Column> kv;
  for (const auto& [k, v] : options) {
    kv.push_back(str(k));
    kv.push_back(str(v));
  }
  return fn("map", kv);
}
}  // namespace

Column from_json(const Column& c, const std::string& schema, const std::map<std::string, std::string>& options) {
  if (options.empty()) return fn("from_json", {c, str(schema)});
  return fn("from_json", {c, str(schema), optionsMap(options)});
}
Column from_json(const Column& c, const TypePtr& schema, const std::map<std::string, std::string>& options) {
  return from_json(c, typeToJson(*schema), options);
}
Column to_json(const Column& c) { return fn("to_json", {c}); }
Column get_json_object(const Column& c, const std::string& path) { return fn("get_json_object", {c, str(path)}); }
Column schema_of_json(const std::string& json) { return fn("schema_of_json", {str(json)}); }

Column upper(const Column& c) { return fn("upper", {c}); }
Column lower(const Column& c) { return fn("lower", {c}); }
Column length(const Column& c) { return fn("length", {c}); }
Column trim(const Column& c) { return fn("trim", {c}); }
Column ltrim(const Column& c) { return fn("ltrim", {c}); }
Column rtrim(const Column& c) { return fn("rtrim", {c}); }
Column concat(const std::vector<Column>& columns) { return fn("concat", columns); }
Column concat_ws(const std::string& separator, const std::vector<Column>& columns) {
  std::vector<Column> args{str(separator)};
  args.insert(args.end(), columns.begin(), columns.end());
  return fn("concat_ws", args);
}
Column substring(const Column& c, int pos, int len) { return fn("substring", {c, Column(pos), Column(len)}); }
Column split(const Column& c, const std::string& pattern, int limit) {
  return limit == -1 ? fn("split", {c, str(pattern)}) : fn("split", {c, str(pattern), Column(limit)});
}
Column regexp_replace(const Column& c, const std::string& pattern, const std::string& replacement) {
  return fn("regexp_replace", {c, str(pattern), str(replacement)});
}
Column regexp_extract(const Column& c, const std::string& pattern, int group) {
  return fn("regexp_extract", {c, str(pattern), Column(group)});
}
Column explode(const Column& c) { return fn("explode", {c}); }
Column explode_outer(const Column& c) { return fn("explode_outer", {c}); }
Column posexplode(const Column& c) { return fn("posexplode", {c}); }
Column posexplode_outer(const Column& c) { return fn("posexplode_outer", {c}); }
Column element_at(const Column& c, const Column& key) { return fn("element_at", {c, key}); }
Column size(const Column& c) { return fn("size", {c}); }
Column array_contains(const Column& c, const Column& value) { return fn("array_contains", {c, value}); }
Column array(const std::vector<Column>& columns) { return fn("array", columns); }
Column struct_(const std::vector<Column>& columns) { return fn("struct", columns); }
Column coalesce(const std::vector<Column>& columns) { return fn("coalesce", columns); }
Column nvl(const Column& a, const Column& b) { return fn("nvl", {a, b}); }
Column hash(const std::vector<Column>& columns) { return fn("hash", columns); }
Column md5(const Column& c) { return fn("md5", {c}); }
Column sha2(const Column& c, int bits) { return fn("sha2", {c, Column(bits)}); }

Column current_timestamp() { return fn("current_timestamp", {}); }
Column current_date() { return fn("current_date", {}); }
Column from_unixtime(const Column& c, const std::string& format) { return fn("from_unixtime", {c, str(format)}); }
Column unix_timestamp(const Column& c, const std::string& format) { return fn("unix_timestamp", {c, str(format)}); }
Column to_timestamp(const Column& c) { return fn("to_timestamp", {c}); }
Column to_timestamp(const Column& c, const std::string& format) { return fn("to_timestamp", {c, str(format)}); }
Column to_date(const Column& c) { return fn("to_date", {c}); }
Column date_format(const Column& c, const std::string& format) { return fn("date_format", {c, str(format)}); }
Column timestamp_seconds(const Column& c) { return fn("timestamp_seconds", {c}); }
Column timestamp_millis(const Column& c) { return fn("timestamp_millis", {c}); }
Column date_trunc(const std::string& unit, const Column& c) { return fn("date_trunc", {str(unit), c}); }
Column year(const Column& c) { return fn("year", {c}); }
Column month(const Column& c) { return fn("month", {c}); }
Column dayofmonth(const Column& c) { return fn("dayofmonth", {c}); }
Column hour(const Column& c) { return fn("hour", {c}); }
Column minute(const Column& c) { return fn("minute", {c}); }
Column second(const Column& c) { return fn("second", {c}); }
Column window(const Column& time, const std::string& windowDuration) {
  return fn("window", {time, str(windowDuration)});
}
Column window(const Column& time, const std::string& windowDuration, const std::string& slideDuration,
              const std::string& startTime) {
  return fn("window", {time, str(windowDuration), str(slideDuration), str(startTime)});
}
Column session_window(const Column& time, const std::string& gapDuration) {
  return fn("session_window", {time, str(gapDuration)});
}
Column session_window(const Column& time, const char* gapDuration) {
  return fn("session_window", {time, str(gapDuration)});
}
Column session_window(const Column& time, const Column& gapDuration) {
  return fn("session_window", {time, gapDuration});
}

Column abs(const Column& c) { return fn("abs", {c}); }
Column round(const Column& c, int scale) { return fn("round", {c, Column(scale)}); }
Column sqrt(const Column& c) { return fn("sqrt", {c}); }

}  // namespace spate::sql::functions
