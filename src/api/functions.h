#pragma once

#include <map>
#include <string>
#include <vector>

#include "api/column.h"

/// Spark's org.apache.spark.sql.functions: column constructors and every registered function.
/// Functions not wrapped here are reachable with callFunction("name", {…}) or expr("…").
namespace spate::sql::functions {

Column col(const std::string& name);
Column column(const std::string& name);
Column lit(const Value& value, const TypePtr& type);
Column lit(const Column& literal);
/// A string literal (a bare string is a column name).
Column lit(const std::string& value);
Column lit(const char* value);
Column expr(const std::string& sqlExpression);
Column callFunction(const std::string& name, const std::vector<Column>& args);
Column when(const Column& condition, const Column& value);

// Aggregates.
Column count(const Column& c);
Column countDistinct(const std::vector<Column>& columns);
Column count_distinct(const std::vector<Column>& columns);
Column sum(const Column& c);
Column sum_distinct(const Column& c);
Column avg(const Column& c);
Column mean(const Column& c);
Column min(const Column& c);
Column max(const Column& c);
Column first(const Column& c, bool ignoreNulls = false);
Column last(const Column& c, bool ignoreNulls = false);
Column stddev(const Column& c);
Column stddev_samp(const Column& c);
Column stddev_pop(const Column& c);
Column variance(const Column& c);
Column var_samp(const Column& c);
Column var_pop(const Column& c);
Column collect_list(const Column& c);
Column collect_set(const Column& c);
Column approx_count_distinct(const Column& c, double rsd = 0.05);
Column min_by(const Column& c, const Column& ord);
Column max_by(const Column& c, const Column& ord);

// JSON.
Column from_json(const Column& c, const std::string& schema, const std::map<std::string, std::string>& options = {});
Column from_json(const Column& c, const TypePtr& schema, const std::map<std::string, std::string>& options = {});
Column to_json(const Column& c);
Column get_json_object(const Column& c, const std::string& path);
Column schema_of_json(const std::string& json);

// Strings and collections.
Column upper(const Column& c);
Column lower(const Column& c);
Column length(const Column& c);
Column trim(const Column& c);
Column ltrim(const Column& c);
Column rtrim(const Column& c);
Column concat(const std::vector<Column>& columns);
Column concat_ws(const std::string& separator, const std::vector<Column>& columns);
Column substring(const Column& c, int pos, int len);
Column split(const Column& c, const std::string& pattern, int limit = -1);
Column regexp_replace(const Column& c, const std::string& pattern, const std::string& replacement);
Column regexp_extract(const Column& c, const std::string& pattern, int group);
Column explode(const Column& c);
Column explode_outer(const Column& c);
Column posexplode(const Column& c);
Column posexplode_outer(const Column& c);
Column element_at(const Column& c, const Column& key);
Column size(const Column& c);
Column array_contains(const Column& c, const Column& value);
Column array(const std::vector<Column>& columns);
Column struct_(const std::vector<Column>& columns);
Column coalesce(const std::vector<Column>& columns);
Column nvl(const Column& a, const Column& b);
Column hash(const std::vector<Column>& columns);
Column md5(const Column& c);
Column sha2(const Column& c, int bits);

// Time.
Column current_timestamp();
Column current_date();
Column from_unixtime(const Column& c, const std::string& format = "yyyy-MM-dd HH:mm:ss");
Column unix_timestamp(const Column& c, const std::string& format = "yyyy-MM-dd HH:mm:ss");
Column to_timestamp(const Column& c);
Column to_timestamp(const Column& c, const std::string& format);
Column to_date(const Column& c);
Column date_format(const Column& c, const std::string& format);
Column timestamp_seconds(const Column& c);
Column timestamp_millis(const Column& c);
Column date_trunc(const std::string& unit, const Column& c);
Column year(const Column& c);
Column month(const Column& c);
Column dayofmonth(const Column& c);
Column hour(const Column& c);
Column minute(const Column& c);
Column second(const Column& c);
Column window(const Column& time, const std::string& windowDuration);
Column window(const Column& time, const std::string& windowDuration, const std::string& slideDuration,
              const std::string& startTime = "0 seconds");
/// Session window column `session_window` {start, end}: grouping by it merges the sessions
/// [t, t + gap) of each group that overlap or touch. The gap is an interval string, or a column
/// (dynamic gap) whose value is an interval or a string cast to one.
Column session_window(const Column& time, const std::string& gapDuration);
Column session_window(const Column& time, const char* gapDuration);
Column session_window(const Column& time, const Column& gapDuration);

// Math.
Column abs(const Column& c);
Column round(const Column& c, int scale = 0);
Column sqrt(const Column& c);

}  // namespace spate::sql::functions
