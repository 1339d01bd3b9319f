#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api/column.h"
#include "api/row.h"
#include "api/session.h"
#include "plan/logical_plan.h"

namespace spate::sql {

class GroupedData;
class DataFrameNaFunctions;
class DataStreamWriter;
class DataFrameWriter;

/// Spark's DataFrame: an immutable, lazily evaluated query over a session.
class DataFrame {
 public:
  DataFrame(SessionPtr session, PlanPtr plan) : session_(std::move(session)), plan_(std::move(plan)) {}

  const PlanPtr& plan() const { return plan_; }
  const SessionPtr& session() const { return session_; }
  SchemaPtr schema() const { return schemaOf(plan_->output); }
  std::vector<std::string> columns() const;
  bool isStreaming() const { return isStreamingPlan(*plan_); }
  /// df.writeStream: starts a streaming query over this (streaming) DataFrame.
  DataStreamWriter writeStream() const;
  /// df.write: saves this (batch) DataFrame through a data source.
  DataFrameWriter write() const;

  /// df["a"]: a column bound to this DataFrame (resolves correctly after joins).
  Column operator[](const std::string& name) const { return col(name); }
  Column col(const std::string& name) const;

  DataFrame select(const std::vector<Column>& columns) const;
  DataFrame selectExpr(const std::vector<std::string>& expressions) const;
  DataFrame withColumn(const std::string& name, const Column& column) const;
  DataFrame withColumnRenamed(const std::string& existing, const std::string& name) const;
  DataFrame drop(const std::vector<std::string>& columns) const;
  DataFrame filter(const Column& condition) const;
  DataFrame filter(const std::string& condition) const;
  DataFrame filter(const char* condition) const { return filter(std::string(condition)); }
  DataFrame where(const Column& condition) const { return filter(condition); }
  DataFrame where(const std::string& condition) const { return filter(condition); }
  DataFrame where(const char* condition) const { return filter(std::string(condition)); }
  DataFrame alias(const std::string& alias) const;
  GroupedData groupBy(const std::vector<Column>& columns) const;
  GroupedData cube(const std::vector<Column>& columns) const;
  GroupedData rollup(const std::vector<Column>& columns) const;
  DataFrame agg(const std::vector<Column>& aggregates) const;
  /// join(other, on, how): how is Spark's name ("inner", "left", "left_outer", "right", "full",
  /// "outer", "full_outer", "left_semi", "semi", "left_anti", "anti", "cross").
  DataFrame join(const DataFrame& other, const std::vector<std::string>& usingColumns,
                 const std::string& how = "inner") const;
  DataFrame join(const DataFrame& other, const std::string& usingColumn, const std::string& how = "inner") const;
  DataFrame join(const DataFrame& other, const char* usingColumn, const std::string& how = "inner") const {
    return join(other, std::string(usingColumn), how);
  }
  DataFrame join(const DataFrame& other, const Column& condition, const std::string& how = "inner") const;
  DataFrame join(const DataFrame& other) const;
  DataFrame crossJoin(const DataFrame& other) const;
  DataFrame unionAll(const DataFrame& other) const { return union_(other); }
  DataFrame union_(const DataFrame& other) const;
  DataFrame unionByName(const DataFrame& other, bool allowMissingColumns = false) const;
  DataFrame intersect(const DataFrame& other) const;
  DataFrame intersectAll(const DataFrame& other) const;
  DataFrame exceptAll(const DataFrame& other) const;
  DataFrame subtract(const DataFrame& other) const;
  /// Same as dropDuplicates() on every column.
  DataFrame distinct() const;
  /// The first row of each key (all columns by default); on a stream, a stateful deduplication
  /// keeping every key seen (until the watermark passes it when a key column is event time).
  DataFrame dropDuplicates(const std::vector<std::string>& subset = {}) const;
  /// Streaming deduplication whose state for a key lasts until the watermark passes the first
  /// row's event time; needs withWatermark before it. On a batch DataFrame, actions fail as in
  /// Spark ("dropDuplicatesWithinWatermark is not supported with batch DataFrames/DataSets").
  DataFrame dropDuplicatesWithinWatermark(const std::vector<std::string>& subset = {}) const;
  /// withWatermark("eventTime", "10 seconds"): the event-time column of a stream (a timestamp or a
  /// window) and how late its rows may come. Ignored on a batch DataFrame (the delay is still
  /// checked).
  DataFrame withWatermark(const std::string& eventTime, const std::string& delayThreshold) const;
  DataFrame orderBy(const std::vector<Column>& columns) const;
  DataFrame sort(const std::vector<Column>& columns) const { return orderBy(columns); }
  DataFrame limit(int64_t n) const;
  DataFrameNaFunctions na() const;

  /// show(): prints Spark's table; returns what it printed.
  std::string showString(int numRows = 20, int truncate = 20, bool vertical = false) const;
  void show(int numRows = 20, bool truncate = true) const;
  void show(int numRows, int truncate, bool vertical = false) const;
  std::string printSchemaString() const;
  void printSchema() const;
  std::string explainString(bool extended = false) const;
  void explain(bool extended = false) const;

  std::vector<Row> collect() const;
  std::vector<Row> take(int64_t n) const;
  std::optional<Row> first() const;
  int64_t count() const;
  std::vector<BatchPtr> collectBatches() const;
  void createOrReplaceTempView(const std::string& name) const;
  void createTempView(const std::string& name) const;

 private:
  DataFrame derive(PlanPtr plan) const { return DataFrame(session_, std::move(plan)); }
  std::vector<int> dropDuplicatesKeys(const std::vector<std::string>& subset) const;
  GroupedData grouped(const std::vector<Column>& columns, GroupingKind kind) const;
  SessionPtr session_;
  PlanPtr plan_;
};

/// groupBy/cube/rollup result: agg() and the shortcuts.
class GroupedData {
 public:
  GroupedData(DataFrame df, std::vector<Column> groupBy, GroupingKind kind)
      : df_(std::move(df)), groupBy_(std::move(groupBy)), kind_(kind) {}
  DataFrame agg(const std::vector<Column>& aggregates) const;
  /// agg({"col": "avg", …}) as Spark's agg(Map).
  DataFrame agg(const std::vector<std::pair<std::string, std::string>>& columnToFunction) const;
  DataFrame count() const;
  /// avg()/mean()/sum()/min()/max() with no columns apply to every numeric column that is not a
  /// grouping column (as Spark's GroupedData).
  DataFrame avg(const std::vector<std::string>& columns = {}) const;
  DataFrame mean(const std::vector<std::string>& columns = {}) const { return avg(columns); }
  DataFrame sum(const std::vector<std::string>& columns = {}) const;
  DataFrame min(const std::vector<std::string>& columns = {}) const;
  DataFrame max(const std::vector<std::string>& columns = {}) const;

 private:
  DataFrame numericAggregate(const std::string& function, const std::vector<std::string>& columns) const;
  DataFrame df_;
  std::vector<Column> groupBy_;
  GroupingKind kind_;
};

/// df.na: drop and fill of missing values.
class DataFrameNaFunctions {
 public:
  explicit DataFrameNaFunctions(DataFrame df) : df_(std::move(df)) {}
  /// how "any" (default) or "all"; thresh (overrides how) keeps rows with ≥ thresh non-null values.
  DataFrame drop(const std::string& how = "any", std::optional<int> thresh = std::nullopt,
                 const std::vector<std::string>& subset = {}) const;
  DataFrame drop(const std::vector<std::string>& subset) const { return drop("any", std::nullopt, subset); }
  /// Fills NULLs of columns whose type matches the value (numbers for numbers, strings for strings).
  DataFrame fill(const Value& value, const std::vector<std::string>& subset = {}) const;
  DataFrame fill(const std::map<std::string, Value>& valuesByColumn) const;

 private:
  DataFrame df_;
};

/// spark.read: csv, json, text into DataFrames.
class DataFrameReader {
 public:
  explicit DataFrameReader(SessionPtr session) : session_(std::move(session)) {}
  DataFrameReader& format(const std::string& source);
  DataFrameReader& option(const std::string& key, const std::string& value);
  DataFrameReader& option(const std::string& key, bool value) { return option(key, std::string(value ? "true" : "false")); }
  DataFrameReader& options(const std::map<std::string, std::string>& options);
  DataFrameReader& schema(const SchemaPtr& schema);
  DataFrameReader& schema(const std::string& ddl);
  DataFrame load(const std::string& path = "");
  /// load(paths): a file source over several paths (PySpark's load([…]), csv([…]), …).
  DataFrame load(const std::vector<std::string>& paths);
  DataFrame csv(const std::string& path);
  DataFrame json(const std::string& path);
  DataFrame text(const std::string& path);

 private:
  SessionPtr session_;
  std::string format_ = "parquet";
  std::map<std::string, std::string> options_;
  SchemaPtr schema_;
};

/// df.write: format(…).option(…).mode(…).save(). Formats: json, csv, text, and every format whose
/// connector registers a batch sink (jdbc, kafka, …).
class DataFrameWriter {
 public:
  explicit DataFrameWriter(DataFrame df) : df_(std::move(df)) {}
  DataFrameWriter& format(const std::string& source);
  DataFrameWriter& option(const std::string& key, const std::string& value);
  DataFrameWriter& option(const std::string& key, bool value) { return option(key, std::string(value ? "true" : "false")); }
  DataFrameWriter& option(const std::string& key, int64_t value) { return option(key, std::to_string(value)); }
  DataFrameWriter& options(const std::map<std::string, std::string>& options);
  /// append, overwrite, ignore, error / errorifexists / default (the default).
  DataFrameWriter& mode(const std::string& saveMode);
  void save(const std::string& path = "");
  void json(const std::string& path) { format("json").save(path); }
  void csv(const std::string& path) { format("csv").save(path); }
  void text(const std::string& path) { format("text").save(path); }
  /// write.jdbc(url, table, properties): format("jdbc") with url, dbtable and the properties.
  void jdbc(const std::string& url, const std::string& table,
            const std::map<std::string, std::string>& properties = {});

 private:
  DataFrame df_;
  std::string format_ = "parquet";
  std::string mode_ = "errorifexists";
  std::map<std::string, std::string> options_;
};

/// Builds the relation of a file source (csv/json/text): the schema is resolved now (inferred
/// from the files when not given), and the files are read when the query runs.
PlanPtr fileSourcePlan(const std::string& format, const std::vector<std::string>& paths,
                       const std::map<std::string, std::string>& options, const SchemaPtr& schema,
                       TimeZonePtr zone);

}  // namespace spate::sql
