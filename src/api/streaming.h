#pragma once

// The Structured Streaming API, named as Spark's: DataStreamReader (spark.readStream),
// DataStreamWriter (df.writeStream), StreamingQuery and StreamingQueryManager (spark.streams).

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/dataframe.h"
#include "api/row.h"
#include "connector/memory/memory_sink.h"
#include "streaming/listener.h"
#include "streaming/progress.h"
#include "streaming/query_manager.h"

namespace spate::sql {

/// spark.readStream.
class DataStreamReader {
 public:
  explicit DataStreamReader(SessionPtr session) : session_(std::move(session)) {}
  DataStreamReader& format(const std::string& source);
  DataStreamReader& option(const std::string& key, const std::string& value);
  DataStreamReader& option(const std::string& key, const char* value) { return option(key, std::string(value)); }
  DataStreamReader& option(const std::string& key, bool value);
  DataStreamReader& option(const std::string& key, int64_t value);
  DataStreamReader& option(const std::string& key, int value) { return option(key, static_cast<int64_t>(value)); }
  DataStreamReader& option(const std::string& key, double value);
  DataStreamReader& options(const std::map<std::string, std::string>& options);
  DataStreamReader& schema(const SchemaPtr& schema);
  /// A DDL schema, e.g. "a INT, b STRING".
  DataStreamReader& schema(const std::string& ddl);
  DataFrame load();
  DataFrame load(const std::string& path);
  DataFrame json(const std::string& path) { return format("json").load(path); }
  DataFrame csv(const std::string& path) { return format("csv").load(path); }
  DataFrame text(const std::string& path) { return format("text").load(path); }
  /// A streaming read of a catalog table (e.g. a `USING memory` table).
  DataFrame table(const std::string& name);

 private:
  SessionPtr session_;
  std::string format_;
  std::map<std::string, std::string> options_;
  SchemaPtr schema_;
};

/// Spark's ForeachWriter: open/process/close per partition and batch (at-least-once).
class ForeachWriter {
 public:
  virtual ~ForeachWriter() = default;
  /// Returns false to skip this partition of this batch.
  virtual bool open(int64_t partitionId, int64_t epochId) { return true; }
  virtual void process(const Row& row) = 0;
  virtual void close(const std::optional<std::string>& error) {}
};

class StreamingQuery;

/// df.writeStream.
class DataStreamWriter {
 public:
  explicit DataStreamWriter(DataFrame frame) : frame_(std::move(frame)) {}
  DataStreamWriter& format(const std::string& sink);
  DataStreamWriter& option(const std::string& key, const std::string& value);
  DataStreamWriter& option(const std::string& key, const char* value) { return option(key, std::string(value)); }
  DataStreamWriter& option(const std::string& key, bool value);
  DataStreamWriter& option(const std::string& key, int64_t value);
  DataStreamWriter& option(const std::string& key, int value) { return option(key, static_cast<int64_t>(value)); }
  DataStreamWriter& options(const std::map<std::string, std::string>& options);
  /// "append", "update" or "complete"; IllegalArgumentException otherwise.
  DataStreamWriter& outputMode(const std::string& mode);
  DataStreamWriter& outputMode(OutputMode mode);
  DataStreamWriter& trigger(const streaming::Trigger& trigger);
  /// trigger(processingTime="5 seconds").
  DataStreamWriter& trigger(const std::string& processingTime) {
    return trigger(streaming::Trigger::processingTime(processingTime));
  }
  DataStreamWriter& queryName(const std::string& name);
  DataStreamWriter& partitionBy(const std::vector<std::string>& columns);
  /// foreachBatch(fn): fn(batchDF, batchId) for every micro-batch, including empty ones.
  DataStreamWriter& foreachBatch(std::function<void(const DataFrame&, int64_t)> function);
  DataStreamWriter& foreach(std::shared_ptr<ForeachWriter> writer);
  StreamingQuery start();
  StreamingQuery start(const std::string& path);
  /// toTable(name): starts the query into a catalog table created with `CREATE TABLE name USING
  /// <sink format> OPTIONS (…)`; the table's format and OPTIONS apply unless this writer sets them.
  StreamingQuery toTable(const std::string& tableName);

  // Test hooks (the `spate test` runner): a manual clock, and a memory sink kept across restarts.
  DataStreamWriter& clock(std::shared_ptr<streaming::Clock> clock);
  DataStreamWriter& memorySink(std::shared_ptr<connector::MemorySink> sink);

 private:
  DataFrame frame_;
  std::string format_;
  std::map<std::string, std::string> options_;
  std::optional<OutputMode> mode_;
  streaming::Trigger trigger_;
  std::string queryName_;
  std::function<void(const DataFrame&, int64_t)> foreachBatch_;
  std::shared_ptr<ForeachWriter> foreach_;
  std::shared_ptr<streaming::Clock> clock_;
  std::shared_ptr<connector::MemorySink> memorySink_;
};

/// A handle on a running streaming query (Spark's StreamingQuery).
class StreamingQuery {
 public:
  StreamingQuery(SessionPtr session, std::shared_ptr<streaming::StreamExecution> execution)
      : session_(std::move(session)), execution_(std::move(execution)) {}
  const std::string& id() const { return execution_->id(); }
  const std::string& runId() const { return execution_->runId(); }
  /// The query name, or empty (Spark: null).
  const std::string& name() const { return execution_->name(); }
  bool isActive() const { return execution_->isActive(); }
  /// Spark's status ({"message", "isDataAvailable", "isTriggerActive"}; prettyJson() prints it).
  streaming::StreamingQueryStatus status() const;
  /// The last progress, or nullopt before the first batch.
  std::optional<streaming::StreamingQueryProgress> lastProgress() const;
  /// Up to the last 100 progresses, oldest first.
  std::vector<streaming::StreamingQueryProgress> recentProgress() const;
  void awaitTermination() { execution_->awaitTermination(); }
  bool awaitTermination(int64_t timeoutMs) { return execution_->awaitTermination(timeoutMs); }
  void processAllAvailable() { execution_->processAllAvailable(); }
  void stop() { execution_->stop(); }
  std::optional<std::string> exception() const { return execution_->exception(); }
  std::string explain(bool extended = false) const;
  const std::shared_ptr<streaming::StreamExecution>& execution() const { return execution_; }

 private:
  SessionPtr session_;
  std::shared_ptr<streaming::StreamExecution> execution_;
};

/// spark.streams.
class StreamingQueryManager {
 public:
  explicit StreamingQueryManager(SessionPtr session) : session_(std::move(session)) {}
  std::vector<StreamingQuery> active() const;
  std::optional<StreamingQuery> get(const std::string& id) const;
  void awaitAnyTermination();
  bool awaitAnyTermination(int64_t timeoutMs);
  void resetTerminated();
  void addListener(std::shared_ptr<streaming::StreamingQueryListener> listener);
  void removeListener(const std::shared_ptr<streaming::StreamingQueryListener>& listener);

 private:
  SessionPtr session_;
};

/// The streaming scan of a catalog table read with STREAM(name) / readStream.table(name).
PlanPtr streamingTablePlan(const CatalogEntry& entry, const TimeZonePtr& timeZone);

/// Starts the streaming query of `INSERT INTO <sink table> <query>`: the table's format and
/// OPTIONS (outputMode, trigger, checkpointLocation, queryName, the format's own).
StreamingQuery startInsertQuery(Session& session, const CatalogEntry& sinkTable, const DataFrame& query);

}  // namespace spate::sql
