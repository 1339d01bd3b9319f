#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api/column.h"
#include "api/row.h"
#include "api/runtime_config.h"
#include "execution/executor.h"
#include "function/registry.h"
#include "plan/logical_plan.h"
#include "streaming/query_manager.h"

namespace spate::connector {
class MemoryStream;
}

namespace spate::sql {

class DataFrame;
class DataFrameReader;
class DataStreamReader;
class StreamingQueryManager;
class Session;
using SessionPtr = std::shared_ptr<Session>;

/// SparkSession.builder: master("local[N]"), appName, config, getOrCreate.
class SessionBuilder {
 public:
  SessionBuilder& master(const std::string& master);
  SessionBuilder& appName(const std::string& name);
  SessionBuilder& config(const std::string& key, const std::string& value);
  /// A new session each call (Spark reuses the active one; Spate sessions are cheap).
  SessionPtr getOrCreate();

 private:
  std::map<std::string, std::string> config_;
};

/// A table or view in the session catalog.
struct CatalogEntry {
  std::string name;
  PlanPtr plan;          ///< views and file-backed tables
  bool isTemporary = true;
  std::string format;    ///< "memory", "csv", "view", …
  std::map<std::string, std::string> options;
  /// Rows of a `USING memory` table: INSERT INTO (and test feeds) append; a streaming read sees
  /// each append as a new offset.
  std::shared_ptr<connector::MemoryStream> memoryStream;
  /// A memory sink's table (the rows are the running query's results).
  std::function<std::vector<BatchPtr>()> sinkRows;
};

/// Spark's SparkSession: configuration, catalog of temporary views, worker threads, and the entry
/// points read, sql and createDataFrame.
class Session : public std::enable_shared_from_this<Session> {
 public:
  static SessionBuilder builder() { return {}; }
  explicit Session(std::map<std::string, std::string> config);
  ~Session();

  RuntimeConfig& conf() { return conf_; }
  DataFrameReader read();
  /// spark.readStream: a streaming DataFrame over a source format.
  DataStreamReader readStream();
  /// spark.streams: the session's streaming queries.
  StreamingQueryManager streams();
  streaming::QueryManager& queryManager() { return *queries_; }
  DataFrame sql(const std::string& sqlText);
  /// Runs a ;-separated script, returning the result of each statement.
  std::vector<DataFrame> sqlScript(const std::string& sqlText);
  DataFrame createDataFrame(const std::vector<std::vector<Value>>& rows, const SchemaPtr& schema);
  DataFrame createDataFrame(const std::vector<std::vector<Value>>& rows, const std::string& ddlSchema);
  /// A DataFrame over batches already in columnar form (benchmarks, connectors).
  DataFrame createDataFrame(std::vector<BatchPtr> batches, const SchemaPtr& schema);
  DataFrame range(int64_t start, int64_t end, int64_t step = 1);
  DataFrame table(const std::string& name);
  /// Stops every streaming query of the session.
  void stop();
  std::string version() const;

  // Catalog.
  void registerView(const std::string& name, PlanPtr plan, bool replace = true, const std::string& format = "view");
  void registerTable(CatalogEntry entry, bool replace);
  bool dropView(const std::string& name);
  const CatalogEntry* findTable(const std::string& name) const;
  std::vector<CatalogEntry> tables() const;
  PlanPtr resolveTable(const std::vector<std::string>& name, bool stream) const;

  // What execution and binding need.
  BindContext bindContext() const;
  ExecContext execContext() const;
  int parallelism() const { return parallelism_; }
  TimeZonePtr timeZone() const;
  std::vector<BatchPtr> execute(const PlanPtr& plan) const;

 private:
  RuntimeConfig conf_;
  int parallelism_;
  std::unique_ptr<ThreadPool> pool_;
  mutable std::mutex catalogMutex_;
  std::map<std::string, CatalogEntry> catalog_;  // lower-case names
  // Last: queries stop before the worker threads they run on go away.
  std::unique_ptr<streaming::QueryManager> queries_;
};

/// Parses "local", "local[4]", "local[*]" into a thread count.
int parseMaster(const std::string& master);

}  // namespace spate::sql
